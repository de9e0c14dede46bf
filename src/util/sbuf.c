#include "util/sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first allocation: most texts built here (a JSON answer, a rubric summary) fit. */
enum { SBUF_FIRST_CAP = 256 };

void sbuf_init(sbuf *b)
{
    memset(b, 0, sizeof *b);
}

void sbuf_init_fixed(sbuf *b, char *buf, size_t cap)
{
    *b = (sbuf){.p = buf, .cap = cap, .fixed = true, .failed = cap == 0};
    if (cap > 0)
        buf[0] = '\0';
}

void sbuf_free(sbuf *b)
{
    if (b->fixed) {
        sbuf_init_fixed(b, b->p, b->cap);
        return;
    }
    free(b->p);
    sbuf_init(b);
}

/* Room for extra more bytes and the NUL in a growing builder; false once memory ran out. */
static bool grow(sbuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : SBUF_FIRST_CAP;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *np = realloc(b->p, cap);
    if (!np) {
        b->failed = true;
        return false;
    }
    b->p = np;
    b->cap = cap;
    return true;
}

/* How many of the n bytes at s fit in a bounded builder; marks it failed when not all do. */
static size_t fit(sbuf *b, const char *s, size_t n)
{
    if (b->len + n < b->cap)
        return n;
    size_t room = b->cap > b->len + 1 ? b->cap - b->len - 1 : 0;
    /* Never cut a multi-byte character: back up to a lead byte. */
    while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
        room--;
    b->failed = true;
    return room;
}

void sbuf_put(sbuf *b, const char *s, size_t n)
{
    if (b->fixed) {
        if (b->failed || b->cap == 0)
            return;
        n = fit(b, s, n);
    } else if (!grow(b, n)) {
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void sbuf_puts(sbuf *b, const char *s)
{
    sbuf_put(b, s, strlen(s));
}

void sbuf_putc(sbuf *b, char c)
{
    sbuf_put(b, &c, 1);
}

void sbuf_vprintf(sbuf *b, const char *fmt, va_list ap)
{
    /* Most pieces are short: format once into the stack, and twice only for long ones. */
    char small[256];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        b->failed = true;
    } else if ((size_t)n < sizeof small) {
        sbuf_put(b, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, again);
            sbuf_put(b, big, (size_t)n);
            free(big);
        } else {
            b->failed = true;
        }
    }
    va_end(again);
}

void sbuf_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

bool sbuf_failed(const sbuf *b)
{
    return b->failed;
}

char *sbuf_take(sbuf *b, size_t *len)
{
    if (!grow(b, 0)) {
        sbuf_free(b);
        return NULL;
    }
    char *text = b->p;
    text[b->len] = '\0';
    if (len)
        *len = b->len;
    sbuf_init(b);
    return text;
}
