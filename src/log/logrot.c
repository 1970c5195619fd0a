/*
 * The rotating log file.  Lines from different threads never mix: each
 * is one write(2) to a file opened with O_APPEND.
 */

#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "logrot.h"
#include "util.h"

/*
 * Service threads keep descriptor tables of their own (see fdtab.h), so
 * a file that one thread opens at a rollover is not in the others' tables:
 * each thread holds its own descriptor of the log file, opened on its
 * first line, and opens it again when it sees that a rollover happened.
 */
static __thread int			 own_fd = -1;
static __thread unsigned int		 own_gen;

int
rot_open(const char *path)
{
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
}

static int
exists(const char *p)
{
	struct stat	 sb;

	return stat(p, &sb) == 0;
}

/* RotatingFileHandler.doRollover(): file.N-1 -> file.N ... file -> .1 */
static void
rot_rollover(struct rotfile *f, int *fdp)
{
	char	*src, *dst;
	long long i;

	close(*fdp);
	if (f->backups > 0) {
		for (i = f->backups - 1; i > 0; i--) {
			xasprintf(&src, "%s.%lld", f->path, i);
			xasprintf(&dst, "%s.%lld", f->path, i + 1);
			if (exists(src)) {
				if (exists(dst))
					unlink(dst);
				rename(src, dst);
			}
			free(src);
			free(dst);
		}
		xasprintf(&dst, "%s.1", f->path);
		if (exists(dst))
			unlink(dst);
		rename(f->path, dst);
		free(dst);
	}
	*fdp = -1;
	__atomic_add_fetch(&f->gen, 1, __ATOMIC_RELEASE);
}

/*
 * The descriptor this thread writes f through, opened again when it is
 * closed or a rollover happened since.  f->mu is held: its write side
 * unless f is per_thread.
 */
static int *
rot_fd(struct rotfile *f)
{
	if (!f->per_thread) {
		if (f->fd == -1)
			f->fd = rot_open(f->path);
		return &f->fd;
	}
	if (own_fd == -1 || own_gen != f->gen) {
		if (own_fd != -1)
			close(own_fd);
		own_fd = rot_open(f->path);
		own_gen = f->gen;
	}
	return &own_fd;
}

/*
 * One line, under the write side of f->mu: a rollover, or a file that
 * is not per_thread, whose one descriptor may need opening.
 */
static int
rot_write_alone(struct rotfile *f, const char *line, size_t len)
{
	struct stat	 sb;
	int		*fdp, rolled = 0;

	pthread_rwlock_wrlock(&f->mu);
	fdp = rot_fd(f);
	if (*fdp != -1 && f->maxbytes > 0 && fstat(*fdp, &sb) == 0 &&
	    S_ISREG(sb.st_mode) && sb.st_size + (off_t)len >=
	    (off_t)f->maxbytes) {
		rot_rollover(f, fdp);
		fdp = rot_fd(f);
		rolled = 1;
	}
	if (*fdp != -1 && write(*fdp, line, len) == -1) {
		/* nowhere left to say it */
	}
	pthread_rwlock_unlock(&f->mu);
	return rolled;
}

/*
 * shouldRollover(): only regular files, only with maxBytes set; 1:
 * rolled.  Threads write in parallel.  Each counts its line in flight
 * before it looks at the size, so that lines written at once can never
 * take the file past maxBytes together: near the limit, a line goes the
 * way of a rollover, alone.
 */
int
rot_write(struct rotfile *f, const char *line, size_t len)
{
	struct stat	 sb;
	size_t		 counted = 0, ahead;
	int		*fdp;

	/* a pipe keeps only writes up to PIPE_BUF whole */
	if (!f->per_thread || len > PIPE_BUF)
		return rot_write_alone(f, line, len);
	pthread_rwlock_rdlock(&f->mu);
	fdp = rot_fd(f);
	if (*fdp != -1 && f->maxbytes > 0) {
		counted = len;
		ahead = __atomic_add_fetch(&f->inflight, len, __ATOMIC_ACQ_REL);
		if (fstat(*fdp, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_size + (off_t)ahead >= (off_t)f->maxbytes) {
			__atomic_sub_fetch(&f->inflight, len, __ATOMIC_ACQ_REL);
			pthread_rwlock_unlock(&f->mu);
			return rot_write_alone(f, line, len);
		}
	}
	if (*fdp != -1 && write(*fdp, line, len) == -1) {
		/* nowhere left to say it */
	}
	__atomic_sub_fetch(&f->inflight, counted, __ATOMIC_ACQ_REL);
	pthread_rwlock_unlock(&f->mu);
	return 0;
}

/*
 * Close this thread's descriptor of a log file that was rotated away or
 * replaced; the next line opens the new one.  A rotated file is deleted
 * in the end, and a descriptor held on it would keep its disk space.
 */
void
rot_refresh(struct rotfile *f)
{
	if (own_fd != -1 && own_gen != __atomic_load_n(&f->gen,
	    __ATOMIC_ACQUIRE)) {
		close(own_fd);
		own_fd = -1;
	}
}

/* f->fd, just opened, becomes this thread's own descriptor of f. */
void
rot_adopt(struct rotfile *f)
{
	own_fd = f->fd;
	own_gen = f->gen;
}
