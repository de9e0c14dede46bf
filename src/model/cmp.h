/*
 * cmp.h - a year against an earlier one: who went up, down, stayed, is new or is gone.
 *
 * Instansi and units are matched by kode when both years have it, otherwise by canonical
 * name key, after applying aliases (templates/alias.csv: old name -> new name) for renamed
 * entities. Across a change of method (the two years' rubrics have different ids) the result
 * says so in one sentence. What a movement compares follows what both years have: zones when
 * both have zones (hijau above kuning above merah), else categories when both rubrics carry the
 * same letters in the same order (A above B ...: Penilaian Kepatuhan 2024 -> Opini 2025),
 * else the score itself.
 */
#ifndef KP_CMP_H
#define KP_CMP_H

#include <stdbool.h>
#include <stddef.h>

#include "model/agg.h"

typedef enum cmp_gerak {
    CMP_TETAP = 0,
    CMP_NAIK,
    CMP_TURUN,
    CMP_BARU,   /* only in the current year */
    CMP_HILANG, /* only in the previous year */
} cmp_gerak;
#define CMP_GERAK_COUNT 5

/* "tetap", "naik", "turun", "baru", "hilang". */
const char *cmp_gerak_str(cmp_gerak g);

/* What cmp_entry.perubahan compares. */
typedef enum cmp_menurut {
    CMP_MENURUT_ZONA = 0, /* both years have zones */
    CMP_MENURUT_KATEGORI, /* either has none, both have the same category letters */
    CMP_MENURUT_NILAI,    /* neither: the score's direction */
} cmp_menurut;

/* "zona", "kategori", "nilai". */
const char *cmp_menurut_str(cmp_menurut m);

/* One compared entity. For instansi entries the unit pointers are NULL. */
typedef struct cmp_entry {
    const agg_instansi *kini, *lalu; /* either may be NULL (baru / hilang) */
    const agg_unit *unit_kini, *unit_lalu;
    dec_t selisih;        /* kini - lalu, exact; 0 unless both exist */
    cmp_gerak arah_nilai; /* by score */
    /*
     * By zone (hijau above kuning above merah) when both years have zones; otherwise a zone
     * cannot move, and this is perubahan, so that an older reader still gets the direction.
     */
    cmp_gerak gerak_zona;
    cmp_gerak perubahan;   /* by what cmp_result.menurut says: what data files print */
    int selisih_peringkat; /* previous national rank - current (positive: moved up); 0: n/a */
    /*
     * Categories can be compared: the rubrics share their letters (cmp_result
     * .kategori_sebanding, 2024 -> 2025 too) or are one method. False across a change of
     * method without shared letters (2021 -> 2022), and for baru / hilang.
     */
    bool banding_kategori;
} cmp_entry;

/* Renames: old name -> new name, read from a two-column CSV (lama,baru). */
typedef struct cmp_aliases cmp_aliases;

/*
 * Loads an alias file (header "lama,baru"; names of instansi or units as written). A
 * missing file is not an error when optional is true (*out becomes an empty set).
 */
kp_status cmp_aliases_load(const char *path, bool optional, cmp_aliases **out, kp_error *err);

/* Releases the aliases. NULL is allowed. */
void cmp_aliases_free(cmp_aliases *a);

/*
 * True when the alias file makes names a and b one entity: one is listed as the other's old
 * name, or both as old names of the same new one (by name key, as renames are matched).
 * a may be NULL (no aliases: false).
 */
bool cmp_aliases_same(const cmp_aliases *al, const char *a, const char *b);

typedef struct cmp_result {
    int tahun, tahun_lalu;
    const agg_year *kini, *lalu;
    bool beda_metode; /* the two years' rubrics differ (by id) */
    /*
     * When beda_metode, the change in one sentence, as data files print it in catatan.
     * Zones both sides, categories not comparable (2021 -> 2022): "Metode berbeda (ombudsman-2013
     * -> ombudsman-2022): zona dibandingkan, kategori tidak."; otherwise "metode berubah:
     * <nama lalu> -> <nama kini>; dibandingkan menurut kategori" (or zona, nilai).
     */
    char alasan[384];
    cmp_menurut menurut;     /* what perubahan compares */
    bool kategori_sebanding; /* both rubrics have the same category letters in the same order */
    cmp_entry *instansi;     /* current year's order, then the hilang ones by name */
    size_t n_instansi;
    cmp_entry *units; /* grouped by instansi in the same order */
    size_t n_units;
    size_t gerak_zona[CMP_GERAK_COUNT]; /* counts over instansi entries */
    size_t perubahan[CMP_GERAK_COUNT];
    size_t arah_nilai[CMP_GERAK_COUNT];
} cmp_result;

/*
 * Compares year tahun with tahun_lalu of the same model (aliases may be NULL).
 * KP_ERR_DATA when either year is not in the model.
 */
kp_status cmp_build(const agg_model *m, int tahun, int tahun_lalu, const cmp_aliases *aliases,
                    cmp_result **out, kp_error *err);

/* Releases a comparison. NULL is allowed. */
void cmp_free(cmp_result *c);

/* The entry of a current-year instansi, or NULL. */
const cmp_entry *cmp_find_instansi(const cmp_result *c, const agg_instansi *kini);

/* The entry of a current-year unit, or NULL. */
const cmp_entry *cmp_find_unit(const cmp_result *c, const agg_unit *kini);

/*
 * The instansi's scores in every year of the model, matched as the comparison matches
 * (key, aliases): up to cap pairs written to tahun[]/nilai[] in ascending year. Returns the
 * number written.
 */
size_t cmp_trend(const agg_model *m, const agg_instansi *inst, const cmp_aliases *aliases,
                 int *tahun, dec_t *nilai, size_t cap);

#endif
