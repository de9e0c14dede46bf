#include "render/docpool.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct pool {
    const render_ctx *ctx;
    const layout_template *tmpl;
    const char *stage;
    size_t n;
    docpool_fn fn;
    void *user;

    pthread_mutex_t lock;
    size_t next; /* next index to hand out */
    size_t done;
    size_t fail_index; /* lowest failing index so far; n when none */
    kp_error fail_err;
    kp_status fail_status;
} pool;

static void record_failure(pool *p, size_t index, kp_status st, const kp_error *err)
{
    if (index < p->fail_index) {
        p->fail_index = index;
        p->fail_status = st;
        p->fail_err = *err;
    }
}

static void *worker(void *arg)
{
    pool *p = arg;
    layout_doc *doc = NULL;
    kp_error err;
    kp_error_clear(&err);
    kp_status st = layout_doc_new(p->tmpl, &doc, &err);
    pthread_mutex_lock(&p->lock);
    if (st != KP_OK)
        record_failure(p, 0, st, &err);
    pthread_mutex_unlock(&p->lock);

    while (st == KP_OK) {
        pthread_mutex_lock(&p->lock);
        /* Indices beyond a failure need not be rendered: the run fails anyway. */
        size_t i = p->next;
        if (i >= p->n || i > p->fail_index || render_cancelled(p->ctx)) {
            pthread_mutex_unlock(&p->lock);
            break;
        }
        p->next++;
        pthread_mutex_unlock(&p->lock);

        kp_error_clear(&err);
        kp_status rs = p->fn(p->user, i, doc, &err);

        pthread_mutex_lock(&p->lock);
        if (rs != KP_OK)
            record_failure(p, i, rs, &err);
        size_t done = ++p->done;
        pthread_mutex_unlock(&p->lock);
        render_progress(p->ctx, p->stage, done, p->n);
    }
    layout_doc_free(doc);
    return NULL;
}

kp_status docpool_run(const render_ctx *ctx, const layout_template *t, const char *stage, size_t n,
                      docpool_fn fn, void *user, kp_error *err)
{
    if (n == 0)
        return KP_OK;
    pool p = {.ctx = ctx,
              .tmpl = t,
              .stage = stage,
              .n = n,
              .fn = fn,
              .user = user,
              .fail_index = n,
              .fail_status = KP_OK};
    kp_error_clear(&p.fail_err);
    pthread_mutex_init(&p.lock, NULL);

    size_t threads = ctx->jobs > 1 ? (size_t)ctx->jobs : 1;
    if (threads > n)
        threads = n;
    pthread_t *tids = calloc(threads, sizeof *tids);
    size_t started = 0;
    if (tids) {
        /* The calling thread works too, so one job needs no thread at all. */
        for (size_t k = 1; k < threads; k++) {
            if (pthread_create(&tids[k], NULL, worker, &p) != 0)
                break;
            started = k;
        }
    }
    worker(&p);
    for (size_t k = 1; k <= started; k++)
        pthread_join(tids[k], NULL);
    free(tids);
    pthread_mutex_destroy(&p.lock);

    if (p.fail_index < n) {
        if (err)
            *err = p.fail_err;
        return p.fail_status;
    }
    if (render_cancelled(ctx))
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "dibatalkan");
    return KP_OK;
}
