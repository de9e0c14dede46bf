#include "render/layout.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <ini.h>
#include <qrencode.h>

#include "render/pdfshim.h"
#include "render/qrsimbol.h"
#include "render/ttfcov.h"
#include "util/utf8.h"

/* One text (after placeholder expansion and encoding) never needs more: a letter's longest
 * paragraph is a few hundred characters. Longer is refused, not truncated. */
#define TEXT_MAX     8192
#define NAME_MAX_LEN 48
#define PATH_MAX_LEN 1024

/* ======================================================================================== */
/* Field map                                                                               */
/* ======================================================================================== */

typedef struct field {
    char key[NAME_MAX_LEN];
    char *value;
    size_t cap;
} field;

struct layout_fields {
    field *items;
    size_t n, cap;
};

layout_fields *layout_fields_new(void)
{
    return calloc(1, sizeof(layout_fields));
}

void layout_fields_free(layout_fields *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->cap; i++)
        free(f->items[i].value);
    free(f->items);
    free(f);
}

void layout_fields_clear(layout_fields *f)
{
    /* Values keep their buffers: the next document sets the same keys again. */
    f->n = 0;
}

static bool valid_key(const char *s, size_t len)
{
    if (len == 0 || len >= NAME_MAX_LEN)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

static field *field_find(const layout_fields *f, const char *key, size_t len)
{
    for (size_t i = 0; i < f->n; i++)
        if (strncmp(f->items[i].key, key, len) == 0 && f->items[i].key[len] == '\0')
            return &f->items[i];
    return NULL;
}

kp_status layout_fields_set(layout_fields *f, const char *key, const char *value, kp_error *err)
{
    size_t klen = strlen(key);
    if (!valid_key(key, klen))
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0, "nama isian \"%s\" tidak sah", key);
    field *it = field_find(f, key, klen);
    if (!it) {
        if (f->n == f->cap) {
            size_t ncap = f->cap ? f->cap * 2 : 32;
            field *n = realloc(f->items, ncap * sizeof *n);
            if (!n)
                return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
            memset(n + f->cap, 0, (ncap - f->cap) * sizeof *n);
            f->items = n;
            f->cap = ncap;
        }
        it = &f->items[f->n++];
        memcpy(it->key, key, klen + 1);
    }
    size_t vlen = strlen(value);
    if (vlen + 1 > it->cap) {
        char *nv = realloc(it->value, vlen + 1);
        if (!nv)
            return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        it->value = nv;
        it->cap = vlen + 1;
    }
    memcpy(it->value, value, vlen + 1);
    return KP_OK;
}

kp_status layout_fields_setf(layout_fields *f, kp_error *err, const char *key, const char *fmt, ...)
{
    char buf[TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0, "isian {%s} terlalu panjang", key);
    return layout_fields_set(f, key, buf, err);
}

const char *layout_fields_get(const layout_fields *f, const char *key)
{
    field *it = field_find(f, key, strlen(key));
    return it ? it->value : NULL;
}

/*
 * Walks the placeholders of text. For each {name} calls fn; returns fn's status or a
 * KP_ERR_DATA for a malformed brace. Shared by the load-time check and the expansion, so
 * both agree on what a placeholder is.
 */
typedef kp_status (*placeholder_fn)(void *user, const char *name, size_t len, kp_error *err);

static kp_status scan_placeholders(const char *text, placeholder_fn fn, void *user,
                                   const char *file, int line, kp_error *err)
{
    for (const char *p = text; *p; p++) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            p++;
            continue;
        }
        if (*p == '}')
            return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                "'}' tanpa pasangan dalam teks (tulis \"}}\" untuk '}')");
        if (*p != '{')
            continue;
        const char *end = strchr(p + 1, '}');
        if (!end)
            return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                "'{' tanpa '}' dalam teks (tulis \"{{\" untuk '{')");
        size_t len = (size_t)(end - p - 1);
        if (!valid_key(p + 1, len))
            return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                "placeholder {%.*s} tidak sah (huruf kecil, angka, '_')",
                                (int)(len > 60 ? 60 : len), p + 1);
        kp_status st = fn(user, p + 1, len, err);
        if (st != KP_OK)
            return st;
        p = end;
    }
    return KP_OK;
}

kp_status layout_fields_expand(const layout_fields *f, const char *text, char *out, size_t cap,
                               const char *file, int line, kp_error *err)
{
    size_t o = 0;
    for (const char *p = text; *p;) {
        const char *piece = p;
        size_t plen = 1;
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            p += 2;
        } else if (*p == '}') {
            return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                "'}' tanpa pasangan dalam teks (tulis \"}}\" untuk '}')");
        } else if (*p == '{') {
            const char *end = strchr(p + 1, '}');
            if (!end)
                return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                    "'{' tanpa '}' dalam teks (tulis \"{{\" untuk '{')");
            size_t len = (size_t)(end - p - 1);
            field *it = f ? field_find(f, p + 1, len) : NULL;
            if (!it)
                return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                    "placeholder {%.*s} tidak diisi", (int)(len > 60 ? 60 : len),
                                    p + 1);
            piece = it->value;
            plen = strlen(it->value);
            p = end + 1;
        } else {
            p++;
        }
        if (o + plen >= cap)
            return kp_error_set(err, KP_ERR_DATA, file, line, 0, "teks terlalu panjang (maks %zu)",
                                cap - 1);
        memcpy(out + o, piece, plen);
        o += plen;
    }
    out[o] = '\0';
    return KP_OK;
}

/* ======================================================================================== */
/* CP1252                                                                                  */
/* ======================================================================================== */

/* Unicode code points of CP1252 bytes 0x80..0x9F (0 = undefined byte). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static int cp1252_byte(uint32_t cp)
{
    if (cp == '\n' || (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF))
        return (int)cp;
    for (int i = 0; i < 32; i++)
        if (cp1252_high[i] && cp1252_high[i] == cp)
            return 0x80 + i;
    return -1;
}

uint32_t layout_unprintable(const char *utf8)
{
    for (const unsigned char *s = (const unsigned char *)utf8; *s;) {
        if (*s >= 0x20 && *s < 0x7F) {
            s++;
            continue;
        }
        uint32_t cp;
        /* n = UTF8_MAX is safe on a NUL-terminated string: the NUL is no continuation byte,
         * so decoding stops at it. */
        size_t n = utf8_decode(s, UTF8_MAX, &cp);
        if (n == 0)
            return 0xFFFD;
        if (cp1252_byte(cp) < 0)
            return cp;
        s += n;
    }
    return 0;
}

kp_status layout_cp1252(const char *utf8, char *out, size_t cap, kp_error *err)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t o = 0;
    while (*s) {
        uint32_t cp;
        size_t n = utf8_decode(s, UTF8_MAX, &cp);
        if (n == 0)
            return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0, "UTF-8 tidak sah dalam \"%.200s\"",
                                utf8);
        int b = cp1252_byte(cp);
        if (b < 0)
            return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0,
                                "karakter U+%04X tidak dapat dicetak (di luar CP1252) dalam "
                                "\"%.200s\"",
                                (unsigned)cp, utf8);
        if (o + 1 >= cap)
            return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0, "teks terlalu panjang: \"%.60s...\"",
                                utf8);
        out[o++] = (char)b;
        s += n;
    }
    out[o] = '\0';
    return KP_OK;
}

/*
 * Document information strings are PDFDocEncoding, which equals CP1252 except in 0x80..0xA0;
 * this maps the few characters there so titles with dashes or quotes read right.
 */

/*
 * The first character of CP1252 text enc that the font of cov has no glyph for (as a Unicode
 * code point), or 0. libharu would draw it as an empty box without a word.
 */
static uint32_t missing_glyph(const ttfcov *cov, const char *enc)
{
    for (const unsigned char *p = (const unsigned char *)enc; *p; p++) {
        uint32_t cp = *p >= 0x80 && *p < 0xA0 ? cp1252_high[*p - 0x80] : *p;
        if (cp && !ttfcov_has(cov, cp))
            return cp;
    }
    return 0;
}

static void cp1252_to_pdfdoc(char *s)
{
    static const struct {
        unsigned char from, to;
    } map[] = {
        {0x80, 0xA0}, {0x95, 0x80}, {0x86, 0x81}, {0x87, 0x82}, {0x85, 0x83}, {0x97, 0x84},
        {0x96, 0x85}, {0x83, 0x86}, {0x8B, 0x88}, {0x9B, 0x89}, {0x89, 0x8B}, {0x84, 0x8C},
        {0x93, 0x8D}, {0x94, 0x8E}, {0x91, 0x8F}, {0x92, 0x90}, {0x82, 0x91}, {0x99, 0x92},
        {0x8C, 0x96}, {0x8A, 0x97}, {0x9F, 0x98}, {0x8E, 0x99}, {0x9C, 0x9C}, {0x9A, 0x9D},
        {0x9E, 0x9E}, {0x88, '^'},  {0x98, '~'},
    };
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if (*p == 0xA0) {
            *p = ' ';
            continue;
        }
        if (*p < 0x80 || *p > 0x9F)
            continue;
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
            if (map[i].from == *p) {
                *p = map[i].to;
                break;
            }
    }
}

/* ======================================================================================== */
/* Templates                                                                               */
/* ======================================================================================== */

enum { PAGES_FIRST = 1, PAGES_NEXT = 2, PAGES_ALL = 3 };

typedef enum elem_kind { EL_TEXT, EL_IMAGE, EL_LINE, EL_RECT, EL_QR } elem_kind;

typedef struct face {
    char name[NAME_MAX_LEN];
    char path[PATH_MAX_LEN];
    ttfcov *cov; /* the characters the font can draw */
} face;

typedef struct named_color {
    char name[NAME_MAX_LEN];
    layout_color c;
} named_color;

typedef struct named_style {
    char name[NAME_MAX_LEN];
    int line;
    layout_style st;
    int face;
} named_style;

typedef struct elem {
    elem_kind kind;
    char name[NAME_MAX_LEN];
    int line; /* first line of its section, for errors about the whole block */
    int pages;
    /*
     * jika = NAME: drawn only when field NAME is set and not empty, so that one template
     * serves recipients that differ in what they are given (an opinion, or a unit's label).
     */
    char jika[NAME_MAX_LEN];
    double x, y, w, h, x2, y2;
    bool has_x, has_y, has_w, has_h, has_x2, has_y2;
    double line_width;
    layout_color color, fill;
    bool has_color, has_fill;
    int face;
    double size, min_size, leading, tracking;
    int max_lines;
    layout_align align;
    bool middle; /* valign = middle: lines centred in the box of max_lines at full size */
    bool upper;
    char *text; /* UTF-8 with placeholders */
    int text_line;
    char path[PATH_MAX_LEN]; /* image */
    bool png;
} elem;

typedef struct border {
    bool on;
    int pages;
    layout_color color, accent;
    double inset, width, gap, inner_width, corner_size;
    bool ornament;
} border;

struct layout_template {
    char path[PATH_MAX_LEN];
    double page_w, page_h;
    double margin[4]; /* top right bottom left */
    double flow_top, flow_top_next;
    bool has_flow_top, has_flow_top_next;
    face *faces;
    int n_faces;
    named_color *colors;
    int n_colors;
    named_style *styles;
    int n_styles;
    elem *elems;
    int n_elems;
    border border;
};

/* Parser state: libinih hands us section/key/value; the line comes from our own reader. */
typedef struct parse_state {
    layout_template *t;
    const char *font_dir;
    char tdir[PATH_MAX_LEN];
    const char *const *known;
    FILE *fp;
    int line, next_line;
    int section_line; /* line of the last [section] header: errors about a whole block */
    bool too_long;
    char section[128];
    int sect_kind; /* see sect_* below */
    int cur;       /* index of the current elem/style */
    bool orientation_landscape;
    int size_line;
    kp_status st;
    kp_error *err;
} parse_state;

enum { SECT_NONE, SECT_PAGE, SECT_FONT, SECT_COLOR, SECT_BORDER, SECT_STYLE, SECT_ELEM };

static char *reader(char *str, int num, void *stream)
{
    parse_state *ps = stream;
    if (!fgets(str, num, ps->fp))
        return NULL;
    ps->line = ps->next_line;
    const char *p = str;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '[')
        ps->section_line = ps->line;
    size_t len = strlen(str);
    if (len > 0 && str[len - 1] == '\n')
        ps->next_line++;
    else if ((int)len == num - 1 && !feof(ps->fp)) {
        /* libinih would silently drop the rest of the line: refuse it instead. */
        ps->too_long = true;
        return NULL;
    }
    return str;
}

static kp_status perr(parse_state *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static kp_status perr(parse_state *ps, const char *fmt, ...)
{
    if (ps->st != KP_OK)
        return ps->st;
    char msg[KP_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ps->st = kp_error_set(ps->err, KP_ERR_DATA, ps->t->path, ps->line, 0, "%s", msg);
    return ps->st;
}

/* A length: points, or with a unit "mm" / "cm" / "pt". */
static bool parse_len(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !isfinite(v))
        return false;
    while (isspace((unsigned char)*end))
        end++;
    if (strcmp(end, "mm") == 0)
        v *= 72.0 / 25.4;
    else if (strcmp(end, "cm") == 0)
        v *= 72.0 / 2.54;
    else if (*end && strcmp(end, "pt") != 0)
        return false;
    if (fabs(v) > 100000)
        return false;
    *out = v;
    return true;
}

static bool parse_int(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 0 || v > 1000)
        return false;
    *out = (int)v;
    return true;
}

static bool parse_hex_color(const char *s, layout_color *c)
{
    if (s[0] != '#' || strlen(s) != 7)
        return false;
    unsigned v[3];
    for (int i = 0; i < 3; i++) {
        char h[3] = {s[1 + 2 * i], s[2 + 2 * i], 0};
        if (!isxdigit((unsigned char)h[0]) || !isxdigit((unsigned char)h[1]))
            return false;
        v[i] = (unsigned)strtoul(h, NULL, 16);
    }
    c->r = (float)v[0] / 255.0f;
    c->g = (float)v[1] / 255.0f;
    c->b = (float)v[2] / 255.0f;
    return true;
}

bool layout_template_color(const layout_template *t, const char *name, layout_color *out)
{
    if (name[0] == '#')
        return parse_hex_color(name, out);
    for (int i = 0; i < t->n_colors; i++)
        if (strcmp(t->colors[i].name, name) == 0) {
            *out = t->colors[i].c;
            return true;
        }
    return false;
}

static int face_index(const layout_template *t, const char *name)
{
    for (int i = 0; i < t->n_faces; i++)
        if (strcmp(t->faces[i].name, name) == 0)
            return i;
    return -1;
}

static bool parse_align(const char *s, layout_align *a)
{
    static const char *names[] = {"left", "center", "right", "justify"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *a = (layout_align)i;
            return true;
        }
    return false;
}

static bool parse_pages(const char *s, int *p)
{
    if (strcmp(s, "first") == 0)
        *p = PAGES_FIRST;
    else if (strcmp(s, "next") == 0)
        *p = PAGES_NEXT;
    else if (strcmp(s, "all") == 0)
        *p = PAGES_ALL;
    else
        return false;
    return true;
}

static bool parse_bool(const char *s, bool *b)
{
    if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
        *b = true;
    else if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
        *b = false;
    else
        return false;
    return true;
}

typedef struct known_ctx {
    const char *const *known; /* NULL: any well-formed name */
    const char *file;
    int line;
} known_ctx;

static kp_status check_known(void *user, const char *name, size_t len, kp_error *err)
{
    known_ctx *kc = user;
    if (!kc->known)
        return KP_OK;
    for (const char *const *k = kc->known; *k; k++)
        if (strncmp(*k, name, len) == 0 && (*k)[len] == '\0')
            return KP_OK;
    return kp_error_set(err, KP_ERR_DATA, kc->file, kc->line, 0, "placeholder {%.*s} tidak dikenal",
                        (int)len, name);
}

static void *grow(void *p, int n, int *cap, size_t size)
{
    if (n < *cap)
        return p;
    int ncap = *cap ? *cap * 2 : 8;
    void *np = realloc(p, (size_t)ncap * size);
    if (!np)
        return NULL;
    memset((char *)np + (size_t)*cap * size, 0, (size_t)(ncap - *cap) * size);
    *cap = ncap;
    return np;
}

typedef struct caps {
    int faces, colors, styles, elems;
} caps;

/* Starts a new section: decides its kind and, for blocks, appends an element. */
static int begin_section(parse_state *ps, const char *section, caps *cp)
{
    layout_template *t = ps->t;
    snprintf(ps->section, sizeof ps->section, "%s", section);
    char kind[32] = "", name[NAME_MAX_LEN] = "", extra[8] = "";
    int n = sscanf(section, "%31s %47s %7s", kind, name, extra);
    if (n == 1 && strcmp(kind, "page") == 0)
        ps->sect_kind = SECT_PAGE;
    else if (n == 1 && strcmp(kind, "font") == 0)
        ps->sect_kind = SECT_FONT;
    else if (n == 1 && strcmp(kind, "color") == 0)
        ps->sect_kind = SECT_COLOR;
    else if (n == 1 && strcmp(kind, "border") == 0) {
        ps->sect_kind = SECT_BORDER;
        t->border.on = true;
    } else if (n == 2 && strcmp(kind, "style") == 0) {
        for (int i = 0; i < t->n_styles; i++)
            if (strcmp(t->styles[i].name, name) == 0)
                return perr(ps, "gaya [style %s] ditulis dua kali", name);
        named_style *ns = grow(t->styles, t->n_styles, &cp->styles, sizeof *ns);
        if (!ns)
            return ps->st = kp_error_set(ps->err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        t->styles = ns;
        ps->cur = t->n_styles++;
        named_style *s = &t->styles[ps->cur];
        snprintf(s->name, sizeof s->name, "%s", name);
        s->line = ps->section_line;
        s->face = -1;
        s->st.size = 11;
        s->st.leading = 1.2;
        ps->sect_kind = SECT_STYLE;
    } else if (n == 2 && (strcmp(kind, "text") == 0 || strcmp(kind, "image") == 0 ||
                          strcmp(kind, "line") == 0 || strcmp(kind, "rect") == 0 ||
                          strcmp(kind, "qr") == 0)) {
        for (int i = 0; i < t->n_elems; i++)
            if (strcmp(t->elems[i].name, name) == 0)
                return perr(ps, "blok \"%s\" ditulis dua kali", name);
        elem *ne = grow(t->elems, t->n_elems, &cp->elems, sizeof *ne);
        if (!ne)
            return ps->st = kp_error_set(ps->err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        t->elems = ne;
        ps->cur = t->n_elems++;
        elem *e = &t->elems[ps->cur];
        e->kind = kind[0] == 't'   ? EL_TEXT
                  : kind[0] == 'i' ? EL_IMAGE
                  : kind[0] == 'l' ? EL_LINE
                  : kind[0] == 'q' ? EL_QR
                                   : EL_RECT;
        snprintf(e->name, sizeof e->name, "%s", name);
        e->line = ps->section_line;
        e->pages = PAGES_FIRST;
        e->face = -1;
        e->leading = 1.2;
        e->line_width = 1;
        ps->sect_kind = SECT_ELEM;
    } else {
        ps->line = ps->section_line;
        return perr(ps,
                    "bagian [%s] tidak dikenal (page, font, color, border, style NAMA, text NAMA, "
                    "image NAMA, line NAMA, rect NAMA, qr NAMA)",
                    section);
    }
    return 0;
}

static kp_status key_page(parse_state *ps, const char *key, const char *value)
{
    layout_template *t = ps->t;
    double v;
    if (strcmp(key, "size") == 0) {
        static const struct {
            const char *name;
            double w, h;
        } sizes[] = {
            {"A4", 595.276, 841.89},
            {"A5", 419.528, 595.276},
            {"letter", 612, 792},
            {"legal", 612, 1008},
        };
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
            if (strcmp(value, sizes[i].name) == 0) {
                t->page_w = sizes[i].w;
                t->page_h = sizes[i].h;
                return KP_OK;
            }
        return perr(ps, "ukuran halaman \"%s\" tidak dikenal (A4, A5, letter, legal)", value);
    }
    if (strcmp(key, "orientation") == 0) {
        if (strcmp(value, "landscape") == 0)
            ps->orientation_landscape = true;
        else if (strcmp(value, "portrait") == 0)
            ps->orientation_landscape = false;
        else
            return perr(ps, "orientation harus portrait atau landscape, bukan \"%s\"", value);
        return KP_OK;
    }
    if (strcmp(key, "margin") == 0) {
        double m[4];
        char buf[128];
        snprintf(buf, sizeof buf, "%s", value);
        int n = 0;
        char *save = NULL;
        for (char *tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
            if (n == 4 || !parse_len(tok, &m[n]) || m[n] < 0)
                return perr(ps,
                            "margin: satu atau empat panjang (atas kanan bawah kiri), "
                            "bukan \"%s\"",
                            value);
            n++;
        }
        if (n != 1 && n != 4)
            return perr(ps, "margin: satu atau empat panjang (atas kanan bawah kiri)");
        for (int i = 0; i < 4; i++)
            t->margin[i] = n == 1 ? m[0] : m[i];
        return KP_OK;
    }
    if (strcmp(key, "flow_top") == 0 || strcmp(key, "flow_top_next") == 0) {
        if (!parse_len(value, &v) || v < 0)
            return perr(ps, "%s: panjang tidak sah \"%s\"", key, value);
        if (key[8] == '\0') {
            t->flow_top = v;
            t->has_flow_top = true;
        } else {
            t->flow_top_next = v;
            t->has_flow_top_next = true;
        }
        return KP_OK;
    }
    return perr(ps,
                "kunci \"%s\" tidak dikenal di [page] (size, orientation, margin, flow_top, "
                "flow_top_next)",
                key);
}

static kp_status key_font(parse_state *ps, const char *key)
{
    layout_template *t = ps->t;
    size_t len = strlen(key);
    bool ok = len > 0 && len < NAME_MAX_LEN;
    for (size_t i = 0; ok && i < len; i++)
        ok = islower((unsigned char)key[i]) || isdigit((unsigned char)key[i]) || key[i] == '_' ||
             key[i] == '-';
    if (!ok)
        return perr(ps, "nama huruf \"%s\" tidak sah (huruf kecil, angka, '_', '-')", key);
    if (face_index(t, key) >= 0)
        return perr(ps, "huruf \"%s\" ditulis dua kali", key);
    return KP_OK;
}

static kp_status key_color(parse_state *ps, const char *key, const char *value)
{
    layout_color c;
    if (!parse_hex_color(value, &c))
        return perr(ps, "warna \"%s\": tulis #RRGGBB, bukan \"%s\"", key, value);
    layout_color dummy;
    if (layout_template_color(ps->t, key, &dummy))
        return perr(ps, "warna \"%s\" ditulis dua kali", key);
    return KP_OK;
}

static kp_status color_ref(parse_state *ps, const char *value, layout_color *out)
{
    if (layout_template_color(ps->t, value, out))
        return KP_OK;
    return perr(ps, "warna \"%s\" tidak dikenal (tulis #RRGGBB atau nama dari [color] di atasnya)",
                value);
}

static kp_status face_ref(parse_state *ps, const char *value, int *out)
{
    *out = face_index(ps->t, value);
    if (*out >= 0)
        return KP_OK;
    return perr(ps, "huruf \"%s\" tidak dikenal (nama dari [font] di atasnya)", value);
}

static kp_status len_ref(parse_state *ps, const char *key, const char *value, double *out,
                         bool *has)
{
    if (!parse_len(value, out))
        return perr(ps, "%s: panjang tidak sah \"%s\" (angka dalam pt, atau mm/cm)", key, value);
    if (has)
        *has = true;
    return KP_OK;
}

static kp_status key_border(parse_state *ps, const char *key, const char *value)
{
    border *b = &ps->t->border;
    if (strcmp(key, "color") == 0)
        return color_ref(ps, value, &b->color);
    if (strcmp(key, "accent") == 0)
        return color_ref(ps, value, &b->accent);
    if (strcmp(key, "inset") == 0)
        return len_ref(ps, key, value, &b->inset, NULL);
    if (strcmp(key, "width") == 0)
        return len_ref(ps, key, value, &b->width, NULL);
    if (strcmp(key, "gap") == 0)
        return len_ref(ps, key, value, &b->gap, NULL);
    if (strcmp(key, "inner_width") == 0)
        return len_ref(ps, key, value, &b->inner_width, NULL);
    if (strcmp(key, "corner_size") == 0)
        return len_ref(ps, key, value, &b->corner_size, NULL);
    if (strcmp(key, "corner") == 0) {
        if (strcmp(value, "ornament") == 0)
            b->ornament = true;
        else if (strcmp(value, "none") == 0)
            b->ornament = false;
        else
            return perr(ps, "corner harus ornament atau none, bukan \"%s\"", value);
        return KP_OK;
    }
    if (strcmp(key, "pages") == 0) {
        if (!parse_pages(value, &b->pages))
            return perr(ps, "pages harus first, next atau all, bukan \"%s\"", value);
        return KP_OK;
    }
    return perr(ps,
                "kunci \"%s\" tidak dikenal di [border] (color, accent, inset, width, gap, "
                "inner_width, corner, corner_size, pages)",
                key);
}

static kp_status key_style(parse_state *ps, const char *key, const char *value)
{
    named_style *s = &ps->t->styles[ps->cur];
    if (strcmp(key, "font") == 0) {
        if (face_ref(ps, value, &s->face) != KP_OK)
            return ps->st;
        s->st.font = ps->t->faces[s->face].name;
        return KP_OK;
    }
    if (strcmp(key, "size") == 0)
        return len_ref(ps, key, value, &s->st.size, NULL);
    if (strcmp(key, "leading") == 0) {
        char *end;
        s->st.leading = strtod(value, &end);
        if (end == value || *end || s->st.leading <= 0 || s->st.leading > 5)
            return perr(ps, "leading: kelipatan ukuran huruf (mis. 1.3), bukan \"%s\"", value);
        return KP_OK;
    }
    if (strcmp(key, "color") == 0)
        return color_ref(ps, value, &s->st.color);
    if (strcmp(key, "align") == 0) {
        if (!parse_align(value, &s->st.align))
            return perr(ps, "align harus left, center, right atau justify, bukan \"%s\"", value);
        return KP_OK;
    }
    return perr(ps, "kunci \"%s\" tidak dikenal di [style] (font, size, leading, color, align)",
                key);
}

static kp_status append_text(parse_state *ps, elem *e, const char *value)
{
    known_ctx kc = {ps->known, ps->t->path, ps->line};
    if (scan_placeholders(value, check_known, &kc, ps->t->path, ps->line, ps->err) != KP_OK)
        return ps->st = KP_ERR_DATA;
    size_t old = e->text ? strlen(e->text) : 0;
    size_t add = strlen(value);
    if (old + add + 2 > TEXT_MAX)
        return perr(ps, "teks blok \"%s\" terlalu panjang (maks %d)", e->name, TEXT_MAX - 1);
    char *nt = realloc(e->text, old + add + 2);
    if (!nt)
        return ps->st = kp_error_set(ps->err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    /* A continuation line of the INI value joins the text with a space; "\n" in the text
     * is a line break. */
    char *o = nt + old;
    if (old)
        *o++ = ' ';
    for (const char *p = value; *p; p++) {
        if (p[0] == '\\' && p[1] == 'n') {
            *o++ = '\n';
            p++;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    e->text = nt;
    if (!e->text_line)
        e->text_line = ps->line;
    return KP_OK;
}

static kp_status key_elem(parse_state *ps, const char *key, const char *value)
{
    elem *e = &ps->t->elems[ps->cur];
    if (strcmp(key, "pages") == 0) {
        if (!parse_pages(value, &e->pages))
            return perr(ps, "pages harus first, next atau all, bukan \"%s\"", value);
        return KP_OK;
    }
    if (strcmp(key, "jika") == 0) {
        size_t len = strlen(value);
        if (!valid_key(value, len))
            return perr(ps,
                        "jika: nama placeholder tanpa kurung (huruf kecil, angka, '_'), bukan "
                        "\"%s\"",
                        value);
        /* Checked like a {placeholder}: a misspelt condition would hide the block for good. */
        known_ctx kc = {ps->known, ps->t->path, ps->line};
        if (check_known(&kc, value, len, ps->err) != KP_OK)
            return ps->st = KP_ERR_DATA;
        snprintf(e->jika, sizeof e->jika, "%s", value);
        return KP_OK;
    }
    if (strcmp(key, "x") == 0)
        return len_ref(ps, key, value, &e->x, &e->has_x);
    if (strcmp(key, "y") == 0)
        return len_ref(ps, key, value, &e->y, &e->has_y);
    if (e->kind == EL_LINE) {
        if (strcmp(key, "x2") == 0)
            return len_ref(ps, key, value, &e->x2, &e->has_x2);
        if (strcmp(key, "y2") == 0)
            return len_ref(ps, key, value, &e->y2, &e->has_y2);
    } else {
        if (strcmp(key, "width") == 0)
            return len_ref(ps, key, value, &e->w, &e->has_w);
        if (strcmp(key, "height") == 0)
            return len_ref(ps, key, value, &e->h, &e->has_h);
    }
    if (e->kind == EL_LINE || e->kind == EL_RECT) {
        if (strcmp(key, "line_width") == 0)
            return len_ref(ps, key, value, &e->line_width, NULL);
        if (strcmp(key, "color") == 0) {
            e->has_color = true;
            return color_ref(ps, value, &e->color);
        }
    }
    if (e->kind == EL_QR) {
        if (strcmp(key, "text") == 0)
            return append_text(ps, e, value);
        if (strcmp(key, "color") == 0) {
            e->has_color = true;
            return color_ref(ps, value, &e->color);
        }
    }
    if ((e->kind == EL_RECT || e->kind == EL_QR) && strcmp(key, "fill") == 0) {
        e->has_fill = true;
        return color_ref(ps, value, &e->fill);
    }
    if (e->kind == EL_IMAGE && strcmp(key, "file") == 0) {
        const char *dot = strrchr(value, '.');
        if (!dot ||
            (strcmp(dot, ".png") != 0 && strcmp(dot, ".jpg") != 0 && strcmp(dot, ".jpeg") != 0))
            return perr(ps, "gambar harus .png, .jpg atau .jpeg: \"%s\"", value);
        e->png = strcmp(dot, ".png") == 0;
        int n = value[0] == '/' ? snprintf(e->path, sizeof e->path, "%s", value)
                                : snprintf(e->path, sizeof e->path, "%s/%s", ps->tdir, value);
        if (n < 0 || (size_t)n >= sizeof e->path)
            return perr(ps, "jalur gambar terlalu panjang");
        FILE *f = fopen(e->path, "rb");
        if (!f)
            return perr(ps, "gambar \"%s\" tidak dapat dibuka: %s", e->path, strerror(errno));
        fclose(f);
        return KP_OK;
    }
    if (e->kind == EL_TEXT) {
        if (strcmp(key, "text") == 0)
            return append_text(ps, e, value);
        if (strcmp(key, "font") == 0)
            return face_ref(ps, value, &e->face);
        if (strcmp(key, "size") == 0)
            return len_ref(ps, key, value, &e->size, NULL);
        if (strcmp(key, "min_size") == 0)
            return len_ref(ps, key, value, &e->min_size, NULL);
        if (strcmp(key, "tracking") == 0)
            return len_ref(ps, key, value, &e->tracking, NULL);
        if (strcmp(key, "color") == 0) {
            e->has_color = true;
            return color_ref(ps, value, &e->color);
        }
        if (strcmp(key, "max_lines") == 0) {
            if (!parse_int(value, &e->max_lines) || e->max_lines < 1)
                return perr(ps, "max_lines: bilangan bulat >= 1, bukan \"%s\"", value);
            return KP_OK;
        }
        if (strcmp(key, "leading") == 0) {
            char *end;
            e->leading = strtod(value, &end);
            if (end == value || *end || e->leading <= 0 || e->leading > 5)
                return perr(ps, "leading: kelipatan ukuran huruf (mis. 1.3), bukan \"%s\"", value);
            return KP_OK;
        }
        if (strcmp(key, "align") == 0) {
            if (!parse_align(value, &e->align))
                return perr(ps, "align harus left, center, right atau justify, bukan \"%s\"",
                            value);
            return KP_OK;
        }
        if (strcmp(key, "valign") == 0) {
            if (strcmp(value, "top") == 0)
                e->middle = false;
            else if (strcmp(value, "middle") == 0)
                e->middle = true;
            else
                return perr(ps, "valign harus top atau middle, bukan \"%s\"", value);
            return KP_OK;
        }
        if (strcmp(key, "upper") == 0) {
            if (!parse_bool(value, &e->upper))
                return perr(ps, "upper harus yes atau no, bukan \"%s\"", value);
            return KP_OK;
        }
    }
    static const char *keys[] = {
        [EL_TEXT] = ("x, y, width, height, text, font, size, min_size, max_lines, leading, "
                     "align, valign, color, tracking, upper, pages, jika"),
        [EL_IMAGE] = "file, x, y, width, height, pages, jika",
        [EL_LINE] = "x, y, x2, y2, line_width, color, pages, jika",
        [EL_RECT] = "x, y, width, height, fill, color, line_width, pages, jika",
        [EL_QR] = "text, x, y, width, color, fill, pages, jika",
    };
    return perr(ps, "kunci \"%s\" tidak dikenal di [%s] (%s)", key, ps->section, keys[e->kind]);
}

typedef struct handler_ctx {
    parse_state *ps;
    caps caps;
} handler_ctx;

static int handler(void *user, const char *section, const char *key, const char *value)
{
    handler_ctx *hc = user;
    parse_state *ps = hc->ps;
    layout_template *t = ps->t;
    if (ps->st != KP_OK)
        return 0;
    if (strcmp(section, ps->section) != 0 || ps->sect_kind == SECT_NONE) {
        if (!section[0])
            return perr(ps, "kunci \"%s\" di luar bagian [..]", key), 0;
        if (begin_section(ps, section, &hc->caps) != 0)
            return 0;
    }
    switch (ps->sect_kind) {
    case SECT_PAGE:
        key_page(ps, key, value);
        break;
    case SECT_FONT: {
        if (key_font(ps, key) != KP_OK)
            break;
        face *nf = grow(t->faces, t->n_faces, &hc->caps.faces, sizeof *nf);
        if (!nf) {
            ps->st = kp_error_set(ps->err, KP_ERR_IO, NULL, 0, 0, "memori habis");
            break;
        }
        t->faces = nf;
        face *f = &t->faces[t->n_faces];
        snprintf(f->name, sizeof f->name, "%s", key);
        int n = value[0] == '/' ? snprintf(f->path, sizeof f->path, "%s", value)
                                : snprintf(f->path, sizeof f->path, "%s/%s", ps->font_dir, value);
        if (n < 0 || (size_t)n >= sizeof f->path) {
            perr(ps, "jalur huruf terlalu panjang");
            break;
        }
        FILE *fp = fopen(f->path, "rb");
        if (!fp) {
            perr(ps, "berkas huruf \"%s\" tidak dapat dibuka: %s", f->path, strerror(errno));
            break;
        }
        fclose(fp);
        /* Read once per template: which characters the face can draw (see encode()). */
        f->cov = malloc(sizeof *f->cov);
        kp_error cerr;
        if (!f->cov) {
            ps->st = kp_error_set(ps->err, KP_ERR_IO, NULL, 0, 0, "memori habis");
            break;
        }
        if (ttfcov_load(f->path, f->cov, &cerr) != KP_OK) {
            free(f->cov);
            perr(ps, "berkas huruf \"%s\": %s", f->path, cerr.msg);
            break;
        }
        t->n_faces++;
        break;
    }
    case SECT_COLOR: {
        if (key_color(ps, key, value) != KP_OK)
            break;
        named_color *nc = grow(t->colors, t->n_colors, &hc->caps.colors, sizeof *nc);
        if (!nc) {
            ps->st = kp_error_set(ps->err, KP_ERR_IO, NULL, 0, 0, "memori habis");
            break;
        }
        t->colors = nc;
        snprintf(nc[t->n_colors].name, sizeof nc->name, "%s", key);
        parse_hex_color(value, &nc[t->n_colors].c);
        t->n_colors++;
        break;
    }
    case SECT_BORDER:
        key_border(ps, key, value);
        break;
    case SECT_STYLE:
        key_style(ps, key, value);
        break;
    case SECT_ELEM:
        key_elem(ps, key, value);
        break;
    }
    return ps->st == KP_OK;
}

/* Checks what only the whole file can tell: required keys and geometry. */
static kp_status finish_template(parse_state *ps)
{
    layout_template *t = ps->t;
    if (ps->orientation_landscape) {
        double w = t->page_w;
        t->page_w = t->page_h;
        t->page_h = w;
    }
    if (t->margin[0] + t->margin[2] >= t->page_h || t->margin[1] + t->margin[3] >= t->page_w) {
        ps->line = 0;
        return perr(ps, "margin lebih besar dari halaman");
    }
    if (!t->has_flow_top)
        t->flow_top = t->margin[0];
    if (!t->has_flow_top_next)
        t->flow_top_next = t->margin[0];
    for (int i = 0; i < t->n_styles; i++)
        if (t->styles[i].face < 0) {
            ps->line = t->styles[i].line;
            return perr(ps, "[style %s] tanpa font", t->styles[i].name);
        }
    for (int i = 0; i < t->n_elems; i++) {
        elem *e = &t->elems[i];
        ps->line = e->line;
        if (!e->has_y)
            return perr(ps, "blok \"%s\" tanpa y", e->name);
        if (!e->has_x)
            e->x = t->margin[3];
        switch (e->kind) {
        case EL_TEXT:
            if (!e->text)
                return perr(ps, "blok teks \"%s\" tanpa text", e->name);
            if (e->face < 0)
                return perr(ps, "blok teks \"%s\" tanpa font", e->name);
            if (e->size <= 0)
                return perr(ps, "blok teks \"%s\" tanpa size (> 0)", e->name);
            if (!e->has_w)
                e->w = t->page_w - t->margin[1] - e->x;
            if (e->w <= 0)
                return perr(ps, "blok teks \"%s\": lebar <= 0", e->name);
            if (e->min_size > e->size)
                return perr(ps, "blok teks \"%s\": min_size lebih besar dari size", e->name);
            if (e->min_size > 0 && e->max_lines == 0)
                e->max_lines = 1;
            if (e->min_size <= 0)
                e->min_size = e->size;
            break;
        case EL_IMAGE:
            if (!e->path[0])
                return perr(ps, "gambar \"%s\" tanpa file", e->name);
            if (!e->has_w || e->w <= 0)
                return perr(ps, "gambar \"%s\" tanpa width (> 0)", e->name);
            break;
        case EL_LINE:
            if (!e->has_x2)
                e->x2 = t->page_w - t->margin[1];
            if (!e->has_y2)
                e->y2 = e->y;
            break;
        case EL_QR:
            if (!e->text)
                return perr(ps, "kode QR \"%s\" tanpa text", e->name);
            if (!e->has_w || e->w <= 0)
                return perr(ps, "kode QR \"%s\" tanpa width (> 0)", e->name);
            if (e->has_h)
                return perr(ps, "kode QR \"%s\" persegi: width saja, tanpa height", e->name);
            break;
        case EL_RECT:
            if (!e->has_w || !e->has_h)
                return perr(ps, "kotak \"%s\" tanpa width dan height", e->name);
            if (!e->has_fill && !e->has_color)
                return perr(ps, "kotak \"%s\" tanpa fill atau color", e->name);
            break;
        }
    }
    if (t->border.on && t->border.width <= 0)
        t->border.width = 1;
    return KP_OK;
}

kp_status layout_template_load(const char *path, const char *font_dir, const char *const *known,
                               layout_template **out, kp_error *err)
{
    *out = NULL;
    layout_template *t = calloc(1, sizeof *t);
    if (!t)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    snprintf(t->path, sizeof t->path, "%s", path);
    t->page_w = 595.276;
    t->page_h = 841.89;
    for (int i = 0; i < 4; i++)
        t->margin[i] = 56.7; /* 2 cm */
    t->border.pages = PAGES_ALL;
    t->border.inset = 20;
    t->border.gap = 5;
    t->border.inner_width = 1;
    t->border.corner_size = 40;

    parse_state ps = {.t = t, .font_dir = font_dir, .known = known, .err = err, .next_line = 1};
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(ps.tdir, sizeof ps.tdir, "%.*s", (int)(slash - path), path);
    else
        snprintf(ps.tdir, sizeof ps.tdir, ".");
    ps.fp = fopen(path, "r");
    if (!ps.fp) {
        kp_status st =
            kp_error_set(err, KP_ERR_IO, path, 0, 0, "tidak dapat dibuka: %s", strerror(errno));
        layout_template_free(t);
        return st;
    }
    handler_ctx hc = {.ps = &ps};
    int rc = ini_parse_stream(reader, &ps, handler, &hc);
    fclose(ps.fp);
    if (ps.st == KP_OK && ps.too_long)
        perr(&ps, "baris terlalu panjang: pecah nilai panjang menjadi beberapa baris yang diawali "
                  "spasi");
    if (ps.st == KP_OK && rc > 0) {
        ps.line = rc;
        perr(&ps, "baris tidak dapat dibaca (harus [bagian], kunci = nilai, atau komentar)");
    }
    if (ps.st == KP_OK && rc < 0)
        ps.st = kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    if (ps.st == KP_OK)
        finish_template(&ps);
    if (ps.st != KP_OK) {
        layout_template_free(t);
        return ps.st;
    }
    *out = t;
    return KP_OK;
}

void layout_template_free(layout_template *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->n_elems; i++)
        free(t->elems[i].text);
    free(t->elems);
    for (int i = 0; i < t->n_faces; i++)
        free(t->faces[i].cov);
    free(t->faces);
    free(t->colors);
    free(t->styles);
    free(t);
}

const char *layout_template_path(const layout_template *t)
{
    return t->path;
}

kp_status layout_template_style(const layout_template *t, const char *name, layout_style *out,
                                kp_error *err)
{
    for (int i = 0; i < t->n_styles; i++)
        if (strcmp(t->styles[i].name, name) == 0) {
            *out = t->styles[i].st;
            return KP_OK;
        }
    return kp_error_set(err, KP_ERR_DATA, t->path, 0, 0, "gaya [style %s] tidak ada", name);
}

/* ======================================================================================== */
/* Documents                                                                               */
/* ======================================================================================== */

typedef struct face_rt {
    const char *hpdf_name; /* owned by libharu's font definition, alive as long as the HPDF_Doc */
    HPDF_Font font;        /* in the current PDF; NULL until first used, so unused faces are not
                              embedded */
    uint16_t width[256];   /* advance widths, 1/1000 em, of each CP1252 byte */
    double ascent;         /* 1/1000 em */
} face_rt;

typedef struct line_span {
    size_t start, len; /* in the encoded text */
    int spaces;        /* gaps that justification may stretch */
    double width;      /* natural width at the measuring size */
    bool last;         /* ends the paragraph or a forced break: not justified */
} line_span;

typedef struct line_buf {
    line_span *v;
    int cap;
} line_buf;

struct layout_doc {
    const layout_template *t;
    HPDF_Doc pdf;
    HPDF_STATUS hpdf_error, hpdf_detail;
    face_rt *faces;
    HPDF_Image *images; /* per template element, loaded once per PDF */
    HPDF_Page *pages;
    int n_pages, cap_pages;
    HPDF_Page page;
    double cursor;
    const layout_fields *fields;
    layout_page_hook hook;
    void *hook_user;
    int table_row;
    /* Primitives and template blocks have separate buffers: a paragraph or table row that
     * reaches the bottom starts a page whose template blocks are drawn mid-paragraph. */
    line_buf lines, tlines;
    bool active;
    char enc[TEXT_MAX];
    char tenc[TEXT_MAX];
    char tmp[TEXT_MAX];
};

static void hpdf_handler(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    layout_doc *d = user_data;
    /* The first error is the cause; later ones are consequences. */
    if (!d->hpdf_error) {
        d->hpdf_error = error_no;
        d->hpdf_detail = detail_no;
    }
}

static kp_status hpdf_check(layout_doc *d, const char *what, kp_error *err)
{
    if (!d->hpdf_error)
        return KP_OK;
    kp_status st = kp_error_set(err, KP_ERR_IO, d->t->path, 0, 0,
                                "libharu gagal saat %s: kode 0x%04X (detail %u)", what,
                                (unsigned)d->hpdf_error, (unsigned)d->hpdf_detail);
    d->active = false;
    return st;
}

kp_status layout_doc_new(const layout_template *t, layout_doc **out, kp_error *err)
{
    *out = NULL;
    layout_doc *d = calloc(1, sizeof *d);
    if (!d)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    d->t = t;
    /* Referencing the shim is what links it in (see pdfshim.h); PDFs are valid either way. */
    (void)pdfshim_active();
    d->faces = calloc((size_t)(t->n_faces ? t->n_faces : 1), sizeof *d->faces);
    d->images = calloc((size_t)(t->n_elems ? t->n_elems : 1), sizeof *d->images);
    d->pdf = HPDF_New(hpdf_handler, d);
    if (!d->faces || !d->images || !d->pdf) {
        layout_doc_free(d);
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    /* Font definitions live in the HPDF_Doc across HPDF_NewDoc(): loading them here, once,
     * spares every PDF the parsing of every font file. */
    for (int i = 0; i < t->n_faces; i++) {
        face_rt *f = &d->faces[i];
        f->hpdf_name = HPDF_LoadTTFontFromFile(d->pdf, t->faces[i].path, HPDF_TRUE);
        HPDF_Font font = f->hpdf_name ? HPDF_GetFont(d->pdf, f->hpdf_name, "CP1252") : NULL;
        if (!font || d->hpdf_error) {
            kp_status st =
                kp_error_set(err, KP_ERR_DATA, t->path, 0, 0,
                             "huruf \"%s\" (%s) tidak dapat dimuat libharu "
                             "(kode 0x%04X): harus TrueType dengan tabel glyf",
                             t->faces[i].name, t->faces[i].path, (unsigned)d->hpdf_error);
            layout_doc_free(d);
            return st;
        }
        for (int b = 32; b < 256; b++) {
            HPDF_BYTE c = (HPDF_BYTE)b;
            f->width[b] = (uint16_t)HPDF_Font_TextWidth(font, &c, 1).width;
        }
        f->ascent = HPDF_Font_GetAscent(font);
    }
    *out = d;
    return KP_OK;
}

void layout_doc_free(layout_doc *d)
{
    if (!d)
        return;
    if (d->pdf)
        HPDF_Free(d->pdf);
    free(d->faces);
    free(d->images);
    free(d->pages);
    free(d->lines.v);
    free(d->tlines.v);
    free(d);
}

static void set_info(layout_doc *d, HPDF_InfoType type, const char *utf8)
{
    if (!utf8)
        return;
    char buf[1024];
    if (layout_cp1252(utf8, buf, sizeof buf, NULL) != KP_OK)
        return;
    cp1252_to_pdfdoc(buf);
    HPDF_SetInfoAttr(d->pdf, type, buf);
}

kp_status layout_doc_begin(layout_doc *d, const layout_info *info, kp_error *err)
{
    d->hpdf_error = 0;
    HPDF_ResetError(d->pdf);
    if (HPDF_NewDoc(d->pdf) != HPDF_OK)
        return hpdf_check(d, "membuat dokumen", err);
    d->active = true;
    d->n_pages = 0;
    d->page = NULL;
    d->fields = NULL;
    d->hook = NULL;
    d->hook_user = NULL;
    for (int i = 0; i < d->t->n_faces; i++)
        d->faces[i].font = NULL;
    for (int i = 0; i < d->t->n_elems; i++)
        d->images[i] = NULL;
    HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
    /* Info strings go through our own conversion: refuse what cannot be encoded. */
    const char *texts[] = {info->title, info->author, info->subject, info->keywords, info->creator};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i] && layout_cp1252(texts[i], d->tmp, sizeof d->tmp, err) != KP_OK) {
            d->active = false;
            return KP_ERR_DATA;
        }
    set_info(d, HPDF_INFO_TITLE, info->title);
    set_info(d, HPDF_INFO_AUTHOR, info->author);
    set_info(d, HPDF_INFO_SUBJECT, info->subject);
    set_info(d, HPDF_INFO_KEYWORDS, info->keywords);
    set_info(d, HPDF_INFO_CREATOR, info->creator);
    time_t tt = (time_t)info->epoch;
    struct tm tm;
    if (!gmtime_r(&tt, &tm))
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0, "waktu dokumen %lld tidak sah",
                            info->epoch);
    HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec,         'Z',           0,          0};
    HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, date);
    return hpdf_check(d, "menulis metadata", err);
}

static double pdf_y(const layout_doc *d, double y)
{
    return d->t->page_h - y;
}

static HPDF_Font font_of(layout_doc *d, int face)
{
    face_rt *f = &d->faces[face];
    if (!f->font)
        f->font = HPDF_GetFont(d->pdf, f->hpdf_name, "CP1252");
    return f->font;
}

static void set_fill(layout_doc *d, layout_color c)
{
    HPDF_Page_SetRGBFill(d->page, c.r, c.g, c.b);
}

static void set_stroke(layout_doc *d, layout_color c)
{
    HPDF_Page_SetRGBStroke(d->page, c.r, c.g, c.b);
}

/* ---- text measuring and line breaking -------------------------------------------------- */

static double enc_width(const layout_doc *d, int face, const char *s, size_t len, double size,
                        double tracking)
{
    const uint16_t *w = d->faces[face].width;
    unsigned long sum = 0;
    for (size_t i = 0; i < len; i++)
        sum += w[(unsigned char)s[i]];
    double width = (double)sum * size / 1000.0;
    if (len > 1)
        width += tracking * (double)(len - 1);
    return width;
}

static int style_face(layout_doc *d, const layout_style *st, kp_error *err)
{
    int f = st->font ? face_index(d->t, st->font) : -1;
    if (f < 0)
        kp_error_set(err, KP_ERR_USAGE, d->t->path, 0, 0, "huruf \"%s\" tidak ada di [font]",
                     st->font ? st->font : "(kosong)");
    return f;
}

/*
 * UTF-8 to CP1252 for drawing in face: layout_cp1252, then a refusal naming the character
 * and the font when the font has no glyph for it.
 */
static kp_status encode(layout_doc *d, int face, const char *utf8, char *out, size_t cap,
                        kp_error *err)
{
    if (layout_cp1252(utf8, out, cap, err) != KP_OK)
        return KP_ERR_DATA;
    uint32_t cp = missing_glyph(d->t->faces[face].cov, out);
    if (cp) {
        char ch[UTF8_MAX + 1];
        ch[utf8_encode(cp, ch)] = '\0';
        return kp_error_set(err, KP_ERR_DATA, d->t->faces[face].path, 0, 0,
                            "huruf \"%s\" tidak punya glyph untuk '%s' (U+%04X) dalam \"%.80s\"",
                            d->t->faces[face].name, ch, (unsigned)cp, utf8);
    }
    return KP_OK;
}

static kp_status push_line(line_buf *lb, int *n, line_span l, kp_error *err)
{
    if (*n == lb->cap) {
        int ncap = lb->cap ? lb->cap * 2 : 64;
        line_span *nl = realloc(lb->v, (size_t)ncap * sizeof *nl);
        if (!nl)
            return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        lb->v = nl;
        lb->cap = ncap;
    }
    lb->v[(*n)++] = l;
    return KP_OK;
}

/*
 * Greedy line breaking of an encoded text at spaces (runs of spaces count as one gap,
 * leading and trailing spaces of a line are dropped). A word wider than the column stands
 * alone on its line - overflow is then the caller's to detect (a template block shrinks or
 * refuses) - unless split is set: flowing text (paragraphs, table cells) must stay on the
 * page whatever it holds, so such a word is cut between characters, without a hyphen.
 */
static kp_status break_lines(layout_doc *d, line_buf *lb, int face, const char *s, double size,
                             double tracking, double width, bool split, int *n_lines, kp_error *err)
{
    int n = 0;
    size_t i = 0, len = strlen(s);
    double space_w = enc_width(d, face, " ", 1, size, 0) + tracking;
    while (i <= len) {
        line_span l = {.start = i};
        bool have = false;
        size_t end = i;
        while (true) {
            while (i < len && s[i] == ' ')
                i++;
            if (i >= len || s[i] == '\n') {
                l.last = true;
                break;
            }
            size_t w0 = i;
            while (i < len && s[i] != ' ' && s[i] != '\n')
                i++;
            double ww = enc_width(d, face, s + w0, i - w0, size, tracking);
            if (split && !have && ww > width + 1e-6) {
                /* CP1252 is one byte per character: cut after the last one that fits
                 * (at least one, so the text always advances). */
                size_t k = w0 + 1;
                while (k < i &&
                       enc_width(d, face, s + w0, k + 1 - w0, size, tracking) <= width + 1e-6)
                    k++;
                i = k;
                ww = enc_width(d, face, s + w0, i - w0, size, tracking);
                l.start = w0;
                l.width = ww;
                end = i;
                have = true;
                break;
            }
            double add = have ? space_w + tracking + ww : ww;
            if (have && l.width + add > width + 1e-6) {
                i = w0;
                break;
            }
            if (!have)
                l.start = w0;
            else
                l.spaces++;
            l.width += add;
            end = i;
            have = true;
        }
        l.len = have ? end - l.start : 0;
        if (have || l.last)
            if (push_line(lb, &n, l, err) != KP_OK)
                return KP_ERR_IO;
        if (i >= len)
            break;
        if (s[i] == '\n')
            i++;
    }
    *n_lines = n;
    return KP_OK;
}

/* Copies a line with runs of spaces reduced to one, as break_lines measured it. */
static size_t line_text(const char *s, const line_span *l, char *out)
{
    size_t o = 0;
    for (size_t i = l->start; i < l->start + l->len; i++) {
        if (s[i] == ' ' && o > 0 && out[o - 1] == ' ')
            continue;
        out[o++] = s[i];
    }
    out[o] = '\0';
    return o;
}

static void draw_line(layout_doc *d, int face, double size, double tracking, layout_color color,
                      layout_align align, double x, double y_top, double width, const char *s,
                      const line_span *l)
{
    char buf[TEXT_MAX];
    line_text(s, l, buf);
    if (!buf[0])
        return;
    double lw = l->width;
    double word_space = 0;
    double tx = x;
    if (align == LAYOUT_CENTER)
        tx = x + (width - lw) / 2;
    else if (align == LAYOUT_RIGHT)
        tx = x + width - lw;
    else if (align == LAYOUT_JUSTIFY && !l->last && l->spaces > 0 && lw < width)
        word_space = (width - lw) / l->spaces;
    /* A line before a word too long for the column (cut onto the next line) would need gaps
     * wider than libharu accepts (300) and than anyone reads as one line: set it ragged. */
    if (word_space > 3 * size)
        word_space = 0;
    double baseline = y_top + d->faces[face].ascent * size / 1000.0;
    HPDF_Page p = d->page;
    HPDF_Page_BeginText(p);
    HPDF_Page_SetFontAndSize(p, font_of(d, face), (HPDF_REAL)size);
    set_fill(d, color);
    if (tracking != 0)
        HPDF_Page_SetCharSpace(p, (HPDF_REAL)tracking);
    if (word_space != 0)
        HPDF_Page_SetWordSpace(p, (HPDF_REAL)word_space);
    HPDF_Page_TextOut(p, (HPDF_REAL)tx, (HPDF_REAL)pdf_y(d, baseline), buf);
    if (tracking != 0)
        HPDF_Page_SetCharSpace(p, 0);
    if (word_space != 0)
        HPDF_Page_SetWordSpace(p, 0);
    HPDF_Page_EndText(p);
}

kp_status layout_measure(layout_doc *d, const layout_style *st, const char *utf8, double *width,
                         kp_error *err)
{
    int f = style_face(d, st, err);
    if (f < 0)
        return KP_ERR_USAGE;
    if (encode(d, f, utf8, d->enc, sizeof d->enc, err) != KP_OK)
        return KP_ERR_DATA;
    *width = enc_width(d, f, d->enc, strlen(d->enc), st->size, 0);
    return KP_OK;
}

double layout_line_height(const layout_style *st)
{
    return st->size * (st->leading > 0 ? st->leading : 1.2);
}

/*
 * Shrink-to-fit: the largest size from size down to min_size (0.5 pt steps) at which enc
 * wraps into at most max_lines lines (0: any number) of width, and, when max_height > 0, the
 * lines (at leading times the size) stand in max_height points.
 */
static kp_status fit_encoded(layout_doc *d, line_buf *lb, int face, const char *enc, double size,
                             double min_size, double tracking, double width, int max_lines,
                             double max_height, double leading, double *out_size, int *out_lines,
                             kp_error *err)
{
    double s = size;
    int n = 0;
    while (true) {
        if (break_lines(d, lb, face, enc, s, tracking, width, false, &n, err) != KP_OK)
            return KP_ERR_IO;
        bool fits = (max_lines <= 0 || n <= max_lines) &&
                    (max_height <= 0 || n * s * leading <= max_height + 1e-6);
        for (int i = 0; fits && i < n; i++)
            fits = lb->v[i].width <= width + 1e-6;
        if (fits || s - 0.5 < min_size - 1e-9)
            break;
        s -= 0.5;
    }
    *out_size = s;
    if (out_lines)
        *out_lines = n;
    return KP_OK;
}

kp_status layout_fit(layout_doc *d, const layout_style *st, const char *utf8, double width,
                     int max_lines, double min_size, double *size, int *lines, kp_error *err)
{
    int f = style_face(d, st, err);
    if (f < 0)
        return KP_ERR_USAGE;
    if (encode(d, f, utf8, d->enc, sizeof d->enc, err) != KP_OK)
        return KP_ERR_DATA;
    return fit_encoded(d, &d->lines, f, d->enc, st->size, min_size > st->size ? st->size : min_size,
                       0, width, max_lines, 0, 1, size, lines, err);
}

kp_status layout_text(layout_doc *d, const layout_style *st, double x, double y, double width,
                      const char *utf8, kp_error *err)
{
    int f = style_face(d, st, err);
    if (f < 0)
        return KP_ERR_USAGE;
    if (encode(d, f, utf8, d->enc, sizeof d->enc, err) != KP_OK)
        return KP_ERR_DATA;
    for (char *p = d->enc; *p; p++)
        if (*p == '\n')
            *p = ' ';
    line_span l = {.start = 0, .len = strlen(d->enc), .last = true};
    l.width = enc_width(d, f, d->enc, l.len, st->size, 0);
    draw_line(d, f, st->size, 0, st->color, st->align, x, y, width, d->enc, &l);
    return hpdf_check(d, "menulis teks", err);
}

/* ---- pages ------------------------------------------------------------------------------ */

static kp_status add_pdf_page(layout_doc *d, kp_error *err)
{
    if (!d->active)
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0, "dokumen belum dimulai");
    if (d->n_pages == d->cap_pages) {
        int ncap = d->cap_pages ? d->cap_pages * 2 : 8;
        HPDF_Page *np = realloc(d->pages, (size_t)ncap * sizeof *np);
        if (!np)
            return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        d->pages = np;
        d->cap_pages = ncap;
    }
    d->page = HPDF_AddPage(d->pdf);
    if (!d->page)
        return hpdf_check(d, "menambah halaman", err);
    HPDF_Page_SetWidth(d->page, (HPDF_REAL)d->t->page_w);
    HPDF_Page_SetHeight(d->page, (HPDF_REAL)d->t->page_h);
    d->pages[d->n_pages++] = d->page;
    return KP_OK;
}

/*
 * One corner ornament, drawn for the top-left corner in a unit where 1 = corner_size and
 * mirrored into the other corners by the caller's transformation: a diamond in the corner,
 * two scrolls running along the edges and a small leaf between them.
 */
static void draw_ornament(layout_doc *d, double s, layout_color color, layout_color accent)
{
    HPDF_Page p = d->page;
    /* Diamond. */
    set_fill(d, accent);
    HPDF_Page_MoveTo(p, 0, (HPDF_REAL)(-0.16 * s));
    HPDF_Page_LineTo(p, (HPDF_REAL)(0.16 * s), 0);
    HPDF_Page_LineTo(p, 0, (HPDF_REAL)(0.16 * s));
    HPDF_Page_LineTo(p, (HPDF_REAL)(-0.16 * s), 0);
    HPDF_Page_ClosePath(p);
    HPDF_Page_Fill(p);
    /* Scrolls along both edges: an S-curve ending in a curl. */
    set_stroke(d, color);
    HPDF_Page_SetLineWidth(p, (HPDF_REAL)(0.035 * s));
    HPDF_Page_SetLineCap(p, HPDF_ROUND_END);
    for (int axis = 0; axis < 2; axis++) {
        /* Points as (along the edge, into the page). */
        double pts[][2] = {{0.2, 0.12}, {0.45, 0.02}, {0.6, 0.3},  {0.85, 0.22},
                           {1.0, 0.17}, {1.05, 0.05}, {0.95, 0.02}};
        double q[7][2];
        for (int i = 0; i < 7; i++) {
            q[i][0] = (axis ? pts[i][1] : pts[i][0]) * s;
            q[i][1] = (axis ? pts[i][0] : pts[i][1]) * s;
        }
        HPDF_Page_MoveTo(p, (HPDF_REAL)q[0][0], (HPDF_REAL)q[0][1]);
        HPDF_Page_CurveTo(p, (HPDF_REAL)q[1][0], (HPDF_REAL)q[1][1], (HPDF_REAL)q[2][0],
                          (HPDF_REAL)q[2][1], (HPDF_REAL)q[3][0], (HPDF_REAL)q[3][1]);
        HPDF_Page_CurveTo(p, (HPDF_REAL)q[4][0], (HPDF_REAL)q[4][1], (HPDF_REAL)q[5][0],
                          (HPDF_REAL)q[5][1], (HPDF_REAL)q[6][0], (HPDF_REAL)q[6][1]);
        HPDF_Page_Stroke(p);
    }
    /* Berries where the scrolls begin and inside their curls. */
    set_fill(d, accent);
    const double dots[][3] = {
        {0.2, 0.12, 0.035}, {0.12, 0.2, 0.035}, {0.93, 0.12, 0.03}, {0.12, 0.93, 0.03}};
    for (int i = 0; i < 4; i++) {
        HPDF_Page_Circle(p, (HPDF_REAL)(dots[i][0] * s), (HPDF_REAL)(dots[i][1] * s),
                         (HPDF_REAL)(dots[i][2] * s));
        HPDF_Page_Fill(p);
    }
    /* Leaf on the diagonal. */
    set_fill(d, color);
    HPDF_Page_MoveTo(p, (HPDF_REAL)(0.2 * s), (HPDF_REAL)(0.2 * s));
    HPDF_Page_CurveTo(p, (HPDF_REAL)(0.45 * s), (HPDF_REAL)(0.25 * s), (HPDF_REAL)(0.5 * s),
                      (HPDF_REAL)(0.42 * s), (HPDF_REAL)(0.5 * s), (HPDF_REAL)(0.5 * s));
    HPDF_Page_CurveTo(p, (HPDF_REAL)(0.42 * s), (HPDF_REAL)(0.5 * s), (HPDF_REAL)(0.25 * s),
                      (HPDF_REAL)(0.45 * s), (HPDF_REAL)(0.2 * s), (HPDF_REAL)(0.2 * s));
    HPDF_Page_Fill(p);
}

static void draw_border(layout_doc *d)
{
    const border *b = &d->t->border;
    HPDF_Page p = d->page;
    double W = d->t->page_w, H = d->t->page_h;
    double i1 = b->inset + b->width / 2;
    HPDF_Page_SetLineWidth(p, (HPDF_REAL)b->width);
    set_stroke(d, b->color);
    HPDF_Page_Rectangle(p, (HPDF_REAL)i1, (HPDF_REAL)i1, (HPDF_REAL)(W - 2 * i1),
                        (HPDF_REAL)(H - 2 * i1));
    HPDF_Page_Stroke(p);
    double i2 = b->inset + b->width + b->gap + b->inner_width / 2;
    HPDF_Page_SetLineWidth(p, (HPDF_REAL)b->inner_width);
    set_stroke(d, b->accent);
    HPDF_Page_Rectangle(p, (HPDF_REAL)i2, (HPDF_REAL)i2, (HPDF_REAL)(W - 2 * i2),
                        (HPDF_REAL)(H - 2 * i2));
    HPDF_Page_Stroke(p);
    if (!b->ornament)
        return;
    /* The ornament's origin is the inner frame's corner, pointing into the page. */
    double ox[4] = {i2, W - i2, i2, W - i2};
    double oy[4] = {H - i2, H - i2, i2, i2};
    double sx[4] = {1, -1, 1, -1};
    double sy[4] = {-1, -1, 1, 1};
    for (int c = 0; c < 4; c++) {
        HPDF_Page_GSave(p);
        HPDF_Page_Concat(p, (HPDF_REAL)sx[c], 0, 0, (HPDF_REAL)sy[c], (HPDF_REAL)ox[c],
                         (HPDF_REAL)oy[c]);
        draw_ornament(d, b->corner_size, b->color, b->accent);
        HPDF_Page_GRestore(p);
    }
}

static kp_status draw_text_elem(layout_doc *d, const elem *e, kp_error *err)
{
    const char *file = d->t->path;
    if (layout_fields_expand(d->fields, e->text, d->tmp, sizeof d->tmp, file, e->text_line, err) !=
        KP_OK)
        return KP_ERR_DATA;
    if (encode(d, e->face, d->tmp, d->tenc, sizeof d->tenc, err) != KP_OK) {
        /* Name the template line: the offending text came in through one of its fields. */
        char msg[KP_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
        return kp_error_set(err, KP_ERR_DATA, file, e->text_line, 0, "blok \"%s\": %s", e->name,
                            msg);
    }
    if (e->upper)
        for (unsigned char *p = (unsigned char *)d->tenc; *p; p++)
            if (*p < 0x80)
                *p = (unsigned char)toupper(*p);
    double size;
    int n;
    double max_h = e->has_h ? e->h : 0;
    if (fit_encoded(d, &d->tlines, e->face, d->tenc, e->size, e->min_size, e->tracking, e->w,
                    e->max_lines, max_h, e->leading, &size, &n, err) != KP_OK)
        return KP_ERR_IO;
    bool fits = (e->max_lines <= 0 || n <= e->max_lines) &&
                (max_h <= 0 || n * size * e->leading <= max_h + 1e-6);
    for (int i = 0; fits && i < n; i++)
        fits = d->tlines.v[i].width <= e->w + 1e-6;
    if (!fits)
        return kp_error_set(err, KP_ERR_DATA, file, e->text_line, 0,
                            "blok \"%s\": teks tidak muat dalam %d baris selebar %.0f pt bahkan "
                            "pada %.1f pt: \"%.120s\"",
                            e->name, e->max_lines ? e->max_lines : n, e->w, size, d->tmp);
    double lh = size * e->leading;
    double top = e->y;
    /* A shrunk name stays centred on the line it was designed for, not hanging from its top:
     * centred in the block's height when it has one, else in max_lines lines at full size. */
    if (e->middle && max_h > 0)
        top += (max_h - n * lh) / 2;
    else if (e->middle && e->max_lines > 0)
        top += (e->max_lines * e->size * e->leading - n * lh) / 2;
    layout_color color = e->has_color ? e->color : (layout_color){0, 0, 0};
    for (int i = 0; i < n; i++)
        draw_line(d, e->face, size, e->tracking, color, e->align, e->x, top + i * lh, e->w, d->tenc,
                  &d->tlines.v[i]);
    return KP_OK;
}

static kp_status draw_image_elem(layout_doc *d, int idx, kp_error *err)
{
    const elem *e = &d->t->elems[idx];
    if (!d->images[idx]) {
        d->images[idx] = e->png ? HPDF_LoadPngImageFromFile(d->pdf, e->path)
                                : HPDF_LoadJpegImageFromFile(d->pdf, e->path);
        if (!d->images[idx])
            return kp_error_set(err, KP_ERR_DATA, d->t->path, e->line, 0,
                                "gambar \"%s\" tidak dapat dibaca libharu (kode 0x%04X)", e->path,
                                (unsigned)d->hpdf_error);
    }
    HPDF_Image img = d->images[idx];
    double h = e->h;
    if (!e->has_h || h <= 0) {
        HPDF_Point sz = HPDF_Image_GetSize(img);
        h = sz.x > 0 ? e->w * sz.y / sz.x : e->w;
    }
    HPDF_Page_DrawImage(d->page, img, (HPDF_REAL)e->x, (HPDF_REAL)pdf_y(d, e->y + h),
                        (HPDF_REAL)e->w, (HPDF_REAL)h);
    return KP_OK;
}

/*
 * A QR code as vector squares: the block's width is the side of the whole symbol with its
 * quiet zone of four modules (painted in fill, white by default, so it reads on any
 * background); the modules are encoded and drawn by qrsimbol.c.
 * Error correction M: a printed certificate may be creased or stamped on.
 */
static kp_status draw_qr_elem(layout_doc *d, const elem *e, kp_error *err)
{
    const char *file = d->t->path;
    if (layout_fields_expand(d->fields, e->text, d->tmp, sizeof d->tmp, file, e->text_line, err) !=
        KP_OK)
        return KP_ERR_DATA;
    if (!d->tmp[0])
        return KP_OK;
    QRcode *qr = qrsimbol_encode(d->tmp);
    if (!qr)
        return errno == ENOMEM
                   ? kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis")
                   : kp_error_set(err, KP_ERR_DATA, file, e->text_line, 0,
                                  "kode QR \"%s\": isi tidak dapat dikodekan (%zu bita): "
                                  "\"%.120s\"",
                                  e->name, strlen(d->tmp), d->tmp);
    HPDF_Page p = d->page;
    layout_color bg = e->has_fill ? e->fill : (layout_color){1, 1, 1};
    layout_color fg = e->has_color ? e->color : (layout_color){0, 0, 0};
    layout_rect(d, e->x, e->y, e->w, e->w, &bg, NULL, 0);
    int n = qr->width;
    double m = e->w / (n + 8);
    double x0 = e->x + 4 * m, y0 = e->y + 4 * m;
    set_fill(d, fg);
    qrsimbol_draw(p, qr, x0, pdf_y(d, y0 + n * m), m);
    QRcode_free(qr);
    return KP_OK;
}

static kp_status draw_template(layout_doc *d, int which, kp_error *err)
{
    const layout_template *t = d->t;
    if (t->border.on && (t->border.pages & which))
        draw_border(d);
    for (int i = 0; i < t->n_elems; i++) {
        const elem *e = &t->elems[i];
        if (!(e->pages & which))
            continue;
        if (e->jika[0]) {
            const char *v = d->fields ? layout_fields_get(d->fields, e->jika) : NULL;
            if (!v || !v[0])
                continue;
        }
        kp_status st = KP_OK;
        switch (e->kind) {
        case EL_TEXT:
            st = draw_text_elem(d, e, err);
            break;
        case EL_IMAGE:
            st = draw_image_elem(d, i, err);
            break;
        case EL_LINE:
            layout_line(d, e->x, e->y, e->x2, e->y2,
                        e->has_color ? e->color : (layout_color){0, 0, 0}, e->line_width);
            break;
        case EL_RECT:
            layout_rect(d, e->x, e->y, e->w, e->h, e->has_fill ? &e->fill : NULL,
                        e->has_color ? &e->color : NULL, e->line_width);
            break;
        case EL_QR:
            st = draw_qr_elem(d, e, err);
            break;
        }
        if (st != KP_OK) {
            d->active = false;
            return st;
        }
    }
    return hpdf_check(d, "menggambar halaman", err);
}

kp_status layout_page_add(layout_doc *d, const layout_fields *f, kp_error *err)
{
    kp_status st = add_pdf_page(d, err);
    if (st != KP_OK)
        return st;
    d->fields = f;
    d->cursor = d->t->flow_top;
    return draw_template(d, PAGES_FIRST, err);
}

kp_status layout_page_next(layout_doc *d, kp_error *err)
{
    kp_status st = add_pdf_page(d, err);
    if (st != KP_OK)
        return st;
    d->cursor = d->t->flow_top_next;
    return draw_template(d, PAGES_NEXT, err);
}

void layout_doc_set_page_hook(layout_doc *d, layout_page_hook hook, void *user)
{
    d->hook = hook;
    d->hook_user = user;
}

int layout_doc_pages(const layout_doc *d)
{
    return d->n_pages;
}

kp_status layout_doc_save(layout_doc *d, const char *path, kp_error *err)
{
    if (!d->active)
        return kp_error_set(err, KP_ERR_USAGE, path, 0, 0, "dokumen belum dimulai atau gagal");
    kp_status st = hpdf_check(d, "menggambar", err);
    if (st != KP_OK)
        return st;
    if (d->hook) {
        for (int i = 0; i < d->n_pages; i++) {
            d->page = d->pages[i];
            st = d->hook(d, i + 1, d->n_pages, d->hook_user, err);
            if (st != KP_OK)
                return st;
        }
    }
    if (HPDF_SaveToFile(d->pdf, path) != HPDF_OK || d->hpdf_error) {
        kp_status s = kp_error_set(err, KP_ERR_IO, path, 0, 0,
                                   "tidak dapat menulis PDF (libharu 0x%04X, detail %u)",
                                   (unsigned)d->hpdf_error, (unsigned)d->hpdf_detail);
        d->active = false;
        return s;
    }
    d->active = false;
    return KP_OK;
}

/* ---- geometry and flow -------------------------------------------------------------------- */

layout_box layout_content(const layout_doc *d)
{
    const double *m = d->t->margin;
    return (layout_box){m[3], m[0], d->t->page_w - m[1] - m[3], d->t->page_h - m[0] - m[2]};
}

double layout_cursor(const layout_doc *d)
{
    return d->cursor;
}

void layout_set_cursor(layout_doc *d, double y)
{
    d->cursor = y;
}

static double bottom(const layout_doc *d)
{
    return d->t->page_h - d->t->margin[2];
}

kp_status layout_need(layout_doc *d, double h, kp_error *err)
{
    if (d->cursor + h <= bottom(d) + 1e-6)
        return KP_OK;
    return layout_page_next(d, err);
}

kp_status layout_paragraph(layout_doc *d, const layout_style *st, double x, double width,
                           const char *utf8, kp_error *err)
{
    int f = style_face(d, st, err);
    if (f < 0)
        return KP_ERR_USAGE;
    if (encode(d, f, utf8, d->enc, sizeof d->enc, err) != KP_OK)
        return KP_ERR_DATA;
    int n;
    if (break_lines(d, &d->lines, f, d->enc, st->size, 0, width, true, &n, err) != KP_OK)
        return KP_ERR_IO;
    double lh = layout_line_height(st);
    for (int i = 0; i < n; i++) {
        kp_status s = layout_need(d, lh, err);
        if (s != KP_OK)
            return s;
        draw_line(d, f, st->size, 0, st->color, st->align, x, d->cursor, width, d->enc,
                  &d->lines.v[i]);
        d->cursor += lh;
    }
    return hpdf_check(d, "menulis paragraf", err);
}

/* ---- shapes ----------------------------------------------------------------------------- */

void layout_rect(layout_doc *d, double x, double y, double w, double h, const layout_color *fill,
                 const layout_color *stroke, double line_width)
{
    HPDF_Page p = d->page;
    if (!p)
        return;
    /* Colours and widths are graphics state: set them before the path is begun. */
    if (fill)
        set_fill(d, *fill);
    if (stroke) {
        set_stroke(d, *stroke);
        HPDF_Page_SetLineWidth(p, (HPDF_REAL)line_width);
    }
    HPDF_Page_Rectangle(p, (HPDF_REAL)x, (HPDF_REAL)pdf_y(d, y + h), (HPDF_REAL)w, (HPDF_REAL)h);
    if (fill && stroke)
        HPDF_Page_FillStroke(p);
    else if (fill)
        HPDF_Page_Fill(p);
    else if (stroke)
        HPDF_Page_Stroke(p);
    else
        HPDF_Page_EndPath(p);
}

void layout_line(layout_doc *d, double x1, double y1, double x2, double y2, layout_color color,
                 double width)
{
    HPDF_Page p = d->page;
    if (!p)
        return;
    set_stroke(d, color);
    HPDF_Page_SetLineWidth(p, (HPDF_REAL)width);
    HPDF_Page_MoveTo(p, (HPDF_REAL)x1, (HPDF_REAL)pdf_y(d, y1));
    HPDF_Page_LineTo(p, (HPDF_REAL)x2, (HPDF_REAL)pdf_y(d, y2));
    HPDF_Page_Stroke(p);
}

void layout_bar(layout_doc *d, double x, double y, double w, double h, double fraction,
                layout_color fill, layout_color track)
{
    if (!(fraction > 0))
        fraction = 0;
    if (fraction > 1)
        fraction = 1;
    layout_rect(d, x, y, w, h, &track, NULL, 0);
    if (fraction > 0)
        layout_rect(d, x, y, w * fraction, h, &fill, NULL, 0);
}

/* A rounded rectangle path (Bezier quarter circles) in PDF coordinates. */
static void round_rect_path(HPDF_Page p, double x, double y, double w, double h, double r)
{
    const double k = 0.5523 * r;
    HPDF_Page_MoveTo(p, (HPDF_REAL)(x + r), (HPDF_REAL)y);
    HPDF_Page_LineTo(p, (HPDF_REAL)(x + w - r), (HPDF_REAL)y);
    HPDF_Page_CurveTo(p, (HPDF_REAL)(x + w - r + k), (HPDF_REAL)y, (HPDF_REAL)(x + w),
                      (HPDF_REAL)(y + r - k), (HPDF_REAL)(x + w), (HPDF_REAL)(y + r));
    HPDF_Page_LineTo(p, (HPDF_REAL)(x + w), (HPDF_REAL)(y + h - r));
    HPDF_Page_CurveTo(p, (HPDF_REAL)(x + w), (HPDF_REAL)(y + h - r + k), (HPDF_REAL)(x + w - r + k),
                      (HPDF_REAL)(y + h), (HPDF_REAL)(x + w - r), (HPDF_REAL)(y + h));
    HPDF_Page_LineTo(p, (HPDF_REAL)(x + r), (HPDF_REAL)(y + h));
    HPDF_Page_CurveTo(p, (HPDF_REAL)(x + r - k), (HPDF_REAL)(y + h), (HPDF_REAL)x,
                      (HPDF_REAL)(y + h - r + k), (HPDF_REAL)x, (HPDF_REAL)(y + h - r));
    HPDF_Page_LineTo(p, (HPDF_REAL)x, (HPDF_REAL)(y + r));
    HPDF_Page_CurveTo(p, (HPDF_REAL)x, (HPDF_REAL)(y + r - k), (HPDF_REAL)(x + r - k), (HPDF_REAL)y,
                      (HPDF_REAL)(x + r), (HPDF_REAL)y);
    HPDF_Page_ClosePath(p);
}

kp_status layout_badge(layout_doc *d, const layout_style *st, double x, double y, double pad,
                       layout_color fill, const char *utf8, double *width, kp_error *err)
{
    double tw;
    kp_status s = layout_measure(d, st, utf8, &tw, err);
    if (s != KP_OK)
        return s;
    double h = st->size + 2 * pad;
    double w = tw + 2 * pad + h / 2;
    set_fill(d, fill);
    round_rect_path(d->page, x, pdf_y(d, y + h), w, h, h / 2 < 6 ? h / 2 : 6);
    HPDF_Page_Fill(d->page);
    layout_style c = *st;
    c.align = LAYOUT_CENTER;
    s = layout_text(d, &c, x, y + pad + st->size * 0.05, w, utf8, err);
    if (width)
        *width = w;
    return s;
}

/* ---- tables ------------------------------------------------------------------------------ */

/*
 * Lays out or draws one row. With draw false only measures its height (so the row can move
 * to the next page whole); cells are wrapped within their column minus padding.
 */
static kp_status table_cells(layout_doc *d, const layout_table *t, const layout_style *st,
                             const char *const *cells, bool draw, double *height, kp_error *err)
{
    int f = style_face(d, st, err);
    if (f < 0)
        return KP_ERR_USAGE;
    double lh = layout_line_height(st);
    double x = t->x, hmax = lh;
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *cell = cells[c] ? cells[c] : "";
        double cw = t->cols[c].width - 2 * t->pad;
        if (encode(d, f, cell, d->enc, sizeof d->enc, err) != KP_OK)
            return KP_ERR_DATA;
        int n;
        if (break_lines(d, &d->lines, f, d->enc, st->size, 0, cw, true, &n, err) != KP_OK)
            return KP_ERR_IO;
        if (n * lh > hmax)
            hmax = n * lh;
        if (draw) {
            layout_align a = t->cols[c].align == LAYOUT_JUSTIFY ? LAYOUT_LEFT : t->cols[c].align;
            for (int i = 0; i < n; i++)
                draw_line(d, f, st->size, 0, st->color, a, x + t->pad,
                          d->cursor + t->pad + i * lh + (lh - st->size) / 2, cw, d->enc,
                          &d->lines.v[i]);
        }
        x += t->cols[c].width;
    }
    *height = hmax + 2 * t->pad;
    return KP_OK;
}

static double table_width(const layout_table *t)
{
    double w = 0;
    for (size_t c = 0; c < t->n_cols; c++)
        w += t->cols[c].width;
    return w;
}

static kp_status table_header(layout_doc *d, const layout_table *t, kp_error *err)
{
    const char *heads[64];
    if (t->n_cols > 64)
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0, "tabel lebih dari 64 kolom");
    for (size_t c = 0; c < t->n_cols; c++)
        heads[c] = t->cols[c].header;
    double h;
    kp_status s = table_cells(d, t, &t->head, heads, false, &h, err);
    if (s != KP_OK)
        return s;
    if ((s = layout_need(d, h, err)) != KP_OK)
        return s;
    layout_rect(d, t->x, d->cursor, table_width(t), h, &t->head_fill, NULL, 0);
    if ((s = table_cells(d, t, &t->head, heads, true, &h, err)) != KP_OK)
        return s;
    d->cursor += h;
    return KP_OK;
}

kp_status layout_table_begin(layout_doc *d, const layout_table *t, kp_error *err)
{
    d->table_row = 0;
    kp_status s = table_header(d, t, err);
    return s != KP_OK ? s : hpdf_check(d, "menggambar tabel", err);
}

kp_status layout_table_row(layout_doc *d, const layout_table *t, const char *const *cells,
                           const layout_color *const *fills, kp_error *err)
{
    double h;
    kp_status s = table_cells(d, t, &t->body, cells, false, &h, err);
    if (s != KP_OK)
        return s;
    if (d->cursor + h > bottom(d) + 1e-6) {
        if ((s = layout_page_next(d, err)) != KP_OK)
            return s;
        if ((s = table_header(d, t, err)) != KP_OK)
            return s;
    }
    double w = table_width(t);
    if (t->zebra && d->table_row % 2 == 1)
        layout_rect(d, t->x, d->cursor, w, h, t->zebra, NULL, 0);
    if (fills) {
        double x = t->x;
        for (size_t c = 0; c < t->n_cols; c++) {
            if (fills[c])
                layout_rect(d, x, d->cursor, t->cols[c].width, h, fills[c], NULL, 0);
            x += t->cols[c].width;
        }
    }
    if ((s = table_cells(d, t, &t->body, cells, true, &h, err)) != KP_OK)
        return s;
    if (t->rule)
        layout_line(d, t->x, d->cursor + h, t->x + w, d->cursor + h, *t->rule, 0.5);
    d->cursor += h;
    d->table_row++;
    return hpdf_check(d, "menggambar tabel", err);
}

/* ---- charts ------------------------------------------------------------------------------ */

kp_status layout_line_chart(layout_doc *d, const layout_chart *c, const double *values,
                            const char *const *x_labels, const char *const *point_labels, size_t n,
                            kp_error *err)
{
    if (n == 0)
        return KP_OK;
    if (!(c->ymax > c->ymin))
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0, "grafik: ymax harus > ymin");
    double lab_h = layout_line_height(&c->label);
    double top = c->y + lab_h, plot_h = c->h - 2 * lab_h;
    if (plot_h <= 0)
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0, "grafik terlalu pendek");
    for (int g = 0; g <= 2; g++)
        layout_line(d, c->x, top + plot_h * g / 2, c->x + c->w, top + plot_h * g / 2, c->grid, 0.5);
    double step = n > 1 ? c->w / (double)n : 0;
    double x0 = c->x + (n > 1 ? step / 2 : c->w / 2);
    HPDF_Page p = d->page;
    set_stroke(d, c->line);
    HPDF_Page_SetLineWidth(p, 1.5);
    for (size_t i = 0; i < n; i++) {
        double v = values[i] < c->ymin ? c->ymin : values[i] > c->ymax ? c->ymax : values[i];
        double px = x0 + step * (double)i;
        double py = top + plot_h * (1 - (v - c->ymin) / (c->ymax - c->ymin));
        if (i == 0)
            HPDF_Page_MoveTo(p, (HPDF_REAL)px, (HPDF_REAL)pdf_y(d, py));
        else
            HPDF_Page_LineTo(p, (HPDF_REAL)px, (HPDF_REAL)pdf_y(d, py));
    }
    if (n > 1)
        HPDF_Page_Stroke(p);
    else
        HPDF_Page_EndPath(p);
    layout_style lab = c->label;
    lab.align = LAYOUT_CENTER;
    double cell = n > 1 ? step : c->w;
    for (size_t i = 0; i < n; i++) {
        double v = values[i] < c->ymin ? c->ymin : values[i] > c->ymax ? c->ymax : values[i];
        double px = x0 + step * (double)i;
        double py = top + plot_h * (1 - (v - c->ymin) / (c->ymax - c->ymin));
        set_fill(d, c->line);
        HPDF_Page_Circle(p, (HPDF_REAL)px, (HPDF_REAL)pdf_y(d, py), 2.5f);
        HPDF_Page_Fill(p);
        kp_status s;
        if (x_labels && x_labels[i] &&
            (s = layout_text(d, &lab, px - cell / 2, top + plot_h + 2, cell, x_labels[i], err)) !=
                KP_OK)
            return s;
        if (point_labels && point_labels[i] &&
            (s = layout_text(d, &lab, px - cell / 2, py - lab_h - 1, cell, point_labels[i], err)) !=
                KP_OK)
            return s;
    }
    return hpdf_check(d, "menggambar grafik", err);
}
