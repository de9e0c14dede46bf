/*
 * xlsx_read.c - xlsx-read: times the .xlsx cell reader alone on one workbook, its sheet XML
 * read by the scanner and by expat (xlsxin_use_expat), alternating, and prints the median of
 * each: what the scanner buys, without the column rules and checks of a full read.
 * Usage: xlsx-read [--runs N] BOOK.xlsx
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "read/xlsxin.h"

static bool count(void *ud, uint32_t row, const xlsxin_cell *cells, size_t n)
{
    (void)row;
    (void)cells;
    *(size_t *)ud += n;
    return true;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int runs = 3;
    if (argc == 4 && strcmp(argv[1], "--runs") == 0)
        runs = atoi(argv[2]);
    if ((argc != 2 && argc != 4) || runs < 1 || runs > 100) {
        fprintf(stderr, "usage: xlsx-read [--runs N] BOOK.xlsx\n");
        return 1;
    }
    const char *path = argv[argc - 1];
    double t[2][100];
    size_t cells = 0;
    for (int r = 0; r < runs; r++) {
        for (int expat = 0; expat < 2; expat++) {
            xlsxin *x = NULL;
            kp_error err;
            double t0 = now();
            if (xlsxin_open(path, &x, &err) != KP_OK) {
                fprintf(stderr, "%s: %s\n", err.file, err.msg);
                return 2;
            }
            xlsxin_use_expat(x, expat);
            cells = 0;
            if (xlsxin_sheet_rows(x, 0, count, &cells, &err) != KP_OK) {
                fprintf(stderr, "%s: %s\n", err.file, err.msg);
                return 2;
            }
            xlsxin_free(x);
            t[expat][r] = now() - t0;
        }
    }
    qsort(t[0], (size_t)runs, sizeof(double), cmp_double);
    qsort(t[1], (size_t)runs, sizeof(double), cmp_double);
    printf("cells %zu, median of %d: scanner %.3f s, expat %.3f s\n", cells, runs, t[0][runs / 2],
           t[1][runs / 2]);
    return 0;
}
