/*
 * muat.h - names that no document could hold, refused at their cell before anything is drawn.
 *
 * A one-word 300-byte name shrinks to its template block's min_size and still overflows: the
 * run would stop at rendering time with only the template's line. `periksa` and the run look
 * here first, with the row's FILE:LINE:COL, through the layout engine's own measurement
 * (layout_field_fits) on the templates of the documents every such name certainly gets:
 * report cards (unless --tanpa-rapor; units' with --rapor-skpd) and, with --piagam semua,
 * certificates at the levels --piagam-tingkat names. Certificates given by score (A,B, hijau,
 * tm, the rubric's default) are known only once the rows are aggregated: muat_check_recipients
 * measures their names then, at the first row that named each.
 */
#ifndef KP_CLI_MUAT_H
#define KP_CLI_MUAT_H

#include "cli/cli.h"
#include "model/agg.h"
#include "model/pilih.h"
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

/*
 * One error per certificate recipient (instansi, and units at --piagam-tingkat skpd or semua)
 * whose name does not fit its certificate, at the first row naming it. sel[i] is the
 * selection for model->years[i]; years --tahun leaves out are skipped, and so is everything
 * when --piagam semua (muat_check_rows measured those). d supplies the files' sheets and
 * columns (its rows may be consumed). Statuses as muat_check_rows.
 */
kp_status muat_check_recipients(const agg_model *model, const pilih *sel, const rows_data *d,
                                const cli_options *o, const char *templat, const char *fonts,
                                diag_list *diags, kp_error *err);

#endif
