/*
 * cp1252.h - the one text encoding the PDFs use: UTF-8 to CP1252 (WinAnsiEncoding), which the
 * embedded TrueType fonts are drawn in, and CP1252 to PDFDocEncoding for the document
 * information strings.
 *
 * CP1252 covers the Indonesian alphabet, the dashes, quotes and the euro sign; a character
 * outside it is refused with its code point rather than drawn as a box.
 */
#ifndef KP_CP1252_H
#define KP_CP1252_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/*
 * Converts UTF-8 to CP1252 into out (cap bytes, NUL-terminated). KP_ERR_DATA for malformed
 * UTF-8 or a character outside CP1252, naming the character as U+XXXX and quoting text;
 * KP_ERR_DATA too when the result does not fit in cap.
 */
kp_status cp1252_encode(const char *utf8, char *out, size_t cap, kp_error *err);

/*
 * The first character of utf8 that the documents cannot print (outside CP1252, which their
 * fonts cover), as a code point; 0 when every character prints. Malformed UTF-8 is 0xFFFD.
 * Lets the checks find such a name at its cell before anything is drawn.
 */
uint32_t cp1252_unprintable(const char *utf8);

/* The Unicode code point of CP1252 byte b; 0 for the five bytes CP1252 leaves undefined. */
uint32_t cp1252_code_point(unsigned char b);

/*
 * Rewrites CP1252 text s in place as PDFDocEncoding, which equals CP1252 except in
 * 0x80..0xA0: maps the few characters there so titles with dashes or quotes read right.
 */
void cp1252_to_pdfdoc(char *s);

#endif
