/* The small utilities: arena, diag (problems with places, capped), similar (did you mean). */
#include <setjmp.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "util/diag.h"
#include "util/error.h"
#include "util/similar.h"
#include "util/utf8.h"

static void test_arena(void **state)
{
    (void)state;
    arena *a = arena_new(64);
    assert_non_null(a);
    char *s = arena_strdup(a, "Kota Banjarbaru");
    assert_string_equal(s, "Kota Banjarbaru");
    assert_string_equal(arena_strndup(a, "Banjarmasin", 6), "Banjar");
    assert_string_equal(arena_sprintf(a, "%d-%s", 2023, "A"), "2023-A");
    /* Larger than a block, and alignment for any type. */
    void *big = arena_alloc(a, 100000);
    assert_non_null(big);
    assert_int_equal((uintptr_t)big % 16, 0);
    int *z = arena_calloc(a, 1000, sizeof *z);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(z[i], 0);
    assert_null(arena_calloc(a, SIZE_MAX / 2, 4));
    assert_true(arena_bytes(a) >= 100000);
    arena_free(a);
    arena_free(NULL);
}

static void test_diag(void **state)
{
    (void)state;
    diag_list *d = diag_new(2);
    diag_add(d, DIAG_ERROR, "b.csv", 5, 2, "kedua");
    diag_add(d, DIAG_WARNING, "a.csv", 9, 1, "peringatan %d", 1);
    diag_add(d, DIAG_ERROR, "b.csv", 3, 4, "pertama");
    diag_add(d, DIAG_ERROR, "b.csv", 7, 1, "lewat batas");
    assert_int_equal(diag_errors(d), 3);
    assert_int_equal(diag_warnings(d), 1);
    assert_int_equal(diag_count(d), 3);
    assert_int_equal(diag_dropped(d, DIAG_ERROR), 1);
    assert_int_equal(diag_dropped(d, DIAG_WARNING), 0);
    diag_sort(d);
    /* By file in order of first appearance, then line. */
    assert_string_equal(diag_get(d, 0)->msg, "pertama");
    assert_string_equal(diag_get(d, 1)->msg, "kedua");
    assert_string_equal(diag_get(d, 2)->msg, "peringatan 1");
    assert_null(diag_get(d, 3));
    diag_free(d);
}

static void test_error_format(void **state)
{
    (void)state;
    kp_error e;
    char buf[700];
    kp_error_clear(&e);
    assert_int_equal(
        kp_error_set(&e, KP_ERR_DATA, "hasil.csv", 148, 6, "nilai \"%s\" bukan angka", "9,2.0"),
        KP_ERR_DATA);
    assert_string_equal(kp_error_format(&e, buf, sizeof buf),
                        "hasil.csv:148:6: nilai \"9,2.0\" bukan angka");
    kp_error_set(&e, KP_ERR_IO, "out", 0, 0, "tidak dapat ditulisi");
    assert_string_equal(kp_error_format(&e, buf, sizeof buf), "out: tidak dapat ditulisi");
    kp_error_set(&e, KP_ERR_IO, NULL, 0, 0, "memori habis");
    assert_string_equal(kp_error_format(&e, buf, sizeof buf), "memori habis");
    assert_int_equal(kp_error_set(NULL, KP_ERR_USAGE, NULL, 0, 0, "x"), KP_ERR_USAGE);
}

/* One wording for every failed open, whatever the file's role, and never English. */
static void test_error_errno(void **state)
{
    (void)state;
    kp_error e;
    char buf[700];
    kp_error_clear(&e);
    assert_int_equal(kp_error_errno(&e, KP_ERR_DATA, "r.ini", ENOENT, "rubrik", "dibaca"),
                     KP_ERR_DATA);
    assert_string_equal(kp_error_format(&e, buf, sizeof buf), "r.ini: rubrik tidak ditemukan");
    kp_error_errno(&e, KP_ERR_DATA, "a.csv", EACCES, "berkas", "dibaca");
    assert_string_equal(e.msg, "berkas tidak dapat dibaca: izin ditolak");
    kp_error_errno(&e, KP_ERR_IO, "x", ENOSPC, "berkas", "ditulis");
    assert_string_equal(e.msg, "berkas tidak dapat ditulis: disk penuh");
    /* An unusual value keeps its number and the C library's text, so it can be looked up. */
    char why[128];
    assert_non_null(strstr(kp_errno_text(EPROTO, why, sizeof why), "galat sistem"));
    assert_int_equal(kp_error_errno(NULL, KP_ERR_IO, NULL, EIO, "x", "y"), KP_ERR_IO);
}

/* The whole Levenshtein table, capped as similar_distance caps: what its band must match. */
static size_t full_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b), d[16][16];
    for (size_t i = 0; i <= la; i++)
        for (size_t j = 0; j <= lb; j++) {
            size_t v = i == 0 ? j : j == 0 ? i : d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (i && j && d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (i && j && d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            d[i][j] = v;
        }
    return d[la][lb] > cap ? cap + 1 : d[la][lb];
}

static uint32_t lcg(uint32_t *x)
{
    *x = *x * 1103515245u + 12345u;
    return *x >> 16;
}

static void test_similar_band(void **state)
{
    (void)state;
    /* Short words over three letters meet at every distance; a fixed generator, fixed cases. */
    uint32_t x = 1;
    char w[2][16];
    for (int n = 0; n < 200000; n++) {
        for (int k = 0; k < 2; k++) {
            size_t len = lcg(&x) % 16;
            for (size_t i = 0; i < len; i++)
                w[k][i] = "abc"[lcg(&x) % 3];
            w[k][len] = '\0';
        }
        size_t cap = lcg(&x) % 6;
        assert_int_equal(similar_distance(w[0], w[1], cap, false), full_distance(w[0], w[1], cap));
    }
}

static void test_similar(void **state)
{
    (void)state;
    assert_int_equal(similar_distance("nilai", "nilai", 2, false), 0);
    assert_int_equal(similar_distance("nilia", "nilai", 2, false), 2);
    assert_int_equal(similar_distance("piagem", "piagam", 2, false), 1);
    assert_int_equal(similar_distance("abc", "xyzxyz", 2, false), 3);
    /* Folding is what rubric keys need: "Bobot" is one edit from nothing but "bobot". */
    assert_int_equal(similar_distance("Bobot", "bobot", 2, false), 1);
    assert_int_equal(similar_distance("Bobot", "bobot", 2, true), 0);
    assert_int_equal(similar_distance("BOBOT", "bobot", 2, false), 3);
    const char *words[] = {"--piagam", "--pembanding", "--provinsi"};
    assert_string_equal(similar_best("--piagem", words, 3, 3), "--piagam");
    assert_string_equal(similar_best("--provinci", words, 3, 3), "--provinsi");
    assert_null(similar_best("--zzzzzzzz", words, 3, 3));
}

static void test_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len;
        uint32_t cp;
    } good[] = {{"A", 1, 0x41},
                {"\xc3\xa9", 2, 0xE9},
                {"\xe2\x82\xac", 3, 0x20AC},
                {"\xf0\x9f\x98\x80", 4, 0x1F600},
                {"\xf4\x8f\xbf\xbf", 4, 0x10FFFF}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        uint32_t cp;
        assert_int_equal(utf8_decode((const unsigned char *)good[i].s, strlen(good[i].s), &cp),
                         good[i].len);
        assert_int_equal(cp, good[i].cp);
        char out[UTF8_MAX];
        assert_int_equal(utf8_encode(cp, out), good[i].len);
        assert_memory_equal(out, good[i].s, good[i].len);
    }
    /* Overlong, surrogate, beyond U+10FFFF, a lone continuation, cut short. */
    static const char *const bad[] = {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80",
                                      "\xe2\x82"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t cp;
        assert_int_equal(utf8_decode((const unsigned char *)bad[i], strlen(bad[i]), &cp), 0);
        assert_int_equal(cp, 0xFFFD);
    }
    char out[UTF8_MAX];
    assert_int_equal(utf8_encode(0xD800, out), 0);
    assert_int_equal(utf8_encode(0x110000, out), 0);
    /* The readers' check names the first bad byte; a cut keeps whole characters only. */
    assert_int_equal(utf8_invalid_at((const unsigned char *)"ab\xC3\xA9", 4), 4);
    assert_int_equal(utf8_invalid_at((const unsigned char *)"ab\xC0\xAFz", 5), 2);
    assert_int_equal(utf8_invalid_at((const unsigned char *)"a\xE2\x82", 3), 1);
    assert_int_equal(utf8_complete_prefix("ab\xE2\x82", 4), 2);
    assert_int_equal(utf8_complete_prefix("ab\xE2\x82\xAC", 5), 5);
    assert_int_equal(utf8_complete_prefix("abc", 3), 3);
    /* Widths count characters: "é" and "€" once each. */
    assert_int_equal(utf8_count(""), 0);
    assert_int_equal(utf8_count("Sumbawa"), 7);
    assert_int_equal(utf8_count("caf\xC3\xA9 \xE2\x82\xAC!"), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena),        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_diag),         cmocka_unit_test(test_error_format),
        cmocka_unit_test(test_error_errno),  cmocka_unit_test(test_similar),
        cmocka_unit_test(test_similar_band),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
