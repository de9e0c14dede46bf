/* pdfshim: the replacements are what the dynamic linker resolves libharu's calls to, and the
 * deflate they offer libharu is zlib's contract for the calls libharu makes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "render/pdfshim.h"

static void test_active(void **state)
{
    (void)state;
    /* Without this, a change to the link line would silently drop the speed-up. */
    assert_true(pdfshim_active());
}

/* Text that compresses like a page's content stream, with some noise in it. */
static unsigned char *sample(size_t n)
{
    unsigned char *p = malloc(n);
    assert_non_null(p);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = i % 7 == 0 ? (unsigned char)(x >> 24) : (unsigned char)"BT /F1 12 Tf ET\n"[i % 16];
    }
    return p;
}

static size_t inflate_all(const unsigned char *in, size_t n, unsigned char *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit(&z), Z_OK);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    size_t got = z.total_out;
    inflateEnd(&z);
    return got;
}

/* libharu's loop: 4 KB of input at a time with Z_NO_FLUSH, then Z_FINISH into a small
 * buffer until Z_STREAM_END; the result is a zlib stream that inflates to the input. */
static void test_deflate_as_libharu_calls_it(void **state)
{
    (void)state;
    const size_t n = 100000;
    unsigned char *in = sample(n), *out = malloc(2 * n), *back = malloc(n + 1);
    assert_non_null(out);
    assert_non_null(back);
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit(&z, Z_DEFAULT_COMPRESSION), Z_OK);
    unsigned char buf[1000];
    size_t used = 0;
    z.next_out = buf;
    z.avail_out = sizeof buf;
    for (size_t off = 0; off < n; off += 4096) {
        z.next_in = in + off;
        z.avail_in = (uInt)(n - off < 4096 ? n - off : 4096);
        while (z.avail_in > 0)
            assert_int_equal(deflate(&z, Z_NO_FLUSH), Z_OK);
    }
    int rc, calls = 0;
    do {
        rc = deflate(&z, Z_FINISH);
        assert_true(rc == Z_OK || rc == Z_STREAM_END);
        memcpy(out + used, buf, sizeof buf - z.avail_out);
        used += sizeof buf - z.avail_out;
        z.next_out = buf;
        z.avail_out = sizeof buf;
        calls++;
    } while (rc != Z_STREAM_END);
    assert_true(calls > 1);
    assert_int_equal(z.total_in, n);
    assert_int_equal(z.total_out, used);
    assert_int_equal(z.adler, adler32(adler32(0, NULL, 0), in, (uInt)n));
    assert_int_equal(deflate(&z, Z_SYNC_FLUSH), Z_STREAM_ERROR);
    assert_int_equal(deflateEnd(&z), Z_OK);
    assert_true(used < n / 2);
    assert_int_equal(inflate_all(out, used, back, n + 1), n);
    assert_memory_equal(back, in, n);
    free(in);
    free(out);
    free(back);
}

/* A stream opened with deflateInit2_ (libxlsxwriter's minizip) is zlib's own, untouched. */
static void test_other_streams_are_zlibs(void **state)
{
    (void)state;
    const size_t n = 20000;
    unsigned char *in = sample(n), *out = malloc(2 * n), *back = malloc(n + 1);
    assert_non_null(out);
    assert_non_null(back);
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)(2 * n);
    assert_int_equal(deflate(&z, Z_SYNC_FLUSH), Z_OK);
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t used = z.total_out;
    assert_int_equal(deflateEnd(&z), Z_OK);
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, -MAX_WBITS), Z_OK);
    z.next_in = out;
    z.avail_in = (uInt)used;
    z.next_out = back;
    z.avail_out = (uInt)(n + 1);
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.total_out, n);
    inflateEnd(&z);
    assert_memory_equal(back, in, n);
    free(in);
    free(out);
    free(back);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_active),
        cmocka_unit_test(test_deflate_as_libharu_calls_it),
        cmocka_unit_test(test_other_streams_are_zlibs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
