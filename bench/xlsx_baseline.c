/*
 * xlsx_baseline.c - what the recap workbook costs over libxlsxwriter itself, on real input.
 *
 * Reads CSV files the way the CLI does (rubrics from templates/rubrik, csvin_read_file,
 * check_finish, agg_build_consume, and cmp_build when the previous year is present), then times, on
 * that one model:
 *
 *   workbook  xlsx_write_rekap(), every sheet, exactly what the CLI's `rekap` stage runs;
 *   bare      a loop of plain libxlsxwriter calls writing the cells of the SKPD sheet, the
 *             level that grows with the input: the title cell, the header row (its height and
 *             cells), and for every unit the same strings, numbers and formats in the same
 *             cells as xlsx.c (empty strings and absent components left out, a new numbered
 *             sheet at Excel's row limit), with the same workbook options (constant-memory
 *             mode above XLSX_CONSTANT_MEMORY_ROWS units, zip64) and the same formats. It does
 *             not write the other sheets, column widths, autofilter, conditional formats,
 *             print setup or document properties.
 *
 * The two alternate (which goes first changes every run) after one warm-up of each; each
 * run prints a line and the last line gives the medians and their ratio.
 *
 * Usage: xlsx-baseline [--runs N] [--tahun YEAR] [--out DIR] INPUT.csv...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "model/agg.h"
#include "model/cmp.h"
#include "model/names.h"
#include "model/check.h"
#include "read/csvin.h"
#include "render/xlsx.h"
#include "util/diag.h"

#define MAX_RUNS 99

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Starts a SKPD sheet (part 1, 2, ...) as table_part_open() in xlsx.c does. */
static lxw_worksheet *skpd_sheet(lxw_workbook *wb, int part, const agg_year *y, lxw_format *title,
                                 lxw_format *head)
{
    char name[32], text[256];
    if (part == 1)
        snprintf(name, sizeof(name), "SKPD");
    else
        snprintf(name, sizeof(name), "SKPD (%d)", part);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws)
        return NULL;
    snprintf(text, sizeof(text), "Nilai per unit layanan (SKPD), tahun %d", y->tahun);
    if (part > 1) {
        size_t n = strlen(text);
        snprintf(text + n, sizeof(text) - n, " (lanjutan, bagian %d)", part);
    }
    worksheet_write_string(ws, 0, 0, text, title);
    const rubric *r = y->rubric;
    const char *cols[64];
    int n = 0;
    cols[n++] = "Provinsi";
    cols[n++] = "Instansi";
    cols[n++] = "Kode instansi";
    cols[n++] = "Jenis";
    cols[n++] = "Unit layanan (SKPD)";
    for (int k = 0; k < r->n_comp; k++)
        cols[n++] = r->comp[k].label;
    cols[n++] = "Nilai";
    cols[n++] = "Kategori";
    cols[n++] = "Predikat";
    cols[n++] = "Zona";
    cols[n++] = "Peringkat dalam instansi";
    cols[n++] = "Dari";
    worksheet_set_row(ws, 1, 30, NULL);
    for (int c = 0; c < n; c++)
        worksheet_write_string(ws, 1, (lxw_col_t)c, cols[c], head);
    return ws;
}

static void str(lxw_worksheet *ws, lxw_row_t row, int col, const char *v)
{
    if (v && *v)
        worksheet_write_string(ws, row, (lxw_col_t)col, v, NULL);
}

/* The SKPD cells of year y with nothing else around them; seconds, or -1 on failure. */
static double bare_loop(const agg_year *y, const char *path)
{
    double t0 = now();
    lxw_workbook_options o = {.constant_memory =
                                  y->n_units > XLSX_CONSTANT_MEMORY_ROWS ? LXW_TRUE : LXW_FALSE,
                              .use_zip64 = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(path, &o);
    if (!wb)
        return -1;
    /* xlsx.c's formats, in its order, so that the cells carry the same style indices. */
    lxw_format *title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_bold(workbook_add_format(wb));
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xD9E1F2);
    format_set_bottom(head, LXW_BORDER_THIN);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_VERTICAL_TOP);
    lxw_format *num = workbook_add_format(wb);
    format_set_num_format(num, "0.00");
    format_set_num_format(workbook_add_format(wb), "+0.00;-0.00;0.00");
    lxw_format *count = workbook_add_format(wb);
    format_set_num_format(count, "0");

    const rubric *r = y->rubric;
    int part = 1;
    lxw_worksheet *ws = skpd_sheet(wb, part, y, title, head);
    lxw_row_t row = 2;
    for (size_t i = 0; ws && i < y->n_instansi; i++) {
        const agg_instansi *in = &y->instansi[i];
        const char *jenis = names_jenis_str(in->jenis);
        for (size_t j = 0; ws && j < in->n_units; j++) {
            const agg_unit *u = &in->units[j];
            if (row >= XLSX_EXCEL_MAX_ROWS) {
                ws = skpd_sheet(wb, ++part, y, title, head);
                row = 2;
                if (!ws)
                    break;
            }
            str(ws, row, 0, in->provinsi->nama);
            str(ws, row, 1, in->nama);
            str(ws, row, 2, in->kode);
            str(ws, row, 3, jenis);
            str(ws, row, 4, u->nama);
            int c = 5;
            for (int k = 0; k < r->n_comp; k++, c++)
                if (u->comp_mask & (1u << k))
                    worksheet_write_number(ws, row, (lxw_col_t)c, dec_to_double(u->comp[k]), num);
            worksheet_write_number(ws, row, (lxw_col_t)c++, dec_to_double(u->nilai), num);
            str(ws, row, c++, r->ada_kategori ? u->band->kategori : "");
            str(ws, row, c++, u->band->predikat);
            str(ws, row, c++, rubric_zona_name(u->band->zona));
            worksheet_write_number(ws, row, (lxw_col_t)c++, (double)u->peringkat, count);
            worksheet_write_number(ws, row, (lxw_col_t)c, (double)in->n_units, count);
            row++;
        }
    }
    lxw_error e = workbook_close(wb);
    if (!ws || e != LXW_NO_ERROR)
        return -1;
    return now() - t0;
}

static double timed_book(const render_ctx *ctx)
{
    kp_error err;
    double t0 = now();
    if (xlsx_write_rekap(ctx, NULL, &err) != KP_OK) {
        fprintf(stderr, "%s: %s\n", err.file, err.msg);
        return -1;
    }
    return now() - t0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int usage(void)
{
    fprintf(stderr, "usage: xlsx-baseline [--runs N] [--tahun YEAR] [--out DIR] INPUT.csv...\n");
    return 2;
}

/* Rubrics, input, checks and model exactly as src/cli/pipeline.c builds them. */
static int load(char **files, int n_files, rubric_set *rubrics, rows_data **data, agg_model **model)
{
    kp_error err = {0};
    diag_list *diags = diag_new(100);
    *data = rows_data_new();
    if (!diags || !*data) {
        diag_free(diags);
        fprintf(stderr, "xlsx-baseline: out of memory\n");
        return 1;
    }
    kp_status st = rubric_set_load_dir(rubrics, KP_SOURCE_DIR "/templates/rubrik", &err);
    csvin_options copt = {0};
    for (int i = 0; st == KP_OK && i < n_files; i++)
        st = csvin_read_file(*data, files[i], &copt, rubrics, diags, &err);
    if (st == KP_OK)
        st = check_finish(*data, NULL, diags, &err);
    size_t n_err = diag_errors(diags);
    for (size_t i = 0; i < diag_count(diags) && n_err; i++) {
        const diag_item *d = diag_get(diags, i);
        fprintf(stderr, "%s:%d: %s\n", d->file ? d->file : "", d->line, d->msg);
    }
    diag_free(diags);
    if (st == KP_OK && n_err)
        return 1;
    if (st == KP_OK)
        st = agg_build_consume(*data, rubrics, model, &err);
    if (st != KP_OK) {
        fprintf(stderr, "%s:%d: %s\n", err.file, err.line, err.msg);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int runs = 5, tahun = 0, argi = 1;
    const char *dir = "/tmp";
    for (; argi < argc && argv[argi][0] == '-'; argi += 2) {
        if (argi + 1 >= argc)
            return usage();
        if (strcmp(argv[argi], "--runs") == 0)
            runs = atoi(argv[argi + 1]);
        else if (strcmp(argv[argi], "--tahun") == 0)
            tahun = atoi(argv[argi + 1]);
        else if (strcmp(argv[argi], "--out") == 0)
            dir = argv[argi + 1];
        else
            return usage();
    }
    if (argi >= argc || runs < 1 || runs > MAX_RUNS)
        return usage();

    rubric_set rubrics = {0};
    rows_data *data = NULL;
    agg_model *model = NULL;
    cmp_result *cmp = NULL;
    int rc = load(argv + argi, argc - argi, &rubrics, &data, &model);
    const agg_year *y = NULL;
    if (rc == 0) {
        y = tahun ? agg_year_find(model, tahun) : &model->years[model->n_years - 1];
        if (!y) {
            fprintf(stderr, "xlsx-baseline: no year %d in the input\n", tahun);
            rc = 1;
        }
    }
    kp_error err;
    if (rc == 0 && agg_year_find(model, y->tahun - 1) &&
        cmp_build(model, y->tahun, y->tahun - 1, NULL, &cmp, &err) != KP_OK) {
        fprintf(stderr, "%s: %s\n", err.file, err.msg);
        rc = 1;
    }
    if (rc == 0) {
        render_ctx ctx = {
            .model = model, .year = y, .cmp = cmp, .out_dir = dir, .version = "bench", .epoch = 1};
        char path[512];
        snprintf(path, sizeof(path), "%s/xlsx-baseline.xlsx", dir);
        double book[MAX_RUNS], bare[MAX_RUNS];
        /* Run 0 is the warm-up (page cache, allocator, the library's first-use costs). */
        for (int i = 0; i <= runs && rc == 0; i++) {
            double b, w;
            if (i % 2) {
                b = bare_loop(y, path);
                w = timed_book(&ctx);
            } else {
                w = timed_book(&ctx);
                b = bare_loop(y, path);
            }
            if (w < 0 || b < 0) {
                if (b < 0)
                    fprintf(stderr, "%s: the bare loop failed\n", path);
                rc = 1;
                break;
            }
            if (i == 0)
                continue;
            book[i - 1] = w;
            bare[i - 1] = b;
            printf("run %d: workbook %.3f s, bare %.3f s\n", i, w, b);
        }
        if (rc == 0) {
            double mw = median(book, runs), mb = median(bare, runs);
            printf("units %zu, year %d%s, median of %d: workbook %.3f s, bare loop %.3f s, "
                   "ratio %.3f\n",
                   y->n_units, y->tahun, cmp ? " with comparison" : "", runs, mw, mb, mw / mb);
        }
    }
    cmp_free(cmp);
    agg_free(model);
    rows_data_free(data);
    rubric_set_free(&rubrics);
    return rc;
}
