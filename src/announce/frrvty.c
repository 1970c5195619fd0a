/* A talk with an FRR daemon on its vty socket (frrvty.h). */

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frrvty.h"
#include "util.h"

/* FRR's lib/command.h: the statuses that "vtysh -c" goes on after */
#define CMD_SUCCESS		0
#define CMD_WARNING		1
#define CMD_SUCCESS_DAEMON	10

int
frrvty_ok(int status)
{
	return status == CMD_SUCCESS || status == CMD_WARNING ||
	    status == CMD_SUCCESS_DAEMON;
}

static void
keep(struct spawn_output *o, const char *p, size_t n)
{
	size_t	 room;

	while (n > 0) {
		room = spawn_output_room(o);
		if (room == 0) {
			spawn_output_took(o, 0, n);
			return;
		}
		if (room > n)
			room = n;
		memcpy(o->buf + o->len, p, room);
		spawn_output_took(o, room, room);
		p += room;
		n -= room;
	}
}

/*
 * The output is text, so a NUL in it starts the end mark.  Fewer than
 * three NULs and then text cannot be a mark: they are dropped, as a
 * terminal would show nothing of them.
 */
size_t
frrvty_feed(struct frrvty_reply *rp, const char *p, size_t n,
    struct spawn_output *out, int *status)
{
	size_t	 i, text = 0;

	*status = -1;
	for (i = 0; i < n; i++) {
		if (rp->nuls == 3) {
			*status = (unsigned char)p[i];
			rp->nuls = 0;
			return i + 1;
		}
		if (p[i] != '\0') {
			rp->nuls = 0;
			continue;
		}
		if (rp->nuls++ == 0)
			keep(out, p + text, i - text);
		text = i + 1;
	}
	keep(out, p + text, n - text);
	return n;
}

static void
end(struct frrvty *v, int status, const char *why)
{
	struct spawn_result *r = v->r;

	if (why != NULL)
		keep(&r->out, why, strlen(why));
	r->status = status;
	v->done = 1;
}

/* Send what is left of the current command; -1 if the socket failed. */
static int
send_cur(struct frrvty *v)
{
	const char	*c = v->cmds[v->cur];
	size_t		 len = strlen(c) + 1;
	ssize_t		 n;

	while (v->sent < len) {
		n = send(v->fd, c + v->sent, len - v->sent, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return 0;
		if (n == -1) {
			end(v, 1, "(the daemon's socket failed while sending)");
			return -1;
		}
		v->sent += (size_t)n;
	}
	return 0;
}

int
frrvty_start(const char *path, char **cmds, size_t n, double timeout,
    size_t outmax, struct frrvty *v, struct spawn_result *r)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t	 i;

	memset(r, 0, sizeof(*r));
	memset(v, 0, sizeof(*v));
	v->r = r;
	v->fd = -1;
	r->out.max = outmax > 0 ? outmax : SPAWN_OUTPUT_MAX;
	r->err.eof = r->out.eof = 1;
	/* -c refuses a longer path */
	if (strlcpy(sun.sun_path, path, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path)) {
		r->error = ENAMETOOLONG;
		return -1;
	}
	v->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (v->fd == -1 || connect(v->fd, (struct sockaddr *)&sun,
	    sizeof(sun)) == -1) {
		r->error = errno;
		if (v->fd != -1)
			close(v->fd);
		v->fd = -1;
		return -1;
	}
	v->cmds = xcalloc(n ? n : 1, sizeof(*v->cmds));
	for (i = 0; i < n; i++)
		v->cmds[i] = xstrdup(cmds[i]);
	v->ncmds = n;
	v->t0 = clock_mono();
	v->deadline = v->t0 + timeout;
	if (n == 0)
		end(v, 0, NULL);
	else
		(void)send_cur(v);
	return 0;
}

int
frrvty_pollfds(const struct frrvty *v, struct pollfd *pfd, int *ms)
{
	double	 left = v->deadline - clock_mono();
	int	 want;

	want = v->done || left <= 0 ? 0 : (int)(left * 1000) + 1;
	if (*ms < 0 || want < *ms)
		*ms = want;
	if (v->done)
		return 0;
	pfd[0] = (struct pollfd){ v->fd, POLLIN, 0 };
	if (v->sent < strlen(v->cmds[v->cur]) + 1)
		pfd[0].events |= POLLOUT;
	return 1;
}

/* A reply ended with this status: the next command, or the end. */
static void
replied(struct frrvty *v, int status)
{
	if (!frrvty_ok(status)) {
		end(v, 1, NULL);
		return;
	}
	if (++v->cur == v->ncmds) {
		end(v, 0, NULL);
		return;
	}
	v->sent = 0;
	(void)send_cur(v);
}

static void
receive(struct frrvty *v)
{
	char	 buf[16384];
	size_t	 off, took;
	ssize_t	 n;
	int	 status;

	n = read(v->fd, buf, sizeof(buf));
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		end(v, 1, "(the daemon closed the connection)");
		return;
	}
	for (off = 0; off < (size_t)n && !v->done; off += took) {
		took = frrvty_feed(&v->reply, buf + off, (size_t)n - off,
		    &v->r->out, &status);
		if (status != -1)
			replied(v, status);
	}
}

int
frrvty_step(struct frrvty *v, const struct pollfd *pfd, int n)
{
	if (!v->done && n > 0) {
		if (pfd[0].revents & POLLOUT)
			(void)send_cur(v);
		if (!v->done && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
			receive(v);
	}
	if (!v->done && clock_mono() >= v->deadline) {
		v->r->timed_out = 1;
		end(v, 1, NULL);
	}
	if (!v->done)
		return 0;
	frrvty_finish(v);
	return 1;
}

void
frrvty_finish(struct frrvty *v)
{
	struct spawn_result *r = v->r;
	size_t	 i;

	if (v->fd == -1)
		return;
	if (!v->done)
		end(v, 1, "(cut short)");
	close(v->fd);
	v->fd = -1;
	for (i = 0; i < v->ncmds; i++)
		free(v->cmds[i]);
	free(v->cmds);
	v->cmds = NULL;
	if (r->out.buf == NULL)
		r->out.buf = xstrdup("");
	r->duration_ms = (clock_mono() - v->t0) * 1000;
}
