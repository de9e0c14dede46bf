/*
 * acara.h - the values of one award ceremony (acara) that documents print but the data does
 * not hold: place and date, the issuing institution, the signatory, the legal basis and the
 * pattern of certificate numbers.
 *
 * They come from templates/acara.ini (format in templates/README.md): an [acara] section of
 * defaults and optional per-assessment-year sections ([2023]) overriding them, because a
 * year's results are handed over in the next year (Kalimantan Selatan's 2023 results on
 * 17 January 2024) and decrees change every year.
 */
#ifndef KP_ACARA_H
#define KP_ACARA_H

#include <stddef.h>

#include <stdbool.h>

#include "util/error.h"

#define ACARA_TEXT_MAX 512

typedef struct acara {
    char path[KP_ERROR_FILE_MAX];      /* file it came from; "" for the built-in defaults */
    char tempat[ACARA_TEXT_MAX];       /* place of the ceremony: "Banjarmasin" */
    int tahun, bulan, hari;            /* date of the ceremony */
    char lembaga[ACARA_TEXT_MAX];      /* "Ombudsman Republik Indonesia" */
    char unit_lembaga[ACARA_TEXT_MAX]; /* "Perwakilan Provinsi Kalimantan Selatan" or "" */
    char jabatan[ACARA_TEXT_MAX];      /* signatory's office */
    char penandatangan[ACARA_TEXT_MAX];
    char nip[ACARA_TEXT_MAX];
    char dasar_hukum[ACARA_TEXT_MAX]; /* the decree the award rests on */
    /*
     * The assessment's name as documents print it: "Penilaian Maladministrasi
     * Penyelenggaraan Pelayanan Publik" from 2025; it changed with the method, so it is a
     * value of the year, not words of the program.
     */
    char penilaian[ACARA_TEXT_MAX];
    char nomor[ACARA_TEXT_MAX];        /* number pattern, see acara_nomor() */
    char skpd_jabatan[ACARA_TEXT_MAX]; /* SKPD awards: signatory's office; "" = head of the
                                          local government, derived from the instansi */
    char skpd_penandatangan[ACARA_TEXT_MAX];
    char skpd_nip[ACARA_TEXT_MAX];
    char skpd_nomor[ACARA_TEXT_MAX];
    /*
     * Where a document's QR code leads: "https://.../verifikasi/#{kode}", {kode} replaced by
     * its verification code; "" (the default): the QR code holds the code and key facts.
     */
    char verifikasi_url[ACARA_TEXT_MAX];
} acara;

/*
 * The built-in values for assessment year tahun: generic placeholders that are obviously to
 * be filled ("(nama penandatangan)"), the date from epoch (UTC), number pattern
 * "{seq:03}/{romawi}/{tahun_acara}", and an assessment name that holds for every method
 * ("Penilaian Penyelenggaraan Pelayanan Publik").
 */
void acara_defaults(acara *out, int tahun, long long epoch);

/*
 * The event's date as a timestamp (00:00 UTC of that day): a document issued at the
 * ceremony carries the ceremony's date.
 */
long long acara_epoch(const acara *a);

/*
 * The timestamp a document's metadata carries: SOURCE_DATE_EPOCH when the run has it
 * (ctx->epoch_fixed), else the event's date.
 */
long long acara_doc_epoch(const acara *a, long long ctx_epoch, bool ctx_epoch_fixed);

/*
 * acara_defaults(), then [acara] of path, then the section named after tahun when present.
 * Unknown sections or keys, a date that is not an existing ISO date ("2024-01-17"), or a
 * number pattern with an unknown placeholder are KP_ERR_DATA with the file and line;
 * an unreadable file is KP_ERR_IO.
 */
kp_status acara_load(const char *path, int tahun, long long epoch, acara *out, kp_error *err);

/*
 * acara_load() of <templat_dir>/acara.ini, or acara_defaults() when that file does not exist
 * (out->path is then empty). The one place that decides whether a templates folder has its
 * own event settings.
 */
kp_status acara_load_dir(const char *templat_dir, int tahun, long long epoch, acara *out,
                         kp_error *err);

/*
 * Expands a number pattern into out (cap bytes): {seq} the certificate's sequence number,
 * {seq:03} zero-padded to 3 digits (any width 1..9), {romawi} the ceremony month in Roman
 * numerals, {bulan} its number, {tahun_acara} the ceremony year, {tahun} the assessment year.
 * KP_ERR_DATA naming the placeholder for anything else, or when out is too small.
 */
kp_status acara_nomor(const acara *a, const char *pattern, int tahun, int seq, char *out,
                      size_t cap, kp_error *err);

#endif
