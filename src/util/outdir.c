#include "util/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define TMP_PREFIX ".kepatuhan-tmp."

struct outdir {
    char root[PATH_MAX];
    char tmp[PATH_MAX];
};

kp_status outdir_mkdirs(const char *path, kp_error *err)
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
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return kp_error_set(err, KP_ERR_IO, buf, 0, 0, "tidak dapat membuat folder: %s",
                                strerror(errno));
        buf[i] = saved;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "bukan folder");
    return KP_OK;
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

/* A run killed by SIGKILL or a power cut cannot clean up; the next run does it for it. */
static void remove_stale(const char *root)
{
    DIR *d = opendir(root);
    if (!d)
        return;
    struct dirent *e;
    char path[PATH_MAX];
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) != 0)
            continue;
        long pid = strtol(e->d_name + strlen(TMP_PREFIX), NULL, 10);
        if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
            continue; /* another run is writing: leave it alone */
        if (snprintf(path, sizeof path, "%s/%s", root, e->d_name) < (int)sizeof path)
            outdir_remove_tree(path);
    }
    closedir(d);
}

kp_status outdir_begin(const char *root, outdir **out, kp_error *err)
{
    *out = NULL;
    kp_status st = outdir_mkdirs(root, err);
    if (st != KP_OK)
        return st;
    if (access(root, W_OK | X_OK) != 0)
        return kp_error_set(err, KP_ERR_IO, root, 0, 0, "folder keluaran tidak dapat ditulisi: %s",
                            strerror(errno));
    outdir *od = calloc(1, sizeof *od);
    if (!od)
        return kp_error_set(err, KP_ERR_IO, root, 0, 0, "memori habis");
    snprintf(od->root, sizeof od->root, "%s", root);
    remove_stale(root);
    if (snprintf(od->tmp, sizeof od->tmp, "%s/" TMP_PREFIX "%ld", root, (long)getpid()) >=
        (int)sizeof od->tmp) {
        free(od);
        return kp_error_set(err, KP_ERR_IO, root, 0, 0, "nama folder terlalu panjang");
    }
    outdir_remove_tree(od->tmp);
    if (mkdir(od->tmp, 0777) != 0) {
        kp_error_set(err, KP_ERR_IO, od->tmp, 0, 0, "tidak dapat membuat folder sementara: %s",
                     strerror(errno));
        free(od);
        return KP_ERR_IO;
    }
    *out = od;
    return KP_OK;
}

const char *outdir_tmp(const outdir *od)
{
    return od->tmp;
}

const char *outdir_root(const outdir *od)
{
    return od->root;
}

/* Entries of the temporary folder that are results (not the set-aside old ones). */
static int is_result(const char *name)
{
    return strcmp(name, ".") != 0 && strcmp(name, "..") != 0 && strncmp(name, ".old.", 5) != 0;
}

static int join(char *out, size_t cap, const char *dir, const char *prefix, const char *name)
{
    return snprintf(out, cap, "%s/%s%s", dir, prefix, name) < (int)cap ? 0 : -1;
}

/*
 * Puts back what phase 1 moved aside and takes out what phase 2 moved in, for every entry
 * named in the temporary folder: the output folder is then as it was before the commit.
 */
static void roll_back(const outdir *od, char **names, size_t n, size_t moved_in)
{
    char from[PATH_MAX], to[PATH_MAX], aside[PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        if (join(from, sizeof from, od->tmp, "", names[i]) ||
            join(to, sizeof to, od->root, "", names[i]) ||
            join(aside, sizeof aside, od->tmp, ".old.", names[i]))
            continue;
        if (i < moved_in)
            rename(to, from);
        struct stat st;
        if (lstat(aside, &st) == 0)
            rename(aside, to);
    }
}

kp_status outdir_commit(outdir *od, kp_error *err)
{
    DIR *d = opendir(od->tmp);
    if (!d) {
        kp_error_set(err, KP_ERR_IO, od->tmp, 0, 0, "folder sementara hilang: %s", strerror(errno));
        outdir_abort(od);
        return KP_ERR_IO;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    kp_status st = KP_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && st == KP_OK) {
        if (!is_result(e->d_name))
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn) {
                st = kp_error_set(err, KP_ERR_IO, od->tmp, 0, 0, "memori habis");
                break;
            }
            names = nn;
            cap = nc;
        }
        if (!(names[n] = strdup(e->d_name)))
            st = kp_error_set(err, KP_ERR_IO, od->tmp, 0, 0, "memori habis");
        else
            n++;
    }
    closedir(d);

    /*
     * Two phases, so that a run with several years replaces all of them or none: first every
     * previous result is moved aside into the temporary folder, then every new one is moved
     * in. Renames within one file system are atomic; a failure rolls everything back.
     */
    char from[PATH_MAX], to[PATH_MAX], aside[PATH_MAX];
    size_t moved_in = 0;
    for (size_t i = 0; i < n && st == KP_OK; i++) {
        struct stat sb;
        if (join(to, sizeof to, od->root, "", names[i]) ||
            join(aside, sizeof aside, od->tmp, ".old.", names[i]))
            st = kp_error_set(err, KP_ERR_IO, names[i], 0, 0, "nama berkas terlalu panjang");
        else if (lstat(to, &sb) == 0 && rename(to, aside) != 0)
            st = kp_error_set(err, KP_ERR_IO, to, 0, 0, "tidak dapat mengganti: %s",
                              strerror(errno));
    }
    for (; moved_in < n && st == KP_OK; moved_in++) {
        if (join(from, sizeof from, od->tmp, "", names[moved_in]) ||
            join(to, sizeof to, od->root, "", names[moved_in]) || rename(from, to) != 0) {
            st = kp_error_set(err, KP_ERR_IO, to, 0, 0, "tidak dapat memindahkan hasil: %s",
                              strerror(errno));
            break;
        }
    }
    if (st != KP_OK)
        roll_back(od, names, n, moved_in);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    outdir_abort(od);
    return st;
}

void outdir_abort(outdir *od)
{
    if (!od)
        return;
    outdir_remove_tree(od->tmp);
    free(od);
}

kp_status outdir_write_file(const char *path, const void *data, size_t len, kp_error *err)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "nama berkas terlalu panjang");
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "tidak dapat menulis: %s", strerror(errno));
    size_t w = fwrite(data, 1, len, f);
    int close_rc = fclose(f);
    if (w != len || close_rc != 0) {
        int e = errno;
        unlink(tmp);
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "gagal menulis: %s", strerror(e));
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "gagal menulis: %s", strerror(e));
    }
    return KP_OK;
}
