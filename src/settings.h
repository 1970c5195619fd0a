#ifndef SETTINGS_H
#define SETTINGS_H

#include <sys/types.h>

#include <pthread.h>

#include "config.h"
#include "health.h"
#include "prefix.h"
#include "validate.h"

struct service {
	char		*name;
	char		*check_cmd;
	char		**argv;
	double		 interval;
	double		 timeout;
	long long	 rise;
	long long	 fail;
	int		 disabled;
	int		 advertise_when_disabled;
	int		 ip_check_disabled;
	char		*interface;
	struct prefix	 prefix;
	char		 prefix_str[PREFIX_STRLEN];	/* with_prefixlen */
	int		 version;			/* 4 or 6 */
	char		*custom_cmd;
	double		 custom_timeout;

	/* run time */
	pthread_t	 thread;
	pid_t		 running;	/* pid of the check being run, or 0 */
	struct health	 health;
};

struct settings {
	struct bird_targets	 bird;
	int			 purge;
	char			*pidfile;
	int			 loglevel;
	char			*log_file;
	int			 log_width;
	int			 has_splay;
	double			 splay;
	struct service		*svc;
	size_t			 nsvc;
};

int			 settings_build(struct config *, struct bird_targets *,
			    struct settings *, struct buf *);
void			 settings_free(struct settings *);
struct bird_target	*settings_target(struct settings *, int);

#endif
