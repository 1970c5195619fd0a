/*
 * The pattern: a sleeper reads the word, checks its conditions, and
 * sleeps only while the word still holds what it read.  A waker changes
 * a condition first and then the word, so no wake-up falls between the
 * check and the sleep.
 */

#include <linux/futex.h>
#include <sys/syscall.h>

#include <limits.h>
#include <time.h>
#include <unistd.h>

#include "nap.h"

uint32_t
nap_seen(const uint32_t *word)
{
	return __atomic_load_n(word, __ATOMIC_ACQUIRE);
}

void
nap(uint32_t *word, uint32_t seen, double deadline)
{
	struct timespec	 ts;

	if (deadline > 1e12)
		deadline = 1e12;
	ts.tv_sec = (time_t)deadline;
	ts.tv_nsec = (long)((deadline - (double)ts.tv_sec) * 1e9);
	if (ts.tv_nsec < 0 || ts.tv_nsec > 999999999)
		ts.tv_nsec = 0;
	/* an absolute CLOCK_MONOTONIC deadline, so EINTR needs no sum */
	(void)syscall(SYS_futex, word, FUTEX_WAIT_BITSET_PRIVATE, seen, &ts,
	    NULL, FUTEX_BITSET_MATCH_ANY);
}

void
nap_wake(uint32_t *word)
{
	__atomic_add_fetch(word, 1, __ATOMIC_RELEASE);
	(void)syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL,
	    NULL, 0);
}
