/*
 * Finding the program of a command the way upstream's subprocess.Popen()
 * does: a PATH search unless the name holds a '/', where the first error
 * that is not ENOENT or ENOTDIR wins.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progpath.h"
#include "util.h"

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

