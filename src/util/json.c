#include "util/json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

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
            uint32_t cp;
            size_t l = utf8_decode(p + i, n - i, &cp);
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
