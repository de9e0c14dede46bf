/*
 * acara.ini per assessment year: the 2025 section (the new method's regulation, its name and
 * the national release date), 2026 with the name but no date yet, the older years untouched,
 * and the built-in name when there is no file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/acara.h"

#define ACARA KP_SOURCE_DIR "/templates/acara.ini"

static void test_2025(void **state)
{
    (void)state;
    acara a;
    kp_error err;
    assert_int_equal(acara_load(ACARA, 2025, 0, &a, &err), KP_OK);
    assert_string_equal(a.penilaian, "Penilaian Maladministrasi Penyelenggaraan Pelayanan Publik");
    assert_string_equal(a.dasar_hukum,
                        "Peraturan Ombudsman Republik Indonesia Nomor 61 Tahun 2025 tentang "
                        "Penilaian Maladministrasi Penyelenggaraan Pelayanan Publik");
    /* The national release, Kamis 29 Januari 2026. */
    assert_int_equal(a.tahun, 2026);
    assert_int_equal(a.bulan, 1);
    assert_int_equal(a.hari, 29);
    char nomor[64];
    assert_int_equal(acara_nomor(&a, a.nomor, 2025, 1, nomor, sizeof nomor, &err), KP_OK);
    /* acara.ini's pattern is the central issuer's; provinces' are in perwakilan.csv. */
    assert_string_equal(nomor, "001/ORI/I/2026");
}

static void test_2026_and_older(void **state)
{
    (void)state;
    acara a;
    kp_error err;
    /* 2026: the same method, its date not known yet (the run's own date stands). */
    assert_int_equal(acara_load(ACARA, 2026, 1798761600 /* 2027-01-01 */, &a, &err), KP_OK);
    assert_string_equal(a.penilaian, "Penilaian Maladministrasi Penyelenggaraan Pelayanan Publik");
    assert_non_null(strstr(a.dasar_hukum, "Nomor 61 Tahun 2025"));
    assert_int_equal(a.tahun, 2027);
    /* Up to 2024 the old name and decrees. */
    assert_int_equal(acara_load(ACARA, 2024, 0, &a, &err), KP_OK);
    assert_string_equal(a.penilaian, "Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik");
    assert_non_null(strstr(a.dasar_hukum, "Nomor 252 Tahun 2024"));
    assert_int_equal(acara_load(ACARA, 2023, 0, &a, &err), KP_OK);
    assert_non_null(strstr(a.dasar_hukum, "Nomor 418 Tahun 2023"));
    assert_int_equal(a.hari, 17);
}

static void test_penilaian_key(void **state)
{
    (void)state;
    acara a;
    kp_error err;
    /* Without a file the name holds for either method, so no year is misnamed. */
    acara_defaults(&a, 2025, 0);
    assert_string_equal(a.penilaian, "Penilaian Penyelenggaraan Pelayanan Publik");

    char path[] = "/tmp/test_acara_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "[acara]\npenilaian = Penilaian A\n[2025]\npenilaian = Penilaian\n"
                       "  Maladministrasi\n[2030]\npenilaian = X\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    assert_int_equal(acara_load(path, 2025, 0, &a, &err), KP_OK);
    assert_string_equal(a.penilaian, "Penilaian Maladministrasi");
    assert_int_equal(acara_load(path, 2024, 0, &a, &err), KP_OK);
    assert_string_equal(a.penilaian, "Penilaian A");
    /* An unknown key names the accepted ones, penilaian among them. */
    FILE *f = fopen(path, "w");
    fputs("[acara]\nnama_penilaian = X\n", f);
    fclose(f);
    assert_int_equal(acara_load(path, 2025, 0, &a, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "penilaian,"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_2025),
        cmocka_unit_test(test_2026_and_older),
        cmocka_unit_test(test_penilaian_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
