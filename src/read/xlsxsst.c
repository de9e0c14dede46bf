#include "read/xlsxsst.h"

#include <stdlib.h>
#include <string.h>

#include "read/xlsxcell.h"
#include "read/xlsxxml.h"

/* The shared strings table is the one thing held whole: 8M strings, 256 MiB of text. */
#define SST_COUNT_MAX ((size_t)8 << 20)
#define SST_BYTES_MAX ((size_t)256 << 20)

typedef struct sstctx {
    xlsxxml c;
    xlsxsst *t;
    bool in_si, in_t;
    int rph; /* depth inside <rPh> (phonetic runs: not part of the text) */
    size_t start;
} sstctx;

static bool sst_reserve(xlsxsst *t, size_t more)
{
    if (t->len + more <= t->cap)
        return true;
    size_t cap = t->cap ? t->cap : 65536;
    while (cap < t->len + more)
        cap *= 2;
    char *n = realloc(t->text, cap);
    if (!n)
        return false;
    t->text = n;
    t->cap = cap;
    return true;
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    sstctx *s = ud;
    if (s->c.st != KP_OK || s->c.done)
        return;
    const char *n = xlsxxml_local(name);
    if (strcmp(n, "si") == 0) {
        s->in_si = true;
        s->rph = 0;
        s->start = s->t->len;
    } else if (s->in_si && strcmp(n, "rPh") == 0) {
        s->rph++;
    } else if (s->in_si && !s->rph && strcmp(n, "t") == 0) {
        s->in_t = true;
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *text, int len)
{
    sstctx *s = ud;
    if (s->c.st != KP_OK || s->c.done)
        return;
    xlsxsst *t = s->t;
    if (!s->in_t)
        return;
    if (t->len - s->start + (size_t)len > XLSXCELL_TEXT_MAX) {
        xlsxxml_fail(&s->c, KP_ERR_DATA, "xl/sharedStrings.xml: string ke-%zu lebih dari %zu KiB",
                     t->n + 1, XLSXCELL_TEXT_MAX >> 10);
        return;
    }
    if (t->len + (size_t)len + 1 > SST_BYTES_MAX) {
        xlsxxml_fail(&s->c, KP_ERR_DATA, "xl/sharedStrings.xml: teks lebih dari %zu MiB",
                     SST_BYTES_MAX >> 20);
        return;
    }
    if (!sst_reserve(t, (size_t)len + 1)) {
        xlsxxml_fail(&s->c, KP_ERR_IO, "memori habis");
        return;
    }
    memcpy(t->text + t->len, text, (size_t)len);
    t->len += (size_t)len;
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    sstctx *s = ud;
    if (s->c.st != KP_OK || s->c.done)
        return;
    xlsxsst *t = s->t;
    const char *n = xlsxxml_local(name);
    if (strcmp(n, "t") == 0) {
        s->in_t = false;
    } else if (s->in_si && strcmp(n, "rPh") == 0) {
        s->rph--;
    } else if (strcmp(n, "si") == 0 && s->in_si) {
        s->in_si = false;
        if (t->n + 2 > SST_COUNT_MAX) {
            xlsxxml_fail(&s->c, KP_ERR_DATA, "xl/sharedStrings.xml: lebih dari %zu string",
                         SST_COUNT_MAX);
            return;
        }
        if (!sst_reserve(t, 1)) {
            xlsxxml_fail(&s->c, KP_ERR_IO, "memori habis");
            return;
        }
        t->len = s->start + xlsxcell_unescape(t->text + s->start, t->len - s->start);
        t->text[t->len++] = '\0';
        if (t->n + 2 > t->offcap) {
            size_t cap = t->offcap ? t->offcap * 2 : 1024;
            size_t *o = realloc(t->off, cap * sizeof *o);
            if (!o) {
                xlsxxml_fail(&s->c, KP_ERR_IO, "memori habis");
                return;
            }
            t->off = o;
            t->offcap = cap;
        }
        t->off[t->n] = s->start;
        t->off[++t->n] = t->len;
    }
}

kp_status xlsxsst_load(xlsxsst *t, xlsxzip *z, const xlsxzip_entry *e, kp_error *err)
{
    sstctx s = {0};
    if (!xlsxxml_begin(&s.c, z, xlsxzip_entry_name(e), err))
        return xlsxzip_no_memory(z, err);
    s.t = t;
    XML_SetElementHandler(s.c.p, sst_start, sst_end);
    XML_SetCharacterDataHandler(s.c.p, sst_text);
    return xlsxxml_run(&s.c, e);
}

void xlsxsst_free(xlsxsst *t)
{
    free(t->text);
    free(t->off);
}
