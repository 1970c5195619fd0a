#ifndef CHECK_H
#define CHECK_H

#include <sys/socket.h>

#include "util.h"

/*
 * Built-in checks, run in the service's own thread: no fork, no thread of
 * their own.  One file per kind (check_tcp.c, ...) behind this interface;
 * a service runs the kinds it has in check_kinds[] order, then check_cmd,
 * and the first failure ends the round.
 */
enum check_verdict {
	CHECK_PASS = 0,
	CHECK_FAIL = -1,	/* why says what the peer did */
	CHECK_TIMEOUT = -2,
	CHECK_STOPPED = -3	/* the daemon is stopping */
};

/* The options that qualify a kind's value; NULL when unset. */
struct check_opts {
	char		*http_status;		/* check_http_status */
	char		*http_expect;		/* check_http_expect */
	char		*http_host;		/* check_http_host */
	int		 tls_verify;		/* check_tls_verify */
	char		*tls_ca;		/* check_tls_ca */
};

struct check_kind {
	const char	*option;	/* check_tcp */
	const char	*label;		/* tcp: the log and the metric label */
	/* value as read; a conf, or -1 and why (-c's message names the rest) */
	int		(*parse)(const char *, const struct check_opts *, void **,
			    struct buf *);
	/* stop: polled while waiting, so that shutdown is not held up */
	enum check_verdict (*run)(const void *, double, const int *,
			    struct buf *);
	void		(*free)(void *);
};

extern const struct check_kind check_tcp_kind;
extern const struct check_kind check_dns_kind;
extern const struct check_kind check_http_kind;

/* In running order; the metrics' check label is cmd, then these. */
extern const struct check_kind *const check_kinds[];
#define CHECK_KINDS	3

/* A configured check of a service. */
struct check {
	const struct check_kind	*kind;
	void			*conf;
	char			*value;		/* as written */
};

/*
 * HOST:PORT or [V6]:PORT, the host numeric, the port 1-65535; the
 * address in ss.  Shared by the kinds that name a server.
 */
int	check_hostport(const char *, int, struct sockaddr_storage *,
	    socklen_t *, struct buf *);
void	check_addr_format(const struct sockaddr_storage *, char *, size_t);
/*
 * A host name (RFC 1123): labels of 1 to 63 letters, digits and '-', not
 * at either end, at most 253 bytes.  CHECK_NAME_DNS also allows '_' and
 * a final dot, as DNS names have them.  0, or -1 and why.
 */
#define CHECK_NAME_HOST	0
#define CHECK_NAME_DNS	1
int	check_hostname(const char *, int, struct buf *);
/* "WHAT ADDRESS:PORT: ERR" into why, formatted only when a check fails. */
void	check_why(struct buf *, const char *, const struct sockaddr_storage *,
	    const char *);

/*
 * Connect a non-blocking socket of type to sa by the deadline (a
 * clock_mono() time); the socket, or -1 with the verdict in *v and why.
 */
int	check_connect(const struct sockaddr_storage *, socklen_t, int,
	    double, const int *, enum check_verdict *, struct buf *);
/* Wait for events on fd until the deadline; as poll, or a verdict < 0. */
int	check_wait(int, short, double, const int *);

#endif
