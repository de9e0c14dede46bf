#include "render/layout_tpl.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_streams.h>
#include <qrencode.h>

#include "util/cp1252.h"
#include "render/pdfshim.h"
#include "render/qrsimbol.h"
#include "render/ttfcov.h"
#include "util/utf8.h"

/*
 * The first character of CP1252 text enc that the font of cov has no glyph for (as a Unicode
 * code point), or 0. libharu would draw it as an empty box without a word.
 */
static uint32_t missing_glyph(const ttfcov *cov, const char *enc)
{
    for (const unsigned char *p = (const unsigned char *)enc; *p; p++) {
        uint32_t cp = cp1252_code_point(*p);
        if (cp && !ttfcov_has(cov, cp))
            return cp;
    }
    return 0;
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
    unsigned char *saved; /* the last PDF written, layout_doc_bytes() */
    size_t saved_len, saved_cap;
    bool active;
    char enc[LAYOUT_TEXT_MAX];
    char tenc[LAYOUT_TEXT_MAX];
    char tmp[LAYOUT_TEXT_MAX];
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

/* ---- libharu's allocations -------------------------------------------------------------- */

/*
 * libharu allocates every object of a PDF on its own (2.7 M allocations in the national run,
 * about 1 350 per document) and frees them all when the next document starts. glibc's
 * per-thread cache keeps seven blocks of a size, so most of those calls took malloc's slower
 * paths: a tenth of the run's instructions outside SHA-256. libharu's memory manager takes
 * an allocator (HPDF_NewEx): this one keeps freed blocks of up to 512 bytes in per-thread
 * lists by 16-byte size class and hands them out again, up to BLOCK_KEEP_BYTES a thread (a
 * document's objects take about 100 KB). A document is written and freed on one thread
 * (docpool), and layout_doc_free() returns the thread's kept blocks to malloc, so nothing
 * stays behind a finished document.
 */
#define BLOCK_HEADER     16 /* holds the class; keeps malloc's 16-byte alignment */
#define BLOCK_CLASSES    32
#define BLOCK_KEEP_BYTES (512u * 1024u)

typedef struct block {
    struct block *next;
} block;

static _Thread_local struct {
    block *head[BLOCK_CLASSES];
    size_t bytes;
} blocks;

/* Class c holds blocks of c * 16 bytes (at least 16, the list's link); larger ones none. */
static size_t block_class(size_t size)
{
    size_t c = (size + 15) / 16;
    return c ? c : 1;
}

static void *HPDF_STDCALL block_alloc(HPDF_UINT size)
{
    size_t c = block_class(size);
    if (c < BLOCK_CLASSES && blocks.head[c]) {
        block *b = blocks.head[c];
        blocks.head[c] = b->next;
        blocks.bytes -= c * 16;
        return b;
    }
    unsigned char *p = malloc(BLOCK_HEADER + (c < BLOCK_CLASSES ? c * 16 : (size_t)size));
    if (!p)
        return NULL;
    memcpy(p, &c, sizeof c);
    return p + BLOCK_HEADER;
}

static void HPDF_STDCALL block_free(void *ptr)
{
    if (!ptr)
        return;
    unsigned char *p = (unsigned char *)ptr - BLOCK_HEADER;
    size_t c;
    memcpy(&c, p, sizeof c);
    if (c < BLOCK_CLASSES && blocks.bytes + c * 16 <= BLOCK_KEEP_BYTES) {
        block *b = ptr;
        b->next = blocks.head[c];
        blocks.head[c] = b;
        blocks.bytes += c * 16;
        return;
    }
    free(p);
}

/* Returns the calling thread's kept blocks to malloc. */
static void blocks_release(void)
{
    for (size_t c = 0; c < BLOCK_CLASSES; c++)
        while (blocks.head[c]) {
            block *b = blocks.head[c];
            blocks.head[c] = b->next;
            free((unsigned char *)b - BLOCK_HEADER);
        }
    blocks.bytes = 0;
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
    d->pdf = HPDF_NewEx(hpdf_handler, block_alloc, block_free, 0, d);
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
    blocks_release();
    free(d->faces);
    free(d->images);
    free(d->pages);
    free(d->lines.v);
    free(d->tlines.v);
    free(d->saved);
    free(d);
}

static void set_info(layout_doc *d, HPDF_InfoType type, const char *utf8)
{
    if (!utf8)
        return;
    char buf[1024];
    if (cp1252_encode(utf8, buf, sizeof buf, NULL) != KP_OK)
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
        if (texts[i]) {
            kp_status rc = cp1252_encode(texts[i], d->tmp, sizeof d->tmp, err);
            if (rc != KP_OK) {
                d->active = false;
                return rc;
            }
        }
    set_info(d, HPDF_INFO_TITLE, info->title);
    set_info(d, HPDF_INFO_AUTHOR, info->author);
    set_info(d, HPDF_INFO_SUBJECT, info->subject);
    set_info(d, HPDF_INFO_KEYWORDS, info->keywords);
    set_info(d, HPDF_INFO_CREATOR, info->creator);
    time_t tt = (time_t)info->epoch;
    struct tm tm;
    if (!gmtime_r(&tt, &tm))
        return kp_error_set(err, KP_ERR_INTERNAL, NULL, 0, 0, "waktu dokumen %lld tidak sah",
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
    int f = st->font ? layout_template_face(d->t, st->font) : -1;
    if (f < 0)
        kp_error_set(err, KP_ERR_INTERNAL, d->t->path, 0, 0, "huruf \"%s\" tidak ada di [font]",
                     st->font ? st->font : "(kosong)");
    return f;
}

/*
 * UTF-8 to CP1252 for drawing in face: cp1252_encode, then a refusal naming the character
 * and the font when the font has no glyph for it.
 */
static kp_status encode(layout_doc *d, int face, const char *utf8, char *out, size_t cap,
                        kp_error *err)
{
    kp_status rc = cp1252_encode(utf8, out, cap, err);
    if (rc != KP_OK)
        return rc;
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

/* utf8 in the face of style st, encoded into d->enc: the start of every styled text call. */
static kp_status encode_styled(layout_doc *d, const layout_style *st, const char *utf8, int *face,
                               kp_error *err)
{
    *face = style_face(d, st, err);
    if (*face < 0)
        return KP_ERR_INTERNAL;
    return encode(d, *face, utf8, d->enc, sizeof d->enc, err);
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
        if (have || l.last) {
            kp_status rc = push_line(lb, &n, l, err);
            if (rc != KP_OK)
                return rc;
        }
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
    char buf[LAYOUT_TEXT_MAX];
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
    int f;
    kp_status rc = encode_styled(d, st, utf8, &f, err);
    if (rc != KP_OK)
        return rc;
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
        kp_status rc = break_lines(d, lb, face, enc, s, tracking, width, false, &n, err);
        if (rc != KP_OK)
            return rc;
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
    int f;
    kp_status rc = encode_styled(d, st, utf8, &f, err);
    if (rc != KP_OK)
        return rc;
    return fit_encoded(d, &d->lines, f, d->enc, st->size, min_size > st->size ? st->size : min_size,
                       0, width, max_lines, 0, 1, size, lines, err);
}

kp_status layout_text(layout_doc *d, const layout_style *st, double x, double y, double width,
                      const char *utf8, kp_error *err)
{
    int f;
    kp_status rc = encode_styled(d, st, utf8, &f, err);
    if (rc != KP_OK)
        return rc;
    for (char *p = d->enc; *p; p++)
        if (*p == '\n')
            *p = ' ';
    line_span l = {.start = 0, .len = strlen(d->enc), .last = true};
    l.width = enc_width(d, f, d->enc, l.len, st->size, 0);
    draw_line(d, f, st->size, 0, st->color, st->align, x, y, width, d->enc, &l);
    return hpdf_check(d, "menulis teks", err);
}

kp_status layout_text_box(layout_doc *d, const layout_style *st, double x, double y, double width,
                          int max_lines, double min_size, const char *utf8, kp_error *err)
{
    int f;
    kp_status rc = encode_styled(d, st, utf8, &f, err);
    if (rc != KP_OK)
        return rc;
    double leading = st->leading > 0 ? st->leading : 1.2, size;
    int n;
    rc = fit_encoded(d, &d->lines, f, d->enc, st->size, min_size > st->size ? st->size : min_size,
                     0, width, max_lines, 0, leading, &size, &n, err);
    if (rc != KP_OK)
        return rc;
    bool fits = n <= max_lines;
    for (int i = 0; fits && i < n; i++)
        fits = d->lines.v[i].width <= width + 1e-6;
    if (!fits)
        return kp_error_set(err, KP_ERR_DATA, d->t->path, 0, 0,
                            "teks tidak muat dalam %d baris selebar %.0f pt bahkan pada %.1f pt: "
                            "\"%.120s\"",
                            max_lines, width, size, utf8);
    for (int i = 0; i < n; i++)
        draw_line(d, f, size, 0, st->color, st->align, x, y + i * size * leading, width, d->enc,
                  &d->lines.v[i]);
    return hpdf_check(d, "menulis teks", err);
}

/* ---- pages ------------------------------------------------------------------------------ */

static kp_status add_pdf_page(layout_doc *d, kp_error *err)
{
    if (!d->active)
        return kp_error_set(err, KP_ERR_INTERNAL, NULL, 0, 0, "dokumen belum dimulai");
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
 * The ornament o (ornament.h) for the top-left corner, its operands scaled by s (corner_size)
 * and mirrored into the other corners by the caller's transformation. One libharu call per
 * operation, each operand multiplied by s in double before the cast, so that the page gets
 * exactly the numbers the ornament file says.
 */
static void draw_ornament(layout_doc *d, const ornament *o, double s, layout_color color,
                          layout_color accent)
{
    static const HPDF_LineCap caps[] = {[ORNAMENT_CAP_BUTT] = HPDF_BUTT_END,
                                        [ORNAMENT_CAP_ROUND] = HPDF_ROUND_END,
                                        [ORNAMENT_CAP_SQUARE] = HPDF_PROJECTING_SCUARE_END};
    HPDF_Page p = d->page;
    for (size_t i = 0; i < o->n; i++) {
        const ornament_op *op = &o->ops[i];
        HPDF_REAL v[6];
        for (int k = 0; k < 6; k++)
            v[k] = (HPDF_REAL)(op->v[k] * s);
        switch (op->code) {
        case ORNAMENT_FILL_COLOR:
            set_fill(d, op->arg == ORNAMENT_ACCENT ? accent : color);
            break;
        case ORNAMENT_STROKE_COLOR:
            set_stroke(d, op->arg == ORNAMENT_ACCENT ? accent : color);
            break;
        case ORNAMENT_LINE_WIDTH:
            HPDF_Page_SetLineWidth(p, v[0]);
            break;
        case ORNAMENT_LINE_CAP:
            HPDF_Page_SetLineCap(p, caps[op->arg]);
            break;
        case ORNAMENT_MOVE:
            HPDF_Page_MoveTo(p, v[0], v[1]);
            break;
        case ORNAMENT_LINE:
            HPDF_Page_LineTo(p, v[0], v[1]);
            break;
        case ORNAMENT_CURVE:
            HPDF_Page_CurveTo(p, v[0], v[1], v[2], v[3], v[4], v[5]);
            break;
        case ORNAMENT_CLOSE:
            HPDF_Page_ClosePath(p);
            break;
        case ORNAMENT_CIRCLE:
            HPDF_Page_Circle(p, v[0], v[1], v[2]);
            break;
        case ORNAMENT_FILL:
            HPDF_Page_Fill(p);
            break;
        case ORNAMENT_STROKE:
            HPDF_Page_Stroke(p);
            break;
        }
    }
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
    if (!b->corner)
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
        draw_ornament(d, b->corner, b->corner_size, b->color, b->accent);
        HPDF_Page_GRestore(p);
    }
}

/*
 * The text block e set with the expanded text d->tmp, from size down to min_size: the size
 * and lines into *size, *n and d->tlines (encoded in d->tenc), *fits whether it stands in the
 * block. KP_ERR_DATA for a character the font cannot print (naming the template line).
 */
static kp_status fit_elem(layout_doc *d, const elem *e, double size, bool *fits, double *out_size,
                          int *n, kp_error *err)
{
    if (encode(d, e->face, d->tmp, d->tenc, sizeof d->tenc, err) != KP_OK) {
        /* Name the template line: the offending text came in through one of its fields. */
        char msg[KP_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
        return kp_error_set(err, KP_ERR_DATA, d->t->path, e->text_line, 0, "blok \"%s\": %s",
                            e->name, msg);
    }
    if (e->upper)
        for (unsigned char *p = (unsigned char *)d->tenc; *p; p++)
            if (*p < 0x80)
                *p = (unsigned char)toupper(*p);
    double max_h = e->has_h ? e->h : 0;
    kp_status rc = fit_encoded(d, &d->tlines, e->face, d->tenc, size, e->min_size, e->tracking,
                               e->w, e->max_lines, max_h, e->leading, out_size, n, err);
    if (rc != KP_OK)
        return rc;
    *fits = (e->max_lines <= 0 || *n <= e->max_lines) &&
            (max_h <= 0 || *n * *out_size * e->leading <= max_h + 1e-6);
    for (int i = 0; *fits && i < *n; i++)
        *fits = d->tlines.v[i].width <= e->w + 1e-6;
    return KP_OK;
}

static kp_status draw_text_elem(layout_doc *d, const elem *e, kp_error *err)
{
    const char *file = d->t->path;
    kp_status rc =
        layout_fields_expand(d->fields, e->text, d->tmp, sizeof d->tmp, file, e->text_line, err);
    if (rc != KP_OK)
        return rc;
    double size;
    int n;
    bool fits;
    kp_status st = fit_elem(d, e, e->size, &fits, &size, &n, err);
    if (st != KP_OK)
        return st;
    double max_h = e->has_h ? e->h : 0;
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
    /* Measuring the characters is what makes libharu embed their glyphs. */
    if (e->glyphs[0])
        HPDF_Font_TextWidth(font_of(d, e->face), (const HPDF_BYTE *)e->glyphs,
                            (HPDF_UINT)strlen(e->glyphs));
    for (int i = 0; i < n; i++)
        draw_line(d, e->face, size, e->tracking, color, e->align, e->x, top + i * lh, e->w, d->tenc,
                  &d->tlines.v[i]);
    return KP_OK;
}

/* Sets every placeholder of a text but one to "" in the scratch map: they can only add text. */
static kp_status blank_field(void *user, const char *name, size_t len, kp_error *err)
{
    layout_fields *f = user;
    char key[LAYOUT_NAME_MAX];
    if (len >= sizeof key)
        return KP_OK;
    memcpy(key, name, len);
    key[len] = '\0';
    if (layout_fields_get(f, key))
        return KP_OK;
    return layout_fields_set(f, key, "", err);
}

kp_status layout_field_fits(layout_doc *d, const char *field, const char *value, bool *fits,
                            char *why, size_t why_cap, kp_error *err)
{
    *fits = true;
    char ref[LAYOUT_NAME_MAX + 2];
    snprintf(ref, sizeof ref, "{%s}", field);
    layout_fields *f = layout_fields_new();
    if (!f)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    kp_status st = KP_OK;
    for (int i = 0; st == KP_OK && *fits && i < d->t->n_elems; i++) {
        const elem *e = &d->t->elems[i];
        /* Blocks every such document draws: on its first page, unconditionally or whenever
         * this field is set; without a line or height limit a block always fits. */
        if (e->kind != EL_TEXT || !(e->pages & PAGES_FIRST) || !strstr(e->text, ref) ||
            (e->jika[0] && strcmp(e->jika, field) != 0) || (e->max_lines <= 0 && !e->has_h))
            continue;
        layout_fields_clear(f);
        if ((st = layout_fields_set(f, field, value, err)) != KP_OK ||
            (st = layout_fields_scan(e->text, blank_field, f, d->t->path, e->text_line, err)) !=
                KP_OK ||
            (st = layout_fields_expand(f, e->text, d->tmp, sizeof d->tmp, d->t->path, e->text_line,
                                       err)) != KP_OK)
            break;
        /* At min_size only: what fits there is what shrinking finds at the latest. */
        double size;
        int n;
        if ((st = fit_elem(d, e, e->min_size, fits, &size, &n, err)) != KP_OK || *fits)
            continue;
        snprintf(why, why_cap,
                 "tidak muat di blok \"%s\" (%s:%d: %d baris selebar %.0f pt) bahkan pada "
                 "%.1f pt",
                 e->name, d->t->path, e->text_line, e->max_lines ? e->max_lines : n, e->w,
                 e->min_size);
    }
    layout_fields_free(f);
    return st;
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
    kp_status rc =
        layout_fields_expand(d->fields, e->text, d->tmp, sizeof d->tmp, file, e->text_line, err);
    if (rc != KP_OK)
        return rc;
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

/* libharu's own error, kept as the first one if none came before (it raises none here). */
static void hpdf_note(layout_doc *d)
{
    if (!d->hpdf_error) {
        d->hpdf_error = HPDF_GetError(d->pdf);
        d->hpdf_detail = HPDF_GetErrorDetail(d->pdf);
    }
}

/*
 * The document in libharu's memory stream, copied into d->saved, then written by libharu's
 * own file writer in one call. HPDF_SaveToFile wrote the same bytes token by token through
 * fwrite (a few thousand calls per PDF), and the register then read the file back to hash it;
 * libharu's file writer keeps its errors (codes and details) what they were. A combined file
 * (hundreds of pages, megabytes) is still written straight to its file, so memory stays as it
 * was: layout_doc_bytes() is then empty and the file is read back.
 */
#define SAVE_IN_MEMORY_PAGES 16

static bool save_bytes(layout_doc *d, const char *path)
{
    if (d->n_pages > SAVE_IN_MEMORY_PAGES)
        return HPDF_SaveToFile(d->pdf, path) == HPDF_OK && !d->hpdf_error;
    if (HPDF_SaveToStream(d->pdf) != HPDF_OK || d->hpdf_error)
        return false;
    HPDF_Stream mem = d->pdf->stream;
    size_t len = HPDF_GetStreamSize(d->pdf);
    if (len > d->saved_cap) {
        unsigned char *p = realloc(d->saved, len);
        if (!p) {
            d->hpdf_error = HPDF_FAILD_TO_ALLOC_MEM;
            return false;
        }
        d->saved = p;
        d->saved_cap = len;
    }
    size_t at = 0;
    HPDF_UINT n = HPDF_MemStream_GetBufCount(mem);
    for (HPDF_UINT i = 0; i < n; i++) {
        HPDF_UINT part = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(mem, i, &part);
        if (!p || part > len - at) {
            hpdf_note(d);
            return false;
        }
        memcpy(d->saved + at, p, part);
        at += part;
    }
    HPDF_MemStream_FreeData(mem);
    d->saved_len = at;
    HPDF_Stream file = HPDF_FileWriter_New(d->pdf->mmgr, path);
    if (!file) {
        hpdf_note(d);
        return false;
    }
    HPDF_STATUS rc = HPDF_Stream_Write(file, d->saved, (HPDF_UINT)at);
    HPDF_Stream_Free(file);
    if (rc != HPDF_OK)
        hpdf_note(d);
    return rc == HPDF_OK && !d->hpdf_error;
}

kp_status layout_doc_save(layout_doc *d, const char *path, kp_error *err)
{
    if (!d->active)
        return kp_error_set(err, KP_ERR_INTERNAL, path, 0, 0, "dokumen belum dimulai atau gagal");
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
    d->saved_len = 0;
    if (!save_bytes(d, path)) {
        d->saved_len = 0;
        kp_status s = kp_error_set(err, KP_ERR_IO, path, 0, 0,
                                   "tidak dapat menulis PDF (libharu 0x%04X, detail %u)",
                                   (unsigned)d->hpdf_error, (unsigned)d->hpdf_detail);
        d->active = false;
        return s;
    }
    d->active = false;
    return KP_OK;
}

const unsigned char *layout_doc_bytes(const layout_doc *d, size_t *len)
{
    *len = d->saved_len;
    return d->saved_len ? d->saved : NULL;
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
    int f;
    kp_status rc = encode_styled(d, st, utf8, &f, err);
    if (rc != KP_OK)
        return rc;
    int n;
    rc = break_lines(d, &d->lines, f, d->enc, st->size, 0, width, true, &n, err);
    if (rc != KP_OK)
        return rc;
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
        return KP_ERR_INTERNAL;
    double lh = layout_line_height(st);
    double x = t->x, hmax = lh;
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *cell = cells[c] ? cells[c] : "";
        double cw = t->cols[c].width - 2 * t->pad;
        kp_status rc = encode(d, f, cell, d->enc, sizeof d->enc, err);
        if (rc != KP_OK)
            return rc;
        int n;
        rc = break_lines(d, &d->lines, f, d->enc, st->size, 0, cw, true, &n, err);
        if (rc != KP_OK)
            return rc;
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
        return kp_error_set(err, KP_ERR_INTERNAL, NULL, 0, 0, "tabel lebih dari 64 kolom");
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
        return kp_error_set(err, KP_ERR_INTERNAL, NULL, 0, 0, "grafik: ymax harus > ymin");
    double lab_h = layout_line_height(&c->label);
    double top = c->y + lab_h, plot_h = c->h - 2 * lab_h;
    if (plot_h <= 0)
        return kp_error_set(err, KP_ERR_INTERNAL, NULL, 0, 0, "grafik terlalu pendek");
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
