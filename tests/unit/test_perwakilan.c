/*
 * test_perwakilan.c - the issuers per province (templates/perwakilan.csv): the shipped file,
 * every kind of bad file with its line and column, who issues what (a province's pemda and
 * vertical offices its Perwakilan, ministries the central issuer), the values handed to the
 * renderers, and one warning per province the file lacks.
 */
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
#include "render/perwakilan.h"

#define HEADER                                                                                     \
    "provinsi,unit_lembaga,tempat,alamat,telepon,surel,jabatan,penandatangan,nip,nomor,nomor_"     \
    "surat\n"
#define ACEH                                                                                       \
    "Aceh,Perwakilan Provinsi Aceh,Banda Aceh,\"Jalan T. Nyak Arief, No. 1\",(telepon),(surel),"   \
    "Kepala Perwakilan Aceh,(nama),(nip),{seq:03}/ORI-ACEH/{romawi}/{tahun_acara},\n"

static char g_path[64];

/* Writes text to a fresh temporary file and loads it; the status, err filled. */
static kp_status load_text(const char *text, perwakilan_set **out, kp_error *err)
{
    snprintf(g_path, sizeof g_path, "/tmp/test_perwakilan_XXXXXX");
    int fd = mkstemp(g_path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs(text, fp);
    fclose(fp);
    kp_error_clear(err);
    kp_status st = perwakilan_load(g_path, false, out, err);
    unlink(g_path);
    return st;
}

/* Loads text that must be refused at line, col, with want in the message. */
static void refused(const char *text, int line, int col, const char *want)
{
    perwakilan_set *s = NULL;
    kp_error err;
    assert_int_equal(load_text(text, &s, &err), KP_ERR_DATA);
    assert_null(s);
    assert_string_equal(err.file, g_path);
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
    if (!strstr(err.msg, want))
        fail_msg("\"%s\" not in \"%s\"", want, err.msg);
}

static void test_shipped_file(void **state)
{
    (void)state;
    perwakilan_set *s = NULL;
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(perwakilan_load(KP_SOURCE_DIR "/templates/perwakilan.csv", false, &s, &err),
                     KP_OK);
    /* Every province of Indonesia, once each (the loader refuses duplicates). */
    assert_int_equal(perwakilan_count(s), 38);
    const perwakilan *p = perwakilan_get(s, 0);
    assert_string_equal(p->provinsi, "Aceh");
    assert_string_equal(p->unit_lembaga, "Perwakilan Provinsi Aceh");
    assert_string_equal(p->tempat, "Banda Aceh");
    /* The signatory is never invented: a visible placeholder until someone fills it in. */
    assert_string_equal(p->penandatangan, "(nama penandatangan)");
    bool jakarta = false, diy = false, babel = false;
    for (size_t i = 0; i < perwakilan_count(s); i++) {
        const char *n = perwakilan_get(s, i)->provinsi;
        jakarta |= !strcmp(n, "DKI Jakarta");
        diy |= !strcmp(n, "DI Yogyakarta");
        babel |= !strcmp(n, "Kepulauan Bangka Belitung");
    }
    assert_true(jakarta && diy && babel);
    perwakilan_free(s);
}

static void test_missing_file(void **state)
{
    (void)state;
    perwakilan_set *s = (perwakilan_set *)1;
    kp_error err;
    kp_error_clear(&err);
    /* Optional: no file, acara.ini issues everything, as before the file existed. */
    assert_int_equal(perwakilan_load("/nonexistent/perwakilan.csv", true, &s, &err), KP_OK);
    assert_null(s);
    assert_int_equal(perwakilan_load("/nonexistent/perwakilan.csv", false, &s, &err), KP_ERR_DATA);
    assert_non_null(strstr(err.msg, "berkas perwakilan tidak ditemukan"));
}

static void test_bad_files(void **state)
{
    (void)state;
    refused("provinsi,unit,tempat\n" ACEH, 1, 2, "harus \"unit_lembaga\"");
    refused("", 0, 0, "berkas kosong");
    refused("# hanya komentar\n", 0, 0, "berkas kosong");
    refused(HEADER "Aceh,Perwakilan Provinsi Aceh,Banda Aceh\n", 2, 0, "3 kolom, seharusnya 11");
    refused(HEADER ACEH "# komentar\n"
                        "Riau,Perwakilan Provinsi Riau,,a,b,c,d,e,f,{seq},\n",
            4, 3, "kolom tempat kosong");
    /* Written twice, however it is spelt. */
    refused(HEADER ACEH "\n"
                        " ACEH ,Perwakilan,Banda Aceh,a,b,c,d,e,f,{seq},\n",
            4, 1, "tertulis dua kali (pertama di baris 2)");
    refused(HEADER "Riau,Perwakilan,Pekanbaru,a,b,c,d,e,f,{urut}/ORI,\n", 2, 10, "{urut}");
    refused(HEADER "Riau,Perwakilan,Pekanbaru,a,b,c,d,e,f,{seq},B-{bulan-}\n", 2, 11,
            "nomor_surat");
    refused(HEADER "Riau,\"Perwakilan,Pekanbaru,a,b,c,d,e,f,{seq},\n", 2, 2, "tanda kutip");
    /* Text after a closing quote, at the field it is in. */
    refused(HEADER "Riau,Perwakilan,Pekanbaru,\"Jalan\" 1,b,c,d,e,f,{seq},\n", 2, 4, "tanda kutip");
    char longrow[2048];
    snprintf(longrow, sizeof longrow, HEADER "Riau,%0600d,Pekanbaru,a,b,c,d,e,f,{seq},\n", 0);
    refused(longrow, 2, 2, "terlalu panjang");
}

/* A quoted address keeps its comma; spaces around a value are a hand edit, not data. */
static void test_values(void **state)
{
    (void)state;
    perwakilan_set *s = NULL;
    kp_error err;
    assert_int_equal(load_text(HEADER ACEH "Riau , Perwakilan Provinsi Riau ,Pekanbaru,a,b,c,"
                                           "Kepala Riau,Nama,123,{seq:03}/ORI-RIAU/{tahun},"
                                           "B-{seq}/PW04/{tahun}\n",
                               &s, &err),
                     KP_OK);
    assert_int_equal(perwakilan_count(s), 2);
    assert_string_equal(perwakilan_get(s, 0)->alamat, "Jalan T. Nyak Arief, No. 1");
    assert_string_equal(perwakilan_get(s, 1)->provinsi, "Riau");
    assert_string_equal(perwakilan_get(s, 1)->unit_lembaga, "Perwakilan Provinsi Riau");
    assert_int_equal(perwakilan_get(s, 1)->line, 3);

    acara pusat, out[3];
    acara_defaults(&pusat, 2023, 0);
    snprintf(pusat.dasar_hukum, sizeof pusat.dasar_hukum, "Keputusan 418");
    perwakilan_acara(s, &pusat, out);
    assert_string_equal(out[0].jabatan, "Ketua Ombudsman Republik Indonesia");
    assert_string_equal(out[2].tempat, "Pekanbaru");
    assert_string_equal(out[2].jabatan, "Kepala Riau");
    assert_string_equal(out[2].nomor, "{seq:03}/ORI-RIAU/{tahun}");
    /* Event values stay the central file's, for every issuer. */
    assert_string_equal(out[2].dasar_hukum, "Keputusan 418");

    const char *alamat, *telepon, *surel;
    perwakilan_kontak(s, 1, &alamat, &telepon, &surel);
    assert_string_equal(alamat, "Jalan T. Nyak Arief, No. 1");
    perwakilan_kontak(s, 0, &alamat, &telepon, &surel);
    assert_non_null(strchr(alamat, '('));
    assert_string_equal(perwakilan_nomor_surat(s, 1, "pola"), "pola");
    assert_string_equal(perwakilan_nomor_surat(s, 2, "pola"), "B-{seq}/PW04/{tahun}");
    assert_string_equal(perwakilan_nomor_surat(NULL, 0, "pola"), "pola");
    perwakilan_free(s);
}

/* A file saved on Windows (CRLF, a byte order mark) and a doubled quote inside a quoted
 * value read as written; a quoted value keeps no surrounding blanks either. */
static void test_windows_file(void **state)
{
    (void)state;
    perwakilan_set *s = NULL;
    kp_error err;
    assert_int_equal(load_text("\xEF\xBB\xBF"
                               "provinsi,unit_lembaga,tempat,alamat,telepon,surel,jabatan,"
                               "penandatangan,nip,nomor,nomor_surat\r\n"
                               "Riau,Perwakilan,Pekanbaru,\"Jalan \"\"Sudirman\"\", 1\",b,c,d,"
                               "e,f,{seq},\r\n"
                               "\r\n",
                               &s, &err),
                     KP_OK);
    assert_int_equal(perwakilan_count(s), 1);
    assert_string_equal(perwakilan_get(s, 0)->alamat, "Jalan \"Sudirman\", 1");
    assert_string_equal(perwakilan_get(s, 0)->nomor, "{seq}");
    assert_string_equal(perwakilan_get(s, 0)->nomor_surat, "");
    assert_int_equal(perwakilan_get(s, 0)->line, 2);
    perwakilan_free(s);
}

static const agg_instansi *cari(const agg_year *y, const char *nama)
{
    for (size_t i = 0; i < y->n_instansi; i++)
        if (!strcmp(y->instansi[i].nama, nama))
            return &y->instansi[i];
    fail_msg("%s tidak ada", nama);
    return NULL;
}

/* Who issues what, and one warning per province the file lacks, whatever the years. */
static void test_penerbit_and_periksa(void **state)
{
    (void)state;
    rubric_set rubrics = fx_rubrics();
    rows_data *d = rows_data_new();
    for (int t = 2022; t <= 2023; t++) {
        fx_row(d, t, "Aceh", "11.71", "Kota Banda Aceh", JENIS_KOTA, NULL, 9000);
        fx_row(d, t, "Riau", "14.71", "Kota Pekanbaru", JENIS_KOTA, NULL, 8000);
        fx_row(d, t, "Jambi", "15.71", "Kota Jambi", JENIS_KOTA, NULL, 7000);
        fx_row(d, t, "Papua Tengah", "94.01", "Kabupaten Nabire", JENIS_KABUPATEN, NULL, 6000);
        fx_row(d, t, "Pusat", NULL, "Kementerian Agama", JENIS_KEMENTERIAN, NULL, 8500);
    }
    fx_row(d, 2023, "Aceh", NULL, "Polresta Banda Aceh", JENIS_VERTIKAL, NULL, 8100);
    agg_model *m = NULL;
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(agg_build(d, &rubrics, &m, &err), KP_OK);

    perwakilan_set *s = NULL;
    assert_int_equal(load_text(HEADER ACEH "riau,Perwakilan Provinsi Riau,Pekanbaru,a,b,c,d,e,f,"
                                           "{seq},\n",
                               &s, &err),
                     KP_OK);
    const agg_year *y = agg_year_find(m, 2023);
    assert_int_equal(perwakilan_penerbit(s, cari(y, "Kota Banda Aceh")), 1);
    assert_int_equal(perwakilan_penerbit(s, cari(y, "Polresta Banda Aceh")), 1);
    assert_int_equal(perwakilan_penerbit(s, cari(y, "Kota Pekanbaru")), 2);
    assert_int_equal(perwakilan_penerbit(s, cari(y, "Kementerian Agama")), 0);
    assert_int_equal(perwakilan_penerbit(s, cari(y, "Kota Jambi")), 0);
    assert_int_equal(perwakilan_penerbit(NULL, cari(y, "Kota Banda Aceh")), 0);
    assert_int_equal(perwakilan_penerbit_provinsi(s, cari(y, "Kota Pekanbaru")->provinsi), 2);

    diag_list *diags = diag_new(0);
    perwakilan_periksa(s, m, diags);
    /* Jambi and Papua Tengah, once each over two years; Pusat is not a province. */
    assert_int_equal(diag_warnings(diags), 2);
    assert_int_equal(diag_errors(diags), 0);
    bool jambi = false, papua = false;
    for (size_t i = 0; i < diag_count(diags); i++) {
        const diag_item *it = diag_get(diags, i);
        assert_string_equal(it->file, g_path);
        jambi |= strstr(it->msg, "Jambi") != NULL;
        papua |= strstr(it->msg, "Papua Tengah") != NULL;
    }
    assert_true(jambi && papua);
    diag_free(diags);

    /* No file: nothing to warn about, everything from acara.ini. */
    diags = diag_new(0);
    perwakilan_periksa(NULL, m, diags);
    assert_int_equal(diag_count(diags), 0);
    diag_free(diags);

    perwakilan_free(s);
    agg_free(m);
    rows_data_free(d);
    rubric_set_free(&rubrics);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_file), cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_bad_files),    cmocka_unit_test(test_values),
        cmocka_unit_test(test_windows_file), cmocka_unit_test(test_penerbit_and_periksa),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
