/*
 * Log destinations, as upstream sets them up: a rotating log_file and a
 * UDP syslog log_server, or else stdout; each in text, JSON or (stdout
 * only) journald form.  Lines from different threads never mix: each is
 * one write(2) or one datagram.  Nothing here blocks a check for long:
 * the syslog socket is non-blocking and the HTTP sender has a queue.
 */

#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fdtab.h"
#include "httplog.h"
#include "log.h"
#include "logfmt.h"
#include "logrot.h"
#include "pystr.h"
#include "resolve.h"

enum fmt { FMT_TEXT, FMT_JSON, FMT_JOURNAL };


static struct {
	int		 open;
	int		 level;
	int		 width;
	int		 stdout_on;
	enum fmt	 stdout_fmt;
	struct rotfile	 file;
	int		 file_on;
	enum fmt	 file_fmt;
	int		 udp;		/* a log_server is set */
	int		 udp4;		/* sockets made before any thread */
	int		 udp6;
	int		 stderr_server;
	enum fmt	 udp_fmt;
} L = { .udp4 = -1, .udp6 = -1, .level = LOG_LEVEL_DEBUG,
    .file = { .mu = PTHREAD_MUTEX_INITIALIZER, .fd = -1 } };

/*
 * What a reload may change, every thread reads: the sinks below and the
 * fields of L, under this lock.
 */
static pthread_rwlock_t		 sinks = PTHREAD_RWLOCK_INITIALIZER;

/* log_server, and its address once resolved. */
static struct resolver		 udp_rv;
static char			*udp_host;
static const struct sockaddr	*udp_dest;
static socklen_t		 udp_destlen;

/* How long start-up may wait for log_server's address. */
#define UDP_RESOLVE_TIMEOUT	5.0


static __thread const char		*thread_name = "MainThread";
static __thread const struct log_extra	*thread_extra;
static __thread int			 local_only;

int
log_level_parse(const char *s, int *level)
{
	static const struct { const char *name; int level; } names[] = {
		{ "DEBUG", LOG_LEVEL_DEBUG }, { "INFO", LOG_LEVEL_INFO },
		{ "WARNING", LOG_LEVEL_WARNING }, { "WARN", LOG_LEVEL_WARNING },
		{ "ERROR", LOG_LEVEL_ERROR }, { "CRITICAL", LOG_LEVEL_CRITICAL },
		{ "FATAL", LOG_LEVEL_CRITICAL }, { "NOTSET", 0 },
	};
	size_t	 i;
	char	*up = py_upper(s);	/* getattr(logging, s.upper()) */

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(up, names[i].name) == 0) {
			*level = names[i].level;
			free(up);
			return 0;
		}
	free(up);
	return -1;
}

/*
 * Told of a rollover, with no lock held, so that threads that write
 * nothing for a while let go of the old file: see log_refresh().
 */
static void	(*rollover_hook)(void);

void
log_set_rollover_hook(void (*fn)(void))
{
	rollover_hook = fn;
}

/* Counts the log file's rollovers. */
unsigned int
log_generation(void)
{
	return __atomic_load_n(&L.file.gen, __ATOMIC_ACQUIRE);
}

/*
 * Close this thread's descriptor of a log file that was rotated away;
 * the next line opens the new one.  A rotated file is deleted in the end,
 * and a descriptor held on it would keep its disk space for ever.
 */
void
log_refresh(void)
{
	rot_refresh(&L.file);
}

/*
 * The address is known: from now on lines go there.  stderr, for what
 * only a crash writes, needs a connected socket of its own.
 */
static void
udp_resolved(struct resolver *rv)
{
	struct sockaddr_storage *ss = xcalloc(1, sizeof(*ss));
	const struct sockaddr *old;
	int	 fd;

	memcpy(ss, &rv->ss, rv->sslen);
	pthread_rwlock_wrlock(&sinks);
	old = udp_dest;
	udp_destlen = rv->sslen;
	udp_dest = (struct sockaddr *)ss;
	pthread_rwlock_unlock(&sinks);
	free((void *)(uintptr_t)old);
	if (!L.stderr_server)
		return;
	if ((fd = socket(ss->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) != -1 &&
	    connect(fd, (struct sockaddr *)ss, rv->sslen) == 0)
		dup2(fd, STDERR_FILENO);
	if (fd != -1)
		close(fd);
}

/*
 * Both sockets are made at start, log_server or not, so that every
 * thread's table has them, and a reload may name a log_server; the
 * address may come later.  An unresolvable log_server does not stop the
 * daemon: it says so, logs to stderr meanwhile, and tries again.
 */
static void
udp_sockets(void)
{
	L.udp4 = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	L.udp6 = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (L.udp4 != -1)
		fdtab_share(L.udp4);
	if (L.udp6 != -1)
		fdtab_share(L.udp6);
}

/* Point the sink at c's log_server: at once if numeric, else later. */
static void
udp_target(const struct log_conf *c, int wait)
{
	const struct sockaddr *old;
	char	 port[16];

	resolve_cancel(&udp_rv);
	pthread_rwlock_wrlock(&sinks);
	old = udp_dest;
	udp_dest = NULL;
	free(udp_host);
	udp_host = xstrdup(c->server);
	L.udp = 1;
	L.udp_fmt = c->json_server ? FMT_JSON : FMT_TEXT;
	pthread_rwlock_unlock(&sinks);
	free((void *)(uintptr_t)old);
	snprintf(port, sizeof(port), "%lld", c->port);
	resolve_init(&udp_rv, "log_server", udp_host, port, SOCK_DGRAM,
	    UDP_RESOLVE_TIMEOUT, udp_resolved);
	if ((wait ? resolve_now(&udp_rv) : resolve_numeric(&udp_rv)) == 0)
		udp_resolved(&udp_rv);
	else
		resolve_later(&udp_rv);
}

int
log_open(const struct log_conf *c, struct buf *err)
{
	struct rotfile	 serr = { .mu = PTHREAD_MUTEX_INITIALIZER,
	    .maxbytes = c->maxbytes, .backups = c->backups };

	L.level = c->level;
	L.width = c->width;
	if (c->file != NULL) {
		L.file.path = xstrdup(c->file);
		L.file.maxbytes = c->maxbytes;
		L.file.backups = c->backups;
		if ((L.file.fd = rot_open(L.file.path)) == -1) {
			buf_add(err, "failed to open log_file: ");
			py_oserror(err, errno, c->file);
			return -1;
		}
		L.file.per_thread = 1;
		rot_adopt(&L.file);	/* the opening thread's own */
		L.file_on = 1;
		L.file_fmt = c->json_file ? FMT_JSON : FMT_TEXT;
	}
	udp_sockets();
	L.stderr_server = c->stderr_server;
	if (c->server != NULL)
		udp_target(c, 1);
	if (c->file == NULL && c->server == NULL) {
		L.stdout_on = 1;
		L.stdout_fmt = c->json_stdout ? FMT_JSON : c->journal ?
		    FMT_JOURNAL : FMT_TEXT;
	}

	/*
	 * stderr carries what only a crash writes; it goes where upstream
	 * sends unhandled exceptions, as raw text.
	 */
	if (c->stderr_file != NULL) {
		serr.path = xstrdup(c->stderr_file);
		if ((serr.fd = rot_open(serr.path)) == -1) {
			buf_add(err, "failed to open stderr_file: ");
			py_oserror(err, errno, c->stderr_file);
			free(serr.path);
			return -1;
		}
		rot_write(&serr, "", 0);
		dup2(serr.fd, STDERR_FILENO);
		close(serr.fd);
		free(serr.path);
	} else if (c->stderr_server)
		;	/* see udp_resolved() */
	else
		printf("messages for unhandled exceptions will go to STDERR\n");
	L.open = 1;
	return 0;
}

/*
 * SIGHUP: the level and the destinations change at once for every
 * thread.  Each thread opens the new log file itself on its next line.
 * What only a restart can change (stderr's destination, JSON over HTTP)
 * the caller says.
 */
void
log_reconfigure(const struct log_conf *c)
{
	const struct sockaddr *old = NULL;
	int	 udp_changed;

	pthread_rwlock_rdlock(&sinks);
	udp_changed = c->server != NULL && (!L.udp ||
	    strcmp(udp_host, c->server) != 0 ||
	    strtoll(udp_rv.port, NULL, 10) != c->port);
	pthread_rwlock_unlock(&sinks);
	if (udp_changed)
		udp_target(c, 0);

	pthread_rwlock_wrlock(&sinks);
	__atomic_store_n(&L.level, c->level, __ATOMIC_RELAXED);
	L.width = c->width;
	pthread_mutex_lock(&L.file.mu);
	if (c->file != NULL && (!L.file_on || strcmp(L.file.path,
	    c->file) != 0)) {
		free(L.file.path);
		L.file.path = xstrdup(c->file);
		L.file.per_thread = 1;
		__atomic_add_fetch(&L.file.gen, 1, __ATOMIC_RELEASE);
	} else if (c->file == NULL && L.file_on)
		__atomic_add_fetch(&L.file.gen, 1, __ATOMIC_RELEASE);
	L.file.maxbytes = c->maxbytes;
	L.file.backups = c->backups;
	pthread_mutex_unlock(&L.file.mu);
	L.file_on = c->file != NULL;
	L.file_fmt = c->json_file ? FMT_JSON : FMT_TEXT;
	if (c->server == NULL && L.udp) {
		L.udp = 0;
		old = udp_dest;
		udp_dest = NULL;
	}
	L.udp_fmt = c->json_server ? FMT_JSON : FMT_TEXT;
	L.stdout_on = c->file == NULL && c->server == NULL;
	L.stdout_fmt = c->json_stdout ? FMT_JSON : c->journal ? FMT_JOURNAL :
	    FMT_TEXT;
	pthread_rwlock_unlock(&sinks);
	if (c->server == NULL)
		resolve_cancel(&udp_rv);
	free((void *)(uintptr_t)old);
	if (rollover_hook != NULL)
		rollover_hook();	/* idle threads let go of the old file */
}

void
log_thread(const char *name)
{
	thread_name = name;
}

void
log_extra(const struct log_extra *x)
{
	thread_extra = x;
}

/* The HTTP sender's own complaints must not be sent over HTTP. */
void
log_local_only(int on)
{
	local_only = on;
}

static void
render(struct buf *b, enum fmt f, const struct log_record *r)
{
	switch (f) {
	case FMT_JSON:
		logfmt_json(b, r);
		break;
	case FMT_JOURNAL:
		logfmt_journal(b, r);
		break;
	default:
		logfmt_text(b, r, L.width);
	}
}

static void
emit(const struct log_record *r)
{
	const struct sockaddr *dest;
	struct buf	 b = { 0 };

	pthread_rwlock_rdlock(&sinks);
	if (L.stdout_on) {
		render(&b, L.stdout_fmt, r);
		buf_addc(&b, '\n');
		if (write(STDOUT_FILENO, b.s, b.len) == -1) {
			/* nowhere left to say it */
		}
		buf_reset(&b);
	}
	if (L.file_on) {
		render(&b, L.file_fmt, r);
		buf_addc(&b, '\n');
		if (rot_write(&L.file, b.s, b.len) && rollover_hook != NULL)
			rollover_hook();	/* takes no lock */
		buf_reset(&b);
	}
	if (L.udp && (dest = udp_dest) != NULL) {
		buf_addf(&b, "<%d>", logfmt_syslog_pri(r->level));
		render(&b, L.udp_fmt, r);
		/* SysLogHandler appends a NUL */
		buf_addn(&b, "", 1);
		(void)sendto(dest->sa_family == AF_INET6 ? L.udp6 : L.udp4,
		    b.s, b.len, MSG_DONTWAIT | MSG_NOSIGNAL, dest, udp_destlen);
	} else if (L.udp && !L.stdout_on && !L.file_on) {
		/* nowhere else to say it until log_server is found */
		render(&b, FMT_TEXT, r);
		buf_addc(&b, '\n');
		if (write(STDERR_FILENO, b.s, b.len) == -1) {
			/* nowhere left to say it */
		}
	}
	pthread_rwlock_unlock(&sinks);
	buf_free(&b);
	if (!local_only)
		httplog_enqueue(r);
}

static void __attribute__((format(printf, 5, 0)))
vlog(int level, int err, const struct log_extra *extra, const char *json,
    const char *fmt, va_list ap)
{
	struct log_record r;
	struct buf	 msg = { 0 };
	char		 ebuf[128];
	const char	*es = "";

	if (err)
		es = strerror_r(err, ebuf, sizeof(ebuf));
	if (!L.open) {
		flockfile(stderr);
		if (level >= LOG_LEVEL_CRITICAL)
			fputs("fatal: ", stderr);
		else if (level >= LOG_LEVEL_WARNING)
			fputs("warning: ", stderr);
		vfprintf(stderr, fmt, ap);
		if (err)
			fprintf(stderr, ": %s", es);
		fputc('\n', stderr);
		funlockfile(stderr);
		return;
	}
	if (level < L.level)
		return;
	buf_vaddf(&msg, fmt, ap);
	if (err)
		buf_addf(&msg, ": %s", es);
	memset(&r, 0, sizeof(r));
	r.level = level;
	gettimeofday(&r.tv, NULL);
	r.pid = getpid();
	r.thread = thread_name;
	r.extra = extra;
	r.msg = msg.s;
	r.json = json;
	emit(&r);
	buf_free(&msg);
}

#define LOGFN(fn, level, witherr)			\
void							\
fn(const char *fmt, ...)				\
{							\
	va_list	 ap;					\
	int	 saved = errno;				\
							\
	va_start(ap, fmt);				\
	vlog(level, witherr ? saved : 0, NULL, NULL, fmt, ap);	\
	va_end(ap);					\
	errno = saved;					\
}

LOGFN(log_warn, LOG_LEVEL_WARNING, 1)
LOGFN(log_warnx, LOG_LEVEL_WARNING, 0)
LOGFN(log_info, LOG_LEVEL_INFO, 0)
LOGFN(log_debug, LOG_LEVEL_DEBUG, 0)
LOGFN(log_error, LOG_LEVEL_ERROR, 0)
LOGFN(log_crit, LOG_LEVEL_CRITICAL, 0)

static void __attribute__((format(printf, 3, 4)))
log_json(int level, const char *json, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(level, 0, NULL, json, fmt, ap);
	va_end(ap);
}

/* A dict logged as upstream logs one: str() as text, members in JSON. */
void
log_dict(int level, const char *text, const char *json)
{
	log_json(level, json, "%s", text);
}

/*
 * Upstream passes its extra= fields (address, length, status) with some
 * of a service's messages and not with others; JSON readers see which.
 */
void
log_svc(int level, const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog(level, 0, thread_extra, NULL, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_CRITICAL, saved, NULL, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_CRITICAL, 0, NULL, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
