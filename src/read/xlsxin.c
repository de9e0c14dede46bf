/* memmem: the merge pass looks for one tag in hundreds of megabytes. */
#define _GNU_SOURCE
#include "read/xlsxin.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <minizip/unzip.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/arena.h"
#include "util/utf8.h"

/* Inflated bytes handed to expat or the merge scan at a time: large, so that the per-call
 * cost of minizip and expat disappears next to the work. */
#define CHUNK (256u * 1024u)
/* Zip bomb limits: no entry inflates beyond 1 GiB, and an entry over 32 MiB may not inflate
 * more than 200 times its compressed size (real sheets compress 5-30:1). */
#define ENTRY_BYTES_MAX ((uint64_t)1 << 30)
#define RATIO_MAX       200u
#define RATIO_FROM      ((uint64_t)32 << 20)
/* Archive and workbook sizes far beyond any real workbook, so hostile ones stay cheap. */
#define ENTRIES_MAX    100000u
#define SHEETS_MAX     4096u
#define RELS_MAX       16384u
#define ENTRY_NAME_MAX 1024u
/* The shared strings table is the one thing held whole: 8M strings, 256 MiB of text. */
#define SST_COUNT_MAX ((size_t)8 << 20)
#define SST_BYTES_MAX ((size_t)256 << 20)
/* Excel holds at most 32,767 characters in a cell (under 100 KB of UTF-8). */
#define CELL_TEXT_MAX ((size_t)256 << 10)
#define ROW_TEXT_MAX  ((size_t)32 << 20)
/* Merges: how many a sheet may list, how many may run down at once, how many cells they may
 * fill in all, so that a few hostile merges cannot turn into billions of cells. */
#define MERGES_MAX        1000000u
#define ACTIVE_MERGES_MAX 256u
#define MERGE_CELLS_MAX   ((uint64_t)64 << 20)
/* Memory one expat parser may hold (its buffer, tag stack, attributes): real parts need well
 * under a megabyte, so a 1 GB attribute or 10 million nested tags fail early instead. */
#define XML_MEM_MAX ((size_t)64 << 20)

#define MSG_TERENKRIPSI                                                                            \
    "buku kerja terenkripsi (berkata sandi): buka di Excel, hapus kata sandinya, simpan lagi"

/* --- The archive's bytes: a file or a memory block, behind minizip's I/O functions -------- */

typedef struct src {
    FILE *f;
    const unsigned char *mem;
    uint64_t size, pos;
} src;

static voidpf ZCALLBACK src_open(voidpf opaque, const void *name, int mode)
{
    (void)name;
    return (mode & ZLIB_FILEFUNC_MODE_READ) ? opaque : NULL;
}

static uLong ZCALLBACK src_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    (void)opaque;
    src *s = stream;
    if (s->f)
        return (uLong)fread(buf, 1, size, s->f);
    uint64_t n = s->pos < s->size ? s->size - s->pos : 0;
    if (n > size)
        n = size;
    memcpy(buf, s->mem + s->pos, (size_t)n);
    s->pos += n;
    return (uLong)n;
}

static uLong ZCALLBACK src_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque;
    (void)stream;
    (void)buf;
    (void)size;
    return 0;
}

static ZPOS64_T ZCALLBACK src_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    src *s = stream;
    if (s->f) {
        off_t o = ftello(s->f);
        return o < 0 ? (ZPOS64_T)-1 : (ZPOS64_T)o;
    }
    return s->pos;
}

static long ZCALLBACK src_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
    (void)opaque;
    src *s = stream;
    uint64_t base = origin == ZLIB_FILEFUNC_SEEK_SET   ? 0
                    : origin == ZLIB_FILEFUNC_SEEK_END ? s->size
                                                       : src_tell(opaque, stream);
    if (off > UINT64_MAX - base || base + off > s->size)
        return -1;
    if (s->f)
        return fseeko(s->f, (off_t)(base + off), SEEK_SET) == 0 ? 0 : -1;
    s->pos = base + off;
    return 0;
}

static int ZCALLBACK src_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

static int ZCALLBACK src_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    src *s = stream;
    return s->f ? ferror(s->f) : 0;
}

/* Reads n bytes at offset off; false when the source is shorter. */
static bool src_read_at(src *s, uint64_t off, void *buf, size_t n)
{
    if (off > s->size || n > s->size - off)
        return false;
    if (src_seek(NULL, s, off, ZLIB_FILEFUNC_SEEK_SET) != 0)
        return false;
    return src_read(NULL, s, buf, (uLong)n) == n;
}

/* --- The workbook ------------------------------------------------------------------------ */

typedef struct entry {
    const char *name;
    unz64_file_pos pos;
    uint64_t csize, usize;
    unsigned long flag, method;
} entry;

typedef struct sheet {
    const char *name;
    const char *rid;
    const entry *e; /* NULL: not a worksheet (a chart sheet) */
    bool visible;
} sheet;

typedef struct rel {
    const char *id;
    const char *target; /* resolved to an entry name */
    bool worksheet;
} rel;

/* Vertical merge: the value of (r1, col) is given on rows r1+1 .. r2 too. */
typedef struct merge {
    uint32_t r1, r2, col;
    xlsxin_kind kind;
    char *text; /* captured when row r1 is read */
    size_t len;
} merge;

struct xlsxin {
    char *path;
    src in;
    unzFile zf;
    arena *a;
    entry *entries; /* sorted by name, ASCII case ignored (OPC part names are) */
    size_t n_entries;
    sheet *sheets;
    size_t n_sheets;
    /* shared strings: string i is pool + off[i], its length off[i+1] - off[i] - 1 */
    char *sst;
    size_t sst_len, sst_cap;
    size_t *sst_off;
    size_t sst_n, sst_offcap;
    unsigned char *buf; /* CHUNK + lookbehind, for the merge pass */
    bool expat;         /* sheets through expat, not the scanner (xlsxin_use_expat) */
};

/* Fills err for the workbook's file. */
static kp_status fail(const xlsxin *x, kp_error *err, kp_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static kp_status fail(const xlsxin *x, kp_error *err, kp_status st, const char *fmt, ...)
{
    char msg[KP_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return kp_error_set(err, st, x->path, 0, 0, "%s", msg);
}

static kp_status no_memory(const xlsxin *x, kp_error *err)
{
    return fail(x, err, KP_ERR_IO, "memori habis");
}

static int entry_cmp(const void *a, const void *b)
{
    return strcasecmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static const entry *entry_find(const xlsxin *x, const char *name)
{
    entry key = {.name = name};
    return x->n_entries ? bsearch(&key, x->entries, x->n_entries, sizeof key, entry_cmp) : NULL;
}

/* --- Reading one entry, with the zip bomb limits ----------------------------------------- */

typedef struct ereader {
    const entry *e;
    uint64_t total;
    bool open;
} ereader;

static kp_status entry_open(xlsxin *x, ereader *r, const entry *e, kp_error *err)
{
    r->e = e;
    r->total = 0;
    r->open = false;
    if (e->flag & 1u)
        return fail(x, err, KP_ERR_DATA, MSG_TERENKRIPSI);
    if (e->method != 0 && e->method != Z_DEFLATED)
        return fail(x, err, KP_ERR_DATA, "%s dimampatkan dengan metode %lu yang tidak didukung",
                    e->name, e->method);
    if (e->usize > ENTRY_BYTES_MAX)
        return fail(x, err, KP_ERR_DATA,
                    "%s terlalu besar setelah diekstrak (lebih dari 1 GiB; bom zip?)", e->name);
    if (e->usize > RATIO_FROM && e->usize / RATIO_MAX > e->csize)
        return fail(x, err, KP_ERR_DATA,
                    "%s mengembang lebih dari %u kali saat diekstrak (bom zip?)", e->name,
                    RATIO_MAX);
    if (unzGoToFilePos64(x->zf, &e->pos) != UNZ_OK || unzOpenCurrentFile(x->zf) != UNZ_OK)
        return fail(x, err, KP_ERR_DATA, "arsip zip rusak: %s tidak terbaca", e->name);
    r->open = true;
    return KP_OK;
}

/* Reads up to cap bytes; *got 0 at the end (after the CRC was checked). */
static kp_status entry_read(xlsxin *x, ereader *r, void *buf, unsigned cap, unsigned *got,
                            kp_error *err)
{
    int n = unzReadCurrentFile(x->zf, buf, cap);
    *got = 0;
    if (n < 0)
        return fail(x, err, KP_ERR_DATA, "arsip zip rusak: %s tidak terbaca (%d)", r->e->name, n);
    if (n == 0) {
        r->open = false;
        if (unzCloseCurrentFile(x->zf) != UNZ_OK)
            return fail(x, err, KP_ERR_DATA, "arsip zip rusak: CRC %s tidak cocok", r->e->name);
        return KP_OK;
    }
    /* minizip stops at the size the directory claims; these catch a lie all the same. */
    r->total += (unsigned)n;
    if (r->total > ENTRY_BYTES_MAX)
        return fail(x, err, KP_ERR_DATA,
                    "%s terlalu besar setelah diekstrak (lebih dari 1 GiB; bom zip?)", r->e->name);
    if (r->total > RATIO_FROM && r->total / RATIO_MAX > r->e->csize)
        return fail(x, err, KP_ERR_DATA,
                    "%s mengembang lebih dari %u kali saat diekstrak (bom zip?)", r->e->name,
                    RATIO_MAX);
    *got = (unsigned)n;
    return KP_OK;
}

static void entry_close(xlsxin *x, ereader *r)
{
    if (r->open)
        unzCloseCurrentFile(x->zf);
    r->open = false;
}

/* --- expat, with a memory cap and no DTD ------------------------------------------------- */

/* The suite's functions get no context: the count is per thread, and a thread runs one
 * parser at a time. */
static _Thread_local size_t xml_mem_used;

typedef union xml_hdr {
    size_t size;
    max_align_t align;
} xml_hdr;

static void *xml_malloc(size_t n)
{
    if (n > XML_MEM_MAX || xml_mem_used + n > XML_MEM_MAX)
        return NULL;
    xml_hdr *h = malloc(sizeof *h + n);
    if (!h)
        return NULL;
    h->size = n;
    xml_mem_used += n;
    return h + 1;
}

static void xml_free(void *p)
{
    if (!p)
        return;
    xml_hdr *h = (xml_hdr *)p - 1;
    xml_mem_used -= h->size;
    free(h);
}

static void *xml_realloc(void *p, size_t n)
{
    if (!p)
        return xml_malloc(n);
    xml_hdr *h = (xml_hdr *)p - 1;
    size_t old = h->size;
    if (n > XML_MEM_MAX || (n > old && xml_mem_used + (n - old) > XML_MEM_MAX))
        return NULL;
    xml_hdr *g = realloc(h, sizeof *g + n);
    if (!g)
        return NULL;
    g->size = n;
    xml_mem_used = xml_mem_used - old + n;
    return g + 1;
}

static const XML_Memory_Handling_Suite xml_mem = {xml_malloc, xml_realloc, xml_free};

/* What every parse shares; the specific contexts start with it. */
typedef struct pctx {
    xlsxin *x;
    XML_Parser p;
    const char *part;
    kp_error *err;
    kp_status st;
    bool done; /* stopped on purpose: what was wanted has been read */
} pctx;

static void pfail(pctx *c, kp_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void pfail(pctx *c, kp_status st, const char *fmt, ...)
{
    if (c->st == KP_OK) {
        char msg[KP_ERROR_MSG_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        c->st = kp_error_set(c->err, st, c->x->path, 0, 0, "%s", msg);
    }
    if (c->p) /* NULL: the sheet scanner, which stops on c->st */
        XML_StopParser(c->p, XML_FALSE);
}

/* A DTD is the door to entity expansion (billion laughs) and external entities: no part of a
 * workbook has one, so any DOCTYPE ends the parse. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal_subset;
    pctx *c = ud;
    pfail(c, KP_ERR_DATA, "%s memuat DOCTYPE: DTD ditolak (celah entitas XML)", c->part);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
    (void)name;
    (void)is_param;
    (void)value;
    (void)value_len;
    (void)base;
    (void)sysid;
    (void)pubid;
    (void)notation;
    pctx *c = ud;
    pfail(c, KP_ERR_DATA, "%s memuat deklarasi entitas: ditolak", c->part);
}

static bool xml_begin(pctx *c, xlsxin *x, const char *part, kp_error *err)
{
    memset(c, 0, sizeof *c);
    c->x = x;
    c->part = part;
    c->err = err;
    c->p = XML_ParserCreate_MM(NULL, &xml_mem, NULL);
    if (!c->p)
        return false;
    XML_SetUserData(c->p, c);
    XML_SetStartDoctypeDeclHandler(c->p, on_doctype);
    XML_SetEntityDeclHandler(c->p, on_entity);
    XML_SetParamEntityParsing(c->p, XML_PARAM_ENTITY_PARSING_NEVER);
    return true;
}

/* Element and attribute names without their namespace prefix ("x:row" is "row"): the reader
 * does not resolve namespaces, and writers differ in the prefixes they pick. */
static const char *local(const char *n)
{
    /* a loop, not strchr: names are a few bytes, and this runs for every tag of a sheet */
    for (const char *p = n; *p; p++)
        if (*p == ':')
            return p + 1;
    return n;
}

static const char *attr(const XML_Char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* Feeds the whole entry to the parser set up in c, then frees the parser. */
static kp_status xml_run(pctx *c, const entry *e)
{
    xlsxin *x = c->x;
    ereader r;
    kp_status st = entry_open(x, &r, e, c->err);
    for (bool last = false; st == KP_OK && !last;) {
        void *b = XML_GetBuffer(c->p, CHUNK);
        if (!b) {
            st = fail(x, c->err, KP_ERR_DATA, "%s: struktur XML terlalu besar", e->name);
            break;
        }
        unsigned got;
        st = entry_read(x, &r, b, CHUNK, &got, c->err);
        if (st != KP_OK)
            break;
        last = got == 0;
        if (XML_ParseBuffer(c->p, (int)got, last) != XML_STATUS_OK) {
            if (c->st != KP_OK)
                st = c->st;
            else if (c->done)
                break;
            else if (XML_GetErrorCode(c->p) == XML_ERROR_NO_MEMORY)
                st = fail(x, c->err, KP_ERR_DATA, "%s: struktur XML terlalu besar atau dalam",
                          e->name);
            else
                st = fail(x, c->err, KP_ERR_DATA, "%s bukan XML yang sah (baris %lu, kolom %lu)",
                          e->name, (unsigned long)XML_GetCurrentLineNumber(c->p),
                          (unsigned long)XML_GetCurrentColumnNumber(c->p) + 1);
        }
    }
    entry_close(x, &r);
    XML_ParserFree(c->p);
    c->p = NULL;
    return st;
}

/* --- Text: OOXML's _xHHHH_ escapes ------------------------------------------------------ */

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* The code of an escape _xHHHH_ at s (n bytes available), or -1. */
static long escape_at(const char *s, size_t n)
{
    if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
        return -1;
    long v = 0;
    for (int i = 2; i < 6; i++) {
        int h = hexval(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Excel writes characters XML cannot carry (a carriage return, other controls) as _x000D_,
 * and a literal "_x" as _x005F_x. Decodes them in place; returns the new length (never
 * longer). NUL and lone surrogates stay as written. */
static size_t unescape(char *s, size_t n)
{
    if (!memchr(s, '_', n))
        return n;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        long v = escape_at(s + i, n - i);
        if (v > 0 && (v < 0xD800 || v > 0xDFFF)) {
            o += utf8_encode((uint32_t)v, s + o);
            i += 7;
            continue;
        }
        if (v >= 0xD800 && v <= 0xDBFF) {
            long lo = escape_at(s + i + 7, n - i - 7);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                o += utf8_encode(
                    0x10000u + (((uint32_t)v - 0xD800) << 10) + ((uint32_t)lo - 0xDC00), s + o);
                i += 14;
                continue;
            }
        }
        s[o++] = s[i++];
    }
    return o;
}

/* --- Numbers ---------------------------------------------------------------------------- */

/* Writes the number with significant digits dig[0..nd) (no trailing zeros, nd >= 1) and
 * decimal exponent exp10 (the first digit's place) as Excel shows it. */
static void render_number(bool neg, const char *dig, size_t nd, int exp10, char *out)
{
    char *o = out;
    if (neg)
        *o++ = '-';
    if (exp10 < -20 || exp10 > 20) {
        *o++ = dig[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, dig + 1, nd - 1);
            o += nd - 1;
        }
        snprintf(o, (size_t)(out + XLSXIN_NUMBER_MAX - o), "E%c%02d", exp10 < 0 ? '-' : '+',
                 abs(exp10));
        return;
    }
    if (exp10 < 0) {
        *o++ = '0';
        *o++ = '.';
        for (int z = 0; z < -exp10 - 1; z++)
            *o++ = '0';
        memcpy(o, dig, nd);
        o += nd;
    } else {
        size_t intd = (size_t)exp10 + 1;
        for (size_t k = 0; k < intd; k++)
            *o++ = k < nd ? dig[k] : '0';
        if (nd > intd) {
            *o++ = '.';
            memcpy(o, dig + intd, nd - intd);
            o += nd - intd;
        }
    }
    *o = '\0';
}

/* The exact way: strtod, then printf's correctly rounded 15 significant digits. */
static bool format_slow(const char *tmp, char *out)
{
    double v = strtod(tmp, NULL);
    if (!isfinite(v))
        return false;
    if (v == 0) {
        strcpy(out, "0");
        return true;
    }
    char e[40];
    snprintf(e, sizeof e, "%.14e", v); /* "d.dddddddddddddde[+-]XX" */
    const char *p = e;
    bool neg = *p == '-';
    if (neg)
        p++;
    char dig[16];
    size_t nd = 0;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            dig[nd++] = *p;
    int exp10 = atoi(p + 1);
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    render_number(neg, dig, nd, exp10, out);
    return true;
}

bool xlsxin_format_number(const char *s, size_t len, char *out)
{
    out[0] = '\0';
    while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++, len--;
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    /* Only plain decimal notation: strtod would also take "nan", "inf" and hex floats. */
    char tmp[400];
    if (len == 0 || len >= sizeof tmp)
        return false;
    size_t i = 0, digits = 0;
    bool neg = s[0] == '-';
    if (s[i] == '+' || s[i] == '-')
        i++;
    /* significant digits as written, for the fast path below */
    char dig[20];
    size_t nd = 0, total = 0;
    int exp10 = -1;
    bool seen = false;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (s[i] != '0' || seen) {
            seen = true;
            if (nd < sizeof dig)
                dig[nd++] = s[i];
            total++;
        }
        if (seen)
            exp10++;
    }
    if (i < len && s[i] == '.') {
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
            if (s[i] != '0' || seen) {
                seen = true;
                if (nd < sizeof dig)
                    dig[nd++] = s[i];
                total++;
            } else {
                exp10--;
            }
        }
    }
    if (digits == 0)
        return false;
    bool has_exp = false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        has_exp = true;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t e0 = i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == e0)
            return false;
    }
    if (i != len)
        return false;
    if (!has_exp) {
        if (!seen) {
            strcpy(out, "0");
            return true;
        }
        /* trailing zeros are not significant ("92.00" is 92) */
        if (total <= sizeof dig) {
            while (total > 1 && dig[total - 1] == '0')
                total--;
            nd = total;
        }
        /*
         * Rounding the text itself to 15 digits gives what printf gives for the double, as
         * long as no rounding boundary (digit 16 = 5, the rest 0) lies between the text and
         * the double. Writers put a double's 17-digit form (within half a unit of the 17th
         * digit of it); the double may sit up to ~9 units of the 17th digit from a text that
         * was not made that way. So tails near the boundary ("5"; "41".."59") take the slow
         * path, and so do more than 17 digits.
         */
        if (nd <= 15) {
            render_number(neg, dig, nd, exp10, out);
            return true;
        }
        if (nd <= 17 && total == nd) {
            int tail = nd == 16 ? (dig[15] - '0') * 10 : (dig[15] - '0') * 10 + (dig[16] - '0');
            if (tail < 41 || tail > 59) {
                nd = 15;
                if (tail > 50) {
                    size_t k = 15;
                    while (k > 0 && dig[k - 1] == '9')
                        dig[--k] = '0';
                    if (k == 0) {
                        dig[0] = '1';
                        exp10++;
                    } else {
                        dig[k - 1]++;
                    }
                }
                while (nd > 1 && dig[nd - 1] == '0')
                    nd--;
                render_number(neg, dig, nd, exp10, out);
                return true;
            }
        }
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    return format_slow(tmp, out);
}

/* --- Cell references --------------------------------------------------------------------- */

char *xlsxin_cell_ref(uint32_t col, uint32_t row, char *buf, size_t cap)
{
    char letters[8];
    size_t n = 0;
    uint64_t c = (uint64_t)col + 1;
    while (c > 0 && n < sizeof letters) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    char tmp[32];
    size_t k = 0;
    while (n)
        tmp[k++] = letters[--n];
    snprintf(tmp + k, sizeof tmp - k, "%lu", (unsigned long)row);
    if (cap)
        snprintf(buf, cap, "%s", tmp);
    return buf;
}

/* Parses "K148" (or "K" / "148" alone when the part is absent: col or row then 0). Returns
 * false when s is not a reference or lies beyond XFD1048576. col is 1-based here. */
static bool parse_ref(const char *s, uint32_t *col, uint32_t *row, const char **end)
{
    uint64_t c = 0, r = 0;
    const char *p = s;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        c = c * 26 + (uint64_t)((*p | 0x20) - 'a' + 1);
        if (c > XLSXIN_COLS_MAX)
            return false;
        p++;
    }
    if (*p == '$')
        p++;
    while (*p >= '0' && *p <= '9') {
        r = r * 10 + (uint64_t)(*p - '0');
        if (r > XLSXIN_ROWS_MAX)
            return false;
        p++;
    }
    if (p == s || (c == 0 && r == 0))
        return false;
    *col = (uint32_t)c;
    *row = (uint32_t)r;
    if (end)
        *end = p;
    else if (*p)
        return false;
    return true;
}

/* A range "A1:B3" or a single cell; both corners complete. 1-based. */
static bool parse_range(const char *s, uint32_t *c1, uint32_t *r1, uint32_t *c2, uint32_t *r2)
{
    const char *p;
    if (*s == '$')
        s++;
    if (!parse_ref(s, c1, r1, &p) || *c1 == 0 || *r1 == 0)
        return false;
    if (*p == '\0') {
        *c2 = *c1;
        *r2 = *r1;
        return true;
    }
    if (*p != ':')
        return false;
    p++;
    if (*p == '$')
        p++;
    if (!parse_ref(p, c2, r2, &p) || *p || *c2 == 0 || *r2 == 0)
        return false;
    return true;
}

/* --- workbook.xml, its relationships, the shared strings ---------------------------------- */

typedef struct wbctx {
    pctx c;
    size_t cap;
} wbctx;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    wbctx *w = ud;
    if (w->c.st != KP_OK || w->c.done)
        return;
    xlsxin *x = w->c.x;
    if (strcmp(local(name), "sheet") != 0)
        return;
    if (x->n_sheets == SHEETS_MAX) {
        pfail(&w->c, KP_ERR_DATA, "buku kerja memuat lebih dari %u lembar", SHEETS_MAX);
        return;
    }
    const char *nm = attr(atts, "name"), *state = attr(atts, "state"), *rid = NULL;
    for (size_t i = 0; atts[i]; i += 2)
        if (strchr(atts[i], ':') && strcmp(local(atts[i]), "id") == 0)
            rid = atts[i + 1];
    if (!nm || !rid) {
        pfail(&w->c, KP_ERR_DATA, "xl/workbook.xml: lembar tanpa nama atau r:id");
        return;
    }
    if (x->n_sheets == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        sheet *s = realloc(x->sheets, cap * sizeof *s);
        if (!s) {
            pfail(&w->c, KP_ERR_IO, "memori habis");
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
        pfail(&w->c, KP_ERR_IO, "memori habis");
        return;
    }
    x->n_sheets++;
}

typedef struct relctx {
    pctx c;
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
    char in[ENTRY_NAME_MAX + 8];
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
    xlsxin *x = r->c.x;
    if (strcmp(local(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target"),
               *mode = attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    bool ws = type_is(type, "worksheet"), sst = type_is(type, "sharedStrings");
    if (r->n == RELS_MAX) {
        pfail(&r->c, KP_ERR_DATA, "xl/_rels/workbook.xml.rels memuat lebih dari %u relasi",
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
            pfail(&r->c, KP_ERR_IO, "memori habis");
            return;
        }
        r->rels = n;
        r->cap = cap;
    }
    r->rels[r->n].id = arena_strdup(x->a, id);
    r->rels[r->n].target = t;
    r->rels[r->n].worksheet = ws;
    if (!r->rels[r->n].id) {
        pfail(&r->c, KP_ERR_IO, "memori habis");
        return;
    }
    r->n++;
}

typedef struct sstctx {
    pctx c;
    bool in_si, in_t;
    int rph; /* depth inside <rPh> (phonetic runs: not part of the text) */
    size_t start;
} sstctx;

static bool sst_reserve(xlsxin *x, size_t more)
{
    if (x->sst_len + more <= x->sst_cap)
        return true;
    size_t cap = x->sst_cap ? x->sst_cap : 65536;
    while (cap < x->sst_len + more)
        cap *= 2;
    char *n = realloc(x->sst, cap);
    if (!n)
        return false;
    x->sst = n;
    x->sst_cap = cap;
    return true;
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    sstctx *s = ud;
    if (s->c.st != KP_OK || s->c.done)
        return;
    const char *n = local(name);
    if (strcmp(n, "si") == 0) {
        s->in_si = true;
        s->rph = 0;
        s->start = s->c.x->sst_len;
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
    xlsxin *x = s->c.x;
    if (!s->in_t)
        return;
    if (x->sst_len - s->start + (size_t)len > CELL_TEXT_MAX) {
        pfail(&s->c, KP_ERR_DATA, "xl/sharedStrings.xml: string ke-%zu lebih dari %zu KiB",
              x->sst_n + 1, CELL_TEXT_MAX >> 10);
        return;
    }
    if (x->sst_len + (size_t)len + 1 > SST_BYTES_MAX) {
        pfail(&s->c, KP_ERR_DATA, "xl/sharedStrings.xml: teks lebih dari %zu MiB",
              SST_BYTES_MAX >> 20);
        return;
    }
    if (!sst_reserve(x, (size_t)len + 1)) {
        pfail(&s->c, KP_ERR_IO, "memori habis");
        return;
    }
    memcpy(x->sst + x->sst_len, text, (size_t)len);
    x->sst_len += (size_t)len;
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    sstctx *s = ud;
    if (s->c.st != KP_OK || s->c.done)
        return;
    xlsxin *x = s->c.x;
    const char *n = local(name);
    if (strcmp(n, "t") == 0) {
        s->in_t = false;
    } else if (s->in_si && strcmp(n, "rPh") == 0) {
        s->rph--;
    } else if (strcmp(n, "si") == 0 && s->in_si) {
        s->in_si = false;
        if (x->sst_n + 2 > SST_COUNT_MAX) {
            pfail(&s->c, KP_ERR_DATA, "xl/sharedStrings.xml: lebih dari %zu string", SST_COUNT_MAX);
            return;
        }
        if (!sst_reserve(x, 1)) {
            pfail(&s->c, KP_ERR_IO, "memori habis");
            return;
        }
        x->sst_len = s->start + unescape(x->sst + s->start, x->sst_len - s->start);
        x->sst[x->sst_len++] = '\0';
        if (x->sst_n + 2 > x->sst_offcap) {
            size_t cap = x->sst_offcap ? x->sst_offcap * 2 : 1024;
            size_t *o = realloc(x->sst_off, cap * sizeof *o);
            if (!o) {
                pfail(&s->c, KP_ERR_IO, "memori habis");
                return;
            }
            x->sst_off = o;
            x->sst_offcap = cap;
        }
        x->sst_off[x->sst_n] = s->start;
        x->sst_off[++x->sst_n] = x->sst_len;
    }
}

/* --- Recognising what the file is --------------------------------------------------------- */

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The name of an OLE2 directory entry (UTF-16LE) equals the ASCII word w. */
static bool ole_name_is(const unsigned char *ent, const char *w)
{
    size_t nlen = (size_t)ent[64] | (size_t)ent[65] << 8, n = strlen(w);
    if (nlen != 2 * (n + 1))
        return false;
    for (size_t i = 0; i < n; i++)
        if (ent[2 * i] != (unsigned char)w[i] || ent[2 * i + 1] != 0)
            return false;
    return true;
}

/* An OLE2 compound file (D0 CF 11 E0) is either an old .xls or, since Office 2007, the
 * container of an encrypted .xlsx (streams EncryptionInfo and EncryptedPackage). Walks its
 * directory chain (bounded) to tell them apart. */
static kp_status ole2_refuse(xlsxin *x, kp_error *err)
{
    unsigned char h[512];
    bool encrypted = false;
    if (src_read_at(&x->in, 0, h, sizeof h)) {
        unsigned shift = (unsigned)h[30] | (unsigned)h[31] << 8;
        if (shift == 9 || shift == 12) {
            size_t ssz = (size_t)1 << shift, per = ssz / 4;
            unsigned char *sec = malloc(ssz);
            uint32_t s = le32(h + 48);
            for (int steps = 0; sec && s < 0xFFFFFFFAu && steps < 256 && !encrypted; steps++) {
                if (!src_read_at(&x->in, ((uint64_t)s + 1) * ssz, sec, ssz))
                    break;
                for (size_t k = 0; k + 128 <= ssz; k += 128)
                    if (ole_name_is(sec + k, "EncryptionInfo") ||
                        ole_name_is(sec + k, "EncryptedPackage"))
                        encrypted = true;
                /* next directory sector: FAT entry s, in FAT sector s / per */
                size_t fi = s / per;
                unsigned char v[4];
                if (fi >= 109 || !src_read_at(&x->in, 76 + 4 * (uint64_t)fi, v, 4))
                    break;
                uint32_t fat = le32(v);
                if (fat >= 0xFFFFFFFAu ||
                    !src_read_at(&x->in, ((uint64_t)fat + 1) * ssz + (s % per) * 4, v, 4))
                    break;
                s = le32(v);
            }
            free(sec);
        }
    }
    if (encrypted)
        return fail(x, err, KP_ERR_DATA, MSG_TERENKRIPSI);
    return fail(x, err, KP_ERR_DATA,
                "format .xls lama (Excel 97-2003): buka di Excel, simpan ulang sebagai .xlsx");
}

/* A zip that is not a workbook: name what it is when it can be told. */
static kp_status not_workbook(xlsxin *x, kp_error *err)
{
    const entry *m = entry_find(x, "mimetype");
    if (m && m->usize < 256 && !(m->flag & 1u)) {
        char mime[256] = "";
        ereader r;
        unsigned got = 0;
        kp_error ignored;
        if (entry_open(x, &r, m, &ignored) == KP_OK)
            entry_read(x, &r, mime, sizeof mime - 1, &got, &ignored);
        entry_close(x, &r);
        mime[got] = '\0';
        if (strncmp(mime, "application/vnd.oasis.opendocument", 34) == 0)
            return fail(x, err, KP_ERR_DATA,
                        "berkas OpenDocument (.ods), bukan .xlsx: buka di LibreOffice Calc atau "
                        "Excel lalu simpan sebagai .xlsx");
    }
    if (entry_find(x, "xl/workbook.bin"))
        return fail(x, err, KP_ERR_DATA,
                    "buku kerja biner (.xlsb): buka di Excel, simpan ulang sebagai .xlsx");
    return fail(x, err, KP_ERR_DATA, "bukan buku kerja .xlsx (berkas zip tanpa xl/workbook.xml)");
}

static kp_status list_entries(xlsxin *x, kp_error *err)
{
    unz_global_info64 gi;
    if (unzGetGlobalInfo64(x->zf, &gi) != UNZ_OK)
        return fail(x, err, KP_ERR_DATA, "arsip zip rusak");
    if (gi.number_entry > ENTRIES_MAX)
        return fail(x, err, KP_ERR_DATA, "arsip zip memuat lebih dari %u berkas", ENTRIES_MAX);
    x->entries = calloc(gi.number_entry ? (size_t)gi.number_entry : 1, sizeof *x->entries);
    if (!x->entries)
        return no_memory(x, err);
    int rc = unzGoToFirstFile(x->zf);
    while (rc == UNZ_OK && x->n_entries < gi.number_entry) {
        unz_file_info64 fi;
        char name[ENTRY_NAME_MAX + 1];
        if (unzGetCurrentFileInfo64(x->zf, &fi, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            return fail(x, err, KP_ERR_DATA, "arsip zip rusak (daftar isi)");
        if (fi.size_filename <= ENTRY_NAME_MAX) {
            entry *e = &x->entries[x->n_entries];
            e->name = arena_strndup(x->a, name, fi.size_filename);
            if (!e->name)
                return no_memory(x, err);
            if (unzGetFilePos64(x->zf, &e->pos) != UNZ_OK)
                return fail(x, err, KP_ERR_DATA, "arsip zip rusak (daftar isi)");
            e->csize = fi.compressed_size;
            e->usize = fi.uncompressed_size;
            e->flag = fi.flag;
            e->method = fi.compression_method;
            x->n_entries++;
        }
        rc = unzGoToNextFile(x->zf);
    }
    if (rc != UNZ_OK && rc != UNZ_END_OF_LIST_OF_FILE)
        return fail(x, err, KP_ERR_DATA, "arsip zip rusak (daftar isi)");
    if (x->n_entries)
        qsort(x->entries, x->n_entries, sizeof *x->entries, entry_cmp);
    return KP_OK;
}

static kp_status load(xlsxin *x, kp_error *err)
{
    unsigned char magic[8];
    if (x->in.size == 0)
        return fail(x, err, KP_ERR_DATA, "berkas kosong, bukan buku kerja .xlsx");
    if (!src_read_at(&x->in, 0, magic, x->in.size < 8 ? (size_t)x->in.size : 8))
        return fail(x, err, KP_ERR_DATA, "berkas tidak terbaca");
    if (x->in.size >= 8 && memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return ole2_refuse(x, err);
    if (x->in.size < 4 || magic[0] != 'P' || magic[1] != 'K' ||
        !((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6)))
        return fail(x, err, KP_ERR_DATA, "bukan berkas .xlsx (bukan arsip zip)");

    zlib_filefunc64_def ff = {src_open, src_read,  src_write, src_tell,
                              src_seek, src_close, src_error, &x->in};
    x->zf = unzOpen2_64(x->path, &ff);
    if (!x->zf)
        return fail(x, err, KP_ERR_DATA, "arsip zip rusak atau terpotong");
    kp_status st = list_entries(x, err);
    if (st != KP_OK)
        return st;
    const entry *wb = entry_find(x, "xl/workbook.xml");
    if (!wb)
        return not_workbook(x, err);

    wbctx w;
    if (!xml_begin(&w.c, x, "xl/workbook.xml", err))
        return no_memory(x, err);
    w.cap = 0;
    XML_SetStartElementHandler(w.c.p, wb_start);
    if ((st = xml_run(&w.c, wb)) != KP_OK)
        return st;

    relctx r = {0};
    const entry *re = entry_find(x, "xl/_rels/workbook.xml.rels");
    if (re) {
        if (!xml_begin(&r.c, x, "xl/_rels/workbook.xml.rels", err))
            return no_memory(x, err);
        XML_SetStartElementHandler(r.c.p, rel_start);
        st = xml_run(&r.c, re);
    } else if (x->n_sheets) {
        st = fail(x, err, KP_ERR_DATA, "buku kerja rusak: xl/_rels/workbook.xml.rels tidak ada");
    }
    for (size_t i = 0; st == KP_OK && i < x->n_sheets; i++) {
        sheet *s = &x->sheets[i];
        const rel *found = NULL;
        for (size_t k = 0; k < r.n && !found; k++)
            if (strcmp(r.rels[k].id, s->rid) == 0)
                found = &r.rels[k];
        if (!found) {
            st = fail(x, err, KP_ERR_DATA, "buku kerja rusak: lembar \"%s\" tanpa relasi %s",
                      s->name, s->rid);
        } else if (found->worksheet) {
            s->e = entry_find(x, found->target);
            if (!s->e)
                st = fail(x, err, KP_ERR_DATA, "buku kerja rusak: lembar \"%s\" (%s) tidak ada",
                          s->name, found->target);
        }
    }
    const char *sst_name = r.sst;
    free(r.rels);
    if (st != KP_OK)
        return st;

    const entry *se = entry_find(x, sst_name ? sst_name : "xl/sharedStrings.xml");
    if (se) {
        sstctx s = {0};
        if (!xml_begin(&s.c, x, se->name, err))
            return no_memory(x, err);
        XML_SetElementHandler(s.c.p, sst_start, sst_end);
        XML_SetCharacterDataHandler(s.c.p, sst_text);
        if ((st = xml_run(&s.c, se)) != KP_OK)
            return st;
    }
    x->buf = malloc(CHUNK + 64);
    if (!x->buf)
        return no_memory(x, err);
    return KP_OK;
}

static kp_status open_common(xlsxin *x, xlsxin **out, kp_error *err)
{
    kp_status st = load(x, err);
    if (st != KP_OK) {
        xlsxin_free(x);
        return st;
    }
    *out = x;
    return KP_OK;
}

static xlsxin *alloc_x(const char *name)
{
    xlsxin *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->a = arena_new(0);
    x->path = strdup(name ? name : "");
    if (!x->a || !x->path) {
        xlsxin_free(x);
        return NULL;
    }
    return x;
}

kp_status xlsxin_open(const char *path, xlsxin **out, kp_error *err)
{
    *out = NULL;
    xlsxin *x = alloc_x(path);
    if (!x)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    x->in.f = fopen(path, "rb");
    struct stat sb;
    if (!x->in.f) {
        kp_status st = kp_error_errno(err, KP_ERR_DATA, path, errno, "berkas", "dibaca");
        xlsxin_free(x);
        return st;
    }
    if (fstat(fileno(x->in.f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        kp_status st = fail(x, err, KP_ERR_DATA, "bukan berkas biasa");
        xlsxin_free(x);
        return st;
    }
    x->in.size = (uint64_t)sb.st_size;
    return open_common(x, out, err);
}

kp_status xlsxin_open_mem(const void *data, size_t size, const char *name, xlsxin **out,
                          kp_error *err)
{
    *out = NULL;
    xlsxin *x = alloc_x(name);
    if (!x)
        return kp_error_set(err, KP_ERR_IO, name, 0, 0, "memori habis");
    x->in.mem = data;
    x->in.size = size;
    return open_common(x, out, err);
}

bool xlsxin_sniff(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    struct stat sb;
    unsigned char magic[4];
    bool ok = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && fread(magic, 1, 4, f) == 4 &&
              memcmp(magic, "PK\x03\x04", 4) == 0;
    if (ok) {
        src s = {.f = f, .size = (uint64_t)sb.st_size};
        zlib_filefunc64_def ff = {src_open, src_read,  src_write, src_tell,
                                  src_seek, src_close, src_error, &s};
        unzFile zf = unzOpen2_64(path, &ff);
        /* 2: names compared without case, as OPC part names are */
        ok = zf && unzLocateFile(zf, "xl/workbook.xml", 2) == UNZ_OK;
        if (zf)
            unzClose(zf);
    }
    fclose(f);
    return ok;
}

void xlsxin_free(xlsxin *x)
{
    if (!x)
        return;
    if (x->zf)
        unzClose(x->zf);
    if (x->in.f)
        fclose(x->in.f);
    free(x->entries);
    free(x->sheets);
    free(x->sst);
    free(x->sst_off);
    free(x->buf);
    arena_free(x->a);
    free(x->path);
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

/* --- First pass over a sheet: its merges --------------------------------------------------- */

/* <mergeCells> comes after <sheetData>, so this pass inflates the entry and looks for the end
 * of sheetData with memmem (the cells cost no parsing), then reads the tags after it with a
 * small scanner for <mergeCell ref="...">. It only collects ranges; the second pass, by expat,
 * judges whether the XML is well formed. */
typedef struct mscan {
    xlsxin *x;
    const sheet *sh;
    kp_error *err;
    kp_status st;
    int state; /* 0 looking for </sheetData>, 1 between tags, 2 in a tag */
    char quote;
    char tag[512];
    size_t tlen;
    bool tover;
    merge *m;
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
    if (!parse_range(ref, &c1, &r1, &c2, &r2) || r2 < r1 || c2 < c1) {
        s->st = fail(s->x, s->err, KP_ERR_DATA, "lembar \"%s\": rentang gabungan \"%s\" tidak sah",
                     s->sh->name, ref);
        return;
    }
    if (r2 == r1)
        return;
    if (s->n == MERGES_MAX) {
        s->st = fail(s->x, s->err, KP_ERR_DATA, "lembar \"%s\" memuat lebih dari %u sel gabungan",
                     s->sh->name, MERGES_MAX);
        return;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        merge *n = realloc(s->m, cap * sizeof *n);
        if (!n) {
            s->st = no_memory(s->x, s->err);
            return;
        }
        s->m = n;
        s->cap = cap;
    }
    s->m[s->n++] = (merge){.r1 = r1, .r2 = r2, .col = c1 - 1};
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
    const merge *x = a, *y = b;
    if (x->r1 != y->r1)
        return x->r1 < y->r1 ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
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

static kp_status collect_merges(xlsxin *x, const sheet *sh, mscan *s, kp_error *err)
{
    memset(s, 0, sizeof *s);
    s->x = x;
    s->sh = sh;
    s->err = err;
    ereader r;
    kp_status st = entry_open(x, &r, sh->e, err);
    size_t carry = 0;
    unsigned char *buf = x->buf;
    while (st == KP_OK) {
        unsigned got;
        if ((st = entry_read(x, &r, buf + carry, CHUNK, &got, err)) != KP_OK || got == 0)
            break;
        size_t len = carry + got;
        if (s->state == 0) {
            /* a match ending in the new bytes has not been seen in the previous window */
            size_t from = carry > 8 ? carry - 8 : 0;
            const unsigned char *hit = buf + from;
            while ((hit = memmem(hit, (size_t)(buf + len - hit), "sheetData", 9))) {
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
    entry_close(x, &r);
    if (st == KP_OK && s->n)
        qsort(s->m, s->n, sizeof *s->m, merge_cmp);
    return st;
}

/* --- Second pass: the rows ---------------------------------------------------------------- */

typedef struct icell {
    uint32_t col;
    xlsxin_kind kind;
    const char *ext; /* text outside the row's pool (shared string, merge value), or NULL */
    size_t off, len;
} icell;

typedef struct shctx {
    pctx c;
    const sheet *sh;
    xlsxin_row_fn fn;
    void *ud;
    /* merges, sorted by r1; active: indexes of those running down the current rows */
    merge *m;
    size_t nm, next;
    size_t active[ACTIVE_MERGES_MAX];
    size_t nactive;
    uint64_t injected;
    /* where the parse is */
    bool in_data, in_row, row_known;
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
    return xlsxin_cell_ref(col, s->row, buf, XLSXIN_REF_MAX);
}

static bool pool_reserve(shctx *s, size_t more)
{
    if (s->plen + more <= s->pcap)
        return true;
    if (s->plen + more > ROW_TEXT_MAX) {
        pfail(&s->c, KP_ERR_DATA, "lembar \"%s\" baris %lu: teks baris lebih dari %zu MiB",
              s->sh->name, (unsigned long)s->row, ROW_TEXT_MAX >> 20);
        return false;
    }
    size_t cap = s->pcap ? s->pcap : 65536;
    while (cap < s->plen + more)
        cap *= 2;
    char *n = realloc(s->pool, cap);
    if (!n) {
        pfail(&s->c, KP_ERR_IO, "memori habis");
        return false;
    }
    s->pool = n;
    s->pcap = cap;
    return true;
}

static bool push_cell(shctx *s, icell c)
{
    if (s->ncells == XLSXIN_ROW_CELLS_MAX) {
        pfail(&s->c, KP_ERR_DATA, "lembar \"%s\" baris %lu: lebih dari %u sel berisi", s->sh->name,
              (unsigned long)s->row, XLSXIN_ROW_CELLS_MAX);
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

/* The cell at col among the first n (sorted) cells of the row. */
static icell *cell_at(shctx *s, uint32_t col, size_t n)
{
    icell key = {.col = col};
    return n ? bsearch(&key, s->cells, n, sizeof key, icell_cmp) : NULL;
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
            pfail(&s->c, KP_ERR_DATA, "lembar \"%s\": sel %s tercantum dua kali", s->sh->name,
                  sheet_ref(s, s->cells[i].col, ref));
            return false;
        }
    return true;
}

/* Ends row r (its own cells already in s->cells): fills in the merges running down over it,
 * captures the merges starting on it, hands the row over and retires merges ending on it. */
static bool emit_row(shctx *s, uint32_t r)
{
    s->row = r;
    if (!sort_cells(s))
        return false;
    size_t before = s->ncells;
    for (size_t k = 0; k < s->nactive; k++) {
        const merge *m = &s->m[s->active[k]];
        icell *c = cell_at(s, m->col, before);
        for (size_t i = before; !c && i < s->ncells; i++)
            if (s->cells[i].col == m->col)
                c = &s->cells[i]; /* two merges down one column: the later one wins */
        icell v = {.col = m->col, .kind = m->kind, .ext = m->text, .len = m->len};
        if (++s->injected > MERGE_CELLS_MAX) {
            pfail(&s->c, KP_ERR_DATA, "lembar \"%s\": sel gabungan mengisi lebih dari %llu sel",
                  s->sh->name, (unsigned long long)MERGE_CELLS_MAX);
            return false;
        }
        if (c)
            *c = v;
        else if (!push_cell(s, v))
            return false;
    }
    if (s->ncells != before) {
        s->sorted = false;
        qsort(s->cells, s->ncells, sizeof *s->cells, icell_cmp);
        s->sorted = true;
    }
    while (s->next < s->nm && s->m[s->next].r1 < r)
        s->next++; /* its first row had no cells: nothing to carry down */
    for (; s->next < s->nm && s->m[s->next].r1 == r; s->next++) {
        merge *m = &s->m[s->next];
        const icell *c = cell_at(s, m->col, s->ncells);
        if (!c)
            continue;
        if (s->nactive == ACTIVE_MERGES_MAX) {
            pfail(&s->c, KP_ERR_DATA,
                  "lembar \"%s\" baris %lu: lebih dari %u sel gabungan bersamaan", s->sh->name,
                  (unsigned long)r, ACTIVE_MERGES_MAX);
            return false;
        }
        const char *t = c->ext ? c->ext : s->pool + c->off;
        m->text = malloc(c->len + 1);
        if (!m->text) {
            pfail(&s->c, KP_ERR_IO, "memori habis");
            return false;
        }
        memcpy(m->text, t, c->len);
        m->text[c->len] = '\0';
        m->len = c->len;
        m->kind = c->kind;
        s->active[s->nactive++] = s->next;
    }
    bool go = true;
    if (s->ncells) {
        for (size_t i = 0; i < s->ncells; i++) {
            const icell *c = &s->cells[i];
            s->out[i] = (xlsxin_cell){c->col, c->kind, c->ext ? c->ext : s->pool + c->off, c->len};
        }
        go = s->fn(s->ud, r, s->out, s->ncells);
    }
    size_t keep = 0;
    for (size_t k = 0; k < s->nactive; k++) {
        merge *m = &s->m[s->active[k]];
        if (m->r2 > r) {
            s->active[keep++] = s->active[k];
        } else {
            free(m->text);
            m->text = NULL;
        }
    }
    s->nactive = keep;
    s->ncells = 0;
    s->plen = 0;
    s->sorted = true;
    s->prev_row = r;
    if (!go) {
        s->c.done = true;
        if (s->c.p)
            XML_StopParser(s->c.p, XML_FALSE);
    }
    return go;
}

/* Rows after the last one read and before `upto` that only merges fill. */
static bool fill_to(shctx *s, uint64_t upto)
{
    uint64_t r = (uint64_t)s->prev_row + 1;
    while (s->nactive && r < upto) {
        if (!emit_row(s, (uint32_t)r))
            return false;
        r++;
    }
    return true;
}

/* Fixes the number of the row being read: from <row r>, its first cell's r, or the count. */
static bool settle_row(shctx *s, uint32_t r)
{
    if (r == 0)
        r = s->prev_row + 1;
    if (r > XLSXIN_ROWS_MAX || r <= s->prev_row) {
        pfail(&s->c, KP_ERR_DATA, "lembar \"%s\": baris %lu %s", s->sh->name, (unsigned long)r,
              r > XLSXIN_ROWS_MAX ? "di luar batas Excel (1048576)"
                                  : "tidak urut (sesudah baris yang lebih besar)");
        return false;
    }
    s->row_known = true;
    /* the cells of this row are not collected yet (settled before the first one) */
    size_t n = s->ncells;
    s->ncells = 0;
    bool ok = fill_to(s, r);
    s->ncells = n;
    s->row = r;
    return ok;
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
        const char *n = local(atts[i]);
        if (n[0] == 'r' && n[1] == '\0')
            r = atts[i + 1];
        else if (n[0] == 't' && n[1] == '\0')
            t = atts[i + 1];
    }
    uint32_t col = 0, row = 0;
    if (r) {
        if (!parse_ref(r, &col, &row, NULL) || col == 0) {
            pfail(&s->c, KP_ERR_DATA,
                  "lembar \"%s\": alamat sel \"%.20s\" tidak sah atau di luar batas Excel "
                  "(XFD1048576)",
                  s->sh->name, r);
            return;
        }
        col--;
    } else {
        col = (uint32_t)(s->prev_col + 1);
        if (col >= XLSXIN_COLS_MAX) {
            pfail(&s->c, KP_ERR_DATA, "lembar \"%s\" baris %lu: sel di luar kolom XFD", s->sh->name,
                  (unsigned long)s->row);
            return;
        }
    }
    if (!s->row_known && !settle_row(s, row))
        return;
    if (row && row != s->row) {
        pfail(&s->c, KP_ERR_DATA, "lembar \"%s\": sel %s berada di dalam baris %lu", s->sh->name, r,
              (unsigned long)s->row);
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
        if (strcmp(t, "s") == 0)
            s->type = 's';
        else if (strcmp(t, "inlineStr") == 0)
            s->type = 'i';
        else if (strcmp(t, "str") == 0)
            s->type = 'S';
        else if (strcmp(t, "b") == 0)
            s->type = 'b';
        else if (strcmp(t, "e") == 0)
            s->type = 'e';
        else if (strcmp(t, "d") == 0)
            s->type = 'd';
        else if (strcmp(t, "n") != 0) {
            char ref[XLSXIN_REF_MAX];
            pfail(&s->c, KP_ERR_DATA, "lembar \"%s\" sel %s: jenis sel \"%.20s\" tidak dikenal",
                  s->sh->name, sheet_ref(s, col, ref), t);
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
        if (!ok || i >= s->c.x->sst_n) {
            pfail(&s->c, KP_ERR_DATA, "lembar \"%s\" sel %s: string bersama nomor \"%s\" tidak ada",
                  s->sh->name, sheet_ref(s, s->col, ref), idx);
            return;
        }
        c.ext = s->c.x->sst + s->c.x->sst_off[i];
        c.len = s->c.x->sst_off[i + 1] - s->c.x->sst_off[i] - 1;
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
        if (!xlsxin_format_number(text, len, num)) {
            pfail(&s->c, KP_ERR_DATA, "lembar \"%s\" sel %s: angka \"%.40s\" tidak sah",
                  s->sh->name, sheet_ref(s, s->col, ref), text);
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
            pfail(&s->c, KP_ERR_DATA, "lembar \"%s\" sel %s: nilai logika \"%.20s\" tidak sah",
                  s->sh->name, sheet_ref(s, s->col, ref), text);
            return;
        }
        c.len = strlen(c.ext);
        break;
    case 'e':
        c.kind = XLSXIN_ERROR;
        s->plen++; /* the NUL cell_text left room for */
        break;
    default: /* inline, formula text, ISO date: text as it stands */
        c.len = unescape(text, len);
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
    const char *n = local(name);
    if (s->in_cell) {
        if (strcmp(n, "v") == 0) {
            s->collect = true;
        } else if (strcmp(n, "f") == 0) {
            s->has_f = true;
        } else if (strcmp(n, "is") == 0) {
            s->has_is = true;
        } else if (s->has_is && strcmp(n, "rPh") == 0) {
            s->rph++;
        } else if (s->has_is && !s->rph && strcmp(n, "t") == 0) {
            s->collect = true;
        }
    } else if (s->in_row) {
        if (strcmp(n, "c") == 0)
            cell_start(s, atts);
    } else if (s->in_data) {
        if (strcmp(n, "row") == 0) {
            s->in_row = true;
            s->row_known = false;
            s->prev_col = -1;
            const char *r = attr(atts, "r");
            if (r) {
                bool ok;
                uint32_t v = parse_uint(r, XLSXIN_ROWS_MAX, &ok);
                if (!ok || v == 0) {
                    pfail(&s->c, KP_ERR_DATA,
                          "lembar \"%s\": nomor baris \"%.20s\" tidak sah atau di luar batas "
                          "Excel (1048576)",
                          s->sh->name, r);
                    return;
                }
                settle_row(s, v);
            }
        }
    } else if (strcmp(n, "sheetData") == 0) {
        s->in_data = true;
    } else if (strcmp(n, "dimension") == 0) {
        /* Only a hint, never used to size anything; still, a range Excel cannot have is a
         * damaged or forged file. */
        const char *ref = attr(atts, "ref");
        uint32_t c1, r1, c2, r2;
        if (ref && !parse_range(ref, &c1, &r1, &c2, &r2))
            pfail(&s->c, KP_ERR_DATA,
                  "lembar \"%s\": dimensi \"%.30s\" tidak sah atau di luar batas Excel "
                  "(XFD1048576)",
                  s->sh->name, ref);
    }
}

static void XMLCALL sh_text(void *ud, const XML_Char *text, int len)
{
    shctx *s = ud;
    if (s->c.st != KP_OK || s->c.done)
        return;
    if (!s->collect)
        return;
    if (s->plen - s->cstart + (size_t)len > CELL_TEXT_MAX) {
        char ref[XLSXIN_REF_MAX];
        pfail(&s->c, KP_ERR_DATA, "lembar \"%s\" sel %s: isi lebih dari %zu KiB", s->sh->name,
              sheet_ref(s, s->col, ref), CELL_TEXT_MAX >> 10);
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
    const char *n = local(name);
    if (s->in_cell) {
        if (strcmp(n, "v") == 0) {
            s->collect = false;
            s->has_v = true;
        } else if (strcmp(n, "t") == 0) {
            s->collect = false;
        } else if (strcmp(n, "rPh") == 0 && s->rph) {
            s->rph--;
        } else if (strcmp(n, "c") == 0) {
            if (!pool_reserve(s, 1))
                return;
            s->pool[s->plen] = '\0';
            cell_end(s);
        }
    } else if (s->in_row && strcmp(n, "row") == 0) {
        s->in_row = false;
        if (!s->row_known && !settle_row(s, 0))
            return;
        emit_row(s, s->row);
    } else if (s->in_data && strcmp(n, "sheetData") == 0) {
        s->in_data = false;
        if (fill_to(s, (uint64_t)XLSXIN_ROWS_MAX + 1)) {
            /* nothing after the cells matters, and the first pass checked the CRC */
            s->c.done = true;
            if (s->c.p)
                XML_StopParser(s->c.p, XML_FALSE);
        }
    }
}

/* --- The sheet's XML without expat -------------------------------------------------------- */

/*
 * A sheet is nearly all <row>, <c r= t=>, <v> and <is><t>: expat's generality (attribute
 * arrays built per tag, namespace-free name copies, every character through its tables) cost
 * more than inflating the entry. This scanner reads the same XML and calls the same handlers
 * (sh_start, sh_text, sh_end) as expat would, so the rows cannot differ for a well-formed
 * sheet (test_xlsxin and fuzz_xlsxin compare the two). It keeps expat's refusals that matter
 * for a hostile file (a DOCTYPE, an undefined entity, bad UTF-8, control characters, tags that
 * do not nest) and bounds every buffer. A sheet in another encoding than UTF-8 goes to expat.
 */
#define FAST_TAG_MAX   ((size_t)1 << 20) /* one tag's bytes, attributes included */
#define FAST_DEPTH_MAX 256u
#define FAST_ATTS_MAX  64u

typedef struct fscan {
    shctx *s;
    const char *part;
    char *buf; /* unconsumed input */
    size_t len, cap;
    char *tmp; /* decoded text, tag names and attribute values */
    size_t tcap;
    char stack[FAST_DEPTH_MAX][64]; /* open elements (names past 63 bytes compared cut) */
    unsigned depth;
    bool root_seen, root_done;
    bool cr; /* the last text byte given was a CR: an LF right after it is dropped */
} fscan;

static bool fast_fail(fscan *f, const char *what)
{
    pfail(&f->s->c, KP_ERR_DATA, "%s bukan XML yang sah (%s)", f->part, what);
    return false;
}

static bool fast_live(const fscan *f)
{
    return f->s->c.st == KP_OK && !f->s->c.done;
}

/* Valid UTF-8 and only characters XML allows (no controls but tab, LF, CR). */
static bool fast_chars_ok(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x80) {
            i++;
            continue;
        }
        if (c < 0x20) {
            if (c != '\t' && c != '\n' && c != '\r')
                return false;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_decode(p + i, n - i, &cp);
        /* U+FFFE and U+FFFF are UTF-8 but no XML characters. */
        if (!k || cp == 0xFFFE || cp == 0xFFFF)
            return false;
        i += k;
    }
    return true;
}

static bool fast_room(fscan *f, size_t n)
{
    if (n <= f->tcap)
        return true;
    size_t cap = f->tcap ? f->tcap : 4096;
    while (cap < n)
        cap *= 2;
    char *t = realloc(f->tmp, cap);
    if (!t) {
        pfail(&f->s->c, KP_ERR_IO, "memori habis");
        return false;
    }
    f->tmp = t;
    f->tcap = cap;
    return true;
}

/*
 * Decodes the entity at p (n bytes, p[0] == '&', a ';' among them) into out; returns the
 * bytes consumed, 0 for an entity XML does not define without a DTD.
 */
static size_t fast_entity(const char *p, size_t n, char *out, size_t *olen)
{
    const char *semi = memchr(p, ';', n < 16 ? n : 16);
    if (!semi)
        return 0;
    size_t k = (size_t)(semi - p);
    static const struct {
        const char *name;
        char c;
    } named[] = {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
    for (size_t i = 0; i < 5; i++) {
        if (k - 1 == strlen(named[i].name) && memcmp(p + 1, named[i].name, k - 1) == 0) {
            out[0] = named[i].c;
            *olen = 1;
            return k + 1;
        }
    }
    if (k < 3 || p[1] != '#')
        return 0;
    unsigned long cp = 0;
    bool hex = p[2] == 'x';
    for (size_t i = hex ? 3 : 2; i < k; i++) {
        int d = hex ? hexval(p[i]) : (p[i] >= '0' && p[i] <= '9' ? p[i] - '0' : -1);
        if (d < 0 || cp > 0x10FFFF)
            return 0;
        cp = cp * (hex ? 16 : 10) + (unsigned long)d;
    }
    if ((hex && k == 3) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
        cp == 0xFFFF || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r'))
        return 0;
    *olen = utf8_encode((uint32_t)cp, out);
    return k + 1;
}

/* Text between tags (p[0..n), entities complete): to sh_text when anything collects it. */
static bool fast_text(fscan *f, const char *p, size_t n, bool raw)
{
    if (!fast_chars_ok((const unsigned char *)p, n))
        return fast_fail(f, "karakter tidak sah");
    if (!f->s->collect) {
        /* Not wanted, but still XML: an '&' must start a known entity, text sits in the root. */
        for (const char *a = raw ? NULL : memchr(p, '&', n); a;
             a = memchr(a + 1, '&', (size_t)(p + n - a - 1))) {
            char o[4];
            size_t ol;
            if (!fast_entity(a, (size_t)(p + n - a), o, &ol))
                return fast_fail(f, "entitas tidak dikenal");
        }
        for (size_t i = 0; f->depth == 0 && i < n; i++)
            if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
                return fast_fail(f, "teks di luar elemen");
        f->cr = n && p[n - 1] == '\r';
        return true;
    }
    if (!fast_room(f, n))
        return false;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        char c = p[i];
        if (c == '&' && !raw) {
            size_t ol, k = fast_entity(p + i, n - i, f->tmp + o, &ol);
            if (!k)
                return fast_fail(f, "entitas tidak dikenal");
            /* a reference is never a line break to normalise */
            f->cr = false;
            o += ol;
            i += k;
            continue;
        }
        if (c == '\n' && f->cr) {
            f->cr = false;
            i++;
            continue;
        }
        f->cr = c == '\r';
        f->tmp[o++] = c == '\r' ? '\n' : c;
        i++;
    }
    if (o)
        sh_text(f->s, f->tmp, (int)o);
    return true;
}

/* A start or empty tag, p[0..n) between '<' and '>'. */
static bool fast_start(fscan *f, const char *p, size_t n)
{
    bool empty = n && p[n - 1] == '/';
    if (empty)
        n--;
    if (!fast_chars_ok((const unsigned char *)p, n))
        return fast_fail(f, "karakter tidak sah");
    size_t nl = 0;
    while (nl < n && p[nl] != ' ' && p[nl] != '\t' && p[nl] != '\r' && p[nl] != '\n')
        nl++;
    if (nl == 0 || (f->root_done))
        return fast_fail(f, nl ? "elemen sesudah akar" : "nama tag kosong");
    /* names, values and the pointers to them: never longer than the tag */
    if (!fast_room(f, 2 * n + 2 + (2 * FAST_ATTS_MAX + 1) * sizeof(char *)))
        return false;
    const char **atts = (const char **)(void *)f->tmp;
    char *o = f->tmp + (2 * FAST_ATTS_MAX + 1) * sizeof(char *);
    char *name = o;
    memcpy(o, p, nl);
    o[nl] = '\0';
    o += nl + 1;
    size_t na = 0;
    for (size_t i = nl; i < n;) {
        while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
            i++;
        if (i == n)
            break;
        size_t a = i;
        while (i < n && p[i] != '=' && p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            i++;
        size_t al = i - a;
        while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
            i++;
        if (al == 0 || i == n || p[i] != '=')
            return fast_fail(f, "atribut tanpa nilai");
        i++;
        while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
            i++;
        if (i == n || (p[i] != '"' && p[i] != '\''))
            return fast_fail(f, "nilai atribut tanpa tanda kutip");
        char q = p[i++];
        const char *v = p + i, *ve = memchr(v, q, n - i);
        if (!ve)
            return fast_fail(f, "nilai atribut tidak ditutup");
        i = (size_t)(ve - p) + 1;
        if (i < n && p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            return fast_fail(f, "atribut tidak dipisah spasi");
        char *an = o;
        memcpy(o, p + a, al);
        o[al] = '\0';
        o += al + 1;
        char *val = o;
        for (const char *c = v; c < ve;) {
            if (*c == '<')
                return fast_fail(f, "'<' di dalam nilai atribut");
            if (*c == '&') {
                size_t ol, k = fast_entity(c, (size_t)(ve - c), o, &ol);
                if (!k)
                    return fast_fail(f, "entitas tidak dikenal");
                o += ol;
                c += k;
                continue;
            }
            /* expat normalises white space in attribute values to spaces */
            *o++ = (*c == '\t' || *c == '\n' || *c == '\r') ? ' ' : *c;
            c++;
        }
        *o++ = '\0';
        if (na < FAST_ATTS_MAX) {
            atts[2 * na] = an;
            atts[2 * na + 1] = val;
            na++;
        }
    }
    atts[2 * na] = NULL;
    if (f->depth == FAST_DEPTH_MAX)
        return fast_fail(f, "elemen bersarang terlalu dalam");
    if (!empty) {
        size_t k = nl < sizeof f->stack[0] - 1 ? nl : sizeof f->stack[0] - 1;
        memcpy(f->stack[f->depth], name, k);
        f->stack[f->depth][k] = '\0';
        f->depth++;
    }
    f->root_seen = true;
    sh_start(f->s, name, atts);
    if (empty && fast_live(f)) {
        sh_end(f->s, name);
        f->root_done = f->depth == 0;
    }
    return true;
}

static bool fast_end(fscan *f, const char *p, size_t n)
{
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
        n--;
    if (f->depth == 0)
        return fast_fail(f, "tag penutup tanpa pembuka");
    const char *open = f->stack[f->depth - 1];
    size_t ol = strlen(open);
    if (n < ol || memcmp(p, open, ol) != 0 || (n > ol && ol < sizeof f->stack[0] - 1))
        return fast_fail(f, "tag tidak bersarang dengan benar");
    if (!fast_room(f, n + 1))
        return false;
    memcpy(f->tmp, p, n);
    f->tmp[n] = '\0';
    f->depth--;
    f->root_done = f->depth == 0;
    sh_end(f->s, f->tmp);
    return true;
}

/* The tokens complete in f->buf; the rest stays for the next chunk. last: no more input. */
static bool fast_tokens(fscan *f, bool last)
{
    size_t i = 0;
    const char *b = f->buf;
    while (i < f->len && fast_live(f)) {
        if (b[i] != '<') {
            const char *lt = memchr(b + i, '<', f->len - i);
            size_t end = lt ? (size_t)(lt - b) : f->len;
            if (!lt && !last) {
                /* keep a partial entity for the next chunk */
                const char *amp = memrchr(b + i, '&', end - i);
                if (amp && !memchr(amp, ';', (size_t)(b + end - amp)))
                    end = (size_t)(amp - b);
                if (end == i)
                    break;
            }
            if (!fast_text(f, b + i, end - i, false))
                return false;
            i = end;
            continue;
        }
        size_t rest = f->len - i;
        const char *p = b + i;
        if (rest >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *e = memmem(p + 4, rest - 4, "-->", 3);
            if (!e)
                break;
            i = (size_t)(e - b) + 3;
        } else if (rest >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
            const char *e = memmem(p + 9, rest - 9, "]]>", 3);
            if (!e)
                break;
            if (f->depth == 0)
                return fast_fail(f, "CDATA di luar elemen");
            if (!fast_text(f, p + 9, (size_t)(e - p) - 9, true))
                return false;
            i = (size_t)(e - b) + 3;
        } else if (rest >= 2 && p[1] == '?') {
            const char *e = memmem(p + 2, rest - 2, "?>", 2);
            if (!e)
                break;
            i = (size_t)(e - b) + 2;
        } else if (rest >= 2 && p[1] == '!') {
            if (rest < 9 && !last)
                break;
            if (rest >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0) {
                pfail(&f->s->c, KP_ERR_DATA, "%s memuat DOCTYPE: DTD ditolak (celah entitas XML)",
                      f->part);
                return false;
            }
            return fast_fail(f, "deklarasi tidak dikenal");
        } else {
            /* a '>' inside a quoted attribute value does not end the tag */
            size_t k = 1;
            char q = 0;
            for (; k < rest; k++) {
                char c = p[k];
                if (q) {
                    if (c == q)
                        q = 0;
                } else if (c == '"' || c == '\'') {
                    q = c;
                } else if (c == '>') {
                    break;
                } else if (c == '<') {
                    return fast_fail(f, "'<' di dalam tag");
                }
            }
            if (k == rest)
                break;
            bool ok = p[1] == '/' ? fast_end(f, p + 2, k - 2) : fast_start(f, p + 1, k - 1);
            if (!ok)
                return false;
            i += k + 1;
        }
    }
    memmove(f->buf, f->buf + i, f->len - i);
    f->len -= i;
    if (f->len > FAST_TAG_MAX)
        return fast_fail(f, "tag terlalu panjang");
    return true;
}

/* Whether the scanner can read this sheet: UTF-8 (the XML declaration says no other). */
static bool fast_encoding_ok(const char *p, size_t n)
{
    if (n >= 2 && ((unsigned char)p[0] == 0xFE || (unsigned char)p[0] == 0xFF))
        return false;
    if (n < 5 || memcmp(p, "<?xml", 5) != 0)
        return n == 0 || p[0] == '<' || (unsigned char)p[0] == 0xEF;
    const char *e = memmem(p, n, "?>", 2);
    size_t dl = e ? (size_t)(e - p) : n;
    const char *enc = memmem(p, dl, "encoding", 8);
    if (!enc)
        return true;
    const char *q = enc + 8;
    while (q < p + dl && (*q == ' ' || *q == '=' || *q == '"' || *q == '\''))
        q++;
    return (size_t)(p + dl - q) >= 5 && strncasecmp(q, "utf-8", 5) == 0;
}

/* Reads entry e through the scanner; *fallback when the sheet is for expat (nothing read). */
static kp_status fast_run(shctx *s, const entry *e, bool *fallback)
{
    xlsxin *x = s->c.x;
    fscan *f = calloc(1, sizeof *f);
    if (!f)
        return no_memory(x, s->c.err);
    f->s = s;
    f->part = e->name;
    f->cap = CHUNK + FAST_TAG_MAX + 1;
    f->buf = malloc(f->cap);
    if (!f->buf) {
        free(f);
        return no_memory(x, s->c.err);
    }
    ereader r;
    kp_status st = entry_open(x, &r, e, s->c.err);
    bool first = true;
    *fallback = false;
    while (st == KP_OK) {
        unsigned got;
        st = entry_read(x, &r, f->buf + f->len, CHUNK, &got, s->c.err);
        if (st != KP_OK)
            break;
        f->len += got;
        if (first) {
            first = false;
            if (!fast_encoding_ok(f->buf, f->len)) {
                *fallback = true;
                break;
            }
            if (f->len >= 3 && memcmp(f->buf, "\xEF\xBB\xBF", 3) == 0) {
                memmove(f->buf, f->buf + 3, f->len - 3);
                f->len -= 3;
            }
        }
        bool ok = fast_tokens(f, got == 0);
        if (s->c.st != KP_OK)
            st = s->c.st;
        else if (!ok || s->c.done)
            break;
        else if (got == 0) {
            if (f->len || f->depth || !f->root_seen)
                st = fail(x, s->c.err, KP_ERR_DATA, "%s bukan XML yang sah (berakhir di tengah)",
                          e->name);
            break;
        }
    }
    entry_close(x, &r);
    free(f->buf);
    free(f->tmp);
    free(f);
    return st;
}

kp_status xlsxin_sheet_rows(xlsxin *x, size_t sheet_i, xlsxin_row_fn fn, void *ud, kp_error *err)
{
    if (sheet_i >= x->n_sheets)
        return fail(x, err, KP_ERR_INTERNAL, "lembar nomor %zu tidak ada", sheet_i);
    const sheet *sh = &x->sheets[sheet_i];
    if (!sh->e)
        return KP_OK;
    mscan ms;
    kp_status st = collect_merges(x, sh, &ms, err);
    shctx *s = NULL;
    if (st == KP_OK) {
        s = calloc(1, sizeof *s);
        if (s) {
            s->cells = malloc(XLSXIN_ROW_CELLS_MAX * sizeof *s->cells);
            s->out = malloc(XLSXIN_ROW_CELLS_MAX * sizeof *s->out);
        }
        if (!s || !s->cells || !s->out)
            st = no_memory(x, err);
    }
    bool expat = x->expat;
    if (st == KP_OK && !expat) {
        s->c = (pctx){.x = x, .part = sh->e->name, .err = err};
        s->sh = sh;
        s->fn = fn;
        s->ud = ud;
        s->m = ms.m;
        s->nm = ms.n;
        s->sorted = true;
        st = fast_run(s, sh->e, &expat);
    }
    if (st == KP_OK && expat) {
        pctx keep;
        if (!xml_begin(&keep, x, sh->e->name, err)) {
            st = no_memory(x, err);
        } else {
            s->c = keep;
            XML_SetUserData(s->c.p, s);
            s->sh = sh;
            s->fn = fn;
            s->ud = ud;
            s->m = ms.m;
            s->nm = ms.n;
            s->sorted = true;
            XML_SetElementHandler(s->c.p, sh_start, sh_end);
            XML_SetCharacterDataHandler(s->c.p, sh_text);
            st = xml_run(&s->c, sh->e);
        }
    }
    for (size_t i = 0; i < ms.n; i++)
        free(ms.m[i].text);
    free(ms.m);
    if (s) {
        free(s->cells);
        free(s->out);
        free(s->pool);
        free(s);
    }
    return st;
}

void xlsxin_use_expat(xlsxin *x, bool expat)
{
    x->expat = expat;
}
