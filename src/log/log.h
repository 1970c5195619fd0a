#ifndef LOG_H
#define LOG_H

/*
 * The one logging API.  Until log_open() is called, messages go to stderr
 * unadorned, which is what the command-line modes want.  After it, each
 * message goes to the destinations the configuration names, in upstream's
 * formats (see logfmt.c).
 *
 * log_warn and fatal append strerror(errno).  log_error and log_crit
 * exist because upstream's ERROR and CRITICAL lines are part of what
 * operators match on.  log_svc adds the fields log_extra() set for the
 * thread, as upstream does for a service's state messages.
 */

#include "util.h"

enum log_level {
	LOG_LEVEL_DEBUG = 10,
	LOG_LEVEL_INFO = 20,
	LOG_LEVEL_WARNING = 30,
	LOG_LEVEL_ERROR = 40,
	LOG_LEVEL_CRITICAL = 50
};

struct log_extra;

struct log_conf {
	int		 level;
	int		 width;		/* thread names are padded to it */
	const char	*file;		/* log_file */
	long long	 maxbytes;
	long long	 backups;
	int		 json_file;
	const char	*server;	/* log_server */
	long long	 port;
	int		 json_server;
	int		 json_stdout;
	int		 journal;
	const char	*stderr_file;
	int		 stderr_server;
};

int	log_level_parse(const char *, int *);
int	log_open(const struct log_conf *, struct buf *);
void	log_thread(const char *);
void	log_reconfigure(const struct log_conf *);
void	log_extra(const struct log_extra *);
void	log_local_only(int);
void	log_set_rollover_hook(void (*)(void));
unsigned int log_generation(void);
void	log_refresh(void);

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
