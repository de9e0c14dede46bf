/*
 * test_tplinput.c - the input template follows the year's rubric: the header the reader
 * expects, the gate column with its ya/tidak list and jenis vertikal only for the Opini method
 * (2025-), and the 2022-2024 template as it was. Workbooks are read back with unzip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fx_run.h"
#include "render/tplinput.h"

typedef struct t {
    rubric r2022, opini;
    char dir[64];
} t;

static int setup(void **state)
{
    t *x = calloc(1, sizeof *x);
    kp_error err;
    assert_int_equal(
        rubric_load(KP_SOURCE_DIR "/templates/rubrik/ombudsman-2022.ini", &x->r2022, &err), KP_OK);
    assert_int_equal(
        rubric_load(KP_SOURCE_DIR "/templates/rubrik/ombudsman-opini-2025.ini", &x->opini, &err),
        KP_OK);
    snprintf(x->dir, sizeof x->dir, "/tmp/kp_tplinput_XXXXXX");
    assert_non_null(mkdtemp(x->dir));
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    t *x = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", x->dir);
    assert_int_equal(system(cmd), 0);
    free(x);
    return 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* One part of a workbook (caller frees). */
static char *part(const char *xlsx, const char *name)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", xlsx, name);
    return fx_run(cmd, NULL);
}

static void header(void **state)
{
    t *x = *state;
    char h[512];
    tplinput_header(&x->r2022, h, sizeof h);
    assert_string_equal(h, "tahun,provinsi,kode,instansi,jenis,skpd,input,proses,output,"
                           "pengaduan,nilai");
    tplinput_header(&x->opini, h, sizeof h);
    assert_string_equal(h, "tahun,provinsi,kode,instansi,jenis,skpd,nilai,tanpa_maladministrasi");
}

static void csv_files(void **state)
{
    t *x = *state;
    char path[128];
    kp_error err;
    snprintf(path, sizeof path, "%s/t.csv", x->dir);
    /* 2022-2024: as before, byte for byte. */
    assert_int_equal(tplinput_write_csv(&x->r2022, 2024, path, &err), KP_OK);
    assert_string_equal(
        slurp(path),
        "tahun,provinsi,kode,instansi,jenis,skpd,input,proses,output,pengaduan,nilai\n"
        "#2024,Kalimantan Selatan,63.72,Kota Banjarbaru,kota,Disdukcapil,19.67,29.13,21.82,"
        "19.39,\n"
        "#2024,Kalimantan Selatan,63.72,Kota Banjarbaru,kota,,,,,,92.00\n");
    /* 2025: nilai only, the gate on the unit example, a sector unit. */
    assert_int_equal(tplinput_write_csv(&x->opini, 2025, path, &err), KP_OK);
    assert_string_equal(
        slurp(path),
        "tahun,provinsi,kode,instansi,jenis,skpd,nilai,tanpa_maladministrasi\n"
        "#2025,Kalimantan Selatan,63.72,Kota Banjarbaru,kota,Dinas Pendidikan,90.31,ya\n"
        "#2025,Kalimantan Selatan,63.72,Kota Banjarbaru,kota,,92.00,\n");
}

static void workbook_opini(void **state)
{
    t *x = *state;
    char path[128];
    kp_error err;
    snprintf(path, sizeof path, "%s/t.xlsx", x->dir);
    assert_int_equal(tplinput_write_xlsx(&x->opini, 2025, 1700000000, path, &err), KP_OK);
    char *sheet = part(path, "xl/worksheets/sheet1.xml");
    /* H is the gate: a ya/tidak list on every data row. */
    assert_non_null(strstr(sheet, "<formula1>\"ya,tidak\"</formula1>"));
    assert_non_null(strstr(sheet, "sqref=\"H2:H5001\""));
    assert_non_null(strstr(sheet, "<formula1>Daftar!$A$2:$A$7</formula1>"));
    assert_non_null(strstr(sheet, "kota, vertikal."));
    free(sheet);
    char *sst = part(path, "xl/sharedStrings.xml");
    assert_non_null(strstr(sst, "<t>tanpa_maladministrasi</t>"));
    assert_non_null(strstr(sst, "<t>vertikal</t>"));
    assert_non_null(strstr(sst, "Kategori B - Opini Kualitas Tinggi (unit dan kantor vertikal: "
                                "Baik): 78,00 sampai 87,99"));
    assert_null(strstr(sst, "Zona"));
    assert_null(strstr(sst, "zona"));
    free(sst);
    char *comments = part(path, "xl/comments1.xml");
    assert_non_null(strstr(comments, "Tanpa Maladministrasi: ya bila"));
    free(comments);
    char *core = part(path, "docProps/core.xml");
    assert_non_null(strstr(core, "<dc:title>Templat masukan Opini Ombudsman RI (Penilaian "
                                 "Maladministrasi) 2025</dc:title>"));
    free(core);
}

/* 2024: no gate, no vertikal in the list nor on the Daftar sheet. */
static void workbook_2024(void **state)
{
    t *x = *state;
    char path[128];
    kp_error err;
    snprintf(path, sizeof path, "%s/t.xlsx", x->dir);
    assert_int_equal(tplinput_write_xlsx(&x->r2022, 2024, 1700000000, path, &err), KP_OK);
    char *sheet = part(path, "xl/worksheets/sheet1.xml");
    assert_null(strstr(sheet, "ya,tidak"));
    assert_non_null(strstr(sheet, "<formula1>Daftar!$A$2:$A$6</formula1>"));
    free(sheet);
    char *sst = part(path, "xl/sharedStrings.xml");
    assert_null(strstr(sst, "tanpa_maladministrasi"));
    assert_null(strstr(sst, "vertikal"));
    assert_non_null(strstr(sst, "<t>Kategori A - Kualitas Tertinggi: 88,00 sampai 100,00, Zona "
                                "Hijau</t>"));
    free(sst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(header, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_files, setup, teardown),
        cmocka_unit_test_setup_teardown(workbook_opini, setup, teardown),
        cmocka_unit_test_setup_teardown(workbook_2024, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
