/*
 * The logging API, at the bottom of the daemon: it makes a record of each
 * message and hands it to the sinks that registered.  It depends on libc
 * alone, so every layer above may log, and fatal(), without a circle:
 * the sinks (logsink.c, httplog.c) reach down to it, never the reverse.
 */

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "log.h"

#define SINKS_MAX	4

static log_sink_fn	 sinks[SINKS_MAX];
static int		 nsinks;
static int		 level = LOG_LEVEL_DEBUG;

static __thread const char		*thread_name = "MainThread";
static __thread const struct log_extra	*thread_extra;
static __thread int			 local_only;

void
log_sink_add(log_sink_fn fn)
{
	if (nsinks == SINKS_MAX)
		abort();	/* a bug: the sinks are ours */
	sinks[nsinks++] = fn;
}

/* Any thread reads it; a reload sets it. */
void
log_set_level(int l)
{
	__atomic_store_n(&level, l, __ATOMIC_RELAXED);
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

/* Before any sink: the command-line modes' plain stderr. */
static void
plain(int lvl, const char *es, const char *fmt, va_list ap)
{
	flockfile(stderr);
	if (lvl >= LOG_LEVEL_CRITICAL)
		fputs("fatal: ", stderr);
	else if (lvl >= LOG_LEVEL_WARNING)
		fputs("warning: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (es != NULL)
		fprintf(stderr, ": %s", es);
	fputc('\n', stderr);
	funlockfile(stderr);
}

/*
 * The process ID in every record, asked of the kernel once: glibc no
 * longer caches it, and a check logs several lines.  A forked child
 * asks again.
 */
static pid_t	 cached_pid;

static void
pid_forget(void)
{
	cached_pid = 0;
}

static void
log_pid_init(void)
{
	(void)pthread_atfork(NULL, NULL, pid_forget);
}

static pid_t
log_pid(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pid_t		 p = __atomic_load_n(&cached_pid, __ATOMIC_RELAXED);

	if (p == 0) {
		(void)pthread_once(&once, log_pid_init);
		p = getpid();
		__atomic_store_n(&cached_pid, p, __ATOMIC_RELAXED);
	}
	return p;
}

static void __attribute__((format(printf, 5, 0)))
vlog(int lvl, int err, const struct log_extra *extra, const char *json,
    const char *fmt, va_list ap)
{
	struct log_record r;
	va_list		 again;
	char		 ebuf[128], small[512], *msg = NULL, *full = NULL;
	const char	*es = NULL;
	int		 i;

	if (err)
		es = strerror_r(err, ebuf, sizeof(ebuf));
	if (nsinks == 0) {
		plain(lvl, es, fmt, ap);
		return;
	}
	if (lvl < __atomic_load_n(&level, __ATOMIC_RELAXED))
		return;
	/* out of memory, a message still goes out, shortened */
	va_copy(again, ap);
	if (vasprintf(&msg, fmt, ap) == -1) {
		msg = NULL;
		vsnprintf(small, sizeof(small), fmt, again);
	}
	va_end(again);
	if (es != NULL && asprintf(&full, "%s: %s", msg != NULL ? msg : small,
	    es) == -1)
		full = NULL;
	memset(&r, 0, sizeof(r));
	r.level = lvl;
	gettimeofday(&r.tv, NULL);
	r.pid = log_pid();
	r.thread = thread_name;
	r.extra = extra;
	r.msg = full != NULL ? full : msg != NULL ? msg : small;
	r.json = json;
	r.local = local_only;
	for (i = 0; i < nsinks; i++)
		sinks[i](&r);
	free(full);
	free(msg);
}

#define LOGFN(fn, lvl, witherr)				\
void							\
fn(const char *fmt, ...)				\
{							\
	va_list	 ap;					\
	int	 saved = errno;				\
							\
	va_start(ap, fmt);				\
	vlog(lvl, witherr ? saved : 0, NULL, NULL, fmt, ap);	\
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
log_json(int lvl, const char *json, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(lvl, 0, NULL, json, fmt, ap);
	va_end(ap);
}

/* A dict logged as upstream logs one: str() as text, members in JSON. */
void
log_dict(int lvl, const char *text, const char *json)
{
	log_json(lvl, json, "%s", text);
}

/*
 * Upstream passes its extra= fields (address, length, status) with some
 * of a service's messages and not with others; JSON readers see which.
 */
void
log_svc(int lvl, const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog(lvl, 0, thread_extra, NULL, fmt, ap);
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
