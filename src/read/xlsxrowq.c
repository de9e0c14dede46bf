#include "read/xlsxrowq.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Batches waiting, and when one is full: the rows waiting stay a few megabytes whatever the
 * sheet's size. While the prelude runs more may wait, so that the parse keeps the second core
 * busy, within a bound (about 40 MB of result rows, and 48 MiB whatever the rows: one row may
 * hold 32 MiB of text). A waiting thread is woken only when half of them are ready (or free):
 * on a busy machine every wake-up can cost a time slice, and one per batch made the reading
 * slower than in line. */
#define BATCHES         8u
#define PRELUDE_BATCHES 64u
#define PRELUDE_BYTES   ((size_t)48 << 20)
#define BATCH_ROWS      2048u
#define BATCH_CELLS     32768u
#define BATCH_TEXT_MAX  ((size_t)512 << 10)

/* A cell in a batch: its text at an offset, since the text buffer may move as it grows. 32-bit
 * fields: a batch holds at most one row beyond its bounds, and a row's text is at most 32 MiB. */
typedef struct qcell {
    uint32_t col, off, len;
    xlsxin_kind kind;
} qcell;

typedef struct qrow {
    uint32_t row, first, n; /* cells[first .. first + n) */
} qrow;

typedef struct batch {
    struct batch *next;
    size_t bytes; /* what its rows take, counted when it is queued */
    qrow *rows;
    size_t nrows;
    qcell *cells;
    size_t ncells, cellcap;
    char *text;
    size_t tlen, tcap;
} batch;

/* The parse thread fills cur and appends it to the queue (first .. last); the caller's thread
 * empties the queue's first batch and keeps it for reuse (spare) while few are kept.
 * count: batches queued; limit: the count at which the parse waits. */
typedef struct rowq {
    xlsxrowq_parse_fn parse;
    void *arg;
    const char *file;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch *first, *last, *spare;
    unsigned count, spares, limit;
    size_t bytes; /* of the batches queued */
    bool prelude; /* the prelude runs: the larger limit, and PRELUDE_BYTES */
    batch *cur;
    bool stop; /* no more rows wanted: fn returned false or the prelude failed */
    bool end;  /* the parse returned: st and err are final */
    bool oom;  /* a batch could not grow: the parse was stopped, the reading must fail */
    bool parse_waits, caller_waits;
    kp_status st;
    kp_error err;
    xlsxin_cell *out; /* the caller's view of one row */
} rowq;

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    void *n = realloc(*p, c * size);
    if (!n)
        return false;
    *p = n;
    *cap = c;
    return true;
}

static void batch_free(batch *b)
{
    if (!b)
        return;
    free(b->rows);
    free(b->cells);
    free(b->text);
    free(b);
}

/* The wait is over for a thread once half of the limit is free (or ready). */
static unsigned wake_at(const rowq *q)
{
    return q->limit / 2;
}

/* Whether the parse is to wait before it fills another batch, and (wake) whether it is to
 * go on waiting. */
static bool parse_must_wait(const rowq *q, bool wake)
{
    if (q->stop)
        return false;
    if (wake)
        return q->count > wake_at(q) || (q->prelude && q->bytes > PRELUDE_BYTES / 2);
    return q->count >= q->limit || (q->prelude && q->bytes >= PRELUDE_BYTES);
}

static void publish(rowq *q)
{
    pthread_mutex_lock(&q->mu);
    if (q->last)
        q->last->next = q->cur;
    else
        q->first = q->cur;
    q->last = q->cur;
    q->count++;
    q->cur->bytes = q->cur->tlen + q->cur->ncells * sizeof(qcell) + q->cur->nrows * sizeof(qrow);
    q->bytes += q->cur->bytes;
    q->cur = NULL;
    if (q->caller_waits && q->count >= BATCHES / 2)
        pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
}

/* A batch to fill: a spare one, else a new one; NULL when the reading stops or memory ran out
 * (q->oom). */
static batch *take(rowq *q)
{
    pthread_mutex_lock(&q->mu);
    if (parse_must_wait(q, false)) {
        q->parse_waits = true;
        while (parse_must_wait(q, true))
            pthread_cond_wait(&q->cv, &q->mu);
        q->parse_waits = false;
    }
    bool stop = q->stop;
    batch *b = stop ? NULL : q->spare;
    if (b) {
        q->spare = b->next;
        q->spares--;
    }
    pthread_mutex_unlock(&q->mu);
    if (stop)
        return NULL;
    if (!b && !(b = calloc(1, sizeof *b))) {
        q->oom = true;
        return NULL;
    }
    b->next = NULL;
    b->nrows = b->ncells = b->tlen = 0;
    return b;
}

/* The parse's row function on its thread: copies the row into the batch being filled. */
static bool enqueue(void *ud, uint32_t row, const xlsxin_cell *cells, size_t n)
{
    rowq *q = ud;
    if (!q->cur && !(q->cur = take(q)))
        return false;
    batch *b = q->cur;
    size_t text = 0;
    for (size_t i = 0; i < n; i++)
        text += cells[i].len + 1;
    if (!b->rows && !(b->rows = malloc(BATCH_ROWS * sizeof *b->rows)))
        goto oom;
    if (!grow((void **)&b->cells, &b->cellcap, b->ncells + n, sizeof *b->cells) ||
        !grow((void **)&b->text, &b->tcap, b->tlen + text, 1))
        goto oom;
    b->rows[b->nrows++] = (qrow){row, (uint32_t)b->ncells, (uint32_t)n};
    for (size_t i = 0; i < n; i++) {
        memcpy(b->text + b->tlen, cells[i].text, cells[i].len + 1);
        b->cells[b->ncells++] =
            (qcell){cells[i].col, (uint32_t)b->tlen, (uint32_t)cells[i].len, cells[i].kind};
        b->tlen += cells[i].len + 1;
    }
    if (b->nrows == BATCH_ROWS || b->ncells >= BATCH_CELLS || b->tlen >= BATCH_TEXT_MAX)
        publish(q);
    return true;
oom:
    q->oom = true;
    return false;
}

static void *parse_main(void *arg)
{
    rowq *q = arg;
    kp_status st = q->parse(q->arg, enqueue, q, &q->err);
    if (q->oom && st == KP_OK) /* the parse took the failed copy for a stop */
        st = kp_error_set(&q->err, KP_ERR_IO, q->file, 0, 0, "memori habis");
    if (q->cur && q->cur->nrows)
        publish(q);
    pthread_mutex_lock(&q->mu);
    q->st = st;
    q->end = true;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* Gives the rows of batch b to fn; false when fn stopped. */
static bool deliver(rowq *q, const batch *b, xlsxin_row_fn fn, void *ud)
{
    for (size_t r = 0; r < b->nrows; r++) {
        const qrow *row = &b->rows[r];
        for (size_t i = 0; i < row->n; i++) {
            const qcell *c = &b->cells[row->first + i];
            q->out[i] = (xlsxin_cell){c->col, c->kind, b->text + c->off, c->len};
        }
        if (!fn(ud, row->row, q->out, row->n))
            return false;
    }
    return true;
}

static void rowq_free(rowq *q)
{
    for (batch *b = q->first, *next; b; b = next) {
        next = b->next;
        batch_free(b);
    }
    for (batch *b = q->spare, *next; b; b = next) {
        next = b->next;
        batch_free(b);
    }
    batch_free(q->cur);
    free(q->out);
    free(q);
}

/* The caller's side: waits for the prelude's end, then hands the batches over as they come.
 * Returns the prelude's failure, else whether fn went on to the end (*going). */
static kp_status hand_over(rowq *q, xlsxrowq_prelude_fn prelude, void *prelude_arg,
                           xlsxin_row_fn fn, void *ud, kp_error *err, bool *going)
{
    kp_status pst = prelude ? prelude(prelude_arg, err) : KP_OK;
    pthread_mutex_lock(&q->mu);
    q->limit = BATCHES;
    q->prelude = false;
    if (pst != KP_OK) {
        q->stop = true;
        pthread_cond_broadcast(&q->cv);
        pthread_mutex_unlock(&q->mu);
        return pst;
    }
    for (;;) {
        if (q->count == 0 && !q->end) {
            q->caller_waits = true;
            while (q->count < BATCHES / 2 && !q->end)
                pthread_cond_wait(&q->cv, &q->mu);
            q->caller_waits = false;
        }
        if (q->count == 0)
            break; /* the end, every row given */
        batch *b = q->first;
        pthread_mutex_unlock(&q->mu);
        *going = deliver(q, b, fn, ud);
        pthread_mutex_lock(&q->mu);
        q->first = b->next;
        if (!q->first)
            q->last = NULL;
        q->count--;
        q->bytes -= b->bytes;
        bool keep = q->count + q->spares < BATCHES;
        if (keep) {
            b->next = q->spare;
            q->spare = b;
            q->spares++;
        }
        if (!*going)
            q->stop = true;
        if (!*going || (q->parse_waits && q->count <= wake_at(q)))
            pthread_cond_broadcast(&q->cv);
        if (!keep) {
            pthread_mutex_unlock(&q->mu);
            batch_free(b);
            pthread_mutex_lock(&q->mu);
        }
        if (!*going)
            break;
    }
    pthread_mutex_unlock(&q->mu);
    return KP_OK;
}

kp_status xlsxrowq_run(xlsxrowq_parse_fn parse, void *arg, xlsxrowq_prelude_fn prelude,
                       void *prelude_arg, xlsxin_row_fn fn, void *ud, const char *file,
                       kp_error *err)
{
    rowq *q = calloc(1, sizeof *q);
    if (q)
        q->out = malloc(XLSXIN_ROW_CELLS_MAX * sizeof *q->out);
    bool mu = q && q->out && pthread_mutex_init(&q->mu, NULL) == 0;
    bool cv = mu && pthread_cond_init(&q->cv, NULL) == 0;
    pthread_t thread;
    if (cv) {
        q->parse = parse;
        q->arg = arg;
        q->file = file;
        q->limit = prelude ? PRELUDE_BATCHES : BATCHES;
        q->prelude = prelude != NULL;
    }
    if (!cv || pthread_create(&thread, NULL, parse_main, q) != 0) {
        if (cv)
            pthread_cond_destroy(&q->cv);
        if (mu)
            pthread_mutex_destroy(&q->mu);
        if (q)
            rowq_free(q);
        kp_status st = prelude ? prelude(prelude_arg, err) : KP_OK;
        return st != KP_OK ? st : parse(arg, fn, ud, err);
    }
    bool going = true;
    kp_status st = hand_over(q, prelude, prelude_arg, fn, ud, err, &going);
    pthread_join(thread, NULL);
    if (st == KP_OK) {
        st = going ? q->st : KP_OK;
        if (st != KP_OK && err)
            *err = q->err;
    }
    pthread_cond_destroy(&q->cv);
    pthread_mutex_destroy(&q->mu);
    rowq_free(q);
    return st;
}
