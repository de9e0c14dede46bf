#include "cli/muat.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "model/names.h"
#include "render/layout.h"
#include "util/cp1252.h"
#include "util/hmap.h"

/* The documents a name is measured on, and which of a row's names fill which field. */
enum { K_RAPOR, K_RAPOR_SKPD, K_PIAGAM, K_PIAGAM_SKPD, K_COUNT };

static const char *const kind_path[K_COUNT] = {"rapor/instansi", "rapor/skpd", "piagam/instansi",
                                               "piagam/skpd"};

typedef struct doc_slot {
    layout_template *t;
    layout_doc *d;
} doc_slot;

typedef struct muat {
    const cli_options *o;
    const char *templat, *fonts;
    bool want[K_COUNT];
    doc_slot slot[K_COUNT][2]; /* [kind][the year's method gives an opinion: *-opini.ini] */
    hmap *told[2];             /* names already measured, [on the opinion templates] */
    diag_list *diags;
} muat;

static kp_status slot_get(muat *m, int k, bool opini, layout_doc **out, kp_error *err)
{
    doc_slot *s = &m->slot[k][opini];
    if (!s->d) {
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s%s.ini", m->templat, kind_path[k],
                     opini ? "-opini" : "") >= (int)sizeof path)
            return kp_error_set(err, KP_ERR_IO, m->templat, 0, 0, "nama folder terlalu panjang");
        kp_status st = layout_template_load(path, m->fonts, NULL, &s->t, err);
        if (st == KP_OK)
            st = layout_doc_new(s->t, &s->d, err);
        if (st != KP_OK)
            return st;
    }
    *out = s->d;
    return KP_OK;
}

/* Where a name was written: the cell its errors name. */
typedef struct place {
    const char *file, *sheet;
    uint32_t line;
    int col;
} place;

/* Measures one name (what = its column's name) put in for field on document kind k. */
static kp_status measure(muat *m, const place *at, const char *what, const char *shown, int k,
                         bool opini, const char *field, const char *value, bool *told,
                         kp_error *err)
{
    if (*told || !m->want[k])
        return KP_OK;
    layout_doc *d = NULL;
    kp_status st = slot_get(m, k, opini, &d, err);
    if (st != KP_OK)
        return st;
    bool fits;
    char why[512];
    kp_error ferr;
    kp_error_clear(&ferr);
    st = layout_field_fits(d, field, value, &fits, why, sizeof why, &ferr);
    if (st == KP_ERR_IO)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "%s", ferr.msg);
    if (st == KP_ERR_DATA) {
        /* A glyph the template's font lacks: said here, at the cell. */
        *told = true;
        diag_add_in(m->diags, DIAG_ERROR, at->file, at->sheet, (int)at->line, at->col,
                    "%s \"%.80s\": %s", what, shown, ferr.msg);
    } else if (!fits) {
        *told = true;
        diag_add_in(m->diags, DIAG_ERROR, at->file, at->sheet, (int)at->line, at->col,
                    "%s \"%.80s%s\": nama \"%.80s%s\" %s; singkat namanya (sebagaimana tertulis "
                    "di dokumen resmi instansi)",
                    what, shown, strlen(shown) > 80 ? "..." : "", value,
                    strlen(value) > 80 ? "..." : "", why);
    }
    return KP_OK;
}

/* A name is told once, however many documents or rows it would overflow. */
static kp_status first_time(muat *m, bool opini, const char *name, bool *first, kp_error *err)
{
    if (!m->told[opini] && !(m->told[opini] = hmap_new(16)))
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    if (!hmap_puts(m->told[opini], name, first))
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    return KP_OK;
}

/* The instansi's documents: kind and field of each use of its formal name. */
static const struct {
    int k;
    const char *field;
} inst_uses[] = {{K_RAPOR, "instansi"},
                 {K_PIAGAM, "instansi"},
                 {K_PIAGAM, "penerima"},
                 {K_RAPOR_SKPD, "instansi"},
                 {K_PIAGAM_SKPD, "instansi"}};

/* A unit's documents: its report card and its certificate (as its name and as recipient). */
static const struct {
    int k;
    const char *field;
} unit_uses[] = {{K_RAPOR_SKPD, "unit"}, {K_PIAGAM_SKPD, "skpd"}, {K_PIAGAM_SKPD, "penerima"}};

static kp_status check_row(muat *m, const rows_data *d, const rows_row *row,
                           const rubric_set *rubrics, bool new_inst, bool new_unit, kp_error *err)
{
    const rubric *r = rubric_set_for_year(rubrics, row->tahun);
    bool opini = r && r->opini[0];
    const rows_file *f = rows_file_of(d, row->file);
    place at = {row->file, f ? f->sheet : NULL, row->line, 0};
    kp_status st = KP_OK;
    bool first = false, told = false;
    /* Names the documents cannot print at all are check_printable's to report. */
    if (new_inst && !cp1252_unprintable(row->instansi) &&
        (st = first_time(m, false, row->instansi, &first, err)) == KP_OK && first) {
        char formal[1024];
        names_formal(row->instansi, (names_jenis)row->jenis, formal, sizeof formal);
        at.col = f ? f->col_instansi : 0;
        for (size_t i = 0; st == KP_OK && i < sizeof inst_uses / sizeof *inst_uses; i++)
            if (inst_uses[i].k == K_RAPOR || inst_uses[i].k == K_PIAGAM || row->skpd)
                st = measure(m, &at, "instansi", row->instansi, inst_uses[i].k, opini,
                             inst_uses[i].field, formal, &told, err);
    }
    told = false;
    if (st == KP_OK && new_unit && row->skpd && !cp1252_unprintable(row->skpd) &&
        (st = first_time(m, false, row->skpd, &first, err)) == KP_OK && first) {
        at.col = f ? f->col_skpd : 0;
        for (size_t i = 0; st == KP_OK && i < sizeof unit_uses / sizeof *unit_uses; i++)
            st = measure(m, &at, "skpd", row->skpd, unit_uses[i].k, opini, unit_uses[i].field,
                         row->skpd, &told, err);
    }
    return st;
}

static void muat_release(muat *m)
{
    for (int k = 0; k < K_COUNT; k++)
        for (int v = 0; v < 2; v++) {
            layout_doc_free(m->slot[k][v].d);
            layout_template_free(m->slot[k][v].t);
        }
    hmap_free(m->told[0]);
    hmap_free(m->told[1]);
}

kp_status muat_check_rows(const rows_data *d, const cli_options *o, const char *templat,
                          const char *fonts, const rubric_set *rubrics, diag_list *diags,
                          kp_error *err)
{
    muat m = {.o = o, .templat = templat, .fonts = fonts, .diags = diags};
    bool semua = o->piagam && strcmp(o->piagam, "semua") == 0;
    const char *tingkat = o->piagam_tingkat ? o->piagam_tingkat : "instansi";
    m.want[K_RAPOR] = o->rapor;
    m.want[K_RAPOR_SKPD] = o->rapor_skpd;
    m.want[K_PIAGAM] = semua && strcmp(tingkat, "skpd") != 0;
    m.want[K_PIAGAM_SKPD] = semua && strcmp(tingkat, "instansi") != 0;
    kp_status st = KP_OK;
    const char *last_inst = NULL, *last_unit = NULL;
    /* Rows come grouped: a name is looked at again only when it differs from the row
     * before's (the names are interned). */
    for (size_t i = 0; st == KP_OK && i < d->n_rows; i++) {
        const rows_row *row = &d->rows[i];
        bool new_inst = row->instansi && row->instansi != last_inst;
        bool new_unit = row->skpd && row->skpd != last_unit;
        last_inst = row->instansi;
        last_unit = row->skpd;
        if (new_inst || new_unit)
            st = check_row(&m, d, row, rubrics, new_inst, new_unit, err);
    }
    muat_release(&m);
    return st;
}

/*
 * Where the first row naming the instansi (or unit) is, and in which column. The model holds
 * its own copy of each path, so the file is found by its text, not by the interned pointer.
 */
static place place_of(const rows_data *d, const char *file, uint32_t line, bool unit)
{
    const rows_file *f = NULL;
    for (size_t i = 0; file && !f && i < d->n_files; i++)
        if (strcmp(d->files[i].path, file) == 0)
            f = &d->files[i];
    return (place){file, f ? f->sheet : NULL, line, !f ? 0 : unit ? f->col_skpd : f->col_instansi};
}

/*
 * The names on one instansi's certificates under selection p: its own at the instansi level,
 * and at the unit level its name and each chosen unit's. A name is measured the first time it
 * comes on a template kind (units of many instansi share names such as "Dinas Kesehatan").
 */
static kp_status check_recipient(muat *m, const rows_data *d, const agg_instansi *in,
                                 const pilih *p, bool opini, kp_error *err)
{
    const char *formal = in->nama_resmi ? in->nama_resmi : in->nama;
    bool told = false, first = false;
    kp_status st = KP_OK;
    if (m->want[K_PIAGAM] && pilih_instansi(p, in) &&
        (st = first_time(m, opini, formal, &first, err)) == KP_OK && first) {
        place at = place_of(d, in->file, in->line, false);
        st = measure(m, &at, "instansi", in->nama_asli, K_PIAGAM, opini, "instansi", formal, &told,
                     err);
        if (st == KP_OK)
            st = measure(m, &at, "instansi", in->nama_asli, K_PIAGAM, opini, "penerima", formal,
                         &told, err);
    }
    bool inst_done = false;
    for (size_t u = 0; st == KP_OK && m->want[K_PIAGAM_SKPD] && u < in->n_units; u++) {
        const agg_unit *un = &in->units[u];
        if (!pilih_unit(p, un))
            continue;
        if (!inst_done) {
            inst_done = true;
            told = false;
            place at = place_of(d, in->file, in->line, false);
            st = measure(m, &at, "instansi", in->nama_asli, K_PIAGAM_SKPD, opini, "instansi",
                         formal, &told, err);
        }
        if (st != KP_OK || (st = first_time(m, opini, un->nama, &first, err)) != KP_OK || !first)
            continue;
        place at = place_of(d, un->file, un->line, true);
        told = false;
        st = measure(m, &at, "skpd", un->nama, K_PIAGAM_SKPD, opini, "skpd", un->nama, &told, err);
        if (st == KP_OK)
            st = measure(m, &at, "skpd", un->nama, K_PIAGAM_SKPD, opini, "penerima", un->nama,
                         &told, err);
    }
    return st;
}

kp_status muat_check_recipients(const agg_model *model, const pilih *sel, const rows_data *d,
                                const cli_options *o, const char *templat, const char *fonts,
                                diag_list *diags, kp_error *err)
{
    /* With --piagam semua every name was measured on its certificates already. */
    if (o->piagam && strcmp(o->piagam, "semua") == 0)
        return KP_OK;
    muat m = {.o = o, .templat = templat, .fonts = fonts, .diags = diags};
    const char *tingkat = o->piagam_tingkat ? o->piagam_tingkat : "instansi";
    m.want[K_PIAGAM] = strcmp(tingkat, "skpd") != 0;
    m.want[K_PIAGAM_SKPD] = strcmp(tingkat, "instansi") != 0;
    kp_status st = KP_OK;
    for (size_t yi = 0; st == KP_OK && yi < model->n_years; yi++) {
        const agg_year *y = &model->years[yi];
        if (sel[yi].tidak || !cli_options_wants_year(o, y->tahun))
            continue;
        for (size_t i = 0; st == KP_OK && i < y->n_instansi; i++)
            st = check_recipient(&m, d, &y->instansi[i], &sel[yi], y->rubric->opini[0], err);
    }
    muat_release(&m);
    return st;
}
