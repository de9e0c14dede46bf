#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fx_run.h"
#include "agg_fixture.h"
#include "render/surat.h"

static agg_instansi inst_of(const char *nama, const char *key, const char *kode, jenis j)
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
    assert_int_equal(surat_alamat_load("/nonexistent/alamat.csv", false, &a, &err), KP_ERR_IO);
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
    csvin_data *d;
    agg_model *m;
    cmp_result *c;
    render_ctx ctx;
    char out[64];
    kp_error err;
} world;

static void row2(world *w, int tahun, const char *kode, const char *nama, jenis j, dec_t nilai)
{
    fx_row(w->d, tahun, "Kalimantan Selatan", kode, nama, j, NULL, nilai);
}

static int world_setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    w->rubrics = fx_rubrics();
    w->d = csvin_data_new();
    row2(w, 2022, "63.72", "Kota Banjarbaru", JENIS_KOTA, 8474);
    row2(w, 2022, "63.04", "Kabupaten Barito Kuala", JENIS_KABUPATEN, 6550);
    row2(w, 2022, "63", "Provinsi Kalimantan Selatan", JENIS_PROVINSI, 6938);
    row2(w, 2023, "63.72", "Kota Banjarbaru", JENIS_KOTA, 9200);
    row2(w, 2023, "63.04", "Kabupaten Barito Kuala", JENIS_KABUPATEN, 8759);
    row2(w, 2023, "63.06", "Kabupaten Hulu Sungai Selatan", JENIS_KABUPATEN, 9507);
    row2(w, 2023, "63", "Provinsi Kalimantan Selatan", JENIS_PROVINSI, 8577);
    kp_error_clear(&w->err);
    assert_int_equal(agg_build(w->d, &w->rubrics, &w->m, &w->err), KP_OK);
    assert_int_equal(cmp_build(w->m, 2023, 2022, NULL, &w->c, &w->err), KP_OK);
    snprintf(w->out, sizeof w->out, "/tmp/test_surat_out_XXXXXX");
    assert_non_null(mkdtemp(w->out));
    w->ctx = (render_ctx){.model = w->m,
                          .year = agg_year_find(w->m, 2023),
                          .cmp = w->c,
                          .out_dir = w->out,
                          .templat_dir = KP_SOURCE_DIR "/templates",
                          .font_dir = KP_SOURCE_DIR "/fonts",
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
    agg_free(w->m);
    csvin_data_free(w->d);
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

static bool have_poppler(void)
{
    return system("command -v pdftotext >/dev/null 2>&1") == 0;
}

static void test_banjarbaru_2023(void **state)
{
    world *w = *state;
    if (!have_poppler())
        skip();
    surat_options opt = {.pilih = "semua"};
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
    if (!have_poppler())
        skip();
    surat_options opt = {.pilih = "A", .gabung = true};
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

    opt.pilih = "ungu";
    assert_int_equal(surat_render(&w->ctx, &opt, &written, &w->err), KP_ERR_USAGE);
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
    surat_options opt = {.pilih = "semua", .gabung = true};
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
    if (!have_poppler())
        skip();
    w->ctx.templat_dir = KP_TEST_DATA;
    surat_options opt = {.pilih = "semua", .template_name = "panjang"};
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
    surat_options opt = {.pilih = "semua", .template_name = "rusak"};
    assert_int_equal(surat_render(&w->ctx, &opt, NULL, &w->err), KP_ERR_DATA);
    assert_non_null(strstr(w->err.file, "rusak.isi.ini"));
    assert_int_equal(w->err.line, 4);
    assert_non_null(strstr(w->err.msg, "salam"));
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
