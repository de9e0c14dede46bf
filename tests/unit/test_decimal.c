#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/decimal.h"

typedef struct parse_case {
    const char *in;
    dec_parse_status st;
    dec_t v;
    int decimals;
} parse_case;

static void test_parse(void **state)
{
    (void)state;
    static const parse_case cases[] = {
        {"92,00", DEC_OK, 9200, 2},
        {"92.00", DEC_OK, 9200, 2},
        {"92", DEC_OK, 9200, 0},
        {" 92,5 ", DEC_OK, 9250, 1},
        {"\t88,02\r\n", DEC_OK, 8802, 2},
        {"-1", DEC_OK, -100, 0},
        {"+7,26", DEC_OK, 726, 2},
        {"0,5", DEC_OK, 50, 1},
        {",5", DEC_OK, 50, 1},
        {"5.", DEC_OK, 500, 0},
        {"87,595", DEC_OK, 8760, 3},
        {"87,594999", DEC_OK, 8759, 6},
        {"99,995", DEC_OK, 10000, 3},
        {"-0,005", DEC_OK, -1, 3},
        {"-87,595", DEC_OK, -8760, 3},
        {"000000000000000000000092,00", DEC_OK, 9200, 2},
        {"92233720368547749", DEC_OK, 9223372036854774900, 0},
        {"9,2.0", DEC_THOUSANDS, 0, 0},
        {"1.234,5", DEC_THOUSANDS, 0, 0},
        {"1.234.567", DEC_THOUSANDS, 0, 0},
        {"abc", DEC_INVALID, 0, 0},
        {"9 2", DEC_INVALID, 0, 0},
        {"- 5", DEC_INVALID, 0, 0},
        {"-", DEC_INVALID, 0, 0},
        {".", DEC_INVALID, 0, 0},
        {"92%", DEC_INVALID, 0, 0},
        {"", DEC_EMPTY, 0, 0},
        {"   ", DEC_EMPTY, 0, 0},
        {"92233720368547758", DEC_OVERFLOW, 0, 0},
        {"99999999999999999999", DEC_OVERFLOW, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const parse_case *c = &cases[i];
        dec_t v = 0;
        int decimals = -1;
        dec_parse_status st = dec_parse(c->in, strlen(c->in), &v, &decimals);
        if (st != c->st || (st == DEC_OK && (v != c->v || decimals != c->decimals)))
            fail_msg("\"%s\": status %d value %lld decimals %d; want %d %lld %d", c->in, st,
                     (long long)v, decimals, c->st, (long long)c->v, c->decimals);
    }
}

static void test_parse_len_and_null_decimals(void **state)
{
    (void)state;
    dec_t v = 0;
    /* Only len bytes are read: fields arrive as slices of a line, not C strings. */
    assert_int_equal(dec_parse("92,0099", 5, &v, NULL), DEC_OK);
    assert_int_equal(v, 9200);
    assert_int_equal(dec_parse("9\0"
                               "2",
                               3, &v, NULL),
                     DEC_INVALID);
}

static dec_t sum(const dec_t *v, size_t n)
{
    dec_t s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s;
}

static void test_mean(void **state)
{
    (void)state;
    /* Kabupaten Barito Kuala 2023, seven units: 613,15 / 7 = 87,5928... -> 87,59. */
    static const dec_t batola[] = {9031, 8995, 8988, 8779, 8662, 8587, 8273};
    assert_int_equal(sum(batola, 7), 61315);
    assert_int_equal(dec_mean(sum(batola, 7), 7), 8759);

    /* Exactly ,xx5 rounds up; just below it rounds down. */
    static const dec_t half[] = {6080, 6081};
    assert_int_equal(dec_mean(sum(half, 2), 2), 6081); /* 60,805 */
    assert_int_equal(dec_mean(30401, 5), 6080);        /* 60,802 */
    assert_int_equal(dec_abs(-250), 250);
    assert_int_equal(dec_abs(250), 250);
    assert_int_equal(dec_abs(0), 0);
    assert_int_equal(dec_mean(182403, 30), 6080); /* 60,801 */
    assert_int_equal(dec_mean(60805, 10), 6081);  /* 60,805 */
    assert_int_equal(dec_mean(60804, 10), 6080);  /* 60,804 */
    assert_int_equal(dec_mean(262779, 30), 8759); /* 87,593 */
    assert_int_equal(dec_mean(8800, 1), 8800);
    assert_int_equal(dec_mean(0, 3), 0);
    assert_int_equal(dec_mean(-60805, 10), -6081); /* half away from zero */
}

static void test_div_round_large(void **state)
{
    (void)state;
    /* Sums of millions of rows must not overflow in the rounding itself. */
    assert_int_equal(dec_div_round(INT64_MAX, 1), INT64_MAX);
    assert_int_equal(dec_div_round(INT64_MAX, 2), INT64_MAX / 2 + 1);
    assert_int_equal(dec_div_round(INT64_MIN + 1, 2), -(INT64_MAX / 2 + 1));
    assert_int_equal(dec_div_round(INT64_MAX - 1, INT64_MAX), 1);
    assert_int_equal(dec_div_round(3, INT64_MAX), 0);
}

static void test_percent_of(void **state)
{
    (void)state;
    assert_int_equal(dec_percent_of(8550, 2185), 1868);  /* 85,50% of 21,85 = 18,68175 */
    assert_int_equal(dec_percent_of(10000, 3237), 3237); /* 100% is the full weight */
    assert_int_equal(dec_percent_of(0, 2424), 0);
    assert_int_equal(dec_percent_of(5000, 2185), 1093); /* 10,925 -> 10,93 */
    assert_int_equal(dec_percent_of(3000, 2185), 656);  /* 6,555 -> 6,56 */
    assert_int_equal(dec_percent_of(4000, 2154), 862);  /* 8,616 -> 8,62 */
}

static void test_format(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(dec_format(9200, ',', buf, sizeof buf), "92,00");
    assert_string_equal(dec_format(-726, '.', buf, sizeof buf), "-7.26");
    assert_string_equal(dec_format(-5, ',', buf, sizeof buf), "-0,05");
    assert_string_equal(dec_format(0, ',', buf, sizeof buf), "0,00");
    assert_string_equal(dec_format(123456, ',', buf, sizeof buf), "1234,56");
    assert_string_equal(dec_format(INT64_MIN, ',', buf, sizeof buf), "-92233720368547758,08");
    assert_string_equal(dec_format(9200, ',', buf, 4), "92,");
    assert_true(dec_to_double(8759) > 87.58 && dec_to_double(8759) < 87.60);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),      cmocka_unit_test(test_parse_len_and_null_decimals),
        cmocka_unit_test(test_mean),       cmocka_unit_test(test_div_round_large),
        cmocka_unit_test(test_percent_of), cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
