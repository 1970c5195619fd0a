/*
 * /metrics over HTTP.  libmicrohttpd runs in its "external" mode: its
 * epoll descriptor joins the main thread's poll, so no thread is added
 * (the Nagios plugin counts them), and its sockets are non-blocking, so a
 * slow client holds nothing up.  Connections, per-address connections,
 * request memory (headers and all) and idle time are bounded, and so is
 * the time a request may take as a whole: a client that trickles its
 * headers a byte at a time is never idle, and would hold its connection
 * for ever.  A GET with a body is refused before the body is read.  The
 * body is the textfile's content as last rendered.
 */

#include <sys/socket.h>

#include <dlfcn.h>
#include <strings.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "check.h"
#include "log.h"
#include "promhttp.h"

#define MAX_CONNECTIONS		16
#define MAX_PER_ADDRESS		4
#define IDLE_SECONDS		5
#define REQUEST_MEMORY		(16 * 1024)	/* request line and headers */
/* from the connection, or the last reply, to a request read and answered */
#define REQUEST_SECONDS		3

#define CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"

static struct {
	struct MHD_Daemon *(*start)(unsigned int, uint16_t,
			    MHD_AcceptPolicyCallback, void *,
			    MHD_AccessHandlerCallback, void *, ...);
	const union MHD_DaemonInfo *(*info)(struct MHD_Daemon *,
			    enum MHD_DaemonInfoType, ...);
	enum MHD_Result	 (*run)(struct MHD_Daemon *);
	enum MHD_Result	 (*timeout)(struct MHD_Daemon *,
			    MHD_UNSIGNED_LONG_LONG *);
	struct MHD_Response *(*from_buffer)(size_t, void *,
			    enum MHD_ResponseMemoryMode);
	enum MHD_Result	 (*add_header)(struct MHD_Response *, const char *,
			    const char *);
	enum MHD_Result	 (*queue)(struct MHD_Connection *, unsigned int,
			    struct MHD_Response *);
	void		 (*destroy)(struct MHD_Response *);
	const union MHD_ConnectionInfo *(*conn_info)(struct MHD_Connection *,
			    enum MHD_ConnectionInfoType, ...);
	const char	*(*lookup)(struct MHD_Connection *, enum MHD_ValueKind,
			    const char *);
} M;

static struct MHD_Daemon	*D;
static int			 epfd = -1;
static struct buf		 body;
static struct buf		 status;	/* GET /status: status.c's */

/*
 * Each connection's socket and when its current request began; a
 * connection past REQUEST_SECONDS is shut down, and MHD closes it.  The
 * connection limit bounds the table.
 */
static struct slot {
	int		 used;
	int		 fd;
	int		 cut;
	double		 since;
} slots[MAX_CONNECTIONS + 1];

/* A connection closed during the last run: see promhttp_step(). */
static int			 closed;

/*
 * "127.0.0.1:9177" or "[::1]:9177": a numeric address and a port, read
 * as the built-in checks read theirs.
 */
int
promhttp_parse(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	struct buf	 why = { 0 };
	int		 rc;

	rc = check_hostport(s, 0, ss, len, &why);
	buf_free(&why);
	return rc;
}

static int
load(void)
{
	void	*h;

	if ((h = dlopen("libmicrohttpd.so.12", RTLD_NOW | RTLD_LOCAL)) == NULL)
		return -1;
#define SYM(field, name)					\
	if ((*(void **)&M.field = dlsym(h, name)) == NULL)	\
		return -1
	SYM(start, "MHD_start_daemon");
	SYM(info, "MHD_get_daemon_info");
	SYM(run, "MHD_run");
	SYM(timeout, "MHD_get_timeout");
	SYM(from_buffer, "MHD_create_response_from_buffer");
	SYM(add_header, "MHD_add_response_header");
	SYM(queue, "MHD_queue_response");
	SYM(destroy, "MHD_destroy_response");
	SYM(conn_info, "MHD_get_connection_info");
	SYM(lookup, "MHD_lookup_connection_value");
#undef SYM
	return 0;
}

static enum MHD_Result
reply_as(struct MHD_Connection *c, unsigned int code, const char *type,
    const char *text, size_t len)
{
	struct MHD_Response	*r;
	enum MHD_Result		 rc;

	if ((r = M.from_buffer(len, (void *)(uintptr_t)text,
	    MHD_RESPMEM_MUST_COPY)) == NULL)
		return MHD_NO;
	M.add_header(r, "Content-Type", type);
	rc = M.queue(c, code, r);
	M.destroy(r);
	return rc;
}

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned int code, const char *text,
    size_t len)
{
	return reply_as(c, code, code == 200 ? CONTENT_TYPE : "text/plain",
	    text, len);
}

/* A connection opens (its deadline starts) or closes. */
static void
connection(void *cls, struct MHD_Connection *c, void **ctx,
    enum MHD_ConnectionNotificationCode toe)
{
	const union MHD_ConnectionInfo *i;
	struct slot	*sl = *ctx;
	size_t		 k;

	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		if (sl != NULL)
			sl->used = 0;
		*ctx = NULL;
		closed = 1;
		return;
	}
	if ((i = M.conn_info(c, MHD_CONNECTION_INFO_CONNECTION_FD)) == NULL)
		return;
	for (k = 0; k < sizeof(slots) / sizeof(slots[0]); k++)
		if (!slots[k].used) {
			slots[k] = (struct slot){ 1, i->connect_fd, 0,
			    clock_mono() };
			*ctx = &slots[k];
			return;
		}
}

/* A request is answered: the next one has its own deadline. */
static void
completed(void *cls, struct MHD_Connection *c, void **state,
    enum MHD_RequestTerminationCode toe)
{
	const union MHD_ConnectionInfo *i;
	struct slot	*sl;

	(void)cls;
	(void)state;
	(void)toe;
	i = M.conn_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (i != NULL && (sl = i->socket_context) != NULL)
		sl->since = clock_mono();
}

/* Would this request carry a body?  Then it is refused unread. */
static int
has_body(struct MHD_Connection *c)
{
	const char	*len;

	len = M.lookup(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	return M.lookup(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL ||
	    (len != NULL && len[strspn(len, "0")] != '\0');
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	static int	 seen;

	(void)cls;
	(void)version;
	(void)upload;
	/*
	 * The first call is for the headers: what is refused is refused
	 * now, before any body is read.
	 */
	if (*state == NULL) {
		*state = &seen;
		if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
			return reply(c, 405, "method not allowed\n", 19);
		if (has_body(c))
			return reply(c, 400, "a request body is not taken\n",
			    28);
		return MHD_YES;
	}
	if (*upload_size != 0)
		return reply(c, 400, "a request body is not taken\n", 28);
	if (strcmp(url, "/status") == 0)
		return reply_as(c, 200, "application/json",
		    status.s != NULL ? status.s : "", status.len);
	if (strcmp(url, "/metrics") != 0)
		return reply(c, 404, "not found: try /metrics\n", 24);
	return reply(c, 200, body.s != NULL ? body.s : "", body.len);
}

int
promhttp_start(const char *listen, struct buf *err)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	const union MHD_DaemonInfo *i;
	unsigned int		 flags = MHD_USE_EPOLL;

	if (promhttp_parse(listen, &ss, &len) == -1) {
		buf_addf(err, "invalid prometheus_listen %s", listen);
		return -1;
	}
	if (load() == -1) {
		buf_addf(err, "failed to serve metrics on %s: libmicrohttpd "
		    "(libmicrohttpd12) is needed for prometheus_listen", listen);
		return -1;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	D = M.start(flags, 0, NULL, NULL, handle, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)MAX_CONNECTIONS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)MAX_PER_ADDRESS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)IDLE_SECONDS,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)REQUEST_MEMORY,
	    MHD_OPTION_NOTIFY_CONNECTION, connection, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_END);
	if (D == NULL || (i = M.info(D, MHD_DAEMON_INFO_EPOLL_FD)) == NULL) {
		buf_addf(err, "failed to serve metrics on %s: cannot listen "
		    "there", listen);
		return -1;
	}
	epfd = i->epoll_fd;
	(void)len;
	log_info("serving Prometheus metrics on http://%s/metrics", listen);
	return 0;
}

/* The newest rendering of the textfile. */
void
promhttp_set(const char *text, size_t len)
{
	buf_reset(&body);
	buf_addn(&body, text, len);
}

/* The newest status document (status.c). */
void
promhttp_set_status(const char *text, size_t len)
{
	buf_reset(&status);
	buf_addn(&status, text, len);
}

/* The soonest deadline of a request in progress; -1: none. */
static double
soonest(void)
{
	double	 t = -1;
	size_t	 k;

	for (k = 0; k < sizeof(slots) / sizeof(slots[0]); k++)
		if (slots[k].used && !slots[k].cut && (t < 0 ||
		    slots[k].since < t))
			t = slots[k].since;
	return t < 0 ? t : t + REQUEST_SECONDS;
}

int
promhttp_pollfds(struct pollfd *pfd, int max, int *ms)
{
	MHD_UNSIGNED_LONG_LONG	 t;
	double			 due;
	int			 d;

	if (D == NULL || max < 1)
		return 0;
	pfd[0] = (struct pollfd){ epfd, POLLIN, 0 };
	if (M.timeout(D, &t) == MHD_YES) {
		if (t > 60000)
			t = 60000;
		if (*ms < 0 || t < (MHD_UNSIGNED_LONG_LONG)*ms)
			*ms = (int)t;
	}
	if ((due = soonest()) >= 0) {
		d = due <= clock_mono() ? 0 : (int)((due - clock_mono()) * 1000)
		    + 1;
		if (*ms < 0 || d < *ms)
			*ms = d;
	}
	return 1;
}

/*
 * After poll; MHD checks its idle timeout itself on each run.  A request
 * past its deadline has its socket shut down; MHD sees the end of it at
 * once and closes the connection.  At the connection limit MHD takes its
 * listening socket out of its epoll set, and puts it back only at the
 * start of a run: after a run that closed connections, another one, or
 * a waiting scraper would wait for whatever wakes the main loop next.
 */
void
promhttp_step(const struct pollfd *pfd, int n)
{
	double	 now = clock_mono();
	size_t	 k;

	(void)pfd;
	if (D == NULL || n == 0)
		return;
	for (k = 0; k < sizeof(slots) / sizeof(slots[0]); k++)
		if (slots[k].used && !slots[k].cut &&
		    now - slots[k].since >= REQUEST_SECONDS) {
			shutdown(slots[k].fd, SHUT_RDWR);
			slots[k].cut = 1;
		}
	closed = 0;
	M.run(D);
	if (closed)
		M.run(D);
}
