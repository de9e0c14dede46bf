#include "render/rapor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/acara.h"
#include "render/perwakilan.h"
#include "render/docpool.h"
#include "render/dokumen.h"
#include "render/layout.h"
#include "util/idfmt.h"
#include "util/outdir.h"
#include "util/path.h"
#include "util/sbuf.h"

/* ---- summary rules ------------------------------------------------------------------ */

/* Appends printf output to buf (already holding len bytes), truncating at cap. */
/* Where a score stands: "kategori A" for lettered methods, else the zone ("Zona Hijau"). */
static const char *format_kelas(const char *kategori, rubric_zona z, const char *predikat,
                                char *buf, size_t cap)
{
    if (kategori && *kategori)
        snprintf(buf, cap, "kategori %s", kategori);
    else if (z != ZONA_NONE)
        snprintf(buf, cap, "%s", rubric_zona_label(z));
    else
        snprintf(buf, cap, "predikat %s", predikat ? predikat : "");
    return buf;
}

/* The full standing for a first mention: "kategori A (Kualitas Tertinggi)". */
static const char *format_kelas_lengkap(const rapor_fakta *f, char *buf, size_t cap)
{
    char k[RUBRIC_TEXT_MAX + 16];
    format_kelas(f->kategori, f->zona, f->predikat, k, sizeof k);
    if (f->predikat && *f->predikat && strncmp(k, "predikat ", 9) != 0)
        snprintf(buf, cap, "%s (%s)", k, f->predikat);
    else
        snprintf(buf, cap, "%s", k);
    return buf;
}

/*
 * The Opini method's sentence: the opinion (or label) first, then what can be compared with
 * the year before. Zones do not exist there; categories keep the letters of 2022-2024.
 */
static void kalimat_nilai_opini(const rapor_fakta *f, sbuf *b)
{
    char n[32], lalu[32], beda[32], kat[RUBRIC_TEXT_MAX], gerak[96];
    idfmt_nilai(f->nilai, n, sizeof n);
    if (f->opini && *f->opini)
        sbuf_printf(b, "Nilai %s: %s", n, f->opini);
    else if (f->label_unit && *f->label_unit)
        sbuf_printf(b, "Nilai %s: kualitas pelayanan %s", n, f->label_unit);
    else
        sbuf_printf(b, "Nilai %s: predikat %s", n, f->predikat ? f->predikat : "");
    if (f->kategori && *f->kategori)
        sbuf_printf(b, " (kategori %s)", f->kategori);
    if (f->tahun_lalu == 0) {
        sbuf_puts(b, ". Belum ada nilai tahun sebelumnya untuk dibandingkan.");
        return;
    }
    idfmt_nilai(f->nilai_lalu, lalu, sizeof lalu);
    dec_t d = f->nilai - f->nilai_lalu;
    idfmt_nilai(dec_abs(d), beda, sizeof beda);
    if (d == 0)
        snprintf(gerak, sizeof gerak, "nilai tetap %s", n);
    else
        snprintf(gerak, sizeof gerak, "nilai %s %s poin dari %s", d > 0 ? "naik" : "turun", beda,
                 lalu);
    bool ada_kat =
        f->banding_kategori && f->kategori && *f->kategori && f->kategori_lalu && *f->kategori_lalu;
    if (!ada_kat)
        kat[0] = '\0';
    else if (f->arah_kategori == 0)
        snprintf(kat, sizeof kat, "kategori tetap %s", f->kategori);
    else
        snprintf(kat, sizeof kat, "kategori %s dari %s ke %s",
                 f->arah_kategori > 0 ? "naik" : "turun", f->kategori_lalu, f->kategori);
    if (f->ganti_metode && ada_kat)
        sbuf_printf(
            b,
            ". Metode penilaian berbeda dengan tahun %d; yang dibandingkan adalah kategori dan "
            "nilai: %s, %s.",
            f->tahun_lalu, kat, gerak);
    else if (f->ganti_metode)
        sbuf_printf(
            b, ". Metode penilaian berbeda dengan tahun %d; yang dibandingkan adalah nilai: %s.",
            f->tahun_lalu, gerak);
    else if (ada_kat)
        sbuf_printf(b, ". Dibanding tahun %d, %s dan %s.", f->tahun_lalu, gerak, kat);
    else
        sbuf_printf(b, ". Dibanding tahun %d, %s.", f->tahun_lalu, gerak);
}

char *rapor_kalimat_nilai(const rapor_fakta *f, char *buf, size_t cap)
{
    char n[32], lalu[32], beda[32], k[RUBRIC_TEXT_MAX + 40];
    idfmt_nilai(f->nilai, n, sizeof n);
    if (cap == 0)
        return buf;
    buf[0] = '\0';
    if (f->metode_opini) {
        sbuf b;
        sbuf_init_fixed(&b, buf, cap);
        kalimat_nilai_opini(f, &b);
        return buf;
    }

    if (f->tahun_lalu == 0) {
        snprintf(buf, cap, "Nilai %s, %s. Belum ada nilai tahun sebelumnya untuk dibandingkan.", n,
                 format_kelas_lengkap(f, k, sizeof k));
        return buf;
    }
    if (f->beda_metode) {
        sbuf sb;
        sbuf_init_fixed(&sb, buf, cap);
        sbuf_printf(&sb,
                    "Nilai %s, %s. Metode penilaian berbeda dengan tahun %d, sehingga "
                    "hanya zona yang dibandingkan: ",
                    n, format_kelas_lengkap(f, k, sizeof k), f->tahun_lalu);
        int a = rubric_zona_rank(f->zona), b = rubric_zona_rank(f->zona_lalu);
        if (a == 0 || b == 0)
            sbuf_puts(&sb, "zona tidak tersedia.");
        else if (a == b)
            sbuf_printf(&sb, "tetap di %s.", rubric_zona_label(f->zona));
        else
            sbuf_printf(&sb, "%s dari %s ke %s.", a > b ? "naik" : "turun",
                        rubric_zona_label(f->zona_lalu), rubric_zona_label(f->zona));
        return buf;
    }

    idfmt_nilai(f->nilai_lalu, lalu, sizeof lalu);
    dec_t d = f->nilai - f->nilai_lalu;
    if (d == 0) {
        snprintf(buf, cap, "Nilai tetap %s, sama dengan tahun %d, di %s.", n, f->tahun_lalu,
                 format_kelas(f->kategori, f->zona, f->predikat, k, sizeof k));
        return buf;
    }
    char k_lalu[RUBRIC_TEXT_MAX + 16];
    format_kelas(f->kategori, f->zona, f->predikat, k, sizeof k);
    format_kelas(f->kategori_lalu, f->zona_lalu, f->predikat, k_lalu, sizeof k_lalu);
    /* Without letters the predikat does not separate two scores of one zone: compare zones. */
    bool sama = (f->kategori && *f->kategori) ? strcmp(k, k_lalu) == 0 : f->zona == f->zona_lalu;
    idfmt_nilai(dec_abs(d), beda, sizeof beda);
    snprintf(buf, cap, "Nilai %s %s poin dari %s menjadi %s dan %s %s.", d > 0 ? "naik" : "turun",
             beda, lalu, n, sama ? "tetap di" : "masuk", k);
    return buf;
}

char *rapor_kalimat_dimensi(const rapor_fakta *f, char *buf, size_t cap)
{
    if (cap == 0)
        return buf;
    buf[0] = '\0';
    if (!f->dimensi && f->dimensi_tanpa_bobot && *f->dimensi_tanpa_bobot) {
        snprintf(buf, cap,
                 "Bobot dimensi (%s) tidak dipublikasikan untuk penilaian ini: rapor memuat nilai "
                 "akhir saja.",
                 f->dimensi_tanpa_bobot);
        return buf;
    }
    if (!f->dimensi) {
        snprintf(buf, cap, "Rincian nilai per dimensi tidak tersedia untuk penilaian ini.");
        return buf;
    }
    char poin[32], bobot[32], label[RUBRIC_TEXT_MAX];
    snprintf(label, sizeof label, "%s", f->dimensi);
    /* Mid-sentence a label reads in lower case ("pengaduan"); acronyms ("IKM") keep theirs. */
    if (label[0] >= 'A' && label[0] <= 'Z' && label[1] >= 'a' && label[1] <= 'z')
        label[0] = (char)(label[0] - 'A' + 'a');
    snprintf(buf, cap, "Dimensi terlemah: %s (%s dari %s).", label,
             idfmt_nilai(f->dimensi_poin, poin, sizeof poin),
             idfmt_nilai(f->dimensi_bobot, bobot, sizeof bobot));
    return buf;
}

char *rapor_kalimat_unit(const rapor_fakta *f, char *buf, size_t cap)
{
    if (cap == 0)
        return buf;
    buf[0] = '\0';
    char n[32], batas[32];
    idfmt_nilai(f->batas_pembinaan, batas, sizeof batas);
    if (f->n_unit == 0) {
        if (f->ada_pembinaan && f->pembinaan)
            snprintf(buf, cap, "Nilai di bawah %s, sehingga memerlukan pembinaan.", batas);
        return buf;
    }
    idfmt_nilai(f->unit_terendah_nilai, n, sizeof n);
    if (f->ada_pembinaan && f->n_unit_pembinaan == 0 && f->n_unit == 1)
        snprintf(buf, cap,
                 "Unit layanan yang dinilai bernilai %s atau lebih: tidak memerlukan pembinaan.",
                 batas);
    else if (f->ada_pembinaan && f->n_unit_pembinaan == 0)
        snprintf(buf, cap,
                 "Semua %zu unit layanan bernilai %s atau lebih: tidak ada yang memerlukan "
                 "pembinaan.",
                 f->n_unit, batas);
    else if (f->ada_pembinaan)
        snprintf(
            buf, cap,
            "Sebanyak %zu dari %zu unit layanan memerlukan pembinaan (nilai di bawah %s); nilai "
            "terendah: %s (%s).",
            f->n_unit_pembinaan, f->n_unit, batas, f->unit_terendah, n);
    else if (f->zona == ZONA_NONE)
        snprintf(buf, cap, "Nilai terendah di antara %zu unit layanan: %s (%s).", f->n_unit,
                 f->unit_terendah, n);
    else if (f->n_unit_lemah == 0 && f->n_unit == 1)
        snprintf(buf, cap, "Unit layanan yang dinilai berada di Zona Hijau.");
    else if (f->n_unit_lemah == 0)
        snprintf(buf, cap, "Semua %zu unit layanan berada di Zona Hijau.", f->n_unit);
    else
        snprintf(buf, cap,
                 "Sebanyak %zu dari %zu unit layanan belum berada di Zona Hijau; nilai terendah: "
                 "%s (%s).",
                 f->n_unit_lemah, f->n_unit, f->unit_terendah, n);
    return buf;
}

char *rapor_kalimat_gerbang(const rapor_fakta *f, char *buf, size_t cap)
{
    if (cap == 0)
        return buf;
    buf[0] = '\0';
    if (!f->gerbang || !*f->gerbang)
        return buf;
    switch (f->gerbang_status) {
    case RUBRIC_GERBANG_YA:
        snprintf(buf, cap,
                 "%s: ya \xe2\x80\x94 produk pengawasan Ombudsman ditindaklanjuti sepenuhnya.",
                 f->gerbang);
        break;
    case RUBRIC_GERBANG_TIDAK:
        snprintf(buf, cap,
                 "%s: belum \xe2\x80\x94 produk pengawasan Ombudsman belum ditindaklanjuti "
                 "sepenuhnya.",
                 f->gerbang);
        break;
    case RUBRIC_GERBANG_TIDAK_DIKETAHUI:
        /* The input did not say: the document must not claim either. */
        snprintf(buf, cap, "%s: belum diketahui (tidak ada dalam data).", f->gerbang);
        break;
    }
    return buf;
}

char *rapor_ringkasan(const rapor_fakta *f, char *buf, size_t cap)
{
    char part[1024];
    if (cap == 0)
        return buf;
    sbuf b;
    sbuf_init_fixed(&b, buf, cap);
    sbuf_puts(&b, rapor_kalimat_nilai(f, part, sizeof part));
    sbuf_printf(&b, " %s", rapor_kalimat_dimensi(f, part, sizeof part));
    if (rapor_kalimat_unit(f, part, sizeof part)[0])
        sbuf_printf(&b, " %s", part);
    return buf;
}

int rapor_dimensi_urut(const rubric *r, unsigned mask, const dec_t *comp, int *order)
{
    int n = 0;
    for (int i = 0; i < r->n_comp && i < RUBRIC_MAX_COMP; i++) {
        if (!(mask & (1u << i)) || r->comp[i].bobot <= 0)
            continue;
        /* Insertion keeps equal shares in rubric order; a/ba < b/bb is a*bb < b*ba. */
        int j = n++;
        while (j > 0) {
            int p = order[j - 1];
            if (comp[p] * r->comp[i].bobot <= comp[i] * r->comp[p].bobot)
                break;
            order[j] = p;
            j--;
        }
        order[j] = i;
    }
    return n;
}

/* ---- rendering ------------------------------------------------------------------------ */

#define RAPOR_PATH_MAX  4096
#define RAPOR_TREND_MAX 64

/* Lengths of the programmatic parts: the template's [ukuran] (README: templates/). */
typedef struct ukuran {
    double tepi_sel;              /* table cell padding */
    double tepi_lencana;          /* padding of the badge */
    double tepi_ringkasan;        /* padding of the summary box */
    double lebar_garis_ringkasan; /* the summary box's accent stripe */
    double kolom_dimensi;         /* dimension table: the dimension's name */
    double kolom_angka;           /* dimension table: points, maximum, missing */
    double tinggi_batang;         /* dimension table: the bar of the share */
    double jarak_antarbagian;     /* after a section's content */
    double garis_bagian;          /* the rule under a section heading */
    /* A section heading: space above it, its rule below its line, space after the rule, and
     * the room it asks for beyond its line and what it is kept with. */
    double jarak_judul, jarak_garis_judul, jarak_sesudah_judul, ruang_judul;
    double jarak_lencana;                        /* between the badge and the ranks beside it */
    double ruang_lencana, jarak_sesudah_lencana; /* the badge's line: room asked, space after */
    double jarak_sesudah_ringkasan;              /* after the summary box */
    double ruang_dimensi;                        /* the dimension table: room beyond its rows */
    double jarak_kaki, garis_kaki;               /* the footer below the content, its rule */
    double jarak_garis_kaki;                     /* the footer's rule above its text */
    /* The footer's rubric line: its box (ending before the QR code) and its smallest size. */
    double lebar_kaki, huruf_kaki_min;
    /* The trend chart and its gap to the comparison table, which is lebar_banding at most. */
    double lebar_grafik, tinggi_grafik, jarak_grafik, lebar_banding;
    double tepi_grafik;   /* the chart inside its box, above and below */
    double bagi_banding;  /* the comparison table: its label column's share of its width */
    double jarak_catatan; /* the comparison: before the note on a change of method */
    /* The unit table's columns; the unit's name takes the rest. */
    double kolom_no, kolom_nilai, kolom_kategori, kolom_predikat, kolom_zona, kolom_selisih;
    double kolom_kualitas, kolom_tindak_lanjut; /* Opini templates */
} ukuran;

/* Styles, colours and lengths the code draws with, looked up once from the template. */
typedef struct gaya {
    layout_style bagian;    /* section headings */
    layout_style teks;      /* body text */
    layout_style ringkasan; /* the summary paragraph */
    layout_style kepala;    /* table header */
    layout_style tabel;     /* table cells */
    layout_style badge;     /* zone badge */
    layout_style grafik;    /* chart labels */
    layout_style kecil;     /* footer small print */
    layout_color aksen, garis, zebra, kepala_isi, kotak, batang, sorotan, jalur;
    layout_color zona[ZONA_COUNT];      /* badge colours */
    layout_color zona_muda[ZONA_COUNT]; /* zone cell tints */
    layout_color lencana;               /* Opini templates: the opinion's (or label's) badge */
    layout_color pembinaan_muda;        /* Opini templates: tint of a unit that needs coaching */
    ukuran uk;
} gaya;

/* Every [ukuran] key of a rapor template, with its default (the shipped templates' value). */
static const layout_ukuran ukuran_kunci[] = {
    {"tepi_sel", offsetof(gaya, uk.tepi_sel), 4, 0},
    {"tepi_lencana", offsetof(gaya, uk.tepi_lencana), 4, 0},
    {"tepi_ringkasan", offsetof(gaya, uk.tepi_ringkasan), 9, 0},
    {"lebar_garis_ringkasan", offsetof(gaya, uk.lebar_garis_ringkasan), 3, 0},
    {"kolom_dimensi", offsetof(gaya, uk.kolom_dimensi), 215, 0},
    {"kolom_angka", offsetof(gaya, uk.kolom_angka), 52, 0},
    {"tinggi_batang", offsetof(gaya, uk.tinggi_batang), 7, 0},
    {"jarak_antarbagian", offsetof(gaya, uk.jarak_antarbagian), 8, 0},
    {"garis_bagian", offsetof(gaya, uk.garis_bagian), 0.8, 0},
    {"jarak_judul", offsetof(gaya, uk.jarak_judul), 6, 0},
    {"jarak_garis_judul", offsetof(gaya, uk.jarak_garis_judul), 1, 0},
    {"jarak_sesudah_judul", offsetof(gaya, uk.jarak_sesudah_judul), 7, 0},
    {"ruang_judul", offsetof(gaya, uk.ruang_judul), 10, 0},
    {"ruang_lencana", offsetof(gaya, uk.ruang_lencana), 8, 0},
    {"jarak_sesudah_lencana", offsetof(gaya, uk.jarak_sesudah_lencana), 10, 0},
    {"jarak_sesudah_ringkasan", offsetof(gaya, uk.jarak_sesudah_ringkasan), 6, 0},
    {"ruang_dimensi", offsetof(gaya, uk.ruang_dimensi), 4, 0},
    {"jarak_lencana", offsetof(gaya, uk.jarak_lencana), 12, 0},
    {"jarak_kaki", offsetof(gaya, uk.jarak_kaki), 10, 0},
    {"garis_kaki", offsetof(gaya, uk.garis_kaki), 0.5, 0},
    {"jarak_garis_kaki", offsetof(gaya, uk.jarak_garis_kaki), 4, 0},
    {"lebar_kaki", offsetof(gaya, uk.lebar_kaki), 196, 0},
    {"huruf_kaki_min", offsetof(gaya, uk.huruf_kaki_min), 5.5, 0},
    {"lebar_grafik", offsetof(gaya, uk.lebar_grafik), 215, 0},
    {"tinggi_grafik", offsetof(gaya, uk.tinggi_grafik), 92, 0},
    {"jarak_grafik", offsetof(gaya, uk.jarak_grafik), 20, 0},
    {"lebar_banding", offsetof(gaya, uk.lebar_banding), 270, 0},
    {"tepi_grafik", offsetof(gaya, uk.tepi_grafik), 2, 0},
    {"bagi_banding", offsetof(gaya, uk.bagi_banding), 0.42, 1},
    {"jarak_catatan", offsetof(gaya, uk.jarak_catatan), 4, 0},
    {"kolom_no", offsetof(gaya, uk.kolom_no), 24, 0},
    {"kolom_nilai", offsetof(gaya, uk.kolom_nilai), 52, 0},
    {"kolom_kategori", offsetof(gaya, uk.kolom_kategori), 56, 0},
    {"kolom_predikat", offsetof(gaya, uk.kolom_predikat), 96, 0},
    {"kolom_zona", offsetof(gaya, uk.kolom_zona), 56, 0},
    {"kolom_selisih", offsetof(gaya, uk.kolom_selisih), 66, 0},
    {"kolom_kualitas", offsetof(gaya, uk.kolom_kualitas), 74, 0},
    {"kolom_tindak_lanjut", offsetof(gaya, uk.kolom_tindak_lanjut), 74, 0},
};

/* One rendering run: read-only while the pool runs. */
typedef struct rapor_run {
    const render_ctx *ctx;
    const layout_template *tmpl;
    gaya g;
    const agg_instansi **inst; /* the instansi in the shard, year order */
    size_t n_inst;
    const agg_unit **unit; /* with opt->skpd: their units, for the per-SKPD rapor */
    size_t n_unit;
    bool opini;  /* the year's rubric gives an opinion: templates *-opini.ini, no zones */
    acara acara; /* for the assessment's name ({penilaian}) */
} rapor_run;

/* Every placeholder the rapor templates may use. */
static const char *const rapor_fields[] = {
    "tahun",
    "instansi",
    "instansi_nama",
    "unit",
    "provinsi",
    "rubrik",
    "rubrik_id",
    "nilai",
    "kategori",
    "predikat",
    "status",
    "zona",
    "versi",
    /* The Opini method's templates (*-opini.ini). */
    "opini",
    "kualitas_pelayanan",
    "predikat_unit",
    "gerbang",
    "penilaian",
    /* Who issues it: Ombudsman RI, or its Perwakilan in the instansi's province. */
    "penerbit",
    /* With an issuer's key: the verification code and the QR code's content (else empty). */
    "kode_verifikasi",
    "qr",
    NULL,
};

static kp_status load_gaya(const layout_template *t, bool opini, gaya *g, kp_error *err)
{
    static const struct {
        const char *name;
        size_t off;
    } styles[] = {
        {"bagian", offsetof(gaya, bagian)},       {"teks", offsetof(gaya, teks)},
        {"ringkasan", offsetof(gaya, ringkasan)}, {"tabel_kepala", offsetof(gaya, kepala)},
        {"tabel", offsetof(gaya, tabel)},         {"badge", offsetof(gaya, badge)},
        {"grafik", offsetof(gaya, grafik)},       {"kecil", offsetof(gaya, kecil)},
    };
    static const struct {
        const char *name;
        size_t off;
    } colors[] = {
        {"aksen", offsetof(gaya, aksen)},     {"garis", offsetof(gaya, garis)},
        {"zebra", offsetof(gaya, zebra)},     {"tabel_kepala", offsetof(gaya, kepala_isi)},
        {"kotak", offsetof(gaya, kotak)},     {"batang", offsetof(gaya, batang)},
        {"sorotan", offsetof(gaya, sorotan)}, {"jalur", offsetof(gaya, jalur)},
    };
    /* Zone colours only where there are zones; the Opini templates name theirs. */
    static const struct {
        const char *name;
        size_t off;
    } zona_colors[] =
        {
            {"hijau", offsetof(gaya, zona[ZONA_HIJAU])},
            {"kuning", offsetof(gaya, zona[ZONA_KUNING])},
            {"merah", offsetof(gaya, zona[ZONA_MERAH])},
            {"kuning_muda", offsetof(gaya, zona_muda[ZONA_KUNING])},
            {"merah_muda", offsetof(gaya, zona_muda[ZONA_MERAH])},
        },
      opini_colors[] = {
          {"lencana", offsetof(gaya, lencana)},
          {"pembinaan_muda", offsetof(gaya, pembinaan_muda)},
      };
    memset(g, 0, sizeof *g);
    for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++) {
        kp_status st = layout_template_style(t, styles[i].name,
                                             (layout_style *)((char *)g + styles[i].off), err);
        if (st != KP_OK)
            return st;
    }
    for (size_t i = 0; i < sizeof colors / sizeof colors[0]; i++) {
        if (!layout_template_color(t, colors[i].name, (layout_color *)((char *)g + colors[i].off)))
            return kp_error_set(err, KP_ERR_DATA, layout_template_path(t), 0, 0,
                                "templat rapor tidak punya warna \"%s\" di bagian [color]",
                                colors[i].name);
    }
    size_t n_extra = opini ? sizeof opini_colors / sizeof opini_colors[0]
                           : sizeof zona_colors / sizeof zona_colors[0];
    for (size_t i = 0; i < n_extra; i++) {
        const char *name = opini ? opini_colors[i].name : zona_colors[i].name;
        size_t off = opini ? opini_colors[i].off : zona_colors[i].off;
        if (!layout_template_color(t, name, (layout_color *)((char *)g + off)))
            return kp_error_set(err, KP_ERR_DATA, layout_template_path(t), 0, 0,
                                "templat rapor tidak punya warna \"%s\" di bagian [color]", name);
    }
    return layout_template_ukuran(t, ukuran_kunci, sizeof ukuran_kunci / sizeof ukuran_kunci[0], g,
                                  err);
}

/* "Kategori A · Kualitas Tertinggi", or the predikat alone for methods without letters. */
static void format_status(const rubric_band *b, char *buf, size_t cap)
{
    if (b->kategori[0])
        snprintf(buf, cap, "Kategori %s \xc2\xb7 %s", b->kategori, b->predikat);
    else
        snprintf(buf, cap, "%s", b->predikat);
}

/* Whether the rapor is of one that gets a label of service quality instead of an opinion. */
static bool is_berlabel(const agg_instansi *inst, const agg_unit *unit)
{
    return unit || inst->jenis == JENIS_VERTIKAL;
}

static kp_status fill_fields(const rapor_run *run, layout_fields *f, const agg_instansi *inst,
                             const agg_unit *unit, kp_error *err)
{
    const agg_year *y = run->ctx->year;
    dec_t nilai = unit ? unit->nilai : inst->nilai;
    const rubric_band *b = unit ? unit->band : inst->band;
    char n[32], status[RUBRIC_TEXT_MAX + 32];
    idfmt_nilai(nilai, n, sizeof n);
    format_status(b, status, sizeof status);
    /* A vertical office or a unit is labelled "Baik", not "Kualitas Tinggi". */
    if (run->opini && is_berlabel(inst, unit))
        snprintf(status, sizeof status, "%s%s%s%s", b->kategori[0] ? "Kategori " : "", b->kategori,
                 b->kategori[0] ? " \xc2\xb7 " : "", b->predikat_unit);
    const rubric *r = y->rubric;
    bool lulus = rubric_has_gerbang(r) && !unit && inst->gerbang == RUBRIC_GERBANG_YA;
    size_t k = perwakilan_penerbit(run->ctx->perwakilan, inst);
    char penerbit[2 * ACARA_TEXT_MAX + 2];
    snprintf(penerbit, sizeof penerbit, "%s%s%s", run->acara.lembaga, k ? " " : "",
             k ? perwakilan_get(run->ctx->perwakilan, k - 1)->unit_lembaga : "");
    const char *kv[][2] = {
        {"instansi", inst->nama_resmi},
        {"instansi_nama", inst->nama},
        {"unit", unit ? unit->nama : ""},
        {"provinsi", inst->provinsi->pusat ? "Instansi Pusat" : inst->provinsi->nama},
        {"rubrik", y->rubric->nama},
        {"rubrik_id", y->rubric->id},
        {"nilai", n},
        {"kategori", b->kategori},
        {"predikat", b->predikat},
        {"status", status},
        {"zona", rubric_zona_label(b->zona)},
        {"versi", run->ctx->version ? run->ctx->version : ""},
        {"opini", unit ? "" : inst->opini},
        {"kualitas_pelayanan", is_berlabel(inst, unit) ? b->predikat_unit : ""},
        {"predikat_unit", b->predikat_unit},
        {"gerbang", lulus ? r->gerbang : ""},
        {"penilaian", run->acara.penilaian},
        {"penerbit", penerbit},
    };
    kp_status st = layout_fields_setf(f, err, "tahun", "%d", y->tahun);
    for (size_t i = 0; st == KP_OK && i < sizeof kv / sizeof kv[0]; i++)
        st = layout_fields_set(f, kv[i][0], kv[i][1], err);
    return st;
}

/* Footer of every page: rubric and program in small print, page numbers on the right. */
static kp_status draw_kaki(layout_doc *d, int page, int pages, void *user, kp_error *err)
{
    const rapor_run *run = user;
    const gaya *g = &run->g;
    layout_box c = layout_content(d);
    double y = c.y + c.h + g->uk.jarak_kaki;
    char kiri[256], kanan[64];
    snprintf(kiri, sizeof kiri, "Rubrik %s \xc2\xb7 kepatuhan %s", run->ctx->year->rubric->id,
             run->ctx->version ? run->ctx->version : "");
    snprintf(kanan, sizeof kanan, "Halaman %d dari %d", page, pages);
    double ry = y - g->uk.jarak_garis_kaki;
    layout_line(d, c.x, ry, c.x + c.w, ry, g->garis, g->uk.garis_kaki);
    layout_style ks = g->kecil;
    ks.align = LAYOUT_LEFT;
    /* A long rubric id shrinks and wraps in its box instead of running into the QR code. */
    kp_status st =
        layout_text_box(d, &ks, c.x, y, g->uk.lebar_kaki, 3, g->uk.huruf_kaki_min, kiri, err);
    ks.align = LAYOUT_RIGHT;
    if (st == KP_OK)
        st = layout_text(d, &ks, c.x, y, c.w, kanan, err);
    return st;
}

/* A section heading with a rule under it, kept together with the first need points. */
static kp_status draw_judul_bagian(layout_doc *d, const gaya *g, const char *teks, double need,
                                   kp_error *err)
{
    layout_box c = layout_content(d);
    double h = layout_line_height(&g->bagian);
    const ukuran *uk = &g->uk;
    kp_status st = layout_need(d, h + uk->ruang_judul + need, err);
    if (st != KP_OK)
        return st;
    double y = layout_cursor(d) + uk->jarak_judul;
    st = layout_text(d, &g->bagian, c.x, y, c.w, teks, err);
    if (st != KP_OK)
        return st;
    double ry = y + h + uk->jarak_garis_judul;
    layout_line(d, c.x, ry, c.x + c.w, ry, g->aksen, uk->garis_bagian);
    layout_set_cursor(d, y + h + uk->jarak_sesudah_judul);
    return KP_OK;
}

/* The badge (a zone, or under the Opini method the opinion or label; NULL: none) and the
 * ranks beside it. */
static kp_status draw_pita(layout_doc *d, const gaya *g, const char *lencana, layout_color fill,
                           const char *peringkat, kp_error *err)
{
    layout_box c = layout_content(d);
    double y = layout_cursor(d);
    double pad = g->uk.tepi_lencana, bw = 0;
    double bh = layout_line_height(&g->badge) + 2 * pad;
    kp_status st = layout_need(d, bh + g->uk.ruang_lencana, err);
    if (st != KP_OK)
        return st;
    y = layout_cursor(d);
    if (lencana) {
        char label[2 * RUBRIC_TEXT_MAX];
        idfmt_upper(lencana, label, sizeof label);
        st = layout_badge(d, &g->badge, c.x, y, pad, fill, label, &bw, err);
        if (st != KP_OK)
            return st;
        bw += g->uk.jarak_lencana;
    }
    /* Same line height as the badge text, so both baselines sit on one line. */
    layout_style ts = g->teks;
    ts.leading = g->badge.leading > 0 ? g->badge.leading * g->badge.size / ts.size : 1.2;
    layout_set_cursor(d, y + pad - (ts.size - g->badge.size) / 2);
    st = layout_paragraph(d, &ts, c.x + bw, c.w - bw, peringkat, err);
    if (st != KP_OK)
        return st;
    double bottom = layout_cursor(d);
    layout_set_cursor(d, (bottom > y + bh ? bottom : y + bh) + g->uk.jarak_sesudah_lencana);
    return KP_OK;
}

/* The summary in a tinted box with an accent stripe on its left. */
static kp_status draw_kotak_ringkasan(layout_doc *d, const gaya *g, const char *teks, kp_error *err)
{
    layout_box c = layout_content(d);
    double pad = g->uk.tepi_ringkasan, stripe = g->uk.lebar_garis_ringkasan;
    double w = c.w - 2 * pad - stripe;
    double size;
    int lines = 1;
    kp_status st =
        layout_fit(d, &g->ringkasan, teks, w, 1000, g->ringkasan.size, &size, &lines, err);
    if (st != KP_OK)
        return st;
    double h = lines * layout_line_height(&g->ringkasan) + 2 * pad;
    st = layout_need(d, h, err);
    if (st != KP_OK)
        return st;
    double y = layout_cursor(d);
    layout_rect(d, c.x, y, c.w, h, &g->kotak, NULL, 0);
    layout_rect(d, c.x, y, stripe, h, &g->aksen, NULL, 0);
    layout_set_cursor(d, y + pad);
    st = layout_paragraph(d, &g->ringkasan, c.x + stripe + pad, w, teks, err);
    if (st == KP_OK)
        layout_set_cursor(d, y + h + g->uk.jarak_sesudah_ringkasan);
    return st;
}

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

/*
 * The dimension table, weakest first: points, maximum, a bar of the share, points missing.
 * The bar sits in an empty column, drawn after its row so it lands on the row's page.
 */
static kp_status draw_tabel_dimensi(layout_doc *d, const gaya *g, const rubric *r, unsigned mask,
                                    const dec_t *comp, bool lewati_kosong, kp_error *err)
{
    layout_box c = layout_content(d);
    int order[RUBRIC_MAX_COMP];
    int n = rapor_dimensi_urut(r, mask, comp, order);
    /* Nothing to tabulate, and the summary already says why. */
    if (n == 0 && lewati_kosong)
        return KP_OK;
    double row_h = layout_line_height(&g->tabel) + 2 * g->uk.tepi_sel;
    kp_status st = draw_judul_bagian(d, g, "Capaian per dimensi (terlemah lebih dulu)",
                                     (n + 1) * row_h + g->uk.ruang_dimensi, err);
    if (st != KP_OK)
        return st;
    if (n == 0) {
        st = layout_paragraph(d, &g->teks, c.x, c.w,
                              "Rincian nilai per dimensi tidak tersedia untuk penilaian ini: "
                              "data hanya memuat nilai akhir.",
                              err);
        if (st == KP_OK)
            layout_set_cursor(d, layout_cursor(d) + g->uk.jarak_antarbagian);
        return st;
    }
    double wd = g->uk.kolom_dimensi, wn = g->uk.kolom_angka, wbar = c.w - wd - 3 * wn;
    layout_column cols[] = {
        {"Dimensi", wd, LAYOUT_LEFT},   {"Poin", wn, LAYOUT_RIGHT},
        {"Maksimum", wn, LAYOUT_RIGHT}, {"Capaian", wbar, LAYOUT_LEFT},
        {"Kurang", wn, LAYOUT_RIGHT},
    };
    layout_table t = init_tabel(g, cols, 5, c.x);
    st = layout_table_begin(d, &t, err);
    double bar_x = c.x + wd + 2 * wn + t.pad;
    for (int k = 0; st == KP_OK && k < n; k++) {
        const rubric_comp *rc = &r->comp[order[k]];
        dec_t p = comp[order[k]];
        char poin[32], maks[32], kurang[32];
        idfmt_nilai(p, poin, sizeof poin);
        idfmt_nilai(rc->bobot, maks, sizeof maks);
        idfmt_nilai(rc->bobot - p, kurang, sizeof kurang);
        /* What the dimension covers tells the reader what to fix. */
        char label[2 * RUBRIC_TEXT_MAX + 4];
        if (rc->detail[0])
            snprintf(label, sizeof label, "%s (%s)", rc->label, rc->detail);
        else
            snprintf(label, sizeof label, "%s", rc->label);
        const char *cells[] = {label, poin, maks, NULL, kurang};
        int page = layout_doc_pages(d);
        double y0 = layout_cursor(d);
        st = layout_table_row(d, &t, cells, NULL, err);
        double y1 = layout_cursor(d);
        if (layout_doc_pages(d) != page)
            y0 = y1 - row_h;
        double bh = g->uk.tinggi_batang;
        layout_bar(d, bar_x, (y0 + y1 - bh) / 2, wbar - 2 * t.pad, bh,
                   (double)p / (double)rc->bobot, k == 0 ? g->sorotan : g->batang, g->jalur);
    }
    if (st == KP_OK)
        layout_set_cursor(d, layout_cursor(d) + g->uk.jarak_antarbagian);
    return st;
}

/* Vertical bounds of the trend chart: whole tenths of the scale around the values. */
static void compute_batas_grafik(const rubric *r, const dec_t *v, size_t n, double *lo, double *hi)
{
    dec_t step = r->nilai_maks / 10 > 0 ? r->nilai_maks / 10 : DEC_ONE;
    dec_t mn = v[0], mx = v[0];
    for (size_t i = 1; i < n; i++) {
        mn = v[i] < mn ? v[i] : mn;
        mx = v[i] > mx ? v[i] : mx;
    }
    dec_t a = (mn / step) * step - step, b = (mx / step + 1) * step;
    *lo = dec_to_double(a < 0 ? 0 : a);
    *hi = dec_to_double(b > r->nilai_maks ? r->nilai_maks : b);
}

/* Whether the year compared with was assessed by another rubric (a change of method). */
static bool is_ganti_metode(const cmp_result *c)
{
    return c && c->kini && c->lalu && c->kini->rubric && c->lalu->rubric &&
           strcmp(c->kini->rubric->id, c->lalu->rubric->id) != 0;
}

/* 1 when band b stands above band l, -1 below, 0 the same (by where they start). */
static int compare_band(const rubric_band *b, const rubric_band *l)
{
    return b->min > l->min ? 1 : b->min < l->min ? -1 : 0;
}

/*
 * The Opini method's comparison: both scores with their categories, the change of score, the
 * categories' movement when the two methods share their letters, and a note when the method
 * changed. No zone: the Opini method has none.
 */
static kp_status draw_banding_opini(layout_doc *d, const rapor_run *run, const cmp_entry *e,
                                    const agg_unit *unit, double x, double tw, kp_error *err)
{
    const render_ctx *ctx = run->ctx;
    const gaya *g = &run->g;
    const rubric_band *bk = unit ? unit->band : e->kini->band;
    const rubric_band *bl = unit ? e->unit_lalu->band : e->lalu->band;
    dec_t nk = unit ? unit->nilai : e->kini->nilai;
    dec_t nl = unit ? e->unit_lalu->nilai : e->lalu->nilai;
    char lk[32], ll[32], vk[64], vl[64], sel[64], kat[96], s[32];
    snprintf(lk, sizeof lk, "Nilai %d", ctx->cmp->tahun);
    snprintf(ll, sizeof ll, "Nilai %d", ctx->cmp->tahun_lalu);
    idfmt_nilai(nk, s, sizeof s);
    snprintf(vk, sizeof vk, bk->kategori[0] ? "%s (kategori %s)" : "%s", s, bk->kategori);
    idfmt_nilai(nl, s, sizeof s);
    snprintf(vl, sizeof vl, bl->kategori[0] ? "%s (kategori %s)" : "%s", s, bl->kategori);
    /* Both scores are on the same 0-100 scale: their difference is shown across methods. */
    snprintf(sel, sizeof sel, "%s (%s)", idfmt_selisih(nk - nl, s, sizeof s),
             nk > nl   ? "naik"
             : nk < nl ? "turun"
                       : "tetap");
    const char *rows[4][2] = {{ll, vl}, {lk, vk}, {"Selisih", sel}};
    size_t nrows = 3;
    if (e->banding_kategori && bk->kategori[0] && bl->kategori[0]) {
        int a = compare_band(bk, bl);
        if (a == 0)
            snprintf(kat, sizeof kat, "tetap %s", bk->kategori);
        else
            snprintf(kat, sizeof kat, "%s: %s ke %s", a > 0 ? "naik" : "turun", bl->kategori,
                     bk->kategori);
        rows[nrows][0] = "Kategori";
        rows[nrows][1] = kat;
        nrows++;
    }
    layout_column cols[] = {{"", tw * g->uk.bagi_banding, LAYOUT_LEFT},
                            {"", tw * (1 - g->uk.bagi_banding), LAYOUT_LEFT}};
    layout_table t = init_tabel(g, cols, 2, x);
    t.zebra = NULL;
    kp_status st = KP_OK;
    for (size_t i = 0; st == KP_OK && i < nrows; i++)
        st = layout_table_row(d, &t, rows[i], NULL, err);
    if (st == KP_OK && is_ganti_metode(ctx->cmp)) {
        char note[256];
        snprintf(note, sizeof note,
                 "Metode penilaian tahun %d berbeda dengan tahun %d; yang dibandingkan adalah %s.",
                 ctx->cmp->tahun, ctx->cmp->tahun_lalu, nrows > 3 ? "kategori dan nilai" : "nilai");
        layout_set_cursor(d, layout_cursor(d) + g->uk.jarak_catatan);
        st = layout_paragraph(d, &g->teks, x, tw, note, err);
    }
    return st;
}

/* Last year against this year, with the trend over every year up to this one beside it. */
static kp_status draw_banding(layout_doc *d, const rapor_run *run, const agg_instansi *inst,
                              const agg_unit *unit, kp_error *err)
{
    const render_ctx *ctx = run->ctx;
    const gaya *g = &run->g;
    layout_box c = layout_content(d);
    const cmp_entry *e = NULL;
    if (ctx->cmp)
        e = unit ? cmp_find_unit(ctx->cmp, unit) : cmp_find_instansi(ctx->cmp, inst);
    bool ada_lalu = e && (unit ? e->unit_lalu != NULL : e->lalu != NULL);

    int tahun[RAPOR_TREND_MAX];
    dec_t nilai[RAPOR_TREND_MAX];
    size_t nt = 0;
    if (!unit) {
        size_t all = cmp_trend(ctx->model, inst, ctx->aliases, tahun, nilai, RAPOR_TREND_MAX);
        /* A rapor looks back from its year; later years of the input are not its history. */
        while (nt < all && tahun[nt] <= ctx->year->tahun)
            nt++;
    }
    bool grafik = nt >= 2;
    double chart_w = grafik ? g->uk.lebar_grafik : 0, chart_h = g->uk.tinggi_grafik;
    double gap = grafik ? g->uk.jarak_grafik : 0;
    double row_h = layout_line_height(&g->tabel) + 2 * g->uk.tepi_sel;

    char judul[64];
    if (ctx->cmp)
        snprintf(judul, sizeof judul, "Dibanding tahun %d", ctx->cmp->tahun_lalu);
    else
        snprintf(judul, sizeof judul, "Perkembangan nilai");
    double need = ada_lalu ? 5 * row_h : row_h;
    kp_status st = draw_judul_bagian(d, g, judul, need > chart_h ? need : chart_h, err);
    if (st != KP_OK)
        return st;
    double y0 = layout_cursor(d);
    /* The two-column table reads best narrow, whether or not a chart sits beside it. */
    double tw = c.w - chart_w - gap;
    if (tw > g->uk.lebar_banding)
        tw = g->uk.lebar_banding;

    if (!ada_lalu) {
        st = layout_paragraph(d, &g->teks, c.x, tw,
                              ctx->cmp ? "Belum ada nilai tahun sebelumnya untuk dibandingkan."
                                       : "Data tidak memuat tahun sebelumnya untuk dibandingkan.",
                              err);
    } else if (run->opini) {
        st = draw_banding_opini(d, run, e, unit, c.x, tw, err);
    } else {
        const rubric_band *bk = unit ? unit->band : inst->band;
        const rubric_band *bl = unit ? e->unit_lalu->band : e->lalu->band;
        dec_t nk = unit ? unit->nilai : inst->nilai;
        dec_t nl = unit ? e->unit_lalu->nilai : e->lalu->nilai;
        char lk[32], ll[32], vk[32], vl[32], sel[48], zon[96], kat[96];
        snprintf(lk, sizeof lk, "Nilai %d", ctx->cmp->tahun);
        snprintf(ll, sizeof ll, "Nilai %d", ctx->cmp->tahun_lalu);
        idfmt_nilai(nk, vk, sizeof vk);
        idfmt_nilai(nl, vl, sizeof vl);
        if (e->banding_kategori) {
            char s[32];
            snprintf(sel, sizeof sel, "%s (%s)", idfmt_selisih(e->selisih, s, sizeof s),
                     cmp_gerak_str(e->arah_nilai));
        } else {
            snprintf(sel, sizeof sel, "tidak dibandingkan (metode berbeda)");
        }
        if (bk->zona == bl->zona)
            snprintf(zon, sizeof zon, "tetap %s", rubric_zona_label(bk->zona));
        else
            snprintf(zon, sizeof zon, "%s: %s ke %s", cmp_gerak_str(e->gerak_zona),
                     rubric_zona_label(bl->zona), rubric_zona_label(bk->zona));
        const char *rows[5][2] = {{ll, vl}, {lk, vk}, {"Selisih", sel}, {"Zona", zon}};
        size_t nrows = 4;
        if (e->banding_kategori && bk->kategori[0]) {
            if (strcmp(bk->kategori, bl->kategori) == 0)
                snprintf(kat, sizeof kat, "tetap %s", bk->kategori);
            else
                snprintf(kat, sizeof kat, "%s: %s ke %s", bk->min > bl->min ? "naik" : "turun",
                         bl->kategori, bk->kategori);
            rows[nrows][0] = "Kategori";
            rows[nrows][1] = kat;
            nrows++;
        }
        layout_column cols[] = {{"", tw * g->uk.bagi_banding, LAYOUT_LEFT},
                                {"", tw * (1 - g->uk.bagi_banding), LAYOUT_LEFT}};
        layout_table t = init_tabel(g, cols, 2, c.x);
        t.zebra = NULL;
        for (size_t i = 0; st == KP_OK && i < nrows; i++)
            st = layout_table_row(d, &t, rows[i], NULL, err);
    }
    if (st != KP_OK)
        return st;
    double y1 = layout_cursor(d);
    if (grafik) {
        char xl[RAPOR_TREND_MAX][12], pl[RAPOR_TREND_MAX][32];
        const char *xs[RAPOR_TREND_MAX], *ps[RAPOR_TREND_MAX];
        double v[RAPOR_TREND_MAX];
        for (size_t i = 0; i < nt; i++) {
            snprintf(xl[i], sizeof xl[i], "%d", tahun[i]);
            idfmt_nilai(nilai[i], pl[i], sizeof pl[i]);
            xs[i] = xl[i];
            ps[i] = pl[i];
            v[i] = dec_to_double(nilai[i]);
        }
        layout_chart ch = {
            .x = c.x + c.w - chart_w,
            .y = y0 + g->uk.tepi_grafik,
            .w = chart_w,
            .h = chart_h - 2 * g->uk.tepi_grafik,
            .label = g->grafik,
            .line = g->aksen,
            .grid = g->garis,
        };
        compute_batas_grafik(ctx->year->rubric, nilai, nt, &ch.ymin, &ch.ymax);
        st = layout_line_chart(d, &ch, v, xs, ps, nt, err);
        if (y0 + chart_h > y1)
            y1 = y0 + chart_h;
    }
    layout_set_cursor(d, y1 + g->uk.jarak_antarbagian);
    return st;
}

/* Orders units weakest first; equal scores keep the model's (name) order. */
static int compare_unit_lemah(const void *pa, const void *pb)
{
    const agg_unit *a = *(const agg_unit *const *)pa, *b = *(const agg_unit *const *)pb;
    if (a->nilai != b->nilai)
        return a->nilai < b->nilai ? -1 : 1;
    return a < b ? -1 : a > b;
}

/*
 * The Opini method's unit table: each unit's label and whether it needs coaching (below the
 * rubric's line) or earns appreciation; the change of score since last year even across a
 * change of method (one 0-100 scale). No zone column.
 */
static kp_status draw_tabel_unit_opini(layout_doc *d, const rapor_run *run,
                                       const agg_instansi *inst, const agg_unit **urut,
                                       const char *sel_head, bool kolom_sel, kp_error *err)
{
    const render_ctx *ctx = run->ctx;
    const gaya *g = &run->g;
    const rubric *r = ctx->year->rubric;
    layout_box c = layout_content(d);
    bool kat = r->ada_kategori, tl = r->ada_pembinaan;
    const ukuran *uk = &g->uk;
    double wno = uk->kolom_no, wn = uk->kolom_nilai, wk = kat ? uk->kolom_kategori : 0;
    double wq = uk->kolom_kualitas, wt = tl ? uk->kolom_tindak_lanjut : 0;
    double ws = kolom_sel ? uk->kolom_selisih : 0;
    double wname = c.w - wno - wn - wk - wq - wt - ws;
    layout_column all[] = {
        {"No", wno, LAYOUT_RIGHT},       {"Unit layanan", wname, LAYOUT_LEFT},
        {"Nilai", wn, LAYOUT_RIGHT},     {"Kategori", wk, LAYOUT_CENTER},
        {"Kualitas", wq, LAYOUT_CENTER}, {"Tindak lanjut", wt, LAYOUT_CENTER},
        {sel_head, ws, LAYOUT_RIGHT},
    };
    bool on[7] = {true, true, true, kat, true, tl, kolom_sel};
    layout_column cols[7];
    size_t nc = 0;
    for (size_t i = 0; i < 7; i++)
        if (on[i])
            cols[nc++] = all[i];
    layout_table t = init_tabel(g, cols, nc, c.x);
    kp_status st = layout_table_begin(d, &t, err);
    for (size_t i = 0; st == KP_OK && i < inst->n_units; i++) {
        const agg_unit *u = urut[i];
        char no[24], n[32], sel[48];
        snprintf(no, sizeof no, "%zu", i + 1);
        idfmt_nilai(u->nilai, n, sizeof n);
        sel[0] = '\0';
        if (kolom_sel) {
            const cmp_entry *e = cmp_find_unit(ctx->cmp, u);
            if (!e || !e->unit_lalu)
                snprintf(sel, sizeof sel, "baru");
            else
                idfmt_selisih(e->selisih, sel, sizeof sel);
        }
        const char *every[7] = {no,
                                u->nama,
                                n,
                                u->band->kategori,
                                u->band->predikat_unit,
                                u->pembinaan ? "Pembinaan" : "Apresiasi",
                                sel};
        const char *cells[7];
        const layout_color *fills[7] = {NULL};
        size_t k = 0;
        for (size_t j = 0; j < 7; j++) {
            if (!on[j])
                continue;
            /* Only the units that need work are tinted: the eye goes to them. */
            if (j == 5 && u->pembinaan)
                fills[k] = &g->pembinaan_muda;
            cells[k++] = every[j];
        }
        st = layout_table_row(d, &t, cells, fills, err);
    }
    return st;
}

/* Every unit of the instansi, weakest first; the table flows onto further pages. */
static kp_status draw_tabel_unit(layout_doc *d, const rapor_run *run, const agg_instansi *inst,
                                 const agg_unit **urut, kp_error *err)
{
    const render_ctx *ctx = run->ctx;
    const gaya *g = &run->g;
    const rubric *r = ctx->year->rubric;
    layout_box c = layout_content(d);
    double row_h = layout_line_height(&g->tabel) + 2 * g->uk.tepi_sel;
    kp_status st = draw_judul_bagian(d, g, "Unit layanan (terlemah lebih dulu)", 3 * row_h, err);
    if (st != KP_OK)
        return st;
    if (inst->n_units == 0) {
        st = layout_paragraph(d, &g->teks, c.x, c.w,
                              "Data hanya memuat nilai resmi instansi, tanpa rincian unit layanan.",
                              err);
        return st;
    }
    char sel_head[32] = "";
    if (ctx->cmp)
        snprintf(sel_head, sizeof sel_head, "Selisih %d", ctx->cmp->tahun_lalu);
    /* Units of an instansi new to the data are all new: a column of "baru" says nothing. */
    const cmp_entry *ie = ctx->cmp ? cmp_find_instansi(ctx->cmp, inst) : NULL;
    bool kolom_sel = ie && ie->lalu;
    if (run->opini)
        return draw_tabel_unit_opini(d, run, inst, urut, sel_head, kolom_sel, err);
    const ukuran *uk = &g->uk;
    double wno = uk->kolom_no, wn = uk->kolom_nilai;
    double wk = r->ada_kategori ? uk->kolom_kategori : uk->kolom_predikat, wz = uk->kolom_zona;
    double ws = kolom_sel ? uk->kolom_selisih : 0;
    double wname = c.w - wno - wn - wk - wz - ws;
    layout_column cols[] = {
        {"No", wno, LAYOUT_RIGHT},   {"Unit layanan", wname, LAYOUT_LEFT},
        {"Nilai", wn, LAYOUT_RIGHT}, {r->ada_kategori ? "Kategori" : "Predikat", wk, LAYOUT_CENTER},
        {"Zona", wz, LAYOUT_CENTER}, {sel_head, ws, LAYOUT_RIGHT},
    };
    layout_table t = init_tabel(g, cols, kolom_sel ? 6 : 5, c.x);
    st = layout_table_begin(d, &t, err);
    for (size_t i = 0; st == KP_OK && i < inst->n_units; i++) {
        const agg_unit *u = urut[i];
        char no[24], n[32], sel[48];
        snprintf(no, sizeof no, "%zu", i + 1);
        idfmt_nilai(u->nilai, n, sizeof n);
        sel[0] = '\0';
        if (kolom_sel) {
            const cmp_entry *e = cmp_find_unit(ctx->cmp, u);
            if (!e || !e->unit_lalu)
                snprintf(sel, sizeof sel, "baru");
            else if (e->banding_kategori)
                idfmt_selisih(e->selisih, sel, sizeof sel);
            else
                snprintf(sel, sizeof sel, "zona %s", cmp_gerak_str(e->gerak_zona));
        }
        const char *zn = u->band->zona == ZONA_NONE ? "" : rubric_zona_name(u->band->zona);
        char zcap[16];
        snprintf(zcap, sizeof zcap, "%s", zn);
        if (zcap[0] >= 'a' && zcap[0] <= 'z')
            zcap[0] = (char)(zcap[0] - 'a' + 'A');
        const char *cells[] = {
            no, u->nama, n, r->ada_kategori ? u->band->kategori : u->band->predikat, zcap, sel};
        const layout_color *fills[6] = {NULL};
        /* Only the zones that need work are tinted: the eye goes to them. */
        if (u->band->zona == ZONA_KUNING || u->band->zona == ZONA_MERAH)
            fills[4] = &g->zona_muda[u->band->zona];
        st = layout_table_row(d, &t, cells, fills, err);
    }
    return st;
}

/* The components of an instansi (unit NULL) or one of its units; buf holds a unit's. */
static const dec_t *get_komponen(const agg_instansi *inst, const agg_unit *unit, dec_t *buf)
{
    if (!unit)
        return inst->comp;
    for (int c = 0; c < RUBRIC_MAX_COMP; c++)
        buf[c] = agg_unit_comp(unit, c);
    return buf;
}

/* The facts of the summary for an instansi (unit NULL) or one of its units. */
static void collect_fakta(const rapor_run *run, const agg_instansi *inst, const agg_unit *unit,
                          const agg_unit *const *urut, rapor_fakta *f)
{
    const render_ctx *ctx = run->ctx;
    const rubric *r = ctx->year->rubric;
    const rubric_band *b = unit ? unit->band : inst->band;
    memset(f, 0, sizeof *f);
    f->nilai = unit ? unit->nilai : inst->nilai;
    f->kategori = b->kategori;
    f->predikat = b->predikat;
    f->zona = b->zona;

    const cmp_entry *e = NULL;
    if (ctx->cmp)
        e = unit ? cmp_find_unit(ctx->cmp, unit) : cmp_find_instansi(ctx->cmp, inst);
    const rubric_band *bl = NULL;
    if (e && unit && e->unit_lalu) {
        bl = e->unit_lalu->band;
        f->nilai_lalu = e->unit_lalu->nilai;
    } else if (e && !unit && e->lalu) {
        bl = e->lalu->band;
        f->nilai_lalu = e->lalu->nilai;
    }
    if (bl) {
        f->tahun_lalu = ctx->cmp->tahun_lalu;
        f->kategori_lalu = bl->kategori;
        f->zona_lalu = bl->zona;
        f->beda_metode = !e->banding_kategori;
        f->banding_kategori = e->banding_kategori;
        f->arah_kategori = compare_band(b, bl);
        f->ganti_metode = is_ganti_metode(ctx->cmp);
    }
    f->metode_opini = run->opini;
    f->opini = unit ? "" : inst->opini;
    f->label_unit = is_berlabel(inst, unit) ? b->predikat_unit : "";
    f->dimensi_tanpa_bobot = r->dimensi;
    f->ada_pembinaan = r->ada_pembinaan;
    f->batas_pembinaan = r->pembinaan_di_bawah;
    /* A vertical office is scored like a unit, and is coached like one below the line. */
    f->pembinaan =
        unit ? unit->pembinaan : inst->jenis == JENIS_VERTIKAL && rubric_pembinaan(r, inst->nilai);
    f->n_unit_pembinaan = unit ? 0 : inst->n_pembinaan;
    /* The gate is the instansi's (its follow-up of the Ombudsman's products); a vertical
     * office is given a label, never an opinion with its suffix. */
    f->gerbang = !unit && inst->jenis != JENIS_VERTIKAL && rubric_has_gerbang(r) ? r->gerbang : "";
    f->gerbang_status = inst->gerbang;

    dec_t buf[RUBRIC_MAX_COMP];
    const dec_t *comp = get_komponen(inst, unit, buf);
    int order[RUBRIC_MAX_COMP];
    if (rapor_dimensi_urut(r, unit ? unit->comp_mask : inst->comp_mask, comp, order) > 0) {
        f->dimensi = r->comp[order[0]].label;
        f->dimensi_poin = comp[order[0]];
        f->dimensi_bobot = r->comp[order[0]].bobot;
    }
    if (!unit && inst->n_units > 0) {
        f->n_unit = inst->n_units;
        for (size_t i = 0; i < inst->n_units; i++)
            if (inst->units[i].band->zona != ZONA_HIJAU)
                f->n_unit_lemah++;
        f->unit_terendah = urut[0]->nama;
        f->unit_terendah_nilai = urut[0]->nilai;
    }
}

/* Draws and saves the rapor of inst, or of its unit when unit is not NULL. */
static kp_status render_rapor(const rapor_run *run, layout_doc *d, const agg_instansi *inst,
                              const agg_unit *unit, const char *path, kp_error *err)
{
    const render_ctx *ctx = run->ctx;
    const gaya *g = &run->g;
    const rubric *r = ctx->year->rubric;
    layout_fields *f = layout_fields_new();
    const agg_unit **urut = NULL;
    if (!f)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    kp_status st = KP_OK;
    if (!unit && inst->n_units > 0) {
        urut = malloc(inst->n_units * sizeof *urut);
        if (!urut) {
            layout_fields_free(f);
            return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        }
        for (size_t i = 0; i < inst->n_units; i++)
            urut[i] = &inst->units[i];
        qsort(urut, inst->n_units, sizeof *urut, compare_unit_lemah);
    }

    char title[512], peringkat[512], teks[2048];
    if (run->opini)
        snprintf(title, sizeof title, "Rapor %.200s %d - %s%s%s", run->acara.penilaian,
                 ctx->year->tahun, unit ? unit->nama : inst->nama_resmi, unit ? ", " : "",
                 unit ? inst->nama_resmi : "");
    else
        snprintf(title, sizeof title, "Rapor Kepatuhan %d - %s%s%s", ctx->year->tahun,
                 unit ? unit->nama : inst->nama_resmi, unit ? ", " : "",
                 unit ? inst->nama_resmi : "");
    /* No author: the issuer (Ombudsman office, Bagian Organisasi) is not known here. */
    char creator[96];
    snprintf(creator, sizeof creator, "kepatuhan %s", ctx->version ? ctx->version : "");
    layout_info info = {
        .title = title,
        .subject =
            run->opini ? run->acara.penilaian : "Rapor kepatuhan penyelenggaraan pelayanan publik",
        .keywords = r->id,
        .creator = creator,
        .epoch = ctx->epoch,
    };
    dec_t comp[RUBRIC_MAX_COMP];
    rapor_fakta fk;
    collect_fakta(run, inst, unit, urut, &fk);
    rapor_ringkasan(&fk, teks, sizeof teks);

    if (unit) {
        char ni[32];
        snprintf(peringkat, sizeof peringkat,
                 "Peringkat %d dari %zu unit layanan     \xc2\xb7     Nilai %s: %s",
                 unit->peringkat, inst->n_units, inst->nama,
                 idfmt_nilai(inst->nilai, ni, sizeof ni));
    } else {
        /* Vertical offices are ranked among themselves: "vertikal" alone reads oddly. */
        sbuf b;
        sbuf_init_fixed(&b, peringkat, sizeof peringkat);
        sbuf_printf(&b, "Peringkat nasional %d dari %zu (%s)", inst->peringkat_nasional,
                    inst->n_peringkat_nasional,
                    inst->jenis == JENIS_VERTIKAL ? "kantor vertikal"
                                                  : names_jenis_str(inst->jenis));
        if (inst->peringkat_provinsi > 0)
            sbuf_printf(&b, "     \xc2\xb7     Peringkat provinsi %d dari %zu (%s)",
                        inst->peringkat_provinsi, inst->n_peringkat_provinsi, inst->provinsi->nama);
    }

    kodeverif_fakta vf;
    char kode[KODEVERIF_TEXT];
    dokumen_fakta(ctx, "rapor", inst, unit, NULL, &vf);
    if (st == KP_OK)
        st = fill_fields(run, f, inst, unit, err);
    if (st == KP_OK)
        st = dokumen_isi_kode(ctx, run->acara.verifikasi_url, &vf, f, kode, err);
    if (st == KP_OK)
        st = layout_doc_begin(d, &info, err);
    if (st == KP_OK) {
        layout_doc_set_page_hook(d, draw_kaki, (void *)run);
        st = layout_page_add(d, f, err);
    }
    const rubric_band *band = unit ? unit->band : inst->band;
    char lencana[2 * RUBRIC_TEXT_MAX];
    if (!run->opini)
        snprintf(lencana, sizeof lencana, "%s", rubric_zona_label(band->zona));
    else if (fk.opini[0])
        snprintf(lencana, sizeof lencana, "%s", fk.opini);
    else
        snprintf(lencana, sizeof lencana, "Kualitas Pelayanan %s", band->predikat_unit);
    if (st == KP_OK)
        st = draw_pita(d, g, lencana[0] ? lencana : NULL,
                       run->opini ? g->lencana : g->zona[band->zona], peringkat, err);
    if (st == KP_OK && run->opini) {
        char gerbang[256];
        rapor_kalimat_gerbang(&fk, gerbang, sizeof gerbang);
        layout_box c = layout_content(d);
        if (gerbang[0])
            st = layout_paragraph(d, &g->teks, c.x, c.w, gerbang, err);
        if (st == KP_OK && gerbang[0])
            layout_set_cursor(d, layout_cursor(d) + g->uk.jarak_antarbagian);
    }
    if (st == KP_OK)
        st = draw_kotak_ringkasan(d, g, teks, err);
    if (st == KP_OK)
        st = draw_tabel_dimensi(d, g, r, unit ? unit->comp_mask : inst->comp_mask,
                                get_komponen(inst, unit, comp), run->opini, err);
    if (st == KP_OK)
        st = draw_banding(d, run, inst, unit, err);
    /* A vertical office is a locus of its own: it has no units to list. */
    if (st == KP_OK && !unit && !(run->opini && inst->jenis == JENIS_VERTIKAL))
        st = draw_tabel_unit(d, run, inst, urut, err);
    if (st == KP_OK)
        st = layout_doc_save(d, path, err);
    if (st == KP_OK)
        st = dokumen_catat(ctx, d, path, "rapor", &vf, kode, err);
    free(urut);
    layout_fields_free(f);
    return st;
}

static kp_status job_instansi(void *user, size_t i, layout_doc *d, kp_error *err)
{
    const rapor_run *run = user;
    char path[RAPOR_PATH_MAX];
    kp_status st = path_format(path, sizeof path, err, "%s/rapor/%s.pdf", run->ctx->out_dir,
                               run->inst[i]->slug);
    return st == KP_OK ? render_rapor(run, d, run->inst[i], NULL, path, err) : st;
}

static kp_status job_unit(void *user, size_t i, layout_doc *d, kp_error *err)
{
    const rapor_run *run = user;
    const agg_unit *u = run->unit[i];
    char path[RAPOR_PATH_MAX];
    kp_status st = path_format(path, sizeof path, err, "%s/rapor-skpd/%s/%s.pdf", run->ctx->out_dir,
                               u->instansi->slug, u->slug);
    return st == KP_OK ? render_rapor(run, d, u->instansi, u, path, err) : st;
}

/*
 * Loads templates/rapor/<name>.ini and its styles into run. A method with an opinion has its
 * own templates (<name>-opini.ini) unless the caller named one (pilih false).
 */
static kp_status load_template(rapor_run *run, const char *name, bool pilih, layout_template **out,
                               kp_error *err)
{
    char path[RAPOR_PATH_MAX];
    bool opini = pilih && run->opini;
    kp_status st = path_format(path, sizeof path, err, "%s/rapor/%s%s.ini", run->ctx->templat_dir,
                               name, opini ? "-opini" : "");
    if (st == KP_OK && opini && access(path, F_OK) != 0)
        return kp_error_set(err, KP_ERR_DATA, path, 0, 0,
                            "templat tidak ada: penilaian %d (rubrik %s) memberi opini dan "
                            "memakai templat rapor *-opini.ini",
                            run->ctx->year->tahun, run->ctx->year->rubric->id);
    if (st == KP_OK)
        st = layout_template_load(path, run->ctx->font_dir, rapor_fields, out, err);
    if (st == KP_OK)
        st = load_gaya(*out, run->opini, &run->g, err);
    return st;
}

kp_status rapor_render(const render_ctx *ctx, const rapor_options *opt, size_t *written,
                       kp_error *err)
{
    rapor_options none = {0};
    if (!opt)
        opt = &none;
    if (written)
        *written = 0;
    rapor_run run = {.ctx = ctx, .opini = ctx->year->rubric && ctx->year->rubric->opini[0]};
    const agg_year *y = ctx->year;
    layout_template *t = NULL;
    char dir[RAPOR_PATH_MAX];

    run.inst = malloc((y->n_instansi ? y->n_instansi : 1) * sizeof *run.inst);
    if (!run.inst)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    size_t n_units = 0;
    for (size_t i = 0; i < y->n_instansi; i++) {
        if (render_in_shard(ctx, &y->instansi[i])) {
            run.inst[run.n_inst++] = &y->instansi[i];
            n_units += y->instansi[i].n_units;
        }
    }

    kp_status st = path_format(dir, sizeof dir, err, "%s/rapor", ctx->out_dir);
    if (st == KP_OK && run.n_inst > 0)
        st = outdir_mkdirs(dir, err);
    if (st == KP_OK && run.n_inst > 0)
        st = render_acara(ctx, &run.acara, err);
    if (st == KP_OK && run.n_inst > 0)
        st = load_template(&run, opt->template_name ? opt->template_name : "instansi",
                           !opt->template_name, &t, err);
    if (st == KP_OK)
        st = docpool_run(ctx, t, "rapor", run.n_inst, job_instansi, &run, err);
    layout_template_free(t);
    t = NULL;
    if (st == KP_OK && written)
        *written = run.n_inst;

    if (st == KP_OK && opt->skpd && n_units > 0) {
        run.unit = malloc(n_units * sizeof *run.unit);
        if (!run.unit)
            st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        /* Folders are made here, before the threads, so that workers only write files. */
        for (size_t i = 0; st == KP_OK && i < run.n_inst; i++) {
            const agg_instansi *inst = run.inst[i];
            if (inst->n_units == 0)
                continue;
            st = path_format(dir, sizeof dir, err, "%s/rapor-skpd/%s", ctx->out_dir, inst->slug);
            if (st == KP_OK)
                st = outdir_mkdirs(dir, err);
            for (size_t k = 0; k < inst->n_units; k++)
                run.unit[run.n_unit++] = &inst->units[k];
        }
        if (st == KP_OK)
            st = load_template(&run, "skpd", true, &t, err);
        if (st == KP_OK)
            st = docpool_run(ctx, t, "rapor-skpd", run.n_unit, job_unit, &run, err);
        layout_template_free(t);
        if (st == KP_OK && written)
            *written += run.n_unit;
    }
    free(run.unit);
    free(run.inst);
    return st;
}
