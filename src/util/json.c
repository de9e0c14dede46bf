#include "util/json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void json_init(json_buf *j)
{
    sbuf_init(j);
}

void json_free(json_buf *j)
{
    sbuf_free(j);
}

void json_raw(json_buf *j, const char *s)
{
    sbuf_puts(j, s);
}

void json_fmt(json_buf *j, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sbuf_vprintf(j, fmt, ap);
    va_end(ap);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len;
    uint32_t min, cp;
    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, min = 0x80, cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, min = 0x800, cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

void json_strn(json_buf *j, const char *s, size_t n)
{
    sbuf_put(j, "\"", 1);
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\', esc[1] = (char)c;
            sbuf_put(j, esc, 2);
            i++;
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            /* '<' and friends too: an answer shown by mistake as HTML stays inert. */
            snprintf(esc, sizeof esc, "\\u%04x", c);
            sbuf_put(j, esc, 6);
            i++;
        } else {
            size_t l = utf8_len(p + i, n - i);
            if (l == 0) {
                sbuf_put(j, "\xEF\xBF\xBD", 3);
                i++;
            } else {
                sbuf_put(j, s + i, l);
                i += l;
            }
        }
    }
    sbuf_put(j, "\"", 1);
}

void json_str(json_buf *j, const char *s)
{
    if (!s)
        json_raw(j, "null");
    else
        json_strn(j, s, strlen(s));
}

char *json_take(json_buf *j, size_t *len)
{
    return sbuf_take(j, len);
}
