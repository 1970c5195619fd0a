/*
 * Whether a service's address is on its interface, asked of the kernel
 * through getifaddrs(3) (netlink) instead of upstream's fork of
 * "ip address show dev IF to PREFIX".  As there, the address and the
 * prefix length must both match.
 */

#include <sys/socket.h>
#include <netinet/in.h>

#include <ifaddrs.h>
#include <string.h>

#include "ifaddr.h"

static unsigned int
mask_bits(const unsigned char *m, size_t n)
{
	unsigned int	 bits = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		bits += (unsigned int)__builtin_popcount(m[i]);
	return bits;
}

/* getifaddrs names IPv4 aliases "lo:1"; they belong to "lo" too. */
static int
same_interface(const char *name, const char *want)
{
	size_t	 len = strlen(want);

	return strncmp(name, want, len) == 0 &&
	    (name[len] == '\0' || name[len] == ':');
}

enum ifaddr_answer
ifaddr_assigned(const char *ifname, const struct prefix *p)
{
	struct ifaddrs	*all, *ifa;
	const unsigned char *a, *m;
	size_t		 alen;
	int		 seen = 0;
	enum ifaddr_answer ans = IFADDR_NO;

	if (getifaddrs(&all) == -1)
		return IFADDR_ERROR;
	for (ifa = all; ifa != NULL; ifa = ifa->ifa_next) {
		if (!same_interface(ifa->ifa_name, ifname))
			continue;
		seen = 1;
		if (ifa->ifa_addr == NULL || ifa->ifa_netmask == NULL ||
		    ifa->ifa_addr->sa_family != p->family)
			continue;
		if (p->family == AF_INET) {
			a = (const unsigned char *)&((struct sockaddr_in *)
			    (void *)ifa->ifa_addr)->sin_addr;
			m = (const unsigned char *)&((struct sockaddr_in *)
			    (void *)ifa->ifa_netmask)->sin_addr;
			alen = 4;
		} else {
			a = (const unsigned char *)&((struct sockaddr_in6 *)
			    (void *)ifa->ifa_addr)->sin6_addr;
			m = (const unsigned char *)&((struct sockaddr_in6 *)
			    (void *)ifa->ifa_netmask)->sin6_addr;
			alen = 16;
		}
		if (memcmp(a, p->addr, alen) == 0 &&
		    mask_bits(m, alen) == p->len) {
			ans = IFADDR_YES;
			break;
		}
	}
	freeifaddrs(all);
	if (!seen)
		return IFADDR_NO_INTERFACE;
	return ans;
}
