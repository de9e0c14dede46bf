/*
 * fuzz_csvin.c - libFuzzer target for the CSV reader: any bytes as an input file, read and
 * checked against the 2022 (four components) and 2013 (nilai only) methods. The reader must
 * never crash, leak or hit undefined behaviour, whatever the file holds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../unit/agg_fixture.h"
#include "fuzz_memfile.h"
#include "model/check.h"
#include "read/csvin.h"

static rubric_set set;
static fuzz_memfile input;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    set = fx_rubrics();
    fuzz_memfile_open(&input, "fuzz_csvin");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_memfile_write(&input, data, size);
    const char *path = input.path;

    /* The same reading twice, the second with the checks on their own thread: they must
     * find the same problems. */
    rows_data *d = NULL;
    diag_list *diags = NULL;
    size_t errors = 0, warnings = 0;
    for (int background = 0; background < 2; background++) {
        if (d) {
            errors = diag_errors(diags);
            warnings = diag_warnings(diags);
            diag_free(diags);
            rows_data_free(d);
        }
        d = rows_data_new();
        diags = diag_new(0);
        kp_error err;
        if (!d || !diags)
            abort();
        if (background && check_begin(d, NULL, &err) != KP_OK)
            abort();
        if (csvin_read_file(d, path, NULL, &set, diags, &err) == KP_OK) {
            /* Read twice: the checks across files must hold when a file meets itself. */
            csvin_read_file(d, path, NULL, &set, diags, &err);
            check_finish(d, NULL, diags, &err);
        }
    }
    if (diag_errors(diags) != errors || diag_warnings(diags) != warnings)
        abort();
    for (size_t i = 0; i < d->n_rows; i++) {
        const rows_row *row = &d->rows[i];
        if (!row->instansi || !row->provinsi || row->line == 0 ||
            (!row->ada_nilai && row->comp_mask == 0))
            abort();
    }
    diag_free(diags);
    rows_data_free(d);
    return 0;
}
