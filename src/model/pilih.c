#include "model/pilih.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define WORD_MAX 48

/* The word between p and p + n without surrounding blanks; false when it does not fit. */
static bool trim_word(const char *p, size_t n, char *out, size_t cap)
{
    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n >= cap)
        return false;
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

static bool is_gate_word(const char *w)
{
    return !strcasecmp(w, "tm") || !strcasecmp(w, "tanpa-maladministrasi") ||
           !strcasecmp(w, "tanpa maladministrasi") || !strcasecmp(w, "tanpa_maladministrasi");
}

static const rubric_band *find_band(const rubric *r, const char *w)
{
    for (int i = 0; r->ada_kategori && i < r->n_band; i++) {
        if (!strcasecmp(r->band[i].kategori, w))
            return &r->band[i];
    }
    return NULL;
}

/* "A, B, C, D, E" of the first rubric, or "" when it has no letters. */
static void band_list(const rubric *r, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; r->ada_kategori && i < r->n_band && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", r->band[i].kategori);
}

/* What the user may write, for the rubrics at hand. */
static void accepted(const rubric *const *rubrics, size_t n, char *buf, size_t cap)
{
    bool zones = true, gate = true, letters = true;
    for (size_t i = 0; i < n; i++) {
        zones &= rubrics[i]->ada_zona;
        gate &= rubric_has_gerbang(rubrics[i]);
        letters &= rubrics[i]->ada_kategori;
    }
    char bands[128];
    band_list(rubrics[0], bands, sizeof bands);
    snprintf(buf, cap, "semua, tidak%s%s%s%s%s", letters ? ", kategori " : "", letters ? bands : "",
             zones ? ", zona hijau, kuning, merah" : "",
             gate ? ", tm (hanya yang Tanpa Maladministrasi)" : "",
             letters || zones ? ", dipisah koma" : "");
}

static kp_status refuse(kp_error *err, const rubric *const *rubrics, size_t n, const char *spec,
                        const char *why)
{
    char ok[256];
    accepted(rubrics, n, ok, sizeof ok);
    return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                        "pilihan penerima \"%s\": %s; yang diterima: %s", spec, why, ok);
}

static kp_status take_word(pilih *out, const char *w, const rubric *const *rubrics, size_t n,
                           const char *spec, kp_error *err)
{
    char why[160];
    rubric_zona z;
    if (!strcasecmp(w, "semua")) {
        out->semua = true;
        return KP_OK;
    }
    if (is_gate_word(w)) {
        for (size_t i = 0; i < n; i++) {
            if (!rubric_has_gerbang(rubrics[i])) {
                snprintf(why, sizeof why, "metode %d-%d tidak punya gerbang Tanpa Maladministrasi",
                         rubrics[i]->tahun_dari, rubrics[i]->tahun_sampai);
                return refuse(err, rubrics, n, spec, why);
            }
        }
        out->gerbang = true;
        return KP_OK;
    }
    if (rubric_zona_parse(w, &z)) {
        for (size_t i = 0; i < n; i++) {
            if (!rubrics[i]->ada_zona) {
                snprintf(why, sizeof why, "metode %d-%d (%s) tidak memakai zona",
                         rubrics[i]->tahun_dari, rubrics[i]->tahun_sampai, rubrics[i]->nama);
                return refuse(err, rubrics, n, spec, why);
            }
        }
        out->zona_mask |= 1u << z;
        return KP_OK;
    }
    const rubric_band *b = NULL;
    for (size_t i = 0; i < n; i++) {
        b = find_band(rubrics[i], w);
        if (!b && i > 0 && find_band(rubrics[0], w)) {
            snprintf(why, sizeof why, "kategori '%s' tidak ada pada metode %d-%d", w,
                     rubrics[i]->tahun_dari, rubrics[i]->tahun_sampai);
            return refuse(err, rubrics, n, spec, why);
        }
        if (!b)
            break;
    }
    if (!b) {
        snprintf(why, sizeof why, "'%s' tidak dikenal", w);
        return refuse(err, rubrics, n, spec, why);
    }
    for (int k = 0; k < out->n_kategori; k++) {
        if (!strcmp(out->kategori[k], b->kategori))
            return KP_OK;
    }
    snprintf(out->kategori[out->n_kategori++], sizeof out->kategori[0], "%s", b->kategori);
    return KP_OK;
}

kp_status pilih_parse(const char *spec, const rubric *const *rubrics, size_t n, pilih *out,
                      kp_error *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->teks, sizeof out->teks, "%s", spec);
    char w[WORD_MAX];
    if (trim_word(spec, strlen(spec), w, sizeof w) && !strcasecmp(w, "tidak")) {
        out->tidak = true;
        return KP_OK;
    }
    const char *p = spec;
    for (;;) {
        size_t len = strcspn(p, ",");
        if (!trim_word(p, len, w, sizeof w))
            return refuse(err, rubrics, n, spec, "kata terlalu panjang");
        if (!w[0])
            return refuse(err, rubrics, n, spec, "ada pilihan yang kosong");
        if (!strcasecmp(w, "tidak"))
            return refuse(err, rubrics, n, spec, "'tidak' hanya boleh ditulis sendiri");
        kp_status st = take_word(out, w, rubrics, n, spec, err);
        if (st)
            return st;
        if (!p[len])
            break;
        p += len + 1;
    }
    /* "tm" alone: every band, the gate decides. */
    if (!out->zona_mask && !out->n_kategori)
        out->semua = true;
    return KP_OK;
}

static bool band_chosen(const pilih *p, const rubric_band *b)
{
    if (p->tidak)
        return false;
    if (p->semua)
        return true;
    if (b->zona != ZONA_NONE && (p->zona_mask & (1u << b->zona)))
        return true;
    for (int k = 0; k < p->n_kategori; k++) {
        if (b->kategori[0] && !strcmp(p->kategori[k], b->kategori))
            return true;
    }
    return false;
}

bool pilih_instansi(const pilih *p, const agg_instansi *in)
{
    return band_chosen(p, in->band) && (!p->gerbang || in->gerbang == RUBRIC_GERBANG_YA);
}

bool pilih_unit(const pilih *p, const agg_unit *u)
{
    return band_chosen(p, u->band) && (!p->gerbang || u->instansi->gerbang == RUBRIC_GERBANG_YA);
}
