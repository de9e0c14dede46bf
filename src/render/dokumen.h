/*
 * dokumen.h - the register of the documents a run issued, and what is built on it: the
 * verification code and QR code fields of every certificate, report card and letter, the
 * static verification page (verifikasi/index.html + data.js), and `kepatuhan verifikasi`.
 *
 * Renderers call dokumen_fakta() and dokumen_isi_kode() while filling a document's fields and
 * dokumen_catat() once its PDF is saved; the pipeline then writes data/dokumen.csv
 * (csvout_write_dokumen) and the page from the register. Entries are kept sorted by path when
 * written, so the register is the same whatever the number of threads that recorded it.
 *
 * The register file (format in docs/format-keluaran.md) is read back by dokumen_read() for
 * verification: a code is genuine when the register holds it and the key recomputes it from
 * the facts on the same row; a file is genuine when its SHA-256 is on a row.
 */
#ifndef KP_DOKUMEN_H
#define KP_DOKUMEN_H

#include <stddef.h>

#include "model/agg.h"
#include "render/kodeverif.h"
#include "render/layout.h"
#include "render/render.h"
#include "util/error.h"

/* One issued document: owned copies of its path (relative to the year folder) and facts. */
typedef struct dokumen_entri {
    char *path;
    char *jenis, *instansi, *unit, *kategori, *hasil, *gerbang, *nomor;
    int tahun;
    long long nilai;           /* hundredths */
    char kode[KODEVERIF_TEXT]; /* dashed; "" when the run had no key or for combined files */
    char sha256[65];           /* hex digest of the PDF's bytes */
} dokumen_entri;

typedef struct dokumen_reg dokumen_reg;

/* The columns of data/dokumen.csv, in order: berkas, jenis, tahun, instansi, unit, nilai,
 * kategori, hasil, gerbang, nomor, kode_verifikasi, sha256. */
#define DOKUMEN_KOLOM 12
extern const char *const dokumen_kolom[DOKUMEN_KOLOM];

/* An empty register, or NULL when memory runs out. */
dokumen_reg *dokumen_reg_new(void);

/* Releases the register and its entries. NULL is allowed. */
void dokumen_reg_free(dokumen_reg *r);

/*
 * Records a document (safe to call from several threads at once): rel_path, the facts f and
 * kode (may be NULL or "") are copied. KP_ERR_IO when memory runs out.
 */
kp_status dokumen_reg_add(dokumen_reg *r, const char *rel_path, const kodeverif_fakta *f,
                          const char *kode, const char *sha256_hex, kp_error *err);

/* Sorts the entries by path (bytes): the order in which they are written. */
void dokumen_reg_sort(dokumen_reg *r);

/* Number of entries. */
size_t dokumen_reg_count(const dokumen_reg *r);

/* Entry i (0 <= i < count). Valid until the register is changed or freed. */
const dokumen_entri *dokumen_reg_get(const dokumen_reg *r, size_t i);

/* The facts of an entry, pointing into it. */
kodeverif_fakta dokumen_entri_fakta(const dokumen_entri *e);

/* The SHA-256 of the file at path as lowercase hex. KP_ERR_IO naming it when unreadable. */
kp_status dokumen_sha256_file(const char *path, char hex[65], kp_error *err);

/*
 * The facts a document of kind jenis ("piagam", "rapor", "surat") about inst (or its unit,
 * when unit is not NULL) states, pointing into the model; nomor is the certificate's or
 * letter's number ("" or NULL for a report card). The result is the band's predikat, or under
 * a method with an opinion the instansi's opinion (a unit's or vertical office's label); the
 * gate is named only at instansi level and only when passed.
 */
void dokumen_fakta(const render_ctx *ctx, const char *jenis, const agg_instansi *inst,
                   const agg_unit *unit, const char *nomor, kodeverif_fakta *out);

/*
 * Sets the fields every document template may print, "kode_verifikasi" (the dashed code)
 * and "qr" (what the QR code holds: url with {kode}, or the code and key facts when url is
 * empty), and copies the code to kode. Without a key (ctx->kunci NULL) both fields and kode
 * are empty, so blocks with "jika = kode_verifikasi" are not drawn.
 */
kp_status dokumen_isi_kode(const render_ctx *ctx, const char *url, const kodeverif_fakta *fk,
                           layout_fields *f, char kode[KODEVERIF_TEXT], kp_error *err);

/*
 * Records the PDF doc has just saved at path (inside ctx->out_dir) in ctx->dokumen with its
 * facts, code and SHA-256; nothing when ctx->dokumen is NULL. The digest is of the bytes doc
 * wrote (layout_doc_bytes), or of the file read back when doc kept none. fk may be NULL for a
 * combined file (piagam-gabung.pdf: kind jenis, no facts). KP_ERR_IO when the file cannot be
 * read back.
 */
kp_status dokumen_catat(const render_ctx *ctx, const layout_doc *doc, const char *path,
                        const char *jenis, const kodeverif_fakta *fk, const char *kode,
                        kp_error *err);

/*
 * Writes ctx->out_dir/verifikasi/index.html (a copy of the template
 * <ctx->templat_dir>/verifikasi/index.html) and verifikasi/data.js: every code of r with the
 * facts its document prints, as a script that sets window.KEPATUHAN_VERIFIKASI (loaded with
 * <script src>, so the page works from file:// too). KP_ERR_DATA when the template is
 * missing, KP_ERR_IO when a file cannot be written.
 */
kp_status dokumen_write_page(const render_ctx *ctx, const dokumen_reg *r, kp_error *err);

/*
 * Reads <year_dir>/data/dokumen.csv into a new register (*out, caller frees). KP_ERR_DATA
 * naming the file and line for a file that is not a register (header, field count, a number
 * or digest that does not parse); KP_ERR_IO when it cannot be read.
 */
kp_status dokumen_read(const char *year_dir, dokumen_reg **out, kp_error *err);

/*
 * Is code16 (normalised by kodeverif_parse) genuine? KP_OK with *found set when the register
 * holds it and key recomputes it from that row's facts; KP_TIDAK_ASLI with a message
 * otherwise (unknown code, or a row that does not match the key: altered, or another
 * issuer's).
 */
kp_status dokumen_verify_code(const dokumen_reg *r, const kodeverif_key *key, const char *code16,
                              const dokumen_entri **found, kp_error *err);

/*
 * Is the file at path byte for byte an issued document? KP_OK with *found set when its
 * SHA-256 is in the register; KP_TIDAK_ASLI when not; KP_ERR_IO when it cannot be read.
 */
kp_status dokumen_verify_file(const dokumen_reg *r, const char *path, const dokumen_entri **found,
                              kp_error *err);

#endif
