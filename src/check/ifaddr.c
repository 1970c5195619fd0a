/*
 * Whether a service's address is on its interface, asked of the kernel
 * through getifaddrs(3) (netlink) instead of upstream's fork of
 * "ip address show dev IF to PREFIX".  As there, the address and the
 * prefix length must both match.
 *
 * With thousands of services a dump per check would cost O(services)
 * each time, so all threads share one snapshot of the address table,
 * indexed in a hash set and taken again when it is older than
 * IFADDR_MAX_AGE: far below any check interval.
 */

#include <sys/socket.h>
#include <netinet/in.h>

#include <ifaddrs.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "ifaddr.h"
#include "util.h"

#define IFADDR_MAX_AGE	0.05

/* threads look up in parallel; a refresh takes the write side */
static pthread_rwlock_t	 snap_lock =
    PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static struct strset	 snap_addrs;	/* ifname NUL family addr len */
static struct strset	 snap_ifs;	/* interface names */
static double		 snap_at = -1;

static unsigned int
mask_bits(const unsigned char *m, size_t n)
{
	unsigned int	 bits = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		bits += (unsigned int)__builtin_popcount(m[i]);
	return bits;
}

/* The key of an address: interface, family, address, prefix length. */
static size_t
addr_key(char *k, const char *ifname, int family, const unsigned char *a,
    unsigned int len)
{
	size_t	 n = strlen(ifname), alen = family == AF_INET ? 4 : 16;

	memcpy(k, ifname, n);
	k[n++] = '\0';
	k[n++] = (char)family;
	memcpy(k + n, a, alen);
	n += alen;
	k[n++] = (char)len;
	return n;
}

static int
refresh(void)
{
	struct ifaddrs	*all, *ifa;
	const unsigned char *a, *m;
	char		 key[IFNAMSIZ_MAX + 32], name[IFNAMSIZ_MAX];
	size_t		 alen;
	int		 fam;

	if (getifaddrs(&all) == -1)
		return -1;
	strset_free(&snap_addrs);
	strset_free(&snap_ifs);
	for (ifa = all; ifa != NULL; ifa = ifa->ifa_next) {
		/* getifaddrs names IPv4 aliases "lo:1"; they are "lo"'s */
		strlcpy(name, ifa->ifa_name, sizeof(name));
		name[strcspn(name, ":")] = '\0';
		strset_add(&snap_ifs, name, strlen(name));
		if (ifa->ifa_addr == NULL || ifa->ifa_netmask == NULL)
			continue;
		fam = ifa->ifa_addr->sa_family;
		if (fam == AF_INET) {
			a = (const unsigned char *)&((struct sockaddr_in *)
			    (void *)ifa->ifa_addr)->sin_addr;
			m = (const unsigned char *)&((struct sockaddr_in *)
			    (void *)ifa->ifa_netmask)->sin_addr;
			alen = 4;
		} else if (fam == AF_INET6) {
			a = (const unsigned char *)&((struct sockaddr_in6 *)
			    (void *)ifa->ifa_addr)->sin6_addr;
			m = (const unsigned char *)&((struct sockaddr_in6 *)
			    (void *)ifa->ifa_netmask)->sin6_addr;
			alen = 16;
		} else
			continue;
		strset_add(&snap_addrs, key, addr_key(key, name, fam, a,
		    mask_bits(m, alen)));
	}
	freeifaddrs(all);
	snap_at = clock_mono();
	return 0;
}

static int
stale(void)
{
	return snap_at < 0 || clock_mono() - snap_at > IFADDR_MAX_AGE;
}

/* snap_lock is held, either side */
static enum ifaddr_answer
lookup(const char *ifname, const struct prefix *p)
{
	char	 key[IFNAMSIZ_MAX + 32];
	size_t	 n;

	n = addr_key(key, ifname, p->family, p->addr, p->len);
	if (strset_has(&snap_addrs, key, n))
		return IFADDR_YES;
	if (!strset_has(&snap_ifs, ifname, strlen(ifname)))
		return IFADDR_NO_INTERFACE;
	return IFADDR_NO;
}

enum ifaddr_answer
ifaddr_assigned(const char *ifname, const struct prefix *p)
{
	enum ifaddr_answer ans;

	if (strlen(ifname) >= IFNAMSIZ_MAX)
		return IFADDR_NO_INTERFACE;
	pthread_rwlock_rdlock(&snap_lock);
	if (!stale()) {
		ans = lookup(ifname, p);
		pthread_rwlock_unlock(&snap_lock);
		return ans;
	}
	pthread_rwlock_unlock(&snap_lock);
	pthread_rwlock_wrlock(&snap_lock);
	/* another thread may have taken it meanwhile */
	if (stale() && refresh() == -1)
		ans = IFADDR_ERROR;
	else
		ans = lookup(ifname, p);
	pthread_rwlock_unlock(&snap_lock);
	return ans;
}
