/* csverr: what libcsv refuses is said in Indonesian, never in libcsv's English. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <csv.h>
#include <string.h>

#include "util/csverr.h"

static void test_parse_error(void **state)
{
    (void)state;
    /* A quote after a closing quote: strict libcsv refuses it with CSV_EPARSE. */
    struct csv_parser p;
    assert_int_equal(csv_init(&p, CSV_STRICT), 0);
    static const char text[] = "\"a\"b,c\n";
    assert_int_not_equal(csv_parse(&p, text, sizeof text - 1, NULL, NULL, NULL), sizeof text - 1);
    assert_int_equal(csv_error(&p), CSV_EPARSE);
    assert_non_null(strstr(csverr_text(csv_error(&p)), "tanda petik"));
    csv_free(&p);
}

static void test_codes(void **state)
{
    (void)state;
    assert_string_equal(csverr_text(CSV_ENOMEM), "memori habis");
    assert_string_equal(csverr_text(CSV_ETOOBIG), "isian terlalu besar");
    assert_string_equal(csverr_text(CSV_EINVALID), "galat pembaca CSV");
    /* None of them is libcsv's own text. */
    for (int e = CSV_EPARSE; e <= CSV_EINVALID; e++)
        assert_string_not_equal(csverr_text(e), csv_strerror(e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_error),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
