#include "render/qrsimbol.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <hpdf_pages.h>

/*
 * libqrencode builds every symbol with each of the eight masks and keeps the one its penalty
 * rules score best: four fifths of its time (perf, docs/PERFORMANCE.md). Its public API has no
 * way to name the mask; QRcode_encodeMask(input, mask), which QRcode_encodeInput calls with
 * -1, is exported by Debian's libqrencode 4 but not declared in qrencode.h. It is declared
 * weak here, so that a libqrencode without it still links and the symbol is then scored the
 * usual way (QRcode_encodeInput): either result is a valid symbol.
 */
extern QRcode *QRcode_encodeMask(QRinput *input, int mask) __attribute__((weak));

/*
 * The penalty rules only rank masks; a decoder reads each of them. On the sample documents
 * zbarimg read exactly the same pages at 150 dpi with mask 0, 4, 6 and the scored choice:
 * what decides is the size of a module, not the mask.
 */
#define FIXED_MASK 0

#define WIDTH_MAX 177 /* version 40 */

static bool is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == ' ' ||
           (c && strchr("$%*+-./:", c) != NULL);
}

/*
 * Appends text as segments: a run of characters of the alphanumeric set (capitals, digits,
 * " $%*+-./:") is its own segment when that is shorter than leaving it in the byte segment
 * around it. A new segment costs a header of 12-13 bits (versions 1-9) and saves 2,5 bits a
 * character: worth it from 11 characters in the middle of the text, from 6 at either end.
 */
static int append_segments(QRinput *in, const unsigned char *s, size_t n)
{
    size_t bytes_from = 0, i = 0;
    while (i < n) {
        if (!is_alnum(s[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && is_alnum(s[j]))
            j++;
        bool edge = i == 0 || j == n;
        if (j - i >= (edge ? 6u : 11u)) {
            if (i > bytes_from &&
                QRinput_append(in, QR_MODE_8, (int)(i - bytes_from), s + bytes_from) != 0)
                return -1;
            if (QRinput_append(in, QR_MODE_AN, (int)(j - i), s + i) != 0)
                return -1;
            bytes_from = j;
        }
        i = j;
    }
    if (n > bytes_from && QRinput_append(in, QR_MODE_8, (int)(n - bytes_from), s + bytes_from) != 0)
        return -1;
    return 0;
}

QRcode *qrsimbol_encode(const char *text)
{
    size_t n = strlen(text);
    if (n == 0) {
        errno = EINVAL;
        return NULL;
    }
    QRinput *in = QRinput_new2(0, QR_ECLEVEL_M);
    if (!in)
        return NULL;
    QRcode *qr = NULL;
    if (append_segments(in, (const unsigned char *)text, n) == 0)
        qr = QRcode_encodeMask ? QRcode_encodeMask(in, FIXED_MASK) : QRcode_encodeInput(in);
    int saved = errno;
    QRinput_free(in);
    errno = saved;
    return qr;
}

typedef void (*rect_fn)(void *user, int col, int row, int w, int h);

/* A row of the symbol as bits, module c at bit c % 64 of word c / 64. */
#define ROW_WORDS ((WIDTH_MAX + 63) / 64)
typedef struct row_bits {
    uint64_t w[ROW_WORDS];
} row_bits;

/* The first set bit of r at or after c, or n when there is none before n. */
static int next_set(const row_bits *r, int c, int n)
{
    for (int k = c / 64; k < ROW_WORDS && k * 64 < n; k++) {
        uint64_t v = r->w[k] & (c > k * 64 ? ~0ull << (c % 64) : ~0ull);
        if (v) {
            int at = k * 64 + __builtin_ctzll(v);
            return at < n ? at : n;
        }
    }
    return n;
}

/* The bits [c, c + w) as a row. */
static row_bits span_of(int c, int w)
{
    row_bits m = {{0}};
    for (int i = c; i < c + w;) {
        int lo = i % 64, take = 64 - lo < c + w - i ? 64 - lo : c + w - i;
        m.w[i / 64] |= (take == 64 ? ~0ull : (1ull << take) - 1) << lo;
        i += take;
    }
    return m;
}

/* True when every bit of m is set in r's first words words. */
static bool has_all(const row_bits *r, const row_bits *m, int words)
{
    for (int k = 0; k < words; k++)
        if ((r->w[k] & m->w[k]) != m->w[k])
            return false;
    return true;
}

/*
 * Covers the dark modules with rectangles, in reading order: from each dark module not yet
 * covered, as far right as the row is dark (through covered modules too), then as far down
 * as that whole span is dark. Fewer rectangles than one per run of a row (finder patterns,
 * timing and the many vertical pairs of data modules become one each); overlaps are harmless
 * under the nonzero fill rule. Returns the number of rectangles, given to fn when not NULL.
 * The rows are bit sets: a symbol is scanned a word, not a module, at a time (the scan cost
 * as much as the encoding when it went module by module, docs/PERFORMANCE.md).
 */
static size_t cover(const QRcode *qr, rect_fn fn, void *user)
{
    int n = qr->width;
    if (n <= 0 || n > WIDTH_MAX)
        return 0;
    int words = (n + 63) / 64;
    row_bits dark[WIDTH_MAX], light[WIDTH_MAX], todo[WIDTH_MAX];
    memset(dark, 0, (size_t)n * sizeof dark[0]);
    for (int r = 0; r < n; r++) {
        const unsigned char *m = qr->data + (size_t)r * (size_t)n;
        for (int c = 0; c < n; c++)
            dark[r].w[c / 64] |= (uint64_t)(m[c] & 1) << (c % 64);
        for (int k = 0; k < ROW_WORDS; k++)
            light[r].w[k] = ~dark[r].w[k];
    }
    memcpy(todo, dark, (size_t)n * sizeof dark[0]);
    size_t count = 0;
    for (int r = 0; r < n; r++) {
        for (int c = next_set(&todo[r], 0, n); c < n; c = next_set(&todo[r], c + 1, n)) {
            int w = next_set(&light[r], c, n) - c;
            row_bits cut = span_of(c, w);
            int h = 1;
            while (r + h < n && has_all(&dark[r + h], &cut, words))
                h++;
            /* Covered modules are done: no rectangle starts from them. */
            for (int y = 0; y < h; y++)
                for (int k = 0; k < words; k++)
                    todo[r + y].w[k] &= ~cut.w[k];
            if (fn)
                fn(user, c, r, w, h);
            count++;
        }
    }
    return count;
}

size_t qrsimbol_rect_count(const QRcode *qr)
{
    return cover(qr, NULL, NULL);
}

/*
 * The path goes into the page's content stream in pieces of up to PATH_BUF bytes, not as one
 * HPDF_Page_Rectangle call per rectangle: each of those formats four reals with HPDF_FToA and
 * writes them through libharu's stream layer, which made the QR code's drawing dearer than its
 * encoding (docs/PERFORMANCE.md, "issue 21"). The text is what HPDF_Page_Rectangle writes for
 * integer values ("x y w h re" and a line feed: HPDF_FToA drops a zero fraction), so the bytes
 * of the page are the same.
 */
#define PATH_BUF 4096

typedef struct draw_ctx {
    HPDF_Page page;
    HPDF_Stream stream;
    int n;
    bool started;
    size_t len;
    char buf[PATH_BUF];
} draw_ctx;

/* Appends v (0 <= v <= WIDTH_MAX) in decimal and then c. */
static void put_int(draw_ctx *d, int v, char c)
{
    if (v >= 100)
        d->buf[d->len++] = (char)('0' + v / 100);
    if (v >= 10)
        d->buf[d->len++] = (char)('0' + v / 10 % 10);
    d->buf[d->len++] = (char)('0' + v % 10);
    d->buf[d->len++] = c;
}

static void flush(draw_ctx *d)
{
    if (d->len)
        HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)d->buf, (HPDF_UINT)d->len);
    d->len = 0;
}

static void draw_rect(void *user, int col, int row, int w, int h)
{
    draw_ctx *d = user;
    /* Module units, y upwards: row 0 is the top row of the symbol. */
    int y = d->n - row - h;
    if (!d->started) {
        /*
         * The first rectangle through libharu: it checks that the page may take a path and
         * puts the page in its path state, which HPDF_Page_Fill then requires and ends.
         */
        HPDF_Page_Rectangle(d->page, (HPDF_REAL)col, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
        d->started = true;
        return;
    }
    if (d->len + 4 * 4 + 3 > sizeof d->buf)
        flush(d);
    put_int(d, col, ' ');
    put_int(d, y, ' ');
    put_int(d, w, ' ');
    put_int(d, h, ' ');
    memcpy(d->buf + d->len, "re\n", 3);
    d->len += 3;
}

void qrsimbol_draw(HPDF_Page page, const QRcode *qr, double x, double y, double module)
{
    /* In module units every coordinate is a small integer: short to write and to compress. */
    HPDF_Page_GSave(page);
    HPDF_Page_Concat(page, (HPDF_REAL)module, 0, 0, (HPDF_REAL)module, (HPDF_REAL)x, (HPDF_REAL)y);
    draw_ctx d; /* not zeroed: buf is written before it is read */
    d.page = page;
    d.stream = ((HPDF_PageAttr)page->attr)->stream;
    d.n = qr->width;
    d.started = false;
    d.len = 0;
    if (cover(qr, draw_rect, &d) > 0) {
        flush(&d);
        HPDF_Page_Fill(page);
    }
    HPDF_Page_GRestore(page);
}
