#include "model/decimal.h"

#include <string.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

dec_parse_status dec_parse(const char *s, size_t len, dec_t *out, int *decimals)
{
    size_t i = 0, end = len;
    while (i < end && is_space(s[i]))
        i++;
    while (end > i && is_space(s[end - 1]))
        end--;
    if (i == end)
        return DEC_EMPTY;

    int neg = 0;
    if (s[i] == '-' || s[i] == '+') {
        neg = s[i] == '-';
        i++;
    }

    int seps = 0, saw_dot = 0, saw_comma = 0;
    for (size_t k = i; k < end; k++) {
        if (s[k] == '.' || s[k] == ',') {
            seps++;
            saw_dot |= s[k] == '.';
            saw_comma |= s[k] == ',';
        } else if (s[k] < '0' || s[k] > '9') {
            return DEC_INVALID;
        }
    }
    if (seps > 1 || (saw_dot && saw_comma))
        return DEC_THOUSANDS;

    /* Up to 18 significant digits fit; the remainder only decides the half-up rounding. */
    int64_t whole = 0;
    size_t k = i, int_digits = 0;
    for (; k < end && s[k] != '.' && s[k] != ','; k++, int_digits++) {
        if (whole > (INT64_MAX / 100 - 9) / 10)
            return DEC_OVERFLOW;
        whole = whole * 10 + (s[k] - '0');
    }
    int frac_digits = 0;
    int64_t frac = 0; /* first two decimals, in hundredths */
    int round_up = 0;
    if (k < end) {
        k++; /* the separator */
        for (; k < end; k++, frac_digits++) {
            int d = s[k] - '0';
            if (frac_digits < 2)
                frac = frac * 10 + d;
            else if (frac_digits == 2)
                round_up = d >= 5;
        }
    }
    if (int_digits == 0 && frac_digits == 0)
        return DEC_INVALID;
    for (int f = frac_digits; f < 2; f++)
        frac *= 10;
    int64_t v = whole * 100 + frac + round_up;
    *out = neg ? -v : v;
    if (decimals)
        *decimals = frac_digits;
    return DEC_OK;
}

dec_t dec_div_round(dec_t num, int64_t den)
{
    /* Quotient and remainder, not (2 * num + den) / (2 * den): that overflows for large sums. */
    dec_t q = num / den, r = num % den;
    if (r >= 0 ? r >= den - r : -r >= den + r)
        q += num >= 0 ? 1 : -1;
    return q;
}

dec_t dec_mean(dec_t sum, int64_t n)
{
    return dec_div_round(sum, n);
}

dec_t dec_percent_of(dec_t pct, dec_t weight)
{
    /* pct/100 % * weight/100 points / 100 = pct*weight / 10^6 points = pct*weight/10^4 hundredths
     */
    return dec_div_round(pct * weight, 10000);
}

/* By hand rather than snprintf: the CSV and workbook writers format four numbers per unit,
 * and snprintf's format parsing cost about 1,470 instructions a call. */
char *dec_format(dec_t v, char sep, char *buf, size_t cap)
{
    char tmp[24];
    char *p = tmp + sizeof tmp;
    uint64_t a = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    *--p = (char)('0' + a % 10);
    *--p = (char)('0' + a / 10 % 10);
    *--p = sep;
    a /= 100;
    do {
        *--p = (char)('0' + a % 10);
        a /= 10;
    } while (a);
    if (v < 0)
        *--p = '-';
    size_t n = (size_t)(tmp + sizeof tmp - p);
    if (cap == 0)
        return buf;
    if (n > cap - 1)
        n = cap - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

double dec_to_double(dec_t v)
{
    return (double)v / 100.0;
}

dec_t dec_abs(dec_t v)
{
    return v < 0 ? -v : v;
}
