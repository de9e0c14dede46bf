#include "render/qrsimbol.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

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

/*
 * Covers the dark modules with rectangles, in reading order: from each dark module not yet
 * covered, as far right as the row is dark (through covered modules too), then as far down
 * as that whole span is dark. Fewer rectangles than one per run of a row (finder patterns,
 * timing and the many vertical pairs of data modules become one each); overlaps are harmless
 * under the nonzero fill rule. Returns the number of rectangles, given to fn when not NULL.
 */
static size_t cover(const QRcode *qr, rect_fn fn, void *user)
{
    int n = qr->width;
    if (n <= 0 || n > WIDTH_MAX)
        return 0;
    unsigned char done[WIDTH_MAX * WIDTH_MAX];
    memset(done, 0, (size_t)n * (size_t)n);
    const unsigned char *m = qr->data;
    size_t count = 0;
    for (int r = 0; r < n; r++) {
        for (int c = 0; c < n; c++) {
            size_t at = (size_t)r * (size_t)n + (size_t)c;
            if (!(m[at] & 1) || done[at])
                continue;
            int w = 1;
            while (c + w < n && (m[at + (size_t)w] & 1))
                w++;
            int h = 1;
            for (; r + h < n; h++) {
                const unsigned char *row = m + at + (size_t)h * (size_t)n;
                int k = 0;
                while (k < w && (row[k] & 1))
                    k++;
                if (k < w)
                    break;
            }
            for (int y = 0; y < h; y++)
                memset(done + at + (size_t)y * (size_t)n, 1, (size_t)w);
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

typedef struct draw_ctx {
    HPDF_Page page;
    int n;
} draw_ctx;

static void draw_rect(void *user, int col, int row, int w, int h)
{
    const draw_ctx *d = user;
    /* Module units, y upwards: row 0 is the top row of the symbol. */
    HPDF_Page_Rectangle(d->page, (HPDF_REAL)col, (HPDF_REAL)(d->n - row - h), (HPDF_REAL)w,
                        (HPDF_REAL)h);
}

void qrsimbol_draw(HPDF_Page page, const QRcode *qr, double x, double y, double module)
{
    /* In module units every coordinate is a small integer: short to write and to compress. */
    HPDF_Page_GSave(page);
    HPDF_Page_Concat(page, (HPDF_REAL)module, 0, 0, (HPDF_REAL)module, (HPDF_REAL)x, (HPDF_REAL)y);
    draw_ctx d = {page, qr->width};
    if (cover(qr, draw_rect, &d) > 0)
        HPDF_Page_Fill(page);
    HPDF_Page_GRestore(page);
}
