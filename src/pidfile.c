/*
 * One daemon per network namespace, and its pid on disk, as upstream
 * does it: an abstract unix socket named "anycast-healthchecker" (so a
 * Python and a C daemon exclude each other too), then the pidfile.
 */

#include <sys/socket.h>
#include <sys/un.h>

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <libutil.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pidfile.h"
#include "pystr.h"
#include "util.h"

#define LOCK_NAME	"anycast-healthchecker"

/* Exits if another instance holds the lock; the socket stays open. */
int
pidfile_lock(void)
{
	struct sockaddr_un	 sun;
	struct buf		 e = { 0 };
	socklen_t		 len;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path + 1, LOCK_NAME, strlen(LOCK_NAME));
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
	    strlen(LOCK_NAME));
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, len) == -1) {
		py_oserror(&e, errno, NULL);
		fprintf(stderr, "failed to acquire a lock by creating an "
		    "abstract namespace socket: %s\n", e.s);
		exit(1);
	}
	printf("acquired a lock by creating an abstract namespace socket: "
	    "<socket.socket fd=%d, family=1, type=2, proto=0, "
	    "laddr=b'\\x00%s'>\n", fd, LOCK_NAME);
	return fd;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* The basename of a /proc/PID/exe target, less " (deleted)". */
static const char *
exe_name(char *exe)
{
	size_t	 n = strlen(exe);

	if (n > 10 && strcmp(exe + n - 10, " (deleted)") == 0)
		exe[n - 10] = '\0';
	return base_name(exe);
}

/* Is name, a program's basename, an interpreter of upstream's? */
static int
is_python(const char *name)
{
	return strncmp(name, "python", 6) == 0;
}

/*
 * Does a command line run upstream's daemon?  Python's options come
 * first; the script is the first other argument, and it is installed as
 * "anycast-healthchecker".  With python's -c or -m there is no script.
 */
static int
python_daemon(const char *cmd, size_t len)
{
	const char	*a = cmd, *end = cmd + len;

	for (a += strlen(a) + 1; a < end; a += strlen(a) + 1) {
		if (strcmp(a, "-c") == 0 || strcmp(a, "-m") == 0)
			return 0;
		if (strcmp(a, "-W") == 0 || strcmp(a, "-X") == 0) {
			a += strlen(a) + 1;
			continue;
		}
		if (a[0] == '-')
			continue;
		return strcmp(base_name(a), "anycast-healthchecker") == 0;
	}
	return 0;
}

/*
 * Is pid a running anycast-healthchecker, so that its pidfile is not
 * stale?  Either this program (its executable is ours, or one installed
 * under our name), or upstream's Python daemon, which a migration may
 * still be running.  Anything else that merely mentions the name, such
 * as "tail -f /var/log/anycast-healthchecker/...", is not.
 * The executable of another user's process may not be readable; its
 * command line always is, and then its first word decides.
 */
int
pidfile_is_daemon(long pid)
{
	struct stat	 a, b;
	char		 path[64], exe[PATH_MAX], cmd[8192];
	const char	*name;
	ssize_t		 n;
	int		 fd, readable;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%ld/exe", pid);
	if ((n = readlink(path, exe, sizeof(exe) - 1)) >= 0) {
		exe[n] = '\0';
		name = exe_name(exe);
		if (strcmp(name, "anycast-healthchecker") == 0 ||
		    (stat(path, &a) == 0 && stat("/proc/self/exe", &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino))
			return 1;
		if (!is_python(name))
			return 0;
		readable = 1;
	} else if (errno == EACCES || errno == EPERM)
		readable = 0;
	else
		return 0;
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	n = read(fd, cmd, sizeof(cmd) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	cmd[n] = '\0';
	name = base_name(cmd);
	if (!readable && strcmp(name, "anycast-healthchecker") == 0)
		return 1;
	return (readable || is_python(name)) && python_daemon(cmd, (size_t)n);
}

/*
 * A pid is ours to respect if the process lives and is a daemon of
 * ours; a pid reused by anything else is stale.  Upstream, like
 * kill(pid, 0) as another user, calls EPERM "not running".
 */
static int
instance_running(pid_t pid)
{
	if (pid <= 0 || pid == getpid() || kill(pid, 0) == -1)
		return 0;
	return pidfile_is_daemon(pid);
}

static void __attribute__((noreturn))
die(const char *what, int err)
{
	struct buf	 e = { 0 };

	py_oserror(&e, err, NULL);
	fprintf(stderr, "%s:%s\n", what, e.s);
	exit(1);
}

static void
must_be_regular(int fd, const char *path, const char *what)
{
	struct stat	 sb;

	if (fstat(fd, &sb) == -1)
		die(what, errno);
	if (!S_ISREG(sb.st_mode)) {
		fprintf(stderr, "%s: %s is not a regular file\n", what, path);
		exit(1);
	}
}

/*
 * The pid a pidfile's text holds, trailing whitespace dropped from buf
 * (so that it can be quoted); -1 if it is not a number.
 */
int
pidfile_parse(char *buf, long *pid)
{
	size_t	 n = strlen(buf);
	char	*end;

	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' ||
	    buf[n - 1] == '\t' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	errno = 0;
	*pid = strtol(buf, &end, 10);
	return buf[0] == '\0' || *end != '\0' || errno != 0 ? -1 : 0;
}

/*
 * The pidfile's text into buf; 0, or -1 if there is none.  A symbolic
 * link is never followed and only a regular file is read: run as root,
 * the daemon would otherwise print (and later truncate) whatever a
 * planted link points to.
 */
static int
read_text(const char *path, char *buf, size_t sz, const char *what)
{
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK |
	    O_NOCTTY)) == -1) {
		if (errno == ENOENT)
			return -1;
		die(what, errno);
	}
	must_be_regular(fd, path, what);
	n = read(fd, buf, sz - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return 0;
}

/* Upstream's messages on stdout; exits if a live instance owns it. */
struct pidfile *
pidfile_claim(const char *path)
{
	struct pidfile	*pf;
	char		 buf[1024];
	long		 pid;
	int		 fd;

	if (read_text(path, buf, sizeof(buf), "failed to update pidfile") ==
	    -1)
		printf("creating pidfile %s\n", path);
	else if (pidfile_parse(buf, &pid) == -1)
		printf("cleaning stale pidfile with invalid data:'%s'\n", buf);
	else if (instance_running((pid_t)pid)) {
		fprintf(stderr, "process %ld is already running\n", pid);
		exit(1);
	} else
		printf("updating stale processID(%ld) in pidfile\n", pid);

	/* locked while we live: a second copy fails here */
	if ((fd = flopen(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
	    O_NOCTTY | O_CLOEXEC, 0644)) == -1) {
		if (errno == EWOULDBLOCK &&
		    read_text(path, buf, sizeof(buf), "failed to write "
		    "pidfile") == 0 && pidfile_parse(buf, &pid) == 0) {
			fprintf(stderr, "process %ld is already running\n",
			    pid);
			exit(1);
		}
		die("failed to write pidfile", errno);
	}
	must_be_regular(fd, path, "failed to write pidfile");
	printf("writing processID %ld to pidfile\n", (long)getpid());
	snprintf(buf, sizeof(buf), "%ld", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, strlen(buf), 0) !=
	    (ssize_t)strlen(buf))
		die("failed to write pidfile", errno);
	fflush(stdout);
	pf = xcalloc(1, sizeof(*pf));
	pf->fd = fd;
	pf->path = xstrdup(path);
	return pf;
}

void
pidfile_release(struct pidfile *pf)
{
	if (pf == NULL)
		return;
	unlink(pf->path);
	close(pf->fd);
}
