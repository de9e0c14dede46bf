/* Unit tests of util/sbuf: the growing builder and the bounded one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/sbuf.h"

static void test_grows_past_first_block(void **state)
{
    (void)state;
    sbuf b;
    sbuf_init(&b);
    for (int i = 0; i < 1000; i++)
        sbuf_printf(&b, "%d,", i);
    sbuf_putc(&b, '|');
    sbuf_put(&b, "abcdef", 3);
    sbuf_puts(&b, "!");
    assert_false(sbuf_failed(&b));
    size_t len = 0;
    char *s = sbuf_take(&b, &len);
    assert_non_null(s);
    assert_int_equal(len, strlen(s));
    assert_true(strncmp(s, "0,1,2,", 6) == 0);
    assert_string_equal(s + len - 13, "998,999,|abc!");
    /* Taken: the builder is empty again and can be reused. */
    assert_null(b.p);
    assert_int_equal(b.len, 0);
    free(s);
}

static void test_long_printf(void **state)
{
    (void)state;
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sbuf b;
    sbuf_init(&b);
    sbuf_printf(&b, "<%s>", big);
    assert_int_equal(b.len, 1001);
    assert_int_equal(b.p[0], '<');
    assert_int_equal(b.p[999], 'x');
    assert_int_equal(b.p[1000], '>');
    assert_int_equal(b.p[1001], '\0');
    sbuf_free(&b);
    assert_null(b.p);
}

static void test_take_empty_is_empty_string(void **state)
{
    (void)state;
    sbuf b;
    sbuf_init(&b);
    size_t len = 7;
    char *s = sbuf_take(&b, &len);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
}

static void test_fixed_truncates_at_character(void **state)
{
    (void)state;
    char buf[7];
    sbuf b;
    sbuf_init_fixed(&b, buf, sizeof buf);
    assert_string_equal(buf, "");
    sbuf_puts(&b, "abcd");
    assert_false(sbuf_failed(&b));
    /* "é" is two bytes: "abcde" + "é" needs 8 bytes with the NUL, one more than buf has, so "é" is
     * cut whole. */
    sbuf_puts(&b, "e\xC3\xA9");
    assert_true(sbuf_failed(&b));
    assert_string_equal(buf, "abcde");
    /* After a cut nothing more is appended, even what would fit. */
    sbuf_putc(&b, 'z');
    assert_string_equal(buf, "abcde");
    assert_int_equal(b.len, 5);
}

static void test_fixed_exact_fit(void **state)
{
    (void)state;
    char buf[4];
    sbuf b;
    sbuf_init_fixed(&b, buf, sizeof buf);
    sbuf_printf(&b, "%d", 123);
    assert_false(sbuf_failed(&b));
    assert_string_equal(buf, "123");
    sbuf_putc(&b, '4');
    assert_true(sbuf_failed(&b));
    assert_string_equal(buf, "123");
}

static void test_fixed_zero_cap_fails(void **state)
{
    (void)state;
    char buf[1] = {'q'};
    sbuf b;
    sbuf_init_fixed(&b, buf, 0);
    assert_true(sbuf_failed(&b));
    sbuf_puts(&b, "a");
    assert_int_equal(buf[0], 'q');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grows_past_first_block),
        cmocka_unit_test(test_long_printf),
        cmocka_unit_test(test_take_empty_is_empty_string),
        cmocka_unit_test(test_fixed_truncates_at_character),
        cmocka_unit_test(test_fixed_exact_fit),
        cmocka_unit_test(test_fixed_zero_cap_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
