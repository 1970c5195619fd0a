#ifndef PREFIX_H
#define PREFIX_H

#include <stddef.h>

/*
 * An IP prefix as Python's ipaddress.ip_network(s) (strict) accepts it:
 * a missing length means a host route; IPv4 also takes a dotted netmask
 * or hostmask; IPv6 may carry a %scope; host bits must be zero.
 */
struct prefix {
	int		 family;	/* AF_INET or AF_INET6 */
	unsigned char	 addr[16];
	unsigned int	 len;
	char		 scope[64];
};

#define PREFIX_STRLEN	(46 + 64 + 5)

int	prefix_parse(const char *, struct prefix *);
void	prefix_format(const struct prefix *, char *, size_t);
int	prefix_normalize(const char *, char *, size_t);
char	**prefix_split(const char *, size_t *);
void	 prefix_split_free(char **);

#endif
