/*
 * pdfshim.h - faster replacements for four functions that libharu 2.3.0 calls through the
 * dynamic linker: zlib's deflateInit_, and libharu's own HPDF_MemCpy, HPDF_MemSet and
 * HPDF_TTFontDef_SaveFontData.
 *
 * Why (measured in docs/PERFORMANCE.md, "Dokumen PDF"): writing a certificate spent 41 % of
 * its instructions in deflate at zlib's default level, 33 % in SaveFontData, which copies and
 * checksums every font table four bytes at a time through libharu's stream layer, and 15 %
 * in HPDF_MemCpy, a byte-by-byte loop. The program defines these names itself; the linker
 * exports them from the executable, and libharu's calls, which go through its PLT, land here.
 *
 * What changes in the output: only the deflate level of the streams libharu compresses
 * (level 1 instead of Z_DEFAULT_COMPRESSION; about 2.5 % larger files). The font programs
 * are byte for byte what libharu 2.3.0 writes; with any other libharu version the original
 * SaveFontData is used. Output stays deterministic (zlib is, at any level).
 *
 * KEPATUHAN_PDFSHIM=libharu in the environment hands the three libharu functions back to
 * libharu (the deflate level stays): tests/e2e/test_pdfshim.sh checks the PDFs are identical.
 */
#ifndef KP_PDFSHIM_H
#define KP_PDFSHIM_H

#include <stdbool.h>

/*
 * True when the process's deflateInit_, HPDF_MemCpy and HPDF_TTFontDef_SaveFontData are the
 * ones in this module (the interposition is in effect). layout.c calls it, which is also
 * what makes the linker take this object file out of the static library.
 */
bool pdfshim_active(void);

#endif
