/* ttfcov: the characters a font can draw, from its cmap; broken files refused by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "render/ttfcov.h"

static void test_shipped_fonts(void **state)
{
    (void)state;
    static const char *const fonts[] = {"serif-regular", "serif-bold",   "serif-italic",
                                        "script",        "sans-regular", "sans-bold"};
    static ttfcov c;
    kp_error err;
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/fonts/%s.ttf", KP_SOURCE_DIR, fonts[i]);
        assert_int_equal(ttfcov_load(path, &c, &err), KP_OK);
        /* Every printable CP1252 character: the fonts are subset to exactly that. */
        static const uint32_t cp1252_high[] = {
            0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030,
            0x0160, 0x2039, 0x0152, 0x017D, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
            0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E, 0x0178};
        for (uint32_t cp = 0x20; cp < 0x7F; cp++)
            assert_true(ttfcov_has(&c, cp));
        for (uint32_t cp = 0xA1; cp <= 0xFF; cp++)
            if (cp != 0xAD)
                assert_true(ttfcov_has(&c, cp));
        for (size_t k = 0; k < sizeof cp1252_high / sizeof cp1252_high[0]; k++)
            assert_true(ttfcov_has(&c, cp1252_high[k]));
        /* Outside CP1252: not in the subset. */
        assert_false(ttfcov_has(&c, 0x0100));
        assert_false(ttfcov_has(&c, 0x4E2D));
    }
}

static void test_system_font_with_more(void **state)
{
    (void)state;
    static ttfcov c;
    kp_error err;
    const char *dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    FILE *f = fopen(dejavu, "rb");
    if (!f)
        fail_msg("%s tidak ada; make test memasangnya (fonts-dejavu-core, "
                 "scripts/install-deps.sh test)",
                 dejavu);
    fclose(f);
    assert_int_equal(ttfcov_load(dejavu, &c, &err), KP_OK);
    assert_true(ttfcov_has(&c, 0x0100));
    assert_true(ttfcov_has(&c, 'A'));
}

static void test_refusals(void **state)
{
    (void)state;
    static ttfcov c;
    kp_error err;
    const uint8_t otf[16] = {'O', 'T', 'T', 'O', 0, 1};
    assert_int_equal(ttfcov_parse("x.otf", otf, sizeof otf, &c, &err), KP_ERR_DATA);
    assert_string_equal(err.file, "x.otf");
    /* A table directory that promises more tables than the file holds. */
    const uint8_t cut[12] = {0, 1, 0, 0, 0, 9};
    assert_int_equal(ttfcov_parse("cut.ttf", cut, sizeof cut, &c, &err), KP_ERR_DATA);
    /* No cmap table at all. */
    uint8_t nocmap[28] = {0, 1, 0, 0, 0, 1};
    memcpy(nocmap + 12, "glyf", 4);
    assert_int_equal(ttfcov_parse("n.ttf", nocmap, sizeof nocmap, &c, &err), KP_ERR_DATA);
    assert_non_null(strstr(err.msg, "cmap"));
    assert_int_equal(ttfcov_load("/tidak/ada.ttf", &c, &err), KP_ERR_DATA);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_fonts),
        cmocka_unit_test(test_system_font_with_more),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
