#ifndef LOGSINK_H
#define LOGSINK_H

/*
 * Where log lines go, as the configuration says: log_file, log_server or
 * stdout, and stderr's destination.  logsink_open() registers the sink
 * with log.c; a reload changes the destinations at once, for every
 * thread.
 */

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

/* -1, errno, and in *failed the option whose file did not open. */
int		 logsink_open(const struct log_conf *, const char **);
void		 logsink_reconfigure(const struct log_conf *);
/* The log file's rollovers: each thread lets go of the old file. */
void		 logsink_set_rollover_hook(void (*)(void));
unsigned int	 logsink_generation(void);
void		 logsink_refresh(void);

#endif
