#include "render/xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/decimal.h"
#include "model/names.h"
#include "render/xlsx_rekap.h"

/* Level sheets never have more columns than a sheet measures (components included). */
#define MAX_COLS XLSXBOOK_MAX_COLS
#define TOP_N    10

/* Light fills for cells, as Excel's own good / neutral / bad styles. */
static const lxw_color_t zona_fill[ZONA_COUNT] = {0, 0xC6EFCE, 0xFFEB9C, 0xFFC7CE};
static const lxw_color_t zona_font[ZONA_COUNT] = {0, 0x006100, 0x9C5700, 0x9C0006};
/* Stronger colours for chart bars, which are thin and need contrast. */
static const lxw_color_t zona_bar[ZONA_COUNT] = {0x808080, 0x2E7D32, 0xF9A825, 0xC62828};

/*
 * A method without zones (Opini 2025) colours its categories instead, best to worst: dark
 * green, green, yellow, orange, red. Sober fills with a dark text of the same hue (the best
 * has white text on its dark fill), and stronger bars.
 */
#define BAND_STYLES 5
static const lxw_color_t band_fill[BAND_STYLES] = {0x2E7D32, 0xC6EFCE, 0xFFEB9C, 0xFCD5B4,
                                                   0xFFC7CE};
static const lxw_color_t band_font[BAND_STYLES] = {0xFFFFFF, 0x006100, 0x9C5700, 0x974706,
                                                   0x9C0006};
static const lxw_color_t band_bar[BAND_STYLES] = {0x1B5E20, 0x66BB6A, 0xF9A825, 0xEF6C00, 0xC62828};

/*
 * The recap's workbook: xlsxbook's standard formats and the colours of zones and bands. The
 * xlsxbook comes first, so the book a sheet writes into is its recap book (recap()).
 */
typedef struct book {
    xlsxbook base;
    lxw_format *zona[ZONA_COUNT]; /* conditional-format fills */
    lxw_format *up, *down;
    lxw_format *band[BAND_STYLES]; /* only in a workbook of a year without zones */
} book;

static book *recap(const xlsxbook_sheet *s)
{
    return (book *)s->bk;
}

/* What a workbook covers: every province of the shard, or one. */
typedef struct scope {
    const render_ctx *ctx;
    const agg_provinsi *prov; /* NULL: every province */
    const char *label;        /* "Nasional" or the province's name */
} scope;

/* Green / yellow / red by the cell's text, so that a user's edit recolours the cell. */
void xlsx_cond_zona(xlsxbook_sheet *s, lxw_row_t r1, lxw_row_t r2, int col)
{
    static const char *const quoted[ZONA_COUNT] = {"", "\"hijau\"", "\"kuning\"", "\"merah\""};
    for (int z = ZONA_HIJAU; z < ZONA_COUNT; z++)
        xlsxbook_cond_text(s, r1, r2, col, LXW_CONDITIONAL_CRITERIA_EQUAL_TO, quoted[z],
                           recap(s)->zona[z]);
}

/* Which of the BAND_STYLES colours band b of n takes: spread evenly, best first. */
static int band_style(int b, int n)
{
    if (n <= 1)
        return 0;
    return (b * (BAND_STYLES - 1) + (n - 1) / 2) / (n - 1);
}

/* Dark green to red by the category letter in the cell, as xlsx_cond_zona does for zones. */
void xlsx_cond_kategori(xlsxbook_sheet *s, lxw_row_t r1, lxw_row_t r2, int col, const rubric *r)
{
    if (!recap(s)->band[0] || !r->ada_kategori)
        return;
    for (int b = 0; b < r->n_band; b++) {
        char quoted[sizeof r->band[b].kategori + 2];
        snprintf(quoted, sizeof quoted, "\"%s\"", r->band[b].kategori);
        xlsxbook_cond_text(s, r1, r2, col, LXW_CONDITIONAL_CRITERIA_EQUAL_TO, quoted,
                           recap(s)->band[band_style(b, r->n_band)]);
    }
}

/* The recap's own formats, added after xlsxbook's standard ones. */
static void book_formats(book *bk, const rubric *r)
{
    lxw_workbook *wb = bk->base.wb;
    for (int z = ZONA_HIJAU; z < ZONA_COUNT; z++) {
        bk->zona[z] = workbook_add_format(wb);
        format_set_bg_color(bk->zona[z], zona_fill[z]);
        format_set_font_color(bk->zona[z], zona_font[z]);
    }
    bk->up = workbook_add_format(wb);
    format_set_font_color(bk->up, zona_font[ZONA_HIJAU]);
    bk->down = workbook_add_format(wb);
    format_set_font_color(bk->down, zona_font[ZONA_MERAH]);
    /* Added last and only when used: a workbook of a year with zones keeps its bytes. */
    for (int b = 0; !r->ada_zona && b < BAND_STYLES; b++) {
        bk->band[b] = workbook_add_format(wb);
        format_set_bg_color(bk->band[b], band_fill[b]);
        format_set_font_color(bk->band[b], band_font[b]);
    }
}

/* ---- level tables: header, rows, continued on numbered sheets ---------------------------- */

typedef struct table {
    book *bk;
    const char *base;  /* name of the first xlsxbook_sheet */
    const char *title; /* row 0 */
    const char *note;  /* row 1, or NULL (then the header is row 1) */
    const char *head[MAX_COLS];
    int n_cols;
    int zona_col[2], n_zona;
    int kat_col[2], n_kat; /* coloured by category (a year without zones) */
    const rubric *kat_rub; /* whose letters kat_col holds */
    int selisih_col;       /* coloured by sign; -1: none */
    int gerak_col[2], n_gerak;
    lxw_row_t header_row;
    lxw_row_t max_rows; /* rows per sheet, header included */
    int part;
    bool open;
    xlsxbook_sheet sh;
} table;

static void table_part_close(table *t)
{
    xlsxbook_sheet *s = &t->sh;
    lxw_row_t first = t->header_row + 1, last = s->row ? s->row - 1 : 0;
    xlsxbook_note(&t->bk->base, worksheet_autofilter(s->ws, t->header_row, 0,
                                                     last > t->header_row ? last : t->header_row,
                                                     (lxw_col_t)(t->n_cols - 1)));
    if (s->row > first) {
        for (int i = 0; i < t->n_zona; i++)
            xlsx_cond_zona(s, first, last, t->zona_col[i]);
        for (int i = 0; i < t->n_kat; i++)
            xlsx_cond_kategori(s, first, last, t->kat_col[i], t->kat_rub);
        if (t->selisih_col >= 0) {
            xlsxbook_cond_num(s, first, last, t->selisih_col, LXW_CONDITIONAL_CRITERIA_GREATER_THAN,
                              t->bk->up);
            xlsxbook_cond_num(s, first, last, t->selisih_col, LXW_CONDITIONAL_CRITERIA_LESS_THAN,
                              t->bk->down);
        }
        for (int i = 0; i < t->n_gerak; i++) {
            xlsxbook_cond_text(s, first, last, t->gerak_col[i],
                               LXW_CONDITIONAL_CRITERIA_TEXT_CONTAINING, "naik", t->bk->up);
            xlsxbook_cond_text(s, first, last, t->gerak_col[i],
                               LXW_CONDITIONAL_CRITERIA_TEXT_CONTAINING, "turun", t->bk->down);
        }
    }
    xlsxbook_sheet_widths(s);
    t->open = false;
}

static bool table_part_open(table *t)
{
    char name[32];
    t->part++;
    if (t->part == 1)
        snprintf(name, sizeof(name), "%s", t->base);
    else
        snprintf(name, sizeof(name), "%s (%d)", t->base, t->part);
    if (!xlsxbook_sheet_open(&t->bk->base, &t->sh, name))
        return false;
    xlsxbook_sheet *s = &t->sh;
    char title[256];
    if (t->part == 1)
        snprintf(title, sizeof(title), "%s", t->title);
    else
        snprintf(title, sizeof(title), "%s (lanjutan, bagian %d)", t->title, t->part);
    xlsxbook_note(&t->bk->base, worksheet_write_string(s->ws, 0, 0, title, t->bk->base.title));
    if (t->note)
        xlsxbook_note(&t->bk->base, worksheet_write_string(s->ws, 1, 0, t->note, NULL));
    s->row = t->header_row;
    xlsxbook_put_header(s, t->head, t->n_cols);
    worksheet_freeze_panes(s->ws, t->header_row + 1, 0);
    xlsxbook_print_setup(s->ws, t->header_row, t->header_row);
    t->open = true;
    return true;
}

static void table_init(table *t, book *bk, const char *base, const char *title, const char *nt,
                       uint32_t max_rows)
{
    memset(t, 0, sizeof(*t));
    t->bk = bk;
    t->base = base;
    t->title = title;
    t->note = nt;
    t->selisih_col = -1;
    t->header_row = nt ? 2 : 1;
    t->max_rows = max_rows ? max_rows : XLSX_EXCEL_MAX_ROWS;
    /* A sheet holds at least one data row, or splitting would never end. */
    if (t->max_rows > XLSX_EXCEL_MAX_ROWS)
        t->max_rows = XLSX_EXCEL_MAX_ROWS;
    if (t->max_rows < t->header_row + 2)
        t->max_rows = t->header_row + 2;
}

static int table_col(table *t, const char *head)
{
    t->head[t->n_cols] = head;
    return t->n_cols++;
}

/* The sheet to write the next row on (a new part when the current one is full), or NULL. */
static xlsxbook_sheet *table_row(table *t)
{
    if (t->open && t->sh.row >= t->max_rows)
        table_part_close(t);
    if (!t->open && !table_part_open(t))
        return NULL;
    return &t->sh;
}

static void table_end(table *t)
{
    if (!t->open && t->part == 0)
        table_part_open(t);
    if (t->open)
        table_part_close(t);
}

/* ---- scope ------------------------------------------------------------------------------- */

static bool prov_match(const agg_provinsi *p, const agg_provinsi *want)
{
    return !want || p == want || strcmp(p->key, want->key) == 0;
}

static bool inst_in(const scope *sc, const agg_instansi *inst)
{
    return render_in_shard(sc->ctx, inst) && prov_match(inst->provinsi, sc->prov);
}

static bool entry_in(const scope *sc, const cmp_entry *e)
{
    if (e->kini)
        return inst_in(sc, e->kini);
    return prov_match(e->lalu->provinsi, sc->prov ? sc->prov : sc->ctx->provinsi);
}

static const char *band_kategori(const rubric_band *b, bool show)
{
    return show && b ? b->kategori : "";
}

static const char *zona_str(const rubric_band *b)
{
    return b ? rubric_zona_name(b->zona) : "";
}

/* "Ya", "Tidak" or a dash for an unknown gate: a blank would read as "not asked". */
static const char *gerbang_label(rubric_gerbang g)
{
    return g == RUBRIC_GERBANG_YA ? "Ya" : g == RUBRIC_GERBANG_TIDAK ? "Tidak" : "\xE2\x80\x93";
}

/* A vertical office is listed on its own sheet, with a unit's label and no opinion. */
static bool is_vertikal(const agg_instansi *in)
{
    return in->jenis == JENIS_VERTIKAL;
}

/* ---- level sheets ------------------------------------------------------------------------ */

static void write_provinsi(book *bk, const scope *sc, uint32_t max_rows)
{
    const agg_year *y = sc->ctx->year;
    const rubric *r = y->rubric;
    bool zona = r->ada_zona, gerbang = rubric_has_gerbang(r);
    bool vertikal = y->per_jenis[JENIS_VERTIKAL].n > 0;
    char title[200], kat_head[RUBRIC_MAX_BANDS][RUBRIC_TEXT_MAX + 24];
    snprintf(title, sizeof(title), "Nilai per provinsi, tahun %d", y->tahun);
    table t;
    table_init(&t, bk, "Provinsi", title, NULL, max_rows);
    table_col(&t, "Provinsi");
    table_col(&t, "Jumlah instansi");
    table_col(&t, "Jumlah unit layanan");
    table_col(&t, "Nilai");
    int c_kat = table_col(&t, "Kategori");
    table_col(&t, "Predikat");
    if (zona) {
        t.zona_col[t.n_zona++] = table_col(&t, "Zona");
        table_col(&t, "Instansi zona hijau");
        table_col(&t, "Instansi zona kuning");
        table_col(&t, "Instansi zona merah");
    } else {
        /* Without zones: how many instansi fall in each category, where the zones were. */
        t.kat_col[t.n_kat++] = c_kat;
        t.kat_rub = r;
        for (int b = 0; b < r->n_band && t.n_cols < MAX_COLS - 5; b++) {
            snprintf(kat_head[b], sizeof kat_head[b], "Instansi kategori %s",
                     r->ada_kategori ? r->band[b].kategori : r->band[b].predikat);
            table_col(&t, kat_head[b]);
        }
        if (gerbang)
            table_col(&t, "Instansi Tanpa Maladministrasi");
        if (vertikal)
            table_col(&t, "Kantor vertikal (tidak dihitung)");
    }
    int c_min = table_col(&t, "Nilai instansi terendah");
    table_col(&t, "Nilai instansi tertinggi");
    for (size_t i = 0; i < y->n_provinsi; i++) {
        const agg_provinsi *p = &y->provinsi[i];
        if (!prov_match(p, sc->prov) || (sc->ctx->provinsi && p != sc->ctx->provinsi))
            continue;
        const agg_stats *is = &p->instansi_stats;
        /* A region of vertical offices only has no pemda: their own sheet lists them. */
        if (is->n == 0)
            continue;
        xlsxbook_sheet *s = table_row(&t);
        if (!s)
            return;
        xlsxbook_put_str(s, 0, p->nama, NULL);
        /* The instansi the row is about: before 2025 every instansi of the province. */
        xlsxbook_put_int(s, 1, (long long)is->n);
        xlsxbook_put_int(s, 2, (long long)p->unit_stats.n);
        xlsxbook_put_dec(s, 3, p->nilai);
        xlsxbook_put_str(s, 4, band_kategori(p->band, r->ada_kategori), NULL);
        xlsxbook_put_str(s, 5, p->band ? p->band->predikat : "", NULL);
        if (zona) {
            xlsxbook_put_str(s, 6, zona_str(p->band), NULL);
            xlsxbook_put_int(s, 7, (long long)is->zona[ZONA_HIJAU]);
            xlsxbook_put_int(s, 8, (long long)is->zona[ZONA_KUNING]);
            xlsxbook_put_int(s, 9, (long long)is->zona[ZONA_MERAH]);
        } else {
            int c = 6;
            for (int b = 0; b < r->n_band && c < c_min; b++)
                xlsxbook_put_int(s, c++, (long long)is->kategori[b]);
            if (gerbang && c < c_min)
                xlsxbook_put_int(s, c++, (long long)is->gerbang);
            if (vertikal && c < c_min)
                xlsxbook_put_int(s, c++, (long long)p->per_jenis[JENIS_VERTIKAL].n);
        }
        xlsxbook_put_dec(s, c_min, is->min);
        xlsxbook_put_dec(s, c_min + 1, is->max);
        s->row++;
    }
    table_end(&t);
}

static void write_instansi(book *bk, const scope *sc, uint32_t max_rows)
{
    const agg_year *y = sc->ctx->year;
    const rubric *r = y->rubric;
    bool zona = r->ada_zona, opini = r->opini[0] != '\0', gerbang = rubric_has_gerbang(r);
    char title[200];
    snprintf(title, sizeof(title), "Nilai per instansi, tahun %d", y->tahun);
    table t;
    table_init(&t, bk, "Instansi", title, NULL, max_rows);
    table_col(&t, "Provinsi");
    table_col(&t, "Kode");
    table_col(&t, "Jenis");
    table_col(&t, "Instansi");
    table_col(&t, "Nama resmi");
    table_col(&t, "Jumlah unit layanan");
    int c_comp = t.n_cols;
    for (int k = 0; k < r->n_comp; k++)
        table_col(&t, r->comp[k].label);
    int c_nilai = table_col(&t, "Nilai");
    table_col(&t, "Sumber nilai");
    table_col(&t, "Rerata SKPD");
    int c_kat = table_col(&t, "Kategori");
    table_col(&t, "Predikat");
    if (zona) {
        t.zona_col[t.n_zona++] = table_col(&t, "Zona");
    } else {
        t.kat_col[t.n_kat++] = c_kat;
        t.kat_rub = r;
    }
    if (opini)
        table_col(&t, "Opini");
    if (gerbang)
        table_col(&t, r->gerbang);
    if (r->ada_pembinaan)
        table_col(&t, "Unit dalam pembinaan");
    table_col(&t, "Peringkat nasional (jenis sama)");
    table_col(&t, "Dari (nasional)");
    table_col(&t, "Peringkat provinsi");
    table_col(&t, "Dari (provinsi)");
    for (size_t i = 0; i < y->n_instansi; i++) {
        const agg_instansi *in = &y->instansi[i];
        if (!inst_in(sc, in) || is_vertikal(in))
            continue;
        xlsxbook_sheet *s = table_row(&t);
        if (!s)
            return;
        xlsxbook_put_str(s, 0, in->provinsi->nama, NULL);
        xlsxbook_put_str(s, 1, in->kode, NULL);
        xlsxbook_put_str(s, 2, names_jenis_str(in->jenis), NULL);
        xlsxbook_put_str(s, 3, in->nama, NULL);
        xlsxbook_put_str(s, 4, in->nama_resmi, NULL);
        xlsxbook_put_int(s, 5, (long long)in->n_units);
        for (int k = 0; k < r->n_comp; k++)
            if (in->comp_mask & (1u << k))
                xlsxbook_put_dec(s, c_comp + k, in->comp[k]);
        int c = c_nilai;
        xlsxbook_put_dec(s, c++, in->nilai);
        xlsxbook_put_str(s, c++, in->nilai_resmi ? "nilai resmi instansi" : "rerata SKPD", NULL);
        if (in->ada_rerata)
            xlsxbook_put_dec(s, c, in->rerata);
        c++;
        xlsxbook_put_str(s, c++, band_kategori(in->band, r->ada_kategori), NULL);
        xlsxbook_put_str(s, c++, in->predikat ? in->predikat : in->band->predikat, NULL);
        if (zona)
            xlsxbook_put_str(s, c++, zona_str(in->band), NULL);
        if (opini)
            xlsxbook_put_str(s, c++, in->opini, NULL);
        if (gerbang)
            xlsxbook_put_str(s, c++, gerbang_label(in->gerbang), NULL);
        if (r->ada_pembinaan)
            xlsxbook_put_int(s, c++, (long long)in->n_pembinaan);
        if (in->peringkat_nasional) {
            xlsxbook_put_int(s, c, in->peringkat_nasional);
            xlsxbook_put_int(s, c + 1, (long long)in->n_peringkat_nasional);
        }
        c += 2;
        if (in->peringkat_provinsi) {
            xlsxbook_put_int(s, c, in->peringkat_provinsi);
            xlsxbook_put_int(s, c + 1, (long long)in->n_peringkat_provinsi);
        }
        s->row++;
    }
    table_end(&t);
}

/* Vertical offices (2025-): loci of their own, with a unit's label, ranked among themselves. */
static void write_vertikal(book *bk, const scope *sc, uint32_t max_rows)
{
    const agg_year *y = sc->ctx->year;
    const rubric *r = y->rubric;
    char title[200];
    snprintf(title, sizeof(title),
             "Nilai %s, tahun %d (predikat kualitas pelayanan; tidak dihitung dalam rekap "
             "pemerintah daerah)",
             names_jenis_label(JENIS_VERTIKAL), y->tahun);
    table t;
    table_init(&t, bk, names_jenis_label(JENIS_VERTIKAL), title, NULL, max_rows);
    table_col(&t, "Provinsi");
    table_col(&t, "Kantor vertikal");
    int c_nilai = table_col(&t, "Nilai");
    int c_kat = table_col(&t, "Kategori");
    table_col(&t, "Predikat kualitas pelayanan");
    if (r->ada_zona) {
        t.zona_col[t.n_zona++] = table_col(&t, "Zona");
    } else {
        t.kat_col[t.n_kat++] = c_kat;
        t.kat_rub = r;
    }
    table_col(&t, "Peringkat nasional (kantor vertikal)");
    table_col(&t, "Dari (nasional)");
    table_col(&t, "Peringkat provinsi (kantor vertikal)");
    table_col(&t, "Dari (provinsi)");
    for (size_t i = 0; i < y->n_instansi; i++) {
        const agg_instansi *in = &y->instansi[i];
        if (!inst_in(sc, in) || !is_vertikal(in))
            continue;
        xlsxbook_sheet *s = table_row(&t);
        if (!s)
            return;
        xlsxbook_put_str(s, 0, in->provinsi->nama, NULL);
        xlsxbook_put_str(s, 1, in->nama, NULL);
        int c = c_nilai;
        xlsxbook_put_dec(s, c++, in->nilai);
        xlsxbook_put_str(s, c++, band_kategori(in->band, r->ada_kategori), NULL);
        xlsxbook_put_str(s, c++, in->predikat ? in->predikat : in->band->predikat_unit, NULL);
        if (r->ada_zona)
            xlsxbook_put_str(s, c++, zona_str(in->band), NULL);
        if (in->peringkat_nasional) {
            xlsxbook_put_int(s, c, in->peringkat_nasional);
            xlsxbook_put_int(s, c + 1, (long long)in->n_peringkat_nasional);
        }
        c += 2;
        if (in->peringkat_provinsi) {
            xlsxbook_put_int(s, c, in->peringkat_provinsi);
            xlsxbook_put_int(s, c + 1, (long long)in->n_peringkat_provinsi);
        }
        s->row++;
    }
    table_end(&t);
}

static void write_skpd(book *bk, const scope *sc, uint32_t max_rows)
{
    const agg_year *y = sc->ctx->year;
    const rubric *r = y->rubric;
    bool zona = r->ada_zona;
    char title[200];
    snprintf(title, sizeof(title), "Nilai per unit layanan (SKPD), tahun %d", y->tahun);
    table t;
    table_init(&t, bk, "SKPD", title, NULL, max_rows);
    table_col(&t, "Provinsi");
    table_col(&t, "Instansi");
    table_col(&t, "Kode instansi");
    table_col(&t, "Jenis");
    table_col(&t, "Unit layanan (SKPD)");
    int c_comp = t.n_cols;
    for (int k = 0; k < r->n_comp; k++)
        table_col(&t, r->comp[k].label);
    int c_nilai = table_col(&t, "Nilai");
    int c_kat = table_col(&t, "Kategori");
    table_col(&t, "Predikat");
    if (zona) {
        t.zona_col[t.n_zona++] = table_col(&t, "Zona");
    } else {
        t.kat_col[t.n_kat++] = c_kat;
        t.kat_rub = r;
    }
    if (r->ada_pembinaan)
        table_col(&t, "Pembinaan");
    table_col(&t, "Peringkat dalam instansi");
    table_col(&t, "Dari");
    bool kat = r->ada_kategori;
    for (size_t i = 0; i < y->n_instansi; i++) {
        const agg_instansi *in = &y->instansi[i];
        if (!inst_in(sc, in))
            continue;
        const char *jenis = names_jenis_str(in->jenis);
        for (size_t j = 0; j < in->n_units; j++) {
            const agg_unit *u = &in->units[j];
            xlsxbook_sheet *s = table_row(&t);
            if (!s)
                return;
            xlsxbook_put_str(s, 0, in->provinsi->nama, NULL);
            xlsxbook_put_str(s, 1, in->nama, NULL);
            xlsxbook_put_str(s, 2, in->kode, NULL);
            xlsxbook_put_str(s, 3, jenis, NULL);
            xlsxbook_put_str(s, 4, u->nama, NULL);
            for (int k = 0; k < r->n_comp; k++)
                if (u->comp_mask & (1u << k))
                    xlsxbook_put_dec(s, c_comp + k, u->comp[k]);
            int c = c_nilai;
            xlsxbook_put_dec(s, c++, u->nilai);
            xlsxbook_put_str(s, c++, band_kategori(u->band, kat), NULL);
            /* A unit's label ("Baik" since 2025; the same as an instansi's before). */
            xlsxbook_put_str(s, c++,
                             u->band->predikat_unit[0] ? u->band->predikat_unit : u->band->predikat,
                             NULL);
            if (zona)
                xlsxbook_put_str(s, c++, zona_str(u->band), NULL);
            if (r->ada_pembinaan)
                xlsxbook_put_str(s, c++, u->pembinaan ? "Ya" : "Tidak", NULL);
            xlsxbook_put_int(s, c++, u->peringkat);
            xlsxbook_put_int(s, c, (long long)in->n_units);
            s->row++;
        }
    }
    table_end(&t);
}

static const char *gerak_label(cmp_gerak g)
{
    switch (g) {
    case CMP_NAIK:
        return "\xE2\x96\xB2 naik";
    case CMP_TURUN:
        return "\xE2\x96\xBC turun";
    case CMP_TETAP:
        return "\xE2\x97\x8F tetap";
    case CMP_BARU:
        return "baru";
    case CMP_HILANG:
        return "hilang";
    }
    return "";
}

static void write_perbandingan(book *bk, const scope *sc, uint32_t max_rows)
{
    const cmp_result *cmp = sc->ctx->cmp;
    /* Zones appear only when both years have them: a year without zones prints none. */
    bool zona = cmp->menurut == CMP_MENURUT_ZONA;
    bool opini = cmp->kini->rubric->opini[0] != '\0';
    char title[200], nt[512];
    snprintf(title, sizeof(title), "Perbandingan tahun %d dengan tahun %d", cmp->tahun,
             cmp->tahun_lalu);
    if (cmp->beda_metode && zona && !cmp->kategori_sebanding)
        snprintf(nt, sizeof(nt), "Catatan: kategori tidak dibandingkan. %s", cmp->alasan);
    else if (cmp->beda_metode)
        snprintf(nt, sizeof(nt), "Catatan: %s.", cmp->alasan);
    else
        snprintf(nt, sizeof(nt),
                 "Catatan: instansi dicocokkan dengan kode wilayah bila ada, selain itu dengan "
                 "nama baku; selisih = nilai %d - nilai %d.",
                 cmp->tahun, cmp->tahun_lalu);
    table t;
    table_init(&t, bk, "Perbandingan", title, nt, max_rows);
    table_col(&t, "Provinsi");
    table_col(&t, "Instansi");
    table_col(&t, "Jenis");
    table_col(&t, "Tahun lalu");
    table_col(&t, "Nilai lalu");
    table_col(&t, "Nilai");
    t.selisih_col = table_col(&t, "Selisih");
    int c_kat;
    if (zona) {
        t.zona_col[t.n_zona++] = table_col(&t, "Zona lalu");
        t.zona_col[t.n_zona++] = table_col(&t, "Zona");
        t.gerak_col[t.n_gerak++] = table_col(&t, "Perubahan zona");
        t.gerak_col[t.n_gerak++] = table_col(&t, "Arah nilai");
        c_kat = table_col(&t, "Kategori lalu");
        table_col(&t, "Kategori");
    } else {
        c_kat = table_col(&t, "Kategori lalu");
        table_col(&t, "Kategori");
        t.gerak_col[t.n_gerak++] = table_col(
            &t, cmp->menurut == CMP_MENURUT_KATEGORI ? "Perubahan kategori" : "Perubahan nilai");
        t.gerak_col[t.n_gerak++] = table_col(&t, "Arah nilai");
        if (cmp->kategori_sebanding) {
            t.kat_col[t.n_kat++] = c_kat;
            t.kat_col[t.n_kat++] = c_kat + 1;
            t.kat_rub = cmp->kini->rubric;
        }
    }
    int c_opini = opini ? table_col(&t, "Opini") : -1;
    int c_rank = table_col(&t, "Peringkat nasional lalu");
    table_col(&t, "Peringkat nasional");
    table_col(&t, "Perubahan peringkat");
    for (size_t i = 0; i < cmp->n_instansi; i++) {
        const cmp_entry *e = &cmp->instansi[i];
        if (!entry_in(sc, e))
            continue;
        const agg_instansi *in = e->kini ? e->kini : e->lalu;
        xlsxbook_sheet *s = table_row(&t);
        if (!s)
            return;
        /* Letters side by side: within one method, or across methods that share them. */
        bool kat = zona ? e->banding_kategori && (!cmp->beda_metode || cmp->kategori_sebanding)
                        : cmp->kategori_sebanding;
        xlsxbook_put_str(s, 0, in->provinsi->nama, NULL);
        xlsxbook_put_str(s, 1, in->nama, NULL);
        xlsxbook_put_str(s, 2, names_jenis_str(in->jenis), NULL);
        xlsxbook_put_int(s, 3, cmp->tahun_lalu);
        if (e->lalu)
            xlsxbook_put_dec(s, 4, e->lalu->nilai);
        if (e->kini)
            xlsxbook_put_dec(s, 5, e->kini->nilai);
        if (e->kini && e->lalu)
            xlsxbook_note(&bk->base,
                          worksheet_write_number(s->ws, s->row, 6, dec_to_double(e->selisih),
                                                 bk->base.signed_num));
        if (zona) {
            if (e->lalu)
                xlsxbook_put_str(s, 7, zona_str(e->lalu->band), NULL);
            if (e->kini)
                xlsxbook_put_str(s, 8, zona_str(e->kini->band), NULL);
            xlsxbook_put_str(s, 9, gerak_label(e->gerak_zona), NULL);
            xlsxbook_put_str(s, 10, gerak_label(e->arah_nilai), NULL);
        } else {
            xlsxbook_put_str(s, c_kat + 2, gerak_label(e->perubahan), NULL);
            xlsxbook_put_str(s, c_kat + 3, gerak_label(e->arah_nilai), NULL);
        }
        if (kat && e->lalu)
            xlsxbook_put_str(s, c_kat,
                             band_kategori(e->lalu->band, cmp->lalu->rubric->ada_kategori), NULL);
        if (kat && e->kini)
            xlsxbook_put_str(s, c_kat + 1,
                             band_kategori(e->kini->band, cmp->kini->rubric->ada_kategori), NULL);
        if (c_opini >= 0 && e->kini)
            xlsxbook_put_str(s, c_opini, e->kini->opini, NULL);
        if (e->lalu && e->lalu->peringkat_nasional)
            xlsxbook_put_int(s, c_rank, e->lalu->peringkat_nasional);
        if (e->kini && e->kini->peringkat_nasional)
            xlsxbook_put_int(s, c_rank + 1, e->kini->peringkat_nasional);
        if (e->kini && e->lalu)
            xlsxbook_put_int(s, c_rank + 2, e->selisih_peringkat);
        s->row++;
    }
    table_end(&t);
}

/* ---- Ringkasan --------------------------------------------------------------------------- */

static void label_value(xlsxbook_sheet *s, const char *label, long long n, const dec_t *v)
{
    xlsxbook_put_str(s, 0, label, NULL);
    if (v)
        xlsxbook_put_dec(s, 1, *v);
    else
        xlsxbook_put_int(s, 1, n);
    s->row++;
}

/* The scope's counts: a province's, or the year's. */
static const agg_stats *scope_inst_stats(const scope *sc)
{
    return sc->prov ? &sc->prov->instansi_stats : &sc->ctx->year->nasional;
}

static const agg_stats *scope_unit_stats(const scope *sc)
{
    return sc->prov ? &sc->prov->unit_stats : &sc->ctx->year->nasional_units;
}

static const agg_stats *scope_jenis_stats(const scope *sc, int j)
{
    return sc->prov ? &sc->prov->per_jenis[j] : &sc->ctx->year->per_jenis[j];
}

static void zona_row(xlsxbook_sheet *s, const char *label, const agg_stats *st)
{
    xlsxbook_put_str(s, 0, label, NULL);
    xlsxbook_put_int(s, 1, (long long)st->n);
    for (int z = ZONA_HIJAU; z < ZONA_COUNT; z++) {
        xlsxbook_put_int(s, 1 + z, (long long)st->zona[z]);
        xlsxbook_put_pct(s, 4 + z, st->zona[z], st->n);
    }
    s->row++;
}

/* The same row by category, for a method without zones: counts, then shares. */
static void kategori_row(xlsxbook_sheet *s, const char *label, const agg_stats *st, int n_band)
{
    xlsxbook_put_str(s, 0, label, NULL);
    xlsxbook_put_int(s, 1, (long long)st->n);
    for (int b = 0; b < n_band; b++) {
        xlsxbook_put_int(s, 2 + b, (long long)st->kategori[b]);
        xlsxbook_put_pct(s, 2 + n_band + b, st->kategori[b], st->n);
    }
    s->row++;
}

static void chart_zona_series(lxw_chart *ch, const char *sheetname, lxw_row_t r1, lxw_row_t r2,
                              lxw_row_t name_row, int first_col)
{
    for (int z = ZONA_HIJAU; z < ZONA_COUNT; z++) {
        lxw_chart_series *ser = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(ser, sheetname, r1, 0, r2, 0);
        chart_series_set_values(ser, sheetname, r1, (lxw_col_t)(first_col + z - 1), r2,
                                (lxw_col_t)(first_col + z - 1));
        chart_series_set_name_range(ser, sheetname, name_row, (lxw_col_t)(first_col + z - 1));
        lxw_chart_fill fill = {.color = zona_bar[z]};
        chart_series_set_fill(ser, &fill);
    }
}

static void chart_kategori_series(lxw_chart *ch, const char *sheetname, lxw_row_t r1, lxw_row_t r2,
                                  lxw_row_t name_row, int first_col, int n_band)
{
    for (int b = 0; b < n_band; b++) {
        lxw_chart_series *ser = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(ser, sheetname, r1, 0, r2, 0);
        chart_series_set_values(ser, sheetname, r1, (lxw_col_t)(first_col + b), r2,
                                (lxw_col_t)(first_col + b));
        chart_series_set_name_range(ser, sheetname, name_row, (lxw_col_t)(first_col + b));
        lxw_chart_fill fill = {.color = band_bar[band_style(b, n_band)]};
        chart_series_set_fill(ser, &fill);
    }
}

/* A band's name in a table: its letter, or its label when the method has no letters. */
static const char *band_name(const rubric *r, int b)
{
    return r->ada_kategori ? r->band[b].kategori : r->band[b].predikat;
}

static void ranked_list(xlsxbook_sheet *s, const rubric *r, const agg_instansi **list, size_t n,
                        const char *title)
{
    static const char *const head[] = {"No", "Instansi", "Provinsi", "Jenis", "Nilai", "Zona"};
    static const char *const head_kat[] = {"No",    "Instansi", "Provinsi", "Jenis",
                                           "Nilai", "Kategori", "Opini"};
    bool zona = r->ada_zona, opini = r->opini[0] != '\0';
    xlsxbook_section(s, title);
    if (zona)
        xlsxbook_put_header(s, head, 6);
    else
        xlsxbook_put_header(s, head_kat, opini ? 7 : 6);
    lxw_row_t first = s->row;
    for (size_t i = 0; i < n; i++) {
        xlsxbook_put_int(s, 0, (long long)i + 1);
        xlsxbook_put_str(s, 1, list[i]->nama, NULL);
        xlsxbook_put_str(s, 2, list[i]->provinsi->nama, NULL);
        xlsxbook_put_str(s, 3, names_jenis_str(list[i]->jenis), NULL);
        xlsxbook_put_dec(s, 4, list[i]->nilai);
        if (zona) {
            xlsxbook_put_str(s, 5, zona_str(list[i]->band), NULL);
        } else {
            xlsxbook_put_str(s, 5, r->ada_kategori ? list[i]->band->kategori : list[i]->predikat,
                             NULL);
            if (opini)
                xlsxbook_put_str(s, 6, list[i]->opini, NULL);
        }
        s->row++;
    }
    if (n && zona)
        xlsx_cond_zona(s, first, s->row - 1, 5);
    else if (n)
        xlsx_cond_kategori(s, first, s->row - 1, 5, r);
    s->row++;
}

/* The province whose instansi the bar chart shows: the scope's, or the largest region. */
static const agg_provinsi *chart_province(const scope *sc)
{
    if (sc->prov)
        return sc->prov;
    const agg_year *y = sc->ctx->year;
    const agg_provinsi *best = NULL;
    for (size_t i = 0; i < y->n_provinsi; i++) {
        const agg_provinsi *p = &y->provinsi[i];
        if (sc->ctx->provinsi && p != sc->ctx->provinsi)
            continue;
        /* Its pemda (vertical offices are not on the chart); every instansi before 2025. */
        if (!p->instansi_stats.n)
            continue;
        /* Ministries and agencies are not a region: chosen only when nothing else is there. */
        if (!best || (best->pusat && !p->pusat) ||
            (best->pusat == p->pusat && p->instansi_stats.n > best->instansi_stats.n))
            best = p;
    }
    return best;
}

/* Instansi of the scope by opinion: with the gate and without, per band (Opini 2025-). */
static void opini_counts(xlsxbook_sheet *s, const scope *sc, const agg_stats *is)
{
    const agg_year *y = sc->ctx->year;
    const rubric *r = y->rubric;
    size_t ya[RUBRIC_MAX_BANDS] = {0}, lain[RUBRIC_MAX_BANDS] = {0}, tak_diketahui = 0;
    for (size_t i = 0; i < y->n_instansi; i++) {
        const agg_instansi *in = &y->instansi[i];
        if (!inst_in(sc, in) || is_vertikal(in))
            continue;
        if (in->gerbang == RUBRIC_GERBANG_YA && rubric_has_gerbang(r))
            ya[in->band_index]++;
        else
            lain[in->band_index]++;
        tak_diketahui += in->gerbang == RUBRIC_GERBANG_TIDAK_DIKETAHUI;
    }
    static const char *const head[] = {"Opini", "Jumlah instansi", "% instansi"};
    xlsxbook_section(s, "Sebaran opini (instansi)");
    xlsxbook_put_header(s, head, 3);
    char op[RUBRIC_TEXT_MAX * 3];
    for (int b = 0; b < r->n_band; b++) {
        for (int g = rubric_has_gerbang(r) ? 0 : 1; g < 2; g++) {
            size_t n = g == 0 ? ya[b] : lain[b];
            xlsxbook_put_str(s, 0,
                             rubric_opini(r, &r->band[b],
                                          g == 0 ? RUBRIC_GERBANG_YA : RUBRIC_GERBANG_TIDAK, op,
                                          sizeof op),
                             NULL);
            xlsxbook_put_int(s, 1, (long long)n);
            xlsxbook_put_pct(s, 2, n, is->n);
            s->row++;
        }
    }
    if (rubric_has_gerbang(r) && tak_diketahui) {
        /* Counted above among the opinions without the suffix: the data did not say. */
        snprintf(op, sizeof op,
                 "Di antaranya, kolom tanpa_maladministrasi kosong (opini tanpa akhiran \"%s\")",
                 r->gerbang);
        xlsxbook_put_str(s, 0, op, NULL);
        xlsxbook_put_int(s, 1, (long long)tak_diketahui);
        xlsxbook_put_pct(s, 2, tak_diketahui, is->n);
        s->row++;
    }
    s->row++;
}

/*
 * Where the tables the charts of the Ringkasan sheet draw have landed. Tables are written
 * first, top down (the sheet is written in row order); the charts follow, to their right.
 */
typedef struct ringkasan_pos {
    lxw_row_t jenis_head;     /* header row of the spread by jenis */
    lxw_row_t jenis1, jenis2; /* its jenis rows, jenis2 one past the last */
    lxw_row_t cmp_row;        /* first row of the last-year / this-year table */
    int n_cmp_rows;           /* its rows; 0: no such table */
    bool cmp_zona;            /* by zone (else by category) */
    const agg_provinsi *cp;   /* the province of the bar chart, or NULL */
    lxw_row_t bar1;           /* first row of its instansi */
    size_t n_bar;             /* its instansi */
} ringkasan_pos;

/* Ringkasan, top: the title, the scope and the method. */
static void ringkasan_judul(xlsxbook_sheet *s, const scope *sc)
{
    const agg_year *y = sc->ctx->year;
    const rubric *r = y->rubric;
    char buf[512];
    if (r->opini[0])
        snprintf(buf, sizeof(buf), "Rekap %s %d", r->nama, y->tahun);
    else
        snprintf(buf, sizeof(buf), "Rekap Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik %d",
                 y->tahun);
    xlsxbook_note(s->bk, worksheet_write_string(s->ws, s->row++, 0, buf, s->bk->title));
    snprintf(buf, sizeof(buf), "Cakupan: %s", sc->label);
    xlsxbook_note(s->bk, worksheet_write_string(s->ws, s->row++, 0, buf, NULL));
    snprintf(buf, sizeof(buf), "Metode: %s (%s)", r->nama, r->id);
    xlsxbook_note(s->bk, worksheet_write_string(s->ws, s->row++, 0, buf, NULL));
    s->row++;
}

/* Ringkasan, "Angka utama": the headline counts and scores of the scope. */
static void ringkasan_angka(xlsxbook_sheet *s, const scope *sc)
{
    const agg_year *y = sc->ctx->year;
    const rubric *r = y->rubric;
    const agg_stats *is = scope_inst_stats(sc), *us = scope_unit_stats(sc);
    const agg_stats *vs = scope_jenis_stats(sc, JENIS_VERTIKAL);
    char buf[512];
    size_t n_pembinaan = 0;
    for (size_t i = 0; r->ada_pembinaan && i < y->n_instansi; i++)
        if (inst_in(sc, &y->instansi[i]))
            n_pembinaan += y->instansi[i].n_pembinaan;
    xlsxbook_section(s, "Angka utama");
    label_value(s, "Tahun penilaian", y->tahun, NULL);
    label_value(s, "Instansi dinilai", (long long)is->n, NULL);
    if (vs->n)
        label_value(s, "Kantor vertikal dinilai (tidak termasuk instansi)", (long long)vs->n, NULL);
    label_value(s, "Unit layanan (SKPD) dinilai", (long long)us->n, NULL);
    if (rubric_has_gerbang(r)) {
        snprintf(buf, sizeof(buf), "Instansi %s", r->gerbang);
        label_value(s, buf, (long long)is->gerbang, NULL);
    }
    if (r->ada_pembinaan) {
        char a[24];
        snprintf(buf, sizeof(buf), "Unit layanan dalam pembinaan (nilai di bawah %s)",
                 dec_format(r->pembinaan_di_bawah, ',', a, sizeof a));
        label_value(s, buf, (long long)n_pembinaan, NULL);
    }
    if (is->n) {
        label_value(s, "Rerata nilai instansi", 0, &is->mean);
        label_value(s, "Nilai instansi terendah", 0, &is->min);
        label_value(s, "Nilai instansi tertinggi", 0, &is->max);
    }
    if (us->n)
        label_value(s, "Rerata nilai unit layanan", 0, &us->mean);
    s->row++;
}

/* Ringkasan, "Sebaran zona / kategori menurut jenis instansi": one row per jenis, the totals
 * after; where its rows are goes into pos for the stacked column chart. */
static void ringkasan_jenis(xlsxbook_sheet *s, const scope *sc, ringkasan_pos *pos)
{
    const rubric *r = sc->ctx->year->rubric;
    bool zona = r->ada_zona;
    int nb = r->n_band;
    const agg_stats *is = scope_inst_stats(sc), *us = scope_unit_stats(sc);
    const agg_stats *vs = scope_jenis_stats(sc, JENIS_VERTIKAL);
    static const char *const zhead[] = {"Jenis", "Jumlah",  "Hijau",    "Kuning",
                                        "Merah", "% Hijau", "% Kuning", "% Merah"};
    char khead_buf[2 * RUBRIC_MAX_BANDS][RUBRIC_TEXT_MAX + 4];
    const char *khead_kat[2 + 2 * RUBRIC_MAX_BANDS] = {"Jenis", "Jumlah"};
    for (int b = 0; !zona && b < nb; b++) {
        snprintf(khead_buf[b], sizeof khead_buf[b], "%s", band_name(r, b));
        snprintf(khead_buf[nb + b], sizeof khead_buf[nb + b], "%% %s", band_name(r, b));
        khead_kat[2 + b] = khead_buf[b];
        khead_kat[2 + nb + b] = khead_buf[nb + b];
    }
    xlsxbook_section(s, zona ? "Sebaran zona menurut jenis instansi"
                             : "Sebaran kategori menurut jenis instansi");
    pos->jenis_head = s->row;
    if (zona)
        xlsxbook_put_header(s, zhead, 8);
    else
        xlsxbook_put_header(s, khead_kat, 2 + 2 * nb);
    pos->jenis1 = s->row;
    for (int j = 1; j < JENIS_COUNT; j++) {
        const agg_stats *st = scope_jenis_stats(sc, j);
        /* Vertical offices are not instansi of the totals: their row follows the total. */
        if (!st->n || j == JENIS_VERTIKAL)
            continue;
        if (zona)
            zona_row(s, names_jenis_label((names_jenis)j), st);
        else
            kategori_row(s, names_jenis_label((names_jenis)j), st, nb);
    }
    pos->jenis2 = s->row;
    if (zona) {
        zona_row(s, "Semua instansi", is);
        if (vs->n)
            zona_row(s, names_jenis_label(JENIS_VERTIKAL), vs);
        zona_row(s, "Unit layanan (SKPD)", us);
    } else {
        kategori_row(s, "Semua instansi", is, nb);
        if (vs->n)
            kategori_row(s, names_jenis_label(JENIS_VERTIKAL), vs, nb);
        kategori_row(s, "Unit layanan (SKPD)", us, nb);
    }
    s->row++;
}

/* One row of the band table: the band's labels, range and counts. */
static void band_row(xlsxbook_sheet *s, const scope *sc, int b)
{
    const rubric *r = sc->ctx->year->rubric;
    bool zona = r->ada_zona, opini = r->opini[0] != '\0';
    const agg_stats *is = scope_inst_stats(sc), *us = scope_unit_stats(sc);
    const agg_stats *vs = scope_jenis_stats(sc, JENIS_VERTIKAL);
    const rubric_band *band = &r->band[b];
    char lo[24], hi[24], range[64], op[RUBRIC_TEXT_MAX * 3];
    dec_t top = b == 0 ? r->nilai_maks : r->band[b - 1].min - 1;
    snprintf(range, sizeof(range), "%s \xE2\x80\x93 %s", dec_format(band->min, ',', lo, 24),
             dec_format(top, ',', hi, 24));
    int c = 0;
    xlsxbook_put_str(s, c++, band->kategori, NULL);
    if (opini)
        xlsxbook_put_str(s, c++, rubric_opini(r, band, RUBRIC_GERBANG_TIDAK, op, sizeof op), NULL);
    else
        xlsxbook_put_str(s, c++, band->predikat, NULL);
    if (opini)
        xlsxbook_put_str(s, c++, band->predikat_unit, NULL);
    if (zona)
        xlsxbook_put_str(s, c++, rubric_zona_name(band->zona), NULL);
    xlsxbook_put_str(s, c++, range, NULL);
    xlsxbook_put_int(s, c++, (long long)is->kategori[b]);
    xlsxbook_put_pct(s, c++, is->kategori[b], is->n);
    xlsxbook_put_int(s, c++, (long long)us->kategori[b]);
    xlsxbook_put_pct(s, c++, us->kategori[b], us->n);
    if (!zona && vs->n)
        xlsxbook_put_int(s, c++, (long long)vs->kategori[b]);
    s->row++;
}

/* Ringkasan, "Sebaran kategori (opini) dan predikat": one row per band of the rubric. */
static void ringkasan_band(xlsxbook_sheet *s, const scope *sc)
{
    const rubric *r = sc->ctx->year->rubric;
    bool zona = r->ada_zona, opini = r->opini[0] != '\0';
    static const char *const khead[] = {"Kategori", "Predikat",   "Zona",         "Rentang nilai",
                                        "Instansi", "% instansi", "Unit layanan", "% unit"};
    /* Without zones the band has two labels in the opinion method: the instansi's opinion and
     * the unit's (and vertical office's) predicate. */
    const char *bhead[10] = {"Kategori", opini ? "Opini (instansi)" : "Predikat"};
    int nbh = 2;
    if (opini)
        bhead[nbh++] = "Predikat unit dan kantor vertikal";
    bhead[nbh++] = "Rentang nilai";
    bhead[nbh++] = "Instansi";
    bhead[nbh++] = "% instansi";
    bhead[nbh++] = "Unit layanan";
    bhead[nbh++] = "% unit";
    if (scope_jenis_stats(sc, JENIS_VERTIKAL)->n)
        bhead[nbh++] = "Kantor vertikal";
    xlsxbook_section(s, zona    ? "Sebaran kategori dan predikat"
                        : opini ? "Sebaran kategori, opini dan predikat"
                                : "Sebaran kategori dan predikat");
    if (zona)
        xlsxbook_put_header(s, khead, 8);
    else
        xlsxbook_put_header(s, bhead, nbh);
    lxw_row_t k1 = s->row;
    for (int b = 0; b < r->n_band; b++)
        band_row(s, sc, b);
    if (r->n_band && zona)
        xlsx_cond_zona(s, k1, s->row - 1, 2);
    else if (r->n_band)
        xlsx_cond_kategori(s, k1, s->row - 1, 0, r);
    s->row++;
}

/* Ringkasan, the top and bottom 10 instansi of the scope (ranked best first). */
static void ringkasan_peringkat(xlsxbook_sheet *s, const rubric *r, const agg_instansi **ranked,
                                size_t n_ranked)
{
    size_t top = n_ranked < TOP_N ? n_ranked : TOP_N;
    ranked_list(s, r, ranked, top, "10 instansi dengan nilai tertinggi");
    const agg_instansi *bottom[TOP_N];
    for (size_t i = 0; i < top; i++)
        bottom[i] = ranked[n_ranked - 1 - i];
    ranked_list(s, r, bottom, top, "10 instansi dengan nilai terendah");
}

/* Ringkasan, "Pergerakan dibanding tahun ...": how many instansi rose, fell, stayed, are new
 * or gone, by zone or category and by score (a run with a previous year). */
static void ringkasan_gerak(xlsxbook_sheet *s, const scope *sc)
{
    const cmp_result *cmp = sc->ctx->cmp;
    size_t gz[CMP_GERAK_COUNT] = {0}, an[CMP_GERAK_COUNT] = {0};
    for (size_t i = 0; i < cmp->n_instansi; i++) {
        if (!entry_in(sc, &cmp->instansi[i]))
            continue;
        gz[cmp->instansi[i].perubahan]++;
        an[cmp->instansi[i].arah_nilai]++;
    }
    if (!sc->prov && !sc->ctx->provinsi) {
        memcpy(gz, cmp->perubahan, sizeof(gz));
        memcpy(an, cmp->arah_nilai, sizeof(an));
    }
    char buf[512];
    snprintf(buf, sizeof(buf), "Pergerakan dibanding tahun %d (jumlah instansi)", cmp->tahun_lalu);
    xlsxbook_section(s, buf);
    static const char *const ghead[] = {"Perubahan", "Menurut zona", "Menurut nilai"};
    static const char *const ghead_kat[] = {"Perubahan", "Menurut kategori", "Menurut nilai"};
    static const char *const ghead_nilai[] = {"Perubahan", "Menurut nilai"};
    bool dua = cmp->menurut != CMP_MENURUT_NILAI; /* by zone or category, and by score */
    xlsxbook_put_header(s,
                        cmp->menurut == CMP_MENURUT_ZONA       ? ghead
                        : cmp->menurut == CMP_MENURUT_KATEGORI ? ghead_kat
                                                               : ghead_nilai,
                        dua ? 3 : 2);
    static const cmp_gerak order[] = {CMP_NAIK, CMP_TURUN, CMP_TETAP, CMP_BARU, CMP_HILANG};
    for (size_t i = 0; i < 5; i++) {
        xlsxbook_put_str(s, 0, gerak_label(order[i]), NULL);
        xlsxbook_put_int(s, 1, (long long)(dua ? gz[order[i]] : an[order[i]]));
        if (dua)
            xlsxbook_put_int(s, 2, (long long)an[order[i]]);
        s->row++;
    }
    if (cmp->beda_metode) {
        snprintf(buf, sizeof(buf), "Catatan: %s", cmp->alasan);
        xlsxbook_put_str(s, 0, buf, NULL);
        s->width[0] = s->width[0] > XLSXBOOK_MAX_WIDTH ? XLSXBOOK_MAX_WIDTH : s->width[0];
        s->row++;
    }
    s->row++;
}

/* The previous year's counts of the scope's instansi, or NULL when its province is new. */
static const agg_stats *scope_inst_stats_lalu(const scope *sc)
{
    const cmp_result *cmp = sc->ctx->cmp;
    const agg_provinsi *p = sc->prov ? sc->prov : sc->ctx->provinsi;
    if (!p)
        return &cmp->lalu->nasional;
    const agg_provinsi *lp = agg_provinsi_find(cmp->lalu, p->key);
    return lp ? &lp->instansi_stats : NULL;
}

/* Ringkasan, "Jumlah instansi per zona / kategori, tahun lalu dan tahun ini", when the two
 * years share zones or category letters; where its rows are goes into pos for the chart. */
static void ringkasan_banding(xlsxbook_sheet *s, const scope *sc, ringkasan_pos *pos)
{
    const cmp_result *cmp = sc->ctx->cmp;
    const rubric *r = sc->ctx->year->rubric;
    const agg_stats *is = scope_inst_stats(sc), *lalu = scope_inst_stats_lalu(sc);
    pos->cmp_zona = cmp->menurut == CMP_MENURUT_ZONA;
    /* Across the change of method the letters are what both years share. */
    if (!pos->cmp_zona && !cmp->kategori_sebanding)
        return;
    char hl[16], hk[16], buf[512];
    snprintf(hl, sizeof(hl), "%d", cmp->tahun_lalu);
    snprintf(hk, sizeof(hk), "%d", cmp->tahun);
    const char *chead[] = {pos->cmp_zona ? "Zona" : "Kategori", hl, hk};
    xlsxbook_section(s, pos->cmp_zona ? "Jumlah instansi per zona, tahun lalu dan tahun ini"
                                      : "Jumlah instansi per kategori, tahun lalu dan tahun ini");
    xlsxbook_put_header(s, chead, 3);
    pos->cmp_row = s->row;
    pos->n_cmp_rows = pos->cmp_zona ? ZONA_COUNT - 1 : r->n_band;
    for (int i = 0; i < pos->n_cmp_rows; i++) {
        if (pos->cmp_zona) {
            int z = ZONA_HIJAU + i;
            xlsxbook_put_str(s, 0, rubric_zona_label((enum zona)z), NULL);
            xlsxbook_put_int(s, 1, lalu ? (long long)lalu->zona[z] : 0);
            xlsxbook_put_int(s, 2, (long long)is->zona[z]);
        } else {
            snprintf(buf, sizeof(buf), "Kategori %s", r->band[i].kategori);
            xlsxbook_put_str(s, 0, buf, NULL);
            xlsxbook_put_int(s, 1, lalu ? (long long)lalu->kategori[i] : 0);
            xlsxbook_put_int(s, 2, (long long)is->kategori[i]);
        }
        s->row++;
    }
    s->row++;
}

/* An instansi of the bar chart: a pemda (or any instansi before 2025) of province cp. */
static bool on_bar_chart(const render_ctx *ctx, const agg_instansi *in, const agg_provinsi *cp)
{
    return in->provinsi == cp && render_in_shard(ctx, in) && !is_vertikal(in);
}

/* Ringkasan, last table, "Nilai instansi di ...": the instansi of the chart's province, best
 * first; where they are goes into pos for the bar chart. */
static void ringkasan_prov(xlsxbook_sheet *s, const scope *sc, ringkasan_pos *pos)
{
    const agg_year *y = sc->ctx->year;
    const rubric *r = y->rubric;
    bool zona = r->ada_zona;
    pos->cp = chart_province(sc);
    if (!pos->cp)
        return;
    char buf[512];
    snprintf(buf, sizeof(buf), "Nilai instansi di %s", pos->cp->nama);
    xlsxbook_section(s, buf);
    static const char *const bhead_z[] = {"No", "Instansi", "Nilai", "Zona"};
    static const char *const bhead_k[] = {"No", "Instansi", "Nilai", "Kategori"};
    xlsxbook_put_header(s, zona ? bhead_z : bhead_k, 4);
    pos->bar1 = s->row;
    for (size_t i = 0; i < y->n_instansi; i++) {
        const agg_instansi *in = y->ranked[i];
        if (!on_bar_chart(sc->ctx, in, pos->cp))
            continue;
        xlsxbook_put_int(s, 0, (long long)++pos->n_bar);
        xlsxbook_put_str(s, 1, in->nama, NULL);
        xlsxbook_put_dec(s, 2, in->nilai);
        xlsxbook_put_str(s, 3, zona ? zona_str(in->band) : band_name(r, in->band_index), NULL);
        s->row++;
    }
    if (pos->n_bar && zona)
        xlsx_cond_zona(s, pos->bar1, s->row - 1, 3);
    else if (pos->n_bar)
        xlsx_cond_kategori(s, pos->bar1, s->row - 1, 3, r);
}

/* Inserts ch at row *at of column col of the Ringkasan sheet; the next chart goes below. */
static void insert_chart(xlsxbook_sheet *s, lxw_chart *ch, lxw_row_t *at, lxw_col_t col,
                         double y_scale)
{
    lxw_chart_options o = {.x_scale = 1.3, .y_scale = y_scale};
    xlsxbook_note(s->bk, worksheet_insert_chart_opt(s->ws, *at, col, ch, &o));
    *at += 20;
}

/* Ringkasan, first chart: the stacked spread of zones or categories by jenis. */
static void chart_jenis(xlsxbook_sheet *s, const rubric *r, const ringkasan_pos *pos, lxw_row_t *at,
                        lxw_col_t col)
{
    lxw_chart *ch = workbook_add_chart(s->bk->wb, LXW_CHART_COLUMN_STACKED);
    if (r->ada_zona)
        chart_zona_series(ch, s->name, pos->jenis1, pos->jenis2 - 1, pos->jenis_head, 2);
    else
        chart_kategori_series(ch, s->name, pos->jenis1, pos->jenis2 - 1, pos->jenis_head, 2,
                              r->n_band);
    chart_title_set_name(ch, r->ada_zona ? "Sebaran zona menurut jenis instansi"
                                         : "Sebaran kategori menurut jenis instansi");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    insert_chart(s, ch, at, col, 1.2);
}

/* Ringkasan, second chart: instansi per zone or category, last year beside this year. */
static void chart_banding(xlsxbook_sheet *s, const ringkasan_pos *pos, lxw_row_t *at, lxw_col_t col)
{
    lxw_chart *ch = workbook_add_chart(s->bk->wb, LXW_CHART_COLUMN);
    lxw_row_t first = pos->cmp_row, last = pos->cmp_row + (lxw_row_t)pos->n_cmp_rows - 1;
    for (int c = 1; c <= 2; c++) {
        lxw_chart_series *ser = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(ser, s->name, first, 0, last, 0);
        chart_series_set_values(ser, s->name, first, (lxw_col_t)c, last, (lxw_col_t)c);
        chart_series_set_name_range(ser, s->name, first - 1, (lxw_col_t)c);
        lxw_chart_fill fill = {.color = c == 1 ? 0xA6A6A6 : 0x2F5597};
        chart_series_set_fill(ser, &fill);
    }
    chart_title_set_name(ch, pos->cmp_zona ? "Jumlah instansi per zona: tahun ini dan tahun lalu"
                                           : "Jumlah instansi per kategori: tahun ini dan tahun "
                                             "lalu");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    insert_chart(s, ch, at, col, 1.2);
}

/* Colours every bar of ser by its instansi's zone or category, in the table's order. */
static void bar_colours(xlsxbook_sheet *s, lxw_chart_series *ser, const scope *sc,
                        const ringkasan_pos *pos)
{
    const agg_year *y = sc->ctx->year;
    /* One point per instansi; libxlsxwriter copies the points, so they live only here. */
    size_t np = pos->n_bar < UINT16_MAX ? pos->n_bar : UINT16_MAX - 1;
    lxw_chart_fill *fills = calloc(np, sizeof(*fills));
    lxw_chart_point *pts = calloc(np, sizeof(*pts));
    lxw_chart_point **ptr = calloc(np + 1, sizeof(*ptr));
    if (!fills || !pts || !ptr) {
        xlsxbook_note(s->bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
    } else {
        size_t k = 0;
        for (size_t i = 0; i < y->n_instansi && k < np; i++) {
            const agg_instansi *in = y->ranked[i];
            if (!on_bar_chart(sc->ctx, in, pos->cp))
                continue;
            fills[k].color = y->rubric->ada_zona
                                 ? zona_bar[in->band->zona]
                                 : band_bar[band_style(in->band_index, y->rubric->n_band)];
            pts[k].fill = &fills[k];
            ptr[k] = &pts[k];
            k++;
        }
        xlsxbook_note(s->bk, chart_series_set_points(ser, ptr));
    }
    free(fills);
    free(pts);
    free(ptr);
}

/* Ringkasan, last chart: one bar per instansi of the chart's province, coloured. */
static void chart_prov(xlsxbook_sheet *s, const scope *sc, const ringkasan_pos *pos, lxw_row_t *at,
                       lxw_col_t col)
{
    const rubric *r = sc->ctx->year->rubric;
    lxw_row_t first = pos->bar1, last = pos->bar1 + (lxw_row_t)pos->n_bar - 1;
    lxw_chart *ch = workbook_add_chart(s->bk->wb, LXW_CHART_BAR);
    lxw_chart_series *ser = chart_add_series(ch, NULL, NULL);
    chart_series_set_categories(ser, s->name, first, 1, last, 1);
    chart_series_set_values(ser, s->name, first, 2, last, 2);
    bar_colours(s, ser, sc, pos);
    char buf[512];
    snprintf(buf, sizeof(buf), "Nilai instansi di %s (warna: %s)", pos->cp->nama,
             r->ada_zona ? "zona" : "kategori");
    chart_title_set_name(ch, buf);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    /* Bars are listed best first in the table; Excel draws the first category at the
     * bottom, so reverse the category axis to read top-down like the table (and keep the
     * value axis below the bars). */
    chart_axis_set_reverse(ch->y_axis);
    chart_axis_set_crossing_max(ch->y_axis);
    chart_axis_set_min(ch->x_axis, 0);
    chart_axis_set_max(ch->x_axis, dec_to_double(r->nilai_maks));
    double grow = (double)pos->n_bar / 15.0;
    insert_chart(s, ch, at, col, grow > 1.2 ? grow : 1.2);
}

/* The Ringkasan sheet: its tables top down, then its charts to the right of them. */
static kp_status write_ringkasan(book *bk, const scope *sc, const agg_instansi **ranked,
                                 size_t n_ranked)
{
    const render_ctx *ctx = sc->ctx;
    const rubric *r = ctx->year->rubric;
    xlsxbook_sheet sh, *s = &sh;
    if (!xlsxbook_sheet_open(&bk->base, s, "Ringkasan"))
        return KP_ERR_IO;
    ringkasan_pos pos = {0};
    ringkasan_judul(s, sc);
    ringkasan_angka(s, sc);
    ringkasan_jenis(s, sc, &pos);
    ringkasan_band(s, sc);
    if (r->opini[0])
        opini_counts(s, sc, scope_inst_stats(sc));
    ringkasan_peringkat(s, r, ranked, n_ranked);
    if (ctx->cmp) {
        ringkasan_gerak(s, sc);
        ringkasan_banding(s, sc, &pos);
    }
    ringkasan_prov(s, sc, &pos);

    lxw_row_t at = 0;
    lxw_col_t chart_col = 9;
    if (!r->ada_zona && 2 + 2 * r->n_band + 1 > chart_col)
        chart_col = (lxw_col_t)(2 + 2 * r->n_band + 1);
    if (pos.jenis2 > pos.jenis1)
        chart_jenis(s, r, &pos, &at, chart_col);
    if (pos.n_cmp_rows)
        chart_banding(s, &pos, &at, chart_col);
    if (pos.n_bar)
        chart_prov(s, sc, &pos, &at, chart_col);

    if (s->width[0] > 40)
        s->width[0] = 40;
    xlsxbook_sheet_widths(s);
    xlsxbook_print_setup(s->ws, 0, 0);
    worksheet_activate(s->ws);
    return KP_OK;
}

/* ---- one workbook ------------------------------------------------------------------------ */

static kp_status write_book(const scope *sc, const xlsx_options *opt, const char *path,
                            kp_error *err)
{
    const render_ctx *ctx = sc->ctx;
    const agg_year *y = ctx->year;
    size_t n_units = 0, n_inst = 0, n_ranked = 0, n_vertikal = 0;
    const agg_instansi **ranked = malloc((y->n_instansi ? y->n_instansi : 1) * sizeof(*ranked));
    if (!ranked)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    for (size_t i = 0; i < y->n_instansi; i++) {
        const agg_instansi *in = y->ranked[i];
        if (!inst_in(sc, in))
            continue;
        n_inst++;
        n_units += in->n_units;
        /* Top and bottom lists are of instansi: vertical offices have their own sheet. */
        if (is_vertikal(in))
            n_vertikal++;
        else
            ranked[n_ranked++] = in;
    }
    size_t limit =
        opt->constant_memory_rows ? opt->constant_memory_rows : XLSX_CONSTANT_MEMORY_ROWS;
    char title[256], subject[256], keywords[256];
    const rubric *r = y->rubric;
    if (r->opini[0]) {
        /* The opinion method is no longer a Penilaian Kepatuhan: its own name, from the rubric. */
        snprintf(title, sizeof(title), "Rekap %s %d - %s", r->nama, y->tahun, sc->label);
        snprintf(subject, sizeof(subject), "Hasil %s tahun %d", r->nama, y->tahun);
        snprintf(keywords, sizeof(keywords), "opini, pelayanan publik, ombudsman, %d, %s", y->tahun,
                 sc->label);
    } else {
        snprintf(title, sizeof(title), "Rekap Penilaian Kepatuhan %d - %s", y->tahun, sc->label);
        snprintf(subject, sizeof(subject),
                 "Hasil Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik tahun %d", y->tahun);
        snprintf(keywords, sizeof(keywords), "kepatuhan, pelayanan publik, ombudsman, %d, %s",
                 y->tahun, sc->label);
    }
    const char *author = opt->author ? opt->author : XLSXBOOK_AUTHOR_DEFAULT;
    char comments[128];
    snprintf(comments, sizeof(comments), "Dibuat oleh kepatuhan %s",
             ctx->version ? ctx->version : "");
    xlsxbook_props props = {title, subject, author, author, keywords, comments, ctx->epoch};
    xlsxbook_options bo = {.constant_memory = n_units > limit || n_inst > limit,
                           .tmpdir = opt->tmpdir};
    book bk = {0};
    if (xlsxbook_open(&bk.base, path, &props, &bo, err) != KP_OK) {
        free(ranked);
        return KP_ERR_IO;
    }
    book_formats(&bk, y->rubric);
    write_ringkasan(&bk, sc, ranked, n_ranked);
    free(ranked);
    write_provinsi(&bk, sc, opt->max_sheet_rows);
    write_instansi(&bk, sc, opt->max_sheet_rows);
    if (n_vertikal)
        write_vertikal(&bk, sc, opt->max_sheet_rows);
    write_skpd(&bk, sc, opt->max_sheet_rows);
    if (ctx->cmp)
        write_perbandingan(&bk, sc, opt->max_sheet_rows);
    xlsx_metodologi_write(&bk.base, ctx);
    return xlsxbook_close(&bk.base, err);
}

kp_status xlsx_write_rekap(const render_ctx *ctx, const xlsx_options *opt, kp_error *err)
{
    static const xlsx_options defaults = {0};
    if (!opt)
        opt = &defaults;
    const agg_year *y = ctx->year;
    char path[KP_ERROR_FILE_MAX * 2];
    scope sc = {.ctx = ctx,
                .prov = ctx->provinsi,
                .label = ctx->provinsi ? ctx->provinsi->nama : "Nasional"};
    snprintf(path, sizeof(path), "%s/rekap-kepatuhan-%d.xlsx", ctx->out_dir, y->tahun);
    kp_status st = write_book(&sc, opt, path, err);
    if (st != KP_OK || !opt->per_provinsi)
        return st;

    snprintf(path, sizeof(path), "%s/provinsi", ctx->out_dir);
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return kp_error_errno(err, KP_ERR_IO, path, errno, "folder", "dibuat");
    for (size_t i = 0; i < y->n_provinsi; i++) {
        const agg_provinsi *p = &y->provinsi[i];
        if (ctx->provinsi && p != ctx->provinsi)
            continue;
        scope ps = {.ctx = ctx, .prov = p, .label = p->nama};
        snprintf(path, sizeof(path), "%s/provinsi/rekap-kepatuhan-%d-%s.xlsx", ctx->out_dir,
                 y->tahun, p->slug);
        st = write_book(&ps, opt, path, err);
        if (st != KP_OK)
            return st;
    }
    return KP_OK;
}
