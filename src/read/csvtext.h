/*
 * csvtext.h - the text rules of the table reader: blanks, header normalisation, characters
 * that have no place in a name, number shapes and the separator of a CSV file.
 *
 * Pure functions of their arguments (no reader state), shared by csvin.c for CSV files and,
 * through it, for workbook sheets.
 */
#ifndef KP_CSVTEXT_H
#define KP_CSVTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/text.h"

/*
 * Writes the header name s[0..n) as matched into out (cap bytes, NUL-terminated, truncated):
 * lower case, without spaces, '_', '-', '/' and '.'. Line breaks go too: Excel users wrap
 * long headers ("Nilai<Alt+Enter>Akhir").
 */
void csvtext_normalise(const char *s, size_t n, char *out, size_t cap);

/* Removes suffix from the end of s when s ends with it and is longer; true when it did. */
bool csvtext_strip_suffix(char *s, const char *suffix);

/*
 * The first character of s[0..n) (valid UTF-8) that has no place in a name, or 0: control
 * characters (Cc) other than tab and line breaks (those are spaces, see text_is_blank),
 * and the invisible ones (format characters Cf, the separators Zl and Zp: the bidirectional
 * ones print a name reversed). *control tells which kind; a NUL is returned as 0xFFFFFFFF.
 */
uint32_t csvtext_hidden_char(const char *str, size_t n, bool *control);

/* Whether s[0..n) has grouped thousands ("1.234,50", "1.234.567"), not a malformed number
 * ("9,2.0"): the message then names the separator. */
bool csvtext_looks_grouped(const char *s, size_t n);

/* The separator (',', ';' or tab) used most often outside quotes on the first non-blank
 * line of s[0..n); ',' when none is used. */
char csvtext_detect_separator(const char *s, size_t n);

/* Excel writes a first line "sep=;" when asked to name the separator: when p[0..n) starts
 * with one, its separator in *sep and the line's length; 0 otherwise. */
size_t csvtext_separator_hint(const char *p, size_t n, char *sep);

#endif
