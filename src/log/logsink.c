/*
 * Log destinations, as upstream sets them up: a rotating log_file and a
 * UDP syslog log_server, or else stdout; each in text, JSON or (stdout
 * only) journald form.  Lines from different threads never mix: each is
 * one write(2) or one datagram.  Nothing here blocks a check for long:
 * the syslog socket is non-blocking.  One sink of log.c's, registered by
 * logsink_open(); a reload changes the destinations under a lock.
 */

#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdtab.h"
#include "log.h"
#include "logfmt.h"
#include "logrot.h"
#include "logsink.h"
#include "resolve.h"

static void	logsink_emit(const struct log_record *);

enum fmt { FMT_TEXT, FMT_JSON, FMT_JOURNAL };


static struct {
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
} L = { .udp4 = -1, .udp6 = -1,
    .file = { .mu = ROT_LOCK_INITIALIZER, .fd = -1 } };

/*
 * What a reload may change, every thread reads: the destinations below and
 * the fields of L, under this lock.
 */
static pthread_rwlock_t		 dests = PTHREAD_RWLOCK_INITIALIZER;

/* log_server, and its address once resolved. */
static struct resolver		 udp_rv;
static char			*udp_host;
static const struct sockaddr	*udp_dest;
static socklen_t		 udp_destlen;

/* How long start-up may wait for log_server's address. */
#define UDP_RESOLVE_TIMEOUT	5.0


/*
 * Told of a rollover, with no lock held, so that threads that write
 * nothing for a while let go of the old file: see logsink_refresh().
 */
static void	(*rollover_hook)(void);

void
logsink_set_rollover_hook(void (*fn)(void))
{
	rollover_hook = fn;
}

/* Counts the log file's rollovers. */
unsigned int
logsink_generation(void)
{
	return __atomic_load_n(&L.file.gen, __ATOMIC_ACQUIRE);
}

/*
 * Close this thread's descriptor of a log file that was rotated away;
 * the next line opens the new one.  A rotated file is deleted in the end,
 * and a descriptor held on it would keep its disk space for ever.
 */
void
logsink_refresh(void)
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
	pthread_rwlock_wrlock(&dests);
	old = udp_dest;
	udp_destlen = rv->sslen;
	udp_dest = (struct sockaddr *)ss;
	pthread_rwlock_unlock(&dests);
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
	pthread_rwlock_wrlock(&dests);
	old = udp_dest;
	udp_dest = NULL;
	free(udp_host);
	udp_host = xstrdup(c->server);
	L.udp = 1;
	L.udp_fmt = c->json_server ? FMT_JSON : FMT_TEXT;
	pthread_rwlock_unlock(&dests);
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
logsink_open(const struct log_conf *c, const char **failed)
{
	struct rotfile	 serr = { .mu = ROT_LOCK_INITIALIZER,
	    .maxbytes = c->maxbytes, .backups = c->backups };
	int		 e;

	log_set_level(c->level);
	L.width = c->width;
	if (c->file != NULL) {
		L.file.path = xstrdup(c->file);
		L.file.maxbytes = c->maxbytes;
		L.file.backups = c->backups;
		if ((L.file.fd = rot_open(L.file.path)) == -1) {
			*failed = "log_file";
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
			e = errno;
			free(serr.path);
			errno = e;
			*failed = "stderr_file";
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
	log_sink_add(logsink_emit);
	return 0;
}

/*
 * SIGHUP: the level and the destinations change at once for every
 * thread.  Each thread opens the new log file itself on its next line.
 * What only a restart can change (stderr's destination, JSON over HTTP)
 * the caller says.
 */
void
logsink_reconfigure(const struct log_conf *c)
{
	const struct sockaddr *old = NULL;
	int	 udp_changed;

	pthread_rwlock_rdlock(&dests);
	udp_changed = c->server != NULL && (!L.udp ||
	    strcmp(udp_host, c->server) != 0 ||
	    strtoll(udp_rv.port, NULL, 10) != c->port);
	pthread_rwlock_unlock(&dests);
	if (udp_changed)
		udp_target(c, 0);

	pthread_rwlock_wrlock(&dests);
	log_set_level(c->level);
	L.width = c->width;
	pthread_rwlock_wrlock(&L.file.mu);
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
	pthread_rwlock_unlock(&L.file.mu);
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
	pthread_rwlock_unlock(&dests);
	if (c->server == NULL)
		resolve_cancel(&udp_rv);
	free((void *)(uintptr_t)old);
	if (rollover_hook != NULL)
		rollover_hook();	/* idle threads let go of the old file */
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

/* The sink log.c calls: every configured destination, in one go. */
static void
logsink_emit(const struct log_record *r)
{
	const struct sockaddr *dest;
	struct buf	 b = { 0 };

	pthread_rwlock_rdlock(&dests);
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
	pthread_rwlock_unlock(&dests);
	buf_free(&b);
}
