/*
 * The exit, at SIGTERM, SIGINT or SIGABRT: no check starts, those in
 * flight and the routing daemon's commands are ended, the services with
 * on_exit = withdraw drain (drain_seconds) and are withdrawn, and the
 * pidfile goes.
 */

#include <sys/signalfd.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "announce.h"
#include "engine.h"
#include "lagfile.h"
#include "status.h"
#include "log.h"
#include "notify.h"
#include "pidfile.h"
#include "resolve.h"
#include "spawn.h"

/* How long shutdown waits for service threads after the checks' grace. */
#define STOP_THREADS	2.0
/* and then for the checks of threads that did not end, killed by then */
#define STOP_CHECKS	2.0

/*
 * A thread that did not end in time may still wait for its check, which
 * had SIGTERM and is sent SIGKILL now.  On a loaded machine a killed
 * process takes a while to die; the daemon exits only once each of them
 * has, so that none is seen running after the daemon.
 */
static void
checks_gone(struct engine *e)
{
	struct timespec	 ts = { 0, 10 * 1000 * 1000 };
	double		 until = clock_mono() + STOP_CHECKS;
	size_t		 i, left;

	for (;;) {
		for (i = 0, left = 0; i < e->st->nsvc; i++)
			left += !service_check_gone(e->st->svc[i]);
		if (left == 0)
			return;
		if (clock_mono() >= until)
			break;
		nanosleep(&ts, NULL);
	}
	log_warnx("%zu checks did not end in time", left);
}

/*
 * Once shutdown begins no check starts, and every group in flight gets
 * SIGTERM (which sudo relays), then SIGKILL after a grace: nothing the
 * daemon started outlives it.  Every service thread is joined, so that
 * none runs on, in libcurl or OpenSSL say, while exit() runs their
 * atexit handlers.  0 once they all ended, -1 if some did not in time.
 */
static int
stop_children(struct engine *e)
{
	struct announcer *a = e->ann;
	struct pollfd	 pfd[64];
	double		 grace = clock_mono() + SPAWN_GRACE;
	double		 until = grace + STOP_THREADS;
	size_t		 i;
	int		 busy, alive, n, ms, late;

	for (i = 0; i < e->st->nsvc; i++)
		service_signal(e, e->st->svc[i]);
	a->kind->stop(a, SIGTERM);
	for (;;) {
		late = clock_mono() >= grace;
		busy = a->kind->busy(a) && !late;
		for (i = 0, alive = 0; i < e->st->nsvc; i++)
			alive += !service_reap(e->st->svc[i], late);
		if ((!busy && !alive) || clock_mono() >= until)
			break;
		ms = 10;
		n = busy ? a->kind->pollfds(a, pfd, 64, &ms) : 0;
		if (ms < 0 || ms > 10)
			ms = 10;
		if (poll(pfd, (nfds_t)n, ms) == -1 && errno != EINTR)
			break;
		if (busy)
			a->kind->step(a, pfd);
	}
	a->kind->abort(a);
	resolve_stop();
	if (alive == 0)
		return 0;
	log_warnx("%d service threads did not end in time", alive);
	checks_gone(e);
	return -1;
}

/* Does s go at exit: on_exit = withdraw, or removed by a reload? */
static int
goes_at_exit(const struct service *s)
{
	return s->withdraw_on_exit || s->retiring;
}

/*
 * The drain before the exit: until the longest one is over, or a second
 * SIGTERM or SIGINT says not to wait.  The watchdog is fed meanwhile: a
 * drain may outlast WatchdogSec.
 */
static void
drain_wait(struct engine *e, double until)
{
	struct signalfd_siginfo	 si;
	struct pollfd		 pfd;
	double			 left;
	int			 ms;

	while ((left = until - clock_mono()) > 0) {
		ms = left > 60 ? 60000 : (int)(left * 1000) + 1;
		notify_watchdog(&ms);
		pfd = (struct pollfd){ e->sfd, POLLIN, 0 };
		if (poll(&pfd, 1, ms) == -1 && errno != EINTR)
			break;
		if (!(pfd.revents & POLLIN) ||
		    read(e->sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
			log_info("received %d (%s) during the drain: not "
			    "waiting for it", (int)si.ssi_signo,
			    strsignal((int)si.ssi_signo));
			return;
		}
	}
}

/*
 * on_exit = withdraw: the prefixes of those services (and of services a
 * reload removed that still drain) leave, and the routing daemon hears
 * of it once, before the daemon goes.  With drain_seconds they drain
 * first, all at once: the wait is the longest drain, not their sum.
 */
static void
withdraw_on_exit(struct engine *e)
{
	struct settings	*st = e->st;
	struct service	*s;
	struct change	*c;
	size_t		 i, n = 0;
	double		 wait = 2 + SPAWN_GRACE, until = 0, end;

	c = xcalloc(st->nsvc ? st->nsvc : 1, sizeof(*c));
	for (i = 0; i < st->nsvc; i++) {
		s = st->svc[i];
		if (!goes_at_exit(s))
			continue;
		if (s->custom_cmd != NULL && s->custom_timeout + SPAWN_GRACE >
		    wait)
			wait = s->custom_timeout + SPAWN_GRACE;
		if (s->announced == CHANGE_DRAIN && s->drain_until > until)
			until = s->drain_until;
		if (s->drain_seconds <= 0 || s->announced != CHANGE_ON)
			continue;
		c[n++] = (struct change){ s, CHANGE_DRAIN, s->drain_seconds };
		if ((end = clock_mono() + s->drain_seconds) > until)
			until = end;
	}
	if (until > 0) {
		log_info("draining the prefixes of %zu services for %.0f s "
		    "before the exit", n, until - clock_mono());
		engine_push(e, c, n);
		engine_status(e);
		e->ann->kind->last(e->ann, clock_mono() + wait);
		drain_wait(e, until);
	}
	for (i = 0, n = 0; i < st->nsvc; i++)
		if (goes_at_exit(st->svc[i]))
			c[n++] = (struct change){ st->svc[i], CHANGE_OFF, 0 };
	if (n > 0) {
		log_info("withdrawing the prefixes of %zu services with on_exit "
		    "= withdraw", n);
		engine_push(e, c, n);
		e->ann->kind->last(e->ann, clock_mono() + wait);
	}
	free(c);
}

void
shutdown_now(struct engine *e, int sig)
{
	int	 ended;

	log_info("received %d (%s)", sig, strsignal(sig));
	ended = stop_children(e) == 0;
	withdraw_on_exit(e);
	log_info("going to remove pidfile %s", e->st->pidfile);
	pidfile_release(e->pidfh);
	lagfile_remove(e->st);
	status_remove(e->st);
	log_info("shutdown is complete");
	/* a thread still running must not meet the libraries' atexit cleanup */
	if (!ended)
		_exit(0);
	exit(0);
}
