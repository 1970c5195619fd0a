/*
 * A sleep that another thread can cut short, for thousands of threads
 * at once: each sleeper waits in the kernel on one shared word, so a
 * sleep that ends by its timeout takes no lock on its way out.
 */
#ifndef NAP_H
#define NAP_H

#include <stdint.h>

/* What a sleeper reads before it checks its conditions. */
uint32_t	nap_seen(const uint32_t *);
/* Sleep until deadline (CLOCK_MONOTONIC, seconds) or a nap_wake(). */
void		nap(uint32_t *, uint32_t, double);
/* Every sleeper wakes and checks its conditions again. */
void		nap_wake(uint32_t *);

#endif
