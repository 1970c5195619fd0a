#include <sys/types.h>

#include <arpa/inet.h>

#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "resolve.h"
#include "util.h"

#define GETENT		"/usr/bin/getent"
#define PENDING_MAX	4

/* The resolvers that wait for a retry from the main loop. */
static struct resolver	*pending[PENDING_MAX];
static int		 npending;

void
resolve_init(struct resolver *rv, const char *what, const char *host,
    const char *port, int socktype, double timeout,
    void (*done)(struct resolver *))
{
	memset(rv, 0, sizeof(*rv));
	rv->what = what;
	rv->host = host;
	strlcpy(rv->port, port, sizeof(rv->port));
	rv->socktype = socktype;
	rv->timeout = timeout;
	rv->done = done;
	rv->pfd_n = -1;
	rv->backoff = RESOLVE_RETRY_FIRST;
}

/* A numeric address into rv; 0, or -1 if text is not one. */
static int
numeric(struct resolver *rv, const char *text)
{
	struct addrinfo	 hints, *res;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = rv->socktype;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if (getaddrinfo(text, rv->port, &hints, &res) != 0)
		return -1;
	memcpy(&rv->ss, res->ai_addr, res->ai_addrlen);
	rv->sslen = res->ai_addrlen;
	freeaddrinfo(res);
	rv->resolved = 1;
	return 0;
}

static int
start(struct resolver *rv)
{
	struct spawn_opts o = { rv->timeout, 0, 0, 1, NULL, 0 };
	/* execve takes char *const []; it writes to none of them */
	char	*argv[] = { (char *)(uintptr_t)GETENT, (char *)(uintptr_t)"ahosts",
		    (char *)(uintptr_t)rv->host, NULL };

	if (spawn_start(argv, &o, &rv->p, &rv->r) == -1)
		return -1;
	rv->busy = 1;
	return 0;
}

static void
retry_later(struct resolver *rv, const char *why)
{
	log_warnx("failed to resolve %s %s%s; trying again in %.0f seconds",
	    rv->what, rv->host, why, rv->backoff);
	rv->next_try = clock_mono() + rv->backoff;
	rv->backoff = rv->backoff * 2 > RESOLVE_RETRY_MAX ? RESOLVE_RETRY_MAX :
	    rv->backoff * 2;
}

/* What getent said: its first address, in its first line. */
static int
finish(struct resolver *rv)
{
	char	 addr[INET6_ADDRSTRLEN + 1];
	int	 ok;

	rv->busy = 0;
	ok = !rv->r.timed_out && rv->r.status == 0 &&
	    sscanf(rv->r.out.buf, "%46s", addr) == 1 && numeric(rv, addr) == 0;
	spawn_result_free(&rv->r);
	if (!ok)
		retry_later(rv, rv->r.timed_out ? " in time" : "");
	return ok ? 0 : -1;
}

/*
 * At start-up: at most rv->timeout seconds.  0 once resolved; else the
 * caller keeps going without it and may call resolve_later().
 */
int
resolve_now(struct resolver *rv)
{
	struct pollfd	 pfd[SPAWN_POLLFDS];
	int		 n, ms;

	if (numeric(rv, rv->host) == 0)
		return 0;
	if (start(rv) == -1) {
		retry_later(rv, ": cannot run " GETENT);
		return -1;
	}
	do {
		ms = -1;
		n = spawn_pollfds(&rv->p, pfd, &ms);
		(void)poll(pfd, (nfds_t)n, ms);
	} while (!spawn_step(&rv->p, pfd, n));
	return finish(rv);
}

/* Retry from the main loop until resolved; then rv->done is called. */
void
resolve_later(struct resolver *rv)
{
	if (rv->resolved || npending == PENDING_MAX)
		return;
	pending[npending++] = rv;
}

int
resolve_pollfds(struct pollfd *pfd, int max, int *ms)
{
	double	 now = clock_mono(), d;
	int	 i, n = 0;

	for (i = 0; i < npending; i++) {
		struct resolver *rv = pending[i];

		rv->pfd_n = -1;
		if (!rv->busy && now >= rv->next_try && start(rv) == -1)
			retry_later(rv, ": cannot run " GETENT);
		if (!rv->busy) {
			d = (rv->next_try - now) * 1000 + 1;
			if (*ms < 0 || d < *ms)
				*ms = (int)d;
			continue;
		}
		if (n + SPAWN_POLLFDS > max)
			continue;
		rv->pfd_off = n;
		rv->pfd_n = spawn_pollfds(&rv->p, pfd + n, ms);
		n += rv->pfd_n;
	}
	return n;
}

void
resolve_step(const struct pollfd *pfd)
{
	int	 i;

	for (i = 0; i < npending; i++) {
		struct resolver *rv = pending[i];

		if (rv->pfd_n < 0 || !spawn_step(&rv->p, pfd + rv->pfd_off,
		    rv->pfd_n) || finish(rv) == -1)
			continue;
		pending[i--] = pending[--npending];
		/* first, so that this line already goes where it now can */
		rv->done(rv);
		log_info("resolved %s %s", rv->what, rv->host);
	}
}

/* At shutdown: nothing we started outlives us. */
void
resolve_stop(void)
{
	int	 i;

	for (i = 0; i < npending; i++)
		if (pending[i]->busy) {
			spawn_finish(&pending[i]->p);
			spawn_result_free(&pending[i]->r);
			pending[i]->busy = 0;
		}
}

/*
 * A reload changed what rv looks up: its lookup in flight, if any, ends,
 * and it leaves the retry list.
 */
void
resolve_cancel(struct resolver *rv)
{
	int	 i;

	for (i = 0; i < npending; i++) {
		if (pending[i] != rv)
			continue;
		if (rv->busy) {
			spawn_finish(&rv->p);
			spawn_result_free(&rv->r);
			rv->busy = 0;
		}
		pending[i] = pending[--npending];
		break;
	}
}

/* A numeric address at once, 0; otherwise -1, and nothing waited for. */
int
resolve_numeric(struct resolver *rv)
{
	return numeric(rv, rv->host);
}
