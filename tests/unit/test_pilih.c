#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/pilih.h"

#define RUBRIK_DIR KP_SOURCE_DIR "/templates/rubrik"

static rubric r2013, r2022, r2025;

static void load(const char *file, rubric *r)
{
    char path[512];
    kp_error err;
    snprintf(path, sizeof path, "%s/%s", RUBRIK_DIR, file);
    if (rubric_load(path, r, &err) != KP_OK)
        fail_msg("%s:%d: %s", err.file, err.line, err.msg);
}

static int setup(void **state)
{
    (void)state;
    load("ombudsman-2013.ini", &r2013);
    load("ombudsman-2022.ini", &r2022);
    load("ombudsman-opini-2025.ini", &r2025);
    return 0;
}

static pilih parse_ok(const char *spec, const rubric *const *rs, size_t n)
{
    pilih p;
    kp_error err;
    if (pilih_parse(spec, rs, n, &p, &err) != KP_OK)
        fail_msg("\"%s\": %s", spec, err.msg);
    return p;
}

static void expect_refused(const char *spec, const rubric *const *rs, size_t n, const char *frag)
{
    pilih p;
    kp_error err;
    assert_int_equal(pilih_parse(spec, rs, n, &p, &err), KP_ERR_USAGE);
    if (!strstr(err.msg, frag))
        fail_msg("\"%s\": got \"%s\", want \"%s\"", spec, err.msg, frag);
    /* Every refusal says what is accepted. */
    assert_non_null(strstr(err.msg, "yang diterima: semua, tidak"));
}

/* An instansi of the band holding v, with the gate g. */
static agg_instansi inst(const rubric *r, dec_t v, rubric_gerbang g)
{
    agg_instansi in = {.nilai = v, .band = rubric_classify(r, v), .gerbang = g};
    return in;
}

static void test_bands_and_gate(void **state)
{
    (void)state;
    const rubric *rs[] = {&r2025};
    pilih p = parse_ok("A,B", rs, 1);
    agg_instansi a = inst(&r2025, 9000, RUBRIC_GERBANG_TIDAK);
    agg_instansi b = inst(&r2025, 8518, RUBRIC_GERBANG_YA);
    agg_instansi c = inst(&r2025, 5761, RUBRIC_GERBANG_YA);
    agg_instansi d = inst(&r2025, 5338, RUBRIC_GERBANG_TIDAK_DIKETAHUI);
    assert_true(pilih_instansi(&p, &a));
    assert_true(pilih_instansi(&p, &b));
    assert_false(pilih_instansi(&p, &c));

    /* The gate with bands: both must hold; alone: any band. Unknown is not a yes. */
    p = parse_ok(" a , b , TM ", rs, 1);
    assert_false(pilih_instansi(&p, &a));
    assert_true(pilih_instansi(&p, &b));
    assert_false(pilih_instansi(&p, &c));
    p = parse_ok("tanpa-maladministrasi", rs, 1);
    assert_false(pilih_instansi(&p, &a));
    assert_true(pilih_instansi(&p, &b));
    assert_true(pilih_instansi(&p, &c));
    assert_false(pilih_instansi(&p, &d));

    /* Units follow their band and their instansi's gate. */
    agg_unit u = {.band = rubric_classify(&r2025, 7000), .instansi = &b};
    assert_true(pilih_unit(&p, &u));
    u.instansi = &a;
    assert_false(pilih_unit(&p, &u));

    p = parse_ok("semua", rs, 1);
    assert_true(pilih_instansi(&p, &d));
    p = parse_ok("tidak", rs, 1);
    assert_true(p.tidak);
    assert_false(pilih_instansi(&p, &a));

    /* The rubric's own default parses against it. */
    p = parse_ok(r2025.piagam_bawaan, rs, 1);
    assert_true(pilih_instansi(&p, &b));
    assert_false(pilih_instansi(&p, &c));
}

static void test_zones_only_where_every_year_has_them(void **state)
{
    (void)state;
    const rubric *old[] = {&r2022};
    pilih p = parse_ok("hijau", old, 1);
    agg_instansi b = inst(&r2022, 8000, RUBRIC_GERBANG_TIDAK_DIKETAHUI);
    agg_instansi c = inst(&r2022, 6000, RUBRIC_GERBANG_TIDAK_DIKETAHUI);
    assert_true(pilih_instansi(&p, &b));
    assert_false(pilih_instansi(&p, &c));
    p = parse_ok("kuning,A", old, 1);
    assert_false(pilih_instansi(&p, &b));
    assert_true(pilih_instansi(&p, &c));

    const rubric *both[] = {&r2022, &r2025};
    expect_refused("hijau", both, 2, "metode 2025-2026");
    expect_refused("hijau", both, 2, "tidak memakai zona");
    p = parse_ok("A,B", both, 2);
    assert_int_equal(p.n_kategori, 2);
    /* The gate needs a gate in every year rendered. */
    expect_refused("tm", both, 2, "metode 2022-2024 tidak punya gerbang");
    /* 2013-2021 has no letters. */
    const rubric *zones[] = {&r2013, &r2022};
    parse_ok("hijau", zones, 2);
    expect_refused("A", zones, 2, "'A' tidak dikenal");
}

static void test_refused_words(void **state)
{
    (void)state;
    const rubric *rs[] = {&r2025};
    /* Today's silent acceptances: a letter no band has, a zone mixed with a band. */
    expect_refused("Z", rs, 1, "'Z' tidak dikenal");
    expect_refused("hijau,A", rs, 1, "tidak memakai zona");
    expect_refused("A,,B", rs, 1, "ada pilihan yang kosong");
    expect_refused("A;B", rs, 1, "'A;B' tidak dikenal");
    expect_refused("", rs, 1, "kosong");
    expect_refused("A,tidak", rs, 1, "'tidak' hanya boleh ditulis sendiri");
    expect_refused("A,", rs, 1, "kosong");
    pilih p;
    kp_error err;
    assert_int_equal(pilih_parse("ungu", rs, 1, &p, &err), KP_ERR_USAGE);
    assert_non_null(strstr(err.msg, "kategori A, B, C, D, E"));
    assert_non_null(strstr(err.msg, "tm (hanya yang Tanpa Maladministrasi)"));
    assert_null(strstr(err.msg, "hijau"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bands_and_gate),
        cmocka_unit_test(test_zones_only_where_every_year_has_them),
        cmocka_unit_test(test_refused_words),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
