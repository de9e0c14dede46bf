/*
 * tugas.h - the server's jobs: a queue of runs of the same pipeline as the CLI, one folder
 * each, kept on disk so that a restart loses no finished job.
 *
 * A job lives in FOLDER/<id>/ (id: 32 hex digits from getrandom, so unguessable):
 *   masukan/<i>.csv   the uploaded files, under names the server chose (masukan.h)
 *   tugas             its state as "kunci nilai" lines, replaced atomically
 *   hasil/            the run's --out folder, written through outdir (atomic per run)
 *   hasil.zip         everything in hasil/, written before the job is marked finished
 * The state file says "selesai" only after hasil.zip is in place, so a server killed in the
 * middle of a job never serves a half-written one as finished: at the next start a job that
 * was queued or running is queued again from its inputs, and a folder without a state file
 * (an upload cut short) is removed. Finished and failed jobs are removed once older than the
 * configured time.
 */
#ifndef KP_SERVE_TUGAS_H
#define KP_SERVE_TUGAS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "serve/masukan.h"
#include "util/error.h"

typedef enum tugas_status { TUGAS_ANTRE, TUGAS_JALAN, TUGAS_SELESAI, TUGAS_GAGAL } tugas_status;

/* "antre", "jalan", "selesai", "gagal": the API's words. */
const char *tugas_status_name(tugas_status s);

typedef struct tugas_config {
    const char *folder;     /* where job folders live (created when missing) */
    int serentak;           /* jobs run at once */
    int jobs;               /* --jobs of each run (threads for documents) */
    long simpan_detik;      /* a finished job is removed this long after it finished */
    size_t maks_antre;      /* jobs waiting at most; more is refused (HTTP 429) */
    size_t maks_berkas;     /* files in one job */
    const char *templat;    /* --templat of every run, or NULL */
    const atomic_int *stop; /* set when the server stops: runs are abandoned */
} tugas_config;

typedef struct tugas_antre tugas_antre;
typedef struct tugas tugas;

/* Reads back the jobs in cfg->folder and starts the workers. cfg must outlive the queue. */
kp_status tugas_antre_new(const tugas_config *cfg, tugas_antre **out, kp_error *err);

/* Stops the workers, waiting for running jobs to end (they end early once *cfg->stop). */
void tugas_antre_free(tugas_antre *q);

/*
 * A new job whose files are being uploaded: its folder exists, it is not visible yet.
 * KP_ERR_USAGE when the queue is full.
 */
kp_status tugas_baru(tugas_antre *q, tugas **out, kp_error *err);

/* Where the job's uploaded files go. */
masukan *tugas_masukan(tugas *t);

/* The job's id (32 hex digits). */
const char *tugas_id(const tugas *t);

/*
 * Queues the job with the run's options as CLI arguments ("--tahun", "2023", ...), checked
 * here by the CLI's own parser: KP_ERR_USAGE with its message when they are wrong or no file
 * was uploaded. On failure the job is still the caller's (tugas_batal).
 */
kp_status tugas_kirim(tugas_antre *q, tugas *t, char *const *args, size_t n_args, kp_error *err);

/* Drops a job that was never queued, and its folder. */
void tugas_batal(tugas_antre *q, tugas *t);

typedef struct tugas_info {
    tugas_status status;
    double kemajuan; /* 0..1 */
    char pesan[KP_ERROR_MSG_MAX];
} tugas_info;

/*
 * What a job is doing; for a finished one also its files, relative to hasil/ and sorted
 * (malloc'd array of malloc'd strings, *berkas NULL otherwise; free with tugas_berkas_free).
 * false when there is no such job.
 */
bool tugas_lihat(tugas_antre *q, const char *id, tugas_info *info, char ***berkas, size_t *n);
void tugas_berkas_free(char **berkas, size_t n);

/*
 * Opens hasil/<rel> of a finished job (rel NULL: its hasil.zip) for reading, with st filled.
 * Only a regular file reached through folders is opened: rel is refused when a component is
 * empty, starts with '.', or has a character output names never have, and no symbolic link
 * is followed. -1 when there is no such file (the server answers 404).
 */
int tugas_buka(tugas_antre *q, const char *id, const char *rel, struct stat *st);

/*
 * cli_parse under a lock: getopt keeps global state, and requests are parsed on many
 * threads. argv is permuted and o points into it, as with cli_parse.
 */
cli_parse_status tugas_cli_parse(int argc, char **argv, cli_options *o, char *msg, size_t cap);

/* hex digits of n random bytes from getrandom(2) and a NUL into out (2n+1 bytes). */
kp_status tugas_acak(char *out, size_t n, kp_error *err);

#endif
