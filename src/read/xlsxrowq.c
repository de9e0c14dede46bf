#include "read/xlsxrowq.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Batches in flight, and when one is full: the rows waiting stay a few megabytes whatever the
 * sheet's size. A waiting thread is woken only when half of them are ready (or free): on a
 * busy machine every wake-up can cost a time slice, and one per batch made the reading slower
 * than in line. */
#define BATCHES        8u
#define BATCH_ROWS     2048u
#define BATCH_TEXT_MAX ((size_t)512 << 10)
#define WAKE           (BATCHES / 2)

/* A cell in a batch: its text at an offset, since the text buffer may move as it grows. */
typedef struct qcell {
    uint32_t col;
    xlsxin_kind kind;
    size_t off, len;
} qcell;

typedef struct qrow {
    uint32_t row;
    size_t first, n; /* cells[first .. first + n) */
} qrow;

typedef struct batch {
    qrow *rows;
    size_t nrows;
    qcell *cells;
    size_t ncells, cellcap;
    char *text;
    size_t tlen, tcap;
} batch;

/* The parse thread fills b[head] (cur) and publishes it; the caller's thread empties b[tail].
 * count: batches published and not yet emptied. */
typedef struct rowq {
    xlsxrowq_parse_fn parse;
    void *arg;
    const char *file;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch b[BATCHES];
    unsigned head, tail, count;
    batch *cur;
    bool stop; /* the caller's function returned false: no more rows wanted */
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

static void publish(rowq *q)
{
    pthread_mutex_lock(&q->mu);
    q->head = (q->head + 1) % BATCHES;
    q->count++;
    q->cur = NULL;
    if (q->caller_waits && q->count >= WAKE)
        pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
}

/* The parse's row function on its thread: copies the row into the batch being filled. */
static bool enqueue(void *ud, uint32_t row, const xlsxin_cell *cells, size_t n)
{
    rowq *q = ud;
    if (!q->cur) {
        pthread_mutex_lock(&q->mu);
        if (q->count == BATCHES && !q->stop) {
            q->parse_waits = true;
            while (q->count > WAKE && !q->stop)
                pthread_cond_wait(&q->cv, &q->mu);
            q->parse_waits = false;
        }
        bool stop = q->stop;
        if (!stop) {
            q->cur = &q->b[q->head];
            q->cur->nrows = q->cur->ncells = q->cur->tlen = 0;
        }
        pthread_mutex_unlock(&q->mu);
        if (stop)
            return false;
    }
    batch *b = q->cur;
    size_t text = 0;
    for (size_t i = 0; i < n; i++)
        text += cells[i].len + 1;
    size_t rowcap = BATCH_ROWS;
    if (!b->rows && !(b->rows = malloc(rowcap * sizeof *b->rows)))
        goto oom;
    if (!grow((void **)&b->cells, &b->cellcap, b->ncells + n, sizeof *b->cells) ||
        !grow((void **)&b->text, &b->tcap, b->tlen + text, 1))
        goto oom;
    b->rows[b->nrows++] = (qrow){row, b->ncells, n};
    for (size_t i = 0; i < n; i++) {
        memcpy(b->text + b->tlen, cells[i].text, cells[i].len + 1);
        b->cells[b->ncells++] = (qcell){cells[i].col, cells[i].kind, b->tlen, cells[i].len};
        b->tlen += cells[i].len + 1;
    }
    if (b->nrows == BATCH_ROWS || b->tlen >= BATCH_TEXT_MAX)
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
    for (unsigned i = 0; i < BATCHES; i++) {
        free(q->b[i].rows);
        free(q->b[i].cells);
        free(q->b[i].text);
    }
    free(q->out);
    free(q);
}

kp_status xlsxrowq_run(xlsxrowq_parse_fn parse, void *arg, xlsxin_row_fn fn, void *ud,
                       const char *file, kp_error *err)
{
    rowq *q = calloc(1, sizeof *q);
    if (q)
        q->out = malloc(XLSXIN_ROW_CELLS_MAX * sizeof *q->out);
    if (!q || !q->out || pthread_mutex_init(&q->mu, NULL) != 0) {
        if (q)
            rowq_free(q);
        return parse(arg, fn, ud, err);
    }
    q->parse = parse;
    q->arg = arg;
    q->file = file;
    if (pthread_cond_init(&q->cv, NULL) != 0) {
        pthread_mutex_destroy(&q->mu);
        rowq_free(q);
        return parse(arg, fn, ud, err);
    }
    pthread_t thread;
    if (pthread_create(&thread, NULL, parse_main, q) != 0) {
        pthread_cond_destroy(&q->cv);
        pthread_mutex_destroy(&q->mu);
        rowq_free(q);
        return parse(arg, fn, ud, err);
    }
    bool going = true;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        if (q->count == 0 && !q->end) {
            q->caller_waits = true;
            while (q->count < WAKE && !q->end)
                pthread_cond_wait(&q->cv, &q->mu);
            q->caller_waits = false;
        }
        if (q->count == 0)
            break; /* the end, every row given */
        const batch *b = &q->b[q->tail];
        pthread_mutex_unlock(&q->mu);
        going = deliver(q, b, fn, ud);
        pthread_mutex_lock(&q->mu);
        q->tail = (q->tail + 1) % BATCHES;
        q->count--;
        if (!going)
            q->stop = true;
        if (!going || (q->parse_waits && q->count <= WAKE))
            pthread_cond_broadcast(&q->cv);
        if (!going)
            break;
    }
    pthread_mutex_unlock(&q->mu);
    pthread_join(thread, NULL);
    kp_status st = going ? q->st : KP_OK;
    if (st != KP_OK && err)
        *err = q->err;
    pthread_cond_destroy(&q->cv);
    pthread_mutex_destroy(&q->mu);
    rowq_free(q);
    return st;
}
