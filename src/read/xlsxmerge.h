/*
 * xlsxmerge.h - the first pass over a sheet: the merged cells that run down over rows.
 *
 * A value merged over several rows (an instansi typed once for its units) is to be given on
 * every row of the merge, but <mergeCells> comes after all the cells. So the sheet's entry is
 * inflated once to collect the merges, without parsing the cells, before the rows are read
 * (xlsxsheet.h). Merges across columns only are dropped: they fill nothing. At most 1,000,000
 * merges a sheet; a range that is no A1 range is refused.
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

#endif
