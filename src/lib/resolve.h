#ifndef RESOLVE_H
#define RESOLVE_H

#include <sys/socket.h>

#include <poll.h>

#include "spawn.h"

/*
 * A host name looked up without a thread and without blocking the main
 * thread: numeric addresses at once, names through getent(1) in a child
 * process with a timeout.  getaddrinfo() itself may block for as long as
 * resolv.conf allows, and glibc's and libcurl's asynchronous resolvers
 * start threads, which the Nagios plugin counts as services.
 */
struct resolver {
	const char		*what;		/* for messages: "log_server" */
	const char		*host;
	char			 port[16];
	int			 socktype;
	double			 timeout;
	void			(*done)(struct resolver *);

	int			 resolved;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;

	int			 busy;
	double			 next_try;
	double			 backoff;
	struct spawn_proc	 p;
	struct spawn_result	 r;
	int			 pfd_off;
	int			 pfd_n;
};

/* Retries wait this long at first, twice as long each time, to a cap. */
#define RESOLVE_RETRY_FIRST	5.0
#define RESOLVE_RETRY_MAX	60.0

void	resolve_init(struct resolver *, const char *, const char *,
	    const char *, int, double, void (*)(struct resolver *));
int	resolve_now(struct resolver *);
void	resolve_later(struct resolver *);
int	resolve_pollfds(struct pollfd *, int, int *);
void	resolve_step(const struct pollfd *);
void	resolve_stop(void);
void	resolve_cancel(struct resolver *);
int	resolve_numeric(struct resolver *);

#endif
