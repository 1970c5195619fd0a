#ifndef PATH_H
#define PATH_H

/* Python's os.path functions, where upstream's behaviour depends on them. */
char	*path_dirname(const char *);
char	*path_join(const char *, const char *);
char	*path_realpath(const char *);
char	*path_beside_pidfile(const char *, const char *);

#endif
