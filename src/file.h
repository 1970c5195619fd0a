#ifndef FILE_H
#define FILE_H

#include <stddef.h>

int	file_read(const char *, char **);
int	file_write_all(int, const char *, size_t);
int	file_replace(const char *, const char *, size_t);

#endif
