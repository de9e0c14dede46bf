/*
 * surat.h - award letters (surat penyampaian hasil): the official letter (naskah dinas, A4
 * portrait) that conveys an instansi's result to its head, one PDF per recipient.
 *
 * A thin renderer: it turns the aggregated model into template fields and the letter's
 * parts (kop, Nomor/Sifat/Lampiran/Hal, place and date, addressee, body, signature,
 * tembusan); the wording, the letterhead and every position live in the letter template
 * templates/surat/<name>.ini (format: templates/README.md, section "Letters"), the event
 * values (signatory, date, number pattern, the assessment's name) in templates/acara.ini.
 * A year whose rubric gives an opinion (2025-) writes instansi-opini: its opinion, the units
 * to coach and to appreciate as numbered lists, the Ketua's advice, no zones. The addressee ("Yth.
 * Wali Kota Banjarbaru" / "di" / "Banjarbaru") is derived from the instansi's jenis and
 * place and may be overridden per instansi in templates/alamat.csv.
 */
#ifndef KP_SURAT_H
#define KP_SURAT_H

#include <stdbool.h>
#include <stddef.h>

#include "model/agg.h"
#include "model/cmp.h"
#include "model/pilih.h"
#include "render/render.h"
#include "util/error.h"

/* ---- addressees: templates/alamat.csv ------------------------------------------------ */

typedef struct surat_alamat surat_alamat;

/*
 * Loads an addressee override file: a header "instansi,yth,di" (any case, ',' or ';'
 * separated, optional UTF-8 BOM), then one row per instansi named by its canonical name
 * (matched through names_key, so "Kota Banjarbaru" and "KOTA BANJARBARU" are one) or by its
 * kode ("63.72"). An empty yth or di keeps the derived one. A missing file is an empty set
 * when optional is true, KP_ERR_IO otherwise. A malformed file (wrong header, a row without
 * three fields or without instansi, a bad quote, an instansi listed twice) is KP_ERR_DATA
 * with the file and line.
 */
kp_status surat_alamat_load(const char *path, bool optional, surat_alamat **out, kp_error *err);

/* Releases the set. NULL is allowed. */
void surat_alamat_free(surat_alamat *a);

/*
 * The addressee of inst's letter: yth is the office ("Wali Kota Banjarbaru"), di the place
 * under "di" ("Banjarbaru"). Derived from the jenis: provinsi "Gubernur <place>", kabupaten
 * "Bupati <place>", kota "Wali Kota <place>", kementerian "Menteri <name without the word
 * Kementerian>", lembaga and vertical offices "Kepala <name>", anything else "Pimpinan
 * <name>"; di is the place name for local governments, "Jakarta" for kementerian and lembaga,
 * and "Tempat" for a vertical office (its town is not in the data). An entry of a (may be
 * NULL) replaces either part. Both buffers are always NUL-terminated (truncated if small).
 */
void surat_tujuan(const agg_instansi *inst, const surat_alamat *a, char *yth, size_t yth_cap,
                  char *di, size_t di_cap);

/*
 * The movement of the score since last year in words, for the letter body:
 * "naik 7,26 poin dari 84,74", "turun 0,50 poin dari 86,24", "sama dengan tahun lalu", or
 * "" when there is nothing to compare (e is NULL or the instansi is new). Returns buf.
 */
char *surat_gerak(const cmp_entry *e, char *buf, size_t cap);

/* ---- rendering --------------------------------------------------------------------- */

typedef struct surat_options {
    /*
     * Which instansi get a letter: the run's one selection (pilih_parse), so that the letters
     * go to whoever gets a certificate; NULL for every instansi. The shard of the context
     * (ctx->provinsi) always applies.
     */
    const pilih *pilih;
    bool gabung;               /* also write surat-gabung.pdf: every letter, in rank order */
    const char *template_name; /* templates/surat/<name>.ini; NULL: "instansi", or
                                  "instansi-opini" for a year whose rubric gives an opinion */
    const char *alamat_path;   /* override file; NULL: <templat_dir>/alamat.csv if present */
} surat_options;

/*
 * Writes <ctx->out_dir>/surat/<slug>.pdf for every selected instansi of ctx->year (on
 * ctx->jobs threads, byte-identical for any number of threads) and, with opt->gabung,
 * <ctx->out_dir>/surat-gabung.pdf holding them all in the order of ctx->year->ranked.
 * *written (may be NULL) receives the number of letters. Template, acara.ini and alamat.csv
 * problems are KP_ERR_DATA with file and line; a failed write is KP_ERR_IO; a cancelled
 * run is KP_ERR_IO "dibatalkan".
 */
kp_status surat_render(const render_ctx *ctx, const surat_options *opt, size_t *written,
                       kp_error *err);

#endif
