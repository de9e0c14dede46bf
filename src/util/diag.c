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

static void add_v(diag_list *d, diag_severity sev, const char *file, const char *sheet, int line,
                  int col, const char *fmt, va_list ap0)
{
    va_list ap;
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
    va_copy(ap, ap0);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return;
    char *msg = malloc((size_t)len + 1);
    if (!msg)
        return;
    va_copy(ap, ap0);
    vsnprintf(msg, (size_t)len + 1, fmt, ap);
    va_end(ap);
    size_t ord = 0, sheet_ord;
    const char *f = file ? intern_file(d, file, &ord) : NULL;
    /* Sheet names share the file table: few of them, and freed with it. */
    const char *sh = sheet ? intern_file(d, sheet, &sheet_ord) : NULL;
    entry *e = &d->items[d->n];
    e->item = (diag_item){sev, f, sh, line, col, msg};
    e->seq = d->n;
    e->file_ord = f ? ord : (size_t)-1;
    d->n++;
    (*kept)++;
}

void diag_add(diag_list *d, diag_severity sev, const char *file, int line, int col, const char *fmt,
              ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_v(d, sev, file, NULL, line, col, fmt, ap);
    va_end(ap);
}

void diag_add_in(diag_list *d, diag_severity sev, const char *file, const char *sheet, int line,
                 int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_v(d, sev, file, sheet, line, col, fmt, ap);
    va_end(ap);
}

char *diag_place(const char *file, const char *sheet, int line, int col, char *buf, size_t cap)
{
    if (!cap)
        return buf;
    size_t len = 0;
    buf[0] = '\0';
#define PUT(...)                                                                                   \
    do {                                                                                           \
        if (len < cap)                                                                             \
            len += (size_t)snprintf(buf + len, cap - len, __VA_ARGS__);                            \
    } while (0)
    if (file)
        PUT("%s", file);
    if (sheet) {
        PUT("%s%s", file ? ":" : "", sheet);
        if (line > 0) {
            /* Excel's column letters: 1 = A, 27 = AA. */
            char letters[8];
            size_t n = 0;
            for (unsigned c = col > 0 ? (unsigned)col : 0; c > 0 && n < sizeof letters;
                 c = (c - 1) / 26)
                letters[n++] = (char)('A' + (c - 1) % 26);
            PUT("!");
            while (n)
                PUT("%c", letters[--n]);
            PUT("%d", line);
        }
    } else if (line > 0) {
        PUT("%s%d", file ? ":" : "", line);
        if (col > 0)
            PUT(":%d", col);
    }
#undef PUT
    return buf;
}

char *diag_format(const diag_item *it, char *buf, size_t cap)
{
    char place[512];
    const char *warn = it->sev == DIAG_WARNING ? "peringatan: " : "";
    if (it->file && it->file[0])
        snprintf(buf, cap, "%s: %s%s",
                 diag_place(it->file, it->sheet, it->line, it->col, place, sizeof place), warn,
                 it->msg);
    else
        snprintf(buf, cap, "%s%s", warn, it->msg);
    return buf;
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
