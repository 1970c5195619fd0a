#ifndef SETTINGS_H
#define SETTINGS_H

#include <sys/types.h>

#include <pthread.h>

#include "check.h"
#include "config.h"
#include "health.h"
#include "lag.h"
#include "log.h"
#include "logsink.h"
#include "logfmt.h"
#include "prefix.h"
#include "spawn.h"
#include "validate.h"

/*
 * A service as --status and /status show it (status.c); the thread's
 * own judgement, DRAINING being the main thread's word.
 */
enum svc_state {
	SVC_UNKNOWN, SVC_UP, SVC_DOWN, SVC_DISABLED, SVC_MAINTENANCE
};

/* Why checks failed: the reason label's fixed set. */
enum svc_fail {
	FAIL_EXIT, FAIL_TIMEOUT, FAIL_IP, FAIL_HTTP, FAIL_TCP, FAIL_DNS,
	FAIL_REASONS
};

#define STATUS_WHY	256

struct svc_status {
	enum svc_state	 state;
	double		 since;		/* wall time of the last change */
	double		 since_boot;	/* and on the boot clock */
	char		 why[STATUS_WHY];	/* the last check's verdict */
	double		 transitions;
	double		 failures[FAIL_REASONS];
};

/* What the Prometheus textfile shows of a service; has_* = sample exists. */
struct svc_metrics {
	int		 has_state;
	double		 state;
	int		 has_duration;
	double		 duration_ms;
	/* with built-in checks, per check_kinds[]; cmd's is duration_ms */
	int		 has_check[CHECK_KINDS];
	double		 check_ms[CHECK_KINDS];
	int		 has_ip;
	int		 ip_assigned;
	int		 has_timeouts;
	double		 timeouts;
	double		 timeouts_created;
	struct svc_status st;
};

/* One prefix of a service's ip_prefix list. */
struct svc_prefix {
	struct prefix	 p;
	char		 str[PREFIX_STRLEN];	/* with_prefixlen */
	int		 version;		/* 4 or 6 */
};

struct service {
	char		*name;
	char		*check_cmd;
	char		**argv;
	char		*cmdline;	/* argv as upstream logs it */
	double		 interval;
	double		 timeout;
	long long	 rise;
	long long	 fail;
	int		 disabled;
	char		*on_disabled;			/* as written */
	int		 advertise_when_disabled;
	int		 ip_check_disabled;
	char		*interface;
	char		*prefix_raw;			/* as written */
	struct svc_prefix *pfx;				/* one or more */
	size_t		 npfx;
	char		*prefix_str;	/* the normalised ones, ", " between */
	char		*custom_cmd;
	double		 custom_timeout;
	int		 withdraw_on_exit;		/* on_exit = withdraw */
	char		*maintenance_file;
	struct check	*checks;	/* built-in, in running order */
	size_t		 nchecks;
	struct check_opts check_opts;	/* what qualifies them */
	char		*community;	/* bgp_community, canonical, or NULL */
	double		 drain_seconds;	/* a planned withdrawal drains first */
	int		 drain_on_down;	/* on_down = drain */
	char		*vrf;		/* frr_vrf, or NULL: the default VRF */

	/* run time */
	struct log_extra	 extra;
	char		 ip_address[64];
	struct svc_metrics	 m;		/* guarded by metrics_lock */
	pthread_t	 thread;
	struct spawn_guard guard;	/* the check in flight */
	struct health	 health;
	int		 in_maintenance;
	/*
	 * A planned drain runs (the main thread's word, read atomically by
	 * the service's): a maintenance file gone before its end brings
	 * the prefixes back at once, for nothing was withdrawn.
	 */
	int		 drain_planned;
	int		 announced;	/* the main thread's view: CHANGE_* */
	double		 drain_until;	/* a planned drain ends: withdrawn */
	int		 retiring;	/* removed by a reload, draining */
	int		 custom_wish;	/* -1, or up: for the custom command */
	int		 custom_busy;	/* a custom command in flight */
	int		 stop;		/* SIGHUP: this thread must end */
	int		 joined;	/* and it has ended */
};

struct settings {
	char			*announcer;	/* bird, frr, gobgp, exabgp */
	char			*frr_vtysh;
	char			*frr_socket;	/* NULL: frr_vtysh */
	char			*gobgp_cmd;
	char			*gobgp_nexthop;
	double			 resync_interval;
	char			*drain_community;	/* canonical */
	int			 drain_used;	/* a service drains: BIRD's
						   files have the drain list */
	struct bird_targets	 bird;
	struct bird_lag		 lag[2];	/* as bird.t; the main thread's */
	struct buf		 bird_repr;	/* upstream's DEBUG line */
	struct buf		 bird_json;	/* and its JSON members */
	int			 purge;
	char			*pidfile;
	int			 loglevel;
	char			*log_file;
	int			 log_width;
	long long		 log_maxbytes;
	long long		 log_backups;
	char			*log_server;
	long long		 log_server_port;
	int			 json_stdout;
	int			 json_log_file;
	int			 json_log_server;
	int			 journal;
	char			*stderr_file;
	int			 stderr_log_server;
	int			 json_logging;		/* 0.6: JSON over HTTP */
	char			*http_server;
	char			*http_server_port;
	char			*http_server_protocol;
	double			 http_server_timeout;
	int			 prometheus;
	char			*prometheus_dir;
	long long		 prometheus_interval;
	char			*prometheus_listen;
	int			 has_splay;
	double			 splay;
	struct service		**svc;
	size_t			 nsvc;
};

int			 settings_build(struct config *, struct bird_targets *,
			    struct settings *, struct buf *);
void			 settings_service_free(struct service *);
void			 settings_log_conf(const struct settings *,
			    struct log_conf *);
int			 settings_service_same(const struct service *,
			    const struct service *);
/* Does a service drain (drain_seconds, on_down = drain)? */
int			 settings_drain_used(const struct settings *);
int			 settings_prefixes_same(const struct service *,
			    const struct service *);
void			 settings_free(struct settings *);
struct bird_target	*settings_target(struct settings *, int);

#endif
