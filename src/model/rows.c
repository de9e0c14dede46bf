#include "model/rows.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/intern.h"

/*
 * The public struct plus what only this module needs: capacities, the interning table, the
 * follower and the lock that keeps the rows array in place for it.
 */
typedef struct data_impl {
    rows_data pub;
    size_t rows_cap, files_cap;
    intern *names;
    void (*stop)(void *ud);
    void *follower;
    pthread_mutex_t rows_mu;
} data_impl;

const char *rows_intern(rows_data *data, const char *s, size_t n)
{
    return intern_get(((data_impl *)data)->names, s, n);
}

/* --- Data --------------------------------------------------------------------------------- */

rows_data *rows_data_new(void)
{
    data_impl *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->pub.arena = arena_new(0);
    d->names = d->pub.arena ? intern_new(d->pub.arena) : NULL;
    if (!d->names || pthread_mutex_init(&d->rows_mu, NULL) != 0) {
        intern_free(d->names);
        arena_free(d->pub.arena);
        free(d);
        return NULL;
    }
    return &d->pub;
}

static void stop_follower(data_impl *d)
{
    if (d->stop)
        d->stop(d->follower);
}

void rows_data_free(rows_data *data)
{
    if (!data)
        return;
    data_impl *d = (data_impl *)data;
    stop_follower(d);
    pthread_mutex_destroy(&d->rows_mu);
    free(d->pub.rows);
    free(d->pub.files);
    intern_free(d->names);
    arena_free(d->pub.arena);
    free(d);
}

void rows_data_truncate(rows_data *data, size_t n)
{
    data_impl *d = (data_impl *)data;
    if (n >= d->pub.n_rows)
        return;
    stop_follower(d);
    d->pub.n_rows = n;
    /* Shrinking cannot fail in a way that matters: the old block stays valid when it does. */
    rows_row *rows = realloc(d->pub.rows, (n ? n : 1) * sizeof *rows);
    if (rows) {
        d->pub.rows = rows;
        d->rows_cap = n ? n : 1;
    }
}

void rows_row_comp(const rows_row *row, dec_t *out)
{
    for (int i = 0; i < RUBRIC_MAX_COMP; i++)
        out[i] = row->comp[i];
}

bool rows_add(rows_data *data, const rows_row *row)
{
    data_impl *d = (data_impl *)data;
    if (d->pub.n_rows == d->rows_cap) {
        size_t cap = d->rows_cap ? d->rows_cap * 2 : 1024;
        /* Only a follower reads the array on another thread: the lock is for it alone. */
        bool locked = d->stop && pthread_mutex_lock(&d->rows_mu) == 0;
        rows_row *rows = realloc(d->pub.rows, cap * sizeof *rows);
        if (rows) {
            d->pub.rows = rows;
            d->rows_cap = cap;
        }
        if (locked)
            pthread_mutex_unlock(&d->rows_mu);
        if (!rows)
            return false;
    }
    d->pub.rows[d->pub.n_rows++] = *row;
    return true;
}

rows_file *rows_add_file(rows_data *data)
{
    data_impl *d = (data_impl *)data;
    if (d->pub.n_files == d->files_cap) {
        size_t cap = d->files_cap ? d->files_cap * 2 : 8;
        rows_file *files = realloc(d->pub.files, cap * sizeof *files);
        if (!files)
            return NULL;
        d->pub.files = files;
        d->files_cap = cap;
    }
    rows_file *f = &d->pub.files[d->pub.n_files++];
    memset(f, 0, sizeof *f);
    return f;
}

const rows_file *rows_file_of(const rows_data *d, const char *path)
{
    for (size_t i = 0; i < d->n_files; i++)
        if (d->files[i].path == path)
            return &d->files[i];
    return NULL;
}

void rows_follow(rows_data *data, void (*stop)(void *ud), void *ud)
{
    data_impl *d = (data_impl *)data;
    d->stop = stop;
    d->follower = ud;
}

void *rows_follower(const rows_data *data)
{
    return ((const data_impl *)data)->follower;
}

void rows_hold(rows_data *data)
{
    pthread_mutex_lock(&((data_impl *)data)->rows_mu);
}

void rows_release(rows_data *data)
{
    pthread_mutex_unlock(&((data_impl *)data)->rows_mu);
}
