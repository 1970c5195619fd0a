/*
 * JSON logs POSTed to a server, as the 0.6 series did it.  Any thread
 * may queue a message; only the main thread talks HTTP, from its poll
 * loop, through libcurl's multi interface over one kept-alive connection.
 * So a slow or dead server costs a check nothing: the queue is bounded,
 * and what does not fit is dropped and counted.  No thread is created,
 * which keeps the Nagios plugin's thread count true.
 */

#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "curlso.h"
#include "fdtab.h"
#include "httplog.h"
#include "log.h"
#include "logfmt.h"
#include "resolve.h"

static struct {
	int		 on;
	pthread_mutex_t	 mu;
	char		*q[HTTPLOG_QUEUE_MAX];
	size_t		 head;
	size_t		 n;
	unsigned long	 dropped;
	unsigned long	 reported;
	int		 evfd;
	char		 id[300];
	char		*url;
	const char	*server;
	CURLM		*multi;
	CURL		*easy;
	struct curl_slist *headers;
	char		*body;		/* in flight, or NULL */
	struct resolver	 rv;
	int		 pinned;	/* the server's address is known */
	time_t		 last_report;
} H = { .mu = PTHREAD_MUTEX_INITIALIZER, .evfd = -1 };

#define C curlso

static size_t
discard(char *p, size_t sz, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return sz * n;
}

static int
no_resolver(void *resolver, void *reserved, void *arg)
{
	(void)resolver;
	(void)reserved;
	(void)arg;
	return 1;
}

/* The server's address is known: transfers may start. */
static void
pin(struct resolver *rv)
{
	char	 addr[NI_MAXHOST], *entry;

	if (getnameinfo((struct sockaddr *)&rv->ss, rv->sslen, addr,
	    sizeof(addr), NULL, 0, NI_NUMERICHOST) != 0)
		return;
	xasprintf(&entry, "%s:%s:%s%s%s", rv->host, rv->port,
	    rv->ss.ss_family == AF_INET6 ? "[" : "", addr,
	    rv->ss.ss_family == AF_INET6 ? "]" : "");
	C.easy_setopt(H.easy, CURLOPT_RESOLVE, C.slist_append(NULL, entry));
	free(entry);
	H.pinned = 1;
}

/* Our sink of log.c's: a record into the queue, unless it is local. */
static void
httplog_sink(const struct log_record *r)
{
	struct buf	 b = { 0 };
	uint64_t	 one = 1;

	if (!H.on || r->local)
		return;
	logfmt_http(&b, r, H.id);
	pthread_mutex_lock(&H.mu);
	if (H.n == HTTPLOG_QUEUE_MAX) {
		H.dropped++;
		pthread_mutex_unlock(&H.mu);
		buf_free(&b);
		return;
	}
	H.q[(H.head + H.n++) % HTTPLOG_QUEUE_MAX] = buf_release(&b);
	pthread_mutex_unlock(&H.mu);
	if (write(H.evfd, &one, sizeof(one)) == -1 && errno != EAGAIN) {
		/* the main loop looks at the queue on its next turn anyway */
	}
}

int
httplog_init(const struct httplog_conf *c)
{
	char		 host[256], *dot;

	if (curlso_load() == -1)
		return -1;
	if (gethostname(host, sizeof(host)) == -1)
		strlcpy(host, "localhost", sizeof(host));
	host[sizeof(host) - 1] = '\0';
	if ((dot = strchr(host, '.')) != NULL)
		*dot = '\0';
	snprintf(H.id, sizeof(H.id), "anycast-healthchecker-%s", host);
	xasprintf(&H.url, "%s://%s:%s/", c->protocol, c->server, c->port);
	H.server = c->server;

	H.multi = C.multi_init();
	H.easy = C.easy_init();
	if (H.multi == NULL || H.easy == NULL)
		return -1;
	H.headers = C.slist_append(NULL, "Content-type: application/json");
	H.headers = C.slist_append(H.headers, "Accept: text/plain");
	C.easy_setopt(H.easy, CURLOPT_URL, H.url);
	C.easy_setopt(H.easy, CURLOPT_HTTPHEADER, H.headers);
	C.easy_setopt(H.easy, CURLOPT_NOSIGNAL, 1L);
	C.easy_setopt(H.easy, CURLOPT_TIMEOUT_MS, (long)(c->timeout * 1000));
	C.easy_setopt(H.easy, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)(c->timeout * 1000));
	C.easy_setopt(H.easy, CURLOPT_WRITEFUNCTION, discard);
	C.easy_setopt(H.easy, CURLOPT_TCP_KEEPALIVE, 1L);

	/*
	 * libcurl's resolver would start a thread for every lookup, and the
	 * Nagios plugin counts threads: we resolve, libcurl only ever gets
	 * a pinned address, and is refused should it try a lookup itself.
	 */
	C.easy_setopt(H.easy, CURLOPT_RESOLVER_START_FUNCTION, no_resolver);
	resolve_init(&H.rv, "http_server", c->server, c->port, SOCK_STREAM,
	    c->timeout, pin);
	if (resolve_now(&H.rv) == 0)
		pin(&H.rv);
	else
		resolve_later(&H.rv);
	if ((H.evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) != -1)
		fdtab_share(H.evfd);
	if (H.evfd == -1)
		return -1;
	H.on = 1;
	log_sink_add(httplog_sink);
	return 0;
}


unsigned long
httplog_dropped(void)
{
	unsigned long	 d;

	pthread_mutex_lock(&H.mu);
	d = H.dropped;
	pthread_mutex_unlock(&H.mu);
	return d;
}

/*
 * Add what the main loop must watch to pfd (at most max entries); *ms is
 * lowered to when libcurl wants to be called.  Returns the count added.
 */
int
httplog_pollfds(struct pollfd *pfd, int max, int *ms)
{
	fd_set	 r, w, x;
	long	 t;
	int	 n = 0, maxfd = -1, fd;

	if (!H.on || max < 1)
		return 0;
	pfd[n++] = (struct pollfd){ H.evfd, POLLIN, 0 };
	if (H.body == NULL)
		return n;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&x);
	C.multi_fdset(H.multi, &r, &w, &x, &maxfd);
	for (fd = 0; fd <= maxfd && n < max; fd++) {
		short	 ev = (short)((FD_ISSET(fd, &r) ? POLLIN : 0) |
		    (FD_ISSET(fd, &w) ? POLLOUT : 0));

		if (ev != 0)
			pfd[n++] = (struct pollfd){ fd, ev, 0 };
	}
	C.multi_timeout(H.multi, &t);
	/* while connecting libcurl may have no fd to give yet */
	if (t < 0 || maxfd == -1)
		t = 20;
	if (*ms < 0 || t < *ms)
		*ms = (int)t;
	return n;
}

static void
finish(CURLcode rc)
{
	long	 code = 0;

	log_local_only(1);
	if (rc != CURLE_OK)
		log_warnx("failed to send data to %s: %s", H.server,
		    C.easy_strerror(rc));
	else if (C.easy_getinfo(H.easy, CURLINFO_RESPONSE_CODE, &code) ==
	    CURLE_OK && code != 200)
		log_warnx("failed to send JSON data, received HTTP status code "
		    "%ld", code);
	log_local_only(0);
	C.multi_remove_handle(H.multi, H.easy);
	free(H.body);
	H.body = NULL;
}

/* One step of the sender; called by the main loop on every turn. */
void
httplog_run(void)
{
	CURLMsg		*m;
	uint64_t	 v;
	int		 running, left;
	time_t		 now;

	if (!H.on)
		return;
	if (read(H.evfd, &v, sizeof(v)) == -1 && errno != EAGAIN) {
		/* nothing to clear */
	}
	if (H.body != NULL) {
		C.multi_perform(H.multi, &running);
		while ((m = C.multi_info_read(H.multi, &left)) != NULL)
			if (m->msg == CURLMSG_DONE)
				finish(m->data.result);
	}
	if (H.body == NULL && H.pinned) {
		pthread_mutex_lock(&H.mu);
		if (H.n > 0) {
			H.body = H.q[H.head];
			H.head = (H.head + 1) % HTTPLOG_QUEUE_MAX;
			H.n--;
		}
		pthread_mutex_unlock(&H.mu);
		if (H.body != NULL) {
			C.easy_setopt(H.easy, CURLOPT_POSTFIELDS, H.body);
			C.multi_add_handle(H.multi, H.easy);
			C.multi_perform(H.multi, &running);
		}
	}
	now = time(NULL);
	if (httplog_dropped() != H.reported && now - H.last_report >= 10) {
		H.reported = httplog_dropped();
		H.last_report = now;
		log_local_only(1);
		log_warnx("dropped %lu log messages for %s so far: the queue "
		    "was full", H.reported, H.server);
		log_local_only(0);
	}
}
