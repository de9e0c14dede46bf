/*
 * Certificates end to end below the CLI: a small Kalimantan Selatan 2023 model (Kota
 * Banjarbaru 92,00 A, Kabupaten Barito Kuala 87,59 B, Kota Banjarmasin 70,00 C), rendered into
 * a temporary folder and checked with poppler (pdftotext, pdffonts) and qpdf.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fx_run.h"
#include "agg_fixture.h"
#include "render/acara.h"
#include "render/perwakilan.h"
#include "render/piagam.h"
#include "util/outdir.h"

typedef struct fixture {
    rubric_set rubrics;
    rows_data *data;
    agg_model *m;
    perwakilan_set *penerbit; /* templates/perwakilan.csv: Kalsel signs the fixture */
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    kp_error err;
    fx->rubrics = fx_rubrics();
    fx->data = rows_data_new();
    assert_non_null(fx->data);
    const char *P = "Kalimantan Selatan";
    fx_row(fx->data, 2023, P, "63.72", "Kota Banjarbaru", JENIS_KOTA, NULL, 9200);
    fx_row(fx->data, 2023, P, "63.72", "Kota Banjarbaru", JENIS_KOTA, "Disdukcapil", 8914);
    fx_row(fx->data, 2023, P, "63.72", "Kota Banjarbaru", JENIS_KOTA, "DPMPTSP", 9337);
    fx_row(fx->data, 2023, P, "63.72", "Kota Banjarbaru", JENIS_KOTA, "Puskesmas Sungai Besar",
           7412);
    fx_row(fx->data, 2023, P, "63.04", "Kabupaten Barito Kuala", JENIS_KABUPATEN, NULL, 8759);
    fx_row(fx->data, 2023, P, "63.71", "Kota Banjarmasin", JENIS_KOTA, NULL, 7000);
    assert_int_equal(agg_build(fx->data, &fx->rubrics, &fx->m, &err), KP_OK);
    assert_int_equal(
        perwakilan_load(KP_SOURCE_DIR "/templates/perwakilan.csv", false, &fx->penerbit, &err),
        KP_OK);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/test_piagam_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    outdir_remove_tree(fx->dir);
    agg_free(fx->m);
    perwakilan_free(fx->penerbit);
    rows_data_free(fx->data);
    rubric_set_free(&fx->rubrics);
    free(fx);
    return 0;
}

static render_ctx konteks(const fixture *fx, const char *out, int jobs)
{
    render_ctx ctx = {
        .model = fx->m,
        .year = agg_year_find(fx->m, 2023),
        .out_dir = out,
        .templat_dir = KP_SOURCE_DIR "/templates",
        .font_dir = KP_SOURCE_DIR "/fonts",
        .perwakilan = fx->penerbit,
        .version = "test",
        .epoch = 1705449600, /* 2024-01-17 00:00 UTC */
        .jobs = jobs,
    };
    return ctx;
}

static const agg_instansi *cari(const fixture *fx, const char *nama)
{
    const agg_year *y = agg_year_find(fx->m, 2023);
    for (size_t i = 0; i < y->n_instansi; i++)
        if (strcmp(y->instansi[i].nama, nama) == 0)
            return &y->instansi[i];
    fail_msg("instansi %s tidak ada", nama);
    return NULL;
}

static void render_into(const fixture *fx, const char *dir, int jobs, const piagam_options *opt)
{
    mkdir(dir, 0755);
    render_ctx ctx = konteks(fx, dir, jobs);
    kp_error err;
    kp_error_clear(&err);
    kp_status st = piagam_render(&ctx, opt, NULL, &err);
    if (st != KP_OK)
        fail_msg("piagam_render: %s:%d: %s", err.file, err.line, err.msg);
}

/* The selection as the CLI makes it, against the fixture's rubric. */
static void set_pilih(fixture *fx, const char *spec, piagam_options *opt)
{
    kp_error err;
    const rubric *r = agg_year_find(fx->m, 2023)->rubric;
    if (pilih_parse(spec, &r, 1, &opt->pilih, &err) != KP_OK)
        fail_msg("%s", err.msg);
}

static bool exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static void test_banjarbaru_text_fonts_qpdf(void **state)
{
    fixture *fx = *state;
    char dir[128], path[256], cmd[512];
    snprintf(dir, sizeof dir, "%s/default", fx->dir);
    piagam_options opt;
    piagam_options_default(&opt);
    set_pilih(fx, "hijau", &opt);
    render_into(fx, dir, 1, &opt);

    const agg_instansi *bjb = cari(fx, "Kota Banjarbaru");
    assert_int_equal(bjb->nilai, 9200);
    snprintf(path, sizeof path, "%s/piagam/%s.pdf", dir, bjb->slug);
    assert_true(exists(path));
    /* Zona kuning gets none by default. */
    snprintf(cmd, sizeof cmd, "%s/piagam/%s.pdf", dir, cari(fx, "Kota Banjarmasin")->slug);
    assert_false(exists(cmd));

    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
    char *text = fx_run(cmd, NULL);
    assert_non_null(strstr(text, "PIAGAM PENGHARGAAN"));
    assert_non_null(strstr(text, "Pemerintah Kota Banjarbaru"));
    assert_non_null(strstr(text, "92,00"));
    assert_non_null(strstr(text, "sembilan puluh dua koma nol nol"));
    assert_non_null(strstr(text, "Kualitas Tertinggi"));
    assert_non_null(strstr(text, "Zona Hijau Kategori (A)"));
    assert_non_null(strstr(text, "Tahun 2023"));
    assert_non_null(strstr(text, "Nomor 418 Tahun 2023"));
    assert_non_null(strstr(text, "Banjarmasin, 17 Januari 2024"));
    /* Best of the province: number 001, ceremony in January 2024. */
    assert_non_null(strstr(text, "001/ORI-KALSEL/I/2024"));
    free(text);

    snprintf(cmd, sizeof cmd, "pdffonts '%s'", path);
    char *fonts = fx_run(cmd, NULL);
    int n_fonts = 0;
    char *save = NULL;
    int lineno = 0;
    for (char *line = strtok_r(fonts, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (++lineno <= 2)
            continue; /* header and rule */
        char name[128], type[32], enc[32], emb[8];
        assert_int_equal(sscanf(line, "%127s %31s %31s %7s", name, type, enc, emb), 4);
        /* libharu writes WinAnsiEncoding with a Differences array: poppler says "Custom". */
        assert_string_equal(type, "TrueType");
        assert_string_equal(emb, "yes");
        n_fonts++;
    }
    assert_true(n_fonts >= 4); /* serif, bold, italic, script at least */
    free(fonts);

    int status;
    snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", path);
    char *check = fx_run(cmd, &status);
    assert_int_equal(status, 0);
    assert_non_null(strstr(check, "No syntax or stream encoding errors"));
    free(check);
}

static bool same_file(const char *a, const char *b)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
    return system(cmd) == 0;
}

static void test_jobs_and_runs_identical(void **state)
{
    fixture *fx = *state;
    char d1[128], d4[128], again[128];
    snprintf(d1, sizeof d1, "%s/jobs1", fx->dir);
    snprintf(d4, sizeof d4, "%s/jobs4", fx->dir);
    snprintf(again, sizeof again, "%s/again", fx->dir);
    piagam_options opt;
    piagam_options_default(&opt); /* everyone */
    opt.gabung = true;
    render_into(fx, d1, 1, &opt);
    render_into(fx, d4, 4, &opt);
    render_into(fx, again, 1, &opt);
    const agg_year *y = agg_year_find(fx->m, 2023);
    for (size_t i = 0; i < y->n_instansi; i++) {
        char a[256], b[256], c[256];
        snprintf(a, sizeof a, "%s/piagam/%s.pdf", d1, y->instansi[i].slug);
        snprintf(b, sizeof b, "%s/piagam/%s.pdf", d4, y->instansi[i].slug);
        snprintf(c, sizeof c, "%s/piagam/%s.pdf", again, y->instansi[i].slug);
        assert_true(exists(a));
        assert_true(same_file(a, b));
        assert_true(same_file(a, c));
    }
    char a[256], b[256], cmd[300];
    snprintf(a, sizeof a, "%s/piagam-gabung.pdf", d1);
    snprintf(b, sizeof b, "%s/piagam-gabung.pdf", d4);
    assert_true(same_file(a, b));
    /* The combined file has every certificate, in rank order. */
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", a);
    char *text = fx_run(cmd, NULL);
    char *p1 = strstr(text, "Pemerintah Kota Banjarbaru");
    char *p2 = strstr(text, "Pemerintah Kabupaten Barito Kuala");
    char *p3 = strstr(text, "Pemerintah Kota Banjarmasin");
    assert_non_null(p1);
    assert_non_null(p2);
    assert_non_null(p3);
    assert_true(p1 < p2 && p2 < p3);
    assert_non_null(strstr(text, "003/ORI-KALSEL/I/2024"));
    assert_non_null(strstr(text, "Kualitas Sedang"));
    free(text);
}

static void test_kategori_selection_and_skpd(void **state)
{
    fixture *fx = *state;
    piagam_options opt;
    piagam_options_default(&opt);
    set_pilih(fx, "b", &opt);
    char dir[128], path[256];
    snprintf(dir, sizeof dir, "%s/kategori-b", fx->dir);
    render_into(fx, dir, 2, &opt);
    snprintf(path, sizeof path, "%s/piagam/%s.pdf", dir, cari(fx, "Kabupaten Barito Kuala")->slug);
    assert_true(exists(path));
    snprintf(path, sizeof path, "%s/piagam/%s.pdf", dir, cari(fx, "Kota Banjarbaru")->slug);
    assert_false(exists(path));

    piagam_options_default(&opt);
    set_pilih(fx, "hijau", &opt);
    opt.level = PIAGAM_SKPD;
    snprintf(dir, sizeof dir, "%s/skpd", fx->dir);
    render_into(fx, dir, 2, &opt);
    const agg_instansi *bjb = cari(fx, "Kota Banjarbaru");
    int hijau = 0;
    for (size_t u = 0; u < bjb->n_units; u++) {
        snprintf(path, sizeof path, "%s/piagam/%s/%s.pdf", dir, bjb->slug, bjb->units[u].slug);
        bool want = bjb->units[u].band->zona == ZONA_HIJAU;
        assert_int_equal(exists(path), want);
        hijau += want;
        if (strcmp(bjb->units[u].nama, "DPMPTSP") == 0) {
            char cmd[400];
            snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
            char *text = fx_run(cmd, NULL);
            assert_non_null(strstr(text, "DPMPTSP"));
            assert_non_null(strstr(text, "93,37"));
            assert_non_null(strstr(text, "Wali Kota Banjarbaru"));
            assert_non_null(strstr(text, "Pemerintah Kota Banjarbaru"));
            free(text);
        }
    }
    assert_int_equal(hijau, 2);
}

static void tulis(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_acara(void **state)
{
    fixture *fx = *state;
    acara a;
    kp_error err;
    assert_int_equal(acara_load(KP_SOURCE_DIR "/templates/acara.ini", 2023, 0, &a, &err), KP_OK);
    /* acara.ini's issuer is the central one; provinces come from perwakilan.csv. */
    assert_string_equal(a.tempat, "Jakarta");
    assert_int_equal(a.tahun, 2024);
    assert_int_equal(a.bulan, 1);
    assert_int_equal(a.hari, 17);
    assert_non_null(strstr(a.dasar_hukum, "Nomor 418 Tahun 2023"));
    char nomor[64];
    assert_int_equal(acara_nomor(&a, a.nomor, 2023, 7, nomor, sizeof nomor, &err), KP_OK);
    assert_string_equal(nomor, "007/ORI/I/2024");
    assert_int_equal(acara_nomor(&a, "{seq}-{bulan}-{tahun}", 2023, 12, nomor, sizeof nomor, &err),
                     KP_OK);
    assert_string_equal(nomor, "12-1-2023");
    assert_int_equal(acara_nomor(&a, "{urut}", 2023, 1, nomor, sizeof nomor, &err), KP_ERR_DATA);
    assert_non_null(strstr(err.msg, "{urut}"));

    /* The year's section wins even when it comes first; other years are ignored. */
    char path[128];
    snprintf(path, sizeof path, "%s/acara.ini", fx->dir);
    tulis(path, "[2023]\ntempat = Banjarbaru\n[2022]\ntempat = Martapura\n"
                "[acara]\ntempat = Jakarta\ndasar_hukum = Keputusan\n  yang panjang\n");
    assert_int_equal(acara_load(path, 2023, 0, &a, &err), KP_OK);
    assert_string_equal(a.tempat, "Banjarbaru");
    assert_string_equal(a.dasar_hukum, "Keputusan yang panjang");
    /* Defaults: date from the epoch, generic signatory. */
    assert_int_equal(a.tahun, 1970);
    assert_string_equal(a.penandatangan, "(nama penandatangan)");

    tulis(path, "[acara]\ntempat = X\ntanggal = 2023-02-30\n");
    assert_int_equal(acara_load(path, 2023, 0, &a, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "2023-02-30"));
    tulis(path, "[acara]\n\n; komentar\nnomor = {seq}/{kode}\n");
    assert_int_equal(acara_load(path, 2023, 0, &a, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "{kode}"));
    tulis(path, "[acara]\ntempat = X\n[upacara]\ntempat = Y\n");
    assert_int_equal(acara_load(path, 2023, 0, &a, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 4);
    tulis(path, "[acara]\nkota = X\n");
    assert_int_equal(acara_load(path, 2023, 0, &a, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "kota"));
}

static void test_template_error_names_line(void **state)
{
    fixture *fx = *state;
    char path[128], dir[128];
    snprintf(path, sizeof path, "%s/rusak.ini", fx->dir);
    tulis(path, "[page]\nsize = A4\n[font]\nserif = serif-regular.ttf\n[text a]\ny = 10\n"
                "font = serif\nsize = 12\ntext = untuk {instansi} dengan {nilaii}\n");
    snprintf(dir, sizeof dir, "%s/rusak", fx->dir);
    mkdir(dir, 0755);
    piagam_options opt;
    piagam_options_default(&opt);
    opt.template_path = path;
    render_ctx ctx = konteks(fx, dir, 1);
    kp_error err;
    assert_int_equal(piagam_render(&ctx, &opt, NULL, &err), KP_ERR_DATA);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 9);
    assert_non_null(strstr(err.msg, "{nilaii}"));
}

/* ---- 2025: the Opini method ---------------------------------------------------------- */

/*
 * The published 2025 cases (docs/sumber.md section 3): Kabupaten Bolaang Mongondow
 * 85,18 Opini Kualitas Tinggi Tanpa Maladministrasi (mean of 86,83, 85,80, 82,90), Kabupaten
 * Kepulauan Sula 57,61 Opini Kualitas Sedang Tanpa Maladministrasi, Kabupaten Pulau Morotai
 * 53,38 Opini Kualitas Rendah, and a vertical office with a label instead of an opinion; the
 * real rubrics and templates, 2024 beside it.
 */
static int setup_opini(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    kp_error err;
    assert_int_equal(rubric_set_load_dir(&fx->rubrics, KP_SOURCE_DIR "/templates/rubrik", &err),
                     KP_OK);
    fx->data = rows_data_new();
    assert_non_null(fx->data);
    rows_data *d = fx->data;
    const char *SU = "Sulawesi Utara", *MU = "Maluku Utara", *BM = "Kabupaten Bolaang Mongondow";
    fx_row(d, 2025, SU, NULL, BM, JENIS_KABUPATEN, "Dinas Sosial", 8683)->gerbang =
        RUBRIC_GERBANG_YA;
    fx_row(d, 2025, SU, NULL, BM, JENIS_KABUPATEN, "Dinas Pendidikan", 8580);
    fx_row(d, 2025, SU, NULL, BM, JENIS_KABUPATEN, "RSUD Datoe Binangkang", 8290);
    fx_row(d, 2025, MU, NULL, "Kabupaten Kepulauan Sula", JENIS_KABUPATEN, NULL, 5761)->gerbang =
        RUBRIC_GERBANG_YA;
    fx_row(d, 2025, MU, NULL, "Kabupaten Pulau Morotai", JENIS_KABUPATEN, NULL, 5338)->gerbang =
        RUBRIC_GERBANG_TIDAK;
    fx_row(d, 2025, MU, NULL, "Kantor Imigrasi Ternate", JENIS_VERTIKAL, NULL, 8010);
    fx_row(d, 2024, SU, NULL, BM, JENIS_KABUPATEN, NULL, 7560);
    assert_int_equal(agg_build(fx->data, &fx->rubrics, &fx->m, &err), KP_OK);
    assert_int_equal(
        perwakilan_load(KP_SOURCE_DIR "/templates/perwakilan.csv", false, &fx->penerbit, &err),
        KP_OK);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/test_piagam_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    *state = fx;
    return 0;
}

static render_ctx konteks_2025(const fixture *fx, const char *out)
{
    render_ctx ctx = konteks(fx, out, 2);
    ctx.year = agg_year_find(fx->m, 2025);
    return ctx;
}

static const agg_instansi *cari_2025(const fixture *fx, const char *nama)
{
    const agg_year *y = agg_year_find(fx->m, 2025);
    for (size_t i = 0; i < y->n_instansi; i++)
        if (strcmp(y->instansi[i].nama, nama) == 0)
            return &y->instansi[i];
    fail_msg("instansi %s tidak ada", nama);
    return NULL;
}

/* Fails showing the text when needle is not in it: a layout change is then easy to see. */
static void ada(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("\"%s\" tidak ada di:\n%s", needle, text);
}

/* The text of a PDF, lower-cased too, so that a zone word in any case is found. */
static char *teks_pdf(const char *path, bool lower)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - && pdfinfo '%s'", path, path);
    char *text = fx_run_ok(cmd);
    for (char *p = text; lower && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return text;
}

/*
 * No zone anywhere on a 2025 document (text and metadata): the method has none; nor the old
 * method's name in its text (the metadata's Creator is the program, "kepatuhan").
 */
static void tanpa_zona(const char *path)
{
    char *low = teks_pdf(path, true);
    static const char *const kata[] = {"zona", "hijau", "kuning", "merah"};
    for (size_t i = 0; i < sizeof kata / sizeof kata[0]; i++)
        if (strstr(low, kata[i]))
            fail_msg("\"%s\" tercetak di %s:\n%s", kata[i], path, low);
    char *info = strstr(low, "title:");
    if (info)
        *info = '\0';
    if (strstr(low, "kepatuhan"))
        fail_msg("\"kepatuhan\" tercetak di %s:\n%s", path, low);
    free(low);
}

static void render_2025(const fixture *fx, const char *dir, const char *spec, piagam_level lv)
{
    mkdir(dir, 0755);
    piagam_options opt;
    piagam_options_default(&opt);
    opt.level = lv;
    kp_error err;
    const rubric *r = agg_year_find(fx->m, 2025)->rubric;
    if (pilih_parse(spec, &r, 1, &opt.pilih, &err) != KP_OK)
        fail_msg("%s", err.msg);
    render_ctx ctx = konteks_2025(fx, dir);
    if (piagam_render(&ctx, &opt, NULL, &err) != KP_OK)
        fail_msg("piagam_render: %s:%d: %s", err.file, err.line, err.msg);
}

static void test_opini_instansi(void **state)
{
    fixture *fx = *state;
    char dir[128], path[256];
    snprintf(dir, sizeof dir, "%s/opini", fx->dir);
    render_2025(fx, dir, "semua", PIAGAM_INSTANSI);

    snprintf(path, sizeof path, "%s/piagam/%s.pdf", dir,
             cari_2025(fx, "Kabupaten Bolaang Mongondow")->slug);
    char *text = teks_pdf(path, false);
    ada(text, "Pemerintah Kabupaten Bolaang Mongondow");
    ada(text, "Opini Kualitas Tinggi Tanpa Maladministrasi");
    ada(text, "85,18");
    ada(text, "delapan puluh lima koma satu delapan");
    ada(text, "Penilaian Maladministrasi Penyelenggaraan Pelayanan Publik "
              "Tahun 2025");
    ada(text, "Peraturan Ombudsman Republik Indonesia Nomor 61 Tahun 2025");
    /* A Sulawesi Utara pemda: its Perwakilan signs and numbers it. */
    ada(text, "Manado, 29 Januari 2026");
    ada(text, "001/ORI-SULUT/I/2026");
    ada(text, "Perwakilan Provinsi Sulawesi Utara");
    /* Metadata: the assessment's name and the opinion. */
    ada(text, "Subject:         Penilaian Maladministrasi");
    ada(text, "Opini Kualitas Tinggi Tanpa Maladministrasi, rubrik");
    assert_null(strstr(text, "Kualitas Pelayanan"));
    free(text);
    tanpa_zona(path);

    snprintf(path, sizeof path, "%s/piagam/%s.pdf", dir,
             cari_2025(fx, "Kabupaten Kepulauan Sula")->slug);
    text = teks_pdf(path, false);
    ada(text, "Opini Kualitas Sedang Tanpa Maladministrasi");
    ada(text, "lima puluh tujuh koma enam satu");
    free(text);
    tanpa_zona(path);

    /* Without the gate the opinion has no suffix (there is no "Dengan Maladministrasi"). */
    snprintf(path, sizeof path, "%s/piagam/%s.pdf", dir,
             cari_2025(fx, "Kabupaten Pulau Morotai")->slug);
    text = teks_pdf(path, false);
    ada(text, "Opini Kualitas Rendah");
    assert_null(strstr(text, "Maladministrasi\n"));
    assert_null(strstr(text, "Rendah Tanpa"));
    ada(text, "53,38");
    free(text);
    tanpa_zona(path);

    /* A vertical office: its label, no opinion, ranked among vertical offices. */
    snprintf(path, sizeof path, "%s/piagam/%s.pdf", dir,
             cari_2025(fx, "Kantor Imigrasi Ternate")->slug);
    text = teks_pdf(path, false);
    ada(text, "Kantor Imigrasi Ternate");
    ada(text, "Kualitas Pelayanan Baik");
    ada(text, "80,10");
    ada(text, "kantor vertikal");
    assert_null(strstr(text, "Opini"));
    free(text);
    tanpa_zona(path);
}

static void test_opini_skpd_and_default(void **state)
{
    fixture *fx = *state;
    char dir[128], path[256];
    snprintf(dir, sizeof dir, "%s/opini-skpd", fx->dir);
    render_2025(fx, dir, "A,B", PIAGAM_SKPD);
    const agg_instansi *bm = cari_2025(fx, "Kabupaten Bolaang Mongondow");
    assert_int_equal(bm->n_units, 3);
    for (size_t u = 0; u < bm->n_units; u++) {
        snprintf(path, sizeof path, "%s/piagam/%s/%s.pdf", dir, bm->slug, bm->units[u].slug);
        assert_true(exists(path));
        tanpa_zona(path);
        if (strcmp(bm->units[u].nama, "Dinas Sosial") != 0)
            continue;
        char *text = teks_pdf(path, false);
        ada(text, "Dinas Sosial");
        ada(text, "Kualitas Pelayanan Baik");
        ada(text, "86,83");
        ada(text, "Bupati Bolaang Mongondow");
        ada(text, "Hasil Penilaian Maladministrasi Penyelenggaraan Pelayanan "
                  "Publik Tahun 2025");
        assert_null(strstr(text, "Opini"));
        free(text);
    }
    /* The rubric's default (A,B): Kualitas Tinggi and above, the vertical office (80,10, B)
     * included; Sula (C) and Morotai (D) get none. */
    snprintf(dir, sizeof dir, "%s/opini-ab", fx->dir);
    render_2025(fx, dir, agg_year_find(fx->m, 2025)->rubric->piagam_bawaan, PIAGAM_INSTANSI);
    snprintf(path, sizeof path, "%s/piagam/%s.pdf", dir, bm->slug);
    assert_true(exists(path));
    snprintf(path, sizeof path, "%s/piagam/%s.pdf", dir,
             cari_2025(fx, "Kantor Imigrasi Ternate")->slug);
    assert_true(exists(path));
    snprintf(path, sizeof path, "%s/piagam/%s.pdf", dir,
             cari_2025(fx, "Kabupaten Kepulauan Sula")->slug);
    assert_false(exists(path));
}

/* A templates folder made before 2025 has no *-opini.ini: a data error naming the file. */
static void test_opini_template_missing(void **state)
{
    fixture *fx = *state;
    char tdir[128], dir[128];
    snprintf(tdir, sizeof tdir, "%s/templat-lama", fx->dir);
    mkdir(tdir, 0755);
    snprintf(dir, sizeof dir, "%s/lama", fx->dir);
    mkdir(dir, 0755);
    piagam_options opt;
    piagam_options_default(&opt);
    render_ctx ctx = konteks_2025(fx, dir);
    ctx.templat_dir = tdir;
    kp_error err;
    assert_int_equal(piagam_render(&ctx, &opt, NULL, &err), KP_ERR_DATA);
    assert_non_null(strstr(err.file, "piagam/instansi-opini.ini"));
    assert_non_null(strstr(err.msg, "ombudsman-opini-2025"));
}

int main(void)
{
    const struct CMUnitTest opini[] = {
        cmocka_unit_test(test_opini_instansi),
        cmocka_unit_test(test_opini_skpd_and_default),
        cmocka_unit_test(test_opini_template_missing),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_banjarbaru_text_fonts_qpdf),
        cmocka_unit_test(test_jobs_and_runs_identical),
        cmocka_unit_test(test_kategori_selection_and_skpd),
        cmocka_unit_test(test_acara),
        cmocka_unit_test(test_template_error_names_line),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    return failed + cmocka_run_group_tests(opini, setup_opini, teardown);
}
