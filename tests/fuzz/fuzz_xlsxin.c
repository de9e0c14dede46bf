/*
 * fuzz_xlsxin.c - libFuzzer target for the .xlsx reader: any bytes as a workbook, opened from
 * memory (no temporary file) and every sheet streamed to the end. The reader must never
 * crash, leak or hit undefined behaviour, and every row it gives must keep its contract. Each
 * sheet is read by the scanner and by expat: a sheet expat reads, the scanner must read to the
 * same rows (compared by a hash of every row).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "read/xlsxin.h"

typedef struct seen {
    uint32_t last;
    uint64_t hash; /* FNV-1a over rows, columns, kinds and texts */
} seen;

static void mix(uint64_t *h, const void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ ((const unsigned char *)p)[i]) * 0x100000001B3ULL;
}

static bool check_row(void *ud, uint32_t row, const xlsxin_cell *cells, size_t n)
{
    seen *sn = ud;
    uint32_t *last = &sn->last;
    mix(&sn->hash, &row, sizeof row);
    if (row == 0 || row > XLSXIN_ROWS_MAX || row <= *last || n == 0 || n > XLSXIN_ROW_CELLS_MAX)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (cells[i].col >= XLSXIN_COLS_MAX || (i && cells[i - 1].col >= cells[i].col) ||
            strlen(cells[i].text) != cells[i].len || cells[i].kind > XLSXIN_NO_VALUE)
            abort();
        mix(&sn->hash, &cells[i].col, sizeof cells[i].col);
        mix(&sn->hash, &cells[i].kind, sizeof cells[i].kind);
        mix(&sn->hash, cells[i].text, cells[i].len + 1);
    }
    *last = row;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xlsxin *x = NULL;
    kp_error err;
    if (xlsxin_open_mem(data, size, "fuzz.xlsx", &x, &err) != KP_OK) {
        if (x || !err.msg[0])
            abort();
        return 0;
    }
    xlsxin *e = NULL;
    if (xlsxin_open_mem(data, size, "fuzz.xlsx", &e, &err) != KP_OK)
        abort(); /* opened once, opens again */
    xlsxin_use_expat(e, true);
    for (size_t i = 0; i < xlsxin_sheet_count(x); i++) {
        const char *name = xlsxin_sheet_name(x, i);
        if (!name || xlsxin_sheet_find(x, name) < 0)
            abort();
        seen fast = {0, 0xCBF29CE484222325ULL}, slow = fast;
        kp_status st = xlsxin_sheet_rows(x, i, check_row, &fast, &err);
        if (st != KP_OK && !err.msg[0])
            abort();
        if (xlsxin_sheet_rows(e, i, check_row, &slow, &err) == KP_OK &&
            (st != KP_OK || fast.hash != slow.hash))
            abort();
    }
    xlsxin_free(e);
    xlsxin_free(x);
    return 0;
}
