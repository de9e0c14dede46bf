/*
 * The ornament reader: the shipped ornament file and every operation read with their
 * operands, and each kind of bad input refused at its file, line and column.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/ornament.h"
#include "util/outdir.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_ornament_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    outdir_remove_tree(dir);
    return 0;
}

static const char *tulis(const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/o.ini", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static ornament *load_ok(const char *text)
{
    ornament *o = NULL;
    kp_error err;
    kp_error_clear(&err);
    kp_status st = ornament_load(tulis(text), &o, &err);
    if (st != KP_OK)
        fail_msg("status %d: %s:%d:%d: %s", st, err.file, err.line, err.col, err.msg);
    assert_non_null(o);
    return o;
}

/* Loads text and expects KP_ERR_DATA at line:col with needle in the message. */
static void expect_error(const char *text, int line, int col, const char *needle)
{
    ornament *o = (ornament *)1;
    kp_error err;
    kp_error_clear(&err);
    const char *path = tulis(text);
    kp_status st = ornament_load(path, &o, &err);
    if (st != KP_ERR_DATA || err.line != line || err.col != col || !strstr(err.msg, needle))
        fail_msg("want %d:%d \"%s\", got status %d at %d:%d: %s", line, col, needle, st, err.line,
                 err.col, err.msg);
    assert_null(o);
    assert_string_equal(err.file, path);
}

static void test_shipped_file(void **state)
{
    (void)state;
    ornament *o = NULL;
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(ornament_load(KP_SOURCE_DIR "/templates/piagam/ornamen.ini", &o, &err), KP_OK);
    /* A diamond (7), two scrolls (11), four berries (9), a leaf (5). */
    assert_int_equal(o->n, 32);
    assert_int_equal(o->ops[0].code, ORNAMENT_FILL_COLOR);
    assert_int_equal(o->ops[0].arg, ORNAMENT_ACCENT);
    assert_int_equal(o->ops[1].code, ORNAMENT_MOVE);
    /* The literal the C code had: the same double, so the same bytes in the PDF. */
    assert_true(o->ops[1].v[0] == 0 && o->ops[1].v[1] == -0.16);
    assert_int_equal(o->ops[7].code, ORNAMENT_STROKE_COLOR);
    assert_int_equal(o->ops[7].arg, ORNAMENT_COLOR);
    assert_true(o->ops[8].code == ORNAMENT_LINE_WIDTH && o->ops[8].v[0] == 0.035);
    assert_true(o->ops[9].code == ORNAMENT_LINE_CAP && o->ops[9].arg == ORNAMENT_CAP_ROUND);
    assert_int_equal(o->ops[31].code, ORNAMENT_FILL);
    ornament_free(o);
}

static void test_every_operation(void **state)
{
    (void)state;
    ornament *o = load_ok("; komentar\n"
                          "[ornament]\n"
                          "stroke_color = accent\n"
                          "line_width = .5\n"
                          "line_cap = square\n"
                          "move = -1 2.25\n"
                          "line = 3 4\n"
                          "curve = 1 2 3 4 5 6\n"
                          "close =\n"
                          "stroke =\n"
                          "line_cap = butt\n"
                          "circle = 0.5 0.5 0.1\n"
                          "fill =\n");
    static const ornament_code want[] = {
        ORNAMENT_STROKE_COLOR, ORNAMENT_LINE_WIDTH, ORNAMENT_LINE_CAP, ORNAMENT_MOVE,
        ORNAMENT_LINE,         ORNAMENT_CURVE,      ORNAMENT_CLOSE,    ORNAMENT_STROKE,
        ORNAMENT_LINE_CAP,     ORNAMENT_CIRCLE,     ORNAMENT_FILL};
    assert_int_equal(o->n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < o->n; i++)
        assert_int_equal(o->ops[i].code, want[i]);
    assert_int_equal(o->ops[0].arg, ORNAMENT_ACCENT);
    assert_true(o->ops[1].v[0] == 0.5);
    assert_int_equal(o->ops[2].arg, ORNAMENT_CAP_SQUARE);
    assert_true(o->ops[3].v[0] == -1 && o->ops[3].v[1] == 2.25);
    for (int k = 0; k < 6; k++)
        assert_true(o->ops[5].v[k] == k + 1);
    assert_int_equal(o->ops[8].arg, ORNAMENT_CAP_BUTT);
    assert_true(o->ops[9].v[2] == 0.1);
    ornament_free(o);
}

#define S "[ornament]\n"

static void test_bad_operands(void **state)
{
    (void)state;
    /* The column points at the operand: "move = 0 " is 9 characters. */
    expect_error(S "move = 0 1O\nfill =\n", 2, 10, "angka tidak sah \"1O\"");
    expect_error(S "move = 1e3 0\nfill =\n", 2, 8, "\"1e3\"");
    expect_error(S "move = 0x1 0\nfill =\n", 2, 8, "\"0x1\"");
    expect_error(S "move = nan 0\nfill =\n", 2, 8, "\"nan\"");
    expect_error(S "move = - 0\nfill =\n", 2, 8, "\"-\"");
    expect_error(S "move = 1..2 0\nfill =\n", 2, 8, "\"1..2\"");
    expect_error(S "move = 0 101\nfill =\n", 2, 10, "di luar -100..100");
    /* Too few: the column is where the missing operand would go. */
    expect_error(S "move = 0 0\ncurve = 1 2 3\nfill =\n", 3, 14,
                 "6 angka (x1 y1 x2 y2 x3 y3), ada 3");
    expect_error(S "move =\nfill =\n", 2, 7, "ada 0");
    expect_error(S "move = 1 2 3\nfill =\n", 2, 12, "lebih: \"3\"");
    expect_error(S "move = 0 0\nclose = 1\nfill =\n", 3, 9, "close tanpa operan");
    expect_error(S "fill_color = hijau\n", 2, 14, "color atau accent, bukan \"hijau\"");
    expect_error(S "line_cap = rounded\n", 2, 12, "butt, round atau square");
    expect_error(S "line_width = 0\n", 2, 14, "lebar harus > 0");
    expect_error(S "circle = 1 1 -0.5\nfill =\n", 2, 14, "r harus > 0");
}

static void test_bad_operations(void **state)
{
    (void)state;
    expect_error(S "lien = 1 2\n", 2, 1, "maksud Anda \"line\"?");
    expect_error(S "gambar = 1\n", 2, 1, "operasi \"gambar\" tidak dikenal");
    /* Out of place: libharu would refuse these in the middle of writing the PDF. */
    expect_error(S "line = 1 2\n", 2, 1, "line tanpa path");
    expect_error(S "fill_color = color\nfill =\n", 3, 1, "fill tanpa path");
    expect_error(S "move = 0 0\nline = 1 1\nstroke =\nclose =\n", 5, 1, "close tanpa path");
    expect_error(S "move = 0 0\nfill_color = accent\nfill =\n", 3, 1,
                 "di tengah path (dari baris 2)");
    expect_error(S "circle = 0 0 1\nline_width = 1\nfill =\n", 3, 1, "di tengah path");
    /* A path open at the end is named by its first line. */
    expect_error(S "circle = 0 0 1\nfill =\nmove = 0 0\nline = 1 1\n", 4, 0,
                 "tidak diakhiri fill atau stroke (sampai akhir berkas, baris 5)");
    expect_error(S "; kosong\n", 0, 0, "tidak ada operasi");
    expect_error("", 0, 0, "tidak ada operasi");
}

static void test_bad_sections(void **state)
{
    (void)state;
    expect_error("move = 0 0\n", 1, 1, "di luar bagian [ornament]");
    expect_error("[ornamen]\nmove = 0 0\n", 1, 0, "bagian [ornamen] tidak dikenal");
    expect_error(S "circle = 0 0 1\nfill =\n[ornament]\ncircle = 0 0 1\nfill =\n", 4, 0,
                 "ditulis dua kali (pertama di baris 1)");
    expect_error(S "move = 0 0\ncurve = 1 2 3\n  4 5 6\n", 3, 14, "ada 3");
    expect_error(S "move = 0 0\nline = 1 2\n  3 4\n", 4, 3, "tanpa baris lanjutan");
    /* The INI reader's own refusals come through with their line. */
    expect_error(S "move 0 0\n", 2, 0, "baris tidak dapat dibaca");
}

static void test_missing_file(void **state)
{
    (void)state;
    ornament *o = (ornament *)1;
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(ornament_load("/tidak/ada/ornamen.ini", &o, &err), KP_ERR_DATA);
    assert_null(o);
    assert_string_equal(err.file, "/tidak/ada/ornamen.ini");
    assert_int_equal(err.line, 0);
    assert_string_equal(err.msg, "templat tidak ditemukan");
    ornament_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_file), cmocka_unit_test(test_every_operation),
        cmocka_unit_test(test_bad_operands), cmocka_unit_test(test_bad_operations),
        cmocka_unit_test(test_bad_sections), cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
