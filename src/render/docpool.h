/*
 * docpool.h - renders n documents of one template on ctx->jobs threads.
 *
 * Every per-document renderer (piagam, rapor, surat) has the same shape: a list of
 * recipients fixed in advance, one PDF each. The pool gives each thread its own layout_doc
 * (fonts parsed once per thread), hands out indices in order, reports progress, stops
 * early on cancellation or failure, and reports the failure of the lowest index, so that the
 * outcome and every byte written do not depend on the number of threads.
 */
#ifndef KP_DOCPOOL_H
#define KP_DOCPOOL_H

#include <stddef.h>

#include "render/layout.h"
#include "render/render.h"
#include "util/error.h"

/*
 * Renders document index with doc (a writer for the pool's template, owned by the calling
 * thread: call layout_doc_begin, draw, layout_doc_save). user is docpool_run's user.
 * Must not touch shared mutable state.
 */
typedef kp_status (*docpool_fn)(void *user, size_t index, layout_doc *doc, kp_error *err);

/*
 * Calls fn for every index in 0..n on up to ctx->jobs threads (never more than n).
 * stage names the documents for progress ("piagam"). Returns KP_OK, the error of the lowest
 * failing index, or KP_ERR_IO "dibatalkan" when ctx->cancel was set.
 */
kp_status docpool_run(const render_ctx *ctx, const layout_template *t, const char *stage, size_t n,
                      docpool_fn fn, void *user, kp_error *err);

#endif
