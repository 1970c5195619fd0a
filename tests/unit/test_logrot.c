/*
 * The rotating log file, written by many threads at once: no line is
 * lost or torn, and no file grows past maxBytes.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "logrot.h"

#define THREADS	8
#define LINES	2000
#define MAXB	10000

static struct rotfile	 rf = { .mu = ROT_LOCK_INITIALIZER, .fd = -1 };

static void *
writer(void *arg)
{
	char	 line[64];
	int	 i, n, t = (int)(long)arg;

	for (i = 0; i < LINES; i++) {
		/* lengths vary, so that the limit falls anywhere in a line */
		n = snprintf(line, sizeof(line), "t%d n%05d %.*s\n", t, i,
		    i % 37, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		rot_write(&rf, line, (size_t)n);
	}
	return NULL;
}

static void
test_parallel(void **state)
{
	char		 dir[] = "/tmp/test_logrot.XXXXXX", path[128], line[128];
	char		 p[160];
	static char	 seen[THREADS][LINES];
	pthread_t	 th[THREADS];
	struct stat	 sb;
	FILE		*f;
	long long	 bytes = 0, biggest = 0;
	long		 i;
	int		 t, n, files = 0, total = 0, torn = 0, twice = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/log", dir);
	rf.path = path;
	rf.maxbytes = MAXB;
	rf.backups = 10000;
	rf.per_thread = 1;
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, writer,
		    (void *)i), 0);
	for (i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	/* read and remove every file first, so that a failure leaves none */
	for (i = 0;; i++) {
		if (i == 0)
			snprintf(p, sizeof(p), "%s", path);
		else
			snprintf(p, sizeof(p), "%s.%ld", path, i);
		if (stat(p, &sb) == -1 || (f = fopen(p, "r")) == NULL)
			break;
		files++;
		bytes += sb.st_size;
		if (sb.st_size > biggest)
			biggest = sb.st_size;
		while (fgets(line, sizeof(line), f) != NULL) {
			if (sscanf(line, "t%d n%d", &t, &n) != 2 || t < 0 ||
			    t >= THREADS || n < 0 || n >= LINES ||
			    strlen(line) != strlen("t0 n00000 \n") +
			    (size_t)(n % 37)) {
				torn++;
				continue;
			}
			twice += seen[t][n];
			seen[t][n] = 1;
			total++;
		}
		fclose(f);
		unlink(p);
	}
	rmdir(dir);
	assert_int_equal(torn, 0);
	assert_int_equal(twice, 0);
	assert_int_equal(total, THREADS * LINES);
	assert_true(biggest < MAXB);
	/* the rollovers happened, none early by more than the lines in flight */
	assert_true(files > bytes / MAXB);
	assert_true(files <= bytes / (MAXB - 64 * THREADS) + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parallel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
