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
        cmocka_unit_test(test_string_map),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_typed),
        cmocka_unit_test(test_zalloc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
