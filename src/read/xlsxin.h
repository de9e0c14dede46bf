/*
 * xlsxin.h - reading the cells of an Excel workbook (.xlsx) as a stream of rows.
 *
 * Clerks keep their results in Excel; this reader lets the program take the .xlsx they have
 * instead of asking for a CSV export. It gives cell values as text the way Excel shows them
 * (numbers rounded to 15 significant digits, booleans TRUE/FALSE, error values like #N/A),
 * row by row, without ever holding a sheet's XML in memory: a 1,000,000-row sheet costs the
 * same few megabytes as a small one. Only the shared strings table is kept in memory.
 *
 * The archive is read with minizip (Zip64 included), the XML with expat, but for the sheets'
 * cells, which a scanner made for them reads (xlsxin_use_expat). Files are treated as
 * hostile: anything that is not a plain .xlsx (another format, a password, a zip bomb, a DTD,
 * cells beyond XFD1048576, more than XLSXIN_ROW_CELLS_MAX values in a row) is refused with
 * KP_ERR_DATA and an Indonesian message naming the file and saying what to do. Out of memory
 * is KP_ERR_IO. Nothing is printed.
 *
 * Merged cells: a value merged over several rows (an instansi typed once for its units) is
 * given on every row of the merge, in the merge's first column. Merges across columns only
 * are ignored. Dates and styles are not read: a date is its serial number.
 *
 * Numbers are parsed with strtod and formatted with snprintf, so LC_NUMERIC must be "C" (the
 * program never calls setlocale). An xlsxin is not thread-safe: give each thread its own.
 */
#ifndef KP_XLSXIN_H
#define KP_XLSXIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* Excel's limits: columns A..XFD, rows 1..1048576. */
#define XLSXIN_COLS_MAX 16384u
#define XLSXIN_ROWS_MAX 1048576u
/* Non-empty cells a row may hold: a result row has a dozen; a row of 16,384 values is an
 * attack or a mistake, refused before it costs memory. */
#define XLSXIN_ROW_CELLS_MAX 1024u
/* Room xlsxin_format_number needs, terminating NUL included. */
#define XLSXIN_NUMBER_MAX 48
/* Room xlsxin_cell_ref needs for any cell ("XFD1048576" and NUL). */
#define XLSXIN_REF_MAX 12

/* An open workbook. */
typedef struct xlsxin xlsxin;

/* True when the file is a zip archive holding xl/workbook.xml, judged by content (whatever
 * its name). Never fails: false for anything unreadable. */
bool xlsxin_sniff(const char *path);

/*
 * Opens a workbook: reads workbook.xml, its relationships and the shared strings. On success
 * *out is the workbook (release with xlsxin_free); on failure *out is NULL and err names the
 * file: KP_ERR_DATA for a missing or unreadable file and every content problem (another
 * format, encrypted, damaged, too large), KP_ERR_IO when memory runs out.
 */
kp_status xlsxin_open(const char *path, xlsxin **out, kp_error *err);

/*
 * As xlsxin_open, for a workbook already in memory (size bytes at data, which must stay
 * valid until xlsxin_free); name is what messages call it. For the fuzz target and tests.
 */
kp_status xlsxin_open_mem(const void *data, size_t size, const char *name, xlsxin **out,
                          kp_error *err);

/* Closes the workbook and releases everything it holds. NULL is allowed. */
void xlsxin_free(xlsxin *x);

/* Sheets in workbook order (the order of the tabs). */
size_t xlsxin_sheet_count(const xlsxin *x);
/* Name of sheet i (< xlsxin_sheet_count), as Excel shows it on the tab. */
const char *xlsxin_sheet_name(const xlsxin *x, size_t i);
/* False for sheets with state "hidden" or "veryHidden". */
bool xlsxin_sheet_visible(const xlsxin *x, size_t i);
/* Index of the sheet called name, compared as Excel does (ASCII case ignored); -1 if none. */
int xlsxin_sheet_find(const xlsxin *x, const char *name);

typedef enum xlsxin_kind {
    XLSXIN_STRING,  /* text (shared, inline or a formula's text result) */
    XLSXIN_NUMBER,  /* a number as Excel shows it: "87.59", "2023", "0.001" */
    XLSXIN_BOOL,    /* "TRUE" or "FALSE" */
    XLSXIN_ERROR,   /* an error value: "#N/A", "#DIV/0!" */
    XLSXIN_NO_VALUE /* a formula never calculated (no cached value); text is "" */
} xlsxin_kind;

/* One non-empty cell. text is NUL-terminated (len excludes the NUL) and valid only during
 * the callback that receives it. An empty string cell (="" or an empty inline string) is a
 * STRING cell with len 0. */
typedef struct xlsxin_cell {
    uint32_t col; /* 0-based: A = 0 */
    xlsxin_kind kind;
    const char *text;
    size_t len;
} xlsxin_cell;

/* Called once per non-empty row in sheet order; row is Excel's 1-based row number; cells are
 * sorted by col, only non-empty ones (n >= 1). Return false to stop. */
typedef bool (*xlsxin_row_fn)(void *ud, uint32_t row, const xlsxin_cell *cells, size_t n);

/*
 * Streams the rows of sheet (< xlsxin_sheet_count) to fn. Returns KP_OK when the sheet was
 * read to its end or fn returned false; otherwise err says what is wrong and where
 * ("lembar \"Data\" sel K148: ..."). A sheet that holds no cells (a chart sheet) gives no rows.
 * The sheet's entry is inflated twice at once (merges are listed after the cells: they are
 * collected on the calling thread while the cells are parsed on another), never held whole.
 */
kp_status xlsxin_sheet_rows(xlsxin *x, size_t sheet, xlsxin_row_fn fn, void *ud, kp_error *err);

/*
 * Which parser reads the sheets: a scanner made for their cells (the default; several times
 * faster) or expat, which reads every other part. Both give the same rows and the same
 * refusals of hostile XML (a DTD, an undefined entity, bad UTF-8); their messages for damaged
 * XML differ. For the tests and the fuzzer, which compare the two.
 */
void xlsxin_use_expat(xlsxin *x, bool expat);

/* Writes the A1 reference of a cell ("K148" for col 10, row 148) into buf (cap bytes,
 * truncated if too small; XLSXIN_REF_MAX always suffices). Returns buf. */
char *xlsxin_cell_ref(uint32_t col, uint32_t row, char *buf, size_t cap);

/*
 * Formats the number text of a cell (len bytes at s, as stored in the file: "87.590000000000003",
 * "1E-3") the way Excel shows it in a General cell: rounded to 15 significant digits, trailing
 * zeros trimmed, no exponent when the decimal exponent is between -20 and 20 ("0.001",
 * "100000000000000000000"), else Excel's form ("1.5E+308"). out has XLSXIN_NUMBER_MAX bytes.
 * Returns false (out is "") when s is not a finite decimal number.
 */
bool xlsxin_format_number(const char *s, size_t len, char *out);

#endif
