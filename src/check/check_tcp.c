/*
 * check_tcp = HOST:PORT: passes when a TCP connect succeeds within
 * check_timeout.  The connection is closed at once, without a byte sent.
 */
#include <sys/socket.h>

#include <stdlib.h>
#include <unistd.h>

#include "check.h"

struct tcp_conf {
	struct sockaddr_storage	 ss;
	socklen_t		 len;
};

static int
tcp_parse(const char *v, const struct check_opts *o, void **conf,
    struct buf *why)
{
	struct tcp_conf	*c = xcalloc(1, sizeof(*c));

	(void)o;
	if (check_hostport(v, 0, &c->ss, &c->len, why) == -1) {
		free(c);
		return -1;
	}
	*conf = c;
	return 0;
}

static enum check_verdict
tcp_run(const void *conf, double timeout, const int *stop, struct buf *why)
{
	const struct tcp_conf	*c = conf;
	enum check_verdict	 v;
	int			 fd;

	fd = check_connect(&c->ss, c->len, SOCK_STREAM, clock_mono() + timeout,
	    stop, &v, why);
	if (fd == -1)
		return v;
	close(fd);
	return CHECK_PASS;
}

const struct check_kind check_tcp_kind = {
	"check_tcp", "tcp", tcp_parse, tcp_run, free
};
