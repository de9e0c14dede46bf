#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util/selfpath.h"

/* The folder found must hold this very binary (same inode), however the test was started. */
static void test_exe_dir_holds_the_running_binary(void **state)
{
    (void)state;
    char dir[PATH_MAX];
    assert_true(selfpath_exe_dir(dir, sizeof dir));
    assert_int_equal(dir[0], '/');
    assert_null(strstr(dir, "/../"));
    char self[PATH_MAX + 32];
    snprintf(self, sizeof self, "%s/test_selfpath", dir);
    struct stat a, b;
    assert_int_equal(stat(self, &a), 0);
    assert_int_equal(stat("/proc/self/exe", &b), 0);
    assert_true(a.st_dev == b.st_dev && a.st_ino == b.st_ino);
}

/* "<exe dir>/../<name of exe dir>" is the exe dir again: ".." is resolved, not kept. */
static void test_relative_resolves_parent(void **state)
{
    (void)state;
    char dir[PATH_MAX], got[PATH_MAX];
    assert_true(selfpath_exe_dir(dir, sizeof dir));
    const char *base = strrchr(dir, '/') + 1;
    assert_true(selfpath_relative(base, got, sizeof got));
    assert_string_equal(got, dir);
}

static void test_relative_missing_is_false_and_empty(void **state)
{
    (void)state;
    char got[PATH_MAX] = "sisa";
    assert_false(selfpath_relative("share/kepatuhan-tidak-ada/templates", got, sizeof got));
    assert_string_equal(got, "");
}

static void test_too_small_is_false_and_empty(void **state)
{
    (void)state;
    char got[4] = "abc";
    assert_false(selfpath_exe_dir(got, sizeof got));
    assert_string_equal(got, "");
    char dir[PATH_MAX];
    assert_true(selfpath_exe_dir(dir, sizeof dir));
    const char *base = strrchr(dir, '/') + 1;
    char exact[PATH_MAX];
    /* Room for the path but not its terminating NUL. */
    assert_false(selfpath_relative(base, exact, strlen(dir)));
    assert_string_equal(exact, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exe_dir_holds_the_running_binary),
        cmocka_unit_test(test_relative_resolves_parent),
        cmocka_unit_test(test_relative_missing_is_false_and_empty),
        cmocka_unit_test(test_too_small_is_false_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
