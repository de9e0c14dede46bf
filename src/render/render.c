#include "render/render.h"

bool render_in_shard(const render_ctx *ctx, const agg_instansi *inst)
{
    return !ctx->provinsi || inst->provinsi == ctx->provinsi;
}
