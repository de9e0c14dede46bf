/*
 * qrsimbol.h - the QR code of a document's verification (issue 21), encoded with libqrencode
 * and drawn as vector squares on a libharu page.
 *
 * Why a module of its own: with --kunci every certificate, report card and letter carries
 * one, so its cost is paid thousands of times a run (docs/PERFORMANCE.md, "issue 21"). Two
 * things made it dear: libqrencode scoring all eight masks of every symbol, and about a
 * thousand rectangles per symbol, each formatted as four reals. Here the mask is fixed
 * (every decoder reads any of the eight), the text is split into byte and alphanumeric
 * segments (a code in capitals costs 5,5 bits a character instead of 8), and the dark modules
 * are merged into rectangles drawn in module units, so each is four small integers.
 */
#ifndef KP_QRSIMBOL_H
#define KP_QRSIMBOL_H

#include <stddef.h>

#include <hpdf.h>
#include <qrencode.h>

/*
 * The symbol of text (UTF-8, NUL-terminated), error correction M (a printed certificate may
 * be creased or stamped on), the smallest version it fits. NULL with errno set (ENOMEM,
 * or ERANGE / EINVAL when the text cannot be encoded); free with QRcode_free.
 */
QRcode *qrsimbol_encode(const char *text);

/*
 * The number of rectangles qrsimbol_draw fills for qr: each starts at a dark module not yet
 * covered and is as wide, then as tall, as the dark modules allow (rectangles may overlap:
 * the path is filled with the nonzero rule, so overlaps are still just dark).
 */
size_t qrsimbol_rect_count(const QRcode *qr);

/*
 * Fills qr's dark modules on page in the current fill colour, as one path: the symbol
 * without its quiet zone has its lower left corner at (x, y) in PDF user space (y upwards)
 * and modules of side module. The graphics state is saved and restored around it.
 */
void qrsimbol_draw(HPDF_Page page, const QRcode *qr, double x, double y, double module);

#endif
