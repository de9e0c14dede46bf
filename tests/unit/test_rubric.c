#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/rubric.h"

#define RUBRIK_DIR KP_SOURCE_DIR "/templates/rubrik"
#define BAD_DIR    KP_TEST_DATA "/rubrik"

static void load(const char *file, rubric *r)
{
    char path[512];
    kp_error err;
    snprintf(path, sizeof path, "%s/%s", RUBRIK_DIR, file);
    kp_status st = rubric_load(path, r, &err);
    if (st != KP_OK)
        fail_msg("%s:%d: %s", err.file, err.line, err.msg);
}

/* Loads text written here and expects the given error line and message fragment. */
static void expect_error(const char *text, int line, const char *fragment)
{
    rubric r;
    kp_error err;
    kp_status st = rubric_load_buffer("uji.ini", text, strlen(text), &r, &err);
    assert_int_equal(st, KP_ERR_DATA);
    assert_string_equal(err.file, "uji.ini");
    if (err.line != line || !strstr(err.msg, fragment))
        fail_msg("got line %d \"%s\", want line %d with \"%s\"", err.line, err.msg, line, fragment);
}

static void expect_band(const rubric *r, dec_t v, const char *kategori, const char *predikat,
                        rubric_zona z)
{
    const rubric_band *b = rubric_classify(r, v);
    assert_non_null(b);
    if (strcmp(b->kategori, kategori) != 0 || strcmp(b->predikat, predikat) != 0 || b->zona != z)
        fail_msg("%lld -> %s/%s/%d, want %s/%s/%d", (long long)v, b->kategori, b->predikat, b->zona,
                 kategori, predikat, z);
}

static void test_ombudsman_2022(void **state)
{
    (void)state;
    rubric r;
    load("ombudsman-2022.ini", &r);
    assert_string_equal(r.id, "ombudsman-2022");
    assert_int_equal(r.tahun_dari, 2022);
    assert_int_equal(r.tahun_sampai, 2024);
    assert_int_equal(r.nilai_maks, 10000);
    assert_true(r.otomatis);
    assert_true(r.ada_kategori);
    assert_int_equal(r.n_comp, 4);
    assert_string_equal(r.comp[0].key, "input");
    assert_int_equal(r.comp[0].bobot, 2185);
    assert_int_equal(r.comp[1].bobot, 3237);
    assert_int_equal(r.comp[2].bobot, 2424);
    assert_int_equal(r.comp[3].bobot, 2154);
    assert_string_equal(r.comp[0].detail, "kompetensi pelaksana, sarana prasarana");
    assert_int_equal(rubric_comp_index(&r, "PENGADUAN"), 3);
    assert_int_equal(rubric_comp_index(&r, "nilai"), -1);
    assert_non_null(strstr(r.sumber, "Nomor 418 Tahun 2023 (penilaian 2023) dan Nomor 252"));

    expect_band(&r, 10000, "A", "Kualitas Tertinggi", ZONA_HIJAU);
    expect_band(&r, 8800, "A", "Kualitas Tertinggi", ZONA_HIJAU);
    expect_band(&r, 8799, "B", "Kualitas Tinggi", ZONA_HIJAU);
    expect_band(&r, 7800, "B", "Kualitas Tinggi", ZONA_HIJAU);
    expect_band(&r, 7799, "C", "Kualitas Sedang", ZONA_KUNING);
    expect_band(&r, 5400, "C", "Kualitas Sedang", ZONA_KUNING);
    expect_band(&r, 5399, "D", "Kualitas Rendah", ZONA_MERAH);
    expect_band(&r, 3200, "D", "Kualitas Rendah", ZONA_MERAH);
    expect_band(&r, 3199, "E", "Kualitas Terendah", ZONA_MERAH);
    expect_band(&r, 0, "E", "Kualitas Terendah", ZONA_MERAH);
    assert_null(rubric_classify(&r, -1));
    /* Barito Kuala 2023: mean 87,59 is B. */
    expect_band(&r, 8759, "B", "Kualitas Tinggi", ZONA_HIJAU);
}

static void test_ombudsman_2013(void **state)
{
    (void)state;
    rubric r;
    load("ombudsman-2013.ini", &r);
    assert_int_equal(r.tahun_dari, 2013);
    assert_int_equal(r.tahun_sampai, 2021);
    assert_false(r.ada_kategori);
    assert_int_equal(r.n_comp, 0);
    assert_int_equal(r.n_band, 3);
    expect_band(&r, 10000, "", "Kepatuhan Tinggi", ZONA_HIJAU);
    expect_band(&r, 8100, "", "Kepatuhan Tinggi", ZONA_HIJAU);
    expect_band(&r, 8099, "", "Kepatuhan Sedang", ZONA_KUNING);
    expect_band(&r, 5100, "", "Kepatuhan Sedang", ZONA_KUNING);
    expect_band(&r, 5099, "", "Kepatuhan Rendah", ZONA_MERAH);
    expect_band(&r, 0, "", "Kepatuhan Rendah", ZONA_MERAH);
}

static void test_ikm(void **state)
{
    (void)state;
    rubric r;
    load("ikm-permenpanrb-14-2017.ini", &r);
    assert_false(r.otomatis);
    expect_band(&r, 8831, "A", "Sangat Baik", ZONA_HIJAU);
    expect_band(&r, 8830, "B", "Baik", ZONA_HIJAU);
    expect_band(&r, 7661, "B", "Baik", ZONA_HIJAU);
    expect_band(&r, 7660, "C", "Kurang Baik", ZONA_KUNING);
    expect_band(&r, 6500, "C", "Kurang Baik", ZONA_KUNING);
    expect_band(&r, 6499, "D", "Tidak Baik", ZONA_MERAH);
    expect_band(&r, 2500, "D", "Tidak Baik", ZONA_MERAH);
    expect_band(&r, 2499, "D", "Tidak Baik", ZONA_MERAH);
}

static void test_pekppp(void **state)
{
    (void)state;
    rubric r;
    load("pekppp.ini", &r);
    assert_false(r.otomatis);
    assert_int_equal(r.nilai_maks, 500);
    assert_int_equal(r.n_band, 9);
    expect_band(&r, 500, "A", "Pelayanan Prima", ZONA_NONE);
    expect_band(&r, 451, "A", "Pelayanan Prima", ZONA_NONE);
    expect_band(&r, 450, "A-", "Sangat Baik", ZONA_NONE);
    expect_band(&r, 101, "E", "Sangat Buruk", ZONA_NONE);
    expect_band(&r, 100, "F", "Gagal", ZONA_NONE);
}

static void test_opini_2025(void **state)
{
    (void)state;
    rubric r;
    char buf[256];
    load("ombudsman-opini-2025.ini", &r);
    assert_non_null(strstr(r.tidak_pasti, "Batas kategori disimpulkan"));
    assert_int_equal(r.tahun_dari, 2025);
    assert_int_equal(r.tahun_sampai, 2026);
    assert_true(r.otomatis);
    assert_true(r.ada_kategori);
    assert_false(r.ada_zona);
    assert_int_equal(r.n_comp, 0);
    assert_int_equal(r.n_band, 5);
    assert_true(rubric_has_gerbang(&r));
    assert_string_equal(r.piagam_bawaan, "A,B");
    static const char *const unit[] = {"Sangat Baik", "Baik", "Cukup", "Kurang", "Sangat Kurang"};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(r.band[i].zona, ZONA_NONE);
        assert_string_equal(r.band[i].predikat_unit, unit[i]);
    }
    expect_band(&r, 8800, "A", "Kualitas Tertinggi", ZONA_NONE);
    expect_band(&r, 8799, "B", "Kualitas Tinggi", ZONA_NONE);
    expect_band(&r, 7800, "B", "Kualitas Tinggi", ZONA_NONE);
    expect_band(&r, 7799, "C", "Kualitas Sedang", ZONA_NONE);
    expect_band(&r, 5399, "D", "Kualitas Rendah", ZONA_NONE);
    expect_band(&r, 3199, "E", "Kualitas Terendah", ZONA_NONE);

    /* Published: Bolaang Mongondow 85,18 with the gate, Pulau Morotai 53,38 without. */
    assert_string_equal(
        rubric_opini(&r, rubric_classify(&r, 8518), RUBRIC_GERBANG_YA, buf, sizeof buf),
        "Opini Kualitas Tinggi Tanpa Maladministrasi");
    assert_string_equal(
        rubric_opini(&r, rubric_classify(&r, 5761), RUBRIC_GERBANG_YA, buf, sizeof buf),
        "Opini Kualitas Sedang Tanpa Maladministrasi");
    assert_string_equal(
        rubric_opini(&r, rubric_classify(&r, 5338), RUBRIC_GERBANG_TIDAK, buf, sizeof buf),
        "Opini Kualitas Rendah");
    /* Unknown is not a yes: the bare opinion. */
    assert_string_equal(rubric_opini(&r, rubric_classify(&r, 6963), RUBRIC_GERBANG_TIDAK_DIKETAHUI,
                                     buf, sizeof buf),
                        "Opini Kualitas Sedang");

    /* Coaching below 78,00, appreciation from 78,00. */
    assert_true(rubric_pembinaan(&r, 7799));
    assert_false(rubric_pembinaan(&r, 7800));
    assert_true(rubric_pembinaan(&r, 0));

    /* Older methods: one label, zones, no opinion, no gate, no coaching. */
    rubric old;
    load("ombudsman-2022.ini", &old);
    assert_true(old.ada_zona);
    assert_false(rubric_has_gerbang(&old));
    assert_false(rubric_pembinaan(&old, 100));
    assert_string_equal(old.piagam_bawaan, "hijau");
    assert_string_equal(old.band[0].predikat_unit, old.band[0].predikat);
    assert_string_equal(rubric_opini(&old, &old.band[0], RUBRIC_GERBANG_YA, buf, sizeof buf), "");
    load("pekppp.ini", &old);
    assert_string_equal(old.piagam_bawaan, "A");

    assert_string_equal(rubric_gerbang_str(RUBRIC_GERBANG_YA), "ya");
    assert_string_equal(rubric_gerbang_str(RUBRIC_GERBANG_TIDAK), "tidak");
    assert_string_equal(rubric_gerbang_str(RUBRIC_GERBANG_TIDAK_DIKETAHUI), "");
}

static void test_unit_score(void **state)
{
    (void)state;
    rubric r;
    load("ombudsman-2022.ini", &r);
    /* Puskesmas Watdek 2023. */
    dec_t comp[4] = {872, 1076, 2076, 961};
    dec_t sum = -1;
    assert_true(rubric_unit_score(&r, 0x0f, comp, &sum));
    assert_int_equal(sum, 4985);
    sum = -1;
    assert_false(rubric_unit_score(&r, 0x07, comp, &sum));
    assert_false(rubric_unit_score(&r, 0x0b, comp, &sum));
    assert_int_equal(sum, -1);

    rubric old;
    load("ombudsman-2013.ini", &old);
    assert_false(rubric_unit_score(&old, 0xff, comp, &sum));
}

static void test_set_for_year(void **state)
{
    (void)state;
    rubric_set set;
    kp_error err;
    kp_status st = rubric_set_load_dir(&set, RUBRIK_DIR, &err);
    if (st != KP_OK)
        fail_msg("%s:%d: %s", err.file, err.line, err.msg);
    assert_int_equal(set.n, 5);
    for (int i = 1; i < set.n; i++)
        assert_true(set.items[i - 1].tahun_dari <= set.items[i].tahun_dari);
    assert_string_equal(rubric_set_for_year(&set, 2021)->id, "ombudsman-2013");
    assert_string_equal(rubric_set_for_year(&set, 2019)->id, "ombudsman-2013");
    assert_string_equal(rubric_set_for_year(&set, 2013)->id, "ombudsman-2013");
    assert_string_equal(rubric_set_for_year(&set, 2022)->id, "ombudsman-2022");
    assert_string_equal(rubric_set_for_year(&set, 2024)->id, "ombudsman-2022");
    assert_string_equal(rubric_set_for_year(&set, 2025)->id, "ombudsman-opini-2025");
    assert_string_equal(rubric_set_for_year(&set, 2026)->id, "ombudsman-opini-2025");
    assert_null(rubric_set_for_year(&set, 2027));
    assert_null(rubric_set_for_year(&set, 2012));
    rubric_set_free(&set);
    assert_int_equal(set.n, 0);
    assert_null(set.items);
}

static void test_set_load_file(void **state)
{
    (void)state;
    rubric_set set;
    kp_error err;
    assert_int_equal(rubric_set_load_file(&set, RUBRIK_DIR "/ikm-permenpanrb-14-2017.ini", &err),
                     KP_OK);
    assert_int_equal(set.n, 1);
    assert_string_equal(rubric_set_for_year(&set, 2023)->id, "ikm-permenpanrb-14-2017");
    assert_string_equal(rubric_set_for_year(&set, 1950)->id, "ikm-permenpanrb-14-2017");
    rubric_set_free(&set);

    assert_int_equal(rubric_set_load_file(&set, BAD_DIR "/tidak-ada.ini", &err), KP_ERR_DATA);
    assert_null(set.items);
}

static void test_set_same_year(void **state)
{
    (void)state;
    rubric_set set;
    kp_error err;
    assert_int_equal(rubric_set_load_dir(&set, BAD_DIR "/tahun-ganda", &err), KP_ERR_DATA);
    assert_non_null(strstr(err.msg, "a.ini"));
    assert_non_null(strstr(err.msg, "b.ini"));
    assert_non_null(strstr(err.msg, "tahun 2023"));
    assert_null(set.items);

    assert_int_equal(rubric_set_load_dir(&set, BAD_DIR "/rusak", &err), KP_ERR_DATA);
    assert_non_null(strstr(err.file, "bobot.ini"));
    assert_int_equal(err.line, 8);
    assert_null(set.items);

    assert_int_equal(rubric_set_load_dir(&set, BAD_DIR "/tidak-ada", &err), KP_ERR_DATA);
}

#define HEAD  "[rubrik]\nnama = Uji\ntahun = 2022-2024\nnilai_maks = 100\n"
#define BANDS "[kategori.A]\nmin = 50\npredikat = Baik\n[kategori.B]\nmin = 0\npredikat = Buruk\n"

static void test_malformed(void **state)
{
    (void)state;
    expect_error(HEAD "[komponen.a]\nbobott = 100\n" BANDS, 6,
                 "kunci tidak dikenal 'bobott' (maksud Anda 'bobot'?)");
    expect_error(HEAD "nilai_max = 5\n" BANDS, 5, "(maksud Anda 'nilai_maks'?)");
    expect_error(HEAD "warna = biru\n" BANDS, 5, "kunci tidak dikenal 'warna' di bagian [rubrik]");
    expect_error(HEAD "[komponan.a]\nbobot = 100\n" BANDS, 5, "(maksud Anda [komponen.a]?)");
    expect_error(HEAD "[lain]\nx = 1\n" BANDS, 5, "bagian tidak dikenal [lain]");
    expect_error("nama = x\n" HEAD BANDS, 1, "di luar bagian");
    expect_error(HEAD "[komponen.a]\nbobot = 1O0\n" BANDS, 6, "'bobot' = \"1O0\" bukan angka");
    expect_error(HEAD "[komponen.a]\nbobot = 1.000,0\n" BANDS, 6, "bukan angka");
    expect_error(HEAD "[komponen.a]\nbobot = 99,995\n" BANDS, 6, "paling banyak dua desimal");
    expect_error(HEAD "[komponen.a]\nbobot = -5\n" BANDS, 6, "tidak boleh negatif");
    expect_error(HEAD "[komponen.a]\nbobot = 60\n[komponen.b]\nbobot = 39,99\n" BANDS, 7,
                 "jumlah bobot komponen 99,99 tidak sama dengan nilai_maks 100,00");
    expect_error(HEAD "[komponen.a]\nlabel = A\n" BANDS, 5, "komponen 'a' tanpa 'bobot'");
    expect_error(HEAD "[kategori.A]\nmin = 50\npredikat = x\n[kategori.B]\nmin = 50\n"
                      "predikat = y\n[kategori.C]\nmin = 0\npredikat = z\n",
                 9, "kategori 'B' tumpang tindih dengan 'A'");
    expect_error(HEAD "[kategori.A]\nmin = 40\npredikat = x\n[kategori.B]\nmin = 60\n"
                      "predikat = y\n[kategori.C]\nmin = 0\npredikat = z\n",
                 9, "kategori tidak urut: 'B' (min 60,00)");
    expect_error(HEAD "[kategori.A]\nmin = 50\npredikat = x\n[kategori.B]\nmin = 0\nmaks = 50\n"
                      "predikat = y\n",
                 10, "maks 50,00 tumpang tindih");
    expect_error(HEAD "[kategori.A]\nmin = 50\npredikat = x\n[kategori.B]\nmin = 0\n"
                      "maks = 49,00\npredikat = y\n",
                 10, "meninggalkan celah (seharusnya 49,99)");
    expect_error(HEAD "[kategori.A]\nmin = 50\npredikat = x\n[kategori.B]\nmin = 10\n"
                      "predikat = y\n",
                 9, "harus mulai dari 0");
    expect_error(HEAD "[kategori.A]\nmin = 150\npredikat = x\n", 6, "di atas nilai_maks");
    expect_error(HEAD "[kategori.A]\npredikat = x\n", 5, "kategori 'A' tanpa 'min'");
    expect_error(HEAD "[kategori.A]\nmin = 0\nzona = ungu\npredikat = x\n", 7,
                 "diharapkan hijau, kuning atau merah");
    expect_error(HEAD BANDS "[kategori.A]\nmin = 0\n", 11, "kategori 'A' ditulis dua kali");
    expect_error(HEAD "nama = Lagi\n" BANDS, 5, "kunci 'nama' ditulis dua kali");
    expect_error(HEAD BANDS "[rubrik]\ndesimal = 2\n", 11, "[rubrik] ditulis dua kali");
    expect_error(HEAD "desimal = 3\n" BANDS, 5, "diharapkan 0, 1 atau 2");
    /* The keys of the Opini method. */
    expect_error(HEAD "gerbang = Tanpa Maladministrasi\n" BANDS, 1, "'gerbang' tanpa 'opini'");
    expect_error(HEAD "pembinaan_di_bawah = 178\n" BANDS, 1, "di atas nilai_maks");
    expect_error(HEAD "pembinaan_di_bawah = tujuh\n" BANDS, 5, "bukan angka");
    expect_error(HEAD "pembinaan_dibawah = 78\n" BANDS, 5, "(maksud Anda 'pembinaan_di_bawah'?)");
    expect_error(HEAD "[kategori.A]\nmin = 50\npredikat = x\npredikat_units = y\n", 8,
                 "(maksud Anda 'predikat_unit'?)");
    expect_error(HEAD "[kategori.A]\nmin = 50\npredikat = x\nzona = hijau\n[kategori.B]\n"
                      "min = 0\npredikat = y\n",
                 9, "kategori 'B' tanpa 'zona', padahal kategori lain punya zona");
    expect_error(HEAD "otomatis = mungkin\n" BANDS, 5, "diharapkan 'ya' atau 'tidak'");
    expect_error("[rubrik]\nnama = x\ntahun = 2024-2022\nnilai_maks = 100\n" BANDS, 3,
                 "tahun awal sesudah tahun akhir");
    expect_error("[rubrik]\nnama = x\ntahun = 1899\nnilai_maks = 100\n" BANDS, 3,
                 "di luar 1990-2100");
    expect_error("[rubrik]\nnama = x\ntahun = 2022/2024\nnilai_maks = 100\n" BANDS, 3,
                 "diharapkan \"2022\" atau \"2022-2024\"");
    expect_error("[rubrik]\nnama = x\nnilai_maks = 100\n" BANDS, 1, "tanpa 'tahun'");
    expect_error("[rubrik]\nnama = x\ntahun = 2022\nnilai_maks = 0\n" BANDS, 4,
                 "harus lebih dari 0");
    expect_error(HEAD, 0, "tidak ada [kategori.NAMA]");
    expect_error(BANDS, 0, "bagian [rubrik] tidak ada");
    expect_error(HEAD "ini bukan kunci\n" BANDS, 5, "baris tidak dapat dibaca");
    expect_error(HEAD "[kategori.A\nmin = 0\n", 5, "baris tidak dapat dibaca");
    /* The earliest error wins, whether inih or the handler found it. */
    expect_error(HEAD "warna = biru\nini bukan kunci\n" BANDS, 5, "kunci tidak dikenal");
    expect_error(HEAD "ini bukan kunci\nwarna = biru\n" BANDS, 5, "baris tidak dapat dibaca");
}

static void test_malformed_limits(void **state)
{
    (void)state;
    char text[4096];
    int n = snprintf(text, sizeof text, HEAD);
    for (int i = 0; i <= RUBRIC_MAX_COMP; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "[komponen.k%d]\nbobot = 1\n", i);
    expect_error(text, 5 + 2 * RUBRIC_MAX_COMP, "terlalu banyak komponen (maksimal 8)");

    n = snprintf(text, sizeof text, HEAD);
    for (int i = 0; i <= RUBRIC_MAX_BANDS; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "[kategori.K%d]\nmin = %d\n", i,
                      RUBRIC_MAX_BANDS - i);
    expect_error(text, 5 + 2 * RUBRIC_MAX_BANDS, "terlalu banyak kategori (maksimal 12)");

    n = snprintf(text, sizeof text, HEAD "sumber = ");
    memset(text + n, 'x', 300);
    snprintf(text + n + 300, sizeof text - (size_t)n - 300, "\n" BANDS);
    expect_error(text, 5, "baris terlalu panjang");

    expect_error(HEAD "[kategori.ABCDEFGH]\nmin = 0\npredikat = x\n", 5,
                 "nama kategori 'ABCDEFGH' tidak sah");

    rubric r;
    kp_error err;
    const char nul[] = HEAD "\0" BANDS;
    assert_int_equal(rubric_load_buffer("uji.ini", nul, sizeof nul - 1, &r, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 5);
    assert_non_null(strstr(err.msg, "byte NUL"));
}

static void test_continuation_and_comments(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF; komentar\n"
                       "[rubrik]\r\n"
                       "nama = Uji   ; komentar sebaris\r\n"
                       "sumber = bagian satu\r\n"
                       "   bagian dua\r\n"
                       "tahun = 2023\r\n"
                       "nilai_maks = 5.00\r\n"
                       "desimal = 1\r\n"
                       "tidak_pasti = batas satu\r\n"
                       "   batas dua\r\n"
                       "[kategori.x]\r\n"
                       "min = 0\r\n"
                       "predikat = Semua\r\n";
    rubric r;
    kp_error err;
    kp_status st = rubric_load_buffer("dir/uji-x.ini", text, strlen(text), &r, &err);
    if (st != KP_OK)
        fail_msg("%d: %s", err.line, err.msg);
    assert_string_equal(r.id, "uji-x");
    assert_string_equal(r.nama, "Uji");
    assert_string_equal(r.sumber, "bagian satu bagian dua");
    /* The executive summary's method note quotes it whole. */
    assert_string_equal(r.tidak_pasti, "batas satu batas dua");
    assert_int_equal(r.tahun_dari, 2023);
    assert_int_equal(r.tahun_sampai, 2023);
    assert_int_equal(r.nilai_maks, 500);
    assert_int_equal(r.desimal, 1);
    assert_string_equal(r.band[0].kategori, "x");
    assert_int_equal(r.band[0].zona, ZONA_NONE);
}

static void test_describe(void **state)
{
    (void)state;
    rubric r;
    load("ombudsman-2022.ini", &r);
    char *s = rubric_describe(&r);
    assert_non_null(s);
    assert_non_null(strstr(s, "Tahun      : 2022-2024\n"));
    assert_non_null(strstr(s, "Komponen   Label       Bobot  Isi\n"
                              "input      Input       21,85  kompetensi pelaksana, sarana "
                              "prasarana\n"));
    assert_non_null(strstr(s, "           Jumlah     100,00\n"));
    assert_non_null(strstr(s, "A         88,00 - 100,00  Kualitas Tertinggi  hijau\n"));
    assert_non_null(strstr(s, "E         0,00 - 31,99    Kualitas Terendah   merah\n"));
    assert_non_null(strstr(s, "Nomor 418 Tahun 2023"));
    free(s);

    load("ombudsman-2013.ini", &r);
    s = rubric_describe(&r);
    assert_non_null(s);
    assert_null(strstr(s, "Kategori"));
    assert_non_null(strstr(s, "81,00 - 100,00  Kepatuhan Tinggi  hijau\n"));
    free(s);

    load("pekppp.ini", &r);
    s = rubric_describe(&r);
    assert_non_null(s);
    assert_non_null(strstr(s, "hanya bila dipilih dengan --rubrik"));
    assert_non_null(strstr(s, "A-        4,01 - 4,50    Sangat Baik\n"));
    assert_null(strstr(s, "Zona"));
    free(s);

    load("ombudsman-opini-2025.ini", &r);
    s = rubric_describe(&r);
    assert_non_null(s);
    assert_non_null(strstr(s, "Kategori  Rentang nilai   Predikat instansi   Predikat unit / "
                              "vertikal\n"
                              "A         88,00 - 100,00  Kualitas Tertinggi  Sangat Baik\n"));
    assert_non_null(strstr(s, "E         0,00 - 31,99    Kualitas Terendah   Sangat Kurang\n"));
    assert_non_null(strstr(s, "\"Opini Kualitas Tinggi Tanpa Maladministrasi\""));
    assert_non_null(strstr(s, "Pembinaan  : unit dengan nilai di bawah 78,00\n"));
    assert_non_null(strstr(s, "Piagam     : A,B (bawaan --piagam)\n"));
    assert_null(strstr(s, "Zona"));
    assert_null(strstr(s, " \n"));
    free(s);
}

static void test_zona(void **state)
{
    (void)state;
    rubric_zona z = ZONA_NONE;
    assert_true(rubric_zona_parse("KUNING", &z));
    assert_int_equal(z, ZONA_KUNING);
    assert_false(rubric_zona_parse("biru", &z));
    assert_string_equal(rubric_zona_name(ZONA_MERAH), "merah");
    assert_string_equal(rubric_zona_label(ZONA_HIJAU), "Zona Hijau");
    assert_string_equal(rubric_zona_label(ZONA_NONE), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ombudsman_2022),
        cmocka_unit_test(test_ombudsman_2013),
        cmocka_unit_test(test_ikm),
        cmocka_unit_test(test_pekppp),
        cmocka_unit_test(test_opini_2025),
        cmocka_unit_test(test_unit_score),
        cmocka_unit_test(test_set_for_year),
        cmocka_unit_test(test_set_load_file),
        cmocka_unit_test(test_set_same_year),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_malformed_limits),
        cmocka_unit_test(test_continuation_and_comments),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_zona),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
