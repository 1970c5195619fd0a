/*
 * ExaBGP runs the daemon as an API process: routes go out as lines on
 * the daemon's stdout ("announce route P next-hop self [community [...]]",
 * "withdraw route P next-hop self"), and ExaBGP answers each with "done"
 * or "error" on its stdin.  Nothing else may reach that pipe: the daemon
 * takes it over before it prints anything, and points its own stdout at
 * stderr.  When ExaBGP goes, stdin closes, and the daemon exits.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "announce.h"
#include "lag.h"
#include "log.h"
#include "pystr.h"
#include "want.h"

/* A line sent and not answered yet. */
struct exa_sent {
	char	 prefix[PREFIX_STRLEN];
	int	 version;
	int	 state;
	char	*comm;
};

struct exa {
	struct want_set	 ws;
	struct buf	 out;		/* lines not written yet */
	size_t		 out_off;
	struct exa_sent	*sent;		/* in order: ExaBGP answers so */
	size_t		 nsent;
	char		 in[512];	/* a partial answer */
	size_t		 inlen;
	int		 gone;		/* ExaBGP closed the pipe */
};

static int	 exa_fd = -1;		/* the pipe to ExaBGP */

/*
 * Before anything is printed: the pipe ExaBGP reads is ours alone, and
 * what would go to stdout goes to stderr, which ExaBGP logs.
 */
void
announce_exabgp_take_stdout(void)
{
	if ((exa_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)) == -1)
		fatal("keeping ExaBGP's pipe");
	if (dup2(STDERR_FILENO, STDOUT_FILENO) == -1)
		fatal("pointing stdout at stderr");
}

static struct exa *
exa_of(const struct announcer *a)
{
	return a->priv;
}

static struct bird_lag *
lag_of(struct announcer *a, int version)
{
	size_t	 i;

	for (i = 0; i < a->st->bird.n; i++)
		if (a->st->bird.t[i].version == version)
			return &a->st->lag[i];
	return NULL;
}

static void
exa_known(struct announcer *a)
{
	announce_want_known(&exa_of(a)->ws, a->st, 0);
}

static int
exa_has(struct announcer *a, const struct service *s)
{
	return announce_want_has(&exa_of(a)->ws, s);
}

static void
exa_start(struct announcer *a)
{
	struct exa	*x = xcalloc(1, sizeof(*x));

	a->priv = x;
	if (exa_fd == -1)
		announce_exabgp_take_stdout();
	if (fcntl(exa_fd, F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(STDIN_FILENO, F_SETFL, O_NONBLOCK) == -1)
		fatal("ExaBGP's pipes");
	exa_known(a);
}

static int
in_flight(const struct exa *x, const char *prefix)
{
	size_t	 i;

	for (i = 0; i < x->nsent; i++)
		if (strcmp(x->sent[i].prefix, prefix) == 0)
			return 1;
	return 0;
}

/* ExaBGP is gone: nobody to tell, and nothing to stay for. */
static void
exa_gone(struct announcer *a, const char *why)
{
	struct exa	*x = exa_of(a);

	if (x->gone)
		return;
	x->gone = 1;
	log_info("ExaBGP %s: exiting", why);
	kill(getpid(), SIGTERM);
}

static void
write_lines(struct announcer *a)
{
	struct exa	*x = exa_of(a);
	ssize_t		 n;

	while (x->out_off < x->out.len) {
		n = write(exa_fd, x->out.s + x->out_off, x->out.len -
		    x->out_off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		if (n == -1) {
			exa_gone(a, "closed the daemon's stdout");
			return;
		}
		x->out_off += (size_t)n;
	}
	buf_reset(&x->out);
	x->out_off = 0;
}

/* A line for each route whose wish ExaBGP has not taken yet. */
static void
exa_kick(struct announcer *a)
{
	struct exa	*x = exa_of(a);
	struct exa_sent	*t;
	struct bird_lag	*l;
	size_t		 i;

	for (i = 0; i < x->ws.n && !x->gone; i++) {
		const struct want_route *r = &x->ws.r[i];

		if (!want_pending(r) || in_flight(x, r->prefix))
			continue;
		if (r->want == WANT_ON && r->comm != NULL)
			buf_addf(&x->out, "announce route %s next-hop self "
			    "community [%s]\n", r->prefix, r->comm);
		else
			buf_addf(&x->out, "%s route %s next-hop self\n",
			    r->want == WANT_ON ? "announce" : "withdraw",
			    r->prefix);
		x->sent = xreallocarray(x->sent, x->nsent + 1,
		    sizeof(*x->sent));
		t = &x->sent[x->nsent++];
		strlcpy(t->prefix, r->prefix, sizeof(t->prefix));
		t->version = r->version;
		t->state = r->want;
		t->comm = r->comm != NULL ? xstrdup(r->comm) : NULL;
		if ((l = lag_of(a, r->version)) != NULL)
			lag_started(l);
	}
	write_lines(a);
}

static void
wrote(void *arg, int version)
{
	struct bird_lag	*l = lag_of(arg, version);

	if (l != NULL)
		lag_wrote(l, clock_real(), clock_boot());
}

static void
exa_push(struct announcer *a, const struct change *c, size_t n,
    int *altered)
{
	announce_want_push(&exa_of(a)->ws, a->st, 0, c, n, altered, wrote, a);
}

/* An answer, for the oldest line not answered yet. */
static void
answer(struct announcer *a, const char *line)
{
	struct exa	*x = exa_of(a);
	struct exa_sent	 t;
	struct bird_lag	*l;
	struct buf	 e = { 0 };
	int		 ok = strcmp(line, "done") == 0;

	/* ExaBGP stopping tells its processes so; the rest is not ours */
	if (strncmp(line, "shutdown", 8) == 0) {
		exa_gone(a, "is shutting down");
		return;
	}
	if (!ok && strcmp(line, "error") != 0)
		return;
	if (x->nsent == 0) {
		py_repr_str(&e, line);
		log_warnx("ExaBGP said %s, to nothing we sent", e.s);
		buf_free(&e);
		return;
	}
	t = x->sent[0];
	memmove(x->sent, x->sent + 1, --x->nsent * sizeof(*x->sent));
	if (ok) {
		want_done(&x->ws, NULL, t.prefix, t.state, t.comm);
		log_info("ExaBGP took: %s %s", t.state == WANT_ON ? "announce" :
		    "withdraw", t.prefix);
	} else {
		py_repr_str(&e, line);
		log_error("ExaBGP refused to %s %s: it said %s", t.state ==
		    WANT_ON ? "announce" : "withdraw", t.prefix, e.s);
		buf_free(&e);
	}
	if ((l = lag_of(a, t.version)) != NULL)
		lag_ended(l, ok, clock_real());
	free(t.comm);
}

static void
read_answers(struct announcer *a)
{
	struct exa	*x = exa_of(a);
	ssize_t		 n;
	char		*nl;

	for (;;) {
		n = read(STDIN_FILENO, x->in + x->inlen, sizeof(x->in) - 1 -
		    x->inlen);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		if (n <= 0) {
			exa_gone(a, "closed the daemon's stdin");
			return;
		}
		x->inlen += (size_t)n;
		x->in[x->inlen] = '\0';
		while ((nl = strchr(x->in, '\n')) != NULL) {
			*nl = '\0';
			answer(a, x->in);
			x->inlen -= (size_t)(nl + 1 - x->in);
			memmove(x->in, nl + 1, x->inlen + 1);
		}
		if (x->inlen == sizeof(x->in) - 1)
			x->inlen = 0;	/* no answer is that long */
	}
}

static int
exa_pollfds(struct announcer *a, struct pollfd *pfd, int max, int *ms)
{
	struct exa	*x = exa_of(a);
	int		 n = 0;

	(void)ms;
	if (max < 2 || x->gone)
		return 0;
	pfd[n++] = (struct pollfd){ STDIN_FILENO, POLLIN, 0 };
	pfd[n++] = (struct pollfd){ exa_fd, x->out.len > x->out_off ?
	    POLLOUT : 0, 0 };
	return n;
}

static void
exa_step(struct announcer *a, const struct pollfd *pfd)
{
	struct exa	*x = exa_of(a);

	if (x->gone)
		return;
	if (pfd[0].revents != 0)
		read_answers(a);
	exa_kick(a);
}

static void
exa_stop(struct announcer *a, int sig)
{
	(void)a;
	(void)sig;
}

static int
exa_busy(const struct announcer *a)
{
	(void)a;
	return 0;
}

static void
exa_abort(struct announcer *a)
{
	(void)a;
}

/* At exit: the withdrawals out, and their answers awaited, by until. */
static void
exa_last(struct announcer *a, double until)
{
	struct exa	*x = exa_of(a);
	struct pollfd	 pfd[2];
	int		 n, ms;

	exa_kick(a);
	while (!x->gone && (x->nsent > 0 || x->out.len > x->out_off) &&
	    clock_mono() < until) {
		ms = 10;
		n = exa_pollfds(a, pfd, 2, &ms);
		if (poll(pfd, (nfds_t)n, ms) == -1 && errno != EINTR)
			break;
		exa_step(a, pfd);
	}
}

static int
exa_retire(struct announcer *a, struct service *s)
{
	(void)a;
	(void)s;
	return 0;
}

static void
exa_free(struct announcer *a)
{
	struct exa	*x = exa_of(a);
	size_t		 i;

	want_free(&x->ws);
	buf_free(&x->out);
	for (i = 0; i < x->nsent; i++)
		free(x->sent[i].comm);
	free(x->sent);
	free(x);
	a->priv = NULL;
}

const struct announce_kind announce_exabgp = {
	"exabgp", "ExaBGP", exa_start, exa_push, exa_known, exa_has, exa_retire,
	exa_kick, exa_pollfds, exa_step, exa_stop, exa_busy, exa_abort,
	exa_last, exa_free
};
