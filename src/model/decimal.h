/*
 * decimal.h - exact scores in integer hundredths.
 *
 * Every number that can appear on a document is a dec_t: 92,00 is 9200. Sums are exact;
 * the only rounding is the explicit half-up rounding of dec_div_round(), used where the
 * method says to round (means, percentages converted to points). No double ever decides a
 * category or a printed digit.
 */
#ifndef KP_DECIMAL_H
#define KP_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t dec_t;

/* 100 hundredths: DEC_ONE * 92 is 92,00. */
#define DEC_ONE 100

typedef enum dec_parse_status {
    DEC_OK = 0,
    DEC_EMPTY,     /* nothing but spaces */
    DEC_INVALID,   /* not a number ("9,2.0" with one separator each is DEC_THOUSANDS) */
    DEC_THOUSANDS, /* both '.' and ',' present, or a separator repeated: grouping refused */
    DEC_OVERFLOW,  /* too large to hold */
} dec_parse_status;

/*
 * Parses a decimal number: optional spaces, an optional sign, digits, optionally one
 * decimal separator ('.' or ',') and digits, optional spaces. Both separators are accepted
 * because Indonesian Excel writes "92,00" and press copies "92.00"; a number with both, or
 * with a separator twice ("1.234,5", "9,2.0", "1.234.567"), is DEC_THOUSANDS.
 * On DEC_OK *out holds the value in hundredths, rounded half up (away from zero) when more
 * than two decimals were given, and *decimals (may be NULL) the number of decimals written.
 */
dec_parse_status dec_parse(const char *s, size_t len, dec_t *out, int *decimals);

/* num / den rounded half away from zero (den > 0). Half up for the non-negative scores. */
dec_t dec_div_round(dec_t num, int64_t den);

/* The mean of n values whose exact sum is sum, rounded half up to hundredths (n > 0). */
dec_t dec_mean(dec_t sum, int64_t n);

/*
 * Points of a component given as a percentage: pct% of weight, rounded half up to
 * hundredths (85,50% of 21,85 = 18,68). Both arguments are in hundredths.
 */
dec_t dec_percent_of(dec_t pct, dec_t weight);

/*
 * Writes v with exactly two decimals and sep as the decimal separator ("92,00" with ',',
 * "-7.26" with '.'), no grouping, into buf (cap >= 24 always suffices). Returns buf.
 */
char *dec_format(dec_t v, char sep, char *buf, size_t cap);

/* v as a double, for chart values and spreadsheet cells only - never for decisions. */
double dec_to_double(dec_t v);

/* |v|: a change told as "naik 2,50 poin" or "turun 2,50 poin" shows its size alone. */
dec_t dec_abs(dec_t v);

#endif
