/*
 * What the built-in checks share: reading HOST:PORT, and connecting and
 * waiting against a deadline while the daemon may be stopping.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

const struct check_kind *const check_kinds[] = {
	&check_tcp_kind,
	&check_dns_kind,
	&check_http_kind,
	NULL
};

/* How often a wait looks at the stop flag: shutdown waits at most this. */
#define CHECK_SLICE_MS	100

int
check_hostport(const char *v, int defport, struct sockaddr_storage *ss,
    socklen_t *len, struct buf *why)
{
	struct sockaddr_in	*s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)ss;
	char			 host[INET6_ADDRSTRLEN + 1];
	const char		*h = v, *port = NULL, *end;
	size_t			 hl;
	char			*ep;
	long			 p = defport;

	memset(ss, 0, sizeof(*ss));
	if (*v == '[') {
		if ((end = strchr(v, ']')) == NULL) {
			buf_addf(why, "%s has no closing ]", v);
			return -1;
		}
		h = v + 1;
		hl = (size_t)(end - h);
		if (end[1] == ':')
			port = end + 2;
		else if (end[1] != '\0') {
			buf_addf(why, "%s: expected :PORT after ]", v);
			return -1;
		}
	} else {
		end = strrchr(v, ':');
		if (end != NULL && strchr(v, ':') != end) {
			buf_addf(why, "%s: an IPv6 address goes in [ ]", v);
			return -1;
		}
		hl = end != NULL ? (size_t)(end - v) : strlen(v);
		if (end != NULL)
			port = end + 1;
	}
	if (port != NULL) {
		errno = 0;
		p = strtol(port, &ep, 10);
		if (*port < '0' || *port > '9' || *ep != '\0' || errno != 0 ||
		    p < 1 || p > 65535) {
			buf_addf(why, "%s: the port must be 1 to 65535", v);
			return -1;
		}
	} else if (defport == 0) {
		buf_addf(why, "%s has no :PORT", v);
		return -1;
	}
	if (hl == 0 || hl >= sizeof(host)) {
		buf_addf(why, "%s: not an IP address", v);
		return -1;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (*v != '[' && inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)p);
		*len = sizeof(*s4);
	} else if (*v == '[' && inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)p);
		*len = sizeof(*s6);
	} else {
		buf_addf(why, "%s: %s is not an IP address (names are not "
		    "resolved)", v, host);
		return -1;
	}
	return 0;
}

int
check_hostname(const char *name, int kind, struct buf *why)
{
	const char	*p, *label = name, *noun = kind == CHECK_NAME_DNS ?
			    "domain" : "host", *bad = NULL;
	size_t		 len = strlen(name), n;
	char		 c[8];

	if (kind == CHECK_NAME_DNS && len > 1 && name[len - 1] == '.')
		len--;		/* the root's dot */
	if (len == 0 || len > 253)
		bad = "it must have 1 to 253 bytes";
	for (p = name; bad == NULL && p <= name + len; p++) {
		if (p < name + len && *p != '.') {
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
			    *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			    *p == '-' || (*p == '_' && kind == CHECK_NAME_DNS))
				continue;
			if (*p > ' ' && *p < 0x7f)
				snprintf(c, sizeof(c), "'%c'", *p);
			else
				snprintf(c, sizeof(c), "\\x%02x",
				    (unsigned char)*p);
			buf_addf(why, "%s is not a %s name: %s is not a letter, "
			    "digit%s or '-'", name, noun, c, kind ==
			    CHECK_NAME_DNS ? ", '_'" : "");
			return -1;
		}
		n = (size_t)(p - label);
		if (n == 0)
			bad = "a label is empty";
		else if (n > 63)
			bad = "a label is longer than 63 bytes";
		else if (label[0] == '-' || p[-1] == '-')
			bad = "a label starts or ends with '-'";
		label = p + 1;
	}
	if (bad == NULL)
		return 0;
	buf_addf(why, "%s is not a %s name: %s", name, noun, bad);
	return -1;
}

void
check_addr_format(const struct sockaddr_storage *ss, char *out, size_t sz)
{
	const struct sockaddr_in	*s4 = (const struct sockaddr_in *)ss;
	const struct sockaddr_in6	*s6 = (const struct sockaddr_in6 *)ss;
	char				 a[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET) {
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		snprintf(out, sz, "%s:%u", a, ntohs(s4->sin_port));
	} else {
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		snprintf(out, sz, "[%s]:%u", a, ntohs(s6->sin6_port));
	}
}

void
check_why(struct buf *why, const char *what,
    const struct sockaddr_storage *ss, const char *err)
{
	char	 a[INET6_ADDRSTRLEN + 8];

	check_addr_format(ss, a, sizeof(a));
	buf_addf(why, "%s %s: %s", what, a, err);
}

int
check_wait(int fd, short events, double deadline, const int *stop)
{
	struct pollfd	 pfd = { fd, events, 0 };
	double		 left;
	int		 ms, n;

	for (;;) {
		if (__atomic_load_n(stop, __ATOMIC_RELAXED))
			return CHECK_STOPPED;
		left = deadline - clock_mono();
		if (left <= 0)
			return CHECK_TIMEOUT;
		ms = left * 1000 > CHECK_SLICE_MS ? CHECK_SLICE_MS :
		    (int)(left * 1000) + 1;
		if ((n = poll(&pfd, 1, ms)) > 0)
			return pfd.revents;
		if (n == -1 && errno != EINTR)
			return CHECK_FAIL;
	}
}

int
check_connect(const struct sockaddr_storage *ss, socklen_t len, int type,
    double deadline, const int *stop, enum check_verdict *v,
    struct buf *why)
{
	socklen_t	 el = sizeof(int);
	int		 fd, err = 0, r;

	*v = CHECK_FAIL;
	fd = socket(ss->ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		buf_addf(why, "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, (const struct sockaddr *)ss, len) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		check_why(why, "connect to", ss, strerror(errno));
		close(fd);
		return -1;
	}
	if ((r = check_wait(fd, POLLOUT, deadline, stop)) < 0) {
		*v = r == CHECK_FAIL ? CHECK_FAIL : (enum check_verdict)r;
		if (r == CHECK_TIMEOUT)
			check_why(why, "connect to", ss, "timed out");
		else if (r == CHECK_FAIL)
			buf_addf(why, "poll: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == -1)
		err = errno;
	if (err != 0) {
		check_why(why, "connect to", ss, strerror(err));
		close(fd);
		return -1;
	}
	return fd;
}
