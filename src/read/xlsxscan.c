/* memmem, memrchr: the scanner looks for tags in megabytes at a time. */
#define _GNU_SOURCE
#include "read/xlsxscan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read/xlsxcell.h"
#include "util/utf8.h"

#define FAST_TAG_MAX   ((size_t)1 << 20) /* one tag's bytes, attributes included */
#define FAST_DEPTH_MAX 256u
#define FAST_ATTS_MAX  64u

typedef struct fscan {
    xlsxxml *c;
    const xlsxscan_handlers *h;
    void *ud;
    const char *part;
    char *buf; /* unconsumed input */
    size_t len, cap;
    char *tmp; /* decoded text, tag names and attribute values */
    size_t tcap;
    char stack[FAST_DEPTH_MAX][64];     /* open elements (names past 63 bytes compared cut) */
    unsigned char slen[FAST_DEPTH_MAX]; /* their lengths (as cut) */
    unsigned depth;
    bool root_seen, root_done;
    bool cr; /* the last text byte given was a CR: an LF right after it is dropped */
} fscan;

static bool fast_fail(fscan *f, const char *what)
{
    xlsxxml_fail(f->c, KP_ERR_DATA, "%s bukan XML yang sah (%s)", f->part, what);
    return false;
}

static bool fast_live(const fscan *f)
{
    return f->c->st == KP_OK && !f->c->done;
}

/* Valid UTF-8 and only characters XML allows (no controls but tab, LF, CR). */
static bool fast_chars_ok(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        /* Eight bytes at a time while all are printable ASCII (0x20-0x7F), nearly all of a
         * sheet: a byte under 0x20 borrows in the subtraction, one over 0x7F has its top bit
         * set, and either way the word is looked at byte by byte. */
        while (n - i >= 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if ((w | (w - 0x2020202020202020u)) & 0x8080808080808080u)
                break;
            i += 8;
        }
        if (i == n)
            break;
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

/*
 * What a byte is to the "plain" reading: 0 an ordinary byte, else one of these. A tag or text
 * of ordinary bytes (printable ASCII, so no line break to normalise; no '&', so no entity to
 * decode) and, in a tag, '"' quotes is plain, and is read in place, without the byte-by-byte
 * decoding and copying the rest needs. Nearly every tag and text of a sheet is plain.
 */
enum {
    PL_QUOTE = 1,
    PL_APOS = 2,
    PL_GT = 4,
    PL_LT = 8,
    PL_AMP = 16,
    PL_BAD = 32 /* controls and non-ASCII bytes */
};
static const unsigned char plain_class[256] = {
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, 0,
    0,      PL_QUOTE, 0,      0,      0,      PL_AMP, PL_APOS, 0,      0,      0,      0,
    0,      0,        0,      0,      0,      0,      0,       0,      0,      0,      0,
    0,      0,        0,      0,      0,      PL_LT,  0,       PL_GT,  0,      0,      0,
    0,      0,        0,      0,      0,      0,      0,       0,      0,      0,      0,
    0,      0,        0,      0,      0,      0,      0,       0,      0,      0,      0,
    0,      0,        0,      0,      0,      0,      0,       0,      0,      0,      0,
    0,      0,        0,      0,      0,      0,      0,       0,      0,      0,      0,
    0,      0,        0,      0,      0,      0,      0,       0,      0,      0,      0,
    0,      0,        0,      0,      0,      0,      0,       PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD, PL_BAD, PL_BAD, PL_BAD, PL_BAD,  PL_BAD, PL_BAD, PL_BAD, PL_BAD,
    PL_BAD, PL_BAD,   PL_BAD,
};

static bool fast_room(fscan *f, size_t n)
{
    if (n <= f->tcap)
        return true;
    size_t cap = f->tcap ? f->tcap : 4096;
    while (cap < n)
        cap *= 2;
    char *t = realloc(f->tmp, cap);
    if (!t) {
        xlsxxml_fail(f->c, KP_ERR_IO, "memori habis");
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
        int d = hex ? xlsxcell_hexval(p[i]) : (p[i] >= '0' && p[i] <= '9' ? p[i] - '0' : -1);
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

/* Text between tags (p[0..n), entities complete): to the text handler when it is wanted.
 * plain: no byte of it but ordinary ones and quotes (plain_class). */
static bool fast_text(fscan *f, const char *p, size_t n, bool raw, bool plain)
{
    if (plain && f->depth) {
        /* nothing to check further, decode or normalise: given as it stands */
        f->cr = false;
        if (n && *f->h->want_text)
            f->h->text(f->ud, p, (int)n);
        return true;
    }
    if (!fast_chars_ok((const unsigned char *)p, n))
        return fast_fail(f, "karakter tidak sah");
    if (!*f->h->want_text) {
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
        f->h->text(f->ud, f->tmp, (int)o);
    return true;
}

/* The attributes of any other tag p[0..n), its name nl bytes: names and values decoded into o
 * (room for twice the tag), as expat gives them; false on a failure (f says which). */
static bool fast_general_atts(fscan *f, const char *p, size_t n, size_t nl, const char **atts,
                              char *o)
{
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
    return true;
}

/* The start tag name (nl bytes) with atts read: onto the stack and to the handlers. */
static bool fast_started(fscan *f, const char *name, size_t nl, const char **atts, bool empty)
{
    if (f->depth == FAST_DEPTH_MAX)
        return fast_fail(f, "elemen bersarang terlalu dalam");
    if (!empty) {
        size_t k = nl < sizeof f->stack[0] - 1 ? nl : sizeof f->stack[0] - 1;
        /* a loop: names are a few bytes, for which memcpy's set-up costs more than the copy */
        for (size_t i = 0; i < k; i++)
            f->stack[f->depth][i] = name[i];
        f->slen[f->depth] = (unsigned char)k;
        f->depth++;
    }
    f->root_seen = true;
    f->h->start(f->ud, name, atts);
    if (empty && fast_live(f)) {
        f->h->end(f->ud, name);
        f->root_done = f->depth == 0;
    }
    return true;
}

/*
 * The attributes of a plain tag (plain_class) p[0..n), its name nl bytes, read in place: the
 * byte after each name and value (a space, '=', the closing quote, '/' or '>', all consumed
 * with the tag) becomes its NUL. False, with p untouched, for anything but name="value"
 * pairs one space apart or more than FAST_ATTS_MAX of them: the general reading judges those.
 */
static bool fast_plain_atts(char *p, size_t n, size_t nl, const char **atts)
{
    size_t pos[4 * FAST_ATTS_MAX], na = 0;
    for (size_t i = nl; i < n;) {
        while (i < n && p[i] == ' ')
            i++;
        if (i == n)
            break;
        if (na == FAST_ATTS_MAX)
            return false;
        size_t a = i;
        while (i < n && p[i] != '=' && p[i] != ' ' && p[i] != '"')
            i++;
        if (i == a || i + 1 >= n || p[i] != '=' || p[i + 1] != '"')
            return false;
        size_t ve = i + 2;
        while (ve < n && p[ve] != '"')
            ve++;
        if (ve == n)
            return false;
        pos[4 * na] = a;
        pos[4 * na + 1] = i;
        pos[4 * na + 2] = i + 2;
        pos[4 * na + 3] = ve;
        na++;
        i = ve + 1;
        if (i < n && p[i] != ' ')
            return false;
    }
    p[nl] = '\0';
    for (size_t k = 0; k < na; k++) {
        p[pos[4 * k + 1]] = '\0';
        p[pos[4 * k + 3]] = '\0';
        atts[2 * k] = p + pos[4 * k];
        atts[2 * k + 1] = p + pos[4 * k + 2];
    }
    atts[2 * na] = NULL;
    return true;
}

/* A start or empty tag, p[0..n) between '<' and '>' (consumed: p[n] may be written); plain:
 * no byte of p[0..n) but ordinary ones and '"' (plain_class). */
static bool fast_start(fscan *f, char *p, size_t n, bool plain)
{
    bool empty = n && p[n - 1] == '/';
    if (empty)
        n--;
    if (!plain && !fast_chars_ok((const unsigned char *)p, n))
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
    const char *name = p;
    if (!plain || !fast_plain_atts(p, n, nl, atts)) {
        char *o = f->tmp + (2 * FAST_ATTS_MAX + 1) * sizeof(char *);
        if (!fast_general_atts(f, p, n, nl, atts, o))
            return false;
        name = o;
    }
    return fast_started(f, name, nl, atts, empty);
}
/* An end tag, p[0..n) after "</" (consumed: p[n] may be written). */
static bool fast_end(fscan *f, char *p, size_t n)
{
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
        n--;
    if (f->depth == 0)
        return fast_fail(f, "tag penutup tanpa pembuka");
    const char *open = f->stack[f->depth - 1];
    size_t ol = f->slen[f->depth - 1];
    bool same = n >= ol && (n == ol || ol == sizeof f->stack[0] - 1);
    /* a loop: names are a few bytes, for which memcmp's set-up costs more than the comparison */
    for (size_t i = 0; same && i < ol; i++)
        same = p[i] == open[i];
    if (!same)
        return fast_fail(f, "tag tidak bersarang dengan benar");
    p[n] = '\0';
    f->depth--;
    f->root_done = f->depth == 0;
    f->h->end(f->ud, p);
    return true;
}

/* The tokens complete in f->buf; the rest stays for the next chunk. last: no more input. */
static bool fast_tokens(fscan *f, bool last)
{
    size_t i = 0;
    char *b = f->buf;
    while (i < f->len && fast_live(f)) {
        if (b[i] != '<') {
            /* plain text up to a '<': as it stands */
            size_t e = i;
            unsigned char c = 0;
            while (e < f->len &&
                   !(c = plain_class[(unsigned char)b[e]] & (PL_LT | PL_AMP | PL_BAD)))
                e++;
            if (c == PL_LT) {
                if (!fast_text(f, b + i, e - i, false, true))
                    return false;
                i = e;
                continue;
            }
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
            if (!fast_text(f, b + i, end - i, false, false))
                return false;
            i = end;
            continue;
        }
        size_t rest = f->len - i;
        char *p = b + i;
        if (rest < 2 || (p[1] != '!' && p[1] != '?')) {
            /* A tag. When it is plain up to a '>' after paired quotes, that '>' ends it;
             * otherwise a '>' inside a quoted attribute value does not end the tag. */
            size_t k = 1;
            unsigned quotes = 0;
            bool plain = false;
            for (; k < rest; k++) {
                unsigned char c = plain_class[(unsigned char)p[k]];
                if (c == PL_QUOTE) {
                    quotes++;
                } else if (c) {
                    plain = c == PL_GT && quotes % 2 == 0;
                    break;
                }
            }
            if (!plain) {
                k = 1;
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
            }
            bool ok = p[1] == '/' ? fast_end(f, p + 2, k - 2) : fast_start(f, p + 1, k - 1, plain);
            if (!ok)
                return false;
            i += k + 1;
        } else if (rest >= 4 && memcmp(p, "<!--", 4) == 0) {
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
            if (!fast_text(f, p + 9, (size_t)(e - p) - 9, true, false))
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
                xlsxxml_fail(f->c, KP_ERR_DATA,
                             "%s memuat DOCTYPE: DTD ditolak (celah entitas XML)", f->part);
                return false;
            }
            return fast_fail(f, "deklarasi tidak dikenal");
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

kp_status xlsxscan_run(xlsxxml *c, const xlsxzip_entry *e, const xlsxscan_handlers *h, void *ud,
                       bool *fallback)
{
    xlsxzip *z = c->zip;
    *fallback = false;
    fscan *f = calloc(1, sizeof *f);
    if (!f)
        return xlsxzip_no_memory(z, c->err);
    f->c = c;
    f->ud = ud;
    f->h = h;
    f->part = xlsxzip_entry_name(e);
    f->cap = XLSXZIP_CHUNK + FAST_TAG_MAX + 1;
    f->buf = malloc(f->cap);
    if (!f->buf) {
        free(f);
        return xlsxzip_no_memory(z, c->err);
    }
    xlsxzip_reader r;
    kp_status st = xlsxzip_read_open(z, &r, e, c->err);
    if (st == KP_OK)
        xlsxzip_read_ahead(z, &r, XLSXZIP_CHUNK);
    bool first = true;
    while (st == KP_OK) {
        unsigned got;
        st = xlsxzip_read(z, &r, f->buf + f->len, XLSXZIP_CHUNK, &got, c->err);
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
        if (c->st != KP_OK)
            st = c->st;
        else if (!ok || c->done)
            break;
        else if (got == 0) {
            if (f->len || f->depth || !f->root_seen)
                st = xlsxzip_fail(z, c->err, KP_ERR_DATA,
                                  "%s bukan XML yang sah (berakhir di tengah)", f->part);
            break;
        }
    }
    xlsxzip_read_close(z, &r);
    free(f->buf);
    free(f->tmp);
    free(f);
    return st;
}
