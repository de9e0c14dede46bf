#include "util/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    diag_item item;
    size_t seq;      /* insertion order: makes the sort stable */
    size_t file_ord; /* order of the file's first appearance */
} entry;

struct diag_list {
    size_t cap;
    entry *items;
    size_t n, alloc;
    size_t errors, warnings;
    size_t kept_errors, kept_warnings;
    char **files; /* distinct file names, owned */
    size_t nfiles;
};

diag_list *diag_new(size_t cap)
{
    diag_list *d = calloc(1, sizeof *d);
    if (d)
        d->cap = cap ? cap : 50;
    return d;
}

void diag_free(diag_list *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        free(d->items[i].item.msg);
    for (size_t i = 0; i < d->nfiles; i++)
        free(d->files[i]);
    free(d->files);
    free(d->items);
    free(d);
}

/* Few distinct files per run, so a linear scan is the simplest correct interning. */
static const char *intern_file(diag_list *d, const char *file, size_t *ord)
{
    for (size_t i = 0; i < d->nfiles; i++) {
        if (strcmp(d->files[i], file) == 0) {
            *ord = i;
            return d->files[i];
        }
    }
    char **nf = realloc(d->files, (d->nfiles + 1) * sizeof *nf);
    if (!nf)
        return NULL;
    d->files = nf;
    char *copy = strdup(file);
    if (!copy)
        return NULL;
    d->files[d->nfiles] = copy;
    *ord = d->nfiles++;
    return copy;
}

void diag_add(diag_list *d, diag_severity sev, const char *file, int line, int col,
              const char *fmt, ...)
{
    size_t *kept = sev == DIAG_ERROR ? &d->kept_errors : &d->kept_warnings;
    if (sev == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
    if (*kept >= d->cap)
        return;
    if (d->n == d->alloc) {
        size_t na = d->alloc ? d->alloc * 2 : 16;
        entry *ni = realloc(d->items, na * sizeof *ni);
        if (!ni)
            return;
        d->items = ni;
        d->alloc = na;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return;
    char *msg = malloc((size_t)len + 1);
    if (!msg)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)len + 1, fmt, ap);
    va_end(ap);
    size_t ord = 0;
    const char *f = file ? intern_file(d, file, &ord) : NULL;
    entry *e = &d->items[d->n];
    e->item = (diag_item){sev, f, line, col, msg};
    e->seq = d->n;
    e->file_ord = f ? ord : (size_t)-1;
    d->n++;
    (*kept)++;
}

size_t diag_errors(const diag_list *d)
{
    return d->errors;
}

size_t diag_warnings(const diag_list *d)
{
    return d->warnings;
}

size_t diag_count(const diag_list *d)
{
    return d->n;
}

const diag_item *diag_get(const diag_list *d, size_t i)
{
    return i < d->n ? &d->items[i].item : NULL;
}

size_t diag_dropped(const diag_list *d, diag_severity sev)
{
    return sev == DIAG_ERROR ? d->errors - d->kept_errors : d->warnings - d->kept_warnings;
}

static int cmp_entry(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    if (a->file_ord != b->file_ord)
        return a->file_ord < b->file_ord ? -1 : 1;
    if (a->item.line != b->item.line)
        return a->item.line < b->item.line ? -1 : 1;
    if (a->item.col != b->item.col)
        return a->item.col < b->item.col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_sort(diag_list *d)
{
    if (d->n > 1)
        qsort(d->items, d->n, sizeof *d->items, cmp_entry);
}
