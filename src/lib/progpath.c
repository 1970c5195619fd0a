/*
 * Finding the program of a command the way upstream's subprocess.Popen()
 * does: a PATH search unless the name holds a '/', where the first error
 * that is not ENOENT or ENOTDIR wins.
 */

#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progpath.h"
#include "util.h"

extern char **environ;

/* Python's os.defpath, used when PATH is unset. */
#define DEFAULT_PATH	"/bin:/usr/bin"

int
progpath_executable(const char *path)
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

	if ((e = progpath_executable(path)) != 0)
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
	if ((e = progpath_executable(interp)) != 0)
		return e == ENOTDIR ? ENOENT : e;
	return 0;
}

/* A name with a '/' yields no copy: none is made per check. */
int
progpath_search(const char *prog, int (*probe)(const char *), char **path,
    int *err)
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

int
progpath_resolve(const char *prog, char **path, int *err)
{
	return progpath_search(prog, exec_error, path, err);
}


/* Collects the candidates of a PATH search, so a child need not allocate. */
struct cands {
	char	**v;
	size_t	  n;
};

static struct cands *collect;

static int
collect_probe(const char *path)
{
	collect->v = xreallocarray(collect->v, collect->n + 2, sizeof(char *));
	collect->v[collect->n++] = xstrdup(path);
	collect->v[collect->n] = NULL;
	return ENOENT;
}

/*
 * E2BIG as execve(2) decides it (fs/exec.c): one string over
 * MAX_ARG_STRLEN, or all of them and their pointers over a quarter of
 * the stack limit, capped at 6 MiB and at least ARG_MAX.
 */
static void __attribute__((noreturn))
report(int fd, int e)
{
	ssize_t	 r;

	r = write(fd, &e, sizeof(e));
	_exit(r == (ssize_t)sizeof(e) ? 127 : 126);
}

int
progpath_too_big(char *const argv[], const char *file)
{
	struct rlimit	 rl;
	size_t		 page = (size_t)sysconf(_SC_PAGESIZE);
	size_t		 limit = 6u << 20, total = strlen(file) + 1, n = 0, len;
	char *const	*v[2] = { argv, environ };
	int		 k;

	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur / 4 < limit)
		limit = rl.rlim_cur / 4;
	if (limit < 32 * page)
		limit = 32 * page;
	for (k = 0; k < 2; k++)
		for (; v[k] != NULL && *v[k] != NULL; v[k]++, n++) {
			len = strlen(*v[k]) + 1;
			if (len > 32 * page)
				return 1;
			total += len;
		}
	return total + n * sizeof(char *) > limit;
}

/*
 * What the kernel says when prog is executed, as upstream learns it by
 * starting the check under -c: ENOEXEC for a bad or too long "#!" line,
 * ELOOP for interpreters nested too deep, EACCES on a noexec mount, and
 * whatever binfmt_misc decides.  The child asks to be traced first, so a
 * successful execve(2) stops it before the program's first instruction;
 * it is killed there.  Where tracing is not allowed, the answer is the
 * one progpath_resolve() reasons out.
 */
int
progpath_trial(char *const argv[], int *err)
{
	struct cands	 c = { NULL, 0 };
	char		*path;
	pid_t		 pid;
	ssize_t		 r;
	size_t		 i;
	int		 p[2], e, saved = 0, last = ENOENT, status, rc = 0;

	collect = &c;
	progpath_search(argv[0], collect_probe, &path, &e);
	collect = NULL;
	if (c.n == 0)
		collect_probe(argv[0]);
	if (pipe2(p, O_CLOEXEC) == -1 || (pid = fork()) == -1) {
		rc = progpath_resolve(argv[0], &path, err);
		free(path);
		goto out;
	}
	if (pid == 0) {
		sigset_t none;

		close(p[0]);
		/*
		 * The daemon blocks every signal in every thread, and a
		 * blocked SIGTRAP would never stop us after execve: the
		 * program would run for real while the parent waits.
		 */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == -1)
			report(p[1], -1);
		for (i = 0; i < c.n; i++) {
			execv(c.v[i], argv);
			last = errno;
			if (last != ENOENT && last != ENOTDIR && saved == 0)
				saved = last;
		}
		report(p[1], saved ? saved : last);
	}
	close(p[1]);
	do
		r = read(p[0], &e, sizeof(e));
	while (r == -1 && errno == EINTR);
	close(p[0]);
	if (r != (ssize_t)sizeof(e)) {
		/* it runs, stopped at its first instruction */
		while (waitpid(pid, &status, __WALL) == -1 && errno == EINTR)
			;
		kill(pid, SIGKILL);
		e = 0;
	}
	while (waitpid(pid, &status, __WALL) == -1 && errno == EINTR)
		;
	if (e == -1) {
		rc = progpath_resolve(argv[0], &path, err);
		free(path);
	} else if (e != 0) {
		*err = e;
		rc = -1;
	}
out:
	for (i = 0; i < c.n; i++)
		free(c.v[i]);
	free(c.v);
	return rc;
}
