/*
 * utf8.h - decoding, encoding, validating and cutting UTF-8: the program's one decoder.
 *
 * The readers refuse invalid UTF-8 (utf8_invalid_at says where); by the time names reach the
 * model they are valid, so the other functions only need to be safe on bad input (they never
 * read past n), not to explain it.
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

/*
 * Offset of the first byte of s[0..n) that does not start a well-formed character (as
 * utf8_decode judges it), or n when all of s is valid UTF-8. Readers report that byte.
 */
size_t utf8_invalid_at(const unsigned char *s, size_t n);

/*
 * The length of s[0..n) without a character cut off at its end: when the last lead byte
 * (0xC0 or above) of s has fewer continuation bytes after it than it announces, n shrinks to
 * that lead byte. For truncating into a fixed buffer without leaving invalid UTF-8.
 */
size_t utf8_complete_prefix(const char *s, size_t n);

/* The characters of the NUL-terminated s: its bytes that are not continuation bytes, so a
 * column or cell width counts "é" once. */
size_t utf8_count(const char *s);

#endif
