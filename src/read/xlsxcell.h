/*
 * xlsxcell.h - the text of a workbook's cells: numbers as Excel shows them, OOXML's _xHHHH_
 * escapes and A1 references.
 *
 * Pure functions of their arguments (no reader state), shared by the shared strings table,
 * the merge pass and the sheet reader. xlsxin.h gives the number and reference functions to
 * callers outside the reader (xlsxin_format_number, xlsxin_cell_ref).
 */
#ifndef KP_XLSXCELL_H
#define KP_XLSXCELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Excel holds at most 32,767 characters in a cell (under 100 KB of UTF-8): text beyond this
 * in one cell or shared string is refused. */
#define XLSXCELL_TEXT_MAX ((size_t)256 << 10)

/* The value of hex digit ch (either case), or -1. Inline: the XML scanner uses it too. */
static inline int xlsxcell_hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Excel writes characters XML cannot carry (a carriage return, other controls) as _x000D_,
 * and a literal "_x" as _x005F_x. Decodes them in s[0..n) in place; returns the new length
 * (never longer). NUL and lone surrogates stay as written. */
size_t xlsxcell_unescape(char *s, size_t n);

/* xlsxin_format_number (xlsxin.h): the number text s[0..len) as Excel shows it in a General
 * cell, into out (XLSXIN_NUMBER_MAX bytes); false (out "") when it is no finite decimal. */
bool xlsxcell_format_number(const char *s, size_t len, char *out);

/* xlsxin_cell_ref (xlsxin.h): the A1 reference of 0-based col and 1-based row into buf (cap
 * bytes, truncated). Returns buf. */
char *xlsxcell_ref(uint32_t col, uint32_t row, char *buf, size_t cap);

/*
 * Parses "K148" (or "K" / "148" alone when the part is absent: col or row then 0); col is
 * 1-based here. With end, *end is where the reference stops; without, it must fill s. False
 * when s is not a reference or lies beyond XFD1048576.
 */
bool xlsxcell_parse_ref(const char *s, uint32_t *col, uint32_t *row, const char **end);

/* A range "A1:B3" or a single cell ("$" allowed before each corner); both corners complete,
 * 1-based. False when s is neither. */
bool xlsxcell_parse_range(const char *s, uint32_t *c1, uint32_t *r1, uint32_t *c2, uint32_t *r2);

#endif
