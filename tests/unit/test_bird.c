/* Which birdc replies mean BIRD took the new configuration. */
#include "unit.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bird.h"

static void
test_reconfigured(void **state)
{
	(void)state;
	/* BIRD 1.6 and 2 */
	assert_true(bird_reconfigured(0, "BIRD 2.0.12 ready.\nReading "
	    "configuration from /etc/bird/bird.conf\nReconfigured\n"));
	/* BIRD 3 answers before it is done (upstream #55) */
	assert_true(bird_reconfigured(0, "BIRD 3.0.0 ready.\nReading "
	    "configuration from /etc/bird/bird.conf\nReconfiguration in "
	    "progress\n"));
	assert_true(bird_reconfigured(0, "BIRD 3.0.0 ready.\nReading "
	    "configuration from /etc/bird/bird.conf\nReconfiguration "
	    "already in progress, queueing new config\n"));
	assert_true(bird_reconfigured(0, "Reconfigured\r\n"));

	/* a parse error: birdc still exits 0 */
	assert_false(bird_reconfigured(0, "BIRD 2.0.12 ready.\nReading "
	    "configuration from /etc/bird/bird.conf\n/var/lib/anycast-"
	    "healthchecker/anycast-prefixes.conf:3:1 syntax error\n"));
	/* no BIRD behind the socket */
	assert_false(bird_reconfigured(1, "Unable to connect to server "
	    "control socket (/run/bird/bird.ctl): No such file or "
	    "directory\n"));
	/* the word alone on a line, not inside another */
	assert_false(bird_reconfigured(0, "Not Reconfigured\n"));
	assert_false(bird_reconfigured(0, "Reconfigured twice\n"));
	assert_false(bird_reconfigured(0, ""));
	/* the right words with a failing exit code do not count */
	assert_false(bird_reconfigured(2, "Reconfigured\n"));
}

static int
count_files(const char *dir)
{
	struct dirent	*de;
	DIR		*d = opendir(dir);
	int		 n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/*
 * The first change with an empty history directory: qsort() was handed
 * NULL, which UBSan (make unit-san) reports.  Then only our own names
 * are trimmed: another file there is left alone.
 */
static void
test_archive(void **state)
{
	struct bird_target t = { 0 };
	char	 dir[] = "/tmp/ahc-unit.XXXXXX", path[256], hist[256];
	char	 notes[512];
	FILE	*f;
	int	 i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/4.conf", dir);
	snprintf(hist, sizeof(hist), "%s/history", dir);
	assert_int_equal(mkdir(hist, 0755), 0);
	assert_non_null(f = fopen(path, "w"));
	fputs("define X = [ 10.0.0.1/32 ];\n", f);
	fclose(f);
	t.file = path;
	t.keep_changes = 1;
	t.changes_counter = 2;
	bird_archive(&t);
	assert_int_equal(count_files(hist), 1);
	snprintf(notes, sizeof(notes), "%s/notes.txt", hist);
	assert_non_null(f = fopen(notes, "w"));
	fclose(f);
	for (i = 0; i < 5; i++) {
		usleep(2000);
		bird_archive(&t);
	}
	/* two copies of ours, and the operator's file */
	assert_int_equal(count_files(hist), 3);
	assert_int_equal(access(notes, F_OK), 0);
	snprintf(notes, sizeof(notes), "rm -rf '%s'", dir);
	assert_int_equal(system(notes), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reconfigured),
		cmocka_unit_test(test_archive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
