/* renameat2, syncfs and flock are Linux/BSD calls that _POSIX_C_SOURCE alone hides. */
#define _GNU_SOURCE
#include "util/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* Every run's temporary folder starts so; ".kepatuhan-tmp.PID" is the unlocked versions'. */
#define TMP_STEM     ".kepatuhan-tmp"
#define OWNER_FILE   ".pemilik"
#define JOURNAL_FILE ".jurnal"
#define JOURNAL_HEAD "kepatuhan-jurnal 1"
#define JOURNAL_END  "akhir"
#define ASIDE_PREFIX ".old."

struct outdir {
    char root[PATH_MAX];
    char tmp[PATH_MAX];     /* empty until outdir_begin made it */
    char created[PATH_MAX]; /* the shallowest folder outdir_begin created, or empty */
    int fd;                 /* root, locked; -1 until locked */
    bool wait;
    const atomic_int *cancel;
    bool keep_tmp; /* a half-done commit the next run must finish */
};

static kp_status mkdirs(const char *path, char *created, size_t cap, kp_error *err)
{
    char buf[PATH_MAX];
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof buf)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "nama folder tidak sah");
    memcpy(buf, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char saved = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) == 0) {
            if (created && !created[0])
                snprintf(created, cap, "%s", buf);
        } else if (errno != EEXIST) {
            return kp_error_errno(err, KP_ERR_IO, buf, errno, "folder", "dibuat");
        }
        buf[i] = saved;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "bukan folder");
    return KP_OK;
}

kp_status outdir_mkdirs(const char *path, kp_error *err)
{
    return mkdirs(path, NULL, 0, err);
}

int outdir_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *e;
    char child[PATH_MAX];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (snprintf(child, sizeof child, "%s/%s", path, e->d_name) >= (int)sizeof child) {
            rc = -1;
            continue;
        }
        if (outdir_remove_tree(child) != 0)
            rc = -1;
    }
    closedir(d);
    if (rmdir(path) != 0)
        rc = -1;
    return rc;
}

static int join(char *out, size_t cap, const char *dir, const char *prefix, const char *name)
{
    return snprintf(out, cap, "%s/%s%s", dir, prefix, name) < (int)cap ? 0 : -1;
}

static int fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* --- The lock ----------------------------------------------------------------------------- */

/* "PID 123 di host-a, mulai 2026-12-02 07:15:20" from the newest temporary folder's owner. */
static void holder_text(const char *root, char *out, size_t cap)
{
    out[0] = '\0';
    DIR *d = opendir(root);
    if (!d)
        return;
    time_t newest = 0;
    struct dirent *e;
    char path[PATH_MAX];
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, TMP_STEM, strlen(TMP_STEM)) != 0)
            continue;
        char prefix[NAME_MAX + 2];
        snprintf(prefix, sizeof prefix, "%s/", e->d_name);
        struct stat st;
        if (join(path, sizeof path, root, prefix, OWNER_FILE) || stat(path, &st) != 0 ||
            st.st_mtime < newest)
            continue;
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        long pid;
        long long since;
        char host[256];
        if (fscanf(f, "%ld %255s %lld", &pid, host, &since) == 3) {
            char when[32] = "?";
            time_t t = (time_t)since;
            struct tm tm;
            if (localtime_r(&t, &tm))
                strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
            snprintf(out, cap, "PID %ld di %s, mulai %s", pid, host, when);
            newest = st.st_mtime;
        }
        fclose(f);
    }
    closedir(d);
}

/*
 * Opens and locks root into od->fd; leaves od->fd at -1 when root does not exist. A lock
 * taken on a folder that was removed meanwhile (a failed run removes a folder it created)
 * guards nothing, so the folder locked must still be the one at root.
 */
static kp_status lock_root(outdir *od, kp_error *err)
{
    for (;;) {
        int fd = open(od->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT)
                return KP_OK;
            return kp_error_errno(err, KP_ERR_IO, od->root, errno, "folder keluaran", "dibuka");
        }
        while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            if (e == EINTR)
                continue;
            if (e != EWOULDBLOCK) {
                close(fd);
                return kp_error_errno(err, KP_ERR_IO, od->root, e, "folder keluaran", "dikunci");
            }
            if (!od->wait) {
                close(fd);
                char who[384];
                holder_text(od->root, who, sizeof who);
                return kp_error_set(err, KP_ERR_IO, od->root, 0, 0,
                                    "folder keluaran sedang dipakai oleh kepatuhan lain (%s); "
                                    "coba lagi setelah selesai, atau pakai --tunggu",
                                    who[0] ? who : "yang belum mulai menulis");
            }
            if (od->cancel && *od->cancel) {
                close(fd);
                return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "dibatalkan");
            }
            nanosleep(&(struct timespec){.tv_nsec = 50 * 1000 * 1000}, NULL);
        }
        struct stat held, now;
        if (fstat(fd, &held) == 0 && stat(od->root, &now) == 0 && held.st_dev == now.st_dev &&
            held.st_ino == now.st_ino) {
            od->fd = fd;
            return KP_OK;
        }
        close(fd);
    }
}

kp_status outdir_open(const char *root, bool wait, const atomic_int *cancel, outdir **out,
                      kp_error *err)
{
    *out = NULL;
    outdir *od = calloc(1, sizeof *od);
    if (!od)
        return kp_error_set(err, KP_ERR_IO, root, 0, 0, "memori habis");
    od->fd = -1;
    od->wait = wait;
    od->cancel = cancel;
    if (snprintf(od->root, sizeof od->root, "%s", root) >= (int)sizeof od->root) {
        free(od);
        return kp_error_set(err, KP_ERR_IO, root, 0, 0, "nama folder terlalu panjang");
    }
    kp_status st = lock_root(od, err);
    if (st != KP_OK) {
        free(od);
        return st;
    }
    *out = od;
    return KP_OK;
}

/* --- Moving one result in, and back --------------------------------------------------------- */

typedef enum moved { MOVED_NONE, MOVED_SWAPPED, MOVED_NEW, MOVED_ASIDE } moved;

/*
 * Puts the tree at t in place of r. Swapped: the old tree is now at t. Aside (a file system
 * without RENAME_EXCHANGE): the old tree went to o first. New: there was no r.
 */
static moved move_in(const char *t, const char *r, const char *o)
{
    if (renameat2(AT_FDCWD, t, AT_FDCWD, r, RENAME_EXCHANGE) == 0)
        return MOVED_SWAPPED;
    if (errno == ENOENT)
        return rename(t, r) == 0 ? MOVED_NEW : MOVED_NONE;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return MOVED_NONE;
    if (rename(r, o) != 0)
        return MOVED_NONE;
    if (rename(t, r) == 0)
        return MOVED_ASIDE;
    int e = errno;
    rename(o, r);
    errno = e;
    return MOVED_NONE;
}

static int move_back(moved how, const char *t, const char *r, const char *o)
{
    switch (how) {
    case MOVED_SWAPPED:
        return renameat2(AT_FDCWD, t, AT_FDCWD, r, RENAME_EXCHANGE);
    case MOVED_NEW:
        return rename(r, t);
    case MOVED_ASIDE:
        return rename(r, t) != 0 ? -1 : rename(o, r);
    case MOVED_NONE:
        break;
    }
    return 0;
}

/* --- Leftovers of killed runs --------------------------------------------------------------- */

typedef struct entry {
    char name[NAME_MAX + 1];
    unsigned long long ino; /* of the new tree */
} entry;

typedef struct entries {
    entry *items;
    size_t n, cap;
} entries;

static int entries_add(entries *es, const char *name, unsigned long long ino)
{
    if (strlen(name) > NAME_MAX)
        return -1;
    if (es->n == es->cap) {
        size_t nc = es->cap ? es->cap * 2 : 8;
        entry *ni = realloc(es->items, nc * sizeof *ni);
        if (!ni)
            return -1;
        es->items = ni;
        es->cap = nc;
    }
    snprintf(es->items[es->n].name, sizeof es->items[es->n].name, "%s", name);
    es->items[es->n++].ino = ino;
    return 0;
}

/*
 * A journal counts only when complete (it ends in "akhir"): it is fsync'd before the first
 * rename, so one cut short means ROOT was never touched. Returns 1 complete, 0 otherwise.
 */
static int read_journal(const char *tmp, entries *es)
{
    char path[PATH_MAX], line[NAME_MAX + 64];
    if (join(path, sizeof path, tmp, "", JOURNAL_FILE))
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int complete = 0, head = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        unsigned long long ino;
        int off = 0;
        if (!head) {
            head = strcmp(line, JOURNAL_HEAD) == 0;
            if (!head)
                break;
        } else if (strcmp(line, JOURNAL_END) == 0) {
            complete = 1;
            break;
        } else if (sscanf(line, "%llu %n", &ino, &off) != 1 || off == 0 || !line[off] ||
                   entries_add(es, line + off, ino) != 0) {
            break;
        }
    }
    fclose(f);
    return complete;
}

/*
 * Finishes or undoes what the run that made tmp left (see outdir.h), then removes tmp. Only
 * called under the lock: no live run is writing tmp.
 */
static kp_status recover(const outdir *od, const char *tmp, kp_error *err)
{
    entries es = {0};
    char t[PATH_MAX], r[PATH_MAX], o[PATH_MAX];
    kp_status st = KP_OK;
    bool touched = false;
    if (read_journal(tmp, &es)) {
        /* The commit had begun: the new trees are complete and durable; put them in place. */
        for (size_t i = 0; i < es.n && st == KP_OK; i++) {
            struct stat sr, stt;
            if (join(t, sizeof t, tmp, "", es.items[i].name) ||
                join(r, sizeof r, od->root, "", es.items[i].name) ||
                join(o, sizeof o, tmp, ASIDE_PREFIX, es.items[i].name))
                continue;
            if (lstat(r, &sr) == 0 && sr.st_ino == es.items[i].ino)
                continue;
            if (lstat(t, &stt) == 0 && stt.st_ino == es.items[i].ino) {
                if (move_in(t, r, o) == MOVED_NONE) {
                    char why[128];
                    st = kp_error_set(err, KP_ERR_IO, r, 0, 0,
                                      "tidak dapat menyelesaikan penyimpanan run yang terhenti "
                                      "(%s): %s",
                                      tmp, kp_errno_text(errno, why, sizeof why));
                }
                touched = true;
            }
        }
    }
    free(es.items);
    /* What was set aside and is the only copy goes back (also from the unlocked versions). */
    DIR *d = st == KP_OK ? opendir(tmp) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL && st == KP_OK) {
        const char *name = e->d_name + strlen(ASIDE_PREFIX);
        struct stat sr;
        if (strncmp(e->d_name, ASIDE_PREFIX, strlen(ASIDE_PREFIX)) != 0 || !*name ||
            join(o, sizeof o, tmp, "", e->d_name) || join(r, sizeof r, od->root, "", name) ||
            lstat(r, &sr) == 0)
            continue;
        if (rename(o, r) != 0) {
            char why[128];
            st = kp_error_set(err, KP_ERR_IO, r, 0, 0,
                              "tidak dapat memulihkan keluaran lama dari %s: %s", tmp,
                              kp_errno_text(errno, why, sizeof why));
        }
        touched = true;
    }
    if (d)
        closedir(d);
    if (st == KP_OK && touched && fsync(od->fd) != 0)
        st = kp_error_errno(err, KP_ERR_IO, od->root, errno, "folder keluaran", "disimpan ke disk");
    if (st == KP_OK)
        outdir_remove_tree(tmp);
    return st;
}

static kp_status recover_all(const outdir *od, kp_error *err)
{
    DIR *d = opendir(od->root);
    if (!d)
        return kp_error_errno(err, KP_ERR_IO, od->root, errno, "folder keluaran", "dibaca");
    kp_status st = KP_OK;
    struct dirent *e;
    char path[PATH_MAX];
    while (st == KP_OK && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, TMP_STEM, strlen(TMP_STEM)) == 0 &&
            join(path, sizeof path, od->root, "", e->d_name) == 0)
            st = recover(od, path, err);
    }
    closedir(d);
    return st;
}

/* --- A run ------------------------------------------------------------------------------------ */

static kp_status write_owner(const outdir *od, kp_error *err)
{
    char path[PATH_MAX], host[256] = "?";
    if (gethostname(host, sizeof host - 1) != 0 || !host[0])
        snprintf(host, sizeof host, "?");
    if (join(path, sizeof path, od->tmp, "", OWNER_FILE))
        return kp_error_set(err, KP_ERR_IO, od->tmp, 0, 0, "nama folder terlalu panjang");
    FILE *f = fopen(path, "w");
    if (!f)
        return kp_error_errno(err, KP_ERR_IO, path, errno, "berkas", "ditulis");
    fprintf(f, "%ld %s %lld\n", (long)getpid(), host, (long long)time(NULL));
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return kp_error_errno(err, KP_ERR_IO, path, errno, "berkas", "ditulis");
    return KP_OK;
}

kp_status outdir_begin(outdir *od, kp_error *err)
{
    kp_status st = mkdirs(od->root, od->created, sizeof od->created, err);
    if (st != KP_OK)
        return st;
    struct stat held, now;
    if (od->fd >= 0 && (fstat(od->fd, &held) != 0 || stat(od->root, &now) != 0 ||
                        held.st_dev != now.st_dev || held.st_ino != now.st_ino)) {
        close(od->fd);
        od->fd = -1;
    }
    /* Created just now, or removed and made again by someone else meanwhile. */
    for (int tries = 0; od->fd < 0 && tries < 8; tries++) {
        if ((st = lock_root(od, err)) != KP_OK)
            return st;
        if (od->fd < 0 && (st = mkdirs(od->root, od->created, sizeof od->created, err)) != KP_OK)
            return st;
    }
    if (od->fd < 0)
        return kp_error_set(err, KP_ERR_IO, od->root, 0, 0, "folder keluaran terus berganti");
    if (access(od->root, W_OK | X_OK) != 0)
        return kp_error_errno(err, KP_ERR_IO, od->root, errno, "folder keluaran", "ditulisi");
    if ((st = recover_all(od, err)) != KP_OK)
        return st;
    if (join(od->tmp, sizeof od->tmp, od->root, "", TMP_STEM "-XXXXXX")) {
        od->tmp[0] = '\0';
        return kp_error_set(err, KP_ERR_IO, od->root, 0, 0, "nama folder terlalu panjang");
    }
    if (!mkdtemp(od->tmp)) {
        int e = errno;
        od->tmp[0] = '\0';
        return kp_error_errno(err, KP_ERR_IO, od->root, e, "folder sementara", "dibuat");
    }
    return write_owner(od, err);
}

const char *outdir_tmp(const outdir *od)
{
    return od->tmp;
}

const char *outdir_root(const outdir *od)
{
    return od->root;
}

/* The results: every top-level entry of the temporary folder but its own dot files. */
static kp_status list_results(const outdir *od, entries *es, kp_error *err)
{
    DIR *d = opendir(od->tmp);
    if (!d)
        return kp_error_errno(err, KP_ERR_IO, od->tmp, errno, "folder sementara", "dibuka");
    kp_status st = KP_OK;
    struct dirent *e;
    char path[PATH_MAX];
    while (st == KP_OK && (e = readdir(d)) != NULL) {
        struct stat sb;
        if (e->d_name[0] == '.')
            continue;
        if (strchr(e->d_name, '\n') || join(path, sizeof path, od->tmp, "", e->d_name) ||
            lstat(path, &sb) != 0 || entries_add(es, e->d_name, sb.st_ino) != 0)
            st = kp_error_set(err, KP_ERR_IO, od->tmp, 0, 0, "tidak dapat mendaftar hasil: %s",
                              e->d_name);
    }
    closedir(d);
    return st;
}

static kp_status write_journal(const outdir *od, const entries *es, kp_error *err)
{
    char path[PATH_MAX];
    if (join(path, sizeof path, od->tmp, "", JOURNAL_FILE))
        return kp_error_set(err, KP_ERR_IO, od->tmp, 0, 0, "nama folder terlalu panjang");
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return kp_error_errno(err, KP_ERR_IO, path, e, "jurnal", "ditulis");
    }
    fprintf(f, "%s\n", JOURNAL_HEAD);
    for (size_t i = 0; i < es->n; i++)
        fprintf(f, "%llu %s\n", es->items[i].ino, es->items[i].name);
    fprintf(f, "%s\n", JOURNAL_END);
    int bad = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0;
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    /* The journal's own name must be durable before ROOT changes. */
    if (!bad && fsync_path(od->tmp) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        unlink(path);
        return kp_error_errno(err, KP_ERR_IO, path, e, "jurnal", "ditulis");
    }
    return KP_OK;
}

static void release(outdir *od)
{
    if (od->fd >= 0)
        close(od->fd);
    free(od);
}

kp_status outdir_commit(outdir *od, kp_error *err)
{
    entries es = {0};
    kp_status st = list_results(od, &es, err);
    /* The new trees reach the disk before anything points at them. */
    if (st == KP_OK && syncfs(od->fd) != 0)
        st = kp_error_errno(err, KP_ERR_IO, od->root, errno, "folder keluaran", "disimpan ke disk");
    if (st == KP_OK)
        st = write_journal(od, &es, err);
    moved *how = st == KP_OK ? calloc(es.n ? es.n : 1, sizeof *how) : NULL;
    if (st == KP_OK && !how)
        st = kp_error_set(err, KP_ERR_IO, od->root, 0, 0, "memori habis");
    char t[PATH_MAX], r[PATH_MAX], o[PATH_MAX];
    size_t i = 0;
    for (; st == KP_OK && i < es.n; i++) {
        if (join(t, sizeof t, od->tmp, "", es.items[i].name) ||
            join(r, sizeof r, od->root, "", es.items[i].name) ||
            join(o, sizeof o, od->tmp, ASIDE_PREFIX, es.items[i].name))
            st = kp_error_set(err, KP_ERR_IO, od->root, 0, 0, "nama berkas terlalu panjang");
        else if ((how[i] = move_in(t, r, o)) == MOVED_NONE)
            st = kp_error_errno(err, KP_ERR_IO, r, errno, "keluaran", "diganti");
    }
    if (st != KP_OK && how) {
        /* Not all in place: put the old trees back, so the output is as it was. */
        bool back = true;
        while (i-- > 0) {
            if (join(t, sizeof t, od->tmp, "", es.items[i].name) == 0 &&
                join(r, sizeof r, od->root, "", es.items[i].name) == 0 &&
                join(o, sizeof o, od->tmp, ASIDE_PREFIX, es.items[i].name) == 0 &&
                move_back(how[i], t, r, o) != 0)
                back = false;
        }
        char path[PATH_MAX];
        if (back && (fsync(od->fd) != 0 || join(path, sizeof path, od->tmp, "", JOURNAL_FILE) ||
                     unlink(path) != 0))
            back = false;
        if (!back) {
            od->keep_tmp = true;
            size_t len = strlen(err->msg);
            snprintf(err->msg + len, sizeof err->msg - len,
                     "; penyimpanan belum selesai, run berikutnya ke folder ini "
                     "menyelesaikannya");
        }
    } else if (st == KP_OK && fsync(od->fd) != 0) {
        /* In place but maybe not on disk: the journal stays, so the next run checks again. */
        od->keep_tmp = true;
        char why[128];
        st = kp_error_set(err, KP_ERR_IO, od->root, 0, 0,
                          "keluaran baru sudah terpasang tetapi belum pasti tersimpan di disk: %s",
                          kp_errno_text(errno, why, sizeof why));
    }
    free(how);
    free(es.items);
    if (!od->keep_tmp)
        outdir_remove_tree(od->tmp);
    release(od);
    return st;
}

void outdir_abort(outdir *od)
{
    if (!od)
        return;
    if (od->tmp[0] && !od->keep_tmp)
        outdir_remove_tree(od->tmp);
    /* A failed run leaves no empty output folder behind: undo mkdir -p, deepest first. */
    if (od->created[0]) {
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s", od->root);
        size_t stop = strlen(od->created);
        while (strlen(p) >= stop && rmdir(p) == 0) {
            char *slash = strrchr(p, '/');
            if (!slash)
                break;
            *slash = '\0';
        }
    }
    release(od);
}
kp_status outdir_write_file(const char *path, const void *data, size_t len, kp_error *err)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "nama berkas terlalu panjang");
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return kp_error_errno(err, KP_ERR_IO, path, errno, "berkas", "ditulis");
    size_t w = fwrite(data, 1, len, f);
    int close_rc = fclose(f);
    if (w != len || close_rc != 0) {
        int e = errno;
        unlink(tmp);
        return kp_error_errno(err, KP_ERR_IO, path, e, "berkas", "ditulis");
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return kp_error_errno(err, KP_ERR_IO, path, e, "berkas", "ditulis");
    }
    return KP_OK;
}
