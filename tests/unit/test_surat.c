#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fx_run.h"
#include "agg_fixture.h"
#include "render/perwakilan.h"
#include "render/surat.h"

static agg_instansi inst_of(const char *nama, const char *key, const char *kode, names_jenis j)
{
    agg_instansi i = {0};
    i.nama = nama;
    i.nama_key = key;
    i.key = key;
    i.kode = kode;
    i.jenis = j;
    return i;
}

static void check_tujuan(const agg_instansi *i, const surat_alamat *a, const char *yth,
                         const char *di)
{
    char y[128], d[128];
    surat_tujuan(i, a, y, sizeof y, d, sizeof d);
    assert_string_equal(y, yth);
    assert_string_equal(d, di);
}

static void test_tujuan_per_jenis(void **state)
{
    (void)state;
    agg_instansi prov =
        inst_of("Provinsi Kalimantan Selatan", "provinsi kalimantan selatan", NULL, JENIS_PROVINSI);
    agg_instansi kab =
        inst_of("Kabupaten Barito Kuala", "kabupaten barito kuala", NULL, JENIS_KABUPATEN);
    agg_instansi kota = inst_of("Kota Banjarbaru", "kota banjarbaru", NULL, JENIS_KOTA);
    agg_instansi kem = inst_of("Kementerian Agama", "kementerian agama", NULL, JENIS_KEMENTERIAN);
    agg_instansi kej = inst_of("Kejaksaan Agung", "kejaksaan agung", NULL, JENIS_KEMENTERIAN);
    agg_instansi lem =
        inst_of("Badan Pusat Statistik", "badan pusat statistik", NULL, JENIS_LEMBAGA);
    check_tujuan(&prov, NULL, "Gubernur Kalimantan Selatan", "Kalimantan Selatan");
    check_tujuan(&kab, NULL, "Bupati Barito Kuala", "Barito Kuala");
    check_tujuan(&kota, NULL, "Wali Kota Banjarbaru", "Banjarbaru");
    check_tujuan(&kem, NULL, "Menteri Agama", "Jakarta");
    check_tujuan(&kej, NULL, "Pimpinan Kejaksaan Agung", "Jakarta");
    check_tujuan(&lem, NULL, "Kepala Badan Pusat Statistik", "Jakarta");
    /* A vertical office: its head, "di Tempat" (its town is not in the data). */
    agg_instansi imi =
        inst_of("Kantor Imigrasi Ternate", "kantor imigrasi ternate", NULL, JENIS_VERTIKAL);
    check_tujuan(&imi, NULL, "Kepala Kantor Imigrasi Ternate", "Tempat");

    char y[8], d[4];
    surat_tujuan(&kab, NULL, y, sizeof y, d, sizeof d);
    assert_int_equal(strlen(y), sizeof y - 1);
    assert_int_equal(strlen(d), sizeof d - 1);
}

/* Writes text to a fresh temporary file and returns its path (static buffer). */
static const char *temp_csv(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/test_surat_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_alamat_override(void **state)
{
    (void)state;
    const char *path = temp_csv("\xEF\xBB\xBFInstansi;YTH;Di\r\n"
                                "Provinsi Kalimantan Selatan;;Banjarbaru\r\n"
                                "KABUPATEN BARITO KUALA;;Marabahan\r\n"
                                "63.72;\"Wali Kota Banjarbaru; u.p. Bagian Organisasi\";\r\n");
    surat_alamat *a = NULL;
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(surat_alamat_load(path, false, &a, &err), KP_OK);
    unlink(path);

    agg_instansi prov =
        inst_of("Provinsi Kalimantan Selatan", "provinsi kalimantan selatan", "63", JENIS_PROVINSI);
    agg_instansi kab =
        inst_of("Kabupaten Barito Kuala", "kabupaten barito kuala", "63.04", JENIS_KABUPATEN);
    agg_instansi kota = inst_of("Kota Banjarbaru", "kota banjarbaru", "63.72", JENIS_KOTA);
    agg_instansi lain = inst_of("Kota Banjarmasin", "kota banjarmasin", "63.71", JENIS_KOTA);
    check_tujuan(&prov, a, "Gubernur Kalimantan Selatan", "Banjarbaru");
    check_tujuan(&kab, a, "Bupati Barito Kuala", "Marabahan");
    check_tujuan(&kota, a, "Wali Kota Banjarbaru; u.p. Bagian Organisasi", "Banjarbaru");
    check_tujuan(&lain, a, "Wali Kota Banjarmasin", "Banjarmasin");
    surat_alamat_free(a);
}

static void expect_alamat_error(const char *text, kp_status want, int line)
{
    const char *path = temp_csv(text);
    surat_alamat *a = (surat_alamat *)1;
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(surat_alamat_load(path, false, &a, &err), want);
    assert_null(a);
    assert_int_equal(err.line, line);
    assert_string_equal(err.file, path);
    assert_true(err.msg[0] != '\0');
    unlink(path);
}

static void test_alamat_malformed(void **state)
{
    (void)state;
    expect_alamat_error("nama,yth,di\n", KP_ERR_DATA, 1);
    expect_alamat_error("", KP_ERR_DATA, 1);
    expect_alamat_error("instansi,yth,di\nKota Banjarbaru,Wali Kota\n", KP_ERR_DATA, 2);
    expect_alamat_error("instansi,yth,di\nKota A,x,y\n,Bupati,z\n", KP_ERR_DATA, 3);
    expect_alamat_error("instansi,yth,di\nKota A,x,y\nKota B,\"x\"y,z\n", KP_ERR_DATA, 3);
    expect_alamat_error("instansi,yth,di\nKota A,x,y\n\nKOTA  A,u,v\n", KP_ERR_DATA, 4);

    surat_alamat *a = NULL;
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(surat_alamat_load("/nonexistent/alamat.csv", true, &a, &err), KP_OK);
    assert_non_null(a);
    surat_alamat_free(a);
    assert_int_equal(surat_alamat_load("/nonexistent/alamat.csv", false, &a, &err), KP_ERR_DATA);
    assert_null(a);
}

static void test_gerak(void **state)
{
    (void)state;
    agg_instansi kini = inst_of("Kota Banjarbaru", "kota banjarbaru", NULL, JENIS_KOTA);
    agg_instansi lalu = kini;
    kini.nilai = 9200;
    lalu.nilai = 8474;
    cmp_entry e = {.kini = &kini, .lalu = &lalu, .selisih = 726, .arah_nilai = CMP_NAIK};
    char buf[96];
    assert_string_equal(surat_gerak(&e, buf, sizeof buf), "naik 7,26 poin dari 84,74");

    lalu.nilai = 9250;
    e.selisih = -50;
    e.arah_nilai = CMP_TURUN;
    assert_string_equal(surat_gerak(&e, buf, sizeof buf), "turun 0,50 poin dari 92,50");

    lalu.nilai = 9200;
    e.selisih = 0;
    e.arah_nilai = CMP_TETAP;
    assert_string_equal(surat_gerak(&e, buf, sizeof buf), "sama dengan tahun lalu");

    e.lalu = NULL;
    e.arah_nilai = CMP_BARU;
    assert_string_equal(surat_gerak(&e, buf, sizeof buf), "");
    assert_string_equal(surat_gerak(NULL, buf, sizeof buf), "");
}

/* ---- rendering ------------------------------------------------------------------------- */

/* Kalimantan Selatan 2022 and 2023 as published (three instansi are enough to rank). */
typedef struct world {
    rubric_set rubrics;
    rows_data *d;
    agg_model *m;
    cmp_result *c;
    perwakilan_set *penerbit; /* templates/perwakilan.csv */
    render_ctx ctx;
    char out[64];
    kp_error err;
} world;

static void row2(world *w, int tahun, const char *kode, const char *nama, names_jenis j,
                 dec_t nilai)
{
    fx_row(w->d, tahun, "Kalimantan Selatan", kode, nama, j, NULL, nilai);
}

static int world_setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    w->rubrics = fx_rubrics();
    w->d = rows_data_new();
    row2(w, 2022, "63.72", "Kota Banjarbaru", JENIS_KOTA, 8474);
    row2(w, 2022, "63.04", "Kabupaten Barito Kuala", JENIS_KABUPATEN, 6550);
    row2(w, 2022, "63", "Provinsi Kalimantan Selatan", JENIS_PROVINSI, 6938);
    row2(w, 2023, "63.72", "Kota Banjarbaru", JENIS_KOTA, 9200);
    row2(w, 2023, "63.04", "Kabupaten Barito Kuala", JENIS_KABUPATEN, 8759);
    row2(w, 2023, "63.06", "Kabupaten Hulu Sungai Selatan", JENIS_KABUPATEN, 9507);
    row2(w, 2023, "63", "Provinsi Kalimantan Selatan", JENIS_PROVINSI, 8577);
    kp_error_clear(&w->err);
    assert_int_equal(agg_build(w->d, &w->rubrics, &w->m, &w->err), KP_OK);
    assert_int_equal(
        perwakilan_load(KP_SOURCE_DIR "/templates/perwakilan.csv", false, &w->penerbit, &w->err),
        KP_OK);
    assert_int_equal(cmp_build(w->m, 2023, 2022, NULL, &w->c, &w->err), KP_OK);
    snprintf(w->out, sizeof w->out, "/tmp/test_surat_out_XXXXXX");
    assert_non_null(mkdtemp(w->out));
    w->ctx = (render_ctx){.model = w->m,
                          .year = agg_year_find(w->m, 2023),
                          .cmp = w->c,
                          .out_dir = w->out,
                          .templat_dir = KP_SOURCE_DIR "/templates",
                          .font_dir = KP_SOURCE_DIR "/fonts",
                          .perwakilan = w->penerbit,
                          .version = "test",
                          .epoch = 1705449600,
                          .jobs = 1};
    *state = w;
    return 0;
}

static int world_teardown(void **state)
{
    world *w = *state;
    char cmd[128];
    if (getenv("KEEP"))
        return 0;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", w->out);
    assert_int_equal(system(cmd), 0);
    cmp_free(w->c);
    perwakilan_free(w->penerbit);
    agg_free(w->m);
    rows_data_free(w->d);
    rubric_set_free(&w->rubrics);
    free(w);
    return 0;
}

/* pdftotext of a PDF with lines joined by spaces, so wrapped phrases still match. */
static char *pdf_text(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - | tr -s ' \\n' '  '", path);
    return fx_run_ok(cmd);
}

static void test_banjarbaru_2023(void **state)
{
    world *w = *state;
    fx_need("pdftotext");
    surat_options opt = {.pilih = NULL}; /* everyone */
    size_t written = 0;
    assert_int_equal(surat_render(&w->ctx, &opt, &written, &w->err), KP_OK);
    assert_int_equal(written, 4);

    char path[256];
    snprintf(path, sizeof path, "%s/surat/kota-banjarbaru.pdf", w->out);
    char *t = pdf_text(path);
    static const char *const want[] = {
        "OMBUDSMAN REPUBLIK INDONESIA",
        "Yth. Wali Kota Banjarbaru",
        "Pemerintah Kota Banjarbaru memperoleh nilai 92,00 (sembilan puluh dua koma nol nol)",
        "kategori A dengan predikat Kualitas Tertinggi",
        "Zona Hijau",
        "peringkat 2 dari 3 kabupaten/kota se-Kalimantan Selatan",
        "tahun 2022, nilai tersebut naik 7,26 poin dari 84,74",
        "Banjarmasin, 17 Januari 2024",
        "Keputusan Ketua Ombudsman Republik Indonesia Nomor 418 Tahun 2023",
        "Tembusan:",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(t, want[i]))
            fail_msg("\"%s\" not in the letter:\n%s", want[i], t);
    assert_null(strstr(t, "Halaman"));
    free(t);

    /* The provincial government has no rank among kabupaten/kota; it fell from nothing. */
    snprintf(path, sizeof path, "%s/surat/provinsi-kalimantan-selatan.pdf", w->out);
    t = pdf_text(path);
    assert_non_null(strstr(t, "Gubernur Kalimantan Selatan"));
    assert_non_null(strstr(t, "naik 16,39 poin dari 69,38"));
    free(t);

    /* Hulu Sungai Selatan has no 2022 row: no sentence on movement at all. */
    snprintf(path, sizeof path, "%s/surat/kabupaten-hulu-sungai-selatan.pdf", w->out);
    t = pdf_text(path);
    assert_non_null(strstr(t, "Bupati Hulu Sungai Selatan"));
    assert_null(strstr(t, "Dibandingkan"));
    free(t);
}

static void test_pilih_hijau_and_gabung(void **state)
{
    world *w = *state;
    fx_need("pdftotext");
    pilih a;
    const rubric *r = w->ctx.year->rubric;
    assert_int_equal(pilih_parse("A", &r, 1, &a, &w->err), KP_OK);
    surat_options opt = {.pilih = &a, .gabung = true};
    size_t written = 0;
    assert_int_equal(surat_render(&w->ctx, &opt, &written, &w->err), KP_OK);
    assert_int_equal(written, 2); /* 95,07 and 92,00 */
    char path[256];
    snprintf(path, sizeof path, "%s/surat-gabung.pdf", w->out);
    char *t = pdf_text(path);
    char *hss = strstr(t, "Bupati Hulu Sungai Selatan");
    char *bjb = strstr(t, "Wali Kota Banjarbaru");
    assert_non_null(hss);
    assert_non_null(bjb);
    assert_true(hss < bjb); /* rank order */
    free(t);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void test_jobs_identical(void **state)
{
    world *w = *state;
    surat_options opt = {.gabung = true};
    static const char *const files[] = {
        "surat/kota-banjarbaru.pdf", "surat/kabupaten-barito-kuala.pdf",
        "surat/kabupaten-hulu-sungai-selatan.pdf", "surat/provinsi-kalimantan-selatan.pdf",
        "surat-gabung.pdf"};
    char *one[5];
    size_t len[5];
    char path[256];
    w->ctx.jobs = 1;
    assert_int_equal(surat_render(&w->ctx, &opt, NULL, &w->err), KP_OK);
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s", w->out, files[i]);
        one[i] = slurp(path, &len[i]);
        unlink(path);
    }
    w->ctx.jobs = 3;
    assert_int_equal(surat_render(&w->ctx, &opt, NULL, &w->err), KP_OK);
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s", w->out, files[i]);
        size_t n;
        char *three = slurp(path, &n);
        assert_int_equal(n, len[i]);
        assert_memory_equal(three, one[i], n);
        free(three);
        free(one[i]);
    }
}

/* A template with many paragraphs (tests/data/surat/panjang): it must paginate cleanly. */
static void test_long_letter_paginates(void **state)
{
    world *w = *state;
    fx_need("pdftotext");
    w->ctx.templat_dir = KP_TEST_DATA;
    surat_options opt = {.template_name = "panjang"};
    assert_int_equal(surat_render(&w->ctx, &opt, NULL, &w->err), KP_OK);

    char path[256], cmd[512];
    snprintf(path, sizeof path, "%s/surat/kota-banjarbaru.pdf", w->out);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' | awk '/^Pages:/ {print $2}'", path);
    char *pages = fx_run_ok(cmd);
    int n = atoi(pages);
    free(pages);
    assert_true(n >= 2);

    char *t = pdf_text(path);
    char want[64];
    for (int p = 2; p <= n; p++) {
        snprintf(want, sizeof want, "Halaman %d dari %d", p, n);
        if (!strstr(t, want))
            fail_msg("\"%s\" not in the letter", want);
    }
    assert_null(strstr(t, "Halaman 1 "));
    assert_non_null(strstr(t, "Tembusan:"));
    free(t);

    /*
     * Every line box (top of the word + 12 pt x 1.25 leading of the template's body style)
     * ends above the bottom margin (2,5 cm of an 841,89 pt page). pdftotext's yMax is the
     * font's whole bounding box, deeper than any glyph, so the top is what is measured.
     */
    snprintf(cmd, sizeof cmd,
             "pdftotext -bbox '%s' - | awk -F'\"' '/<word/ {n++; if ($4 + 0 > max) max = $4 + 0}"
             " END {printf \"%%d %%.2f\\n\", n, max}'",
             path);
    char *bbox = fx_run_ok(cmd);
    int words = 0;
    double ymin = 0;
    assert_int_equal(sscanf(bbox, "%d %lf", &words, &ymin), 2);
    free(bbox);
    assert_true(words > 500);
    assert_true(ymin + 12 * 1.25 <= 841.89 - 72.0 / 2.54 * 2.5 + 0.01);
}

static void test_template_errors(void **state)
{
    world *w = *state;
    w->ctx.templat_dir = KP_TEST_DATA;
    surat_options opt = {.template_name = "rusak"};
    assert_int_equal(surat_render(&w->ctx, &opt, NULL, &w->err), KP_ERR_DATA);
    assert_non_null(strstr(w->err.file, "rusak.isi.ini"));
    assert_int_equal(w->err.line, 4);
    assert_non_null(strstr(w->err.msg, "salam"));
}

/* ---- 2025: the Opini method ---------------------------------------------------------- */

/*
 * Kabupaten Bolaang Mongondow 2025 with its three published units (86,83, 85,80, 82,90) and
 * one more below the coaching line (70,50), 2024 in categories; Kabupaten Pulau Morotai
 * without units or gate; a vertical office. The real rubrics, templates and acara.ini.
 */
static int opini_setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    kp_error_clear(&w->err);
    assert_int_equal(rubric_set_load_dir(&w->rubrics, KP_SOURCE_DIR "/templates/rubrik", &w->err),
                     KP_OK);
    w->d = rows_data_new();
    const char *SU = "Sulawesi Utara", *MU = "Maluku Utara", *BM = "Kabupaten Bolaang Mongondow";
    fx_row(w->d, 2025, SU, NULL, BM, JENIS_KABUPATEN, "Dinas Sosial", 8683)->gerbang =
        RUBRIC_GERBANG_YA;
    fx_row(w->d, 2025, SU, NULL, BM, JENIS_KABUPATEN, "Dinas Pendidikan", 8580);
    fx_row(w->d, 2025, SU, NULL, BM, JENIS_KABUPATEN, "RSUD Datoe Binangkang", 8290);
    fx_row(w->d, 2025, SU, NULL, BM, JENIS_KABUPATEN, "Puskesmas Lolak", 7050);
    fx_row(w->d, 2024, SU, NULL, BM, JENIS_KABUPATEN, NULL, 7560);
    fx_row(w->d, 2025, MU, NULL, "Kabupaten Pulau Morotai", JENIS_KABUPATEN, NULL, 5338)->gerbang =
        RUBRIC_GERBANG_TIDAK;
    fx_row(w->d, 2025, MU, NULL, "Kantor Imigrasi Ternate", JENIS_VERTIKAL, NULL, 8010);
    assert_int_equal(agg_build(w->d, &w->rubrics, &w->m, &w->err), KP_OK);
    assert_int_equal(
        perwakilan_load(KP_SOURCE_DIR "/templates/perwakilan.csv", false, &w->penerbit, &w->err),
        KP_OK);
    assert_int_equal(cmp_build(w->m, 2025, 2024, NULL, &w->c, &w->err), KP_OK);
    snprintf(w->out, sizeof w->out, "/tmp/test_surat_out_XXXXXX");
    assert_non_null(mkdtemp(w->out));
    w->ctx = (render_ctx){.model = w->m,
                          .year = agg_year_find(w->m, 2025),
                          .cmp = w->c,
                          .out_dir = w->out,
                          .templat_dir = KP_SOURCE_DIR "/templates",
                          .font_dir = KP_SOURCE_DIR "/fonts",
                          .perwakilan = w->penerbit,
                          .version = "test",
                          .epoch = 1705449600,
                          .jobs = 2};
    *state = w;
    return 0;
}

static void ada(const char *t, const char *want)
{
    if (!strstr(t, want))
        fail_msg("\"%s\" not in the letter:\n%s", want, t);
}

/* Fails when word is in t in any case: the old method's words never reach a 2025 letter. */
static void tidak_ada(const char *t, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = t; *p; p++) {
        size_t k = 0;
        while (k < n && p[k] && tolower((unsigned char)p[k]) == tolower((unsigned char)word[k]))
            k++;
        if (k == n)
            fail_msg("\"%s\" in the letter:\n%s", word, t);
    }
}

static void test_opini_2025(void **state)
{
    world *w = *state;
    surat_options opt = {.pilih = NULL};
    size_t written = 0;
    if (surat_render(&w->ctx, &opt, &written, &w->err) != KP_OK)
        fail_msg("%s:%d: %s", w->err.file, w->err.line, w->err.msg);
    assert_int_equal(written, 3);

    char path[256];
    snprintf(path, sizeof path, "%s/surat/kabupaten-bolaang-mongondow.pdf", w->out);
    char *t = pdf_text(path);
    static const char *const want[] = {
        "Hal : Penyampaian Hasil Penilaian Maladministrasi Penyelenggaraan Pelayanan Publik "
        "Tahun 2025",
        "Manado, 29 Januari 2026",
        "Yth. Bupati Bolaang Mongondow",
        "berdasarkan Peraturan Ombudsman Republik Indonesia Nomor 61 Tahun 2025 tentang Penilaian "
        "Maladministrasi Penyelenggaraan Pelayanan Publik",
        /* (86,83 + 85,80 + 82,90 + 70,50) / 4 = 81,5075 -> 81,51 */
        "memperoleh nilai 81,51 (delapan puluh satu koma lima satu) dengan Opini Kualitas Tinggi "
        "Tanpa Maladministrasi.",
        "tahun 2024, yang dilaksanakan dengan metode sebelumnya, nilai tersebut naik 5,91 poin "
        "dari 75,60.",
        "di bawah 78,00 yang memerlukan pembinaan: 1. Puskesmas Lolak, nilai 70,50 (Cukup)",
        "78,00 atau lebih yang patut diapresiasi: 1. Dinas Sosial, nilai 86,83 (Baik) 2. Dinas "
        "Pendidikan, nilai 85,80 (Baik) 3. RSUD Datoe Binangkang, nilai 82,90 (Baik)",
        "1. melakukan pembinaan terhadap unit layanan yang memperoleh nilai 0\342\200\22377,99; "
        "2. menjaga konsistensi hasil penilaian yang telah baik; dan 3. memberikan penghargaan",
        "Tembusan: 1. Ketua Ombudsman Republik Indonesia 2. Sekretaris Jenderal Ombudsman "
        "Republik Indonesia 3. Inspektur Kabupaten Bolaang Mongondow",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ada(t, want[i]);
    static const char *const never[] = {"zona", "hijau", "kuning", "merah", "kepatuhan"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        tidak_ada(t, never[i]);
    free(t);

    /* No units: no lists, the advice stays; no gate: no suffix. */
    snprintf(path, sizeof path, "%s/surat/kabupaten-pulau-morotai.pdf", w->out);
    t = pdf_text(path);
    ada(t, "dengan Opini Kualitas Rendah.");
    ada(t, "kami menyarankan kepada Saudara untuk:");
    tidak_ada(t, "Unit layanan dengan nilai");
    tidak_ada(t, "Dibandingkan");
    free(t);

    /* A vertical office: its head, its label, no opinion, no advice about units. */
    snprintf(path, sizeof path, "%s/surat/kantor-imigrasi-ternate.pdf", w->out);
    t = pdf_text(path);
    ada(t, "Yth. Kepala Kantor Imigrasi Ternate di Tempat");
    ada(t, "memperoleh nilai 80,10 (delapan puluh koma satu nol) dengan predikat Kualitas "
           "Pelayanan Baik.");
    ada(t, "peringkat 1 dari 1 kantor vertikal se-Maluku Utara");
    ada(t, "2. Sekretaris Jenderal Ombudsman Republik Indonesia");
    tidak_ada(t, "Opini");
    tidak_ada(t, "menyarankan");
    tidak_ada(t, "Inspektur");
    tidak_ada(t, "zona");
    free(t);

    char cmd[400];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s/surat/kantor-imigrasi-ternate.pdf'", w->out);
    t = fx_run_ok(cmd);
    ada(t, "Surat Penyampaian Hasil Penilaian Maladministrasi Penyelenggaraan Pelayanan Publik "
           "2025 - Kantor Imigrasi Ternate");
    tidak_ada(t, "zona");
    free(t);
}

/* The letter file's new keys: a list it does not know, a condition on an unknown field. */
static void test_opini_isi_errors(void **state)
{
    world *w = *state;
    char dir[128], cmd[512];
    snprintf(dir, sizeof dir, "%s/templat", w->out);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/surat' && cp '%s/surat/rusak.ini' '%s/surat/x.ini'",
             dir, KP_TEST_DATA, dir);
    assert_int_equal(system(cmd), 0);
    w->ctx.templat_dir = dir;
    surat_options opt = {.template_name = "x"};
    char path[256];
    snprintf(path, sizeof path, "%s/surat/x.isi.ini", dir);

    FILE *f = fopen(path, "w");
    fputs("[surat]\nnomor = {seq}\nhal = Uji\n[isi]\nparagraf = Uji.\n"
          "daftar_unit_semua = {butir_nama}\n",
          f);
    fclose(f);
    assert_int_equal(surat_render(&w->ctx, &opt, NULL, &w->err), KP_ERR_DATA);
    assert_int_equal(w->err.line, 6);
    assert_non_null(strstr(w->err.msg, "unit_semua"));

    f = fopen(path, "w");
    fputs("[surat]\nnomor = {seq}\nhal = Uji\n[isi]\nparagraf = Uji.\n"
          "[tembusan]\nkepada = Ketua\nkepada_jika_inspektur = Inspektur\n",
          f);
    fclose(f);
    assert_int_equal(surat_render(&w->ctx, &opt, NULL, &w->err), KP_ERR_DATA);
    assert_int_equal(w->err.line, 8);
    assert_non_null(strstr(w->err.msg, "kepada_jika_inspektur"));

    /* The lengths are the layout template's [ukuran]: a letter file still giving one is told
     * where it goes, a name [ukuran] does not know is refused at its line. */
    f = fopen(path, "w");
    fputs("[surat]\nnomor = {seq}\nhal = Uji\nttd_x = 200\n[isi]\nparagraf = Uji.\n", f);
    fclose(f);
    assert_int_equal(surat_render(&w->ctx, &opt, NULL, &w->err), KP_ERR_DATA);
    assert_int_equal(w->err.line, 4);
    assert_non_null(strstr(w->err.msg, "\"ttd_x\" kini ditulis di bagian [ukuran]"));
    f = fopen(path, "w");
    fputs("[surat]\nnomor = {seq}\nhal = Uji\n[isi]\nparagraf = Uji.\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "printf '[ukuran]\\nttd_y = 1\\n' >> '%s/surat/x.ini'", dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(surat_render(&w->ctx, &opt, NULL, &w->err), KP_ERR_DATA);
    assert_non_null(strstr(w->err.file, "surat/x.ini"));
    assert_non_null(
        strstr(w->err.msg, "\"ttd_y\" tidak dikenal di [ukuran] (maksud Anda \"ttd_x\"? "));

    /* A folder made before 2025 has no instansi-opini: named, as a data error. */
    surat_options bawaan = {.pilih = NULL};
    assert_int_equal(surat_render(&w->ctx, &bawaan, NULL, &w->err), KP_ERR_DATA);
    assert_non_null(strstr(w->err.file, "surat/instansi-opini.ini"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tujuan_per_jenis),
        cmocka_unit_test(test_alamat_override),
        cmocka_unit_test(test_alamat_malformed),
        cmocka_unit_test(test_gerak),
        cmocka_unit_test_setup_teardown(test_banjarbaru_2023, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_pilih_hijau_and_gabung, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_jobs_identical, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_long_letter_paginates, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_template_errors, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_opini_2025, opini_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_opini_isi_errors, opini_setup, world_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
