#include "model/agg.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hmap.h"

#define NAME_MAX_BYTES 512
#define SLUG_MAX_BYTES 128
/* A slug's length limit (names_slug's), uniqueness suffix included. */
#define SLUG_LIMIT 100
/* Rows consumed between two returns of their memory: 400 KB, few enough system calls. */
#define TRUNCATE_ROWS 4096

struct agg_index {
    hmap *by_key;  /* agg_instansi.key -> instansi */
    hmap *by_name; /* agg_instansi.nama_key -> instansi (first in year order) */
    hmap *prov;    /* agg_provinsi.key -> province */
};

/* An instansi while rows are gathered: its identity is settled before the tree is laid out. */
typedef struct ent {
    int year; /* index into the model's years */
    const char *kode;
    const char *nama, *nama_asli, *nama_key;
    size_t prov; /* index into the year's province list, then its final position */
    names_jenis jenis;
    const char *file;
    uint32_t line;
    rubric_gerbang gerbang; /* the first row that says */
    size_t n_units;         /* its rows that name a unit (the others are instansi-level) */
    size_t fill;            /* units not placed yet: place_units fills from the last one */
    size_t n_official;
    rows_row official[2];  /* its first two instansi-level rows, in file order */
    size_t official_at[2]; /* how many of its units come before each in the file */
    agg_instansi *out;
} ent;

typedef struct prov_tmp {
    const char *nama, *key;
    bool pusat;
    size_t final;
} prov_tmp;

/* Per-year state of the build. */
typedef struct ybuild {
    int tahun;
    const rubric *rubric;
    hmap *by_kode; /* kode -> ent index + 1 */
    hmap *by_name; /* name key -> ent index + 1 */
    hmap *by_row;  /* "kode\x1fcanonical name" as the rows write it -> ent index + 1 */
    hmap *prov;    /* province key -> prov_tmp index + 1 */
    prov_tmp *provs;
    size_t n_provs, cap_provs;
} ybuild;

typedef struct build {
    const rows_data *data;
    agg_model *m;
    arena *a;       /* the model's arena */
    arena *scratch; /* keys of the build's own tables */
    kp_error *err;
    ybuild *years;
    int *year_of; /* tahun - INT16_MIN -> year index + 1 */
    ent *ents;
    size_t n_ents, cap_ents;
    uint32_t *row_ent;
    struct uname_cache *unames;
    agg_unit *units;                   /* every unit of the model, entity by entity */
    uint32_t *key_hash, *slug_hash;    /* per unit in units: its name's (from uname) */
    hmap *files;                       /* input path -> model copy */
    const char *last_path, *last_copy; /* copy_file's latest: rows come file by file */
} build;

static kp_status oom(kp_error *err)
{
    return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
}

static void *idx_val(size_t i)
{
    return (void *)(uintptr_t)(i + 1);
}

static size_t val_idx(void *v)
{
    return (size_t)(uintptr_t)v - 1;
}

/* Running sums live in mean until stats_done(): agg_stats has no field of its own for them. */
static void stats_add(agg_stats *s, dec_t v, const rubric_band *b, int band_index)
{
    if (s->n == 0 || v < s->min)
        s->min = v;
    if (s->n == 0 || v > s->max)
        s->max = v;
    s->n++;
    s->mean += v;
    s->zona[b->zona]++;
    s->kategori[band_index]++;
}

static void stats_done(agg_stats *s)
{
    s->mean = s->n ? dec_mean(s->mean, (int64_t)s->n) : 0;
}

static kp_status classify(const rubric *r, dec_t v, const rubric_band **band, int *index,
                          const char *file, uint32_t line, kp_error *err)
{
    const rubric_band *b = rubric_classify(r, v);
    if (!b) {
        char buf[32];
        return kp_error_set(err, KP_ERR_DATA, file, (int)line, 0,
                            "nilai %s di luar skala rubrik %s", dec_format(v, ',', buf, sizeof buf),
                            r->id);
    }
    *band = b;
    *index = (int)(b - r->band);
    return KP_OK;
}

/* The row's nilai: its own, else the sum of its components; false when they are incomplete. */
static bool row_score(const rows_row *row, const rubric *r, dec_t *out)
{
    if (row->ada_nilai) {
        *out = row->nilai;
        return true;
    }
    dec_t comp[RUBRIC_MAX_COMP];
    rows_row_comp(row, comp);
    return rubric_unit_score(r, row->comp_mask, comp, out);
}

static kp_status no_score(const rubric *r, const char *file, uint32_t line, kp_error *err)
{
    return kp_error_set(err, KP_ERR_DATA, file, (int)line, 0,
                        "baris tanpa nilai dan komponennya tidak lengkap (rubrik %s)", r->id);
}

static const char *copy_file(build *b, const char *path)
{
    if (!path)
        return NULL;
    if (path == b->last_path)
        return b->last_copy;
    bool added;
    void **v = hmap_puts(b->files, path, &added);
    if (!v)
        return NULL;
    if (added) {
        char *c = arena_strdup(b->a, path);
        if (!c)
            return NULL;
        *v = c;
    }
    b->last_path = path;
    b->last_copy = *v;
    return *v;
}

/* ---- phase 1: who is who ---------------------------------------------------------------- */

static bool row_is_pusat(const rows_row *row, const char *prov_key)
{
    return row->jenis == JENIS_KEMENTERIAN || row->jenis == JENIS_LEMBAGA || !prov_key[0] ||
           !strcmp(prov_key, "pusat");
}

static kp_status add_province(build *b, ybuild *y, const rows_row *row, size_t *out)
{
    char key[NAME_MAX_BYTES];
    names_key(row->provinsi ? row->provinsi : "", key, sizeof key);
    bool pusat = row_is_pusat(row, key);
    if (pusat)
        strcpy(key, "pusat");
    void **v = hmap_gets(y->prov, key);
    if (v) {
        *out = val_idx(*v);
        return KP_OK;
    }
    if (y->n_provs == y->cap_provs) {
        size_t cap = y->cap_provs ? y->cap_provs * 2 : 64;
        prov_tmp *p = realloc(y->provs, cap * sizeof *p);
        if (!p)
            return oom(b->err);
        y->provs = p;
        y->cap_provs = cap;
    }
    prov_tmp *p = &y->provs[y->n_provs];
    p->key = arena_strdup(b->a, key);
    p->nama = arena_strdup(b->a, pusat ? "Pusat" : row->provinsi);
    p->pusat = pusat;
    if (!p->key || !p->nama || !(v = hmap_puts(y->prov, p->key, NULL)))
        return oom(b->err);
    *v = idx_val(y->n_provs);
    *out = y->n_provs++;
    return KP_OK;
}

static kp_status new_ent(build *b, int yi, const rows_row *row, const char *name_key, size_t *out)
{
    if (b->n_ents == b->cap_ents) {
        size_t cap = b->cap_ents ? b->cap_ents * 2 : 1024;
        ent *e = realloc(b->ents, cap * sizeof *e);
        if (!e)
            return oom(b->err);
        b->ents = e;
        b->cap_ents = cap;
    }
    ent *e = &b->ents[b->n_ents];
    memset(e, 0, sizeof *e);
    e->year = yi;
    e->nama = arena_strdup(b->a, row->instansi);
    e->nama_asli = arena_strdup(b->a, row->instansi_asli ? row->instansi_asli : row->instansi);
    e->nama_key = arena_strdup(b->a, name_key);
    e->kode = row->kode && row->kode[0] ? arena_strdup(b->a, row->kode) : NULL;
    e->file = copy_file(b, row->file);
    if (!e->nama || !e->nama_asli || !e->nama_key || (row->kode && row->kode[0] && !e->kode) ||
        (row->file && !e->file))
        return oom(b->err);
    e->line = row->line;
    e->jenis = (names_jenis)row->jenis;
    kp_status st = add_province(b, &b->years[yi], row, &e->prov);
    if (st)
        return st;
    *out = b->n_ents++;
    return KP_OK;
}

/*
 * Settles the instansi of a row that the row cache has not seen: by kode first, then by
 * name, so that an instansi written once with its kode and once without is one entity.
 * Two different kodes under one name stay two entities.
 */
static kp_status resolve(build *b, int yi, const rows_row *row, size_t *out)
{
    ybuild *y = &b->years[yi];
    char key[NAME_MAX_BYTES];
    names_key(row->instansi, key, sizeof key);
    bool has_kode = row->kode && row->kode[0];
    void **vk = NULL;
    if (has_kode) {
        vk = hmap_gets(y->by_kode, row->kode);
        if (vk) {
            *out = val_idx(*vk);
            return KP_OK;
        }
    }
    void **vn = hmap_gets(y->by_name, key);
    size_t i = 0;
    if (vn && (!has_kode || !b->ents[val_idx(*vn)].kode)) {
        i = val_idx(*vn);
        if (has_kode) {
            ent *e = &b->ents[i];
            e->kode = arena_strdup(b->a, row->kode);
            if (!e->kode)
                return oom(b->err);
        }
    } else {
        kp_status st = new_ent(b, yi, row, key, &i);
        if (st)
            return st;
        if (!vn) {
            void **v = hmap_puts(y->by_name, b->ents[i].nama_key, NULL);
            if (!v)
                return oom(b->err);
            *v = idx_val(i);
        }
    }
    if (has_kode) {
        void **v = hmap_puts(y->by_kode, b->ents[i].kode, NULL);
        if (!v)
            return oom(b->err);
        *v = idx_val(i);
    }
    *out = i;
    return KP_OK;
}

/* "kode\x1fname": what a row says about its instansi. 0 when it does not fit: not cached. */
static size_t row_cache_key(const rows_row *row, char *buf, size_t cap)
{
    size_t len = 0;
    const char *parts[2] = {row->kode ? row->kode : "", row->instansi ? row->instansi : ""};
    for (int p = 0; p < 2; p++) {
        size_t n = strlen(parts[p]);
        if (n > cap / 2 - 1)
            return 0;
        memcpy(buf + len, parts[p], n);
        len += n;
        if (p == 0)
            buf[len++] = '\x1f';
    }
    return len;
}

static kp_status gather(build *b)
{
    const rows_data *d = b->data;
    char buf[2 * NAME_MAX_BYTES];
    for (size_t r = 0; r < d->n_rows; r++) {
        const rows_row *row = &d->rows[r];
        const rows_row *prev = r ? &d->rows[r - 1] : NULL;
        /* The reader interns names, and rows come grouped by instansi: the same pointers as
         * the row before are the same instansi without hashing a string. */
        if (prev && row->instansi == prev->instansi && row->kode == prev->kode &&
            row->tahun == prev->tahun && row->instansi) {
            ent *e = &b->ents[b->row_ent[r - 1]];
            if (!e->jenis && row->jenis)
                e->jenis = (names_jenis)row->jenis;
            if (!e->gerbang)
                e->gerbang = (rubric_gerbang)row->gerbang;
            e->n_units += row->skpd != NULL;
            b->row_ent[r] = b->row_ent[r - 1];
            continue;
        }
        int yi = b->year_of[row->tahun - INT16_MIN] - 1;
        ybuild *y = &b->years[yi];
        /* Rows repeat the same few hundred instansi: the cache spares names_key per row. */
        size_t len = row_cache_key(row, buf, sizeof buf);
        void **v = len ? hmap_get(y->by_row, buf, len) : NULL;
        size_t i = 0;
        if (v) {
            i = val_idx(*v);
        } else {
            if (!row->instansi || !row->instansi[0])
                return kp_error_set(b->err, KP_ERR_DATA, row->file, (int)row->line, 0,
                                    "baris tanpa nama instansi");
            kp_status st = resolve(b, yi, row, &i);
            if (st)
                return st;
            if (len) {
                char *k = arena_strndup(b->scratch, buf, len);
                if (!k || !(v = hmap_put(y->by_row, k, len, NULL)))
                    return oom(b->err);
                *v = idx_val(i);
            }
        }
        ent *e = &b->ents[i];
        if (!e->jenis && row->jenis)
            e->jenis = (names_jenis)row->jenis;
        if (!e->gerbang)
            e->gerbang = (rubric_gerbang)row->gerbang;
        e->n_units += row->skpd != NULL;
        b->row_ent[r] = (uint32_t)i;
    }
    return KP_OK;
}

/* ---- phase 2: the tree's layout --------------------------------------------------------- */

static int compare_prov_tmp(const void *pa, const void *pb)
{
    const prov_tmp *a = *(const prov_tmp *const *)pa, *b = *(const prov_tmp *const *)pb;
    if (a->pusat != b->pusat)
        return a->pusat ? 1 : -1;
    int c = strcmp(a->key, b->key);
    return c ? c : strcmp(a->nama, b->nama);
}

static int compare_name(const char *ka, const char *na, const char *kda, const char *kb,
                        const char *nb, const char *kdb)
{
    int c = strcmp(ka, kb);
    if (!c)
        c = strcmp(na, nb);
    if (!c)
        c = strcmp(kda ? kda : "", kdb ? kdb : "");
    return c;
}

static int compare_ent(const void *pa, const void *pb)
{
    const ent *a = *(const ent *const *)pa, *b = *(const ent *const *)pb;
    if (a->prov != b->prov)
        return a->prov < b->prov ? -1 : 1;
    return compare_name(a->nama_key, a->nama, a->kode, b->nama_key, b->nama, b->kode);
}

/* base, else base-2, base-3 ...: the first not in used, copied into the arena and recorded. */
static kp_status unique_slug(arena *a, hmap *used, const char *base, const char **out,
                             kp_error *err)
{
    char buf[SLUG_MAX_BYTES + 16];
    snprintf(buf, sizeof buf, "%s", base);
    for (unsigned k = 2; hmap_gets(used, buf); k++) {
        /* The suffix must fit in the limit too: shorten the base to make room
         * (slugs are ASCII, so any byte is a character boundary). */
        char suffix[16];
        int sl = snprintf(suffix, sizeof suffix, "-%u", k);
        size_t keep = strlen(base);
        if (keep + (size_t)sl > SLUG_LIMIT)
            keep = SLUG_LIMIT - (size_t)sl;
        while (keep > 0 && base[keep - 1] == '-')
            keep--;
        snprintf(buf, sizeof buf, "%.*s%s", (int)keep, base, suffix);
    }
    char *s = arena_strdup(a, buf);
    if (!s || !hmap_puts(used, s, NULL))
        return oom(err);
    *out = s;
    return KP_OK;
}

static kp_status layout_year(build *b, int yi)
{
    ybuild *yb = &b->years[yi];
    agg_year *y = &b->m->years[yi];
    kp_error *err = b->err;
    kp_status st = KP_OK;
    prov_tmp **ps = malloc((yb->n_provs ? yb->n_provs : 1) * sizeof *ps);
    ent **es = NULL;
    hmap *used = hmap_new(yb->n_provs);
    if (!ps || !used) {
        st = oom(err);
        goto done;
    }
    for (size_t i = 0; i < yb->n_provs; i++)
        ps[i] = &yb->provs[i];
    qsort(ps, yb->n_provs, sizeof *ps, compare_prov_tmp);
    y->n_provinsi = yb->n_provs;
    y->provinsi = arena_calloc(b->a, yb->n_provs ? yb->n_provs : 1, sizeof *y->provinsi);
    if (!y->provinsi) {
        st = oom(err);
        goto done;
    }
    char buf[NAME_MAX_BYTES];
    for (size_t i = 0; i < yb->n_provs; i++) {
        agg_provinsi *p = &y->provinsi[i];
        ps[i]->final = i;
        p->nama = ps[i]->nama;
        p->key = ps[i]->key;
        p->pusat = ps[i]->pusat;
        names_slug(p->nama, buf, SLUG_MAX_BYTES);
        if ((st = unique_slug(b->a, used, buf, &p->slug, err)))
            goto done;
    }

    size_t n = 0;
    for (size_t i = 0; i < b->n_ents; i++)
        n += b->ents[i].year == yi;
    es = malloc((n ? n : 1) * sizeof *es);
    y->instansi = arena_calloc(b->a, n ? n : 1, sizeof *y->instansi);
    if (!es || !y->instansi) {
        st = oom(err);
        goto done;
    }
    n = 0;
    for (size_t i = 0; i < b->n_ents; i++) {
        ent *e = &b->ents[i];
        if (e->year != yi)
            continue;
        e->prov = yb->provs[e->prov].final;
        es[n++] = e;
    }
    qsort(es, n, sizeof *es, compare_ent);
    y->n_instansi = n;

    hmap_clear(used);
    for (size_t i = 0; i < n; i++) {
        ent *e = es[i];
        agg_instansi *in = &y->instansi[i];
        agg_provinsi *p = &y->provinsi[e->prov];
        e->out = in;
        in->nama = e->nama;
        in->nama_asli = e->nama_asli;
        in->nama_key = e->nama_key;
        in->kode = e->kode;
        in->key = e->kode ? arena_sprintf(b->a, "kode:%s", e->kode) : e->nama_key;
        in->jenis = e->jenis;
        in->provinsi = p;
        in->file = e->file;
        in->line = e->line;
        names_formal(e->nama, e->jenis, buf, sizeof buf);
        in->nama_resmi = arena_strdup(b->a, buf);
        names_place(e->nama, buf, sizeof buf);
        in->tempat = arena_strdup(b->a, buf);
        if (!in->key || !in->nama_resmi || !in->tempat) {
            st = oom(err);
            goto done;
        }
        names_slug(e->nama, buf, SLUG_MAX_BYTES);
        if ((st = unique_slug(b->a, used, buf, &in->slug, err)))
            goto done;
        p->n_instansi++;
        if (!p->pemprov && e->jenis == JENIS_PROVINSI)
            p->pemprov = in;
    }
    for (size_t i = 0; i < y->n_provinsi; i++) {
        agg_provinsi *p = &y->provinsi[i];
        p->instansi = arena_calloc(b->a, p->n_instansi ? p->n_instansi : 1, sizeof *p->instansi);
        if (!p->instansi) {
            st = oom(err);
            goto done;
        }
        p->n_instansi = 0;
    }
    /* y->instansi is sorted by province, then name: each province's list comes out sorted. */
    for (size_t i = 0; i < n; i++) {
        agg_provinsi *p = &y->provinsi[es[i]->prov];
        p->instansi[p->n_instansi++] = &y->instansi[i];
    }
done:
    free(ps);
    free(es);
    hmap_free(used);
    return st;
}

/* ---- phase 3: units and scores ---------------------------------------------------------- */

/*
 * A unit name's derived strings, computed once per distinct name for the whole run (names
 * repeat across instansi: 1M generated rows carry about 300k distinct names). The reader
 * interns names, so the cache is keyed by the name's address, not by hashing its bytes;
 * a name that is not interned only misses the cache.
 */
typedef struct uname {
    const char *src; /* the reader's string: its address is the table's key */
    const char *nama, *key, *slug;
    uint32_t key_hash, slug_hash; /* for finish_ent's tables: hashed once, not once a unit */
} uname;

/*
 * Open addressing from the name's address to its uname, held in the slots themselves: one
 * cache miss a unit, and 40 bytes a distinct name instead of a 32-byte hmap slot plus the
 * uname elsewhere. Addresses are aligned: the multiply's high half is where their bits are
 * mixed, so that is the hash.
 */
static inline uint64_t uname_hash(const char *src)
{
    return ((uint64_t)(uintptr_t)src * 0x9E3779B97F4A7C15ULL) >> 32;
}

#define UNAME_KEY_HASH(k)   uname_hash(k)
#define UNAME_SLOT_HASH(s)  uname_hash((s)->src)
#define UNAME_SLOT_IS(s, k) ((s)->src == (k))
#define UNAME_SLOT_EMPTY(s) (!(s)->src)
HMAP_TYPED(uname_cache, uname, const char *, UNAME_KEY_HASH, UNAME_SLOT_HASH, UNAME_SLOT_IS,
           UNAME_SLOT_EMPTY, 4096, 3, 4, hmap_calloc)

static kp_status unit_name(build *b, agg_unit *u, const char *skpd)
{
    uname_cache *c = b->unames;
    if (!uname_cache_reserve(c))
        return oom(b->err);
    uname *n = uname_cache_find(c, skpd);
    if (!n->src) {
        char key[NAME_MAX_BYTES], slug[SLUG_MAX_BYTES];
        names_key(skpd, key, sizeof key);
        names_slug(skpd, slug, sizeof slug);
        size_t nn = strlen(skpd) + 1, nk = strlen(key) + 1, ns = strlen(slug) + 1;
        char *p = arena_alloc(b->a, nn + nk + ns);
        if (!p)
            return oom(b->err);
        n->src = skpd;
        n->nama = memcpy(p, skpd, nn);
        n->key = memcpy(p + nn, key, nk);
        n->slug = memcpy(p + nn + nk, slug, ns);
        n->key_hash = (uint32_t)hmap_hash(key, nk - 1);
        n->slug_hash = (uint32_t)hmap_hash(slug, ns - 1);
        c->n++;
    }
    u->nama = n->nama;
    u->key = n->key;
    u->slug = n->slug;
    b->key_hash[u - b->units] = n->key_hash;
    b->slug_hash[u - b->units] = n->slug_hash;
    return KP_OK;
}

static int compare_unit_rank(const void *pa, const void *pb)
{
    const agg_unit *a = pa, *b = pb;
    if (a->nilai != b->nilai)
        return a->nilai > b->nilai ? -1 : 1;
    int c = strcmp(a->key, b->key);
    return c ? c : strcmp(a->nama, b->nama);
}

static int compare_unit_name(const void *pa, const void *pb)
{
    const agg_unit *a = *(const agg_unit *const *)pa, *b = *(const agg_unit *const *)pb;
    int c = strcmp(a->key, b->key);
    return c ? c : strcmp(a->nama, b->nama);
}

/*
 * Unit slugs are usually their names' slugs already; only when two collide (finish_ent
 * finds out) are suffixes handed out, in name order so that they do not move when scores do.
 */
static kp_status unit_slugs(build *b, agg_instansi *in)
{
    hmap *set = hmap_new(in->n_units);
    agg_unit **by_name = malloc(in->n_units * sizeof *by_name);
    if (!set || !by_name) {
        hmap_free(set);
        free(by_name);
        return oom(b->err);
    }
    for (size_t i = 0; i < in->n_units; i++)
        by_name[i] = &in->units[i];
    qsort(by_name, in->n_units, sizeof *by_name, compare_unit_name);
    kp_status st = KP_OK;
    for (size_t i = 0; i < in->n_units && !st; i++)
        st = unique_slug(b->a, set, by_name[i]->slug, &by_name[i]->slug, b->err);
    free(by_name);
    hmap_free(set);
    return st;
}

/*
 * Every entity's units in one block, each entity's slice in file order. The block is not
 * cleared: place_units writes every unit whole, so its pages are touched only as the rows
 * they replace are released.
 */
static kp_status alloc_units(build *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n_ents; i++)
        n += b->ents[i].n_units;
    agg_unit *all = arena_alloc(b->a, (n ? n : 1) * sizeof *all);
    b->units = all;
    b->key_hash = malloc((n ? n : 1) * sizeof *b->key_hash);
    b->slug_hash = malloc((n ? n : 1) * sizeof *b->slug_hash);
    if (!all || !b->key_hash || !b->slug_hash)
        return oom(b->err);
    for (size_t i = 0; i < b->n_ents; i++) {
        ent *e = &b->ents[i];
        e->out->units = all;
        e->fill = e->n_units;
        all += e->n_units;
    }
    return KP_OK;
}

static kp_status place_unit(build *b, ent *e, const rows_row *row)
{
    const rubric *r = b->years[e->year].rubric;
    uint8_t all = (uint8_t)((1u << r->n_comp) - 1);
    agg_unit *u = &e->out->units[--e->fill];
    *u = (agg_unit){.instansi = e->out,
                    .file = copy_file(b, row->file),
                    .line = row->line,
                    .comp_mask = row->comp_mask & all};
    if (row->file && !u->file)
        return oom(b->err);
    for (int c = 0; c < r->n_comp; c++)
        u->comp[c] = row->comp[c];
    /* Errors are reported by finish_ent, in file order: here a missing score is only marked. */
    if (!row_score(row, r, &u->nilai))
        u->band_index = -1;
    return unit_name(b, u, row->skpd);
}

/*
 * Rows become units from the last row backwards, so that a consuming build can return the
 * rows' memory (from the end of their array) while the units take their place.
 */
static kp_status place_units(build *b, rows_data *consume)
{
    const rows_data *d = b->data;
    for (size_t r = d->n_rows; r-- > 0;) {
        const rows_row *row = &d->rows[r];
        ent *e = &b->ents[b->row_ent[r]];
        if (row->skpd) {
            kp_status st = place_unit(b, e, row);
            if (st)
                return st;
        } else {
            e->official[1] = e->official[0];
            e->official_at[1] = e->official_at[0];
            e->official[0] = *row;
            e->official_at[0] = e->fill;
            e->n_official++;
        }
        if (consume && r % TRUNCATE_ROWS == 0)
            rows_data_truncate(consume, r);
    }
    return KP_OK;
}

/*
 * Unit k's key (slug) among those of units 0 .. k-1 in the table: the unit that has it, or
 * NULL after adding it. Slots hold hash << 32 | unit + 1, hashes come from the name cache.
 */
static const agg_unit *seen_before(uint64_t *slot, size_t cap, const agg_unit *units,
                                   const uint32_t *hash, size_t k, bool slug)
{
    uint32_t h = hash[k];
    const char *s = slug ? units[k].slug : units[k].key;
    for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
        if (!slot[i]) {
            slot[i] = (uint64_t)h << 32 | (uint32_t)(k + 1);
            return NULL;
        }
        if ((uint32_t)(slot[i] >> 32) != h)
            continue;
        const agg_unit *o = &units[(uint32_t)slot[i] - 1];
        if (!strcmp(slug ? o->slug : o->key, s))
            return o;
    }
}

static kp_status finish_ent(build *b, ent *e)
{
    const rubric *r = b->years[e->year].rubric;
    int tahun = b->years[e->year].tahun;
    agg_instansi *in = e->out;
    const rows_row *official = NULL;
    size_t cap = 16;
    while (cap < e->n_units * 2)
        cap *= 2;
    uint64_t *keys = calloc(2 * cap, sizeof *keys);
    if (!keys)
        return oom(b->err);
    uint64_t *slugs = keys + cap;
    size_t base = (size_t)(in->units - b->units);
    bool clash = false;
    kp_status st = KP_OK;
    dec_t comp_sum[RUBRIC_MAX_COMP] = {0};
    uint8_t all = (uint8_t)((1u << r->n_comp) - 1), comp_all = all;
    size_t n_official = e->n_official < 2 ? e->n_official : 2;
    for (size_t k = 0; !st; k++) {
        for (size_t j = 0; j < n_official && !st; j++) {
            if (e->official_at[j] != k)
                continue;
            const rows_row *row = &e->official[j];
            if (official)
                st = kp_error_set(b->err, KP_ERR_DATA, row->file, (int)row->line, 0,
                                  "nilai instansi %s tahun %d ganda (juga di %s:%u)", e->nama,
                                  row->tahun, official->file, official->line);
            official = row;
        }
        if (st || k == e->n_units)
            break;
        agg_unit *u = &in->units[k];
        const agg_unit *prev = seen_before(keys, cap, in->units, b->key_hash + base, k, false);
        if (prev) {
            st = kp_error_set(b->err, KP_ERR_DATA, u->file, (int)u->line, 0,
                              "SKPD %s di %s tahun %d ganda (juga di %s:%u)", u->nama, e->nama,
                              tahun, prev->file, prev->line);
            break;
        }
        in->n_units++;
        clash = clash || seen_before(slugs, cap, in->units, b->slug_hash + base, k, true);
        if (u->band_index < 0) {
            st = no_score(r, u->file, u->line, b->err);
            break;
        }
        if ((st = classify(r, u->nilai, &u->band, &u->band_index, u->file, u->line, b->err)))
            break;
        u->pembinaan = rubric_pembinaan(r, u->nilai);
        in->n_pembinaan += u->pembinaan;
        comp_all &= u->comp_mask;
        for (int c = 0; c < r->n_comp; c++)
            comp_sum[c] += u->comp[c];
        stats_add(&in->unit_stats, u->nilai, u->band, u->band_index);
    }
    free(keys);
    if (!st && clash)
        st = unit_slugs(b, in);
    if (st)
        return st;

    qsort(in->units, in->n_units, sizeof *in->units, compare_unit_rank);
    for (size_t i = 0; i < in->n_units; i++)
        in->units[i].peringkat = i && in->units[i].nilai == in->units[i - 1].nilai
                                     ? in->units[i - 1].peringkat
                                     : (int)i + 1;

    in->ada_rerata = in->n_units > 0;
    if (in->ada_rerata) {
        /* unit_stats.mean still holds the exact sum here (see stats_add). */
        in->rerata = dec_mean(in->unit_stats.mean, (int64_t)in->n_units);
        in->comp_mask = comp_all;
        for (int c = 0; c < r->n_comp; c++)
            if (comp_all & (1u << c))
                in->comp[c] = dec_mean(comp_sum[c], (int64_t)in->n_units);
    } else if (official) {
        in->comp_mask = official->comp_mask & all;
        rows_row_comp(official, in->comp);
    }
    if (official) {
        in->nilai_resmi = true;
        if (!row_score(official, r, &in->nilai))
            return no_score(r, official->file, official->line, b->err);
    } else {
        in->nilai = in->rerata;
    }
    st = classify(r, in->nilai, &in->band, &in->band_index, e->file, e->line, b->err);
    if (st)
        return st;
    in->gerbang = e->gerbang;
    in->predikat = e->jenis == JENIS_VERTIKAL ? in->band->predikat_unit : in->band->predikat;
    in->opini = "";
    if (r->opini[0] && e->jenis != JENIS_VERTIKAL) {
        char buf[2 * RUBRIC_TEXT_MAX + 40];
        if (!(in->opini =
                  arena_strdup(b->a, rubric_opini(r, in->band, in->gerbang, buf, sizeof buf))))
            return oom(b->err);
    }
    return KP_OK;
}

/* ---- phase 4: ranks, counts, lookup tables ---------------------------------------------- */

static int compare_ranked(const void *pa, const void *pb)
{
    const agg_instansi *a = *(const agg_instansi *const *)pa;
    const agg_instansi *b = *(const agg_instansi *const *)pb;
    if (a->nilai != b->nilai)
        return a->nilai > b->nilai ? -1 : 1;
    return compare_name(a->nama_key, a->nama, a->kode, b->nama_key, b->nama, b->kode);
}

static void stats_merge(agg_stats *into, const agg_stats *s)
{
    if (!s->n)
        return;
    if (!into->n || s->min < into->min)
        into->min = s->min;
    if (!into->n || s->max > into->max)
        into->max = s->max;
    into->n += s->n;
    into->mean += s->mean;
    for (int i = 0; i < ZONA_COUNT; i++)
        into->zona[i] += s->zona[i];
    for (int i = 0; i < RUBRIC_MAX_BANDS; i++)
        into->kategori[i] += s->kategori[i];
}

/* Standard competition ranking (1, 2, 2, 4) within one group, fed in rank order. */
typedef struct ranker {
    size_t seen;
    int rank;
    dec_t last;
} ranker;

static int ranker_next(ranker *k, dec_t v)
{
    k->seen++;
    if (k->seen == 1 || v != k->last)
        k->rank = (int)k->seen;
    k->last = v;
    return k->rank;
}

static bool ranked_in_province(const agg_instansi *in)
{
    return in->jenis == JENIS_KABUPATEN || in->jenis == JENIS_KOTA || in->jenis == JENIS_VERTIKAL;
}

/* Province ranks: kabupaten and kota among themselves, vertical offices among themselves. */
static size_t province_ranker(const agg_year *y, const agg_instansi *in)
{
    return (size_t)(in->provinsi - y->provinsi) * 2 + (in->jenis == JENIS_VERTIKAL);
}

static void stats_add_instansi(agg_stats *s, const agg_instansi *in)
{
    stats_add(s, in->nilai, in->band, in->band_index);
    s->gerbang += in->gerbang == RUBRIC_GERBANG_YA;
}

static kp_status finish_year(build *b, agg_year *y)
{
    kp_error *err = b->err;
    y->ranked = arena_calloc(b->a, y->n_instansi ? y->n_instansi : 1, sizeof *y->ranked);
    ranker *pr = calloc(y->n_provinsi ? 2 * y->n_provinsi : 1, sizeof *pr);
    y->index = arena_calloc(b->a, 1, sizeof *y->index);
    if (!y->ranked || !pr || !y->index) {
        free(pr);
        return oom(err);
    }
    for (size_t i = 0; i < y->n_instansi; i++)
        y->ranked[i] = &y->instansi[i];
    qsort(y->ranked, y->n_instansi, sizeof *y->ranked, compare_ranked);

    ranker jr[JENIS_COUNT] = {{0}};
    for (size_t i = 0; i < y->n_instansi; i++) {
        agg_instansi *in = (agg_instansi *)y->ranked[i];
        in->peringkat_nasional = ranker_next(&jr[in->jenis], in->nilai);
        if (ranked_in_province(in))
            in->peringkat_provinsi = ranker_next(&pr[province_ranker(y, in)], in->nilai);
    }
    for (size_t i = 0; i < y->n_instansi; i++) {
        agg_instansi *in = &y->instansi[i];
        agg_provinsi *p = &y->provinsi[in->provinsi - y->provinsi];
        in->n_peringkat_nasional = jr[in->jenis].seen;
        if (ranked_in_province(in))
            in->n_peringkat_provinsi = pr[province_ranker(y, in)].seen;
        if (in->jenis != JENIS_VERTIKAL) {
            stats_add_instansi(&p->instansi_stats, in);
            stats_add_instansi(&y->nasional, in);
        }
        stats_add_instansi(&p->per_jenis[in->jenis], in);
        stats_add_instansi(&y->per_jenis[in->jenis], in);
        stats_merge(&p->unit_stats, &in->unit_stats);
        stats_merge(&y->nasional_units, &in->unit_stats);
        stats_done(&in->unit_stats);
        y->n_units += in->n_units;
    }
    free(pr);
    kp_status st = KP_OK;
    for (size_t i = 0; i < y->n_provinsi && !st; i++) {
        agg_provinsi *p = &y->provinsi[i];
        stats_done(&p->instansi_stats);
        stats_done(&p->unit_stats);
        for (int j = 0; j < JENIS_COUNT; j++)
            stats_done(&p->per_jenis[j]);
        p->nilai = p->instansi_stats.mean;
        st = classify(y->rubric, p->nilai, &p->band, &p->band_index, NULL, 0, err);
    }
    stats_done(&y->nasional);
    stats_done(&y->nasional_units);
    for (int j = 0; j < JENIS_COUNT; j++)
        stats_done(&y->per_jenis[j]);
    if (st)
        return st;

    struct agg_index *ix = y->index;
    ix->by_key = hmap_new(y->n_instansi);
    ix->by_name = hmap_new(y->n_instansi);
    ix->prov = hmap_new(y->n_provinsi);
    if (!ix->by_key || !ix->by_name || !ix->prov)
        return oom(err);
    for (size_t i = 0; i < y->n_instansi; i++) {
        agg_instansi *in = &y->instansi[i];
        void **v = hmap_puts(ix->by_key, in->key, NULL);
        bool added;
        void **w = hmap_puts(ix->by_name, in->nama_key, &added);
        if (!v || !w)
            return oom(err);
        *v = in;
        if (added)
            *w = in;
    }
    for (size_t i = 0; i < y->n_provinsi; i++) {
        void **v = hmap_puts(ix->prov, y->provinsi[i].key, NULL);
        if (!v)
            return oom(err);
        *v = &y->provinsi[i];
    }
    return KP_OK;
}

/* ---- the build ---------------------------------------------------------------------------- */

static int compare_int(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    return (a > b) - (a < b);
}

static kp_status collect_years(build *b, const rubric_set *rubrics)
{
    const rows_data *d = b->data;
    int tahun[256];
    size_t n = 0;
    for (size_t r = 0; r < d->n_rows; r++) {
        int t = d->rows[r].tahun;
        if (b->year_of[t - INT16_MIN])
            continue;
        if (n == sizeof tahun / sizeof *tahun)
            return kp_error_set(b->err, KP_ERR_DATA, d->rows[r].file, (int)d->rows[r].line, 0,
                                "terlalu banyak tahun dalam masukan (paling banyak %zu)", n);
        tahun[n++] = t;
        b->year_of[t - INT16_MIN] = 1;
    }
    qsort(tahun, n, sizeof *tahun, compare_int);
    b->m->years = arena_calloc(b->a, n ? n : 1, sizeof *b->m->years);
    b->years = calloc(n ? n : 1, sizeof *b->years);
    if (!b->m->years || !b->years)
        return oom(b->err);
    b->m->n_years = n;
    for (size_t i = 0; i < n; i++) {
        ybuild *y = &b->years[i];
        y->tahun = tahun[i];
        b->year_of[tahun[i] - INT16_MIN] = (int)i + 1;
        y->rubric = rubric_set_for_year(rubrics, tahun[i]);
        if (!y->rubric)
            return kp_error_set(b->err, KP_ERR_DATA, NULL, 0, 0,
                                "tidak ada rubrik untuk tahun %d (lihat templates/rubrik/ atau "
                                "--rubrik)",
                                tahun[i]);
        y->by_kode = hmap_new(1024);
        y->by_name = hmap_new(1024);
        y->by_row = hmap_new(1024);
        y->prov = hmap_new(64);
        if (!y->by_kode || !y->by_name || !y->by_row || !y->prov)
            return oom(b->err);
        b->m->years[i].tahun = tahun[i];
        b->m->years[i].rubric = y->rubric;
    }
    return KP_OK;
}

static kp_status copy_sources(build *b)
{
    const rows_data *d = b->data;
    agg_model *m = b->m;
    m->sources = arena_calloc(b->a, d->n_files ? d->n_files : 1, sizeof *m->sources);
    if (!m->sources)
        return oom(b->err);
    for (size_t i = 0; i < d->n_files; i++) {
        agg_source *s = &m->sources[i];
        s->path = copy_file(b, d->files[i].path);
        if (d->files[i].path && !s->path)
            return oom(b->err);
        s->rows = d->files[i].rows;
        memcpy(s->sha256, d->files[i].sha256, sizeof s->sha256);
    }
    m->n_sources = d->n_files;
    return KP_OK;
}

static kp_status run(build *b, const rubric_set *rubrics, rows_data *consume)
{
    kp_status st;
    if ((st = collect_years(b, rubrics)) || (st = copy_sources(b)) || (st = gather(b)))
        return st;
    for (size_t i = 0; i < b->m->n_years; i++)
        if ((st = layout_year(b, (int)i)))
            return st;
    if ((st = alloc_units(b)) || (st = place_units(b, consume)))
        return st;
    for (size_t i = 0; i < b->n_ents; i++)
        if ((st = finish_ent(b, &b->ents[i])))
            return st;
    for (size_t i = 0; i < b->m->n_years; i++)
        if ((st = finish_year(b, &b->m->years[i])))
            return st;
    return KP_OK;
}

/* consume: data itself, for agg_build_consume; NULL leaves the rows alone. */
static kp_status build_model(const rows_data *data, rows_data *consume, const rubric_set *rubrics,
                             agg_model **out, kp_error *err)
{
    *out = NULL;
    if (data->n_rows > UINT32_MAX)
        return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0, "terlalu banyak baris: %zu",
                            data->n_rows);
    build b = {.data = data, .err = err};
    arena *a = arena_new(0);
    if (!a)
        return oom(err);
    agg_model *m = arena_calloc(a, 1, sizeof *m);
    kp_status st = KP_OK;
    if (!m) {
        arena_free(a);
        return oom(err);
    }
    m->arena = a;
    b.m = m;
    b.a = a;
    b.scratch = arena_new(0);
    b.year_of = calloc((size_t)UINT16_MAX + 1, sizeof *b.year_of);
    b.row_ent = malloc((data->n_rows ? data->n_rows : 1) * sizeof *b.row_ent);
    uname_cache unames = {0};
    b.unames = &unames;
    b.files = hmap_new(16);
    if (!b.scratch || !b.year_of || !b.row_ent || !uname_cache_reserve(&unames) || !b.files)
        st = oom(err);
    else
        st = run(&b, rubrics, consume);

    for (size_t i = 0; b.years && i < m->n_years; i++) {
        hmap_free(b.years[i].by_kode);
        hmap_free(b.years[i].by_name);
        hmap_free(b.years[i].by_row);
        hmap_free(b.years[i].prov);
        free(b.years[i].provs);
    }
    free(b.years);
    free(b.year_of);
    free(b.row_ent);
    free(b.key_hash);
    free(b.slug_hash);
    free(b.ents);
    uname_cache_release(&unames);
    hmap_free(b.files);
    arena_free(b.scratch);
    if (st) {
        agg_free(m);
        return st;
    }
    *out = m;
    return KP_OK;
}

kp_status agg_build(const rows_data *data, const rubric_set *rubrics, agg_model **out,
                    kp_error *err)
{
    return build_model(data, NULL, rubrics, out, err);
}

kp_status agg_build_consume(rows_data *data, const rubric_set *rubrics, agg_model **out,
                            kp_error *err)
{
    kp_status st = build_model(data, data, rubrics, out, err);
    rows_data_truncate(data, 0);
    return st;
}

dec_t agg_unit_comp(const agg_unit *u, int i)
{
    return u->comp[i];
}

void agg_free(agg_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_years; i++) {
        struct agg_index *ix = m->years[i].index;
        if (ix) {
            hmap_free(ix->by_key);
            hmap_free(ix->by_name);
            hmap_free(ix->prov);
        }
    }
    arena_free(m->arena);
}

const agg_year *agg_year_find(const agg_model *m, int tahun)
{
    for (size_t i = 0; i < m->n_years; i++)
        if (m->years[i].tahun == tahun)
            return &m->years[i];
    return NULL;
}

const agg_instansi *agg_instansi_find(const agg_year *y, const char *key)
{
    void **v = y->index ? hmap_gets(y->index->by_key, key) : NULL;
    return v ? *v : NULL;
}

const agg_instansi *agg_instansi_find_name(const agg_year *y, const char *nama_key)
{
    void **v = y->index ? hmap_gets(y->index->by_name, nama_key) : NULL;
    return v ? *v : NULL;
}

const agg_provinsi *agg_provinsi_find(const agg_year *y, const char *key)
{
    void **v = y->index ? hmap_gets(y->index->prov, key) : NULL;
    return v ? *v : NULL;
}
