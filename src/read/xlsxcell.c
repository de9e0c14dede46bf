#include "read/xlsxcell.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/xlsxin.h"
#include "util/utf8.h"

/* --- Text: OOXML's _xHHHH_ escapes ------------------------------------------------------ */

/* The code of an escape _xHHHH_ at s (n bytes available), or -1. */
static long escape_at(const char *s, size_t n)
{
    if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
        return -1;
    long v = 0;
    for (int i = 2; i < 6; i++) {
        int h = xlsxcell_hexval(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

size_t xlsxcell_unescape(char *s, size_t n)
{
    if (!memchr(s, '_', n))
        return n;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        long v = escape_at(s + i, n - i);
        if (v > 0 && (v < 0xD800 || v > 0xDFFF)) {
            o += utf8_encode((uint32_t)v, s + o);
            i += 7;
            continue;
        }
        if (v >= 0xD800 && v <= 0xDBFF) {
            long lo = escape_at(s + i + 7, n - i - 7);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                o += utf8_encode(
                    0x10000u + (((uint32_t)v - 0xD800) << 10) + ((uint32_t)lo - 0xDC00), s + o);
                i += 14;
                continue;
            }
        }
        s[o++] = s[i++];
    }
    return o;
}

/* --- Numbers ---------------------------------------------------------------------------- */

/* Writes the number with significant digits dig[0..nd) (no trailing zeros, nd >= 1) and
 * decimal exponent exp10 (the first digit's place) as Excel shows it. */
static void render_number(bool neg, const char *dig, size_t nd, int exp10, char *out)
{
    char *o = out;
    if (neg)
        *o++ = '-';
    if (exp10 < -20 || exp10 > 20) {
        *o++ = dig[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, dig + 1, nd - 1);
            o += nd - 1;
        }
        snprintf(o, (size_t)(out + XLSXIN_NUMBER_MAX - o), "E%c%02d", exp10 < 0 ? '-' : '+',
                 abs(exp10));
        return;
    }
    if (exp10 < 0) {
        *o++ = '0';
        *o++ = '.';
        for (int z = 0; z < -exp10 - 1; z++)
            *o++ = '0';
        memcpy(o, dig, nd);
        o += nd;
    } else {
        size_t intd = (size_t)exp10 + 1;
        for (size_t k = 0; k < intd; k++)
            *o++ = k < nd ? dig[k] : '0';
        if (nd > intd) {
            *o++ = '.';
            memcpy(o, dig + intd, nd - intd);
            o += nd - intd;
        }
    }
    *o = '\0';
}

/* The exact way: strtod, then printf's correctly rounded 15 significant digits. */
static bool format_slow(const char *tmp, char *out)
{
    double v = strtod(tmp, NULL);
    if (!isfinite(v))
        return false;
    if (v == 0) {
        strcpy(out, "0");
        return true;
    }
    char e[40];
    snprintf(e, sizeof e, "%.14e", v); /* "d.dddddddddddddde[+-]XX" */
    const char *p = e;
    bool neg = *p == '-';
    if (neg)
        p++;
    char dig[16];
    size_t nd = 0;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            dig[nd++] = *p;
    int exp10 = atoi(p + 1);
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    render_number(neg, dig, nd, exp10, out);
    return true;
}

bool xlsxcell_format_number(const char *s, size_t len, char *out)
{
    out[0] = '\0';
    while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++, len--;
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    /* Only plain decimal notation: strtod would also take "nan", "inf" and hex floats. */
    char tmp[400];
    if (len == 0 || len >= sizeof tmp)
        return false;
    size_t i = 0, digits = 0;
    bool neg = s[0] == '-';
    if (s[i] == '+' || s[i] == '-')
        i++;
    /* significant digits as written, for the fast path below */
    char dig[20];
    size_t nd = 0, total = 0;
    int exp10 = -1;
    bool seen = false;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (s[i] != '0' || seen) {
            seen = true;
            if (nd < sizeof dig)
                dig[nd++] = s[i];
            total++;
        }
        if (seen)
            exp10++;
    }
    if (i < len && s[i] == '.') {
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
            if (s[i] != '0' || seen) {
                seen = true;
                if (nd < sizeof dig)
                    dig[nd++] = s[i];
                total++;
            } else {
                exp10--;
            }
        }
    }
    if (digits == 0)
        return false;
    bool has_exp = false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        has_exp = true;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t e0 = i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == e0)
            return false;
    }
    if (i != len)
        return false;
    if (!has_exp) {
        if (!seen) {
            strcpy(out, "0");
            return true;
        }
        /* trailing zeros are not significant ("92.00" is 92) */
        if (total <= sizeof dig) {
            while (total > 1 && dig[total - 1] == '0')
                total--;
            nd = total;
        }
        /*
         * Rounding the text itself to 15 digits gives what printf gives for the double, as
         * long as no rounding boundary (digit 16 = 5, the rest 0) lies between the text and
         * the double. Writers put a double's 17-digit form (within half a unit of the 17th
         * digit of it); the double may sit up to ~9 units of the 17th digit from a text that
         * was not made that way. So tails near the boundary ("5"; "41".."59") take the slow
         * path, and so do more than 17 digits.
         */
        if (nd <= 15) {
            render_number(neg, dig, nd, exp10, out);
            return true;
        }
        if (nd <= 17 && total == nd) {
            int tail = nd == 16 ? (dig[15] - '0') * 10 : (dig[15] - '0') * 10 + (dig[16] - '0');
            if (tail < 41 || tail > 59) {
                nd = 15;
                if (tail > 50) {
                    size_t k = 15;
                    while (k > 0 && dig[k - 1] == '9')
                        dig[--k] = '0';
                    if (k == 0) {
                        dig[0] = '1';
                        exp10++;
                    } else {
                        dig[k - 1]++;
                    }
                }
                while (nd > 1 && dig[nd - 1] == '0')
                    nd--;
                render_number(neg, dig, nd, exp10, out);
                return true;
            }
        }
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    return format_slow(tmp, out);
}

/* --- Cell references --------------------------------------------------------------------- */

char *xlsxcell_ref(uint32_t col, uint32_t row, char *buf, size_t cap)
{
    char letters[8];
    size_t n = 0;
    uint64_t c = (uint64_t)col + 1;
    while (c > 0 && n < sizeof letters) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    char tmp[32];
    size_t k = 0;
    while (n)
        tmp[k++] = letters[--n];
    snprintf(tmp + k, sizeof tmp - k, "%lu", (unsigned long)row);
    if (cap)
        snprintf(buf, cap, "%s", tmp);
    return buf;
}

bool xlsxcell_parse_ref(const char *s, uint32_t *col, uint32_t *row, const char **end)
{
    uint64_t c = 0, r = 0;
    const char *p = s;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        c = c * 26 + (uint64_t)((*p | 0x20) - 'a' + 1);
        if (c > XLSXIN_COLS_MAX)
            return false;
        p++;
    }
    if (*p == '$')
        p++;
    while (*p >= '0' && *p <= '9') {
        r = r * 10 + (uint64_t)(*p - '0');
        if (r > XLSXIN_ROWS_MAX)
            return false;
        p++;
    }
    if (p == s || (c == 0 && r == 0))
        return false;
    *col = (uint32_t)c;
    *row = (uint32_t)r;
    if (end)
        *end = p;
    else if (*p)
        return false;
    return true;
}

bool xlsxcell_parse_range(const char *s, uint32_t *c1, uint32_t *r1, uint32_t *c2, uint32_t *r2)
{
    const char *p;
    if (*s == '$')
        s++;
    if (!xlsxcell_parse_ref(s, c1, r1, &p) || *c1 == 0 || *r1 == 0)
        return false;
    if (*p == '\0') {
        *c2 = *c1;
        *r2 = *r1;
        return true;
    }
    if (*p != ':')
        return false;
    p++;
    if (*p == '$')
        p++;
    if (!xlsxcell_parse_ref(p, c2, r2, &p) || *p || *c2 == 0 || *r2 == 0)
        return false;
    return true;
}
