#ifndef FILE_H
#define FILE_H

#include <stddef.h>

#define FILE_NOT_REGULAR	(-2)

int	file_read(const char *, char **);
int	file_write_all(int, const char *, size_t);
int	file_replace(const char *, const char *, size_t,
	    void (*)(const char *));
void	file_clean_temps(const char *);
struct buf;
int	file_replace_changed(const char *, struct buf *, const struct buf *);

/* Temp files are dot files, so nothing that globs *.conf reads them. */
#define FILE_TMP_PREFIX	".anycast-healthchecker."

#endif
