/*
 * xlsx_from_csv.c - xlsx-from-csv: writes the rows of a CSV file (as kp-gen makes them) into
 * one sheet "Data" of a workbook, for the benchmark's .xlsx scenarios: the same data read as
 * CSV and as a workbook. Numbers become number cells, the kode column and names text.
 * Usage: xlsx-from-csv [--inline] IN.csv OUT.xlsx
 * Text goes to the shared strings table as Excel writes it; --inline writes inline strings
 * instead (libxlsxwriter's constant-memory mode, as openpyxl does), the only way to write a
 * million rows without holding them all.
 */
#include <csv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

typedef struct conv {
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_col_t col;
    int kode_col; /* the kode column stays text (63.10 is not 63.1) */
    bool failed;
} conv;

static bool is_number(const char *s, size_t n)
{
    if (n == 0 || n > 30)
        return false;
    bool dot = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' && !dot)
            dot = true;
        else if (s[i] < '0' || s[i] > '9')
            return false;
    }
    return s[0] != '.' && s[n - 1] != '.';
}

static void on_field(void *s, size_t n, void *ud)
{
    conv *c = ud;
    char buf[1024];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (c->row == 0 && strcmp(buf, "kode") == 0)
        c->kode_col = (int)c->col;
    lxw_error e = LXW_NO_ERROR;
    if (n == 0)
        ; /* an empty field is no cell */
    else if (c->row > 0 && (int)c->col != c->kode_col && is_number(buf, n))
        e = worksheet_write_number(c->ws, c->row, c->col, strtod(buf, NULL), NULL);
    else
        e = worksheet_write_string(c->ws, c->row, c->col, buf, NULL);
    c->failed |= e != LXW_NO_ERROR;
    c->col++;
}

static void on_record(int ch, void *ud)
{
    conv *c = ud;
    (void)ch;
    c->row++;
    c->col = 0;
}

int main(int argc, char **argv)
{
    bool inline_strings = argc == 4 && strcmp(argv[1], "--inline") == 0;
    if (argc != 3 + inline_strings) {
        fprintf(stderr, "usage: xlsx-from-csv [--inline] IN.csv OUT.xlsx\n");
        return 1;
    }
    const char *in = argv[1 + inline_strings], *out = argv[2 + inline_strings];
    FILE *f = fopen(in, "rb");
    if (!f) {
        perror(in);
        return 1;
    }
    lxw_workbook_options wo = {.constant_memory = inline_strings ? LXW_TRUE : LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(out, &wo);
    conv c = {.ws = wb ? workbook_add_worksheet(wb, "Data") : NULL, .kode_col = -1};
    struct csv_parser p;
    if (!c.ws || csv_init(&p, CSV_APPEND_NULL) != 0) {
        fprintf(stderr, "xlsx-from-csv: out of memory\n");
        return 1;
    }
    static char buf[1 << 16];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0 && !c.failed)
        if (csv_parse(&p, buf, got, on_field, on_record, &c) != got)
            c.failed = true;
    csv_fini(&p, on_field, on_record, &c);
    csv_free(&p);
    fclose(f);
    if (workbook_close(wb) != LXW_NO_ERROR || c.failed) {
        fprintf(stderr, "xlsx-from-csv: cannot write %s\n", out);
        return 1;
    }
    return 0;
}
