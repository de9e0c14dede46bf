/*
 * Verification codes: fixed, dashed, Crockford; different for any changed fact; typed codes
 * normalised; malformed input refused with a message; key files checked.
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

#include "render/kodeverif.h"

static kodeverif_key key(void)
{
    uint8_t bytes[32];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (uint8_t)i;
    kodeverif_key k;
    kodeverif_key_set(&k, bytes, sizeof bytes);
    return k;
}

static kodeverif_fakta fakta(void)
{
    return (kodeverif_fakta){"piagam",
                             2023,
                             "Pemerintah Kota Banjarbaru",
                             "",
                             9200,
                             "A",
                             "Kualitas Tertinggi",
                             "",
                             "002/ORI-KALSEL/I/2024"};
}

static void test_code_stable_and_sensitive(void **state)
{
    (void)state;
    kodeverif_key k = key();
    kodeverif_fakta f = fakta();
    char a[KODEVERIF_TEXT], b[KODEVERIF_TEXT];
    kp_error err;
    assert_int_equal(kodeverif_code(&k, &f, a, &err), KP_OK);
    assert_int_equal(strlen(a), 19);
    assert_int_equal(a[4], '-');
    assert_int_equal(a[9], '-');
    assert_int_equal(a[14], '-');
    assert_int_equal(kodeverif_code(&k, &f, b, &err), KP_OK);
    assert_string_equal(a, b);
    /* Every fact counts. */
    kodeverif_fakta g[9];
    for (int i = 0; i < 9; i++)
        g[i] = f;
    g[0].jenis = "surat";
    g[1].tahun = 2024;
    g[2].instansi = "Pemerintah Kota Banjarmasin";
    g[3].unit = "DPMPTSP";
    g[4].nilai = 9199;
    g[5].kategori = "B";
    g[6].hasil = "Kualitas Tinggi";
    g[7].gerbang = "Tanpa Maladministrasi";
    g[8].nomor = "003/ORI-KALSEL/I/2024";
    for (int i = 0; i < 9; i++) {
        assert_int_equal(kodeverif_code(&k, &g[i], b, &err), KP_OK);
        assert_string_not_equal(a, b);
    }
    /* Moving bytes between two facts changes the encoding (netstrings). */
    kodeverif_fakta x = f, y = f;
    x.instansi = "AB";
    x.unit = "C";
    y.instansi = "A";
    y.unit = "BC";
    char cx[KODEVERIF_TEXT], cy[KODEVERIF_TEXT];
    assert_int_equal(kodeverif_code(&k, &x, cx, &err), KP_OK);
    assert_int_equal(kodeverif_code(&k, &y, cy, &err), KP_OK);
    assert_string_not_equal(cx, cy);
    /* Another key, another code. */
    k.bytes[0] ^= 1;
    kodeverif_key_set(&k, k.bytes, k.len);
    assert_int_equal(kodeverif_code(&k, &f, b, &err), KP_OK);
    assert_string_not_equal(a, b);
}

static void test_parse(void **state)
{
    (void)state;
    char out[KODEVERIF_LEN + 1];
    kp_error err;
    assert_int_equal(kodeverif_parse("7K2M-9QXA-1B3C-4D5E", out, &err), KP_OK);
    assert_string_equal(out, "7K2M9QXA1B3C4D5E");
    /* Lower case, spaces, Crockford's aliases, a scanned link. */
    assert_int_equal(kodeverif_parse(" 7k2m 9qxa-iB3C-4d5e ", out, &err), KP_OK);
    assert_string_equal(out, "7K2M9QXA1B3C4D5E");
    assert_int_equal(kodeverif_parse("oOlL-IiO0-0000-0000", out, &err), KP_OK);
    assert_string_equal(out, "0011110000000000");
    assert_int_equal(kodeverif_parse("https://x.go.id/verifikasi/#7K2M-9QXA-1B3C-4D5E", out, &err),
                     KP_OK);
    assert_string_equal(out, "7K2M9QXA1B3C4D5E");
    char d[KODEVERIF_TEXT];
    kodeverif_format(out, d);
    assert_string_equal(d, "7K2M-9QXA-1B3C-4D5E");
}

static void test_parse_malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "-",
        "7K2M-9QXA-1B3C",
        "7K2M-9QXA-1B3C-4D5E-0",
        "UUUU-UUUU-UUUU-UUUU",
        "7K2M-9QXA-1B3C-4D5!",
        "7K2M\xc3\xa9QXA1B3C4D5E",
        "7K2M-9QXA-1B3C-4D5E#",
        "\x01\x02\x03",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char out[KODEVERIF_LEN + 1];
        kp_error err;
        kp_error_clear(&err);
        assert_int_equal(kodeverif_parse(bad[i], out, &err), KP_ERR_USAGE);
        assert_non_null(strstr(err.msg, "tidak sah"));
    }
}

static void test_qr_text(void **state)
{
    (void)state;
    kodeverif_fakta f = fakta();
    char out[512];
    kp_error err;
    assert_int_equal(kodeverif_qr_text("https://x.go.id/v/#{kode}", "AAAA-BBBB-CCCC-DDDD", &f, out,
                                       sizeof out, &err),
                     KP_OK);
    assert_string_equal(out, "https://x.go.id/v/#AAAA-BBBB-CCCC-DDDD");
    assert_int_equal(kodeverif_qr_text("", "AAAA-BBBB-CCCC-DDDD", &f, out, sizeof out, &err),
                     KP_OK);
    assert_non_null(strstr(out, "AAAA-BBBB-CCCC-DDDD"));
    assert_non_null(strstr(out, "92,00"));
    assert_non_null(strstr(out, "Pemerintah Kota Banjarbaru"));
    assert_int_equal(kodeverif_qr_text("", "AAAA-BBBB-CCCC-DDDD", &f, out, 20, &err), KP_ERR_DATA);
}

static void test_keys(void **state)
{
    (void)state;
    char dir[] = "/tmp/kp-kodeverif-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/kunci", dir);
    kp_error err;
    assert_int_equal(kodeverif_key_create(path, &err), KP_OK);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    kodeverif_key k;
    assert_int_equal(kodeverif_key_load(path, &k, &err), KP_OK);
    assert_int_equal(k.len, 32);
    /* Never overwritten. */
    assert_int_equal(kodeverif_key_create(path, &err), KP_ERR_DATA);
    /* Open to others: refused, naming the file. */
    chmod(path, 0640);
    assert_int_equal(kodeverif_key_load(path, &k, &err), KP_ERR_DATA);
    assert_string_equal(err.file, path);
    assert_int_equal(k.len, 0);
    /* Too short. */
    chmod(path, 0600);
    assert_int_equal(truncate(path, 31), 0);
    assert_int_equal(kodeverif_key_load(path, &k, &err), KP_ERR_DATA);
    assert_non_null(strstr(err.msg, "terlalu pendek"));
    /*
     * A key longer than SHA-256's block (HMAC hashes it first): loaded from its file or set
     * from its bytes, the keyed state gives the same codes, and codes differ from the
     * 32-byte key's.
     */
    uint8_t long_key[100];
    for (size_t i = 0; i < sizeof long_key; i++)
        long_key[i] = (uint8_t)(i * 37 + 1);
    FILE *kf = fopen(path, "wb");
    assert_non_null(kf);
    assert_int_equal(fwrite(long_key, 1, sizeof long_key, kf), sizeof long_key);
    fclose(kf);
    assert_int_equal(kodeverif_key_load(path, &k, &err), KP_OK);
    kodeverif_key set;
    kodeverif_key_set(&set, long_key, sizeof long_key);
    kodeverif_fakta f = fakta();
    char from_file[KODEVERIF_TEXT], from_bytes[KODEVERIF_TEXT], short_key[KODEVERIF_TEXT];
    assert_int_equal(kodeverif_code(&k, &f, from_file, &err), KP_OK);
    assert_int_equal(kodeverif_code(&set, &f, from_bytes, &err), KP_OK);
    kodeverif_key k32 = key();
    assert_int_equal(kodeverif_code(&k32, &f, short_key, &err), KP_OK);
    assert_string_equal(from_file, from_bytes);
    assert_string_not_equal(from_file, short_key);
    unlink(path);
    /* Missing. */
    assert_int_equal(kodeverif_key_load(path, &k, &err), KP_ERR_DATA);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_stable_and_sensitive),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_parse_malformed),
        cmocka_unit_test(test_qr_text),
        cmocka_unit_test(test_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
