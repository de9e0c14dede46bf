/* pdfshim: the replacements are what the dynamic linker resolves libharu's calls to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "render/pdfshim.h"

static void test_active(void **state)
{
    (void)state;
    /* Without this, a change to the link line would silently drop the speed-up. */
    assert_true(pdfshim_active());
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_active)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
