/*
 * The floor a health check stands on: CPU (user + system, ours and the
 * child's) per posix_spawn() + waitpid() of /bin/true.  Prints
 * microseconds per spawn.
 */
#include <sys/resource.h>
#include <sys/wait.h>

#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

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

int
main(int argc, char *argv[])
{
	char	*args[] = { "/bin/true", NULL };
	int	 i, n = argc > 1 ? atoi(argv[1]) : 2000, st;
	pid_t	 pid;
	double	 t0;

	t0 = cpu();
	for (i = 0; i < n; i++) {
		if (posix_spawn(&pid, args[0], NULL, NULL, args, environ) != 0)
			return 1;
		waitpid(pid, &st, 0);
	}
	printf("%.1f\n", (cpu() - t0) / n * 1e6);
	return 0;
}
