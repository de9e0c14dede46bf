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
    hmap *told;
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

/* Measures one name (what = its column's name) put in for field on document kind k. */
static kp_status measure(muat *m, const rows_row *row, const char *sheet, int col, const char *what,
                         const char *shown, int k, bool opini, const char *field, const char *value,
                         bool *told, kp_error *err)
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
        diag_add_in(m->diags, DIAG_ERROR, row->file, sheet, (int)row->line, col, "%s \"%.80s\": %s",
                    what, shown, ferr.msg);
    } else if (!fits) {
        *told = true;
        diag_add_in(m->diags, DIAG_ERROR, row->file, sheet, (int)row->line, col,
                    "%s \"%.80s%s\": nama \"%.80s%s\" %s; singkat namanya (sebagaimana tertulis "
                    "di dokumen resmi instansi)",
                    what, shown, strlen(shown) > 80 ? "..." : "", value,
                    strlen(value) > 80 ? "..." : "", why);
    }
    return KP_OK;
}

/* A name is told once, however many documents or rows it would overflow. */
static kp_status first_time(muat *m, const char *name, bool *first, kp_error *err)
{
    if (!m->told && !(m->told = hmap_new(16)))
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    if (!hmap_puts(m->told, name, first))
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    return KP_OK;
}

static kp_status check_row(muat *m, const rows_data *d, const rows_row *row,
                           const rubric_set *rubrics, bool new_inst, bool new_unit, kp_error *err)
{
    const rubric *r = rubric_set_for_year(rubrics, row->tahun);
    bool opini = r && r->opini[0];
    const rows_file *f = rows_file_of(d, row->file);
    const char *sheet = f ? f->sheet : NULL;
    kp_status st = KP_OK;
    bool first = false, told = false;
    /* Names the documents cannot print at all are check_printable's to report. */
    if (new_inst && !cp1252_unprintable(row->instansi) &&
        (st = first_time(m, row->instansi, &first, err)) == KP_OK && first) {
        char formal[1024];
        names_formal(row->instansi, (jenis)row->jenis, formal, sizeof formal);
        int col = f ? f->col_instansi : 0;
        static const struct {
            int k;
            const char *field;
        } uses[] = {{K_RAPOR, "instansi"},
                    {K_PIAGAM, "instansi"},
                    {K_PIAGAM, "penerima"},
                    {K_RAPOR_SKPD, "instansi"},
                    {K_PIAGAM_SKPD, "instansi"}};
        for (size_t i = 0; st == KP_OK && i < sizeof uses / sizeof *uses; i++)
            if (uses[i].k == K_RAPOR || uses[i].k == K_PIAGAM || row->skpd)
                st = measure(m, row, sheet, col, "instansi", row->instansi, uses[i].k, opini,
                             uses[i].field, formal, &told, err);
    }
    told = false;
    if (st == KP_OK && new_unit && row->skpd && !cp1252_unprintable(row->skpd) &&
        (st = first_time(m, row->skpd, &first, err)) == KP_OK && first) {
        int col = f ? f->col_skpd : 0;
        st = measure(m, row, sheet, col, "skpd", row->skpd, K_RAPOR_SKPD, opini, "unit", row->skpd,
                     &told, err);
        if (st == KP_OK)
            st = measure(m, row, sheet, col, "skpd", row->skpd, K_PIAGAM_SKPD, opini, "skpd",
                         row->skpd, &told, err);
        if (st == KP_OK)
            st = measure(m, row, sheet, col, "skpd", row->skpd, K_PIAGAM_SKPD, opini, "penerima",
                         row->skpd, &told, err);
    }
    return st;
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
    for (int k = 0; k < K_COUNT; k++)
        for (int v = 0; v < 2; v++) {
            layout_doc_free(m.slot[k][v].d);
            layout_template_free(m.slot[k][v].t);
        }
    hmap_free(m.told);
    return st;
}
