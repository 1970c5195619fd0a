#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bird.h"
#include "path.h"
#include "pystr.h"

/*
 * Make sure each prefix file exists, and its history directory when
 * changes are kept: what upstream does even for -c and -P.
 */
int
bird_create_files(const struct bird_targets *bt, struct buf *err)
{
	const struct bird_target *t;
	char	*dir, *hist;
	size_t	 i;
	int	 fd;

	for (i = 0; i < bt->n; i++) {
		t = &bt->t[i];
		fd = open(t->file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
		    O_NOCTTY | O_NONBLOCK, 0666);
		if (fd == -1 || futimens(fd, NULL) == -1) {
			buf_addf(err, "failed to create %s:", t->file);
			py_oserror(err, errno, t->file);
			if (fd != -1)
				close(fd);
			return -1;
		}
		close(fd);
		if (!t->keep_changes)
			continue;
		dir = path_dirname(t->file);
		hist = path_join(dir, "history");
		free(dir);
		if (mkdir(hist, 0777) == 0)
			printf("%s is created\n", hist);
		else if (errno != EEXIST) {
			buf_addf(err, "failed to make directory %s for keeping "
			    "a history of changes for %s:", hist, t->file);
			py_oserror(err, errno, hist);
			free(hist);
			return -1;
		}
		free(hist);
	}
	return 0;
}
