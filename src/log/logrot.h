#ifndef LOGROT_H
#define LOGROT_H

/*
 * A log file as Python's RotatingFileHandler keeps it, written from many
 * threads that each hold a descriptor of their own.
 */

#include <pthread.h>
#include <stddef.h>

/*
 * Lines are written under mu's read side, in parallel: O_APPEND keeps
 * each write(2) whole.  A rollover takes the write side.
 */
#define ROT_LOCK_INITIALIZER PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP

struct rotfile {
	pthread_rwlock_t mu;
	size_t		 inflight;	/* bytes being written, atomic */
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
