/*
 * test_xlsx.c - the recap workbook, read back from its zip: numbers stored as numbers, zone
 * conditional formats, sheet names and splitting, freeze panes, autofilter, print setup,
 * user text never a formula, reproducible bytes, per-province and shard scopes, errors.
 *
 * The model is built by hand (it is plain data), so the test depends only on the renderer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "agg_fixture.h"
#include "fx_run.h"
#include "model/decimal.h"
#include "render/xlsx.h"
#include "render/xlsxbook.h"

#define N_PROV 2
#define N_INST 4

/* ---- a hand-built model: 2023 (four-dimension method) compared with 2022 ------------------ */

typedef struct fixture {
    rubric rub;
    agg_model model;
    agg_source source;
    agg_year year, lalu;
    agg_provinsi prov[N_PROV], prov_lalu[1];
    agg_instansi inst[N_INST], inst_lalu[3];
    const agg_instansi *prov_inst[N_PROV][N_INST];
    const agg_instansi *ranked[N_INST], *ranked_lalu[3];
    agg_unit units[8], units_lalu[3];
    cmp_entry entries[5];
    cmp_result cmp;
    render_ctx ctx;
    char dir[64];
} fixture;

static void stats_add(agg_stats *st, const agg_year *y, dec_t v, int band_index, dec_t *sum)
{
    if (st->n == 0 || v < st->min)
        st->min = v;
    if (st->n == 0 || v > st->max)
        st->max = v;
    st->n++;
    st->zona[y->rubric->band[band_index].zona]++;
    st->kategori[band_index]++;
    *sum += v;
    st->mean = dec_mean(*sum, (int64_t)st->n);
}

static void classify(const rubric *r, dec_t v, const rubric_band **band, int *index)
{
    *band = rubric_classify(r, v);
    *index = (int)(*band - r->band);
}

/* One unit with four components summing to its nilai. */
static agg_unit *add_unit(fixture *f, agg_unit *u, agg_instansi *in, const char *nama,
                          const dec_t comp[4])
{
    memset(u, 0, sizeof(*u));
    u->nama = nama;
    u->key = nama;
    u->slug = nama;
    u->instansi = in;
    for (int k = 0; k < 4; k++) {
        u->comp[k] = comp[k];
        u->nilai += comp[k];
    }
    u->comp_mask = 0xF;
    classify(&f->rub, u->nilai, &u->band, &u->band_index);
    return u;
}

static void set_inst(fixture *f, agg_instansi *in, const agg_provinsi *p, const char *nama,
                     const char *kode, names_jenis j, agg_unit *units, size_t n_units, dec_t resmi)
{
    memset(in, 0, sizeof(*in));
    in->nama = in->nama_asli = in->tempat = nama;
    in->nama_resmi = nama;
    in->key = in->nama_key = in->slug = nama;
    in->kode = kode;
    in->jenis = j;
    in->provinsi = p;
    in->units = units;
    in->n_units = n_units;
    dec_t sum = 0, comp_sum[4] = {0};
    for (size_t i = 0; i < n_units; i++) {
        units[i].peringkat = (int)i + 1;
        stats_add(&in->unit_stats, &f->year, units[i].nilai, units[i].band_index, &sum);
        for (int k = 0; k < 4; k++)
            comp_sum[k] += units[i].comp[k];
    }
    if (n_units) {
        in->ada_rerata = true;
        in->rerata = dec_mean(sum, (int64_t)n_units);
        in->comp_mask = 0xF;
        for (int k = 0; k < 4; k++)
            in->comp[k] = dec_mean(comp_sum[k], (int64_t)n_units);
    }
    in->nilai_resmi = resmi > 0;
    in->nilai = resmi > 0 ? resmi : in->rerata;
    classify(&f->rub, in->nilai, &in->band, &in->band_index);
}

static void set_prov(agg_provinsi *p, const char *nama, const char *key, const char *slug,
                     bool pusat)
{
    memset(p, 0, sizeof(*p));
    p->nama = nama;
    p->key = key;
    p->slug = slug;
    p->pusat = pusat;
}

static void finish_prov(fixture *f, agg_year *y, agg_provinsi *p, const agg_instansi **list,
                        size_t n)
{
    dec_t sum = 0, usum = 0, jsum[JENIS_COUNT] = {0};
    p->instansi = list;
    p->n_instansi = n;
    for (size_t i = 0; i < n; i++) {
        stats_add(&p->instansi_stats, y, list[i]->nilai, list[i]->band_index, &sum);
        stats_add(&p->per_jenis[list[i]->jenis], y, list[i]->nilai, list[i]->band_index,
                  &jsum[list[i]->jenis]);
        if (list[i]->jenis == JENIS_PROVINSI)
            p->pemprov = list[i];
        for (size_t u = 0; u < list[i]->n_units; u++)
            stats_add(&p->unit_stats, y, list[i]->units[u].nilai, list[i]->units[u].band_index,
                      &usum);
    }
    p->nilai = p->instansi_stats.mean;
    classify(&f->rub, p->nilai, &p->band, &p->band_index);
}

static void finish_year(agg_year *y)
{
    dec_t sum = 0, usum = 0, jsum[JENIS_COUNT] = {0};
    for (size_t i = 0; i < y->n_instansi; i++) {
        const agg_instansi *in = &y->instansi[i];
        stats_add(&y->nasional, y, in->nilai, in->band_index, &sum);
        stats_add(&y->per_jenis[in->jenis], y, in->nilai, in->band_index, &jsum[in->jenis]);
        for (size_t u = 0; u < in->n_units; u++) {
            stats_add(&y->nasional_units, y, in->units[u].nilai, in->units[u].band_index, &usum);
            y->n_units++;
        }
    }
}

static const char *const HYPER = "=HYPERLINK(\"http://contoh.invalid\",\"klik\")";

static void build(fixture *f)
{
    memset(f, 0, sizeof(*f));
    kp_error err;
    assert_int_equal(
        rubric_load(KP_SOURCE_DIR "/templates/rubrik/ombudsman-2022.ini", &f->rub, &err), KP_OK);
    f->year.tahun = 2023;
    f->year.rubric = &f->rub;
    f->lalu.tahun = 2022;
    f->lalu.rubric = &f->rub;

    set_prov(&f->prov[0], "Kalimantan Selatan", "kalimantan selatan", "kalimantan-selatan", false);
    set_prov(&f->prov[1], "Pusat", "pusat", "pusat", true);
    agg_unit *u = f->units;
    /* Barito Kuala: (90,00 + 85,18) / 2 = 87,59 (B, hijau). */
    add_unit(f, &u[0], &f->inst[0], "Dinas Kependudukan dan Pencatatan Sipil",
             (dec_t[]){2000, 3000, 2000, 2000});
    add_unit(f, &u[1], &f->inst[0], "RSUD H. Abdul Aziz", (dec_t[]){2000, 3000, 2000, 1518});
    set_inst(f, &f->inst[0], &f->prov[0], "Kabupaten Barito Kuala", "63.04", JENIS_KABUPATEN, &u[0],
             2, 0);
    /* Banjarbaru: official 92,00 (A) while its units average 76,75. */
    add_unit(f, &u[2], &f->inst[1], "DPMPTSP", (dec_t[]){2100, 3200, 2400, 1600});
    add_unit(f, &u[3], &f->inst[1], "Dinas Kesehatan", (dec_t[]){1500, 2000, 1500, 1050});
    set_inst(f, &f->inst[1], &f->prov[0], "Kota Banjarbaru", "63.72", JENIS_KOTA, &u[2], 2, 9200);
    add_unit(f, &u[4], &f->inst[2], "Dinas Sosial", (dec_t[]){1000, 1500, 1000, 1000});
    set_inst(f, &f->inst[2], &f->prov[0], "Provinsi Kalimantan Selatan", "63", JENIS_PROVINSI,
             &u[4], 1, 0);
    add_unit(f, &u[5], &f->inst[3], "Biro Umum", (dec_t[]){2000, 2800, 1500, 1500});
    set_inst(f, &f->inst[3], &f->prov[1], HYPER, NULL, JENIS_KEMENTERIAN, &u[5], 1, 0);
    f->inst[0].peringkat_nasional = 1;
    f->inst[0].n_peringkat_nasional = 1;
    f->inst[0].peringkat_provinsi = 2;
    f->inst[0].n_peringkat_provinsi = 2;
    f->inst[1].peringkat_nasional = 1;
    f->inst[1].n_peringkat_nasional = 1;
    f->inst[1].peringkat_provinsi = 1;
    f->inst[1].n_peringkat_provinsi = 2;

    for (int i = 0; i < 3; i++)
        f->prov_inst[0][i] = &f->inst[i];
    f->prov_inst[1][0] = &f->inst[3];
    f->year.provinsi = f->prov;
    f->year.n_provinsi = N_PROV;
    f->year.instansi = f->inst;
    f->year.n_instansi = N_INST;
    finish_prov(f, &f->year, &f->prov[0], f->prov_inst[0], 3);
    finish_prov(f, &f->year, &f->prov[1], f->prov_inst[1], 1);
    f->ranked[0] = &f->inst[1]; /* 92,00 */
    f->ranked[1] = &f->inst[0]; /* 87,59 */
    f->ranked[2] = &f->inst[3]; /* 78,00 */
    f->ranked[3] = &f->inst[2]; /* 45,00 */
    f->year.ranked = f->ranked;
    finish_year(&f->year);

    /* 2022: Barito Kuala 80,00, Banjarbaru 95,00, Tapin 50,00 (gone in 2023). */
    set_prov(&f->prov_lalu[0], "Kalimantan Selatan", "kalimantan selatan", "kalimantan-selatan",
             false);
    add_unit(f, &f->units_lalu[0], &f->inst_lalu[0], "Disdukcapil",
             (dec_t[]){2000, 3000, 1500, 1500});
    set_inst(f, &f->inst_lalu[0], &f->prov_lalu[0], "Kabupaten Barito Kuala", "63.04",
             JENIS_KABUPATEN, &f->units_lalu[0], 1, 0);
    add_unit(f, &f->units_lalu[1], &f->inst_lalu[1], "DPMPTSP", (dec_t[]){2000, 3200, 2300, 2000});
    set_inst(f, &f->inst_lalu[1], &f->prov_lalu[0], "Kota Banjarbaru", "63.72", JENIS_KOTA,
             &f->units_lalu[1], 1, 0);
    add_unit(f, &f->units_lalu[2], &f->inst_lalu[2], "Dinas Sosial",
             (dec_t[]){1000, 1500, 1500, 1000});
    set_inst(f, &f->inst_lalu[2], &f->prov_lalu[0], "Kabupaten Tapin", "63.05", JENIS_KABUPATEN,
             &f->units_lalu[2], 1, 0);
    f->inst_lalu[1].peringkat_nasional = 1;
    f->inst_lalu[0].peringkat_nasional = 1;
    f->inst_lalu[2].peringkat_nasional = 2;
    const agg_instansi *pl[3] = {&f->inst_lalu[0], &f->inst_lalu[1], &f->inst_lalu[2]};
    for (int i = 0; i < 3; i++)
        f->ranked_lalu[i] = pl[i];
    f->lalu.provinsi = f->prov_lalu;
    f->lalu.n_provinsi = 1;
    f->lalu.instansi = f->inst_lalu;
    f->lalu.n_instansi = 3;
    f->lalu.ranked = f->ranked_lalu;
    static const agg_instansi *prov_lalu_list[3];
    memcpy(prov_lalu_list, pl, sizeof(pl));
    finish_prov(f, &f->lalu, &f->prov_lalu[0], prov_lalu_list, 3);
    finish_year(&f->lalu);

    cmp_entry *e = f->entries;
    e[0] = (cmp_entry){.kini = &f->inst[0],
                       .lalu = &f->inst_lalu[0],
                       .selisih = 8759 - 8000,
                       .arah_nilai = CMP_NAIK,
                       .gerak_zona = CMP_TETAP,
                       .selisih_peringkat = 0,
                       .banding_kategori = true};
    e[1] = (cmp_entry){.kini = &f->inst[1],
                       .lalu = &f->inst_lalu[1],
                       .selisih = 9200 - 9500,
                       .arah_nilai = CMP_TURUN,
                       .gerak_zona = CMP_TETAP,
                       .banding_kategori = true};
    e[2] = (cmp_entry){.kini = &f->inst[2], .arah_nilai = CMP_BARU, .gerak_zona = CMP_BARU};
    e[3] = (cmp_entry){.kini = &f->inst[3], .arah_nilai = CMP_BARU, .gerak_zona = CMP_BARU};
    e[4] =
        (cmp_entry){.lalu = &f->inst_lalu[2], .arah_nilai = CMP_HILANG, .gerak_zona = CMP_HILANG};
    f->cmp = (cmp_result){.tahun = 2023,
                          .tahun_lalu = 2022,
                          .kini = &f->year,
                          .lalu = &f->lalu,
                          .instansi = e,
                          .n_instansi = 5,
                          .menurut = CMP_MENURUT_ZONA,
                          .kategori_sebanding = true};
    for (int i = 0; i < 5; i++) {
        e[i].perubahan = e[i].gerak_zona; /* both years have zones */
        f->cmp.gerak_zona[e[i].gerak_zona]++;
        f->cmp.perubahan[e[i].perubahan]++;
        f->cmp.arah_nilai[e[i].arah_nilai]++;
    }

    f->source = (agg_source){.path = "/tmp/x/hasil-2023.csv", .rows = 6};
    memset(f->source.sha256, 'a', 64);
    f->model.years = &f->lalu; /* only sources are read from the model */
    f->model.n_years = 1;
    f->model.sources = &f->source;
    f->model.n_sources = 1;

    snprintf(f->dir, sizeof(f->dir), "/tmp/kp-test-xlsx-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    f->ctx = (render_ctx){.model = &f->model,
                          .year = &f->year,
                          .cmp = &f->cmp,
                          .out_dir = f->dir,
                          .version = "0.1.0-test",
                          .epoch = 1700000000};
}

static void cleanup(fixture *f)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
}

/* ---- reading the workbook back ----------------------------------------------------------- */

static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    return fx_run(cmd, NULL);
}

static char *entry(const char *xlsx, const char *name)
{
    return run("unzip -p '%s' '%s'", xlsx, name);
}

typedef struct sst {
    char **s;
    size_t n;
} sst;

static void unescape(char *s)
{
    static const struct {
        const char *ent;
        char c;
    } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    char *w = s;
    for (char *r = s; *r;) {
        size_t i;
        for (i = 0; i < 5; i++)
            if (strncmp(r, ents[i].ent, strlen(ents[i].ent)) == 0)
                break;
        if (i < 5) {
            *w++ = ents[i].c;
            r += strlen(ents[i].ent);
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

/* Text between the <t ...> and </t> following p. */
static char *text_at(const char *p)
{
    const char *t = strstr(p, "<t");
    t = strchr(t, '>') + 1;
    const char *end = strstr(t, "</t>");
    char *s = strndup(t, (size_t)(end - t));
    unescape(s);
    return s;
}

static sst sst_load(const char *xlsx)
{
    sst st = {0};
    char *xml = entry(xlsx, "xl/sharedStrings.xml");
    for (const char *p = strstr(xml, "<si>"); p; p = strstr(p + 1, "<si>")) {
        st.s = realloc(st.s, (st.n + 1) * sizeof(*st.s));
        st.s[st.n++] = text_at(p);
    }
    free(xml);
    return st;
}

static void sst_free(sst *st)
{
    for (size_t i = 0; i < st->n; i++)
        free(st->s[i]);
    free(st->s);
}

typedef struct cell {
    bool found, number, formula;
    char text[512];
} cell;

/* The cell at ref ("K3") of a sheet's XML: its string (shared or inline) or its number. */
static cell cell_at(const char *xml, const sst *st, const char *ref)
{
    cell c = {0};
    char pat[32];
    snprintf(pat, sizeof(pat), "<c r=\"%s\"", ref);
    const char *p = strstr(xml, pat);
    if (!p)
        return c;
    const char *close = strchr(p, '>');
    c.found = true;
    if (close[-1] == '/')
        return c; /* a blank, formatted cell */
    const char *end = strstr(p, "</c>");
    char *body = strndup(p, (size_t)(end - p));
    c.formula = strstr(body, "<f>") != NULL;
    if (strstr(body, "t=\"s\"")) {
        size_t i = strtoul(strstr(body, "<v>") + 3, NULL, 10);
        assert_true(i < st->n);
        snprintf(c.text, sizeof(c.text), "%s", st->s[i]);
    } else if (strstr(body, "t=\"inlineStr\"")) {
        char *t = text_at(body);
        snprintf(c.text, sizeof(c.text), "%s", t);
        free(t);
    } else {
        c.number = !strstr(body, " t=\"");
        const char *v = strstr(body, "<v>") + 3;
        snprintf(c.text, (size_t)(strstr(v, "</v>") - v) + 1, "%s", v);
    }
    free(body);
    return c;
}

static void assert_num(const char *xml, const sst *st, const char *ref, double want)
{
    cell c = cell_at(xml, st, ref);
    if (!c.found || !c.number)
        fail_msg("%s: not a number (found %d, text '%s')", ref, c.found, c.text);
    double got = strtod(c.text, NULL);
    if (got < want - 1e-9 || got > want + 1e-9)
        fail_msg("%s: %s, want %.2f", ref, c.text, want);
}

static void assert_text(const char *xml, const sst *st, const char *ref, const char *want)
{
    cell c = cell_at(xml, st, ref);
    if (!c.found || c.number || c.formula || strcmp(c.text, want) != 0)
        fail_msg("%s: '%s' (number %d, formula %d), want text '%s'", ref, c.text, c.number,
                 c.formula, want);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static char *book_path(const fixture *f)
{
    static char path[256];
    snprintf(path, sizeof(path), "%s/rekap-kepatuhan-2023.xlsx", f->dir);
    return path;
}

/* ---- tests ------------------------------------------------------------------------------- */

static void test_sheets_and_numbers(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    kp_error err;
    assert_int_equal(xlsx_write_rekap(&f.ctx, NULL, &err), KP_OK);
    const char *path = book_path(&f);

    char *wb = entry(path, "xl/workbook.xml");
    const char *names[] = {"Ringkasan", "Provinsi",     "Instansi",
                           "SKPD",      "Perbandingan", "Metodologi"};
    const char *prev = wb;
    for (size_t i = 0; i < 6; i++) {
        char pat[64];
        snprintf(pat, sizeof(pat), "<sheet name=\"%s\"", names[i]);
        const char *at = strstr(wb, pat);
        assert_non_null(at);
        assert_true(at >= prev); /* in this order */
        prev = at;
    }
    assert_non_null(strstr(wb, "_xlnm.Print_Titles"));
    free(wb);

    sst st = sst_load(path);
    /* Instansi: header row 2, data from row 3 in the model's order. */
    char *xml = entry(path, "xl/worksheets/sheet3.xml");
    assert_text(xml, &st, "D2", "Instansi");
    assert_text(xml, &st, "G2", "Input");
    assert_text(xml, &st, "K2", "Nilai");
    assert_text(xml, &st, "D3", "Kabupaten Barito Kuala");
    assert_num(xml, &st, "K3", 87.59);
    assert_num(xml, &st, "M3", 87.59);
    assert_text(xml, &st, "N3", "B");
    assert_text(xml, &st, "P3", "hijau");
    assert_num(xml, &st, "G3", 20.00);
    assert_num(xml, &st, "J3", 17.59); /* mean of 20,00 and 15,18 */
    assert_num(xml, &st, "S3", 2);
    assert_num(xml, &st, "T3", 2);
    assert_text(xml, &st, "D4", "Kota Banjarbaru");
    assert_num(xml, &st, "K4", 92.00);
    assert_text(xml, &st, "L4", "nilai resmi instansi");
    assert_num(xml, &st, "M4", 76.75);
    assert_text(xml, &st, "B4", "63.72");
    assert_text(xml, &st, "P5", "merah");
    /* A name that looks like a formula stays text. */
    assert_text(xml, &st, "D6", HYPER);
    assert_null(strstr(xml, "<f>"));
    /* Scores carry the 0.00 format: every number cell of K has the same style as K3. */
    assert_non_null(strstr(xml, "<conditionalFormatting sqref=\"P3:P6\">"));
    assert_int_equal(count(xml, "<formula>\"hijau\"</formula>"), 1);
    assert_int_equal(count(xml, "<formula>\"kuning\"</formula>"), 1);
    assert_int_equal(count(xml, "<formula>\"merah\"</formula>"), 1);
    assert_non_null(strstr(xml, "ySplit=\"2\" topLeftCell=\"A3\""));
    assert_non_null(strstr(xml, "state=\"frozen\""));
    assert_non_null(strstr(xml, "<autoFilter ref=\"A2:T6\"/>"));
    assert_non_null(strstr(xml, "paperSize=\"9\""));
    assert_non_null(strstr(xml, "orientation=\"landscape\""));
    assert_non_null(strstr(xml, "fitToHeight=\"0\""));
    assert_non_null(strstr(xml, "<pageSetUpPr fitToPage=\"1\"/>"));
    assert_non_null(strstr(xml, "<cols>"));
    free(xml);

    char *styles = entry(path, "xl/styles.xml");
    assert_non_null(strstr(styles, "formatCode=\"0.00\""));
    free(styles);

    /* SKPD: every unit, components and nilai as numbers. */
    xml = entry(path, "xl/worksheets/sheet4.xml");
    assert_text(xml, &st, "E3", "Dinas Kependudukan dan Pencatatan Sipil");
    assert_num(xml, &st, "J3", 90.00);
    assert_num(xml, &st, "I4", 15.18);
    assert_num(xml, &st, "J4", 85.18);
    assert_text(xml, &st, "M6", "kuning");
    assert_num(xml, &st, "J8", 78.00);
    assert_false(cell_at(xml, &st, "A9").found);
    free(xml);

    /* Provinsi: the province's mean of its instansi (87,59 + 92,00 + 45,00) / 3 = 74,86. */
    xml = entry(path, "xl/worksheets/sheet2.xml");
    assert_text(xml, &st, "A3", "Kalimantan Selatan");
    assert_num(xml, &st, "B3", 3);
    assert_num(xml, &st, "C3", 5);
    assert_num(xml, &st, "D3", 74.86);
    assert_text(xml, &st, "G3", "kuning");
    assert_num(xml, &st, "H3", 2);
    free(xml);

    /* Perbandingan: header on row 3 under the title and the note. */
    xml = entry(path, "xl/worksheets/sheet5.xml");
    assert_text(xml, &st, "B4", "Kabupaten Barito Kuala");
    assert_num(xml, &st, "E4", 80.00);
    assert_num(xml, &st, "F4", 87.59);
    assert_num(xml, &st, "G4", 7.59);
    assert_num(xml, &st, "G5", -3.00);
    assert_text(xml, &st, "K4", "\xE2\x96\xB2 naik");
    assert_text(xml, &st, "K5", "\xE2\x96\xBC turun");
    assert_text(xml, &st, "J4", "\xE2\x97\x8F tetap");
    assert_text(xml, &st, "J6", "baru");
    assert_text(xml, &st, "B8", "Kabupaten Tapin");
    assert_text(xml, &st, "J8", "hilang");
    assert_false(cell_at(xml, &st, "F8").found);
    assert_text(xml, &st, "L4", "B");
    assert_non_null(strstr(xml, "ySplit=\"3\""));
    assert_non_null(strstr(xml, "<autoFilter ref=\"A3:P8\"/>"));
    assert_non_null(strstr(xml, "<conditionalFormatting sqref=\"G4:G8\">"));
    assert_non_null(strstr(xml, "operator=\"greaterThan\""));
    assert_non_null(strstr(xml, "operator=\"lessThan\""));
    free(xml);

    /* Ringkasan: charts, movements. */
    char *drawing = entry(path, "xl/drawings/drawing1.xml");
    assert_int_equal(count(drawing, "<xdr:graphicFrame"), 3);
    free(drawing);
    char *chart3 = entry(path, "xl/charts/chart3.xml");
    assert_non_null(strstr(chart3, "<c:barDir val=\"bar\"/>"));
    assert_int_equal(count(chart3, "<c:dPt>"), 3); /* one coloured bar per instansi */
    assert_non_null(strstr(chart3, "2E7D32"));
    assert_non_null(strstr(chart3, "C62828"));
    free(chart3);
    char *chart1 = entry(path, "xl/charts/chart1.xml");
    assert_non_null(strstr(chart1, "<c:grouping val=\"stacked\"/>"));
    free(chart1);

    /* Metodologi: rubric, the input file and its checksum, the version. */
    xml = entry(path, "xl/worksheets/sheet6.xml");
    free(xml);
    bool have_sha = false, have_ver = false, have_file = false;
    for (size_t i = 0; i < st.n; i++) {
        have_sha |= strspn(st.s[i], "a") == 64;
        have_ver |= strcmp(st.s[i], "0.1.0-test") == 0;
        have_file |= strcmp(st.s[i], "hasil-2023.csv") == 0;
    }
    assert_true(have_sha && have_ver && have_file);

    char *core = entry(path, "docProps/core.xml");
    assert_non_null(strstr(core, "<dc:creator>Ombudsman Republik Indonesia</dc:creator>"));
    assert_non_null(strstr(core, "2023-11-14T22:13:20Z"));
    free(core);
    char *app = entry(path, "docProps/app.xml");
    assert_non_null(strstr(app, "<Company>Ombudsman Republik Indonesia</Company>"));
    free(app);

    sst_free(&st);
    cleanup(&f);
}

static void test_reproducible(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    kp_error err;
    char first[300];
    /* Both ways of writing: in memory, and through constant-memory temporary files. */
    const xlsx_options opts[] = {{0}, {.constant_memory_rows = 1}};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(xlsx_write_rekap(&f.ctx, &opts[i], &err), KP_OK);
        snprintf(first, sizeof(first), "%s.1", book_path(&f));
        assert_int_equal(rename(book_path(&f), first), 0);
        sleep(2); /* a clock-dependent timestamp would now differ */
        assert_int_equal(xlsx_write_rekap(&f.ctx, &opts[i], &err), KP_OK);
        char *out = run("cmp '%s' '%s' && echo same", first, book_path(&f));
        assert_string_equal(out, "same\n");
        free(out);
    }
    cleanup(&f);
}

/* Splitting a level across numbered sheets, and the constant-memory path. */
static void test_split_constant_memory(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    f.ctx.cmp = NULL;
    kp_error err;
    /* 4 rows per sheet: title, header and two units. */
    xlsx_options opt = {.max_sheet_rows = 4, .constant_memory_rows = 1};
    assert_int_equal(xlsx_write_rekap(&f.ctx, &opt, &err), KP_OK);
    const char *path = book_path(&f);
    char *wb = entry(path, "xl/workbook.xml");
    assert_non_null(strstr(wb, "<sheet name=\"SKPD\""));
    assert_non_null(strstr(wb, "<sheet name=\"SKPD (2)\""));
    assert_non_null(strstr(wb, "<sheet name=\"SKPD (3)\""));
    assert_null(strstr(wb, "<sheet name=\"SKPD (4)\""));
    assert_non_null(strstr(wb, "<sheet name=\"Instansi (2)\""));
    assert_null(strstr(wb, "Perbandingan"));
    free(wb);
    sst st = {0};
    /* Sheets: Ringkasan, Provinsi, Instansi, Instansi (2), SKPD, SKPD (2), SKPD (3). */
    const double want[] = {90.00, 85.18, 93.00, 60.50, 45.00, 78.00};
    for (int part = 0; part < 3; part++) {
        char name[64];
        snprintf(name, sizeof(name), "xl/worksheets/sheet%d.xml", 5 + part);
        char *xml = entry(path, name);
        assert_non_null(strstr(xml, "t=\"inlineStr\"")); /* constant memory: inline strings */
        assert_text(xml, &st, "A2", "Provinsi");
        assert_non_null(strstr(xml, "<autoFilter ref=\"A2:O4\"/>"));
        assert_non_null(strstr(xml, "ySplit=\"2\""));
        assert_num(xml, &st, "J3", want[part * 2]);
        assert_num(xml, &st, "J4", want[part * 2 + 1]);
        assert_false(cell_at(xml, &st, "A5").found);
        free(xml);
    }
    cleanup(&f);
}

static void test_per_provinsi_and_shard(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    kp_error err;
    xlsx_options opt = {.per_provinsi = true, .author = "Perwakilan Kalimantan Selatan"};
    assert_int_equal(xlsx_write_rekap(&f.ctx, &opt, &err), KP_OK);
    char path[300];
    snprintf(path, sizeof(path), "%s/provinsi/rekap-kepatuhan-2023-kalimantan-selatan.xlsx", f.dir);
    sst st = sst_load(path);
    char *xml = entry(path, "xl/worksheets/sheet3.xml");
    assert_text(xml, &st, "D5", "Provinsi Kalimantan Selatan");
    assert_false(cell_at(xml, &st, "D6").found);
    free(xml);
    /* Perbandingan holds the province's entries, the gone Tapin included. */
    xml = entry(path, "xl/worksheets/sheet5.xml");
    assert_text(xml, &st, "B7", "Kabupaten Tapin");
    assert_false(cell_at(xml, &st, "B8").found);
    free(xml);
    char *core = entry(path, "docProps/core.xml");
    assert_non_null(strstr(core, "Perwakilan Kalimantan Selatan"));
    free(core);
    sst_free(&st);
    snprintf(path, sizeof(path), "%s/provinsi/rekap-kepatuhan-2023-pusat.xlsx", f.dir);
    assert_int_equal(access(path, R_OK), 0);

    /* A shard renders its province only, in the main workbook too. */
    f.ctx.provinsi = &f.prov[1];
    assert_int_equal(xlsx_write_rekap(&f.ctx, NULL, &err), KP_OK);
    st = sst_load(book_path(&f));
    xml = entry(book_path(&f), "xl/worksheets/sheet3.xml");
    assert_text(xml, &st, "D3", HYPER);
    assert_false(cell_at(xml, &st, "D4").found);
    free(xml);
    xml = entry(book_path(&f), "xl/worksheets/sheet2.xml");
    assert_text(xml, &st, "A3", "Pusat");
    assert_false(cell_at(xml, &st, "A4").found);
    free(xml);
    sst_free(&st);
    cleanup(&f);
}

static void test_method_change_note(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    f.cmp.beda_metode = true;
    f.cmp.kategori_sebanding = false;
    snprintf(f.cmp.alasan, sizeof(f.cmp.alasan), "Metode penilaian berubah pada 2022.");
    for (int i = 0; i < 5; i++)
        f.entries[i].banding_kategori = false;
    kp_error err;
    assert_int_equal(xlsx_write_rekap(&f.ctx, NULL, &err), KP_OK);
    sst st = sst_load(book_path(&f));
    char *xml = entry(book_path(&f), "xl/worksheets/sheet5.xml");
    assert_text(xml, &st, "A2",
                "Catatan: kategori tidak dibandingkan. Metode penilaian berubah pada 2022.");
    assert_false(cell_at(xml, &st, "L4").found);
    assert_false(cell_at(xml, &st, "M4").found);
    assert_text(xml, &st, "I4", "hijau");
    free(xml);
    sst_free(&st);
    cleanup(&f);
}

/* ---- 2025: the Opini method, built by the model from the shipped rubrics -------------------- */

typedef struct opini {
    rubric_set rubrics;
    rows_data *d;
    agg_model *m;
    cmp_result *c;
    agg_source source;
    render_ctx ctx;
    char dir[64], path[128];
} opini;

static void opini_build(opini *o)
{
    memset(o, 0, sizeof(*o));
    kp_error err;
    assert_int_equal(rubric_set_load_dir(&o->rubrics, KP_SOURCE_DIR "/templates/rubrik", &err),
                     KP_OK);
    rows_data *d = o->d = rows_data_new();
    const char *su = "Sulawesi Utara", *mu = "Maluku Utara";
    fx_row(d, 2024, su, NULL, "Kabupaten Bolaang Mongondow", JENIS_KABUPATEN, NULL, 7050);
    fx_row(d, 2024, mu, NULL, "Kabupaten Pulau Morotai", JENIS_KABUPATEN, NULL, 5600);
    fx_row(d, 2025, su, NULL, "Kabupaten Bolaang Mongondow", JENIS_KABUPATEN, "Dinas Sosial", 8683)
        ->gerbang = RUBRIC_GERBANG_YA;
    fx_row(d, 2025, su, NULL, "Kabupaten Bolaang Mongondow", JENIS_KABUPATEN, "Dinas Pendidikan",
           8580);
    fx_row(d, 2025, su, NULL, "Kabupaten Bolaang Mongondow", JENIS_KABUPATEN,
           "RSUD Datoe Binangkang", 8290);
    fx_row(d, 2025, mu, NULL, "Kabupaten Halmahera Utara", JENIS_KABUPATEN, "RSUD Tobelo", 6963);
    fx_row(d, 2025, mu, NULL, "Kabupaten Kepulauan Sula", JENIS_KABUPATEN, NULL, 5761)->gerbang =
        RUBRIC_GERBANG_YA;
    fx_row(d, 2025, mu, NULL, "Kabupaten Pulau Morotai", JENIS_KABUPATEN, NULL, 5338)->gerbang =
        RUBRIC_GERBANG_TIDAK;
    fx_row(d, 2025, mu, NULL, "Kantor Imigrasi Ternate", JENIS_VERTIKAL, NULL, 8010);
    fx_row(d, 2025, "Gorontalo", NULL, "Lapas Gorontalo", JENIS_VERTIKAL, NULL, 8500);
    assert_int_equal(agg_build(d, &o->rubrics, &o->m, &err), KP_OK);
    assert_int_equal(cmp_build(o->m, 2025, 2024, NULL, &o->c, &err), KP_OK);
    snprintf(o->dir, sizeof(o->dir), "/tmp/kp-test-xlsx-XXXXXX");
    assert_non_null(mkdtemp(o->dir));
    o->ctx = (render_ctx){.model = o->m,
                          .year = agg_year_find(o->m, 2025),
                          .cmp = o->c,
                          .out_dir = o->dir,
                          .version = "0.1.0-test",
                          .epoch = 1700000000};
    snprintf(o->path, sizeof(o->path), "%s/rekap-kepatuhan-2025.xlsx", o->dir);
}

static void opini_free(opini *o)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", o->dir);
    assert_int_equal(system(cmd), 0);
    cmp_free(o->c);
    agg_free(o->m);
    rows_data_free(o->d);
    rubric_set_free(&o->rubrics);
}

/* Every part of the workbook, concatenated. */
static char *all_parts(const char *xlsx)
{
    return run("unzip -p '%s'", xlsx);
}

static void test_opini_2025(void **state)
{
    (void)state;
    opini o;
    opini_build(&o);
    kp_error err;
    assert_int_equal(xlsx_write_rekap(&o.ctx, NULL, &err), KP_OK);

    /* Zones are gone from the method: no word of them anywhere in the file. */
    char *all = all_parts(o.path);
    assert_true(strlen(all) > 1000);
    for (char *p = all; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    static const char *const gone[] = {"hijau", "kuning", "merah", "zona"};
    for (size_t i = 0; i < 4; i++)
        if (strstr(all, gone[i])) {
            const char *at = strstr(all, gone[i]);
            fail_msg("'%s' in the 2025 workbook: ...%.80s", gone[i], at - all > 40 ? at - 40 : all);
        }
    free(all);

    char *wb = entry(o.path, "xl/workbook.xml");
    const char *names[] = {"Ringkasan", "Provinsi",     "Instansi",  "Instansi Vertikal",
                           "SKPD",      "Perbandingan", "Metodologi"};
    const char *prev = wb;
    for (size_t i = 0; i < 7; i++) {
        char pat[64];
        snprintf(pat, sizeof(pat), "<sheet name=\"%s\"", names[i]);
        const char *at = strstr(wb, pat);
        if (!at || at < prev)
            fail_msg("sheet %s missing or out of order", names[i]);
        prev = at;
    }
    free(wb);

    sst st = sst_load(o.path);
    char *xml = entry(o.path, "xl/worksheets/sheet1.xml"); /* Ringkasan */
    assert_text(xml, &st, "A1", "Rekap Opini Ombudsman RI (Penilaian Maladministrasi) 2025");
    assert_text(xml, &st, "A7", "Instansi dinilai");
    assert_num(xml, &st, "B7", 4);
    assert_text(xml, &st, "A8", "Kantor vertikal dinilai (tidak termasuk instansi)");
    assert_num(xml, &st, "B8", 2);
    assert_text(xml, &st, "A10", "Instansi Tanpa Maladministrasi");
    assert_num(xml, &st, "B10", 2);
    assert_text(xml, &st, "A11", "Unit layanan dalam pembinaan (nilai di bawah 78,00)");
    assert_num(xml, &st, "B11", 1);
    /* Categories where the zones were, coloured by their letter. */
    assert_non_null(strstr(xml, "<formula>\"A\"</formula>"));
    assert_non_null(strstr(xml, "<formula>\"E\"</formula>"));
    free(xml);
    /* The opinion counts, with and without the gate. */
    bool tinggi_tm = false, sedang = false, rendah = false;
    for (size_t i = 0; i < st.n; i++) {
        tinggi_tm |= !strcmp(st.s[i], "Opini Kualitas Tinggi Tanpa Maladministrasi");
        sedang |= !strcmp(st.s[i], "Opini Kualitas Sedang");
        rendah |= !strcmp(st.s[i], "Opini Kualitas Rendah");
    }
    assert_true(tinggi_tm && sedang && rendah);
    char *styles = entry(o.path, "xl/styles.xml");
    assert_non_null(strstr(styles, "FF2E7D32")); /* A: dark green */
    assert_non_null(strstr(styles, "FFFCD5B4")); /* D: orange */
    free(styles);

    /* Instansi: predikat, opini, the gate (Ya / Tidak / dash), units in coaching. */
    xml = entry(o.path, "xl/worksheets/sheet3.xml");
    assert_text(xml, &st, "K2", "Predikat");
    assert_text(xml, &st, "L2", "Opini");
    assert_text(xml, &st, "M2", "Tanpa Maladministrasi");
    assert_text(xml, &st, "N2", "Unit dalam pembinaan");
    assert_text(xml, &st, "D3", "Kabupaten Halmahera Utara");
    assert_text(xml, &st, "L3", "Opini Kualitas Sedang");
    assert_text(xml, &st, "M3", "\xE2\x80\x93");
    assert_num(xml, &st, "N3", 1);
    assert_text(xml, &st, "M5", "Tidak");
    assert_text(xml, &st, "D6", "Kabupaten Bolaang Mongondow");
    assert_num(xml, &st, "G6", 85.18);
    assert_text(xml, &st, "J6", "B");
    assert_text(xml, &st, "K6", "Kualitas Tinggi");
    assert_text(xml, &st, "L6", "Opini Kualitas Tinggi Tanpa Maladministrasi");
    assert_text(xml, &st, "M6", "Ya");
    assert_false(cell_at(xml, &st, "D7").found); /* vertical offices are on their own sheet */
    free(xml);

    /* Vertical offices: a unit's label, ranked among themselves. */
    xml = entry(o.path, "xl/worksheets/sheet4.xml");
    assert_text(xml, &st, "B3", "Lapas Gorontalo");
    assert_text(xml, &st, "E3", "Baik");
    assert_text(xml, &st, "B4", "Kantor Imigrasi Ternate");
    assert_num(xml, &st, "C4", 80.10);
    assert_num(xml, &st, "F4", 2);
    free(xml);

    /* SKPD: the unit's label and coaching. */
    xml = entry(o.path, "xl/worksheets/sheet5.xml");
    assert_text(xml, &st, "H2", "Predikat");
    assert_text(xml, &st, "I2", "Pembinaan");
    assert_text(xml, &st, "E3", "RSUD Tobelo");
    assert_text(xml, &st, "H3", "Cukup");
    assert_text(xml, &st, "I3", "Ya");
    assert_text(xml, &st, "H4", "Baik");
    assert_text(xml, &st, "I4", "Tidak");
    free(xml);

    /* Provinsi: Gorontalo (vertical offices only) has no row; counts by category. */
    xml = entry(o.path, "xl/worksheets/sheet2.xml");
    assert_text(xml, &st, "A3", "Maluku Utara");
    assert_num(xml, &st, "B3", 3);
    assert_text(xml, &st, "G2", "Instansi kategori A");
    assert_num(xml, &st, "I3", 2); /* C: Halmahera Utara, Sula */
    assert_text(xml, &st, "L2", "Instansi Tanpa Maladministrasi");
    assert_num(xml, &st, "L3", 1);
    assert_text(xml, &st, "A4", "Sulawesi Utara");
    assert_false(cell_at(xml, &st, "A5").found);
    free(xml);

    /* Perbandingan: across the change of method, by category. */
    xml = entry(o.path, "xl/worksheets/sheet6.xml");
    assert_text(xml, &st, "A2",
                "Catatan: metode berubah: Penilaian Kepatuhan 2022-2024 (empat dimensi) -> Opini "
                "Ombudsman RI (Penilaian Maladministrasi); dibandingkan menurut kategori.");
    assert_text(xml, &st, "H3", "Kategori lalu");
    assert_text(xml, &st, "J3", "Perubahan kategori");
    assert_text(xml, &st, "B7", "Kabupaten Pulau Morotai");
    assert_text(xml, &st, "H7", "C");
    assert_text(xml, &st, "I7", "D");
    assert_text(xml, &st, "J7", "\xE2\x96\xBC turun");
    assert_text(xml, &st, "B9", "Kabupaten Bolaang Mongondow");
    assert_text(xml, &st, "J9", "\xE2\x96\xB2 naik");
    assert_text(xml, &st, "L9", "Opini Kualitas Tinggi Tanpa Maladministrasi");
    free(xml);

    /* Metodologi: the method from the rubric, its labels, and what is not certain. */
    bool sumber = false, unit = false, ragu = false, bobot = false, bina = false;
    for (size_t i = 0; i < st.n; i++) {
        sumber |=
            strstr(st.s[i], "Peraturan Ombudsman Republik Indonesia Nomor 61 Tahun 2025") != NULL;
        unit |= !strcmp(st.s[i], "Sangat Kurang");
        ragu |= strstr(st.s[i], "disimpulkan dari metode sebelumnya (Penilaian Kepatuhan "
                                "2022-2024 (empat dimensi), dengan batas yang sama)") != NULL;
        bobot |= strstr(st.s[i], "bobotnya tidak dipublikasikan") != NULL;
        bina |= strstr(st.s[i], "0,00 sampai 77,99 mendapat pembinaan") != NULL;
    }
    assert_true(sumber && unit && ragu && bobot && bina);

    /* The bar chart of the largest region coloured by category: C yellow, D orange. */
    char *chart = entry(o.path, "xl/charts/chart3.xml");
    assert_non_null(strstr(chart, "F9A825"));
    assert_non_null(strstr(chart, "EF6C00"));
    free(chart);
    sst_free(&st);
    opini_free(&o);
}

static void test_io_error(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    f.ctx.out_dir = "/nonexistent/kp-xlsx";
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(xlsx_write_rekap(&f.ctx, NULL, &err), KP_ERR_IO);
    assert_string_equal(err.file, "/nonexistent/kp-xlsx/rekap-kepatuhan-2023.xlsx");
    assert_string_equal(err.msg, "berkas tidak dapat ditulis: folder tujuannya tidak ada");
    cleanup(&f);
}

static void test_text_width(void **state)
{
    (void)state;
    /* Characters, not bytes: "Zona Hijau ▲" is 12 characters in 14 bytes. */
    assert_true(xlsxbook_text_width("Zona Hijau \xE2\x96\xB2") == 12 * 1.1 + 2.0);
    assert_true(xlsxbook_text_width("") == 2.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheets_and_numbers),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_split_constant_memory),
        cmocka_unit_test(test_per_provinsi_and_shard),
        cmocka_unit_test(test_method_change_note),
        cmocka_unit_test(test_opini_2025),
        cmocka_unit_test(test_io_error),
        cmocka_unit_test(test_text_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
