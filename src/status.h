#ifndef STATUS_H
#define STATUS_H

#include "settings.h"
#include "util.h"

/*
 * The state of every service and announcer, for --status and GET /status:
 * one JSON document, kept in a file beside the pidfile (its ".pid"
 * replaced by ".status") and rewritten by rename when it changes.
 */

extern const char *const status_fail_labels[FAIL_REASONS];

const char	*status_state_name(enum svc_state);
/* a service thread, after each round: 1 when what it shows changed */
int		 status_round(struct service *, enum svc_state, const char *,
		    int);
/* the main thread changed what a service or announcer shows */
void		 status_touch(void);
void		 status_render(struct buf *, struct settings *, long);
void		 status_write(struct settings *);
void		 status_remove(struct settings *);
char		*status_path(const char *);

/* statuscmd.c: --status and --status --json */
int		 status_command(const char *, int);

#endif
