#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <minizip/zip.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include "read/xlsxin.h"

/* Workbooks are built here, at test time: with libxlsxwriter when it can write the case,
 * else as raw zips of hand-written XML (inline strings, missing r=, hostile files). */

static char dir[64];
static char path[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_xlsxin_XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/book.xlsx", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    rmdir(dir);
    return 0;
}

typedef struct part {
    const char *name;
    const char *data;
    size_t len; /* 0: strlen(data) */
} part;

/* Writes the parts into a zip at path; zip64 asks for Zip64 records, password encrypts. */
static void write_zip(const part *parts, size_t n, int zip64, const char *password)
{
    zipFile zf = zipOpen64(path, 0);
    assert_non_null(zf);
    for (size_t i = 0; i < n; i++) {
        size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
        uLong crc = crc32(0, (const Bytef *)parts[i].data, (uInt)len);
        assert_int_equal(zipOpenNewFileInZip3_64(zf, parts[i].name, NULL, NULL, 0, NULL, 0, NULL,
                                                 Z_DEFLATED, 9, 0, -MAX_WBITS, 8,
                                                 Z_DEFAULT_STRATEGY, password, crc, zip64),
                         ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(zf, parts[i].data, (unsigned)len), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
    }
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
}

static void write_file(const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static const char WB[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"/xl/sharedStrings.xml\"/></Relationships>";

/* A one-sheet workbook ("Data") with this sheet XML (the part inside <worksheet>) and,
 * when sst is not NULL, this shared strings XML (inside <sst>). */
static void raw_book_opt(const char *sheet_body, const char *sst, int zip64)
{
    static char sheet[1 << 16], sstx[1 << 16];
    snprintf(sheet, sizeof sheet,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet "
             "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">%s</worksheet>",
             sheet_body);
    snprintf(sstx, sizeof sstx,
             "<?xml version=\"1.0\"?><sst "
             "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">%s</sst>",
             sst ? sst : "");
    part parts[] = {{"xl/workbook.xml", WB, 0},
                    {"xl/_rels/workbook.xml.rels", RELS, 0},
                    {"xl/worksheets/sheet1.xml", sheet, 0},
                    {"xl/sharedStrings.xml", sstx, 0}};
    write_zip(parts, sst ? 4 : 3, zip64, NULL);
}

static void raw_book(const char *sheet_body, const char *sst)
{
    raw_book_opt(sheet_body, sst, 0);
}

/* Rows as text: "ROW COL=K:text|COL=K:text\n", K one of s n b e -. */
typedef struct dump {
    char text[1 << 16];
    size_t len;
    size_t rows;
    size_t stop_after; /* 0: never stop */
} dump;

static bool collect(void *ud, uint32_t row, const xlsxin_cell *cells, size_t n)
{
    dump *d = ud;
    static const char kinds[] = "snbe-";
    d->len +=
        (size_t)snprintf(d->text + d->len, sizeof d->text - d->len, "%lu", (unsigned long)row);
    for (size_t i = 0; i < n; i++) {
        char ref[XLSXIN_REF_MAX];
        assert_int_equal(strlen(cells[i].text), cells[i].len);
        if (i)
            assert_true(cells[i - 1].col < cells[i].col);
        xlsxin_cell_ref(cells[i].col, row, ref, sizeof ref);
        ref[strspn(ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")] = '\0';
        d->len += (size_t)snprintf(d->text + d->len, sizeof d->text - d->len, "%s%s=%c:%s",
                                   i ? "|" : " ", ref, kinds[cells[i].kind], cells[i].text);
    }
    d->len += (size_t)snprintf(d->text + d->len, sizeof d->text - d->len, "\n");
    d->rows++;
    return !(d->stop_after && d->rows == d->stop_after);
}

static kp_status read_with(dump *d, bool expat, kp_error *err)
{
    size_t stop = d->stop_after;
    memset(d, 0, sizeof *d);
    d->stop_after = stop;
    xlsxin *x = NULL;
    kp_status st = xlsxin_open(path, &x, err);
    if (st != KP_OK) {
        assert_null(x);
        return st;
    }
    xlsxin_use_expat(x, expat);
    int i = xlsxin_sheet_find(x, "Data");
    st = xlsxin_sheet_rows(x, i < 0 ? 0 : (size_t)i, collect, d, err);
    xlsxin_free(x);
    return st;
}

/*
 * Opens path, reads sheet "Data" (or the first) into d; returns the status. Every sheet is
 * read twice, by the scanner and by expat: whatever expat reads, the scanner must read the
 * same, and what expat refuses as hostile (or for its limits) the scanner refuses too.
 */
static kp_status read_book(dump *d, kp_error *err)
{
    dump *e = malloc(sizeof *e);
    kp_error eerr;
    kp_error_clear(&eerr);
    e->stop_after = d->stop_after;
    kp_status est = read_with(e, true, &eerr);
    kp_status st = read_with(d, false, err);
    if (est == KP_OK) {
        if (st != KP_OK)
            fail_msg("expat reads it, the scanner says: %s", err->msg);
        if (strcmp(d->text, e->text) != 0)
            fail_msg("scanner:\n%s\nexpat:\n%s", d->text, e->text);
    } else if (st == KP_OK) {
        fail_msg("expat refuses it (%s), the scanner reads it", eerr.msg);
    }
    free(e);
    return st;
}

static void expect_rows(const char *want)
{
    dump *d = malloc(sizeof *d);
    kp_error err;
    kp_error_clear(&err);
    kp_status st = read_book(d, &err);
    if (st != KP_OK) {
        free(d);
        fail_msg("%s: %s", err.file, err.msg);
    }
    bool same = strcmp(d->text, want) == 0;
    if (!same)
        print_error("got:\n%s", d->text);
    free(d);
    assert_true(same);
}

/* The file must be refused with KP_ERR_DATA, a message holding want and naming the file. */
static void expect_refused(const char *want)
{
    dump *d = malloc(sizeof *d);
    kp_error err;
    kp_error_clear(&err);
    clock_t t0 = clock();
    kp_status st = read_book(d, &err);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    free(d);
    if (st != KP_ERR_DATA || !strstr(err.msg, want))
        fail_msg("status %d, message \"%s\", want \"%s\"", st, err.msg, want);
    assert_string_equal(err.file, path);
    assert_true(secs < 10);
}

/* --- numbers and references ------------------------------------------------------------ */

static void test_number_format(void **state)
{
    (void)state;
    static const char *cases[][2] = {
        {"87.590000000000003", "87.59"},
        {"90.31000000000002", "90.31"},
        {"2023", "2023"},
        {"1E-3", "0.001"},
        {"1e-05", "0.00001"},
        {"0.1", "0.1"},
        {"0.30000000000000004", "0.3"},
        {"-12.5", "-12.5"},
        {"-0", "0"},
        {"0.000", "0"},
        {"  92.00 ", "92"},
        {"1E+15", "1000000000000000"},
        {"123456789012345678", "123456789012346000"},
        {"1E20", "100000000000000000000"},
        {"1E21", "1E+21"},
        {"1.5E+308", "1.5E+308"},
        {"2.5e-21", "2.5E-21"},
        {"1.2345678901234567e-7", "0.000000123456789012346"},
        {"99.999999999999999", "100"},
        {".5", "0.5"},
        {"+3", "3"},
        {"5.", "5"},
        {"0.1234567890123456", "0.123456789012346"},
        {"1.0000000000000049", "1"},
        {"99999999999999951", "100000000000000000"},
        {"99999999999999939", "99999999999999900"},
        {"999999999999999.6", "1000000000000000"},
        {"007", "7"},
        {"100", "100"},
        {"-0.000000000000000000001", "-1E-21"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[XLSXIN_NUMBER_MAX];
        if (!xlsxin_format_number(cases[i][0], strlen(cases[i][0]), out))
            fail_msg("%s refused", cases[i][0]);
        if (strcmp(out, cases[i][1]) != 0)
            fail_msg("%s -> %s, want %s", cases[i][0], out, cases[i][1]);
    }
    static const char *bad[] = {"",      " ",   "nan", "inf", "0x1p3", "1e",
                                "1e400", "12a", "-",   ".",   "1,5",   "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char out[XLSXIN_NUMBER_MAX];
        if (xlsxin_format_number(bad[i], strlen(bad[i]), out))
            fail_msg("\"%s\" accepted as %s", bad[i], out);
    }
}

/* The fast path (rounding the text) must agree with strtod + printf (taken for any text with
 * an exponent) on what writers produce: a double's 17- and 16-digit forms. */
static void test_number_paths_agree(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 200000; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        double v;
        switch (i % 4) {
        case 0: /* scores: hundredths with binary noise */
            v = (double)(seed >> 40 & 0xFFFF) / 100.0 * (1 + (double)(seed & 0xFF) * 1e-17);
            break;
        case 1:
            v = (double)(seed >> 11) / 9007199254740992.0 * 1000;
            break;
        case 2:
            v = 0.1 * (double)(seed >> 44) + 0.2;
            break;
        default: {
            uint64_t bits = (seed >> 2) & 0x7FFFFFFFFFFFFFFFu;
            memcpy(&v, &bits, sizeof v);
            if (!(v > 1e-19 && v < 1e19))
                v = 1.0 / (double)((seed >> 33) + 1);
        }
        }
        char text[64], exp[64], a[XLSXIN_NUMBER_MAX], b[XLSXIN_NUMBER_MAX];
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(text, sizeof text, "%.*g", prec, v);
            if (strchr(text, 'e'))
                continue;
            snprintf(exp, sizeof exp, "%.16e", strtod(text, NULL));
            assert_true(xlsxin_format_number(text, strlen(text), a));
            assert_true(xlsxin_format_number(exp, strlen(exp), b));
            if (strcmp(a, b) != 0)
                fail_msg("%s -> %s, but %s -> %s", text, a, exp, b);
        }
    }
}

static void test_cell_ref(void **state)
{
    (void)state;
    char buf[XLSXIN_REF_MAX];
    assert_string_equal(xlsxin_cell_ref(10, 148, buf, sizeof buf), "K148");
    assert_string_equal(xlsxin_cell_ref(0, 1, buf, sizeof buf), "A1");
    assert_string_equal(xlsxin_cell_ref(25, 2, buf, sizeof buf), "Z2");
    assert_string_equal(xlsxin_cell_ref(26, 3, buf, sizeof buf), "AA3");
    assert_string_equal(xlsxin_cell_ref(16383, 1048576, buf, sizeof buf), "XFD1048576");
    char small[3];
    assert_string_equal(xlsxin_cell_ref(10, 148, small, sizeof small), "K1");
}

/* --- cell kinds ------------------------------------------------------------------------ */

static void test_libxlsxwriter_book(void **state)
{
    (void)state;
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *first = workbook_add_worksheet(wb, "Petunjuk");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Data");
    lxw_worksheet *hidden = workbook_add_worksheet(wb, "Daftar");
    worksheet_write_string(first, 0, 0, "baca saya", NULL);
    worksheet_write_string(ws, 0, 0, "instansi", NULL);
    worksheet_write_string(ws, 0, 1, "nilai", NULL);
    worksheet_write_string(ws, 0, 2, "hijau", NULL);
    worksheet_write_string(ws, 0, 3, "rumus", NULL);
    worksheet_merge_range(ws, 1, 0, 3, 0, "Kota Banjarbaru", NULL);
    worksheet_write_number(ws, 1, 1, 92.0, NULL);
    worksheet_write_number(ws, 2, 1, 87.590000000000003, NULL);
    worksheet_write_number(ws, 3, 1, 90.31000000000002, NULL);
    worksheet_write_boolean(ws, 1, 2, 1, NULL);
    worksheet_write_boolean(ws, 2, 2, 0, NULL);
    worksheet_write_formula_num(ws, 1, 3, "=B2*2", NULL, 184);
    worksheet_write_formula_str(ws, 2, 3, "=A3&\"\"", NULL, "Kota Banjarbaru");
    worksheet_write_string(ws, 5, 10, "K6", NULL);
    worksheet_write_string(hidden, 0, 0, "x", NULL);
    worksheet_hide(hidden);
    worksheet_activate(ws);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

    assert_true(xlsxin_sniff(path));
    xlsxin *x = NULL;
    kp_error err;
    assert_int_equal(xlsxin_open(path, &x, &err), KP_OK);
    assert_int_equal(xlsxin_sheet_count(x), 3);
    assert_string_equal(xlsxin_sheet_name(x, 0), "Petunjuk");
    assert_true(xlsxin_sheet_visible(x, 1));
    assert_false(xlsxin_sheet_visible(x, 2));
    assert_int_equal(xlsxin_sheet_find(x, "data"), 1);
    assert_int_equal(xlsxin_sheet_find(x, "DAFTAR"), 2);
    assert_int_equal(xlsxin_sheet_find(x, "Tidak ada"), -1);
    dump *d = calloc(1, sizeof *d);
    assert_int_equal(xlsxin_sheet_rows(x, 1, collect, d, &err), KP_OK);
    assert_string_equal(d->text, "1 A=s:instansi|B=s:nilai|C=s:hijau|D=s:rumus\n"
                                 "2 A=s:Kota Banjarbaru|B=n:92|C=b:TRUE|D=n:184\n"
                                 "3 A=s:Kota Banjarbaru|B=n:87.59|C=b:FALSE|D=s:Kota Banjarbaru\n"
                                 "4 A=s:Kota Banjarbaru|B=n:90.31\n"
                                 "6 K=s:K6\n");
    /* stopping early: one row, KP_OK */
    memset(d, 0, sizeof *d);
    d->stop_after = 1;
    assert_int_equal(xlsxin_sheet_rows(x, 1, collect, d, &err), KP_OK);
    assert_int_equal(d->rows, 1);
    free(d);
    xlsxin_free(x);

    /* constant_memory mode writes inline strings */
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    wb = workbook_new_opt(path, &opt);
    ws = workbook_add_worksheet(wb, "Data");
    worksheet_write_string(ws, 0, 0, "Kab. Barito Kuala", NULL);
    worksheet_write_number(ws, 0, 1, 90.31, NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    expect_rows("1 A=s:Kab. Barito Kuala|B=n:90.31\n");
}

static void test_raw_kinds(void **state)
{
    (void)state;
    raw_book("<dimension ref=\"A1:F4\"/><sheetData>"
             "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
             "<c r=\"C1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
             "<c r=\"D1\" t=\"inlineStr\"><is><t></t></is></c>"
             "<c r=\"E1\" t=\"inlineStr\"><is><r><t>a</t></r><r><t xml:space=\"preserve\"> b"
             "</t></r></is></c><c r=\"F1\" s=\"3\"/></row>"
             "<row r=\"2\"><c r=\"A2\"><v>87.590000000000003</v></c>"
             "<c r=\"B2\" t=\"n\"><v>1E-3</v></c><c r=\"C2\" t=\"b\"><v>1</v></c>"
             "<c r=\"D2\" t=\"e\"><v>#N/A</v></c><c r=\"E2\"><f>SUM(A2:B2)</f></c>"
             "<c r=\"F2\" t=\"str\"><f>\"\"</f><v></v></c></row>"
             "<row r=\"3\"><c r=\"A3\" t=\"str\"><f>A1</f><v>teks</v></c>"
             "<c r=\"B3\"><f t=\"shared\" si=\"0\"/><v>90.31000000000002</v></c>"
             "<c r=\"C3\" t=\"s\"><v>2</v></c><c r=\"D3\" t=\"s\"><v>3</v></c></row>"
             "<row r=\"4\"><c r=\"B4\" s=\"1\"/></row>"
             "</sheetData>",
             "<si><t>Kota Banjarbaru</t></si>"
             "<si><r><rPr><b/></rPr><t>Dinas </t></r><r><t>Kesehatan</t></r>"
             "<rPh sb=\"0\" eb=\"1\"><t>fonetik</t></rPh><phoneticPr fontId=\"1\"/></si>"
             "<si><t>baris_x000D__x000A_dua</t></si><si><t/></si>");
    expect_rows("1 A=s:Kota Banjarbaru|B=s:Dinas Kesehatan|C=s:inline|D=s:|E=s:a b\n"
                "2 A=n:87.59|B=n:0.001|C=b:TRUE|D=e:#N/A|E=-:|F=s:\n"
                "3 A=s:teks|B=n:90.31|C=s:baris\r\ndua|D=s:\n");
}

/* openpyxl and other writers may leave out r=: the previous cell's column + 1, the row
 * counter. Namespace prefixes must not matter either. */
static void test_missing_refs(void **state)
{
    (void)state;
    raw_book("<sheetData><row><c t=\"inlineStr\"><is><t>a</t></is></c><c><v>1</v></c></row>"
             "<row><c r=\"C2\"><v>2</v></c><c><v>3</v></c></row>"
             "<row r=\"5\"><c><v>5</v></c></row><row><c r=\"B6\"><v>6</v></c></row>"
             "</sheetData>",
             NULL);
    expect_rows("1 A=s:a|B=n:1\n2 C=n:2|D=n:3\n5 A=n:5\n6 B=n:6\n");

    static const char wbx[] =
        "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:rel=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<x:sheets><x:sheet name=\"Data\" sheetId=\"1\" rel:id=\"rId1\"/></x:sheets>"
        "</x:workbook>";
    static const char sh[] =
        "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<x:sheetData><x:row r=\"1\"><x:c r=\"A1\"><x:v>1</x:v></x:c></x:row>"
        "<x:row r=\"2\"><x:c r=\"B2\"><x:v>2</x:v></x:c></x:row></x:sheetData>"
        "<x:mergeCells><x:mergeCell ref=\"A1:A3\"/></x:mergeCells></x:worksheet>";
    part parts[] = {{"xl/workbook.xml", wbx, 0},
                    {"xl/_rels/workbook.xml.rels", RELS, 0},
                    {"xl/worksheets/sheet1.xml", sh, 0}};
    write_zip(parts, 3, 0, NULL);
    expect_rows("1 A=n:1\n2 A=n:1|B=n:2\n3 A=n:1\n");
}

/* A value merged down over several rows is given on each of them, in the first column;
 * rows the file leaves out inside the merge appear; merges across columns change nothing. */
static void test_merged_down(void **state)
{
    (void)state;
    raw_book("<sheetData>"
             "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Kalsel</t></is></c>"
             "<c r=\"B2\" t=\"inlineStr\"><is><t>Kota Banjarbaru</t></is></c>"
             "<c r=\"C2\"><v>1</v></c></row>"
             "<row r=\"3\"><c r=\"A3\" s=\"1\"/><c r=\"B3\" s=\"1\"/><c r=\"C3\"><v>2</v></c></row>"
             "<row r=\"5\"><c r=\"A5\" s=\"1\"/><c r=\"B5\" t=\"inlineStr\"><is><t>Kab. Tapin</t>"
             "</is></c><c r=\"C5\"><v>3</v></c></row>"
             "<row r=\"6\"><c r=\"C6\"><v>4</v></c></row>"
             "<row r=\"8\"><c r=\"D8\"><v>8</v></c><c r=\"E8\"><v>9</v></c></row>"
             "</sheetData><mergeCells count=\"4\"><mergeCell ref=\"A2:A7\"/>"
             "<mergeCell ref=\"B2:B4\"/><mergeCell ref=\"B5:C5\"/><mergeCell ref=\"D8:D9\"/>"
             "</mergeCells><pageMargins left=\"0.7\"/>",
             NULL);
    expect_rows("2 A=s:Kalsel|B=s:Kota Banjarbaru|C=n:1\n"
                "3 A=s:Kalsel|B=s:Kota Banjarbaru|C=n:2\n"
                "4 A=s:Kalsel|B=s:Kota Banjarbaru\n"
                "5 A=s:Kalsel|B=s:Kab. Tapin|C=n:3\n"
                "6 A=s:Kalsel|C=n:4\n"
                "7 A=s:Kalsel\n"
                "8 D=n:8|E=n:9\n"
                "9 D=n:8\n");
}

/* The rows read (merges filled in) before a failure, then the failure, under the scanner. */
static void expect_rows_then(const char *want_rows, size_t stop_after, const char *want_msg)
{
    dump *d = malloc(sizeof *d);
    kp_error err;
    kp_error_clear(&err);
    d->stop_after = stop_after;
    kp_status st = read_with(d, false, &err);
    bool same = strcmp(d->text, want_rows) == 0;
    if (!same)
        print_error("got:\n%s", d->text);
    free(d);
    assert_true(same);
    if (!want_msg)
        assert_int_equal(st, KP_OK);
    else if (st != KP_ERR_DATA || !strstr(err.msg, want_msg))
        fail_msg("status %d, message \"%s\", want \"%s\"", st, err.msg, want_msg);
}

/* Merges are found while the cells are read: the rows they fill are given up to a failure,
 * or to where the reader stops, as when they were found first; a merge's own failure comes
 * before a later one of the cells. */
static void test_merged_down_then(void **state)
{
    (void)state;
    static const char *const merges = "<mergeCells><mergeCell ref=\"A2:A6\"/></mergeCells>";
    char body[1 << 15];
    snprintf(body, sizeof body,
             "<sheetData><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
             "<row r=\"3\"><c r=\"B3\"><v>1</v></c></row>"
             "<row r=\"5\"><c r=\"B5\"><v>1,5</v></c></row></sheetData>%s",
             merges);
    raw_book(body, NULL);
    expect_rows_then("2 A=s:x\n3 A=s:x|B=n:1\n4 A=s:x\n", 0, "angka \"1,5\" tidak sah");
    snprintf(body, sizeof body,
             "<sheetData><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
             "<row r=\"4\"><c r=\"B4\"><v>1</v></c><c r=\"B4\"><v>2</v></c></row>"
             "</sheetData>%s",
             merges);
    raw_book(body, NULL);
    expect_rows_then("2 A=s:x\n3 A=s:x\n", 0, "sel B4 tercantum dua kali");
    snprintf(body, sizeof body,
             "<sheetData><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
             "<row r=\"4\"><c r=\"B4\"><v>1</v></c></row><row r=\"3\"><c r=\"B3\"><v>1</v>"
             "</c></row></sheetData>%s",
             merges);
    raw_book(body, NULL);
    expect_rows_then("2 A=s:x\n3 A=s:x\n4 A=s:x|B=n:1\n", 0, "tidak urut");
    snprintf(body, sizeof body,
             "<sheetData><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
             "<row r=\"3\"/></sheetData>%s",
             merges);
    raw_book(body, NULL);
    expect_rows_then("2 A=s:x\n3 A=s:x\n4 A=s:x\n5 A=s:x\n6 A=s:x\n", 0, NULL);
    expect_rows_then("2 A=s:x\n3 A=s:x\n4 A=s:x\n", 3, NULL);

    /* 257 merges running down at once, and a bad cell after them */
    size_t len = (size_t)snprintf(body, sizeof body, "<sheetData><row r=\"1\">");
    for (int i = 0; i < 257; i++)
        len += (size_t)snprintf(body + len, sizeof body - len, "<c><v>%d</v></c>", i);
    len += (size_t)snprintf(body + len, sizeof body - len,
                            "</row><row r=\"3\"><c><v>x</v></c></row></sheetData><mergeCells>");
    for (int i = 0; i < 257; i++) {
        char a[XLSXIN_REF_MAX], b[XLSXIN_REF_MAX];
        xlsxin_cell_ref((uint32_t)i, 1, a, sizeof a);
        xlsxin_cell_ref((uint32_t)i, 2, b, sizeof b);
        len += (size_t)snprintf(body + len, sizeof body - len, "<mergeCell ref=\"%s:%s\"/>", a, b);
    }
    snprintf(body + len, sizeof body - len, "</mergeCells>");
    raw_book(body, NULL);
    expect_rows_then("", 0, "baris 1: lebih dari 256 sel gabungan bersamaan");
}

static void test_zip64(void **state)
{
    (void)state;
    raw_book_opt("<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                 "<c r=\"B1\"><v>92</v></c></row></sheetData>",
                 "<si><t>Zip64</t></si>", 1);
    expect_rows("1 A=s:Zip64|B=n:92\n");
    assert_true(xlsxin_sniff(path));
}

static void test_open_mem(void **state)
{
    (void)state;
    raw_book("<sheetData><row r=\"3\"><c r=\"B3\"><v>7</v></c></row></sheetData>", NULL);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char data[1 << 16];
    size_t n = fread(data, 1, sizeof data, f);
    fclose(f);
    xlsxin *x = NULL;
    kp_error err;
    assert_int_equal(xlsxin_open_mem(data, n, "mem.xlsx", &x, &err), KP_OK);
    dump *d = calloc(1, sizeof *d);
    assert_int_equal(xlsxin_sheet_rows(x, 0, collect, d, &err), KP_OK);
    assert_string_equal(d->text, "3 B=n:7\n");
    free(d);
    xlsxin_free(x);
    assert_int_equal(xlsxin_open_mem(data, 10, "mem.xlsx", &x, &err), KP_ERR_DATA);
    assert_string_equal(err.file, "mem.xlsx");
}

/* --- hostile and foreign files ---------------------------------------------------------- */

static void test_not_a_workbook(void **state)
{
    (void)state;
    write_file("tahun,provinsi\n2023,Kalsel\n", 27);
    assert_false(xlsxin_sniff(path));
    expect_refused("bukan arsip zip");
    write_file("", 0);
    expect_refused("berkas kosong");

    part plain[] = {{"word/document.xml", "<w/>", 0}};
    write_zip(plain, 1, 0, NULL);
    assert_false(xlsxin_sniff(path));
    expect_refused("bukan buku kerja .xlsx (berkas zip tanpa xl/workbook.xml)");

    part ods[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0},
                  {"content.xml", "<office:document-content/>", 0}};
    write_zip(ods, 2, 0, NULL);
    expect_refused("OpenDocument (.ods)");

    part xlsb[] = {{"xl/workbook.bin", "\x83\x01", 2}};
    write_zip(xlsb, 1, 0, NULL);
    expect_refused(".xlsb");

    unlink(path);
    expect_refused("berkas tidak ditemukan");
}

/* A minimal OLE2 compound file: header, one FAT sector, one directory sector. */
static void write_ole2(const char *const *names, size_t n)
{
    static unsigned char f[512 * 3];
    memset(f, 0, sizeof f);
    memcpy(f, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    f[24] = 0x3E, f[26] = 3, f[28] = 0xFE, f[29] = 0xFF, f[30] = 9, f[32] = 6;
    f[44] = 1;                      /* FAT sectors */
    f[48] = 1;                      /* first directory sector */
    memset(f + 56, 0xFF, 4);        /* no mini FAT */
    memset(f + 60, 0xFF, 8);        /* no DIFAT */
    memset(f + 76, 0xFF, 512 - 76); /* DIFAT: */
    memset(f + 76, 0, 4);           /* FAT in sector 0 */
    unsigned char *fat = f + 512, *d = f + 1024;
    memset(fat, 0xFF, 512);
    memcpy(fat, "\xFD\xFF\xFF\xFF\xFE\xFF\xFF\xFF", 8);
    for (size_t i = 0; i < n && i < 4; i++) {
        unsigned char *e = d + 128 * i;
        size_t len = strlen(names[i]);
        for (size_t k = 0; k < len; k++)
            e[2 * k] = (unsigned char)names[i][k];
        e[64] = (unsigned char)(2 * (len + 1));
        e[66] = i == 0 ? 5 : 2;
    }
    write_file(f, sizeof f);
}

static void test_old_and_encrypted(void **state)
{
    (void)state;
    const char *xls[] = {"Root Entry", "Workbook", "\x05SummaryInformation"};
    write_ole2(xls, 3);
    assert_false(xlsxin_sniff(path));
    expect_refused("format .xls lama");
    /* an octal escape has at most three digits, so "D" stays a letter */
    const char *enc[] = {"Root Entry", "\006DataSpaces", "EncryptionInfo", "EncryptedPackage"};
    write_ole2(enc, 4);
    expect_refused("buku kerja terenkripsi (berkata sandi)");

    /* a zip whose entries carry the encryption flag */
    part parts[] = {{"xl/workbook.xml", WB, 0}, {"xl/_rels/workbook.xml.rels", RELS, 0}};
    write_zip(parts, 2, 0, "rahasia");
    expect_refused("hapus kata sandinya");
}

static void test_zip_bomb(void **state)
{
    (void)state;
    /* 40 MB of spaces compress about 1000:1 */
    size_t n = (size_t)40 << 20;
    char *big = malloc(n + 64);
    assert_non_null(big);
    strcpy(big, "<worksheet><sheetData>");
    memset(big + 22, ' ', n - 22);
    strcpy(big + n - 26, "</sheetData></worksheet>");
    part parts[] = {{"xl/workbook.xml", WB, 0},
                    {"xl/_rels/workbook.xml.rels", RELS, 0},
                    {"xl/worksheets/sheet1.xml", big, 0}};
    write_zip(parts, 3, 0, NULL);
    free(big);
    expect_refused("bom zip");
}

/* XML the scanner must read as expat does (read_book compares the two on every test). */
static void test_scanner_xml(void **state)
{
    (void)state;
    raw_book("<!-- komentar --><sheetData xmlns:x=\"urn:x\">\r\n"
             "<row r='1' spans=\"1:3\"><c r='A1' t='inlineStr'><is><t>a &amp; b &lt;&gt; "
             "&quot;&apos; &#233;&#x41;</t></is></c>"
             "<c r=\"B1\" t=\"inlineStr\"><is><t><![CDATA[<tidak> & tag]]></t></is></c>"
             "<c r=\"C1\" t=\"inlineStr\"><is><t>dua\r\nbaris\rtiga</t></is></c></row>\n"
             "<x:row r=\"2\"><x:c r=\"A2\" t=\"s\" ><x:v> 0 </x:v></x:c><c r=\"B2\"/>"
             "<c r=\"C2\" s=\"1\" t=\"n\" ><v >1.5</v ></c><?pi data?></x:row>"
             "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><r><t>x</t></r><rPh><t>y</t></rPh>"
             "<r><t xml:space=\"preserve\"> z</t></r></is></c></row>"
             "</sheetData><mergeCells count=\"0\"/>",
             "<si><t>Kota &amp; Kab</t></si>");
    expect_rows("1 A=s:a & b <> \"' \xC3\xa9"
                "A|B=s:<tidak> & tag|C=s:dua\nbaris\ntiga\n"
                "2 A=s:Kota & Kab|C=n:1.5\n"
                "3 A=s:x z\n");
    /* what is not XML is refused by both */
    static const char *const bad[] = {
        "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData>",
        "<sheetData><row r=\"1\"><c r=\"A1\"><v>&#0;</v></c></row></sheetData>",
        ("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xC3</t></is></c></row>"
         "</sheetData>"),
        "<sheetData><row r=\"1\"><c r=A1><v>1</v></c></row></sheetData>",
        "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        raw_book(bad[i], NULL);
        expect_refused("XML");
    }
}

static void test_doctype(void **state)
{
    (void)state;
    static const char laughs[] =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
        "<workbook><sheets><sheet name=\"&lol3;\" r:id=\"rId1\"/></sheets></workbook>";
    part parts[] = {{"xl/workbook.xml", laughs, 0}, {"xl/_rels/workbook.xml.rels", RELS, 0}};
    write_zip(parts, 2, 0, NULL);
    expect_refused("DOCTYPE");

    static const char ext[] = "<?xml version=\"1.0\"?><!DOCTYPE sst SYSTEM \"file:///etc/passwd\">"
                              "<sst><si><t>&xxe;</t></si></sst>";
    static const char sheet[] = "<worksheet><sheetData/></worksheet>";
    part parts2[] = {{"xl/workbook.xml", WB, 0},
                     {"xl/_rels/workbook.xml.rels", RELS, 0},
                     {"xl/worksheets/sheet1.xml", sheet, 0},
                     {"xl/sharedStrings.xml", ext, 0}};
    write_zip(parts2, 4, 0, NULL);
    expect_refused("DOCTYPE");

    raw_book("<sheetData><row r=\"1\"><c r=\"A1\"><v>&undefined;</v></c></row></sheetData>", NULL);
    expect_refused("bukan XML yang sah");
}

/* Rows in order, their count, a stop: for sheets too large for the dump. */
typedef struct tally {
    size_t rows, stop_after;
    bool ordered;
} tally;

static bool tally_row(void *ud, uint32_t row, const xlsxin_cell *cells, size_t n)
{
    tally *t = ud;
    char want[16];
    snprintf(want, sizeof want, "%lu", (unsigned long)row);
    if (row != t->rows + 1 || n != 1 || strcmp(cells[0].text, want) != 0)
        t->ordered = false;
    t->rows++;
    return !(t->stop_after && t->rows == t->stop_after);
}

/* A sheet of n rows, row r holding the number r in A; bad_row (if not 0) holds "x" instead. */
static void many_rows_book(size_t n, size_t bad_row)
{
    size_t cap = n * 64 + 512, len = 0;
    char *sheet = malloc(cap);
    assert_non_null(sheet);
    len += (size_t)snprintf(sheet + len, cap - len,
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet "
                            "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
                            "main\"><sheetData>");
    for (size_t r = 1; r <= n; r++) {
        if (r == bad_row)
            len += (size_t)snprintf(sheet + len, cap - len,
                                    "<row r=\"%zu\"><c r=\"A%zu\"><v>x</v></c></row>", r, r);
        else
            len += (size_t)snprintf(sheet + len, cap - len,
                                    "<row r=\"%zu\"><c r=\"A%zu\"><v>%zu</v></c></row>", r, r, r);
    }
    len += (size_t)snprintf(sheet + len, cap - len, "</sheetData></worksheet>");
    part parts[] = {{"xl/workbook.xml", WB, 0},
                    {"xl/_rels/workbook.xml.rels", RELS, 0},
                    {"xl/worksheets/sheet1.xml", sheet, len}};
    write_zip(parts, 3, 0, NULL);
    free(sheet);
}

static kp_status tally_book(tally *t, bool expat, kp_error *err)
{
    xlsxin *x = NULL;
    kp_status st = xlsxin_open(path, &x, err);
    assert_int_equal(st, KP_OK);
    xlsxin_use_expat(x, expat);
    t->rows = 0;
    t->ordered = true;
    st = xlsxin_sheet_rows(x, 0, tally_row, t, err);
    xlsxin_free(x);
    return st;
}

/* Rows are parsed on a thread and handed over in batches: many batches keep their order, a
 * stop ends the reading with KP_OK even before a failure further down, and a failure comes
 * after every row before it, as when the sheet is read in line. */
static void test_many_rows(void **state)
{
    (void)state;
    kp_error err;
    for (int expat = 0; expat < 2; expat++) {
        many_rows_book(40000, 0);
        tally t = {0};
        assert_int_equal(tally_book(&t, expat, &err), KP_OK);
        assert_int_equal(t.rows, 40000);
        assert_true(t.ordered);
        t.stop_after = 30001;
        assert_int_equal(tally_book(&t, expat, &err), KP_OK);
        assert_int_equal(t.rows, 30001);

        many_rows_book(40000, 39999);
        t.stop_after = 0;
        kp_error_clear(&err);
        assert_int_equal(tally_book(&t, expat, &err), KP_ERR_DATA);
        assert_int_equal(t.rows, 39998);
        assert_true(t.ordered);
        assert_string_equal(err.file, path);
        assert_non_null(strstr(err.msg, "sel A39999"));
        t.stop_after = 20000;
        kp_error_clear(&err);
        assert_int_equal(tally_book(&t, expat, &err), KP_OK);
        assert_int_equal(t.rows, 20000);
        assert_string_equal(err.msg, "");
    }
}

static void test_sheet_limits(void **state)
{
    (void)state;
    /* the whole sheet as dimension is only a hint: read what is there */
    raw_book("<dimension ref=\"A1:XFD1048576\"/><sheetData><row r=\"1048576\">"
             "<c r=\"XFD1048576\"><v>1</v></c></row></sheetData>",
             NULL);
    expect_rows("1048576 XFD=n:1\n");
    raw_book("<dimension ref=\"A1:XFE1048577\"/><sheetData/>", NULL);
    expect_refused("dimensi \"A1:XFE1048577\"");
    raw_book("<sheetData><row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row></sheetData>", NULL);
    expect_refused("XFD1048576");
    raw_book("<sheetData><row r=\"1048577\"><c><v>1</v></c></row></sheetData>", NULL);
    expect_refused("1048576");
    raw_book("<sheetData><row r=\"5\"><c><v>1</v></c></row><row r=\"4\"><c><v>1</v></c></row>"
             "</sheetData>",
             NULL);
    expect_refused("tidak urut");
    raw_book("<sheetData><row r=\"5\"><c r=\"A5\"><v>1</v></c><c r=\"A5\"><v>1</v></c></row>"
             "</sheetData>",
             NULL);
    expect_refused("sel A5 tercantum dua kali");
    raw_book("<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c></row></sheetData>",
             "<si><t>satu</t></si>");
    expect_refused("string bersama nomor \"3\" tidak ada");
    raw_book("<sheetData><row r=\"1\"><c r=\"B1\"><v>12,5</v></c></row></sheetData>", NULL);
    expect_refused("sel B1: angka \"12,5\" tidak sah");
    raw_book("<sheetData><row r=\"1\"><c><v>1</v></c></row></sheetData>"
             "<mergeCells><mergeCell ref=\"A1:A2000000\"/></mergeCells>",
             NULL);
    expect_refused("rentang gabungan");

    /* a row of 1,025 values */
    size_t cap = 1 << 16;
    char *body = malloc(cap);
    size_t len = (size_t)snprintf(body, cap, "<sheetData><row r=\"1\">");
    for (int i = 0; i < 1025; i++)
        len += (size_t)snprintf(body + len, cap - len, "<c><v>%d</v></c>", i);
    snprintf(body + len, cap - len, "</row></sheetData>");
    raw_book(body, NULL);
    free(body);
    expect_refused("lebih dari 1024 sel berisi");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_format),  cmocka_unit_test(test_number_paths_agree),
        cmocka_unit_test(test_cell_ref),       cmocka_unit_test(test_libxlsxwriter_book),
        cmocka_unit_test(test_raw_kinds),      cmocka_unit_test(test_missing_refs),
        cmocka_unit_test(test_merged_down),    cmocka_unit_test(test_merged_down_then),
        cmocka_unit_test(test_zip64),          cmocka_unit_test(test_open_mem),
        cmocka_unit_test(test_not_a_workbook), cmocka_unit_test(test_old_and_encrypted),
        cmocka_unit_test(test_zip_bomb),       cmocka_unit_test(test_doctype),
        cmocka_unit_test(test_scanner_xml),    cmocka_unit_test(test_sheet_limits),
        cmocka_unit_test(test_many_rows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
