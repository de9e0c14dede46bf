/* util/text: the blanks around a field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/text.h"

static void test_trim_span(void **state)
{
    (void)state;
    const char *s = " \t Kota Banjarbaru\r\n";
    size_t n = strlen(s);
    const char *b = text_trim(s, &n);
    assert_int_equal(n, strlen("Kota Banjarbaru"));
    assert_memory_equal(b, "Kota Banjarbaru", n);
    /* Inner blanks stay; a field of blanks only is empty. */
    n = 5;
    text_trim("a \t b", &n);
    assert_int_equal(n, 5);
    n = 4;
    text_trim(" \r\n\t", &n);
    assert_int_equal(n, 0);
    n = 0;
    assert_non_null(text_trim("", &n));
    assert_int_equal(n, 0);
}

static void test_trim_in_place(void **state)
{
    (void)state;
    char a[] = "\t lama \r";
    assert_ptr_equal(text_trim_in_place(a), a);
    assert_string_equal(a, "lama");
    char b[] = "   ";
    assert_string_equal(text_trim_in_place(b), "");
    char c[] = "baru";
    assert_string_equal(text_trim_in_place(c), "baru");
}

static void test_blank(void **state)
{
    (void)state;
    assert_true(text_is_blank(' ') && text_is_blank('\t') && text_is_blank('\r') &&
                text_is_blank('\n'));
    /* A no-break space (U+00A0, bytes C2 A0) is a character the reader judges, not a blank. */
    assert_false(text_is_blank(0xC2) || text_is_blank(0xA0) || text_is_blank('x'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trim_span),
        cmocka_unit_test(test_trim_in_place),
        cmocka_unit_test(test_blank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
