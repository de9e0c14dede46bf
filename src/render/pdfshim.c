/* RTLD_DEFAULT and RTLD_NEXT are GNU extensions of dlfcn.h. */
#define _GNU_SOURCE
#include "render/pdfshim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_fontdef.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <libdeflate.h>
#include <xlsxwriter/utility.h>
#include <xlsxwriter/worksheet.h>
#include <zlib.h>

/* ---- switching back ------------------------------------------------------------------------ */

/*
 * KEPATUHAN_PDFSHIM=libharu makes the libharu replacements hand over to libharu's own
 * functions, so that a test can check that both write the very same bytes. Not every input
 * can be compared so: libharu 2.3.0's own font writer fails (0x1033) on a subset whose
 * temporary stream ends exactly at its 8 192-byte buffer before an empty table (libharu issue
 * #305, fixed upstream in 2.4.4); the national set has such a certificate, the samples do not.
 */
static atomic_int mode = -1; /* -1 not read yet, 0 ours, 1 libharu's */

/*
 * Asked on every call of the small replacements (millions per run), so a relaxed load rather
 * than pthread_once; two threads reading the environment at once store the same answer.
 */
static bool use_originals(void)
{
    int m = atomic_load_explicit(&mode, memory_order_relaxed);
    if (m < 0) {
        const char *v = getenv("KEPATUHAN_PDFSHIM");
        m = v && strcmp(v, "libharu") == 0;
        atomic_store_explicit(&mode, m, memory_order_relaxed);
    }
    return m == 1;
}

/* libharu's own definition of a function this module replaces. */
static void *original(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

/* ---- zlib: libharu's streams and the workbook's zip entries through libdeflate ---------- */

/*
 * libharu compresses every stream (the page, each font program) the same way: deflateInit_
 * with Z_DEFAULT_COMPRESSION, deflate(Z_NO_FLUSH) per 4 KB of input, deflate(Z_FINISH) until
 * Z_STREAM_END, deflateEnd. A certificate's streams are 5-10 KB each, and for those zlib's
 * set-up (a window and a hash table cleared for every stream) costs more than compressing:
 * 0.7 ms of a certificate's time went into zlib. libdeflate compresses a whole buffer in one
 * call, eight times faster here at level 1 and with slightly smaller output, so the streams
 * libharu opens this way are collected and compressed at Z_FINISH.
 *
 * libxlsxwriter's minizip opens each part of a workbook with deflateInit2_ (raw deflate,
 * window bits -15, Z_DEFAULT_COMPRESSION, memory level 8, default strategy): those go to
 * libdeflate too, at ZIP_LEVEL, which gives a workbook of the same size as zlib's level 6 in
 * less than half the time (docs/PERFORMANCE.md, "Zip"). A part is buffered whole, so one
 * larger than RAW_BUFFER_MAX (a sheet of a million rows) is handed to a real zlib stream
 * with what was buffered, and so is a stream that asks for a flush other than Z_NO_FLUSH and
 * Z_FINISH: memory stays bounded and every call keeps zlib's contract.
 *
 * A stream is ours when its zalloc is shim_marker; every other zlib stream in the process
 * goes to zlib untouched. libharu's streams offer only Z_NO_FLUSH and Z_FINISH, which is all
 * libharu asks for; anything else is refused with Z_STREAM_ERROR, never done wrong.
 */
typedef enum shim_kind { KIND_PDF, KIND_ZIP, KIND_COUNT } shim_kind;

typedef struct shim_stream {
    unsigned char *in, *out;
    size_t in_len, in_cap, out_len, out_pos;
    bool compressed;
    shim_kind kind;
    z_stream *zlib; /* KIND_ZIP handed to zlib: the real stream, fed in[fed..in_len) first */
    size_t fed;
} shim_stream;

static const int LEVELS[KIND_COUNT] = {1, 5};
#define RAW_BUFFER_MAX (16u * 1024u * 1024u)

/* Never called: its address marks a stream as ours. */
static voidpf shim_marker(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    (void)items;
    (void)size;
    return Z_NULL;
}

static bool is_ours(z_streamp strm)
{
    return strm && strm->zalloc == shim_marker && strm->opaque;
}

/*
 * One compressor per thread and kind (documents are written on several threads), freed when
 * the thread ends.
 */
typedef struct compressors {
    struct libdeflate_compressor *c[KIND_COUNT];
} compressors;

static pthread_key_t compressor_key;
static bool compressor_key_ok;
static pthread_once_t compressor_once = PTHREAD_ONCE_INIT;

static void compressors_free(void *p)
{
    compressors *cs = p;
    for (int k = 0; k < KIND_COUNT; k++)
        libdeflate_free_compressor(cs->c[k]);
    free(cs);
}

static void compressor_key_make(void)
{
    compressor_key_ok = pthread_key_create(&compressor_key, compressors_free) == 0;
}

/* The thread's compressor of kind; *owned when it could not be kept (the caller frees it). */
static struct libdeflate_compressor *compressor(shim_kind kind, bool *owned)
{
    pthread_once(&compressor_once, compressor_key_make);
    *owned = false;
    compressors *cs = compressor_key_ok ? pthread_getspecific(compressor_key) : NULL;
    if (!cs && compressor_key_ok) {
        cs = calloc(1, sizeof *cs);
        if (cs && pthread_setspecific(compressor_key, cs) != 0) {
            free(cs);
            cs = NULL;
        }
    }
    if (cs && cs->c[kind])
        return cs->c[kind];
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(LEVELS[kind]);
    if (c && cs)
        cs->c[kind] = c;
    else if (c)
        *owned = true;
    return c;
}

/* zlib's own functions (the program's definitions come first in the lookup). */
static struct {
    int (*init2)(z_streamp, int, int, int, int, int, const char *, int);
    int (*deflate)(z_streamp, int);
    int (*end)(z_streamp);
} zlib;
static pthread_once_t zlib_once = PTHREAD_ONCE_INIT;

static void zlib_find(void)
{
    /* ISO C has no object-to-function pointer conversion; POSIX guarantees this copy works. */
    void *sym = dlsym(RTLD_NEXT, "deflateInit2_");
    memcpy(&zlib.init2, &sym, sizeof zlib.init2);
    sym = dlsym(RTLD_NEXT, "deflate");
    memcpy(&zlib.deflate, &sym, sizeof zlib.deflate);
    sym = dlsym(RTLD_NEXT, "deflateEnd");
    memcpy(&zlib.end, &sym, sizeof zlib.end);
}

/* Sets strm up as one of ours of the given kind. */
static int shim_init(z_streamp strm, shim_kind kind, const char *version, int stream_size)
{
    if (!version || version[0] != ZLIB_VERSION[0] || stream_size != (int)sizeof(z_stream))
        return Z_VERSION_ERROR;
    if (!strm)
        return Z_STREAM_ERROR;
    shim_stream *st = calloc(1, sizeof *st);
    if (!st)
        return Z_MEM_ERROR;
    st->kind = kind;
    strm->zalloc = shim_marker;
    strm->zfree = Z_NULL;
    strm->opaque = st;
    strm->state = Z_NULL;
    strm->msg = Z_NULL;
    strm->total_in = strm->total_out = 0;
    strm->adler = kind == KIND_PDF ? 1 : 0;
    strm->data_type = Z_UNKNOWN;
    return Z_OK;
}

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
    if (level == Z_DEFAULT_COMPRESSION && !use_originals())
        return shim_init(strm, KIND_PDF, version, stream_size);
    /* KEPATUHAN_PDFSHIM=libharu: zlib itself, at level 1 as before libdeflate was used. */
    pthread_once(&zlib_once, zlib_find);
    if (!zlib.init2)
        return Z_VERSION_ERROR;
    if (level == Z_DEFAULT_COMPRESSION)
        level = 1;
    return zlib.init2(strm, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version,
                      stream_size);
}

/* minizip's parameters take the libdeflate path; any other stream is zlib's. */
int deflateInit2_(z_streamp strm, int level, int method, int window_bits, int mem_level,
                  int strategy, const char *version, int stream_size)
{
    if (level == Z_DEFAULT_COMPRESSION && method == Z_DEFLATED && window_bits == -MAX_WBITS &&
        mem_level == 8 && strategy == Z_DEFAULT_STRATEGY && !use_originals())
        return shim_init(strm, KIND_ZIP, version, stream_size);
    pthread_once(&zlib_once, zlib_find);
    if (!zlib.init2)
        return Z_VERSION_ERROR;
    return zlib.init2(strm, level, method, window_bits, mem_level, strategy, version, stream_size);
}

/*
 * A cache of compressed streams. A run writes the same font programs again and again: in the
 * national set of docs/PERFORMANCE.md half of the bytes libharu hands to deflate (31 of 63 MB,
 * 835 distinct streams of 7-12 KB, the most frequent written 500 times) are a stream already
 * compressed once, and compressing them was a third of the time of a certificate. libdeflate
 * is deterministic, so the bytes kept from the first compression are the bytes a second one
 * would give: output is unchanged.
 * A stream is kept only on its second sighting (a page's content stream is unique and would
 * only churn the slots), when it is at most CACHE_STREAM_MAX bytes and the cache's total stays
 * under CACHE_BUDGET. Slots are direct-mapped by the CRC-32 of the input; a hit is confirmed
 * byte for byte, so a CRC collision only costs a compression. One mutex guards it all: a hit
 * is a memcmp and a memcpy of a few KB, far shorter than the compression it saves.
 */
#define CACHE_SLOTS      1024
#define CACHE_SEEN       4096
#define CACHE_STREAM_MAX (64u * 1024u)
#define CACHE_BUDGET     (16u * 1024u * 1024u)

typedef struct cache_slot {
    unsigned char *in, *out;
    size_t in_len, out_len;
    uint32_t crc, adler;
} cache_slot;

static struct {
    pthread_mutex_t lock;
    cache_slot slot[CACHE_SLOTS];
    uint64_t seen[CACHE_SEEN]; /* crc << 32 | length of streams met once */
    size_t bytes;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static uint64_t cache_key(uint32_t crc, size_t len)
{
    return (uint64_t)crc << 32 | (uint32_t)len;
}

/* On a hit fills st->out (owned by st) and strm->adler and returns true. */
static bool cache_find(z_streamp strm, shim_stream *st, uint32_t crc)
{
    bool hit = false;
    pthread_mutex_lock(&cache.lock);
    cache_slot *s = &cache.slot[crc % CACHE_SLOTS];
    if (s->in && s->crc == crc && s->in_len == st->in_len &&
        memcmp(s->in, st->in, st->in_len) == 0) {
        st->out = malloc(s->out_len);
        if (st->out) {
            memcpy(st->out, s->out, s->out_len);
            st->out_len = s->out_len;
            strm->adler = s->adler;
            hit = true;
        }
    }
    pthread_mutex_unlock(&cache.lock);
    return hit;
}

static void cache_slot_clear(cache_slot *s)
{
    cache.bytes -= s->in_len + s->out_len;
    free(s->in);
    free(s->out);
    *s = (cache_slot){0};
}

/* Keeps a freshly compressed stream if it has been met before; a failed malloc keeps nothing. */
static void cache_offer(const shim_stream *st, uint32_t crc, uint32_t adler)
{
    if (st->in_len > CACHE_STREAM_MAX)
        return;
    uint64_t key = cache_key(crc, st->in_len);
    pthread_mutex_lock(&cache.lock);
    uint64_t *seen = &cache.seen[crc % CACHE_SEEN];
    if (*seen != key) {
        *seen = key;
    } else {
        cache_slot *s = &cache.slot[crc % CACHE_SLOTS];
        if (s->in)
            cache_slot_clear(s);
        if (cache.bytes + st->in_len + st->out_len <= CACHE_BUDGET) {
            unsigned char *in = malloc(st->in_len), *out = malloc(st->out_len);
            if (in && out) {
                memcpy(in, st->in, st->in_len);
                memcpy(out, st->out, st->out_len);
                *s = (cache_slot){in, out, st->in_len, st->out_len, crc, adler};
                cache.bytes += st->in_len + st->out_len;
            } else {
                free(in);
                free(out);
            }
        }
    }
    pthread_mutex_unlock(&cache.lock);
}

static void programs_release(void);

void pdfshim_cache_release(void)
{
    programs_release();
    pthread_mutex_lock(&cache.lock);
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        if (cache.slot[i].in)
            cache_slot_clear(&cache.slot[i]);
    memset(cache.seen, 0, sizeof cache.seen);
    pthread_mutex_unlock(&cache.lock);
}

/* A PDF stream: zlib format, through the cache. */
static int compress_pdf(z_streamp strm, shim_stream *st)
{
    uint32_t crc = libdeflate_crc32(0, st->in, st->in_len);
    if (cache_find(strm, st, crc))
        return Z_OK;
    bool owned;
    struct libdeflate_compressor *c = compressor(KIND_PDF, &owned);
    if (!c)
        return Z_MEM_ERROR;
    size_t bound = libdeflate_zlib_compress_bound(c, st->in_len);
    st->out = malloc(bound);
    if (st->out)
        st->out_len = libdeflate_zlib_compress(c, st->in, st->in_len, st->out, bound);
    if (owned)
        libdeflate_free_compressor(c);
    if (!st->out || st->out_len == 0)
        return Z_MEM_ERROR;
    strm->adler = libdeflate_adler32(1, st->in, st->in_len);
    cache_offer(st, crc, (uint32_t)strm->adler);
    return Z_OK;
}

/* A zip entry: raw deflate, never met twice, so no cache. */
static int compress_zip(shim_stream *st)
{
    bool owned;
    struct libdeflate_compressor *c = compressor(KIND_ZIP, &owned);
    if (!c)
        return Z_MEM_ERROR;
    size_t bound = libdeflate_deflate_compress_bound(c, st->in_len);
    st->out = malloc(bound);
    if (st->out)
        st->out_len = libdeflate_deflate_compress(c, st->in, st->in_len, st->out, bound);
    if (owned)
        libdeflate_free_compressor(c);
    /* Even empty input compresses to a final block of at least one byte. */
    return st->out && st->out_len > 0 ? Z_OK : Z_MEM_ERROR;
}

static int shim_compress(z_streamp strm, shim_stream *st)
{
    int rc = st->kind == KIND_PDF ? compress_pdf(strm, st) : compress_zip(st);
    if (rc != Z_OK)
        return rc;
    free(st->in);
    st->in = NULL;
    st->compressed = true;
    return Z_OK;
}

/* A zip entry too large to buffer, or asking for another flush: a real zlib stream from now on. */
static int hand_to_zlib(shim_stream *st)
{
    pthread_once(&zlib_once, zlib_find);
    if (!zlib.init2)
        return Z_STREAM_ERROR;
    st->zlib = calloc(1, sizeof *st->zlib);
    if (!st->zlib)
        return Z_MEM_ERROR;
    int rc = zlib.init2(st->zlib, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8,
                        Z_DEFAULT_STRATEGY, ZLIB_VERSION, (int)sizeof(z_stream));
    if (rc != Z_OK) {
        free(st->zlib);
        st->zlib = NULL;
    }
    return rc;
}

/*
 * deflate() on a stream handed to zlib: what was buffered goes in first, then the caller's
 * input; the caller's stream shows the inner stream's progress. Buffered bytes were counted in
 * total_in when they were taken.
 */
static int deflate_by_zlib(z_streamp strm, shim_stream *st, int flush)
{
    z_stream *z = st->zlib;
    unsigned char *out0 = strm->next_out;
    z->next_out = strm->next_out;
    z->avail_out = strm->avail_out;
    int rc = Z_OK;
    while (st->fed < st->in_len && z->avail_out > 0 && rc == Z_OK) {
        size_t left = st->in_len - st->fed;
        z->next_in = st->in + st->fed;
        z->avail_in = left > UINT32_MAX ? UINT32_MAX : (uInt)left;
        rc = zlib.deflate(z, Z_NO_FLUSH);
        st->fed = (size_t)(z->next_in - st->in);
    }
    if (st->fed == st->in_len && rc == Z_OK && st->in) {
        free(st->in);
        st->in = NULL;
        st->in_len = st->in_cap = st->fed = 0;
    }
    if (!st->in && rc == Z_OK && z->avail_out > 0 && (strm->avail_in > 0 || flush != Z_NO_FLUSH)) {
        z->next_in = strm->next_in;
        z->avail_in = strm->avail_in;
        rc = zlib.deflate(z, flush);
        strm->total_in += strm->avail_in - z->avail_in;
        strm->next_in = z->next_in;
        strm->avail_in = z->avail_in;
    }
    size_t produced = (size_t)(z->next_out - out0);
    strm->next_out = z->next_out;
    strm->avail_out = z->avail_out;
    strm->total_out += produced;
    /* Buffered input still pending (the output was full): Z_OK, and the caller calls again. */
    return rc;
}

/* Appends the caller's input to st->in. */
static int take_input(z_streamp strm, shim_stream *st)
{
    if (st->compressed || !strm->next_in)
        return Z_STREAM_ERROR;
    size_t need = st->in_len + strm->avail_in;
    if (need > st->in_cap) {
        size_t cap = st->in_cap ? st->in_cap : 16384;
        while (cap < need)
            cap *= 2;
        unsigned char *p = realloc(st->in, cap);
        if (!p)
            return Z_MEM_ERROR;
        st->in = p;
        st->in_cap = cap;
    }
    memcpy(st->in + st->in_len, strm->next_in, strm->avail_in);
    st->in_len = need;
    strm->next_in += strm->avail_in;
    strm->total_in += strm->avail_in;
    strm->avail_in = 0;
    return Z_OK;
}

int deflate(z_streamp strm, int flush)
{
    if (!is_ours(strm)) {
        pthread_once(&zlib_once, zlib_find);
        return zlib.deflate ? zlib.deflate(strm, flush) : Z_STREAM_ERROR;
    }
    shim_stream *st = strm->opaque;
    if (st->zlib)
        return deflate_by_zlib(strm, st, flush);
    bool plain = flush == Z_NO_FLUSH || flush == Z_FINISH;
    if (st->kind == KIND_ZIP && !st->compressed &&
        (!plain || st->in_len + strm->avail_in > RAW_BUFFER_MAX)) {
        int rc = hand_to_zlib(st);
        return rc == Z_OK ? deflate_by_zlib(strm, st, flush) : rc;
    }
    if (!plain)
        return Z_STREAM_ERROR;
    if (strm->avail_in > 0) {
        int rc = take_input(strm, st);
        if (rc != Z_OK)
            return rc;
    }
    if (flush == Z_NO_FLUSH)
        return Z_OK;
    if (!st->compressed) {
        int rc = shim_compress(strm, st);
        if (rc != Z_OK)
            return rc;
    }
    size_t n = st->out_len - st->out_pos;
    if (n > strm->avail_out)
        n = strm->avail_out;
    if (n > 0) {
        memcpy(strm->next_out, st->out + st->out_pos, n);
        strm->next_out += n;
        strm->avail_out -= (uInt)n;
        strm->total_out += n;
        st->out_pos += n;
    }
    return st->out_pos == st->out_len ? Z_STREAM_END : Z_OK;
}

int deflateEnd(z_streamp strm)
{
    if (!is_ours(strm)) {
        pthread_once(&zlib_once, zlib_find);
        return zlib.end ? zlib.end(strm) : Z_STREAM_ERROR;
    }
    shim_stream *st = strm->opaque;
    int rc = Z_OK;
    if (st->zlib) {
        rc = zlib.end(st->zlib);
        free(st->zlib);
    }
    free(st->in);
    free(st->out);
    free(st);
    strm->opaque = Z_NULL;
    strm->zalloc = Z_NULL;
    return rc;
}

/* ---- libharu's byte loops ---------------------------------------------------------------- */

/*
 * Same contract as libharu's (returns the end of the copy); its loop copies forwards one byte
 * at a time, which an overlap with out after in would make visible, so that case keeps it.
 */
typedef HPDF_BYTE *(*memcpy_fn)(HPDF_BYTE *, const HPDF_BYTE *, HPDF_UINT);
typedef void *(*memset_fn)(void *, HPDF_BYTE, HPDF_UINT);

HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
    if (use_originals()) {
        void *sym = original("HPDF_MemCpy");
        memcpy_fn f;
        memcpy(&f, &sym, sizeof f);
        if (f)
            return f(out, in, n);
    }
    if (out > in && out < in + n) {
        while (n--)
            *out++ = *in++;
        return out;
    }
    memcpy(out, in, n);
    return out + n;
}

void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
    if (use_originals()) {
        void *sym = original("HPDF_MemSet");
        memset_fn f;
        memcpy(&f, &sym, sizeof f);
        if (f)
            return f(s, c, n);
    }
    memset(s, c, n);
    return (HPDF_BYTE *)s + n;
}

/* ---- libharu's number and string writers ------------------------------------------------ */

/*
 * Every number in a content stream goes through HPDF_FToA and every token through
 * HPDF_StrLen (HPDF_Stream_WriteStr): 4.6 M and 2.5 M calls in the national run, 7 % and 4 %
 * of its instructions outside SHA-256, both byte loops. These give the same results with
 * fewer instructions; tests/unit/test_pdfshim.c compares them with libharu's own over
 * millions of values.
 */
typedef char *(*ftoa_fn)(char *, HPDF_REAL, char *);
typedef HPDF_UINT (*strlen_fn)(const char *, HPDF_INT);

HPDF_UINT HPDF_StrLen(const char *s, HPDF_INT maxlen)
{
    if (use_originals()) {
        void *sym = original("HPDF_StrLen");
        strlen_fn f;
        memcpy(&f, &sym, sizeof f);
        if (f)
            return f(s, maxlen);
    }
    if (!s)
        return 0;
    return (HPDF_UINT)(maxlen < 0 ? strlen(s) : strnlen(s, (size_t)maxlen));
}

/*
 * libharu 2.3.0's arithmetic exactly (HPDF_REAL is float, the constants double: the integer
 * part rounded at 5e-6 in double, the fraction's five digits in float), then the digits
 * written without the scratch buffer and the trailing zeros taken off the number instead of
 * the text. libharu writes up to eptr inclusive, and a number takes 12 bytes at most
 * ("-32767.99999"); its callers give 12 (HPDF_Stream_WriteReal) or more, a shorter eptr (or
 * a NaN) is left to libharu's own. The ending 0, which libharu writes only when it took
 * zeros off, is written when there is room.
 */
char *HPDF_FToA(char *s, HPDF_REAL val, char *eptr)
{
    if (use_originals() || eptr < s + 11 || val != val) {
        void *sym = original("HPDF_FToA");
        ftoa_fn f;
        memcpy(&f, &sym, sizeof f);
        if (f)
            return f(s, val, eptr);
    }
    if (val > HPDF_LIMIT_MAX_REAL)
        val = HPDF_LIMIT_MAX_REAL;
    else if (val < HPDF_LIMIT_MIN_REAL)
        val = HPDF_LIMIT_MIN_REAL;
    char *p = s;
    if (val < 0) {
        *p++ = '-';
        val = -val;
    }
    int32_t int_val = (int32_t)(val + 0.000005);
    int32_t frac = (int32_t)((HPDF_REAL)(val - (HPDF_REAL)int_val + 0.000005) * 100000);
    char digits[11];
    int n = 0;
    do {
        digits[n++] = (char)('0' + int_val % 10);
        int_val /= 10;
    } while (int_val > 0);
    while (n > 0)
        *p++ = digits[--n];
    /* The fraction has five digits at most; libharu keeps only its last five (frac % 100000).
     * Written as two pairs and a digit, then its trailing zeros cleared as libharu does (one
     * digit is not zero). */
    frac %= 100000;
    if (frac > 0) {
        static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                                    "25262728293031323334353637383940414243444546474849"
                                    "50515253545556575859606162636465666768697071727374"
                                    "75767778798081828384858687888990919293949596979899";
        *p++ = '.';
        memcpy(p, pairs + 2 * (frac / 1000), 2);
        memcpy(p + 2, pairs + 2 * (frac / 10 % 100), 2);
        p[4] = (char)('0' + frac % 10);
        p += 5;
        while (p[-1] == '0')
            *--p = 0;
    }
    if (p <= eptr)
        *p = 0;
    return p;
}

typedef char *(*itoa_fn)(char *, HPDF_INT32, char *);
typedef HPDF_BYTE *(*strcpy_fn)(char *, const char *, char *);

/*
 * Integers (object numbers, lengths, offsets) the same way: libharu 2.3.0 clamps to
 * ±2147483647, writes up to eptr (exclusive) and ends with a 0; its callers give 11 bytes or
 * more ("-2147483647"), a shorter eptr is left to libharu's own.
 */
char *HPDF_IToA(char *s, HPDF_INT32 val, char *eptr)
{
    if (use_originals() || eptr < s + 11) {
        void *sym = original("HPDF_IToA");
        itoa_fn f;
        memcpy(&f, &sym, sizeof f);
        if (f)
            return f(s, val, eptr);
    }
    uint32_t u = (uint32_t)val;
    if (val < 0) {
        *s++ = '-';
        u = val < -2147483647 ? 2147483647u : (uint32_t)-val;
    } else if (val == 0) {
        *s++ = '0';
    }
    char digits[10];
    int n = 0;
    for (; u > 0; u /= 10)
        digits[n++] = (char)('0' + u % 10);
    while (n > 0)
        *s++ = digits[--n];
    *s = 0;
    return s;
}

/* Copies in up to eptr (exclusive) and ends with a 0, as libharu's byte loop does. */
HPDF_BYTE *HPDF_StrCpy(char *out, const char *in, char *eptr)
{
    if (use_originals()) {
        void *sym = original("HPDF_StrCpy");
        strcpy_fn f;
        memcpy(&f, &sym, sizeof f);
        if (f)
            return f(out, in, eptr);
    }
    if (in && eptr > out) {
        size_t n = strnlen(in, (size_t)(eptr - out));
        memcpy(out, in, n);
        out += n;
    }
    *out = 0;
    return (HPDF_BYTE *)out;
}

/*
 * Every byte of a PDF, and of each page's content stream before it is compressed, goes
 * through HPDF_MemStream_WriteFunc, mostly a token at a time: 2.6 M calls in the national run,
 * each through HPDF_Error_GetCode, HPDF_MemStream_InWrite and HPDF_MemCpy. libharu takes the
 * function's address through its GOT when it makes a memory stream, so this definition is
 * the one its streams call. A write that fits in the current chunk is copied here, as
 * InWrite would; the rest (a new chunk, a stream in error) goes to libharu's own. It relies
 * on 2.3.0's HPDF_MemStreamAttr_Rec, so another libharu always gets its own.
 */
typedef HPDF_STATUS (*write_fn)(HPDF_Stream, const HPDF_BYTE *, HPDF_UINT);

/* libharu's own, looked up once: a new chunk every 4 KB would otherwise pay a dlsym. */
static write_fn libharu_write;
static pthread_once_t libharu_write_once = PTHREAD_ONCE_INIT;

static void libharu_write_find(void)
{
    void *sym = original("HPDF_MemStream_WriteFunc");
    memcpy(&libharu_write, &sym, sizeof libharu_write);
}

/* Whether the libharu loaded is 2.3.0, whose private layouts the replacements rely on; asked
 * once (-1: not yet). */
static atomic_int version_230 = -1;

static bool libharu_230(void)
{
    int v = atomic_load_explicit(&version_230, memory_order_relaxed);
    if (v < 0) {
        v = strcmp(HPDF_GetVersion(), "2.3.0") == 0;
        atomic_store_explicit(&version_230, v, memory_order_relaxed);
    }
    return v == 1;
}

HPDF_STATUS HPDF_MemStream_WriteFunc(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT siz)
{
    if (!use_originals() && libharu_230() && siz > 0 && stream->error->error_no == HPDF_OK) {
        HPDF_MemStreamAttr attr = (HPDF_MemStreamAttr)stream->attr;
        if (attr->w_ptr && attr->w_pos <= attr->buf_siz && siz <= attr->buf_siz - attr->w_pos) {
            memcpy(attr->w_ptr, ptr, siz);
            attr->w_ptr += siz;
            attr->w_pos += siz;
            return HPDF_OK;
        }
    }
    pthread_once(&libharu_write_once, libharu_write_find);
    return libharu_write ? libharu_write(stream, ptr, siz)
                         : HPDF_SetError(stream->error, HPDF_INVALID_OBJECT, 0);
}

/* ---- libxlsxwriter's cell names ------------------------------------------------------------ */

typedef void (*rowcol_fn)(char *, lxw_row_t, lxw_col_t);

/*
 * libxlsxwriter names every cell it writes ("C12") with lxw_rowcol_to_cell: the column by
 * lxw_col_to_name (a string reversed in place after strlen) and the row by snprintf "%d",
 * 1.4 % of the national run's instructions. Same text, written directly; columns past
 * Excel's last (XFD) go to libxlsxwriter's own.
 */
void lxw_rowcol_to_cell(char *cell_name, lxw_row_t row, lxw_col_t col)
{
    if (use_originals() || col >= LXW_COL_MAX || row >= LXW_ROW_MAX) {
        void *sym = original("lxw_rowcol_to_cell");
        rowcol_fn f;
        memcpy(&f, &sym, sizeof f);
        if (f)
            f(cell_name, row, col);
        return;
    }
    char letters[4];
    int n = 0;
    for (unsigned c = (unsigned)col + 1; c > 0; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    char *p = cell_name;
    while (n > 0)
        *p++ = letters[--n];
    char digits[8];
    n = 0;
    for (uint32_t r = row + 1; r > 0; r /= 10)
        digits[n++] = (char)('0' + r % 10);
    while (n > 0)
        *p++ = digits[--n];
    *p = '\0';
}

/* ---- embedded TrueType font programs ----------------------------------------------------- */

/* The 13 tables libharu 2.3.0 writes, in its order (hpdf_fontdef_tt.c, REQUIRED_TAGS). */
static const char *const TAGS[13] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
                                     "hmtx", "loca", "maxp", "name", "post", "prep"};

typedef struct buf {
    HPDF_BYTE *p;
    size_t len, cap;
    bool failed;
} buf;

static HPDF_BYTE *buf_grow(buf *b, size_t n)
{
    if (b->failed)
        return NULL;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        while (cap < b->len + n)
            cap *= 2;
        HPDF_BYTE *np = realloc(b->p, cap);
        if (!np) {
            b->failed = true;
            return NULL;
        }
        b->p = np;
        b->cap = cap;
    }
    HPDF_BYTE *at = b->p + b->len;
    b->len += n;
    return at;
}

static void put(buf *b, const void *src, size_t n)
{
    HPDF_BYTE *at = buf_grow(b, n);
    if (at && n)
        memcpy(at, src, n);
}

static void put16(buf *b, unsigned v)
{
    HPDF_BYTE x[2] = {(HPDF_BYTE)(v >> 8), (HPDF_BYTE)v};
    put(b, x, 2);
}

static void put32(buf *b, uint32_t v)
{
    HPDF_BYTE x[4] = {(HPDF_BYTE)(v >> 24), (HPDF_BYTE)(v >> 16), (HPDF_BYTE)(v >> 8),
                      (HPDF_BYTE)v};
    put(b, x, 4);
}

static uint32_t be32(const HPDF_BYTE *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Sum of the big-endian 32-bit words of p[0, len - len % 4), the whole words. Both checksums
 * of a font program (each table's, then the whole program's for checkSumAdjustment) took it a
 * byte at a time, 7 % of a certificate's instructions; a load and a byte swap per word lets
 * the compiler vectorise the loop.
 */
static uint32_t words_sum(const HPDF_BYTE *p, size_t len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 4 <= len; i += 4) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        uint32_t w;
        memcpy(&w, p + i, sizeof w);
        sum += __builtin_bswap32(w);
#else
        sum += be32(p + i);
#endif
    }
    return sum;
}

/* Big-endian sum of 32-bit words, a short last word padded with zeros (the sfnt checksum). */
static uint32_t table_sum(const HPDF_BYTE *p, size_t len)
{
    uint32_t sum = words_sum(p, len);
    size_t i = len - len % 4;
    if (i < len) {
        HPDF_BYTE last[4] = {0};
        memcpy(last, p + i, len - i);
        sum += be32(last);
    }
    return sum;
}

static const HPDF_TTFTable *find_table(const HPDF_TTFontDefAttr a, const char *tag)
{
    for (HPDF_UINT i = 0; i < a->offset_tbl.num_tables; i++)
        if (memcmp(a->offset_tbl.table[i].tag, tag, 4) == 0)
            return &a->offset_tbl.table[i];
    return NULL;
}

static void write_head(const HPDF_TTFontDefAttr a, buf *t, size_t *check_sum_at)
{
    const HPDF_TTF_FontHeader *h = &a->header;
    put(t, h->version_number, 4);
    put32(t, h->font_revision);
    *check_sum_at = t->len;
    put32(t, 0);
    put32(t, h->magic_number);
    put16(t, h->flags);
    put16(t, h->units_per_em);
    put(t, h->created, 8);
    put(t, h->modified, 8);
    put16(t, (uint16_t)h->x_min);
    put16(t, (uint16_t)h->y_min);
    put16(t, (uint16_t)h->x_max);
    put16(t, (uint16_t)h->y_max);
    put16(t, h->mac_style);
    put16(t, h->lowest_rec_ppem);
    put16(t, (uint16_t)h->font_direction_hint);
    put16(t, (uint16_t)h->index_to_loc_format);
    put16(t, (uint16_t)h->glyph_data_format);
}

/* The used glyphs only, in glyph order; unused ones become empty (loca repeats the offset). */
static bool write_glyf(const HPDF_TTFontDefAttr a, const HPDF_BYTE *font, size_t font_len,
                       uint32_t *new_offsets, buf *t)
{
    bool short_loca = a->header.index_to_loc_format == 0;
    size_t start = t->len;
    uint32_t saved = 0;
    for (HPDF_UINT16 i = 0; i < a->num_glyphs; i++) {
        if (a->glyph_tbl.flgs[i] != 1) {
            new_offsets[i] = saved;
            continue;
        }
        size_t off = a->glyph_tbl.offsets[i];
        size_t len = a->glyph_tbl.offsets[i + 1] - a->glyph_tbl.offsets[i];
        new_offsets[i] = (uint32_t)(t->len - start);
        if (short_loca) {
            new_offsets[i] /= 2;
            len *= 2;
            off *= 2;
        }
        off += a->glyph_tbl.base_offset;
        if (off > font_len || len > font_len - off)
            return false;
        put(t, font + off, len);
        saved = (uint32_t)(t->len - start);
        if (short_loca)
            saved /= 2;
    }
    new_offsets[a->num_glyphs] = saved;
    return true;
}

/* The name table with libharu's subset tag ("HPDFAA+") before family and full names. */
static bool write_name(const HPDF_TTFontDefAttr a, const HPDF_TTFTable *tbl, const HPDF_BYTE *font,
                       size_t font_len, buf *t)
{
    const HPDF_TTF_NamingTable *nt = &a->name_tbl;
    buf strings = {0};
    put16(t, nt->format);
    put16(t, nt->count);
    put16(t, nt->string_offset);
    for (HPDF_UINT i = 0; i < nt->count; i++) {
        const HPDF_TTF_NameRecord *r = &nt->name_records[i];
        size_t len = r->length;
        size_t rec_offset = strings.len;
        if (r->name_id == 1 || r->name_id == 4) {
            if (r->platform_id == 0 || r->platform_id == 3) {
                put(&strings, a->tag_name2, sizeof a->tag_name2);
                len += sizeof a->tag_name2;
            } else {
                put(&strings, a->tag_name, sizeof a->tag_name);
                len += sizeof a->tag_name;
            }
        }
        put16(t, r->platform_id);
        put16(t, r->encoding_id);
        put16(t, r->language_id);
        put16(t, r->name_id);
        put16(t, (uint16_t)len);
        put16(t, (uint16_t)rec_offset);
        size_t off = (size_t)tbl->offset + nt->string_offset + r->offset;
        if (off > font_len || r->length > font_len - off) {
            free(strings.p);
            return false;
        }
        put(&strings, font + off, r->length);
    }
    bool ok = !strings.failed;
    put(t, strings.p, strings.len);
    free(strings.p);
    return ok;
}

/*
 * A font definition lives as long as its HPDF_Doc, which writes one document after another,
 * and libharu keeps the font file open to read it again for every document: through its
 * FILE stream, 20 read and 38 lseek calls per font and document. After the first read the
 * definition gets a memory stream with the same bytes instead (libharu frees it with the
 * definition, as it did the file stream). Nothing changes when memory is short.
 */
static void keep_in_memory(HPDF_FontDef fontdef, const HPDF_BYTE *font, size_t len)
{
    HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)fontdef->attr;
    if (a->stream->type != HPDF_STREAM_FILE || len == 0 || len > UINT32_MAX)
        return;
    HPDF_Stream mem = HPDF_MemStream_New(fontdef->mmgr, (HPDF_UINT)len);
    if (!mem)
        return;
    if (HPDF_Stream_Write(mem, font, (HPDF_UINT)len) != HPDF_OK) {
        HPDF_Stream_Free(mem);
        return;
    }
    HPDF_Stream_Free(a->stream);
    a->stream = mem;
}

/*
 * Font programs already built. A certificate's four faces and a report card's two are built
 * again for every document, and half of them (2 893 of 5 580 in the national run) with a
 * glyph set some earlier document had: the program is then the same bytes, since it depends
 * only on the font file, the glyph flags and the subset tags. Such a program is kept and
 * copied instead of built (about 70 k instructions each). A hit is confirmed byte for byte:
 * the font against a kept copy of each font file met (a handful per run), the flags and tags
 * against the slot's. Slots are direct-mapped by a CRC-32 of the flags; one mutex, as for the
 * stream cache. 2 MB at most, which keeps peak memory within 1-2 MB of what it was.
 */
#define PROGRAM_SLOTS  512
#define PROGRAM_FONTS  16
#define PROGRAM_BUDGET (2u * 1024u * 1024u)

typedef struct program_slot {
    int font; /* index in programs.font, -1 when empty */
    HPDF_BYTE *flags, *out;
    size_t n_flags, out_len;
    char tag[HPDF_TTF_FONT_TAG_LEN + 1], tag2[(HPDF_TTF_FONT_TAG_LEN + 1) * 2];
} program_slot;

static struct {
    pthread_mutex_t lock;
    HPDF_BYTE *font[PROGRAM_FONTS];
    size_t font_len[PROGRAM_FONTS];
    int n_fonts;
    program_slot slot[PROGRAM_SLOTS];
    size_t bytes;
} programs = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Index of the kept copy of font (added when new and add is set), -1 when none. Locked. */
static int program_font(const HPDF_BYTE *font, size_t len, bool add)
{
    for (int i = 0; i < programs.n_fonts; i++)
        if (programs.font_len[i] == len && memcmp(programs.font[i], font, len) == 0)
            return i;
    if (!add || programs.n_fonts == PROGRAM_FONTS)
        return -1;
    HPDF_BYTE *copy = malloc(len ? len : 1);
    if (!copy)
        return -1;
    memcpy(copy, font, len);
    programs.font[programs.n_fonts] = copy;
    programs.font_len[programs.n_fonts] = len;
    return programs.n_fonts++;
}

static program_slot *program_slot_of(const HPDF_TTFontDefAttr a)
{
    uint32_t crc = libdeflate_crc32(0, a->glyph_tbl.flgs, a->num_glyphs);
    return &programs.slot[crc % PROGRAM_SLOTS];
}

static bool program_matches(const program_slot *s, int font, const HPDF_TTFontDefAttr a)
{
    return s->out && s->font == font && s->n_flags == a->num_glyphs &&
           memcmp(s->flags, a->glyph_tbl.flgs, a->num_glyphs) == 0 &&
           memcmp(s->tag, a->tag_name, sizeof s->tag) == 0 &&
           memcmp(s->tag2, a->tag_name2, sizeof s->tag2) == 0;
}

/* A copy of the program kept for this font and glyph set (*len bytes, caller frees), or NULL. */
static HPDF_BYTE *program_find(const HPDF_TTFontDefAttr a, const HPDF_BYTE *font, size_t font_len,
                               size_t *len)
{
    HPDF_BYTE *out = NULL;
    pthread_mutex_lock(&programs.lock);
    int f = program_font(font, font_len, false);
    program_slot *s = program_slot_of(a);
    if (f >= 0 && program_matches(s, f, a) && (out = malloc(s->out_len)) != NULL) {
        memcpy(out, s->out, s->out_len);
        *len = s->out_len;
    }
    pthread_mutex_unlock(&programs.lock);
    return out;
}

static void program_slot_clear(program_slot *s)
{
    programs.bytes -= s->n_flags + s->out_len;
    free(s->flags);
    free(s->out);
    *s = (program_slot){.font = -1};
}

/* Keeps a freshly built program; a failed malloc or a full budget keeps nothing. */
static void program_keep(const HPDF_TTFontDefAttr a, const HPDF_BYTE *font, size_t font_len,
                         const HPDF_BYTE *out, size_t len)
{
    pthread_mutex_lock(&programs.lock);
    int f = program_font(font, font_len, true);
    program_slot *s = program_slot_of(a);
    if (s->out)
        program_slot_clear(s);
    if (f >= 0 && programs.bytes + a->num_glyphs + len <= PROGRAM_BUDGET) {
        HPDF_BYTE *flags = malloc(a->num_glyphs ? a->num_glyphs : 1), *copy = malloc(len);
        if (flags && copy) {
            memcpy(flags, a->glyph_tbl.flgs, a->num_glyphs);
            memcpy(copy, out, len);
            *s = (program_slot){
                .font = f, .flags = flags, .out = copy, .n_flags = a->num_glyphs, .out_len = len};
            memcpy(s->tag, a->tag_name, sizeof s->tag);
            memcpy(s->tag2, a->tag_name2, sizeof s->tag2);
            programs.bytes += a->num_glyphs + len;
        } else {
            free(flags);
            free(copy);
        }
    }
    pthread_mutex_unlock(&programs.lock);
}

static void programs_release(void)
{
    pthread_mutex_lock(&programs.lock);
    for (size_t i = 0; i < PROGRAM_SLOTS; i++)
        if (programs.slot[i].out)
            program_slot_clear(&programs.slot[i]);
    for (int i = 0; i < programs.n_fonts; i++)
        free(programs.font[i]);
    programs.n_fonts = 0;
    pthread_mutex_unlock(&programs.lock);
}

/* The program kept for this glyph set written to stream; false when none is kept. */
static bool program_reuse(HPDF_TTFontDefAttr a, const HPDF_BYTE *font, size_t font_len,
                          HPDF_Stream stream, HPDF_STATUS *ret)
{
    size_t len = 0;
    HPDF_BYTE *out = program_find(a, font, font_len, &len);
    if (!out)
        return false;
    /* length1 is the program's length: the sfnt header and directory included. */
    a->length1 = (HPDF_UINT)len;
    *ret = HPDF_Stream_Write(stream, out, (HPDF_UINT)len);
    free(out);
    return true;
}

/* The font's bytes where keep_in_memory left them, or NULL when they are not there. */
static const HPDF_BYTE *in_memory(const HPDF_TTFontDefAttr a, size_t font_len)
{
    HPDF_UINT len = 0;
    if (a->stream->type != HPDF_STREAM_MEMORY || HPDF_MemStream_GetBufCount(a->stream) != 1)
        return NULL;
    const HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(a->stream, 0, &len);
    return p && len == font_len ? p : NULL;
}

/*
 * The font program as libharu 2.3.0 builds it (sfnt header with 13 entries, the tables
 * unpadded one after another, its checksums and checkSumAdjustment computed over the tables
 * only, a short last word left out), built in memory from one read of the font file.
 */
static HPDF_STATUS save_font(HPDF_FontDef fontdef, HPDF_Stream stream)
{
    HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)fontdef->attr;
    size_t font_len = 0;
    for (HPDF_UINT i = 0; i < a->offset_tbl.num_tables; i++) {
        size_t end = (size_t)a->offset_tbl.table[i].offset + a->offset_tbl.table[i].length;
        if (end > font_len)
            font_len = end;
    }
    /* After the first document the font is one chunk of a memory stream (keep_in_memory):
     * read in place instead of copied out through libharu's stream layer every time. */
    const HPDF_BYTE *font = in_memory(a, font_len);
    HPDF_STATUS reused;
    if (font && program_reuse(a, font, font_len, stream, &reused))
        return reused;
    HPDF_BYTE *copy = font ? NULL : malloc(font_len ? font_len : 1);
    uint32_t *new_offsets = malloc(((size_t)a->num_glyphs + 1) * sizeof *new_offsets);
    buf t = {0}, out = {0};
    HPDF_STATUS ret = HPDF_OK;
    if ((!font && !copy) || !new_offsets) {
        ret = HPDF_SetError(fontdef->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
        goto done;
    }
    if (!font) {
        HPDF_UINT got = (HPDF_UINT)font_len;
        if ((ret = HPDF_Stream_Seek(a->stream, 0, HPDF_SEEK_SET)) != HPDF_OK ||
            (ret = HPDF_Stream_Read(a->stream, copy, &got)) != HPDF_OK)
            goto done;
        keep_in_memory(fontdef, copy, font_len);
        font = copy;
    }

    HPDF_TTFTable dir[13];
    size_t check_sum_at = 0;
    for (int i = 0; i < 13; i++) {
        const HPDF_TTFTable *tbl = find_table(a, TAGS[i]);
        size_t start = t.len;
        bool ok = true;
        /* A table the font lacks (cvt, fpgm, prep) gets an empty entry, as in libharu. */
        if (!tbl) {
            ok = true;
        } else if (memcmp(TAGS[i], "head", 4) == 0) {
            write_head(a, &t, &check_sum_at);
        } else if (memcmp(TAGS[i], "glyf", 4) == 0) {
            ok = write_glyf(a, font, font_len, new_offsets, &t);
        } else if (memcmp(TAGS[i], "loca", 4) == 0) {
            for (HPDF_UINT j = 0; j <= a->num_glyphs; j++) {
                if (a->header.index_to_loc_format == 0)
                    put16(&t, (uint16_t)new_offsets[j]);
                else
                    put32(&t, new_offsets[j]);
            }
        } else if (memcmp(TAGS[i], "name", 4) == 0) {
            ok = write_name(a, tbl, font, font_len, &t);
        } else {
            put(&t, font + tbl->offset, tbl->length);
        }
        if (!ok) {
            ret = HPDF_SetError(fontdef->error, HPDF_TTF_INVALID_FOMAT, 0);
            goto done;
        }
        dir[i].offset = (HPDF_UINT32)start;
        dir[i].length = (HPDF_UINT32)(t.len - start);
    }
    if (t.failed) {
        ret = HPDF_SetError(fontdef->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
        goto done;
    }

    const uint32_t offset_base = 12 + 16 * 13;
    put32(&out, a->offset_tbl.sfnt_version);
    put16(&out, 13);
    put16(&out, a->offset_tbl.search_range);
    put16(&out, a->offset_tbl.entry_selector);
    put16(&out, a->offset_tbl.range_shift);
    for (int i = 0; i < 13; i++) {
        put(&out, TAGS[i], 4);
        put32(&out, table_sum(t.p + dir[i].offset, dir[i].length));
        put32(&out, dir[i].offset + offset_base);
        put32(&out, dir[i].length);
    }
    uint32_t adjust = 0xB1B0AFBA - words_sum(t.p, t.len);
    if (t.len >= check_sum_at + 4) {
        t.p[check_sum_at] = (HPDF_BYTE)(adjust >> 24);
        t.p[check_sum_at + 1] = (HPDF_BYTE)(adjust >> 16);
        t.p[check_sum_at + 2] = (HPDF_BYTE)(adjust >> 8);
        t.p[check_sum_at + 3] = (HPDF_BYTE)adjust;
    }
    put(&out, t.p, t.len);
    if (out.failed) {
        ret = HPDF_SetError(fontdef->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
        goto done;
    }
    a->length1 = (HPDF_UINT)(t.len + offset_base);
    ret = HPDF_Stream_Write(stream, out.p, (HPDF_UINT)out.len);
    if (ret == HPDF_OK && font != copy)
        program_keep(a, font, font_len, out.p, out.len);
done:
    free(copy);
    free(new_offsets);
    free(t.p);
    free(out.p);
    return ret;
}

typedef HPDF_STATUS (*save_font_fn)(HPDF_FontDef, HPDF_Stream);

/*
 * libharu rebuilds the font program of every embedded TrueType face for every PDF, reading
 * and writing it four bytes per call through its stream layer and then reading it back twice,
 * four bytes at a time, for the checksums. save_font() produces the same bytes from one
 * read. It relies on the layout of HPDF_TTFontDefAttr_Rec in 2.3.0's hpdf_fontdef.h, so any
 * other libharu gets its own function.
 */
HPDF_STATUS HPDF_TTFontDef_SaveFontData(HPDF_FontDef fontdef, HPDF_Stream stream)
{
    if (libharu_230() && !use_originals())
        return save_font(fontdef, stream);
    save_font_fn orig;
    void *sym = original("HPDF_TTFontDef_SaveFontData");
    if (!sym)
        return HPDF_SetError(fontdef->error, HPDF_INVALID_OBJECT, 0);
    memcpy(&orig, &sym, sizeof orig);
    return orig(fontdef, stream);
}

/* ---- check ----------------------------------------------------------------------------- */

static bool resolves_here(const char *name, void *ours)
{
    return dlsym(RTLD_DEFAULT, name) == ours;
}

bool pdfshim_active(void)
{
    int (*init)(z_streamp, int, const char *, int) = deflateInit_;
    int (*init2)(z_streamp, int, int, int, int, int, const char *, int) = deflateInit2_;
    int (*def)(z_streamp, int) = deflate;
    int (*end)(z_streamp) = deflateEnd;
    HPDF_BYTE *(*cpy)(HPDF_BYTE *, const HPDF_BYTE *, HPDF_UINT) = HPDF_MemCpy;
    HPDF_STATUS (*save)(HPDF_FontDef, HPDF_Stream) = HPDF_TTFontDef_SaveFontData;
    void (*cell)(char *, lxw_row_t, lxw_col_t) = lxw_rowcol_to_cell;
    HPDF_STATUS (*mem_write)(HPDF_Stream, const HPDF_BYTE *, HPDF_UINT) = HPDF_MemStream_WriteFunc;
    void *p[8];
    memcpy(&p[0], &init, sizeof p[0]);
    memcpy(&p[1], &def, sizeof p[1]);
    memcpy(&p[2], &end, sizeof p[2]);
    memcpy(&p[3], &cpy, sizeof p[3]);
    memcpy(&p[4], &save, sizeof p[4]);
    memcpy(&p[5], &init2, sizeof p[5]);
    memcpy(&p[6], &cell, sizeof p[6]);
    memcpy(&p[7], &mem_write, sizeof p[7]);
    return resolves_here("deflateInit_", p[0]) && resolves_here("deflate", p[1]) &&
           resolves_here("deflateEnd", p[2]) && resolves_here("HPDF_MemCpy", p[3]) &&
           resolves_here("HPDF_TTFontDef_SaveFontData", p[4]) &&
           resolves_here("deflateInit2_", p[5]) && resolves_here("lxw_rowcol_to_cell", p[6]) &&
           resolves_here("HPDF_MemStream_WriteFunc", p[7]);
}
