#include "render/render.h"

kp_status render_acara(const render_ctx *ctx, acara *out, kp_error *err)
{
    if (ctx->acara) {
        *out = *ctx->acara;
        return KP_OK;
    }
    return acara_load_dir(ctx->templat_dir, ctx->year->tahun, ctx->epoch, out, err);
}

bool render_in_shard(const render_ctx *ctx, const agg_instansi *inst)
{
    return !ctx->provinsi || inst->provinsi == ctx->provinsi;
}

bool render_cancelled(const render_ctx *ctx)
{
    return ctx->cancel && *ctx->cancel;
}

void render_progress(const render_ctx *ctx, const char *stage, size_t done, size_t total)
{
    if (ctx->progress)
        ctx->progress(ctx->progress_ud, stage, done, total);
}
