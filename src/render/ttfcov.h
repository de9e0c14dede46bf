/*
 * ttfcov.h - which characters a TrueType font can draw, read from its cmap table.
 *
 * libharu draws a character the font has no glyph for as an empty box (.notdef) without a
 * word of warning; on a certificate that is a misprinted name. Templates may name any font
 * file, so before drawing, the layout engine asks this module whether the face covers every
 * character of the text, and refuses with the character's name otherwise.
 */
#ifndef KP_TTFCOV_H
#define KP_TTFCOV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* Coverage of the Basic Multilingual Plane (every character CP1252 can hold lies in it). */
typedef struct ttfcov {
    uint8_t bits[65536 / 8];
} ttfcov;

/*
 * Reads the cmap of the TrueType font at path (a Unicode subtable: platform 3 encoding 1 or
 * 10, or platform 0; formats 4 and 12). KP_ERR_DATA naming the file when it is not a
 * TrueType font or has no Unicode cmap; KP_ERR_IO when it cannot be read.
 */
kp_status ttfcov_load(const char *path, ttfcov *out, kp_error *err);

/* As ttfcov_load, from the font's bytes; name is used in messages. */
kp_status ttfcov_parse(const char *name, const uint8_t *data, size_t len, ttfcov *out,
                       kp_error *err);

/* True when the font maps code point cp to a glyph (control characters count as covered). */
bool ttfcov_has(const ttfcov *c, uint32_t cp);

#endif
