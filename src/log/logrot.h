#ifndef LOGROT_H
#define LOGROT_H

/*
 * A log file as Python's RotatingFileHandler keeps it, written from many
 * threads that each hold a descriptor of their own.
 */

#include <pthread.h>
#include <stddef.h>

struct rotfile {
	pthread_mutex_t	 mu;
	char		*path;
	int		 fd;
	long long	 maxbytes;
	long long	 backups;
	int		 per_thread;	/* each thread writes through its own fd */
	unsigned int	 gen;		/* counts the rollovers */
};

int	rot_open(const char *);
int	rot_write(struct rotfile *, const char *, size_t);
void	rot_refresh(struct rotfile *);
void	rot_adopt(struct rotfile *);

#endif
