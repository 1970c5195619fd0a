/*
 * The main thread: it owns the BIRD files.  Service threads post changes;
 * the main thread drains every change pending, applies them to each IP
 * version's file at once, and asks BIRD to reload once per burst, again
 * with back-off until BIRD takes the file.  Signals arrive through a
 * signalfd, so no handler runs on an arbitrary thread.
 */

#include <sys/eventfd.h>
#include <sys/signalfd.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "announce.h"
#include "engine.h"
#include "fdtab.h"
#include "health.h"
#include "httplog.h"
#include "lagfile.h"
#include "log.h"
#include "logsink.h"
#include "metrics.h"
#include "nap.h"
#include "notify.h"
#include "pidfile.h"
#include "reconfig.h"
#include "promhttp.h"
#include "resolve.h"
#include "spawn.h"
#include "status.h"

/*
 * A change that comes alone is applied at once.  One that follows the
 * last batch within SETTLE_MAX is part of a burst: wait until the queue
 * has been quiet for SETTLE_QUIET, at most SETTLE_MAX, and take the rest
 * of the burst with it.
 */
#define SETTLE_QUIET	0.005
#define SETTLE_MAX	0.050

static struct engine	*rollover_engine;

static void	wake(struct engine *);

/* From whichever thread rotated the log: no lock may be taken here. */
static void
rollover(void)
{
	wake(rollover_engine);
}

void
engine_init(struct engine *e, struct settings *st, struct pidfile *pfh,
    const struct config_paths *paths)
{
	memset(e, 0, sizeof(*e));
	e->st = st;
	e->pidfh = pfh;
	e->paths = paths;
	pthread_mutex_init(&e->lock, NULL);
	if ((e->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) == -1)
		fatal("eventfd");
	fdtab_share(e->wakefd);
	rollover_engine = e;
	logsink_set_rollover_hook(rollover);
}

static void
wake(struct engine *e)
{
	uint64_t	 one = 1;

	if (write(e->wakefd, &one, sizeof(one)) == -1 && errno != EAGAIN)
		log_warn("waking the main thread");
}

/* A service's status changed: the main thread writes it out. */
void
engine_nudge(struct engine *e)
{
	wake(e);
}

void
engine_post(struct engine *e, struct service *s, int up, double drain)
{
	pthread_mutex_lock(&e->lock);
	if (e->qn == e->qcap) {
		e->qcap = e->qcap ? e->qcap * 2 : 64;
		e->q = xreallocarray(e->q, e->qcap, sizeof(*e->q));
	}
	e->q[e->qn++] = (struct change){ s, up, drain };
	pthread_mutex_unlock(&e->lock);
	wake(e);
}

void
engine_died(struct engine *e, struct service *s, const char *why)
{
	pthread_mutex_lock(&e->lock);
	if (e->died == NULL) {
		e->died = s;
		e->died_why = xstrdup(why);
	}
	pthread_mutex_unlock(&e->lock);
	wake(e);
}

/*
 * Sleep up to secs; SIGURG ends every such sleep at once, and so does a
 * reload that stops this service.  A rotation of the log file wakes it
 * briefly, to let go of the old file.  No lock: when every service's
 * sleep ends in the same millisecond, as it does when they started
 * together, a shared mutex would pass from thread to thread through the
 * kernel, costing each of them several system calls per check.
 */
void
engine_wait(struct engine *e, struct service *s, double secs)
{
	unsigned long	 gen, rgen, r;
	uint32_t	 seen;
	double		 until;

	logsink_refresh();
	if (!(secs > 0))
		return;
	if (secs > 1e8)
		secs = 1e8;
	until = clock_mono() + secs;
	gen = __atomic_load_n(&e->urgent_gen, __ATOMIC_ACQUIRE);
	rgen = __atomic_load_n(&e->refresh_gen, __ATOMIC_ACQUIRE);
	for (;;) {
		seen = nap_seen(&e->nap);
		if (__atomic_load_n(&e->urgent_gen, __ATOMIC_ACQUIRE) != gen ||
		    __atomic_load_n(&s->stop, __ATOMIC_ACQUIRE))
			return;
		if ((r = __atomic_load_n(&e->refresh_gen, __ATOMIC_ACQUIRE)) !=
		    rgen) {
			rgen = r;
			logsink_refresh();
			continue;
		}
		if (clock_mono() >= until)
			return;
		nap(&e->nap, seen, until);
	}
}

/* Every sleeping service looks again: one of its reasons changed. */
static void
engine_wake_services(struct engine *e, unsigned long *gen)
{
	__atomic_add_fetch(gen, 1, __ATOMIC_RELEASE);
	nap_wake(&e->nap);
}

/* Take every change posted so far; in a burst, wait briefly for the rest. */
static struct change *
drain(struct engine *e, size_t *n)
{
	static double	 prev = -1;	/* when the last batch was taken */
	struct change	*c;
	double		 start = clock_mono(), last;
	size_t		 seen;
	uint64_t	 v;

	if (read(e->wakefd, &v, sizeof(v)) == -1 && errno != EAGAIN)
		log_warn("reading the wake-up counter");
	pthread_mutex_lock(&e->lock);
	seen = e->qn;
	pthread_mutex_unlock(&e->lock);
	last = clock_mono();
	if (prev < 0 || start - prev > SETTLE_MAX)
		seen = 0;
	while (seen > 0 && clock_mono() - start < SETTLE_MAX &&
	    clock_mono() - last < SETTLE_QUIET) {
		struct timespec ts = { 0, 1000000 };

		nanosleep(&ts, NULL);
		pthread_mutex_lock(&e->lock);
		if (e->qn != seen) {
			seen = e->qn;
			last = clock_mono();
		}
		pthread_mutex_unlock(&e->lock);
	}
	pthread_mutex_lock(&e->lock);
	if (e->died != NULL) {
		log_crit("thread for service %s died due to : %s",
		    e->died->name, e->died_why);
		log_crit("This is a fatal error and the only way to recover is "
		    "to restart, thus exiting with a non-zero code and let "
		    "systemd act by triggering a restart");
		exit(1);
	}
	c = e->q;
	*n = e->qn;
	e->q = NULL;
	e->qn = e->qcap = 0;
	pthread_mutex_unlock(&e->lock);
	if (*n > 0)
		prev = clock_mono();
	return c;
}

/* STATUS= for systemctl status: how many services, how many announced. */
void
engine_status(struct engine *e)
{
	struct settings	*st = e->st;
	size_t	 i, up = 0, draining = 0;

	for (i = 0; i < st->nsvc; i++) {
		up += st->svc[i]->announced != CHANGE_OFF;
		draining += st->svc[i]->announced == CHANGE_DRAIN;
	}
	if (draining > 0)
		notify_send("STATUS=%zu services, %zu announced, %zu draining",
		    st->nsvc, up, draining);
	else
		notify_send("STATUS=%zu services, %zu announced", st->nsvc, up);
}

/* A service's start, at launch or when a reload adds or changes it. */
void
engine_launch(struct engine *e, struct service *s, double splay)
{
	log_debug("launching thread for %s", s->name);
	log_extra(&s->extra);
	log_svc(LOG_LEVEL_INFO, "loading check for %s", s->name);
	log_extra(NULL);
	if (s->disabled)
		service_disabled(e, s);
	else
		service_start(e, s, splay);
}

/*
 * Changes to the announcer, which applies them to what the routing
 * daemon is told; what it needs to run is left for the kick.
 */
void
engine_push(struct engine *e, struct change *c, size_t n)
{
	size_t		 i;
	int		*altered;

	for (i = 0; i < n; i++)
		if (c[i].up == CHANGE_DRAIN && c[i].drain > 0 &&
		    c[i].svc->announced == CHANGE_OFF &&
		    !e->ann->kind->has(e->ann, c[i].svc)) {
			/*
			 * A planned drain of what is not announced (a DOWN
			 * service's maintenance) would announce it: withdrawn
			 * it stays.
			 */
			log_info("none of the prefixes of %s is announced: no "
			    "drain", c[i].svc->name);
			c[i].up = CHANGE_OFF;
			c[i].drain = 0;
		}
	altered = xcalloc(n ? n : 1, sizeof(*altered));
	e->ann->kind->push(e->ann, c, n, altered);
	for (i = 0; i < n; i++) {
		struct service *s = c[i].svc;

		/* a planned drain ends in a withdrawal; a drain goes on */
		if (c[i].up != CHANGE_DRAIN || c[i].drain <= 0)
			s->drain_until = 0;
		else if (s->announced != CHANGE_DRAIN || s->drain_until == 0)
			s->drain_until = clock_mono() + c[i].drain;
		s->announced = c[i].up;
		status_touch();
		__atomic_store_n(&s->drain_planned, s->drain_until > 0,
		    __ATOMIC_RELAXED);
	}
	free(altered);
}

/*
 * Planned drains that are over: their prefixes are withdrawn now, and a
 * service a reload removed goes with them.  *ms: when the next is due.
 */
void
engine_drains(struct engine *e, int *ms)
{
	struct settings	*st = e->st;
	struct change	*c = NULL;
	double		 now = clock_mono(), d;
	size_t		 i, n = 0;
	int		 w;

	for (i = 0; i < st->nsvc; i++) {
		d = st->svc[i]->drain_until;
		if (d <= 0)
			continue;
		if (d > now) {
			w = (int)((d - now) * 1000) + 1;
			if (*ms < 0 || w < *ms)
				*ms = w;
			continue;
		}
		c = xreallocarray(c, n + 1, sizeof(*c));
		c[n++] = (struct change){ st->svc[i], CHANGE_OFF, 0 };
	}
	if (n == 0)
		return;
	engine_push(e, c, n);
	free(c);
	reconfig_retired(e);
	e->ann->kind->kick(e->ann);
	engine_status(e);
	*ms = 0;	/* what the kick started is polled on the next round */
}

/* Every change posted so far, to the announcer at once. */
void
engine_apply(struct engine *e)
{
	struct change	*c;
	size_t		 i, n;

	c = drain(e, &n);
	for (i = 0; i < n; i++)
		/* upstream's words, with the routing daemon it is */
		log_info("returned an item from the queue for %s with IP "
		    "prefix %s and action to %s %s configuration",
		    c[i].svc->name, c[i].svc->prefix_str, c[i].up != CHANGE_OFF ?
		    "add to" : "delete from", e->ann->kind == &announce_bird ? "Bird" :
		    e->ann->kind->daemon);
	if (n > 0) {
		engine_push(e, c, n);
		engine_status(e);
	}
	free(c);
	e->ann->kind->kick(e->ann);
}

int
engine_run(struct engine *e)
{
	struct settings		*st = e->st;
	struct announcer	 ann;
	struct pollfd		*pfd = NULL;
	struct signalfd_siginfo	 si;
	sigset_t		 set;
	size_t			 i, maxpfd = 0;
	int			 sfd, npfd, nrl, nrs, nph, ms;
	double			 started = clock_mono(), metrics_at = -1;
	double			 started_real = clock_real();
	double			 interval = st->prometheus_interval > 0 ?
				    (double)st->prometheus_interval : 1;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGABRT);
	sigaddset(&set, SIGURG);
	if ((sfd = signalfd(-1, &set, SFD_CLOEXEC)) == -1)
		fatal("signalfd");
	e->sfd = sfd;

	announce_init(&ann, st);
	ann.kind->start(&ann);
	lagfile_write(st);
	status_write(st);
	e->ann = &ann;
	ann.kind->kick(&ann);

	log_dict(LOG_LEVEL_DEBUG, st->bird_repr.s, st->bird_json.s);
	log_info("initialize healthchecker");
	log_info("starting anycast-healthchecker version %s", VERSION);
	if (st->nsvc == 0)
		log_warnx("no service checks are configured");
	else
		log_info("going to launch %zu threads", st->nsvc);
	for (i = 0; i < st->nsvc; i++)
		engine_launch(e, st->svc[i], st->has_splay ? st->splay : -1);

	/* the lock and pidfile are held, and every thread has started */
	notify_send("READY=1");
	engine_status(e);
	if (st->prometheus)
		metrics_clean(st);
	if (st->prometheus || st->prometheus_listen != NULL)
		metrics_at = clock_mono();
	for (;;) {
		/*
		 * Before every sleep, not only after a wake-up: a reload's
		 * own engine_apply() takes the wake-up its log change made.
		 */
		if (logsink_generation() != e->log_gen) {
			e->log_gen = logsink_generation();
			logsink_refresh();
			engine_wake_services(e, &e->refresh_gen);
		}
		/* two reconfigures, a custom command per service, HTTP logging */
		if (2 + (2 + st->nsvc) * SPAWN_POLLFDS + 62 > maxpfd) {
			maxpfd = 2 + (2 + st->nsvc) * SPAWN_POLLFDS + 62;
			pfd = xreallocarray(pfd, maxpfd, sizeof(*pfd));
		}
		if (metrics_at >= 0 && clock_mono() >= metrics_at) {
			metrics_write(st, clock_mono() - started);
			/* the next slot on the wall clock's phase, as upstream */
			metrics_at = clock_mono() + health_sleep(clock_real(),
			    health_phase(started_real, interval), interval);
		}
		/* what this turn changed, before the loop sleeps */
		status_write(st);
		pfd[0] = (struct pollfd){ sfd, POLLIN, 0 };
		pfd[1] = (struct pollfd){ e->wakefd, POLLIN, 0 };
		ms = -1;
		if (metrics_at >= 0) {
			double d = metrics_at - clock_mono();

			ms = d <= 0 ? 0 : (int)(d * 1000) + 1;
		}
		notify_watchdog(&ms);
		nrl = ann.kind->pollfds(&ann, pfd + 2, (int)maxpfd - 64, &ms);
		nrs = resolve_pollfds(pfd + 2 + nrl, 2 * SPAWN_POLLFDS, &ms);
		npfd = 2 + nrl + nrs;
		npfd += httplog_pollfds(pfd + npfd, 61 - 2 * SPAWN_POLLFDS, &ms);
		nph = promhttp_pollfds(pfd + npfd, 1, &ms);
		npfd += nph;
		if (e->reconf != NULL && (ms < 0 || ms > 10))
			ms = 10;	/* a reload waits for its threads */
		engine_drains(e, &ms);
		if (poll(pfd, (nfds_t)npfd, ms) == -1 && errno != EINTR)
			fatal("poll");
		resolve_step(pfd + 2 + nrl);
		httplog_run();
		promhttp_step(pfd + npfd - nph, nph);
		ann.kind->step(&ann, pfd + 2);
		reconfig_step(e, &ms);
		if (lagfile_write(st))
			status_touch();
		if (pfd[0].revents & POLLIN &&
		    read(sfd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGHUP) {
				reconfig_run(e, e->paths);
				continue;
			}
			if (si.ssi_signo != SIGURG)
				shutdown_now(e, (int)si.ssi_signo);
			log_info("Immediatly running all checks");
			engine_wake_services(e, &e->urgent_gen);
		}
		if (pfd[1].revents & POLLIN)
			engine_apply(e);
	}
}
