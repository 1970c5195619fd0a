#ifndef PYUCD_H
#define PYUCD_H

/*
 * The Unicode character facts of Python 3.11's str (Unicode 14.0.0),
 * generated from unicodedata by tools/pyucd.py: which code points int()
 * reads as digits, what lower() and upper() make of one, and which ones
 * repr() shows as they are.
 */

#include <stddef.h>
#include <stdint.h>

int	pyucd_decimal(uint32_t);
size_t	pyucd_lower(uint32_t, uint32_t[3]);
size_t	pyucd_upper(uint32_t, uint32_t[3]);
int	pyucd_printable(uint32_t);

#endif
