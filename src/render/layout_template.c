#include "render/layout_tpl.h"
#include "util/cp1252.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/iniread.h"
#include "util/keytab.h"
#include "util/sbuf.h"
#include "util/similar.h"

/* Parser state, fed key by key by iniread. */
typedef struct parse_state {
    layout_template *t;
    const char *font_dir;
    char tdir[LAYOUT_PATH_MAX];
    const char *const *known;
    int line;         /* of the key being read, or of the block a later check is about */
    int section_line; /* line of the last [section] header: errors about a whole block */
    char section[128];
    int sect_kind; /* see sect_* below */
    int cur;       /* index of the current elem/style */
    kp_status st;
    kp_error *err;
} parse_state;

enum {
    SECT_NONE,
    SECT_PAGE,
    SECT_FONT,
    SECT_COLOR,
    SECT_UKURAN,
    SECT_BORDER,
    SECT_STYLE,
    SECT_ELEM
};

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

int layout_template_face(const layout_template *t, const char *name)
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
    int faces, colors, lens, styles, elems;
} caps;

/* Starts a new section: decides its kind and, for blocks, appends an element. */
static int begin_section(parse_state *ps, const char *section, caps *cp)
{
    layout_template *t = ps->t;
    snprintf(ps->section, sizeof ps->section, "%s", section);
    char kind[32] = "", name[LAYOUT_NAME_MAX] = "", extra[8] = "";
    int n = sscanf(section, "%31s %47s %7s", kind, name, extra);
    if (n == 1 && strcmp(kind, "page") == 0)
        ps->sect_kind = SECT_PAGE;
    else if (n == 1 && strcmp(kind, "font") == 0)
        ps->sect_kind = SECT_FONT;
    else if (n == 1 && strcmp(kind, "color") == 0)
        ps->sect_kind = SECT_COLOR;
    else if (n == 1 && strcmp(kind, "ukuran") == 0)
        ps->sect_kind = SECT_UKURAN;
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
        return perr(
            ps,
            "bagian [%s] tidak dikenal (page, font, color, ukuran, border, style NAMA, text "
            "NAMA, image NAMA, line NAMA, rect NAMA, qr NAMA)",
            section);
    }
    return 0;
}

static kp_status key_font(parse_state *ps, const char *key)
{
    layout_template *t = ps->t;
    size_t len = strlen(key);
    bool ok = len > 0 && len < LAYOUT_NAME_MAX;
    for (size_t i = 0; ok && i < len; i++)
        ok = islower((unsigned char)key[i]) || isdigit((unsigned char)key[i]) || key[i] == '_' ||
             key[i] == '-';
    if (!ok)
        return perr(ps, "nama huruf \"%s\" tidak sah (huruf kecil, angka, '_', '-')", key);
    if (layout_template_face(t, key) >= 0)
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

static kp_status len_ref(parse_state *ps, const char *key, const char *value, double *out,
                         bool *has)
{
    if (!parse_len(value, out))
        return perr(ps, "%s: panjang tidak sah \"%s\" (angka dalam pt, atau mm/cm)", key, value);
    if (has)
        *has = true;
    return KP_OK;
}

/* ---- the setters of the key tables (util/keytab.h): ctx is the parse_state ---------- */

/* A length; aux, when given, the flag that says the key was written. */
static kp_status set_len(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    return len_ref(ctx, key, value, dst, aux);
}

/* A colour, named or #RRGGBB; aux, when given, the flag that says the key was written. */
static kp_status set_color(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key;
    if (aux)
        *(bool *)aux = true;
    return color_ref(ctx, value, dst);
}

static kp_status set_face(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    parse_state *ps = ctx;
    int *out = dst;
    *out = layout_template_face(ps->t, value);
    if (*out >= 0)
        return KP_OK;
    return perr(ps, "huruf \"%s\" tidak dikenal (nama dari [font] di atasnya)", value);
}

/* A style's face: its index, and in aux the name the style hands to the drawing code. */
static kp_status set_style_font(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    parse_state *ps = ctx;
    if (set_face(ctx, key, value, dst, NULL) != KP_OK)
        return ps->st;
    *(const char **)aux = ps->t->faces[*(int *)dst].name;
    return KP_OK;
}

static kp_status set_leading(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    char *end;
    double v = strtod(value, &end);
    if (end == value || *end || v <= 0 || v > 5)
        return perr(ctx, "leading: kelipatan ukuran huruf (mis. 1.3), bukan \"%s\"", value);
    *(double *)dst = v;
    return KP_OK;
}

static kp_status set_align(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    if (!parse_align(value, dst))
        return perr(ctx, "align harus left, center, right atau justify, bukan \"%s\"", value);
    return KP_OK;
}

static kp_status set_pages(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    if (!parse_pages(value, dst))
        return perr(ctx, "pages harus first, next atau all, bukan \"%s\"", value);
    return KP_OK;
}

/* One of two words into a bool: no (false) or yes (true), as the key's message names them. */
static kp_status set_choice(parse_state *ps, const char *value, bool *dst, const char *no,
                            const char *yes, const char *msg)
{
    if (strcmp(value, yes) == 0)
        *dst = true;
    else if (strcmp(value, no) == 0)
        *dst = false;
    else
        return perr(ps, "%s, bukan \"%s\"", msg, value);
    return KP_OK;
}

static kp_status set_orientation(void *ctx, const char *key, const char *value, void *dst,
                                 void *aux)
{
    (void)key, (void)aux;
    return set_choice(ctx, value, dst, "portrait", "landscape",
                      "orientation harus portrait atau landscape");
}

/* corner = none, or an ornament file (relative to the template's folder) read into dst. */
static kp_status set_corner(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    parse_state *ps = ctx;
    ornament **o = dst;
    ornament_free(*o);
    *o = NULL;
    if (strcmp(value, "none") == 0)
        return KP_OK;
    /* The word of the days when the ornament was drawn in C: say what replaced it. */
    if (strcmp(value, "ornament") == 0)
        return perr(ps, "corner: tulis berkas ornamen (mis. corner = ornamen.ini, di folder "
                        "templat) atau none; \"ornament\" tidak dipakai lagi");
    char path[LAYOUT_PATH_MAX];
    int n = value[0] == '/' ? snprintf(path, sizeof path, "%s", value)
                            : snprintf(path, sizeof path, "%s/%s", ps->tdir, value);
    if (n < 0 || (size_t)n >= sizeof path)
        return perr(ps, "jalur ornamen terlalu panjang");
    kp_status rc = ornament_load(path, o, ps->err);
    if (rc != KP_OK)
        ps->st = rc;
    return rc;
}

static kp_status set_valign(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    return set_choice(ctx, value, dst, "top", "middle", "valign harus top atau middle");
}

static kp_status set_upper(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    if (!parse_bool(value, dst))
        return perr(ctx, "upper harus yes atau no, bukan \"%s\"", value);
    return KP_OK;
}

static kp_status set_max_lines(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    int *n = dst;
    if (!parse_int(value, n) || *n < 1)
        return perr(ctx, "max_lines: bilangan bulat >= 1, bukan \"%s\"", value);
    return KP_OK;
}

/* The page size: its width into dst, its height into aux (portrait; see finish_template). */
static kp_status set_page_size(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key;
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
            *(double *)dst = sizes[i].w;
            *(double *)aux = sizes[i].h;
            return KP_OK;
        }
    return perr(ctx, "ukuran halaman \"%s\" tidak dikenal (A4, A5, letter, legal)", value);
}

/* One length for every side, or four: top right bottom left, into double[4] dst. */
static kp_status set_margin(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    double m[4], *out = dst;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", value);
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        if (n == 4 || !parse_len(tok, &m[n]) || m[n] < 0)
            return perr(ctx,
                        "margin: satu atau empat panjang (atas kanan bawah kiri), "
                        "bukan \"%s\"",
                        value);
        n++;
    }
    if (n != 1 && n != 4)
        return perr(ctx, "margin: satu atau empat panjang (atas kanan bawah kiri)");
    for (int i = 0; i < 4; i++)
        out[i] = n == 1 ? m[0] : m[i];
    return KP_OK;
}

/* flow_top, flow_top_next: a length not below the page's top, and its "given" flag. */
static kp_status set_flow(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    double v;
    if (!parse_len(value, &v) || v < 0)
        return perr(ctx, "%s: panjang tidak sah \"%s\"", key, value);
    *(double *)dst = v;
    *(bool *)aux = true;
    return KP_OK;
}

/* A block's text (dst: the elem): continuation lines join it, placeholders are checked. */
static kp_status set_text(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    parse_state *ps = ctx;
    elem *e = dst;
    /* The template's own words go through the CP1252 fonts too: refused at their line. */
    uint32_t cp = cp1252_unprintable(value);
    if (cp)
        return perr(ps, "blok \"%s\": karakter U+%04X tidak dapat dicetak (di luar CP1252)",
                    e->name, (unsigned)cp);
    known_ctx kc = {ps->known, ps->t->path, ps->line};
    kp_status rc = layout_fields_scan(value, check_known, &kc, ps->t->path, ps->line, ps->err);
    if (rc != KP_OK)
        return ps->st = rc;
    /* Continuation lines join the text as everywhere (util/iniread). */
    int grown = iniread_text_append(&e->text, value, LAYOUT_TEXT_MAX);
    if (grown == ERANGE)
        return perr(ps, "teks blok \"%s\" terlalu panjang (maks %d)", e->name, LAYOUT_TEXT_MAX - 1);
    if (grown)
        return ps->st = kp_error_set(ps->err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    if (!e->text_line)
        e->text_line = ps->line;
    return KP_OK;
}

/* jika = NAME (dst: char[LAYOUT_NAME_MAX]): a placeholder name the template may use. */
static kp_status set_jika(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    parse_state *ps = ctx;
    size_t len = strlen(value);
    if (!layout_fields_valid_key(value, len))
        return perr(ps,
                    "jika: nama placeholder tanpa kurung (huruf kecil, angka, '_'), bukan "
                    "\"%s\"",
                    value);
    /* Checked like a {placeholder}: a misspelt condition would hide the block for good. */
    known_ctx kc = {ps->known, ps->t->path, ps->line};
    kp_status rc = check_known(&kc, value, len, ps->err);
    if (rc != KP_OK)
        return ps->st = rc;
    snprintf(dst, LAYOUT_NAME_MAX, "%s", value);
    return KP_OK;
}

/* glyphs = CHARS (dst: the elem's glyphs): kept in CP1252, as the fonts are measured. */
static kp_status set_glyphs(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    parse_state *ps = ctx;
    char enc[LAYOUT_GLYPHS_MAX];
    if (cp1252_unprintable(value) || cp1252_encode(value, enc, sizeof enc, NULL) != KP_OK)
        return perr(ps, "glyphs: paling banyak %d karakter CP1252 yang dapat dicetak",
                    LAYOUT_GLYPHS_MAX - 1);
    memcpy(dst, enc, sizeof enc);
    return KP_OK;
}

/* An image's file (dst: the elem), relative to the template's folder; it must open. */
static kp_status set_file(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key, (void)aux;
    parse_state *ps = ctx;
    elem *e = dst;
    const char *dot = strrchr(value, '.');
    if (!dot || (strcmp(dot, ".png") != 0 && strcmp(dot, ".jpg") != 0 && strcmp(dot, ".jpeg") != 0))
        return perr(ps, "gambar harus .png, .jpg atau .jpeg: \"%s\"", value);
    e->png = strcmp(dot, ".png") == 0;
    int n = value[0] == '/' ? snprintf(e->path, sizeof e->path, "%s", value)
                            : snprintf(e->path, sizeof e->path, "%s/%s", ps->tdir, value);
    if (n < 0 || (size_t)n >= sizeof e->path)
        return perr(ps, "jalur gambar terlalu panjang");
    FILE *f = fopen(e->path, "rb");
    if (!f) {
        char why[128];
        return perr(ps, "gambar \"%s\" tidak dapat dibuka: %s", e->path,
                    kp_errno_text(errno, why, sizeof why));
    }
    fclose(f);
    return KP_OK;
}

/* ---- the key tables ------------------------------------------------------------------ */

#define NO KEYTAB_TANPA

static const keytab page_keys[] = {
    {"size", set_page_size, offsetof(layout_template, page_w), offsetof(layout_template, page_h),
     0},
    {"orientation", set_orientation, offsetof(layout_template, landscape), NO, 0},
    {"margin", set_margin, offsetof(layout_template, margin), NO, 0},
    {"flow_top", set_flow, offsetof(layout_template, flow_top),
     offsetof(layout_template, has_flow_top), 0},
    {"flow_top_next", set_flow, offsetof(layout_template, flow_top_next),
     offsetof(layout_template, has_flow_top_next), 0},
};

static const keytab border_keys[] = {
    {"color", set_color, offsetof(border, color), NO, 0},
    {"accent", set_color, offsetof(border, accent), NO, 0},
    {"inset", set_len, offsetof(border, inset), NO, 0},
    {"width", set_len, offsetof(border, width), NO, 0},
    {"gap", set_len, offsetof(border, gap), NO, 0},
    {"inner_width", set_len, offsetof(border, inner_width), NO, 0},
    {"corner", set_corner, offsetof(border, corner), NO, 0},
    {"corner_size", set_len, offsetof(border, corner_size), NO, 0},
    {"pages", set_pages, offsetof(border, pages), NO, 0},
};

static const keytab style_keys[] = {
    {"font", set_style_font, offsetof(named_style, face), offsetof(named_style, st.font), 0},
    {"size", set_len, offsetof(named_style, st.size), NO, 0},
    {"leading", set_leading, offsetof(named_style, st.leading), NO, 0},
    {"color", set_color, offsetof(named_style, st.color), NO, 0},
    {"align", set_align, offsetof(named_style, st.align), NO, 0},
};

/* The block kinds (elem_kind) as keytab variants. */
#define K_TEXT  (1u << EL_TEXT)
#define K_IMAGE (1u << EL_IMAGE)
#define K_LINE  (1u << EL_LINE)
#define K_RECT  (1u << EL_RECT)
#define K_QR    (1u << EL_QR)

static const keytab elem_keys[] = {
    {"pages", set_pages, offsetof(elem, pages), NO, 0},
    {"jika", set_jika, offsetof(elem, jika), NO, 0},
    {"x", set_len, offsetof(elem, x), offsetof(elem, has_x), 0},
    {"y", set_len, offsetof(elem, y), offsetof(elem, has_y), 0},
    {"x2", set_len, offsetof(elem, x2), offsetof(elem, has_x2), K_LINE},
    {"y2", set_len, offsetof(elem, y2), offsetof(elem, has_y2), K_LINE},
    /* A QR code's height is read to be refused with its own message (finish_template). */
    {"width", set_len, offsetof(elem, w), offsetof(elem, has_w), K_TEXT | K_IMAGE | K_RECT | K_QR},
    {"height", set_len, offsetof(elem, h), offsetof(elem, has_h), K_TEXT | K_IMAGE | K_RECT | K_QR},
    {"line_width", set_len, offsetof(elem, line_width), NO, K_LINE | K_RECT},
    {"color", set_color, offsetof(elem, color), offsetof(elem, has_color),
     K_TEXT | K_LINE | K_RECT | K_QR},
    {"fill", set_color, offsetof(elem, fill), offsetof(elem, has_fill), K_RECT | K_QR},
    {"text", set_text, 0, NO, K_TEXT | K_QR},
    {"file", set_file, 0, NO, K_IMAGE},
    {"font", set_face, offsetof(elem, face), NO, K_TEXT},
    {"size", set_len, offsetof(elem, size), NO, K_TEXT},
    {"min_size", set_len, offsetof(elem, min_size), NO, K_TEXT},
    {"tracking", set_len, offsetof(elem, tracking), NO, K_TEXT},
    {"max_lines", set_max_lines, offsetof(elem, max_lines), NO, K_TEXT},
    {"leading", set_leading, offsetof(elem, leading), NO, K_TEXT},
    {"align", set_align, offsetof(elem, align), NO, K_TEXT},
    {"valign", set_valign, offsetof(elem, middle), NO, K_TEXT},
    {"upper", set_upper, offsetof(elem, upper), NO, K_TEXT},
    {"glyphs", set_glyphs, offsetof(elem, glyphs), NO, K_TEXT},
};

#undef NO

#define N_KEYS(tab) (sizeof tab / sizeof tab[0])

/*
 * Reads key of the current section through its table; an unknown key is refused naming the
 * section's keys (in the order the README lists them).
 */
static kp_status key_table(parse_state *ps, const char *key, const char *value)
{
    static const char *const elem_names[] = {
        [EL_TEXT] = ("x, y, width, height, text, font, size, min_size, max_lines, leading, "
                     "align, valign, color, tracking, upper, glyphs, pages, jika"),
        [EL_IMAGE] = "file, x, y, width, height, pages, jika",
        [EL_LINE] = "x, y, x2, y2, line_width, color, pages, jika",
        [EL_RECT] = "x, y, width, height, fill, color, line_width, pages, jika",
        [EL_QR] = "text, x, y, width, color, fill, pages, jika",
    };
    layout_template *t = ps->t;
    bool found = false;
    switch (ps->sect_kind) {
    case SECT_PAGE:
        keytab_apply(page_keys, N_KEYS(page_keys), 0, key, value, ps, t, &found);
        if (!found)
            perr(ps,
                 "kunci \"%s\" tidak dikenal di [page] (size, orientation, margin, flow_top, "
                 "flow_top_next)",
                 key);
        break;
    case SECT_BORDER:
        keytab_apply(border_keys, N_KEYS(border_keys), 0, key, value, ps, &t->border, &found);
        if (!found)
            perr(ps,
                 "kunci \"%s\" tidak dikenal di [border] (color, accent, inset, width, gap, "
                 "inner_width, corner, corner_size, pages)",
                 key);
        break;
    case SECT_STYLE:
        keytab_apply(style_keys, N_KEYS(style_keys), 0, key, value, ps, &t->styles[ps->cur],
                     &found);
        if (!found)
            perr(ps, "kunci \"%s\" tidak dikenal di [style] (font, size, leading, color, align)",
                 key);
        break;
    case SECT_ELEM: {
        elem *e = &t->elems[ps->cur];
        keytab_apply(elem_keys, N_KEYS(elem_keys), 1u << e->kind, key, value, ps, e, &found);
        if (!found)
            perr(ps, "kunci \"%s\" tidak dikenal di [%s] (%s)", key, ps->section,
                 elem_names[e->kind]);
        break;
    }
    }
    return ps->st;
}

typedef struct handler_ctx {
    parse_state *ps;
    caps caps;
} handler_ctx;

static kp_status handler(void *user, const iniread_at *at, const char *section, const char *key,
                         const char *value, kp_error *err)
{
    (void)err; /* the same as ps->err */
    handler_ctx *hc = user;
    parse_state *ps = hc->ps;
    layout_template *t = ps->t;
    ps->line = at->line;
    ps->section_line = at->section_line;
    if (strcmp(section, ps->section) != 0 || ps->sect_kind == SECT_NONE) {
        if (!section[0])
            return perr(ps, "kunci \"%s\" di luar bagian [..]", key);
        if (begin_section(ps, section, &hc->caps) != 0)
            return ps->st;
    }
    switch (ps->sect_kind) {
    case SECT_PAGE:
    case SECT_BORDER:
    case SECT_STYLE:
    case SECT_ELEM:
        key_table(ps, key, value);
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
            char why[128];
            perr(ps, "berkas huruf \"%s\" tidak dapat dibuka: %s", f->path,
                 kp_errno_text(errno, why, sizeof why));
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
    case SECT_UKURAN: {
        double v;
        for (int i = 0; i < t->n_lens; i++)
            if (strcmp(t->lens[i].name, key) == 0)
                return perr(ps, "ukuran \"%s\" ditulis dua kali", key);
        if (len_ref(ps, key, value, &v, NULL) != KP_OK)
            break;
        named_len *nl = grow(t->lens, t->n_lens, &hc->caps.lens, sizeof *nl);
        if (!nl) {
            ps->st = kp_error_set(ps->err, KP_ERR_IO, NULL, 0, 0, "memori habis");
            break;
        }
        t->lens = nl;
        snprintf(nl[t->n_lens].name, sizeof nl->name, "%s", key);
        nl[t->n_lens].v = v;
        nl[t->n_lens].line = ps->line;
        t->n_lens++;
        break;
    }
    }
    return ps->st;
}

/* Checks what only the whole file can tell: required keys and geometry. */
static kp_status finish_template(parse_state *ps)
{
    layout_template *t = ps->t;
    if (t->landscape) {
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

    parse_state ps = {.t = t, .font_dir = font_dir, .known = known, .err = err};
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(ps.tdir, sizeof ps.tdir, "%.*s", (int)(slash - path), path);
    else
        snprintf(ps.tdir, sizeof ps.tdir, ".");
    handler_ctx hc = {.ps = &ps};
    ps.st = iniread_file(path, handler, &hc, err);
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
    free(t->lens);
    free(t->styles);
    ornament_free(t->border.corner);
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

/* Refuses the [ukuran] length l that no key describes: the closest name, then all of them. */
static kp_status ukuran_unknown(const layout_template *t, const named_len *l,
                                const layout_ukuran *keys, size_t n, kp_error *err)
{
    const char *words[64] = {NULL};
    size_t nw = n < 64 ? n : 64;
    for (size_t k = 0; k < nw; k++)
        words[k] = keys[k].name;
    /* A typo is the usual case: name the key meant, as the rubric's keys do. */
    const char *hint = similar_best(l->name, words, nw, 2);
    char list[1024];
    sbuf b;
    sbuf_init_fixed(&b, list, sizeof list);
    if (hint)
        sbuf_printf(&b, "maksud Anda \"%s\"? ", hint);
    sbuf_puts(&b, "kunci yang dikenal: ");
    for (size_t k = 0; k < n; k++)
        sbuf_printf(&b, "%s%s", k ? ", " : "", keys[k].name);
    return kp_error_set(err, KP_ERR_DATA, t->path, l->line, 0,
                        "kunci \"%s\" tidak dikenal di [ukuran] (%s)", l->name, list);
}

kp_status layout_template_ukuran(const layout_template *t, const layout_ukuran *keys, size_t n,
                                 void *out, kp_error *err)
{
    for (size_t k = 0; k < n; k++)
        *(double *)((char *)out + keys[k].off) = keys[k].bawaan;
    for (int i = 0; i < t->n_lens; i++) {
        size_t k = 0;
        while (k < n && strcmp(keys[k].name, t->lens[i].name) != 0)
            k++;
        if (k == n)
            return ukuran_unknown(t, &t->lens[i], keys, n, err);
        double v = t->lens[i].v;
        if (keys[k].maks > 0 && (v < 0 || v > keys[k].maks))
            return kp_error_set(err, KP_ERR_DATA, t->path, t->lens[i].line, 0,
                                "%s: %g di luar batas (0 sampai %g)", keys[k].name, v,
                                keys[k].maks);
        *(double *)((char *)out + keys[k].off) = v;
    }
    return KP_OK;
}
