/*
 * One round of a service's checks, in its thread: the built-in checks,
 * then check_cmd; the verdict in the log's words, for --status, and the
 * reason label a failure counts under.
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "log.h"
#include "metrics.h"
#include "pystr.h"
#include "spawn.h"
#include "status.h"

/*
 * This round's verdict, in the log's words, and the failure's reason
 * (enum svc_fail, or -1), for --status and the failure counters.
 */
static __thread char	 verdict[STATUS_WHY];
static __thread int	 vreason;

void
round_judge(int reason, const char *what, const char *detail)
{
	vreason = reason;
	if (detail != NULL)
		snprintf(verdict, sizeof(verdict), "%s: %s", what, detail);
	else
		strlcpy(verdict, what, sizeof(verdict));
}

/* How much of a failed check's stdout and stderr goes into the log. */
#define EXCERPT_MAX	SPAWN_OUTPUT_MAX

static void
log_excerpt(const char *what, const struct spawn_output *o)
{
	struct buf	 b = { 0 };
	size_t		 len = o->len < EXCERPT_MAX ? o->len : EXCERPT_MAX;

	if (o->len == 0)
		return;
	py_repr_bytes(&b, o->buf, len);
	if (o->len + o->dropped > len)
		buf_addf(&b, " (%zu more bytes)", o->len + o->dropped - len);
	log_info("%s from the check %s", what, b.s);
	buf_free(&b);
}

/*
 * Out of descriptors, memory or processes, the daemon cannot keep its
 * promise for this service; like upstream when a check thread dies, it
 * stops so that the service manager restarts it.
 */
static int
exhausted(int err)
{
	return err == EMFILE || err == ENFILE || err == ENOMEM ||
	    err == EAGAIN;
}

/* A kind's index in check_kinds[], as the metrics keep it. */
static size_t
kind_index(const struct check_kind *k)
{
	size_t	 i;

	for (i = 0; check_kinds[i] != k; i++)
		;
	return i;
}

/* A failed built-in check's reason label: its kind's (tcp, dns, http). */
static int
fail_reason(const struct check_kind *k)
{
	int	 r;

	for (r = 0; r < FAIL_REASONS; r++)
		if (strcmp(status_fail_labels[r], k->label) == 0)
			return r;
	return FAIL_EXIT;
}

/*
 * The built-in checks, in order (check.h); the first failure ends the
 * round.  As an exit code: 0, 1 when one failed, 126 when it timed out.
 */
static int
run_builtins(struct service *s)
{
	const struct check	*c;
	struct buf		 why = { 0 }, what = { 0 };
	enum check_verdict	 v;
	double			 t0, ms;
	size_t			 i;
	int			 status = 0;

	for (i = 0; i < s->nchecks && status == 0; i++) {
		c = &s->checks[i];
		log_info("running %s %s", c->kind->option, c->value);
		t0 = clock_mono();
		v = c->kind->run(c->conf, s->timeout, &s->guard.stopping, &why);
		ms = (clock_mono() - t0) * 1000;
		switch (v) {
		case CHECK_PASS:
			log_info("%s duration %.3fms", c->kind->option, ms);
			metrics_check_duration(s, kind_index(c->kind), ms);
			break;
		case CHECK_STOPPED:
			buf_free(&why);
			pthread_exit(NULL);
		case CHECK_TIMEOUT:
			log_error("%s timed out: %s", c->kind->option, why.s);
			buf_addf(&what, "%s timed out", c->kind->option);
			round_judge(FAIL_TIMEOUT, what.s, why.s);
			metrics_timeout(s);
			status = 126;
			break;
		case CHECK_FAIL:
			log_error("%s failed: %s", c->kind->option, why.s);
			buf_addf(&what, "%s failed", c->kind->option);
			round_judge(fail_reason(c->kind), what.s, why.s);
			metrics_check_duration(s, kind_index(c->kind), ms);
			status = 1;
			break;
		}
		buf_reset(&why);
		buf_reset(&what);
	}
	buf_free(&why);
	buf_free(&what);
	return status;
}

/* The check's exit code; 126 when it timed out, as upstream. */
int
round_check(struct engine *e, struct service *s)
{
	struct spawn_opts	 o = { s->timeout, 0, 0, 1, &s->guard, 0 };
	struct spawn_result	 r;
	struct buf		 b = { 0 };
	char			 code[16];
	int			 status;

	if ((status = run_builtins(s)) != 0 || s->argv == NULL)
		return status;
	log_info("running %s", s->cmdline);

	if (spawn_run(s->argv, &o, &r) == -1) {
		/* the daemon is stopping: this thread has no more to do */
		if (r.error == ECANCELED)
			pthread_exit(NULL);
		py_oserror(&b, r.error, s->argv[0]);
		log_error("failed to run check command: %s", b.s);
		round_judge(FAIL_EXIT, "failed to run check command", b.s);
		if (exhausted(r.error)) {
			engine_died(e, s, b.s);
			pthread_exit(NULL);
		}
		buf_free(&b);
		status = 127;
	} else if (__atomic_load_n(&s->guard.stopping, __ATOMIC_RELAXED)) {
		/* ended by a reload or shutdown: not the service's verdict */
		spawn_result_free(&r);
		pthread_exit(NULL);
	} else if (r.timed_out) {
		log_error("check timed out");
		round_judge(FAIL_TIMEOUT, "check timed out", NULL);
		metrics_timeout(s);
		status = 126;
	} else {
		log_info("check duration %.3fms", r.duration_ms);
		metrics_duration(s, r.duration_ms);
		if ((status = r.status) != 0) {
			snprintf(code, sizeof(code), "%d", status);
			round_judge(FAIL_EXIT, "check_cmd exited with code",
			    code);
			log_excerpt("stderr", &r.err);
			log_excerpt("stdout", &r.out);
		}
	}
	spawn_result_free(&r);
	return status;
}

/* The round's verdict, and its reason (enum svc_fail) or -1. */
const char *
round_verdict(int *reason)
{
	*reason = vreason;
	return verdict;
}
