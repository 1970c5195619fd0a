/*
 * One daemon per network namespace, and its pid on disk, as upstream
 * does it: an abstract unix socket named "anycast-healthchecker" (so a
 * Python and a C daemon exclude each other too), then the pidfile.
 */

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
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

/*
 * A pid is ours to respect if the process lives and is an
 * anycast-healthchecker; a pid reused by anything else is stale.
 * Upstream, like kill(pid, 0) as another user, calls EPERM "not running".
 */
static int
instance_running(pid_t pid)
{
	char	 path[64], cmd[4096];
	ssize_t	 n, i;
	int	 fd;

	if (pid <= 0 || pid == getpid() || kill(pid, 0) == -1)
		return 0;
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 1;
	n = read(fd, cmd, sizeof(cmd) - 1);
	close(fd);
	if (n <= 0)
		return 1;
	for (i = 0; i < n; i++)
		if (cmd[i] == '\0')
			cmd[i] = ' ';
	cmd[n] = '\0';
	return strstr(cmd, "anycast-healthchecker") != NULL;
}

static void __attribute__((noreturn))
die(const char *what, int err)
{
	struct buf	 e = { 0 };

	py_oserror(&e, err, NULL);
	fprintf(stderr, "%s:%s\n", what, e.s);
	exit(1);
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

/* Upstream's messages on stdout; exits if a live instance owns it. */
struct pidfh *
pidfile_claim(const char *path)
{
	struct pidfh	*pfh;
	char		 buf[1024];
	ssize_t		 n;
	long		 pid;
	pid_t		 other;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno != ENOENT)
			die("failed to update pidfile", errno);
		printf("creating pidfile %s\n", path);
	} else {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[n > 0 ? n : 0] = '\0';
		if (pidfile_parse(buf, &pid) == -1)
			printf("cleaning stale pidfile with invalid data:'%s'\n",
			    buf);
		else if (instance_running((pid_t)pid)) {
			fprintf(stderr, "process %ld is already running\n", pid);
			exit(1);
		} else
			printf("updating stale processID(%ld) in pidfile\n", pid);
	}
	if ((pfh = pidfile_open(path, 0644, &other)) == NULL) {
		if (errno == EEXIST) {
			fprintf(stderr, "process %ld is already running\n",
			    (long)other);
			exit(1);
		}
		die("failed to write pidfile", errno);
	}
	printf("writing processID %ld to pidfile\n", (long)getpid());
	if (pidfile_write(pfh) == -1)
		die("failed to write pidfile", errno);
	fflush(stdout);
	return pfh;
}

void
pidfile_release(struct pidfh *pfh)
{
	if (pfh != NULL)
		pidfile_remove(pfh);
}
