/*
 * xlsxsheet.h - a sheet's XML turned into rows of cells.
 *
 * Reads <sheetData> row by row, through the sheet scanner (xlsxscan.h) or expat, on a thread
 * of its own (xlsxrowq.h), while the calling thread collects the merges listed after the cells
 * through a second opening of the archive; then hands each non-empty row to the caller as
 * xlsxin_sheet_rows (xlsxin.h) promises: cells sorted by column, shared strings looked up,
 * numbers as Excel shows them, booleans and error values as words, the value of a vertical
 * merge (xlsxmerge.h) on every row it covers. Row and cell numbers are checked against Excel's
 * limits and their order; a row holds at most XLSXIN_ROW_CELLS_MAX values and 32 MiB of text.
 * Messages name the sheet and the cell ("lembar \"Data\" sel K148: ...").
 */
#ifndef KP_XLSXSHEET_H
#define KP_XLSXSHEET_H

#include <stdbool.h>

#include "read/xlsxin.h"
#include "read/xlsxsst.h"
#include "read/xlsxzip.h"
#include "util/error.h"

/*
 * Streams the rows of the worksheet in entry e (sheet: its name) to fn with ud, the shared
 * strings in sst. expat: read the cells with expat instead of the scanner. KP_OK when the
 * sheet was read to its end or fn returned false; otherwise err says what and where.
 */
kp_status xlsxsheet_rows(xlsxzip *z, const xlsxzip_entry *e, const char *sheet, const xlsxsst *sst,
                         bool expat, xlsxin_row_fn fn, void *ud, kp_error *err);

#endif
