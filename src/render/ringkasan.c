#include "render/ringkasan.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/acara.h"
#include "render/docpool.h"
#include "render/dokumen.h"
#include "render/layout.h"
#include "render/perwakilan.h"
#include "util/idfmt.h"
#include "util/iniread.h"
#include "util/outdir.h"
#include "util/path.h"

/* ---- what a summary lists ------------------------------------------------------------- */

bool ringkasan_dalam(const cmp_result *c, const ringkasan_cakupan *sc, const cmp_entry *e)
{
    if (sc->instansi) {
        if (e->kini)
            return e->kini == sc->instansi;
        const cmp_entry *ie = cmp_find_instansi(c, sc->instansi);
        return ie && ie->lalu && e->lalu == ie->lalu;
    }
    if (!sc->provinsi)
        return true;
    if (e->kini)
        return e->kini->provinsi == sc->provinsi;
    return e->lalu && strcmp(e->lalu->provinsi->key, sc->provinsi->key) == 0;
}

/* The entries a summary compares: instansi, or the units of an instansi's summary. */
static const cmp_entry *entri(const cmp_result *c, const ringkasan_cakupan *sc, size_t *n)
{
    *n = sc->instansi ? c->n_units : c->n_instansi;
    return sc->instansi ? c->units : c->instansi;
}

void ringkasan_gerak(const cmp_result *c, const ringkasan_cakupan *sc, size_t *n)
{
    memset(n, 0, CMP_GERAK_COUNT * sizeof *n);
    size_t m;
    const cmp_entry *e = entri(c, sc, &m);
    for (size_t i = 0; i < m; i++)
        if (ringkasan_dalam(c, sc, &e[i]))
            n[e[i].perubahan]++;
}

size_t ringkasan_penggerak(const cmp_result *c, const ringkasan_cakupan *sc, bool naik,
                           const cmp_entry **out, size_t cap)
{
    size_t m, n = 0;
    const cmp_entry *e = entri(c, sc, &m);
    for (size_t i = 0; i < m && cap > 0; i++) {
        const cmp_entry *x = &e[i];
        bool kedua = sc->instansi ? x->unit_kini && x->unit_lalu : x->kini && x->lalu;
        if (!kedua || (naik ? x->selisih <= 0 : x->selisih >= 0) || !ringkasan_dalam(c, sc, x))
            continue;
        /* Insertion into the best cap so far; strictly better moves ahead: ties keep order. */
        size_t j = n < cap ? n++ : cap;
        while (j > 0 &&
               (naik ? x->selisih > out[j - 1]->selisih : x->selisih < out[j - 1]->selisih)) {
            if (j < cap)
                out[j] = out[j - 1];
            j--;
        }
        if (j < cap)
            out[j] = x;
    }
    return n;
}

/* ---- words and sizes: templates/ringkasan/ringkasan.isi.ini ------------------------- */

#define RK_PATH_MAX 4096
#define RK_TEKS_MAX 4096

/* Every key of [ringkasan]; each is required. */
/* One list, so that the enum and the key names cannot drift apart. */
// clang-format off
#define RK_KATA(X) \
    X(judul_nasional) X(judul_provinsi) X(judul_instansi) X(daftar_isi) X(bagian_angka) \
    X(bagian_grafik) X(bagian_banding) X(bagian_banding_tanpa) X(bagian_teratas) X(bagian_unit) \
    X(bagian_pembinaan) X(bagian_zona_terendah) X(bagian_metode) X(kolom_uraian) X(kolom_jumlah) \
    X(angka_instansi) X(angka_jenis) X(angka_vertikal) X(angka_unit) X(angka_rerata) \
    X(angka_tertinggi) X(angka_terendah) X(angka_gerbang) X(angka_pembinaan) X(angka_zona) \
    X(angka_nilai_instansi) X(angka_hasil_instansi) X(angka_rerata_unit) X(angka_tertinggi_unit) \
    X(angka_terendah_unit) X(kolom_kelompok) X(kolom_rentang) X(kolom_gerbang) X(grafik_catatan) \
    X(grafik_catatan_unit) X(banding_kalimat) X(banding_tanpa) X(banding_metode) X(banding_naik) \
    X(banding_turun) X(banding_tanpa_gerak) X(label_naik) X(label_turun) X(label_tetap) \
    X(label_baru) X(label_hilang) X(kolom_no) X(kolom_instansi) X(kolom_provinsi) X(kolom_unit) \
    X(kolom_nilai) X(kolom_nilai_lalu) X(kolom_nilai_kini) X(kolom_selisih) X(kolom_hasil) \
    X(kolom_peringkat) X(teratas) X(terbawah) X(semua) X(pembinaan_kalimat) X(pembinaan_tanpa) \
    X(pembinaan_sisa) X(zona_kalimat) X(zona_tanpa) X(zona_sisa) X(metode) X(metode_tidak_pasti) \
    X(metode_pasti) X(halaman)
// clang-format on
#define RK_ENUM(n) K_##n,
#define RK_NAMA(n) #n,
enum kata { RK_KATA(RK_ENUM) K_COUNT };
static const char *const kata_nama[K_COUNT] = {RK_KATA(RK_NAMA)};
#undef RK_ENUM
#undef RK_NAMA

/* Lengths and counts of ringkasan.ini's [ukuran] (layout_template_ukuran). */
typedef struct ukuran {
    double jarak_bagian, label_grafik, lebar_grafik, tinggi_batang, jarak_batang;
    double jumlah_teratas, jumlah_penggerak, maks_daftar;
    double tepi_sel;          /* table cell padding: a row is a line and twice this high */
    double jarak_antarbagian; /* after a table */
    double jarak_paragraf;    /* after a paragraph */
    /* A section heading: space above it, its rule below its line and that rule's width, space
     * after, and the room it asks for beyond its line and what it is kept with. */
    double jarak_judul, jarak_garis_judul, garis_bagian, jarak_sesudah_judul, ruang_judul;
    double jarak_subjudul, jarak_sesudah_subjudul, ruang_subjudul; /* a sub-heading's */
    /* The bar chart: inset above the first bar and below the last, the room it asks for
     * beyond its bars, label to bar, bar to count and the count's width, the axis, after. */
    double tepi_grafik, ruang_grafik, jarak_label_grafik, jarak_angka_grafik, lebar_angka_grafik;
    double garis_sumbu, jarak_sesudah_grafik;
    double bagi_angka;                  /* headline table: the label column's share */
    double kolom_rentang, kolom_jumlah; /* group table: range, each count */
    double kolom_no_banding, kolom_provinsi_banding, kolom_nilai_banding; /* drivers of change */
    /* Top and bottom lists: rank, instansi, province, score, outcome (a unit's, an instansi's). */
    double kolom_no_daftar, kolom_instansi_daftar, kolom_provinsi_daftar, kolom_nilai_daftar;
    double kolom_hasil_unit, kolom_hasil;
    /* The footer: below the content, its rule above the text and the rule's width, the
     * title's share of the width. */
    double jarak_kaki, jarak_garis_kaki, garis_kaki, bagi_kaki;
    double indent_daftar_isi, kolom_halaman_daftar_isi; /* table of contents */
} ukuran;

/* Each with its default and its largest value (a count or length past it is a typo). */
static const layout_ukuran ukuran_kunci[] = {
    {"jarak_bagian", offsetof(ukuran, jarak_bagian), 14, 200},
    {"label_grafik", offsetof(ukuran, label_grafik), 190, 500},
    {"lebar_grafik", offsetof(ukuran, lebar_grafik), 250, 500},
    {"tinggi_batang", offsetof(ukuran, tinggi_batang), 12, 100},
    {"jarak_batang", offsetof(ukuran, jarak_batang), 5, 100},
    {"jumlah_teratas", offsetof(ukuran, jumlah_teratas), 5, 100},
    {"jumlah_penggerak", offsetof(ukuran, jumlah_penggerak), 5, 100},
    {"maks_daftar", offsetof(ukuran, maks_daftar), 60, 100000},
    {"tepi_sel", offsetof(ukuran, tepi_sel), 4, 0},
    {"jarak_antarbagian", offsetof(ukuran, jarak_antarbagian), 8, 0},
    {"jarak_paragraf", offsetof(ukuran, jarak_paragraf), 6, 0},
    {"jarak_judul", offsetof(ukuran, jarak_judul), 4, 0},
    {"jarak_garis_judul", offsetof(ukuran, jarak_garis_judul), 1, 0},
    {"garis_bagian", offsetof(ukuran, garis_bagian), 0.8, 0},
    {"jarak_sesudah_judul", offsetof(ukuran, jarak_sesudah_judul), 7, 0},
    {"ruang_judul", offsetof(ukuran, ruang_judul), 10, 0},
    {"jarak_subjudul", offsetof(ukuran, jarak_subjudul), 2, 0},
    {"jarak_sesudah_subjudul", offsetof(ukuran, jarak_sesudah_subjudul), 5, 0},
    {"ruang_subjudul", offsetof(ukuran, ruang_subjudul), 4, 0},
    {"tepi_grafik", offsetof(ukuran, tepi_grafik), 2, 0},
    {"ruang_grafik", offsetof(ukuran, ruang_grafik), 6, 0},
    {"jarak_label_grafik", offsetof(ukuran, jarak_label_grafik), 8, 0},
    {"jarak_angka_grafik", offsetof(ukuran, jarak_angka_grafik), 6, 0},
    {"lebar_angka_grafik", offsetof(ukuran, lebar_angka_grafik), 60, 0},
    {"garis_sumbu", offsetof(ukuran, garis_sumbu), 0.6, 0},
    {"jarak_sesudah_grafik", offsetof(ukuran, jarak_sesudah_grafik), 4, 0},
    {"bagi_angka", offsetof(ukuran, bagi_angka), 0.7, 1},
    {"kolom_rentang", offsetof(ukuran, kolom_rentang), 92, 0},
    {"kolom_jumlah", offsetof(ukuran, kolom_jumlah), 78, 0},
    {"kolom_no_banding", offsetof(ukuran, kolom_no_banding), 24, 0},
    {"kolom_provinsi_banding", offsetof(ukuran, kolom_provinsi_banding), 110, 0},
    {"kolom_nilai_banding", offsetof(ukuran, kolom_nilai_banding), 62, 0},
    {"kolom_no_daftar", offsetof(ukuran, kolom_no_daftar), 44, 0},
    {"kolom_instansi_daftar", offsetof(ukuran, kolom_instansi_daftar), 120, 0},
    {"kolom_provinsi_daftar", offsetof(ukuran, kolom_provinsi_daftar), 92, 0},
    {"kolom_nilai_daftar", offsetof(ukuran, kolom_nilai_daftar), 44, 0},
    {"kolom_hasil_unit", offsetof(ukuran, kolom_hasil_unit), 64, 0},
    {"kolom_hasil", offsetof(ukuran, kolom_hasil), 150, 0},
    {"jarak_kaki", offsetof(ukuran, jarak_kaki), 10, 0},
    {"jarak_garis_kaki", offsetof(ukuran, jarak_garis_kaki), 4, 0},
    {"garis_kaki", offsetof(ukuran, garis_kaki), 0.5, 0},
    {"bagi_kaki", offsetof(ukuran, bagi_kaki), 0.75, 1},
    {"indent_daftar_isi", offsetof(ukuran, indent_daftar_isi), 12, 0},
    {"kolom_halaman_daftar_isi", offsetof(ukuran, kolom_halaman_daftar_isi), 60, 0},
};

typedef struct ringkasan_isi {
    char path[RK_PATH_MAX];
    char *kata[K_COUNT];
    int baris[K_COUNT];
} ringkasan_isi;

static void isi_free(ringkasan_isi *s)
{
    for (int i = 0; i < K_COUNT; i++)
        free(s->kata[i]);
    memset(s, 0, sizeof *s);
}

typedef struct isi_parse {
    ringkasan_isi *s;
    int line;    /* the line being read, 0 for errors about the whole file */
    char **last; /* the value a continuation line extends */
    kp_status st;
    kp_error *err;
} isi_parse;

static kp_status isi_err(isi_parse *ip, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static kp_status isi_err(isi_parse *ip, const char *fmt, ...)
{
    if (ip->st != KP_OK)
        return ip->st;
    char msg[KP_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ip->st = kp_error_set(ip->err, KP_ERR_DATA, ip->s->path, ip->line, 0, "%s", msg);
}

/* One line of a text: iniread's rule (a space between lines, "\\n" a line break). */
static kp_status isi_append(isi_parse *ip, char **dst, const char *value)
{
    int rc = iniread_text_append(dst, value, RK_TEKS_MAX);
    if (rc == ERANGE)
        return isi_err(ip, "teks lebih dari %d bita", RK_TEKS_MAX);
    if (rc)
        return ip->st = kp_error_set(ip->err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    ip->last = dst;
    return KP_OK;
}

/* iniread handler of ringkasan.isi.ini: one text per key, continuation lines appended. */
static kp_status isi_handler(void *user, const iniread_at *at, const char *section, const char *key,
                             const char *value, kp_error *err)
{
    (void)err; /* ip->err is the same */
    isi_parse *ip = user;
    ip->line = at->line;
    if (at->cont && ip->last)
        return isi_append(ip, ip->last, value);
    ip->last = NULL;
    /* Word files written before the lengths moved: say where they go now. */
    if (strcmp(section, "ukuran") == 0)
        return isi_err(ip, "[ukuran] kini ditulis di templat tata letak ringkasan.ini, bukan di "
                           "ringkasan.isi.ini");
    if (strcmp(section, "ringkasan") != 0)
        return isi_err(ip, "bagian [%s] tidak dikenal (ringkasan)", section);
    for (int k = 0; k < K_COUNT; k++) {
        if (strcmp(key, kata_nama[k]) != 0)
            continue;
        if (ip->s->kata[k])
            return isi_err(ip, "kunci \"%s\" ditulis dua kali", key);
        ip->s->baris[k] = ip->line;
        return isi_append(ip, &ip->s->kata[k], value);
    }
    return isi_err(ip, "kunci \"%s\" tidak dikenal di [ringkasan]", key);
}

/* Every placeholder a text may use (the renderer sets each before it draws any text). */
static const char *const isi_kunci_field[] = {
    "judul",        "cakupan", "tahun",           "tahun_lalu",     "penilaian", "lembaga",
    "unit_lembaga", "tempat",  "tanggal",         "rubrik",         "rubrik_id", "sumber",
    "tidak_pasti",  "gerbang", "batas_pembinaan", "menurut",        "naik",      "turun",
    "tetap",        "baru",    "hilang",          "jenis",          "jumlah",    "kelompok",
    "sisa",         "alasan",  "halaman",         "jumlah_halaman", NULL,
};

/*
 * A misspelt placeholder is refused when the file is read, naming its line, not when a year
 * first draws the text that holds it.
 */
static kp_status isi_check(const ringkasan_isi *s, kp_error *err)
{
    layout_fields *f = layout_fields_new();
    kp_status st = f ? KP_OK : kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    for (const char *const *k = isi_kunci_field; st == KP_OK && *k; k++)
        st = layout_fields_set(f, *k, "", err);
    char out[RK_TEKS_MAX];
    for (int k = 0; st == KP_OK && k < K_COUNT; k++)
        st = layout_fields_expand(f, s->kata[k], out, sizeof out, s->path, s->baris[k], err);
    layout_fields_free(f);
    return st;
}

static kp_status isi_load(const char *path, ringkasan_isi *s, kp_error *err)
{
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    isi_parse ip = {.s = s, .st = KP_OK, .err = err};
    ip.st = iniread_file(path, isi_handler, &ip, err);
    ip.line = 0;
    for (int k = 0; ip.st == KP_OK && k < K_COUNT; k++)
        if (!s->kata[k])
            isi_err(&ip, "[ringkasan] tidak memuat kunci \"%s\"", kata_nama[k]);
    if (ip.st == KP_OK)
        ip.st = isi_check(s, err);
    if (ip.st != KP_OK)
        isi_free(s);
    return ip.st;
}

/* ---- the run ---------------------------------------------------------------------------- */

/* Styles and colours the code draws with, looked up once from the template. */
typedef struct gaya {
    layout_style bagian, teks, kepala, tabel, grafik, daftar_isi, kecil;
    layout_color aksen, garis, zebra, kepala_isi, batang, naik, turun, jalur;
    ukuran uk;
} gaya;

typedef struct rk_run {
    const render_ctx *ctx;
    const layout_template *tmpl;
    gaya g;
    ringkasan_isi isi;
    acara *penerbit; /* perwakilan_acara: [0] acara.ini's issuer, then one per province */
    ringkasan_cakupan *dok;
    size_t n_dok;
} rk_run;

/* Placeholders of ringkasan.ini. */
static const char *const rk_fields[] = {
    "judul", "cakupan", "tahun", "penilaian", "lembaga", "unit_lembaga", "tempat", "tanggal", NULL,
};

/* One summary being drawn (one thread's document). */
#define RK_MAX_BAGIAN 8
typedef struct dok {
    const rk_run *run;
    ringkasan_cakupan sc;
    layout_fields *f;
    const agg_stats *stats;      /* instansi (pemda, kementerian, lembaga) or the units */
    const agg_stats *vertikal;   /* vertical offices; NULL for an instansi's summary */
    const agg_stats *per_jenis;  /* NULL for an instansi's summary */
    const agg_stats *unit_stats; /* the units */
    bool unit;                   /* an instansi's summary: its units are what is counted */
    /* Table of contents (national): section titles and the page each starts on. */
    bool toc;
    double toc_y;
    int n_bagian;
    char bagian[RK_MAX_BAGIAN][512];
    int bagian_hal[RK_MAX_BAGIAN];
} dok;

/* Expands text key k with the document's fields into out. */
static kp_status expand_kata(const dok *dk, enum kata k, char *out, size_t cap, kp_error *err)
{
    const ringkasan_isi *s = &dk->run->isi;
    return layout_fields_expand(dk->f, s->kata[k], out, cap, s->path, s->baris[k], err);
}

/* expand_kata() after setting one more field (for {jenis}, {jumlah}, {kelompok}, {sisa}). */
static kp_status expand_kata_with(const dok *dk, enum kata k, const char *key, const char *value,
                                  char *out, size_t cap, kp_error *err)
{
    kp_status st = layout_fields_set(dk->f, key, value, err);
    return st == KP_OK ? expand_kata(dk, k, out, cap, err) : st;
}

static kp_status load_gaya(const layout_template *t, gaya *g, kp_error *err)
{
    static const struct {
        const char *name;
        size_t off;
    } styles[] =
        {
            {"bagian", offsetof(gaya, bagian)},       {"teks", offsetof(gaya, teks)},
            {"tabel_kepala", offsetof(gaya, kepala)}, {"tabel", offsetof(gaya, tabel)},
            {"grafik", offsetof(gaya, grafik)},       {"daftar_isi", offsetof(gaya, daftar_isi)},
            {"kecil", offsetof(gaya, kecil)},
        },
      colors[] = {
          {"aksen", offsetof(gaya, aksen)},   {"garis", offsetof(gaya, garis)},
          {"zebra", offsetof(gaya, zebra)},   {"tabel_kepala", offsetof(gaya, kepala_isi)},
          {"batang", offsetof(gaya, batang)}, {"naik", offsetof(gaya, naik)},
          {"turun", offsetof(gaya, turun)},   {"jalur", offsetof(gaya, jalur)},
      };
    for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++) {
        kp_status st = layout_template_style(t, styles[i].name,
                                             (layout_style *)((char *)g + styles[i].off), err);
        if (st != KP_OK)
            return st;
    }
    for (size_t i = 0; i < sizeof colors / sizeof colors[0]; i++)
        if (!layout_template_color(t, colors[i].name, (layout_color *)((char *)g + colors[i].off)))
            return kp_error_set(err, KP_ERR_DATA, layout_template_path(t), 0, 0,
                                "templat ringkasan tidak punya warna \"%s\" di bagian [color]",
                                colors[i].name);
    return KP_OK;
}

/* ---- drawing helpers ------------------------------------------------------------------- */

static layout_table init_tabel(const gaya *g, const layout_column *cols, size_t n, double x)
{
    layout_table t = {
        .cols = cols,
        .n_cols = n,
        .x = x,
        .head = g->kepala,
        .body = g->tabel,
        .pad = g->uk.tepi_sel,
        .head_fill = g->kepala_isi,
        .zebra = &g->zebra,
        .rule = &g->garis,
    };
    return t;
}

/* Height of a one-line table row: what a heading must keep with it. */
static double get_tinggi_baris(const gaya *g)
{
    return layout_line_height(&g->tabel) + 2 * g->uk.tepi_sel;
}

/* A section heading (recorded for the table of contents), kept with need points after it. */
static kp_status draw_judul_bagian(layout_doc *d, dok *dk, enum kata k, double need, kp_error *err)
{
    const gaya *g = &dk->run->g;
    char teks[512];
    kp_status st = expand_kata(dk, k, teks, sizeof teks, err);
    if (st != KP_OK)
        return st;
    layout_box c = layout_content(d);
    const ukuran *uk = &g->uk;
    double h = layout_line_height(&g->bagian);
    if ((st = layout_need(d, h + uk->ruang_judul + need, err)) != KP_OK)
        return st;
    double y = layout_cursor(d) + uk->jarak_judul;
    if ((st = layout_text(d, &g->bagian, c.x, y, c.w, teks, err)) != KP_OK)
        return st;
    double ry = y + h + uk->jarak_garis_judul;
    layout_line(d, c.x, ry, c.x + c.w, ry, g->aksen, uk->garis_bagian);
    layout_set_cursor(d, y + h + uk->jarak_sesudah_judul);
    if (dk->n_bagian < RK_MAX_BAGIAN) {
        snprintf(dk->bagian[dk->n_bagian], sizeof dk->bagian[0], "%s", teks);
        dk->bagian_hal[dk->n_bagian++] = layout_doc_pages(d);
    }
    return KP_OK;
}

/* A paragraph in body text followed by a small gap. */
static kp_status draw_paragraf(layout_doc *d, const dok *dk, const char *teks, kp_error *err)
{
    layout_box c = layout_content(d);
    kp_status st = layout_paragraph(d, &dk->run->g.teks, c.x, c.w, teks, err);
    if (st == KP_OK)
        layout_set_cursor(d, layout_cursor(d) + dk->run->g.uk.jarak_paragraf);
    return st;
}

static kp_status draw_paragraf_kata(layout_doc *d, const dok *dk, enum kata k, kp_error *err)
{
    char teks[RK_TEKS_MAX];
    kp_status st = expand_kata(dk, k, teks, sizeof teks, err);
    return st == KP_OK ? draw_paragraf(d, dk, teks, err) : st;
}

/* A sub-heading in table-header style, kept with two rows. */
static kp_status draw_subjudul(layout_doc *d, const dok *dk, const char *teks, kp_error *err)
{
    const gaya *g = &dk->run->g;
    layout_box c = layout_content(d);
    double h = layout_line_height(&g->kepala);
    kp_status st = layout_need(d, h + g->uk.ruang_subjudul + 3 * get_tinggi_baris(g), err);
    if (st == KP_OK)
        st = layout_text(d, &g->kepala, c.x, layout_cursor(d) + g->uk.jarak_subjudul, c.w, teks,
                         err);
    if (st == KP_OK)
        layout_set_cursor(d, layout_cursor(d) + h + g->uk.jarak_sesudah_subjudul);
    return st;
}

/*
 * Horizontal bars, one per label: the count at the bar's end, bars scaled to the largest.
 * Vector rectangles; the counts are the model's integers, geometry alone uses doubles.
 */
static kp_status draw_grafik_batang(layout_doc *d, const dok *dk, const char *const *label,
                                    const size_t *jumlah, const layout_color *const *warna,
                                    size_t n, kp_error *err)
{
    const gaya *g = &dk->run->g;
    const ukuran *uk = &dk->run->g.uk;
    layout_box c = layout_content(d);
    double step = uk->tinggi_batang + uk->jarak_batang;
    kp_status st = layout_need(d, n * step + uk->ruang_grafik, err);
    if (st != KP_OK)
        return st;
    size_t maks = 0;
    for (size_t i = 0; i < n; i++)
        maks = jumlah[i] > maks ? jumlah[i] : maks;
    double y = layout_cursor(d) + uk->tepi_grafik,
           bx = c.x + uk->label_grafik + uk->jarak_label_grafik;
    double lh = layout_line_height(&g->grafik);
    layout_style ls = g->grafik;
    for (size_t i = 0; st == KP_OK && i < n; i++) {
        double ty = y + (uk->tinggi_batang - lh) / 2;
        ls.align = LAYOUT_RIGHT;
        st = layout_text(d, &ls, c.x, ty, uk->label_grafik, label[i], err);
        double w = maks ? uk->lebar_grafik * (double)jumlah[i] / (double)maks : 0;
        layout_rect(d, bx, y, uk->lebar_grafik, uk->tinggi_batang, &g->jalur, NULL, 0);
        if (w > 0)
            layout_rect(d, bx, y, w, uk->tinggi_batang, warna && warna[i] ? warna[i] : &g->batang,
                        NULL, 0);
        char num[32];
        idfmt_int((int64_t)jumlah[i], num, sizeof num);
        ls.align = LAYOUT_LEFT;
        if (st == KP_OK)
            st = layout_text(d, &ls, bx + uk->lebar_grafik + uk->jarak_angka_grafik, ty,
                             uk->lebar_angka_grafik, num, err);
        y += step;
    }
    layout_line(d, bx, layout_cursor(d), bx, y - uk->jarak_batang + uk->tepi_grafik, g->garis,
                uk->garis_sumbu);
    layout_set_cursor(d, y + uk->jarak_sesudah_grafik);
    return st;
}

/* ---- the sections -------------------------------------------------------------------- */

/* The label of band b for what is counted: an opinion, a unit's label, or the predikat. */
static const char *format_label_band(const dok *dk, int b, char *buf, size_t cap)
{
    const rubric *r = dk->run->ctx->year->rubric;
    const rubric_band *band = &r->band[b];
    char op[2 * RUBRIC_TEXT_MAX];
    const char *nama = dk->unit ? band->predikat_unit
                       : r->opini[0] != '\0'
                           ? rubric_opini(r, band, RUBRIC_GERBANG_TIDAK, op, sizeof op)
                           : band->predikat;
    if (band->kategori[0])
        snprintf(buf, cap, "%s \xc2\xb7 %s", band->kategori, nama);
    else
        snprintf(buf, cap, "%s", nama);
    return buf;
}

/* Instansi of the summary: all but vertical offices nationally, a region's own, none else. */
static bool is_inst_dalam(const dok *dk, const agg_instansi *in)
{
    if (dk->unit)
        return false;
    return !dk->sc.provinsi || in->provinsi == dk->sc.provinsi;
}

/* One label / value row of the headline table. */
static kp_status draw_baris_angka(layout_doc *d, const layout_table *t, const char *label,
                                  const char *value, kp_error *err)
{
    const char *cells[] = {label, value};
    return layout_table_row(d, t, cells, NULL, err);
}

static kp_status draw_baris_angka_kata(layout_doc *d, const dok *dk, const layout_table *t,
                                       enum kata k, const char *value, kp_error *err)
{
    char label[512];
    kp_status st = expand_kata(dk, k, label, sizeof label, err);
    return st == KP_OK ? draw_baris_angka(d, t, label, value, err) : st;
}

static size_t count_pembinaan(const dok *dk)
{
    const agg_year *y = dk->run->ctx->year;
    if (dk->unit)
        return dk->sc.instansi->n_pembinaan;
    size_t n = 0;
    for (size_t i = 0; i < y->n_instansi; i++)
        if (is_inst_dalam(dk, &y->instansi[i]))
            n += y->instansi[i].n_pembinaan;
    return n;
}

/* The headline rows: how many, the mean and spread, the gate, coaching, zones. */
static kp_status draw_angka_utama(layout_doc *d, dok *dk, kp_error *err)
{
    const gaya *g = &dk->run->g;
    const rubric *r = dk->run->ctx->year->rubric;
    layout_box c = layout_content(d);
    kp_status st = draw_judul_bagian(d, dk, K_bagian_angka, 4 * get_tinggi_baris(g), err);
    char h0[128], h1[128], v[64];
    if (st == KP_OK)
        st = expand_kata(dk, K_kolom_uraian, h0, sizeof h0, err);
    if (st == KP_OK)
        st = expand_kata(dk, K_kolom_jumlah, h1, sizeof h1, err);
    if (st != KP_OK)
        return st;
    layout_column cols[] = {{h0, c.w * g->uk.bagi_angka, LAYOUT_LEFT},
                            {h1, c.w * (1 - g->uk.bagi_angka), LAYOUT_RIGHT}};
    layout_table t = init_tabel(g, cols, 2, c.x);
    st = layout_table_begin(d, &t, err);
    const agg_stats *s = dk->stats;
    if (dk->unit) {
        const agg_instansi *in = dk->sc.instansi;
        if (st == KP_OK)
            st = draw_baris_angka_kata(d, dk, &t, K_angka_nilai_instansi,
                                       idfmt_nilai(in->nilai, v, sizeof v), err);
        if (st == KP_OK)
            st = draw_baris_angka_kata(d, dk, &t, K_angka_hasil_instansi,
                                       in->opini[0] ? in->opini : in->predikat, err);
    } else {
        if (st == KP_OK)
            st = draw_baris_angka_kata(d, dk, &t, K_angka_instansi,
                                       idfmt_int((int64_t)s->n, v, sizeof v), err);
        for (int j = 1; st == KP_OK && j < JENIS_COUNT; j++) {
            if (j == JENIS_VERTIKAL || dk->per_jenis[j].n == 0)
                continue;
            char label[256];
            st = expand_kata_with(dk, K_angka_jenis, "jenis", names_jenis_label((names_jenis)j),
                                  label, sizeof label, err);
            if (st == KP_OK)
                st = draw_baris_angka(d, &t, label,
                                      idfmt_int((int64_t)dk->per_jenis[j].n, v, sizeof v), err);
        }
        if (st == KP_OK && dk->vertikal->n)
            st = draw_baris_angka_kata(d, dk, &t, K_angka_vertikal,
                                       idfmt_int((int64_t)dk->vertikal->n, v, sizeof v), err);
    }
    if (st == KP_OK)
        st = draw_baris_angka_kata(d, dk, &t, K_angka_unit,
                                   idfmt_int((int64_t)dk->unit_stats->n, v, sizeof v), err);
    if (s->n) {
        enum kata k[3] = {K_angka_rerata, K_angka_tertinggi, K_angka_terendah};
        enum kata ku[3] = {K_angka_rerata_unit, K_angka_tertinggi_unit, K_angka_terendah_unit};
        dec_t x[3] = {s->mean, s->max, s->min};
        for (int i = 0; st == KP_OK && i < 3; i++)
            st = draw_baris_angka_kata(d, dk, &t, dk->unit ? ku[i] : k[i],
                                       idfmt_nilai(x[i], v, sizeof v), err);
    }
    if (st == KP_OK && !dk->unit && rubric_has_gerbang(r))
        st = draw_baris_angka_kata(d, dk, &t, K_angka_gerbang,
                                   idfmt_int((int64_t)s->gerbang, v, sizeof v), err);
    if (st == KP_OK && r->ada_pembinaan)
        st = draw_baris_angka_kata(d, dk, &t, K_angka_pembinaan,
                                   idfmt_int((int64_t)count_pembinaan(dk), v, sizeof v), err);
    for (int z = ZONA_HIJAU; st == KP_OK && !dk->unit && r->ada_zona && z <= ZONA_MERAH; z++) {
        char label[256];
        st = expand_kata_with(dk, K_angka_zona, "kelompok", rubric_zona_label((rubric_zona)z),
                              label, sizeof label, err);
        if (st == KP_OK)
            st = draw_baris_angka(d, &t, label, idfmt_int((int64_t)s->zona[z], v, sizeof v), err);
    }
    if (st == KP_OK)
        layout_set_cursor(d, layout_cursor(d) + dk->run->g.uk.jarak_bagian / 2);
    return st;
}

/* Instansi of band b in the summary that passed the gate (vertical offices have none). */
static size_t count_gerbang_band(const dok *dk, int b)
{
    const agg_year *y = dk->run->ctx->year;
    size_t n = 0;
    for (size_t i = 0; i < y->n_instansi; i++) {
        const agg_instansi *in = &y->instansi[i];
        if (is_inst_dalam(dk, in) && in->jenis != JENIS_VERTIKAL && in->band_index == b &&
            in->gerbang == RUBRIC_GERBANG_YA)
            n++;
    }
    return n;
}

/* The distribution over the rubric's bands: a table, then its bar chart. */
static kp_status draw_sebaran(layout_doc *d, dok *dk, kp_error *err)
{
    const gaya *g = &dk->run->g;
    const rubric *r = dk->run->ctx->year->rubric;
    layout_box c = layout_content(d);
    int nb = r->n_band;
    kp_status st = draw_judul_bagian(d, dk, K_bagian_grafik, (nb + 1) * get_tinggi_baris(g), err);
    bool gerbang = !dk->unit && rubric_has_gerbang(r);
    char h[5][128];
    enum kata hk[5] = {K_kolom_kelompok, K_kolom_rentang,
                       dk->unit ? K_kolom_unit : K_kolom_instansi, K_kolom_gerbang, K_kolom_unit};
    for (int i = 0; st == KP_OK && i < 5; i++)
        st = expand_kata(dk, hk[i], h[i], sizeof h[i], err);
    if (st != KP_OK)
        return st;
    double wn = g->uk.kolom_jumlah, wr = g->uk.kolom_rentang;
    layout_column all[5] = {
        {h[0], 0, LAYOUT_LEFT},   {h[1], wr, LAYOUT_CENTER}, {h[2], wn, LAYOUT_RIGHT},
        {h[3], wn, LAYOUT_RIGHT}, {h[4], wn, LAYOUT_RIGHT},
    };
    bool on[5] = {true, true, true, gerbang, !dk->unit};
    layout_column cols[5];
    size_t nc = 0;
    double used = 0;
    for (int i = 0; i < 5; i++)
        if (on[i]) {
            cols[nc++] = all[i];
            used += all[i].width;
        }
    cols[0].width = c.w - used;
    layout_table t = init_tabel(g, cols, nc, c.x);
    st = layout_table_begin(d, &t, err);
    char lbl[RUBRIC_MAX_BANDS][2 * RUBRIC_TEXT_MAX + 16];
    const char *lp[RUBRIC_MAX_BANDS];
    size_t jumlah[RUBRIC_MAX_BANDS];
    for (int b = 0; st == KP_OK && b < nb; b++) {
        const rubric_band *band = &r->band[b];
        char lo[24], hi[24], range[64], n1[32], n2[32], n3[32];
        dec_t top = b == 0 ? r->nilai_maks : r->band[b - 1].min - 1;
        snprintf(range, sizeof range, "%s \xe2\x80\x93 %s", idfmt_nilai(band->min, lo, sizeof lo),
                 idfmt_nilai(top, hi, sizeof hi));
        lp[b] = format_label_band(dk, b, lbl[b], sizeof lbl[b]);
        jumlah[b] = dk->stats->kategori[b];
        idfmt_int((int64_t)jumlah[b], n1, sizeof n1);
        idfmt_int((int64_t)(gerbang ? count_gerbang_band(dk, b) : 0), n2, sizeof n2);
        idfmt_int((int64_t)dk->unit_stats->kategori[b], n3, sizeof n3);
        const char *every[5] = {lp[b], range, n1, n2, n3};
        const char *cells[5];
        size_t k = 0;
        for (int i = 0; i < 5; i++)
            if (on[i])
                cells[k++] = every[i];
        st = layout_table_row(d, &t, cells, NULL, err);
    }
    if (st == KP_OK)
        layout_set_cursor(d, layout_cursor(d) + g->uk.jarak_antarbagian);
    /* The caption goes above its chart and stays on its page. */
    const ukuran *uk = &dk->run->g.uk;
    if (st == KP_OK)
        st = layout_need(d, nb * (uk->tinggi_batang + uk->jarak_batang) + 3 * get_tinggi_baris(g),
                         err);
    if (st == KP_OK)
        st = draw_paragraf_kata(d, dk, dk->unit ? K_grafik_catatan_unit : K_grafik_catatan, err);
    if (st == KP_OK)
        st = draw_grafik_batang(d, dk, lp, jumlah, NULL, (size_t)nb, err);
    return st;
}

/* Name, province (national summary only) and label of a compared or listed entity. */
static const char *get_nama_entri(const cmp_entry *e, bool unit)
{
    if (unit)
        return e->unit_kini ? e->unit_kini->nama : e->unit_lalu->nama;
    return e->kini ? e->kini->nama : e->lalu->nama;
}

/* One table of movers: No, name, [province], last year, this year, difference. */
static kp_status draw_tabel_penggerak(layout_doc *d, dok *dk, const cmp_entry *const *e, size_t n,
                                      kp_error *err)
{
    const gaya *g = &dk->run->g;
    layout_box c = layout_content(d);
    bool prov = !dk->sc.provinsi && !dk->unit;
    char h[6][128];
    enum kata hk[6] = {K_kolom_no,         dk->unit ? K_kolom_unit : K_kolom_instansi,
                       K_kolom_provinsi,   K_kolom_nilai_lalu,
                       K_kolom_nilai_kini, K_kolom_selisih};
    kp_status st = KP_OK;
    for (int i = 0; st == KP_OK && i < 6; i++)
        st = expand_kata(dk, hk[i], h[i], sizeof h[i], err);
    if (st != KP_OK)
        return st;
    if (n == 0)
        return draw_paragraf_kata(d, dk, K_banding_tanpa_gerak, err);
    const ukuran *uk = &g->uk;
    double wno = uk->kolom_no_banding, wp = prov ? uk->kolom_provinsi_banding : 0;
    double wn = uk->kolom_nilai_banding;
    layout_column all[6] = {
        {h[0], wno, LAYOUT_RIGHT}, {h[1], c.w - wno - wp - 3 * wn, LAYOUT_LEFT},
        {h[2], wp, LAYOUT_LEFT},   {h[3], wn, LAYOUT_RIGHT},
        {h[4], wn, LAYOUT_RIGHT},  {h[5], wn, LAYOUT_RIGHT},
    };
    layout_column cols[6];
    size_t nc = 0;
    for (int i = 0; i < 6; i++)
        if (i != 2 || prov)
            cols[nc++] = all[i];
    layout_table t = init_tabel(g, cols, nc, c.x);
    st = layout_table_begin(d, &t, err);
    for (size_t i = 0; st == KP_OK && i < n; i++) {
        char no[24], nl[32], nk[32], sel[32];
        snprintf(no, sizeof no, "%zu", i + 1);
        dec_t lalu = dk->unit ? e[i]->unit_lalu->nilai : e[i]->lalu->nilai;
        dec_t kini = dk->unit ? e[i]->unit_kini->nilai : e[i]->kini->nilai;
        idfmt_nilai(lalu, nl, sizeof nl);
        idfmt_nilai(kini, nk, sizeof nk);
        idfmt_selisih(e[i]->selisih, sel, sizeof sel);
        const char *every[6] = {
            no, get_nama_entri(e[i], dk->unit), prov ? e[i]->kini->provinsi->nama : "", nl, nk,
            sel};
        const char *cells[6];
        size_t k = 0;
        for (int j = 0; j < 6; j++)
            if (j != 2 || prov)
                cells[k++] = every[j];
        st = layout_table_row(d, &t, cells, NULL, err);
    }
    if (st == KP_OK)
        layout_set_cursor(d, layout_cursor(d) + g->uk.jarak_antarbagian);
    return st;
}

/* The comparison with the year before: counts in a sentence and a chart, then the movers. */
static kp_status draw_banding(layout_doc *d, dok *dk, kp_error *err)
{
    const rk_run *run = dk->run;
    const gaya *g = &run->g;
    const cmp_result *c = run->ctx->cmp;
    kp_status st = draw_judul_bagian(d, dk, K_bagian_banding, 3 * get_tinggi_baris(g), err);
    if (st != KP_OK)
        return st;
    size_t n[CMP_GERAK_COUNT];
    ringkasan_gerak(c, &dk->sc, n);
    static const cmp_gerak urut[] = {CMP_NAIK, CMP_TURUN, CMP_TETAP, CMP_BARU, CMP_HILANG};
    static const enum kata label_k[] = {K_label_naik, K_label_turun, K_label_tetap, K_label_baru,
                                        K_label_hilang};
    char lbl[5][128];
    const char *lp[5];
    size_t jumlah[5];
    const layout_color *warna[5] = {&g->naik, &g->turun, NULL, NULL, NULL};
    for (int i = 0; st == KP_OK && i < 5; i++) {
        st = expand_kata(dk, label_k[i], lbl[i], sizeof lbl[i], err);
        lp[i] = lbl[i];
        jumlah[i] = n[urut[i]];
    }
    if (st == KP_OK && c->beda_metode && c->alasan[0]) {
        char teks[RK_TEKS_MAX];
        st = expand_kata_with(dk, K_banding_metode, "alasan", c->alasan, teks, sizeof teks, err);
        if (st == KP_OK)
            st = draw_paragraf(d, dk, teks, err);
    }
    if (st == KP_OK)
        st = draw_paragraf_kata(d, dk, K_banding_kalimat, err);
    if (st == KP_OK)
        st = draw_grafik_batang(d, dk, lp, jumlah, warna, 5, err);
    size_t cap = (size_t)run->g.uk.jumlah_penggerak;
    const cmp_entry **e = malloc((cap ? cap : 1) * sizeof *e);
    if (!e)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    for (int arah = 0; st == KP_OK && arah < 2; arah++) {
        char judul[256];
        size_t m = ringkasan_penggerak(c, &dk->sc, arah == 0, e, cap);
        st =
            expand_kata(dk, arah == 0 ? K_banding_naik : K_banding_turun, judul, sizeof judul, err);
        if (st == KP_OK)
            st = draw_subjudul(d, dk, judul, err);
        if (st == KP_OK)
            st = draw_tabel_penggerak(d, dk, e, m, err);
    }
    free(e);
    return st;
}

/* What an instansi or unit got: its opinion, a vertical office's or unit's label, predikat. */
static const char *get_hasil(const agg_instansi *in, const agg_unit *u)
{
    if (u)
        return u->band->predikat_unit;
    return in->opini[0] ? in->opini : in->predikat;
}

/* A ranked list of instansi (with province nationally) or units, positions from first. */
typedef struct daftar {
    const agg_instansi **inst; /* or NULL */
    const agg_unit **unit;     /* or NULL */
    const int *peringkat;
    size_t dari, sampai;       /* rows [dari, sampai) */
    bool unit_dengan_instansi; /* a unit list across instansi: name its instansi too */
} daftar;

static kp_status draw_tabel_daftar(layout_doc *d, dok *dk, const daftar *ls, kp_error *err)
{
    const gaya *g = &dk->run->g;
    layout_box c = layout_content(d);
    bool prov = !dk->sc.provinsi && !dk->unit;
    bool inst_col = ls->unit && ls->unit_dengan_instansi;
    char h[6][128];
    enum kata hk[6] = {K_kolom_peringkat, ls->unit ? K_kolom_unit : K_kolom_instansi,
                       K_kolom_instansi,  K_kolom_provinsi,
                       K_kolom_nilai,     K_kolom_hasil};
    kp_status st = KP_OK;
    for (int i = 0; st == KP_OK && i < 6; i++)
        st = expand_kata(dk, hk[i], h[i], sizeof h[i], err);
    if (st != KP_OK)
        return st;
    /* A unit's label is one word; an opinion takes two lines at most in 150 points. */
    const ukuran *uk = &g->uk;
    double wno = uk->kolom_no_daftar, wi = inst_col ? uk->kolom_instansi_daftar : 0;
    double wp = prov ? uk->kolom_provinsi_daftar : 0, wn = uk->kolom_nilai_daftar;
    double wh = ls->unit ? uk->kolom_hasil_unit : uk->kolom_hasil;
    layout_column all[6] = {
        {h[0], wno, LAYOUT_RIGHT}, {h[1], c.w - wno - wi - wp - wn - wh, LAYOUT_LEFT},
        {h[2], wi, LAYOUT_LEFT},   {h[3], wp, LAYOUT_LEFT},
        {h[4], wn, LAYOUT_RIGHT},  {h[5], wh, LAYOUT_LEFT},
    };
    bool on[6] = {true, true, inst_col, prov, true, true};
    layout_column cols[6];
    size_t nc = 0;
    for (int i = 0; i < 6; i++)
        if (on[i])
            cols[nc++] = all[i];
    layout_table t = init_tabel(g, cols, nc, c.x);
    st = layout_table_begin(d, &t, err);
    for (size_t i = ls->dari; st == KP_OK && i < ls->sampai; i++) {
        const agg_unit *u = ls->unit ? ls->unit[i] : NULL;
        const agg_instansi *in = u ? u->instansi : ls->inst[i];
        char no[16], n[32];
        snprintf(no, sizeof no, "%d", ls->peringkat[i]);
        idfmt_nilai(u ? u->nilai : in->nilai, n, sizeof n);
        const char *every[6] = {no, u ? u->nama : in->nama, in->nama, in->provinsi->nama,
                                n,  get_hasil(in, u)};
        const char *cells[6];
        size_t k = 0;
        for (int j = 0; j < 6; j++)
            if (on[j])
                cells[k++] = every[j];
        st = layout_table_row(d, &t, cells, NULL, err);
    }
    if (st == KP_OK)
        layout_set_cursor(d, layout_cursor(d) + g->uk.jarak_antarbagian);
    return st;
}

/* Competition ranks (1, 2, 2, 4) of n scores in order, best first. */
static void rank_peringkat(const dec_t *nilai, size_t n, int *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = i > 0 && nilai[i] == nilai[i - 1] ? out[i - 1] : (int)i + 1;
}

/* Top and bottom of every jenis of the summary (vertical offices last, as their own jenis). */
static kp_status draw_teratas(layout_doc *d, dok *dk, kp_error *err)
{
    const agg_year *y = dk->run->ctx->year;
    const gaya *g = &dk->run->g;
    size_t top = (size_t)dk->run->g.uk.jumlah_teratas;
    kp_status st = draw_judul_bagian(d, dk, K_bagian_teratas, 4 * get_tinggi_baris(g), err);
    const agg_instansi **inst = malloc((y->n_instansi ? y->n_instansi : 1) * sizeof *inst);
    int *rank = malloc((y->n_instansi ? y->n_instansi : 1) * sizeof *rank);
    dec_t *nilai = malloc((y->n_instansi ? y->n_instansi : 1) * sizeof *nilai);
    if (!inst || !rank || !nilai)
        st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    for (int j = 1; st == KP_OK && j < JENIS_COUNT; j++) {
        size_t n = 0;
        for (size_t i = 0; i < y->n_instansi; i++) {
            const agg_instansi *in = y->ranked[i];
            if ((int)in->jenis == j && is_inst_dalam(dk, in)) {
                nilai[n] = in->nilai;
                inst[n++] = in;
            }
        }
        if (n == 0)
            continue;
        rank_peringkat(nilai, n, rank);
        char jumlah[32], judul[256];
        bool semua = n <= 2 * top;
        idfmt_int((int64_t)(semua ? n : top), jumlah, sizeof jumlah);
        st = layout_fields_set(dk->f, "jumlah", jumlah, err);
        for (int bagian = 0; st == KP_OK && bagian < (semua ? 1 : 2); bagian++) {
            st = expand_kata_with(dk,
                                  semua    ? K_semua
                                  : bagian ? K_terbawah
                                           : K_teratas,
                                  "jenis", names_jenis_label((names_jenis)j), judul, sizeof judul,
                                  err);
            if (st == KP_OK)
                st = draw_subjudul(d, dk, judul, err);
            daftar ls = {.inst = inst,
                         .peringkat = rank,
                         .dari = semua || !bagian ? 0 : n - top,
                         .sampai = semua || bagian ? n : top};
            if (st == KP_OK)
                st = draw_tabel_daftar(d, dk, &ls, err);
        }
    }
    free(inst);
    free(rank);
    free(nilai);
    return st;
}

/* An instansi's summary: every unit, best first, with its rank within the instansi. */
static kp_status draw_peringkat_unit(layout_doc *d, dok *dk, kp_error *err)
{
    const agg_instansi *in = dk->sc.instansi;
    kp_status st = draw_judul_bagian(d, dk, K_bagian_unit, 3 * get_tinggi_baris(&dk->run->g), err);
    const agg_unit **u = malloc(in->n_units * sizeof *u);
    int *rank = malloc(in->n_units * sizeof *rank);
    if (st == KP_OK && (!u || !rank))
        st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    for (size_t i = 0; st == KP_OK && i < in->n_units; i++) {
        u[i] = &in->units[i];
        rank[i] = in->units[i].peringkat;
    }
    daftar ls = {.unit = u, .peringkat = rank, .sampai = in->n_units};
    if (st == KP_OK)
        st = draw_tabel_daftar(d, dk, &ls, err);
    free(u);
    free(rank);
    return st;
}

/* Lowest first; equal scores in the model's order (instansi, then unit). */
static int compare_unit_lemah(const void *pa, const void *pb)
{
    const agg_unit *a = *(const agg_unit *const *)pa, *b = *(const agg_unit *const *)pb;
    if (a->nilai != b->nilai)
        return a->nilai < b->nilai ? -1 : 1;
    if (a->instansi != b->instansi)
        return a->instansi < b->instansi ? -1 : 1;
    return a < b ? -1 : a > b;
}

static int compare_inst_lemah(const void *pa, const void *pb)
{
    const agg_instansi *a = *(const agg_instansi *const *)pa, *b = *(const agg_instansi *const *)pb;
    if (a->nilai != b->nilai)
        return a->nilai < b->nilai ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* Whether band b is the lowest group: zona merah where there are zones, else the last band. */
static bool is_terendah(const rubric *r, const rubric_band *b)
{
    return r->ada_zona ? b->zona == ZONA_MERAH : b == &r->band[r->n_band - 1];
}

/*
 * The units needing coaching (a rubric with a coaching line) or, earlier, the instansi (an
 * instansi's summary: units) in the lowest group; lowest first, at most maks_daftar rows.
 */
static kp_status draw_pembinaan(layout_doc *d, dok *dk, kp_error *err)
{
    const rk_run *run = dk->run;
    const agg_year *y = run->ctx->year;
    const rubric *r = y->rubric;
    bool bina = r->ada_pembinaan;
    bool unit = bina || dk->unit;
    kp_status st = draw_judul_bagian(d, dk, bina ? K_bagian_pembinaan : K_bagian_zona_terendah,
                                     2 * get_tinggi_baris(&run->g), err);
    size_t cap = dk->unit ? dk->sc.instansi->n_units : unit ? y->n_units : y->n_instansi;
    const void **list = malloc((cap ? cap : 1) * sizeof *list);
    if (st == KP_OK && !list)
        st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    size_t n = 0;
    for (size_t i = 0; st == KP_OK && i < y->n_instansi; i++) {
        const agg_instansi *in = &y->instansi[i];
        bool mine = dk->unit ? in == dk->sc.instansi : is_inst_dalam(dk, in);
        if (!mine)
            continue;
        if (!unit && in->jenis != JENIS_VERTIKAL && is_terendah(r, in->band))
            list[n++] = in;
        for (size_t k = 0; unit && k < in->n_units; k++)
            if (bina ? in->units[k].pembinaan : is_terendah(r, in->units[k].band))
                list[n++] = &in->units[k];
    }
    if (st == KP_OK)
        qsort(list, n, sizeof *list, unit ? compare_unit_lemah : compare_inst_lemah);
    char kelompok[2 * RUBRIC_TEXT_MAX + 16];
    if (r->ada_zona)
        snprintf(kelompok, sizeof kelompok, "%s", rubric_zona_label(ZONA_MERAH));
    else
        format_label_band(dk, r->n_band - 1, kelompok, sizeof kelompok);
    if (st == KP_OK)
        st = layout_fields_set(dk->f, "kelompok", kelompok, err);
    if (st == KP_OK)
        st = draw_paragraf_kata(d, dk,
                                n == 0 ? (bina ? K_pembinaan_tanpa : K_zona_tanpa)
                                : bina ? K_pembinaan_kalimat
                                       : K_zona_kalimat,
                                err);
    size_t maks = (size_t)run->g.uk.maks_daftar, m = n < maks ? n : maks;
    int *no = malloc((m ? m : 1) * sizeof *no);
    if (st == KP_OK && !no)
        st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    for (size_t i = 0; st == KP_OK && i < m; i++)
        no[i] = (int)i + 1;
    daftar ls = {.inst = unit ? NULL : (const agg_instansi **)list,
                 .unit = unit ? (const agg_unit **)list : NULL,
                 .peringkat = no,
                 .sampai = m,
                 .unit_dengan_instansi = !dk->unit};
    if (st == KP_OK && m > 0)
        st = draw_tabel_daftar(d, dk, &ls, err);
    if (st == KP_OK && n > m) {
        char sisa[32];
        idfmt_int((int64_t)(n - m), sisa, sizeof sisa);
        st = layout_fields_set(dk->f, "sisa", sisa, err);
        if (st == KP_OK)
            st = draw_paragraf_kata(d, dk, bina ? K_pembinaan_sisa : K_zona_sisa, err);
    }
    free(no);
    free(list);
    return st;
}

static kp_status draw_metode(layout_doc *d, dok *dk, kp_error *err)
{
    const rubric *r = dk->run->ctx->year->rubric;
    kp_status st =
        draw_judul_bagian(d, dk, K_bagian_metode, 3 * layout_line_height(&dk->run->g.teks), err);
    if (st == KP_OK)
        st = draw_paragraf_kata(d, dk, K_metode, err);
    if (st == KP_OK)
        st = draw_paragraf_kata(d, dk, r->tidak_pasti[0] ? K_metode_tidak_pasti : K_metode_pasti,
                                err);
    return st;
}

/* ---- one document ---------------------------------------------------------------------- */

/* The footer of every page and, on the national summary's first, the table of contents. */
static kp_status draw_kaki(layout_doc *d, int page, int pages, void *user, kp_error *err)
{
    dok *dk = user;
    const gaya *g = &dk->run->g;
    layout_box c = layout_content(d);
    char teks[256], judul[512];
    kp_status st = layout_fields_setf(dk->f, err, "halaman", "%d", page);
    if (st == KP_OK)
        st = layout_fields_setf(dk->f, err, "jumlah_halaman", "%d", pages);
    if (st == KP_OK)
        st = expand_kata(dk, K_halaman, teks, sizeof teks, err);
    const char *jd = layout_fields_get(dk->f, "judul");
    snprintf(judul, sizeof judul, "Ringkasan Eksekutif \xc2\xb7 %s", jd ? jd : "");
    double y = c.y + c.h + g->uk.jarak_kaki, ry = y - g->uk.jarak_garis_kaki;
    layout_line(d, c.x, ry, c.x + c.w, ry, g->garis, g->uk.garis_kaki);
    layout_style ks = g->kecil;
    ks.align = LAYOUT_LEFT;
    if (st == KP_OK)
        st = layout_text(d, &ks, c.x, y, c.w * g->uk.bagi_kaki, judul, err);
    ks.align = LAYOUT_RIGHT;
    if (st == KP_OK)
        st = layout_text(d, &ks, c.x, y, c.w, teks, err);
    if (st != KP_OK || !dk->toc || page != 1)
        return st;
    double lh = layout_line_height(&g->daftar_isi), ty = dk->toc_y;
    layout_style ts = g->daftar_isi;
    for (int i = 0; st == KP_OK && i < dk->n_bagian; i++) {
        char no[16];
        snprintf(no, sizeof no, "%d", dk->bagian_hal[i]);
        ts.align = LAYOUT_LEFT;
        st = layout_text(d, &ts, c.x + g->uk.indent_daftar_isi, ty,
                         c.w - g->uk.kolom_halaman_daftar_isi, dk->bagian[i], err);
        ts.align = LAYOUT_RIGHT;
        if (st == KP_OK)
            st = layout_text(d, &ts, c.x, ty, c.w, no, err);
        ty += lh;
    }
    return st;
}

/* Reserves the table of contents (drawn by draw_kaki() once the pages are known). */
static kp_status draw_daftar_isi(layout_doc *d, dok *dk, int n_bagian, kp_error *err)
{
    kp_status st = draw_judul_bagian(d, dk, K_daftar_isi, 0, err);
    /* The contents list itself is not an entry of the contents. */
    dk->n_bagian = 0;
    dk->toc = true;
    dk->toc_y = layout_cursor(d);
    layout_set_cursor(d, dk->toc_y + n_bagian * layout_line_height(&dk->run->g.daftar_isi) +
                             dk->run->g.uk.jarak_bagian);
    return st;
}

/* Fields of the header and of every text: the scope, the issuer, the method. */
static kp_status set_isi_fields(dok *dk, const acara *a, kp_error *err)
{
    const render_ctx *ctx = dk->run->ctx;
    const rubric *r = ctx->year->rubric;
    const cmp_result *c = ctx->cmp;
    layout_fields *f = dk->f;
    char tgl[64], batas[32];
    const char *cakupan = dk->sc.instansi   ? dk->sc.instansi->nama_resmi
                          : dk->sc.provinsi ? dk->sc.provinsi->nama
                                            : "Nasional";
    const char *kv[][2] = {
        {"cakupan", cakupan},
        {"penilaian", a->penilaian},
        {"lembaga", a->lembaga},
        {"unit_lembaga", a->unit_lembaga},
        {"tempat", a->tempat},
        {"tanggal", idfmt_tanggal(a->tahun, a->bulan, a->hari, tgl, sizeof tgl)},
        {"rubrik", r->nama},
        {"rubrik_id", r->id},
        {"sumber", r->sumber},
        {"tidak_pasti", r->tidak_pasti},
        {"gerbang", r->gerbang},
        {"batas_pembinaan",
         r->ada_pembinaan ? idfmt_nilai(r->pembinaan_di_bawah, batas, sizeof batas) : ""},
    };
    kp_status st = layout_fields_setf(f, err, "tahun", "%d", ctx->year->tahun);
    for (size_t i = 0; st == KP_OK && i < sizeof kv / sizeof kv[0]; i++)
        st = layout_fields_set(f, kv[i][0], kv[i][1], err);
    if (st == KP_OK && c)
        st = layout_fields_setf(f, err, "tahun_lalu", "%d", c->tahun_lalu);
    if (st == KP_OK)
        st = layout_fields_set(f, "menurut", c ? cmp_menurut_str(c->menurut) : "", err);
    size_t n[CMP_GERAK_COUNT] = {0};
    if (c)
        ringkasan_gerak(c, &dk->sc, n);
    static const char *const gerak[CMP_GERAK_COUNT] = {"tetap", "naik", "turun", "baru", "hilang"};
    for (int i = 0; st == KP_OK && i < CMP_GERAK_COUNT; i++) {
        char v[32];
        st = layout_fields_set(f, gerak[i], idfmt_int((int64_t)n[i], v, sizeof v), err);
    }
    char judul[512];
    enum kata jk = dk->sc.instansi   ? K_judul_instansi
                   : dk->sc.provinsi ? K_judul_provinsi
                                     : K_judul_nasional;
    if (st == KP_OK)
        st = expand_kata(dk, jk, judul, sizeof judul, err);
    if (st == KP_OK)
        st = layout_fields_set(f, "judul", judul, err);
    return st;
}

static kp_status render_one(const rk_run *run, layout_doc *d, const ringkasan_cakupan *sc,
                            const char *path, kp_error *err)
{
    const render_ctx *ctx = run->ctx;
    const agg_year *y = ctx->year;
    dok dk = {.run = run, .sc = *sc, .f = layout_fields_new()};
    if (!dk.f)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    if (sc->instansi) {
        dk.unit = true;
        dk.stats = dk.unit_stats = &sc->instansi->unit_stats;
    } else if (sc->provinsi) {
        dk.stats = &sc->provinsi->instansi_stats;
        dk.unit_stats = &sc->provinsi->unit_stats;
        dk.per_jenis = sc->provinsi->per_jenis;
        dk.vertikal = &sc->provinsi->per_jenis[JENIS_VERTIKAL];
    } else {
        dk.stats = &y->nasional;
        dk.unit_stats = &y->nasional_units;
        dk.per_jenis = y->per_jenis;
        dk.vertikal = &y->per_jenis[JENIS_VERTIKAL];
    }
    /* A region's summary is issued by its Perwakilan; the nation's, an instansi's by its. */
    size_t k = sc->instansi   ? perwakilan_penerbit(ctx->perwakilan, sc->instansi)
               : sc->provinsi ? perwakilan_penerbit_provinsi(ctx->perwakilan, sc->provinsi)
                              : 0;
    const acara *a = &run->penerbit[k];
    kp_status st = set_isi_fields(&dk, a, err);
    char creator[96], title[600];
    snprintf(creator, sizeof creator, "kepatuhan %s", ctx->version ? ctx->version : "");
    snprintf(title, sizeof title, "Ringkasan Eksekutif - %s",
             st == KP_OK ? layout_fields_get(dk.f, "judul") : "");
    layout_info info = {
        .title = title,
        .author = a->lembaga,
        .subject = a->penilaian,
        .keywords = y->rubric->id,
        .creator = creator,
        .epoch = acara_doc_epoch(a, ctx->epoch, ctx->epoch_fixed),
    };
    if (st == KP_OK)
        st = layout_doc_begin(d, &info, err);
    if (st == KP_OK) {
        layout_doc_set_page_hook(d, draw_kaki, &dk);
        st = layout_page_add(d, dk.f, err);
    }
    /* Sections in the order; the national summary lists them first. */
    if (st == KP_OK && !sc->provinsi && !sc->instansi)
        st = draw_daftar_isi(d, &dk, 6, err);
    if (st == KP_OK)
        st = draw_angka_utama(d, &dk, err);
    if (st == KP_OK)
        st = draw_sebaran(d, &dk, err);
    if (st == KP_OK && ctx->cmp)
        st = draw_banding(d, &dk, err);
    else if (st == KP_OK && !sc->instansi &&
             (st = draw_judul_bagian(d, &dk, K_bagian_banding_tanpa, 0, err)) == KP_OK)
        st = draw_paragraf_kata(d, &dk, K_banding_tanpa, err);
    if (st == KP_OK)
        st = sc->instansi ? draw_peringkat_unit(d, &dk, err) : draw_teratas(d, &dk, err);
    if (st == KP_OK)
        st = draw_pembinaan(d, &dk, err);
    if (st == KP_OK)
        st = draw_metode(d, &dk, err);
    if (st == KP_OK)
        st = layout_doc_save(d, path, err);
    /* In the register by its digest, without a code: a summary states no one instansi's facts. */
    if (st == KP_OK)
        st = dokumen_catat(run->ctx, d, path, "ringkasan", NULL, NULL, err);
    layout_fields_free(dk.f);
    return st;
}

static kp_status job(void *user, size_t i, layout_doc *d, kp_error *err)
{
    const rk_run *run = user;
    const ringkasan_cakupan *sc = &run->dok[i];
    const char *slug = sc->instansi   ? sc->instansi->slug
                       : sc->provinsi ? sc->provinsi->slug
                                      : "nasional";
    char path[RK_PATH_MAX];
    kp_status st = path_format(path, sizeof path, err, "%s/ringkasan/ringkasan-%s.pdf",
                               run->ctx->out_dir, slug);
    return st == KP_OK ? render_one(run, d, sc, path, err) : st;
}

/* The summaries of the run, in a fixed order: the nation, its regions, their instansi. */
static kp_status collect(rk_run *run, const ringkasan_options *opt, kp_error *err)
{
    const render_ctx *ctx = run->ctx;
    const agg_year *y = ctx->year;
    run->dok = calloc(1 + y->n_provinsi + (opt->instansi ? y->n_instansi : 0), sizeof *run->dok);
    if (!run->dok)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    /* A shard sees one province: a national summary of it would not be the nation's. */
    if (!ctx->provinsi)
        run->n_dok++;
    for (size_t i = 0; i < y->n_provinsi; i++) {
        const agg_provinsi *p = &y->provinsi[i];
        /* Like provinsi.csv: Pusat is no region, and a region of vertical offices alone has
         * no figures of its own. */
        if (p->pusat || p->instansi_stats.n == 0 || (ctx->provinsi && p != ctx->provinsi))
            continue;
        run->dok[run->n_dok++].provinsi = p;
    }
    for (size_t i = 0; opt->instansi && i < y->n_instansi; i++) {
        const agg_instansi *in = &y->instansi[i];
        bool pemda =
            in->jenis == JENIS_PROVINSI || in->jenis == JENIS_KABUPATEN || in->jenis == JENIS_KOTA;
        if (pemda && in->n_units > 0 && render_in_shard(ctx, in))
            run->dok[run->n_dok++].instansi = in;
    }
    return KP_OK;
}

static kp_status load_run(rk_run *run, layout_template **t, kp_error *err)
{
    const render_ctx *ctx = run->ctx;
    char path[RK_PATH_MAX];
    acara pusat;
    kp_status st = render_acara(ctx, &pusat, err);
    if (st == KP_OK) {
        run->penerbit = malloc((perwakilan_count(ctx->perwakilan) + 1) * sizeof *run->penerbit);
        if (!run->penerbit)
            return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        perwakilan_acara(ctx->perwakilan, &pusat, run->penerbit);
    }
    if (st == KP_OK)
        st =
            path_format(path, sizeof path, err, "%s/ringkasan/ringkasan.isi.ini", ctx->templat_dir);
    if (st == KP_OK)
        st = isi_load(path, &run->isi, err);
    if (st == KP_OK)
        st = path_format(path, sizeof path, err, "%s/ringkasan/ringkasan.ini", ctx->templat_dir);
    if (st == KP_OK)
        st = layout_template_load(path, ctx->font_dir, rk_fields, t, err);
    if (st == KP_OK)
        st = load_gaya(*t, &run->g, err);
    if (st == KP_OK)
        st = layout_template_ukuran(*t, ukuran_kunci, sizeof ukuran_kunci / sizeof ukuran_kunci[0],
                                    &run->g.uk, err);
    return st;
}

kp_status ringkasan_render(const render_ctx *ctx, const ringkasan_options *opt, size_t *written,
                           kp_error *err)
{
    ringkasan_options none = {0};
    if (!opt)
        opt = &none;
    if (written)
        *written = 0;
    rk_run run = {.ctx = ctx};
    layout_template *t = NULL;
    char dir[RK_PATH_MAX];
    kp_status st = collect(&run, opt, err);
    if (st == KP_OK && run.n_dok > 0)
        st = path_format(dir, sizeof dir, err, "%s/ringkasan", ctx->out_dir);
    if (st == KP_OK && run.n_dok > 0)
        st = outdir_mkdirs(dir, err);
    if (st == KP_OK && run.n_dok > 0)
        st = load_run(&run, &t, err);
    run.tmpl = t;
    if (st == KP_OK)
        st = docpool_run(ctx, t, "ringkasan", run.n_dok, job, &run, err);
    if (st == KP_OK && written)
        *written = run.n_dok;
    layout_template_free(t);
    isi_free(&run.isi);
    free(run.penerbit);
    free(run.dok);
    return st;
}
