#ifndef FRRVTY_H
#define FRRVTY_H

/*
 * A talk with an FRR daemon on its vty socket (bgpd.vty), the protocol
 * vtysh speaks: each command goes out ending in a NUL, and the daemon
 * answers with the command's output, three NULs and the command's status
 * byte.  Commands go one at a time, and the talk stops at the first that
 * fails, as "vtysh -c ... -c ..." stops.  The main loop polls a talk as
 * it polls a child, and gets the same result a vtysh run gives: the
 * output, and status 0 or 1.  No process is started: vtysh spends about
 * 100 ms of CPU building its command tree for each run.
 */

#include <poll.h>

#include "spawn.h"

/* The reply parser, apart from the socket. */
struct frrvty_reply {
	int	 nuls;		/* NULs in a row: three, and the status next */
};

/*
 * Take n bytes of a reply: its text into out (as much as out keeps).
 * Returns how many were taken; if a reply ended there, *status is its
 * status, else -1 and all n were taken.
 */
size_t	frrvty_feed(struct frrvty_reply *, const char *, size_t,
	    struct spawn_output *, int *);
/* Did a command of this status succeed, as vtysh -c sees it? */
int	frrvty_ok(int);

struct frrvty {
	struct spawn_result	*r;
	int			 fd;
	char			**cmds;		/* copies */
	size_t			 ncmds;
	size_t			 cur;		/* the command in flight */
	size_t			 sent;		/* of it, its NUL counted */
	struct frrvty_reply	 reply;
	double			 t0;
	double			 deadline;
	int			 done;
};

#define FRRVTY_POLLFDS	1

/*
 * Connect to the socket at path and send the first command; 0, or -1
 * with r->error set (connect's errno).
 */
int	frrvty_start(const char *, char **, size_t, double, size_t,
	    struct frrvty *, struct spawn_result *);
int	frrvty_pollfds(const struct frrvty *, struct pollfd *, int *);
/* What poll said; 1 once the talk is over and its result complete. */
int	frrvty_step(struct frrvty *, const struct pollfd *, int);
/* End it now, whatever its state; a talk cut short has status 1. */
void	frrvty_finish(struct frrvty *);

#endif
