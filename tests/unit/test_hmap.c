/* Unit tests of util/hmap: the string map and the typed table of HMAP_TYPED. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "util/hmap.h"

static void test_string_map(void **state)
{
    (void)state;
    hmap *h = hmap_new(1);
    assert_non_null(h);
    char keys[3000][8];
    for (int i = 0; i < 3000; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        bool added = false;
        void **v = hmap_puts(h, keys[i], &added);
        assert_non_null(v);
        assert_true(added);
        *v = keys[i];
    }
    assert_int_equal(hmap_count(h), 3000);
    for (int i = 0; i < 3000; i++) {
        bool added = true;
        void **v = hmap_puts(h, keys[i], &added);
        assert_false(added);
        assert_ptr_equal(*v, keys[i]);
        assert_ptr_equal(*hmap_gets(h, keys[i]), keys[i]);
    }
    assert_null(hmap_gets(h, "k3000"));
    /* Lengths count, not NUL: "k1" is not a prefix match of "k12". */
    assert_ptr_equal(*hmap_get(h, "k12x", 3), keys[12]);
    hmap_clear(h);
    assert_int_equal(hmap_count(h), 0);
    assert_null(hmap_gets(h, "k1"));
    hmap_free(h);
    hmap_free(NULL);
}

/* The value slot is the value's one home: writing through any slot of a key overwrites it,
 * and hmap_put of a present key keeps the value instead of resetting it. */
static void test_overwrite(void **state)
{
    (void)state;
    hmap *h = hmap_new(4);
    assert_non_null(h);
    int a = 1, b = 2;
    bool added = false;
    void **v = hmap_puts(h, "Kota Banjarbaru", &added);
    assert_true(added);
    assert_null(*v); /* a new key starts with NULL */
    *v = &a;
    *hmap_gets(h, "Kota Banjarbaru") = &b;
    assert_ptr_equal(*hmap_puts(h, "Kota Banjarbaru", NULL), &b);
    assert_int_equal(hmap_count(h), 1);
    /* added may be NULL, also for a new key. */
    assert_non_null(hmap_puts(h, "Kota Banjarmasin", NULL));
    assert_int_equal(hmap_count(h), 2);
    hmap_free(h);
}

/* The empty key is a key like any other, distinct from every non-empty one. */
static void test_empty_key(void **state)
{
    (void)state;
    hmap *h = hmap_new(0);
    assert_non_null(h);
    assert_null(hmap_get(h, "", 0));
    int e = 0, n = 0;
    bool added = false;
    *hmap_put(h, "", 0, &added) = &e;
    assert_true(added);
    *hmap_put(h, "\0", 1, &added) = &n;
    assert_true(added);
    assert_ptr_equal(*hmap_gets(h, ""), &e);
    assert_ptr_equal(*hmap_get(h, "\0", 1), &n);
    /* Any pointer with length 0 names the empty key: only the bytes count. */
    assert_ptr_equal(*hmap_get(h, "abc", 0), &e);
    assert_int_equal(hmap_count(h), 2);
    hmap_free(h);
}

/* Keys are bytes, not C strings: embedded NULs, and keys that differ only in length. */
static void test_binary_keys(void **state)
{
    (void)state;
    static const char k[] = "ab\0cd\0ef";
    hmap *h = hmap_new(8);
    assert_non_null(h);
    for (size_t len = 1; len <= 8; len++) {
        bool added = false;
        *hmap_put(h, k, len, &added) = (void *)(uintptr_t)len;
        assert_true(added);
    }
    assert_int_equal(hmap_count(h), 8);
    for (size_t len = 1; len <= 8; len++)
        assert_int_equal((uintptr_t)*hmap_get(h, k, len), len);
    /* Same bytes at another address: found (keys are compared, not their pointers). */
    char copy[8];
    memcpy(copy, k, sizeof copy);
    assert_int_equal((uintptr_t)*hmap_get(h, copy, 5), 5);
    copy[4] = 'X';
    assert_null(hmap_get(h, copy, 5));
    hmap_free(h);
}

/* Growth from the smallest table to 100 000 keys moves every key with its value, and a table
 * sized for its keys up front holds the same. */
enum { MANY = 100000 };

static void fill_and_check(hmap *h, char (*keys)[12])
{
    for (int i = 0; i < MANY; i++) {
        bool added = false;
        void **v = hmap_puts(h, keys[i], &added);
        assert_non_null(v);
        assert_true(added);
        *v = (void *)(uintptr_t)(i + 1);
    }
    assert_int_equal(hmap_count(h), MANY);
    for (int i = 0; i < MANY; i++) {
        void **v = hmap_gets(h, keys[i]);
        assert_non_null(v);
        assert_int_equal((uintptr_t)*v, i + 1);
    }
    char absent[12];
    for (int i = MANY; i < MANY + 1000; i++) {
        snprintf(absent, sizeof absent, "u%d", i);
        assert_null(hmap_gets(h, absent));
    }
}

static void test_growth(void **state)
{
    (void)state;
    char(*keys)[12] = malloc(MANY * sizeof *keys);
    assert_non_null(keys);
    for (int i = 0; i < MANY; i++)
        snprintf(keys[i], sizeof keys[i], "u%d", i);
    hmap *small = hmap_new(1);
    assert_non_null(small);
    fill_and_check(small, keys);
    hmap *sized = hmap_new(MANY);
    assert_non_null(sized);
    fill_and_check(sized, keys);
    /* A cleared table is empty and takes the same keys again. */
    hmap_clear(small);
    assert_int_equal(hmap_count(small), 0);
    assert_null(hmap_gets(small, keys[0]));
    fill_and_check(small, keys);
    hmap_free(small);
    hmap_free(sized);
    free(keys);
}

/* Clearing an empty table is allowed (the per-group tables are cleared before each group). */
static void test_clear_empty(void **state)
{
    (void)state;
    hmap *h = hmap_new(0);
    assert_non_null(h);
    hmap_clear(h);
    assert_int_equal(hmap_count(h), 0);
    assert_non_null(hmap_puts(h, "x", NULL));
    assert_int_equal(hmap_count(h), 1);
    hmap_free(h);
}

/* The string map's hash cannot be forced, but its bucket can: keys whose hashes share the
 * low bits land in the same slot of a 16-slot table, and keys in the last slot wrap around to
 * the first. Every one must still be found, and a further key of that bucket must not be. */
static void test_same_bucket(void **state)
{
    (void)state;
    char keys[6][12];
    int found = 0;
    for (int i = 0; found < 6; i++) {
        snprintf(keys[found], sizeof keys[found], "c%d", i);
        if ((hmap_hash(keys[found], strlen(keys[found])) & 15) == 15)
            found++;
    }
    hmap *h = hmap_new(1); /* 16 slots, grows past 8 keys: these 5 share one table */
    assert_non_null(h);
    for (int i = 0; i < 5; i++)
        *hmap_puts(h, keys[i], NULL) = keys[i];
    for (int i = 0; i < 5; i++)
        assert_ptr_equal(*hmap_gets(h, keys[i]), keys[i]);
    assert_null(hmap_gets(h, keys[5]));
    hmap_free(h);
}

static void test_hash(void **state)
{
    (void)state;
    /* Never 0 (0 marks an empty slot), and the length is part of the hash. */
    assert_true(hmap_hash("", 0) != 0);
    assert_true(hmap_hash("abcdefgh", 8) != hmap_hash("abcdefgh\0", 9));
    assert_int_equal(hmap_hash("Kota Banjarbaru", 15), hmap_hash("Kota Banjarbaru", 15));
}

/* A table of ints keyed by themselves, with a hash so poor that every key collides: probing,
 * growth and the load limit are what is tested. */
typedef struct islot {
    int key; /* 0: empty */
    int val;
} islot;

#define T_KEY_HASH(k)   ((uint64_t)((k)&1))
#define T_SLOT_HASH(s)  T_KEY_HASH((s)->key)
#define T_SLOT_IS(s, k) ((s)->key == (k))
#define T_SLOT_EMPTY(s) ((s)->key == 0)
HMAP_TYPED(itable, islot, int, T_KEY_HASH, T_SLOT_HASH, T_SLOT_IS, T_SLOT_EMPTY, 4, 3, 4,
           hmap_calloc)

static void test_typed(void **state)
{
    (void)state;
    itable t = {0};
    for (int k = 1; k <= 1000; k++) {
        assert_true(itable_reserve(&t));
        islot *s = itable_find(&t, k);
        assert_int_equal(s->key, 0);
        s->key = k;
        s->val = k * 10;
        t.n++;
        /* At most three quarters full, whatever was inserted. */
        assert_true(t.n * 4 <= t.cap * 3);
    }
    assert_int_equal(t.n, 1000);
    for (int k = 1; k <= 1000; k++) {
        islot *s = itable_find(&t, k);
        assert_int_equal(s->key, k);
        assert_int_equal(s->val, k * 10);
    }
    assert_int_equal(itable_find(&t, 1001)->key, 0);
    /* The first growth gives FIRST slots. */
    itable u = {0};
    assert_true(itable_reserve(&u));
    assert_int_equal(u.cap, 4);
    itable_release(&u);
    itable_release(&t);
    assert_null(t.slot);
    assert_int_equal(t.cap, 0);
}

/* The same typed table with a well-mixed hash, grown from FIRST slots to 100 000 keys. */
#define G_KEY_HASH(k)  ((uint64_t)(k)*0x9E3779B97F4A7C15ULL >> 7)
#define G_SLOT_HASH(s) G_KEY_HASH((s)->key)
HMAP_TYPED(gtable, islot, int, G_KEY_HASH, G_SLOT_HASH, T_SLOT_IS, T_SLOT_EMPTY, 16, 1, 2,
           hmap_zalloc)

static void test_typed_growth(void **state)
{
    (void)state;
    gtable t = {0};
    for (int k = 1; k <= MANY; k++) {
        assert_true(gtable_reserve(&t));
        islot *s = gtable_find(&t, k);
        assert_int_equal(s->key, 0);
        *s = (islot){k, -k};
        t.n++;
    }
    assert_true(t.n * 2 <= t.cap);
    for (int k = 1; k <= MANY; k++)
        assert_int_equal(gtable_find(&t, k)->val, -k);
    assert_int_equal(gtable_find(&t, MANY + 1)->key, 0);
    gtable_release(&t);
}

/* name_init sizes the table for what is expected: that many keys go in without a growth. */
static void test_typed_init(void **state)
{
    (void)state;
    gtable t = {0};
    assert_true(gtable_init(&t, 1000));
    size_t cap = t.cap;
    assert_true(cap >= 16 && (1000 + 1) * 2 <= cap);
    for (int k = 1; k <= 1000; k++) {
        assert_true(gtable_reserve(&t));
        *gtable_find(&t, k) = (islot){k, k};
        t.n++;
    }
    assert_int_equal(t.cap, cap);
    assert_int_equal(gtable_find(&t, 500)->val, 500);
    gtable_release(&t);
    /* Nothing expected: FIRST slots, empty. */
    assert_true(gtable_init(&t, 0));
    assert_int_equal(t.cap, 16);
    assert_int_equal(t.n, 0);
    assert_int_equal(gtable_find(&t, 7)->key, 0);
    gtable_release(&t);
}

static void test_zalloc(void **state)
{
    (void)state;
    unsigned char *p = hmap_zalloc(1 << 16);
    assert_non_null(p);
    for (size_t i = 0; i < 1 << 16; i++)
        assert_int_equal(p[i], 0);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_string_map),  cmocka_unit_test(test_overwrite),
        cmocka_unit_test(test_empty_key),   cmocka_unit_test(test_binary_keys),
        cmocka_unit_test(test_growth),      cmocka_unit_test(test_clear_empty),
        cmocka_unit_test(test_same_bucket), cmocka_unit_test(test_typed_growth),
        cmocka_unit_test(test_hash),        cmocka_unit_test(test_typed),
        cmocka_unit_test(test_zalloc),      cmocka_unit_test(test_typed_init),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
