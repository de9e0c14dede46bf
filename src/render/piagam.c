#include "render/piagam.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "render/acara.h"
#include "render/docpool.h"
#include "render/dokumen.h"
#include "render/layout.h"
#include "render/perwakilan.h"
#include "util/idfmt.h"
#include "util/outdir.h"

#define PATH_LEN 4096

const char *const piagam_fields[] = {
    "penerima",
    "instansi",
    "nama_instansi",
    "skpd",
    "tahun",
    "nilai",
    "nilai_terbilang",
    "kategori",
    "predikat",
    "zona",
    "zona_kategori",
    "tempat",
    "tanggal",
    "tempat_instansi",
    "nomor",
    "dasar_hukum",
    "jabatan",
    "penandatangan",
    "nip",
    "lembaga",
    "unit_lembaga",
    "peringkat_provinsi",
    "n_peringkat_provinsi",
    "peringkat_nasional",
    "n_peringkat_nasional",
    "peringkat_teks",
    "provinsi",
    "rubrik",
    /* Methods with an opinion (2025-): what their templates (*-opini.ini) print. */
    "opini",
    "gerbang",
    "predikat_unit",
    "kualitas_pelayanan",
    "penilaian",
    /* With an issuer's key (--kunci): the verification code and what its QR code holds;
     * empty without one, and blocks with jika = kode_verifikasi are left out. */
    "kode_verifikasi",
    "qr",
    NULL,
};

void piagam_options_default(piagam_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->pilih.semua = true;
    opt->level = PIAGAM_INSTANSI;
}

/* One certificate to make: fixed before rendering so numbers do not depend on threads. */
typedef struct recipient {
    const agg_instansi *inst;
    const agg_unit *unit; /* NULL at level instansi */
    size_t penerbit;      /* index into job.penerbit: who signs it */
    int seq;
} recipient;

typedef struct job {
    const render_ctx *ctx;
    const piagam_options *opt;
    const layout_template *tmpl;
    acara acara;
    acara *penerbit; /* perwakilan_acara: [0] acara.ini's issuer, then one per province */
    recipient *r;
    size_t n;
} job;

/* "Wali Kota Banjarbaru": who heads the local government that awards its own SKPD. */
static void kepala_daerah(const agg_instansi *inst, char *out, size_t cap)
{
    const char *place = inst->tempat ? inst->tempat : inst->nama;
    switch (inst->jenis) {
    case JENIS_KOTA:
        snprintf(out, cap, "Wali Kota %s", place);
        break;
    case JENIS_KABUPATEN:
        snprintf(out, cap, "Bupati %s", place);
        break;
    case JENIS_PROVINSI:
        snprintf(out, cap, "Gubernur %s", place);
        break;
    default:
        snprintf(out, cap, "Pimpinan %s", inst->nama);
        break;
    }
}

/* Fills f for r; fk and kode receive the facts its code stands for and the code ("" without
 * a key); fk points into f and the model. */
static kp_status fill_fields(const job *jb, const recipient *r, layout_fields *f,
                             kodeverif_fakta *fk, char kode[KODEVERIF_TEXT], kp_error *err)
{
    const agg_year *y = jb->ctx->year;
    const agg_instansi *inst = r->inst;
    const acara *a = &jb->penerbit[r->penerbit];
    bool skpd = r->unit != NULL;
    const rubric_band *band = skpd ? r->unit->band : inst->band;
    dec_t nilai = skpd ? r->unit->nilai : inst->nilai;
    char buf[2 * ACARA_TEXT_MAX], buf2[160];
    kp_status st = KP_OK;
#define SET(k, v)                                                                                  \
    do {                                                                                           \
        if ((st = layout_fields_set(f, (k), (v), err)) != KP_OK)                                   \
            return st;                                                                             \
    } while (0)
    const char *formal = inst->nama_resmi ? inst->nama_resmi : inst->nama;
    SET("instansi", formal);
    SET("nama_instansi", inst->nama);
    SET("skpd", skpd ? r->unit->nama : "");
    SET("penerima", skpd ? r->unit->nama : formal);
    SET("tempat_instansi", inst->tempat ? inst->tempat : inst->nama);
    snprintf(buf, sizeof buf, "%d", y->tahun);
    SET("tahun", buf);
    SET("nilai", idfmt_nilai(nilai, buf, sizeof buf));
    SET("nilai_terbilang", idfmt_terbilang_nilai(nilai, buf, sizeof buf));
    SET("kategori", band->kategori);
    SET("predikat", band->predikat);
    SET("zona", rubric_zona_label(band->zona));
    if (band->kategori[0])
        snprintf(buf, sizeof buf, "%s Kategori (%s)", rubric_zona_label(band->zona),
                 band->kategori);
    else
        snprintf(buf, sizeof buf, "%s", rubric_zona_label(band->zona));
    SET("zona_kategori", buf);
    SET("tempat", a->tempat);
    SET("tanggal", idfmt_tanggal(a->tahun, a->bulan, a->hari, buf, sizeof buf));
    SET("dasar_hukum", a->dasar_hukum);
    SET("lembaga", skpd ? formal : a->lembaga);
    SET("unit_lembaga", skpd ? "" : a->unit_lembaga);
    if ((st = acara_nomor(a, skpd ? a->skpd_nomor : a->nomor, y->tahun, r->seq, buf, sizeof buf,
                          err)) != KP_OK)
        return st;
    SET("nomor", buf);
    dokumen_fakta(jb->ctx, "piagam", inst, r->unit, layout_fields_get(f, "nomor"), fk);
    if ((st = dokumen_isi_kode(jb->ctx, a->verifikasi_url, fk, f, kode, err)) != KP_OK)
        return st;
    if (skpd) {
        if (a->skpd_jabatan[0])
            snprintf(buf, sizeof buf, "%s", a->skpd_jabatan);
        else
            kepala_daerah(inst, buf, sizeof buf);
        SET("jabatan", buf);
        SET("penandatangan", a->skpd_penandatangan);
        SET("nip", a->skpd_nip);
    } else {
        SET("jabatan", a->jabatan);
        SET("penandatangan", a->penandatangan);
        SET("nip", a->nip);
    }
    const agg_provinsi *prov = inst->provinsi;
    if (prov && !prov->pusat)
        snprintf(buf2, sizeof buf2, "Provinsi %.140s", prov->nama);
    else
        buf2[0] = '\0';
    SET("provinsi", buf2);
    SET("rubrik", y->rubric ? y->rubric->nama : "");
    SET("penilaian", a->penilaian);
    SET("opini", inst->opini ? inst->opini : "");
    SET("gerbang", y->rubric && rubric_has_gerbang(y->rubric) && inst->gerbang == RUBRIC_GERBANG_YA
                       ? y->rubric->gerbang
                       : "");
    SET("predikat_unit", band->predikat_unit);
    /* A unit and a vertical office are given a label of service quality, not an opinion:
     * templates draw one of {opini} and {kualitas_pelayanan}, whichever is not empty. */
    SET("kualitas_pelayanan", skpd || inst->jenis == JENIS_VERTIKAL ? band->predikat_unit : "");
    if (skpd) {
        SET("peringkat_provinsi", "");
        SET("n_peringkat_provinsi", "");
        SET("peringkat_nasional", "");
        SET("n_peringkat_nasional", "");
        snprintf(buf, sizeof buf, "Peringkat %d dari %zu unit layanan %s", r->unit->peringkat,
                 inst->n_units, inst->nama);
        SET("peringkat_teks", buf);
        return KP_OK;
    }
    snprintf(buf, sizeof buf, "%d", inst->peringkat_provinsi);
    SET("peringkat_provinsi", inst->peringkat_provinsi ? buf : "");
    snprintf(buf, sizeof buf, "%zu", inst->n_peringkat_provinsi);
    SET("n_peringkat_provinsi", inst->peringkat_provinsi ? buf : "");
    snprintf(buf, sizeof buf, "%d", inst->peringkat_nasional);
    SET("peringkat_nasional", buf);
    snprintf(buf, sizeof buf, "%zu", inst->n_peringkat_nasional);
    SET("n_peringkat_nasional", buf);
    /* The lowercase jenis names the peer group the national rank is counted in. */
    const char *peers = names_jenis_str(inst->jenis);
    if (inst->jenis == JENIS_VERTIKAL) {
        /* Vertical offices are ranked among themselves, in the province and nationally. */
        if (inst->peringkat_provinsi)
            snprintf(buf, sizeof buf,
                     "Peringkat %d dari %zu kantor vertikal di %s\nPeringkat %d dari %zu kantor "
                     "vertikal secara nasional",
                     inst->peringkat_provinsi, inst->n_peringkat_provinsi, buf2,
                     inst->peringkat_nasional, inst->n_peringkat_nasional);
        else
            snprintf(buf, sizeof buf, "Peringkat %d dari %zu kantor vertikal secara nasional",
                     inst->peringkat_nasional, inst->n_peringkat_nasional);
    } else if (inst->peringkat_provinsi)
        snprintf(buf, sizeof buf,
                 "Peringkat %d dari %zu kabupaten/kota di %s\nPeringkat %d dari %zu %s secara "
                 "nasional",
                 inst->peringkat_provinsi, inst->n_peringkat_provinsi, buf2,
                 inst->peringkat_nasional, inst->n_peringkat_nasional,
                 inst->jenis == JENIS_PROVINSI ? "provinsi" : peers);
    else
        snprintf(buf, sizeof buf, "Peringkat %d dari %zu %s secara nasional",
                 inst->peringkat_nasional, inst->n_peringkat_nasional,
                 inst->jenis == JENIS_PROVINSI ? "pemerintah provinsi" : peers);
    SET("peringkat_teks", buf);
#undef SET
    return KP_OK;
}

static void doc_info(const job *jb, const recipient *r, char *title, size_t tcap, char *kw,
                     size_t kcap, layout_info *info)
{
    const agg_year *y = jb->ctx->year;
    const rubric_band *band = r && r->unit ? r->unit->band : r ? r->inst->band : NULL;
    if (r)
        snprintf(title, tcap, "Piagam Penghargaan %d - %s", y->tahun,
                 r->unit ? r->unit->nama
                         : (r->inst->nama_resmi ? r->inst->nama_resmi : r->inst->nama));
    else
        snprintf(title, tcap, "Piagam Penghargaan %d", y->tahun);
    info->subject = "Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik";
    if (y->rubric->opini[0]) {
        /* Metadata speaks the method's language too: the assessment's name, the opinion or
         * the label, never a zone. */
        const char *hasil = !r                                             ? ""
                            : !r->unit && r->inst->jenis != JENIS_VERTIKAL ? r->inst->opini
                                                                           : band->predikat_unit;
        snprintf(kw, kcap, "piagam penghargaan, %.200s, %d%s%.200s, rubrik %s", jb->acara.penilaian,
                 y->tahun, hasil[0] ? ", " : "", hasil, y->rubric->id);
        info->subject = jb->acara.penilaian;
    } else {
        snprintf(kw, kcap, "piagam penghargaan, kepatuhan pelayanan publik, %d%s%s%s%s, rubrik %s",
                 y->tahun, band ? ", " : "", band ? rubric_zona_label(band->zona) : "",
                 band ? ", " : "", band ? band->predikat : "", y->rubric->id);
    }
    info->title = title;
    info->keywords = kw;
    info->author = jb->acara.lembaga;
    info->creator = "kepatuhan";
    info->epoch = acara_doc_epoch(&jb->acara, jb->ctx->epoch, jb->ctx->epoch_fixed);
}

static kp_status out_path(const job *jb, const recipient *r, char *path, size_t cap, kp_error *err)
{
    int n = r->unit ? snprintf(path, cap, "%s/piagam/%s/%s.pdf", jb->ctx->out_dir, r->inst->slug,
                               r->unit->slug)
                    : snprintf(path, cap, "%s/piagam/%s.pdf", jb->ctx->out_dir, r->inst->slug);
    if (n < 0 || (size_t)n >= cap)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "jalur keluaran terlalu panjang");
    return KP_OK;
}

/* Names the recipient in an error from the template or the encoding. */
static kp_status about(kp_status st, const recipient *r, kp_error *err)
{
    if (st == KP_OK || !err)
        return st;
    char msg[KP_ERROR_MSG_MAX];
    snprintf(msg, sizeof msg, "%s", err->msg);
    snprintf(err->msg, sizeof err->msg, "piagam %.150s: %.340s",
             r->unit ? r->unit->nama : r->inst->nama, msg);
    return st;
}

static kp_status render_one(void *user, size_t index, layout_doc *doc, kp_error *err)
{
    const job *jb = user;
    const recipient *r = &jb->r[index];
    layout_fields *f = layout_fields_new();
    if (!f)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    char path[PATH_LEN], title[512], kw[512];
    layout_info info;
    doc_info(jb, r, title, sizeof title, kw, sizeof kw, &info);
    kodeverif_fakta fk;
    char kode[KODEVERIF_TEXT];
    kp_status st = fill_fields(jb, r, f, &fk, kode, err);
    if (st == KP_OK)
        st = out_path(jb, r, path, sizeof path, err);
    if (st == KP_OK)
        st = layout_doc_begin(doc, &info, err);
    if (st == KP_OK)
        st = layout_page_add(doc, f, err);
    if (st == KP_OK)
        st = layout_doc_save(doc, path, err);
    if (st == KP_OK)
        st = dokumen_catat(jb->ctx, doc, path, "piagam", &fk, kode, err);
    layout_fields_free(f);
    return about(st, r, err);
}

static kp_status render_gabung(const job *jb, kp_error *err)
{
    layout_doc *doc = NULL;
    layout_fields *f = layout_fields_new();
    char path[PATH_LEN], title[512], kw[512];
    layout_info info;
    doc_info(jb, NULL, title, sizeof title, kw, sizeof kw, &info);
    kp_status st = f ? KP_OK : kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    if (st == KP_OK)
        st = layout_doc_new(jb->tmpl, &doc, err);
    if (st == KP_OK)
        st = layout_doc_begin(doc, &info, err);
    for (size_t i = 0; st == KP_OK && i < jb->n; i++) {
        layout_fields_clear(f);
        kodeverif_fakta fk;
        char kode[KODEVERIF_TEXT];
        st = fill_fields(jb, &jb->r[i], f, &fk, kode, err);
        if (st == KP_OK)
            st = about(layout_page_add(doc, f, err), &jb->r[i], err);
    }
    if (st == KP_OK) {
        /* Both levels can be combined in one run: each gets its own file. */
        int n = snprintf(path, sizeof path, "%s/piagam-%sgabung.pdf", jb->ctx->out_dir,
                         jb->opt->level == PIAGAM_SKPD ? "skpd-" : "");
        st = n < 0 || (size_t)n >= sizeof path
                 ? kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "jalur keluaran terlalu panjang")
                 : layout_doc_save(doc, path, err);
    }
    if (st == KP_OK)
        st = dokumen_catat(jb->ctx, doc, path, "piagam-gabung", NULL, NULL, err);
    layout_doc_free(doc);
    layout_fields_free(f);
    return st;
}

/* Recipients in rank order, numbered; folders made before any thread writes. */
static kp_status collect(job *jb, kp_error *err)
{
    const render_ctx *ctx = jb->ctx;
    const agg_year *y = ctx->year;
    size_t cap = 0;
    for (size_t i = 0; i < y->n_instansi; i++)
        cap += jb->opt->level == PIAGAM_SKPD ? y->instansi[i].n_units : 1;
    jb->r = calloc(cap ? cap : 1, sizeof *jb->r);
    if (!jb->r)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    char path[PATH_LEN];
    snprintf(path, sizeof path, "%s/piagam", ctx->out_dir);
    kp_status st = outdir_mkdirs(path, err);
    if (st != KP_OK)
        return st;
    /* Each issuer numbers its own certificates; SKPD awards keep one sequence per run. */
    int seq = 0;
    int *per = calloc(perwakilan_count(ctx->perwakilan) + 1, sizeof *per);
    if (!per)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    for (size_t i = 0; i < y->n_instansi; i++) {
        const agg_instansi *inst = y->ranked[i];
        if (!render_in_shard(ctx, inst))
            continue;
        size_t k = perwakilan_penerbit(ctx->perwakilan, inst);
        if (jb->opt->level == PIAGAM_INSTANSI) {
            if (pilih_instansi(&jb->opt->pilih, inst))
                jb->r[jb->n++] = (recipient){inst, NULL, k, ++per[k]};
            continue;
        }
        bool any = false;
        for (size_t u = 0; u < inst->n_units; u++) {
            if (!pilih_unit(&jb->opt->pilih, &inst->units[u]))
                continue;
            jb->r[jb->n++] = (recipient){inst, &inst->units[u], k, ++seq};
            any = true;
        }
        if (any) {
            snprintf(path, sizeof path, "%s/piagam/%s", ctx->out_dir, inst->slug);
            if ((st = outdir_mkdirs(path, err)) != KP_OK)
                break;
        }
    }
    free(per);
    return st;
}

kp_status piagam_render(const render_ctx *ctx, const piagam_options *opt, size_t *written,
                        kp_error *err)
{
    job jb = {.ctx = ctx, .opt = opt};
    if (written)
        *written = 0;
    char tpath[PATH_LEN];
    const char *tp = opt->template_path;
    kp_status st;
    if (!tp) {
        /* A method with an opinion (2025-) has its own certificates: no zone, the opinion or
         * the unit's label as the headline. Older years keep their templates untouched. */
        bool opini = ctx->year->rubric && ctx->year->rubric->opini[0];
        snprintf(tpath, sizeof tpath, "%s/piagam/%s%s.ini", ctx->templat_dir,
                 opt->level == PIAGAM_SKPD ? "skpd" : "instansi", opini ? "-opini" : "");
        tp = tpath;
        if (opini && access(tpath, F_OK) != 0)
            return kp_error_set(err, KP_ERR_DATA, tpath, 0, 0,
                                "templat tidak ada: penilaian %d (rubrik %s) memberi opini dan "
                                "memakai templat piagam *-opini.ini",
                                ctx->year->tahun, ctx->year->rubric->id);
    }
    if (opt->acara_path) {
        st = acara_load(opt->acara_path, ctx->year->tahun, ctx->epoch, &jb.acara, err);
    } else {
        st = render_acara(ctx, &jb.acara, err);
    }
    if (st != KP_OK)
        return st;
    jb.penerbit = malloc((perwakilan_count(ctx->perwakilan) + 1) * sizeof *jb.penerbit);
    if (!jb.penerbit)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    perwakilan_acara(ctx->perwakilan, &jb.acara, jb.penerbit);
    layout_template *t = NULL;
    if ((st = layout_template_load(tp, ctx->font_dir, piagam_fields, &t, err)) != KP_OK) {
        free(jb.penerbit);
        return st;
    }
    jb.tmpl = t;
    st = collect(&jb, err);
    if (st == KP_OK)
        st = docpool_run(ctx, t, "piagam", jb.n, render_one, &jb, err);
    if (st == KP_OK && opt->gabung && jb.n > 0)
        st = render_gabung(&jb, err);
    if (st == KP_OK && written)
        *written = jb.n;
    free(jb.r);
    free(jb.penerbit);
    layout_template_free(t);
    return st;
}
