/*
 * muat.h - names that no document could hold, refused at their cell before anything is drawn.
 *
 * A one-word 300-byte name shrinks to its template block's min_size and still overflows: the
 * run would stop at rendering time with only the template's line. `periksa` and the run look
 * here first, with the row's FILE:LINE:COL, through the layout engine's own measurement
 * (layout_field_fits) on the templates of the documents every such name certainly gets:
 * report cards (unless --tanpa-rapor; units' with --rapor-skpd) and, with --piagam semua,
 * certificates at the levels --piagam-tingkat names. A certificate given by score (A,B, hijau)
 * is still measured when it is drawn.
 */
#ifndef KP_CLI_MUAT_H
#define KP_CLI_MUAT_H

#include "cli/cli.h"
#include "model/rows.h"
#include "model/rubric.h"
#include "util/diag.h"
#include "util/error.h"

/*
 * One error per name that does not fit, at the first row holding it. templat and fonts are
 * the run's folders. KP_ERR_DATA (err set) when a template cannot be loaded; KP_ERR_IO when
 * memory runs out.
 */
kp_status muat_check_rows(const rows_data *d, const cli_options *o, const char *templat,
                          const char *fonts, const rubric_set *rubrics, diag_list *diags,
                          kp_error *err);

#endif
