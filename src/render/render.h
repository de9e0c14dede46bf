/*
 * render.h - what every renderer is given: the aggregated model of one year, its comparison
 * with the year before, where to write, and where templates and fonts are.
 *
 * Renderers read only this: the model is read-only and shared between threads.
 */
#ifndef KP_RENDER_H
#define KP_RENDER_H

#include <stdbool.h>

#include "model/agg.h"
#include "model/compare.h"

typedef struct render_ctx {
    const agg_model *model;
    const agg_year *year;
    const cmp_result *cmp;       /* NULL when the input has no year to compare with */
    const cmp_aliases *aliases;  /* for trends; may be NULL */
    const char *out_dir;         /* this year's folder inside the run's temporary folder */
    const char *templat_dir;     /* templates root: rubrik/, piagam/, rapor/, surat/ ... */
    const char *font_dir;        /* fonts/ */
    const agg_provinsi *provinsi; /* shard: render only this province; NULL = all */
    const char *version;         /* program version, printed in metadata */
    long long epoch;             /* fixed timestamp for document metadata (reproducible) */
    int jobs;                    /* threads for per-document rendering */
} render_ctx;

/* True when the instansi belongs to the shard being rendered (always true without one). */
bool render_in_shard(const render_ctx *ctx, const agg_instansi *inst);

#endif
