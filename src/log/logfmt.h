#ifndef LOGFMT_H
#define LOGFMT_H

/*
 * The shapes of a log line, as upstream writes them: text, JSON
 * (python-json-logger behind a "anycast-healthchecker: " prefix),
 * journald's "<N>" prefix, the syslog priority, and the JSON body the
 * 0.6 series POSTed.  Pure formatting, no I/O.
 */

#include <sys/time.h>
#include <sys/types.h>

#include "logrec.h"
#include "util.h"

const char	*logfmt_level_name(int);
void		 logfmt_asctime(struct buf *, const struct timeval *);
void		 logfmt_text(struct buf *, const struct log_record *, int);
void		 logfmt_stderr(struct buf *, const struct log_record *);
void		 logfmt_json(struct buf *, const struct log_record *);
void		 logfmt_journal(struct buf *, const struct log_record *);
void		 logfmt_http(struct buf *, const struct log_record *,
		    const char *);
int		 logfmt_syslog_pri(int);
int		 logfmt_http_priority(int);
void		 logfmt_json_string(struct buf *, const char *);

#endif
