/*
 * agg.h - the result tree of a run: per year nasional -> provinsi -> instansi -> unit, with
 * scores, kategori/predikat/zona, counts per zone and category, and ranks.
 *
 * Everything the renderers print comes from here; nothing is recomputed downstream. The
 * tree is built once from the rows the reader produced and is read-only afterwards, so
 * renderers on several threads may share it.
 *
 * Scores (docs/sumber.md section 6, from the published methods it records): a unit's nilai is its
 * official nilai, else the sum of its components in points; an instansi's nilai is its own
 * instansi-level row when the input has one (the official score), else the mean of its units
 * rounded half up; a province's nilai is the mean of its instansi's nilai, rounded the same way.
 */
#ifndef KP_AGG_H
#define KP_AGG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/decimal.h"
#include "model/names.h"
#include "model/rubric.h"
#include "model/rows.h"
#include "util/arena.h"
#include "util/error.h"

/* Counts and spread of a set of scores. */
typedef struct agg_stats {
    size_t n;
    size_t zona[ZONA_COUNT];           /* indexed by enum zona */
    size_t kategori[RUBRIC_MAX_BANDS]; /* indexed like the year's rubric->band[] */
    size_t gerbang; /* instansi that passed the rubric's gate (Tanpa Maladministrasi) */
    dec_t mean;     /* rounded half up; 0 when n == 0 */
    dec_t min, max; /* 0 when n == 0 */
} agg_stats;

struct agg_instansi;
struct agg_provinsi;

/*
 * Fields ordered by size: a million units are kept at once, padding would cost 8 MB, and
 * components in 32 bits (as the reader holds them) instead of dec_t save 32 MB more.
 */
typedef struct agg_unit {
    const char *nama; /* as first written */
    const char *key;  /* names_key of nama: matching across years */
    const char *slug; /* unique within its instansi */
    const struct agg_instansi *instansi;
    dec_t nilai;
    const rubric_band *band; /* never NULL */
    const char *file;
    int32_t comp[RUBRIC_MAX_COMP]; /* in hundredths; agg_unit_comp() gives them as dec_t */
    int band_index;                /* index into the year's rubric->band[] */
    int peringkat;                 /* competition rank within its instansi (1, 2, 2, 4) */
    uint32_t line;
    uint8_t comp_mask; /* components known (bit i: rubric->comp[i]) */
    bool pembinaan;    /* below the rubric's coaching line (rubric_pembinaan) */
} agg_unit;

typedef struct agg_instansi {
    const char *nama;       /* canonical: "Kota Banjarbaru" */
    const char *nama_asli;  /* as first written in the input */
    const char *nama_resmi; /* formal: "Pemerintah Kota Banjarbaru" */
    const char *tempat;     /* place: "Banjarbaru" */
    const char *key;        /* matching key: "kode:63.72" when a kode is known, else the name key */
    const char *nama_key;   /* names_key of nama, even when key is the kode: name matching */
    const char *kode;       /* or NULL */
    const char *slug;       /* unique within the year */
    names_jenis jenis;
    const struct agg_provinsi *provinsi;
    dec_t nilai;
    const rubric_band *band; /* never NULL */
    int band_index;
    /*
     * The label printed for it: band->predikat, or band->predikat_unit for a vertical office
     * (which gets a unit's label, not an opinion).
     */
    const char *predikat;
    /*
     * Its opinion under a rubric that gives one (rubric_opini: "Opini Kualitas Tinggi Tanpa
     * Maladministrasi"); "" otherwise and for a vertical office. Never NULL.
     */
    const char *opini;
    rubric_gerbang gerbang; /* the gate, from any of its rows (the reader checks they agree) */
    size_t n_pembinaan;     /* its units below the coaching line */
    bool nilai_resmi;       /* nilai is the instansi's own published score */
    bool ada_rerata;        /* it has units: rerata is their mean */
    dec_t rerata;
    uint8_t comp_mask; /* components known for every unit: comp[] is their mean (rounded) */
    dec_t comp[RUBRIC_MAX_COMP];
    agg_unit *units; /* sorted by nilai, best first, then name */
    size_t n_units;
    agg_stats unit_stats;
    int peringkat_nasional;      /* among instansi of the same jenis in the year */
    size_t n_peringkat_nasional; /* ... out of how many */
    int peringkat_provinsi;      /* among the kabupaten and kota of its province (a vertical
                                    office: among the vertical offices there); 0: none */
    size_t n_peringkat_provinsi;
    const char *file; /* first row that named it */
    uint32_t line;
} agg_instansi;

typedef struct agg_provinsi {
    const char *nama; /* canonical: "Kalimantan Selatan"; "Pusat" for ministries/agencies */
    const char *key;
    const char *slug;
    bool pusat;  /* the group of kementerian and lembaga, not a region */
    dec_t nilai; /* mean of its instansi's nilai (those instansi_stats covers) */
    const rubric_band *band;
    int band_index;
    const agg_instansi **instansi; /* sorted by canonical name */
    size_t n_instansi;
    const agg_instansi *pemprov; /* the provincial government, or NULL */
    /*
     * Over its pemda (for Pusat: kementerian and lembaga), not its vertical offices, which
     * are counted in per_jenis[JENIS_VERTIKAL]. A region whose instansi are all vertical
     * offices has instansi_stats.n == 0 (and nilai 0): tables of regions leave it out.
     */
    agg_stats instansi_stats;
    agg_stats unit_stats;
    agg_stats per_jenis[JENIS_COUNT]; /* instansi by jenis */
} agg_provinsi;

typedef struct agg_year {
    int tahun;
    const rubric *rubric;
    agg_provinsi *provinsi; /* sorted by name, "Pusat" last */
    size_t n_provinsi;
    agg_instansi *instansi; /* sorted by province (as above), then canonical name */
    size_t n_instansi;
    const agg_instansi **ranked; /* every instansi by nilai, best first, ties by name */
    size_t n_units;
    agg_stats nasional;               /* over instansi but vertical offices */
    agg_stats nasional_units;         /* over units */
    agg_stats per_jenis[JENIS_COUNT]; /* instansi by jenis */
    struct agg_index *index;          /* lookup tables private to agg.c */
} agg_year;

/* An input file, as the Metodologi sheet lists it. */
typedef struct agg_source {
    const char *path;
    size_t rows;
    char sha256[65];
} agg_source;

typedef struct agg_model {
    arena *arena;
    agg_year *years; /* ascending by tahun */
    size_t n_years;
    agg_source *sources;
    size_t n_sources;
} agg_model;

/*
 * Builds the tree from everything read. Every year present needs a rubric in rubrics
 * (KP_ERR_DATA naming the year otherwise). Linear in the number of rows (hash tables).
 * The model copies what it needs: data may be freed afterwards.
 */
kp_status agg_build(const rows_data *data, const rubric_set *rubrics, agg_model **out,
                    kp_error *err);

/*
 * agg_build for a caller that has no further use for the rows: they are consumed from the
 * last one backwards and their memory is returned as the units are built (rows_data_truncate),
 * so that rows and units are never held whole at the same time. Afterwards data has no rows
 * (also on failure); its files and strings stay, and the caller still frees it.
 */
kp_status agg_build_consume(rows_data *data, const rubric_set *rubrics, agg_model **out,
                            kp_error *err);

/* Component i of the unit (0 <= i < RUBRIC_MAX_COMP), in hundredths. */
dec_t agg_unit_comp(const agg_unit *u, int i);

/* Releases the model. NULL is allowed. */
void agg_free(agg_model *m);

/* The year, or NULL. */
const agg_year *agg_year_find(const agg_model *m, int tahun);

/* The instansi with this matching key in the year, or NULL. */
const agg_instansi *agg_instansi_find(const agg_year *y, const char *key);

/* The instansi whose nama_key is this in the year (the first by kode if several), or NULL. */
const agg_instansi *agg_instansi_find_name(const agg_year *y, const char *nama_key);

/* The province with this key (names_key of its name) in the year, or NULL. */
const agg_provinsi *agg_provinsi_find(const agg_year *y, const char *key);

#endif
