/*
 * xlsxbook: a small workbook written through the API and read back from its zip (minizip):
 * the parts a workbook has, the document properties, cells with the standard formats, fitted
 * column widths, Excel's 31-byte sheet names, and a failed workbook that leaves no file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <minizip/unzip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/xlsxbook.h"

/* The entry name of the zip at path, NUL-terminated; NULL when there is no such entry. */
static char *entry(const char *path, const char *name)
{
    unzFile z = unzOpen64(path);
    assert_non_null(z);
    char *buf = NULL;
    if (unzLocateFile(z, name, 1) == UNZ_OK && unzOpenCurrentFile(z) == UNZ_OK) {
        unz_file_info64 info;
        assert_int_equal(unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0), UNZ_OK);
        buf = malloc(info.uncompressed_size + 1);
        assert_non_null(buf);
        int got = unzReadCurrentFile(z, buf, (unsigned)info.uncompressed_size);
        assert_int_equal(got, (int)info.uncompressed_size);
        buf[got] = '\0';
        unzCloseCurrentFile(z);
    }
    unzClose(z);
    return buf;
}

/* Asserts that part name of the workbook at path holds every string of want (NULL-ended). */
static void part_has(const char *path, const char *name, const char *const *want)
{
    char *xml = entry(path, name);
    if (!xml)
        fail_msg("%s has no part %s", path, name);
    for (const char *const *w = want; *w; w++)
        if (!strstr(xml, *w))
            fail_msg("%s: \"%s\" not in\n%s", name, *w, xml);
    free(xml);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void make_dir(char dir[64])
{
    snprintf(dir, 64, "/tmp/kp-xlsxbook-XXXXXX");
    assert_non_null(mkdtemp(dir));
}

static void test_book(void **state)
{
    (void)state;
    char dir[64], path[128];
    make_dir(dir);
    snprintf(path, sizeof path, "%s/buku.xlsx", dir);
    xlsxbook bk;
    kp_error err;
    kp_error_clear(&err);
    xlsxbook_props props = {
        .title = "Rekap Uji",
        .author = XLSXBOOK_AUTHOR_DEFAULT,
        .keywords = "kepatuhan, uji",
        .epoch = 1700000000, /* 2023-11-14T22:13:20Z */
    };
    xlsxbook_options opt = {.atomic = true};
    assert_int_equal(xlsxbook_open(&bk, path, &props, &opt, &err), KP_OK);

    xlsxbook_sheet s;
    /* 40 bytes: Excel takes 31 at most, so the name is cut. */
    assert_true(xlsxbook_sheet_open(&bk, &s, "Ringkasan Penilaian Kepatuhan Tahun 2023"));
    assert_string_equal(s.name, "Ringkasan Penilaian Kepatuhan T");
    xlsxbook_section(&s, "Bagian satu");
    static const char *const head[] = {"Nama", "Nilai", "Jumlah", "Persen"};
    xlsxbook_put_header(&s, head, 4);
    assert_int_equal(s.row, 2);
    xlsxbook_put_str(&s, 0, "Kota Banjarbaru", NULL);
    xlsxbook_put_dec(&s, 1, 8123); /* 81,23 */
    xlsxbook_put_int(&s, 2, 42);
    xlsxbook_put_pct(&s, 3, 1, 4);
    s.row++;
    xlsxbook_put_str(&s, 0, "", NULL); /* nothing written, nothing fitted */
    xlsxbook_put_str(&s, 1, NULL, NULL);
    xlsxbook_put_pct(&s, 3, 3, 0); /* no whole: 0, not a division by zero */
    s.row++;
    /* Fitted: the text's width, a header between a number's width and its cap. */
    assert_true(s.width[0] == xlsxbook_text_width("Kota Banjarbaru"));
    assert_true(s.width[1] == 9.0);
    assert_int_equal(s.n_cols, 4);
    xlsxbook_sheet_widths(&s);
    xlsxbook_print_setup(s.ws, 1, 1);

    xlsxbook_sheet s2;
    assert_true(xlsxbook_sheet_open(&bk, &s2, "Kedua"));
    xlsxbook_put_str(&s2, 0, "Kabupaten Banjar", bk.bold);
    assert_int_equal(xlsxbook_close(&bk, &err), KP_OK);

    /* Atomic: the file is in place and the temporary one gone. */
    assert_int_equal(access(path, F_OK), 0);
    assert_int_not_equal(access(bk.tmp, F_OK), 0);

    static const char *const types[] = {"/xl/workbook.xml",
                                        "/xl/worksheets/sheet1.xml",
                                        "/xl/worksheets/sheet2.xml",
                                        "/xl/styles.xml",
                                        "/xl/sharedStrings.xml",
                                        "/docProps/core.xml",
                                        NULL};
    part_has(path, "[Content_Types].xml", types);
    static const char *const book[] = {"name=\"Ringkasan Penilaian Kepatuhan T\"", "name=\"Kedua\"",
                                       "_xlnm.Print_Titles", NULL};
    part_has(path, "xl/workbook.xml", book);
    static const char *const core[] = {
        "<dc:title>Rekap Uji</dc:title>", "<dc:creator>Ombudsman Republik Indonesia</dc:creator>",
        "<cp:keywords>kepatuhan, uji</cp:keywords>", "2023-11-14T22:13:20Z", NULL};
    part_has(path, "docProps/core.xml", core);
    static const char *const strings[] = {"Bagian satu", "Nama", "Kota Banjarbaru",
                                          "Kabupaten Banjar", NULL};
    part_has(path, "xl/sharedStrings.xml", strings);
    /* The standard formats used (0.00, whole, 0.0 %, the header's fill and bold); an unused
     * one (the signed 0.00) costs no bytes. */
    static const char *const styles[] = {
        "formatCode=\"0.00\"", "formatCode=\"0\"", "formatCode=\"0.0%\"", "FFD9E1F2", "<b/>", NULL};
    part_has(path, "xl/styles.xml", styles);
    char *xml = entry(path, "xl/styles.xml");
    assert_non_null(xml);
    assert_null(strstr(xml, "+0.00"));
    free(xml);
    static const char *const sheet[] = {"<v>81.23</v>",
                                        "<v>42</v>",
                                        "<v>0.25</v>",
                                        "ht=\"30\" customHeight=\"1\"",
                                        "<cols>",
                                        "landscape",
                                        "paperSize=\"9\"",
                                        "Halaman &amp;P dari &amp;N",
                                        NULL};
    part_has(path, "xl/worksheets/sheet1.xml", sheet);

    xml = entry(path, "xl/worksheets/sheet1.xml");
    assert_non_null(xml);
    /* One width per measured column; row 4 holds only the zero percentage. */
    assert_int_equal(count(xml, "<col "), 4);
    assert_non_null(strstr(xml, "<row r=\"4\""));
    assert_int_equal(count(strstr(xml, "<row r=\"4\""), "<c "), 1);
    free(xml);

    unlink(path);
    rmdir(dir);
}

/* A write that failed is reported when the book is closed, and no file is left. */
static void test_failed(void **state)
{
    (void)state;
    char dir[64], path[128];
    make_dir(dir);
    snprintf(path, sizeof path, "%s/gagal.xlsx", dir);
    xlsxbook bk;
    kp_error err;
    kp_error_clear(&err);
    xlsxbook_props props = {.title = "x", .epoch = 0};
    assert_int_equal(xlsxbook_open(&bk, path, &props, NULL, &err), KP_OK);
    xlsxbook_sheet s;
    assert_false(xlsxbook_sheet_open(&bk, &s, "a[b]")); /* [ ] are not allowed in a name */
    assert_true(xlsxbook_sheet_open(&bk, &s, "Baik"));
    xlsxbook_put_str(&s, 0, "ditulis", NULL);
    assert_int_equal(xlsxbook_close(&bk, &err), KP_ERR_IO);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.msg, "gagal menulis buku kerja"));
    assert_int_not_equal(access(path, F_OK), 0);

    /* A folder that does not exist: refused when opened, in Indonesian. */
    snprintf(path, sizeof path, "%s/tidak/ada.xlsx", dir);
    assert_int_equal(xlsxbook_open(&bk, path, &props, NULL, &err), KP_ERR_IO);
    assert_non_null(strstr(err.msg, "folder tujuannya tidak ada"));
    rmdir(dir);
}

/* Widths count characters, not bytes: "é" is one. */
static void test_text_width(void **state)
{
    (void)state;
    assert_true(xlsxbook_text_width("") == 2.0);
    assert_true(xlsxbook_text_width("abc") == xlsxbook_text_width("\xc3\xa9\xc3\xa9\xc3\xa9"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_book),
        cmocka_unit_test(test_failed),
        cmocka_unit_test(test_text_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
