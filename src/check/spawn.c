/*
 * Running a command without a shell: in a process group (or session) of
 * its own, stdin from /dev/null, nothing of ours inherited, its output
 * read up to a bound, and on timeout its whole group ended.  A service
 * thread runs one at a time with spawn_run(); the main thread keeps
 * several in flight in its poll loop with the steps under it.
 */

#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fdtab.h"
#include "lane.h"
#include "progpath.h"
#include "spawn.h"
#include "util.h"

/*
 * Output past the bound is read into one sink shared by every thread:
 * nothing reads it back, and a buffer on each thread's stack would cost
 * a page of memory per service.
 */
static char	 discard_sink[65536];

/* What a stream that said nothing reads as; never freed. */
static char	 no_output[1];

/*
 * Room at the end of o's buffer for what comes next; 0 once o keeps no
 * more.  Most checks are quiet: a thousand at once must not cost 2 MB.
 * A command whose output is read (vtysh, gobgp) may keep more, in a
 * buffer that grows as it comes.
 */
size_t
spawn_output_room(struct spawn_output *o)
{
	if (o->len == o->cap && o->cap < o->max) {
		o->cap = o->cap == 0 ? SPAWN_OUTPUT_MAX : o->cap * 2;
		if (o->cap > o->max)
			o->cap = o->max;
		o->buf = xreallocarray(o->buf, o->cap + 1, 1);
		o->buf[o->len] = '\0';
	}
	return o->cap - o->len;
}

/* n bytes were put in the room, or dropped for want of it. */
void
spawn_output_took(struct spawn_output *o, size_t room, size_t n)
{
	if (room > 0) {
		o->len += n;
		o->buf[o->len] = '\0';
	} else
		o->dropped += n;
}

static void
drain(int fd, struct spawn_output *o)
{
	size_t	 room = spawn_output_room(o);
	ssize_t	 n;

	if (room > 0)
		n = read(fd, o->buf + o->len, room);
	else
		n = read(fd, discard_sink, sizeof(discard_sink));
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		o->eof = 1;
		return;
	}
	spawn_output_took(o, room, (size_t)n);
}

void
spawn_result_free(struct spawn_result *r)
{
	if (r->out.buf != no_output)
		free(r->out.buf);
	if (r->err.buf != no_output)
		free(r->err.buf);
	r->out.buf = r->err.buf = NULL;
}

/*
 * The signals a check must not inherit as ignored: an ignored signal stays
 * ignored across execve, a handled one is reset by it.  The daemon handles
 * none (it reads them from a signalfd), so these are the ones ignored when
 * spawn_init() ran; until then, every signal.
 */
static sigset_t	 reset_set;
static int	 reset_known;
static int	 devnull = -1;	/* opened once, for every check's stdin */

void
spawn_init(void)
{
	struct sigaction sa;
	int		 sig;

	sigemptyset(&reset_set);
	for (sig = 1; sig < NSIG; sig++)
		if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			sigaddset(&reset_set, sig);
	reset_known = 1;
	if ((devnull = open("/dev/null", O_RDONLY | O_CLOEXEC)) != -1)
		fdtab_share(devnull);
}

/*
 * The child side of vfork(2): it shares our memory and runs on this
 * thread's stack until execve, so it makes only system calls, and it
 * reports a failure through *err.  No signal handler can run in it: the
 * daemon keeps every signal blocked in every thread.
 */
static void __attribute__((noreturn))
child(const char *path, char *const argv[], const struct spawn_opts *o,
    int outfd, int errfd, volatile int *err)
{
	struct sigaction sa;
	sigset_t	 none;
	int		 fd, sig;

	if ((o->new_session ? setsid() : setpgid(0, 0)) == -1 ||
	    (fd = devnull != -1 ? devnull : open("/dev/null", O_RDONLY)) ==
	    -1 ||
	    dup2(fd, 0) == -1 || dup2(outfd, 1) == -1 || dup2(errfd, 2) == -1)
		goto fail;
	/* nothing of ours leaks into the check */
	close_range(3, ~0U, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		if (!reset_known || sigismember(&reset_set, sig))
			(void)sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(path, argv, environ);
fail:
	*err = errno;
	_exit(127);
}

/*
 * vfork rather than posix_spawn: glibc's posix_spawn maps and unmaps a
 * stack for every child, and in a process with a thread per service each
 * unmap costs a TLB shootdown on every CPU.
 */
static int
start(char *const argv[], const struct spawn_opts *o, int outfd, int errfd,
    pid_t *pid)
{
	volatile int	 err = 0;
	char		*path = NULL;
	int		 e, st;

	/*
	 * Only find the file: execve itself reports what is wrong with it,
	 * so a name with a '/' needs no look before.
	 */
	if (strchr(argv[0], '/') == NULL &&
	    progpath_search(argv[0], progpath_executable, &path, &e) == -1)
		return e;
	if ((*pid = vfork()) == 0)
		child(path != NULL ? path : argv[0], argv, o, outfd, errfd,
		    &err);
	e = *pid == -1 ? errno : err;
	free(path);
	if (*pid > 0 && e != 0)
		while (waitpid(*pid, &st, 0) == -1 && errno == EINTR)
			;
	return e;
}

static void
close_pair(int p[2])
{
	if (p[0] != -1)
		close(p[0]);
	if (p[1] != -1)
		close(p[1]);
}

/*
 * Start argv; 0 and p in flight, or -1 with r->error set.  Under a guard
 * that is stopping nothing starts: the error is ECANCELED.
 */
int
spawn_start(char *const argv[], const struct spawn_opts *o,
    struct spawn_proc *p, struct spawn_result *r)
{
	int	 outp[2] = { -1, -1 }, errp[2] = { -1, -1 };

	memset(r, 0, sizeof(*r));
	memset(p, 0, sizeof(*p));
	p->o = *o;
	p->r = r;
	p->pidfd = p->outfd = p->errfd = -1;
	if (pipe2(outp, O_CLOEXEC) == -1 ||
	    (!o->merge && pipe2(errp, O_CLOEXEC) == -1)) {
		r->error = errno;
		close_pair(outp);
		return -1;
	}
	if (o->guard != NULL) {
		pthread_mutex_lock(&o->guard->mu);
		if (o->guard->stopping) {
			pthread_mutex_unlock(&o->guard->mu);
			close_pair(outp);
			close_pair(errp);
			r->error = ECANCELED;
			return -1;
		}
	}
	p->t0 = clock_mono();
	r->error = start(argv, o, outp[1], o->merge ? outp[1] : errp[1],
	    &p->pid);
	if (o->guard != NULL) {
		if (r->error == 0)
			o->guard->pid = p->pid;
		pthread_mutex_unlock(&o->guard->mu);
	}
	close(outp[1]);
	if (errp[1] != -1)
		close(errp[1]);
	if (r->error != 0) {
		close(outp[0]);
		if (errp[0] != -1)
			close(errp[0]);
		return -1;
	}
	p->outfd = outp[0];
	p->errfd = errp[0];
	r->err.eof = o->merge;
	r->out.max = o->outmax > 0 ? o->outmax : SPAWN_OUTPUT_MAX;
	r->err.max = SPAWN_OUTPUT_MAX;
	p->pidfd = (int)syscall(SYS_pidfd_open, p->pid, 0);
	return 0;
}

/* When the next thing is due: the timeout, or the end of the grace. */
static double
due(const struct spawn_proc *p)
{
	return p->kill_at > 0 ? p->kill_at : p->t0 + p->o.timeout;
}

/*
 * The descriptors to poll for p (at most SPAWN_POLLFDS), and *ms lowered
 * to when p needs a look whatever they say.
 */
int
spawn_pollfds(const struct spawn_proc *p, struct pollfd *pfd, int *ms)
{
	double	 left = due(p) - clock_mono();
	int	 n = 0, want;

	if (!p->r->out.eof)
		pfd[n++] = (struct pollfd){ p->outfd, POLLIN, 0 };
	if (!p->r->err.eof)
		pfd[n++] = (struct pollfd){ p->errfd, POLLIN, 0 };
	if (!p->exited && p->pidfd != -1)
		pfd[n++] = (struct pollfd){ p->pidfd, POLLIN, 0 };
	want = left <= 0 ? 0 : left > 3600 ? 3600 * 1000 :
	    (int)(left * 1000) + 1;
	/* without a pidfd, look again every 10 ms */
	if (!p->exited && p->pidfd == -1 && want > 10)
		want = 10;
	if (*ms < 0 || want < *ms)
		*ms = want;
	return n;
}

void
spawn_signal(struct spawn_proc *p, int sig)
{
	if (p->pid > 0)
		kill(-p->pid, sig);
}

/* Reap p, whatever state it is in, and fill in its result. */
void
spawn_finish(struct spawn_proc *p)
{
	struct spawn_result *r = p->r;
	int	 st = 0;

	/* The leader is not reaped yet, so its group id cannot be reused. */
	if (r->timed_out || p->o.sweep || !p->exited || !r->out.eof ||
	    !r->err.eof)
		kill(-p->pid, SIGKILL);
	if (p->o.guard != NULL) {
		pthread_mutex_lock(&p->o.guard->mu);
		p->o.guard->pid = 0;
		pthread_mutex_unlock(&p->o.guard->mu);
	}
	while (waitpid(p->pid, &st, 0) == -1 && errno == EINTR)
		;
	p->pid = 0;
	if (p->pidfd != -1)
		close(p->pidfd);
	close(p->outfd);
	if (p->errfd != -1)
		close(p->errfd);
	p->pidfd = p->outfd = p->errfd = -1;
	if (r->out.buf == NULL)
		r->out.buf = no_output;
	if (r->err.buf == NULL)
		r->err.buf = no_output;
	r->duration_ms = (clock_mono() - p->t0) * 1000;
	if (WIFEXITED(st))
		r->status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		r->status = -WTERMSIG(st);
}

/*
 * Take what poll said of p's descriptors (pfd as spawn_pollfds() filled
 * it); 1 once p is finished and reaped, with its result complete.
 */
int
spawn_step(struct spawn_proc *p, const struct pollfd *pfd, int n)
{
	struct spawn_result *r = p->r;
	struct spawn_output *so;
	double	 now;
	int	 i;

	for (i = 0; i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		so = pfd[i].fd == p->outfd ? &r->out : pfd[i].fd == p->errfd ?
		    &r->err : NULL;
		if (so == NULL)
			p->exited = 1;
		else if (pfd[i].revents & POLLIN)
			drain(pfd[i].fd, so);
		else	/* a pipe at its end says only POLLHUP */
			so->eof = 1;
	}
	/* without a pidfd, ask; with one, poll said so */
	if (!p->exited && p->pidfd == -1) {
		siginfo_t si = { 0 };

		if (waitid(P_PID, (id_t)p->pid, &si, WEXITED | WNOHANG |
		    WNOWAIT) == 0 && si.si_pid == p->pid)
			p->exited = 1;
	}
	now = clock_mono();
	if (p->kill_at == 0 && !(r->out.eof && r->err.eof && p->exited) &&
	    now >= p->t0 + p->o.timeout) {
		r->timed_out = 1;
		if (p->exited)
			p->kill_at = now;
		else {
			spawn_signal(p, SIGTERM);
			p->kill_at = now + SPAWN_GRACE;
		}
	}
	if ((p->kill_at > 0 && (p->exited || now >= p->kill_at)) ||
	    (r->out.eof && r->err.eof && p->exited)) {
		spawn_finish(p);
		return 1;
	}
	return 0;
}

/*
 * Run argv and wait for it to exit and close its output, at most timeout
 * seconds.  Returns 0 if it ran, -1 if it could not start.
 */
int
spawn_run(char *const argv[], const struct spawn_opts *o,
    struct spawn_result *r)
{
	struct spawn_proc p;
	struct lane_ticket lane;
	struct pollfd	 pfd[SPAWN_POLLFDS];
	int		 n, ms, hold;

	lane_take(&lane);
	if (spawn_start(argv, o, &p, r) == -1) {
		lane_give(&lane);
		return -1;
	}
	do {
		ms = -1;
		n = spawn_pollfds(&p, pfd, &ms);
		if (lane.held) {
			hold = (int)((p.t0 + LANE_HOLD - clock_mono()) * 1000) + 1;
			if (p.exited || hold <= 0)
				lane_give(&lane);
			else if (ms < 0 || hold < ms)
				ms = hold;
		}
		if (poll(pfd, (nfds_t)n, ms) == -1 && errno != EINTR) {
			lane_give(&lane);
			spawn_finish(&p);
			return 0;
		}
	} while (!spawn_step(&p, pfd, n));
	lane_give(&lane);
	return 0;
}

void
spawn_guard_init(struct spawn_guard *g)
{
	pthread_mutex_init(&g->mu, NULL);
	g->stopping = 0;
	g->pid = 0;
}

/* No start from now on; the group in flight, if any, gets sig. */
void
spawn_guard_stop(struct spawn_guard *g, int sig)
{
	pthread_mutex_lock(&g->mu);
	g->stopping = 1;
	if (g->pid > 0)
		kill(-g->pid, sig);
	pthread_mutex_unlock(&g->mu);
}

void
spawn_guard_kill(struct spawn_guard *g, int sig)
{
	pthread_mutex_lock(&g->mu);
	if (g->pid > 0)
		kill(-g->pid, sig);
	pthread_mutex_unlock(&g->mu);
}

/*
 * Is the group in flight, if any, gone?  It gets sig first (0: none).
 * Its leader counts as gone once it has exited, reaped or not: under the
 * guard it cannot have been reaped, so its pid is not anyone else's.
 */
int
spawn_guard_gone(struct spawn_guard *g, int sig)
{
	siginfo_t si;
	int	 gone = 1;

	pthread_mutex_lock(&g->mu);
	if (g->pid > 0) {
		if (sig != 0)
			kill(-g->pid, sig);
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)g->pid, &si, WEXITED | WNOHANG |
		    WNOWAIT) == 0 && si.si_pid == 0)
			gone = 0;
	}
	pthread_mutex_unlock(&g->mu);
	return gone;
}
