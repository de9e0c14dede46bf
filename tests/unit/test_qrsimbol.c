/*
 * The QR code's drawing: the rectangles qrsimbol_draw writes into the page (read back from an
 * uncompressed PDF) cover exactly the symbol's dark modules, as many as qrsimbol_rect_count
 * says, for small symbols and for one wider than 128 modules (three words a row of the scan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/qrsimbol.h"

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
    (void)user;
    fail_msg("libharu 0x%04X (%u)", (unsigned)e, (unsigned)detail);
}

/* Draws qr alone on a page, saves it uncompressed and returns the file's bytes. */
static char *draw_to_pdf(const QRcode *qr, size_t *len)
{
    char path[] = "/tmp/test_qrsimbol_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    HPDF_Doc pdf = HPDF_New(on_error, NULL);
    assert_non_null(pdf);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_NONE);
    HPDF_Page page = HPDF_AddPage(pdf);
    qrsimbol_draw(page, qr, 10, 10, 1.5);
    assert_int_equal(HPDF_SaveToFile(pdf, path), HPDF_OK);
    HPDF_Free(pdf);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *buf = malloc(*len + 1);
    assert_int_equal(fread(buf, 1, *len, f), *len);
    buf[*len] = '\0';
    fclose(f);
    unlink(path);
    return buf;
}

/* Paints every "x y w h re" of the PDF into grid (module units, y upwards); returns how many. */
static size_t paint(const char *pdf, size_t len, int n, unsigned char *grid)
{
    size_t count = 0;
    for (const char *p = pdf; p < pdf + len && (p = strstr(p, " re\n")) != NULL; p++) {
        const char *line = p;
        while (line > pdf && line[-1] != '\n')
            line--;
        int x, y, w, h;
        if (sscanf(line, "%d %d %d %d re", &x, &y, &w, &h) != 4)
            continue;
        assert_true(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= n && y + h <= n);
        for (int r = n - y - h; r < n - y; r++)
            memset(grid + (size_t)r * (size_t)n + (size_t)x, 1, (size_t)w);
        count++;
    }
    return count;
}

static void check(const char *text)
{
    QRcode *qr = qrsimbol_encode(text);
    assert_non_null(qr);
    int n = qr->width;
    size_t len;
    char *pdf = draw_to_pdf(qr, &len);
    unsigned char *grid = calloc((size_t)n * (size_t)n, 1);
    size_t count = paint(pdf, len, n, grid);
    assert_int_equal(count, qrsimbol_rect_count(qr));
    for (int i = 0; i < n * n; i++)
        if (grid[i] != (qr->data[i] & 1))
            fail_msg("module (%d, %d) of a %d-module symbol: drawn %d, dark %d", i % n, i / n, n,
                     grid[i], qr->data[i] & 1);
    free(grid);
    free(pdf);
    QRcode_free(qr);
}

static void test_covers_dark_modules(void **state)
{
    (void)state;
    check("KODE VERIFIKASI ABCD-EFGH-JKMN-PQRS");
    check("https://contoh.go.id/verifikasi/#ABCD-EFGH-JKMN-PQRS");
    check("KODE VERIFIKASI 0123-4567-89AB-CDEF\nPiagam 2024\nKementerian Desa, Pembangunan "
          "Daerah Tertinggal, dan Transmigrasi\n92,00 (Kualitas Tertinggi)");
}

/* Over 128 modules a row spans three 64-bit words: runs and spans cross word boundaries. */
static void test_wide_symbol(void **state)
{
    (void)state;
    char text[1400];
    for (size_t i = 0; i + 1 < sizeof text; i++)
        text[i] = (char)('a' + (i * 7 + i / 13) % 26);
    text[sizeof text - 1] = '\0';
    QRcode *qr = qrsimbol_encode(text);
    assert_non_null(qr);
    assert_true(qr->width > 128);
    QRcode_free(qr);
    check(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_covers_dark_modules),
        cmocka_unit_test(test_wide_symbol),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
