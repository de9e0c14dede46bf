#include "render/perwakilan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/names.h"
#include "util/arena.h"

#define N_COLS  11
#define KEY_MAX 256

static const char *const columns[N_COLS] = {
    "provinsi", "unit_lembaga",  "tempat", "alamat", "telepon",     "surel",
    "jabatan",  "penandatangan", "nip",    "nomor",  "nomor_surat",
};

struct perwakilan_set {
    arena *arena;
    char path[KP_ERROR_FILE_MAX];
    perwakilan *rows;
    size_t n, cap;
};

void perwakilan_free(perwakilan_set *s)
{
    if (!s)
        return;
    arena_free(s->arena);
    free(s->rows);
    free(s);
}

const char *perwakilan_path(const perwakilan_set *s)
{
    return s->path;
}

size_t perwakilan_count(const perwakilan_set *s)
{
    return s ? s->n : 0;
}

const perwakilan *perwakilan_get(const perwakilan_set *s, size_t i)
{
    return &s->rows[i];
}

/*
 * Splits one line (no line break) into N_COLS fields, RFC 4180 quotes allowed: an address
 * holds commas. Returns the number of fields found (more than N_COLS counts on), or -1 with
 * *bad_col for a broken quote.
 */
static int split(char *line, char **f, int *bad_col)
{
    int n = 0;
    char *p = line;
    for (;;) {
        char *start = p, *w = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0') {
                    *bad_col = n + 1;
                    return -1;
                }
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *w++ = *p++;
                }
            }
            if (*p != ',' && *p != '\0') {
                *bad_col = n + 1;
                return -1;
            }
        } else {
            while (*p && *p != ',')
                *w++ = *p++;
        }
        char end = *p;
        *w = '\0';
        if (n < N_COLS)
            f[n] = start;
        n++;
        if (end == '\0')
            return n;
        p++;
    }
}

/* Trims spaces around a field in place (a hand-edited file has them after commas). */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

static kp_status parse_row(perwakilan_set *s, char **f, int line, kp_error *err)
{
    for (int c = 0; c < N_COLS; c++) {
        f[c] = trim(f[c]);
        /* Unknown values stay visible placeholders ("(nama penandatangan)"), never blanks:
         * a blank would print a certificate without a signatory's name. */
        if (!f[c][0] && c != N_COLS - 1)
            return kp_error_set(err, KP_ERR_DATA, s->path, line, c + 1,
                                "kolom %s kosong; tulis nilainya atau penanda seperti \"(nama "
                                "penandatangan)\"",
                                columns[c]);
        if (strlen(f[c]) >= ACARA_TEXT_MAX)
            return kp_error_set(err, KP_ERR_DATA, s->path, line, c + 1,
                                "kolom %s terlalu panjang (paling banyak %d bita)", columns[c],
                                ACARA_TEXT_MAX - 1);
    }
    char key[KEY_MAX];
    names_key(f[0], key, sizeof key);
    if (!key[0])
        return kp_error_set(err, KP_ERR_DATA, s->path, line, 1, "nama provinsi \"%s\" tidak sah",
                            f[0]);
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->rows[i].key, key))
            return kp_error_set(err, KP_ERR_DATA, s->path, line, 1,
                                "provinsi %s tertulis dua kali (pertama di baris %d)", f[0],
                                s->rows[i].line);
    /* The patterns are checked now, not at the first certificate of that province. */
    acara probe;
    acara_defaults(&probe, 2000, 0);
    char out[ACARA_TEXT_MAX * 2];
    for (int c = N_COLS - 2; c < N_COLS; c++) {
        if (!f[c][0])
            continue;
        kp_error e;
        if (acara_nomor(&probe, f[c], 2000, 1, out, sizeof out, &e) != KP_OK)
            return kp_error_set(err, KP_ERR_DATA, s->path, line, c + 1, "%s: %s", columns[c],
                                e.msg);
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        perwakilan *nr = realloc(s->rows, cap * sizeof *nr);
        if (!nr)
            return kp_error_set(err, KP_ERR_IO, s->path, line, 0, "memori habis");
        s->rows = nr;
        s->cap = cap;
    }
    const char *v[N_COLS];
    for (int c = 0; c < N_COLS; c++)
        if (!(v[c] = arena_strdup(s->arena, f[c])))
            return kp_error_set(err, KP_ERR_IO, s->path, line, 0, "memori habis");
    const char *k = arena_strdup(s->arena, key);
    if (!k)
        return kp_error_set(err, KP_ERR_IO, s->path, line, 0, "memori habis");
    s->rows[s->n++] = (perwakilan){.provinsi = v[0],
                                   .key = k,
                                   .unit_lembaga = v[1],
                                   .tempat = v[2],
                                   .alamat = v[3],
                                   .telepon = v[4],
                                   .surel = v[5],
                                   .jabatan = v[6],
                                   .penandatangan = v[7],
                                   .nip = v[8],
                                   .nomor = v[9],
                                   .nomor_surat = v[10],
                                   .line = line};
    return KP_OK;
}

static kp_status parse_header(perwakilan_set *s, char **f, int n, kp_error *err)
{
    for (int c = 0; c < N_COLS; c++) {
        const char *got = c < n ? trim(f[c]) : "";
        if (strcmp(got, columns[c]) != 0)
            return kp_error_set(err, KP_ERR_DATA, s->path, 1, c + 1,
                                "kepala kolom ke-%d harus \"%s\", tertulis \"%s\" (kepala: "
                                "provinsi,unit_lembaga,tempat,alamat,telepon,surel,jabatan,"
                                "penandatangan,nip,nomor,nomor_surat)",
                                c + 1, columns[c], got);
    }
    if (n > N_COLS)
        return kp_error_set(err, KP_ERR_DATA, s->path, 1, N_COLS + 1,
                            "kolom lebih dari %d di kepala", N_COLS);
    return KP_OK;
}

static kp_status parse_file(perwakilan_set *s, FILE *fp, kp_error *err)
{
    char buf[8192];
    int line = 0;
    bool header = true;
    while (fgets(buf, sizeof buf, fp)) {
        line++;
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n')
            return kp_error_set(err, KP_ERR_DATA, s->path, line, 0, "baris terlalu panjang");
        while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            buf[--len] = '\0';
        char *text = buf;
        if (line == 1 && !memcmp(text, "\xEF\xBB\xBF", 3))
            text += 3;
        /* Comment and blank lines let the file explain itself. */
        if (!*trim(text) || *trim(text) == '#')
            continue;
        char *f[N_COLS];
        int bad = 0, n = split(text, f, &bad);
        if (n < 0)
            return kp_error_set(err, KP_ERR_DATA, s->path, line, bad,
                                "tanda kutip tidak ditutup atau teks sesudah kutip penutup");
        kp_status st;
        if (header) {
            st = parse_header(s, f, n, err);
            header = false;
        } else if (n != N_COLS) {
            st = kp_error_set(err, KP_ERR_DATA, s->path, line, 0,
                              "%d kolom, seharusnya %d seperti kepala", n, N_COLS);
        } else {
            st = parse_row(s, f, line, err);
        }
        if (st != KP_OK)
            return st;
    }
    if (ferror(fp))
        return kp_error_errno(err, KP_ERR_IO, s->path, errno, "berkas perwakilan", "dibaca");
    if (header)
        return kp_error_set(err, KP_ERR_DATA, s->path, 0, 0, "berkas kosong: tidak ada kepala");
    return KP_OK;
}

kp_status perwakilan_load(const char *path, bool optional, perwakilan_set **out, kp_error *err)
{
    *out = NULL;
    FILE *fp = fopen(path, "r");
    if (!fp) {
        if (optional && errno == ENOENT)
            return KP_OK;
        return kp_error_errno(err, KP_ERR_DATA, path, errno, "berkas perwakilan", "dibaca");
    }
    perwakilan_set *s = calloc(1, sizeof *s);
    kp_status st = s && (s->arena = arena_new(0))
                       ? KP_OK
                       : kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    if (st == KP_OK) {
        snprintf(s->path, sizeof s->path, "%s", path);
        st = parse_file(s, fp, err);
    }
    fclose(fp);
    if (st != KP_OK) {
        perwakilan_free(s);
        return st;
    }
    *out = s;
    return KP_OK;
}

static size_t find_key(const perwakilan_set *s, const char *key)
{
    for (size_t i = 0; s && key && i < s->n; i++)
        if (!strcmp(s->rows[i].key, key))
            return i + 1;
    return 0;
}

size_t perwakilan_penerbit_provinsi(const perwakilan_set *s, const agg_provinsi *p)
{
    return p && !p->pusat ? find_key(s, p->key) : 0;
}

size_t perwakilan_penerbit(const perwakilan_set *s, const agg_instansi *inst)
{
    /* Ministries and agencies are assessed and signed for by Ombudsman RI itself. */
    if (inst->jenis == JENIS_KEMENTERIAN || inst->jenis == JENIS_LEMBAGA)
        return 0;
    return perwakilan_penerbit_provinsi(s, inst->provinsi);
}

void perwakilan_acara(const perwakilan_set *s, const acara *pusat, acara *out)
{
    out[0] = *pusat;
    for (size_t i = 0; i < perwakilan_count(s); i++) {
        const perwakilan *p = &s->rows[i];
        acara *a = &out[i + 1];
        *a = *pusat;
        snprintf(a->unit_lembaga, sizeof a->unit_lembaga, "%s", p->unit_lembaga);
        snprintf(a->tempat, sizeof a->tempat, "%s", p->tempat);
        snprintf(a->jabatan, sizeof a->jabatan, "%s", p->jabatan);
        snprintf(a->penandatangan, sizeof a->penandatangan, "%s", p->penandatangan);
        snprintf(a->nip, sizeof a->nip, "%s", p->nip);
        snprintf(a->nomor, sizeof a->nomor, "%s", p->nomor);
        /* A number pattern error of this row must name this file, not acara.ini. */
        snprintf(a->path, sizeof a->path, "%s", s->path);
    }
}

void perwakilan_kontak(const perwakilan_set *s, size_t k, const char **alamat, const char **telepon,
                       const char **surel)
{
    if (k == 0 || k > perwakilan_count(s)) {
        /* acara.ini does not hold the central office's address: a letter shows what to fill. */
        *alamat = "Jalan (alamat kantor)";
        *telepon = "(nomor telepon)";
        *surel = "(alamat pos-el)";
        return;
    }
    const perwakilan *p = &s->rows[k - 1];
    *alamat = p->alamat;
    *telepon = p->telepon;
    *surel = p->surel;
}

const char *perwakilan_nomor_surat(const perwakilan_set *s, size_t k, const char *fallback)
{
    if (k == 0 || k > perwakilan_count(s) || !s->rows[k - 1].nomor_surat[0])
        return fallback;
    return s->rows[k - 1].nomor_surat;
}

void perwakilan_periksa(const perwakilan_set *s, const agg_model *m, diag_list *diags)
{
    if (!s)
        return;
    const char **warned = NULL;
    size_t n_warned = 0, cap = 0;
    for (size_t yi = 0; yi < m->n_years; yi++) {
        const agg_year *y = &m->years[yi];
        for (size_t i = 0; i < y->n_provinsi; i++) {
            const agg_provinsi *p = &y->provinsi[i];
            if (p->pusat || find_key(s, p->key))
                continue;
            bool dup = false;
            for (size_t k = 0; k < n_warned && !dup; k++)
                dup = !strcmp(warned[k], p->key);
            if (dup)
                continue;
            if (n_warned == cap) {
                size_t nc = cap ? cap * 2 : 16;
                const char **nw = realloc(warned, nc * sizeof *nw);
                if (!nw)
                    break;
                warned = nw;
                cap = nc;
            }
            warned[n_warned++] = p->key;
            diag_add(diags, DIAG_WARNING, s->path, 0, 0,
                     "provinsi %s tidak ada dalam berkas: piagam dan surat instansinya memakai "
                     "penerbit acara.ini",
                     p->nama);
        }
    }
    free(warned);
}
