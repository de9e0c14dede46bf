/*
 * csvout.h - the machine-readable results of a year: data/skpd.csv, data/instansi.csv,
 * data/provinsi.csv and (with a comparison) data/perbandingan.csv.
 *
 * For other systems, not for people: UTF-8 without BOM, ',' between fields, RFC 4180 quotes,
 * LF line ends, a header row, numbers with a decimal point and exactly two decimals, rows
 * sorted by provinsi, then instansi, then skpd. The first columns of each file are fixed
 * (docs/format-keluaran.md); later columns may be added, never reordered. Text fields that a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading "'".
 *
 * A method without zones (Opini Ombudsman, 2025-) leaves every zona / hijau / kuning / merah
 * field empty; the columns of its gate (tanpa_maladministrasi), opinion and coaching line
 * (pembinaan) are written only for a method that has them, so earlier years' files keep
 * their bytes. Columns: docs/format-keluaran.md.
 */
#ifndef KP_CSVOUT_H
#define KP_CSVOUT_H

#include "render/dokumen.h"
#include "render/render.h"
#include "util/error.h"

/*
 * Writes the files into ctx->out_dir/data/ (created when missing), only the rows of the shard
 * province when ctx->provinsi is set; perbandingan.csv only when ctx->cmp is set.
 * KP_ERR_IO with the path when a file cannot be created or written (disk full included).
 */
kp_status csvout_write(const render_ctx *ctx, kp_error *err);

/*
 * Writes ctx->out_dir/data/dokumen.csv (created when missing): the register of the documents
 * of the year, one row per PDF in path order (reg is sorted first), with the columns of
 * dokumen_kolom (docs/format-keluaran.md). KP_ERR_IO with the path on a write failure.
 */
kp_status csvout_write_dokumen(const render_ctx *ctx, dokumen_reg *reg, kp_error *err);

#endif
