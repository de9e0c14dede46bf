/*
 * agg_fixture.h - hand-built inputs for the aggregation, comparison and CSV export tests:
 * the two Ombudsman rubrics as structs and rows_data rows written one call each, so that
 * every expected number in those tests can be checked by hand.
 *
 * Rows go in as a reader puts them (rows_intern, rows_add), so that the model is tested on
 * the interning promise of rows.h it relies on: equal names are one pointer. Include after
 * <cmocka.h>.
 */
#ifndef KP_AGG_FIXTURE_H
#define KP_AGG_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/agg.h"
#include "model/check.h"
#include "read/csvin.h"

/* The fuzz targets use fx_rubrics without cmocka: a failed fixture step aborts there. */
#ifndef assert_true
#define assert_true(c)     ((c) ? (void)0 : abort())
#define assert_non_null(p) assert_true((p) != NULL)
#endif

static inline void fx_band(rubric_band *b, const char *kat, const char *predikat, rubric_zona z,
                           dec_t min)
{
    snprintf(b->kategori, sizeof b->kategori, "%s", kat);
    snprintf(b->predikat, sizeof b->predikat, "%s", predikat);
    snprintf(b->predikat_unit, sizeof b->predikat_unit, "%s", predikat);
    b->zona = z;
    b->min = min;
}

static inline void fx_comp(rubric_comp *c, const char *key, dec_t bobot)
{
    snprintf(c->key, sizeof c->key, "%s", key);
    snprintf(c->label, sizeof c->label, "%s", key);
    c->bobot = bobot;
}

/* ombudsman-2022 (2022-2024) and ombudsman-2013 (2013-2021), as issue 4 states them. */
static inline rubric_set fx_rubrics(void)
{
    rubric_set set = {.n = 2, .items = calloc(2, sizeof(rubric))};
    rubric *r = &set.items[0];
    snprintf(r->id, sizeof r->id, "ombudsman-2013");
    r->tahun_dari = 2013;
    r->tahun_sampai = 2021;
    r->nilai_maks = 10000;
    r->desimal = 2;
    r->otomatis = true;
    r->ada_zona = true;
    snprintf(r->piagam_bawaan, sizeof r->piagam_bawaan, "hijau");
    r->n_band = 3;
    fx_band(&r->band[0], "", "Kepatuhan Tinggi", ZONA_HIJAU, 8100);
    fx_band(&r->band[1], "", "Kepatuhan Sedang", ZONA_KUNING, 5100);
    fx_band(&r->band[2], "", "Kepatuhan Rendah", ZONA_MERAH, 0);
    r = &set.items[1];
    snprintf(r->id, sizeof r->id, "ombudsman-2022");
    r->tahun_dari = 2022;
    r->tahun_sampai = 2024;
    r->nilai_maks = 10000;
    r->desimal = 2;
    r->otomatis = true;
    r->ada_kategori = true;
    r->ada_zona = true;
    snprintf(r->piagam_bawaan, sizeof r->piagam_bawaan, "hijau");
    r->n_comp = 4;
    fx_comp(&r->comp[0], "input", 2185);
    fx_comp(&r->comp[1], "proses", 3237);
    fx_comp(&r->comp[2], "output", 2424);
    fx_comp(&r->comp[3], "pengaduan", 2154);
    r->n_band = 5;
    fx_band(&r->band[0], "A", "Kualitas Tertinggi", ZONA_HIJAU, 8800);
    fx_band(&r->band[1], "B", "Kualitas Tinggi", ZONA_HIJAU, 7800);
    fx_band(&r->band[2], "C", "Kualitas Sedang", ZONA_KUNING, 5400);
    fx_band(&r->band[3], "D", "Kualitas Rendah", ZONA_MERAH, 3200);
    fx_band(&r->band[4], "E", "Kualitas Terendah", ZONA_MERAH, 0);
    return set;
}

/* s interned in d, as a reader's strings are; NULL stays NULL. */
static inline const char *fx_str(rows_data *d, const char *s)
{
    if (!s)
        return NULL;
    const char *p = rows_intern(d, s, strlen(s));
    assert_non_null(p);
    return p;
}

/*
 * Appends one row. nilai FX_NONE means none (the components then carry the score); skpd NULL
 * makes an instansi-level row. The file name is "t.csv" and lines count from 2. The row
 * returned is valid until the next row is added.
 */
static inline rows_row *fx_row(rows_data *d, int tahun, const char *prov, const char *kode,
                               const char *inst, names_jenis j, const char *skpd, dec_t nilai)
{
    rows_row r = {
        .file = fx_str(d, "t.csv"),
        .line = (uint32_t)d->n_rows + 2,
        .tahun = (int16_t)tahun,
        .jenis = (uint8_t)j,
        .provinsi = fx_str(d, prov),
        .instansi = fx_str(d, inst),
        .kode = fx_str(d, kode),
        .skpd = fx_str(d, skpd),
        .ada_nilai = nilai >= 0,
        .nilai = nilai,
    };
    r.instansi_asli = r.instansi;
    assert_true(rows_add(d, &r));
    return &d->rows[d->n_rows - 1];
}

/* A unit scored by its four components only (2022 method). */
static inline rows_row *fx_comp_row(rows_data *d, int tahun, const char *prov, const char *inst,
                                    names_jenis j, const char *skpd, dec_t in, dec_t pr, dec_t out,
                                    dec_t pg)
{
    rows_row *r = fx_row(d, tahun, prov, NULL, inst, j, skpd, -1);
    r->comp_mask = 0xF;
    r->comp[0] = in;
    r->comp[1] = pr;
    r->comp[2] = out;
    r->comp[3] = pg;
    return r;
}

#define FX_NONE (-1)

#endif
