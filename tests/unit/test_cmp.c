#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "agg_fixture.h"
#include "model/cmp.h"

typedef struct t {
    rubric_set rubrics;
    rows_data *d;
    agg_model *m;
    cmp_result *c;
    cmp_aliases *al;
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
    cmp_aliases_free(x->al);
    agg_free(x->m);
    rows_data_free(x->d);
    rubric_set_free(&x->rubrics);
    free(x);
    return 0;
}

static void compare(t *x, int tahun, int lalu)
{
    assert_int_equal(agg_build(x->d, &x->rubrics, &x->m, &x->err), KP_OK);
    assert_int_equal(cmp_build(x->m, tahun, lalu, x->al, &x->c, &x->err), KP_OK);
}

static const cmp_entry *entry(const cmp_result *c, const char *nama)
{
    for (size_t i = 0; i < c->n_instansi; i++) {
        const cmp_entry *e = &c->instansi[i];
        if (!strcmp((e->kini ? e->kini : e->lalu)->nama, nama))
            return e;
    }
    fail_msg("no entry for %s", nama);
    return NULL;
}

static void k(t *x, int tahun, const char *nama, names_jenis j, dec_t v)
{
    fx_row(x->d, tahun, "Jambi", NULL, nama, j, NULL, v);
}

/* Every movement by zone and by score, new and gone. */
static void movements(void **state)
{
    t *x = *state;
    k(x, 2022, "Kabupaten Naik Zona", JENIS_KABUPATEN, 7000); /* kuning -> hijau */
    k(x, 2023, "Kabupaten Naik Zona", JENIS_KABUPATEN, 8000);
    k(x, 2022, "Kabupaten Turun Zona", JENIS_KABUPATEN, 5400); /* kuning -> merah */
    k(x, 2023, "Kabupaten Turun Zona", JENIS_KABUPATEN, 5399);
    k(x, 2022, "Kabupaten Naik Nilai", JENIS_KABUPATEN, 6000); /* kuning, higher */
    k(x, 2023, "Kabupaten Naik Nilai", JENIS_KABUPATEN, 6500);
    k(x, 2022, "Kabupaten Tetap", JENIS_KABUPATEN, 9100);
    k(x, 2023, "Kabupaten Tetap", JENIS_KABUPATEN, 9100);
    k(x, 2023, "Kabupaten Baru", JENIS_KABUPATEN, 9000);
    k(x, 2022, "Kabupaten Hilang", JENIS_KABUPATEN, 5000);
    compare(x, 2023, 2022);
    const cmp_result *c = x->c;
    assert_false(c->beda_metode);
    assert_string_equal(c->alasan, "");
    assert_int_equal(c->n_instansi, 6);

    const cmp_entry *e = entry(c, "Kabupaten Naik Zona");
    assert_int_equal(e->gerak_zona, CMP_NAIK);
    assert_int_equal(e->arah_nilai, CMP_NAIK);
    assert_int_equal(e->selisih, 1000);
    assert_true(e->banding_kategori);
    /* ranks among 5 kabupaten: 2022: Tetap 1, NaikZona 2, NaikNilai 3, TurunZona... */
    assert_int_equal(e->lalu->peringkat_nasional, 2);
    assert_int_equal(e->kini->peringkat_nasional, 3);
    assert_int_equal(e->selisih_peringkat, -1);

    e = entry(c, "Kabupaten Turun Zona");
    assert_int_equal(e->gerak_zona, CMP_TURUN);
    assert_int_equal(e->arah_nilai, CMP_TURUN);
    assert_int_equal(e->selisih, -1);

    e = entry(c, "Kabupaten Naik Nilai");
    assert_int_equal(e->gerak_zona, CMP_TETAP);
    assert_int_equal(e->arah_nilai, CMP_NAIK);
    assert_int_equal(e->selisih, 500);

    e = entry(c, "Kabupaten Tetap");
    assert_int_equal(e->gerak_zona, CMP_TETAP);
    assert_int_equal(e->arah_nilai, CMP_TETAP);
    assert_int_equal(e->selisih, 0);

    e = entry(c, "Kabupaten Baru");
    assert_null(e->lalu);
    assert_int_equal(e->gerak_zona, CMP_BARU);
    assert_int_equal(e->arah_nilai, CMP_BARU);
    assert_int_equal(e->selisih, 0);

    e = entry(c, "Kabupaten Hilang");
    assert_null(e->kini);
    assert_int_equal(e->gerak_zona, CMP_HILANG);
    assert_ptr_equal(e, &c->instansi[5]); /* after the current year's entries */

    assert_int_equal(c->gerak_zona[CMP_NAIK], 1);
    assert_int_equal(c->gerak_zona[CMP_TURUN], 1);
    assert_int_equal(c->gerak_zona[CMP_TETAP], 2);
    assert_int_equal(c->gerak_zona[CMP_BARU], 1);
    assert_int_equal(c->gerak_zona[CMP_HILANG], 1);
    /* Both years have zones: the movement printed is the zone's. */
    assert_int_equal(c->menurut, CMP_MENURUT_ZONA);
    assert_true(c->kategori_sebanding);
    assert_memory_equal(c->perubahan, c->gerak_zona, sizeof c->perubahan);
    assert_int_equal(entry(c, "Kabupaten Naik Nilai")->perubahan, CMP_TETAP);
    assert_int_equal(c->arah_nilai[CMP_NAIK], 2);

    const agg_year *y = agg_year_find(x->m, 2023);
    for (size_t i = 0; i < y->n_instansi; i++)
        assert_ptr_equal(cmp_find_instansi(c, &y->instansi[i])->kini, &y->instansi[i]);
    assert_string_equal(cmp_gerak_str(CMP_HILANG), "hilang");
}

/* kode first; a name only when a kode is missing on either side; different kodes never match. */
static void match_by_kode_and_name(void **state)
{
    t *x = *state;
    fx_row(x->d, 2022, "Jambi", "15.71", "Kota Jambi Lama", JENIS_KOTA, NULL, 7000);
    fx_row(x->d, 2023, "Jambi", "15.71", "Kota Jambi", JENIS_KOTA, NULL, 8000);
    fx_row(x->d, 2022, "Jambi", NULL, "Kabupaten Kerinci", JENIS_KABUPATEN, NULL, 7000);
    fx_row(x->d, 2023, "Jambi", "15.01", "Kabupaten Kerinci", JENIS_KABUPATEN, NULL, 7100);
    fx_row(x->d, 2022, "Jambi", "15.02", "Kabupaten Merangin", JENIS_KABUPATEN, NULL, 7000);
    fx_row(x->d, 2023, "Jambi", "15.99", "Kabupaten Merangin", JENIS_KABUPATEN, NULL, 7100);
    compare(x, 2023, 2022);
    const cmp_entry *e = entry(x->c, "Kota Jambi");
    assert_non_null(e->lalu);
    assert_string_equal(e->lalu->nama, "Kota Jambi Lama");
    assert_int_equal(entry(x->c, "Kabupaten Kerinci")->selisih, 100);
    assert_int_equal(x->c->gerak_zona[CMP_BARU], 1);
    assert_int_equal(x->c->gerak_zona[CMP_HILANG], 1);
}

/* Abbreviated input is canonical by the time it is compared: "Kab." and "Kabupaten" meet. */
static void abbreviations(void **state)
{
    t *x = *state;
    char canon[128];
    names_canonical("Kab. Tanah Laut", JENIS_KABUPATEN, canon, sizeof canon, NULL);
    fx_row(x->d, 2022, "Kalimantan Selatan", NULL, canon, JENIS_KABUPATEN, NULL, 8661);
    names_canonical("KABUPATEN TANAH LAUT", JENIS_KABUPATEN, canon, sizeof canon, NULL);
    fx_row(x->d, 2023, "Kalimantan Selatan", NULL, canon, JENIS_KABUPATEN, NULL, 8000);
    compare(x, 2023, 2022);
    assert_int_equal(x->c->n_instansi, 1);
    assert_int_equal(x->c->instansi[0].selisih, -661);
    assert_int_equal(x->c->instansi[0].gerak_zona, CMP_TETAP);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* A rename in templates/alias.csv joins old and new names, for instansi and units alike. */
static void aliases(void **state)
{
    t *x = *state;
    const char *path = "/tmp/kp_test_alias.csv";
    write_file(path, "lama,baru\r\n\"Kab. Tojo Lama\",Kabupaten Tojo Unauna\r\n"
                     "\"Dinas Dukcapil, Lama\",Disdukcapil\r\n\r\n");
    assert_int_equal(cmp_aliases_load(path, false, &x->al, &x->err), KP_OK);
    fx_row(x->d, 2021, "Sulawesi Tengah", NULL, "Kabupaten Tojo Lama", JENIS_KABUPATEN,
           "Dinas Dukcapil, Lama", 6000);
    fx_row(x->d, 2023, "Sulawesi Tengah", NULL, "Kabupaten Tojo Unauna", JENIS_KABUPATEN,
           "Disdukcapil", 8000);
    fx_row(x->d, 2023, "Sulawesi Tengah", NULL, "Kabupaten Tojo Unauna", JENIS_KABUPATEN,
           "Dinas Sosial", 7000);
    compare(x, 2023, 2021);
    assert_int_equal(x->c->n_instansi, 1);
    const cmp_entry *e = &x->c->instansi[0];
    assert_non_null(e->lalu);
    assert_int_equal(e->selisih, 1500);
    assert_int_equal(x->c->n_units, 2);
    const agg_year *y = agg_year_find(x->m, 2023);
    const agg_unit *dukcapil = &y->instansi[0].units[0];
    const cmp_entry *u = cmp_find_unit(x->c, dukcapil);
    assert_ptr_equal(u->unit_kini, dukcapil);
    assert_non_null(u->unit_lalu);
    assert_int_equal(u->selisih, 2000);
    assert_int_equal(cmp_find_unit(x->c, &y->instansi[0].units[1])->gerak_zona, CMP_BARU);

    int tahun[4];
    dec_t nilai[4];
    assert_int_equal(cmp_trend(x->m, &y->instansi[0], x->al, tahun, nilai, 4), 2);
    assert_int_equal(tahun[0], 2021);
    assert_int_equal(nilai[0], 6000);
    assert_int_equal(tahun[1], 2023);
    assert_int_equal(nilai[1], 7500);
    /* without the aliases the old name is another instansi */
    assert_int_equal(cmp_trend(x->m, &y->instansi[0], NULL, tahun, nilai, 4), 1);
    remove(path);
}

/* Loads text as an alias file; on failure err holds where and why. */
static kp_status load_text(t *x, const char *text)
{
    const char *path = "/tmp/kp_test_alias_bad.csv";
    write_file(path, text);
    cmp_aliases_free(x->al);
    x->al = NULL;
    kp_error_clear(&x->err);
    kp_status st = cmp_aliases_load(path, false, &x->al, &x->err);
    remove(path);
    return st;
}

/* A bad line fails at the line it starts on, with the file named. */
static void expect_bad(t *x, const char *text, int line, const char *msg)
{
    assert_int_equal(load_text(x, text), KP_ERR_DATA);
    assert_null(x->al);
    assert_string_equal(x->err.file, "/tmp/kp_test_alias_bad.csv");
    assert_int_equal(x->err.line, line);
    assert_int_equal(x->err.col, 0);
    assert_string_equal(x->err.msg, msg);
}

static void alias_file_errors(void **state)
{
    t *x = *state;
    assert_int_equal(cmp_aliases_load("/nonexistent/alias.csv", true, &x->al, &x->err), KP_OK);
    assert_non_null(x->al);
    cmp_aliases_free(x->al);
    x->al = NULL;
    assert_int_equal(cmp_aliases_load("/nonexistent/alias.csv", false, &x->al, &x->err),
                     KP_ERR_DATA);
    assert_string_equal(x->err.msg, "berkas alias tidak ditemukan");
    expect_bad(x, "lama,baru\nA,B\nC\n", 3, "harus dua kolom (lama,baru), ada 1");
    expect_bad(x, "lama,baru\nA,B,C\n", 2, "harus dua kolom (lama,baru), ada 3");
    expect_bad(x, "old,new\n", 1, "baris judul harus \"lama,baru\"");
    expect_bad(x, "\n\nA,B\n", 3, "baris judul harus \"lama,baru\"");
    expect_bad(x, "lama,baru\nA,\n", 2, "nama lama atau baru kosong");
    expect_bad(x, "lama,baru\n\"  \",B\n", 2, "nama lama atau baru kosong");
    /* An unclosed quote runs to the end of the file: the error names the line it opened on. */
    expect_bad(x, "lama,baru\nA,B\n\"A,B\nC,D\n\n", 3, "tanda petik tidak ditutup");
    /* A quoted field over two lines: the next record's line is still counted right. */
    expect_bad(x, "lama,baru\n\"A\nA\",B\nC\n", 4, "harus dua kolom (lama,baru), ada 1");
    FILE *f = fopen("/tmp/kp_test_alias_nul.csv", "wb");
    assert_non_null(f);
    assert_int_equal(fwrite("lama,baru\nA\0,B\n", 1, 15, f), 15);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(cmp_aliases_load("/tmp/kp_test_alias_nul.csv", false, &x->al, &x->err),
                     KP_ERR_DATA);
    assert_string_equal(x->err.msg, "berkas alias tidak dapat dibaca: berisi byte NUL");
    /* A quote inside a name, or text after its closing quote, is refused where it stands
     * (the hand-written parser before libcsv silently dropped such quotes). */
    expect_bad(x, "lama,baru\nA,B\nKab. \"X\",Y\n", 3,
               "tanda petik di tengah nama: tulis seluruh nama di dalam tanda petik");
    expect_bad(x, "lama,baru\n\"Kab\" X,Y\n", 2,
               "tanda petik di tengah nama: tulis seluruh nama di dalam tanda petik");
    /* The second line of a quoted name is where a stray quote after it is found. */
    expect_bad(x, "lama,baru\n\"A\nB\"C,D\n", 3,
               "tanda petik di tengah nama: tulis seluruh nama di dalam tanda petik");
    remove("/tmp/kp_test_alias_nul.csv");
}

/* What a clerk's spreadsheet writes: a BOM, CRLF, a quoted header, quoted fields with commas,
 * doubled quotes and a line break, spaces around names, blank lines (one of only spaces: the
 * parser before libcsv called it a record of one field), no final line end. */
static void alias_file_forms(void **state)
{
    t *x = *state;
    assert_int_equal(load_text(x, "\xEF\xBB\xBF\"Lama\" , BARU\r\n"
                                  "\r\n"
                                  "  \"Dinas Dukcapil, Lama\"  ,\tDisdukcapil \r\n"
                                  "\"Dinas \"\"Lama\"\"\",\"Dinas\nBaru\"\n"
                                  "\n"
                                  " \t \r\n"
                                  "Kota A,Kota B"),
                     KP_OK);
    assert_true(cmp_aliases_same(x->al, "Dinas Dukcapil, Lama", "Disdukcapil"));
    assert_true(cmp_aliases_same(x->al, "Dinas \"Lama\"", "Dinas\nBaru"));
    assert_true(cmp_aliases_same(x->al, "Kota B", "Kota A"));
    assert_false(cmp_aliases_same(x->al, "Kota A", "Disdukcapil"));
    /* An empty file, or one with only a header, is an empty set. */
    assert_int_equal(load_text(x, ""), KP_OK);
    assert_false(cmp_aliases_same(x->al, "Kota A", "Kota B"));
    assert_int_equal(load_text(x, "\xEF\xBB\xBFlama,baru\n"), KP_OK);
}

/* 2021 (ombudsman-2013) -> 2022 (ombudsman-2022): zones compared, categories not. */
static void method_change(void **state)
{
    t *x = *state;
    fx_row(x->d, 2021, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas A", 8000); /* kuning */
    fx_row(x->d, 2022, "Jambi", NULL, "Kota Jambi", JENIS_KOTA, "Dinas A", 7900); /* B hijau */
    compare(x, 2022, 2021);
    const cmp_result *c = x->c;
    assert_true(c->beda_metode);
    assert_string_equal(c->alasan, "Metode berbeda (ombudsman-2013 -> ombudsman-2022): zona "
                                   "dibandingkan, kategori tidak.");
    const cmp_entry *e = &c->instansi[0];
    assert_false(e->banding_kategori);
    assert_int_equal(e->gerak_zona, CMP_NAIK);
    assert_int_equal(e->arah_nilai, CMP_TURUN);
    assert_int_equal(e->selisih, -100);
    assert_false(c->units[0].banding_kategori);
    assert_int_equal(c->units[0].gerak_zona, CMP_NAIK);
    assert_int_equal(c->menurut, CMP_MENURUT_ZONA);
    assert_false(c->kategori_sebanding);
    assert_int_equal(e->perubahan, CMP_NAIK);
}

/* The same method without letters (2013 zones only) stays comparable: no change of method. */
static void same_method_without_letters(void **state)
{
    t *x = *state;
    k(x, 2020, "Kota Jambi", JENIS_KOTA, 8000);
    k(x, 2021, "Kota Jambi", JENIS_KOTA, 8200);
    compare(x, 2021, 2020);
    assert_false(x->c->beda_metode);
    assert_string_equal(x->c->alasan, "");
    assert_false(x->c->kategori_sebanding);
    assert_true(x->c->instansi[0].banding_kategori);
    assert_int_equal(x->c->instansi[0].perubahan, CMP_NAIK); /* kuning -> hijau */
}

/* The shipped rubrics: 2024 (zones, A-E) -> 2025 (Opini, no zones, the same letters). */
static void opini_2025(void **state)
{
    t *x = *state;
    rubric_set_free(&x->rubrics);
    kp_error err;
    assert_int_equal(rubric_set_load_dir(&x->rubrics, KP_SOURCE_DIR "/templates/rubrik", &err),
                     KP_OK);
    const char *su = "Sulawesi Utara", *mu = "Maluku Utara";
    fx_row(x->d, 2024, su, NULL, "Kabupaten Bolaang Mongondow", JENIS_KABUPATEN, "Dinas Sosial",
           7050);
    fx_row(x->d, 2025, su, NULL, "Kabupaten Bolaang Mongondow", JENIS_KABUPATEN, "Dinas Sosial",
           8683)
        ->gerbang = RUBRIC_GERBANG_YA;
    fx_row(x->d, 2025, su, NULL, "Kabupaten Bolaang Mongondow", JENIS_KABUPATEN, "Dinas Pendidikan",
           8580);
    fx_row(x->d, 2025, su, NULL, "Kabupaten Bolaang Mongondow", JENIS_KABUPATEN,
           "RSUD Datoe Binangkang", 8290);
    fx_row(x->d, 2024, mu, NULL, "Kabupaten Kepulauan Sula", JENIS_KABUPATEN, NULL, 6000);
    fx_row(x->d, 2025, mu, NULL, "Kabupaten Kepulauan Sula", JENIS_KABUPATEN, NULL, 5761)->gerbang =
        RUBRIC_GERBANG_YA;
    fx_row(x->d, 2024, mu, NULL, "Kabupaten Pulau Morotai", JENIS_KABUPATEN, NULL, 5600);
    fx_row(x->d, 2025, mu, NULL, "Kabupaten Pulau Morotai", JENIS_KABUPATEN, NULL, 5338)->gerbang =
        RUBRIC_GERBANG_TIDAK;
    /* 88,00 in 2024 (A, hijau) and 87,99 in 2025 (B): the category falls, the score barely. */
    fx_row(x->d, 2024, mu, NULL, "Kota Ternate", JENIS_KOTA, NULL, 8800);
    fx_row(x->d, 2025, mu, NULL, "Kota Ternate", JENIS_KOTA, NULL, 8799);
    fx_row(x->d, 2025, mu, NULL, "Kantor Imigrasi Ternate", JENIS_VERTIKAL, NULL, 8010);
    compare(x, 2025, 2024);
    const cmp_result *c = x->c;
    assert_true(c->beda_metode);
    assert_int_equal(c->menurut, CMP_MENURUT_KATEGORI);
    assert_true(c->kategori_sebanding);
    assert_string_equal(c->alasan, "metode berubah: Penilaian Kepatuhan 2022-2024 (empat "
                                   "dimensi) -> Opini Ombudsman RI (Penilaian "
                                   "Maladministrasi); dibandingkan menurut kategori");
    const cmp_entry *bm = entry(c, "Kabupaten Bolaang Mongondow"); /* C -> B */
    assert_int_equal(bm->perubahan, CMP_NAIK);
    assert_int_equal(bm->gerak_zona, CMP_NAIK); /* no zone in 2025: the same as perubahan */
    assert_int_equal(bm->arah_nilai, CMP_NAIK);
    assert_int_equal(bm->selisih, 8518 - 7050);
    assert_true(bm->banding_kategori);
    assert_int_equal(entry(c, "Kabupaten Kepulauan Sula")->perubahan, CMP_TETAP); /* C, C */
    assert_int_equal(entry(c, "Kabupaten Kepulauan Sula")->arah_nilai, CMP_TURUN);
    assert_int_equal(entry(c, "Kabupaten Pulau Morotai")->perubahan, CMP_TURUN); /* C -> D */
    assert_int_equal(entry(c, "Kota Ternate")->perubahan, CMP_TURUN);            /* A -> B */
    assert_int_equal(entry(c, "Kantor Imigrasi Ternate")->perubahan, CMP_BARU);
    assert_int_equal(c->perubahan[CMP_NAIK], 1);
    assert_int_equal(c->perubahan[CMP_TURUN], 2);
    assert_int_equal(c->perubahan[CMP_TETAP], 1);
    assert_int_equal(c->perubahan[CMP_BARU], 1);
    /* Units too: Dinas Sosial C -> B; the two others are new. */
    const cmp_entry *u = cmp_find_unit(c, &bm->kini->units[0]);
    assert_string_equal(u->unit_kini->nama, "Dinas Sosial");
    assert_int_equal(u->perubahan, CMP_NAIK);
    assert_true(u->banding_kategori);
    assert_int_equal(cmp_find_unit(c, &bm->kini->units[1])->perubahan, CMP_BARU);
}

/* The opinion method against itself (2026 against 2025): categories, and no change of method. */
static void opini_same_method(void **state)
{
    t *x = *state;
    rubric_set_free(&x->rubrics);
    kp_error err;
    assert_int_equal(rubric_set_load_dir(&x->rubrics, KP_SOURCE_DIR "/templates/rubrik", &err),
                     KP_OK);
    k(x, 2025, "Kota Jambi", JENIS_KOTA, 7799);
    k(x, 2026, "Kota Jambi", JENIS_KOTA, 7800);
    compare(x, 2026, 2025);
    assert_false(x->c->beda_metode);
    assert_string_equal(x->c->alasan, "");
    assert_int_equal(x->c->menurut, CMP_MENURUT_KATEGORI);
    assert_int_equal(x->c->instansi[0].perubahan, CMP_NAIK);
}

/* Neither zones on both sides nor the same letters: the score decides, and the note says so. */
static void by_score(void **state)
{
    t *x = *state;
    x->rubrics.items[0].ada_zona = false;
    for (int b = 0; b < x->rubrics.items[0].n_band; b++)
        x->rubrics.items[0].band[b].zona = ZONA_NONE;
    k(x, 2021, "Kota Jambi", JENIS_KOTA, 8000);
    k(x, 2022, "Kota Jambi", JENIS_KOTA, 7900);
    compare(x, 2022, 2021);
    assert_int_equal(x->c->menurut, CMP_MENURUT_NILAI);
    assert_false(x->c->kategori_sebanding);
    assert_string_equal(x->c->alasan, "metode berubah: ombudsman-2013 -> ombudsman-2022; "
                                      "dibandingkan menurut nilai");
    assert_int_equal(x->c->instansi[0].perubahan, CMP_TURUN);
    assert_false(x->c->instansi[0].banding_kategori);
    assert_string_equal(cmp_menurut_str(CMP_MENURUT_NILAI), "nilai");
}

static void missing_year(void **state)
{
    t *x = *state;
    k(x, 2023, "Kota Jambi", JENIS_KOTA, 8000);
    assert_int_equal(agg_build(x->d, &x->rubrics, &x->m, &x->err), KP_OK);
    assert_int_equal(cmp_build(x->m, 2023, 2022, NULL, &x->c, &x->err), KP_ERR_DATA);
    assert_null(x->c);
    assert_non_null(strstr(x->err.msg, "2022"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(movements, setup, teardown),
        cmocka_unit_test_setup_teardown(match_by_kode_and_name, setup, teardown),
        cmocka_unit_test_setup_teardown(abbreviations, setup, teardown),
        cmocka_unit_test_setup_teardown(aliases, setup, teardown),
        cmocka_unit_test_setup_teardown(alias_file_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(alias_file_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(method_change, setup, teardown),
        cmocka_unit_test_setup_teardown(same_method_without_letters, setup, teardown),
        cmocka_unit_test_setup_teardown(opini_2025, setup, teardown),
        cmocka_unit_test_setup_teardown(opini_same_method, setup, teardown),
        cmocka_unit_test_setup_teardown(by_score, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_year, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
