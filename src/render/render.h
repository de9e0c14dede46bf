/*
 * render.h - what every renderer is given: the aggregated model of one year, its comparison
 * with the year before, where to write, and where templates and fonts are.
 *
 * Renderers read only this: the model is read-only and shared between threads.
 */
#ifndef KP_RENDER_H
#define KP_RENDER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/agg.h"
#include "model/cmp.h"
#include "render/acara.h"

typedef struct render_ctx {
    const agg_model *model;
    const agg_year *year;
    const cmp_result *cmp;        /* NULL when the input has no year to compare with */
    const cmp_aliases *aliases;   /* for trends; may be NULL */
    const char *out_dir;          /* this year's folder inside the run's temporary folder */
    const char *templat_dir;      /* templates root: rubrik/, piagam/, rapor/, surat/ ... */
    const char *font_dir;         /* fonts/ */
    const agg_provinsi *provinsi; /* shard: render only this province; NULL = all */
    /* Issuers per province (templates/perwakilan.csv); NULL: acara.ini issues everything. */
    const struct perwakilan_set *perwakilan;
    /* The year's event settings (acara_load_dir), loaded once per year by the caller; NULL:
     * render_acara loads them from templat_dir. */
    const struct acara *acara;
    /* The issuer's key for verification codes (kodeverif.h); NULL: no code, no QR code. */
    const struct kodeverif_key *kunci;
    /* The year's register of documents (dokumen.h), filled by every document renderer;
     * NULL: nothing is recorded (renderers called on their own, in tests). */
    struct dokumen_reg *dokumen;
    const char *version; /* program version, printed in metadata */
    long long epoch;     /* fixed timestamp for document metadata (reproducible) */
    bool epoch_fixed;    /* epoch is SOURCE_DATE_EPOCH: it wins over event dates */
    int jobs;            /* threads for per-document rendering */
    /*
     * Progress of per-document stages: called with the stage name ("piagam", "rapor", ...),
     * documents done and total. May be called from worker threads concurrently; may be NULL.
     */
    void (*progress)(void *ud, const char *stage, size_t done, size_t total);
    void *progress_ud;
    /* Set (by a signal handler) when the run must stop; renderers check it between
     * documents and return KP_ERR_IO "dibatalkan". May be NULL. */
    const atomic_int *cancel;
} render_ctx;

/*
 * The year's event settings into out: a copy of ctx->acara, or acara_load_dir() of
 * ctx->templat_dir when the caller gave none.
 */
kp_status render_acara(const render_ctx *ctx, acara *out, kp_error *err);

/* True when the instansi belongs to the shard being rendered (always true without one). */
bool render_in_shard(const render_ctx *ctx, const agg_instansi *inst);

/* True when the run was asked to stop (see render_ctx.cancel). */
bool render_cancelled(const render_ctx *ctx);

/* Reports progress if the context has a callback. */
void render_progress(const render_ctx *ctx, const char *stage, size_t done, size_t total);

#endif
