#ifndef LOGREC_H
#define LOGREC_H

/*
 * What a log line is, before any sink gives it a shape: shared by log.c,
 * which makes records, and the sinks and formats above it.  Types only.
 */

#include <sys/time.h>
#include <sys/types.h>

enum log_level {
	LOG_LEVEL_DEBUG = 10,
	LOG_LEVEL_INFO = 20,
	LOG_LEVEL_WARNING = 30,
	LOG_LEVEL_ERROR = 40,
	LOG_LEVEL_CRITICAL = 50
};

/* What upstream attaches to a service's messages. */
struct log_extra {
	const char	*ip_address;
	int		 prefix_length;
	int		 ip_check_disabled;
	const char	*status;	/* "unknown", "up" or "down" */
	const char	*service;
};

struct log_record {
	int			 level;
	struct timeval		 tv;
	pid_t			 pid;
	const char		*thread;
	const struct log_extra	*extra;
	const char		*msg;
	const char		*json;	/* a dict message: its JSON members */
	int			 local;	/* not for remote sinks (log_local_only) */
};

#endif
