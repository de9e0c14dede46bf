/*
 * xlsx.h - the recap workbook (rekap kepatuhan) of one year, written with libxlsxwriter
 * through the workbook plumbing of xlsxbook.h.
 *
 * Sheets: Ringkasan (headline numbers, top/bottom 10, movements, native charts), Provinsi,
 * Instansi, Instansi Vertikal (when the year has vertical offices), SKPD (one row per entity,
 * every score a number formatted 0.00), Perbandingan (year on year, when the run has a
 * previous year) and Metodologi (rubric, input files, program version, how each score is
 * derived). Labels are Indonesian.
 *
 * A year whose rubric has no zones (Opini 2025-) shows none: categories take their place and
 * their colours (A dark green to E red), and the opinion method adds its opinions, its gate
 * (Tanpa Maladministrasi), coaching and what in the method is uncertain. A year with zones
 * gets the workbook it always had, byte for byte. Sheet by sheet: docs/format-keluaran.md.
 *
 * Every sheet is written strictly row by row, so the same code serves libxlsxwriter's
 * constant-memory mode, which the writer switches on for large levels. A level longer than
 * one sheet continues on numbered sheets ("SKPD (2)"); nothing is truncated. Files are
 * reproducible: the creation time comes from the render context and the zip entries carry
 * libxlsxwriter's fixed 1980 timestamps, so two runs give byte-identical files.
 */
#ifndef KP_XLSX_H
#define KP_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "render/render.h"
#include "util/error.h"

/* Rows in a level above which the workbook is written in constant-memory mode. */
#define XLSX_CONSTANT_MEMORY_ROWS 100000

/* Excel's row limit per worksheet (header rows included). */
#define XLSX_EXCEL_MAX_ROWS 1048576u

typedef struct xlsx_options {
    bool per_provinsi;           /* also one workbook per province under provinsi/ */
    const char *author;          /* from templates/acara.ini; NULL: XLSXBOOK_AUTHOR_DEFAULT */
    size_t constant_memory_rows; /* 0: XLSX_CONSTANT_MEMORY_ROWS */
    uint32_t max_sheet_rows;     /* rows per level sheet, header included; 0: Excel's limit */
    const char *tmpdir;          /* libxlsxwriter's temporary files; NULL: the system's */
} xlsx_options;

/*
 * Writes <ctx->out_dir>/rekap-kepatuhan-<tahun>.xlsx for ctx->year (only the shard's
 * province when ctx->provinsi is set), and with opt->per_provinsi one workbook per province
 * in the shard, <ctx->out_dir>/provinsi/rekap-kepatuhan-<tahun>-<slug>.xlsx, holding only
 * that province. opt may be NULL (defaults). Failures of libxlsxwriter or of the file
 * system are KP_ERR_IO naming the file.
 */
kp_status xlsx_write_rekap(const render_ctx *ctx, const xlsx_options *opt, kp_error *err);

#endif
