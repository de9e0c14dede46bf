/* path: a path that fits is written whole, one that does not is refused with its start. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "util/path.h"

static void test_fits(void **state)
{
    (void)state;
    char buf[32];
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(path_format(buf, sizeof buf, &err, "%s/rapor/%s.pdf", "out", "kota-a"), KP_OK);
    assert_string_equal(buf, "out/rapor/kota-a.pdf");
    assert_string_equal(err.msg, "");
    /* Exactly cap - 1 characters still fit. */
    char small[6];
    assert_int_equal(path_format(small, sizeof small, &err, "%s", "abcde"), KP_OK);
    assert_string_equal(small, "abcde");
}

static void test_too_long(void **state)
{
    (void)state;
    char buf[8];
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(path_format(buf, sizeof buf, &err, "%s/%s", "abcd", "efgh"), KP_ERR_IO);
    assert_string_equal(err.msg, "jalur berkas terlalu panjang: abcd/ef");
    assert_string_equal(err.file, "");
    assert_int_equal(err.line, 0);
    /* The message quotes at most 200 bytes of a long path. */
    char big[1024], part[600];
    memset(part, 'x', sizeof part - 1);
    part[sizeof part - 1] = '\0';
    assert_int_equal(path_format(big, 300, &err, "%s", part), KP_ERR_IO);
    assert_int_equal(strlen(err.msg), strlen("jalur berkas terlalu panjang: ") + 200);
    /* A NULL err is allowed, as everywhere. */
    assert_int_equal(path_format(buf, sizeof buf, NULL, "%s", "123456789"), KP_ERR_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fits),
        cmocka_unit_test(test_too_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
