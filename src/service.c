/*
 * One thread per enabled service: run its check on a steady schedule,
 * keep its rise/fail state and tell the main thread when the prefix
 * must be announced or withdrawn.  Log lines keep upstream's words.
 */

#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "engine.h"
#include "fdtab.h"
#include "ifaddr.h"
#include "log.h"
#include "metrics.h"
#include "nap.h"
#include "pystr.h"
#include "spawn.h"
#include "status.h"

struct service_arg {
	struct engine	*eng;
	struct service	*svc;
	double		 splay;
};

/*
 * Upstream's _ip_assigned(), for each prefix of the list: a failed lookup
 * does not withdraw.  Returns the first prefix missing, or NULL.
 */
static const char *
ip_missing(struct service *s)
{
	const struct svc_prefix *p;
	char	 why[STATUS_WHY];
	size_t	 k;

	if (s->ip_check_disabled) {
		log_info("checking for IP assignment on interface %s is "
		    "disabled", s->interface);
		return NULL;
	}
	for (k = 0; k < s->npfx; k++) {
		p = &s->pfx[k];
		switch (ifaddr_assigned(s->interface, &p->p)) {
		case IFADDR_YES:
			log_debug("%s assigned to %s interface", p->str,
			    s->interface);
			break;
		case IFADDR_NO:
			log_warnx("%s isn't assigned to %s interface", p->str,
			    s->interface);
			snprintf(why, sizeof(why), "%s isn't assigned to %s "
			    "interface", p->str, s->interface);
			round_judge(FAIL_IP, why, NULL);
			metrics_ip(s, 0);
			return p->str;
		case IFADDR_NO_INTERFACE:
			log_error("error checking IP-PREFIX %s: interface %s "
			    "does not exist", p->str, s->interface);
			break;
		default:
			log_error("error checking IP-PREFIX %s: cannot list "
			    "addresses", p->str);
			break;
		}
	}
	metrics_ip(s, 1);
	return NULL;
}

/*
 * Upstream's disabled path says it without the service's fields.  drain:
 * a planned drain's seconds, after which the main thread withdraws.
 */
static void
queue(struct engine *e, struct service *s, int up, double drain, int tagged)
{
	if (tagged)
		log_svc(LOG_LEVEL_INFO, "adding %s in the queue", s->prefix_str);
	else
		log_info("adding %s in the queue", s->prefix_str);
	engine_post(e, s, up, drain);
}

/*
 * A planned withdrawal (maintenance, check_disabled): with drain_seconds
 * the prefixes first stay announced with the drain community.
 */
static void
queue_planned(struct engine *e, struct service *s, int tagged)
{
	if (s->drain_seconds > 0)
		queue(e, s, CHANGE_DRAIN, s->drain_seconds, tagged);
	else
		queue(e, s, CHANGE_OFF, 0, tagged);
}

/*
 * While the maintenance file exists the service counts as disabled, and
 * on_disabled decides; after it, the state it was left in stands, so a
 * withdrawn prefix returns after check_rise passing checks.
 */
static int
maintenance(struct engine *e, struct service *s)
{
	struct stat	 sb;

	if (s->maintenance_file == NULL)
		return 0;
	if (stat(s->maintenance_file, &sb) == -1 && errno == ENOENT) {
		if (s->in_maintenance &&
		    __atomic_load_n(&s->drain_planned, __ATOMIC_RELAXED)) {
			/* gone before the drain ended: nothing is withdrawn */
			log_info("maintenance file %s is gone during the drain, "
			    "the prefixes are announced as before",
			    s->maintenance_file);
			health_init(&s->health, s->rise, s->fail);
			s->health.status = HEALTH_UP;
			s->extra.status = "up";
			queue(e, s, CHANGE_ON, 0, 1);
		} else if (s->in_maintenance)
			log_info("maintenance file %s is gone, checks resume",
			    s->maintenance_file);
		s->in_maintenance = 0;
		return 0;
	}
	round_judge(-1, "maintenance file exists", s->maintenance_file);
	if (s->advertise_when_disabled)
		log_info("check is disabled, ip_prefix wont be withdrawn: "
		    "maintenance file %s exists", s->maintenance_file);
	else
		log_info("Check is disabled and ip_prefix will be withdrawn: "
		    "maintenance file %s exists", s->maintenance_file);
	if (!s->in_maintenance) {
		s->in_maintenance = 1;
		health_init(&s->health, s->rise, s->fail);
		s->health.status = s->advertise_when_disabled ? HEALTH_UP :
		    HEALTH_DOWN;
		s->extra.status = s->advertise_when_disabled ? "up" : "down";
		if (s->advertise_when_disabled)
			queue(e, s, CHANGE_ON, 0, 1);
		else
			queue_planned(e, s, 1);
	}
	return 1;
}

/* What the round leaves for --status; the main thread is told. */
static void
publish(struct engine *e, struct service *s)
{
	enum svc_state	 st;
	const char	*why;
	int		 reason;

	if (s->in_maintenance)
		st = SVC_MAINTENANCE;
	else if (s->health.status == HEALTH_UP)
		st = SVC_UP;
	else if (s->health.status == HEALTH_DOWN)
		st = SVC_DOWN;
	else
		st = SVC_UNKNOWN;
	why = round_verdict(&reason);
	if (status_round(s, st, why, reason))
		engine_nudge(e);
}

static void
run_once(struct engine *e, struct service *s)
{
	struct health	*h = &s->health;
	enum health_event ev;
	const char	*missing;
	int		 status;

	if (maintenance(e, s))
		return;

	if ((missing = ip_missing(s)) != NULL) {
		s->extra.status = "down";
		metrics_state(s, 1);
		log_svc(LOG_LEVEL_WARNING, "status DOWN because %s isn't "
		    "assigned to %s interface.", missing, s->interface);
		/* no address, nothing to serve with: withdrawn, drain or not */
		if (health_ip_missing(h) == HEALTH_CHANGED_DOWN)
			queue(e, s, CHANGE_OFF, 0, 1);
		return;
	}
	status = round_check(e, s);
	ev = health_result(h, status == 0);
	/* upstream records the exit code once a threshold is reached */
	if (ev == HEALTH_CHANGED_UP || ev == HEALTH_STILL_UP ||
	    ev == HEALTH_CHANGED_DOWN || ev == HEALTH_STILL_DOWN) {
		s->extra.status = status == 0 ? "up" : "down";
		metrics_state(s, status);
	}
	switch (ev) {
	case HEALTH_CHANGED_UP:
		log_svc(LOG_LEVEL_INFO, "changed to UP");
		queue(e, s, CHANGE_ON, 0, 1);
		break;
	case HEALTH_CHANGED_DOWN:
		log_svc(LOG_LEVEL_INFO, "changed to DOWN");
		/* on_down = drain: still announced, with the drain community */
		queue(e, s, s->drain_on_down ? CHANGE_DRAIN : CHANGE_OFF, 0, 1);
		break;
	case HEALTH_STILL_UP:
		log_svc(LOG_LEVEL_INFO, "status UP");
		break;
	case HEALTH_STILL_DOWN:
		log_svc(LOG_LEVEL_INFO, "status DOWN");
		break;
	case HEALTH_GOING_UP:
		log_svc(LOG_LEVEL_INFO, "going up %lld/%lld", h->up_cnt, h->rise);
		break;
	case HEALTH_GOING_DOWN:
		log_svc(LOG_LEVEL_INFO, "going down %lld/%lld", h->down_cnt, h->fail);
		break;
	case HEALTH_BUG:
		if (h->down_cnt == 0)
			log_svc(LOG_LEVEL_ERROR, "up_cnt is higher %lld, "
			    "it's a BUG!",
			    h->up_cnt);
		else
			log_svc(LOG_LEVEL_ERROR, "down_cnt is higher %lld, "
			    "it's a BUG!",
			    h->down_cnt);
		break;
	case HEALTH_NO_CHANGE:
		break;
	}
}

static void
dump_str(const char *key, const char *v)
{
	log_debug("%s=%s:<class 'str'>", key, v);
}

static void
dump_float(const char *key, double v)
{
	struct buf	 b = { 0 };

	py_float_repr(&b, v);
	log_debug("%s=%s:<class 'float'>", key, b.s);
	buf_free(&b);
}

static void
dump_int(const char *key, long long v)
{
	log_debug("%s=%lld:<class 'int'>", key, v);
}

static void
dump_bool(const char *key, int v)
{
	log_debug("%s=%s:<class 'bool'>", key, v ? "True" : "False");
}

/* Upstream's thread starts by logging each typed option of its service. */
static void
dump(const struct service *s)
{
	size_t	 i;

	if (s->check_cmd != NULL)
		dump_str("check_cmd", s->check_cmd);
	for (i = 0; i < s->nchecks; i++)
		dump_str(s->checks[i].kind->option, s->checks[i].value);
	dump_float("check_interval", s->interval);
	dump_float("check_timeout", s->timeout);
	dump_int("check_rise", s->rise);
	dump_int("check_fail", s->fail);
	dump_bool("check_disabled", s->disabled);
	dump_str("on_disabled", s->on_disabled);
	dump_str("ip_prefix", s->prefix_raw);
	dump_str("interface", s->interface);
	dump_bool("ip_check_disabled", s->ip_check_disabled);
	dump_float("custom_bird_reconfigure_cmd_timeout", s->custom_timeout);
	if (s->custom_cmd != NULL)
		dump_str("custom_bird_reconfigure_cmd", s->custom_cmd);
	if (s->withdraw_on_exit)
		dump_str("on_exit", "withdraw");
	if (s->maintenance_file != NULL)
		dump_str("maintenance_file", s->maintenance_file);
}

/*
 * A delay up to splay seconds, in whole milliseconds and said as
 * Python's str(float("%.3f" % x)) says it: "0.0", "2.0", "1.25".
 */
static double
splay_delay(double splay)
{
	struct buf	 b = { 0 };
	char		 ms[64];
	double		 sleep;

	snprintf(ms, sizeof(ms), "%.3f", drand48() * splay);
	sleep = strtod(ms, NULL);
	py_float_repr(&b, sleep);
	log_info("delaying startup for %ssecs", b.s);
	buf_free(&b);
	return sleep;
}

/* set by service_signal(), without a lock: see engine_wait() */
static int
stopped(struct service *s)
{
	return __atomic_load_n(&s->stop, __ATOMIC_ACQUIRE);
}

static void *
service_main(void *arg)
{
	struct service_arg *a = arg;
	struct engine	*e = a->eng;
	struct service	*s = a->svc;
	double		 offset, t0, sleep;

	log_thread(s->name);
	log_extra(&s->extra);
	/*
	 * A table of descriptors of its own: vfork copies the table of the
	 * forking thread, and the shared one holds the pipes of every check
	 * in flight, so a thousand checks at once cost a million copies and
	 * closes each round.  The log file it opens itself (see log.c).
	 */
	fdtab_private();
	dump(s);
	if (a->splay >= 0)
		engine_wait(e, s, splay_delay(a->splay));
	free(a);
	offset = health_phase(clock_real(), s->interval);
	while (!stopped(s)) {
		t0 = clock_real();
		round_judge(-1, "check passed", NULL);
		run_once(e, s);
		publish(e, s);
		log_svc(LOG_LEVEL_INFO, "wall clock time %.3fms",
		    (clock_real() - t0) * 1000);
		sleep = health_sleep(clock_real(), offset, s->interval);
		log_svc(LOG_LEVEL_DEBUG, "sleeping for %.3fsecs", sleep);
		engine_wait(e, s, sleep);
	}
	return NULL;
}

void
service_start(struct engine *e, struct service *s, double splay)
{
	struct service_arg *a;
	pthread_attr_t	 attr;
	char		 name[16];
	int		 rc;

	a = xcalloc(1, sizeof(*a));
	a->eng = e;
	a->svc = s;
	a->splay = splay;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, SERVICE_STACK);
	if ((rc = pthread_create(&s->thread, &attr, service_main, a)) != 0) {
		errno = rc;
		fatal("failed to start the thread for %s", s->name);
	}
	pthread_attr_destroy(&attr);
	/* the kernel keeps 15 bytes of a thread's name */
	strlcpy(name, s->name, sizeof(name));
	pthread_setname_np(s->thread, name);
}

/* check_disabled: on_disabled is applied once and no thread stays. */
void
service_disabled(struct engine *e, struct service *s)
{
	log_thread(s->name);
	dump(s);
	status_round(s, SVC_DISABLED, s->advertise_when_disabled ?
	    "check is disabled, ip_prefix wont be withdrawn" :
	    "Check is disabled and ip_prefix will be withdrawn", -1);
	if (s->advertise_when_disabled) {
		log_info("check is disabled, ip_prefix wont be withdrawn");
		queue(e, s, CHANGE_ON, 0, 0);
		log_info("check is now permanently disabled");
	} else {
		log_info("Check is disabled and ip_prefix will be withdrawn");
		queue_planned(e, s, 0);
		log_info("Check is now permanently disabled");
	}
	log_thread("MainThread");
}

/*
 * A reload or shutdown ends this service: its sleep is woken and its
 * check gets SIGTERM (which sudo relays).  Nothing it posted is lost:
 * the caller drains the queue once the thread has ended.  Several
 * services are signalled first and reaped together, so that their
 * graces run at once and the main loop keeps serving meanwhile.
 */
void
service_signal(struct engine *e, struct service *s)
{
	if (s->disabled)
		return;		/* no thread */
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	nap_wake(&e->nap);
	spawn_guard_stop(&s->guard, SIGTERM);
}

/*
 * 1 once the thread of a signalled service has ended.  A check still
 * running once the grace is over (kill) gets SIGKILL with its group.
 */
int
service_reap(struct service *s, int kill)
{
	if (s->disabled || s->joined)
		return 1;
	if (kill)
		spawn_guard_kill(&s->guard, SIGKILL);
	if (pthread_tryjoin_np(s->thread, NULL) != 0)
		return 0;
	s->joined = 1;
	return 1;
}

/*
 * 1 once the check of a thread that did not end in time is gone too: it
 * gets SIGKILL with its group, and has exited, if not yet been reaped.
 */
int
service_check_gone(struct service *s)
{
	return s->disabled || s->joined || spawn_guard_gone(&s->guard,
	    SIGKILL);
}
