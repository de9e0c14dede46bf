#include "model/cmp.h"
#include "util/readfile.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "util/hmap.h"
#include "util/text.h"

#define NAME_MAX_BYTES 512
#define ALIAS_MAX_HOPS 16

struct cmp_aliases {
    arena *a;
    hmap *map;         /* old name key -> new name key */
    const char **from; /* every old key, for the reverse look-up of cmp_trend */
    size_t n, cap;
};

/* The public result and what cmp_find_unit needs to answer in constant time. */
typedef struct cmp_impl {
    cmp_result pub;
    size_t *unit_first;    /* per current-year instansi: its first entry in pub.units */
    bool banding_kategori; /* what every matched entry's banding_kategori is */
} cmp_impl;

static kp_status oom(kp_error *err)
{
    return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
}

const char *cmp_gerak_str(cmp_gerak g)
{
    static const char *const words[CMP_GERAK_COUNT] = {"tetap", "naik", "turun", "baru", "hilang"};
    return (unsigned)g < CMP_GERAK_COUNT ? words[g] : "";
}

/* ---- aliases ------------------------------------------------------------------------------ */

static kp_status alias_add(cmp_aliases *al, const char *lama, const char *baru)
{
    if (!strcmp(lama, baru))
        return KP_OK;
    bool added;
    char *k = arena_strdup(al->a, lama);
    char *v = arena_strdup(al->a, baru);
    void **slot = k && v ? hmap_puts(al->map, k, &added) : NULL;
    if (!slot)
        return KP_ERR_IO;
    if (!added)
        return KP_OK;
    *slot = v;
    if (al->n == al->cap) {
        size_t cap = al->cap ? al->cap * 2 : 16;
        const char **f = realloc(al->from, cap * sizeof *f);
        if (!f)
            return KP_ERR_IO;
        al->from = f;
        al->cap = cap;
    }
    al->from[al->n++] = k;
    return KP_OK;
}

bool cmp_aliases_same(const cmp_aliases *al, const char *a, const char *b)
{
    if (!al)
        return false;
    char ka[NAME_MAX_BYTES], kb[NAME_MAX_BYTES];
    names_key(a, ka, sizeof ka);
    names_key(b, kb, sizeof kb);
    void **va = hmap_gets(al->map, ka), **vb = hmap_gets(al->map, kb);
    return (va && !strcmp(*va, kb)) || (vb && !strcmp(*vb, ka)) || (va && vb && !strcmp(*va, *vb));
}

/* One rename, by name key: names_key canonicalises, so "Kab. X" and "Kabupaten X" agree. */
static kp_status alias_pair(cmp_aliases *al, const char *lama, const char *baru)
{
    char kl[NAME_MAX_BYTES], kb[NAME_MAX_BYTES];
    names_key(lama, kl, sizeof kl);
    names_key(baru, kb, sizeof kb);
    return alias_add(al, kl, kb);
}

/* The alias file as libcsv hands it over, record by record. */
typedef struct alias_reader {
    cmp_aliases *al;
    const char *path;
    kp_error *err;
    kp_status st;
    int line;     /* the line being fed */
    int row_line; /* the line the current record started on */
    bool in_row;  /* libcsv is inside a record (which may span lines in quotes) */
    bool header;  /* the next record is the header */
    int n;        /* fields of the current record so far */
    char field[2][NAME_MAX_BYTES];
} alias_reader;

static void alias_field(void *s, size_t len, void *ud)
{
    alias_reader *r = ud;
    if (r->n < 2) {
        /* Longer names are cut, as the name keys made of them are (NAME_MAX_BYTES). */
        if (len > NAME_MAX_BYTES - 1)
            len = NAME_MAX_BYTES - 1;
        if (len)
            memcpy(r->field[r->n], s, len);
        r->field[r->n][len] = '\0';
    }
    r->n++;
}

static kp_status alias_row(alias_reader *r)
{
    char(*f)[NAME_MAX_BYTES] = r->field;
    if (r->n != 2)
        return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, 0,
                            "harus dua kolom (lama,baru), ada %d", r->n);
    /* libcsv keeps the spaces inside quotes; a name never starts or ends with one. */
    text_trim_in_place(f[0]);
    text_trim_in_place(f[1]);
    if (r->header) {
        r->header = false;
        if (strcasecmp(f[0], "lama") || strcasecmp(f[1], "baru"))
            return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, 0,
                                "baris judul harus \"lama,baru\"");
        return KP_OK;
    }
    if (!f[0][0] || !f[1][0])
        return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, 0,
                            "nama lama atau baru kosong");
    return alias_pair(r->al, f[0], f[1]) ? oom(r->err) : KP_OK;
}

static void alias_end(int term, void *ud)
{
    (void)term;
    alias_reader *r = ud;
    if (r->st == KP_OK)
        r->st = alias_row(r);
    r->in_row = false;
    r->n = 0;
}

/* Only LF ends a line, as the line count has it; the CR of CRLF is space to trim. */
static int alias_is_term(unsigned char c)
{
    return c == '\n';
}

static int alias_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* What libcsv refused, as the file's author can fix it. */
static kp_status alias_csv_error(alias_reader *r, struct csv_parser *p, int line, const char *what)
{
    if (csv_error(p) != CSV_EPARSE)
        return oom(r->err);
    return kp_error_set(r->err, KP_ERR_DATA, r->path, line, 0, "%s", what);
}

static kp_status parse_aliases(cmp_aliases *al, const char *path, const char *text, kp_error *err)
{
    alias_reader r = {.al = al, .path = path, .err = err, .st = KP_OK, .header = true};
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return oom(err);
    csv_set_term_func(&p, alias_is_term);
    csv_set_space_func(&p, alias_is_space);
    if (!strncmp(text, "\xEF\xBB\xBF", 3))
        text += 3;
    /* Fed a line at a time so that every record knows the line it starts on. */
    for (const char *s = text; *s && r.st == KP_OK;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);
        r.line++;
        /* A blank line between records makes no record (libcsv skips it too). */
        if (!r.in_row && strspn(s, " \t\r") >= n - (nl != NULL)) {
            s += n;
            continue;
        }
        if (!r.in_row) {
            r.in_row = true;
            r.row_line = r.line;
        }
        if (csv_parse(&p, s, n, alias_field, alias_end, &r) != n && r.st == KP_OK)
            r.st = alias_csv_error(&r, &p, r.line,
                                   "tanda petik di tengah nama: tulis seluruh "
                                   "nama di dalam tanda petik");
        s += n;
    }
    if (r.st == KP_OK && csv_fini(&p, alias_field, alias_end, &r) != 0 && r.st == KP_OK)
        r.st = alias_csv_error(&r, &p, r.row_line, "tanda petik tidak ditutup");
    csv_free(&p);
    return r.st;
}

/* The alias file whole; EINVAL when it holds a NUL byte (libcsv would stop there). */
static char *slurp(const char *path, int *errnum)
{
    char *buf;
    size_t len;
    *errnum = readfile_path(path, 0, &buf, &len);
    if (*errnum == EISDIR) /* worded as the read error it was before readfile named folders */
        *errnum = EIO;
    if (*errnum)
        return NULL;
    if (memchr(buf, '\0', len)) {
        free(buf);
        *errnum = EINVAL;
        return NULL;
    }
    return buf;
}

kp_status cmp_aliases_load(const char *path, bool optional, cmp_aliases **out, kp_error *err)
{
    *out = NULL;
    cmp_aliases *al = calloc(1, sizeof *al);
    if (!al || !(al->a = arena_new(0)) || !(al->map = hmap_new(16))) {
        cmp_aliases_free(al);
        return oom(err);
    }
    int errnum = 0;
    char *text = slurp(path, &errnum);
    kp_status st = KP_OK;
    if (!text) {
        if (!(optional && errnum == ENOENT))
            st = errnum == ENOMEM ? oom(err)
                 : errnum == EINVAL
                     ? kp_error_set(err, KP_ERR_DATA, path, 0, 0,
                                    "berkas alias tidak dapat dibaca: berisi byte NUL")
                     : kp_error_errno(err, KP_ERR_DATA, path, errnum, "berkas alias", "dibaca");
    } else {
        st = parse_aliases(al, path, text, err);
        free(text);
    }
    if (st) {
        cmp_aliases_free(al);
        return st;
    }
    *out = al;
    return KP_OK;
}

void cmp_aliases_free(cmp_aliases *a)
{
    if (!a)
        return;
    hmap_free(a->map);
    arena_free(a->a);
    free(a->from);
    free(a);
}

/* The name a key ends up as after every rename (chains followed, cycles cut). */
static const char *alias_final(const cmp_aliases *al, const char *key)
{
    for (int hop = 0; al && hop < ALIAS_MAX_HOPS; hop++) {
        void **v = hmap_gets(al->map, key);
        if (!v)
            break;
        key = *v;
    }
    return key;
}

/* ---- comparison --------------------------------------------------------------------------- */

static cmp_gerak movement(long long kini, long long lalu)
{
    return kini > lalu ? CMP_NAIK : kini < lalu ? CMP_TURUN : CMP_TETAP;
}

const char *cmp_menurut_str(cmp_menurut m)
{
    return m == CMP_MENURUT_ZONA ? "zona" : m == CMP_MENURUT_KATEGORI ? "kategori" : "nilai";
}

/* What one side of a pair is: its score, band, band index and national rank. */
typedef struct side {
    dec_t nilai;
    const rubric_band *band;
    int band_index;
    int peringkat;
} side;

static void fill_entry(cmp_entry *e, const cmp_impl *ci, const side *k, const side *l)
{
    const cmp_result *c = &ci->pub;
    if (k && l) {
        e->selisih = k->nilai - l->nilai;
        e->arah_nilai = movement(k->nilai, l->nilai);
        switch (c->menurut) {
        case CMP_MENURUT_ZONA:
            e->perubahan =
                movement(rubric_zona_rank(k->band->zona), rubric_zona_rank(l->band->zona));
            break;
        case CMP_MENURUT_KATEGORI:
            /* Bands are sorted best first and carry the same letters: a smaller index is a
             * better category (A above B). */
            e->perubahan = movement(-k->band_index, -l->band_index);
            break;
        case CMP_MENURUT_NILAI:
            e->perubahan = e->arah_nilai;
            break;
        }
        e->gerak_zona = e->perubahan;
        e->selisih_peringkat =
            k->peringkat > 0 && l->peringkat > 0 ? l->peringkat - k->peringkat : 0;
        e->banding_kategori = ci->banding_kategori;
    } else {
        e->arah_nilai = e->gerak_zona = e->perubahan = k ? CMP_BARU : CMP_HILANG;
    }
}

static void fill_instansi(cmp_entry *e, const cmp_impl *c)
{
    const agg_instansi *k = e->kini, *l = e->lalu;
    side sk, sl;
    if (k)
        sk = (side){k->nilai, k->band, k->band_index, k->peringkat_nasional};
    if (l)
        sl = (side){l->nilai, l->band, l->band_index, l->peringkat_nasional};
    fill_entry(e, c, k ? &sk : NULL, l ? &sl : NULL);
}

static void fill_unit(cmp_entry *e, const cmp_impl *c)
{
    const agg_unit *k = e->unit_kini, *l = e->unit_lalu;
    side sk, sl;
    if (k)
        sk = (side){k->nilai, k->band, k->band_index, k->peringkat};
    if (l)
        sl = (side){l->nilai, l->band, l->band_index, l->peringkat};
    fill_entry(e, c, k ? &sk : NULL, l ? &sl : NULL);
}

/* Same method: the same rubric, or rubrics whose bands say the same thing. */
static bool same_method(const rubric *a, const rubric *b)
{
    if (a == b || !strcmp(a->id, b->id))
        return true;
    if (a->n_band != b->n_band || a->ada_kategori != b->ada_kategori)
        return false;
    for (int i = 0; i < a->n_band; i++)
        if (a->band[i].min != b->band[i].min || a->band[i].zona != b->band[i].zona ||
            strcmp(a->band[i].kategori, b->band[i].kategori))
            return false;
    return true;
}

/*
 * Categories can be set side by side: both rubrics have letters, the same ones in the same
 * order (their edges may differ; the letter is what was published).
 */
static bool kategori_sebanding(const rubric *a, const rubric *b)
{
    if (a == b)
        return a->ada_kategori;
    if (!a->ada_kategori || !b->ada_kategori || a->n_band != b->n_band)
        return false;
    for (int i = 0; i < a->n_band; i++)
        if (strcmp(a->band[i].kategori, b->band[i].kategori))
            return false;
    return true;
}

/* What the comparison compares and, across a change of method, the sentence that says so. */
static void set_method(cmp_impl *ci)
{
    cmp_result *c = &ci->pub;
    const rubric *k = c->kini->rubric, *l = c->lalu->rubric;
    c->kategori_sebanding = kategori_sebanding(k, l);
    /* A method without letters compared with itself stays "comparable": readers of entries
     * take banding_kategori == false for a change of method. */
    ci->banding_kategori = c->kategori_sebanding || same_method(k, l);
    c->menurut = k->ada_zona && l->ada_zona ? CMP_MENURUT_ZONA
                 : c->kategori_sebanding    ? CMP_MENURUT_KATEGORI
                                            : CMP_MENURUT_NILAI;
    c->beda_metode = k != l && strcmp(k->id, l->id) != 0;
    if (!c->beda_metode)
        return;
    if (c->menurut == CMP_MENURUT_ZONA && !c->kategori_sebanding)
        /* The wording of the 2021 -> 2022 change, which earlier results carry. */
        snprintf(c->alasan, sizeof c->alasan,
                 "Metode berbeda (%s -> %s): zona dibandingkan, kategori tidak.", l->id, k->id);
    else
        snprintf(c->alasan, sizeof c->alasan, "metode berubah: %s -> %s; dibandingkan menurut %s",
                 l->nama[0] ? l->nama : l->id, k->nama[0] ? k->nama : k->id,
                 c->menurut == CMP_MENURUT_ZONA ? "zona dan kategori"
                                                : cmp_menurut_str(c->menurut));
}

static bool kode_conflict(const agg_instansi *a, const agg_instansi *b)
{
    return a->kode && b->kode && strcmp(a->kode, b->kode);
}

static int cmp_hilang(const void *pa, const void *pb)
{
    const cmp_entry *a = pa, *b = pb;
    int c = strcmp(a->lalu->nama_key, b->lalu->nama_key);
    return c ? c : strcmp(a->lalu->nama, b->lalu->nama);
}

/* Pairs every previous-year instansi with at most one current one; match[i] for kini[i]. */
static kp_status match_instansi(const agg_year *kini, const agg_year *lalu, const cmp_aliases *al,
                                const agg_instansi **match, bool *matched_lalu, kp_error *err)
{
    hmap *by_kode = hmap_new(kini->n_instansi), *by_name = hmap_new(kini->n_instansi);
    kp_status st = KP_OK;
    if (!by_kode || !by_name) {
        st = oom(err);
        goto done;
    }
    for (size_t i = 0; i < kini->n_instansi; i++) {
        const agg_instansi *in = &kini->instansi[i];
        void **v = in->kode ? hmap_puts(by_kode, in->kode, NULL) : NULL;
        bool added;
        void **w = hmap_puts(by_name, alias_final(al, in->nama_key), &added);
        if ((in->kode && !v) || !w) {
            st = oom(err);
            goto done;
        }
        if (v && !*v)
            *v = (void *)(uintptr_t)(i + 1);
        if (added)
            *w = (void *)(uintptr_t)(i + 1);
    }
    for (size_t j = 0; j < lalu->n_instansi; j++) {
        const agg_instansi *l = &lalu->instansi[j];
        void **v = l->kode ? hmap_gets(by_kode, l->kode) : NULL;
        if (!v) {
            v = hmap_gets(by_name, alias_final(al, l->nama_key));
            if (v && kode_conflict(&kini->instansi[(uintptr_t)*v - 1], l))
                v = NULL;
        }
        size_t i = v ? (uintptr_t)*v - 1 : 0;
        if (v && !match[i]) {
            match[i] = l;
            matched_lalu[j] = true;
        }
    }
done:
    hmap_free(by_kode);
    hmap_free(by_name);
    return st;
}

/* Units of one pair of instansi (either may be NULL), appended to c->units. */
static kp_status match_units(cmp_impl *ci, const agg_instansi *k, const agg_instansi *l,
                             const cmp_aliases *al, hmap *map, kp_error *err)
{
    cmp_result *c = &ci->pub;
    size_t nk = k ? k->n_units : 0, nl = l ? l->n_units : 0;
    const agg_unit **pair = calloc(nk ? nk : 1, sizeof *pair);
    if (!pair)
        return oom(err);
    hmap_clear(map);
    kp_status st = KP_OK;
    for (size_t i = 0; i < nk; i++) {
        bool added;
        void **v = hmap_puts(map, alias_final(al, k->units[i].key), &added);
        if (!v) {
            st = oom(err);
            goto done;
        }
        if (added)
            *v = (void *)(uintptr_t)(i + 1);
    }
    const agg_unit **gone = calloc(nl ? nl : 1, sizeof *gone);
    if (!gone) {
        st = oom(err);
        goto done;
    }
    size_t n_gone = 0;
    for (size_t j = 0; j < nl; j++) {
        void **v = nk ? hmap_gets(map, alias_final(al, l->units[j].key)) : NULL;
        size_t i = v ? (uintptr_t)*v - 1 : 0;
        if (v && !pair[i])
            pair[i] = &l->units[j];
        else
            gone[n_gone++] = &l->units[j];
    }
    for (size_t i = 0; i < nk; i++) {
        cmp_entry *e = &c->units[c->n_units++];
        e->kini = k;
        e->lalu = pair[i] ? l : NULL;
        e->unit_kini = &k->units[i];
        e->unit_lalu = pair[i];
        fill_unit(e, ci);
    }
    for (size_t j = 0; j < n_gone; j++) {
        cmp_entry *e = &c->units[c->n_units++];
        e->lalu = l;
        e->unit_lalu = gone[j];
        fill_unit(e, ci);
    }
    free(gone);
done:
    free(pair);
    return st;
}

static kp_status build_units(cmp_impl *ci, const cmp_aliases *al, kp_error *err)
{
    cmp_result *c = &ci->pub;
    size_t n = 0, biggest = 0;
    for (size_t i = 0; i < c->n_instansi; i++) {
        const cmp_entry *e = &c->instansi[i];
        size_t u = (e->kini ? e->kini->n_units : 0) + (e->lalu ? e->lalu->n_units : 0);
        n += u;
        if (u > biggest)
            biggest = u;
    }
    c->units = calloc(n ? n : 1, sizeof *c->units);
    hmap *map = hmap_new(biggest);
    if (!c->units || !map) {
        hmap_free(map);
        return oom(err);
    }
    kp_status st = KP_OK;
    for (size_t i = 0; i < c->n_instansi && !st; i++) {
        const cmp_entry *e = &c->instansi[i];
        if (e->kini)
            ci->unit_first[i] = c->n_units;
        st = match_units(ci, e->kini, e->lalu, al, map, err);
    }
    hmap_free(map);
    return st;
}

kp_status cmp_build(const agg_model *m, int tahun, int tahun_lalu, const cmp_aliases *aliases,
                    cmp_result **out, kp_error *err)
{
    *out = NULL;
    const agg_year *kini = agg_year_find(m, tahun), *lalu = agg_year_find(m, tahun_lalu);
    if (!kini || !lalu)
        return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0,
                            "tahun %d tidak ada dalam masukan: tidak dapat dibandingkan",
                            kini ? tahun_lalu : tahun);
    cmp_impl *ci = calloc(1, sizeof *ci);
    if (!ci)
        return oom(err);
    cmp_result *c = &ci->pub;
    c->tahun = tahun;
    c->tahun_lalu = tahun_lalu;
    c->kini = kini;
    c->lalu = lalu;
    set_method(ci);

    size_t nk = kini->n_instansi, nl = lalu->n_instansi;
    const agg_instansi **match = calloc(nk ? nk : 1, sizeof *match);
    bool *matched_lalu = calloc(nl ? nl : 1, sizeof *matched_lalu);
    c->instansi = calloc(nk + nl ? nk + nl : 1, sizeof *c->instansi);
    ci->unit_first = calloc(nk ? nk : 1, sizeof *ci->unit_first);
    kp_status st = !match || !matched_lalu || !c->instansi || !ci->unit_first
                       ? oom(err)
                       : match_instansi(kini, lalu, aliases, match, matched_lalu, err);
    if (!st) {
        for (size_t i = 0; i < nk; i++) {
            cmp_entry *e = &c->instansi[c->n_instansi++];
            e->kini = &kini->instansi[i];
            e->lalu = match[i];
            fill_instansi(e, ci);
        }
        for (size_t j = 0; j < nl; j++) {
            if (matched_lalu[j])
                continue;
            cmp_entry *e = &c->instansi[c->n_instansi++];
            e->lalu = &lalu->instansi[j];
            fill_instansi(e, ci);
        }
        qsort(c->instansi + nk, c->n_instansi - nk, sizeof *c->instansi, cmp_hilang);
        for (size_t i = 0; i < c->n_instansi; i++) {
            c->gerak_zona[c->instansi[i].gerak_zona]++;
            c->perubahan[c->instansi[i].perubahan]++;
            c->arah_nilai[c->instansi[i].arah_nilai]++;
        }
        st = build_units(ci, aliases, err);
    }
    free(match);
    free(matched_lalu);
    if (st) {
        cmp_free(c);
        return st;
    }
    *out = c;
    return KP_OK;
}

void cmp_free(cmp_result *c)
{
    if (!c)
        return;
    cmp_impl *ci = (cmp_impl *)c;
    free(c->instansi);
    free(c->units);
    free(ci->unit_first);
    free(ci);
}

/* Entries of current-year instansi come first, in the year's order: index = position. */
static bool kini_index(const cmp_result *c, const agg_instansi *kini, size_t *i)
{
    const agg_year *y = c->kini;
    if (!kini || y->n_instansi == 0)
        return false;
    uintptr_t p = (uintptr_t)kini, lo = (uintptr_t)y->instansi;
    uintptr_t hi = (uintptr_t)(y->instansi + y->n_instansi);
    if (p < lo || p >= hi)
        return false;
    *i = (size_t)(kini - y->instansi);
    return true;
}

const cmp_entry *cmp_find_instansi(const cmp_result *c, const agg_instansi *kini)
{
    size_t i;
    return kini_index(c, kini, &i) ? &c->instansi[i] : NULL;
}

const cmp_entry *cmp_find_unit(const cmp_result *c, const agg_unit *kini)
{
    size_t i;
    if (!kini || !kini_index(c, kini->instansi, &i))
        return NULL;
    const agg_instansi *in = kini->instansi;
    uintptr_t p = (uintptr_t)kini;
    if (p < (uintptr_t)in->units || p >= (uintptr_t)(in->units + in->n_units))
        return NULL;
    const cmp_impl *ci = (const cmp_impl *)c;
    return &c->units[ci->unit_first[i] + (size_t)(kini - in->units)];
}

static bool in_year(const agg_year *y, const agg_instansi *in)
{
    uintptr_t p = (uintptr_t)in;
    return y->n_instansi && p >= (uintptr_t)y->instansi &&
           p < (uintptr_t)(y->instansi + y->n_instansi);
}

/* The instansi of year y that is inst under the comparison's rules, or NULL. */
static const agg_instansi *trend_match(const agg_year *y, const agg_instansi *inst,
                                       const cmp_aliases *al, const char *final)
{
    if (in_year(y, inst))
        return inst;
    const agg_instansi *hit = inst->kode ? agg_instansi_find(y, inst->key) : NULL;
    if (hit)
        return hit;
    hit = agg_instansi_find_name(y, final);
    if (hit && !kode_conflict(hit, inst))
        return hit;
    /* Older spellings that the aliases turn into the same name. */
    for (size_t i = 0; al && i < al->n; i++) {
        if (strcmp(alias_final(al, al->from[i]), final))
            continue;
        hit = agg_instansi_find_name(y, al->from[i]);
        if (hit && !kode_conflict(hit, inst))
            return hit;
    }
    return NULL;
}

size_t cmp_trend(const agg_model *m, const agg_instansi *inst, const cmp_aliases *aliases,
                 int *tahun, dec_t *nilai, size_t cap)
{
    const char *final = alias_final(aliases, inst->nama_key);
    size_t n = 0;
    for (size_t i = 0; i < m->n_years && n < cap; i++) {
        const agg_instansi *hit = trend_match(&m->years[i], inst, aliases, final);
        if (!hit)
            continue;
        tahun[n] = m->years[i].tahun;
        nilai[n] = hit->nilai;
        n++;
    }
    return n;
}
