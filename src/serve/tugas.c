#include "serve/tugas.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <minizip/zip.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "cli/pipeline.h"
#include "util/diag.h"
#include "util/outdir.h"

struct tugas {
    char id[33];
    char dir[PATH_MAX];
    tugas_status status;
    double kemajuan;
    char pesan[KP_ERROR_MSG_MAX];
    long long dibuat, selesai;
    char **args;
    size_t n_args;
    masukan in;
    tugas_antre *q;
};

struct tugas_antre {
    const tugas_config *cfg;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stopping;
    tugas **items; /* every visible job */
    size_t n, cap;
    tugas **fifo; /* queued jobs, oldest first */
    size_t n_fifo, cap_fifo;
    size_t baru; /* jobs being uploaded, counted against maks_antre */
    pthread_t *workers;
    int n_workers;
};

static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

cli_parse_status tugas_cli_parse(int argc, char **argv, cli_options *o, char *msg, size_t cap)
{
    pthread_mutex_lock(&parse_lock);
    cli_parse_status ps = cli_parse(argc, argv, o, msg, cap);
    pthread_mutex_unlock(&parse_lock);
    return ps;
}

const char *tugas_status_name(tugas_status s)
{
    static const char *const names[] = {"antre", "jalan", "selesai", "gagal"};
    return names[s];
}

kp_status tugas_acak(char *out, size_t n, kp_error *err)
{
    unsigned char b[64];
    if (n > sizeof b)
        n = sizeof b;
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(b + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return kp_error_errno(err, KP_ERR_IO, NULL, errno, "bilangan acak", "diambil");
        got += (size_t)r;
    }
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
    return KP_OK;
}

static long long now_epoch(void)
{
    return (long long)time(NULL);
}

/* --- State file --------------------------------------------------------------------------- */

/* One line of the state file: values never hold a line break. */
static void put_line(char **buf, size_t *len, size_t *cap, const char *key, const char *val)
{
    size_t need = strlen(key) + strlen(val) + 3;
    if (*len + need > *cap) {
        size_t nc = (*cap ? *cap * 2 : 512) + need;
        char *nb = realloc(*buf, nc);
        if (!nb)
            return;
        *buf = nb;
        *cap = nc;
    }
    int w = snprintf(*buf + *len, *cap - *len, "%s %s\n", key, val);
    for (char *p = *buf + *len + strlen(key) + 1; p < *buf + *len + w - 1; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    *len += (size_t)w;
}

static kp_status save_state(const tugas *t, kp_error *err)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    char num[32];
    put_line(&buf, &len, &cap, "status", tugas_status_name(t->status));
    snprintf(num, sizeof num, "%lld", t->dibuat);
    put_line(&buf, &len, &cap, "dibuat", num);
    snprintf(num, sizeof num, "%lld", t->selesai);
    put_line(&buf, &len, &cap, "selesai", num);
    put_line(&buf, &len, &cap, "pesan", t->pesan);
    for (size_t i = 0; i < t->n_args; i++)
        put_line(&buf, &len, &cap, "arg", t->args[i]);
    for (size_t i = 0; i < t->in.n; i++) {
        char v[600];
        snprintf(v, sizeof v, "%s %s", masukan_simpan(&t->in, i), t->in.asli[i]);
        put_line(&buf, &len, &cap, "masukan", v);
    }
    if (!buf)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    char path[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/tugas", t->dir);
    kp_status st = outdir_write_file(path, buf, len, err);
    free(buf);
    return st;
}

static void tugas_free(tugas *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_args; i++)
        free(t->args[i]);
    free(t->args);
    masukan_fini(&t->in);
    free(t);
}

static kp_status add_arg(tugas *t, const char *a, kp_error *err)
{
    char **na = realloc(t->args, (t->n_args + 1) * sizeof *na);
    char *dup = na ? strdup(a) : NULL;
    if (na)
        t->args = na;
    if (!dup)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    t->args[t->n_args++] = dup;
    return KP_OK;
}

static bool is_id(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return false;
    return n == 32;
}

/* A job read back from FOLDER/<id>/tugas; NULL when the file is missing or not one. */
static tugas *load_state(tugas_antre *q, const char *id)
{
    /* Folder names that cannot be a job id are not jobs. */
    if (strlen(id) >= sizeof((tugas *)0)->id)
        return NULL;
    tugas *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->q = q;
    t->in.fd = -1;
    snprintf(t->id, sizeof t->id, "%.32s", id);
    snprintf(t->dir, sizeof t->dir, "%s/%s", q->cfg->folder, id);
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/tugas", t->dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        free(t);
        return NULL;
    }
    if (snprintf(t->in.dir, sizeof t->in.dir, "%s/masukan", t->dir) >= (int)sizeof t->in.dir) {
        fclose(f);
        free(t);
        return NULL;
    }
    t->in.maks = q->cfg->maks_berkas;
    bool ok = true, have_status = false;
    char line[8192];
    while (ok && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *val = strchr(line, ' ');
        if (!val)
            continue;
        *val++ = '\0';
        if (!strcmp(line, "status")) {
            have_status = true;
            if (!strcmp(val, "antre") || !strcmp(val, "jalan"))
                t->status = TUGAS_ANTRE;
            else if (!strcmp(val, "selesai"))
                t->status = TUGAS_SELESAI;
            else if (!strcmp(val, "gagal"))
                t->status = TUGAS_GAGAL;
            else
                ok = false;
        } else if (!strcmp(line, "dibuat")) {
            t->dibuat = strtoll(val, NULL, 10);
        } else if (!strcmp(line, "selesai")) {
            t->selesai = strtoll(val, NULL, 10);
        } else if (!strcmp(line, "pesan")) {
            snprintf(t->pesan, sizeof t->pesan, "%s", val);
        } else if (!strcmp(line, "arg")) {
            ok = add_arg(t, val, NULL) == KP_OK;
        } else if (!strcmp(line, "masukan")) {
            char *nama = strchr(val, ' ');
            ok = nama != NULL;
            if (ok) {
                *nama++ = '\0';
                /* Stored names are the server's own "<i>.csv": anything else was tampered. */
                ok = strspn(val, "0123456789.csvxl") == strlen(val) && val[0] != '.' &&
                     masukan_tambah(&t->in, val, nama, NULL) == KP_OK;
            }
        }
    }
    fclose(f);
    if (!ok || !have_status) {
        tugas_free(t);
        return NULL;
    }
    if (t->status == TUGAS_SELESAI)
        t->kemajuan = 1;
    return t;
}

/* --- Queue -------------------------------------------------------------------------------- */

static bool grow(void *arr, size_t *cap, size_t n)
{
    void ***a = arr;
    if (n < *cap)
        return true;
    size_t nc = *cap ? *cap * 2 : 16;
    void **na = realloc(*a, nc * sizeof *na);
    if (!na)
        return false;
    *a = na;
    *cap = nc;
    return true;
}

static tugas *find(tugas_antre *q, const char *id)
{
    for (size_t i = 0; i < q->n; i++)
        if (strcmp(q->items[i]->id, id) == 0)
            return q->items[i];
    return NULL;
}

/* Removes finished jobs past their time. Called with the lock held. */
static void sweep(tugas_antre *q)
{
    long long now = now_epoch();
    size_t w = 0;
    for (size_t i = 0; i < q->n; i++) {
        tugas *t = q->items[i];
        bool done = t->status == TUGAS_SELESAI || t->status == TUGAS_GAGAL;
        if (done && now - t->selesai >= q->cfg->simpan_detik) {
            outdir_remove_tree(t->dir);
            tugas_free(t);
        } else {
            q->items[w++] = t;
        }
    }
    q->n = w;
}

static void set_progress(void *ud, const char *stage, size_t done, size_t total)
{
    tugas *t = ud;
    /* Where each stage sits on the bar; the workbook and data files go beside the documents. */
    static const struct {
        const char *stage;
        double from, span;
    } spans[] = {
        {"baca", 0.0, 0.1}, {"piagam", 0.1, 0.3}, {"rapor", 0.4, 0.3}, {"surat", 0.7, 0.25}};
    double from = 0.1, span = 0.85;
    for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++)
        if (!strcmp(spans[i].stage, stage))
            from = spans[i].from, span = spans[i].span;
    double f = from + span * (total ? (double)done / (double)total : 1.0);
    pthread_mutex_lock(&t->q->lock);
    /* A second year starts the stages again: the bar never moves back. */
    if (f > t->kemajuan)
        t->kemajuan = f;
    snprintf(t->pesan, sizeof t->pesan, "%s %zu/%zu", stage, done, total);
    pthread_mutex_unlock(&t->q->lock);
}

/* --- Zip ---------------------------------------------------------------------------------- */

static int compare_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct list {
    char **v;
    size_t n, cap;
    bool oom;
} list;

/* Regular files under root/rel, as paths relative to root; links and dot names skipped. */
static void walk(const char *root, const char *rel, list *out)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[PATH_MAX], full[PATH_MAX + 256];
        snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        struct stat st;
        if (lstat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            walk(root, sub, out);
        } else if (S_ISREG(st.st_mode)) {
            if (!grow(&out->v, &out->cap, out->n) || !(out->v[out->n] = strdup(sub))) {
                out->oom = true;
                continue;
            }
            out->n++;
        }
    }
    closedir(d);
}

static kp_status list_files(const char *root, list *out, kp_error *err)
{
    memset(out, 0, sizeof *out);
    walk(root, "", out);
    if (out->oom) {
        tugas_berkas_free(out->v, out->n);
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, compare_str);
    return KP_OK;
}

void tugas_berkas_free(char **berkas, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(berkas[i]);
    free(berkas);
}

/*
 * hasil.zip from hasil/, through minizip (the zip library the .xlsx reader already links),
 * one file at a time so that the archive is never held in memory. Abandoned (KP_ERR_IO,
 * "dibatalkan") when the server stops: a stop never waits for a national run's zip, and the
 * job, still "jalan", runs again at the next start.
 */
static kp_status write_zip(const tugas *t, const atomic_int *stop, kp_error *err)
{
    char root[PATH_MAX + 8], tmp[PATH_MAX + 16], final[PATH_MAX + 16];
    snprintf(root, sizeof root, "%s/hasil", t->dir);
    snprintf(tmp, sizeof tmp, "%s/hasil.zip.tmp", t->dir);
    snprintf(final, sizeof final, "%s/hasil.zip", t->dir);
    list files;
    kp_status st = list_files(root, &files, err);
    if (st != KP_OK)
        return st;
    zipFile zf = zipOpen64(tmp, APPEND_STATUS_CREATE);
    if (!zf) {
        tugas_berkas_free(files.v, files.n);
        return kp_error_set(err, KP_ERR_IO, tmp, 0, 0, "tidak dapat dibuat");
    }
    char *buf = malloc(1 << 16);
    if (!buf)
        st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    for (size_t i = 0; st == KP_OK && i < files.n; i++) {
        if (stop && *stop) {
            st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "dibatalkan");
            break;
        }
        char path[PATH_MAX + 600];
        snprintf(path, sizeof path, "%s/%s", root, files.v[i]);
        FILE *f = fopen(path, "rb");
        struct stat sb;
        if (!f || fstat(fileno(f), &sb) != 0) {
            if (f)
                fclose(f);
            st = kp_error_set(err, KP_ERR_IO, path, 0, 0, "tidak dapat dibaca");
            break;
        }
        zip_fileinfo zi;
        memset(&zi, 0, sizeof zi);
        struct tm tm;
        localtime_r(&sb.st_mtime, &tm);
        zi.tmz_date.tm_sec = (unsigned)tm.tm_sec;
        zi.tmz_date.tm_min = (unsigned)tm.tm_min;
        zi.tmz_date.tm_hour = (unsigned)tm.tm_hour;
        zi.tmz_date.tm_mday = (unsigned)tm.tm_mday;
        zi.tmz_date.tm_mon = (unsigned)tm.tm_mon;
        zi.tmz_date.tm_year = (unsigned)tm.tm_year + 1900;
        if (zipOpenNewFileInZip64(zf, files.v[i], &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                  Z_DEFAULT_COMPRESSION, sb.st_size >= 0xffffffffLL) != ZIP_OK)
            st = kp_error_set(err, KP_ERR_IO, tmp, 0, 0, "tidak dapat ditulis");
        size_t n;
        while (st == KP_OK && (n = fread(buf, 1, 1 << 16, f)) > 0)
            if (zipWriteInFileInZip(zf, buf, (unsigned)n) != ZIP_OK)
                st = kp_error_set(err, KP_ERR_IO, tmp, 0, 0, "tidak dapat ditulis");
        if (st == KP_OK && ferror(f))
            st = kp_error_set(err, KP_ERR_IO, path, 0, 0, "tidak dapat dibaca");
        fclose(f);
        if (zipCloseFileInZip(zf) != ZIP_OK && st == KP_OK)
            st = kp_error_set(err, KP_ERR_IO, tmp, 0, 0, "tidak dapat ditulis");
    }
    free(buf);
    if (zipClose(zf, NULL) != ZIP_OK && st == KP_OK)
        st = kp_error_set(err, KP_ERR_IO, tmp, 0, 0, "tidak dapat ditulis");
    tugas_berkas_free(files.v, files.n);
    if (st == KP_OK && rename(tmp, final) != 0)
        st = kp_error_errno(err, KP_ERR_IO, final, errno, "hasil tugas", "dipasang");
    if (st != KP_OK)
        unlink(tmp);
    return st;
}

/* --- Running ------------------------------------------------------------------------------ */

/* The findings of a failed run in one line, with the names as uploaded. */
static void findings_text(const tugas *t, diag_list *d, char *out, size_t cap)
{
    diag_sort(d);
    size_t len = 0, shown = 0;
    out[0] = '\0';
    for (size_t i = 0; i < diag_count(d) && len < cap && shown < 5; i++) {
        const diag_item *it = diag_get(d, i);
        if (it->sev != DIAG_ERROR)
            continue;
        kp_error e;
        kp_error_clear(&e);
        snprintf(e.file, sizeof e.file, "%s", masukan_nama(&t->in, it->file));
        e.line = it->line;
        e.col = it->col;
        snprintf(e.msg, sizeof e.msg, "%s", it->msg);
        char one[KP_ERROR_MSG_MAX + KP_ERROR_FILE_MAX + 64];
        len += (size_t)snprintf(out + len, cap - len, "%s%s", shown ? "; " : "",
                                kp_error_format(&e, one, sizeof one));
        shown++;
    }
    if (len < cap && diag_errors(d) > shown)
        snprintf(out + len, cap - len, " (%zu kesalahan; periksa berkas dahulu)", diag_errors(d));
}

/* Runs the job's pipeline; returns its final status and fills pesan. */
static tugas_status run_job(tugas_antre *q, tugas *t, char *pesan, size_t cap)
{
    const tugas_config *cfg = q->cfg;
    char out[PATH_MAX + 8], jobs[16];
    snprintf(out, sizeof out, "%s/hasil", t->dir);
    snprintf(jobs, sizeof jobs, "%d", cfg->jobs);
    size_t argc = 0, maxc = 8 + t->n_args + t->in.n;
    char **argv = calloc(maxc + 1, sizeof *argv);
    if (!argv) {
        snprintf(pesan, cap, "memori habis");
        return TUGAS_GAGAL;
    }
    argv[argc++] = "kepatuhan";
    argv[argc++] = "--quiet";
    argv[argc++] = "--out";
    argv[argc++] = out;
    argv[argc++] = "--jobs";
    argv[argc++] = jobs;
    if (cfg->templat) {
        argv[argc++] = "--templat";
        argv[argc++] = (char *)cfg->templat;
    }
    for (size_t i = 0; i < t->n_args; i++)
        argv[argc++] = t->args[i];
    argv[argc++] = "--";
    for (size_t i = 0; i < t->in.n; i++)
        argv[argc++] = t->in.jalur[i];

    cli_options o;
    char msg[512];
    tugas_status result = TUGAS_GAGAL;
    if (tugas_cli_parse((int)argc, argv, &o, msg, sizeof msg) != CLI_OK) {
        snprintf(pesan, cap, "%s", msg);
        cli_options_free(&o);
        free(argv);
        return result;
    }
    diag_list *diags = diag_new(o.max_errors);
    kp_error err;
    kp_error_clear(&err);
    pipeline_hooks hooks = {.progress = set_progress, .progress_ud = t, .cancel = cfg->stop};
    pipeline_result res;
    kp_status st = diags ? pipeline_run(&o, &hooks, diags, &res, &err)
                         : kp_error_set(&err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    if (st == KP_OK && diag_errors(diags) > 0)
        st = KP_ERR_DATA;
    if (st == KP_OK)
        st = write_zip(t, cfg->stop, &err);
    if (st == KP_OK) {
        snprintf(pesan, cap, "%zu baris, %zu dokumen, tahun %s", res.rows, res.documents,
                 res.years_text);
        result = TUGAS_SELESAI;
    } else if (diags && diag_errors(diags) > 0) {
        findings_text(t, diags, pesan, cap);
    } else {
        snprintf(err.file, sizeof err.file, "%s", masukan_nama(&t->in, err.file));
        kp_error_format(&err, pesan, cap);
    }
    if (st == KP_OK || diags)
        pipeline_result_free(&res);
    diag_free(diags);
    cli_options_free(&o);
    free(argv);
    return result;
}

static void *worker_main(void *arg)
{
    tugas_antre *q = arg;
    pthread_mutex_lock(&q->lock);
    while (!q->stopping) {
        if (q->n_fifo == 0) {
            /* Wake up now and then to remove expired jobs even when nothing is asked. */
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_sec += 30;
            pthread_cond_timedwait(&q->cond, &q->lock, &ts);
            sweep(q);
            continue;
        }
        tugas *t = q->fifo[0];
        memmove(q->fifo, q->fifo + 1, (q->n_fifo - 1) * sizeof *q->fifo);
        q->n_fifo--;
        t->status = TUGAS_JALAN;
        t->kemajuan = 0;
        snprintf(t->pesan, sizeof t->pesan, "berjalan");
        save_state(t, NULL);
        pthread_mutex_unlock(&q->lock);

        char pesan[KP_ERROR_MSG_MAX];
        tugas_status s = run_job(q, t, pesan, sizeof pesan);

        pthread_mutex_lock(&q->lock);
        /* Stopped in the middle: the state file still says "jalan", and the next start runs
         * the job again from its inputs instead of calling a half-done run finished. */
        if (q->cfg->stop && *q->cfg->stop) {
            snprintf(t->pesan, sizeof t->pesan, "dihentikan; dijalankan lagi saat server mulai");
            break;
        }
        t->status = s;
        t->kemajuan = s == TUGAS_SELESAI ? 1 : t->kemajuan;
        t->selesai = now_epoch();
        snprintf(t->pesan, sizeof t->pesan, "%s", pesan);
        save_state(t, NULL);
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

/* --- Public ------------------------------------------------------------------------------- */

static int cmp_dibuat(const void *a, const void *b)
{
    const tugas *x = *(tugas *const *)a, *y = *(tugas *const *)b;
    return (x->dibuat > y->dibuat) - (x->dibuat < y->dibuat);
}

/* Jobs of an earlier server: kept, queued again, or (an upload cut short) removed. */
static kp_status read_back(tugas_antre *q, kp_error *err)
{
    DIR *d = opendir(q->cfg->folder);
    if (!d)
        return kp_error_errno(err, KP_ERR_IO, q->cfg->folder, errno, "folder tugas", "dibaca");
    struct dirent *e;
    kp_status st = KP_OK;
    while (st == KP_OK && (e = readdir(d))) {
        char path[PATH_MAX + 300];
        snprintf(path, sizeof path, "%s/%s", q->cfg->folder, e->d_name);
        if (!strncmp(e->d_name, ".periksa-", 9)) {
            outdir_remove_tree(path);
            continue;
        }
        if (!is_id(e->d_name))
            continue;
        tugas *t = load_state(q, e->d_name);
        if (!t) {
            outdir_remove_tree(path);
            continue;
        }
        if (t->status == TUGAS_ANTRE) {
            char p[PATH_MAX + 16];
            snprintf(p, sizeof p, "%s/hasil", t->dir);
            outdir_remove_tree(p);
            snprintf(p, sizeof p, "%s/hasil.zip", t->dir);
            unlink(p);
            snprintf(t->pesan, sizeof t->pesan, "menunggu giliran");
        }
        if (!grow(&q->items, &q->cap, q->n)) {
            tugas_free(t);
            st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
            break;
        }
        q->items[q->n++] = t;
    }
    closedir(d);
    if (st != KP_OK)
        return st;
    if (q->n > 1)
        qsort(q->items, q->n, sizeof *q->items, cmp_dibuat);
    for (size_t i = 0; i < q->n; i++) {
        if (q->items[i]->status != TUGAS_ANTRE)
            continue;
        if (!grow(&q->fifo, &q->cap_fifo, q->n_fifo))
            return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        q->fifo[q->n_fifo++] = q->items[i];
    }
    sweep(q);
    return KP_OK;
}

kp_status tugas_antre_new(const tugas_config *cfg, tugas_antre **out, kp_error *err)
{
    *out = NULL;
    kp_status st = outdir_mkdirs(cfg->folder, err);
    if (st != KP_OK)
        return st;
    tugas_antre *q = calloc(1, sizeof *q);
    if (!q)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    q->cfg = cfg;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->cond, NULL);
    st = read_back(q, err);
    q->workers = st == KP_OK ? calloc((size_t)cfg->serentak, sizeof *q->workers) : NULL;
    if (st == KP_OK && !q->workers)
        st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    for (int i = 0; st == KP_OK && i < cfg->serentak; i++) {
        if (pthread_create(&q->workers[i], NULL, worker_main, q) != 0)
            st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "thread tidak dapat dibuat");
        else
            q->n_workers++;
    }
    if (st != KP_OK) {
        tugas_antre_free(q);
        return st;
    }
    *out = q;
    return KP_OK;
}

void tugas_antre_free(tugas_antre *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&q->lock);
    q->stopping = true;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
    for (int i = 0; i < q->n_workers; i++)
        pthread_join(q->workers[i], NULL);
    for (size_t i = 0; i < q->n; i++)
        tugas_free(q->items[i]);
    free(q->items);
    free(q->fifo);
    free(q->workers);
    pthread_cond_destroy(&q->cond);
    pthread_mutex_destroy(&q->lock);
    free(q);
}

kp_status tugas_baru(tugas_antre *q, tugas **out, kp_error *err)
{
    *out = NULL;
    pthread_mutex_lock(&q->lock);
    bool full = q->n_fifo + q->baru >= q->cfg->maks_antre;
    if (!full)
        q->baru++;
    pthread_mutex_unlock(&q->lock);
    if (full)
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                            "antrean penuh (%zu tugas menunggu); coba lagi sebentar lagi",
                            q->cfg->maks_antre);
    tugas *t = calloc(1, sizeof *t);
    kp_status st = t ? tugas_acak(t ? t->id : NULL, 16, err)
                     : kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    if (st == KP_OK) {
        t->q = q;
        t->in.fd = -1;
        snprintf(t->dir, sizeof t->dir, "%s/%s", q->cfg->folder, t->id);
        char in[PATH_MAX + 16];
        snprintf(in, sizeof in, "%s/masukan", t->dir);
        st = masukan_init(&t->in, in, q->cfg->maks_berkas, err);
    }
    if (st != KP_OK) {
        tugas_batal(q, t);
        if (!t) {
            pthread_mutex_lock(&q->lock);
            q->baru--;
            pthread_mutex_unlock(&q->lock);
        }
        return st;
    }
    *out = t;
    return KP_OK;
}

masukan *tugas_masukan(tugas *t)
{
    return &t->in;
}

const char *tugas_id(const tugas *t)
{
    return t->id;
}

void tugas_batal(tugas_antre *q, tugas *t)
{
    if (!t)
        return;
    if (t->dir[0])
        outdir_remove_tree(t->dir);
    tugas_free(t);
    pthread_mutex_lock(&q->lock);
    q->baru--;
    pthread_mutex_unlock(&q->lock);
}

kp_status tugas_kirim(tugas_antre *q, tugas *t, char *const *args, size_t n_args, kp_error *err)
{
    kp_status st = masukan_tutup(&t->in, err);
    if (st != KP_OK)
        return st;
    if (t->in.n == 0)
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                            "tidak ada berkas masukan (kolom 'berkas')");
    /* The CLI's parser judges the options now, so a wrong one is a 400 and not a failed job. */
    char **argv = calloc(n_args + 3, sizeof *argv);
    if (!argv)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    size_t argc = 0;
    argv[argc++] = "kepatuhan";
    for (size_t i = 0; i < n_args; i++)
        argv[argc++] = args[i];
    argv[argc++] = "contoh.csv";
    cli_options o;
    char msg[512];
    cli_parse_status ps = tugas_cli_parse((int)argc, argv, &o, msg, sizeof msg);
    cli_options_free(&o);
    free(argv);
    if (ps != CLI_OK || o.command != CLI_CMD_RUN)
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0, "%s",
                            ps == CLI_USAGE_ERROR ? msg : "opsi tidak sah");
    for (size_t i = 0; st == KP_OK && i < n_args; i++)
        st = add_arg(t, args[i], err);
    if (st != KP_OK)
        return st;
    t->dibuat = now_epoch();
    t->status = TUGAS_ANTRE;
    snprintf(t->pesan, sizeof t->pesan, "menunggu giliran");
    st = save_state(t, err);
    if (st != KP_OK)
        return st;
    pthread_mutex_lock(&q->lock);
    if (!grow(&q->items, &q->cap, q->n) || !grow(&q->fifo, &q->cap_fifo, q->n_fifo)) {
        pthread_mutex_unlock(&q->lock);
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    q->items[q->n++] = t;
    q->fifo[q->n_fifo++] = t;
    q->baru--;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
    return KP_OK;
}

bool tugas_lihat(tugas_antre *q, const char *id, tugas_info *info, char ***berkas, size_t *n)
{
    *berkas = NULL;
    *n = 0;
    if (!is_id(id))
        return false;
    char root[PATH_MAX + 8] = "";
    pthread_mutex_lock(&q->lock);
    tugas *t = find(q, id);
    if (t) {
        info->status = t->status;
        info->kemajuan = t->kemajuan;
        snprintf(info->pesan, sizeof info->pesan, "%s", t->pesan);
        if (t->status == TUGAS_SELESAI)
            snprintf(root, sizeof root, "%s/hasil", t->dir);
    }
    pthread_mutex_unlock(&q->lock);
    if (t && root[0]) {
        list files;
        if (list_files(root, &files, NULL) == KP_OK) {
            *berkas = files.v;
            *n = files.n;
        }
    }
    return t != NULL;
}

/* A component of a download path: what output file names are made of (ASCII slugs). */
static bool component_ok(const char *s, size_t n)
{
    if (n == 0 || s[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

int tugas_buka(tugas_antre *q, const char *id, const char *rel, struct stat *st)
{
    if (!is_id(id))
        return -1;
    char dir[PATH_MAX] = "";
    pthread_mutex_lock(&q->lock);
    tugas *t = find(q, id);
    if (t && t->status == TUGAS_SELESAI)
        snprintf(dir, sizeof dir, "%s", t->dir);
    pthread_mutex_unlock(&q->lock);
    if (!dir[0])
        return -1;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    /* Walk one component at a time with O_NOFOLLOW: no link anywhere on the way is taken. */
    const char *p = rel ? rel : "hasil.zip";
    if (rel) {
        int h = openat(fd, "hasil", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        close(fd);
        fd = h;
    }
    while (fd >= 0) {
        size_t n = strcspn(p, "/");
        char part[256];
        if (!component_ok(p, n) || n >= sizeof part) {
            close(fd);
            return -1;
        }
        memcpy(part, p, n);
        part[n] = '\0';
        bool last = p[n] == '\0';
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (last ? 0 : O_DIRECTORY);
        int next = openat(fd, part, flags);
        close(fd);
        fd = next;
        if (last)
            break;
        p += n + 1;
    }
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}
