#include "render/render.h"

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
