#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/idfmt.h"

typedef struct word_case {
    uint64_t v;
    const char *words;
} word_case;

static void test_terbilang_int(void **state)
{
    (void)state;
    static const word_case cases[] = {
        {0, "nol"},
        {1, "satu"},
        {9, "sembilan"},
        {10, "sepuluh"},
        {11, "sebelas"},
        {12, "dua belas"},
        {19, "sembilan belas"},
        {20, "dua puluh"},
        {21, "dua puluh satu"},
        {99, "sembilan puluh sembilan"},
        {100, "seratus"},
        {101, "seratus satu"},
        {110, "seratus sepuluh"},
        {111, "seratus sebelas"},
        {200, "dua ratus"},
        {999, "sembilan ratus sembilan puluh sembilan"},
        {1000, "seribu"},
        {1001, "seribu satu"},
        {1100, "seribu seratus"},
        {1992, "seribu sembilan ratus sembilan puluh dua"},
        {2000, "dua ribu"},
        {2024, "dua ribu dua puluh empat"},
        {10000, "sepuluh ribu"},
        {11000, "sebelas ribu"},
        {100000, "seratus ribu"},
        {101000, "seratus satu ribu"},
        {1000000, "satu juta"},
        {1001000, "satu juta seribu"},
        {2500000, "dua juta lima ratus ribu"},
        {1000000000, "satu miliar"},
        {1000000000000ull, "satu triliun"},
        {999000000000000ull, "sembilan ratus sembilan puluh sembilan triliun"},
        {1000000000000000ull, "seribu triliun"},
        {1234567890123ull, "satu triliun dua ratus tiga puluh empat miliar lima ratus enam "
                           "puluh tujuh juta delapan ratus sembilan puluh ribu seratus dua "
                           "puluh tiga"},
    };
    char buf[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        idfmt_terbilang_int(cases[i].v, buf, sizeof buf);
        if (strcmp(buf, cases[i].words) != 0)
            fail_msg("%llu: \"%s\", want \"%s\"", (unsigned long long)cases[i].v, buf,
                     cases[i].words);
    }
    /* The largest value still reads to the end without overflowing the buffer. */
    idfmt_terbilang_int(UINT64_MAX, buf, sizeof buf);
    assert_non_null(strstr(buf, "delapan belas juta"));
    assert_non_null(strstr(buf, "enam ratus lima belas\0"));
}

typedef struct nilai_case {
    int64_t v;
    const char *words;
} nilai_case;

static void test_terbilang_nilai(void **state)
{
    (void)state;
    static const nilai_case cases[] = {
        {9200, "sembilan puluh dua koma nol nol"},
        {9205, "sembilan puluh dua koma nol lima"},
        {9024, "sembilan puluh koma dua empat"},
        {10000, "seratus koma nol nol"},
        {0, "nol koma nol nol"},
        {5, "nol koma nol lima"},
        {8759, "delapan puluh tujuh koma lima sembilan"},
        {1111, "sebelas koma satu satu"},
        {-726, "minus tujuh koma dua enam"},
    };
    char buf[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        idfmt_terbilang_nilai(cases[i].v, buf, sizeof buf);
        if (strcmp(buf, cases[i].words) != 0)
            fail_msg("%lld: \"%s\", want \"%s\"", (long long)cases[i].v, buf, cases[i].words);
    }
}

static void test_numbers(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(idfmt_nilai(9200, buf, sizeof buf), "92,00");
    assert_string_equal(idfmt_nilai(0, buf, sizeof buf), "0,00");
    assert_string_equal(idfmt_nilai(-726, buf, sizeof buf), "-7,26");
    assert_string_equal(idfmt_nilai(-5, buf, sizeof buf), "-0,05");
    assert_string_equal(idfmt_nilai(100000, buf, sizeof buf), "1.000,00");
    assert_string_equal(idfmt_nilai(123456, buf, sizeof buf), "1.234,56");
    assert_string_equal(idfmt_nilai(12345678901, buf, sizeof buf), "123.456.789,01");
    assert_string_equal(idfmt_nilai(INT64_MIN, buf, sizeof buf), "-92.233.720.368.547.758,08");

    assert_string_equal(idfmt_selisih(726, buf, sizeof buf), "+7,26");
    assert_string_equal(idfmt_selisih(-50, buf, sizeof buf), "-0,50");
    assert_string_equal(idfmt_selisih(-1234, buf, sizeof buf), "-12,34");
    assert_string_equal(idfmt_selisih(0, buf, sizeof buf), "0,00");
    assert_string_equal(idfmt_selisih(150000, buf, sizeof buf), "+1.500,00");

    assert_string_equal(idfmt_int(12, buf, sizeof buf), "12");
    assert_string_equal(idfmt_int(0, buf, sizeof buf), "0");
    assert_string_equal(idfmt_int(999, buf, sizeof buf), "999");
    assert_string_equal(idfmt_int(1234, buf, sizeof buf), "1.234");
    assert_string_equal(idfmt_int(-1234567, buf, sizeof buf), "-1.234.567");
}

static void test_truncation(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'x', sizeof buf);
    assert_string_equal(idfmt_nilai(123456789, buf, 6), "1.234");
    assert_string_equal(idfmt_terbilang_int(1992, buf, sizeof buf), "seribu ");
    assert_string_equal(idfmt_int(5, buf, 1), "");
    /* A multi-byte letter is dropped whole rather than cut. */
    assert_string_equal(idfmt_upper("ab\xC3\xA9", buf, 4), "AB");
    assert_string_equal(idfmt_upper("ab\xC3\xA9", buf, 5), "AB\xC3\xA9");
}

static void test_dates(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(idfmt_tanggal(2024, 1, 17, buf, sizeof buf), "17 Januari 2024");
    assert_string_equal(idfmt_tanggal(2023, 12, 5, buf, sizeof buf), "5 Desember 2023");
    assert_string_equal(idfmt_bulan(2), "Februari");
    assert_string_equal(idfmt_bulan(8), "Agustus");
    assert_string_equal(idfmt_bulan(0), "");
    assert_string_equal(idfmt_bulan(13), "");
    assert_string_equal(idfmt_romawi(1), "I");
    assert_string_equal(idfmt_romawi(4), "IV");
    assert_string_equal(idfmt_romawi(9), "IX");
    assert_string_equal(idfmt_romawi(12), "XII");
    assert_string_equal(idfmt_romawi(0), "");
    assert_string_equal(idfmt_romawi(-3), "");
}

static void test_iso(void **state)
{
    (void)state;
    int y = 0, m = 0, d = 0;
    assert_int_equal(idfmt_parse_iso_date("2024-01-17", &y, &m, &d), 0);
    assert_int_equal(y, 2024);
    assert_int_equal(m, 1);
    assert_int_equal(d, 17);
    assert_int_equal(idfmt_parse_iso_date("2024-02-29", &y, &m, &d), 0);
    assert_int_equal(idfmt_parse_iso_date("2000-02-29", &y, &m, &d), 0);
    assert_int_equal(idfmt_parse_iso_date("2024-12-31", &y, &m, &d), 0);

    static const char *const bad[] = {"2024-02-30", "2023-02-29",  "1900-02-29", "2024-04-31",
                                      "2024-13-01", "2024-00-10",  "2024-01-00", "2024-1-17",
                                      "2024/01/17", "2024-01-17x", "0000-01-01", "",
                                      "17-01-2024", "2024-01-+7",  "abcd-ef-gh"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        y = m = d = -1;
        if (idfmt_parse_iso_date(bad[i], &y, &m, &d) != -1)
            fail_msg("\"%s\" accepted", bad[i]);
        assert_int_equal(y, -1);
    }
}

static void test_upper(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(idfmt_upper("Kota Banjarbaru", buf, sizeof buf), "KOTA BANJARBARU");
    assert_string_equal(idfmt_upper("Ma'ruf \xC3\xA9t\xC3\xA9", buf, sizeof buf),
                        "MA'RUF \xC3\xA9T\xC3\xA9");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terbilang_int), cmocka_unit_test(test_terbilang_nilai),
        cmocka_unit_test(test_numbers),       cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_dates),         cmocka_unit_test(test_iso),
        cmocka_unit_test(test_upper),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
