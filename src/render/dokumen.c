#include "render/dokumen.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <nettle/sha2.h>

#include "model/decimal.h"
#include "model/rubric.h"
#include "util/csverr.h"
#include "util/idfmt.h"
#include "util/json.h"
#include "util/outdir.h"
#include "util/readfile.h"

struct dokumen_reg {
    pthread_mutex_t lock;
    dokumen_entri *v;
    size_t n, cap;
};

dokumen_reg *dokumen_reg_new(void)
{
    dokumen_reg *r = calloc(1, sizeof *r);
    if (r && pthread_mutex_init(&r->lock, NULL) != 0) {
        free(r);
        r = NULL;
    }
    return r;
}

static void entri_free(dokumen_entri *e)
{
    free(e->path);
    free(e->jenis);
    free(e->instansi);
    free(e->unit);
    free(e->kategori);
    free(e->hasil);
    free(e->gerbang);
    free(e->nomor);
}

void dokumen_reg_free(dokumen_reg *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        entri_free(&r->v[i]);
    free(r->v);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

static char *dup(const char *s)
{
    return strdup(s ? s : "");
}

kp_status dokumen_reg_add(dokumen_reg *r, const char *rel_path, const kodeverif_fakta *f,
                          const char *kode, const char *sha256_hex, kp_error *err)
{
    dokumen_entri e = {
        .path = dup(rel_path),
        .jenis = dup(f->jenis),
        .instansi = dup(f->instansi),
        .unit = dup(f->unit),
        .kategori = dup(f->kategori),
        .hasil = dup(f->hasil),
        .gerbang = dup(f->gerbang),
        .nomor = dup(f->nomor),
        .tahun = f->tahun,
        .nilai = f->nilai,
    };
    snprintf(e.kode, sizeof e.kode, "%s", kode ? kode : "");
    snprintf(e.sha256, sizeof e.sha256, "%s", sha256_hex ? sha256_hex : "");
    bool ok =
        e.path && e.jenis && e.instansi && e.unit && e.kategori && e.hasil && e.gerbang && e.nomor;
    pthread_mutex_lock(&r->lock);
    if (ok && r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 256;
        dokumen_entri *nv = realloc(r->v, cap * sizeof *nv);
        ok = nv != NULL;
        if (ok) {
            r->v = nv;
            r->cap = cap;
        }
    }
    if (ok)
        r->v[r->n++] = e;
    pthread_mutex_unlock(&r->lock);
    if (!ok) {
        entri_free(&e);
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    return KP_OK;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const dokumen_entri *)a)->path, ((const dokumen_entri *)b)->path);
}

void dokumen_reg_sort(dokumen_reg *r)
{
    if (r->n > 1)
        qsort(r->v, r->n, sizeof *r->v, by_path);
}

size_t dokumen_reg_count(const dokumen_reg *r)
{
    return r->n;
}

const dokumen_entri *dokumen_reg_get(const dokumen_reg *r, size_t i)
{
    return &r->v[i];
}

kodeverif_fakta dokumen_entri_fakta(const dokumen_entri *e)
{
    return (kodeverif_fakta){
        .jenis = e->jenis,
        .tahun = e->tahun,
        .instansi = e->instansi,
        .unit = e->unit,
        .nilai = e->nilai,
        .kategori = e->kategori,
        .hasil = e->hasil,
        .gerbang = e->gerbang,
        .nomor = e->nomor,
    };
}

kp_status dokumen_sha256_file(const char *path, char hex[65], kp_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return kp_error_errno(err, KP_ERR_IO, path, errno, "berkas", "dibuka");
    struct sha256_ctx c;
    sha256_init(&c);
    uint8_t buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sha256_update(&c, n, buf);
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "tidak dapat dibaca");
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&c, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return KP_OK;
}

void dokumen_fakta(const render_ctx *ctx, const char *jenis, const agg_instansi *inst,
                   const agg_unit *unit, const char *nomor, kodeverif_fakta *out)
{
    const rubric *r = ctx->year->rubric;
    const rubric_band *b = unit ? unit->band : inst->band;
    bool opini = r && r->opini[0];
    const char *hasil = b->predikat;
    /* Under the Opini method an instansi is given an opinion, a unit or vertical office a
     * label: the result the document prints as its headline. */
    if (opini)
        hasil = unit || inst->jenis == JENIS_VERTIKAL ? b->predikat_unit
                                                      : (inst->opini ? inst->opini : "");
    *out = (kodeverif_fakta){
        .jenis = jenis,
        .tahun = ctx->year->tahun,
        .instansi = inst->nama_resmi ? inst->nama_resmi : inst->nama,
        .unit = unit ? unit->nama : "",
        .nilai = unit ? unit->nilai : inst->nilai,
        .kategori = b->kategori,
        .hasil = hasil,
        .gerbang = !unit && r && rubric_has_gerbang(r) && inst->gerbang == RUBRIC_GERBANG_YA
                       ? r->gerbang
                       : "",
        .nomor = nomor ? nomor : "",
    };
}

kp_status dokumen_isi_kode(const render_ctx *ctx, const char *url, const kodeverif_fakta *fk,
                           layout_fields *f, char kode[KODEVERIF_TEXT], kp_error *err)
{
    kode[0] = '\0';
    char qr[2048];
    qr[0] = '\0';
    kp_status st = KP_OK;
    if (ctx->kunci) {
        st = kodeverif_code(ctx->kunci, fk, kode, err);
        if (st == KP_OK)
            st = kodeverif_qr_text(url, kode, fk, qr, sizeof qr, err);
    }
    if (st == KP_OK)
        st = layout_fields_set(f, "kode_verifikasi", kode, err);
    if (st == KP_OK)
        st = layout_fields_set(f, "qr", qr, err);
    return st;
}

static void sha256_hex(const unsigned char *p, size_t len, char hex[65])
{
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, len, p);
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&c, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

kp_status dokumen_catat(const render_ctx *ctx, const layout_doc *doc, const char *path,
                        const char *jenis, const kodeverif_fakta *fk, const char *kode,
                        kp_error *err)
{
    if (!ctx->dokumen)
        return KP_OK;
    char hex[65];
    size_t len;
    const unsigned char *bytes = layout_doc_bytes(doc, &len);
    kp_status st = KP_OK;
    if (bytes)
        sha256_hex(bytes, len, hex);
    else
        st = dokumen_sha256_file(path, hex, err);
    if (st != KP_OK)
        return st;
    /* The register names files relative to the year folder: the same whatever --out is. */
    size_t n = strlen(ctx->out_dir);
    const char *rel = strncmp(path, ctx->out_dir, n) == 0 && path[n] == '/' ? path + n + 1 : path;
    kodeverif_fakta none = {.jenis = jenis, .tahun = ctx->year->tahun};
    return dokumen_reg_add(ctx->dokumen, rel, fk ? fk : &none, kode, hex, err);
}

/* ---- the static page ------------------------------------------------------------------- */

static kp_status write_all(const char *path, const char *data, size_t len, kp_error *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return kp_error_errno(err, KP_ERR_IO, path, errno, "berkas", "dibuat");
    bool ok = fwrite(data, 1, len, f) == len;
    ok = fflush(f) == 0 && ok;
    int e = errno;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        return kp_error_errno(err, KP_ERR_IO, path, e ? e : EIO, "berkas", "ditulis");
    return KP_OK;
}

static kp_status read_all(const char *path, kp_status missing, char **out, size_t *len,
                          kp_error *err)
{
    int rc = readfile_path(path, 0, out, len);
    if (rc == ENOMEM)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    if (rc == EIO || rc == EISDIR)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "tidak dapat dibaca");
    if (rc)
        return kp_error_errno(err, missing, path, rc, "berkas", "dibaca");
    return KP_OK;
}

/* How the page names a kind of document. */
static const char *jenis_label(const char *jenis)
{
    if (!strcmp(jenis, "piagam"))
        return "Piagam Penghargaan";
    if (!strcmp(jenis, "surat"))
        return "Surat Penyampaian Hasil";
    if (!strcmp(jenis, "rapor"))
        return "Rapor";
    return jenis;
}

kp_status dokumen_write_page(const render_ctx *ctx, const dokumen_reg *r, kp_error *err)
{
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/verifikasi", ctx->out_dir);
    kp_status st = outdir_mkdirs(dir, err);
    if (st != KP_OK)
        return st;
    char *html = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/verifikasi/index.html", ctx->templat_dir);
    if ((st = read_all(path, KP_ERR_DATA, &html, &len, err)) != KP_OK)
        return st;
    snprintf(path, sizeof path, "%s/index.html", dir);
    st = write_all(path, html, len, err);
    free(html);
    if (st != KP_OK)
        return st;

    /* Only what the documents print: no path, no digest. Values are JSON strings that the
     * page puts into text nodes, never into markup. */
    json_buf j;
    json_init(&j);
    json_fmt(&j,
             "/* Data halaman verifikasi kepatuhan %d: kode -> fakta yang dicetak dokumen. */\n"
             "window.KEPATUHAN_VERIFIKASI = {\"tahun\": %d, \"dokumen\": {",
             ctx->year->tahun, ctx->year->tahun);
    bool first = true;
    for (size_t i = 0; i < r->n; i++) {
        const dokumen_entri *e = &r->v[i];
        char code16[KODEVERIF_LEN + 1];
        if (!e->kode[0] || kodeverif_parse(e->kode, code16, NULL) != KP_OK)
            continue;
        char nilai[32];
        idfmt_nilai(e->nilai, nilai, sizeof nilai);
        json_raw(&j, first ? "\n" : ",\n");
        first = false;
        json_str(&j, code16);
        json_fmt(&j, ": {\"jenis\": ");
        json_str(&j, jenis_label(e->jenis));
        json_fmt(&j, ", \"tahun\": \"%d\", \"instansi\": ", e->tahun);
        json_str(&j, e->instansi);
        json_raw(&j, ", \"unit\": ");
        json_str(&j, e->unit);
        json_raw(&j, ", \"nilai\": ");
        json_str(&j, nilai);
        json_raw(&j, ", \"kategori\": ");
        json_str(&j, e->kategori);
        json_raw(&j, ", \"hasil\": ");
        json_str(&j, e->hasil);
        json_raw(&j, ", \"gerbang\": ");
        json_str(&j, e->gerbang);
        json_raw(&j, ", \"nomor\": ");
        json_str(&j, e->nomor);
        json_raw(&j, "}");
    }
    json_raw(&j, "\n}};\n");
    char *text = json_take(&j, &len);
    if (!text)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    snprintf(path, sizeof path, "%s/data.js", dir);
    st = write_all(path, text, len, err);
    free(text);
    return st;
}

/* ---- reading the register back ----------------------------------------------------------- */

enum {
    COL_BERKAS,
    COL_JENIS,
    COL_TAHUN,
    COL_INSTANSI,
    COL_UNIT,
    COL_NILAI,
    COL_KATEGORI,
    COL_HASIL,
    COL_GERBANG,
    COL_NOMOR,
    COL_KODE,
    COL_SHA,
    N_COLS
};
_Static_assert(N_COLS == DOKUMEN_KOLOM, "the reader reads every column the writer writes");

const char *const dokumen_kolom[DOKUMEN_KOLOM] = {
    "berkas", "jenis",   "tahun", "instansi",        "unit",   "nilai", "kategori",
    "hasil",  "gerbang", "nomor", "kode_verifikasi", "sha256",
};

typedef struct reader {
    dokumen_reg *reg;
    const char *path;
    int line, row_line, rows;
    size_t n_fields;
    char *field[N_COLS];
    kp_status st;
    kp_error *err;
} reader;

static void on_field(void *data, size_t len, void *ud)
{
    reader *r = ud;
    if (r->st != KP_OK)
        return;
    if (r->row_line == 0)
        r->row_line = r->line;
    if (r->n_fields < N_COLS) {
        const char *s = data ? data : "";
        /* csvout puts "'" before text a spreadsheet would take for a formula. */
        if (len >= 2 && s[0] == '\'' && strchr("=+-@\t\r", s[1])) {
            s++;
            len--;
        }
        char *c = malloc(len + 1);
        if (!c) {
            r->st = kp_error_set(r->err, KP_ERR_IO, NULL, 0, 0, "memori habis");
            return;
        }
        memcpy(c, s, len);
        c[len] = '\0';
        r->field[r->n_fields] = c;
    }
    r->n_fields++;
}

static bool is_hex64(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!strchr("0123456789abcdef", s[n]))
            return false;
    return n == 64;
}

static kp_status row(reader *r)
{
    if (r->n_fields != N_COLS)
        return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, 0,
                            "baris harus berisi %d kolom, ada %zu", N_COLS, r->n_fields);
    char **f = r->field;
    if (r->rows == 0) {
        for (int i = 0; i < N_COLS; i++)
            if (strcmp(f[i], dokumen_kolom[i]) != 0)
                return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, i + 1,
                                    "bukan daftar dokumen: kolom %d harus \"%s\"", i + 1,
                                    dokumen_kolom[i]);
        return KP_OK;
    }
    char *end;
    long tahun = strtol(f[COL_TAHUN], &end, 10);
    if (!f[COL_TAHUN][0] || *end || tahun < 1900 || tahun > 9999)
        return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, COL_TAHUN + 1,
                            "tahun \"%s\" tidak sah", f[COL_TAHUN]);
    dec_t nilai = 0;
    if (f[COL_NILAI][0] && dec_parse(f[COL_NILAI], strlen(f[COL_NILAI]), &nilai, NULL) != DEC_OK)
        return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, COL_NILAI + 1,
                            "nilai \"%s\" bukan angka", f[COL_NILAI]);
    if (!is_hex64(f[COL_SHA]))
        return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, COL_SHA + 1,
                            "sha256 \"%.80s\" tidak sah", f[COL_SHA]);
    char code16[KODEVERIF_LEN + 1];
    if (f[COL_KODE][0] && kodeverif_parse(f[COL_KODE], code16, NULL) != KP_OK)
        return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, COL_KODE + 1,
                            "kode_verifikasi \"%.40s\" tidak sah", f[COL_KODE]);
    kodeverif_fakta fk = {
        .jenis = f[COL_JENIS],
        .tahun = (int)tahun,
        .instansi = f[COL_INSTANSI],
        .unit = f[COL_UNIT],
        .nilai = nilai,
        .kategori = f[COL_KATEGORI],
        .hasil = f[COL_HASIL],
        .gerbang = f[COL_GERBANG],
        .nomor = f[COL_NOMOR],
    };
    return dokumen_reg_add(r->reg, f[COL_BERKAS], &fk, f[COL_KODE], f[COL_SHA], r->err);
}

static void on_row(int term, void *ud)
{
    (void)term;
    reader *r = ud;
    if (r->st == KP_OK)
        r->st = row(r);
    for (size_t i = 0; i < N_COLS; i++) {
        free(r->field[i]);
        r->field[i] = NULL;
    }
    r->rows++;
    r->n_fields = 0;
    r->row_line = 0;
}

kp_status dokumen_read(const char *year_dir, dokumen_reg **out, kp_error *err)
{
    *out = NULL;
    char path[4200];
    snprintf(path, sizeof path, "%s/data/dokumen.csv", year_dir);
    char *text;
    size_t len;
    kp_status st = read_all(path, KP_ERR_IO, &text, &len, err);
    if (st != KP_OK)
        return st;
    reader r = {.reg = dokumen_reg_new(), .path = path, .line = 1, .st = KP_OK, .err = err};
    struct csv_parser p;
    if (!r.reg || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0) {
        dokumen_reg_free(r.reg);
        free(text);
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    /* Fed line by line so that an error names the line it is on. */
    for (size_t pos = 0; pos < len && r.st == KP_OK;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) + 1 : len - pos;
        if (csv_parse(&p, text + pos, n, on_field, on_row, &r) != n && r.st == KP_OK)
            r.st = kp_error_set(err, KP_ERR_DATA, path, r.line, 0, "CSV tidak sah: %s",
                                csverr_text(csv_error(&p)));
        pos += n;
        r.line++;
    }
    if (r.st == KP_OK && csv_fini(&p, on_field, on_row, &r) != 0 && r.st == KP_OK)
        r.st = kp_error_set(err, KP_ERR_DATA, path, r.line, 0, "CSV tidak sah: %s",
                            csverr_text(csv_error(&p)));
    csv_free(&p);
    for (size_t i = 0; i < N_COLS; i++)
        free(r.field[i]);
    free(text);
    if (r.st == KP_OK && r.rows == 0)
        r.st = kp_error_set(err, KP_ERR_DATA, path, 0, 0, "berkas kosong: bukan daftar dokumen");
    if (r.st != KP_OK) {
        dokumen_reg_free(r.reg);
        return r.st;
    }
    *out = r.reg;
    return KP_OK;
}

kp_status dokumen_verify_code(const dokumen_reg *r, const kodeverif_key *key, const char *code16,
                              const dokumen_entri **found, kp_error *err)
{
    *found = NULL;
    char dashed[KODEVERIF_TEXT];
    kodeverif_format(code16, dashed);
    for (size_t i = 0; i < r->n; i++) {
        const dokumen_entri *e = &r->v[i];
        if (strcmp(e->kode, dashed) != 0)
            continue;
        kodeverif_fakta fk = dokumen_entri_fakta(e);
        char again[KODEVERIF_TEXT];
        kp_status st = kodeverif_code(key, &fk, again, err);
        if (st != KP_OK)
            return st;
        /* The row must be what the key signed: a register edited after the run, or another
         * issuer's key, does not make a code genuine. */
        if (strcmp(again, dashed) != 0)
            return kp_error_set(err, KP_TIDAK_ASLI, NULL, 0, 0,
                                "kode %s TIDAK ASLI: fakta dalam daftar dokumen tidak cocok "
                                "dengan kunci (daftar diubah, atau kunci penerbit lain)",
                                dashed);
        *found = e;
        return KP_OK;
    }
    return kp_error_set(err, KP_TIDAK_ASLI, NULL, 0, 0,
                        "kode %s TIDAK DIKENAL: tidak ada dokumen terbitan dengan kode ini",
                        dashed);
}

kp_status dokumen_verify_file(const dokumen_reg *r, const char *path, const dokumen_entri **found,
                              kp_error *err)
{
    *found = NULL;
    char hex[65];
    kp_status st = dokumen_sha256_file(path, hex, err);
    if (st != KP_OK)
        return st;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].sha256, hex) == 0) {
            *found = &r->v[i];
            return KP_OK;
        }
    return kp_error_set(err, KP_TIDAK_ASLI, path, 0, 0,
                        "TIDAK ASLI: berkas ini tidak sama persis dengan dokumen terbitan mana "
                        "pun (sha256 %s)",
                        hex);
}
