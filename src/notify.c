/*
 * The notification protocol by hand rather than libsystemd: it is a
 * documented, stable datagram of "KEY=VALUE" lines, and linking
 * libsystemd would bring its own dependencies into a daemon that needs
 * nothing else of it.
 */

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "notify.h"
#include "util.h"

static int			 nfd = -1;
static struct sockaddr_un	 nsa;
static socklen_t		 nlen;
static double			 wd_every = -1;	/* seconds; -1: no watchdog */
static double			 wd_next;

void
notify_init(void)
{
	const char	*path = getenv("NOTIFY_SOCKET"), *usec, *pid;
	size_t		 len;

	if (path != NULL && (path[0] == '/' || path[0] == '@') &&
	    (len = strlen(path)) < sizeof(nsa.sun_path)) {
		nsa.sun_family = AF_UNIX;
		memcpy(nsa.sun_path, path, len);
		if (path[0] == '@')
			nsa.sun_path[0] = '\0';	/* abstract namespace */
		nlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
		nfd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    0);
		if (nfd == -1)
			log_warn("socket for NOTIFY_SOCKET");
	} else if (path != NULL)
		log_warnx("NOTIFY_SOCKET %s is not a socket path", path);
	usec = getenv("WATCHDOG_USEC");
	pid = getenv("WATCHDOG_PID");
	if (usec != NULL && strtoll(usec, NULL, 10) > 0 && (pid == NULL ||
	    strtoll(pid, NULL, 10) == (long long)getpid())) {
		/* twice per period, as sd_watchdog_enabled(3) advises */
		wd_every = (double)strtoll(usec, NULL, 10) / 2e6;
		wd_next = clock_mono();
	}
	/* the checks are not the service: they must not notify for it */
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
}

void
notify_send(const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;
	int	 n;

	if (nfd == -1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return;
	if (sendto(nfd, msg, (size_t)n, MSG_NOSIGNAL,
	    (struct sockaddr *)&nsa, nlen) == -1)
		log_debug("notifying systemd: %s", strerror(errno));
}

/*
 * From the main loop: send WATCHDOG=1 when due, and lower *ms to the
 * time until the next one.  A wedged main thread stops the pings, and
 * systemd restarts the daemon.
 */
int
notify_watchdog(int *ms)
{
	double	 now, d;
	int	 left;

	if (wd_every < 0 || nfd == -1)
		return 0;
	now = clock_mono();
	if (now >= wd_next) {
		notify_send("WATCHDOG=1");
		wd_next = now + wd_every;
	}
	d = (wd_next - now) * 1000 + 1;
	left = d > 0 ? (int)d : 0;
	if (*ms < 0 || left < *ms)
		*ms = left;
	return 1;
}
