/*
 * xlsxsst.h - a workbook's shared strings table (xl/sharedStrings.xml), held whole.
 *
 * Cells of type "s" name their text by its index in this table, so it is the one part kept in
 * memory while the sheets stream past: at most 8M strings and 256 MiB of text, each string at
 * most XLSXCELL_TEXT_MAX. A string is the text of its <t> elements (rich text runs joined,
 * phonetic runs <rPh> left out) with the _xHHHH_ escapes decoded.
 */
#ifndef KP_XLSXSST_H
#define KP_XLSXSST_H

#include <stddef.h>

#include "read/xlsxzip.h"
#include "util/error.h"

/* The table; zero-initialise it. Its fields belong to xlsxsst.c: string i is text + off[i],
 * NUL-terminated, its length off[i+1] - off[i] - 1. */
typedef struct xlsxsst {
    char *text;
    size_t len, cap;
    size_t *off;
    size_t n, offcap;
} xlsxsst;

/* Reads the strings of entry e into t (empty before). KP_ERR_DATA for bad XML or a table
 * over the limits, KP_ERR_IO when memory runs out; err names the workbook. */
kp_status xlsxsst_load(xlsxsst *t, xlsxzip *z, const xlsxzip_entry *e, kp_error *err);

/* Releases what t holds (not t itself). */
void xlsxsst_free(xlsxsst *t);

/* How many strings t holds. */
static inline size_t xlsxsst_count(const xlsxsst *t)
{
    return t->n;
}

/* String i (< xlsxsst_count) and its length in *len. */
static inline const char *xlsxsst_get(const xlsxsst *t, size_t i, size_t *len)
{
    *len = t->off[i + 1] - t->off[i] - 1;
    return t->text + t->off[i];
}

#endif
