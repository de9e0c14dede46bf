/*
 * ringkasan.h - the executive summary (Ringkasan Eksekutif): one PDF for the nation, one per
 * province (issued by its Perwakilan) and, on request, one per pemda with units for its Bagian
 * Organisasi, all in <out_dir>/ringkasan/.
 *
 * A summary is a template on the shared layout engine (templates/ringkasan/ringkasan.ini: the
 * page, its header, styles and colours) plus its words and sizes
 * (templates/ringkasan/ringkasan.isi.ini). In this order it holds: the headline figures, a bar
 * chart of the distribution over the rubric's bands, the comparison with the year before, the
 * top and bottom of each jenis (an instansi's summary: its units ranked), the units needing
 * coaching (a rubric with a coaching line) or those in the lowest zone or band, and a note on
 * the method. Every number comes from the aggregation (agg.h) and the comparison (cmp.h),
 * as the data files print them; what is computed here is only which entries are listed.
 */
#ifndef KP_RINGKASAN_H
#define KP_RINGKASAN_H

#include <stdbool.h>
#include <stddef.h>

#include "model/agg.h"
#include "model/cmp.h"
#include "render/render.h"
#include "util/error.h"

typedef struct ringkasan_options {
    bool instansi; /* also one summary per instansi that has units (--ringkasan-instansi) */
} ringkasan_options;

/*
 * Writes <out_dir>/ringkasan/ringkasan-nasional.pdf (not for a shard), one
 * ringkasan-<province slug>.pdf per region of the shard that has instansi (not Pusat), and with
 * opt->instansi ringkasan-<instansi slug>.pdf for every pemda with units. Rendered on
 * ctx->jobs threads; the bytes do not depend on that number. *written (may be NULL) receives
 * the number of PDFs. Template problems are KP_ERR_DATA naming the file and line, unwritable
 * files KP_ERR_IO, cancellation KP_ERR_IO "dibatalkan".
 */
kp_status ringkasan_render(const render_ctx *ctx, const ringkasan_options *opt, size_t *written,
                           kp_error *err);

/* ---- what a summary lists (pure: tested without a PDF) ---------------------------------- */

/* What one summary covers. */
typedef struct ringkasan_cakupan {
    const agg_provinsi *provinsi; /* a region's summary; NULL: national (or an instansi's) */
    const agg_instansi *instansi; /* an instansi's summary (its units); NULL otherwise */
} ringkasan_cakupan;

/*
 * Whether a comparison entry belongs to the summary: national every instansi entry, a region
 * the instansi of that province in either year (matched by province key), an instansi its
 * units in either year. e is an instansi entry unless sc->instansi is set.
 */
bool ringkasan_dalam(const cmp_result *c, const ringkasan_cakupan *sc, const cmp_entry *e);

/*
 * Counts the entries of the summary by cmp_entry.perubahan (what perbandingan.csv prints)
 * into n[CMP_GERAK_COUNT]: over c->instansi, or over c->units for an instansi's summary.
 */
void ringkasan_gerak(const cmp_result *c, const ringkasan_cakupan *sc, size_t *n);

/*
 * The largest movers of the summary, by exact selisih: naik the up to cap entries with the
 * greatest positive selisih, else those with the most negative, both years present; equal
 * selisih keep the comparison's order. Writes them to out and returns how many.
 */
size_t ringkasan_penggerak(const cmp_result *c, const ringkasan_cakupan *sc, bool naik,
                           const cmp_entry **out, size_t cap);

#endif
