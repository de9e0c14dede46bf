/*
 * names.h - who an entity is: canonical instansi names, jenis, matching keys and slugs.
 *
 * Input writes the same government many ways ("Kab. Barito Kuala", "KABUPATEN BARITO KUALA",
 * "Pemkab Barito Kuala"); documents write it one way ("Pemerintah Kabupaten Barito Kuala").
 * This module turns the first into a canonical name ("Kabupaten Barito Kuala"), a key for
 * matching across files and years, the formal name for documents and an ASCII file slug.
 * All strings are UTF-8.
 */
#ifndef KP_NAMES_H
#define KP_NAMES_H

#include <stdbool.h>
#include <stddef.h>

typedef enum jenis {
    JENIS_NONE = 0,
    JENIS_KEMENTERIAN,
    JENIS_LEMBAGA,
    JENIS_PROVINSI,
    JENIS_KABUPATEN,
    JENIS_KOTA,
    /* A vertical office (Polres, Kantor Pertanahan, Imigrasi, Lapas, ...): since 2025 a locus
       of its own, scored without units, with a unit's label instead of an opinion. */
    JENIS_VERTIKAL,
} names_jenis;
#define JENIS_COUNT 7

/* "kementerian", "lembaga", "provinsi", "kabupaten", "kota" ("" for JENIS_NONE). */
const char *names_jenis_str(names_jenis j);

/* "Kementerian", "Lembaga", "Provinsi", "Kabupaten", "Kota": for table headers. */
const char *names_jenis_label(names_jenis j);

/* Parses a jenis word (any case, surrounding spaces ignored). */
bool names_jenis_parse(const char *s, names_jenis *out);

/*
 * Canonical form of an instansi name, written into out (cap bytes, always NUL-terminated).
 * Prefixes are expanded and case is normalised for local governments:
 * "Kab. Barito Kuala", "PEMKAB BARITO KUALA", "Pemerintah Kabupaten Barito Kuala" ->
 * "Kabupaten Barito Kuala"; "Pemkot Banjarbaru", "Kota Banjarbaru" -> "Kota Banjarbaru";
 * "Pemprov Kalimantan Selatan" -> "Provinsi Kalimantan Selatan". Abbreviated place names
 * ("Kalsel") are not guessed: the kode column or templates/alias.csv matches those.
 * Ministries and agencies keep their words; only spaces are collapsed and an all-caps name
 * is title-cased. hint (the row's jenis column, or JENIS_NONE) decides a bare name with no
 * prefix ("BANJARBARU" with hint kota -> "Kota Banjarbaru").
 * *derived (may be NULL) receives the jenis the name itself says (JENIS_NONE when it says
 * nothing: a bare name, a ministry whose name does not start with "Kementerian").
 * Returns false if out was too small (out then holds a truncated, still valid UTF-8 prefix).
 */
bool names_canonical(const char *raw, names_jenis hint, char *out, size_t cap,
                     names_jenis *derived);

/*
 * Matching key of a name: lower case ASCII letters and digits of the canonical form with
 * single spaces, accents folded ("é" -> "e"), punctuation and symbols dropped; letters and
 * digits of other scripts are kept as they are (lower case for Latin Extended-A, Greek and
 * Cyrillic), so that distinct names never share a key. Two inputs that mean the
 * same entity give the same key. Used for instansi, SKPD and province names alike.
 */
void names_key(const char *name, char *out, size_t cap);

/*
 * True when name[0..n) holds at least one letter or digit of any script, i.e. when its key
 * is not empty: a name of only punctuation, symbols or emoji ("€", "™", "~") cannot be told
 * apart from another and is refused by the readers.
 */
bool names_has_word(const char *name, size_t n);

/*
 * The formal name for documents: "Pemerintah Kota Banjarbaru", "Pemerintah Kabupaten
 * Barito Kuala", "Pemerintah Provinsi Kalimantan Selatan"; ministries and agencies as they are.
 */
void names_formal(const char *canonical, names_jenis j, char *out, size_t cap);

/*
 * The place name inside the canonical name: "Kota Banjarbaru" -> "Banjarbaru",
 * "Provinsi Kalimantan Selatan" -> "Kalimantan Selatan"; other names unchanged.
 */
void names_place(const char *canonical, char *out, size_t cap);

/*
 * ASCII file-name slug of a name: lower case letters, digits and '-', accents folded,
 * everything else collapsed to one '-', no leading/trailing '-', never empty ("instansi"),
 * at most min(cap-1, 100) bytes, never "." or "..". The aggregation makes slugs unique
 * within a year (suffix "-2", "-3", ...).
 */
void names_slug(const char *name, char *out, size_t cap);

#endif
