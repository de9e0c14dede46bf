#include "read/xlsxsheet.h"

#include <stdlib.h>
#include <string.h>

#include "read/xlsxcell.h"
#include "read/xlsxmerge.h"
#include "read/xlsxrowq.h"
#include "read/xlsxscan.h"
#include "read/xlsxxml.h"

/* The text of one row's cells together; beyond it a row is an attack or a mistake. */
#define ROW_TEXT_MAX ((size_t)32 << 20)

/* strcmp(n, lit) == 0 for the short literal names of a sheet, in line: it runs for every tag
 * and attribute, and the library call cost more than the comparison. */
static inline bool name_is(const char *n, const char *lit)
{
    size_t i = 0;
    for (; lit[i]; i++)
        if (n[i] != lit[i])
            return false;
    return n[i] == '\0';
}

typedef struct icell {
    uint32_t col;
    xlsxin_kind kind;
    const char *ext; /* text outside the row's pool (shared string, merge value), or NULL */
    size_t off, len;
} icell;

typedef struct shctx {
    xlsxxml c;
    const char *sheet; /* its name, for messages */
    const xlsxsst *sst;
    xlsxin_row_fn fn;
    void *ud;
    /* where the parse is; pending: the row's number is settled, the row not handed over */
    bool in_data, in_row, row_known, pending;
    uint32_t row, prev_row;
    int64_t prev_col;
    /* the row being built */
    icell *cells;
    size_t ncells;
    bool sorted;
    char *pool;
    size_t plen, pcap;
    xlsxin_cell *out;
    /* the cell being read */
    bool in_cell, has_v, has_f, has_is, collect;
    char type; /* 'n' number, 's' shared, 'i' inline, 'S' formula text, 'b', 'e', 'd' */
    int rph;
    uint32_t col;
    size_t cstart;
} shctx;

static const char *sheet_ref(shctx *s, uint32_t col, char *buf)
{
    return xlsxcell_ref(col, s->row, buf, XLSXIN_REF_MAX);
}

static bool pool_reserve(shctx *s, size_t more)
{
    if (s->plen + more <= s->pcap)
        return true;
    if (s->plen + more > ROW_TEXT_MAX) {
        xlsxxml_fail(&s->c, KP_ERR_DATA, "lembar \"%s\" baris %lu: teks baris lebih dari %zu MiB",
                     s->sheet, (unsigned long)s->row, ROW_TEXT_MAX >> 20);
        return false;
    }
    size_t cap = s->pcap ? s->pcap : 65536;
    while (cap < s->plen + more)
        cap *= 2;
    char *n = realloc(s->pool, cap);
    if (!n) {
        xlsxxml_fail(&s->c, KP_ERR_IO, "memori habis");
        return false;
    }
    s->pool = n;
    s->pcap = cap;
    return true;
}

static bool push_cell(shctx *s, icell c)
{
    if (s->ncells == XLSXIN_ROW_CELLS_MAX) {
        xlsxxml_fail(&s->c, KP_ERR_DATA, "lembar \"%s\" baris %lu: lebih dari %u sel berisi",
                     s->sheet, (unsigned long)s->row, XLSXIN_ROW_CELLS_MAX);
        return false;
    }
    if (s->ncells && s->cells[s->ncells - 1].col >= c.col)
        s->sorted = false;
    s->cells[s->ncells++] = c;
    return true;
}

static int icell_cmp(const void *a, const void *b)
{
    const icell *x = a, *y = b;
    return x->col < y->col ? -1 : x->col > y->col;
}

static bool sort_cells(shctx *s)
{
    if (s->sorted)
        return true;
    qsort(s->cells, s->ncells, sizeof *s->cells, icell_cmp);
    s->sorted = true;
    for (size_t i = 1; i < s->ncells; i++)
        if (s->cells[i].col == s->cells[i - 1].col) {
            char ref[XLSXIN_REF_MAX];
            xlsxxml_fail(&s->c, KP_ERR_DATA, "lembar \"%s\": sel %s tercantum dua kali", s->sheet,
                         sheet_ref(s, s->cells[i].col, ref));
            return false;
        }
    return true;
}

/* Ends row r (its cells in s->cells) and hands it over, even when it holds none: the merges
 * (xlsxmerge.h) may fill it. */
static bool emit_row(shctx *s, uint32_t r)
{
    s->row = r;
    if (!sort_cells(s))
        return false;
    for (size_t i = 0; i < s->ncells; i++) {
        const icell *c = &s->cells[i];
        s->out[i] = (xlsxin_cell){c->col, c->kind, c->ext ? c->ext : s->pool + c->off, c->len};
    }
    bool go = s->fn(s->ud, r, s->out, s->ncells);
    s->ncells = 0;
    s->plen = 0;
    s->sorted = true;
    s->prev_row = r;
    s->pending = false;
    if (!go) {
        s->c.done = true;
        if (s->c.p)
            XML_StopParser(s->c.p, XML_FALSE);
    }
    return go;
}

/* Fixes the number of the row being read: from <row r>, its first cell's r, or the count. */
static bool settle_row(shctx *s, uint32_t r)
{
    if (r == 0)
        r = s->prev_row + 1;
    if (r > XLSXIN_ROWS_MAX || r <= s->prev_row) {
        xlsxxml_fail(&s->c, KP_ERR_DATA, "lembar \"%s\": baris %lu %s", s->sheet, (unsigned long)r,
                     r > XLSXIN_ROWS_MAX ? "di luar batas Excel (1048576)"
                                         : "tidak urut (sesudah baris yang lebih besar)");
        return false;
    }
    s->row_known = true;
    s->pending = true;
    s->row = r;
    return true;
}

static uint32_t parse_uint(const char *v, uint64_t max, bool *ok)
{
    uint64_t n = 0;
    *ok = *v != '\0';
    for (; *v; v++) {
        if (*v < '0' || *v > '9' || (n = n * 10 + (uint64_t)(*v - '0')) > max) {
            *ok = false;
            return 0;
        }
    }
    return (uint32_t)n;
}

static void cell_start(shctx *s, const XML_Char **atts)
{
    const char *r = NULL, *t = NULL;
    for (size_t i = 0; atts[i]; i += 2) {
        const char *n = xlsxxml_local(atts[i]);
        if (n[0] == 'r' && n[1] == '\0')
            r = atts[i + 1];
        else if (n[0] == 't' && n[1] == '\0')
            t = atts[i + 1];
    }
    uint32_t col = 0, row = 0;
    if (r) {
        if (!xlsxcell_parse_ref(r, &col, &row, NULL) || col == 0) {
            xlsxxml_fail(&s->c, KP_ERR_DATA,
                         "lembar \"%s\": alamat sel \"%.20s\" tidak sah atau di luar batas Excel "
                         "(XFD1048576)",
                         s->sheet, r);
            return;
        }
        col--;
    } else {
        col = (uint32_t)(s->prev_col + 1);
        if (col >= XLSXIN_COLS_MAX) {
            xlsxxml_fail(&s->c, KP_ERR_DATA, "lembar \"%s\" baris %lu: sel di luar kolom XFD",
                         s->sheet, (unsigned long)s->row);
            return;
        }
    }
    if (!s->row_known && !settle_row(s, row))
        return;
    if (row && row != s->row) {
        xlsxxml_fail(&s->c, KP_ERR_DATA, "lembar \"%s\": sel %s berada di dalam baris %lu",
                     s->sheet, r, (unsigned long)s->row);
        return;
    }
    s->prev_col = col;
    s->col = col;
    s->in_cell = true;
    s->has_v = s->has_f = s->has_is = s->collect = false;
    s->rph = 0;
    s->cstart = s->plen;
    s->type = 'n';
    if (t) {
        if (name_is(t, "s"))
            s->type = 's';
        else if (name_is(t, "inlineStr"))
            s->type = 'i';
        else if (name_is(t, "str"))
            s->type = 'S';
        else if (name_is(t, "b"))
            s->type = 'b';
        else if (name_is(t, "e"))
            s->type = 'e';
        else if (name_is(t, "d"))
            s->type = 'd';
        else if (!name_is(t, "n")) {
            char ref[XLSXIN_REF_MAX];
            xlsxxml_fail(&s->c, KP_ERR_DATA,
                         "lembar \"%s\" sel %s: jenis sel \"%.20s\" tidak dikenal", s->sheet,
                         sheet_ref(s, col, ref), t);
        }
    }
}

static void cell_end(shctx *s)
{
    char ref[XLSXIN_REF_MAX];
    s->in_cell = false;
    size_t len = s->plen - s->cstart;
    char *text = s->pool + s->cstart;
    icell c = {.col = s->col, .kind = XLSXIN_STRING, .off = s->cstart, .len = len};
    if (!s->has_v && !s->has_is) {
        s->plen = s->cstart;
        if (!s->has_f)
            return; /* a styled empty cell */
        c.kind = XLSXIN_NO_VALUE;
        c.ext = "";
        c.len = 0;
        push_cell(s, c);
        return;
    }
    switch (s->type) {
    case 's': {
        bool ok;
        char idx[24];
        size_t k = 0;
        for (size_t i = 0; i < len && k + 1 < sizeof idx; i++)
            if (text[i] != ' ' && text[i] != '\n' && text[i] != '\r' && text[i] != '\t')
                idx[k++] = text[i];
        idx[k] = '\0';
        s->plen = s->cstart;
        if (k == 0 && !s->has_f)
            return;
        uint32_t i = parse_uint(idx, UINT32_MAX, &ok);
        if (!ok || i >= xlsxsst_count(s->sst)) {
            xlsxxml_fail(&s->c, KP_ERR_DATA,
                         "lembar \"%s\" sel %s: string bersama nomor \"%s\" tidak ada", s->sheet,
                         sheet_ref(s, s->col, ref), idx);
            return;
        }
        c.ext = xlsxsst_get(s->sst, i, &c.len);
        break;
    }
    case 'n': {
        if (len == 0 || strspn(text, " \t\r\n") == len) {
            s->plen = s->cstart;
            if (!s->has_f)
                return;
            c.kind = XLSXIN_NO_VALUE;
            c.ext = "";
            c.len = 0;
            break;
        }
        char num[XLSXIN_NUMBER_MAX];
        if (!xlsxcell_format_number(text, len, num)) {
            xlsxxml_fail(&s->c, KP_ERR_DATA, "lembar \"%s\" sel %s: angka \"%.40s\" tidak sah",
                         s->sheet, sheet_ref(s, s->col, ref), text);
            return;
        }
        s->plen = s->cstart;
        c.len = strlen(num);
        if (!pool_reserve(s, c.len + 1))
            return;
        memcpy(s->pool + s->cstart, num, c.len + 1);
        s->plen = s->cstart + c.len + 1;
        c.kind = XLSXIN_NUMBER;
        push_cell(s, c);
        return;
    }
    case 'b':
        s->plen = s->cstart;
        c.kind = XLSXIN_BOOL;
        if (len == 1 && (text[0] == '0' || text[0] == '1')) {
            c.ext = text[0] == '1' ? "TRUE" : "FALSE";
        } else if ((len == 4 && memcmp(text, "true", 4) == 0) ||
                   (len == 5 && memcmp(text, "false", 5) == 0)) {
            c.ext = len == 4 ? "TRUE" : "FALSE";
        } else {
            xlsxxml_fail(&s->c, KP_ERR_DATA,
                         "lembar \"%s\" sel %s: nilai logika \"%.20s\" tidak sah", s->sheet,
                         sheet_ref(s, s->col, ref), text);
            return;
        }
        c.len = strlen(c.ext);
        break;
    case 'e':
        c.kind = XLSXIN_ERROR;
        s->plen++; /* the NUL cell_text left room for */
        break;
    default: /* inline, formula text, ISO date: text as it stands */
        c.len = xlsxcell_unescape(text, len);
        text[c.len] = '\0';
        s->plen = s->cstart + c.len + 1;
        break;
    }
    push_cell(s, c);
}

static void XMLCALL sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    shctx *s = ud;
    if (s->c.st != KP_OK || s->c.done)
        return;
    const char *n = xlsxxml_local(name);
    if (s->in_cell) {
        if (name_is(n, "v")) {
            s->collect = true;
        } else if (name_is(n, "f")) {
            s->has_f = true;
        } else if (name_is(n, "is")) {
            s->has_is = true;
        } else if (s->has_is && name_is(n, "rPh")) {
            s->rph++;
        } else if (s->has_is && !s->rph && name_is(n, "t")) {
            s->collect = true;
        }
    } else if (s->in_row) {
        if (name_is(n, "c"))
            cell_start(s, atts);
    } else if (s->in_data) {
        if (name_is(n, "row")) {
            s->in_row = true;
            s->row_known = false;
            s->prev_col = -1;
            const char *r = xlsxxml_attr(atts, "r");
            if (r) {
                bool ok;
                uint32_t v = parse_uint(r, XLSXIN_ROWS_MAX, &ok);
                if (!ok || v == 0) {
                    xlsxxml_fail(
                        &s->c, KP_ERR_DATA,
                        "lembar \"%s\": nomor baris \"%.20s\" tidak sah atau di luar batas "
                        "Excel (1048576)",
                        s->sheet, r);
                    return;
                }
                settle_row(s, v);
            }
        }
    } else if (name_is(n, "sheetData")) {
        s->in_data = true;
    } else if (name_is(n, "dimension")) {
        /* Only a hint, never used to size anything; still, a range Excel cannot have is a
         * damaged or forged file. */
        const char *ref = xlsxxml_attr(atts, "ref");
        uint32_t c1, r1, c2, r2;
        if (ref && !xlsxcell_parse_range(ref, &c1, &r1, &c2, &r2))
            xlsxxml_fail(&s->c, KP_ERR_DATA,
                         "lembar \"%s\": dimensi \"%.30s\" tidak sah atau di luar batas Excel "
                         "(XFD1048576)",
                         s->sheet, ref);
    }
}

static void XMLCALL sh_text(void *ud, const XML_Char *text, int len)
{
    shctx *s = ud;
    if (s->c.st != KP_OK || s->c.done)
        return;
    if (!s->collect)
        return;
    if (s->plen - s->cstart + (size_t)len > XLSXCELL_TEXT_MAX) {
        char ref[XLSXIN_REF_MAX];
        xlsxxml_fail(&s->c, KP_ERR_DATA, "lembar \"%s\" sel %s: isi lebih dari %zu KiB", s->sheet,
                     sheet_ref(s, s->col, ref), XLSXCELL_TEXT_MAX >> 10);
        return;
    }
    /* +1: room for the NUL the cell's text gets */
    if (!pool_reserve(s, (size_t)len + 1))
        return;
    memcpy(s->pool + s->plen, text, (size_t)len);
    s->plen += (size_t)len;
    s->pool[s->plen] = '\0';
}

static void XMLCALL sh_end(void *ud, const XML_Char *name)
{
    shctx *s = ud;
    if (s->c.st != KP_OK || s->c.done)
        return;
    const char *n = xlsxxml_local(name);
    if (s->in_cell) {
        if (name_is(n, "v")) {
            s->collect = false;
            s->has_v = true;
        } else if (name_is(n, "t")) {
            s->collect = false;
        } else if (name_is(n, "rPh") && s->rph) {
            s->rph--;
        } else if (name_is(n, "c")) {
            if (!pool_reserve(s, 1))
                return;
            s->pool[s->plen] = '\0';
            cell_end(s);
        }
    } else if (s->in_row && name_is(n, "row")) {
        s->in_row = false;
        if (!s->row_known && !settle_row(s, 0))
            return;
        emit_row(s, s->row);
    } else if (s->in_data && name_is(n, "sheetData")) {
        s->in_data = false;
        /* the rows merges fill after the last one; nothing after the cells matters, and the
         * merge pass checks the CRC */
        s->fn(s->ud, XLSXIN_ROWS_MAX + 1, s->out, 0);
        s->c.done = true;
        if (s->c.p)
            XML_StopParser(s->c.p, XML_FALSE);
    }
}

/* What the parse of a sheet needs besides its row function. */
typedef struct parse_arg {
    shctx *s;
    xlsxzip *z;
    const xlsxzip_entry *e;
    bool expat;
} parse_arg;

/* The second pass (an xlsxrowq_parse_fn): the same handlers under either parser; the scanner
 * hands over a sheet that is not UTF-8 before it reads anything. */
static kp_status parse(void *arg, xlsxin_row_fn fn, void *fn_ud, kp_error *err)
{
    parse_arg *a = arg;
    shctx *s = a->s;
    bool expat = a->expat;
    kp_status st = KP_OK;
    s->fn = fn;
    s->ud = fn_ud;
    const char *part = xlsxzip_entry_name(a->e);
    if (!expat) {
        s->c = (xlsxxml){.zip = a->z, .part = part, .err = err};
        xlsxscan_handlers h = {sh_start, sh_text, sh_end, &s->collect};
        st = xlsxscan_run(&s->c, a->e, &h, s, &expat);
    }
    if (st == KP_OK && expat) {
        xlsxxml keep;
        if (!xlsxxml_begin(&keep, a->z, part, err))
            return xlsxzip_no_memory(a->z, err);
        s->c = keep;
        XML_SetUserData(s->c.p, s);
        XML_SetElementHandler(s->c.p, sh_start, sh_end);
        XML_SetCharacterDataHandler(s->c.p, sh_text);
        st = xlsxxml_run(&s->c, a->e);
    }
    /* Reading row r failed once its number was settled: the rows before it that merges fill
     * were reached (an empty row r - 1 brings them). */
    if (st != KP_OK && s->pending && s->row - 1 > s->prev_row)
        fn(fn_ud, s->row - 1, s->out, 0);
    return st;
}

/* The merges, found on the reading thread while the cells are parsed (an xlsxrowq_prelude_fn):
 * through a second opening of the archive, which reads one entry at a time. */
typedef struct prelude_arg {
    xlsxmerge_feed *f;
    xlsxzip *z2;
    const xlsxzip_entry *e2;
} prelude_arg;

static kp_status prelude(void *arg, kp_error *err)
{
    (void)err; /* the feed fills it */
    prelude_arg *p = arg;
    return xlsxmerge_feed_collect(p->f, p->z2, p->e2);
}

kp_status xlsxsheet_rows(xlsxzip *z, const xlsxzip_entry *e, const char *sheet, const xlsxsst *sst,
                         bool expat, xlsxin_row_fn fn, void *ud, kp_error *err)
{
    xlsxmerge_feed f;
    kp_status st = xlsxmerge_feed_init(&f, z, sheet, fn, ud, err);
    /* Without a second opening (no memory, the file gone), the merges are found first. */
    xlsxzip *z2 = NULL;
    kp_error ignored;
    const xlsxzip_entry *e2 = NULL;
    if (st == KP_OK && xlsxzip_reopen(z, &z2, &ignored) == KP_OK)
        e2 = xlsxzip_find(z2, xlsxzip_entry_name(e));
    prelude_arg pa = {&f, z2, e2};
    if (st == KP_OK && !e2)
        st = xlsxmerge_feed_collect(&f, z, e);
    shctx *s = st == KP_OK ? calloc(1, sizeof *s) : NULL;
    if (s) {
        s->cells = malloc(XLSXIN_ROW_CELLS_MAX * sizeof *s->cells);
        s->out = malloc(XLSXIN_ROW_CELLS_MAX * sizeof *s->out);
    }
    if (st != KP_OK) {
        /* err says why */
    } else if (!s || !s->cells || !s->out) {
        st = xlsxzip_no_memory(z, err);
    } else {
        s->sheet = sheet;
        s->sst = sst;
        s->sorted = true;
        parse_arg a = {s, z, e, expat};
        st = xlsxrowq_run(parse, &a, e2 ? prelude : NULL, &pa, xlsxmerge_feed_row, &f,
                          xlsxzip_name(z), err);
        if (st == KP_OK)
            st = xlsxmerge_feed_status(&f);
    }
    xlsxzip_free(z2);
    xlsxmerge_feed_free(&f);
    if (s) {
        free(s->cells);
        free(s->out);
        free(s->pool);
        free(s);
    }
    return st;
}
