#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "agg_fixture.h"

typedef struct t {
    rubric_set rubrics;
    rows_data *d;
    agg_model *m;
    kp_error err;
} t;

static int setup(void **state)
{
    t *x = calloc(1, sizeof *x);
    x->rubrics = fx_rubrics();
    x->d = rows_data_new();
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    t *x = *state;
    agg_free(x->m);
    rows_data_free(x->d);
    rubric_set_free(&x->rubrics);
    free(x);
    return 0;
}

static const agg_year *build_ok(t *x, int tahun)
{
    assert_int_equal(agg_build(x->d, &x->rubrics, &x->m, &x->err), KP_OK);
    const agg_year *y = agg_year_find(x->m, tahun);
    assert_non_null(y);
    return y;
}

static const agg_instansi *find(const agg_year *y, const char *nama)
{
    for (size_t i = 0; i < y->n_instansi; i++)
        if (!strcmp(y->instansi[i].nama, nama))
            return &y->instansi[i];
    fail_msg("instansi %s not found", nama);
    return NULL;
}

static const agg_unit *find_unit(const agg_instansi *in, const char *nama)
{
    for (size_t i = 0; i < in->n_units; i++)
        if (!strcmp(in->units[i].nama, nama))
            return &in->units[i];
    fail_msg("unit %s not found", nama);
    return NULL;
}

/* Published: Kabupaten Barito Kuala 2023, seven units -> 87,59, kategori B. */
static void barito_kuala_2023(void **state)
{
    t *x = *state;
    static const dec_t v[] = {9031, 8995, 8988, 8779, 8662, 8587, 8273};
    static const char *const u[] = {"Disdukcapil",
                                    "DPMPTSP",
                                    "Dinas Kesehatan",
                                    "Dinas Pendidikan",
                                    "Dinas Sosial",
                                    "Puskesmas Mandastana",
                                    "Puskesmas Semangat Dalam"};
    for (int i = 0; i < 7; i++)
        fx_row(x->d, 2023, "Kalimantan Selatan", "63.04", "Kabupaten Barito Kuala", JENIS_KABUPATEN,
               u[i], v[i]);
    const agg_year *y = build_ok(x, 2023);
    const agg_instansi *in = find(y, "Kabupaten Barito Kuala");
    assert_int_equal(in->nilai, 8759);
    assert_string_equal(in->band->kategori, "B");
    assert_string_equal(in->band->predikat, "Kualitas Tinggi");
    assert_int_equal(in->band->zona, ZONA_HIJAU);
    assert_false(in->nilai_resmi);
    assert_true(in->ada_rerata);
    assert_int_equal(in->rerata, 8759);
    assert_string_equal(in->key, "kode:63.04");
    assert_string_equal(in->nama_resmi, "Pemerintah Kabupaten Barito Kuala");
    assert_int_equal(in->n_units, 7);
    assert_string_equal(in->units[0].nama, "Disdukcapil");
    assert_int_equal(in->units[0].peringkat, 1);
    assert_string_equal(in->units[6].nama, "Puskesmas Semangat Dalam");
    assert_int_equal(in->units[6].peringkat, 7);
    assert_int_equal(in->unit_stats.n, 7);
    assert_int_equal(in->unit_stats.min, 8273);
    assert_int_equal(in->unit_stats.max, 9031);
    assert_int_equal(in->unit_stats.mean, 8759);
    assert_int_equal(in->unit_stats.kategori[0], 3); /* A: 90,31 89,95 89,88 */
    assert_int_equal(in->unit_stats.kategori[1], 4);
    assert_int_equal(y->n_units, 7);
}

/* Competition ranks 1, 2, 2, 4 nationally per jenis and among a province's kabupaten+kota. */
static void ranks_with_ties(void **state)
{
    t *x = *state;
    fx_row(x->d, 2023, "Jambi", NULL, "Kabupaten A", JENIS_KABUPATEN, NULL, 9000);
    fx_row(x->d, 2023, "Jambi", NULL, "Kabupaten B", JENIS_KABUPATEN, NULL, 8000);
    fx_row(x->d, 2023, "Jambi", NULL, "Kabupaten C", JENIS_KABUPATEN, NULL, 8000);
    fx_row(x->d, 2023, "Jambi", NULL, "Kabupaten D", JENIS_KABUPATEN, NULL, 7000);
    fx_row(x->d, 2023, "Jambi", NULL, "Kota E", JENIS_KOTA, NULL, 8500);
    fx_row(x->d, 2023, "Jambi", NULL, "Provinsi Jambi", JENIS_PROVINSI, NULL, 9900);
    fx_row(x->d, 2023, "Bali", NULL, "Kabupaten F", JENIS_KABUPATEN, NULL, 8000);
    fx_row(x->d, 2023, "Pusat", NULL, "Kementerian X", JENIS_KEMENTERIAN, NULL, 6000);
    const agg_year *y = build_ok(x, 2023);
    static const struct {
        const char *nama;
        int nas, n_nas, prov, n_prov;
    } want[] = {
        {"Kabupaten A", 1, 5, 1, 5},    {"Kabupaten B", 2, 5, 3, 5},   {"Kabupaten C", 2, 5, 3, 5},
        {"Kabupaten D", 5, 5, 5, 5},    {"Kabupaten F", 2, 5, 1, 1},   {"Kota E", 1, 1, 2, 5},
        {"Provinsi Jambi", 1, 1, 0, 0}, {"Kementerian X", 1, 1, 0, 0},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const agg_instansi *in = find(y, want[i].nama);
        assert_int_equal(in->peringkat_nasional, want[i].nas);
        assert_int_equal(in->n_peringkat_nasional, want[i].n_nas);
        assert_int_equal(in->peringkat_provinsi, want[i].prov);
        assert_int_equal(in->n_peringkat_provinsi, want[i].n_prov);
    }
    /* ranked: by nilai, ties by name. */
    static const char *const order[] = {"Provinsi Jambi", "Kabupaten A",  "Kota E",
                                        "Kabupaten B",    "Kabupaten C",  "Kabupaten F",
                                        "Kabupaten D",    "Kementerian X"};
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(y->ranked[i]->nama, order[i]);
    /* provinces by name, Pusat last; instansi grouped the same way. */
    assert_int_equal(y->n_provinsi, 3);
    assert_string_equal(y->provinsi[0].nama, "Bali");
    assert_string_equal(y->provinsi[1].nama, "Jambi");
    assert_string_equal(y->provinsi[2].nama, "Pusat");
    assert_true(y->provinsi[2].pusat);
    assert_string_equal(y->instansi[0].nama, "Kabupaten F");
    assert_string_equal(y->instansi[7].nama, "Kementerian X");
    const agg_provinsi *jambi = agg_provinsi_find(y, "jambi");
    assert_ptr_equal(jambi, &y->provinsi[1]);
    assert_string_equal(jambi->pemprov->nama, "Provinsi Jambi");
    assert_int_equal(jambi->n_instansi, 6);
    /* (9000 + 8000 + 8000 + 7000 + 8500 + 9900) / 6 = 8400 */
    assert_int_equal(jambi->nilai, 8400);
    assert_string_equal(jambi->band->kategori, "B");
}

static void unit_ties(void **state)
{
    t *x = *state;
    static const dec_t v[] = {8000, 9000, 8000, 7000};
    static const char *const u[] = {"Dinas B", "Dinas A", "Dinas C", "Dinas D"};
    for (int i = 0; i < 4; i++)
        fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, u[i], v[i]);
    const agg_year *y = build_ok(x, 2023);
    const agg_instansi *in = find(y, "Kota Jambi");
    static const char *const order[] = {"Dinas A", "Dinas B", "Dinas C", "Dinas D"};
    static const int rank[] = {1, 2, 2, 4};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(in->units[i].nama, order[i]);
        assert_int_equal(in->units[i].peringkat, rank[i]);
        assert_ptr_equal(in->units[i].instansi, in);
    }
    assert_int_equal(in->nilai, 8000);
}

/* An instansi-level row is the official score; the mean of the units is kept beside it. */
static void official_row_wins(void **state)
{
    t *x = *state;
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas A", 9000);
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, NULL, 7500);
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas B", 8000);
    const agg_year *y = build_ok(x, 2023);
    const agg_instansi *in = find(y, "Kota Jambi");
    assert_true(in->nilai_resmi);
    assert_int_equal(in->nilai, 7500);
    assert_string_equal(in->band->kategori, "C");
    assert_true(in->ada_rerata);
    assert_int_equal(in->rerata, 8500);
    assert_int_equal(in->n_units, 2);
}

/* One unit; a province with only its government (no ranks in the province). */
static void one_unit_and_lone_government(void **state)
{
    t *x = *state;
    fx_row(x->d, 2022, "Bali", "51", "Provinsi Bali", JENIS_PROVINSI, "RSUD Bali Mandara", 7799);
    const agg_year *y = build_ok(x, 2022);
    assert_int_equal(y->n_provinsi, 1);
    const agg_provinsi *p = &y->provinsi[0];
    assert_int_equal(p->n_instansi, 1);
    assert_ptr_equal(p->pemprov, &y->instansi[0]);
    const agg_instansi *in = p->pemprov;
    assert_int_equal(in->nilai, 7799);
    assert_string_equal(in->band->kategori, "C");
    assert_int_equal(in->peringkat_provinsi, 0);
    assert_int_equal(in->n_peringkat_provinsi, 0);
    assert_int_equal(in->peringkat_nasional, 1);
    assert_int_equal(in->units[0].peringkat, 1);
    assert_int_equal(p->nilai, 7799);
    assert_int_equal(p->instansi_stats.n, 1);
    assert_int_equal(p->unit_stats.n, 1);
    assert_int_equal(p->per_jenis[JENIS_PROVINSI].n, 1);
    assert_int_equal(p->per_jenis[JENIS_KABUPATEN].n, 0);
}

/* Unit nilai from components; instansi components are the rounded means. */
static void components(void **state)
{
    t *x = *state;
    /* Puskesmas Watdek 2023: 8,72 + 10,76 + 20,76 + 9,61 = 49,85 */
    fx_comp_row(x->d, 2023, "Maluku", "Kabupaten Maluku Tenggara", JENIS_KABUPATEN,
                "Puskesmas Watdek", 872, 1076, 2076, 961);
    fx_comp_row(x->d, 2023, "Maluku", "Kabupaten Maluku Tenggara", JENIS_KABUPATEN,
                "Puskesmas Ohoijang", 873, 1077, 2077, 962);
    const agg_year *y = build_ok(x, 2023);
    const agg_instansi *in = find(y, "Kabupaten Maluku Tenggara");
    assert_int_equal(find_unit(in, "Puskesmas Watdek")->nilai, 4985);
    assert_int_equal(find_unit(in, "Puskesmas Ohoijang")->nilai, 4989);
    assert_int_equal(in->nilai, 4987);
    assert_string_equal(in->band->kategori, "D");
    assert_int_equal(in->comp_mask, 0xF);
    assert_int_equal(in->comp[0], 873); /* 872,5 rounds half up */
    assert_int_equal(in->comp[3], 962); /* 961,5 */
}

/* Zone and category counts at every level. */
static void stats_counts(void **state)
{
    t *x = *state;
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "U1", 9500);
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "U2", 3000); /* -> 62,50 C */
    fx_row(x->d, 2023, "Jambi", NULL, "Kabupaten Kerinci", JENIS_KABUPATEN, "U1", 8800);
    fx_row(x->d, 2023, "Pusat", NULL, "Lembaga Y", JENIS_LEMBAGA, "U1", 4000);
    const agg_year *y = build_ok(x, 2023);
    assert_int_equal(y->nasional.n, 3);
    assert_int_equal(y->nasional.zona[ZONA_HIJAU], 1);
    assert_int_equal(y->nasional.zona[ZONA_KUNING], 1);
    assert_int_equal(y->nasional.zona[ZONA_MERAH], 1);
    assert_int_equal(y->nasional.kategori[0], 1);
    assert_int_equal(y->nasional.kategori[2], 1);
    assert_int_equal(y->nasional.kategori[3], 1);
    assert_int_equal(y->nasional.min, 4000);
    assert_int_equal(y->nasional.max, 8800);
    assert_int_equal(y->nasional.mean, 6350); /* (6250 + 8800 + 4000) / 3 = 6350 */
    assert_int_equal(y->nasional_units.n, 4);
    assert_int_equal(y->nasional_units.zona[ZONA_MERAH], 2);
    assert_int_equal(y->nasional_units.mean, 6325);
    assert_int_equal(y->per_jenis[JENIS_KOTA].n, 1);
    assert_int_equal(y->per_jenis[JENIS_LEMBAGA].zona[ZONA_MERAH], 1);
    const agg_provinsi *p = agg_provinsi_find(y, "jambi");
    assert_int_equal(p->instansi_stats.n, 2);
    assert_int_equal(p->unit_stats.n, 3);
    assert_int_equal(p->unit_stats.zona[ZONA_HIJAU], 2);
    assert_int_equal(p->nilai, 7525); /* (6250 + 8800) / 2 */
    assert_int_equal(p->instansi_stats.mean, 7525);
    assert_null(p->pemprov);
    assert_true(agg_provinsi_find(y, "pusat")->pusat);
}

/* Slugs: unique within a year for instansi, within the instansi for units. */
static void slugs_unique(void **state)
{
    t *x = *state;
    fx_row(x->d, 2023, "Jawa Timur", "35.79", "Kota Batu", JENIS_KOTA, "Dinas A B", 8000);
    fx_row(x->d, 2023, "Jawa Timur", "35.79", "Kota Batu", JENIS_KOTA, "Dinas A/B", 8100);
    fx_row(x->d, 2023, "Jawa Timur", "35.99", "Kota Batu", JENIS_KOTA, "Dinas A B", 8200);
    const agg_year *y = build_ok(x, 2023);
    /* Two kodes under one name are two instansi: same slug base, the second suffixed. */
    assert_int_equal(y->n_instansi, 2);
    assert_string_equal(y->instansi[0].kode, "35.79");
    assert_string_equal(y->instansi[0].slug, "kota-batu");
    assert_string_equal(y->instansi[1].slug, "kota-batu-2");
    const agg_instansi *batu = agg_instansi_find(y, "kode:35.79");
    assert_int_equal(batu->n_units, 2);
    /* suffixes go in name order: "dinas a b" before "dinas ab" */
    assert_string_equal(find_unit(batu, "Dinas A B")->slug, "dinas-a-b");
    assert_string_equal(find_unit(batu, "Dinas A/B")->slug, "dinas-a-b-2");
    assert_string_equal(y->provinsi[0].slug, "jawa-timur");
}

/* One instansi written with and without its kode, in either order, is one entity. */
static void kode_and_name_merge(void **state)
{
    t *x = *state;
    fx_row(x->d, 2023, "Kalimantan Selatan", NULL, "Kota Banjarbaru", JENIS_KOTA, "Dinas A", 8000);
    fx_row(x->d, 2023, "Kalimantan Selatan", "63.72", "Kota Banjarbaru", JENIS_KOTA, "Dinas B",
           9000);
    fx_row(x->d, 2023, "Kalimantan Selatan", NULL, "Kota Banjarbaru", JENIS_KOTA, "Dinas C", 7000);
    fx_row(x->d, 2023, "Kalimantan Selatan", "63.04", "Kabupaten Barito Kuala", JENIS_KABUPATEN,
           "Dinas A", 8000);
    fx_row(x->d, 2023, "Kalimantan Selatan", NULL, "Kabupaten Barito Kuala", JENIS_KABUPATEN,
           "Dinas B", 9000);
    const agg_year *y = build_ok(x, 2023);
    assert_int_equal(y->n_instansi, 2);
    const agg_instansi *bjb = agg_instansi_find(y, "kode:63.72");
    assert_non_null(bjb);
    assert_int_equal(bjb->n_units, 3);
    assert_string_equal(bjb->kode, "63.72");
    assert_string_equal(bjb->nama_key, "kota banjarbaru");
    assert_ptr_equal(agg_instansi_find_name(y, "kota banjarbaru"), bjb);
    assert_int_equal(agg_instansi_find(y, "kode:63.04")->n_units, 2);
    assert_null(agg_instansi_find(y, "kota banjarbaru"));
}

static void empty_and_unknown_years(void **state)
{
    t *x = *state;
    assert_int_equal(agg_build(x->d, &x->rubrics, &x->m, &x->err), KP_OK);
    assert_int_equal(x->m->n_years, 0);
    assert_null(agg_year_find(x->m, 2023));
    agg_free(x->m);
    x->m = NULL;
    fx_row(x->d, 2021, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, NULL, 8100);
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, NULL, 8100);
    assert_int_equal(agg_build(x->d, &x->rubrics, &x->m, &x->err), KP_OK);
    assert_int_equal(x->m->n_years, 2);
    assert_int_equal(x->m->years[0].tahun, 2021);
    assert_string_equal(x->m->years[0].rubric->id, "ombudsman-2013");
    assert_string_equal(x->m->years[0].instansi[0].band->predikat, "Kepatuhan Tinggi");
    assert_string_equal(x->m->years[1].instansi[0].band->kategori, "B");
    agg_free(x->m);
    x->m = NULL;
    fx_row(x->d, 2030, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, NULL, 8100);
    assert_int_equal(agg_build(x->d, &x->rubrics, &x->m, &x->err), KP_ERR_DATA);
    assert_null(x->m);
    assert_non_null(strstr(x->err.msg, "2030"));
}

static void duplicates_refused(void **state)
{
    t *x = *state;
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas A", 8000);
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "DINAS  A", 8100);
    assert_int_equal(agg_build(x->d, &x->rubrics, &x->m, &x->err), KP_ERR_DATA);
    assert_int_equal(x->err.line, 3);
    assert_non_null(strstr(x->err.msg, "t.csv:2"));
}

/*
 * A unit name repeated across instansi and years is one interned string, and agg.c derives its
 * name, key and slug once per such string (the unit-name cache, keyed by address): every unit
 * of that name shares the strings of the first.
 */
static void unit_names_cached(void **state)
{
    t *x = *state;
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas Kesehatan", 8000);
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas Sosial", 7000);
    fx_row(x->d, 2023, "Jambi", NULL, "Kabupaten Kerinci", JENIS_KABUPATEN, "Dinas Kesehatan",
           6000);
    fx_row(x->d, 2022, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas Kesehatan", 7500);
    /* The fixture keeps the reader's promise: one name, one pointer. */
    assert_ptr_equal(x->d->rows[0].skpd, x->d->rows[2].skpd);
    assert_ptr_equal(x->d->rows[0].skpd, x->d->rows[3].skpd);
    const agg_year *y = build_ok(x, 2023);
    const agg_unit *jambi = find_unit(find(y, "Kota Jambi"), "Dinas Kesehatan");
    const agg_unit *kerinci = find_unit(find(y, "Kabupaten Kerinci"), "Dinas Kesehatan");
    const agg_unit *lalu =
        find_unit(find(agg_year_find(x->m, 2022), "Kota Jambi"), "Dinas Kesehatan");
    const agg_unit *sosial = find_unit(find(y, "Kota Jambi"), "Dinas Sosial");
    assert_string_equal(jambi->slug, "dinas-kesehatan");
    assert_ptr_equal(kerinci->nama, jambi->nama);
    assert_ptr_equal(kerinci->key, jambi->key);
    assert_ptr_equal(kerinci->slug, jambi->slug);
    assert_ptr_equal(lalu->slug, jambi->slug);
    assert_true(sosial->nama != jambi->nama);
    assert_string_equal(sosial->slug, "dinas-sosial");
    assert_int_equal(jambi->nilai, 8000);
    assert_int_equal(kerinci->nilai, 6000);
    assert_int_equal(lalu->nilai, 7500);
}

/* A name that is not interned only misses the cache: the same name at another address is
 * still the same unit, so a repeat within an instansi is still refused as a duplicate. */
static void uninterned_name_same_unit(void **state)
{
    t *x = *state;
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas A", 8000);
    rows_row *r = fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas B", 7000);
    r->skpd = arena_strdup(x->d->arena, "Dinas A");
    assert_true(r->skpd != x->d->rows[0].skpd);
    assert_int_equal(agg_build(x->d, &x->rubrics, &x->m, &x->err), KP_ERR_DATA);
    assert_int_equal(x->err.line, 3);
    assert_non_null(
        strstr(x->err.msg, "SKPD Dinas A di Kota Jambi tahun 2023 ganda (juga di t.csv:2)"));
}

/* Rows of one instansi that are not consecutive (the row-before shortcut does not apply)
 * still make one instansi, and consecutive rows of another in between do not mix with it. */
static void instansi_rows_apart(void **state)
{
    t *x = *state;
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas A", 8000);
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas B", 7000);
    fx_row(x->d, 2023, "Jambi", NULL, "Kabupaten Kerinci", JENIS_KABUPATEN, "Dinas A", 6000);
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas C", 9000);
    const agg_year *y = build_ok(x, 2023);
    assert_int_equal(y->n_instansi, 2);
    assert_int_equal(find(y, "Kota Jambi")->n_units, 3);
    assert_int_equal(find(y, "Kabupaten Kerinci")->n_units, 1);
    assert_int_equal(find_unit(find(y, "Kota Jambi"), "Dinas C")->nilai, 9000);
}

/* Errors come in file order within an instansi, whatever order the rows are worked in. */
static void errors_in_file_order(void **state)
{
    t *x = *state;
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas A", FX_NONE)->comp_mask =
        0x7;
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, NULL, 8000);
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, NULL, 8100);
    assert_int_equal(agg_build(x->d, &x->rubrics, &x->m, &x->err), KP_ERR_DATA);
    assert_int_equal(x->err.line, 2);
    assert_non_null(strstr(x->err.msg, "komponennya tidak lengkap (rubrik ombudsman-2022)"));

    /* The same rows with the unit last: the second instansi row is the first error. */
    rows_row *rows = x->d->rows, unit = rows[0];
    rows[0] = rows[1];
    rows[1] = rows[2];
    rows[2] = unit;
    for (uint32_t i = 0; i < 3; i++)
        rows[i].line = i + 2;
    assert_int_equal(agg_build(x->d, &x->rubrics, &x->m, &x->err), KP_ERR_DATA);
    assert_int_equal(x->err.line, 3);
    assert_non_null(
        strstr(x->err.msg, "nilai instansi Kota Jambi tahun 2023 ganda (juga di t.csv:2)"));
}

static void same_model(const agg_model *a, const agg_model *b)
{
    assert_int_equal(a->n_years, b->n_years);
    for (size_t i = 0; i < a->n_years; i++) {
        const agg_year *ya = &a->years[i], *yb = &b->years[i];
        assert_int_equal(ya->n_instansi, yb->n_instansi);
        assert_int_equal(ya->n_units, yb->n_units);
        assert_int_equal(ya->nasional_units.mean, yb->nasional_units.mean);
        for (size_t j = 0; j < ya->n_instansi; j++) {
            const agg_instansi *ia = &ya->instansi[j], *ib = &yb->instansi[j];
            assert_string_equal(ia->nama, ib->nama);
            assert_int_equal(ia->nilai, ib->nilai);
            assert_int_equal(ia->nilai_resmi, ib->nilai_resmi);
            assert_int_equal(ia->rerata, ib->rerata);
            assert_memory_equal(ia->comp, ib->comp, sizeof ia->comp);
            assert_int_equal(ia->n_units, ib->n_units);
            for (size_t k = 0; k < ia->n_units; k++) {
                const agg_unit *ua = &ia->units[k], *ub = &ib->units[k];
                assert_string_equal(ua->nama, ub->nama);
                assert_string_equal(ua->slug, ub->slug);
                assert_int_equal(ua->nilai, ub->nilai);
                assert_int_equal(ua->peringkat, ub->peringkat);
                assert_int_equal(ua->line, ub->line);
                assert_int_equal(ua->comp_mask, ub->comp_mask);
                for (int c = 0; c < RUBRIC_MAX_COMP; c++)
                    assert_int_equal(agg_unit_comp(ua, c), agg_unit_comp(ub, c));
            }
        }
    }
}

/* Consuming the rows (released in steps of thousands) builds the same model, rows gone. */
static void consume_builds_the_same(void **state)
{
    t *x = *state;
    static const char *const inst[] = {"Kota Jambi", "Kabupaten Kerinci", "Kota Sungai Penuh"};
    char unit[32];
    for (int i = 0; i < 9000; i++) {
        int tahun = i < 6000 ? 2023 : 2022;
        const char *in = inst[(i / 700) % 3];
        snprintf(unit, sizeof unit, "Unit %d", i % 6000);
        if (i % 5)
            fx_row(x->d, tahun, "Jambi", NULL, in, JENIS_KOTA, unit, (i * 37) % 10000);
        else
            fx_comp_row(x->d, tahun, "Jambi", in, JENIS_KOTA, unit, i % 2185, i % 3237, i % 2424,
                        i % 2154);
    }
    fx_row(x->d, 2023, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, NULL, 7000);
    assert_int_equal(agg_build(x->d, &x->rubrics, &x->m, &x->err), KP_OK);
    agg_model *m2 = NULL;
    assert_int_equal(agg_build_consume(x->d, &x->rubrics, &m2, &x->err), KP_OK);
    assert_int_equal(x->d->n_rows, 0);
    same_model(x->m, m2);
    assert_true(agg_year_find(m2, 2023)->instansi[1].nilai_resmi);
    agg_free(m2);
}

/* The 2025 method, from its shipped file: the published cases of OPINI-2025.md. */
static void opini_2025(void **state)
{
    t *x = *state;
    rubric_set_free(&x->rubrics);
    kp_error err;
    assert_int_equal(rubric_set_load_dir(&x->rubrics, KP_SOURCE_DIR "/templates/rubrik", &err),
                     KP_OK);
    const char *su = "Sulawesi Utara", *mu = "Maluku Utara";
    fx_row(x->d, 2025, su, NULL, "Kabupaten Bolaang Mongondow", JENIS_KABUPATEN, "Dinas Sosial",
           8683)
        ->gerbang = RUBRIC_GERBANG_YA;
    fx_row(x->d, 2025, su, NULL, "Kabupaten Bolaang Mongondow", JENIS_KABUPATEN, "Dinas Pendidikan",
           8580);
    fx_row(x->d, 2025, su, NULL, "Kabupaten Bolaang Mongondow", JENIS_KABUPATEN,
           "RSUD Datoe Binangkang", 8290);
    fx_row(x->d, 2025, su, NULL, "Kantor Pertanahan Kota Manado", JENIS_VERTIKAL, NULL, 9000);
    fx_row(x->d, 2025, su, NULL, "Provinsi Sulawesi Utara", JENIS_PROVINSI, "Dinas Sosial", 7800);
    fx_row(x->d, 2025, su, NULL, "Provinsi Sulawesi Utara", JENIS_PROVINSI, "RSUD Kandou", 7799);
    fx_row(x->d, 2025, mu, NULL, "Kabupaten Kepulauan Sula", JENIS_KABUPATEN, NULL, 5761)->gerbang =
        RUBRIC_GERBANG_YA;
    fx_row(x->d, 2025, mu, NULL, "Kabupaten Pulau Morotai", JENIS_KABUPATEN, NULL, 5338)->gerbang =
        RUBRIC_GERBANG_TIDAK;
    fx_row(x->d, 2025, mu, NULL, "Kabupaten Halmahera Utara", JENIS_KABUPATEN, NULL, 6963);
    fx_row(x->d, 2025, mu, NULL, "Kantor Imigrasi Ternate", JENIS_VERTIKAL, NULL, 8010);
    fx_row(x->d, 2025, mu, NULL, "Polres Ternate", JENIS_VERTIKAL, NULL, 7000);
    fx_row(x->d, 2025, "Gorontalo", NULL, "Lapas Gorontalo", JENIS_VERTIKAL, NULL, 8500);
    const agg_year *y = build_ok(x, 2025);

    const agg_instansi *bm = agg_instansi_find_name(y, "kabupaten bolaang mongondow");
    assert_non_null(bm);
    assert_int_equal(bm->nilai, 8518);
    assert_int_equal(bm->gerbang, RUBRIC_GERBANG_YA);
    assert_string_equal(bm->opini, "Opini Kualitas Tinggi Tanpa Maladministrasi");
    assert_string_equal(bm->predikat, "Kualitas Tinggi");
    assert_int_equal(bm->n_pembinaan, 0);
    assert_string_equal(bm->units[0].band->predikat_unit, "Baik");
    assert_false(bm->units[0].pembinaan);
    /* Coaching from 77,99 down, appreciation from 78,00. */
    const agg_instansi *ps = agg_instansi_find_name(y, "provinsi sulawesi utara");
    assert_int_equal(ps->n_pembinaan, 1);
    assert_false(ps->units[0].pembinaan);
    assert_true(ps->units[1].pembinaan);
    assert_string_equal(ps->units[1].band->predikat_unit, "Cukup");

    const agg_instansi *sula = agg_instansi_find_name(y, "kabupaten kepulauan sula");
    assert_string_equal(sula->opini, "Opini Kualitas Sedang Tanpa Maladministrasi");
    const agg_instansi *mor = agg_instansi_find_name(y, "kabupaten pulau morotai");
    assert_string_equal(mor->opini, "Opini Kualitas Rendah");
    const agg_instansi *hu = agg_instansi_find_name(y, "kabupaten halmahera utara");
    assert_int_equal(hu->gerbang, RUBRIC_GERBANG_TIDAK_DIKETAHUI);
    assert_string_equal(hu->opini, "Opini Kualitas Sedang");

    /* Vertical offices: a unit's label, no opinion, ranked among themselves. */
    const agg_instansi *imi = agg_instansi_find_name(y, "kantor imigrasi ternate");
    assert_string_equal(imi->predikat, "Baik");
    assert_string_equal(imi->opini, "");
    assert_int_equal(imi->peringkat_provinsi, 1);
    assert_int_equal(imi->n_peringkat_provinsi, 2);
    assert_int_equal(imi->peringkat_nasional, 3);
    assert_int_equal(imi->n_peringkat_nasional, 4);
    assert_int_equal(sula->peringkat_provinsi, 2);
    assert_int_equal(sula->n_peringkat_provinsi, 3);

    /* Regions count their pemda only; a region of vertical offices alone is empty. */
    const agg_provinsi *pmu = agg_provinsi_find(y, "maluku utara");
    assert_int_equal(pmu->instansi_stats.n, 3);
    assert_int_equal(pmu->instansi_stats.gerbang, 1);
    assert_int_equal(pmu->nilai, 6021); /* (57,61 + 53,38 + 69,63) / 3 = 60,2067 */
    assert_int_equal(pmu->per_jenis[JENIS_VERTIKAL].n, 2);
    assert_int_equal(agg_provinsi_find(y, "gorontalo")->instansi_stats.n, 0);
    assert_int_equal(y->nasional.n, 5);
    assert_int_equal(y->nasional.gerbang, 2);
    assert_int_equal(y->per_jenis[JENIS_VERTIKAL].n, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(barito_kuala_2023, setup, teardown),
        cmocka_unit_test_setup_teardown(ranks_with_ties, setup, teardown),
        cmocka_unit_test_setup_teardown(unit_ties, setup, teardown),
        cmocka_unit_test_setup_teardown(official_row_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(one_unit_and_lone_government, setup, teardown),
        cmocka_unit_test_setup_teardown(components, setup, teardown),
        cmocka_unit_test_setup_teardown(stats_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(slugs_unique, setup, teardown),
        cmocka_unit_test_setup_teardown(kode_and_name_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_and_unknown_years, setup, teardown),
        cmocka_unit_test_setup_teardown(duplicates_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(unit_names_cached, setup, teardown),
        cmocka_unit_test_setup_teardown(uninterned_name_same_unit, setup, teardown),
        cmocka_unit_test_setup_teardown(instansi_rows_apart, setup, teardown),
        cmocka_unit_test_setup_teardown(errors_in_file_order, setup, teardown),
        cmocka_unit_test_setup_teardown(consume_builds_the_same, setup, teardown),
        cmocka_unit_test_setup_teardown(opini_2025, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
