#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int		 log_fd = -1;	/* -1: not opened, plain stderr */
static int		 log_min = LOG_LEVEL_DEBUG;
static int		 log_width = 11;
static __thread const char *thread_name = "MainThread";

/* Python's level names; NOTSET logs everything. */
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

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(s, names[i].name) == 0) {
			*level = names[i].level;
			return 0;
		}
	return -1;
}

/* file NULL: stdout.  width pads the thread name, as upstream does. */
int
log_open(int level, const char *file, int width)
{
	int	 fd = STDOUT_FILENO;

	if (file != NULL && (fd = open(file, O_WRONLY | O_APPEND | O_CREAT |
	    O_CLOEXEC, 0644)) == -1)
		return -1;
	log_min = level;
	log_width = width;
	log_fd = fd;
	return 0;
}

void
log_thread(const char *name)
{
	thread_name = name;
}

static const char *
level_name(int level)
{
	switch (level) {
	case LOG_LEVEL_DEBUG:
		return "DEBUG";
	case LOG_LEVEL_INFO:
		return "INFO";
	case LOG_LEVEL_WARNING:
		return "WARNING";
	case LOG_LEVEL_ERROR:
		return "ERROR";
	default:
		return "CRITICAL";
	}
}

static void
vlog(int level, int err, const char *fmt, va_list ap)
{
	char		 line[8192], when[32], ebuf[128];
	struct timeval	 tv;
	struct tm	 tm;
	int		 n, m;
	const char	*es = "";

	if (err)
		es = strerror_r(err, ebuf, sizeof(ebuf));
	if (log_fd == -1) {
		flockfile(stderr);
		if (level >= LOG_LEVEL_WARNING && level < LOG_LEVEL_CRITICAL)
			fputs("warning: ", stderr);
		else if (level >= LOG_LEVEL_CRITICAL)
			fputs("fatal: ", stderr);
		vfprintf(stderr, fmt, ap);
		if (err)
			fprintf(stderr, ": %s", es);
		fputc('\n', stderr);
		funlockfile(stderr);
		return;
	}
	if (level < log_min)
		return;
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s,%03ld anycast-healthchecker[%ld] "
	    "%-8s %-*s ", when, (long)tv.tv_usec / 1000, (long)getpid(),
	    level_name(level), log_width, thread_name);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	n = m < 0 || (size_t)(n + m) >= sizeof(line) - 1 ?
	    (int)sizeof(line) - 2 : n + m;
	if (err)
		n += snprintf(line + n, sizeof(line) - (size_t)n, ": %s", es);
	if ((size_t)n >= sizeof(line) - 1)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	/* one write per line: lines of different threads never mix */
	if (write(log_fd, line, (size_t)n) == -1) {
		/* nowhere left to say it */
	}
}

#define LOGFN(fn, level, witherr)			\
void							\
fn(const char *fmt, ...)				\
{							\
	va_list	 ap;					\
	int	 saved = errno;				\
							\
	va_start(ap, fmt);				\
	vlog(level, witherr ? saved : 0, fmt, ap);	\
	va_end(ap);					\
	errno = saved;					\
}

LOGFN(log_warn, LOG_LEVEL_WARNING, 1)
LOGFN(log_warnx, LOG_LEVEL_WARNING, 0)
LOGFN(log_info, LOG_LEVEL_INFO, 0)
LOGFN(log_debug, LOG_LEVEL_DEBUG, 0)
LOGFN(log_error, LOG_LEVEL_ERROR, 0)
LOGFN(log_crit, LOG_LEVEL_CRITICAL, 0)

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_CRITICAL, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_CRITICAL, 0, fmt, ap);
	va_end(ap);
	exit(1);
}
