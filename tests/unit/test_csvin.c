#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg_fixture.h"
#include "model/check.h"
#include "read/csvin.h"

/* The 2022 method (four components) and the 2013 one (nilai only, zones), built by hand so
 * that these tests do not depend on the shipped rubric files. */
static rubric_set set;

static int setup(void **state)
{
    (void)state;
    set = fx_rubrics();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rubric_set_free(&set);
    return 0;
}

/* Everything one read produced: the data, the diagnostics as "LINE:COL: [w] msg" lines. */
typedef struct result {
    rows_data *data;
    diag_list *diags;
    kp_status st;
    kp_error err;
    char text[8192];
} result;

static void render(result *res)
{
    size_t used = 0;
    res->text[0] = '\0';
    for (size_t i = 0; i < diag_count(res->diags); i++) {
        const diag_item *it = diag_get(res->diags, i);
        used += (size_t)snprintf(res->text + used, sizeof res->text - used, "%d:%d: %s%s\n",
                                 it->line, it->col, it->sev == DIAG_WARNING ? "[w] " : "", it->msg);
    }
}

static result *read_mode(const char *const *names, size_t n, const csvin_options *opt, bool check,
                         bool background)
{
    result *res = calloc(1, sizeof *res);
    assert_non_null(res);
    res->data = rows_data_new();
    res->diags = diag_new(0);
    assert_non_null(res->data);
    assert_non_null(res->diags);
    if (background)
        assert_int_equal(check_begin(res->data, NULL, &res->err), KP_OK);
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", KP_TEST_DATA, names[i]);
        res->st = csvin_read_file(res->data, path, opt, &set, res->diags, &res->err);
        if (res->st != KP_OK)
            break;
    }
    if (check && res->st == KP_OK)
        res->st = check_finish(res->data, NULL, res->diags, &res->err);
    render(res);
    return res;
}

static void result_free(result *res);

/*
 * Reads the files, checked (when check) on the reading thread; the same read with the checks
 * on their own thread (check_begin) must say exactly the same.
 */
static result *read_paths(const char *const *names, size_t n, const csvin_options *opt, bool check)
{
    result *res = read_mode(names, n, opt, check, false);
    result *bg = read_mode(names, n, opt, check, true);
    assert_int_equal(bg->st, res->st);
    assert_string_equal(bg->text, res->text);
    assert_int_equal(bg->data->n_rows, res->data->n_rows);
    result_free(bg);
    return res;
}

static result *read_one(const char *name)
{
    const char *names[] = {name};
    return read_paths(names, 1, NULL, true);
}

static void result_free(result *res)
{
    rows_data_free(res->data);
    diag_free(res->diags);
    free(res);
}

/* Reads a bad file and compares every diagnostic; no row of a refused line is kept. */
static void expect_diags(const char *name, const char *expected, size_t rows)
{
    result *res = read_one(name);
    assert_int_equal(res->st, KP_OK);
    assert_string_equal(res->text, expected);
    assert_int_equal(res->data->n_rows, rows);
    result_free(res);
}

/* --- Dialects ------------------------------------------------------------------------------ */

static void test_lf_points(void **state)
{
    (void)state;
    result *res = read_one("dialek/lf.csv");
    assert_string_equal(res->text, "");
    assert_int_equal(res->data->n_rows, 2);
    const rows_row *r = &res->data->rows[0];
    assert_int_equal(r->line, 2);
    assert_int_equal(r->tahun, 2023);
    assert_int_equal(r->jenis, JENIS_KOTA);
    assert_string_equal(r->provinsi, "Kalimantan Selatan");
    assert_string_equal(r->instansi, "Kota Banjarbaru");
    assert_string_equal(r->skpd, "Dinas Kesehatan");
    assert_null(r->kode);
    assert_true(r->ada_nilai);
    assert_int_equal(r->nilai, 9000);
    assert_int_equal(r->comp_mask, 0xF);
    assert_int_equal(r->comp[0], 2000);
    assert_int_equal(r->comp[3], 1800);
    r = &res->data->rows[1];
    assert_null(r->skpd);
    assert_int_equal(r->comp_mask, 0);
    assert_int_equal(r->nilai, 9000);
    /* Interned: the same name is the same pointer. */
    assert_ptr_equal(res->data->rows[0].instansi, res->data->rows[1].instansi);

    const rows_file *f = &res->data->files[0];
    assert_int_equal(res->data->n_files, 1);
    assert_int_equal(f->rows, 2);
    assert_int_equal(f->separator, ',');
    assert_false(f->decimal_comma);
    assert_false(f->bom);
    /* sha256sum tests/data/dialek/lf.csv */
    assert_string_equal(f->sha256,
                        "ace65d04f9ad8b8b6515c01662e65a4da31322a4ef56bbe99e2d1157ffd93c0d");
    result_free(res);
}

static void test_bom_crlf(void **state)
{
    (void)state;
    result *res = read_one("dialek/bom_crlf.csv");
    assert_string_equal(res->text, "");
    assert_int_equal(res->data->n_rows, 1);
    const rows_row *r = &res->data->rows[0];
    assert_int_equal(r->line, 2);
    assert_string_equal(r->provinsi, "Kalimantan Selatan");
    assert_string_equal(r->instansi, "Kabupaten Barito Kuala");
    assert_string_equal(r->instansi_asli, "KAB. BARITO KUALA");
    assert_int_equal(r->jenis, JENIS_KABUPATEN);
    assert_int_equal(r->comp[0], 2050);
    assert_int_equal(r->nilai, 9050);
    assert_true(res->data->files[0].bom);
    assert_int_equal(res->data->files[0].rows, 1);
    result_free(res);
}

static void test_cr_only(void **state)
{
    (void)state;
    result *res = read_one("dialek/cr.csv");
    assert_string_equal(res->text, "");
    assert_int_equal(res->data->n_rows, 2);
    assert_int_equal(res->data->rows[0].line, 2);
    assert_string_equal(res->data->rows[0].skpd, "Dinas Pendidikan"); /* line break = space */
    assert_int_equal(res->data->rows[1].line, 5);
    assert_string_equal(res->data->rows[1].skpd, "Dinas Sosial");
    result_free(res);
}

static void test_semicolon_decimal_comma_aliases(void **state)
{
    (void)state;
    result *res = read_one("dialek/titik_koma.csv");
    assert_string_equal(res->text, "");
    assert_int_equal(res->data->n_rows, 1);
    const rows_row *r = &res->data->rows[0];
    assert_int_equal(r->tahun, 2023);
    assert_string_equal(r->instansi, "Kota Banjarbaru");
    assert_string_equal(r->instansi_asli, "Pemkot Banjarbaru");
    assert_string_equal(r->skpd, "Dinas Sosial");
    assert_int_equal(r->comp[0], 2010);
    assert_int_equal(r->comp[1], 3020);
    assert_int_equal(r->comp[2], 2230);
    assert_int_equal(r->comp[3], 1840);
    assert_int_equal(r->nilai, 9100);
    assert_int_equal(res->data->files[0].separator, ';');
    assert_true(res->data->files[0].decimal_comma);
    result_free(res);
}

static void test_quoted_decimal_comma(void **state)
{
    (void)state;
    result *res = read_one("dialek/kutip_koma.csv");
    assert_string_equal(res->text, "");
    assert_int_equal(res->data->n_rows, 1);
    const rows_row *r = &res->data->rows[0];
    assert_string_equal(r->instansi, "Kota Banjarbaru");
    assert_string_equal(r->instansi_asli, "Banjarbaru");
    assert_string_equal(r->kode, "63.72");
    assert_int_equal(r->nilai, 9200);
    assert_int_equal(res->data->files[0].separator, ',');
    assert_true(res->data->files[0].decimal_comma);
    result_free(res);
}

static void test_tab(void **state)
{
    (void)state;
    result *res = read_one("dialek/tab.csv");
    assert_string_equal(res->text, "");
    assert_int_equal(res->data->n_rows, 1);
    assert_int_equal(res->data->files[0].separator, '\t');
    assert_string_equal(res->data->rows[0].skpd, "Dinas Kesehatan");
    assert_int_equal(res->data->rows[0].nilai, 8850);
    result_free(res);
}

static void test_quotes_multiline_blank_trailing(void **state)
{
    (void)state;
    result *res = read_one("dialek/kutip_multibaris.csv");
    assert_string_equal(res->text, "1:6: [w] kolom 'catatan' tidak dikenal; diabaikan\n");
    assert_int_equal(res->data->n_rows, 2);
    assert_int_equal(res->data->rows[0].line, 3);
    assert_string_equal(res->data->rows[0].skpd, "Dinas \"Sehat\", Bersih");
    assert_int_equal(res->data->rows[1].line, 8);
    assert_string_equal(res->data->rows[1].skpd, "Dinas Sosial"); /* line break = space */
    assert_int_equal(res->data->files[0].rows, 2);
    result_free(res);
}

static void test_wrapped_header(void **state)
{
    (void)state;
    result *res = read_one("dialek/judul_multibaris.csv");
    assert_string_equal(res->text, "");
    assert_int_equal(res->data->n_rows, 1);
    /* The header spans lines 1-4: "Nama|SKPD" and "Nilai|Akhir|" are wrapped. */
    assert_int_equal(res->data->rows[0].line, 5);
    assert_string_equal(res->data->rows[0].skpd, "Dinas Sosial");
    assert_int_equal(res->data->rows[0].nilai, 7700);
    result_free(res);
}

static void test_percentages(void **state)
{
    (void)state;
    result *res = read_one("dialek/persen.csv");
    assert_string_equal(res->text, "");
    assert_int_equal(res->data->n_rows, 1);
    const rows_row *r = &res->data->rows[0];
    assert_int_equal(r->comp[0], 1868); /* 85,50 % of 21,85 = 18,68175 */
    assert_int_equal(r->comp[1], 3237);
    assert_int_equal(r->comp[2], 1212);
    assert_int_equal(r->comp[3], 0);
    assert_int_equal(r->comp_mask, 0xF);
    assert_false(r->ada_nilai);
    result_free(res);
}

static void test_mixed_years_and_jenis(void **state)
{
    (void)state;
    result *res = read_one("dialek/campur.csv");
    assert_string_equal(res->text, "");
    assert_int_equal(res->data->n_rows, 4);
    const rows_row *r = res->data->rows;
    assert_int_equal(r[0].tahun, 2015);
    assert_int_equal(r[0].nilai, 7810);
    assert_string_equal(r[1].provinsi, "Pusat");
    assert_int_equal(r[1].jenis, JENIS_KEMENTERIAN);
    assert_string_equal(r[2].provinsi, "Pusat");
    assert_int_equal(r[2].jenis, JENIS_LEMBAGA);
    assert_string_equal(r[3].instansi, "Provinsi Kalimantan Selatan");
    assert_string_equal(r[3].provinsi, "Kalimantan Selatan");
    assert_int_equal(r[3].jenis, JENIS_PROVINSI);
    result_free(res);
}

static void test_excel_separator_line(void **state)
{
    (void)state;
    result *res = read_one("dialek/sep_baris.csv");
    assert_string_equal(res->text, "");
    assert_int_equal(res->data->n_rows, 1);
    assert_int_equal(res->data->rows[0].line, 3);
    assert_int_equal(res->data->rows[0].nilai, 9150);
    assert_int_equal(res->data->files[0].separator, ';');
    result_free(res);
}

static void test_separator_option(void **state)
{
    (void)state;
    const char *names[] = {"dialek/titik_koma.csv"};
    csvin_options opt = {.separator = ','};
    result *res = read_paths(names, 1, &opt, false);
    /* Read with the wrong separator, the whole header is one unknown column. */
    assert_int_equal(res->data->n_rows, 0);
    assert_int_equal(res->data->files[0].separator, ',');
    assert_true(diag_errors(res->diags) > 0);
    result_free(res);
}

static void test_several_files(void **state)
{
    (void)state;
    const char *names[] = {"dialek/lf.csv", "dialek/cr.csv"};
    result *res = read_paths(names, 2, NULL, true);
    assert_int_equal(res->st, KP_OK);
    assert_int_equal(res->data->n_files, 2);
    assert_int_equal(res->data->n_rows, 4);
    /* Kota Banjarbaru's own 90,00 (first file) against the mean of its units across both
     * files: Kesehatan 90, Pendidikan 91, Sosial 80. */
    assert_string_equal(res->text,
                        "3:0: [w] nilai instansi Kota Banjarbaru (90,00) berbeda dari rata-rata 3 "
                        "unitnya (87,00)\n");
    result_free(res);
}

static void test_duplicate_across_files(void **state)
{
    (void)state;
    const char *names[] = {"dialek/titik_koma.csv", "dialek/cr.csv"};
    result *res = read_paths(names, 2, NULL, true);
    assert_int_equal(res->st, KP_OK);
    assert_string_equal(res->text, "5:0: unit \"Dinas Sosial\" (Kota Banjarbaru, 2023) ganda: "
                                   "sudah ada di " KP_TEST_DATA "/dialek/titik_koma.csv:2\n");
    assert_string_equal(diag_get(res->diags, 0)->file, KP_TEST_DATA "/dialek/cr.csv");
    result_free(res);
}

static void test_year_range_option(void **state)
{
    (void)state;
    const char *names[] = {"dialek/campur.csv"};
    csvin_options opt = {.tahun_min = 2020, .tahun_max = 2030};
    result *res = read_paths(names, 1, &opt, false);
    assert_string_equal(res->text, "2:1: tahun 2015 di luar rentang 2020-2030\n");
    assert_int_equal(res->data->n_rows, 3);
    result_free(res);
}

/*
 * A file of many batches for the checking thread (and several moves of the rows array while
 * it works): duplicates early and late, instansi rows whose units disagree. Both ways of
 * checking must give the same diagnostics; the numbers are known from how it is built.
 */
static void test_check_thread_large(void **state)
{
    (void)state;
    char path[] = "/tmp/kp-test-csvin-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("tahun,provinsi,instansi,jenis,skpd,nilai\n", f);
    size_t rows = 0;
    for (int inst = 0; inst < 500; inst++) {
        fprintf(f, "2023,Jawa Barat,Kota Uji %d,kota,,%s\n", inst,
                inst % 7 == 0 ? "71.00" : "70.00");
        rows++;
        for (int u = 0; u < 100; u++) {
            fprintf(f, "2023,Jawa Barat,Kota Uji %d,kota,Unit %d,70.00\n", inst, u);
            rows++;
        }
        if (inst % 50 == 3) {
            fprintf(f, "2023,Jawa Barat,KOTA UJI %d,kota,unit  %d,70.00\n", inst, inst % 100);
            rows++;
        }
    }
    fclose(f);
    for (int background = 0; background < 2; background++) {
        rows_data *d = rows_data_new();
        diag_list *diags = diag_new(1000);
        kp_error err;
        kp_error_clear(&err);
        if (background)
            assert_int_equal(check_begin(d, NULL, &err), KP_OK);
        assert_int_equal(csvin_read_file(d, path, NULL, &set, diags, &err), KP_OK);
        assert_int_equal(check_finish(d, NULL, diags, &err), KP_OK);
        assert_int_equal(d->n_rows, rows);
        /* 10 repeated units; Kota Uji 0, 7, ... 497 (72 of them) say 71,00 over units of 70,00. */
        assert_int_equal(diag_errors(diags), 10);
        assert_int_equal(diag_warnings(diags), 72);
        const diag_item *first = diag_get(diags, 0);
        assert_int_equal(first->line, 2 + 3 * 101 + 101);
        assert_string_equal(first->msg,
                            "unit \"unit 3\" (Kota Uji 3, 2023) ganda: sudah ada di baris 309");
        diag_free(diags);
        rows_data_free(d);
    }
    remove(path);
}

/* A checker started and never asked for its result ends with the data, reading or not, or
 * when the rows it reads are truncated. */
static void test_check_thread_abandoned(void **state)
{
    (void)state;
    for (int read = 0; read < 3; read++) {
        rows_data *d = rows_data_new();
        diag_list *diags = diag_new(0);
        kp_error err;
        kp_error_clear(&err);
        assert_int_equal(check_begin(d, NULL, &err), KP_OK);
        assert_int_equal(check_begin(d, NULL, &err), KP_OK);
        if (read)
            assert_int_equal(
                csvin_read_file(d, KP_TEST_DATA "/bad/ganda.csv", NULL, &set, diags, &err), KP_OK);
        if (read == 2) {
            rows_data_truncate(d, 2);
            assert_int_equal(check_finish(d, NULL, diags, &err), KP_OK);
            assert_int_equal(d->n_rows, 2);
        }
        rows_data_free(d);
        diag_free(diags);
    }
}

/* Truncating keeps the first rows intact, ignores growth, and reading can go on after it. */
static void test_truncate(void **state)
{
    (void)state;
    result *res = read_one("dialek/lf.csv");
    rows_data *d = res->data;
    assert_int_equal(d->n_rows, 2);
    rows_data_truncate(d, 5);
    assert_int_equal(d->n_rows, 2);
    rows_data_truncate(d, 1);
    assert_int_equal(d->n_rows, 1);
    assert_string_equal(d->rows[0].skpd, "Dinas Kesehatan");
    assert_int_equal(d->rows[0].nilai, 9000);
    rows_data_truncate(d, 0);
    assert_int_equal(d->n_rows, 0);
    assert_int_equal(
        csvin_read_file(d, KP_TEST_DATA "/dialek/lf.csv", NULL, &set, res->diags, &res->err),
        KP_OK);
    assert_int_equal(d->n_rows, 2);
    assert_string_equal(d->rows[1].instansi, "Kota Banjarbaru");
    result_free(res);
}

static void test_missing_file_and_folder(void **state)
{
    (void)state;
    rows_data *d = rows_data_new();
    diag_list *diags = diag_new(0);
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(csvin_read_file(d, KP_TEST_DATA "/tidak-ada.csv", NULL, &set, diags, &err),
                     KP_ERR_DATA);
    assert_string_equal(err.msg, "berkas tidak ditemukan");
    assert_string_equal(err.file, KP_TEST_DATA "/tidak-ada.csv");
    assert_int_equal(csvin_read_file(d, KP_TEST_DATA "/dialek", NULL, &set, diags, &err),
                     KP_ERR_DATA);
    assert_string_equal(err.msg, "'" KP_TEST_DATA "/dialek' adalah folder, bukan berkas CSV");
    assert_int_equal(d->n_files, 0);
    assert_int_equal(diag_count(diags), 0);
    diag_free(diags);
    rows_data_free(d);
}

/* --- Errors -------------------------------------------------------------------------------- */

static void test_bad_header(void **state)
{
    (void)state;
    expect_diags("bad/kolom_wajib_hilang.csv", "1:0: kolom wajib 'tahun' tidak ada\n", 0);
    expect_diags("bad/kolom_typo.csv", "1:4: kolom 'nilia' tidak dikenal; maksud Anda 'nilai'?\n",
                 0);
    expect_diags("bad/kolom_ganda.csv",
                 "1:5: kolom 'Nilai Akhir' ganda: 'nilai' sudah ada di kolom 4\n", 0);
    expect_diags("bad/tanpa_kolom_nilai.csv",
                 "1:0: tidak ada kolom nilai: perlu 'nilai' atau komponen (input, proses, output, "
                 "pengaduan)\n",
                 0);
    expect_diags("bad/kosong.csv", "0:0: berkas kosong: tidak ada baris judul\n", 0);
    expect_diags("bad/utf16.csv",
                 "1:0: berkas berkode UTF-16; simpan ulang sebagai \"CSV UTF-8\"\n", 0);
    expect_diags("bad/kolom_diabaikan.csv", "1:5: [w] kolom 'zona' tidak dikenal; diabaikan\n", 1);
}

static void test_bad_fields(void **state)
{
    (void)state;
    expect_diags("bad/isian_kosong.csv",
                 "2:1: tahun kosong\n"
                 "3:3: instansi kosong\n"
                 "4:2: provinsi kosong; hanya kementerian dan lembaga boleh tanpa provinsi\n",
                 0);
    expect_diags("bad/bukan_angka.csv",
                 "2:5: nilai \"9,2.0\" bukan angka\n"
                 "3:5: nilai \"sembilan\" bukan angka\n",
                 0);
    expect_diags("bad/pemisah_ribuan.csv",
                 "2:5: nilai \"1.234,50\" memakai pemisah ribuan; tulis angka tanpa pemisah "
                 "ribuan\n",
                 0);
    expect_diags("bad/negatif.csv", "2:5: input \"-1\" negatif\n", 0);
    expect_diags("bad/di_atas_100.csv", "2:5: nilai \"100.01\" melebihi 100,00\n", 0);
    expect_diags("bad/di_atas_bobot.csv", "2:5: input \"22.00\" melebihi bobotnya 21,85\n", 0);
    expect_diags("bad/persen_di_atas_100.csv", "2:5: input_persen \"100.5\" melebihi 100,00\n", 0);
    expect_diags("bad/desimal.csv", "2:5: nilai \"88.025\" memakai 3 desimal; paling banyak 2\n",
                 0);
    expect_diags("bad/tahun.csv",
                 "2:1: tahun 1999 di luar rentang 2000-2100\n"
                 "3:1: tahun \"20x3\" bukan bilangan bulat\n"
                 "4:1: tahun \"2023.5\" bukan bilangan bulat\n",
                 0);
    /* One message for the file's rows of the year, at the first, not one per row. */
    expect_diags("bad/tanpa_rubrik.csv",
                 "2:1: tidak ada rubrik untuk tahun 2012 (3 baris ditolak); rubrik yang ada "
                 "berlaku untuk 2013-2021, 2022-2024: tambahkan berkas ke "
                 "templates/rubrik/ atau pilih dengan --rubrik\n",
                 0);
    expect_diags("bad/komponen_tahun_lama.csv",
                 "2:5: rubrik tahun 2015 tidak punya komponen 'input'\n", 0);
    expect_diags("bad/jenis_tidak_dikenal.csv",
                 "2:4: jenis \"kotamadya\" tidak dikenal; pilih kementerian, lembaga, provinsi, "
                 "kabupaten, kota atau vertikal\n",
                 0);
    expect_diags("bad/jenis_bertentangan.csv",
                 "2:4: jenis \"kabupaten\" bertentangan dengan nama \"Kota Banjarbaru\"\n", 0);
    /* Comment rows ("#...", the input template's examples) are skipped; invisible marks and
     * control characters in names are refused where they are, typographic punctuation and
     * accented letters (line 6) are not. */
    expect_diags("bad/karakter_tersembunyi.csv",
                 "3:3: instansi berisi karakter tak terlihat U+200B; hapus karakter itu\n"
                 "4:4: skpd berisi karakter tak terlihat U+202E; hapus karakter itu\n"
                 "5:4: skpd berisi karakter kendali U+0001; hapus karakter itu\n"
                 "7:4: skpd \"..\" tidak berisi huruf atau angka\n"
                 "8:4: skpd berisi karakter tak terlihat U+2028; hapus karakter itu\n"
                 "9:4: skpd berisi karakter kendali U+0085; hapus karakter itu\n",
                 1);
    expect_diags("bad/tanpa_nilai.csv",
                 "2:9: baris tanpa nilai: isi 'nilai' atau semua komponen (input, proses, output, "
                 "pengaduan)\n"
                 "3:7: komponen tidak lengkap: output, pengaduan kosong\n",
                 0);
    expect_diags("bad/utf8.csv",
                 "2:4: teks bukan UTF-8 yang sah (byte 0xE9); simpan berkas sebagai \"CSV "
                 "UTF-8\"\n",
                 0);
    expect_diags("bad/kutip_terbuka.csv",
                 "2:4: tanda kutip yang dibuka di sini tidak pernah ditutup\n", 0);
    expect_diags("bad/kolom_lebih.csv",
                 "2:6: ada isi di kolom 6, padahal baris judul hanya punya 5 kolom (angka desimal "
                 "dengan koma harus diberi tanda kutip)\n",
                 0);
}

static void test_bad_lines_after_multiline_fields(void **state)
{
    (void)state;
    /* CR-only file; the field on line 2 spans lines 2-5, the one on line 7 spans 7-8 (CRLF
     * inside quotes is one line break). */
    expect_diags("bad/baris_multibaris.csv",
                 "1:5: [w] kolom 'catatan' tidak dikenal; diabaikan\n"
                 "8:6: nilai \"abc\" bukan angka\n",
                 1);
}

static void test_blank_lines_of_spaces(void **state)
{
    (void)state;
    /* Lines of spaces and tabs, a CRLF line and a last line of blanks without its break are
     * blank lines: the bad value after them is still reported at its own line. */
    expect_diags("bad/baris_spasi.csv", "5:7: nilai \"8x\" bukan angka\n", 1);
}

/* A line far beyond any row (here 2 MiB with no break) is refused at its line, and the file
 * is read no further: memory stays bounded whatever follows. */
static void test_endless_line(void **state)
{
    (void)state;
    char path[] = "/tmp/kp-csvin-long-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("tahun,provinsi,kode,instansi,jenis,skpd,nilai\n"
          "2024,Kalimantan Selatan,63.72,Kota Banjarbaru,kota,,88.00\n"
          "2024,Kalimantan Selatan,63.71,\"Kota ",
          f);
    for (int i = 0; i < 2 << 20; i++)
        fputc('a', f);
    fputs("\",kota,,80.00\n2024,Kalimantan Selatan,63.03,Kabupaten Banjar,kabupaten,,8x\n", f);
    assert_int_equal(fclose(f), 0);
    result res = {0};
    res.data = rows_data_new();
    res.diags = diag_new(0);
    assert_int_equal(csvin_read_file(res.data, path, NULL, &set, res.diags, &res.err), KP_OK);
    render(&res);
    assert_string_equal(res.text, "3:4: baris lebih panjang dari 1 MiB: bukan baris hasil "
                                  "penilaian; berkas tidak dibaca lebih lanjut\n");
    assert_int_equal(res.data->n_rows, 1);
    rows_data_free(res.data);
    diag_free(res.diags);
    unlink(path);
}

/* The shipped rubrics: the 2025 method is a file, not a fixture. */
static void with_shipped_rubrics(rubric_set *saved)
{
    kp_error err;
    *saved = set;
    if (rubric_set_load_dir(&set, KP_SOURCE_DIR "/templates/rubrik", &err) != KP_OK)
        fail_msg("%s:%d: %s", err.file, err.line, err.msg);
}

static void test_opini_2025(void **state)
{
    (void)state;
    rubric_set saved;
    with_shipped_rubrics(&saved);
    result *res = read_one("opini/baik.csv");
    assert_string_equal(res->text, "");
    assert_int_equal(res->data->n_rows, 8);
    const rows_row *rows = res->data->rows;
    /* The gate in any case and spelling, empty where unknown. */
    static const uint8_t gate[] = {RUBRIC_GERBANG_YA,
                                   RUBRIC_GERBANG_TIDAK_DIKETAHUI,
                                   RUBRIC_GERBANG_YA,
                                   RUBRIC_GERBANG_YA,
                                   RUBRIC_GERBANG_TIDAK,
                                   RUBRIC_GERBANG_TIDAK,
                                   RUBRIC_GERBANG_TIDAK_DIKETAHUI,
                                   RUBRIC_GERBANG_TIDAK_DIKETAHUI};
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(rows[i].gerbang, gate[i]);
    assert_int_equal(rows[6].jenis, JENIS_VERTIKAL);
    assert_string_equal(rows[6].provinsi, "Maluku Utara");
    result_free(res);

    /* Every problem of the new columns, each where it is. */
    res = read_one("opini/buruk.csv");
    assert_string_equal(
        res->text,
        "2:11: tanpa_maladministrasi \"mungkin\" tidak dikenal; tulis ya atau tidak (kosong: "
        "belum diketahui)\n"
        "3:11: tanpa_maladministrasi diisi, padahal metode tahun 2024 (Penilaian Kepatuhan "
        "2022-2024 (empat dimensi)) tidak punya gerbang Tanpa Maladministrasi; kosongkan kolom "
        "ini\n"
        "4:11: tanpa_maladministrasi diisi untuk instansi vertikal, yang mendapat predikat "
        "kualitas pelayanan, bukan opini; kosongkan kolom ini\n"
        "5:5: instansi vertikal dinilai sebagai satu lokus tanpa unit: kosongkan skpd dan tulis "
        "nilainya pada baris instansi\n"
        "6:6: tahun 2025 (Opini Ombudsman RI (Penilaian Maladministrasi)): bobot dimensi tidak "
        "dipublikasikan, jadi nilai tidak dapat dihitung dari dimensinya; isi 'nilai' (bila "
        "bobotnya diketahui, tambahkan [komponen.*] ke " KP_SOURCE_DIR
        "/templates/rubrik/ombudsman-opini-2025.ini)\n"
        "7:6: [w] tahun 2025 (Opini Ombudsman RI (Penilaian Maladministrasi)): bobot dimensi "
        "tidak dipublikasikan; kolom dimensi diabaikan dan 'nilai' yang dipakai (sekali untuk "
        "seluruh berkas)\n"
        "9:0: tanpa_maladministrasi Kabupaten Halmahera Utara tahun 2025 \"tidak\" bertentangan "
        "dengan \"ya\" di baris 7: nilainya milik instansi, tulis sama di setiap baris atau "
        "kosongkan\n");
    /* The rows themselves are fine, and kept; the run stops on the errors. */
    assert_int_equal(res->data->n_rows, 4);
    result_free(res);
    rubric_set_free(&set);
    set = saved;
}

static void test_checks_across_rows(void **state)
{
    (void)state;
    expect_diags("bad/ganda.csv",
                 "4:0: unit \"dinas a\" (Kota Banjarbaru, 2023) ganda: sudah ada di baris 2\n"
                 "5:0: nilai instansi Kota Banjarbaru tahun 2023 ganda: sudah ada di baris 3\n",
                 4);
    /* Identities: a kode on two instansi, in two provinces, with two jenis; a pemda in two
     * provinces. "BANJARBARU" without jenis is Kota Banjarbaru; another year is free. */
    expect_diags("bad/kode_bentrok.csv",
                 "3:3: kode \"63.72\" tahun 2024 dipakai untuk dua instansi: Kota Banjarmasin di "
                 "sini dan Kota Banjarbaru di baris 2 kolom 3; satu kode hanya untuk satu "
                 "instansi\n"
                 "5:2: Kota Banjarbaru tahun 2024 tercantum di dua provinsi: Jawa Barat di sini "
                 "dan Kalimantan Selatan di baris 2 kolom 2; pemda dan instansi vertikal hanya di "
                 "satu provinsi\n"
                 "5:3: kode \"63.72\" (Kota Banjarbaru) tahun 2024 dipakai di dua provinsi: Jawa "
                 "Barat di sini dan Kalimantan Selatan di baris 2 kolom 3\n"
                 "7:2: Kabupaten Banjar tahun 2024 tercantum di dua provinsi: Jawa Barat di sini "
                 "dan Kalimantan Selatan di baris 6 kolom 2; pemda dan instansi vertikal hanya di "
                 "satu provinsi\n"
                 "8:3: kode \"63.03\" (Kota Banjar) tahun 2024 dipakai untuk dua jenis: kota di "
                 "sini dan kabupaten di baris 6 kolom 3\n",
                 8);
    /* Two spellings under one kode are one instansi when alias.csv says so. */
    expect_diags("bad/kode_alias.csv",
                 "3:3: kode \"63.72\" tahun 2024 dipakai untuk dua instansi: Kota Banjar Baru di "
                 "sini dan Kota Banjarbaru di baris 2 kolom 3; satu kode hanya untuk satu "
                 "instansi\n",
                 2);
    cmp_aliases *al = NULL;
    kp_error err;
    assert_int_equal(cmp_aliases_load(KP_TEST_DATA "/alias_kode.csv", false, &al, &err), KP_OK);
    for (int background = 0; background < 2; background++) {
        rows_data *d = rows_data_new();
        diag_list *diags = diag_new(0);
        if (background)
            assert_int_equal(check_begin(d, al, &err), KP_OK);
        assert_int_equal(
            csvin_read_file(d, KP_TEST_DATA "/bad/kode_alias.csv", NULL, &set, diags, &err), KP_OK);
        assert_int_equal(check_finish(d, al, diags, &err), KP_OK);
        assert_int_equal(diag_count(diags), 0);
        rows_data_free(d);
        diag_free(diags);
    }
    cmp_aliases_free(al);
    expect_diags("bad/rata_rata.csv",
                 "3:9: [w] jumlah komponen 80,00 berbeda dari nilai 80,03\n"
                 "4:0: [w] nilai instansi Kota Banjarbaru (85,00) berbeda dari rata-rata 2 "
                 "unitnya (80,02)\n",
                 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lf_points),
        cmocka_unit_test(test_bom_crlf),
        cmocka_unit_test(test_cr_only),
        cmocka_unit_test(test_semicolon_decimal_comma_aliases),
        cmocka_unit_test(test_quoted_decimal_comma),
        cmocka_unit_test(test_tab),
        cmocka_unit_test(test_quotes_multiline_blank_trailing),
        cmocka_unit_test(test_wrapped_header),
        cmocka_unit_test(test_percentages),
        cmocka_unit_test(test_mixed_years_and_jenis),
        cmocka_unit_test(test_excel_separator_line),
        cmocka_unit_test(test_separator_option),
        cmocka_unit_test(test_several_files),
        cmocka_unit_test(test_duplicate_across_files),
        cmocka_unit_test(test_year_range_option),
        cmocka_unit_test(test_missing_file_and_folder),
        cmocka_unit_test(test_bad_header),
        cmocka_unit_test(test_bad_fields),
        cmocka_unit_test(test_bad_lines_after_multiline_fields),
        cmocka_unit_test(test_blank_lines_of_spaces),
        cmocka_unit_test(test_endless_line),
        cmocka_unit_test(test_opini_2025),
        cmocka_unit_test(test_checks_across_rows),
        cmocka_unit_test(test_check_thread_large),
        cmocka_unit_test(test_check_thread_abandoned),
        cmocka_unit_test(test_truncate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
