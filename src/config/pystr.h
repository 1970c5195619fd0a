#ifndef PYSTR_H
#define PYSTR_H

/*
 * Text rules of Python 3.11, which the upstream daemon inherits: what
 * counts as whitespace, how repr() quotes a string, what int(), float()
 * and configparser's getboolean() accept, and how an OSError reads.
 * Operators' configs and log parsers depend on these, so they are part
 * of the interface.
 */

#include <stddef.h>
#include <stdint.h>

#include "util.h"

size_t		 py_space(const char *, size_t);
const char	*py_strip(const char *, size_t, size_t *);
const char	*py_lstrip(const char *, size_t, size_t *);
size_t		 py_rstrip(const char *, size_t);
size_t		 py_indent(const char *, size_t);
char		*py_strip_dup(const char *);

void		 py_repr(struct buf *, const char *, size_t);
void		 py_repr_trunc(struct buf *, const char *, size_t, size_t);
void		 py_repr_str(struct buf *, const char *);
void		 py_repr_bytes(struct buf *, const char *, size_t);

/* int(): -1 if not a number, -2 (digits set) past the digit limit */
#define PY_INT_MAX_STR_DIGITS	4300
int		 py_int(const char *, long long *, long long *);
int		 py_float(const char *, double *);
int		 py_bool(const char *, int *);
void		 py_float_format(struct buf *, double, int);
#define py_float_repr(b, d)	py_float_format((b), (d), 0)

void		 py_oserror(struct buf *, int, const char *);
uint32_t	 utf8_get(const unsigned char *, size_t, size_t *);

/* pytext.c */
char		*py_lower(const char *);
char		*py_upper(const char *);
char		*py_decimal_ascii(const char *);
/* io.TextIOWrapper reads and decodes a file this many bytes at a time */
#define PY_READ_CHUNK	8192
int		 py_utf8_check(const char *, size_t, struct buf *);

#endif
