/*
 * The register read back: a genuine code, an unknown one, a row the key does not sign, files
 * by digest, and registers that are not registers (header, fields, numbers, digests).
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

#include "render/dokumen.h"

static char dir[64];

static void write_file(const char *rel, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char HEADER[] =
    "berkas,jenis,tahun,instansi,unit,nilai,kategori,hasil,gerbang,nomor,kode_verifikasi,sha256\n";

static void test_verify(void **state)
{
    (void)state;
    uint8_t bytes[32];
    memset(bytes, 7, sizeof bytes);
    kodeverif_key k;
    kodeverif_key_set(&k, bytes, sizeof bytes);
    kodeverif_fakta f = {"piagam",
                         2023,
                         "Pemerintah Kota Banjarbaru, Kalsel",
                         "",
                         9200,
                         "A",
                         "Kualitas Tertinggi",
                         "",
                         "002/ORI/I/2024"};
    char kode[KODEVERIF_TEXT];
    kp_error err;
    assert_int_equal(kodeverif_code(&k, &f, kode, &err), KP_OK);
    write_file("doc.pdf", "%PDF-1.4 contoh\n");
    char pdf[128], hex[65];
    snprintf(pdf, sizeof pdf, "%s/doc.pdf", dir);
    assert_int_equal(dokumen_sha256_file(pdf, hex, &err), KP_OK);
    char text[1024];
    snprintf(text, sizeof text,
             "%spiagam/a.pdf,piagam,2023,\"Pemerintah Kota Banjarbaru, Kalsel\",,92.00,A,Kualitas "
             "Tertinggi,,002/ORI/I/2024,%s,%s\n"
             "piagam/b.pdf,piagam,2023,Pemerintah Kota Lain,,99.00,A,Kualitas Tertinggi,,"
             "003/ORI/I/2024,AAAA-BBBB-CCCC-DDDD,%064d\n",
             HEADER, kode, hex, 0);
    write_file("data/dokumen.csv", text);
    dokumen_reg *r;
    assert_int_equal(dokumen_read(dir, &r, &err), KP_OK);
    assert_int_equal(dokumen_reg_count(r), 2);
    char code16[KODEVERIF_LEN + 1];
    assert_int_equal(kodeverif_parse(kode, code16, &err), KP_OK);
    const dokumen_entri *e;
    assert_int_equal(dokumen_verify_code(r, &k, code16, &e, &err), KP_OK);
    assert_string_equal(e->path, "piagam/a.pdf");
    assert_int_equal(e->nilai, 9200);
    /* A row whose code the key does not recompute: altered register. */
    assert_int_equal(dokumen_verify_code(r, &k, "AAAABBBBCCCCDDDD", &e, &err), KP_TIDAK_ASLI);
    assert_null(e);
    assert_int_equal(dokumen_verify_code(r, &k, "0000000000000000", &e, &err), KP_TIDAK_ASLI);
    assert_non_null(strstr(err.msg, "TIDAK DIKENAL"));
    /* Files by digest; one byte changed is not genuine. */
    assert_int_equal(dokumen_verify_file(r, pdf, &e, &err), KP_OK);
    write_file("doc.pdf", "%PDF-1.4 contoH\n");
    assert_int_equal(dokumen_verify_file(r, pdf, &e, &err), KP_TIDAK_ASLI);
    dokumen_reg_free(r);
}

static void test_not_a_register(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "a,b,c\n",
        "berkas,jenis,tahun,instansi,unit,nilai,kategori,hasil,gerbang,nomor,kode,sha256\n",
        "x,piagam,2023\n",
        "x,piagam,20x3,I,,92.00,A,K,,1,,"
        "0000000000000000000000000000000000000000000000000000000000000000\n",
        "x,piagam,2023,I,,9,2.0,A,K,,1,,"
        "0000000000000000000000000000000000000000000000000000000000000000\n",
        "x,piagam,2023,I,,92.00,A,K,,1,,abc\n",
        "x,piagam,2023,I,,92.00,A,K,,1,UUUU,"
        "0000000000000000000000000000000000000000000000000000000000000000\n",
        "x,\"piagam,2023,I,,92.00,A,K,,1,,0\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "%s%s", i < 3 ? "" : HEADER, bad[i]);
        write_file("data/dokumen.csv", text);
        dokumen_reg *r = NULL;
        kp_error err;
        kp_error_clear(&err);
        assert_int_equal(dokumen_read(dir, &r, &err), KP_ERR_DATA);
        assert_null(r);
        assert_true(err.msg[0] != '\0');
    }
    char sub[128];
    snprintf(sub, sizeof sub, "%s/tidak-ada", dir);
    dokumen_reg *r = NULL;
    kp_error err;
    assert_int_equal(dokumen_read(sub, &r, &err), KP_ERR_IO);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/kp-dokumen-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    char data[96];
    snprintf(data, sizeof data, "%s/data", dir);
    mkdir(data, 0700);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify),
        cmocka_unit_test(test_not_a_register),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
