/*
 * main.c - the kepatuhan command line: options, progress, exit codes.
 *
 * This is the only place that prints and the only place that decides an exit code: every
 * stage returns a kp_status and fills a kp_error or a diag_list, and main turns them into
 * messages on stderr and one of the documented exit codes (0 ok, 1 usage, 2 data, 3 output or
 * system, 4 `verifikasi`: not genuine, 70 internal error).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/pipeline.h"
#include "render/dokumen.h"
#include "render/kodeverif.h"
#include "serve/katasandi.h"
#include "serve/layani.h"
#include "util/diag.h"
#include "util/error.h"

/* Set by the signal handler, polled by every thread of a run (and of layani's jobs): an
 * atomic, not a volatile sig_atomic_t, because the C11 model makes only atomics safe to share
 * between threads; a lock-free one is also safe to store from a handler. g_signal is written
 * before g_cancel, so whoever sees the flag sees the signal too. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the stop flag must be lock-free for the handler");
static atomic_int g_cancel;
static atomic_int g_signal;

static void on_signal(int sig)
{
    g_signal = sig;
    g_cancel = 1;
}

/* --- Progress ---------------------------------------------------------------------------- */

/* Seconds with a decimal comma, as Indonesian text writes them: "2,5". */
static const char *detik(double v, int decimals, char *buf, size_t cap)
{
    snprintf(buf, cap, "%.*f", decimals, v);
    char *dot = strchr(buf, '.');
    if (dot)
        *dot = ',';
    return buf;
}

/* One updating line on stderr, only on a terminal; renderers call in from worker threads. */
typedef struct progress {
    pthread_mutex_t lock;
    int enabled;
    struct timespec stage_start;
    struct timespec last_draw;
    char stage[32];
} progress;

static double seconds_between(struct timespec a, struct timespec b)
{
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static void progress_cb(void *ud, const char *stage, size_t done, size_t total)
{
    progress *p = ud;
    if (!p->enabled)
        return;
    pthread_mutex_lock(&p->lock);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (strcmp(p->stage, stage) != 0) {
        snprintf(p->stage, sizeof p->stage, "%s", stage);
        p->stage_start = now;
        p->last_draw.tv_sec = 0;
    }
    /* Redraw at most ten times a second, and always for the last document. */
    if (done == total || seconds_between(p->last_draw, now) >= 0.1) {
        p->last_draw = now;
        double el = seconds_between(p->stage_start, now);
        double rate = el > 0 ? (double)done / el : 0;
        fprintf(stderr, "\r\033[K%-8s %zu/%zu", stage, done, total);
        char left[32];
        if (rate > 0 && done < total)
            fprintf(stderr, "  %.0f/dtk, sisa %s dtk", rate,
                    detik((double)(total - done) / rate, 1, left, sizeof left));
        if (done == total)
            fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    pthread_mutex_unlock(&p->lock);
}

/* --- Messages ---------------------------------------------------------------------------- */

static void print_error(const kp_error *err)
{
    char buf[KP_ERROR_MSG_MAX + KP_ERROR_FILE_MAX + 64];
    fprintf(stderr, "kepatuhan: %s\n", kp_error_format(err, buf, sizeof buf));
}

static void print_diags(diag_list *d, int quiet)
{
    diag_sort(d);
    for (size_t i = 0; i < diag_count(d); i++) {
        const diag_item *it = diag_get(d, i);
        if (it->sev == DIAG_WARNING && quiet)
            continue;
        char buf[KP_ERROR_MSG_MAX + KP_ERROR_FILE_MAX + 64];
        fprintf(stderr, "%s\n", diag_format(it, buf, sizeof buf));
    }
    size_t de = diag_dropped(d, DIAG_ERROR), dw = diag_dropped(d, DIAG_WARNING);
    if (de)
        fprintf(stderr, "... dan %zu kesalahan lain\n", de);
    if (dw && !quiet)
        fprintf(stderr, "... dan %zu peringatan lain\n", dw);
}

/* Stage timings on stderr as "tahap detik" lines that bench/run parses. */
static void print_timing(const pipeline_result *r, double elapsed)
{
    for (int i = 0; i < PIPELINE_STAGES; i++)
        fprintf(stderr, "waktu %-9s %.4f\n", pipeline_stage_name((pipeline_stage)i), r->seconds[i]);
    fprintf(stderr, "waktu %-9s %.4f\n", "total", elapsed);
}

static void print_summary(const pipeline_result *r, double elapsed, int quiet)
{
    if (quiet)
        return;
    for (size_t i = 0; i < r->n_years; i++) {
        const pipeline_year *y = &r->years[i];
        fprintf(stderr,
                "%d: %s/%d/  rekap %zu, piagam %zu, rapor %zu, surat %zu, ringkasan %zu, data %zu "
                "berkas",
                y->tahun, r->out_root, y->tahun, y->n_rekap, y->n_piagam, y->n_rapor, y->n_surat,
                y->n_ringkasan, y->n_data);
        if (y->tahun_lalu)
            fprintf(stderr, " (dibandingkan dengan %d)", y->tahun_lalu);
        fputc('\n', stderr);
    }
    char el[32];
    fprintf(stderr, "Selesai dalam %s dtk: %zu baris dibaca, %zu peringatan, %zu dokumen.\n",
            detik(elapsed, 2, el, sizeof el), r->rows, r->warnings, r->documents);
}

/* --- Commands ---------------------------------------------------------------------------- */

/*
 * The documented exit codes (README "Kode keluar", kepatuhan.1), decided here and nowhere
 * else. 70 is EX_SOFTWARE of sysexits.h: a bug, to be reported, not something the user did.
 */
enum {
    EXIT_USAGE = 1,
    EXIT_DATA = 2,
    EXIT_IO = 3,
    EXIT_TIDAK_ASLI = 4,
    EXIT_INTERNAL = 70,
};

static int exit_code(kp_status st)
{
    switch (st) {
    case KP_OK:
        return 0;
    case KP_ERR_USAGE:
        return EXIT_USAGE;
    case KP_ERR_DATA:
        return EXIT_DATA;
    case KP_ERR_IO:
        return EXIT_IO;
    case KP_TIDAK_ASLI:
        return EXIT_TIDAK_ASLI;
    case KP_ERR_INTERNAL:
        break;
    }
    return EXIT_INTERNAL;
}

static int cmd_rubrik(const cli_options *o)
{
    kp_error err;
    kp_error_clear(&err);
    char *text = NULL;
    kp_status st = pipeline_describe_rubrics(o, &text, &err);
    if (st != KP_OK) {
        print_error(&err);
        return exit_code(st);
    }
    fputs(text, stdout);
    free(text);
    return 0;
}

static int cmd_templat_input(const cli_options *o)
{
    kp_error err;
    kp_error_clear(&err);
    kp_status st = pipeline_templat_input(o, &err);
    if (st != KP_OK) {
        print_error(&err);
        return exit_code(st);
    }
    if (!o->quiet)
        fprintf(stderr, "Templat masukan ditulis: %s\n", o->files[0]);
    return 0;
}

static int cmd_run(const cli_options *o, int check_only)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    progress prog = {.enabled = !o->quiet && isatty(STDERR_FILENO)};
    pthread_mutex_init(&prog.lock, NULL);

    pipeline_hooks hooks = {
        .progress = progress_cb,
        .progress_ud = &prog,
        .cancel = &g_cancel,
    };
    diag_list *diags = diag_new(o->max_errors);
    if (!diags) {
        fputs("kepatuhan: memori habis\n", stderr);
        return exit_code(KP_ERR_IO);
    }
    kp_error err;
    kp_error_clear(&err);
    pipeline_result res;
    kp_status st = check_only ? pipeline_check(o, &hooks, diags, &res, &err)
                              : pipeline_run(o, &hooks, diags, &res, &err);
    pthread_mutex_destroy(&prog.lock);

    print_diags(diags, o->quiet);
    if (st == KP_OK && diag_errors(diags) > 0)
        st = KP_ERR_DATA;
    if (st != KP_OK) {
        if (err.msg[0])
            print_error(&err);
        if (diag_errors(diags) > 0)
            fprintf(stderr, "kepatuhan: %zu kesalahan; tidak ada keluaran yang ditulis.\n",
                    diag_errors(diags));
    }
    diag_free(diags);

    if (g_cancel) {
        /* The pipeline has removed its temporary files, or finished the commit it had begun
         * (only then does it succeed): die by the signal so the caller sees what happened
         * (shell status 128 + signal). */
        if (st == KP_OK && !check_only)
            fputs("kepatuhan: dibatalkan saat penyimpanan, yang tetap diselesaikan; keluaran "
                  "baru sudah terpasang.\n",
                  stderr);
        else
            fputs("kepatuhan: dibatalkan; keluaran sebelumnya tidak berubah.\n", stderr);
        pipeline_result_free(&res);
        signal(g_signal, SIG_DFL);
        raise(g_signal);
        return exit_code(KP_ERR_IO);
    }
    if (st == KP_OK) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (check_only) {
            if (!o->quiet)
                fprintf(stdout,
                        "Berkas baik: %zu baris, %zu tahun (%s), %zu instansi, %zu unit, %zu "
                        "peringatan.\n",
                        res.rows, res.n_years, res.years_text, res.instansi, res.units,
                        res.warnings);
        } else {
            if (res.tanpa_kunci && !o->quiet)
                fputs("kepatuhan: catatan: tanpa --kunci (atau $KEPATUHAN_KUNCI) dokumen dibuat "
                      "tanpa kode verifikasi dan kode QR; buat kunci dengan 'kepatuhan "
                      "kunci-baru BERKAS'\n",
                      stderr);
            print_summary(&res, seconds_between(t0, t1), o->quiet);
            if (o->waktu)
                print_timing(&res, seconds_between(t0, t1));
        }
    }
    pipeline_result_free(&res);
    return exit_code(st);
}

/* `kepatuhan kunci-baru FILE`: a new issuer's key, never over an existing file. */
static int cmd_kunci_baru(const cli_options *o)
{
    kp_error err;
    kp_error_clear(&err);
    kp_status st = kodeverif_key_create(o->files[0], &err);
    if (st != KP_OK) {
        print_error(&err);
        return exit_code(st);
    }
    if (!o->quiet)
        fprintf(stderr,
                "Kunci baru ditulis: %s (mode 0600). Simpan salinannya di tempat aman: tanpa "
                "kunci ini kode verifikasi tidak dapat diperiksa.\n",
                o->files[0]);
    return 0;
}

static void print_fakta(const dokumen_entri *e)
{
    char nilai[32];
    printf("  berkas    %s\n  dokumen   %s %d\n", e->path, e->jenis, e->tahun);
    if (e->instansi[0])
        printf("  instansi  %s\n", e->instansi);
    if (e->unit[0])
        printf("  unit      %s\n", e->unit);
    if (e->instansi[0]) {
        dec_format(e->nilai, ',', nilai, sizeof nilai);
        printf("  nilai     %s\n", nilai);
    }
    if (e->kategori[0])
        printf("  kategori  %s\n", e->kategori);
    if (e->hasil[0])
        printf("  hasil     %s\n", e->hasil);
    if (e->gerbang[0])
        printf("  gerbang   %s\n", e->gerbang);
    if (e->nomor[0])
        printf("  nomor     %s\n", e->nomor);
    if (e->kode[0])
        printf("  kode      %s\n", e->kode);
}

/* A PDF argument: named so, or an existing file (a code is never a file name). */
static int is_pdf_arg(const char *arg)
{
    size_t n = strlen(arg);
    struct stat sb;
    return (n > 4 && strcasecmp(arg + n - 4, ".pdf") == 0) ||
           (stat(arg, &sb) == 0 && S_ISREG(sb.st_mode));
}

/*
 * `kepatuhan verifikasi KODE --kunci FILE --data DIR` and `verifikasi FILE.pdf --data DIR`:
 * 0 genuine (the facts on stdout), 4 not genuine, 1 a malformed code, 2/3 a missing or bad
 * key or register.
 */
static int cmd_verifikasi(const cli_options *o)
{
    kp_error err;
    kp_error_clear(&err);
    const char *arg = o->files[0];
    int pdf = is_pdf_arg(arg);
    char code16[KODEVERIF_LEN + 1];
    kp_status st = pdf ? KP_OK : kodeverif_parse(arg, code16, &err);
    if (st != KP_OK) {
        print_error(&err);
        return exit_code(st);
    }
    kodeverif_key *key = NULL;
    if (!pdf) {
        if (!o->kunci) {
            fputs("kepatuhan: verifikasi kode memerlukan --kunci BERKAS (atau $KEPATUHAN_KUNCI): "
                  "hanya kunci penerbit yang dapat memeriksa kode\n",
                  stderr);
            return exit_code(KP_ERR_USAGE);
        }
        key = malloc(sizeof *key);
        st = key ? kodeverif_key_load(o->kunci, key, &err)
                 : kp_error_set(&err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    dokumen_reg *reg = NULL;
    if (st == KP_OK)
        st = dokumen_read(o->data, &reg, &err);
    const dokumen_entri *e = NULL;
    if (st == KP_OK)
        st = pdf ? dokumen_verify_file(reg, arg, &e, &err)
                 : dokumen_verify_code(reg, key, code16, &e, &err);
    if (st == KP_OK) {
        printf(pdf ? "ASLI: berkas sama persis dengan dokumen terbitan\n"
                   : "ASLI: kode verifikasi sah untuk dokumen berikut\n");
        print_fakta(e);
    } else if (st == KP_TIDAK_ASLI) {
        char buf[KP_ERROR_MSG_MAX + KP_ERROR_FILE_MAX + 64];
        printf("%s\n", kp_error_format(&err, buf, sizeof buf));
    } else {
        print_error(&err);
    }
    dokumen_reg_free(reg);
    if (key) {
        memset(key, 0, sizeof *key);
        free(key);
    }
    return exit_code(st);
}

/*
 * What was printed must have arrived: a report lost to a full disk behind a redirect is an
 * output error (exit 3), unless the run already failed for another reason. stdout is closed
 * here so that a failure only its final flush sees is caught too.
 */
static int check_std_streams(int rc)
{
    int lost = ferror(stdout);
    if (fclose(stdout) != 0 && !lost) {
        lost = 1;
        char why[128];
        fprintf(stderr, "kepatuhan: gagal menulis ke keluaran standar: %s\n",
                kp_errno_text(errno, why, sizeof why));
    } else if (lost) {
        fputs("kepatuhan: gagal menulis ke keluaran standar\n", stderr);
    }
    if (fflush(stderr) != 0 || ferror(stderr))
        lost = 1;
    return lost && rc == 0 ? exit_code(KP_ERR_IO) : rc;
}

/* --- The browser front end ------------------------------------------------------------- */

/* `kepatuhan layani`: serves until SIGINT/SIGTERM/SIGHUP, then lets running jobs stop. */
static int cmd_layani(int argc, char **argv)
{
    layani_options lo;
    char msg[512];
    switch (layani_parse(argc, argv, &lo, msg, sizeof msg)) {
    case CLI_HELP:
        fputs(layani_help_text(), stdout);
        return 0;
    case CLI_OK:
        break;
    default:
        fprintf(stderr, "kepatuhan: %s\nCoba 'kepatuhan layani --help'.\n", msg);
        return exit_code(KP_ERR_USAGE);
    }
    /* Blocked until sigsuspend, so a signal cannot slip in between the test and the wait. */
    sigset_t stop_set, old;
    sigemptyset(&stop_set);
    sigaddset(&stop_set, SIGINT);
    sigaddset(&stop_set, SIGTERM);
    sigaddset(&stop_set, SIGHUP);
    sigprocmask(SIG_BLOCK, &stop_set, &old);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    kp_error err;
    kp_error_clear(&err);
    layani *srv;
    kp_status st = layani_new(&lo, &g_cancel, &srv, &err);
    if (st != KP_OK) {
        print_error(&err);
        return exit_code(st);
    }
    printf("kepatuhan layani: %s\n", layani_url(srv));
    fflush(stdout);
    if (lo.kata_sandi && !lo.sertifikat)
        fputs("kepatuhan: peringatan: tanpa --sertifikat kata sandi dikirim tanpa enkripsi\n",
              stderr);
    while (!g_cancel)
        sigsuspend(&old);
    fputs("kepatuhan layani: berhenti; tugas yang berjalan dilanjutkan saat mulai lagi\n", stderr);
    layani_free(srv);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return 0;
}

/* One line from stdin without its line break; echo off on a terminal. */
static int read_password(const char *prompt, char *buf, size_t cap)
{
    int tty = isatty(STDIN_FILENO);
    struct termios saved, quiet;
    if (tty) {
        fputs(prompt, stderr);
        tcgetattr(STDIN_FILENO, &saved);
        quiet = saved;
        quiet.c_lflag &= (tcflag_t)~ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *got = fgets(buf, (int)cap, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        fputc('\n', stderr);
    }
    if (!got)
        return -1;
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

/* `kepatuhan kata-sandi NAMA`: the password file line for NAMA, password read from stdin. */
static int cmd_kata_sandi(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs("Pemakaian: kepatuhan kata-sandi NAMA >> BERKAS\n"
              "Membaca kata sandi dari masukan standar dan mencetak baris 'NAMA:hash' (yescrypt)\n"
              "untuk berkas 'kepatuhan layani --kata-sandi BERKAS'.\n",
              stdout);
        return 0;
    }
    if (argc != 2) {
        fputs("kepatuhan: kata-sandi memerlukan tepat satu NAMA\nCoba 'kepatuhan kata-sandi "
              "--help'.\n",
              stderr);
        return exit_code(KP_ERR_USAGE);
    }
    char pw[1024], again[1024];
    if (read_password("Kata sandi: ", pw, sizeof pw) != 0) {
        fputs("kepatuhan: tidak ada kata sandi pada masukan standar\n", stderr);
        return exit_code(KP_ERR_USAGE);
    }
    if (isatty(STDIN_FILENO) &&
        (read_password("Ulangi: ", again, sizeof again) != 0 || strcmp(pw, again) != 0)) {
        fputs("kepatuhan: kedua kata sandi tidak sama\n", stderr);
        return exit_code(KP_ERR_USAGE);
    }
    char line[1400];
    kp_error err;
    kp_error_clear(&err);
    kp_status st = katasandi_line(argv[1], pw, line, sizeof line, &err);
    memset(pw, 0, sizeof pw);
    memset(again, 0, sizeof again);
    if (st != KP_OK) {
        print_error(&err);
        return exit_code(st);
    }
    printf("%s\n", line);
    return 0;
}

int main(int argc, char **argv)
{
    /* Subcommands with options of their own, parsed by their modules. */
    if (argc > 1 && strcmp(argv[1], "layani") == 0)
        return cmd_layani(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "kata-sandi") == 0)
        return cmd_kata_sandi(argc - 1, argv + 1);

    cli_options opts;
    char usage_msg[512];
    cli_parse_status ps = cli_parse(argc, argv, &opts, usage_msg, sizeof usage_msg);
    switch (ps) {
    case CLI_HELP:
        for (const char *const *piece = cli_help_text(); *piece; piece++)
            fputs(*piece, stdout);
        cli_options_free(&opts);
        return check_std_streams(0);
    case CLI_VERSION:
        printf("kepatuhan %s\n", KP_VERSION);
        cli_options_free(&opts);
        return check_std_streams(0);
    case CLI_USAGE_ERROR:
        fprintf(stderr, "kepatuhan: %s\nCoba 'kepatuhan --help'.\n", usage_msg);
        cli_options_free(&opts);
        return exit_code(KP_ERR_USAGE);
    case CLI_OK:
        break;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    int rc;
    switch (opts.command) {
    case CLI_CMD_RUBRIK:
        rc = cmd_rubrik(&opts);
        break;
    case CLI_CMD_TEMPLAT_INPUT:
        rc = cmd_templat_input(&opts);
        break;
    case CLI_CMD_KUNCI_BARU:
        rc = cmd_kunci_baru(&opts);
        break;
    case CLI_CMD_VERIFIKASI:
        rc = cmd_verifikasi(&opts);
        break;
    case CLI_CMD_PERIKSA:
        rc = cmd_run(&opts, 1);
        break;
    default:
        rc = cmd_run(&opts, 0);
        break;
    }
    cli_options_free(&opts);
    return check_std_streams(rc);
}
