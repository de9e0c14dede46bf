#include "render/csvout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One CSV file being written; the first failure is kept and reported at close. */
typedef struct out {
    FILE *f;
    char path[KP_ERROR_FILE_MAX];
    bool row_start;
    int errnum; /* 0 while every write succeeded */
} out;

static void put(out *o, const char *s, size_t n)
{
    if (!o->errnum && n && fwrite(s, 1, n, o->f) != n)
        o->errnum = errno ? errno : EIO;
}

static void sep(out *o)
{
    if (!o->row_start)
        put(o, ",", 1);
    o->row_start = false;
}

static void end_row(out *o)
{
    put(o, "\n", 1);
    o->row_start = true;
}

/*
 * A text field: quoted when it holds a separator, quote or line break (RFC 4180), and
 * prefixed with "'" when a spreadsheet would take it for a formula (OWASP CSV injection).
 */
static void text(out *o, const char *s)
{
    sep(o);
    if (!s)
        return;
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    bool formula = s[0] && strchr("=+-@\t\r", s[0]);
    if (quote)
        put(o, "\"", 1);
    if (formula)
        put(o, "'", 1);
    for (const char *p = s; *p;) {
        const char *q = quote ? strchr(p, '"') : NULL;
        size_t n = q ? (size_t)(q - p) + 1 : strlen(p);
        put(o, p, n);
        if (q)
            put(o, "\"", 1);
        p += n;
    }
    if (quote)
        put(o, "\"", 1);
}

static void num(out *o, dec_t v)
{
    char buf[32];
    sep(o);
    dec_format(v, '.', buf, sizeof buf);
    put(o, buf, strlen(buf));
}

/* By hand: snprintf spent about 700 instructions on each of these small counts and ranks. */
static void integer(out *o, long long v)
{
    char buf[24];
    char *p = buf + sizeof buf;
    unsigned long long a = v < 0 ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v;
    do {
        *--p = (char)('0' + a % 10);
        a /= 10;
    } while (a);
    if (v < 0)
        *--p = '-';
    sep(o);
    put(o, p, (size_t)(buf + sizeof buf - p));
}

static void empty(out *o)
{
    sep(o);
}

static void header(out *o, const char *const *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        text(o, cols[i]);
}

static kp_status open_out(out *o, const char *dir, const char *name, kp_error *err)
{
    memset(o, 0, sizeof *o);
    o->row_start = true;
    int n = snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof o->path)
        return kp_error_set(err, KP_ERR_IO, dir, 0, 0, "jalur terlalu panjang untuk %s", name);
    o->f = fopen(o->path, "wb");
    if (!o->f)
        return kp_error_errno(err, KP_ERR_IO, o->path, errno, "berkas", "dibuat");
    return KP_OK;
}

/* Closes the file, reporting the first write error or a failed flush (a full disk). */
static kp_status close_out(out *o, kp_error *err)
{
    if (!o->f)
        return KP_OK;
    if (!o->errnum && fflush(o->f))
        o->errnum = errno ? errno : EIO;
    if (fclose(o->f) && !o->errnum)
        o->errnum = errno ? errno : EIO;
    o->f = NULL;
    if (o->errnum)
        return kp_error_errno(err, KP_ERR_IO, o->path, o->errnum, "berkas", "ditulis");
    return KP_OK;
}

/* kategori, predikat (the given label: an instansi's, or a unit's since 2025), zona. */
static void band_cols(out *o, const rubric_band *b, const char *predikat)
{
    text(o, b->kategori);
    text(o, predikat && predikat[0] ? predikat : b->predikat);
    text(o, rubric_zona_name(b->zona));
}

static void comp_cols(out *o, const rubric *r, uint8_t mask, const dec_t *comp)
{
    for (int c = 0; c < r->n_comp; c++) {
        if (mask & (1u << c))
            num(o, comp[c]);
        else
            empty(o);
    }
}

static int compare_unit_name(const void *pa, const void *pb)
{
    const agg_unit *a = *(const agg_unit *const *)pa, *b = *(const agg_unit *const *)pb;
    int c = strcmp(a->key, b->key);
    return c ? c : strcmp(a->nama, b->nama);
}

static kp_status write_skpd(const render_ctx *ctx, const char *dir, kp_error *err)
{
    const agg_year *y = ctx->year;
    const rubric *r = y->rubric;
    out o;
    kp_status st = open_out(&o, dir, "skpd.csv", err);
    if (st)
        return st;
    static const char *const cols[] = {"tahun",    "provinsi", "instansi", "skpd", "nilai",
                                       "kategori", "predikat", "zona",     "kode"};
    header(&o, cols, sizeof cols / sizeof *cols);
    for (int c = 0; c < r->n_comp; c++)
        text(&o, r->comp[c].key);
    text(&o, "peringkat");
    text(&o, "rubrik");
    /* Only methods with a coaching line have the column: earlier years' files stay as they
     * were. */
    if (r->ada_pembinaan)
        text(&o, "pembinaan");
    end_row(&o);

    size_t biggest = 0;
    for (size_t i = 0; i < y->n_instansi; i++)
        if (y->instansi[i].n_units > biggest)
            biggest = y->instansi[i].n_units;
    const agg_unit **units = malloc((biggest ? biggest : 1) * sizeof *units);
    if (!units) {
        close_out(&o, err);
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    for (size_t i = 0; i < y->n_instansi && !o.errnum; i++) {
        const agg_instansi *in = &y->instansi[i];
        if (!render_in_shard(ctx, in))
            continue;
        for (size_t k = 0; k < in->n_units; k++)
            units[k] = &in->units[k];
        qsort(units, in->n_units, sizeof *units, compare_unit_name);
        for (size_t k = 0; k < in->n_units; k++) {
            const agg_unit *u = units[k];
            integer(&o, y->tahun);
            text(&o, in->provinsi->nama);
            text(&o, in->nama);
            text(&o, u->nama);
            num(&o, u->nilai);
            band_cols(&o, u->band, u->band->predikat_unit);
            text(&o, in->kode);
            dec_t comp[RUBRIC_MAX_COMP];
            for (int c = 0; c < RUBRIC_MAX_COMP; c++)
                comp[c] = agg_unit_comp(u, c);
            comp_cols(&o, r, u->comp_mask, comp);
            integer(&o, u->peringkat);
            text(&o, r->id);
            if (r->ada_pembinaan)
                text(&o, u->pembinaan ? "ya" : "tidak");
            end_row(&o);
        }
    }
    free(units);
    return close_out(&o, err);
}

static kp_status write_instansi(const render_ctx *ctx, const char *dir, kp_error *err)
{
    const agg_year *y = ctx->year;
    const rubric *r = y->rubric;
    out o;
    kp_status st = open_out(&o, dir, "instansi.csv", err);
    if (st)
        return st;
    static const char *const cols[] = {"tahun",
                                       "provinsi",
                                       "jenis",
                                       "instansi",
                                       "jumlah_skpd",
                                       "nilai",
                                       "kategori",
                                       "predikat",
                                       "zona",
                                       "peringkat_nasional",
                                       "peringkat_provinsi",
                                       "kode",
                                       "nama_resmi",
                                       "nilai_resmi",
                                       "rerata_skpd"};
    header(&o, cols, sizeof cols / sizeof *cols);
    for (int c = 0; c < r->n_comp; c++)
        text(&o, r->comp[c].key);
    text(&o, "rubrik");
    /* The opinion method's columns, only for it: earlier years' files stay as they were. */
    bool opini = rubric_has_gerbang(r) || r->opini[0];
    if (opini) {
        text(&o, "tanpa_maladministrasi");
        text(&o, "opini");
    }
    end_row(&o);
    for (size_t i = 0; i < y->n_instansi && !o.errnum; i++) {
        const agg_instansi *in = &y->instansi[i];
        if (!render_in_shard(ctx, in))
            continue;
        integer(&o, y->tahun);
        text(&o, in->provinsi->nama);
        text(&o, names_jenis_str(in->jenis));
        text(&o, in->nama);
        integer(&o, (long long)in->n_units);
        num(&o, in->nilai);
        band_cols(&o, in->band, in->predikat);
        integer(&o, in->peringkat_nasional);
        if (in->peringkat_provinsi)
            integer(&o, in->peringkat_provinsi);
        else
            empty(&o);
        text(&o, in->kode);
        text(&o, in->nama_resmi);
        text(&o, in->nilai_resmi ? "ya" : "tidak");
        if (in->ada_rerata)
            num(&o, in->rerata);
        else
            empty(&o);
        comp_cols(&o, r, in->comp_mask, in->comp);
        text(&o, r->id);
        if (opini) {
            text(&o, rubric_gerbang_str(in->gerbang));
            text(&o, in->opini);
        }
        end_row(&o);
    }
    return close_out(&o, err);
}

static kp_status write_provinsi(const render_ctx *ctx, const char *dir, kp_error *err)
{
    const agg_year *y = ctx->year;
    const rubric *r = y->rubric;
    out o;
    kp_status st = open_out(&o, dir, "provinsi.csv", err);
    if (st)
        return st;
    static const char *const cols[] = {"tahun", "provinsi", "jumlah_instansi", "nilai",
                                       "hijau", "kuning",   "merah",           "jumlah_skpd"};
    header(&o, cols, sizeof cols / sizeof *cols);
    char name[64];
    for (int b = 0; r->ada_kategori && b < r->n_band; b++) {
        snprintf(name, sizeof name, "kategori_%s", r->band[b].kategori);
        text(&o, name);
    }
    text(&o, "min");
    text(&o, "maks");
    text(&o, "rubrik");
    bool gerbang = rubric_has_gerbang(r);
    if (gerbang)
        text(&o, "tanpa_maladministrasi");
    end_row(&o);
    for (size_t i = 0; i < y->n_provinsi && !o.errnum; i++) {
        const agg_provinsi *p = &y->provinsi[i];
        if (ctx->provinsi && p != ctx->provinsi)
            continue;
        const agg_stats *s = &p->instansi_stats;
        /* A region of vertical offices only has no pemda to count: it is not a row here (its
         * offices are in instansi.csv). */
        if (s->n == 0)
            continue;
        integer(&o, y->tahun);
        text(&o, p->nama);
        /* The instansi the row's numbers are about (its pemda, or Pusat's ministries and
         * agencies); before 2025 every instansi of the province. */
        integer(&o, (long long)s->n);
        num(&o, p->nilai);
        if (r->ada_zona) {
            integer(&o, (long long)s->zona[ZONA_HIJAU]);
            integer(&o, (long long)s->zona[ZONA_KUNING]);
            integer(&o, (long long)s->zona[ZONA_MERAH]);
        } else {
            empty(&o);
            empty(&o);
            empty(&o);
        }
        integer(&o, (long long)p->unit_stats.n);
        for (int b = 0; r->ada_kategori && b < r->n_band; b++)
            integer(&o, (long long)s->kategori[b]);
        num(&o, s->min);
        num(&o, s->max);
        text(&o, r->id);
        if (gerbang)
            integer(&o, (long long)s->gerbang);
        end_row(&o);
    }
    return close_out(&o, err);
}

static const agg_instansi *entry_instansi(const cmp_entry *e)
{
    return e->kini ? e->kini : e->lalu;
}

/* Province order of the model (regions by key, "Pusat" last), then instansi name. */
static int compare_entry_order(const void *pa, const void *pb)
{
    const agg_instansi *a = entry_instansi(*(const cmp_entry *const *)pa);
    const agg_instansi *b = entry_instansi(*(const cmp_entry *const *)pb);
    if (a->provinsi->pusat != b->provinsi->pusat)
        return a->provinsi->pusat ? 1 : -1;
    int c = strcmp(a->provinsi->key, b->provinsi->key);
    if (!c)
        c = strcmp(a->nama_key, b->nama_key);
    if (!c)
        c = strcmp(a->nama, b->nama);
    return c;
}

static bool entry_in_shard(const render_ctx *ctx, const cmp_entry *e)
{
    if (e->kini)
        return render_in_shard(ctx, e->kini);
    return !ctx->provinsi || !strcmp(e->lalu->provinsi->key, ctx->provinsi->key);
}

static void opt_band(out *o, const agg_instansi *in, bool kategori)
{
    if (in && kategori)
        text(o, in->band->kategori);
    else
        empty(o);
}

static kp_status write_perbandingan(const render_ctx *ctx, const char *dir, kp_error *err)
{
    const cmp_result *c = ctx->cmp;
    const cmp_entry **es = malloc((c->n_instansi ? c->n_instansi : 1) * sizeof *es);
    if (!es)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    size_t n = 0;
    for (size_t i = 0; i < c->n_instansi; i++)
        if (entry_in_shard(ctx, &c->instansi[i]))
            es[n++] = &c->instansi[i];
    qsort(es, n, sizeof *es, compare_entry_order);
    out o;
    kp_status st = open_out(&o, dir, "perbandingan.csv", err);
    if (st) {
        free(es);
        return st;
    }
    static const char *const cols[] = {
        "tahun",      "instansi",       "nilai_lalu",    "nilai",
        "selisih",    "zona_lalu",      "zona",          "perubahan",
        "provinsi",   "tahun_lalu",     "kategori_lalu", "kategori",
        "arah_nilai", "peringkat_lalu", "peringkat",     "selisih_peringkat",
        "catatan"};
    header(&o, cols, sizeof cols / sizeof *cols);
    end_row(&o);
    for (size_t i = 0; i < n && !o.errnum; i++) {
        const cmp_entry *e = es[i];
        const agg_instansi *k = e->kini, *l = e->lalu, *any = entry_instansi(e);
        integer(&o, c->tahun);
        text(&o, any->nama);
        if (l)
            num(&o, l->nilai);
        else
            empty(&o);
        if (k)
            num(&o, k->nilai);
        else
            empty(&o);
        if (k && l)
            num(&o, e->selisih);
        else
            empty(&o);
        text(&o, l ? rubric_zona_name(l->band->zona) : NULL);
        text(&o, k ? rubric_zona_name(k->band->zona) : NULL);
        text(&o, cmp_gerak_str(e->perubahan));
        text(&o, any->provinsi->nama);
        integer(&o, c->tahun_lalu);
        opt_band(&o, l, c->kategori_sebanding);
        opt_band(&o, k, c->kategori_sebanding);
        text(&o, cmp_gerak_str(e->arah_nilai));
        if (l)
            integer(&o, l->peringkat_nasional);
        else
            empty(&o);
        if (k)
            integer(&o, k->peringkat_nasional);
        else
            empty(&o);
        if (k && l)
            integer(&o, e->selisih_peringkat);
        else
            empty(&o);
        text(&o, c->beda_metode ? c->alasan : NULL);
        end_row(&o);
    }
    free(es);
    return close_out(&o, err);
}

/* The year's data folder <out>/data into dir, created when missing: every data file lives there. */
static kp_status data_dir(const render_ctx *ctx, char dir[KP_ERROR_FILE_MAX], kp_error *err)
{
    int n = snprintf(dir, KP_ERROR_FILE_MAX, "%s/data", ctx->out_dir);
    if (n < 0 || n >= KP_ERROR_FILE_MAX)
        return kp_error_set(err, KP_ERR_IO, ctx->out_dir, 0, 0, "jalur terlalu panjang");
    if (mkdir(dir, 0777) && errno != EEXIST)
        return kp_error_errno(err, KP_ERR_IO, dir, errno, "folder", "dibuat");
    return KP_OK;
}

kp_status csvout_write_dokumen(const render_ctx *ctx, dokumen_reg *reg, kp_error *err)
{
    char dir[KP_ERROR_FILE_MAX];
    kp_status st = data_dir(ctx, dir, err);
    if (st)
        return st;
    out o;
    st = open_out(&o, dir, "dokumen.csv", err);
    if (st)
        return st;
    header(&o, dokumen_kolom, DOKUMEN_KOLOM);
    end_row(&o);
    /* Threads recorded in any order; the file is in path order. */
    dokumen_reg_sort(reg);
    for (size_t i = 0; i < dokumen_reg_count(reg) && !o.errnum; i++) {
        const dokumen_entri *e = dokumen_reg_get(reg, i);
        text(&o, e->path);
        text(&o, e->jenis);
        integer(&o, e->tahun);
        text(&o, e->instansi);
        text(&o, e->unit);
        /* A combined file (piagam-gabung.pdf) states no score of its own. */
        if (e->instansi[0])
            num(&o, e->nilai);
        else
            empty(&o);
        text(&o, e->kategori);
        text(&o, e->hasil);
        text(&o, e->gerbang);
        text(&o, e->nomor);
        text(&o, e->kode);
        text(&o, e->sha256);
        end_row(&o);
    }
    return close_out(&o, err);
}

kp_status csvout_write(const render_ctx *ctx, kp_error *err)
{
    char dir[KP_ERROR_FILE_MAX];
    kp_status st = data_dir(ctx, dir, err);
    if (st)
        return st;
    if ((st = write_skpd(ctx, dir, err)) || (st = write_instansi(ctx, dir, err)) ||
        (st = write_provinsi(ctx, dir, err)))
        return st;
    return ctx->cmp ? write_perbandingan(ctx, dir, err) : KP_OK;
}
