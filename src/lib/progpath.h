#ifndef PROGPATH_H
#define PROGPATH_H

/* 0 if path is a regular file we may execute, else the errno. */
int	progpath_executable(const char *);

/*
 * Search PATH for prog as subprocess does, probing each candidate.  On
 * success *path is the file found, or NULL when prog names the file
 * itself; on failure *err holds the errno.
 */
int	progpath_search(const char *, int (*)(const char *), char **, int *);

/* For -c: what execve(2) would say of prog, without running anything. */
int	progpath_resolve(const char *, char **, int *);

/* For -c: what execve(2) says of argv, found by trying it (see .c). */
int	progpath_trial(char *const [], int *);
int	progpath_too_big(char *const [], const char *);

#endif
