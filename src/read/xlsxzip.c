#include "read/xlsxzip.h"

#include <errno.h>
#include <minizip/unzip.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/arena.h"

/* Zip bomb limits: no entry inflates beyond 1 GiB, and an entry over 32 MiB may not inflate
 * more than 200 times its compressed size (real sheets compress 5-30:1). */
#define ENTRY_BYTES_MAX ((uint64_t)1 << 30)
#define RATIO_MAX       200u
#define RATIO_FROM      ((uint64_t)32 << 20)
/* An archive far beyond any real workbook, so that a hostile one stays cheap. */
#define ENTRIES_MAX 100000u
/* Chunks the inflating thread may be ahead of the parser: enough to ride out the parser's
 * uneven pace, few enough to stay in the cache's neighbourhood (1 MiB). */
#define AHEAD_SLOTS 4u

#define MSG_TERENKRIPSI                                                                            \
    "buku kerja terenkripsi (berkata sandi): buka di Excel, hapus kata sandinya, simpan lagi"

/* --- The archive's bytes: a file or a memory block, behind minizip's I/O functions -------- */

typedef struct src {
    FILE *f;
    const unsigned char *mem;
    uint64_t size, pos;
} src;

static voidpf ZCALLBACK src_open(voidpf opaque, const void *name, int mode)
{
    (void)name;
    return (mode & ZLIB_FILEFUNC_MODE_READ) ? opaque : NULL;
}

static uLong ZCALLBACK src_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    (void)opaque;
    src *s = stream;
    if (s->f)
        return (uLong)fread(buf, 1, size, s->f);
    uint64_t n = s->pos < s->size ? s->size - s->pos : 0;
    if (n > size)
        n = size;
    memcpy(buf, s->mem + s->pos, (size_t)n);
    s->pos += n;
    return (uLong)n;
}

static uLong ZCALLBACK src_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque;
    (void)stream;
    (void)buf;
    (void)size;
    return 0;
}

static ZPOS64_T ZCALLBACK src_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    src *s = stream;
    if (s->f) {
        off_t o = ftello(s->f);
        return o < 0 ? (ZPOS64_T)-1 : (ZPOS64_T)o;
    }
    return s->pos;
}

static long ZCALLBACK src_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
    (void)opaque;
    src *s = stream;
    uint64_t base = origin == ZLIB_FILEFUNC_SEEK_SET   ? 0
                    : origin == ZLIB_FILEFUNC_SEEK_END ? s->size
                                                       : src_tell(opaque, stream);
    if (off > UINT64_MAX - base || base + off > s->size)
        return -1;
    if (s->f)
        return fseeko(s->f, (off_t)(base + off), SEEK_SET) == 0 ? 0 : -1;
    s->pos = base + off;
    return 0;
}

static int ZCALLBACK src_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

static int ZCALLBACK src_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    src *s = stream;
    return s->f ? ferror(s->f) : 0;
}

/* Reads n bytes at offset off; false when the source is shorter. */
static bool src_read_at(src *s, uint64_t off, void *buf, size_t n)
{
    if (off > s->size || n > s->size - off)
        return false;
    if (src_seek(NULL, s, off, ZLIB_FILEFUNC_SEEK_SET) != 0)
        return false;
    return src_read(NULL, s, buf, (uLong)n) == n;
}

/* --- The archive ------------------------------------------------------------------------- */

struct xlsxzip_entry {
    const char *name;
    unz64_file_pos pos;
    uint64_t csize, usize;
    unsigned long flag, method;
};

struct xlsxzip {
    char *path;
    src in;
    unzFile zf;
    arena *a;
    xlsxzip_entry *entries; /* sorted by name, ASCII case ignored (OPC part names are) */
    size_t n_entries;
};

kp_status xlsxzip_fail(const xlsxzip *z, kp_error *err, kp_status st, const char *fmt, ...)
{
    char msg[KP_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return kp_error_set(err, st, z->path, 0, 0, "%s", msg);
}

kp_status xlsxzip_no_memory(const xlsxzip *z, kp_error *err)
{
    return xlsxzip_fail(z, err, KP_ERR_IO, "memori habis");
}

const char *xlsxzip_name(const xlsxzip *z)
{
    return z->path;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcasecmp(((const xlsxzip_entry *)a)->name, ((const xlsxzip_entry *)b)->name);
}

const xlsxzip_entry *xlsxzip_find(const xlsxzip *z, const char *name)
{
    xlsxzip_entry key = {.name = name};
    return z->n_entries ? bsearch(&key, z->entries, z->n_entries, sizeof key, entry_cmp) : NULL;
}

const char *xlsxzip_entry_name(const xlsxzip_entry *e)
{
    return e->name;
}

/* --- Reading one entry, with the zip bomb limits ----------------------------------------- */

kp_status xlsxzip_read_open(xlsxzip *z, xlsxzip_reader *r, const xlsxzip_entry *e, kp_error *err)
{
    r->e = e;
    r->total = 0;
    r->open = false;
    r->ahead = NULL;
    if (e->flag & 1u)
        return xlsxzip_fail(z, err, KP_ERR_DATA, MSG_TERENKRIPSI);
    if (e->method != 0 && e->method != Z_DEFLATED)
        return xlsxzip_fail(z, err, KP_ERR_DATA,
                            "%s dimampatkan dengan metode %lu yang tidak didukung", e->name,
                            e->method);
    if (e->usize > ENTRY_BYTES_MAX)
        return xlsxzip_fail(z, err, KP_ERR_DATA,
                            "%s terlalu besar setelah diekstrak (lebih dari 1 GiB; bom zip?)",
                            e->name);
    if (e->usize > RATIO_FROM && e->usize / RATIO_MAX > e->csize)
        return xlsxzip_fail(z, err, KP_ERR_DATA,
                            "%s mengembang lebih dari %u kali saat diekstrak (bom zip?)", e->name,
                            RATIO_MAX);
    if (unzGoToFilePos64(z->zf, &e->pos) != UNZ_OK || unzOpenCurrentFile(z->zf) != UNZ_OK)
        return xlsxzip_fail(z, err, KP_ERR_DATA, "arsip zip rusak: %s tidak terbaca", e->name);
    r->open = true;
    return KP_OK;
}

static kp_status read_inline(xlsxzip *z, xlsxzip_reader *r, void *buf, unsigned cap, unsigned *got,
                             kp_error *err)
{
    int n = unzReadCurrentFile(z->zf, buf, cap);
    *got = 0;
    if (n < 0)
        return xlsxzip_fail(z, err, KP_ERR_DATA, "arsip zip rusak: %s tidak terbaca (%d)",
                            r->e->name, n);
    if (n == 0) {
        r->open = false;
        if (unzCloseCurrentFile(z->zf) != UNZ_OK)
            return xlsxzip_fail(z, err, KP_ERR_DATA, "arsip zip rusak: CRC %s tidak cocok",
                                r->e->name);
        return KP_OK;
    }
    /* minizip stops at the size the directory claims; these catch a lie all the same. */
    r->total += (unsigned)n;
    if (r->total > ENTRY_BYTES_MAX)
        return xlsxzip_fail(z, err, KP_ERR_DATA,
                            "%s terlalu besar setelah diekstrak (lebih dari 1 GiB; bom zip?)",
                            r->e->name);
    if (r->total > RATIO_FROM && r->total / RATIO_MAX > r->e->csize)
        return xlsxzip_fail(z, err, KP_ERR_DATA,
                            "%s mengembang lebih dari %u kali saat diekstrak (bom zip?)",
                            r->e->name, RATIO_MAX);
    *got = (unsigned)n;
    return KP_OK;
}

/* --- Reading ahead on a thread ------------------------------------------------------------ */

/* One chunk as read_inline gave it: its bytes, or the failure that ended the entry. */
typedef struct ahead_slot {
    unsigned char *buf;
    unsigned got;
    kp_status st;
    kp_error err;
} ahead_slot;

/* A ring of chunks: the thread fills slot head, the parser empties slot tail; count is how
 * many are filled. The thread alone touches the archive and r until it is joined. */
typedef struct xlsxzip_ahead {
    xlsxzip *z;
    xlsxzip_reader *r;
    unsigned cap;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t filled, freed;
    ahead_slot slot[AHEAD_SLOTS];
    unsigned head, tail, count;
    bool quit;
} xlsxzip_ahead;

static void *ahead_main(void *arg)
{
    xlsxzip_ahead *a = arg;
    for (bool end = false; !end;) {
        pthread_mutex_lock(&a->mu);
        while (a->count == AHEAD_SLOTS && !a->quit)
            pthread_cond_wait(&a->freed, &a->mu);
        bool quit = a->quit;
        ahead_slot *s = &a->slot[a->head];
        pthread_mutex_unlock(&a->mu);
        if (quit)
            break;
        s->st = read_inline(a->z, a->r, s->buf, a->cap, &s->got, &s->err);
        end = s->st != KP_OK || s->got == 0;
        pthread_mutex_lock(&a->mu);
        a->head = (a->head + 1) % AHEAD_SLOTS;
        a->count++;
        pthread_cond_signal(&a->filled);
        pthread_mutex_unlock(&a->mu);
    }
    return NULL;
}

static void ahead_free(xlsxzip_ahead *a)
{
    for (unsigned i = 0; i < AHEAD_SLOTS; i++)
        free(a->slot[i].buf);
    free(a);
}

void xlsxzip_read_ahead(xlsxzip *z, xlsxzip_reader *r, unsigned cap)
{
    xlsxzip_ahead *a = calloc(1, sizeof *a);
    if (!a)
        return;
    a->z = z;
    a->r = r;
    a->cap = cap;
    for (unsigned i = 0; i < AHEAD_SLOTS; i++) {
        a->slot[i].buf = malloc(cap);
        if (!a->slot[i].buf) {
            ahead_free(a);
            return;
        }
    }
    if (pthread_mutex_init(&a->mu, NULL) != 0) {
        ahead_free(a);
        return;
    }
    if (pthread_cond_init(&a->filled, NULL) != 0) {
        pthread_mutex_destroy(&a->mu);
        ahead_free(a);
        return;
    }
    if (pthread_cond_init(&a->freed, NULL) != 0) {
        pthread_cond_destroy(&a->filled);
        pthread_mutex_destroy(&a->mu);
        ahead_free(a);
        return;
    }
    if (pthread_create(&a->thread, NULL, ahead_main, a) != 0) {
        pthread_cond_destroy(&a->freed);
        pthread_cond_destroy(&a->filled);
        pthread_mutex_destroy(&a->mu);
        ahead_free(a);
        return;
    }
    r->ahead = a;
}

/* The next chunk from the thread, copied to buf. */
static kp_status read_ahead(xlsxzip_ahead *a, void *buf, unsigned *got, kp_error *err)
{
    pthread_mutex_lock(&a->mu);
    while (a->count == 0)
        pthread_cond_wait(&a->filled, &a->mu);
    ahead_slot *s = &a->slot[a->tail];
    pthread_mutex_unlock(&a->mu);
    kp_status st = s->st;
    *got = st == KP_OK ? s->got : 0;
    if (st == KP_OK)
        memcpy(buf, s->buf, s->got);
    else if (err)
        *err = s->err;
    pthread_mutex_lock(&a->mu);
    a->tail = (a->tail + 1) % AHEAD_SLOTS;
    a->count--;
    pthread_cond_signal(&a->freed);
    pthread_mutex_unlock(&a->mu);
    return st;
}

kp_status xlsxzip_read(xlsxzip *z, xlsxzip_reader *r, void *buf, unsigned cap, unsigned *got,
                       kp_error *err)
{
    if (r->ahead)
        return read_ahead(r->ahead, buf, got, err);
    return read_inline(z, r, buf, cap, got, err);
}

void xlsxzip_read_close(xlsxzip *z, xlsxzip_reader *r)
{
    xlsxzip_ahead *a = r->ahead;
    if (a) {
        pthread_mutex_lock(&a->mu);
        a->quit = true;
        pthread_cond_signal(&a->freed);
        pthread_mutex_unlock(&a->mu);
        pthread_join(a->thread, NULL);
        pthread_cond_destroy(&a->freed);
        pthread_cond_destroy(&a->filled);
        pthread_mutex_destroy(&a->mu);
        ahead_free(a);
        r->ahead = NULL;
    }
    if (r->open)
        unzCloseCurrentFile(z->zf);
    r->open = false;
}

/* --- Recognising what the file is --------------------------------------------------------- */

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The name of an OLE2 directory entry (UTF-16LE) equals the ASCII word w. */
static bool ole_name_is(const unsigned char *ent, const char *w)
{
    size_t nlen = (size_t)ent[64] | (size_t)ent[65] << 8, n = strlen(w);
    if (nlen != 2 * (n + 1))
        return false;
    for (size_t i = 0; i < n; i++)
        if (ent[2 * i] != (unsigned char)w[i] || ent[2 * i + 1] != 0)
            return false;
    return true;
}

/* An OLE2 compound file (D0 CF 11 E0) is either an old .xls or, since Office 2007, the
 * container of an encrypted .xlsx (streams EncryptionInfo and EncryptedPackage). Walks its
 * directory chain (bounded) to tell them apart. */
static kp_status ole2_refuse(xlsxzip *z, kp_error *err)
{
    unsigned char h[512];
    bool encrypted = false;
    if (src_read_at(&z->in, 0, h, sizeof h)) {
        unsigned shift = (unsigned)h[30] | (unsigned)h[31] << 8;
        if (shift == 9 || shift == 12) {
            size_t ssz = (size_t)1 << shift, per = ssz / 4;
            unsigned char *sec = malloc(ssz);
            uint32_t s = le32(h + 48);
            for (int steps = 0; sec && s < 0xFFFFFFFAu && steps < 256 && !encrypted; steps++) {
                if (!src_read_at(&z->in, ((uint64_t)s + 1) * ssz, sec, ssz))
                    break;
                for (size_t k = 0; k + 128 <= ssz; k += 128)
                    if (ole_name_is(sec + k, "EncryptionInfo") ||
                        ole_name_is(sec + k, "EncryptedPackage"))
                        encrypted = true;
                /* next directory sector: FAT entry s, in FAT sector s / per */
                size_t fi = s / per;
                unsigned char v[4];
                if (fi >= 109 || !src_read_at(&z->in, 76 + 4 * (uint64_t)fi, v, 4))
                    break;
                uint32_t fat = le32(v);
                if (fat >= 0xFFFFFFFAu ||
                    !src_read_at(&z->in, ((uint64_t)fat + 1) * ssz + (s % per) * 4, v, 4))
                    break;
                s = le32(v);
            }
            free(sec);
        }
    }
    if (encrypted)
        return xlsxzip_fail(z, err, KP_ERR_DATA, MSG_TERENKRIPSI);
    return xlsxzip_fail(
        z, err, KP_ERR_DATA,
        "format .xls lama (Excel 97-2003): buka di Excel, simpan ulang sebagai .xlsx");
}

/* A zip that is not a workbook: name what it is when it can be told. */
static kp_status not_workbook(xlsxzip *z, kp_error *err)
{
    const xlsxzip_entry *m = xlsxzip_find(z, "mimetype");
    if (m && m->usize < 256 && !(m->flag & 1u)) {
        char mime[256] = "";
        xlsxzip_reader r;
        unsigned got = 0;
        kp_error ignored;
        if (xlsxzip_read_open(z, &r, m, &ignored) == KP_OK)
            xlsxzip_read(z, &r, mime, sizeof mime - 1, &got, &ignored);
        xlsxzip_read_close(z, &r);
        mime[got] = '\0';
        if (strncmp(mime, "application/vnd.oasis.opendocument", 34) == 0)
            return xlsxzip_fail(
                z, err, KP_ERR_DATA,
                "berkas OpenDocument (.ods), bukan .xlsx: buka di LibreOffice Calc atau "
                "Excel lalu simpan sebagai .xlsx");
    }
    if (xlsxzip_find(z, "xl/workbook.bin"))
        return xlsxzip_fail(z, err, KP_ERR_DATA,
                            "buku kerja biner (.xlsb): buka di Excel, simpan ulang sebagai .xlsx");
    return xlsxzip_fail(z, err, KP_ERR_DATA,
                        "bukan buku kerja .xlsx (berkas zip tanpa xl/workbook.xml)");
}

static kp_status list_entries(xlsxzip *z, kp_error *err)
{
    unz_global_info64 gi;
    if (unzGetGlobalInfo64(z->zf, &gi) != UNZ_OK)
        return xlsxzip_fail(z, err, KP_ERR_DATA, "arsip zip rusak");
    if (gi.number_entry > ENTRIES_MAX)
        return xlsxzip_fail(z, err, KP_ERR_DATA, "arsip zip memuat lebih dari %u berkas",
                            ENTRIES_MAX);
    z->entries = calloc(gi.number_entry ? (size_t)gi.number_entry : 1, sizeof *z->entries);
    if (!z->entries)
        return xlsxzip_no_memory(z, err);
    int rc = unzGoToFirstFile(z->zf);
    while (rc == UNZ_OK && z->n_entries < gi.number_entry) {
        unz_file_info64 fi;
        char name[XLSXZIP_NAME_MAX + 1];
        if (unzGetCurrentFileInfo64(z->zf, &fi, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            return xlsxzip_fail(z, err, KP_ERR_DATA, "arsip zip rusak (daftar isi)");
        if (fi.size_filename <= XLSXZIP_NAME_MAX) {
            xlsxzip_entry *e = &z->entries[z->n_entries];
            e->name = arena_strndup(z->a, name, fi.size_filename);
            if (!e->name)
                return xlsxzip_no_memory(z, err);
            if (unzGetFilePos64(z->zf, &e->pos) != UNZ_OK)
                return xlsxzip_fail(z, err, KP_ERR_DATA, "arsip zip rusak (daftar isi)");
            e->csize = fi.compressed_size;
            e->usize = fi.uncompressed_size;
            e->flag = fi.flag;
            e->method = fi.compression_method;
            z->n_entries++;
        }
        rc = unzGoToNextFile(z->zf);
    }
    if (rc != UNZ_OK && rc != UNZ_END_OF_LIST_OF_FILE)
        return xlsxzip_fail(z, err, KP_ERR_DATA, "arsip zip rusak (daftar isi)");
    if (z->n_entries)
        qsort(z->entries, z->n_entries, sizeof *z->entries, entry_cmp);
    return KP_OK;
}

/* Tells what the file is; lists the entries of a workbook. */
static kp_status recognise(xlsxzip *z, kp_error *err)
{
    unsigned char magic[8];
    if (z->in.size == 0)
        return xlsxzip_fail(z, err, KP_ERR_DATA, "berkas kosong, bukan buku kerja .xlsx");
    if (!src_read_at(&z->in, 0, magic, z->in.size < 8 ? (size_t)z->in.size : 8))
        return xlsxzip_fail(z, err, KP_ERR_DATA, "berkas tidak terbaca");
    if (z->in.size >= 8 && memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return ole2_refuse(z, err);
    if (z->in.size < 4 || magic[0] != 'P' || magic[1] != 'K' ||
        !((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6)))
        return xlsxzip_fail(z, err, KP_ERR_DATA, "bukan berkas .xlsx (bukan arsip zip)");

    zlib_filefunc64_def ff = {src_open, src_read,  src_write, src_tell,
                              src_seek, src_close, src_error, &z->in};
    z->zf = unzOpen2_64(z->path, &ff);
    if (!z->zf)
        return xlsxzip_fail(z, err, KP_ERR_DATA, "arsip zip rusak atau terpotong");
    kp_status st = list_entries(z, err);
    if (st != KP_OK)
        return st;
    if (!xlsxzip_find(z, "xl/workbook.xml"))
        return not_workbook(z, err);
    return KP_OK;
}

static xlsxzip *alloc_z(const char *name)
{
    xlsxzip *z = calloc(1, sizeof *z);
    if (!z)
        return NULL;
    z->a = arena_new(0);
    z->path = strdup(name ? name : "");
    if (!z->a || !z->path) {
        xlsxzip_free(z);
        return NULL;
    }
    return z;
}

static kp_status open_common(xlsxzip *z, xlsxzip **out, kp_error *err)
{
    kp_status st = recognise(z, err);
    if (st != KP_OK) {
        xlsxzip_free(z);
        return st;
    }
    *out = z;
    return KP_OK;
}

kp_status xlsxzip_open(const char *path, xlsxzip **out, kp_error *err)
{
    *out = NULL;
    xlsxzip *z = alloc_z(path);
    if (!z)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    z->in.f = fopen(path, "rb");
    struct stat sb;
    if (!z->in.f) {
        kp_status st = kp_error_errno(err, KP_ERR_DATA, path, errno, "berkas", "dibaca");
        xlsxzip_free(z);
        return st;
    }
    if (fstat(fileno(z->in.f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        kp_status st = xlsxzip_fail(z, err, KP_ERR_DATA, "bukan berkas biasa");
        xlsxzip_free(z);
        return st;
    }
    z->in.size = (uint64_t)sb.st_size;
    return open_common(z, out, err);
}

kp_status xlsxzip_open_mem(const void *data, size_t size, const char *name, xlsxzip **out,
                           kp_error *err)
{
    *out = NULL;
    xlsxzip *z = alloc_z(name);
    if (!z)
        return kp_error_set(err, KP_ERR_IO, name, 0, 0, "memori habis");
    z->in.mem = data;
    z->in.size = size;
    return open_common(z, out, err);
}

kp_status xlsxzip_reopen(const xlsxzip *z, xlsxzip **out, kp_error *err)
{
    if (z->in.mem)
        return xlsxzip_open_mem(z->in.mem, (size_t)z->in.size, z->path, out, err);
    kp_status st = xlsxzip_open(z->path, out, err);
    if (st == KP_OK && (*out)->in.size != z->in.size) {
        st = xlsxzip_fail(z, err, KP_ERR_DATA, "berkas berubah selagi dibaca");
        xlsxzip_free(*out);
        *out = NULL;
    }
    return st;
}

void xlsxzip_free(xlsxzip *z)
{
    if (!z)
        return;
    if (z->zf)
        unzClose(z->zf);
    if (z->in.f)
        fclose(z->in.f);
    free(z->entries);
    arena_free(z->a);
    free(z->path);
    free(z);
}

bool xlsxzip_sniff(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    struct stat sb;
    unsigned char magic[4];
    bool ok = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && fread(magic, 1, 4, f) == 4 &&
              memcmp(magic, "PK\x03\x04", 4) == 0;
    if (ok) {
        src s = {.f = f, .size = (uint64_t)sb.st_size};
        zlib_filefunc64_def ff = {src_open, src_read,  src_write, src_tell,
                                  src_seek, src_close, src_error, &s};
        unzFile zf = unzOpen2_64(path, &ff);
        /* 2: names compared without case, as OPC part names are */
        ok = zf && unzLocateFile(zf, "xl/workbook.xml", 2) == UNZ_OK;
        if (zf)
            unzClose(zf);
    }
    fclose(f);
    return ok;
}
