/*
 * xlsxbook.h - the workbook plumbing the program's workbooks share (the recap of xlsx.h, the
 * input template of tplinput.h): a workbook over libxlsxwriter with its document properties,
 * the program's standard cell formats, one sticky write error, and the file's commit; and a
 * sheet writer that writes cells row by row and fits each column's width to what it holds.
 *
 * Writing goes on after a failed cell cheaply: the first libxlsxwriter error is kept in the
 * book and reported when it is closed, so writers need not check every cell. Files are
 * reproducible: the creation time comes from the caller and the zip entries carry
 * libxlsxwriter's fixed 1980 timestamps. A failed workbook leaves no file behind.
 */
#ifndef KP_XLSXBOOK_H
#define KP_XLSXBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xlsxwriter.h>

#include "model/decimal.h"
#include "util/error.h"

/* Author and company of a workbook's document properties when none is configured. */
#define XLSXBOOK_AUTHOR_DEFAULT "Ombudsman Republik Indonesia"

/* Columns a sheet writer measures; cells further right are written but not fitted. */
#define XLSXBOOK_MAX_COLS 32

/* Cap of a fitted column width: long names wrap to the next column rather than widen. */
#define XLSXBOOK_MAX_WIDTH 60.0

/* Document properties of a workbook; NULL strings are left out. */
typedef struct xlsxbook_props {
    const char *title;
    const char *subject;
    const char *author;
    const char *company;
    const char *keywords;
    const char *comments;
    long long epoch; /* creation time; <= 0 becomes 1 so the file stays reproducible */
} xlsxbook_props;

/* How a workbook is written. */
typedef struct xlsxbook_options {
    bool constant_memory; /* libxlsxwriter's row-by-row mode, for large workbooks */
    const char *tmpdir;   /* libxlsxwriter's temporary files; NULL: the system's */
    bool atomic;          /* written beside path and renamed into place when closed */
} xlsxbook_options;

typedef struct xlsxbook {
    lxw_workbook *wb;
    const char *path; /* the file the workbook becomes (not copied: outlives the book) */
    const char *file; /* the file libxlsxwriter writes: path, or tmp when atomic */
    char tmp[4096];   /* atomic: path.tmp-PID.xlsx, renamed to path when closed */
    lxw_error err;    /* first failed write, reported by xlsxbook_close */
    /* Standard formats: 14 pt bold title, bold, header (bold, filled, wrapped), 0.00,
     * signed 0.00, whole number, 0.0 %, wrapped text. Unused ones cost no bytes. */
    lxw_format *title, *bold, *head, *num, *signed_num, *count, *pct, *wrap;
} xlsxbook;

/*
 * Creates a workbook that becomes path when closed, with the properties set and the standard
 * formats added (before any of the caller's, in a fixed order). opt may be NULL (defaults).
 * KP_ERR_IO naming path when the file cannot be written or libxlsxwriter cannot create the
 * workbook; then bk holds nothing to close.
 */
kp_status xlsxbook_open(xlsxbook *bk, const char *path, const xlsxbook_props *props,
                        const xlsxbook_options *opt, kp_error *err);

/*
 * Writes the workbook to its file (renamed into place when atomic) and releases it. KP_ERR_IO
 * naming path with libxlsxwriter's reason when writing the file failed, or else when a write
 * noted in the book failed; the file is then removed.
 */
kp_status xlsxbook_close(xlsxbook *bk, kp_error *err);

/* Keeps e as the book's error unless it is LXW_NO_ERROR or an earlier error is kept. */
void xlsxbook_note(xlsxbook *bk, lxw_error e);

/*
 * Print setup shared by every sheet: A4 landscape, fit to one page wide, header rows
 * first_row..last_row repeated on each page, page numbers in the footer.
 */
void xlsxbook_print_setup(lxw_worksheet *ws, lxw_row_t first_row, lxw_row_t last_row);

/* Column width (Excel character units) that shows the UTF-8 text s without clipping. */
double xlsxbook_text_width(const char *s);

/* A worksheet written strictly in row order, as libxlsxwriter's constant-memory mode needs. */
typedef struct xlsxbook_sheet {
    xlsxbook *bk;
    lxw_worksheet *ws;
    char name[32];
    lxw_row_t row; /* next row to write */
    int n_cols;
    double width[XLSXBOOK_MAX_COLS];
    const char *last[XLSXBOOK_MAX_COLS]; /* the string last measured in each column */
} xlsxbook_sheet;

/*
 * Adds the worksheet name (cut to Excel's 31 bytes) to bk and points s at its first row.
 * false, with the error noted in bk, when the name is not valid or memory runs out.
 */
bool xlsxbook_sheet_open(xlsxbook *bk, xlsxbook_sheet *s, const char *name);

/* Widens column col to at least w (Excel character units). */
void xlsxbook_fit(xlsxbook_sheet *s, int col, double w);

/*
 * Writes v into column col of the current row, with format f (may be NULL), and fits the
 * column to it. NULL or "" writes nothing. A string pointer already measured last in the
 * column is not measured again (level sheets repeat the same names row after row).
 */
void xlsxbook_put_str(xlsxbook_sheet *s, int col, const char *v, lxw_format *f);

/* Writes v as a number formatted 0.00. */
void xlsxbook_put_dec(xlsxbook_sheet *s, int col, dec_t v);

/* Writes v as a whole number. */
void xlsxbook_put_int(xlsxbook_sheet *s, int col, long long v);

/* Writes part / whole (0 when whole is 0) as a percentage with one decimal. */
void xlsxbook_put_pct(xlsxbook_sheet *s, int col, size_t part, size_t whole);

/*
 * Writes the n header cells head[0..n-1] into the current row (two lines high, wrapped,
 * columns fitted between a number's width and a capped header width) and moves to the next.
 */
void xlsxbook_put_header(xlsxbook_sheet *s, const char *const *head, int n);

/* Writes title in bold into column 0 of the current row and moves to the next. */
void xlsxbook_section(xlsxbook_sheet *s, const char *title);

/* Sets the fitted width of every measured column, capped at XLSXBOOK_MAX_WIDTH. */
void xlsxbook_sheet_widths(xlsxbook_sheet *s);

/*
 * Conditional format f on rows r1..r2 of column col by the cell's text: equal to value (a
 * quoted string, e.g. "\"hijau\"") with LXW_CONDITIONAL_CRITERIA_EQUAL_TO, otherwise the text
 * criterion crit (e.g. containing value).
 */
void xlsxbook_cond_text(xlsxbook_sheet *s, lxw_row_t r1, lxw_row_t r2, int col, uint8_t crit,
                        const char *value, lxw_format *f);

/* Conditional format f on rows r1..r2 of column col where the number compares (crit) to 0. */
void xlsxbook_cond_num(xlsxbook_sheet *s, lxw_row_t r1, lxw_row_t r2, int col, uint8_t crit,
                       lxw_format *f);

#endif
