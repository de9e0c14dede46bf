/* memmem: the merge pass looks for one tag in hundreds of megabytes. */
#define _GNU_SOURCE
#include "read/xlsxmerge.h"

#include <stdlib.h>
#include <string.h>

#include "read/xlsxcell.h"

/* How many merges a sheet may list, and how many cells they may fill in all, so that a few
 * hostile merges cannot turn into billions of cells. */
#define MERGES_MAX      1000000u
#define MERGE_CELLS_MAX ((uint64_t)64 << 20)

/* <mergeCells> comes after <sheetData>, so this pass inflates the entry and looks for the end
 * of sheetData with memchr (the cells cost no parsing), then reads the tags after it with a
 * small scanner for <mergeCell ref="...">. It only collects ranges; the parse of the cells
 * (xlsxsheet.c) judges whether the XML is well formed. */
typedef struct mscan {
    xlsxzip *zip;
    const char *sheet;
    kp_error *err;
    kp_status st;
    int state; /* 0 looking for </sheetData>, 1 between tags, 2 in a tag */
    char quote;
    char tag[512];
    size_t tlen;
    bool tover;
    xlsxmerge *m;
    size_t n, cap;
} mscan;

static void merge_tag(mscan *s)
{
    s->tag[s->tlen] = '\0';
    const char *p = s->tag;
    size_t nl = strcspn(p, " \t\r\n/");
    const char *colon = memchr(p, ':', nl);
    const char *nm = colon ? colon + 1 : p;
    if ((size_t)(p + nl - nm) != 9 || memcmp(nm, "mergeCell", 9) != 0)
        return;
    p += nl;
    char ref[64] = "";
    while (*p) {
        p += strspn(p, " \t\r\n/");
        size_t an = strcspn(p, " \t\r\n=");
        const char *aname = p;
        p += an;
        p += strspn(p, " \t\r\n");
        if (*p != '=')
            break;
        p++;
        p += strspn(p, " \t\r\n");
        char q = *p;
        if (q != '"' && q != '\'')
            break;
        const char *v = ++p, *ve = strchr(v, q);
        if (!ve)
            break;
        if (an == 3 && memcmp(aname, "ref", 3) == 0 && (size_t)(ve - v) < sizeof ref) {
            memcpy(ref, v, (size_t)(ve - v));
            ref[ve - v] = '\0';
        }
        p = ve + 1;
    }
    uint32_t c1, r1, c2, r2;
    if (!xlsxcell_parse_range(ref, &c1, &r1, &c2, &r2) || r2 < r1 || c2 < c1) {
        s->st = xlsxzip_fail(s->zip, s->err, KP_ERR_DATA,
                             "lembar \"%s\": rentang gabungan \"%s\" tidak sah", s->sheet, ref);
        return;
    }
    if (r2 == r1)
        return;
    if (s->n == MERGES_MAX) {
        s->st =
            xlsxzip_fail(s->zip, s->err, KP_ERR_DATA,
                         "lembar \"%s\" memuat lebih dari %u sel gabungan", s->sheet, MERGES_MAX);
        return;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        xlsxmerge *n = realloc(s->m, cap * sizeof *n);
        if (!n) {
            s->st = xlsxzip_no_memory(s->zip, s->err);
            return;
        }
        s->m = n;
        s->cap = cap;
    }
    s->m[s->n++] = (xlsxmerge){.r1 = r1, .r2 = r2, .col = c1 - 1};
}

static void merge_scan(mscan *s, const char *p, size_t n)
{
    for (size_t i = 0; i < n && s->st == KP_OK; i++) {
        char ch = p[i];
        if (s->state == 1) {
            const char *lt = memchr(p + i, '<', n - i);
            if (!lt)
                return;
            i = (size_t)(lt - p);
            s->state = 2;
            s->tlen = 0;
            s->tover = false;
            s->quote = 0;
        } else if (s->quote) {
            if (ch == s->quote)
                s->quote = 0;
            if (s->tlen + 1 < sizeof s->tag)
                s->tag[s->tlen++] = ch;
            else
                s->tover = true;
        } else if (ch == '>') {
            if (!s->tover)
                merge_tag(s);
            s->state = 1;
        } else {
            if (ch == '"' || ch == '\'')
                s->quote = ch;
            if (s->tlen + 1 < sizeof s->tag)
                s->tag[s->tlen++] = ch;
            else
                s->tover = true;
        }
    }
}

static int merge_cmp(const void *a, const void *b)
{
    const xlsxmerge *x = a, *y = b;
    if (x->r1 != y->r1)
        return x->r1 < y->r1 ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* The first "sheetData" in p[0..n), or NULL. memchr for its 'h', which sheets hold seldom
 * (once in 700 bytes of a results sheet), is several times faster than memmem; where they hold
 * it often, memmem takes over. */
static const unsigned char *find_sheetdata(const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n, *q = p;
    size_t hits = 0;
    while ((q = memchr(q, 'h', (size_t)(end - q)))) {
        if ((size_t)(end - q) < 8)
            return NULL;
        if (q > p && q[-1] == 's' && memcmp(q + 1, "eetData", 7) == 0)
            return q - 1;
        if (++hits > 64 && (size_t)(q - p) < hits * 64)
            return memmem(q, (size_t)(end - q), "sheetData", 9);
        q++;
    }
    return NULL;
}

/* Is the "sheetData" at p (inside buf) the name of an end tag: "</sheetData" or "</x:sheetData"? */
static bool is_end_tag(const unsigned char *buf, const unsigned char *p)
{
    const unsigned char *q = p;
    if (q > buf && q[-1] == ':') {
        q--;
        while (q > buf && q[-1] != '/' && q[-1] != '<' && q[-1] != ' ' && q[-1] != '>')
            q--;
    }
    return q - buf >= 2 && q[-1] == '/' && q[-2] == '<';
}

kp_status xlsxmerge_collect(xlsxzip *z, const xlsxzip_entry *e, const char *sheet, xlsxmerge **out,
                            size_t *n, kp_error *err)
{
    *out = NULL;
    *n = 0;
    /* a window of the inflated entry, and the tail of the previous one */
    unsigned char *buf = malloc(XLSXZIP_CHUNK + 64);
    if (!buf)
        return xlsxzip_no_memory(z, err);
    mscan ms = {.zip = z, .sheet = sheet, .err = err}, *s = &ms;
    xlsxzip_reader r;
    kp_status st = xlsxzip_read_open(z, &r, e, err);
    if (st == KP_OK)
        xlsxzip_read_ahead(z, &r, XLSXZIP_CHUNK);
    size_t carry = 0;
    while (st == KP_OK) {
        unsigned got;
        if ((st = xlsxzip_read(z, &r, buf + carry, XLSXZIP_CHUNK, &got, err)) != KP_OK || got == 0)
            break;
        size_t len = carry + got;
        if (s->state == 0) {
            /* a match ending in the new bytes has not been seen in the previous window */
            size_t from = carry > 8 ? carry - 8 : 0;
            const unsigned char *hit = buf + from;
            while ((hit = find_sheetdata(hit, (size_t)(buf + len - hit)))) {
                if (is_end_tag(buf, hit)) {
                    s->state = 2; /* inside the end tag, up to its '>' */
                    s->tover = true;
                    s->quote = 0;
                    merge_scan(s, (const char *)hit + 9, (size_t)(buf + len - hit - 9));
                    break;
                }
                hit += 9;
            }
            if (s->state == 0) {
                carry = len < 64 ? len : 64;
                memmove(buf, buf + len - carry, carry);
                continue;
            }
            carry = 0;
        } else {
            merge_scan(s, (const char *)buf, len);
        }
        if (s->st != KP_OK)
            st = s->st;
    }
    xlsxzip_read_close(z, &r);
    free(buf);
    if (st != KP_OK) {
        free(s->m);
        return st;
    }
    if (s->n)
        qsort(s->m, s->n, sizeof *s->m, merge_cmp);
    *out = s->m;
    *n = s->n;
    return KP_OK;
}

void xlsxmerge_free(xlsxmerge *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(m[i].text);
    free(m);
}

/* --- Filling the merges into the rows ---------------------------------------------------- */

kp_status xlsxmerge_feed_init(xlsxmerge_feed *f, const xlsxzip *z, const char *sheet,
                              xlsxin_row_fn fn, void *ud, kp_error *err)
{
    *f = (xlsxmerge_feed){.z = z, .sheet = sheet, .fn = fn, .ud = ud, .err = err};
    f->cells = malloc(XLSXIN_ROW_CELLS_MAX * sizeof *f->cells);
    if (!f->cells)
        f->st = xlsxzip_no_memory(z, err);
    return f->st;
}

kp_status xlsxmerge_feed_collect(xlsxmerge_feed *f, xlsxzip *z2, const xlsxzip_entry *e)
{
    f->st = xlsxmerge_collect(z2, e, f->sheet, &f->m, &f->nm, f->err);
    return f->st;
}

kp_status xlsxmerge_feed_status(const xlsxmerge_feed *f)
{
    return f->st;
}

void xlsxmerge_feed_free(xlsxmerge_feed *f)
{
    xlsxmerge_free(f->m, f->nm);
    free(f->cells);
    f->m = NULL;
    f->nm = 0;
    f->cells = NULL;
}

static int cell_cmp(const void *a, const void *b)
{
    const xlsxin_cell *x = a, *y = b;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* The cell at col among the first n (sorted) cells of the row. */
static xlsxin_cell *cell_at(xlsxmerge_feed *f, uint32_t col, size_t n)
{
    xlsxin_cell key = {.col = col};
    return n ? bsearch(&key, f->cells, n, sizeof key, cell_cmp) : NULL;
}

/* Ends row r, its own n cells in f->cells: fills in the merges running down over it, captures
 * the merges starting on it, hands the row over and retires merges ending on it. */
static bool emit(xlsxmerge_feed *f, uint32_t r, size_t n)
{
    size_t before = n;
    for (size_t k = 0; k < f->nactive; k++) {
        const xlsxmerge *m = &f->m[f->active[k]];
        xlsxin_cell *c = cell_at(f, m->col, before);
        for (size_t i = before; !c && i < n; i++)
            if (f->cells[i].col == m->col)
                c = &f->cells[i]; /* two merges down one column: the later one wins */
        xlsxin_cell v = {.col = m->col, .kind = m->kind, .text = m->text, .len = m->len};
        if (++f->injected > MERGE_CELLS_MAX) {
            f->st = xlsxzip_fail(f->z, f->err, KP_ERR_DATA,
                                 "lembar \"%s\": sel gabungan mengisi lebih dari %llu sel",
                                 f->sheet, (unsigned long long)MERGE_CELLS_MAX);
            return false;
        }
        if (c) {
            *c = v;
        } else if (n == XLSXIN_ROW_CELLS_MAX) {
            f->st = xlsxzip_fail(f->z, f->err, KP_ERR_DATA,
                                 "lembar \"%s\" baris %lu: lebih dari %u sel berisi", f->sheet,
                                 (unsigned long)r, XLSXIN_ROW_CELLS_MAX);
            return false;
        } else {
            f->cells[n++] = v;
        }
    }
    if (n != before)
        qsort(f->cells, n, sizeof *f->cells, cell_cmp);
    while (f->next < f->nm && f->m[f->next].r1 < r)
        f->next++; /* its first row had no cells: nothing to carry down */
    for (; f->next < f->nm && f->m[f->next].r1 == r; f->next++) {
        xlsxmerge *m = &f->m[f->next];
        const xlsxin_cell *c = cell_at(f, m->col, n);
        if (!c)
            continue;
        if (f->nactive == XLSXMERGE_ACTIVE_MAX) {
            f->st = xlsxzip_fail(f->z, f->err, KP_ERR_DATA,
                                 "lembar \"%s\" baris %lu: lebih dari %u sel gabungan bersamaan",
                                 f->sheet, (unsigned long)r, XLSXMERGE_ACTIVE_MAX);
            return false;
        }
        m->text = malloc(c->len + 1);
        if (!m->text) {
            f->st = xlsxzip_no_memory(f->z, f->err);
            return false;
        }
        memcpy(m->text, c->text, c->len);
        m->text[c->len] = '\0';
        m->len = c->len;
        m->kind = c->kind;
        f->active[f->nactive++] = f->next;
    }
    bool go = n == 0 || f->fn(f->ud, r, f->cells, n);
    size_t keep = 0;
    for (size_t k = 0; k < f->nactive; k++) {
        xlsxmerge *m = &f->m[f->active[k]];
        if (m->r2 > r) {
            f->active[keep++] = f->active[k];
        } else {
            free(m->text);
            m->text = NULL;
        }
    }
    f->nactive = keep;
    f->prev_row = r;
    return go;
}

bool xlsxmerge_feed_row(void *ud, uint32_t row, const xlsxin_cell *cells, size_t n)
{
    xlsxmerge_feed *f = ud;
    for (uint64_t r = (uint64_t)f->prev_row + 1; f->nactive && r < row; r++)
        if (!emit(f, (uint32_t)r, 0))
            return false;
    if (row > XLSXIN_ROWS_MAX)
        return true; /* the end of the sheet's cells */
    while (f->next < f->nm && f->m[f->next].r1 < row)
        f->next++; /* its first row had no cells: nothing to carry down */
    if (!f->nactive && (f->next == f->nm || f->m[f->next].r1 != row)) {
        /* no merge touches the row (nearly every row): as it stands */
        f->prev_row = row;
        return n == 0 || f->fn(f->ud, row, cells, n);
    }
    memcpy(f->cells, cells, n * sizeof *cells);
    return emit(f, row, n);
}
