/*
 * diag.h - a list of problems found in the input: errors and warnings with their place.
 *
 * The reader does not stop at the first bad cell: a clerk fixing a file wants every problem
 * at once. Problems are collected here up to a cap; past it they are only counted, so that
 * the CLI can say "dan N kesalahan lain" without holding a million messages.
 */
#ifndef KP_DIAG_H
#define KP_DIAG_H

#include <stddef.h>

typedef enum diag_severity { DIAG_ERROR, DIAG_WARNING } diag_severity;

typedef struct diag_item {
    diag_severity sev;
    const char *file;  /* as the user named it */
    const char *sheet; /* a workbook's sheet: line is its row, col its column; NULL: a text file */
    int line;  /* 1-based physical line where the field starts (row of a sheet); 0 = whole file */
    int col;   /* 1-based field number (column of a sheet, A = 1); 0 = whole line */
    char *msg; /* Indonesian, no trailing newline */
} diag_item;

typedef struct diag_list diag_list;

/* Creates a list that keeps at most cap errors and cap warnings (cap 0: a default of 50). */
diag_list *diag_new(size_t cap);

/* Releases the list and its messages. NULL is allowed. */
void diag_free(diag_list *d);

/* Records a problem; file is copied. Past the cap it is only counted. */
void diag_add(diag_list *d, diag_severity sev, const char *file, int line, int col, const char *fmt,
              ...) __attribute__((format(printf, 6, 7)));

/* As diag_add, for a place in a workbook's sheet (sheet is copied; NULL: as diag_add). */
void diag_add_in(diag_list *d, diag_severity sev, const char *file, const char *sheet, int line,
                 int col, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/*
 * Writes a place as messages name it into buf (cap bytes) and returns buf: "FILE:LINE:COL",
 * "FILE:LINE" or "FILE" for a text file; "FILE:SHEET!K148" (col 11, row 148), "FILE:SHEET!148"
 * (a whole row) or "FILE:SHEET" in a workbook, the cell as the person sees it in Excel.
 * file may be NULL (then the place without it: "Data!148", "12:3"); 0 leaves a part out.
 */
char *diag_place(const char *file, const char *sheet, int line, int col, char *buf, size_t cap);

/* The item as main prints it: "PLACE: peringatan: message" (no "peringatan: " for an error;
 * no place when the item has no file). Returns buf. */
char *diag_format(const diag_item *it, char *buf, size_t cap);

/* Errors and warnings recorded, including those past the cap. */
size_t diag_errors(const diag_list *d);
size_t diag_warnings(const diag_list *d);

/* Number of kept items and the i-th of them, in the order they were added. */
size_t diag_count(const diag_list *d);
const diag_item *diag_get(const diag_list *d, size_t i);

/* Errors/warnings counted but not kept because of the cap. */
size_t diag_dropped(const diag_list *d, diag_severity sev);

/*
 * Sorts kept items by file (in order of first appearance), line, column - the order a clerk
 * reads them in - keeping the original order for equal places.
 */
void diag_sort(diag_list *d);

#endif
