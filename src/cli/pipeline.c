#include "cli/pipeline.h"
#include "cli/muat.h"

#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/agg.h"
#include "model/cmp.h"
#include "model/names.h"
#include "model/pilih.h"
#include "model/rubric.h"
#include "model/check.h"
#include "read/csvin.h"
#include "read/xlsxrows.h"
#include "render/acara.h"
#include "util/cp1252.h"
#include "render/csvout.h"
#include "render/dokumen.h"
#include "render/kodeverif.h"
#include "render/layout.h"
#include "render/pdfshim.h"
#include "render/perwakilan.h"
#include "render/piagam.h"
#include "render/rapor.h"
#include "render/ringkasan.h"
#include "render/render.h"
#include "render/surat.h"
#include "render/tplinput.h"
#include "render/xlsx.h"
#include "util/hmap.h"
#include "util/outdir.h"
#include "util/selfpath.h"
#include "util/similar.h"

/* --- Stage timing ------------------------------------------------------------------------- */

static const char *const stage_names[PIPELINE_STAGES] = {
    "baca",   "agregasi", "banding", "data",      "rekap",
    "piagam", "rapor",    "surat",   "ringkasan", "simpan",
};

const char *pipeline_stage_name(pipeline_stage s)
{
    return s < PIPELINE_STAGES ? stage_names[s] : "";
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Adds the time since *t0 to the stage and restarts the clock. */
static void lap(pipeline_result *res, pipeline_stage s, double *t0)
{
    double t = now_seconds();
    res->seconds[s] += t - *t0;
    *t0 = t;
}

/* --- Locating templates and fonts --------------------------------------------------------- */

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int has_rubrik(const char *dir)
{
    char p[PATH_MAX];
    return snprintf(p, sizeof p, "%s/rubrik", dir) < (int)sizeof p && is_dir(p);
}

kp_status pipeline_find_templat(const cli_options *o, char *out, size_t cap, kp_error *err)
{
    const char *env = getenv("KEPATUHAN_TEMPLAT");
    const char *cands[5];
    const char *why[5];
    size_t n = 0;
    if (o->templat) {
        /* An explicit choice is never silently replaced by another folder. */
        if (!has_rubrik(o->templat))
            return kp_error_set(err, KP_ERR_DATA, o->templat, 0, 0,
                                "bukan folder templat (tidak ada subfolder rubrik/)");
        snprintf(out, cap, "%s", o->templat);
        return KP_OK;
    }
    if (env && *env) {
        cands[n] = env;
        why[n++] = "$KEPATUHAN_TEMPLAT";
    }
    /* An unpacked or relocated install finds the templates beside its own binary. */
    char self[PATH_MAX];
    if (selfpath_relative("share/kepatuhan/templates", self, sizeof self)) {
        cands[n] = self;
        why[n++] = "di samping program";
    }
    cands[n] = KP_DATA_DIR "/templates";
    why[n++] = "terpasang";
    cands[n] = KP_SOURCE_DIR "/templates";
    why[n++] = "sumber";
    for (size_t i = 0; i < n; i++) {
        if (has_rubrik(cands[i])) {
            snprintf(out, cap, "%s", cands[i]);
            return KP_OK;
        }
    }
    char tried[1024] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && len < sizeof tried; i++)
        len += (size_t)snprintf(tried + len, sizeof tried - len, "%s%s (%s)", i ? ", " : "",
                                cands[i], why[i]);
    return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0,
                        "folder templat tidak ditemukan; dicari: %s. Pakai --templat FOLDER",
                        tried);
}

/* Fonts sit beside the templates in both the source tree and the installed share folder. */
static void find_fonts(const char *templat, char *out, size_t cap)
{
    char p[PATH_MAX];
    const char *cands[] = {"%s/fonts", "%s/../fonts"};
    for (size_t i = 0; i < 2; i++) {
        if (snprintf(p, sizeof p, cands[i], templat) < (int)sizeof p && is_dir(p)) {
            snprintf(out, cap, "%s", p);
            return;
        }
    }
    snprintf(out, cap, "%s",
             is_dir(KP_DATA_DIR "/fonts") ? KP_DATA_DIR "/fonts" : KP_SOURCE_DIR "/fonts");
}

static kp_status load_rubrics(const cli_options *o, const char *templat, rubric_set *set,
                              kp_error *err)
{
    if (o->rubrik)
        return rubric_set_load_file(set, o->rubrik, err);
    char dir[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s/rubrik", templat) >= (int)sizeof dir)
        return kp_error_set(err, KP_ERR_DATA, templat, 0, 0, "nama folder terlalu panjang");
    return rubric_set_load_dir(set, dir, err);
}

/* The templates folder and the rubrics in it (or --rubrik): what every command starts from. */
static kp_status templat_and_rubrics(const cli_options *o, char *templat, size_t cap,
                                     rubric_set *set, kp_error *err)
{
    kp_status st = pipeline_find_templat(o, templat, cap, err);
    return st != KP_OK ? st : load_rubrics(o, templat, set, err);
}

kp_status pipeline_describe_rubrics(const cli_options *o, char **text, kp_error *err)
{
    char templat[PATH_MAX];
    rubric_set set = {0};
    kp_status st = templat_and_rubrics(o, templat, sizeof templat, &set, err);
    if (st != KP_OK)
        return st;
    size_t len = 0;
    char *buf = NULL;
    for (int i = 0; i < set.n && st == KP_OK; i++) {
        const rubric *r = &set.items[i];
        if (o->rubrik_tahun && rubric_set_for_year(&set, o->rubrik_tahun) != r)
            continue;
        char *d = rubric_describe(r);
        size_t dl = d ? strlen(d) : 0;
        char *nb = d ? realloc(buf, len + dl + 3) : NULL;
        if (!nb) {
            free(d);
            st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
            break;
        }
        buf = nb;
        if (len)
            buf[len++] = '\n';
        memcpy(buf + len, d, dl + 1);
        len += dl;
        if (len == 0 || buf[len - 1] != '\n') {
            buf[len++] = '\n';
            buf[len] = '\0';
        }
        free(d);
    }
    if (st == KP_OK && !buf) {
        if (o->rubrik_tahun)
            st = kp_error_set(err, KP_ERR_DATA, NULL, 0, 0,
                              "tidak ada rubrik untuk tahun %d di %s/rubrik", o->rubrik_tahun,
                              templat);
        else
            st = kp_error_set(err, KP_ERR_DATA, NULL, 0, 0, "tidak ada rubrik di %s/rubrik",
                              templat);
    }
    rubric_set_free(&set);
    if (st != KP_OK) {
        free(buf);
        return st;
    }
    *text = buf;
    return KP_OK;
}

/* --- Reading ------------------------------------------------------------------------------ */

typedef struct run_state {
    const cli_options *o;
    const pipeline_hooks *hooks;
    char templat[PATH_MAX];
    char fonts[PATH_MAX];
    rubric_set own_rubrics; /* loaded by this run, unless the hooks gave them */
    const rubric_set *rubrics;
    rows_data *data;
    agg_model *model;
    cmp_aliases *aliases;
    perwakilan_set *perwakilan; /* templates/perwakilan.csv, NULL without it */
    pilih *pilih;         /* per model year: who gets certificates and letters (check_pilih) */
    kodeverif_key *kunci; /* --kunci / $KEPATUHAN_KUNCI, NULL without one */
} run_state;

static void run_state_free(run_state *s)
{
    cmp_aliases_free(s->aliases);
    perwakilan_free(s->perwakilan);
    agg_free(s->model);
    rows_data_free(s->data);
    rubric_set_free(&s->own_rubrics);
    free(s->pilih);
    if (s->kunci) {
        /* The issuer's secret does not outlive the run in freed memory. */
        memset(s->kunci, 0, sizeof *s->kunci);
        free(s->kunci);
    }
}

static void years_text(const agg_model *m, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < m->n_years && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%d", i ? ", " : "", m->years[i].tahun);
}

/*
 * Whether the run draws any PDF. Their fonts print CP1252 only, while the workbook and the
 * data files hold any text; a run of data files alone need not refuse other scripts.
 */
static bool renders_pdf(const cli_options *o)
{
    bool piagam = !o->piagam || strcmp(o->piagam, "tidak") != 0;
    bool surat = !o->surat ||
                 (strcmp(o->surat, "tidak") != 0 && (piagam || strcmp(o->surat, "piagam") != 0));
    return o->rapor || o->rapor_skpd || o->ringkasan || piagam || surat;
}

/*
 * Names the documents cannot print, at the first cell that holds each (periksa refuses what
 * the run would refuse, and says where). Rows come grouped: a name is looked at again only
 * when it differs from the row before's. KP_ERR_IO when memory runs out.
 */
static kp_status check_printable(const rows_data *d, diag_list *diags, kp_error *err)
{
    static const char *const what[3] = {"provinsi", "instansi", "skpd"};
    const char *last[3] = {NULL, NULL, NULL};
    hmap *told = NULL;
    for (size_t i = 0; i < d->n_rows; i++) {
        const rows_row *row = &d->rows[i];
        const char *v[3] = {row->provinsi, row->instansi, row->skpd};
        for (int k = 0; k < 3; k++) {
            if (!v[k] || v[k] == last[k])
                continue;
            last[k] = v[k];
            uint32_t cp = cp1252_unprintable(v[k]);
            if (!cp)
                continue;
            if (!told && !(told = hmap_new(16)))
                return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
            bool added;
            if (!hmap_puts(told, v[k], &added)) {
                hmap_free(told);
                return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
            }
            if (!added)
                continue;
            const rows_file *f = rows_file_of(d, row->file);
            int col = !f ? 0 : k == 0 ? f->col_provinsi : k == 1 ? f->col_instansi : f->col_skpd;
            diag_add_in(diags, DIAG_ERROR, row->file, f ? f->sheet : NULL, (int)row->line, col,
                        "%s \"%s\": karakter U+%04X tidak dapat dicetak pada piagam, rapor, "
                        "surat dan ringkasan (hurufnya hanya memuat aksara Latin, CP1252); tulis "
                        "dengan huruf Latin, atau buat data saja (--piagam tidak --tanpa-rapor "
                        "--tanpa-ringkasan)",
                        what[k], v[k], (unsigned)cp);
        }
    }
    hmap_free(told);
    return KP_OK;
}

/* Input files of SMALL_INPUT bytes or less in all (a hand-made file, the demo, a fuzz input).
 * A file that cannot be looked at counts as large: its reader says what is wrong with it. */
#define SMALL_INPUT (256 * 1024)

static bool small_input(const cli_options *o)
{
    size_t total = 0;
    for (size_t i = 0; i < o->n_files; i++) {
        struct stat sb;
        if (stat(o->files[i], &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > SMALL_INPUT)
            return false;
        total += (size_t)sb.st_size;
    }
    return total <= SMALL_INPUT;
}

/* Rubrics, every input file, the checks across files, and the aggregated model. */
static kp_status read_and_aggregate(run_state *s, diag_list *diags, pipeline_result *res,
                                    kp_error *err)
{
    double t0 = now_seconds();
    kp_status st = pipeline_find_templat(s->o, s->templat, sizeof s->templat, err);
    if (st == KP_OK && !s->hooks->rubrics)
        st = load_rubrics(s->o, s->templat, &s->own_rubrics, err);
    if (st != KP_OK)
        return st;
    s->rubrics = s->hooks->rubrics ? s->hooks->rubrics : &s->own_rubrics;
    find_fonts(s->templat, s->fonts, sizeof s->fonts);
    /* Renames and other names of one instansi: the identity checks and the comparison. */
    char alias[PATH_MAX];
    if (snprintf(alias, sizeof alias, "%s/alias.csv", s->templat) >= (int)sizeof alias)
        return kp_error_set(err, KP_ERR_IO, s->templat, 0, 0, "nama folder terlalu panjang");
    st = cmp_aliases_load(alias, true, &s->aliases, err);
    if (st != KP_OK)
        return st;
    s->data = rows_data_new();
    if (!s->data)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    /* The checks across rows run on the second core while the files are read, unless the
     * input is small: the thread would then cost more than the checks it overlaps (their
     * findings are the same either way, check.h). */
    if (!small_input(s->o)) {
        st = check_begin(s->data, s->aliases, err);
        if (st != KP_OK)
            return st;
    }
    csvin_options copt = {.separator = s->o->separator};
    for (size_t i = 0; i < s->o->n_files; i++) {
        if (s->hooks->progress)
            s->hooks->progress(s->hooks->progress_ud, "baca", i, s->o->n_files);
        /* By content, not by name: a workbook saved as .csv is still a workbook. */
        if (xlsxrows_is_workbook(s->o->files[i]))
            st = xlsxrows_read_file(s->data, s->o->files[i], s->o->lembar, &copt, s->rubrics, diags,
                                    err);
        else
            st = csvin_read_file(s->data, s->o->files[i], &copt, s->rubrics, diags, err);
        if (st != KP_OK)
            return st;
        if (s->hooks->cancel && *s->hooks->cancel)
            return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "dibatalkan");
    }
    if (s->hooks->progress)
        s->hooks->progress(s->hooks->progress_ud, "baca", s->o->n_files, s->o->n_files);
    st = check_finish(s->data, s->aliases, diags, err);
    if (st != KP_OK)
        return st;
    if (renders_pdf(s->o)) {
        st = check_printable(s->data, diags, err);
        if (st == KP_OK)
            st = muat_check_rows(s->data, s->o, s->templat, s->fonts, s->rubrics, diags, err);
        if (st != KP_OK)
            return st;
    }
    res->rows = s->data->n_rows;
    res->warnings = diag_warnings(diags);
    if (diag_errors(diags) > 0)
        return KP_ERR_DATA;
    if (s->data->n_rows == 0)
        return kp_error_set(err, KP_ERR_DATA, s->o->files[0], 0, 0,
                            "tidak ada baris data dalam masukan");
    lap(res, PIPELINE_BACA, &t0);
    /* Nothing reads the rows after this: the model takes their place instead of adding to it. */
    st = agg_build_consume(s->data, s->rubrics, &s->model, err);
    if (st != KP_OK)
        return st;
    lap(res, PIPELINE_AGREGASI, &t0);
    for (size_t i = 0; i < s->model->n_years; i++) {
        res->instansi += s->model->years[i].n_instansi;
        res->units += s->model->years[i].n_units;
    }
    res->n_years = s->model->n_years;
    years_text(s->model, res->years_text, sizeof res->years_text);
    return KP_OK;
}

/* --- Rendering ---------------------------------------------------------------------------- */

/*
 * Documents carry a fixed date so that the same input gives the same bytes: the
 * SOURCE_DATE_EPOCH convention when set (*fixed: it then wins over event dates too), else
 * 1 January after the assessment year (certificates and letters use their event's date).
 */
static long long document_epoch(int tahun, bool *fixed)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    *fixed = false;
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (*end == '\0' && v >= 0) {
            *fixed = true;
            return v;
        }
    }
    /* Days from 1970-01-01 to 1 January of year y+1 (proleptic Gregorian). */
    long long y = tahun + 1, days = 0;
    for (long long k = 1970; k < y; k++)
        days += (k % 4 == 0 && (k % 100 != 0 || k % 400 == 0)) ? 366 : 365;
    return days * 86400;
}

static kp_status check_requested_years(const run_state *s, kp_error *err)
{
    for (size_t i = 0; i < s->o->n_tahun; i++)
        if (!agg_year_find(s->model, s->o->tahun[i]))
            return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                                "tahun %d tidak ada dalam masukan (ada: %d sampai %d)",
                                s->o->tahun[i], s->model->years[0].tahun,
                                s->model->years[s->model->n_years - 1].tahun);
    if (s->o->pembanding && !agg_year_find(s->model, s->o->pembanding))
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                            "tahun pembanding %d tidak ada dalam masukan", s->o->pembanding);
    return KP_OK;
}

/*
 * The selection of recipients, parsed once before anything is written: --piagam against the
 * rubrics of every year rendered (a zone needs zones in all of them), else each year's own
 * rubric default (piagam_bawaan).
 */
static kp_status check_pilih(run_state *s, kp_error *err)
{
    const agg_model *m = s->model;
    s->pilih = calloc(m->n_years ? m->n_years : 1, sizeof *s->pilih);
    const rubric **used = calloc(m->n_years ? m->n_years : 1, sizeof *used);
    kp_status st =
        s->pilih && used ? KP_OK : kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    size_t n = 0;
    for (size_t i = 0; st == KP_OK && i < m->n_years; i++) {
        const rubric *r = m->years[i].rubric;
        if (!cli_options_wants_year(s->o, m->years[i].tahun))
            continue;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = used[k] == r;
        if (!seen)
            used[n++] = r;
        if (s->o->piagam)
            continue;
        st = pilih_parse(r->piagam_bawaan, &r, 1, &s->pilih[i], err);
        if (st != KP_OK) {
            /* The user wrote no option: the rubric file is what is wrong. */
            char msg[KP_ERROR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", err->msg);
            st = kp_error_set(err, KP_ERR_DATA, r->path, 0, 0, "piagam_bawaan: %s", msg);
        }
    }
    if (st == KP_OK && s->o->piagam && n > 0) {
        pilih p;
        st = pilih_parse(s->o->piagam, used, n, &p, err);
        for (size_t i = 0; st == KP_OK && i < m->n_years; i++)
            s->pilih[i] = p;
    }
    free(used);
    return st;
}

/*
 * Recipients chosen by score, now that scores are known: a name that no certificate could
 * hold is refused at its row before anything is written, as muat_check_rows does for the
 * documents everyone gets. KP_ERR_DATA when one is.
 */
static kp_status check_recipients(const run_state *s, diag_list *diags, kp_error *err)
{
    if (!renders_pdf(s->o))
        return KP_OK;
    kp_status st =
        muat_check_recipients(s->model, s->pilih, s->data, s->o, s->templat, s->fonts, diags, err);
    if (st == KP_OK && diag_errors(diags) > 0)
        st = KP_ERR_DATA;
    return st;
}

static kp_status check_provinsi(const run_state *s, kp_error *err)
{
    if (!s->o->provinsi)
        return KP_OK;
    char key[256];
    names_key(s->o->provinsi, key, sizeof key);
    const char *keys[512];
    const agg_provinsi *provs[512];
    size_t n = 0;
    for (size_t i = 0; i < s->model->n_years; i++) {
        const agg_year *y = &s->model->years[i];
        if (agg_provinsi_find(y, key))
            return KP_OK;
        for (size_t p = 0; p < y->n_provinsi && n < 512; p++) {
            keys[n] = y->provinsi[p].key;
            provs[n++] = &y->provinsi[p];
        }
    }
    const char *hint = similar_best(key, keys, n, 4);
    for (size_t i = 0; hint && i < n; i++)
        if (keys[i] == hint)
            return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                                "provinsi '%s' tidak ada dalam masukan; maksud Anda '%s'?",
                                s->o->provinsi, provs[i]->nama);
    return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0, "provinsi '%s' tidak ada dalam masukan",
                        s->o->provinsi);
}

/* The data CSV files and the workbook of one year, rendered beside the documents. */
typedef struct tables_job {
    const render_ctx *ctx;
    xlsx_options xo;
    kp_status st;
    kp_error err;
    double seconds[2]; /* data, rekap */
} tables_job;

static void *tables_main(void *arg)
{
    tables_job *tj = arg;
    kp_error_clear(&tj->err);
    double t0 = now_seconds(), t1;
    tj->st = csvout_write(tj->ctx, &tj->err);
    t1 = now_seconds();
    tj->seconds[0] = t1 - t0;
    if (tj->st == KP_OK)
        tj->st = xlsx_write_rekap(tj->ctx, &tj->xo, &tj->err);
    tj->seconds[1] = now_seconds() - t1;
    return NULL;
}

static kp_status render_year(run_state *s, const agg_year *y, const char *tmp, pipeline_year *py,
                             pipeline_result *res, kp_error *err)
{
    double t0 = now_seconds();
    const cli_options *o = s->o;
    char dir[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s/%d", tmp, y->tahun) >= (int)sizeof dir)
        return kp_error_set(err, KP_ERR_IO, tmp, 0, 0, "nama folder terlalu panjang");
    kp_status st = outdir_mkdirs(dir, err);
    if (st != KP_OK)
        return st;

    int lalu = o->pembanding ? o->pembanding : y->tahun - 1;
    cmp_result *cmp = NULL;
    if (lalu != y->tahun && agg_year_find(s->model, lalu)) {
        st = cmp_build(s->model, y->tahun, lalu, s->aliases, &cmp, err);
        if (st != KP_OK)
            return st;
        py->tahun_lalu = lalu;
    }
    lap(res, PIPELINE_BANDING, &t0);

    bool epoch_fixed;
    const agg_provinsi *shard = NULL;
    if (o->provinsi) {
        char key[256];
        names_key(o->provinsi, key, sizeof key);
        shard = agg_provinsi_find(y, key);
    }
    render_ctx ctx = {
        .model = s->model,
        .year = y,
        .cmp = cmp,
        .aliases = s->aliases,
        .out_dir = dir,
        .templat_dir = s->templat,
        .font_dir = s->fonts,
        .provinsi = shard,
        .perwakilan = s->perwakilan,
        .kunci = s->kunci,
        .version = KP_VERSION,
        .epoch = document_epoch(y->tahun, &epoch_fixed),
        .epoch_fixed = epoch_fixed,
        .jobs = o->jobs,
        .progress = s->hooks->progress,
        .progress_ud = s->hooks->progress_ud,
        .cancel = s->hooks->cancel,
    };
    /* A shard whose province is absent this year has nothing to render for it. */
    if (o->provinsi && !shard) {
        cmp_free(cmp);
        return KP_OK;
    }

    /*
     * The data files and the workbook are written on a thread of their own while the
     * documents render: they share nothing but the read-only model, and the workbook is
     * one long single-threaded job that would otherwise leave a core idle.
     */
    tables_job tj = {.ctx = &ctx, .xo = {.per_provinsi = o->per_provinsi}};
    /* The workbook's author is the institution of the event settings, as on the documents. */
    acara ev;
    st = acara_load_dir(s->templat, y->tahun, ctx.epoch, &ev, err);
    if (st != KP_OK) {
        cmp_free(cmp);
        return st;
    }
    if (ev.path[0])
        tj.xo.author = ev.lembaga;
    /* Loaded once for every renderer of the year. */
    ctx.acara = &ev;
    /* Every document renderer records what it issued; written once they are all done. */
    dokumen_reg *reg = NULL;
    if (renders_pdf(o) && !(reg = dokumen_reg_new())) {
        cmp_free(cmp);
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    ctx.dokumen = reg;
    pthread_t tables_thread;
    bool threaded = pthread_create(&tables_thread, NULL, tables_main, &tj) == 0;
    if (!threaded)
        tables_main(&tj);
    const pilih *pl = &s->pilih[y - s->model->years];
    if (!pl->tidak) {
        /* --piagam-tingkat semua: one pass per level, each with its own template. */
        bool levels[2] = {strcmp(o->piagam_tingkat, "skpd") != 0,
                          strcmp(o->piagam_tingkat, "instansi") != 0};
        for (int lv = 0; lv < 2 && st == KP_OK; lv++) {
            if (!levels[lv])
                continue;
            piagam_options po;
            piagam_options_default(&po);
            po.pilih = *pl;
            po.level = lv ? PIAGAM_SKPD : PIAGAM_INSTANSI;
            po.gabung = o->piagam_gabung;
            size_t n = 0;
            st = piagam_render(&ctx, &po, &n, err);
            py->n_piagam += n;
        }
        lap(res, PIPELINE_PIAGAM, &t0);
    }
    if (st == KP_OK && o->rapor) {
        rapor_options ro = {.skpd = o->rapor_skpd};
        st = rapor_render(&ctx, &ro, &py->n_rapor, err);
        lap(res, PIPELINE_RAPOR, &t0);
    }
    /* Letters go with the certificates unless asked for everyone or for no one. */
    bool semua = !strcmp(o->surat, "semua");
    bool surat = semua || (strcmp(o->surat, "tidak") != 0 && !pl->tidak);
    if (st == KP_OK && surat) {
        surat_options so = {.pilih = semua ? NULL : pl, .gabung = o->surat_gabung};
        st = surat_render(&ctx, &so, &py->n_surat, err);
        lap(res, PIPELINE_SURAT, &t0);
    }
    if (st == KP_OK && o->ringkasan) {
        ringkasan_options rko = {.instansi = o->ringkasan_instansi};
        st = ringkasan_render(&ctx, &rko, &py->n_ringkasan, err);
        lap(res, PIPELINE_RINGKASAN, &t0);
    }
    if (threaded)
        pthread_join(tables_thread, NULL);
    if (st == KP_OK && reg) {
        double t1 = now_seconds();
        st = csvout_write_dokumen(&ctx, reg, err);
        /* The page only answers for codes: without a key there are none. */
        if (st == KP_OK && s->kunci)
            st = dokumen_write_page(&ctx, reg, err);
        res->seconds[PIPELINE_DATA] += now_seconds() - t1;
    }
    dokumen_reg_free(reg);
    res->seconds[PIPELINE_DATA] += tj.seconds[0];
    res->seconds[PIPELINE_REKAP] += tj.seconds[1];
    /* The tables come first in the pipeline's order: their failure is the one reported. */
    if (tj.st != KP_OK) {
        st = tj.st;
        if (err)
            *err = tj.err;
    } else {
        py->n_data = (cmp ? 4 : 3) + (reg ? 1 : 0);
        py->n_rekap = 1 + (o->per_provinsi ? y->n_provinsi : 0);
    }
    cmp_free(cmp);
    return st;
}

kp_status pipeline_check(const cli_options *o, const pipeline_hooks *hooks, diag_list *diags,
                         pipeline_result *res, kp_error *err)
{
    memset(res, 0, sizeof *res);
    run_state s = {.o = o, .hooks = hooks};
    kp_status st = read_and_aggregate(&s, diags, res, err);
    if (st == KP_OK)
        st = check_pilih(&s, err);
    if (st == KP_OK)
        st = check_recipients(&s, diags, err);
    /* acara.ini as the run reads it: a value the documents cannot print, at its line. */
    char path[PATH_MAX];
    if ((st == KP_OK || st == KP_ERR_DATA) && s.model && renders_pdf(o) &&
        snprintf(path, sizeof path, "%s/acara.ini", s.templat) < (int)sizeof path &&
        access(path, R_OK) == 0) {
        acara *ev = malloc(sizeof *ev);
        kp_status ast = ev ? acara_load(path, s.model->years[0].tahun, 0, ev, err)
                           : kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        free(ev);
        if (ast != KP_OK)
            st = ast;
    }
    res->n_years = s.model ? s.model->n_years : 0;
    run_state_free(&s);
    return st;
}

kp_status pipeline_run(const cli_options *o, const pipeline_hooks *hooks, diag_list *diags,
                       pipeline_result *res, kp_error *err)
{
    memset(res, 0, sizeof *res);
    snprintf(res->out_root, sizeof res->out_root, "%s", o->out_dir);
    run_state s = {.o = o, .hooks = hooks};
    outdir *od = NULL;
    /* One run per output folder, for the whole run: a second one is refused before reading. */
    kp_status st = outdir_open(o->out_dir, o->tunggu, hooks->cancel, &od, err);
    if (st == KP_OK)
        st = read_and_aggregate(&s, diags, res, err);
    if (st == KP_OK)
        st = check_requested_years(&s, err);
    if (st == KP_OK)
        st = check_pilih(&s, err);
    if (st == KP_OK)
        st = check_recipients(&s, diags, err);
    if (st == KP_OK)
        st = check_provinsi(&s, err);
    if (st == KP_OK) {
        /* Issuers are checked before anything is written: a bad row stops the run, a province
         * the file lacks is a warning (its documents fall back to acara.ini). */
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/perwakilan.csv", s.templat) >= (int)sizeof path)
            st = kp_error_set(err, KP_ERR_IO, s.templat, 0, 0, "nama folder terlalu panjang");
        else
            st = perwakilan_load(path, true, &s.perwakilan, err);
        if (st == KP_OK)
            perwakilan_periksa(s.perwakilan, s.model, diags);
    }
    if (st == KP_OK && o->kunci) {
        /* A bad key stops the run before anything is written, like a bad template. */
        s.kunci = malloc(sizeof *s.kunci);
        st = s.kunci ? kodeverif_key_load(o->kunci, s.kunci, err)
                     : kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    res->tanpa_kunci = !o->kunci && renders_pdf(o);
    if (st == KP_OK)
        st = outdir_begin(od, err);
    if (st == KP_OK) {
        res->years = calloc(s.model->n_years, sizeof *res->years);
        if (!res->years)
            st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    res->n_years = 0;
    for (size_t i = 0; st == KP_OK && i < s.model->n_years; i++) {
        const agg_year *y = &s.model->years[i];
        if (!cli_options_wants_year(o, y->tahun))
            continue;
        pipeline_year *py = &res->years[res->n_years++];
        py->tahun = y->tahun;
        st = render_year(&s, y, outdir_tmp(od), py, res, err);
        res->documents += py->n_rekap + py->n_piagam + py->n_rapor + py->n_surat + py->n_ringkasan;
        /* After the last year this is the last look: a commit once begun is finished. */
        if (st == KP_OK && hooks->cancel && *hooks->cancel)
            st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "dibatalkan");
    }
    /* The font programs cached for this run's documents are not needed by the next run. */
    pdfshim_cache_release();
    if (od) {
        double t0 = now_seconds();
        if (st == KP_OK)
            st = outdir_commit(od, err);
        else
            outdir_abort(od);
        lap(res, PIPELINE_SIMPAN, &t0);
    }
    run_state_free(&s);
    return st;
}

void pipeline_result_free(pipeline_result *res)
{
    free(res->years);
    res->years = NULL;
}

/* --- Input template ----------------------------------------------------------------------- */

kp_status pipeline_templat_input(const cli_options *o, kp_error *err)
{
    char templat[PATH_MAX];
    rubric_set set = {0};
    kp_status st = templat_and_rubrics(o, templat, sizeof templat, &set, err);
    if (st != KP_OK)
        return st;
    int tahun = o->n_tahun ? o->tahun[0] : 0;
    const rubric *r = NULL;
    if (tahun) {
        r = rubric_set_for_year(&set, tahun);
        if (!r)
            st = kp_error_set(err, KP_ERR_DATA, NULL, 0, 0, "tidak ada rubrik untuk tahun %d",
                              tahun);
    } else if (set.n > 0) {
        /* Without a year, the newest method in force is what a clerk fills in next. */
        for (int i = 0; i < set.n; i++)
            if (rubric_set_for_year(&set, set.items[i].tahun_dari) == &set.items[i] &&
                (!r || set.items[i].tahun_dari > r->tahun_dari))
                r = &set.items[i];
        if (!r)
            r = &set.items[set.n - 1];
        tahun = r->tahun_sampai;
    }
    if (st == KP_OK && r) {
        bool fixed;
        long long epoch = document_epoch(tahun, &fixed);
        if (o->csv)
            st = tplinput_write_csv(r, tahun, o->files[0], err);
        else
            st = tplinput_write_xlsx(r, tahun, epoch, o->files[0], err);
    }
    rubric_set_free(&set);
    return st;
}
