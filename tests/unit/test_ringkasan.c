/*
 * test_ringkasan.c - what an executive summary lists: which comparison entries belong to a
 * national, a province's and an instansi's summary, their counts by movement, and the
 * largest movers in order (ties keep the comparison's order).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "agg_fixture.h"
#include "model/cmp.h"
#include "render/ringkasan.h"

typedef struct t {
    rubric_set rubrics;
    rows_data *d;
    agg_model *m;
    cmp_result *c;
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
    cmp_free(x->c);
    agg_free(x->m);
    rows_data_free(x->d);
    rubric_set_free(&x->rubrics);
    free(x);
    return 0;
}

static void k(t *x, int tahun, const char *prov, const char *nama, dec_t v)
{
    fx_row(x->d, tahun, prov, NULL, nama, JENIS_KABUPATEN, NULL, v);
}

/* Two provinces 2023 -> 2024: up, down, the same, new, gone, and two equal rises. */
static void build(t *x)
{
    k(x, 2023, "Jambi", "Kabupaten Kerinci", 7000);
    k(x, 2024, "Jambi", "Kabupaten Kerinci", 8000); /* +10,00, kuning -> hijau */
    k(x, 2023, "Jambi", "Kabupaten Merangin", 8500);
    k(x, 2024, "Jambi", "Kabupaten Merangin", 5000); /* -35,00, hijau -> merah */
    k(x, 2023, "Jambi", "Kabupaten Sarolangun", 9000);
    k(x, 2024, "Jambi", "Kabupaten Sarolangun", 9000);
    k(x, 2024, "Jambi", "Kabupaten Tebo", 9000);  /* baru */
    k(x, 2023, "Jambi", "Kabupaten Bungo", 6000); /* hilang */
    k(x, 2023, "Riau", "Kabupaten Kampar", 6000);
    k(x, 2024, "Riau", "Kabupaten Kampar", 7000); /* +10,00, kuning -> kuning */
    k(x, 2023, "Riau", "Kabupaten Siak", 8200);
    k(x, 2024, "Riau", "Kabupaten Siak", 8300); /* +1,00 */
    fx_row(x->d, 2023, "Riau", NULL, "Kabupaten Pelalawan", JENIS_KABUPATEN, "Dinas A", 8000);
    fx_row(x->d, 2024, "Riau", NULL, "Kabupaten Pelalawan", JENIS_KABUPATEN, "Dinas A", 8500);
    fx_row(x->d, 2023, "Riau", NULL, "Kabupaten Pelalawan", JENIS_KABUPATEN, "Dinas B", 7000);
    fx_row(x->d, 2024, "Riau", NULL, "Kabupaten Pelalawan", JENIS_KABUPATEN, "Dinas C", 7000);
    assert_int_equal(agg_build(x->d, &x->rubrics, &x->m, &x->err), KP_OK);
    assert_int_equal(cmp_build(x->m, 2024, 2023, NULL, &x->c, &x->err), KP_OK);
}

static const agg_provinsi *prov(const t *x, const char *nama)
{
    const agg_year *y = agg_year_find(x->m, 2024);
    for (size_t i = 0; i < y->n_provinsi; i++)
        if (!strcmp(y->provinsi[i].nama, nama))
            return &y->provinsi[i];
    fail_msg("no province %s", nama);
    return NULL;
}

/* The national counts are the comparison's own, the provinces' add up to them. */
static void gerak(void **state)
{
    t *x = *state;
    build(x);
    size_t n[CMP_GERAK_COUNT], a[CMP_GERAK_COUNT], b[CMP_GERAK_COUNT];
    ringkasan_cakupan nas = {0}, jambi = {.provinsi = prov(x, "Jambi")},
                      riau = {.provinsi = prov(x, "Riau")};
    ringkasan_gerak(x->c, &nas, n);
    ringkasan_gerak(x->c, &jambi, a);
    ringkasan_gerak(x->c, &riau, b);
    for (int g = 0; g < CMP_GERAK_COUNT; g++) {
        assert_int_equal(n[g], x->c->perubahan[g]);
        assert_int_equal(a[g] + b[g], n[g]);
    }
    /* By zone: Kerinci up, Merangin down, Sarolangun the same, Tebo new, Bungo gone. */
    assert_int_equal(a[CMP_NAIK], 1);
    assert_int_equal(a[CMP_TURUN], 1);
    assert_int_equal(a[CMP_TETAP], 1);
    assert_int_equal(a[CMP_BARU], 1);
    assert_int_equal(a[CMP_HILANG], 1); /* gone: matched by last year's province */
    assert_int_equal(b[CMP_TETAP], 3);
}

/* Largest rises by exact selisih; equal ones in the comparison's order; cap respected. */
static void penggerak(void **state)
{
    t *x = *state;
    build(x);
    ringkasan_cakupan nas = {0}, riau = {.provinsi = prov(x, "Riau")};
    const cmp_entry *e[8];
    size_t n = ringkasan_penggerak(x->c, &nas, true, e, 8);
    assert_int_equal(n, 4); /* Kerinci, Kampar +10,00; Pelalawan 75,00 -> 77,50; Siak +1,00 */
    assert_int_equal(e[0]->selisih, 1000);
    assert_int_equal(e[1]->selisih, 1000);
    assert_true(e[0] < e[1]); /* tie: comparison order */
    assert_int_equal(e[n - 1]->selisih, 100);
    assert_int_equal(ringkasan_penggerak(x->c, &nas, true, e, 2), 2);
    assert_int_equal(e[0]->selisih, 1000);
    assert_int_equal(e[1]->selisih, 1000);
    n = ringkasan_penggerak(x->c, &nas, false, e, 8);
    assert_int_equal(n, 1);
    assert_string_equal(e[0]->kini->nama, "Kabupaten Merangin");
    assert_int_equal(e[0]->selisih, -3500);
    n = ringkasan_penggerak(x->c, &riau, true, e, 8);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(e[i]->kini->provinsi->nama, "Riau");
}

/* An instansi's summary compares its units: both years, new and gone. */
static void instansi(void **state)
{
    t *x = *state;
    build(x);
    const agg_year *y = agg_year_find(x->m, 2024);
    const agg_instansi *pl = NULL;
    for (size_t i = 0; i < y->n_instansi; i++)
        if (!strcmp(y->instansi[i].nama, "Kabupaten Pelalawan"))
            pl = &y->instansi[i];
    assert_non_null(pl);
    ringkasan_cakupan sc = {.instansi = pl};
    size_t n[CMP_GERAK_COUNT];
    ringkasan_gerak(x->c, &sc, n);
    assert_int_equal(n[CMP_BARU], 1);   /* Dinas C */
    assert_int_equal(n[CMP_HILANG], 1); /* Dinas B */
    assert_int_equal(n[CMP_TETAP] + n[CMP_NAIK] + n[CMP_TURUN], 1);
    const cmp_entry *e[4];
    assert_int_equal(ringkasan_penggerak(x->c, &sc, true, e, 4), 1);
    assert_string_equal(e[0]->unit_kini->nama, "Dinas A");
    assert_int_equal(e[0]->selisih, 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(gerak, setup, teardown),
        cmocka_unit_test_setup_teardown(penggerak, setup, teardown),
        cmocka_unit_test_setup_teardown(instansi, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
