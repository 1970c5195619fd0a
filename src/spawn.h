#ifndef SPAWN_H
#define SPAWN_H

/*
 * Find the program of an argv the way upstream's subprocess.Popen() does
 * (PATH search unless it holds a '/', first error that is not ENOENT or
 * ENOTDIR wins) and predict what execve(2) would say, without running it.
 */
int	spawn_resolve(const char *, char **, int *);

#endif
