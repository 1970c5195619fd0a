#ifndef UTIL_H
#define UTIL_H

#include <stdarg.h>
#include <stddef.h>

void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* A growable string; every append keeps it NUL-terminated. */
struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

void	 buf_addn(struct buf *, const char *, size_t);
void	 buf_add(struct buf *, const char *);
void	 buf_addc(struct buf *, char);
void	 buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vaddf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	 buf_reset(struct buf *);
int	 buf_same(const struct buf *, const struct buf *);
char	*buf_release(struct buf *);
void	 buf_free(struct buf *);


/*
 * A hashed set of byte strings (they may hold NULs), for duplicate
 * detection; each key may carry a number, such as an index.
 */
struct strset {
	char	**keys;
	size_t	 *lens;
	size_t	 *vals;
	size_t	  n;
	size_t	  cap;
};

int	 strset_add(struct strset *, const char *, size_t);
int	 strset_put(struct strset *, const char *, size_t, size_t);
int	 strset_has(const struct strset *, const char *, size_t);
int	 strset_get(const struct strset *, const char *, size_t, size_t *);
void	 strset_free(struct strset *);

static inline int
tolower_ascii(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Seconds, as doubles: for schedules, timeouts and durations. */
double	clock_mono(void);
double	clock_real(void);
double	clock_boot(void);

/* argv joined by spaces, as upstream logs a command: ' '.join(cmd). */
char	*argv_join(char *const []);

#endif
