#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "fdtab.h"
#include "log.h"

#define FDTAB_MAX	16

static int	shared[FDTAB_MAX];
static int	nshared;

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Called before any thread starts; stdin, stdout and stderr always stay. */
void
fdtab_share(int fd)
{
	if (fd <= 2)
		return;
	if (nshared == FDTAB_MAX)
		fatalx("too many shared descriptors");
	shared[nshared++] = fd;
	qsort(shared, (size_t)nshared, sizeof(shared[0]), cmp_int);
}

/* Give the calling thread a table of its own, holding only what is shared. */
void
fdtab_private(void)
{
	unsigned int	 from = 3;
	int		 i;

	if (unshare(CLONE_FILES) == -1) {
		log_warn("cannot give the thread a descriptor table of its own");
		return;
	}
	for (i = 0; i < nshared; i++) {
		if ((unsigned int)shared[i] > from)
			close_range(from, (unsigned int)shared[i] - 1, 0);
		from = (unsigned int)shared[i] + 1;
	}
	close_range(from, ~0U, 0);
}
