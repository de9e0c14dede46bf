/*
 * pdfshim.h - faster replacements for functions that libharu 2.3.0 calls through the dynamic
 * linker: zlib's deflateInit_, deflateInit2_, deflate and deflateEnd, libharu's own
 * HPDF_MemCpy, HPDF_MemSet, HPDF_FToA, HPDF_IToA, HPDF_StrLen, HPDF_StrCpy,
 * HPDF_MemStream_WriteFunc and HPDF_TTFontDef_SaveFontData, and libxlsxwriter's
 * lxw_rowcol_to_cell (the number, string, stream and cell-name ones do exactly what the
 * originals do, with fewer instructions: docs/PERFORMANCE.md, "Issue 23, third round").
 *
 * Why (measured in docs/PERFORMANCE.md, "Dokumen PDF" and "Third round"): writing a
 * certificate spent most of its time in zlib (a window and hash table set up for each of its
 * five small streams), in SaveFontData, which copies and checksums every font table four
 * bytes at a time through libharu's stream layer and rereads the font file for every
 * document (the replacement keeps it in a memory stream after the first), and in
 * HPDF_MemCpy, a byte-by-byte loop.
 * The program defines these names itself; the linker exports them from the executable, and
 * libharu's calls, which go through its PLT, land here. Streams that libharu opens with
 * deflateInit_ at the default level are compressed whole by libdeflate (level 1); the zip
 * entries of libxlsxwriter's minizip (deflateInit2_, raw, default level) by libdeflate at level
 * 5, except an entry over 16 MB or one that asks for an unusual flush, which zlib finishes;
 * every other zlib stream in the process goes to zlib.
 *
 * What changes in the output: only the compressed bytes of libharu's streams and of the
 * workbooks' zip entries (libdeflate's instead of zlib's; PDFs slightly smaller, workbooks the
 * same size within 0.1 %). The font programs are byte for byte what
 * libharu 2.3.0 writes; with any other libharu version the original SaveFontData is used.
 * Output stays deterministic. A stream met twice in a run is compressed once: the second
 * and later copies take the first compression's bytes (libdeflate is deterministic, so they
 * are the same bytes), which halves the compression of a run's font programs.
 *
 * KEPATUHAN_PDFSHIM=libharu in the environment hands the three libharu functions back to
 * libharu and the streams to zlib (libharu's at level 1, the zip entries at zlib's default):
 * tests/e2e/test_pdfshim.sh checks that every document then holds the same objects once its
 * streams are decompressed, and every workbook the same parts once unpacked.
 */
#ifndef KP_PDFSHIM_H
#define KP_PDFSHIM_H

#include <stdbool.h>

/*
 * True when the process's deflateInit_, deflateInit2_, deflate, deflateEnd, HPDF_MemCpy,
 * HPDF_TTFontDef_SaveFontData, HPDF_MemStream_WriteFunc and lxw_rowcol_to_cell are the ones
 * in this module (the interposition is in effect).
 * layout.c calls it, which is also what makes the linker take this object file out of the static
 * library.
 */
bool pdfshim_active(void);

/*
 * Frees the cache of compressed streams (see pdfshim.c: a stream met twice is compressed
 * once, the rest of the run copies it) and that of font programs (one built for a glyph set
 * is copied for the next document with the same set). Call it when a run has written its documents;
 * the next stream starts a new cache. Safe at any time and from any thread (the cache has its own
 * lock and a hit copies what it takes), so a server running two jobs may call it for either.
 */
void pdfshim_cache_release(void);

#endif
