#ifndef IFADDR_H
#define IFADDR_H

#include "prefix.h"

/* Longer than any kernel interface name (IFNAMSIZ is 16). */
#define IFNAMSIZ_MAX	64

/* Is the prefix (address and length) assigned on the interface? */
enum ifaddr_answer { IFADDR_NO, IFADDR_YES, IFADDR_NO_INTERFACE,
	IFADDR_ERROR };

enum ifaddr_answer	ifaddr_assigned(const char *, const struct prefix *);

#endif
