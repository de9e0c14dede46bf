#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "model/names.h"

static void check_canonical(const char *raw, names_jenis hint, const char *want,
                            names_jenis want_derived)
{
    char out[256];
    names_jenis d = (names_jenis)99;
    assert_true(names_canonical(raw, hint, out, sizeof out, &d));
    assert_string_equal(out, want);
    assert_int_equal(d, want_derived);
}

static void test_jenis_words(void **state)
{
    (void)state;
    names_jenis j;
    assert_true(names_jenis_parse(" Kabupaten ", &j));
    assert_int_equal(j, JENIS_KABUPATEN);
    assert_true(names_jenis_parse("KOTA", &j));
    assert_int_equal(j, JENIS_KOTA);
    assert_true(names_jenis_parse("lembaga", &j));
    assert_int_equal(j, JENIS_LEMBAGA);
    assert_false(names_jenis_parse("kotamadya", &j));
    assert_false(names_jenis_parse("", &j));
    assert_string_equal(names_jenis_str(JENIS_KEMENTERIAN), "kementerian");
    assert_string_equal(names_jenis_str(JENIS_NONE), "");
    assert_string_equal(names_jenis_label(JENIS_PROVINSI), "Provinsi");
}

static void test_canonical_prefixes(void **state)
{
    (void)state;
    check_canonical("Kab. Barito Kuala", JENIS_NONE, "Kabupaten Barito Kuala", JENIS_KABUPATEN);
    check_canonical("KAB.BARITO KUALA", JENIS_NONE, "Kabupaten Barito Kuala", JENIS_KABUPATEN);
    check_canonical("Kab Barito Kuala", JENIS_NONE, "Kabupaten Barito Kuala", JENIS_KABUPATEN);
    check_canonical("PEMKAB BARITO KUALA", JENIS_NONE, "Kabupaten Barito Kuala", JENIS_KABUPATEN);
    check_canonical("Pemerintah Kabupaten  Barito   Kuala ", JENIS_NONE, "Kabupaten Barito Kuala",
                    JENIS_KABUPATEN);
    check_canonical("pemkot banjarbaru", JENIS_NONE, "Kota Banjarbaru", JENIS_KOTA);
    check_canonical("Kota Banjarbaru", JENIS_KABUPATEN, "Kota Banjarbaru", JENIS_KOTA);
    check_canonical("Pemprov Kalimantan Selatan", JENIS_NONE, "Provinsi Kalimantan Selatan",
                    JENIS_PROVINSI);
    check_canonical("Prov. Kalimantan Selatan", JENIS_NONE, "Provinsi Kalimantan Selatan",
                    JENIS_PROVINSI);
    check_canonical("Pemerintah Provinsi DKI Jakarta", JENIS_NONE, "Provinsi DKI Jakarta",
                    JENIS_PROVINSI);
    /* A place whose name starts like a prefix is not one. */
    check_canonical("Kotawaringin Barat", JENIS_KABUPATEN, "Kabupaten Kotawaringin Barat",
                    JENIS_NONE);
}

static void test_canonical_bare_and_ministries(void **state)
{
    (void)state;
    check_canonical("BANJARBARU", JENIS_KOTA, "Kota Banjarbaru", JENIS_NONE);
    check_canonical("Banjarbaru", JENIS_NONE, "Banjarbaru", JENIS_NONE);
    check_canonical("KEMENTERIAN AGAMA", JENIS_NONE, "Kementerian Agama", JENIS_KEMENTERIAN);
    check_canonical("Kementrian Hukum dan HAM", JENIS_NONE, "Kementerian Hukum dan HAM",
                    JENIS_KEMENTERIAN);
    check_canonical("Badan Pusat Statistik", JENIS_NONE, "Badan Pusat Statistik", JENIS_LEMBAGA);
    check_canonical("LEMBAGA ADMINISTRASI NEGARA", JENIS_NONE, "Lembaga Administrasi Negara",
                    JENIS_LEMBAGA);
    /* With a jenis given, "Badan ..." says nothing itself. */
    check_canonical("Badan Pusat Statistik", JENIS_LEMBAGA, "Badan Pusat Statistik", JENIS_NONE);
    check_canonical("Kepolisian Negara RI", JENIS_NONE, "Kepolisian Negara RI", JENIS_NONE);
}

static void test_title_case(void **state)
{
    (void)state;
    check_canonical("KABUPATEN BARITO KUALA", JENIS_NONE, "Kabupaten Barito Kuala",
                    JENIS_KABUPATEN);
    check_canonical("KOTA BAU-BAU", JENIS_NONE, "Kota Bau-Bau", JENIS_KOTA);
    check_canonical("PROVINSI DKI JAKARTA", JENIS_NONE, "Provinsi DKI Jakarta", JENIS_PROVINSI);
    check_canonical("PROVINSI DI YOGYAKARTA", JENIS_NONE, "Provinsi DI Yogyakarta", JENIS_PROVINSI);
    check_canonical("KEMENTERIAN PEMUDA DAN OLAHRAGA RI", JENIS_NONE,
                    "Kementerian Pemuda dan Olahraga RI", JENIS_KEMENTERIAN);
    check_canonical("KABUPATEN LIMA PULUH KOTA II", JENIS_NONE, "Kabupaten Lima Puluh Kota II",
                    JENIS_KABUPATEN);
    /* Mixed case is the writer's choice and kept. */
    check_canonical("Kota BanjarBaru", JENIS_NONE, "Kota BanjarBaru", JENIS_KOTA);
}

static void test_canonical_truncates_validly(void **state)
{
    (void)state;
    char out[8];
    assert_false(names_canonical("Kota Bénjarbaru", JENIS_NONE, out, sizeof out, NULL));
    /* "Kota Bé" would need 8 bytes plus NUL: the é is not cut in half. */
    assert_string_equal(out, "Kota B");
    char big[64];
    assert_true(names_canonical("   ", JENIS_NONE, big, sizeof big, NULL));
    assert_string_equal(big, "");
}

static void test_key(void **state)
{
    (void)state;
    char a[128], b[128];
    names_key("Kab. Barito Kuala", a, sizeof a);
    names_key("PEMERINTAH KABUPATEN BARITO KUALA", b, sizeof b);
    assert_string_equal(a, "kabupaten barito kuala");
    assert_string_equal(a, b);
    names_key("Kota Bau-Bau", a, sizeof a);
    names_key("kota  baubau", b, sizeof b);
    assert_string_equal(a, "kota baubau");
    assert_string_equal(a, b);
    names_key("Dinas Pekerjaan Umum & Penataan Ruang", a, sizeof a);
    assert_string_equal(a, "dinas pekerjaan umum penataan ruang");
    names_key("Pusat Kebudayaan Français", a, sizeof a);
    assert_string_equal(a, "pusat kebudayaan francais");
    names_key("RSUD Ulin\xc2\xa0(Banjarmasin)", a, sizeof a);
    assert_string_equal(a, "rsud ulin banjarmasin");
}

/* Letters of other scripts are part of the key; symbols, currency and emoji are not. */
static void test_key_scripts(void **state)
{
    (void)state;
    char a[128], b[128];
    names_key("Город", a, sizeof a);
    names_key("Деревня", b, sizeof b);
    assert_string_not_equal(a, b);
    names_key("ГОРОД", b, sizeof b);
    assert_string_equal(a, b);
    names_key("Puskesmas 東", a, sizeof a);
    names_key("Puskesmas 西", b, sizeof b);
    assert_string_not_equal(a, b);
    assert_string_equal(a, "puskesmas 東");
    names_key("Dinas € ™ \xf0\x9f\x98\x80", a, sizeof a);
    assert_string_equal(a, "dinas");
    assert_true(names_has_word("Город", strlen("Город")));
    assert_true(names_has_word("東", strlen("東")));
    assert_true(names_has_word("x", 1));
    assert_true(names_has_word("\xc3\xa9", 2));
    assert_false(names_has_word("€", strlen("€")));
    assert_false(names_has_word("™", strlen("™")));
    assert_false(names_has_word("\xf0\x9f\x98\x80", 4));
    assert_false(names_has_word(". ~ -", 5));
    assert_false(names_has_word("\xc3\x97", 2)); /* × */
}

/*
 * The header's definition of a key, written plainly: the canonical name folded to lower-case
 * ASCII letters and digits with single spaces. Only the non-ASCII characters used below.
 */
static void reference_key(const char *name, char *out)
{
    char canon[1024];
    names_canonical(name, JENIS_NONE, canon, sizeof canon, NULL);
    size_t o = 0;
    bool space = false;
    for (const char *s = canon; *s;) {
        char f[3] = "";
        size_t len = 1;
        if (strncmp(s, "\xc2\xa0", 2) == 0) {
            strcpy(f, " ");
            len = 2;
        } else if (strncmp(s, "\xc3\xa9", 2) == 0 || strncmp(s, "\xc3\x89", 2) == 0) {
            strcpy(f, "e");
            len = 2;
        } else if (strncmp(s, "\xc3\x86", 2) == 0) {
            strcpy(f, "ae");
            len = 2;
        } else if (strncmp(s, "\xf0\x9f\x98\x80", 4) == 0) {
            len = 4;
        } else if (*s == ' ' || *s == '\t') {
            strcpy(f, " ");
        } else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
            f[0] = *s;
        } else if (*s >= 'A' && *s <= 'Z') {
            f[0] = (char)(*s + 32);
        }
        s += len;
        if (f[0] == ' ') {
            space = o > 0;
            continue;
        }
        if (!f[0])
            continue;
        if (space)
            out[o++] = ' ';
        space = false;
        memcpy(out + o, f, strlen(f));
        o += strlen(f);
    }
    out[o] = '\0';
}

static void test_key_is_folded_canonical(void **state)
{
    (void)state;
    static const char *const pieces[] = {"Kab.",
                                         "kab ",
                                         "KAB. ",
                                         "Pemerintah Kota ",
                                         "PEMPROV ",
                                         "  ",
                                         "\t",
                                         "\xc2\xa0",
                                         "Kementrian ",
                                         "KEMENTERIAN ",
                                         "Prov.",
                                         "\xc3\xa9",
                                         "\xc3\x89",
                                         "\xc3\x86",
                                         "\xf0\x9f\x98\x80",
                                         "-",
                                         "(",
                                         "/",
                                         "Dinas",
                                         "DKI",
                                         " dan ",
                                         "II",
                                         "a",
                                         "Z",
                                         "9",
                                         ".",
                                         ",",
                                         "Kota ",
                                         "badan ",
                                         "Puskesmas",
                                         "x"};
    uint64_t seed = 88172645463325252u;
    char name[512], want[1024], got[1024];
    for (int it = 0; it < 20000; it++) {
        size_t len = 0;
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        for (uint64_t k = seed % 10, r = seed; k > 0; k--, r /= 31) {
            const char *p = pieces[r % (sizeof pieces / sizeof *pieces)];
            memcpy(name + len, p, strlen(p));
            len += strlen(p);
        }
        name[len] = '\0';
        reference_key(name, want);
        names_key(name, got, sizeof got);
        assert_string_equal(got, want);
    }
}

static void test_formal_and_place(void **state)
{
    (void)state;
    char out[128];
    names_formal("Kota Banjarbaru", JENIS_KOTA, out, sizeof out);
    assert_string_equal(out, "Pemerintah Kota Banjarbaru");
    names_formal("Kabupaten Barito Kuala", JENIS_NONE, out, sizeof out);
    assert_string_equal(out, "Pemerintah Kabupaten Barito Kuala");
    names_formal("Provinsi Kalimantan Selatan", JENIS_PROVINSI, out, sizeof out);
    assert_string_equal(out, "Pemerintah Provinsi Kalimantan Selatan");
    names_formal("Banjarbaru", JENIS_KOTA, out, sizeof out);
    assert_string_equal(out, "Pemerintah Kota Banjarbaru");
    names_formal("Kementerian Agama", JENIS_KEMENTERIAN, out, sizeof out);
    assert_string_equal(out, "Kementerian Agama");
    names_place("Kota Banjarbaru", out, sizeof out);
    assert_string_equal(out, "Banjarbaru");
    names_place("Provinsi Kalimantan Selatan", out, sizeof out);
    assert_string_equal(out, "Kalimantan Selatan");
    names_place("Kabupaten Barito Kuala", out, sizeof out);
    assert_string_equal(out, "Barito Kuala");
    names_place("Badan Pusat Statistik", out, sizeof out);
    assert_string_equal(out, "Badan Pusat Statistik");
}

static void test_slug(void **state)
{
    (void)state;
    char out[128];
    names_slug("Kota Banjarbaru", out, sizeof out);
    assert_string_equal(out, "kota-banjarbaru");
    names_slug("  Dinas P.U. & Penataan Ruang (PUPR) ", out, sizeof out);
    assert_string_equal(out, "dinas-p-u-penataan-ruang-pupr");
    names_slug("Crème Brûlée Œ", out, sizeof out);
    assert_string_equal(out, "creme-brulee");
    names_slug("...", out, sizeof out);
    assert_string_equal(out, "instansi");
    names_slug("../../etc/passwd", out, sizeof out);
    assert_string_equal(out, "etc-passwd");
    char small[6];
    names_slug("Kota Banjarbaru", small, sizeof small);
    assert_string_equal(small, "kota");
    char tiny[4];
    names_slug("", tiny, sizeof tiny);
    assert_string_equal(tiny, "ins");

    char longname[400], big[300];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    names_slug(longname, big, sizeof big);
    assert_int_equal(strlen(big), 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jenis_words),
        cmocka_unit_test(test_canonical_prefixes),
        cmocka_unit_test(test_canonical_bare_and_ministries),
        cmocka_unit_test(test_title_case),
        cmocka_unit_test(test_canonical_truncates_validly),
        cmocka_unit_test(test_key),
        cmocka_unit_test(test_key_scripts),
        cmocka_unit_test(test_key_is_folded_canonical),
        cmocka_unit_test(test_formal_and_place),
        cmocka_unit_test(test_slug),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
