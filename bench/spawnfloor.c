/*
 * The floor a health check stands on: CPU (user + system, ours and the
 * children's) per posix_spawn() + waitpid() of /bin/true.
 *
 *   spawnfloor [N]            N spawns back to back (default 2000), with
 *                             every cache warm; prints microseconds per
 *                             spawn
 *   spawnfloor -s N SECS      the daemon's schedule: N threads that each
 *                             spawn once a second, all in the same instant,
 *                             for SECS seconds, a thread that falls behind
 *                             skipping to its next slot as a service does;
 *                             prints "microseconds-per-spawn spawns/expected"
 *
 * On a virtual machine a spawn after an idle moment, or one of a hundred
 * at once, costs far more than one of a back-to-back series, and a daemon
 * whose services start together pays that too.
 */
#include <sys/resource.h>
#include <sys/wait.h>

#include <pthread.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern char **environ;

static char		*args[] = { "/bin/true", NULL };
static struct timespec	 start;		/* the schedule's first round */
static int		 secs;
static atomic_int	 spawns;

static double
cpu(void)
{
	struct rusage	 self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec +
	    kids.ru_utime.tv_sec + kids.ru_stime.tv_sec) +
	    (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec +
	    kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) / 1e6;
}

static void
spawn(void)
{
	pid_t	 pid;
	int	 st;

	if (posix_spawn(&pid, args[0], NULL, NULL, args, environ) != 0)
		abort();
	while (waitpid(pid, &st, 0) == -1)
		;
}

static void
sleep_until(long sec)
{
	struct timespec	 t = start;

	t.tv_sec += sec;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) != 0)
		;
}

static void *
service(void *arg)
{
	struct timespec	 now;
	long		 slot = 0;

	(void)arg;
	for (;;) {
		sleep_until(slot);
		spawn();
		spawns++;
		clock_gettime(CLOCK_MONOTONIC, &now);
		slot = now.tv_sec - start.tv_sec + 1;
		if (now.tv_nsec < start.tv_nsec)
			slot--;
		if (slot >= secs)
			return NULL;
	}
}

static int
schedule(int n)
{
	pthread_attr_t	 attr;
	pthread_t	*t;
	double		 c0;
	int		 i;

	if (n < 1 || secs < 1 || (t = calloc((size_t)n, sizeof(*t))) == NULL)
		return 1;
	/* the first round one second on, once every thread waits for it */
	clock_gettime(CLOCK_MONOTONIC, &start);
	start.tv_sec++;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], &attr, service, NULL) != 0)
			return 1;
	c0 = cpu();
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	printf("%.1f %.3f\n", (cpu() - c0) / spawns * 1e6,
	    (double)spawns / ((double)n * secs));
	free(t);
	return 0;
}

int
main(int argc, char *argv[])
{
	double	 t0;
	int	 i, n;

	if (argc == 4 && strcmp(argv[1], "-s") == 0) {
		secs = atoi(argv[3]);
		return schedule(atoi(argv[2]));
	}
	n = argc > 1 ? atoi(argv[1]) : 2000;
	t0 = cpu();
	for (i = 0; i < n; i++)
		spawn();
	printf("%.1f\n", (cpu() - t0) / n * 1e6);
	return 0;
}
