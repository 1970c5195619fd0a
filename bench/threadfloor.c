/*
 * The floor of memory one thread per service stands on: the peak RSS
 * (VmHWM, kB) of a process linked with the daemon's libraries that starts
 * N threads of the daemon's stack size, each of which only waits.  What a
 * thread costs here is glibc's: its descriptor and static TLS fill one
 * page, and the first frame starts on the next.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"	/* SERVICE_STACK */

static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 cv = PTHREAD_COND_INITIALIZER;
static int		 started;

static void *
idle(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	started++;
	pthread_cond_broadcast(&cv);
	for (;;)
		pthread_cond_wait(&cv, &mu);
	return NULL;
}

int
main(int argc, char *argv[])
{
	pthread_attr_t	 attr;
	pthread_t	 t;
	char		 line[256];
	FILE		*f;
	int		 i, n = argc > 1 ? atoi(argv[1]) : 100;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, SERVICE_STACK);
	for (i = 0; i < n; i++)
		if (pthread_create(&t, &attr, idle, NULL) != 0)
			return 1;
	pthread_mutex_lock(&mu);
	while (started < n)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return 1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			printf("%ld\n", strtol(line + 6, NULL, 10));
	return 0;
}
