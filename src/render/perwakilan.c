#include "render/perwakilan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "model/names.h"
#include "util/arena.h"
#include "util/readfile.h"
#include "util/text.h"

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

static kp_status parse_row(perwakilan_set *s, char **f, int line, kp_error *err)
{
    for (int c = 0; c < N_COLS; c++) {
        f[c] = text_trim_in_place(f[c]);
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
        const char *got = c < n ? text_trim_in_place(f[c]) : "";
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

/* One record of the file as libcsv hands it over: its fields, copied (the parser reuses its
 * buffer), and how many there were (more than N_COLS counts on). */
typedef struct record {
    char *f[N_COLS];
    int n;
    bool oom;
} record;

static void on_field(void *data, size_t len, void *user)
{
    record *r = user;
    if (r->n < N_COLS) {
        char *c = malloc(len + 1);
        if (c) {
            if (len)
                memcpy(c, data, len);
            c[len] = '\0';
        }
        r->oom |= !c;
        r->f[r->n] = c;
    }
    r->n++;
}

static void record_clear(record *r)
{
    for (int i = 0; i < N_COLS; i++)
        free(r->f[i]);
    memset(r, 0, sizeof *r);
}

/* The header or a row of line, its fields in r. */
static kp_status take_record(perwakilan_set *s, record *r, int line, bool *header, kp_error *err)
{
    if (r->oom)
        return kp_error_set(err, KP_ERR_IO, s->path, line, 0, "memori habis");
    if (*header) {
        *header = false;
        return parse_header(s, r->f, r->n, err);
    }
    if (r->n != N_COLS)
        return kp_error_set(err, KP_ERR_DATA, s->path, line, 0,
                            "%d kolom, seharusnya %d seperti kepala", r->n, N_COLS);
    return parse_row(s, r->f, line, err);
}

/*
 * The file's text, a record per line (RFC 4180 quotes through libcsv: an address holds
 * commas), so that every record knows its line; comment and blank lines let the file
 * explain itself.
 */
static kp_status parse_text(perwakilan_set *s, const char *text, size_t len, kp_error *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return kp_error_set(err, KP_ERR_IO, s->path, 0, 0, "memori habis");
    record r = {0};
    bool header = true;
    kp_status st = KP_OK;
    int line = 0;
    for (size_t pos = 0; pos < len && st == KP_OK;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len, n = end - pos;
        const char *t = text + pos;
        pos = nl ? end + 1 : len;
        line++;
        if (line == 1 && n >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3))
            t += 3, n -= 3;
        while (n > 0 && t[n - 1] == '\r')
            n--;
        size_t b = 0;
        while (b < n && (t[b] == ' ' || t[b] == '\t'))
            b++;
        if (b == n || t[b] == '#')
            continue;
        if (csv_parse(&p, t, n, on_field, NULL, &r) != n || csv_fini(&p, on_field, NULL, &r) != 0)
            st = csv_error(&p) == CSV_EPARSE
                     ? kp_error_set(err, KP_ERR_DATA, s->path, line, r.n + 1,
                                    "tanda kutip tidak ditutup atau teks sesudah kutip penutup")
                     : kp_error_set(err, KP_ERR_IO, s->path, line, 0, "memori habis");
        else
            st = take_record(s, &r, line, &header, err);
        record_clear(&r);
    }
    csv_free(&p);
    if (st == KP_OK && header)
        return kp_error_set(err, KP_ERR_DATA, s->path, 0, 0, "berkas kosong: tidak ada kepala");
    return st;
}

kp_status perwakilan_load(const char *path, bool optional, perwakilan_set **out, kp_error *err)
{
    *out = NULL;
    char *text;
    size_t len;
    int rc = readfile_path(path, 0, &text, &len);
    if (rc == ENOENT && optional)
        return KP_OK;
    if (rc == ENOMEM)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    /* A read error (a folder, too) is the machine's; a failed open is the user's path. */
    if (rc)
        return kp_error_errno(err, rc == EIO || rc == EISDIR ? KP_ERR_IO : KP_ERR_DATA, path, rc,
                              "berkas perwakilan", "dibaca");
    perwakilan_set *s = calloc(1, sizeof *s);
    kp_status st = s && (s->arena = arena_new(0))
                       ? KP_OK
                       : kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    if (st == KP_OK && memchr(text, '\0', len))
        st = kp_error_set(err, KP_ERR_DATA, path, 0, 0,
                          "berkas perwakilan tidak dapat dibaca: berisi byte NUL");
    if (st == KP_OK) {
        snprintf(s->path, sizeof s->path, "%s", path);
        st = parse_text(s, text, len, err);
    }
    free(text);
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
