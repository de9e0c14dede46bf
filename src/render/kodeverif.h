/*
 * kodeverif.h - the verification code printed on every certificate, report card and letter:
 * 16 characters of Crockford base32 in groups of four (7K2M-9QXA-...), the first 80 bits of
 * an HMAC-SHA-256 (Nettle) over the facts the document states, under a key only the issuer
 * holds. Whoever has the key can tell a genuine code from a made-up one; nobody without it
 * can compute the code of another name or score.
 *
 * The facts are encoded canonically before hashing: a version tag, then every fact as
 * "<length>:<bytes>," (a netstring), numbers as decimal text, the score in integer
 * hundredths. No two different sets of facts share an encoding, whatever bytes a name holds.
 *
 * Codes typed by people are normalised the Crockford way: dashes and spaces dropped, case
 * ignored, O read as 0, I and L as 1; a link's "...#KODE" is accepted too. The page
 * (templates/verifikasi/index.html) repeats this normalisation in JavaScript.
 */
#ifndef KP_KODEVERIF_H
#define KP_KODEVERIF_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/hmac.h>

#include "util/error.h"

#define KODEVERIF_LEN     16   /* characters of a code, without dashes */
#define KODEVERIF_TEXT    20   /* "XXXX-XXXX-XXXX-XXXX" and its NUL */
#define KODEVERIF_KEY_MIN 32   /* bytes: shorter keys are refused */
#define KODEVERIF_KEY_MAX 4096 /* bytes: a bigger file is not a key file */

/*
 * The issuer's secret: the bytes of the key file, and the HMAC state keyed with them. A run
 * computes thousands of codes under one key: the key schedule (two SHA-256 blocks, and for a
 * key over 64 bytes the hash of the whole key) is done once, in kodeverif_key_load or
 * kodeverif_key_set, and every code starts from a copy of mac.
 */
typedef struct kodeverif_key {
    uint8_t bytes[KODEVERIF_KEY_MAX];
    size_t len;
    struct hmac_sha256_ctx mac;
} kodeverif_key;

/* Makes *out the key of bytes[0..len) (len <= KODEVERIF_KEY_MAX; no length rule applied). */
void kodeverif_key_set(kodeverif_key *out, const uint8_t *bytes, size_t len);

/*
 * What a document states, the input of its code. Strings are UTF-8, never NULL ("" when the
 * document has no such fact).
 */
typedef struct kodeverif_fakta {
    const char *jenis;    /* "piagam", "rapor", "surat" */
    int tahun;            /* assessment year */
    const char *instansi; /* the instansi's name as printed (formal name) */
    const char *unit;     /* the unit (SKPD) of a unit's document, else "" */
    long long nilai;      /* score in hundredths: 92,00 -> 9200 */
    const char *kategori; /* "A", or "" for a method without letters */
    const char *hasil;    /* predikat, or the opinion / label under the Opini method */
    const char *gerbang;  /* "Tanpa Maladministrasi" when passed, else "" */
    const char *nomor;    /* certificate or letter number; "" for a report card */
} kodeverif_fakta;

/*
 * Reads the key file at path. KP_ERR_DATA naming the file when it cannot be opened or read,
 * is not a regular file, is group- or world-accessible (mode & 077), is shorter than
 * KODEVERIF_KEY_MIN bytes or longer than KODEVERIF_KEY_MAX.
 */
kp_status kodeverif_key_load(const char *path, kodeverif_key *out, kp_error *err);

/*
 * Creates a new key file at path: 32 bytes from getrandom(2), mode 0600, O_EXCL (an existing
 * file, a key or not, is never overwritten). KP_ERR_DATA when path exists, KP_ERR_IO for any
 * other failure; a partly written file is removed.
 */
kp_status kodeverif_key_create(const char *path, kp_error *err);

/*
 * The canonical encoding of f into out (cap bytes; not NUL-terminated), its length in *len.
 * KP_ERR_DATA when it does not fit.
 */
kp_status kodeverif_encode(const kodeverif_fakta *f, uint8_t *out, size_t cap, size_t *len,
                           kp_error *err);

/*
 * The code of f under key, with dashes ("XXXX-XXXX-XXXX-XXXX"), into out. KP_ERR_DATA when
 * the facts are too long to encode (names are capped far below that).
 */
kp_status kodeverif_code(const kodeverif_key *key, const kodeverif_fakta *f,
                         char out[KODEVERIF_TEXT], kp_error *err);

/*
 * Normalises a typed code (see above) into out: 16 characters, no dashes, upper case.
 * KP_ERR_USAGE with a message saying what is wrong (a character that is not in the
 * alphabet, or too few / too many characters) for anything that is not a code.
 */
kp_status kodeverif_parse(const char *typed, char out[KODEVERIF_LEN + 1], kp_error *err);

/* "XXXXXXXXXXXXXXXX" -> "XXXX-XXXX-XXXX-XXXX". */
void kodeverif_format(const char *code16, char out[KODEVERIF_TEXT]);

/*
 * What the QR code holds: url with "{kode}" replaced by the dashed code when url is not
 * empty; else the code and the key facts as text ("KODE VERIFIKASI 7K2M-...\nPiagam 2023\n
 * Pemerintah Kota Banjarbaru\n92,00 (A)"). KP_ERR_DATA when out is too small.
 */
kp_status kodeverif_qr_text(const char *url, const char *code, const kodeverif_fakta *f, char *out,
                            size_t cap, kp_error *err);

#endif
