/*
 * xlsxrows.h - result rows from an Excel workbook (.xlsx), read with the same column rules
 * and messages as a CSV file (csvin.h), so that clerks can hand in the workbook they keep or
 * the filled-in `templat-input` template instead of a CSV export.
 *
 * The sheet read is the one given (--lembar), else the first visible sheet whose first
 * non-empty row is a header the CSV rules accept; the template's Petunjuk and Daftar sheets
 * are never data. Cells are read as Excel shows them (xlsxin.h): a number rounded to 15
 * significant digits ("87.590000000000003" is 87.59) and then judged like a CSV field (at most
 * two decimals, ranges), a number typed as text ("87,59") like a CSV field, TRUE/FALSE as
 * words, a formula by its cached value. A cell holding an error value or a formula never
 * calculated is an error at that cell when its column is used. A row whose first non-empty
 * cell starts with '#' is a comment; empty rows are skipped; a value merged down over several
 * rows applies to each of them. Messages name cells as Excel does: "hasil.xlsx:Data!K148".
 */
#ifndef KP_XLSXROWS_H
#define KP_XLSXROWS_H

#include <stdbool.h>

#include "model/rows.h"
#include "model/rubric.h"
#include "read/csvin.h"
#include "util/diag.h"
#include "util/error.h"

/*
 * True when the file is to be read as a workbook, judged by content: a zip archive (a
 * workbook, or another kind the workbook reader refuses by name: .ods, a plain zip) or an
 * OLE2 file (an encrypted workbook, an old .xls). Anything else is CSV.
 */
bool xlsxrows_is_workbook(const char *path);

/*
 * Reads the rows of one workbook into data, as csvin_read_file does for a CSV file: content
 * problems go to diags (KP_OK is still returned), and the rows to a running checker. sheet
 * picks the sheet by name (ASCII case ignored); NULL chooses as above. opt's separator is
 * ignored. KP_ERR_DATA with err naming the file when it cannot be read as a workbook at all
 * (missing, another format, encrypted, damaged, a zip bomb, over Excel's limits); KP_ERR_IO
 * when memory runs out.
 */
kp_status xlsxrows_read_file(rows_data *data, const char *path, const char *sheet,
                             const csvin_options *opt, const rubric_set *rubrics, diag_list *diags,
                             kp_error *err);

#endif
