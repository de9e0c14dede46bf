/*
 * utf8.h - decoding and encoding one UTF-8 character.
 *
 * Readers have already refused invalid UTF-8 by the time names reach the model, so these
 * functions only need to be safe on bad input (they never read past n), not to explain it.
 */
#ifndef KP_UTF8_H
#define KP_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The largest number of bytes one character takes. */
#define UTF8_MAX 4

/*
 * Decodes the character at s[0..n): its code point in *cp and its length (1-4). 0 when s
 * does not start with a well-formed character (overlong forms, surrogates and code points
 * above U+10FFFF included) or n is 0; *cp is then 0xFFFD.
 */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Writes cp (at most U+10FFFF, no surrogate) into out; returns the length, 0 for a code
 * point that has no UTF-8 form. */
size_t utf8_encode(uint32_t cp, char out[UTF8_MAX]);

#endif
