/* RTLD_NEXT is a GNU extension of dlfcn.h. */
#define _GNU_SOURCE
/* pdfshim: the replacements are what the dynamic linker resolves libharu's calls to, and the
 * deflate they offer libharu is zlib's contract for the calls libharu makes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dlfcn.h>
#include <hpdf.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <xlsxwriter/utility.h>
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
    unsigned char *p = malloc(n ? n : 1);
    assert_non_null(p);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = i % 7 == 0 ? (unsigned char)(x >> 24) : (unsigned char)"BT /F1 12 Tf ET\n"[i % 16];
    }
    return p;
}

/* Input, room for its compressed form, and room for it inflated back. */
typedef struct bufs {
    unsigned char *in, *out, *back;
    size_t n;
} bufs;

static bufs bufs_new(size_t n)
{
    /* out: room for zip_entry's 64 KB windows past the compressed size, tiny inputs too. */
    bufs b = {sample(n), malloc(2 * n + 2 * 65536), malloc(n + 1), n};
    assert_non_null(b.out);
    assert_non_null(b.back);
    return b;
}

static void bufs_free(bufs *b)
{
    free(b->in);
    free(b->out);
    free(b->back);
}

/* Inflates b->out[0..used) (window_bits as given to deflate) and compares it with b->in. */
static void inflate_matches(bufs *b, size_t used, int window_bits)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, window_bits), Z_OK);
    z.next_in = b->out;
    z.avail_in = (uInt)used;
    z.next_out = b->back;
    z.avail_out = (uInt)(b->n + 1);
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.total_out, b->n);
    inflateEnd(&z);
    assert_memory_equal(b->back, b->in, b->n);
}

/* libharu's loop: 4 KB of input at a time with Z_NO_FLUSH, then Z_FINISH into a small
 * buffer until Z_STREAM_END; the result is a zlib stream that inflates to the input. */
static void test_deflate_as_libharu_calls_it(void **state)
{
    (void)state;
    bufs b = bufs_new(100000);
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit(&z, Z_DEFAULT_COMPRESSION), Z_OK);
    unsigned char buf[1000];
    size_t used = 0;
    z.next_out = buf;
    z.avail_out = sizeof buf;
    for (size_t off = 0; off < b.n; off += 4096) {
        z.next_in = b.in + off;
        z.avail_in = (uInt)(b.n - off < 4096 ? b.n - off : 4096);
        while (z.avail_in > 0)
            assert_int_equal(deflate(&z, Z_NO_FLUSH), Z_OK);
    }
    int rc, calls = 0;
    do {
        rc = deflate(&z, Z_FINISH);
        assert_true(rc == Z_OK || rc == Z_STREAM_END);
        memcpy(b.out + used, buf, sizeof buf - z.avail_out);
        used += sizeof buf - z.avail_out;
        z.next_out = buf;
        z.avail_out = sizeof buf;
        calls++;
    } while (rc != Z_STREAM_END);
    assert_true(calls > 1);
    assert_int_equal(z.total_in, b.n);
    assert_int_equal(z.total_out, used);
    assert_int_equal(z.adler, adler32(adler32(0, NULL, 0), b.in, (uInt)b.n));
    assert_int_equal(deflate(&z, Z_SYNC_FLUSH), Z_STREAM_ERROR);
    assert_int_equal(deflateEnd(&z), Z_OK);
    assert_true(used < b.n / 2);
    inflate_matches(&b, used, MAX_WBITS);
    bufs_free(&b);
}

/* One stream as libharu writes it, in one call each; returns the compressed length. */
static size_t compress_once(const unsigned char *in, size_t n, unsigned char *out, size_t cap,
                            uLong *adler)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit(&z, Z_DEFAULT_COMPRESSION), Z_OK);
    z.next_in = (unsigned char *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t used = z.total_out;
    *adler = z.adler;
    assert_int_equal(deflateEnd(&z), Z_OK);
    return used;
}

/* A stream met again is served from the cache: the same bytes as its first compression, the
 * right checksum, and a stream of the same length but other content is not taken for it. */
static void test_repeated_streams(void **state)
{
    (void)state;
    bufs b = bufs_new(9000);
    bufs other = bufs_new(9000);
    other.in[4500] ^= 0x55;
    uLong want = adler32(adler32(0, NULL, 0), b.in, (uInt)b.n), got;
    size_t first = compress_once(b.in, b.n, b.out, 2 * b.n, &got);
    assert_int_equal(got, want);
    unsigned char *again = malloc(2 * b.n);
    assert_non_null(again);
    for (int round = 0; round < 4; round++) {
        if (round == 3)
            pdfshim_cache_release();
        memset(again, 0, 2 * b.n);
        assert_int_equal(compress_once(b.in, b.n, again, 2 * b.n, &got), first);
        assert_int_equal(got, want);
        assert_memory_equal(again, b.out, first);
        size_t used = compress_once(other.in, other.n, other.out, 2 * other.n, &got);
        assert_int_equal(got, adler32(adler32(0, NULL, 0), other.in, (uInt)other.n));
        inflate_matches(&other, used, MAX_WBITS);
    }
    inflate_matches(&b, first, MAX_WBITS);
    pdfshim_cache_release();
    free(again);
    bufs_free(&b);
    bufs_free(&other);
}

/* A stream opened with deflateInit2_ at another level than minizip's is zlib's own, untouched. */
static void test_other_streams_are_zlibs(void **state)
{
    (void)state;
    bufs b = bufs_new(20000);
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = b.in;
    z.avail_in = (uInt)b.n;
    z.next_out = b.out;
    z.avail_out = (uInt)(2 * b.n);
    assert_int_equal(deflate(&z, Z_SYNC_FLUSH), Z_OK);
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t used = z.total_out;
    assert_int_equal(deflateEnd(&z), Z_OK);
    inflate_matches(&b, used, -MAX_WBITS);
    bufs_free(&b);
}

/*
 * minizip's loop (libxlsxwriter's zip entries): raw deflate opened with deflateInit2_ at
 * Z_DEFAULT_COMPRESSION, input in 4 KB pieces with Z_NO_FLUSH into a 64 KB buffer emptied
 * whenever it is full, then Z_FINISH until Z_STREAM_END. flush_at, when not 0, asks for a
 * Z_SYNC_FLUSH after that many bytes, which the libdeflate path hands to zlib. level 6 is
 * zlib's own default level, spelled out: that stream stays zlib's.
 */
static size_t zip_entry(bufs *b, int level, size_t flush_at)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    enum { CHUNK = 4096, WINDOW = 65536 };
    size_t used = 0, pos = 0;
    z.next_out = b->out;
    z.avail_out = WINDOW;
    while (pos < b->n) {
        size_t n = b->n - pos < CHUNK ? b->n - pos : CHUNK;
        z.next_in = b->in + pos;
        z.avail_in = (uInt)n;
        while (z.avail_in > 0) {
            if (z.avail_out == 0) {
                used += WINDOW;
                z.next_out = b->out + used;
                z.avail_out = WINDOW;
            }
            assert_int_equal(deflate(&z, Z_NO_FLUSH), Z_OK);
        }
        pos += n;
        if (flush_at && pos == flush_at)
            assert_int_equal(deflate(&z, Z_SYNC_FLUSH), Z_OK);
    }
    int rc = Z_OK;
    while (rc == Z_OK) {
        if (z.avail_out == 0) {
            used += WINDOW;
            z.next_out = b->out + used;
            z.avail_out = WINDOW;
        }
        rc = deflate(&z, Z_FINISH);
    }
    assert_int_equal(rc, Z_STREAM_END);
    assert_int_equal(z.total_in, b->n);
    size_t total = z.total_out;
    assert_int_equal(total, used + (WINDOW - z.avail_out));
    assert_int_equal(deflateEnd(&z), Z_OK);
    return total;
}

/* Entries of every size inflate back, the largest past the buffering limit (16 MB). */
static void test_zip_entries(void **state)
{
    (void)state;
    const size_t sizes[] = {0, 1, 20000, 3u << 20, (17u << 20) + 12345};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        bufs b = bufs_new(sizes[i]);
        inflate_matches(&b, zip_entry(&b, Z_DEFAULT_COMPRESSION, 0), -MAX_WBITS);
        if (sizes[i] > 8192)
            inflate_matches(&b, zip_entry(&b, Z_DEFAULT_COMPRESSION, 8192), -MAX_WBITS);
        bufs_free(&b);
    }
    /* The entry really is libdeflate's: zlib's bytes for the same input differ. */
    bufs a = bufs_new(20000), z = bufs_new(20000);
    size_t na = zip_entry(&a, Z_DEFAULT_COMPRESSION, 0), nz = zip_entry(&z, 6, 0);
    assert_true(na != nz || memcmp(a.out, z.out, na) != 0);
    bufs_free(&a);
    bufs_free(&z);
}

/* libharu's own definition of name (the next one after this program's). */
static void *libharus(const char *name)
{
    void *sym = dlsym(RTLD_NEXT, name);
    assert_non_null(sym);
    return sym;
}

/*
 * The number writer gives libharu's bytes and end pointer for every float it can meet; every
 * 4099th bit pattern here (a run over all 4.3 billion took six minutes and found none
 * differing), plus the edges, with the smallest room libharu's callers give.
 */
typedef char *(*ftoa_fn)(char *, HPDF_REAL, char *);

static void ftoa_matches(ftoa_fn orig, float f)
{
    char want[16] = {0}, got[16] = {0};
    char *we = orig(want, f, want + 11), *ge = HPDF_FToA(got, f, got + 11);
    assert_int_equal(ge - got, we - want);
    /* The whole buffer: libharu clears the zeros it takes off, and so must the replacement. */
    assert_memory_equal(got, want, sizeof got);
}

static void test_ftoa_as_libharu(void **state)
{
    (void)state;
    ftoa_fn orig;
    void *sym = libharus("HPDF_FToA");
    memcpy(&orig, &sym, sizeof orig);
    const float edges[] = {0.0f,      -0.0f,    0.000004f, -0.000004f, 0.000005f, 0.99999f,
                           0.999996f, 1.5f,     -1.5f,     100.0f,     595.28f,   32767.0f,
                           32767.5f,  32768.0f, -32768.0f, 1e30f,      -1e30f};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        ftoa_matches(orig, edges[i]);
    for (uint64_t b = 0; b <= 0xffffffffu; b += 4099) {
        uint32_t u = (uint32_t)b;
        float f;
        memcpy(&f, &u, sizeof f);
        if (f == f)
            ftoa_matches(orig, f);
    }
}

static void test_strlen_as_libharu(void **state)
{
    (void)state;
    HPDF_UINT (*orig)(const char *, HPDF_INT);
    void *sym = libharus("HPDF_StrLen");
    memcpy(&orig, &sym, sizeof orig);
    const char *texts[] = {NULL, "", "a", "/Type /Page", "0 0 595.28 841.89 re"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        for (HPDF_INT max = -1; max < 25; max++)
            assert_int_equal(HPDF_StrLen(texts[i], max), orig(texts[i], max));
}

typedef char *(*itoa_fn)(char *, HPDF_INT32, char *);

static void itoa_matches(itoa_fn orig, int32_t v)
{
    char want[16] = {0}, got[16] = {0};
    char *we = orig(want, v, want + 11), *ge = HPDF_IToA(got, v, got + 11);
    assert_int_equal(ge - got, we - want);
    assert_memory_equal(got, want, sizeof got);
}

/* Integers as libharu's own: the edges and a million spread over the 32-bit range. */
static void test_itoa_as_libharu(void **state)
{
    (void)state;
    itoa_fn orig;
    void *sym = libharus("HPDF_IToA");
    memcpy(&orig, &sym, sizeof orig);
    const int32_t edges[] = {0, 1, -1, 9, 10, -10, 2147483647, -2147483647, INT32_MIN};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        itoa_matches(orig, edges[i]);
    for (uint32_t k = 0; k < (1u << 20); k++)
        itoa_matches(orig, (int32_t)(k * 4099u));
}

/* Copies as libharu's own for every room, the text cut at eptr. */
static void test_strcpy_as_libharu(void **state)
{
    (void)state;
    HPDF_BYTE *(*orig)(char *, const char *, char *);
    void *sym = libharus("HPDF_StrCpy");
    memcpy(&orig, &sym, sizeof orig);
    const char *texts[] = {NULL, "", "a", " rg\012", "0123456789012345678901234567890123"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        for (size_t room = 0; room < 40; room++) {
            char want[48], got[48];
            memset(want, 'x', sizeof want);
            memset(got, 'x', sizeof got);
            HPDF_BYTE *we = orig(want, texts[i], want + room);
            HPDF_BYTE *ge = HPDF_StrCpy(got, texts[i], got + room);
            assert_int_equal((char *)ge - got, (char *)we - want);
            assert_memory_equal(got, want, sizeof got);
        }
}

/* Cell names as libxlsxwriter's own, across the one-, two- and three-letter columns. */
static void test_cell_names_as_libxlsxwriter(void **state)
{
    (void)state;
    void (*orig)(char *, lxw_row_t, lxw_col_t);
    void *sym = libharus("lxw_rowcol_to_cell");
    memcpy(&orig, &sym, sizeof orig);
    const lxw_row_t rows[] = {0, 1, 8, 9, 10, 98, 99, 12345, 999999, 1048575};
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
        for (unsigned c = 0; c < 16384; c += c < 800 ? 1 : 37) {
            char want[32] = {0}, got[32] = {0};
            orig(want, rows[r], (lxw_col_t)c);
            lxw_rowcol_to_cell(got, rows[r], (lxw_col_t)c);
            assert_string_equal(got, want);
        }
    char last[32], col[8];
    lxw_rowcol_to_cell(last, 1048575, 16383);
    assert_string_equal(last, "XFD1048576");
    /* Also what links libxlsxwriter into this test, as it is into the program. */
    lxw_col_to_name(col, 16383, 0);
    assert_string_equal(col, "XFD");
}

/* A memory stream written a few bytes at a time holds what was written, chunk after chunk. */
static void test_memory_stream_writes(void **state)
{
    (void)state;
    HPDF_Error_Rec e;
    HPDF_Error_Init(&e, NULL);
    HPDF_MMgr mm = HPDF_MMgr_New(&e, 0, NULL, NULL);
    assert_non_null(mm);
    HPDF_Stream st = HPDF_MemStream_New(mm, 4096);
    assert_non_null(st);
    unsigned char *in = sample(200000);
    size_t at = 0;
    for (size_t k = 1; at < 200000; k = k * 7 % 311 + 1) {
        size_t n = k < 200000 - at ? k : 200000 - at;
        assert_int_equal(HPDF_Stream_Write(st, in + at, (HPDF_UINT)n), HPDF_OK);
        at += n;
    }
    assert_int_equal(st->size, 200000);
    size_t back = 0;
    for (HPDF_UINT i = 0; i < HPDF_MemStream_GetBufCount(st); i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(st, i, &len);
        assert_non_null(p);
        assert_true(back + len <= 200000);
        assert_memory_equal(p, in + back, len);
        back += len;
    }
    assert_int_equal(back, 200000);
    free(in);
    HPDF_Stream_Free(st);
    HPDF_MMgr_Free(mm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_active),
        cmocka_unit_test(test_deflate_as_libharu_calls_it),
        cmocka_unit_test(test_repeated_streams),
        cmocka_unit_test(test_other_streams_are_zlibs),
        cmocka_unit_test(test_zip_entries),
        cmocka_unit_test(test_ftoa_as_libharu),
        cmocka_unit_test(test_strlen_as_libharu),
        cmocka_unit_test(test_cell_names_as_libxlsxwriter),
        cmocka_unit_test(test_memory_stream_writes),
        cmocka_unit_test(test_itoa_as_libharu),
        cmocka_unit_test(test_strcpy_as_libharu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
