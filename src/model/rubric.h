/*
 * rubric.h - an assessment method as data: components and their weights, the bands that
 * turn a score into kategori / predikat / zona, and the years the method applies to.
 *
 * Rubrics are INI files in templates/rubrik/ (format documented in templates/rubrik/README.md
 * and read by util/iniread). The method changes almost every year; code never does.
 */
#ifndef KP_RUBRIC_H
#define KP_RUBRIC_H

#include <stdbool.h>
#include <stddef.h>

#include "model/decimal.h"
#include "util/error.h"

#define RUBRIC_MAX_COMP  8
#define RUBRIC_MAX_BANDS 12
#define RUBRIC_KEY_MAX   32
#define RUBRIC_TEXT_MAX  128

typedef enum zona {
    ZONA_NONE = 0,
    ZONA_HIJAU,
    ZONA_KUNING,
    ZONA_MERAH,
} rubric_zona;
#define ZONA_COUNT 4

/* "hijau", "kuning", "merah" ("" for ZONA_NONE). */
const char *rubric_zona_name(rubric_zona z);

/* "Zona Hijau", "Zona Kuning", "Zona Merah" ("" for ZONA_NONE). */
const char *rubric_zona_label(rubric_zona z);

/* Zones ordered so that a larger number is better: hijau 3, kuning 2, merah 1, none 0. */
int rubric_zona_rank(rubric_zona z);

/* Parses "hijau"/"kuning"/"merah" (any case). Returns false for anything else. */
bool rubric_zona_parse(const char *s, rubric_zona *out);

/* One scored component (dimension) of a unit, e.g. input, 21,85 points. */
typedef struct rubric_comp {
    char key[RUBRIC_KEY_MAX];     /* column name in the input: "input", "proses", ... */
    char label[RUBRIC_TEXT_MAX];  /* as printed: "Input", "Proses" */
    char detail[RUBRIC_TEXT_MAX]; /* what is inside: "kompetensi pelaksana, sarana prasarana" */
    dec_t bobot;                  /* maximum points (its weight) */
} rubric_comp;

/*
 * One band: scores >= min (and below the next band's min) get these labels. Since 2025 a
 * band has two: the instansi's (its opinion, "Kualitas Tinggi") and the one of a unit or a
 * vertical office ("Baik"); methods with one label have predikat_unit equal to predikat.
 */
typedef struct rubric_band {
    char kategori[8];                    /* "A" ... or "" when the method has no letters */
    char predikat[RUBRIC_TEXT_MAX];      /* the instansi's: "Kualitas Tertinggi" */
    char predikat_unit[RUBRIC_TEXT_MAX]; /* a unit's or vertical office's: "Sangat Baik" */
    rubric_zona zona;                    /* ZONA_NONE in a method without zones */
    dec_t min;
} rubric_band;

/*
 * Whether an instansi passed the gate of a method that has one (Opini 2025: "Tanpa
 * Maladministrasi", the Ombudsman's products followed up in full). Unknown is its own
 * state: the input may not say, and a document must not claim either.
 */
typedef enum rubric_gerbang {
    RUBRIC_GERBANG_TIDAK_DIKETAHUI = 0,
    RUBRIC_GERBANG_YA,
    RUBRIC_GERBANG_TIDAK,
} rubric_gerbang;

typedef struct rubric {
    char id[64];                /* file stem: "ombudsman-2022" */
    char nama[RUBRIC_TEXT_MAX]; /* title: "Penilaian Kepatuhan 2022-2024 (empat dimensi)" */
    char sumber[512];           /* where the method is published */
    char path[KP_ERROR_FILE_MAX];
    int tahun_dari, tahun_sampai; /* inclusive range of assessment years */
    dec_t nilai_maks;             /* top of the scale: 100,00 or 5,00 */
    int desimal;                  /* decimals allowed in input scores (2) */
    int n_comp;
    rubric_comp comp[RUBRIC_MAX_COMP];
    int n_band;
    rubric_band band[RUBRIC_MAX_BANDS]; /* sorted by min, highest first; last min is 0 */
    bool ada_kategori;                  /* bands carry letters (A..E) */
    bool ada_zona;                      /* every band has a zone (none has, otherwise) */
    /*
     * The Opini method (2025-): opini is the word that starts an instansi's opinion
     * ("Opini", "" when the method gives none), gerbang the gate's suffix ("Tanpa
     * Maladministrasi", "" when it has none).
     */
    char opini[32];
    char gerbang[RUBRIC_TEXT_MAX];
    bool ada_pembinaan;       /* units below pembinaan_di_bawah get coaching */
    dec_t pembinaan_di_bawah; /* 78,00 in 2025 */
    /* Who gets a certificate when the user does not say: a --piagam value ("A,B", "hijau"). */
    char piagam_bawaan[64];
    /*
     * Dimensions the method scores without publishing their weights ("input, proses, output,
     * pengaduan" in 2025): rows must carry nilai, and their dimension columns are ignored.
     * Empty when the method has none, or when its [komponen.*] give the weights.
     */
    char dimensi[RUBRIC_TEXT_MAX];
    /*
     * What in the method is not certain, in one or two sentences for a reader (the executive
     * summary's method note): inferred band edges, guessed labels. "" when the file says none.
     */
    char tidak_pasti[512];
    /*
     * Picked per assessment year by rubric_set_for_year (otomatis = ya, the default). Related
     * rubrics (IKM, PEKPPP) say otomatis = tidak: their years would collide with the
     * Ombudsman method's, so they apply only when chosen explicitly with --rubrik.
     */
    bool otomatis;
} rubric;

/*
 * Loads one rubric file. On a malformed file (unknown key or section, bad number, missing
 * field, bands overlapping, unordered or not reaching 0, weights not summing to the scale)
 * returns KP_ERR_DATA with the file and line in err.
 */
kp_status rubric_load(const char *path, rubric *out, kp_error *err);

/*
 * rubric_load() on len bytes already in memory (embedded NUL bytes are refused); name is
 * used as out->path and in errors, and its stem as out->id.
 */
kp_status rubric_load_buffer(const char *name, const char *buf, size_t len, rubric *out,
                             kp_error *err);

/* The band a score falls in (never NULL for 0 <= v <= nilai_maks; NULL for negative v). */
const rubric_band *rubric_classify(const rubric *r, dec_t v);

/* Whether the method has a gate (rubric.gerbang is set). */
bool rubric_has_gerbang(const rubric *r);

/*
 * The opinion of an instansi in band b with gate state g: "Opini Kualitas Tinggi Tanpa
 * Maladministrasi" when g is YA, else "Opini Kualitas Tinggi". Writes "" when the method
 * gives no opinion. Returns buf.
 */
const char *rubric_opini(const rubric *r, const rubric_band *b, rubric_gerbang g, char *buf,
                         size_t cap);

/* Whether a unit scoring v gets coaching (false when the method has no coaching line). */
bool rubric_pembinaan(const rubric *r, dec_t v);

/* "ya", "tidak" or "" for the gate state, as data files write it. */
const char *rubric_gerbang_str(rubric_gerbang g);

/* Whether key (any case) is one of the rubric's dimensi without weights. */
bool rubric_has_dimensi(const rubric *r, const char *key);

/* Index of the component named key (compared case-insensitively), or -1. */
int rubric_comp_index(const rubric *r, const char *key);

/*
 * A unit's score from its components in points: bit i of comp_mask says comp[i] (the
 * points of r->comp[i]) is present. When the rubric has components and every one is
 * present, stores their exact sum in *out and returns true; otherwise returns false and
 * leaves *out alone.
 */
bool rubric_unit_score(const rubric *r, uint8_t comp_mask, const dec_t *comp, dec_t *out);

/* Every rubric known to a run, usually all files of templates/rubrik/. */
typedef struct rubric_set {
    int n;
    rubric *items; /* sorted by tahun_dari, then id */
    bool any_year; /* made by rubric_set_load_file: its one rubric applies to every year */
} rubric_set;

/*
 * Loads every *.ini in dir, sorted by file name for determinism. Two rubrics that cover
 * the same year are an error naming both files. Rubrics with otomatis = tidak are loaded
 * (and listed) but take no part in the year check or in rubric_set_for_year.
 */
kp_status rubric_set_load_dir(rubric_set *set, const char *dir, kp_error *err);

/* A set holding only the one file (the --rubrik override: it applies to every year). */
kp_status rubric_set_load_file(rubric_set *set, const char *path, kp_error *err);

/* Releases the set's items. */
void rubric_set_free(rubric_set *set);

/*
 * The rubric for a year, or NULL when none covers it. A set made by rubric_set_load_file
 * returns its one rubric for every year.
 */
const rubric *rubric_set_for_year(const rubric_set *set, int tahun);

/*
 * Writes the rubric as a plain-text table (what `kepatuhan rubrik [TAHUN]` prints) into
 * a malloc'd string the caller frees. NULL on out of memory.
 */
char *rubric_describe(const rubric *r);

#endif
