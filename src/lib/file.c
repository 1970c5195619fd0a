/*
 * Whole-file reads and atomic replacement, for the BIRD prefix files and
 * the Prometheus textfile: a reader sees the old file or the new one,
 * never a part of either.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "path.h"
#include "util.h"

/*
 * The whole file, NUL-terminated; -1 (and errno), or FILE_NOT_REGULAR:
 * a FIFO put in its place must not hang the reader, nor a device feed it.
 */
int
file_read(const char *path, char **text)
{
	struct buf	 b = { 0 };
	struct stat	 sb;
	char		 chunk[8192];
	ssize_t		 n;
	int		 fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) ==
	    -1)
		return -1;
	if (fstat(fd, &sb) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return FILE_NOT_REGULAR;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			close(fd);
			buf_free(&b);
			return -1;
		}
		buf_addn(&b, chunk, (size_t)n);
	}
	close(fd);
	*text = buf_release(&b);
	return 0;
}

int
file_write_all(int fd, const char *p, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Replace path with data so that a reader sees the old file or the new
 * one, never a part: a temp file made with O_EXCL beside it, written and
 * synced, renamed over it, and the directory synced.
 */
int
file_replace(const char *path, const char *data, size_t len,
    void (*note)(const char *))
{
	struct stat	 sb;
	char		*dir, *tmp;
	mode_t		 mode = 0644;
	int		 fd, dfd, saved;

	if (stat(path, &sb) == 0)
		mode = sb.st_mode & 07777;
	dir = path_dirname(path);
	tmp = path_join(*dir ? dir : ".", FILE_TMP_PREFIX "XXXXXX");
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		goto fail;
	if (note != NULL)
		note(tmp);
	if (fchmod(fd, mode) == -1 || file_write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1) {
		saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		goto fail;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		goto fail;
	}
	if ((dfd = open(*dir ? dir : ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	free(tmp);
	return 0;
fail:
	free(dir);
	free(tmp);
	return -1;
}


/*
 * Remove temp files of ours that a killed daemon left beside path; the
 * single-instance lock guarantees none of them is being written.
 */
void
file_clean_temps(const char *path)
{
	struct dirent	*de;
	DIR		*d;
	char		*dir, *p;

	dir = path_dirname(path);
	if ((d = opendir(*dir ? dir : ".")) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strncmp(de->d_name, FILE_TMP_PREFIX,
			    strlen(FILE_TMP_PREFIX)) != 0)
				continue;
			p = path_join(*dir ? dir : ".", de->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	free(dir);
}

/*
 * A state file the main thread rewrites on every turn: replaced only
 * when b differs from last, what the file held; 1 when it was written,
 * 0 when it was the same, -1 (and errno) when it could not be.
 */
int
file_replace_changed(const char *path, struct buf *last, const struct buf *b)
{
	if (buf_same(last, b))
		return 0;
	if (file_replace(path, b->s != NULL ? b->s : "", b->len, NULL) == -1)
		return -1;
	buf_reset(last);
	buf_addn(last, b->s != NULL ? b->s : "", b->len);
	return 1;
}
