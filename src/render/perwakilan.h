/*
 * perwakilan.h - who issues a document: the Ombudsman's office in the instansi's province
 * (Perwakilan) or, for kementerian and lembaga, the central issuer of acara.ini.
 *
 * Results are handed over by the regional offices: each Perwakilan signs the certificates and
 * letters of the pemda and vertical offices of its province. Their values come from
 * templates/perwakilan.csv (format in templates/README.md), one row per province:
 *
 *   provinsi,unit_lembaga,tempat,alamat,telepon,surel,jabatan,penandatangan,nip,nomor,nomor_surat
 *
 * acara.ini keeps the event's values (dates, decree, the assessment's name) and the central
 * issuer. A province of the data that the file lacks falls back to acara.ini, with one warning
 * (perwakilan_periksa), never silently.
 */
#ifndef KP_PERWAKILAN_H
#define KP_PERWAKILAN_H

#include <stddef.h>

#include "model/agg.h"
#include "render/acara.h"
#include "util/diag.h"
#include "util/error.h"

/* One province's office, as the file writes it (every value UTF-8, never NULL). */
typedef struct perwakilan {
    const char *provinsi; /* "Aceh", as the data writes it */
    const char *key;      /* names_key of provinsi: matched against agg_provinsi.key */
    const char *unit_lembaga, *tempat, *alamat, *telepon, *surel;
    const char *jabatan, *penandatangan, *nip;
    const char *nomor;       /* certificate number pattern (acara_nomor) */
    const char *nomor_surat; /* letter number pattern; "" = the letter template's */
    int line;
} perwakilan;

typedef struct perwakilan_set perwakilan_set;

/*
 * Reads path. A header that is not exactly the columns above, a row with another number of
 * fields, an empty value (but nomor_surat), an unknown placeholder in a number pattern, a
 * value too long for a document or a province written twice (by names_key: "DKI Jakarta" =
 * "Dki Jakarta") is KP_ERR_DATA naming file, line and column; an unreadable file KP_ERR_IO.
 * A missing file is not an error when optional is true: *out is then NULL (every document
 * from acara.ini, as before the file existed).
 */
kp_status perwakilan_load(const char *path, bool optional, perwakilan_set **out, kp_error *err);

/* Releases the set. NULL is allowed. */
void perwakilan_free(perwakilan_set *s);

/* The file it was read from. */
const char *perwakilan_path(const perwakilan_set *s);

/* Number of rows. */
size_t perwakilan_count(const perwakilan_set *s);

/* Row i (0 <= i < perwakilan_count). */
const perwakilan *perwakilan_get(const perwakilan_set *s, size_t i);

/*
 * The issuer of inst's documents as an index: 0 the central issuer (kementerian and lembaga,
 * Pusat, a province the file lacks, or s == NULL), 1 + i row i. Counting per index gives the
 * per-issuer sequence of numbers.
 */
size_t perwakilan_penerbit(const perwakilan_set *s, const agg_instansi *inst);

/* The issuer of a province's own documents (its summary); 0 for Pusat or a missing row. */
size_t perwakilan_penerbit_provinsi(const perwakilan_set *s, const agg_provinsi *p);

/*
 * Fills out[0 .. perwakilan_count(s)] (count + 1 entries): out[0] = *pusat, out[1 + i] =
 * *pusat with row i's issuer, signatory, place and certificate pattern. Event values (dates,
 * decree, assessment name, SKPD awards) stay acara.ini's.
 */
void perwakilan_acara(const perwakilan_set *s, const acara *pusat, acara *out);

/*
 * The office's address, phone and e-mail of issuer index k, for a letterhead: the row's, or
 * for the central issuer (k == 0) the visible placeholders a letter prints until they are
 * filled in.
 */
void perwakilan_kontak(const perwakilan_set *s, size_t k, const char **alamat, const char **telepon,
                       const char **surel);

/* Letter number pattern of issuer k: the row's nomor_surat, or fallback when it has none. */
const char *perwakilan_nomor_surat(const perwakilan_set *s, size_t k, const char *fallback);

/*
 * One warning into diags for every province of the model's years (regions, not Pusat) that
 * the file lacks: its documents fall back to acara.ini. Once per province, whatever the number
 * of years. s == NULL warns about nothing (no file: acara.ini for everyone, as before).
 */
void perwakilan_periksa(const perwakilan_set *s, const agg_model *m, diag_list *diags);

#endif
