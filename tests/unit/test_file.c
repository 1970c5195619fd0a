/* The state files the main loop rewrites: written once per change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "file.h"
#include "util.h"

static void
test_same(void **state)
{
	struct buf	 last = { 0 }, b = { 0 };

	(void)state;
	/* nothing written yet: even the empty text is new */
	assert_false(buf_same(&last, &b));
	buf_addn(&last, "", 0);
	assert_true(buf_same(&last, &b));
	buf_add(&b, "x");
	assert_false(buf_same(&last, &b));
	buf_add(&last, "y");
	assert_false(buf_same(&last, &b));
	buf_reset(&last);
	buf_add(&last, "x");
	assert_true(buf_same(&last, &b));
	buf_free(&last);
	buf_free(&b);
}

static ino_t
inode(const char *path)
{
	struct stat	 sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_ino;
}

static void
test_replace_changed(void **state)
{
	char		 dir[] = "/tmp/test_file.XXXXXX", path[64], text[16];
	struct buf	 last = { 0 }, b = { 0 };
	FILE		*f;
	ino_t		 ino;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/state", dir);
	assert_int_equal(file_replace_changed(path, &last, &b), 1);
	assert_int_equal(access(path, F_OK), 0);
	ino = inode(path);
	/* the same text again: the file is left alone, not replaced */
	assert_int_equal(file_replace_changed(path, &last, &b), 0);
	assert_int_equal(inode(path), ino);
	buf_add(&b, "one\n");
	assert_int_equal(file_replace_changed(path, &last, &b), 1);
	assert_int_not_equal(inode(path), ino);
	assert_non_null(f = fopen(path, "r"));
	assert_non_null(fgets(text, sizeof(text), f));
	fclose(f);
	assert_string_equal(text, "one\n");
	/* a failed write is not remembered: the next turn tries again */
	buf_reset(&b);
	buf_add(&b, "two\n");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0700), 0);	/* even root cannot replace it */
	assert_int_equal(file_replace_changed(path, &last, &b), -1);
	assert_false(buf_same(&last, &b));
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(file_replace_changed(path, &last, &b), 1);
	assert_true(buf_same(&last, &b));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	buf_free(&last);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_replace_changed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
