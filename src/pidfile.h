#ifndef PIDFILE_H
#define PIDFILE_H

/* The pidfile we hold, locked, while we run. */
struct pidfile {
	int	 fd;
	char	*path;
};

int		 pidfile_lock(void);
int		 pidfile_parse(char *, long *);
struct pidfile	*pidfile_claim(const char *);
void		 pidfile_release(struct pidfile *);
int		 pidfile_is_daemon(long);

#endif
