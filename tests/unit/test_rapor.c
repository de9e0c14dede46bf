#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fx_run.h"
#include "model/agg.h"
#include "model/cmp.h"
#include "read/csvin.h"
#include "render/layout.h"
#include "render/rapor.h"
#include "render/render.h"
#include "util/idfmt.h"
#include "util/outdir.h"

/* ---- summary rules ------------------------------------------------------------------ */

static rapor_fakta fakta_a(void)
{
    rapor_fakta f = {
        .nilai = 9200,
        .kategori = "A",
        .predikat = "Kualitas Tertinggi",
        .zona = ZONA_HIJAU,
        .tahun_lalu = 2022,
        .nilai_lalu = 8474,
        .kategori_lalu = "B",
        .zona_lalu = ZONA_HIJAU,
        .dimensi = "Pengaduan",
        .dimensi_poin = 1240,
        .dimensi_bobot = 2154,
    };
    return f;
}

static void test_kalimat_naik(void **state)
{
    (void)state;
    rapor_fakta f = fakta_a();
    char buf[512];
    assert_string_equal(rapor_kalimat_nilai(&f, buf, sizeof buf),
                        "Nilai naik 7,26 poin dari 84,74 menjadi 92,00 dan masuk kategori A.");
    f.kategori_lalu = "A";
    f.nilai_lalu = 9080;
    assert_string_equal(rapor_kalimat_nilai(&f, buf, sizeof buf),
                        "Nilai naik 1,20 poin dari 90,80 menjadi 92,00 dan tetap di kategori A.");
}

static void test_kalimat_turun(void **state)
{
    (void)state;
    rapor_fakta f = fakta_a();
    f.nilai = 8420;
    f.kategori = "B";
    f.predikat = "Kualitas Tinggi";
    f.nilai_lalu = 9010;
    f.kategori_lalu = "A";
    char buf[512];
    assert_string_equal(rapor_kalimat_nilai(&f, buf, sizeof buf),
                        "Nilai turun 5,90 poin dari 90,10 menjadi 84,20 dan masuk kategori B.");
}

static void test_kalimat_tetap(void **state)
{
    (void)state;
    rapor_fakta f = fakta_a();
    f.nilai = 8474;
    f.kategori = "B";
    char buf[512];
    assert_string_equal(rapor_kalimat_nilai(&f, buf, sizeof buf),
                        "Nilai tetap 84,74, sama dengan tahun 2022, di kategori B.");
}

static void test_kalimat_baru(void **state)
{
    (void)state;
    rapor_fakta f = fakta_a();
    f.tahun_lalu = 0;
    char buf[512];
    assert_string_equal(rapor_kalimat_nilai(&f, buf, sizeof buf),
                        "Nilai 92,00, kategori A (Kualitas Tertinggi). Belum ada nilai tahun "
                        "sebelumnya untuk dibandingkan.");
}

static void test_kalimat_beda_metode(void **state)
{
    (void)state;
    rapor_fakta f = fakta_a();
    f.nilai = 8500;
    f.kategori = "B";
    f.predikat = "Kualitas Tinggi";
    f.tahun_lalu = 2021;
    f.beda_metode = true;
    f.kategori_lalu = "";
    f.zona_lalu = ZONA_KUNING;
    char buf[512];
    assert_string_equal(rapor_kalimat_nilai(&f, buf, sizeof buf),
                        "Nilai 85,00, kategori B (Kualitas Tinggi). Metode penilaian berbeda "
                        "dengan tahun 2021, sehingga hanya zona yang dibandingkan: naik dari "
                        "Zona Kuning ke Zona Hijau.");
    f.zona_lalu = ZONA_HIJAU;
    rapor_kalimat_nilai(&f, buf, sizeof buf);
    assert_non_null(strstr(buf, "dibandingkan: tetap di Zona Hijau."));
    f.zona = ZONA_MERAH;
    rapor_kalimat_nilai(&f, buf, sizeof buf);
    assert_non_null(strstr(buf, "dibandingkan: turun dari Zona Hijau ke Zona Merah."));
}

/* The 2013 method has no letters: the sentence speaks of zones. */
static void test_kalimat_tanpa_huruf(void **state)
{
    (void)state;
    rapor_fakta f = fakta_a();
    f.kategori = "";
    f.kategori_lalu = "";
    f.predikat = "Kepatuhan Tinggi";
    f.nilai = 8300;
    f.nilai_lalu = 7900;
    f.zona_lalu = ZONA_KUNING;
    char buf[512];
    assert_string_equal(rapor_kalimat_nilai(&f, buf, sizeof buf),
                        "Nilai naik 4,00 poin dari 79,00 menjadi 83,00 dan masuk Zona Hijau.");
    f.tahun_lalu = 0;
    assert_string_equal(rapor_kalimat_nilai(&f, buf, sizeof buf),
                        "Nilai 83,00, Zona Hijau (Kepatuhan Tinggi). Belum ada nilai tahun "
                        "sebelumnya untuk dibandingkan.");
}

static void test_kalimat_dimensi(void **state)
{
    (void)state;
    rapor_fakta f = fakta_a();
    char buf[512];
    assert_string_equal(rapor_kalimat_dimensi(&f, buf, sizeof buf),
                        "Dimensi terlemah: pengaduan (12,40 dari 21,54).");
    f.dimensi = "IKM";
    assert_string_equal(rapor_kalimat_dimensi(&f, buf, sizeof buf),
                        "Dimensi terlemah: IKM (12,40 dari 21,54).");
    f.dimensi = NULL;
    assert_string_equal(rapor_kalimat_dimensi(&f, buf, sizeof buf),
                        "Rincian nilai per dimensi tidak tersedia untuk penilaian ini.");
}

static void test_kalimat_unit(void **state)
{
    (void)state;
    rapor_fakta f = fakta_a();
    char buf[512];
    assert_string_equal(rapor_kalimat_unit(&f, buf, sizeof buf), "");
    f.n_unit = 7;
    f.n_unit_lemah = 2;
    f.unit_terendah = "Dinas Sosial";
    f.unit_terendah_nilai = 6120;
    assert_string_equal(rapor_kalimat_unit(&f, buf, sizeof buf),
                        "Sebanyak 2 dari 7 unit layanan belum berada di Zona Hijau; nilai "
                        "terendah: Dinas Sosial (61,20).");
    f.n_unit_lemah = 0;
    assert_string_equal(rapor_kalimat_unit(&f, buf, sizeof buf),
                        "Semua 7 unit layanan berada di Zona Hijau.");
    f.zona = ZONA_NONE;
    assert_string_equal(rapor_kalimat_unit(&f, buf, sizeof buf),
                        "Nilai terendah di antara 7 unit layanan: Dinas Sosial (61,20).");
}

static void test_ringkasan(void **state)
{
    (void)state;
    rapor_fakta f = fakta_a();
    char buf[1024];
    assert_string_equal(rapor_ringkasan(&f, buf, sizeof buf),
                        "Nilai naik 7,26 poin dari 84,74 menjadi 92,00 dan masuk kategori A. "
                        "Dimensi terlemah: pengaduan (12,40 dari 21,54).");
    char small[20];
    rapor_ringkasan(&f, small, sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
}

static void test_dimensi_urut(void **state)
{
    (void)state;
    rubric r = {.n_comp = 4};
    const dec_t bobot[4] = {2185, 3237, 2424, 2154};
    for (int i = 0; i < 4; i++)
        r.comp[i].bobot = bobot[i];
    /* shares: 0.50, 0.80, 0.50 (ties keep rubric order), 0.5757 */
    const dec_t comp[4] = {1093 - 1, 2590, 1212, 1240};
    int order[RUBRIC_MAX_COMP];
    assert_int_equal(rapor_dimensi_urut(&r, 0xf, comp, order), 4);
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 2);
    assert_int_equal(order[2], 3);
    assert_int_equal(order[3], 1);
    const dec_t tie[4] = {2185, 3237, 2424, 2154};
    rapor_dimensi_urut(&r, 0xf, tie, order);
    for (int i = 0; i < 4; i++)
        assert_int_equal(order[i], i);
    assert_int_equal(rapor_dimensi_urut(&r, 0x6, comp, order), 2);
    assert_int_equal(order[0], 2);
    assert_int_equal(order[1], 1);
    assert_int_equal(rapor_dimensi_urut(&r, 0, comp, order), 0);
}

/* ---- the Opini method (2025-): sentences ---------------------------------------------- */

/* Kabupaten Bolaang Mongondow 2025 (85,18, B, the gate passed) against an illustrative 2024. */
static rapor_fakta fakta_opini(void)
{
    rapor_fakta f = {
        .nilai = 8518,
        .kategori = "B",
        .predikat = "Kualitas Tinggi",
        .tahun_lalu = 2024,
        .nilai_lalu = 7560,
        .kategori_lalu = "C",
        .zona_lalu = ZONA_KUNING,
        .metode_opini = true,
        .opini = "Opini Kualitas Tinggi Tanpa Maladministrasi",
        .label_unit = "",
        .ganti_metode = true,
        .banding_kategori = true,
        .arah_kategori = 1,
        .dimensi_tanpa_bobot = "input, proses, output, pengaduan",
        .ada_pembinaan = true,
        .batas_pembinaan = 7800,
        .gerbang = "Tanpa Maladministrasi",
        .gerbang_status = RUBRIC_GERBANG_YA,
    };
    return f;
}

static void test_kalimat_opini(void **state)
{
    (void)state;
    rapor_fakta f = fakta_opini();
    char buf[512];
    assert_string_equal(rapor_kalimat_nilai(&f, buf, sizeof buf),
                        "Nilai 85,18: Opini Kualitas Tinggi Tanpa Maladministrasi (kategori B). "
                        "Metode penilaian berbeda dengan tahun 2024; yang dibandingkan adalah "
                        "kategori dan nilai: kategori naik dari C ke B, nilai naik 9,58 poin dari "
                        "75,60.");
    /* Same method the year after: no note, the same facts. */
    f.ganti_metode = false;
    f.arah_kategori = 0;
    f.kategori_lalu = "B";
    f.nilai_lalu = 8600;
    f.tahun_lalu = 2025;
    assert_string_equal(rapor_kalimat_nilai(&f, buf, sizeof buf),
                        "Nilai 85,18: Opini Kualitas Tinggi Tanpa Maladministrasi (kategori B). "
                        "Dibanding tahun 2025, nilai turun 0,82 poin dari 86,00 dan kategori "
                        "tetap B.");
    /* Categories that cannot be compared: the score alone. */
    f = fakta_opini();
    f.banding_kategori = false;
    assert_string_equal(rapor_kalimat_nilai(&f, buf, sizeof buf),
                        "Nilai 85,18: Opini Kualitas Tinggi Tanpa Maladministrasi (kategori B). "
                        "Metode penilaian berbeda dengan tahun 2024; yang dibandingkan adalah "
                        "nilai: nilai naik 9,58 poin dari 75,60.");
    /* A vertical office, first assessed: its label, no opinion. */
    f = fakta_opini();
    f.nilai = 8010;
    f.opini = "";
    f.label_unit = "Baik";
    f.tahun_lalu = 0;
    assert_string_equal(rapor_kalimat_nilai(&f, buf, sizeof buf),
                        "Nilai 80,10: kualitas pelayanan Baik (kategori B). Belum ada nilai tahun "
                        "sebelumnya untuk dibandingkan.");
    /* Never a zone, though the year before had one. */
    f = fakta_opini();
    f.arah_kategori = -1;
    f.kategori_lalu = "A";
    f.nilai_lalu = 9100;
    rapor_kalimat_nilai(&f, buf, sizeof buf);
    assert_non_null(strstr(buf, "kategori turun dari A ke B, nilai turun 5,82 poin dari 91,00."));
    assert_null(strstr(buf, "Zona"));
    assert_null(strstr(buf, "zona"));
}

static void test_kalimat_gerbang(void **state)
{
    (void)state;
    rapor_fakta f = fakta_opini();
    char buf[256];
    assert_string_equal(rapor_kalimat_gerbang(&f, buf, sizeof buf),
                        "Tanpa Maladministrasi: ya \xe2\x80\x94 produk pengawasan Ombudsman "
                        "ditindaklanjuti sepenuhnya.");
    f.gerbang_status = RUBRIC_GERBANG_TIDAK;
    assert_string_equal(rapor_kalimat_gerbang(&f, buf, sizeof buf),
                        "Tanpa Maladministrasi: belum \xe2\x80\x94 produk pengawasan Ombudsman "
                        "belum ditindaklanjuti sepenuhnya.");
    f.gerbang_status = RUBRIC_GERBANG_TIDAK_DIKETAHUI;
    assert_string_equal(rapor_kalimat_gerbang(&f, buf, sizeof buf),
                        "Tanpa Maladministrasi: belum diketahui (tidak ada dalam data).");
    /* No gate (older methods, a vertical office, a unit): nothing to say. */
    f.gerbang = "";
    assert_string_equal(rapor_kalimat_gerbang(&f, buf, sizeof buf), "");
    f.gerbang = NULL;
    assert_string_equal(rapor_kalimat_gerbang(&f, buf, sizeof buf), "");
}

static void test_kalimat_pembinaan(void **state)
{
    (void)state;
    rapor_fakta f = fakta_opini();
    char buf[512];
    f.n_unit = 3;
    f.unit_terendah = "RSUD Datoe Binangkang";
    f.unit_terendah_nilai = 8290;
    assert_string_equal(rapor_kalimat_unit(&f, buf, sizeof buf),
                        "Semua 3 unit layanan bernilai 78,00 atau lebih: tidak ada yang "
                        "memerlukan pembinaan.");
    f.n_unit_pembinaan = 2;
    f.unit_terendah_nilai = 7799;
    assert_string_equal(rapor_kalimat_unit(&f, buf, sizeof buf),
                        "Sebanyak 2 dari 3 unit layanan memerlukan pembinaan (nilai di bawah "
                        "78,00); nilai terendah: RSUD Datoe Binangkang (77,99).");
    f.n_unit = 1;
    f.n_unit_pembinaan = 0;
    assert_string_equal(rapor_kalimat_unit(&f, buf, sizeof buf),
                        "Unit layanan yang dinilai bernilai 78,00 atau lebih: tidak memerlukan "
                        "pembinaan.");
    /* A unit's own rapor. */
    f.n_unit = 0;
    f.pembinaan = true;
    assert_string_equal(rapor_kalimat_unit(&f, buf, sizeof buf),
                        "Nilai di bawah 78,00, sehingga memerlukan pembinaan.");
    f.pembinaan = false;
    assert_string_equal(rapor_kalimat_unit(&f, buf, sizeof buf), "");
    /* Dimensions scored without published weights. */
    assert_string_equal(rapor_kalimat_dimensi(&f, buf, sizeof buf),
                        "Bobot dimensi (input, proses, output, pengaduan) tidak dipublikasikan "
                        "untuk penilaian ini: rapor memuat nilai akhir saja.");
}

/* ---- a model of two years, rendered --------------------------------------------------- */

typedef struct fixture {
    rubric_set rubrics;
    rows_data *data;
    agg_model *m;
    cmp_result *cmp;
    char dir[256];
} fixture;

/* s interned in the fixture's data, as a reader's strings are; NULL stays NULL. */
static const char *teks(fixture *fx, const char *s)
{
    if (!s)
        return NULL;
    const char *p = rows_intern(fx->data, s, strlen(s));
    assert_non_null(p);
    return p;
}

/* A row as a reader adds it (interned, rows_add); valid until the next row. */
static rows_row *baris_di(fixture *fx, const char *prov, int tahun, names_jenis j, const char *inst,
                          const char *skpd)
{
    rows_row r = {
        .file = teks(fx, "uji.csv"),
        .line = (uint32_t)fx->data->n_rows + 2,
        .tahun = (int16_t)tahun,
        .jenis = (uint8_t)j,
        .provinsi = teks(fx, prov),
        .instansi = teks(fx, inst),
        .skpd = teks(fx, skpd),
    };
    r.instansi_asli = r.instansi;
    assert_true(rows_add(fx->data, &r));
    return &fx->data->rows[fx->data->n_rows - 1];
}

static rows_row *baris(fixture *fx, int tahun, names_jenis j, const char *inst, const char *skpd)
{
    return baris_di(fx, "Kalimantan Selatan", tahun, j, inst, skpd);
}

static void komponen(rows_row *r, dec_t a, dec_t b, dec_t c, dec_t d)
{
    r->comp_mask = 0xf;
    r->comp[0] = a;
    r->comp[1] = b;
    r->comp[2] = c;
    r->comp[3] = d;
}

static const char *const BJB_UNITS[] = {
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Penanaman Modal dan PTSP",
    "Dinas Kesehatan",
    "Dinas Pendidikan",
    "Dinas Sosial",
    "RSUD Idaman",
    "Puskesmas Guntung Payung",
};

static int setup_model(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    kp_error err;
    fx->data = rows_data_new();
    assert_non_null(fx->data);
    assert_int_equal(rubric_set_load_dir(&fx->rubrics, KP_SOURCE_DIR "/templates/rubrik", &err),
                     KP_OK);
    for (int k = 0; k < 7; k++) {
        /* 2023: every unit improved on 2022 except the last two. */
        dec_t base = 1500 + 90 * k;
        rows_row *r = baris(fx, 2023, JENIS_KOTA, "Kota Banjarbaru", BJB_UNITS[k]);
        komponen(r, base + 305, 2600 + 60 * k, 2100 - 50 * k, 1240 + 80 * k);
        r = baris(fx, 2022, JENIS_KOTA, "Kota Banjarbaru", BJB_UNITS[k]);
        komponen(r, base, 2400 + 60 * k - (k >= 5 ? -300 : 0), 2000 - 50 * k, 1100 + 70 * k);
    }
    for (int k = 0; k < 60; k++) {
        char nama[48];
        snprintf(nama, sizeof nama, "Puskesmas Banyak Nomor %02d", k + 1);
        rows_row *r = baris(fx, 2023, JENIS_KABUPATEN, "Kabupaten Banjar", nama);
        komponen(r, 1200 + (k * 37) % 900, 2000 + (k * 53) % 1200, 1500 + (k * 29) % 900,
                 900 + (k * 41) % 1200);
    }
    static const char *const TL_UNITS[] = {"Dinas Kesehatan", "Dinas Sosial",
                                           "RSUD Hadji Boejasin"};
    for (int k = 0; k < 3; k++) {
        rows_row *r = baris(fx, 2023, JENIS_KABUPATEN, "Kabupaten Tanah Laut", TL_UNITS[k]);
        r->ada_nilai = true;
        r->nilai = 6120 + 1100 * k;
    }
    assert_int_equal(agg_build(fx->data, &fx->rubrics, &fx->m, &err), KP_OK);
    assert_int_equal(cmp_build(fx->m, 2023, 2022, NULL, &fx->cmp, &err), KP_OK);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/test_rapor_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    *state = fx;
    return 0;
}

static int teardown_model(void **state)
{
    fixture *fx = *state;
    outdir_remove_tree(fx->dir);
    cmp_free(fx->cmp);
    agg_free(fx->m);
    rows_data_free(fx->data);
    rubric_set_free(&fx->rubrics);
    free(fx);
    return 0;
}

static render_ctx konteks(const fixture *fx, const char *out, int jobs)
{
    const agg_year *y = agg_year_find(fx->m, 2023);
    render_ctx ctx = {
        .model = fx->m,
        .year = y,
        .cmp = fx->cmp,
        .out_dir = out,
        .templat_dir = KP_SOURCE_DIR "/templates",
        .font_dir = KP_SOURCE_DIR "/fonts",
        .version = "0.1.0",
        .epoch = 1705449600,
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

/* The line of text containing needle (NUL-terminated copy), or fails. */
static void baris_dengan(const char *text, const char *needle, char *out, size_t cap)
{
    const char *p = strstr(text, needle);
    if (!p)
        fail_msg("\"%s\" tidak ada di rapor", needle);
    const char *a = p, *b = p;
    while (a > text && a[-1] != '\n')
        a--;
    while (*b && *b != '\n')
        b++;
    snprintf(out, cap, "%.*s", (int)(b - a), a);
}

static void render_semua(fixture *fx, const char *out, int jobs, bool skpd)
{
    render_ctx ctx = konteks(fx, out, jobs);
    rapor_options opt = {.skpd = skpd};
    size_t written = 0;
    kp_error err;
    kp_error_clear(&err);
    kp_status st = rapor_render(&ctx, &opt, &written, &err);
    if (st != KP_OK)
        fail_msg("rapor_render: %s:%d: %s", err.file, err.line, err.msg);
    const agg_year *y = ctx.year;
    size_t expect = y->n_instansi;
    if (skpd)
        expect += y->n_units;
    assert_int_equal(written, expect);
}

/* The numbers printed are the model's: score, units, dimensions, last year, difference. */
static void test_angka_sama(void **state)
{
    fixture *fx = *state;
    char out[300], cmd[700], line[1024], a[32], b[32], c[32];
    snprintf(out, sizeof out, "%s/angka", fx->dir);
    assert_int_equal(mkdir(out, 0777), 0);
    render_semua(fx, out, 2, false);

    const agg_instansi *inst = cari(fx, "Kota Banjarbaru");
    snprintf(cmd, sizeof cmd, "pdftotext -layout %s/rapor/%s.pdf -", out, inst->slug);
    char *text = fx_run_ok(cmd);

    assert_non_null(strstr(text, inst->nama_resmi));
    assert_non_null(strstr(text, idfmt_nilai(inst->nilai, a, sizeof a)));
    assert_non_null(strstr(text, inst->band->predikat));
    assert_non_null(strstr(text, "Halaman 1 dari"));

    const rubric *r = agg_year_find(fx->m, 2023)->rubric;
    for (int i = 0; i < r->n_comp; i++) {
        /* The dimension's row: points, maximum and what is missing. */
        char *row = strstr(text, "Capaian per dimensi");
        assert_non_null(row);
        const char *lbl = strstr(row, r->comp[i].label);
        assert_non_null(lbl);
        baris_dengan(lbl, r->comp[i].label, line, sizeof line);
        assert_non_null(strstr(line, idfmt_nilai(inst->comp[i], a, sizeof a)));
        assert_non_null(strstr(line, idfmt_nilai(r->comp[i].bobot, b, sizeof b)));
        assert_non_null(strstr(line, idfmt_nilai(r->comp[i].bobot - inst->comp[i], c, sizeof c)));
    }
    for (size_t i = 0; i < inst->n_units; i++) {
        const agg_unit *u = &inst->units[i];
        const char *tab = strstr(text, "Unit layanan (terlemah");
        assert_non_null(tab);
        baris_dengan(tab, u->nama, line, sizeof line);
        assert_non_null(strstr(line, idfmt_nilai(u->nilai, a, sizeof a)));
        assert_non_null(strstr(line, u->band->kategori));
        const cmp_entry *e = cmp_find_unit(fx->cmp, u);
        assert_non_null(e);
        assert_non_null(strstr(line, idfmt_selisih(e->selisih, b, sizeof b)));
    }
    const cmp_entry *e = cmp_find_instansi(fx->cmp, inst);
    assert_non_null(e);
    assert_non_null(e->lalu);
    baris_dengan(text, "Nilai 2022", line, sizeof line);
    assert_non_null(strstr(line, idfmt_nilai(e->lalu->nilai, a, sizeof a)));
    baris_dengan(text, "Selisih  ", line, sizeof line);
    assert_non_null(strstr(line, idfmt_selisih(e->selisih, a, sizeof a)));

    /* The summary repeats the movement in words. */
    idfmt_nilai(e->selisih < 0 ? -e->selisih : e->selisih, a, sizeof a);
    snprintf(line, sizeof line, "Nilai %s %s poin dari %s", e->selisih > 0 ? "naik" : "turun", a,
             idfmt_nilai(e->lalu->nilai, b, sizeof b));
    assert_non_null(strstr(text, line));
    free(text);

    snprintf(cmd, sizeof cmd, "pdfinfo %s/rapor/%s.pdf", out, inst->slug);
    text = fx_run_ok(cmd);
    snprintf(line, sizeof line, "Rapor Kepatuhan 2023 - %s\n", inst->nama_resmi);
    assert_non_null(strstr(text, line));
    free(text);

    /* Units with a final score only: the dimension section says so in one line. */
    inst = cari(fx, "Kabupaten Tanah Laut");
    snprintf(cmd, sizeof cmd, "pdftotext -layout %s/rapor/%s.pdf -", out, inst->slug);
    text = fx_run_ok(cmd);
    assert_non_null(strstr(text, "Rincian nilai per dimensi tidak tersedia"));
    assert_non_null(strstr(text, "Belum ada nilai tahun sebelumnya"));
    assert_non_null(strstr(text, idfmt_nilai(inst->nilai, a, sizeof a)));
    free(text);
}

/* Bottom of the content area of the rapor template, from the engine itself. */
static void batas_halaman(double *bottom, double *height)
{
    layout_template *t = NULL;
    layout_doc *d = NULL;
    layout_fields *f = layout_fields_new();
    kp_error err;
    assert_int_equal(layout_template_load(KP_SOURCE_DIR "/templates/rapor/instansi.ini",
                                          KP_SOURCE_DIR "/fonts", NULL, &t, &err),
                     KP_OK);
    assert_int_equal(layout_doc_new(t, &d, &err), KP_OK);
    layout_info info = {.title = "x"};
    assert_int_equal(layout_doc_begin(d, &info, &err), KP_OK);
    static const char *const keys[] = {
        "tahun", "instansi", "instansi_nama", "unit",   "provinsi", "rubrik", "rubrik_id",
        "nilai", "kategori", "predikat",      "status", "zona",     "versi",  "penerbit"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_int_equal(layout_fields_set(f, keys[i], "x", &err), KP_OK);
    assert_int_equal(layout_page_add(d, f, &err), KP_OK);
    layout_box c = layout_content(d);
    *bottom = c.y + c.h;
    *height = 842; /* A4 portrait; checked against pdftotext's page size below */
    layout_doc_free(d);
    layout_template_free(t);
    layout_fields_free(f);
}

/* 60 units: the table paginates, repeats its header, and no text leaves the page. */
static void test_paginasi(void **state)
{
    fixture *fx = *state;
    char out[300], cmd[700];
    snprintf(out, sizeof out, "%s/paginasi", fx->dir);
    assert_int_equal(mkdir(out, 0777), 0);
    render_semua(fx, out, 1, false);
    const agg_instansi *inst = cari(fx, "Kabupaten Banjar");
    assert_int_equal(inst->n_units, 60);

    double bottom, height;
    batas_halaman(&bottom, &height);
    snprintf(cmd, sizeof cmd, "pdftotext -bbox %s/rapor/%s.pdf -", out, inst->slug);
    char *html = fx_run_ok(cmd);
    int pages = 0, below = 0;
    double page_h = 0;
    for (const char *p = html; (p = strstr(p, "<page ")) != NULL; p++) {
        pages++;
        assert_int_equal(sscanf(strstr(p, "height=\""), "height=\"%lf\"", &page_h), 1);
        assert_true(page_h > height - 1 && page_h < height + 1);
    }
    assert_true(pages >= 2);
    for (const char *p = html; (p = strstr(p, "<word ")) != NULL; p++) {
        double ymin, ymax;
        assert_int_equal(sscanf(strstr(p, "yMin=\""), "yMin=\"%lf\"", &ymin), 1);
        assert_int_equal(sscanf(strstr(p, "yMax=\""), "yMax=\"%lf\"", &ymax), 1);
        const char *w = strchr(p, '>') + 1;
        assert_true(ymax < page_h);
        if (ymax > bottom + 1) {
            /* Only the footer lives below the content area. */
            below++;
            assert_true(ymin > bottom);
            int ok = 0;
            static const char *const footer[] = {
                "Halaman", "dari", "Rubrik", "ombudsman-2022", "\xc2\xb7", "kepatuhan", "0.1.0"};
            for (size_t k = 0; k < sizeof footer / sizeof footer[0]; k++)
                ok |= strncmp(w, footer[k], strlen(footer[k])) == 0;
            ok |= w[0] >= '0' && w[0] <= '9';
            if (!ok)
                fail_msg("teks di luar area isi: %.40s (yMax %.1f > %.1f)", w, ymax, bottom);
        }
    }
    assert_true(below >= pages * 4);
    free(html);

    snprintf(cmd, sizeof cmd, "pdftotext -layout %s/rapor/%s.pdf -", out, inst->slug);
    char *text = fx_run_ok(cmd);
    const char *tab = strstr(text, "Unit layanan (terlemah");
    assert_non_null(tab);
    for (size_t i = 0; i < inst->n_units; i++) {
        const char *first = strstr(tab, inst->units[i].nama);
        assert_non_null(first);
        assert_null(strstr(first + 1, inst->units[i].nama));
    }
    int heads = 0;
    for (const char *p = text; (p = strstr(p, "Unit layanan ")) != NULL; p++)
        heads++;
    assert_true(heads >= pages); /* section title + one header row per page of the table */
    char last[64];
    snprintf(last, sizeof last, "Halaman %d dari %d", pages, pages);
    assert_non_null(strstr(text, last));
    free(text);
}

/* Compares every file of two output trees byte for byte. */
static void sama_isi(const char *a, const char *b, int *files)
{
    DIR *d = opendir(a);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char pa[600], pb[600], cmd[1300];
        snprintf(pa, sizeof pa, "%s/%s", a, e->d_name);
        snprintf(pb, sizeof pb, "%s/%s", b, e->d_name);
        struct stat st;
        assert_int_equal(stat(pa, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            sama_isi(pa, pb, files);
            continue;
        }
        snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", pa, pb);
        if (system(cmd) != 0)
            fail_msg("%s dan %s berbeda", pa, pb);
        (*files)++;
    }
    closedir(d);
}

static void test_jobs_sama(void **state)
{
    fixture *fx = *state;
    char a[300], b[300];
    snprintf(a, sizeof a, "%s/jobs1", fx->dir);
    snprintf(b, sizeof b, "%s/jobs3", fx->dir);
    assert_int_equal(mkdir(a, 0777), 0);
    assert_int_equal(mkdir(b, 0777), 0);
    render_semua(fx, a, 1, true);
    render_semua(fx, b, 3, true);
    int files = 0;
    sama_isi(a, b, &files);
    const agg_year *y = agg_year_find(fx->m, 2023);
    assert_int_equal(files, (int)(y->n_instansi + y->n_units));

    /* A unit's own rapor names the unit, its instansi and its score. */
    const agg_instansi *inst = cari(fx, "Kota Banjarbaru");
    const agg_unit *u = &inst->units[0];
    char cmd[800], n[32];
    snprintf(cmd, sizeof cmd, "pdftotext -layout %s/rapor-skpd/%s/%s.pdf -", a, inst->slug,
             u->slug);
    char *text = fx_run_ok(cmd);
    assert_non_null(strstr(text, u->nama));
    assert_non_null(strstr(text, inst->nama_resmi));
    assert_non_null(strstr(text, idfmt_nilai(u->nilai, n, sizeof n)));
    free(text);
}

/* ---- 2024 and 2025 rendered: the Opini method ---------------------------------------- */

/*
 * Kabupaten Bolaang Mongondow 2025 (published units 86,83, 85,80, 82,90; one unit added below
 * the coaching line, so its score is 81,51), 2024 in categories; Pulau Morotai without the gate;
 * Kepulauan Sula with the gate unknown; a vertical office. The real rubrics and templates.
 */
static int setup_opini(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    kp_error err;
    fx->data = rows_data_new();
    assert_non_null(fx->data);
    assert_int_equal(rubric_set_load_dir(&fx->rubrics, KP_SOURCE_DIR "/templates/rubrik", &err),
                     KP_OK);
    static const char *const BM = "Kabupaten Bolaang Mongondow";
    static const struct {
        int tahun;
        names_jenis j;
        const char *inst, *skpd;
        dec_t nilai;
        rubric_gerbang g;
    } rows[] = {
        {2025, JENIS_KABUPATEN, BM, "Dinas Sosial", 8683, RUBRIC_GERBANG_YA},
        {2025, JENIS_KABUPATEN, BM, "Dinas Pendidikan", 8580, 0},
        {2025, JENIS_KABUPATEN, BM, "RSUD Datoe Binangkang", 8290, 0},
        {2025, JENIS_KABUPATEN, BM, "Puskesmas Lolak", 7050, 0},
        {2024, JENIS_KABUPATEN, BM, "Dinas Sosial", 8010, 0},
        {2024, JENIS_KABUPATEN, BM, "Dinas Pendidikan", 7650, 0},
        {2024, JENIS_KABUPATEN, BM, "RSUD Datoe Binangkang", 7020, 0},
        {2025, JENIS_KABUPATEN, "Kabupaten Pulau Morotai", NULL, 5338, RUBRIC_GERBANG_TIDAK},
        {2025, JENIS_KABUPATEN, "Kabupaten Kepulauan Sula", NULL, 5761, 0},
        {2025, JENIS_VERTIKAL, "Kantor Imigrasi Ternate", NULL, 8010, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rows_row *r =
            baris_di(fx, "Sulawesi Utara", rows[i].tahun, rows[i].j, rows[i].inst, rows[i].skpd);
        r->ada_nilai = true;
        r->nilai = rows[i].nilai;
        r->gerbang = (uint8_t)rows[i].g;
    }
    assert_int_equal(agg_build(fx->data, &fx->rubrics, &fx->m, &err), KP_OK);
    assert_int_equal(cmp_build(fx->m, 2025, 2024, NULL, &fx->cmp, &err), KP_OK);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/test_rapor_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    *state = fx;
    return 0;
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

/* The text of a PDF with its lines joined: a phrase wrapped in a cell is still one phrase. */
static char *teks_rapor(const char *path)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "pdftotext %s - | tr '\\n' ' ' | tr -s ' '", path);
    return fx_run_ok(cmd);
}

static void ada(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("\"%s\" tidak ada di:\n%s", needle, text);
}

/* Fails when needle is in text, in any case ("Zona", "ZONA", "zona"). */
static void tidak_ada(const char *text, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = text; *p; p++) {
        size_t k = 0;
        while (k < n && p[k] && tolower((unsigned char)p[k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k == n)
            fail_msg("\"%s\" tercetak di:\n%s", needle, text);
    }
}

static void test_opini_rapor(void **state)
{
    fixture *fx = *state;
    char out[300], path[600];
    snprintf(out, sizeof out, "%s/opini", fx->dir);
    assert_int_equal(mkdir(out, 0777), 0);
    render_ctx ctx = konteks(fx, out, 2);
    ctx.year = agg_year_find(fx->m, 2025);
    rapor_options opt = {.skpd = true};
    size_t written = 0;
    kp_error err;
    if (rapor_render(&ctx, &opt, &written, &err) != KP_OK)
        fail_msg("rapor_render: %s:%d: %s", err.file, err.line, err.msg);
    assert_int_equal(written, 4 + 4);

    const agg_instansi *bm = cari_2025(fx, "Kabupaten Bolaang Mongondow");
    snprintf(path, sizeof path, "%s/rapor/%s.pdf", out, bm->slug);
    char *text = teks_rapor(path);
    ada(text, "Pemerintah Kabupaten Bolaang Mongondow");
    ada(text, "Penilaian Maladministrasi Penyelenggaraan Pelayanan Publik Tahun 2025");
    ada(text, "OPINI KUALITAS TINGGI TANPA MALADMINISTRASI");
    ada(text, "Tanpa Maladministrasi: ya \xe2\x80\x94 produk pengawasan Ombudsman "
              "ditindaklanjuti sepenuhnya.");
    ada(text, "Sebanyak 1 dari 4 unit layanan memerlukan pembinaan (nilai di bawah 78,00)");
    ada(text, "Puskesmas Lolak 70,50 C Cukup Pembinaan baru");
    ada(text, "Dinas Sosial 86,83 B Baik Apresiasi +6,73");
    /* 2024 in categories (mean of 80,10, 76,50, 70,20 = 75,60, C) against 2025 (B). */
    ada(text, "75,60 (kategori C)");
    ada(text, "naik: C ke B");
    ada(text, "+5,91 (naik)"); /* 81,51: the mean of the four units, half up */
    ada(text, "Metode penilaian tahun 2025 berbeda dengan tahun 2024");
    tidak_ada(text, "zona");
    tidak_ada(text, "hijau");
    tidak_ada(text, "kuning");
    tidak_ada(text, "merah");
    tidak_ada(text, "Capaian per dimensi");
    free(text);

    /* Without the gate and with it unknown: said so, never claimed. */
    snprintf(path, sizeof path, "%s/rapor/%s.pdf", out,
             cari_2025(fx, "Kabupaten Pulau Morotai")->slug);
    text = teks_rapor(path);
    ada(text, "OPINI KUALITAS RENDAH ");
    ada(text, "Tanpa Maladministrasi: belum \xe2\x80\x94");
    free(text);
    snprintf(path, sizeof path, "%s/rapor/%s.pdf", out,
             cari_2025(fx, "Kabupaten Kepulauan Sula")->slug);
    text = teks_rapor(path);
    ada(text, "OPINI KUALITAS SEDANG ");
    ada(text, "Tanpa Maladministrasi: belum diketahui (tidak ada dalam data).");
    free(text);

    /* A vertical office: its label; no opinion, no gate, no unit table. */
    snprintf(path, sizeof path, "%s/rapor/%s.pdf", out,
             cari_2025(fx, "Kantor Imigrasi Ternate")->slug);
    text = teks_rapor(path);
    ada(text, "KUALITAS PELAYANAN BAIK");
    ada(text, "Kategori B \xc2\xb7 Baik");
    ada(text, "(kantor vertikal)");
    tidak_ada(text, "Opini Kualitas");
    tidak_ada(text, "Maladministrasi:");
    tidak_ada(text, "Unit layanan");
    free(text);

    /* A unit's own rapor: its label and its coaching. */
    for (size_t i = 0; i < bm->n_units; i++) {
        if (strcmp(bm->units[i].nama, "Puskesmas Lolak") != 0)
            continue;
        snprintf(path, sizeof path, "%s/rapor-skpd/%s/%s.pdf", out, bm->slug, bm->units[i].slug);
        text = teks_rapor(path);
        ada(text, "KUALITAS PELAYANAN CUKUP");
        ada(text, "Nilai di bawah 78,00, sehingga memerlukan pembinaan.");
        tidak_ada(text, "zona");
        free(text);
    }
    snprintf(path, sizeof path, "pdfinfo %s/rapor/%s.pdf", out, bm->slug);
    text = fx_run_ok(path);
    ada(text, "Rapor Penilaian Maladministrasi Penyelenggaraan Pelayanan Publik 2025 - Pemerintah "
              "Kabupaten Bolaang Mongondow");
    free(text);
}

int main(void)
{
    const struct CMUnitTest opini_tests[] = {
        cmocka_unit_test(test_opini_rapor),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kalimat_opini),       cmocka_unit_test(test_kalimat_gerbang),
        cmocka_unit_test(test_kalimat_pembinaan),   cmocka_unit_test(test_kalimat_naik),
        cmocka_unit_test(test_kalimat_turun),       cmocka_unit_test(test_kalimat_tetap),
        cmocka_unit_test(test_kalimat_baru),        cmocka_unit_test(test_kalimat_beda_metode),
        cmocka_unit_test(test_kalimat_tanpa_huruf), cmocka_unit_test(test_kalimat_dimensi),
        cmocka_unit_test(test_kalimat_unit),        cmocka_unit_test(test_ringkasan),
        cmocka_unit_test(test_dimensi_urut),
    };
    const struct CMUnitTest render_tests[] = {
        cmocka_unit_test(test_angka_sama),
        cmocka_unit_test(test_paginasi),
        cmocka_unit_test(test_jobs_sama),
    };
    int fails = cmocka_run_group_tests(tests, NULL, NULL);
    fails += cmocka_run_group_tests(render_tests, setup_model, teardown_model);
    fails += cmocka_run_group_tests(opini_tests, setup_opini, teardown_model);
    return fails;
}
