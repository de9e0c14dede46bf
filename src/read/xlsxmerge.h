/*
 * xlsxmerge.h - the merged cells that run down over rows: found, then filled into the rows.
 *
 * A value merged over several rows (an instansi typed once for its units) is to be given on
 * every row of the merge, but <mergeCells> comes after all the cells. So the sheet's entry is
 * inflated once to collect the merges, without parsing the cells (on the reading thread, while
 * the cells are parsed on another: xlsxsheet.h), and the rows the parse gives are held until
 * then and pass through a feed that fills the merges in. Merges across columns only are
 * dropped: they fill nothing. At most 1,000,000 merges a sheet; a range that is no A1 range is
 * refused. Merges fill at most 64M cells, 256 running down at once.
 */
#ifndef KP_XLSXMERGE_H
#define KP_XLSXMERGE_H

#include <stddef.h>
#include <stdint.h>

#include "read/xlsxin.h"
#include "read/xlsxzip.h"
#include "util/error.h"

/* Vertical merge: the value of (r1, col) is given on rows r1+1 .. r2 too (1-based rows,
 * 0-based col). The row reader fills kind, text and len when it reads row r1. */
typedef struct xlsxmerge {
    uint32_t r1, r2, col;
    xlsxin_kind kind;
    char *text; /* malloc'ed, or NULL */
    size_t len;
} xlsxmerge;

/*
 * The vertical merges of the sheet in entry e (sheet: its name, for messages), sorted by r1
 * then col, into *out (release with xlsxmerge_free; NULL when there are none) and *n. Failures
 * (the archive's, a bad range, too many merges: KP_ERR_DATA; no memory: KP_ERR_IO) leave
 * *out NULL.
 */
kp_status xlsxmerge_collect(xlsxzip *z, const xlsxzip_entry *e, const char *sheet, xlsxmerge **out,
                            size_t *n, kp_error *err);

/* Releases the n merges at m and their texts. NULL is allowed. */
void xlsxmerge_free(xlsxmerge *m, size_t n);

/* How many merges may run down at once. */
#define XLSXMERGE_ACTIVE_MAX 256u

/* Rows on their way to a row function, with the merges filled in; the fields belong to
 * xlsxmerge.c (on the caller's stack). */
typedef struct xlsxmerge_feed {
    const xlsxzip *z;
    const char *sheet;
    xlsxin_row_fn fn;
    void *ud;
    kp_error *err;
    kp_status st;
    xlsxmerge *m;
    size_t nm, next;
    size_t active[XLSXMERGE_ACTIVE_MAX];
    size_t nactive;
    uint64_t injected;
    uint32_t prev_row;
    xlsxin_cell *cells;
} xlsxmerge_feed;

/* Sets f up to give rows to fn(ud, ...), messages naming sheet of z, failures into err; no
 * merges yet. KP_ERR_IO when memory runs out (f is then still to be freed). */
kp_status xlsxmerge_feed_init(xlsxmerge_feed *f, const xlsxzip *z, const char *sheet,
                              xlsxin_row_fn fn, void *ud, kp_error *err);

/* Collects the merges of entry e of archive z2 (z or another opening of its file) into f, as
 * xlsxmerge_collect; failures into f's err. Before the first row. */
kp_status xlsxmerge_feed_collect(xlsxmerge_feed *f, xlsxzip *z2, const xlsxzip_entry *e);

/*
 * An xlsxin_row_fn with f as ud, for the rows as the sheet's parse reads them: every row that
 * is in the XML, in order, cells sorted by column, n == 0 for a row that holds none; a row
 * beyond XLSXIN_ROWS_MAX ends the sheet. Gives fn the rows before it that only merges fill,
 * then the row itself with the merges running down over it, when it holds a cell. False when
 * fn stopped or a merge failed (xlsxmerge_feed_status says which).
 */
bool xlsxmerge_feed_row(void *f, uint32_t row, const xlsxin_cell *cells, size_t n);

/* KP_OK, or the failure that stopped the feed (its message in err). */
kp_status xlsxmerge_feed_status(const xlsxmerge_feed *f);

/* Releases what f holds. */
void xlsxmerge_feed_free(xlsxmerge_feed *f);

#endif
