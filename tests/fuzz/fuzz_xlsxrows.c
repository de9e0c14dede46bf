/*
 * fuzz_xlsxrows.c - libFuzzer target for a workbook's sheet read as result rows: any bytes as
 * an .xlsx file through xlsxrows_read_file (sheet choice, cells to fields, the CSV column
 * rules) and the checks across rows, as `kepatuhan periksa` reads it. Never a crash, a leak
 * or undefined behaviour; every row added keeps the input contract (model/rows.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../unit/agg_fixture.h"
#include "fuzz_memfile.h"
#include "model/check.h"
#include "read/xlsxrows.h"

static rubric_set set;
static fuzz_memfile input;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    set = fx_rubrics();
    fuzz_memfile_open(&input, "fuzz_xlsxrows");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_memfile_write(&input, data, size);
    const char *path = input.path;
    rows_data *d = rows_data_new();
    diag_list *diags = diag_new(0);
    kp_error err;
    if (!d || !diags || check_begin(d, NULL, &err) != KP_OK)
        abort();
    /* odd sizes name the sheet, as --lembar does */
    kp_status st = xlsxrows_read_file(d, path, (size & 1) ? "Data" : NULL, NULL, &set, diags, &err);
    if (st != KP_OK && !err.msg[0])
        abort();
    if (st == KP_OK && check_finish(d, NULL, diags, &err) != KP_OK)
        abort();
    for (size_t i = 0; i < d->n_rows; i++) {
        const rows_row *row = &d->rows[i];
        if (!row->instansi || !row->provinsi || row->line == 0 || row->line > 1048576 ||
            (!row->ada_nilai && row->comp_mask == 0))
            abort();
    }
    for (size_t i = 0; i < diag_count(diags); i++)
        if (!diag_get(diags, i)->msg)
            abort();
    diag_free(diags);
    rows_data_free(d);
    return 0;
}
