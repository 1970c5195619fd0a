#ifndef HTTPLOG_H
#define HTTPLOG_H

#include <poll.h>

struct log_record;

struct httplog_conf {
	const char	*server;
	const char	*port;
	const char	*protocol;	/* http or https */
	double		 timeout;	/* seconds */
};

/* How many messages may wait; past that they are dropped and counted. */
#define HTTPLOG_QUEUE_MAX	1024

int	httplog_init(const struct httplog_conf *);
int	httplog_pollfds(struct pollfd *, int, int *);
void	httplog_run(void);
unsigned long httplog_dropped(void);

#endif
