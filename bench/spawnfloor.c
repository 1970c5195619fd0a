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
 *   spawnfloor -l N SECS      the same schedule in one lane, as the daemon
 *                             runs it: each thread spawns and waits for its
 *                             child in turn, under one mutex
 *   spawnfloor -b N SECS      one thread that starts N children back to back
 *                             once a second and then reaps them all, as one
 *                             spawner serving N services would; prints as -s
 *   spawnfloor -w N SECS      as -b, waiting for each child before the next
 *
 * On a virtual machine a spawn whose child runs while another does, on
 * the other CPU, costs about twice one of a series (-s and -b against -l
 * and -w); an idle second between series costs little.  A daemon whose
 * services start together pays that, unless it starts them in turn.
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
static int		 serial;	/* -l */
static pthread_mutex_t	 turn = PTHREAD_MUTEX_INITIALIZER;

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

static pid_t
start_one(void)
{
	pid_t	 pid;

	if (posix_spawn(&pid, args[0], NULL, NULL, args, environ) != 0)
		abort();
	return pid;
}

static void
spawn(void)
{
	pid_t	 pid;
	int	 st;

	if (serial)
		pthread_mutex_lock(&turn);
	pid = start_one();
	while (waitpid(pid, &st, 0) == -1)
		;
	if (serial)
		pthread_mutex_unlock(&turn);
}

static void
sleep_until(long sec)
{
	struct timespec	 t = start;

	t.tv_sec += sec;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) != 0)
		;
}

/* The next whole second of the schedule: one that fell behind skips. */
static long
next_slot(void)
{
	struct timespec	 now;
	long		 slot;

	clock_gettime(CLOCK_MONOTONIC, &now);
	slot = now.tv_sec - start.tv_sec + 1;
	if (now.tv_nsec < start.tv_nsec)
		slot--;
	return slot;
}

static void *
service(void *arg)
{
	long	 slot;

	(void)arg;
	for (slot = 0; slot < secs; slot = next_slot()) {
		sleep_until(slot);
		spawn();
		spawns++;
	}
	return NULL;
}

static int
burst(int n, int each)
{
	pid_t	*pid;
	double	 c0;
	long	 sec;
	int	 i, st;

	if (n < 1 || secs < 1 || (pid = calloc((size_t)n, sizeof(*pid))) ==
	    NULL)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &start);
	start.tv_sec++;
	c0 = cpu();
	for (sec = 0; sec < secs; sec = next_slot()) {
		sleep_until(sec);
		for (i = 0; i < n; i++) {
			pid[i] = start_one();
			while (each && waitpid(pid[i], &st, 0) == -1)
				;
		}
		for (i = 0; i < n && !each; i++)
			while (waitpid(pid[i], &st, 0) == -1)
				;
		spawns += n;
	}
	printf("%.1f %.3f\n", (cpu() - c0) / spawns * 1e6,
	    (double)spawns / ((double)n * secs));
	free(pid);
	return 0;
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

	if (argc == 4 && (strcmp(argv[1], "-s") == 0 ||
	    strcmp(argv[1], "-l") == 0 || strcmp(argv[1], "-b") == 0 ||
	    strcmp(argv[1], "-w") == 0)) {
		secs = atoi(argv[3]);
		serial = argv[1][1] == 'l';
		if (argv[1][1] == 'b' || argv[1][1] == 'w')
			return burst(atoi(argv[2]), argv[1][1] == 'w');
		return schedule(atoi(argv[2]));
	}
	n = argc > 1 ? atoi(argv[1]) : 2000;
	t0 = cpu();
	for (i = 0; i < n; i++)
		spawn();
	printf("%.1f\n", (cpu() - t0) / n * 1e6);
	return 0;
}
