/*
 * sbuf.h - the one string builder: appends bytes, strings, characters and printf text to a
 * NUL-terminated buffer that is either owned and growing, or the caller's and bounded.
 *
 * Growing (sbuf_init): the builder owns its memory (sbuf_free or sbuf_take releases it). A
 * failed allocation is remembered and later appends do nothing, so callers write without
 * checking each call and ask once at the end (sbuf_take returns NULL, sbuf_failed is true).
 *
 * Bounded (sbuf_init_fixed): writes into buf[cap] that the caller owns and never overflows.
 * Text that does not fit is cut at a UTF-8 character boundary (a broken byte would reach a
 * PDF or a workbook cell), and everything appended after the cut is dropped; sbuf_failed then
 * says the text was truncated. buf stays NUL-terminated whenever cap > 0.
 *
 * Not thread-safe; an sbuf is a plain value the caller keeps (on the stack, in a struct).
 */
#ifndef KP_UTIL_SBUF_H
#define KP_UTIL_SBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct sbuf {
    char *p;     /* the text, NUL-terminated once anything was written (NULL: nothing yet) */
    size_t len;  /* bytes of text, without the NUL */
    size_t cap;  /* bytes of p */
    bool fixed;  /* p is the caller's buffer: truncate instead of growing */
    bool failed; /* growing: memory ran out; bounded: text was cut */
} sbuf;

/* An empty growing builder (owns nothing yet). */
void sbuf_init(sbuf *b);

/* A bounded builder over the caller's buf[cap]; buf becomes "" when cap > 0 (cap 0 fails). */
void sbuf_init_fixed(sbuf *b, char *buf, size_t cap);

/* Releases a growing builder's memory and empties it; a bounded one is only emptied. */
void sbuf_free(sbuf *b);

/* Appends n bytes at s (which need not be NUL-terminated). */
void sbuf_put(sbuf *b, const char *s, size_t n);

/* Appends the NUL-terminated s. */
void sbuf_puts(sbuf *b, const char *s);

/* Appends one byte. */
void sbuf_putc(sbuf *b, char c);

/* Appends printf-formatted text. */
void sbuf_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* As sbuf_printf with the arguments in ap (for wrappers that take their own "..."). */
void sbuf_vprintf(sbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* True when memory ran out (growing) or text was cut (bounded). */
bool sbuf_failed(const sbuf *b);

/*
 * A growing builder's text, handed over (malloc'd, caller frees; "" when nothing was
 * appended) with its length in *len (len may be NULL); the builder is left empty. NULL when
 * memory ran out at any point (the builder is then released). Not for bounded builders.
 */
char *sbuf_take(sbuf *b, size_t *len);

#endif
