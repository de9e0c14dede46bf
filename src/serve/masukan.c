#include "serve/masukan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/outdir.h"

kp_status masukan_init(masukan *m, const char *dir, size_t maks, kp_error *err)
{
    memset(m, 0, sizeof *m);
    m->fd = -1;
    m->maks = maks;
    if (snprintf(m->dir, sizeof m->dir, "%s", dir) >= (int)sizeof m->dir)
        return kp_error_set(err, KP_ERR_IO, dir, 0, 0, "nama folder terlalu panjang");
    kp_status st = outdir_mkdirs(dir, err);
    if (st == KP_OK && chmod(dir, 0700) != 0)
        st = kp_error_errno(err, KP_ERR_IO, dir, errno, "folder unggahan", "dilindungi");
    return st;
}

/* The name for findings: its last path component (browsers may send one), printable. */
static char *clean_name(const char *nama)
{
    const char *base = nama;
    for (const char *p = nama; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    if (!*base)
        base = "berkas";
    char *out = strndup(base, 255);
    if (out)
        for (char *p = out; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7F)
                *p = ' ';
    return out;
}

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && strcasecmp(s + ls - lx, suffix) == 0;
}

static kp_status push(masukan *m, char *asli, char *jalur, kp_error *err)
{
    if (!asli || !jalur) {
        free(asli);
        free(jalur);
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 4;
        char **na = realloc(m->asli, cap * sizeof *na);
        if (na)
            m->asli = na;
        char **nj = na ? realloc(m->jalur, cap * sizeof *nj) : NULL;
        if (!nj) {
            free(asli);
            free(jalur);
            return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        }
        m->jalur = nj;
        m->cap = cap;
    }
    m->asli[m->n] = asli;
    m->jalur[m->n] = jalur;
    m->n++;
    return KP_OK;
}

kp_status masukan_mulai(masukan *m, const char *nama, kp_error *err)
{
    kp_status st = masukan_tutup(m, err);
    if (st != KP_OK)
        return st;
    if (m->n >= m->maks)
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                            "terlalu banyak berkas dalam satu unggahan (paling banyak %zu)",
                            m->maks);
    char path[4200];
    snprintf(path, sizeof path, "%s/%zu.%s", m->dir, m->n + 1,
             ends_with_ci(nama, ".xlsx") ? "xlsx" : "csv");
    st = push(m, clean_name(nama), strdup(path), err);
    if (st != KP_OK)
        return st;
    m->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (m->fd < 0)
        return kp_error_errno(err, KP_ERR_IO, NULL, errno, "berkas unggahan", "disimpan");
    return KP_OK;
}

kp_status masukan_tulis(masukan *m, const void *data, size_t n, kp_error *err)
{
    const char *p = data;
    while (n > 0) {
        if (m->fd < 0)
            return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "data unggahan tanpa berkas");
        ssize_t w = write(m->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return kp_error_errno(err, KP_ERR_IO, NULL, w < 0 ? errno : ENOSPC, "berkas unggahan",
                                  "disimpan");
        p += w;
        n -= (size_t)w;
    }
    return KP_OK;
}

kp_status masukan_tutup(masukan *m, kp_error *err)
{
    if (m->fd < 0)
        return KP_OK;
    int rc = close(m->fd);
    m->fd = -1;
    if (rc != 0)
        return kp_error_errno(err, KP_ERR_IO, NULL, errno, "berkas unggahan", "disimpan");
    return KP_OK;
}

kp_status masukan_tambah(masukan *m, const char *stored, const char *nama, kp_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", m->dir, stored);
    return push(m, clean_name(nama), strdup(path), err);
}

const char *masukan_nama(const masukan *m, const char *path)
{
    for (size_t i = 0; path && i < m->n; i++)
        if (strcmp(m->jalur[i], path) == 0)
            return m->asli[i];
    return path;
}

const char *masukan_simpan(const masukan *m, size_t i)
{
    const char *slash = strrchr(m->jalur[i], '/');
    return slash ? slash + 1 : m->jalur[i];
}

void masukan_fini(masukan *m)
{
    if (m->fd >= 0)
        close(m->fd);
    m->fd = -1;
    for (size_t i = 0; i < m->n; i++) {
        free(m->asli[i]);
        free(m->jalur[i]);
    }
    free(m->asli);
    free(m->jalur);
    m->asli = m->jalur = NULL;
    m->n = m->cap = 0;
}
