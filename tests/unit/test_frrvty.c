/*
 * A talk on FRR's vty socket (frrvty.c): the reply parser alone, then
 * whole talks against a socket this test serves as bgpd would.
 */
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

#include "frrvty.h"
#include "util.h"

static void
out_init(struct spawn_output *o, size_t max)
{
	memset(o, 0, sizeof(*o));
	o->max = max;
}

/* A reply split anywhere reads the same; the mark is not text. */
static void
test_feed_split(void **state)
{
	static const char reply[] = "line one\nline two\n\0\0\0\x0d";
	size_t	 len = sizeof(reply) - 1, cut, off, took;
	int	 status, seen;

	(void)state;
	for (cut = 0; cut <= len; cut++) {
		struct frrvty_reply rp = { 0 };
		struct spawn_output o;

		out_init(&o, 1024);
		seen = -1;
		for (off = 0; off < len; off += took) {
			size_t n = off < cut ? cut - off : len - off;

			took = frrvty_feed(&rp, reply + off, n, &o, &status);
			if (status != -1) {
				assert_int_equal(off + took, len);
				seen = status;
			}
		}
		assert_int_equal(seen, 13);
		assert_string_equal(o.buf, "line one\nline two\n");
		free(o.buf);
	}
}

/*
 * Status 0 is itself a NUL: the fourth byte, not more of the mark.  What
 * follows a reply is the next reply's.  Stray NULs in text are dropped.
 */
static void
test_feed_zero_status(void **state)
{
	static const char two[] = "a\0\0\0\0b\0x\0\0y\0\0\0\x01";
	struct frrvty_reply rp = { 0 };
	struct spawn_output o;
	size_t	 took;
	int	 status;

	(void)state;
	out_init(&o, 1024);
	took = frrvty_feed(&rp, two, sizeof(two) - 1, &o, &status);
	assert_int_equal(took, 5);
	assert_int_equal(status, 0);
	assert_string_equal(o.buf, "a");
	assert_int_equal(frrvty_feed(&rp, two + took, sizeof(two) - 1 - took,
	    &o, &status), sizeof(two) - 1 - took);
	assert_int_equal(status, 1);
	assert_string_equal(o.buf, "abxy");
	assert_true(frrvty_ok(0) && frrvty_ok(1) && frrvty_ok(10));
	assert_false(frrvty_ok(2) || frrvty_ok(13) || frrvty_ok(4));
	free(o.buf);
}

/* The output kept is bounded; the rest is counted. */
static void
test_feed_bound(void **state)
{
	struct frrvty_reply rp = { 0 };
	struct spawn_output o;
	char	 big[5000];
	int	 status;

	(void)state;
	memset(big, 'x', sizeof(big));
	out_init(&o, 3000);
	frrvty_feed(&rp, big, sizeof(big), &o, &status);
	assert_int_equal(status, -1);
	assert_int_equal(o.len, 3000);
	assert_int_equal(o.dropped, 2000);
	free(o.buf);
}

/* --- whole talks */

struct server {
	char	 dir[64];
	char	 path[128];
	int	 lfd;
	int	 cfd;
};

static int
server_up(void **state)
{
	struct server *sv = xcalloc(1, sizeof(*sv));
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval	 limit = { 2, 0 };

	strlcpy(sv->dir, "/tmp/test_frrvty.XXXXXX", sizeof(sv->dir));
	assert_non_null(mkdtemp(sv->dir));
	snprintf(sv->path, sizeof(sv->path), "%s/bgpd.vty", sv->dir);
	strlcpy(sun.sun_path, sv->path, sizeof(sun.sun_path));
	sv->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(sv->lfd >= 0);
	assert_int_equal(bind(sv->lfd, (struct sockaddr *)&sun, sizeof(sun)),
	    0);
	assert_int_equal(listen(sv->lfd, 4), 0);
	/* a talk that sends nothing fails the test instead of hanging it */
	assert_int_equal(setsockopt(sv->lfd, SOL_SOCKET, SO_RCVTIMEO, &limit,
	    sizeof(limit)), 0);
	sv->cfd = -1;
	*state = sv;
	return 0;
}

static int
server_down(void **state)
{
	struct server *sv = *state;

	if (sv->cfd != -1)
		close(sv->cfd);
	close(sv->lfd);
	unlink(sv->path);
	rmdir(sv->dir);
	free(sv);
	return 0;
}

/* The next command the talk sent, as bgpd reads it: up to its NUL. */
static char *
server_command(struct server *sv)
{
	struct timeval	 limit = { 2, 0 };
	char		 buf[256];
	size_t		 n = 0;

	if (sv->cfd == -1) {
		sv->cfd = accept(sv->lfd, NULL, NULL);
		assert_true(sv->cfd >= 0);
		assert_int_equal(setsockopt(sv->cfd, SOL_SOCKET, SO_RCVTIMEO,
		    &limit, sizeof(limit)), 0);
	}
	do {
		assert_int_equal(read(sv->cfd, buf + n, 1), 1);
	} while (buf[n++] != '\0' && n < sizeof(buf));
	return xstrdup(buf);
}

static void
server_reply(struct server *sv, const char *text, int status)
{
	char	 mark[4] = { 0, 0, 0, (char)status };

	/* in two writes, the mark split across them */
	assert_int_equal(write(sv->cfd, text, strlen(text)),
	    (ssize_t)strlen(text));
	assert_int_equal(write(sv->cfd, mark, 2), 2);
	assert_int_equal(write(sv->cfd, mark + 2, 2), 2);
}

/* Poll and step the talk until it is over, or n rounds. */
static int
run(struct frrvty *v, int rounds)
{
	struct pollfd	 pfd[FRRVTY_POLLFDS];
	int		 n, ms;

	while (rounds-- > 0) {
		ms = -1;
		n = frrvty_pollfds(v, pfd, &ms);
		if (ms < 0 || ms > 50)
			ms = 50;
		(void)poll(pfd, (nfds_t)n, ms);
		if (frrvty_step(v, pfd, n))
			return 1;
	}
	return 0;
}

static char	 c_enable[] = "enable", c_conf[] = "configure terminal",
		 c_show[] = "show x";
static char	*cmds3[] = { c_enable, c_conf, c_show };

/* Every command answered: status 0, the output of them all. */
static void
test_talk_ok(void **state)
{
	struct server	*sv = *state;
	struct frrvty	 v;
	struct spawn_result r;
	char		*c;
	size_t		 i;

	assert_int_equal(frrvty_start(sv->path, cmds3, 3, 5, 0, &v, &r), 0);
	for (i = 0; i < 3; i++) {
		c = server_command(sv);
		assert_string_equal(c, cmds3[i]);
		free(c);
		server_reply(sv, i == 2 ? "router bgp 64815\n" : "", 0);
		if (i < 2)
			assert_int_equal(run(&v, 1), 0);
	}
	assert_true(run(&v, 20));
	assert_int_equal(r.status, 0);
	assert_false(r.timed_out);
	assert_string_equal(r.out.buf, "router bgp 64815\n");
	assert_int_equal(v.fd, -1);
	spawn_result_free(&r);
}

/* A command that fails ends the talk, as vtysh -c: nothing more is sent. */
static void
test_talk_fails(void **state)
{
	struct server	*sv = *state;
	struct frrvty	 v;
	struct spawn_result r;
	char		*c, b;

	assert_int_equal(frrvty_start(sv->path, cmds3, 3, 5, 0, &v, &r), 0);
	free(server_command(sv));
	server_reply(sv, "", 0);
	(void)run(&v, 1);
	c = server_command(sv);
	assert_string_equal(c, "configure terminal");
	free(c);
	server_reply(sv, "% Can't find static route specified\n", 13);
	assert_true(run(&v, 20));
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out.buf, "% Can't find static route specified\n");
	/* the talk closed without a third command */
	assert_int_equal(read(sv->cfd, &b, 1), 0);
	spawn_result_free(&r);
}

/* bgpd gone mid-reply, or silent past the timeout: status 1. */
static void
test_talk_cut(void **state)
{
	struct server	*sv = *state;
	struct frrvty	 v;
	struct spawn_result r;

	assert_int_equal(frrvty_start(sv->path, cmds3, 3, 5, 0, &v, &r), 0);
	free(server_command(sv));
	assert_int_equal(write(sv->cfd, "half", 4), 4);
	close(sv->cfd);
	sv->cfd = -1;
	assert_true(run(&v, 20));
	assert_int_equal(r.status, 1);
	assert_false(r.timed_out);
	assert_string_equal(r.out.buf, "half(the daemon closed the connection)");
	spawn_result_free(&r);

	assert_int_equal(frrvty_start(sv->path, cmds3, 3, 0.1, 0, &v, &r), 0);
	free(server_command(sv));
	assert_true(run(&v, 20));
	assert_true(r.timed_out);
	assert_int_equal(r.status, 1);
	spawn_result_free(&r);
}

/* No socket there: the error is connect's, and nothing is open. */
static void
test_talk_no_socket(void **state)
{
	struct server	*sv = *state;
	struct frrvty	 v;
	struct spawn_result r;
	char		 path[160];

	snprintf(path, sizeof(path), "%s/zebra.vty", sv->dir);
	assert_int_equal(frrvty_start(path, cmds3, 3, 5, 0, &v, &r), -1);
	assert_int_equal(r.error, ENOENT);
	assert_int_equal(v.fd, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_feed_split),
		cmocka_unit_test(test_feed_zero_status),
		cmocka_unit_test(test_feed_bound),
		cmocka_unit_test_setup_teardown(test_talk_ok, server_up,
		    server_down),
		cmocka_unit_test_setup_teardown(test_talk_fails, server_up,
		    server_down),
		cmocka_unit_test_setup_teardown(test_talk_cut, server_up,
		    server_down),
		cmocka_unit_test_setup_teardown(test_talk_no_socket, server_up,
		    server_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
