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

#include "spawn.h"
#include "util.h"

/* Python's os.defpath, used when PATH is unset. */
#define DEFAULT_PATH	"/bin:/usr/bin"

static int
executable(const char *path)
{
	struct stat	 sb;

	if (stat(path, &sb) == -1)
		return errno;
	if (!S_ISREG(sb.st_mode) || access(path, X_OK) == -1)
		return EACCES;
	return 0;
}

/* The error execve(2) would give for path, or 0. */
static int
exec_error(const char *path)
{
	char	 hdr[256], *interp, *end;
	ssize_t	 n;
	int	 fd, e;

	if ((e = executable(path)) != 0)
		return e;
	/* An execute-only binary can't be read; the kernel still runs it. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	n = read(fd, hdr, sizeof(hdr) - 1);
	close(fd);
	if (n < 0)
		return 0;
	hdr[n] = '\0';
	if (n >= 4 && memcmp(hdr, "\177ELF", 4) == 0)
		return 0;
	if (n < 2 || hdr[0] != '#' || hdr[1] != '!')
		return ENOEXEC;
	interp = hdr + 2;
	interp += strspn(interp, " \t");
	end = interp + strcspn(interp, " \t\n");
	*end = '\0';
	if (*interp == '\0')
		return ENOEXEC;
	/* A missing interpreter reads as the script missing. */
	if ((e = executable(interp)) != 0)
		return e == ENOTDIR ? ENOENT : e;
	return 0;
}

/*
 * Search PATH as subprocess does, probing each candidate.  On success
 * *path is the file that would run, or NULL when prog names it itself (no
 * copy per check); on failure *err holds the errno.
 */
static int
resolve(const char *prog, int (*probe)(const char *), char **path, int *err)
{
	const char	*env, *p, *colon;
	char		*cand;
	int		 e, saved = 0, last = ENOENT;
	size_t		 dlen;

	*path = NULL;
	if (strchr(prog, '/') != NULL) {
		if ((e = probe(prog)) != 0) {
			*err = e;
			return -1;
		}
		return 0;
	}
	if ((env = getenv("PATH")) == NULL)
		env = DEFAULT_PATH;
	for (p = env;; p = colon + 1) {
		colon = strchr(p, ':');
		dlen = colon ? (size_t)(colon - p) : strlen(p);
		xasprintf(&cand, "%.*s%s%s", (int)dlen, p,
		    dlen > 0 && p[dlen - 1] != '/' ? "/" : "", prog);
		if ((e = probe(cand)) == 0) {
			*path = cand;
			return 0;
		}
		free(cand);
		last = e;
		if (e != ENOENT && e != ENOTDIR && saved == 0)
			saved = e;
		if (colon == NULL)
			break;
	}
	*err = saved ? saved : last;
	return -1;
}

/*
 * Output past the bound is read into one sink shared by every thread:
 * nothing reads it back, and a buffer on each thread's stack would cost
 * a page of memory per service.
 */
static char	 discard_sink[65536];

/* What a stream that said nothing reads as; never freed. */
static char	 no_output[1];

static void
drain(int fd, struct spawn_output *o)
{
	ssize_t	 n;

	/* most checks are quiet: a thousand at once must not cost 2 MB */
	if (o->buf == NULL)
		o->buf = xcalloc(1, SPAWN_OUTPUT_MAX + 1);
	if (o->len < SPAWN_OUTPUT_MAX)
		n = read(fd, o->buf + o->len, SPAWN_OUTPUT_MAX - o->len);
	else
		n = read(fd, discard_sink, sizeof(discard_sink));
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		o->eof = 1;
		return;
	}
	if (o->len < SPAWN_OUTPUT_MAX) {
		o->len += (size_t)n;
		o->buf[o->len] = '\0';
	} else
		o->dropped += (size_t)n;
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

/* Kill the process group of a running child, for shutdown. */
void
spawn_kill(pid_t *running)
{
	pid_t	 pid = __atomic_load_n(running, __ATOMIC_SEQ_CST);

	if (pid > 0)
		kill(-pid, SIGKILL);
}

/* For -c: what execve(2) would say, without running anything. */
int
spawn_resolve(const char *prog, char **path, int *err)
{
	return resolve(prog, exec_error, path, err);
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
	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
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

	/* only find the file: execve itself reports what is wrong with it */
	if (resolve(argv[0], executable, &path, &e) == -1)
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

/*
 * Run argv without a shell in a process group (or session) of its own,
 * stdin from /dev/null, and wait for it to exit and close its output, at
 * most timeout seconds.  On timeout the whole group is killed.  The child
 * is always reaped.  Returns 0 if it ran, -1 if it could not start.
 */
int
spawn_run(char *const argv[], const struct spawn_opts *o,
    struct spawn_result *r)
{
	struct pollfd	 pfd[3];
	int		 outp[2], errp[2] = { -1, -1 }, pidfd, st, n, exited = 0;
	double		 t0, left;
	pid_t		 pid;

	memset(r, 0, sizeof(*r));
	if (pipe2(outp, O_CLOEXEC) == -1) {
		r->error = errno;
		return -1;
	}
	if (!o->merge && pipe2(errp, O_CLOEXEC) == -1) {
		r->error = errno;
		close(outp[0]);
		close(outp[1]);
		return -1;
	}
	t0 = clock_mono();
	r->error = start(argv, o, outp[1], o->merge ? outp[1] : errp[1],
	    &pid);
	close(outp[1]);
	if (errp[1] != -1)
		close(errp[1]);
	if (r->error != 0) {
		close(outp[0]);
		if (errp[0] != -1)
			close(errp[0]);
		return -1;
	}
	if (o->running != NULL)
		__atomic_store_n(o->running, pid, __ATOMIC_SEQ_CST);
	r->err.eof = o->merge;
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

	for (;;) {
		if (r->out.eof && r->err.eof && exited)
			break;
		left = o->timeout - (clock_mono() - t0);
		if (left <= 0) {
			r->timed_out = 1;
			break;
		}
		n = 0;
		if (!r->out.eof)
			pfd[n++] = (struct pollfd){ outp[0], POLLIN, 0 };
		if (!r->err.eof)
			pfd[n++] = (struct pollfd){ errp[0], POLLIN, 0 };
		if (!exited && pidfd != -1)
			pfd[n++] = (struct pollfd){ pidfd, POLLIN, 0 };
		/* without a pidfd, look again every 10 ms */
		if (poll(pfd, (nfds_t)n, pidfd == -1 && left > 0.01 ? 10 :
		    (int)(left * 1000) + 1) == -1 && errno != EINTR)
			break;
		for (int i = 0; i < n; i++) {
			struct spawn_output *so = pfd[i].fd == outp[0] ?
			    &r->out : pfd[i].fd == errp[0] ? &r->err : NULL;

			if (pfd[i].revents == 0)
				continue;
			if (so == NULL)
				exited = 1;
			else if (pfd[i].revents & POLLIN)
				drain(pfd[i].fd, so);
			else	/* a pipe at its end says only POLLHUP */
				so->eof = 1;
		}
		if (pidfd == -1 && !exited) {
			siginfo_t si = { 0 };

			if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG |
			    WNOWAIT) == 0 && si.si_pid == pid)
				exited = 1;
		}
	}
	/* The leader is not reaped yet, so its group id cannot be reused. */
	if (r->timed_out || o->sweep)
		kill(-pid, SIGKILL);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	if (o->running != NULL)
		__atomic_store_n(o->running, 0, __ATOMIC_SEQ_CST);
	if (pidfd != -1)
		close(pidfd);
	close(outp[0]);
	if (errp[0] != -1)
		close(errp[0]);
	if (r->out.buf == NULL)
		r->out.buf = no_output;
	if (r->err.buf == NULL)
		r->err.buf = no_output;
	r->duration_ms = (clock_mono() - t0) * 1000;
	if (WIFEXITED(st))
		r->status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		r->status = -WTERMSIG(st);
	return 0;
}
