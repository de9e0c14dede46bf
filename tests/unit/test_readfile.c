/* readfile: whole files in, NUL-terminated, with the limit and the errno values its header
 * promises. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/readfile.h"

/* A temporary file of n bytes (a repeating pattern); its path in path[64]. */
static void make_file(char path[64], size_t n)
{
    snprintf(path, 64, "/tmp/kp-readfile-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < n; i++)
        fputc('a' + (int)(i % 26), f);
    assert_int_equal(fclose(f), 0);
}

static void check_content(const char *buf, size_t len, size_t n)
{
    assert_int_equal(len, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(buf[i], 'a' + (int)(i % 26));
    assert_int_equal(buf[n], '\0');
}

static void test_sizes(void **state)
{
    (void)state;
    /* Empty, small, the first buffer's size exactly and past it, several doublings. */
    const size_t sizes[] = {0, 1, 65535, 65536, 65537, 300000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char path[64];
        make_file(path, sizes[i]);
        char *buf;
        size_t len;
        assert_int_equal(readfile_path(path, 0, &buf, &len), 0);
        check_content(buf, len, sizes[i]);
        free(buf);
        unlink(path);
    }
}

static void test_limit(void **state)
{
    (void)state;
    char path[64];
    make_file(path, 100000);
    char *buf;
    size_t len;
    assert_int_equal(readfile_path(path, 100000, &buf, &len), 0);
    check_content(buf, len, 100000);
    free(buf);
    assert_int_equal(readfile_path(path, 99999, &buf, &len), EFBIG);
    assert_null(buf);
    assert_int_equal(readfile_path(path, 10, &buf, &len), EFBIG);
    assert_null(buf);
    unlink(path);
}

static void test_missing(void **state)
{
    (void)state;
    char *buf;
    size_t len;
    assert_int_equal(readfile_path("/nonexistent/kp-readfile", 0, &buf, &len), ENOENT);
    assert_null(buf);
    assert_int_equal(len, 0);
    /* A folder opens but cannot be read: named as a folder, not a crash or an empty file. */
    assert_int_equal(readfile_path("/tmp", 0, &buf, &len), EISDIR);
    assert_null(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
