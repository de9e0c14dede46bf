#include "read/xlsxin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read/xlsxcell.h"
#include "read/xlsxsheet.h"
#include "read/xlsxsst.h"
#include "read/xlsxxml.h"
#include "read/xlsxzip.h"
#include "util/arena.h"

/* A workbook far beyond any real one, so that a hostile one stays cheap. */
#define SHEETS_MAX 4096u
#define RELS_MAX   16384u

typedef struct sheet {
    const char *name;
    const char *rid;
    const xlsxzip_entry *e; /* NULL: not a worksheet (a chart sheet) */
    bool visible;
} sheet;

typedef struct rel {
    const char *id;
    const char *target; /* resolved to an entry name */
    bool worksheet;
} rel;

struct xlsxin {
    xlsxzip *zip;
    arena *a;
    sheet *sheets;
    size_t n_sheets;
    xlsxsst sst;
    bool expat; /* sheets through expat, not the scanner (xlsxin_use_expat) */
};

/* --- workbook.xml and its relationships ------------------------------------------------- */

typedef struct wbctx {
    xlsxxml c;
    xlsxin *x;
    size_t cap;
} wbctx;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    wbctx *w = ud;
    if (w->c.st != KP_OK || w->c.done)
        return;
    xlsxin *x = w->x;
    if (strcmp(xlsxxml_local(name), "sheet") != 0)
        return;
    if (x->n_sheets == SHEETS_MAX) {
        xlsxxml_fail(&w->c, KP_ERR_DATA, "buku kerja memuat lebih dari %u lembar", SHEETS_MAX);
        return;
    }
    const char *nm = xlsxxml_attr(atts, "name"), *state = xlsxxml_attr(atts, "state"), *rid = NULL;
    for (size_t i = 0; atts[i]; i += 2)
        if (strchr(atts[i], ':') && strcmp(xlsxxml_local(atts[i]), "id") == 0)
            rid = atts[i + 1];
    if (!nm || !rid) {
        xlsxxml_fail(&w->c, KP_ERR_DATA, "xl/workbook.xml: lembar tanpa nama atau r:id");
        return;
    }
    if (x->n_sheets == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        sheet *s = realloc(x->sheets, cap * sizeof *s);
        if (!s) {
            xlsxxml_fail(&w->c, KP_ERR_IO, "memori habis");
            return;
        }
        x->sheets = s;
        w->cap = cap;
    }
    sheet *s = &x->sheets[x->n_sheets];
    s->name = arena_strdup(x->a, nm);
    s->rid = arena_strdup(x->a, rid);
    s->e = NULL;
    s->visible = !state || strcmp(state, "visible") == 0;
    if (!s->name || !s->rid) {
        xlsxxml_fail(&w->c, KP_ERR_IO, "memori habis");
        return;
    }
    x->n_sheets++;
}

typedef struct relctx {
    xlsxxml c;
    xlsxin *x;
    rel *rels;
    size_t n, cap;
    const char *sst; /* target of the sharedStrings relationship */
} relctx;

static bool type_is(const char *type, const char *what)
{
    size_t n = strlen(type), w = strlen(what);
    return n > w && type[n - w - 1] == '/' && strcmp(type + n - w, what) == 0;
}

/* A relationship target is relative to xl/ (the folder of workbook.xml) unless it starts
 * with '/'; "." and ".." segments are resolved. NULL when it leaves the archive. */
static char *resolve(arena *a, const char *target)
{
    char in[XLSXZIP_NAME_MAX + 8];
    if (target[0] == '/')
        snprintf(in, sizeof in, "%s", target + 1);
    else
        snprintf(in, sizeof in, "xl/%s", target);
    char out[sizeof in];
    size_t o = 0;
    for (char *seg = in; seg && *seg;) {
        char *slash = strchr(seg, '/');
        size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
        if (n == 0 || (n == 1 && seg[0] == '.')) {
            /* nothing */
        } else if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            if (o == 0)
                return NULL;
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
        } else {
            if (o)
                out[o++] = '/';
            memcpy(out + o, seg, n);
            o += n;
        }
        seg = slash ? slash + 1 : NULL;
    }
    out[o] = '\0';
    return arena_strdup(a, out);
}

static void XMLCALL rel_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    relctx *r = ud;
    if (r->c.st != KP_OK || r->c.done)
        return;
    xlsxin *x = r->x;
    if (strcmp(xlsxxml_local(name), "Relationship") != 0)
        return;
    const char *id = xlsxxml_attr(atts, "Id"), *type = xlsxxml_attr(atts, "Type"),
               *target = xlsxxml_attr(atts, "Target"), *mode = xlsxxml_attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    bool ws = type_is(type, "worksheet"), sst = type_is(type, "sharedStrings");
    if (r->n == RELS_MAX) {
        xlsxxml_fail(&r->c, KP_ERR_DATA, "xl/_rels/workbook.xml.rels memuat lebih dari %u relasi",
                     RELS_MAX);
        return;
    }
    char *t = resolve(x->a, target);
    if (!t)
        return;
    if (sst) {
        r->sst = t;
        return;
    }
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        rel *n = realloc(r->rels, cap * sizeof *n);
        if (!n) {
            xlsxxml_fail(&r->c, KP_ERR_IO, "memori habis");
            return;
        }
        r->rels = n;
        r->cap = cap;
    }
    r->rels[r->n].id = arena_strdup(x->a, id);
    r->rels[r->n].target = t;
    r->rels[r->n].worksheet = ws;
    if (!r->rels[r->n].id) {
        xlsxxml_fail(&r->c, KP_ERR_IO, "memori habis");
        return;
    }
    r->n++;
}

/* Reads workbook.xml and its relationships: the sheets, each with its entry. *sst_name is
 * the shared strings' entry when the relationships name one. */
static kp_status read_workbook(xlsxin *x, const xlsxzip_entry *wb, const char **sst_name,
                               kp_error *err)
{
    wbctx w;
    if (!xlsxxml_begin(&w.c, x->zip, "xl/workbook.xml", err))
        return xlsxzip_no_memory(x->zip, err);
    w.x = x;
    w.cap = 0;
    XML_SetStartElementHandler(w.c.p, wb_start);
    kp_status st = xlsxxml_run(&w.c, wb);
    if (st != KP_OK)
        return st;

    relctx r = {0};
    const xlsxzip_entry *re = xlsxzip_find(x->zip, "xl/_rels/workbook.xml.rels");
    if (re) {
        if (!xlsxxml_begin(&r.c, x->zip, "xl/_rels/workbook.xml.rels", err))
            return xlsxzip_no_memory(x->zip, err);
        r.x = x;
        XML_SetStartElementHandler(r.c.p, rel_start);
        st = xlsxxml_run(&r.c, re);
    } else if (x->n_sheets) {
        st = xlsxzip_fail(x->zip, err, KP_ERR_DATA,
                          "buku kerja rusak: xl/_rels/workbook.xml.rels tidak ada");
    }
    for (size_t i = 0; st == KP_OK && i < x->n_sheets; i++) {
        sheet *s = &x->sheets[i];
        const rel *found = NULL;
        for (size_t k = 0; k < r.n && !found; k++)
            if (strcmp(r.rels[k].id, s->rid) == 0)
                found = &r.rels[k];
        if (!found) {
            st = xlsxzip_fail(x->zip, err, KP_ERR_DATA,
                              "buku kerja rusak: lembar \"%s\" tanpa relasi %s", s->name, s->rid);
        } else if (found->worksheet) {
            s->e = xlsxzip_find(x->zip, found->target);
            if (!s->e)
                st = xlsxzip_fail(x->zip, err, KP_ERR_DATA,
                                  "buku kerja rusak: lembar \"%s\" (%s) tidak ada", s->name,
                                  found->target);
        }
    }
    *sst_name = r.sst;
    free(r.rels);
    return st;
}

static kp_status load(xlsxin *x, kp_error *err)
{
    const char *sst_name;
    kp_status st = read_workbook(x, xlsxzip_find(x->zip, "xl/workbook.xml"), &sst_name, err);
    if (st != KP_OK)
        return st;
    const xlsxzip_entry *se = xlsxzip_find(x->zip, sst_name ? sst_name : "xl/sharedStrings.xml");
    return se ? xlsxsst_load(&x->sst, x->zip, se, err) : KP_OK;
}

static kp_status open_common(xlsxin *x, kp_status st, xlsxin **out, kp_error *err)
{
    if (st == KP_OK)
        st = load(x, err);
    if (st != KP_OK) {
        xlsxin_free(x);
        return st;
    }
    *out = x;
    return KP_OK;
}

static xlsxin *alloc_x(void)
{
    xlsxin *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->a = arena_new(0);
    if (!x->a) {
        free(x);
        return NULL;
    }
    return x;
}

kp_status xlsxin_open(const char *path, xlsxin **out, kp_error *err)
{
    *out = NULL;
    xlsxin *x = alloc_x();
    if (!x)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    return open_common(x, xlsxzip_open(path, &x->zip, err), out, err);
}

kp_status xlsxin_open_mem(const void *data, size_t size, const char *name, xlsxin **out,
                          kp_error *err)
{
    *out = NULL;
    xlsxin *x = alloc_x();
    if (!x)
        return kp_error_set(err, KP_ERR_IO, name, 0, 0, "memori habis");
    return open_common(x, xlsxzip_open_mem(data, size, name, &x->zip, err), out, err);
}

bool xlsxin_sniff(const char *path)
{
    return xlsxzip_sniff(path);
}

void xlsxin_free(xlsxin *x)
{
    if (!x)
        return;
    xlsxzip_free(x->zip);
    free(x->sheets);
    xlsxsst_free(&x->sst);
    arena_free(x->a);
    free(x);
}

size_t xlsxin_sheet_count(const xlsxin *x)
{
    return x->n_sheets;
}

const char *xlsxin_sheet_name(const xlsxin *x, size_t i)
{
    return i < x->n_sheets ? x->sheets[i].name : NULL;
}

bool xlsxin_sheet_visible(const xlsxin *x, size_t i)
{
    return i < x->n_sheets && x->sheets[i].visible;
}

int xlsxin_sheet_find(const xlsxin *x, const char *name)
{
    for (size_t i = 0; i < x->n_sheets; i++)
        if (strcasecmp(x->sheets[i].name, name) == 0)
            return (int)i;
    return -1;
}

kp_status xlsxin_sheet_rows(xlsxin *x, size_t sheet_i, xlsxin_row_fn fn, void *ud, kp_error *err)
{
    if (sheet_i >= x->n_sheets)
        return xlsxzip_fail(x->zip, err, KP_ERR_INTERNAL, "lembar nomor %zu tidak ada", sheet_i);
    const sheet *sh = &x->sheets[sheet_i];
    if (!sh->e)
        return KP_OK;
    return xlsxsheet_rows(x->zip, sh->e, sh->name, &x->sst, x->expat, fn, ud, err);
}

void xlsxin_use_expat(xlsxin *x, bool expat)
{
    x->expat = expat;
}

char *xlsxin_cell_ref(uint32_t col, uint32_t row, char *buf, size_t cap)
{
    return xlsxcell_ref(col, row, buf, cap);
}

bool xlsxin_format_number(const char *s, size_t len, char *out)
{
    return xlsxcell_format_number(s, len, out);
}
