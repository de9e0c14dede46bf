/*
 * The layout engine: template errors with their lines, placeholders, CP1252, shrink-to-fit,
 * justified paragraphs and tables that flow across pages without leaving the bottom margin
 * (checked on the written PDF with pdftotext -bbox-layout), byte-identical output, and the
 * border's corner ornament file.
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

#include "fx_run.h"
#include "util/cp1252.h"
#include "render/layout.h"
#include "util/outdir.h"

#define FONTS KP_SOURCE_DIR "/fonts"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_layout_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    outdir_remove_tree(dir);
    return 0;
}

static const char *tulis(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

#define HEAD "[page]\nsize = A4\nmargin = 50\n[font]\nserif = serif-regular.ttf\n"

/* Loads text as a template and expects a KP_ERR_DATA on line, with needle in the message. */
static void expect_error(const char *text, const char *const *known, int line, const char *needle)
{
    const char *path = tulis("t.ini", text);
    layout_template *t = (layout_template *)1;
    kp_error err;
    kp_error_clear(&err);
    kp_status st = layout_template_load(path, FONTS, known, &t, &err);
    if (st != KP_ERR_DATA || err.line != line || !strstr(err.msg, needle))
        fail_msg("want line %d \"%s\", got status %d line %d: %s", line, needle, st, err.line,
                 err.msg);
    assert_null(t);
    assert_string_equal(err.file, path);
}

static void test_template_errors_name_line(void **state)
{
    (void)state;
    static const char *const known[] = {"nama", "nilai", NULL};
    expect_error(HEAD "[text a]\ny = 10\nfont = serif\nsize = 12\nwarna = #000000\n", known, 10,
                 "warna");
    expect_error(HEAD "[teks a]\ny = 10\n", known, 6, "teks a");
    expect_error(HEAD "[text a]\ny = 10\nfont = sans\n", known, 8, "sans");
    expect_error(HEAD "[text a]\ny = 10\ncolor = #12345\n", known, 8, "#12345");
    expect_error(HEAD "[text a]\ny = 1O\n", known, 7, "1O");
    expect_error(HEAD "[text a]\ny = 10\nfont = serif\nsize = 12\ntext = untuk {nama}\n"
                      "  dengan nilai {nilai} dan {peringkat}\n",
                 known, 11, "{peringkat}");
    expect_error(HEAD "[text a]\ny = 10\nfont = serif\nsize = 12\ntext = {nama\n", known, 10,
                 "'{'");
    expect_error(HEAD "[text a]\ny = 10\nfont = serif\nsize = 12\n", known, 6, "tanpa text");
    expect_error(HEAD "; komentar\n\nini bukan baris ini\n", known, 8, "tidak dapat dibaca");
    expect_error("[font]\nserif = tidak-ada.ttf\n", known, 2, "tidak-ada.ttf");
    expect_error("[page]\norientation = miring\n", known, 2, "miring");
    /* libinih would cut a long line silently: refused instead. */
    char longline[600];
    memset(longline, 'x', sizeof longline);
    memcpy(longline, "[page]\nsize = ", 14);
    strcpy(longline + 590, "\n");
    expect_error(longline, known, 2, "terlalu panjang");
}

static layout_template *load(const char *name, const char *text)
{
    layout_template *t;
    kp_error err;
    kp_status st = layout_template_load(tulis(name, text), FONTS, NULL, &t, &err);
    if (st != KP_OK)
        fail_msg("%s:%d: %s", err.file, err.line, err.msg);
    return t;
}

static void test_fields_and_placeholders(void **state)
{
    (void)state;
    layout_fields *f = layout_fields_new();
    kp_error err;
    assert_int_equal(layout_fields_set(f, "nama", "Kota Banjarbaru", &err), KP_OK);
    assert_int_equal(layout_fields_setf(f, &err, "nilai", "%d,%02d", 92, 0), KP_OK);
    assert_int_equal(layout_fields_set(f, "nama", "Kabupaten Barito Kuala", &err), KP_OK);
    assert_string_equal(layout_fields_get(f, "nama"), "Kabupaten Barito Kuala");
    assert_int_equal(layout_fields_set(f, "Nama", "x", &err), KP_ERR_INTERNAL);
    char out[128];
    assert_int_equal(layout_fields_expand(f, "{{{nama}}} {nilai}", out, sizeof out, "f", 3, &err),
                     KP_OK);
    assert_string_equal(out, "{Kabupaten Barito Kuala} 92,00");
    assert_int_equal(layout_fields_expand(f, "a {tahun}", out, sizeof out, "f.ini", 7, &err),
                     KP_ERR_DATA);
    assert_int_equal(err.line, 7);
    assert_non_null(strstr(err.msg, "{tahun}"));
    assert_int_equal(layout_fields_expand(f, "{nama}", out, 8, "f", 1, &err), KP_ERR_DATA);
    layout_fields_clear(f);
    assert_null(layout_fields_get(f, "nama"));

    /* Without a list of known names, a missing field is found when drawing: same line. */
    layout_template *t = load("p.ini", HEAD "[text a]\ny = 10\nfont = serif\nsize = 12\n"
                                            "text = halo\n  {siapa}\n");
    layout_doc *d;
    assert_int_equal(layout_doc_new(t, &d, &err), KP_OK);
    layout_info info = {.title = "t", .epoch = 0};
    assert_int_equal(layout_doc_begin(d, &info, &err), KP_OK);
    assert_int_equal(layout_page_add(d, f, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 10);
    assert_non_null(strstr(err.msg, "{siapa}"));
    layout_doc_free(d);
    layout_template_free(t);
    layout_fields_free(f);
}

static void test_cp1252(void **state)
{
    (void)state;
    char out[64];
    kp_error err;
    assert_int_equal(cp1252_encode("Ä é – “x” €", out, sizeof out, &err), KP_OK);
    assert_string_equal(out, "\xC4 \xE9 \x96 \x93x\x94 \x80");
    assert_int_equal(cp1252_encode("Kota Şanlıurfa", out, sizeof out, &err), KP_ERR_DATA);
    assert_non_null(strstr(err.msg, "U+015E"));
    assert_non_null(strstr(err.msg, "Kota Şanlıurfa"));
    assert_int_equal(cp1252_encode("bad \xC3 byte", out, sizeof out, &err), KP_ERR_DATA);
    assert_int_equal(cp1252_encode("0123456789", out, 5, &err), KP_ERR_DATA);
}

/* A font without a glyph the text needs is refused, naming the character and the font;
 * libharu alone would print an empty box. */
static void test_missing_glyph(void **state)
{
    (void)state;
    layout_template *t;
    kp_error err;
    const char *tpl = "[page]\nsize = A4\nmargin = 50\n[font]\nascii = " KP_TEST_DATA
                      "/font/ascii.ttf\n[text nama]\nx = 100\ny = 100\nwidth = 300\n"
                      "font = ascii\nsize = 12\ntext = {nama}\n";
    assert_int_equal(layout_template_load(tulis("glyph.ini", tpl), FONTS, NULL, &t, &err), KP_OK);
    layout_doc *d;
    assert_int_equal(layout_doc_new(t, &d, &err), KP_OK);
    layout_info info = {.epoch = 0};
    assert_int_equal(layout_doc_begin(d, &info, &err), KP_OK);
    layout_fields *f = layout_fields_new();
    assert_int_equal(layout_fields_set(f, "nama", "Kota Banjarbaru", &err), KP_OK);
    assert_int_equal(layout_page_add(d, f, &err), KP_OK);
    assert_int_equal(layout_fields_set(f, "nama", "Puskesmas Café", &err), KP_OK);
    assert_int_equal(layout_page_add(d, f, &err), KP_ERR_DATA);
    assert_non_null(strstr(err.msg, "U+00E9"));
    assert_non_null(strstr(err.msg, "ascii"));
    assert_int_equal(err.line, 12); /* the text line of the block */
    layout_style st = {.font = "ascii", .size = 12};
    double w;
    assert_int_equal(layout_measure(d, &st, "€", &w, &err), KP_ERR_DATA);
    assert_non_null(strstr(err.msg, "U+20AC"));
    layout_fields_free(f);
    layout_doc_free(d);
    layout_template_free(t);
    /* Not a TrueType font at all: refused when the template is loaded, with its line. */
    const char *bad = "[page]\nsize = A4\n[font]\nx = " KP_TEST_DATA "/font/ascii.ttf\n"
                      "y = " KP_TEST_DATA "/e2e/kecil.csv\n";
    assert_int_equal(layout_template_load(tulis("bad.ini", bad), FONTS, NULL, &t, &err),
                     KP_ERR_DATA);
    assert_int_equal(err.line, 5);
    assert_non_null(strstr(err.msg, "TrueType"));
}

static const char *NAME_TPL = HEAD "[font]\n" /* sections can be split */
                                   "script = script.ttf\n"
                                   "[text nama]\nx = 100\ny = 100\nwidth = 300\nfont = script\n"
                                   "size = 40\nmin_size = 12\nmax_lines = 1\ntext = {nama}\n";

static void test_shrink_to_fit(void **state)
{
    (void)state;
    layout_template *t = load("fit.ini", NAME_TPL);
    layout_doc *d;
    kp_error err;
    assert_int_equal(layout_doc_new(t, &d, &err), KP_OK);
    layout_style st = {.font = "script", .size = 40};
    double size, w;
    int lines;
    assert_int_equal(layout_fit(d, &st, "Kota Banjarbaru", 300, 1, 12, &size, &lines, &err), KP_OK);
    assert_true(size == 40);
    assert_int_equal(lines, 1);
    const char *panjang = "Pemerintah Kabupaten Kepulauan Siau Tagulandang Biaro";
    assert_int_equal(layout_fit(d, &st, panjang, 300, 1, 12, &size, &lines, &err), KP_OK);
    assert_true(size < 40 && size >= 12);
    assert_int_equal(lines, 1);
    layout_style at = st;
    at.size = size;
    assert_int_equal(layout_measure(d, &at, panjang, &w, &err), KP_OK);
    assert_true(w <= 300);
    /* Half a point larger would not fit: the largest size that fits was chosen. */
    at.size = size + 0.5;
    assert_int_equal(layout_measure(d, &at, panjang, &w, &err), KP_OK);
    assert_true(w > 300);
    /* Two lines allowed: larger than on one line. */
    double size2;
    assert_int_equal(layout_fit(d, &st, panjang, 300, 2, 12, &size2, &lines, &err), KP_OK);
    assert_true(size2 > size);
    assert_int_equal(lines, 2);

    /* The template block shrinks the same way, and refuses what cannot fit at min_size. */
    layout_fields *f = layout_fields_new();
    layout_fields_set(f, "nama", panjang, &err);
    layout_info info = {.title = "t"};
    assert_int_equal(layout_doc_begin(d, &info, &err), KP_OK);
    assert_int_equal(layout_page_add(d, f, &err), KP_OK);
    char big[400] = "";
    for (int i = 0; i < 12; i++)
        strcat(big, "Pemerintah Kabupaten ");
    layout_fields_set(f, "nama", big, &err);
    assert_int_equal(layout_doc_begin(d, &info, &err), KP_OK);
    assert_int_equal(layout_page_add(d, f, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 16);
    assert_non_null(strstr(err.msg, "tidak muat"));
    /* A name the encoding cannot print is refused naming the character and the block. */
    layout_fields_set(f, "nama", "Pemerintah Kota Şanlıurfa", &err);
    assert_int_equal(layout_doc_begin(d, &info, &err), KP_OK);
    assert_int_equal(layout_page_add(d, f, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 16);
    assert_non_null(strstr(err.msg, "U+015E"));
    assert_non_null(strstr(err.msg, "Şanlıurfa"));
    layout_fields_free(f);
    layout_doc_free(d);
    layout_template_free(t);
}

/* What periksa asks before anything is drawn agrees with what drawing the page does. */
static void test_field_fits(void **state)
{
    (void)state;
    layout_template *t = load("fits.ini", NAME_TPL);
    layout_doc *d;
    kp_error err;
    assert_int_equal(layout_doc_new(t, &d, &err), KP_OK);
    layout_fields *f = layout_fields_new();
    layout_info info = {.title = "t"};
    char big[400] = "", word[320] = "";
    for (int i = 0; i < 12; i++)
        strcat(big, "Pemerintah Kabupaten ");
    memset(word, 'W', 300);
    const char *names[] = {"Kota Banjarbaru",
                           "Pemerintah Kabupaten Kepulauan Siau Tagulandang Biaro", big, word};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        bool fits;
        char why[256] = "";
        assert_int_equal(layout_field_fits(d, "nama", names[i], &fits, why, sizeof why, &err),
                         KP_OK);
        layout_fields_set(f, "nama", names[i], &err);
        assert_int_equal(layout_doc_begin(d, &info, &err), KP_OK);
        assert_int_equal(layout_page_add(d, f, &err), fits ? KP_OK : KP_ERR_DATA);
        assert_true(fits == (i < 2));
        if (!fits)
            assert_non_null(strstr(why, "fits.ini:16"));
    }
    /* A field no block prints always fits. */
    bool fits = false;
    char why[64];
    assert_int_equal(layout_field_fits(d, "lain", word, &fits, why, sizeof why, &err), KP_OK);
    assert_true(fits);
    layout_fields_free(f);
    layout_doc_free(d);
    layout_template_free(t);
}

static kp_status footer(layout_doc *d, int page, int pages, void *user, kp_error *err)
{
    const layout_style *st = user;
    char text[64];
    snprintf(text, sizeof text, "Halaman %d dari %d", page, pages);
    layout_box b = layout_content(d);
    return layout_text(d, st, b.x, b.y + b.h + 10, b.w, text, err);
}

/* The bottom of every text line the PDF holds, checked against the margin; counts lines. */
static int check_bboxes(const char *pdf, double bottom, double right_edge, double left, int *flush)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "pdftotext -bbox-layout '%s' -", pdf);
    char *html = fx_run(cmd, NULL);
    int n = 0;
    *flush = 0;
    for (char *p = strstr(html, "<line "); p; p = strstr(p + 1, "<line ")) {
        double x0, y0, x1, y1;
        assert_int_equal(sscanf(p, "<line xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0,
                                &y0, &x1, &y1),
                         4);
        if (y0 > bottom + 5)
            continue; /* the footer, below the margin on purpose */
        if (y1 > bottom + 1.0)
            fail_msg("line at y %.1f..%.1f ends below the bottom margin %.1f", y0, y1, bottom);
        n++;
        if (x0 < left + 0.5 && x1 > right_edge - 1.0 && x1 < right_edge + 1.0)
            (*flush)++;
    }
    free(html);
    return n;
}

static const char *PARA =
    "Berdasarkan hasil penilaian, penyelenggara pelayanan publik wajib memenuhi komponen "
    "standar pelayanan sebagaimana diatur dalam Undang-Undang Nomor 25 Tahun 2009 tentang "
    "Pelayanan Publik, termasuk persyaratan, sistem, mekanisme dan prosedur, jangka waktu "
    "penyelesaian, biaya atau tarif, produk pelayanan, serta penanganan pengaduan, saran dan "
    "masukan yang diumumkan secara terbuka kepada masyarakat.";

static void test_justified_flow_and_tables(void **state)
{
    (void)state;
    layout_template *t = load("flow.ini", HEAD "[font]\nbold = serif-bold.ttf\n"
                                               "[text kop]\ny = 50\nfont = bold\nsize = 14\n"
                                               "text = KOP\npages = first\n");
    layout_doc *d;
    kp_error err;
    assert_int_equal(layout_doc_new(t, &d, &err), KP_OK);
    layout_info info = {.title = "Uji alir", .author = "kepatuhan", .epoch = 1705449600};
    assert_int_equal(layout_doc_begin(d, &info, &err), KP_OK);
    layout_style body = {.font = "serif", .size = 11, .leading = 1.4, .align = LAYOUT_JUSTIFY};
    layout_style small = {.font = "serif", .size = 8, .align = LAYOUT_CENTER};
    layout_doc_set_page_hook(d, footer, &small);
    assert_int_equal(layout_page_add(d, NULL, &err), KP_OK);
    layout_box b = layout_content(d);
    layout_set_cursor(d, 80);
    for (int i = 0; i < 12; i++) {
        assert_int_equal(layout_paragraph(d, &body, b.x, b.w, PARA, &err), KP_OK);
        layout_set_cursor(d, layout_cursor(d) + 6);
    }
    layout_column cols[] = {
        {"Unit layanan", 260, LAYOUT_LEFT},
        {"Nilai", 80, LAYOUT_RIGHT},
        {"Zona", 100, LAYOUT_CENTER},
    };
    layout_color zebra = {0.93f, 0.95f, 0.93f}, rule = {0.6f, 0.6f, 0.6f};
    layout_table tab = {.cols = cols,
                        .n_cols = 3,
                        .x = b.x,
                        .head = {.font = "bold", .size = 10},
                        .body = {.font = "serif", .size = 10},
                        .pad = 3,
                        .head_fill = {0.85f, 0.9f, 0.85f},
                        .zebra = &zebra,
                        .rule = &rule};
    assert_int_equal(layout_table_begin(d, &tab, &err), KP_OK);
    layout_color hijau = {0.6f, 0.85f, 0.6f};
    const layout_color *fills[3] = {NULL, NULL, &hijau};
    for (int i = 0; i < 60; i++) {
        char name[64];
        snprintf(name, sizeof name, "Puskesmas Nomor %02d", i + 1);
        const char *cells[] = {name, "92,00", "Hijau"};
        assert_int_equal(layout_table_row(d, &tab, cells, i % 3 ? NULL : fills, &err), KP_OK);
    }
    layout_need(d, 120, &err);
    double vals[] = {84.74, 90.10, 92.00};
    const char *xl[] = {"2021", "2022", "2023"}, *pl[] = {"84,74", "90,10", "92,00"};
    layout_chart ch = {.x = b.x,
                       .y = layout_cursor(d),
                       .w = 200,
                       .h = 100,
                       .ymin = 0,
                       .ymax = 100,
                       .label = small,
                       .line = {0.1f, 0.4f, 0.2f},
                       .grid = {0.8f, 0.8f, 0.8f}};
    assert_int_equal(layout_line_chart(d, &ch, vals, xl, pl, 3, &err), KP_OK);
    layout_bar(d, b.x + 250, layout_cursor(d), 200, 10, 0.75, hijau, zebra);
    double bw;
    layout_style badge = {.font = "bold", .size = 10, .color = {1, 1, 1}};
    assert_int_equal(layout_badge(d, &badge, b.x + 250, layout_cursor(d) + 20, 3, hijau,
                                  "Zona Hijau", &bw, &err),
                     KP_OK);
    assert_true(bw > 40);
    int pages = layout_doc_pages(d);
    assert_true(pages >= 3);
    char path[128];
    snprintf(path, sizeof path, "%s/alir.pdf", dir);
    assert_int_equal(layout_doc_save(d, path, &err), KP_OK);

    int flush;
    int n = check_bboxes(path, b.y + b.h, b.x + b.w, b.x, &flush);
    assert_true(n > 100);
    /* Every paragraph has 5 or more lines; all but the last are stretched to both margins. */
    assert_true(flush >= 12 * 4);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "pdftotext '%s' -", path);
    char *text = fx_run(cmd, NULL);
    char want[64];
    snprintf(want, sizeof want, "Halaman %d dari %d", pages, pages);
    assert_non_null(strstr(text, want));
    /* The header row is repeated on every page the table reaches. */
    int heads = 0;
    for (char *p = strstr(text, "Unit layanan"); p; p = strstr(p + 1, "Unit layanan"))
        heads++;
    assert_true(heads >= 2);
    /* Words are never broken: no hyphen the input did not have. */
    assert_null(strstr(text, "pelaya-"));
    assert_non_null(strstr(text, "Puskesmas Nomor 60"));
    free(text);
    fx_need("qpdf");
    snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", path);
    assert_int_equal(system(cmd), 0);
    layout_doc_free(d);
    layout_template_free(t);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *buf = malloc(*len + 1);
    assert_int_equal(fread(buf, 1, *len, f), *len);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static bool contains(const char *buf, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(buf + i, needle, n) == 0)
            return true;
    return false;
}

/*
 * [border] corner: an ornament file beside the template, drawn through libharu without an
 * error; the old word "ornament", a missing file and a bad one refused where they are.
 */
static void test_corner(void **state)
{
    (void)state;
    tulis("orn.ini", "[ornament]\nfill_color = accent\nmove = 0 -0.16\nline = 0.16 0\n"
                     "close =\nfill =\nstroke_color = color\nline_width = 0.035\n"
                     "line_cap = square\nmove = 0.2 0.1\ncurve = 0.4 0 0.6 0.3 0.9 0.2\n"
                     "stroke =\ncircle = 0.2 0.2 0.03\nfill =\n");
    layout_template *t = load("corner.ini", HEAD "[border]\ncolor = #14532D\naccent = #B08D2E\n"
                                                 "corner = orn.ini\ncorner_size = 30\n");
    layout_doc *d;
    kp_error err;
    layout_fields *f = layout_fields_new();
    char pdf[128];
    snprintf(pdf, sizeof pdf, "%s/corner.pdf", dir);
    assert_int_equal(layout_doc_new(t, &d, &err), KP_OK);
    assert_int_equal(layout_doc_begin(d, &(layout_info){.epoch = 1705449600}, &err), KP_OK);
    assert_int_equal(layout_page_add(d, f, &err), KP_OK);
    assert_int_equal(layout_doc_save(d, pdf, &err), KP_OK);
    layout_doc_free(d);
    layout_fields_free(f);
    layout_template_free(t);

    /* Written twice: the second wins, the first is freed (the leak check would say). */
    t = load("corner2.ini", HEAD "[border]\ncorner = orn.ini\ncorner = none\n");
    layout_template_free(t);

    expect_error(HEAD "[border]\ncorner = ornament\n", NULL, 7, "tidak dipakai lagi");

    /* A missing or bad ornament file is named itself, as any missing template file is. */
    char path[128];
    const char *cases[][2] = {{"corner = tidak-ada.ini", "tidak-ada.ini"},
                              {"corner = buruk.ini", "buruk.ini"}};
    tulis("buruk.ini", "[ornament]\nmove = 0 O.5\nfill =\n");
    for (int i = 0; i < 2; i++) {
        char text[256];
        snprintf(text, sizeof text, HEAD "[border]\n%s\n", cases[i][0]);
        snprintf(path, sizeof path, "%s/%s", dir, cases[i][1]);
        t = (layout_template *)1;
        kp_error_clear(&err);
        assert_int_equal(layout_template_load(tulis("c.ini", text), FONTS, NULL, &t, &err),
                         KP_ERR_DATA);
        assert_null(t);
        assert_string_equal(err.file, path);
        if (i == 0) {
            assert_int_equal(err.line, 0);
            assert_string_equal(err.msg, "templat tidak ditemukan");
        } else {
            assert_int_equal(err.line, 2);
            assert_int_equal(err.col, 10);
        }
    }
}

static void test_deterministic_bytes(void **state)
{
    (void)state;
    layout_template *t = load("det.ini", NAME_TPL);
    layout_fields *f = layout_fields_new();
    kp_error err;
    layout_fields_set(f, "nama", "Pemerintah Kota Banjarbaru", &err);
    char paths[3][128];
    /* Two writers, and the first writer twice: a reused writer leaves no trace. */
    layout_doc *d1, *d2;
    assert_int_equal(layout_doc_new(t, &d1, &err), KP_OK);
    assert_int_equal(layout_doc_new(t, &d2, &err), KP_OK);
    layout_doc *order[3] = {d1, d2, d1};
    layout_info info = {.title = "Piagam – Kota Banjarbaru",
                        .author = "Ombudsman",
                        .subject = "uji",
                        .keywords = "piagam",
                        .epoch = 1705449600};
    for (int i = 0; i < 3; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/det%d.pdf", dir, i);
        assert_int_equal(layout_doc_begin(order[i], &info, &err), KP_OK);
        assert_int_equal(layout_page_add(order[i], f, &err), KP_OK);
        assert_int_equal(layout_doc_save(order[i], paths[i], &err), KP_OK);
    }
    size_t l0, l1, l2;
    char *b0 = slurp(paths[0], &l0), *b1 = slurp(paths[1], &l1), *b2 = slurp(paths[2], &l2);
    assert_int_equal(l0, l1);
    assert_int_equal(l0, l2);
    assert_memory_equal(b0, b1, l0);
    assert_memory_equal(b0, b2, l0);
    assert_true(contains(b0, l0, "/CreationDate (D:20240117000000Z"));
    assert_true(contains(b0, l0, "/ModDate (D:20240117000000Z"));
    assert_false(contains(b0, l0, "/ID"));
    assert_true(contains(b0, l0, "/FlateDecode"));
    free(b0);
    free(b1);
    free(b2);
    layout_doc_free(d1);
    layout_doc_free(d2);
    layout_fields_free(f);
    layout_template_free(t);
}

static void test_styles_and_colors(void **state)
{
    (void)state;
    layout_template *t = load("sty.ini", HEAD "[color]\nhijau = #14532D\n"
                                              "[style judul]\nfont = serif\nsize = 14\n"
                                              "color = hijau\nalign = center\n");
    layout_style st;
    kp_error err;
    assert_int_equal(layout_template_style(t, "judul", &st, &err), KP_OK);
    assert_string_equal(st.font, "serif");
    assert_true(st.size == 14 && st.align == LAYOUT_CENTER);
    assert_true(st.color.g > 0.32f && st.color.g < 0.33f);
    assert_int_equal(layout_template_style(t, "isi", &st, &err), KP_ERR_DATA);
    layout_color c;
    assert_true(layout_template_color(t, "#FF0000", &c) && c.r == 1.0f);
    assert_false(layout_template_color(t, "merah", &c));
    layout_template_free(t);
}

/*
 * [ukuran]: the lengths a document's code asks for, each with its default; a name the
 * document does not know is refused at its line, a misspelling must not keep the default.
 */
static void test_ukuran(void **state)
{
    (void)state;
    typedef struct {
        double lebar, tinggi;
    } dua;
    static const layout_ukuran keys[] = {
        {"lebar", offsetof(dua, lebar), 215, 0},
        {"tinggi", offsetof(dua, tinggi), 92, 0},
    };
    layout_template *t = load("uk.ini", HEAD "[ukuran]\nlebar = 2cm\n");
    dua d = {0, 0};
    kp_error err;
    assert_int_equal(layout_template_ukuran(t, keys, 2, &d, &err), KP_OK);
    assert_true(d.lebar > 56.69 && d.lebar < 56.70);
    assert_true(d.tinggi == 92);
    layout_template_free(t);
    t = load("uk2.ini", HEAD "[ukuran]\nlebar = 10\ntingi = 5\n");
    assert_int_equal(layout_template_ukuran(t, keys, 2, &d, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 8);
    assert_non_null(strstr(err.msg, "\"tingi\" tidak dikenal di [ukuran] (maksud Anda "
                                    "\"tinggi\"? kunci yang dikenal: lebar, tinggi)"));
    layout_template_free(t);
    /* A key with a maks (a count, say) is refused outside 0 ... maks, at its line. */
    static const layout_ukuran counted[] = {
        {"lebar", offsetof(dua, lebar), 215, 0},
        {"tinggi", offsetof(dua, tinggi), 5, 100},
    };
    t = load("uk3.ini", HEAD "[ukuran]\nlebar = -3\ntinggi = 100\n");
    assert_int_equal(layout_template_ukuran(t, counted, 2, &d, &err), KP_OK);
    assert_true(d.lebar == -3 && d.tinggi == 100);
    layout_template_free(t);
    t = load("uk4.ini", HEAD "[ukuran]\nlebar = 1\ntinggi = 101\n");
    assert_int_equal(layout_template_ukuran(t, counted, 2, &d, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 8);
    assert_string_equal(err.msg, "tinggi: 101 di luar batas (0 sampai 100)");
    layout_template_free(t);
    t = load("uk5.ini", HEAD "[ukuran]\ntinggi = -1\n");
    assert_int_equal(layout_template_ukuran(t, counted, 2, &d, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 7);
    layout_template_free(t);
    expect_error(HEAD "[ukuran]\nlebar = 10\nlebar = 11\n", NULL, 8, "ditulis dua kali");
    expect_error(HEAD "[ukuran]\nlebar = lebar\n", NULL, 7, "panjang tidak sah");
}

/*
 * jika = NAME draws a block only when {NAME} is set and not empty: one certificate template
 * serves an instansi with an opinion and a vertical office with a label. The condition is a
 * placeholder like any other: unknown names are refused at load, with the line.
 */
static void test_jika(void **state)
{
    (void)state;
    static const char *const known[] = {"opini", "kualitas", NULL};
    expect_error(HEAD "[text a]\ny = 10\nfont = serif\nsize = 12\njika = opin\ntext = x\n", known,
                 10, "{opin}");
    expect_error(HEAD "[text a]\ny = 10\nfont = serif\nsize = 12\njika = {opini}\ntext = x\n",
                 known, 10, "jika");
    const char *tpl = HEAD "[text opini]\njika = opini\nx = 60\ny = 100\nwidth = 400\n"
                           "font = serif\nsize = 14\ntext = {opini}\n"
                           "[text kualitas]\njika = kualitas\nx = 60\ny = 100\nwidth = 400\n"
                           "font = serif\nsize = 14\ntext = Kualitas Pelayanan {kualitas}\n"
                           "[rect garis]\njika = opini\nx = 60\ny = 130\nwidth = 10\n"
                           "height = 2\nfill = #000000\n"
                           "[text selalu]\nx = 60\ny = 200\nfont = serif\nsize = 12\n"
                           "text = Tahun 2025\n";
    layout_template *t;
    kp_error err;
    assert_int_equal(layout_template_load(tulis("jika.ini", tpl), FONTS, known, &t, &err), KP_OK);
    layout_doc *d;
    assert_int_equal(layout_doc_new(t, &d, &err), KP_OK);
    layout_info info = {.epoch = 0};
    layout_fields *f = layout_fields_new();
    char path[300];
    snprintf(path, sizeof path, "%s/jika.pdf", dir);
    const char *cases[][3] = {
        /* opini, kualitas, what the page must say */
        {"Opini Kualitas Tinggi Tanpa Maladministrasi", "", "Opini Kualitas Tinggi"},
        {"", "Baik", "Kualitas Pelayanan Baik"},
    };
    for (size_t i = 0; i < 2; i++) {
        layout_fields_clear(f);
        assert_int_equal(layout_fields_set(f, "opini", cases[i][0], &err), KP_OK);
        assert_int_equal(layout_fields_set(f, "kualitas", cases[i][1], &err), KP_OK);
        assert_int_equal(layout_doc_begin(d, &info, &err), KP_OK);
        assert_int_equal(layout_page_add(d, f, &err), KP_OK);
        assert_int_equal(layout_doc_save(d, path, &err), KP_OK);
        char cmd[400];
        snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
        char *text = fx_run(cmd, NULL);
        assert_non_null(strstr(text, cases[i][2]));
        assert_non_null(strstr(text, "Tahun 2025"));
        /* The hidden block leaves nothing behind, not even an empty "Kualitas Pelayanan". */
        assert_int_equal(strstr(text, "Kualitas Pelayanan") != NULL, i == 1);
        assert_int_equal(strstr(text, "Opini") != NULL, i == 0);
        free(text);
    }
    /* A field the page was not given hides its block too (nothing to print). */
    layout_fields_clear(f);
    assert_int_equal(layout_doc_begin(d, &info, &err), KP_OK);
    assert_int_equal(layout_page_add(d, f, &err), KP_OK);
    layout_fields_free(f);
    layout_doc_free(d);
    layout_template_free(t);
}

/* The first font program of the PDF at path (from "/Length1" to "endstream"), malloc'd. */
static char *font_program(const char *path, size_t *len)
{
    size_t n;
    char *b = slurp(path, &n);
    size_t at = 0, end = 0;
    for (size_t i = 0; i + 8 <= n && !at; i++)
        if (memcmp(b + i, "/Length1", 8) == 0)
            at = i;
    for (size_t i = at; at && i + 9 <= n && !end; i++)
        if (memcmp(b + i, "endstream", 9) == 0)
            end = i;
    assert_true(end > at);
    *len = end - at;
    char *out = malloc(*len);
    memcpy(out, b + at, *len);
    free(b);
    return out;
}

/*
 * glyphs = CHARS embeds those glyphs whether the text uses them or not: two codes give the
 * same font program (so the run compresses it once); without glyphs they do not.
 */
static void test_glyphs(void **state)
{
    (void)state;
    static const char *const known[] = {"kode", NULL};
    expect_error(HEAD "[text a]\ny = 10\nfont = serif\nsize = 12\nglyphs = \xc4\x80\ntext = x\n",
                 known, 10, "glyphs");
    for (int with = 0; with < 2; with++) {
        char tpl[512];
        snprintf(tpl, sizeof tpl,
                 HEAD "[text kode]\nx = 60\ny = 100\nfont = serif\nsize = 8\n%stext = {kode}\n",
                 with ? "glyphs = 0123456789ABCDEFGHJKMNPQRSTVWXYZ-\n" : "");
        layout_template *t;
        kp_error err;
        assert_int_equal(layout_template_load(tulis("glyphs.ini", tpl), FONTS, known, &t, &err),
                         KP_OK);
        layout_doc *d;
        assert_int_equal(layout_doc_new(t, &d, &err), KP_OK);
        layout_info info = {.epoch = 0};
        layout_fields *f = layout_fields_new();
        const char *codes[] = {"AB12-CD34-EF56-GH78", "ZZ90-YY90-XX90-WW90"};
        char *prog[2];
        size_t len[2];
        for (int i = 0; i < 2; i++) {
            char path[300];
            snprintf(path, sizeof path, "%s/glyphs%d.pdf", dir, i);
            assert_int_equal(layout_fields_set(f, "kode", codes[i], &err), KP_OK);
            assert_int_equal(layout_doc_begin(d, &info, &err), KP_OK);
            assert_int_equal(layout_page_add(d, f, &err), KP_OK);
            assert_int_equal(layout_doc_save(d, path, &err), KP_OK);
            prog[i] = font_program(path, &len[i]);
        }
        bool same = len[0] == len[1] && memcmp(prog[0], prog[1], len[0]) == 0;
        assert_int_equal(same, with);
        free(prog[0]);
        free(prog[1]);
        layout_fields_free(f);
        layout_doc_free(d);
        layout_template_free(t);
    }
}

/*
 * layout_text_box: small print at a fixed place shrinks, then wraps, inside its box (what
 * pdftotext reads stays within it), and refuses what cannot fit even at the smallest size.
 */
static void test_text_box(void **state)
{
    (void)state;
    layout_template *t = load("box.ini", NAME_TPL);
    layout_doc *d;
    kp_error err;
    assert_int_equal(layout_doc_new(t, &d, &err), KP_OK);
    layout_fields *f = layout_fields_new();
    layout_fields_set(f, "nama", "x", &err);
    layout_info info = {.title = "t"};
    assert_int_equal(layout_doc_begin(d, &info, &err), KP_OK);
    assert_int_equal(layout_page_add(d, f, &err), KP_OK);
    layout_style st = {.font = "script", .size = 7.5, .align = LAYOUT_LEFT};
    const char *kaki = "Rubrik penilaian-kepatuhan-standar-pelayanan-publik-ombudsman-ri-22-24 "
                       "\xc2\xb7 kepatuhan 0.1.0";
    assert_int_equal(layout_text_box(d, &st, 48, 764, 196, 3, 5.5, kaki, &err), KP_OK);
    char big[200] = "";
    for (int i = 0; i < 6; i++)
        strcat(big, "Sangatpanjangsekali");
    assert_int_equal(layout_text_box(d, &st, 48, 700, 196, 3, 5.5, big, &err), KP_ERR_DATA);
    assert_non_null(strstr(err.msg, "tidak muat dalam 3 baris selebar 196 pt"));
    char path[300], cmd[800];
    snprintf(path, sizeof path, "%s/box.pdf", dir);
    assert_int_equal(layout_doc_save(d, path, &err), KP_OK);
    snprintf(cmd, sizeof cmd,
             "pdftotext -bbox '%s' - | awk -F'\"' '/<word/ && $4 + 0 > 760 "
             "{n++; if ($6 + 0 > max) max = $6 + 0} END {printf \"%%d %%.2f\\n\", n, max}'",
             path);
    char *out = fx_run(cmd, NULL);
    int words = 0;
    double xmax = 0;
    assert_int_equal(sscanf(out, "%d %lf", &words, &xmax), 2);
    free(out);
    assert_int_equal(words, 5);
    assert_true(xmax <= 48 + 196 + 0.5);
    layout_fields_free(f);
    layout_doc_free(d);
    layout_template_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template_errors_name_line),
        cmocka_unit_test(test_fields_and_placeholders),
        cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_missing_glyph),
        cmocka_unit_test(test_shrink_to_fit),
        cmocka_unit_test(test_field_fits),
        cmocka_unit_test(test_justified_flow_and_tables),
        cmocka_unit_test(test_deterministic_bytes),
        cmocka_unit_test(test_styles_and_colors),
        cmocka_unit_test(test_jika),
        cmocka_unit_test(test_ukuran),
        cmocka_unit_test(test_corner),
        cmocka_unit_test(test_glyphs),
        cmocka_unit_test(test_text_box),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
