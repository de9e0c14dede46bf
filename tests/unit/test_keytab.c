/*
 * Keys read by table: the row of the key and variant is found, its setter gets the field and
 * the second field at their offsets, and an unknown key (or one of another variant) is left
 * to the caller to refuse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/keytab.h"

typedef struct rec {
    int a, b;
    bool b_given;
} rec;

static kp_status set_int(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    (void)key;
    int *calls = ctx;
    (*calls)++;
    *(int *)dst = atoi(value);
    if (aux)
        *(bool *)aux = true;
    return *(int *)dst < 0 ? KP_ERR_DATA : KP_OK;
}

static const keytab keys[] = {
    {"a", set_int, offsetof(rec, a), KEYTAB_TANPA, 0},
    {"b", set_int, offsetof(rec, b), offsetof(rec, b_given), 2},
};

static void test_apply(void **state)
{
    (void)state;
    rec r = {0, 0, false};
    int calls = 0;
    bool found;
    assert_int_equal(keytab_apply(keys, 2, 1, "a", "7", &calls, &r, &found), KP_OK);
    assert_true(found && r.a == 7 && calls == 1);
    /* b belongs to variant 2 only. */
    assert_int_equal(keytab_apply(keys, 2, 1, "b", "5", &calls, &r, &found), KP_OK);
    assert_false(found);
    assert_true(r.b == 0 && !r.b_given && calls == 1);
    assert_int_equal(keytab_apply(keys, 2, 2, "b", "5", &calls, &r, &found), KP_OK);
    assert_true(found && r.b == 5 && r.b_given);
    /* The setter's status is the caller's. */
    assert_int_equal(keytab_apply(keys, 2, 2, "a", "-1", &calls, &r, &found), KP_ERR_DATA);
    assert_true(found);
    assert_int_equal(keytab_apply(keys, 2, 2, "c", "1", &calls, &r, &found), KP_OK);
    assert_false(found);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_apply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
