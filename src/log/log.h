#ifndef LOG_H
#define LOG_H

/*
 * The one logging API, and the bottom layer: log.c depends on nothing
 * of ours.  Until a sink registers, messages go to stderr unadorned,
 * which is what the command-line modes want.  After it, each message at
 * or above the level becomes a record (logrec.h) handed to every sink:
 * the configured destinations (logsink.c) and JSON over HTTP
 * (httplog.c), which register themselves.
 *
 * log_warn and fatal append strerror(errno).  log_error and log_crit
 * exist because upstream's ERROR and CRITICAL lines are part of what
 * operators match on.  log_svc adds the fields log_extra() set for the
 * thread, as upstream does for a service's state messages.
 */

#include "logrec.h"

/* Called from the logging thread; it must not block for long. */
typedef void	(*log_sink_fn)(const struct log_record *);

/* At start-up, before any thread: the list is then read without a lock. */
void	log_sink_add(log_sink_fn);
void	log_set_level(int);
void	log_thread(const char *);
void	log_extra(const struct log_extra *);
void	log_local_only(int);

void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_crit(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_svc(int, const char *, ...) __attribute__((format(printf, 2, 3)));
void	log_dict(int, const char *, const char *);
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
