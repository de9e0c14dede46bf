/*
 * layani.h - `kepatuhan layani`: the browser front end, an HTTP server on libmicrohttpd.
 *
 * One process serves a page (HTML, CSS and JavaScript built into the program, so it works
 * offline) and a small JSON API over the same pipeline as the CLI (cli/pipeline.h):
 *
 *   GET  /                                   the page (with its CSRF token)
 *   GET  /api/token                          {"token": "..."} for scripts
 *   POST /api/periksa                        multipart, files in "berkas": 200 {"baik", ...}
 *   POST /api/jalankan                       the same plus option fields: 202 {"id"}
 *   GET  /api/tugas/<id>                     {"status", "kemajuan", "pesan", "berkas"}
 *   GET  /api/tugas/<id>/hasil.zip           every file of a finished job
 *   GET  /api/tugas/<id>/berkas/<path>       one file of a finished job
 *
 * Safety: 127.0.0.1 unless --kata-sandi is given (then HTTP basic auth on every request);
 * TLS with --sertifikat/--kunci-tls; POSTs need the header X-Token from the page or
 * /api/token; limits on upload size (413), files per upload (413), request time (408) and
 * uploads at once (429); every answer carries a Content-Security-Policy and nosniff.
 *
 * Library code: it prints nothing. main starts it, prints its address, and stops it.
 */
#ifndef KP_SERVE_LAYANI_H
#define KP_SERVE_LAYANI_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cli/cli.h"
#include "util/error.h"

typedef struct layani_options {
    const char *alamat;             /* --alamat, default 127.0.0.1 */
    int port;                       /* --port, default 8080; 0: any free port */
    const char *folder;             /* --folder, default kepatuhan-layani */
    const char *kata_sandi;         /* --kata-sandi FILE (katasandi.h) */
    const char *sertifikat;         /* --sertifikat FILE (PEM) */
    const char *kunci_tls;          /* --kunci-tls FILE (PEM) */
    unsigned long long maks_unggah; /* --maks-unggah, bytes a request; default 200 MiB */
    size_t maks_berkas;             /* --maks-berkas, files a request; default 50 */
    int jobs;                       /* -j/--jobs: runs at once; default 2 (1 on one core) */
    long simpan_jam;                /* --simpan JAM: a finished job is kept this long; default 24 */
    const char *templat;            /* --templat DIR for every run */
} layani_options;

/*
 * argv of `kepatuhan layani ...` (argv[0] is "layani"). Fills o with defaults and the
 * options given; CLI_USAGE_ERROR with msg when one is wrong, CLI_HELP for --help.
 */
cli_parse_status layani_parse(int argc, char **argv, layani_options *o, char *msg, size_t cap);

/* The --help text of `kepatuhan layani`. */
const char *layani_help_text(void);

typedef struct layani layani;

/*
 * Checks the options (KP_ERR_USAGE for an address other than 127.0.0.1 without --kata-sandi,
 * before anything is bound), reads the password file and TLS files (KP_ERR_DATA), reads
 * back the jobs in the folder, and starts serving. Its threads block SIGINT, SIGTERM and
 * SIGHUP, so those reach the caller's handler; *stop, set by it, abandons running jobs.
 */
kp_status layani_new(const layani_options *o, const atomic_int *stop, layani **out, kp_error *err);

/* Where it listens: "http://127.0.0.1:8080/". */
const char *layani_url(const layani *s);

/* Stops listening, waits for running jobs to end, and releases everything. NULL allowed. */
void layani_free(layani *s);

#endif
