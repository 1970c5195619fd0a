#ifndef PROMHTTP_H
#define PROMHTTP_H

#include <sys/socket.h>

#include <poll.h>

#include "util.h"

/*
 * prometheus_listen: /metrics (and /status) over HTTP, served by libmicrohttpd from the
 * main thread's poll loop (no thread of its own), loaded on first use.
 */

int	promhttp_parse(const char *, struct sockaddr_storage *, socklen_t *);
int	promhttp_start(const char *, struct buf *);
void	promhttp_set(const char *, size_t);
void	promhttp_set_status(const char *, size_t);
int	promhttp_pollfds(struct pollfd *, int, int *);
void	promhttp_step(const struct pollfd *, int);

#endif
