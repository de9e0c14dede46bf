/*
 * pipeline.h - one run, stage by stage: rubrics -> read -> check -> aggregate -> compare ->
 * render, into a temporary folder that replaces the previous results only on success.
 *
 * Library code: it prints nothing. Problems in the input go to the caller's diag_list; a
 * failure that stops the run is returned as a kp_status with err filled.
 */
#ifndef KP_PIPELINE_H
#define KP_PIPELINE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cli/cli.h"
#include "model/rubric.h"
#include "util/diag.h"
#include "util/error.h"

typedef struct pipeline_hooks {
    void (*progress)(void *ud, const char *stage, size_t done, size_t total);
    void *progress_ud;
    const atomic_int *cancel;
    /*
     * Rubrics the caller has loaded (rubric_set_load_dir of the templates folder's rubrik/, or
     * rubric_set_load_file of --rubrik) for many runs with the same options; NULL: the run
     * loads them, as the command line does. They must outlive the run and stay unchanged.
     */
    const rubric_set *rubrics;
} pipeline_hooks;

/* What one year produced. */
typedef struct pipeline_year {
    int tahun;
    int tahun_lalu; /* compared with, or 0 */
    size_t n_rekap, n_piagam, n_rapor, n_surat, n_ringkasan, n_data;
} pipeline_year;

/* Stages whose wall time a run records (summed over years), for --waktu and bench/run. */
typedef enum pipeline_stage {
    PIPELINE_BACA,     /* rubrics, reading and checking the input */
    PIPELINE_AGREGASI, /* scores, aggregation, ranks */
    PIPELINE_BANDING,  /* year-on-year comparison */
    PIPELINE_DATA,     /* the data CSV files */
    PIPELINE_REKAP,    /* the workbook(s) */
    PIPELINE_PIAGAM,
    PIPELINE_RAPOR,
    PIPELINE_SURAT,
    PIPELINE_RINGKASAN, /* the executive summaries */
    PIPELINE_SIMPAN,    /* moving results into place */
    PIPELINE_STAGES
} pipeline_stage;

/* "baca", "agregasi", ... for a stage. */
const char *pipeline_stage_name(pipeline_stage s);

/* What a run read and wrote, for the closing summary. */
typedef struct pipeline_result {
    char out_root[4096];
    pipeline_year *years; /* malloc'd */
    size_t n_years;
    size_t rows, warnings, documents, instansi, units;
    char years_text[256];            /* "2022, 2023" */
    double seconds[PIPELINE_STAGES]; /* wall time per stage */
    bool tanpa_kunci;                /* documents were made without a key: no verification codes */
} pipeline_result;

/*
 * The full run of `kepatuhan [OPTIONS] FILE...`. Input problems go to diags; when any of
 * them is an error nothing is written and KP_ERR_DATA is returned (err then empty).
 * res is filled on success and must be released with pipeline_result_free either way.
 */
kp_status pipeline_run(const cli_options *o, const pipeline_hooks *hooks, diag_list *diags,
                       pipeline_result *res, kp_error *err);

/* `kepatuhan periksa`: reads and checks only; fills rows/years/instansi/units/warnings. */
kp_status pipeline_check(const cli_options *o, const pipeline_hooks *hooks, diag_list *diags,
                         pipeline_result *res, kp_error *err);

/* `kepatuhan rubrik [TAHUN]`: the rubric(s) in force as text (malloc'd, caller frees). */
kp_status pipeline_describe_rubrics(const cli_options *o, char **text, kp_error *err);

/* `kepatuhan templat-input`: writes the input template workbook (or CSV) to o->files[0]. */
kp_status pipeline_templat_input(const cli_options *o, kp_error *err);

/* Releases what a result holds. */
void pipeline_result_free(pipeline_result *res);

/*
 * The templates folder: --templat, else $KEPATUHAN_TEMPLAT, else the installed
 * share/kepatuhan/templates, else the source tree's templates/. The first that holds a
 * rubrik/ folder wins; KP_ERR_DATA listing where it looked when none does.
 */
kp_status pipeline_find_templat(const cli_options *o, char *out, size_t cap, kp_error *err);

#endif
