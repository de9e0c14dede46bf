#include "render/surat.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "model/names.h"
#include "render/acara.h"
#include "render/perwakilan.h"
#include "render/docpool.h"
#include "render/dokumen.h"
#include "render/layout.h"
#include "util/arena.h"
#include "util/csverr.h"
#include "util/hmap.h"
#include "util/idfmt.h"
#include "util/iniread.h"
#include "util/keytab.h"
#include "util/outdir.h"
#include "util/path.h"
#include "util/readfile.h"
#include "util/text.h"

/* ---- alamat.csv ------------------------------------------------------------------------ */

typedef struct alamat_entry {
    const char *yth; /* NULL: keep the derived one */
    const char *di;
    int line;
} alamat_entry;

struct surat_alamat {
    arena *arena;
    hmap *by_key; /* names_key of the instansi column, and the column as written (a kode) */
};

#define ALAMAT_FIELD_MAX 512

/* What the libcsv callbacks collect: the fields of the row being read. */
typedef struct alamat_reader {
    surat_alamat *a;
    const char *path;
    int line;     /* line being fed to the parser */
    int row_line; /* line the current row started on; 0 before its first field */
    int rows;     /* rows completed, header included */
    int n_fields;
    char field[3][ALAMAT_FIELD_MAX];
    kp_status st;
    kp_error *err;
} alamat_reader;

/* The field without its blanks (util/text's rule), cut to cap. */
static void trim_copy(char *dst, size_t cap, const char *src, size_t len)
{
    src = text_trim(src, &len);
    if (len >= cap)
        len = cap - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

static void alamat_field(void *data, size_t len, void *ud)
{
    alamat_reader *r = ud;
    if (r->st != KP_OK)
        return;
    if (r->row_line == 0)
        r->row_line = r->line;
    if (r->n_fields < 3)
        trim_copy(r->field[r->n_fields], sizeof r->field[0], data ? data : "", len);
    r->n_fields++;
}

static kp_status alamat_put(alamat_reader *r, const char *key, const alamat_entry *e)
{
    bool added;
    void **slot = hmap_puts(r->a->by_key, key, &added);
    if (!slot)
        return kp_error_set(r->err, KP_ERR_IO, r->path, r->row_line, 0, "memori habis");
    if (!added) {
        const alamat_entry *old = *slot;
        /* The same row may reach one slot twice (a kode that is its own key): not a clash. */
        if (old == e)
            return KP_OK;
        return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, 1,
                            "instansi \"%s\" sudah tercantum di baris %d", key, old->line);
    }
    *slot = (void *)e;
    return KP_OK;
}

static kp_status alamat_row(alamat_reader *r)
{
    if (r->rows == 0) {
        static const char *const header[3] = {"instansi", "yth", "di"};
        bool ok = r->n_fields == 3;
        for (int i = 0; ok && i < 3; i++)
            ok = strcasecmp(r->field[i], header[i]) == 0;
        if (!ok)
            return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, 1,
                                "kepala kolom harus \"instansi,yth,di\"");
        return KP_OK;
    }
    if (r->n_fields != 3)
        return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, 0,
                            "baris harus berisi 3 kolom (instansi, yth, di), ada %d", r->n_fields);
    if (r->field[0][0] == '\0')
        return kp_error_set(r->err, KP_ERR_DATA, r->path, r->row_line, 1, "kolom instansi kosong");

    arena *ar = r->a->arena;
    alamat_entry *e = arena_calloc(ar, 1, sizeof *e);
    char *raw = arena_strdup(ar, r->field[0]);
    char key[ALAMAT_FIELD_MAX];
    names_key(r->field[0], key, sizeof key);
    char *k = arena_strdup(ar, key);
    if (!e || !raw || !k)
        return kp_error_set(r->err, KP_ERR_IO, r->path, r->row_line, 0, "memori habis");
    e->line = r->row_line;
    e->yth = r->field[1][0] ? arena_strdup(ar, r->field[1]) : NULL;
    e->di = r->field[2][0] ? arena_strdup(ar, r->field[2]) : NULL;
    if ((r->field[1][0] && !e->yth) || (r->field[2][0] && !e->di))
        return kp_error_set(r->err, KP_ERR_IO, r->path, r->row_line, 0, "memori habis");
    kp_status st = alamat_put(r, k, e);
    if (st == KP_OK && strcmp(k, raw) != 0)
        st = alamat_put(r, raw, e);
    return st;
}

static void alamat_end(int term, void *ud)
{
    (void)term;
    alamat_reader *r = ud;
    if (r->st == KP_OK)
        r->st = alamat_row(r);
    r->rows++;
    r->n_fields = 0;
    r->row_line = 0;
}

/* The separator of the header line: ';' when it has one and no ',' (Excel, Indonesian). */
static unsigned char sniff_delim(const char *text, size_t len)
{
    bool semi = false;
    for (size_t i = 0; i < len && text[i] != '\n'; i++) {
        if (text[i] == ',')
            return ',';
        semi |= text[i] == ';';
    }
    return semi ? ';' : ',';
}

static kp_status read_file(const char *path, char **out, size_t *len, kp_error *err)
{
    int rc = readfile_path(path, 0, out, len);
    if (rc == ENOMEM)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    if (rc == EIO || rc == EISDIR)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "gagal dibaca");
    if (rc)
        return kp_error_errno(err, KP_ERR_DATA, path, rc, "berkas", "dibaca");
    return KP_OK;
}

void surat_alamat_free(surat_alamat *a)
{
    if (!a)
        return;
    hmap_free(a->by_key);
    arena_free(a->arena);
    free(a);
}

static kp_status alamat_parse(alamat_reader *r, const char *text, size_t len)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return kp_error_set(r->err, KP_ERR_IO, r->path, 0, 0, "memori habis");
    csv_set_delim(&p, sniff_delim(text, len));
    /*
     * Fed one line at a time so that every row knows the line it started on: a clerk
     * fixes "alamat.csv:7", not a byte offset.
     */
    size_t pos = 0;
    while (pos < len && r->st == KP_OK) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) + 1 : len - pos;
        r->line++;
        if (csv_parse(&p, text + pos, n, alamat_field, alamat_end, r) != n && r->st == KP_OK)
            r->st = kp_error_set(r->err, KP_ERR_DATA, r->path, r->line, 0, "CSV rusak: %s",
                                 csverr_text(csv_error(&p)));
        pos += n;
    }
    if (r->st == KP_OK && csv_fini(&p, alamat_field, alamat_end, r) != 0 && r->st == KP_OK)
        r->st = kp_error_set(r->err, KP_ERR_DATA, r->path, r->line, 0, "CSV rusak: %s",
                             csverr_text(csv_error(&p)));
    csv_free(&p);
    if (r->st == KP_OK && r->rows == 0)
        r->st = kp_error_set(r->err, KP_ERR_DATA, r->path, 1, 1,
                             "berkas kosong: kepala kolom \"instansi,yth,di\" tidak ada");
    return r->st;
}

kp_status surat_alamat_load(const char *path, bool optional, surat_alamat **out, kp_error *err)
{
    *out = NULL;
    surat_alamat *a = calloc(1, sizeof *a);
    if (!a || !(a->arena = arena_new(0)) || !(a->by_key = hmap_new(64))) {
        surat_alamat_free(a);
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    }
    if (optional && access(path, F_OK) != 0 && errno == ENOENT) {
        *out = a;
        return KP_OK;
    }
    char *text = NULL;
    size_t len = 0;
    kp_status st = read_file(path, &text, &len, err);
    if (st != KP_OK) {
        surat_alamat_free(a);
        return st;
    }
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    alamat_reader r = {.a = a, .path = path, .st = KP_OK, .err = err};
    st = alamat_parse(&r, text + skip, len - skip);
    free(text);
    if (st != KP_OK) {
        surat_alamat_free(a);
        return st;
    }
    *out = a;
    return KP_OK;
}

static const alamat_entry *alamat_find(const surat_alamat *a, const agg_instansi *inst)
{
    if (!a)
        return NULL;
    void **slot = NULL;
    if (inst->kode)
        slot = hmap_gets(a->by_key, inst->kode);
    if (!slot && inst->nama_key)
        slot = hmap_gets(a->by_key, inst->nama_key);
    return slot ? *slot : NULL;
}

/* ---- addressee and movement --------------------------------------------------------- */

void surat_tujuan(const agg_instansi *inst, const surat_alamat *a, char *yth, size_t yth_cap,
                  char *di, size_t di_cap)
{
    char place[256];
    names_place(inst->nama, place, sizeof place);
    static const char kementerian[] = "Kementerian ";
    switch (inst->jenis) {
    case JENIS_PROVINSI:
        snprintf(yth, yth_cap, "Gubernur %s", place);
        break;
    case JENIS_KABUPATEN:
        snprintf(yth, yth_cap, "Bupati %s", place);
        break;
    case JENIS_KOTA:
        snprintf(yth, yth_cap, "Wali Kota %s", place);
        break;
    case JENIS_KEMENTERIAN:
        /* "Kementerian Agama" is led by the "Menteri Agama"; a ministry named otherwise
         * ("Kejaksaan Agung" filed as kementerian) has no such title to derive. */
        if (strncasecmp(inst->nama, kementerian, sizeof kementerian - 1) == 0)
            snprintf(yth, yth_cap, "Menteri %s", inst->nama + sizeof kementerian - 1);
        else
            snprintf(yth, yth_cap, "Pimpinan %s", inst->nama);
        break;
    case JENIS_LEMBAGA:
        snprintf(yth, yth_cap, "Kepala %s", inst->nama);
        break;
    case JENIS_VERTIKAL:
        /* "Kepala Kantor Imigrasi Ternate", "Kepala Lapas ...": the head of the office; a
         * Polres whose head is a Kapolres is written in alamat.csv. */
        snprintf(yth, yth_cap, "Kepala %s", inst->nama);
        break;
    default:
        snprintf(yth, yth_cap, "Pimpinan %s", inst->nama);
        break;
    }
    bool pusat = inst->jenis == JENIS_KEMENTERIAN || inst->jenis == JENIS_LEMBAGA;
    /* An office's town is not in its data (names_place keeps "Kantor Imigrasi Ternate"
     * whole): the letter goes "di Tempat", as one addressed to a known office does. */
    snprintf(di, di_cap, "%s",
             pusat                           ? "Jakarta"
             : inst->jenis == JENIS_VERTIKAL ? "Tempat"
                                             : place);

    const alamat_entry *e = alamat_find(a, inst);
    if (e && e->yth)
        snprintf(yth, yth_cap, "%s", e->yth);
    if (e && e->di)
        snprintf(di, di_cap, "%s", e->di);
}

char *surat_gerak(const cmp_entry *e, char *buf, size_t cap)
{
    if (cap == 0)
        return buf;
    buf[0] = '\0';
    if (!e || !e->kini || !e->lalu)
        return buf;
    char beda[32], lalu[32];
    idfmt_nilai(dec_abs(e->selisih), beda, sizeof beda);
    idfmt_nilai(e->lalu->nilai, lalu, sizeof lalu);
    if (e->selisih > 0)
        snprintf(buf, cap, "naik %s poin dari %s", beda, lalu);
    else if (e->selisih < 0)
        snprintf(buf, cap, "turun %s poin dari %s", beda, lalu);
    else
        snprintf(buf, cap, "sama dengan tahun lalu");
    return buf;
}

/* ---- the letter's own settings: templates/surat/<name>.isi.ini ----------------------- */

#define SURAT_TEXT_MAX     4096
#define SURAT_MAX_PARAGRAF 64
#define SURAT_MAX_TEMBUSAN 32

/* What a line of [isi] is: a paragraph, a numbered item, or one item per unit of a list. */
typedef enum paragraf_jenis {
    PARAGRAF = 0,
    PARAGRAF_BUTIR,  /* butir: a numbered item with a hanging indent */
    PARAGRAF_DAFTAR, /* daftar_NAMA: its text once per unit of the list NAMA, numbered */
} paragraf_jenis;

typedef struct paragraf {
    char *text;
    char jika[48]; /* field that must be non-empty for the paragraph to be printed; "" none;
                      for a daftar: the list's name */
    paragraf_jenis jenis;
    int line;
} paragraf;

/*
 * What the layout engine does not know about a letter: its words (<name>.isi.ini) and where
 * they go (the lengths of <name>.ini's [ukuran], see surat_ukuran).
 */
typedef struct surat_isi {
    char path[KP_ERROR_FILE_MAX];
    char *nomor, *sifat, *lampiran, *hal, *halaman;
    int nomor_line, sifat_line, lampiran_line, hal_line, halaman_line;
    paragraf par[SURAT_MAX_PARAGRAF];
    int n_par;
    paragraf tembusan[SURAT_MAX_TEMBUSAN];
    int n_tembusan;
    double kolom_titik_dua, kolom_nilai, lebar_nilai; /* Nomor/Sifat/Lampiran/Hal rows */
    double lebar_tujuan, indent_di;                   /* addressee block */
    double indent_isi, jarak_paragraf, jarak_blok;    /* body */
    double ttd_x, ttd_lebar, ttd_ruang;               /* signature block */
    double halaman_y;                                 /* page number, from the page top */
    double indent_butir, jarak_butir;                 /* numbered items: text column, gap */
    double indent_tembusan;                           /* tembusan: text column */
} surat_isi;

static void isi_free(surat_isi *s)
{
    free(s->nomor);
    free(s->sifat);
    free(s->lampiran);
    free(s->hal);
    free(s->halaman);
    for (int i = 0; i < s->n_par; i++)
        free(s->par[i].text);
    for (int i = 0; i < s->n_tembusan; i++)
        free(s->tembusan[i].text);
    memset(s, 0, sizeof *s);
}

typedef struct isi_parse {
    surat_isi *s;
    int line;
    char **last; /* value a continuation line extends */
    kp_status st;
    kp_error *err;
} isi_parse;

static kp_status isi_err(isi_parse *ip, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static kp_status isi_err(isi_parse *ip, const char *fmt, ...)
{
    if (ip->st != KP_OK)
        return ip->st;
    char msg[KP_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ip->st = kp_error_set(ip->err, KP_ERR_DATA, ip->s->path, ip->line, 0, "%s", msg);
}

/* One line of a text: iniread's rule (a space between lines, "\\n" a line break). */
static kp_status isi_append(isi_parse *ip, char **dst, const char *value)
{
    int rc = iniread_text_append(dst, value, SURAT_TEXT_MAX);
    if (rc == ERANGE)
        return isi_err(ip, "teks lebih dari %d bita", SURAT_TEXT_MAX);
    if (rc)
        return ip->st = kp_error_set(ip->err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    ip->last = dst;
    return KP_OK;
}

/* keytab setter of a text of [surat] (ctx: the isi_parse): dst the text, aux its line. */
static kp_status isi_set_text(void *ctx, const char *key, const char *value, void *dst, void *aux)
{
    isi_parse *ip = ctx;
    if (*(char **)dst)
        return isi_err(ip, "kunci \"%s\" ditulis dua kali", key);
    *(int *)aux = ip->line;
    return isi_append(ip, dst, value);
}

static kp_status isi_add(isi_parse *ip, paragraf *list, int *n, int max, const char *what,
                         paragraf_jenis jenis, const char *jika, const char *value)
{
    if (*n == max)
        return isi_err(ip, "lebih dari %d %s", max, what);
    paragraf *p = &list[(*n)++];
    p->line = ip->line;
    p->jenis = jenis;
    snprintf(p->jika, sizeof p->jika, "%s", jika);
    return isi_append(ip, &p->text, value);
}

/* The lists a daftar_NAMA may print, one item per unit: see unit_daftar(). */
static const char *const surat_daftar[] = {"unit_pembinaan", "unit_apresiasi", NULL};

/* The keys of [surat]: its texts, with their lines for messages. */
static const keytab surat_keys[] = {
    {"nomor", isi_set_text, offsetof(surat_isi, nomor), offsetof(surat_isi, nomor_line), 0},
    {"sifat", isi_set_text, offsetof(surat_isi, sifat), offsetof(surat_isi, sifat_line), 0},
    {"lampiran", isi_set_text, offsetof(surat_isi, lampiran), offsetof(surat_isi, lampiran_line),
     0},
    {"hal", isi_set_text, offsetof(surat_isi, hal), offsetof(surat_isi, hal_line), 0},
    {"halaman", isi_set_text, offsetof(surat_isi, halaman), offsetof(surat_isi, halaman_line), 0},
};

/* The letter's lengths: the layout template's [ukuran], defaults Tata Naskah Dinas at 12 pt. */
static const layout_ukuran surat_ukuran[] = {
    {"halaman_y", offsetof(surat_isi, halaman_y), 40, 0},
    {"kolom_titik_dua", offsetof(surat_isi, kolom_titik_dua), 62, 0},
    {"kolom_nilai", offsetof(surat_isi, kolom_nilai), 72, 0},
    {"lebar_nilai", offsetof(surat_isi, lebar_nilai), 250, 0},
    {"lebar_tujuan", offsetof(surat_isi, lebar_tujuan), 260, 0},
    {"indent_di", offsetof(surat_isi, indent_di), 20, 0},
    {"indent_isi", offsetof(surat_isi, indent_isi), 0, 0},
    {"indent_butir", offsetof(surat_isi, indent_butir), 20, 0},
    {"jarak_paragraf", offsetof(surat_isi, jarak_paragraf), 6, 0},
    {"jarak_butir", offsetof(surat_isi, jarak_butir), 2, 0},
    {"jarak_blok", offsetof(surat_isi, jarak_blok), 16, 0},
    {"ttd_x", offsetof(surat_isi, ttd_x), 250, 0},
    {"ttd_lebar", offsetof(surat_isi, ttd_lebar), 230, 0},
    {"ttd_ruang", offsetof(surat_isi, ttd_ruang), 62, 0},
    {"indent_tembusan", offsetof(surat_isi, indent_tembusan), 16, 0},
};

static kp_status isi_key_surat(isi_parse *ip, const char *key, const char *value)
{
    bool found;
    kp_status st = keytab_apply(surat_keys, sizeof surat_keys / sizeof surat_keys[0], 0, key, value,
                                ip, ip->s, &found);
    if (found)
        return st;
    /* Letter files written before the lengths moved: say where they go now. */
    for (size_t i = 0; i < sizeof surat_ukuran / sizeof surat_ukuran[0]; i++)
        if (strcmp(key, surat_ukuran[i].name) == 0)
            return isi_err(ip,
                           "panjang \"%s\" kini ditulis di bagian [ukuran] templat tata letak "
                           "surat (.ini tanpa .isi), bukan di [surat]",
                           key);
    return isi_err(
        ip, "kunci \"%s\" tidak dikenal di [surat] (nomor, sifat, lampiran, hal, halaman)", key);
}

static kp_status isi_handler(void *user, const iniread_at *at, const char *section, const char *key,
                             const char *value, kp_error *err)
{
    (void)err; /* the same as ip->err */
    isi_parse *ip = user;
    surat_isi *s = ip->s;
    ip->line = at->line;
    if (at->cont && ip->last)
        return isi_append(ip, ip->last, value);
    ip->last = NULL;
    static const char jika[] = "paragraf_jika_", bjika[] = "butir_jika_", daftar[] = "daftar_",
                      kjika[] = "kepada_jika_";
    bool isi = strcmp(section, "isi") == 0;
    if (strcmp(section, "surat") == 0)
        isi_key_surat(ip, key, value);
    else if (isi && strcmp(key, "paragraf") == 0)
        isi_add(ip, s->par, &s->n_par, SURAT_MAX_PARAGRAF, "paragraf", PARAGRAF, "", value);
    else if (isi && strncmp(key, jika, sizeof jika - 1) == 0 && key[sizeof jika - 1])
        isi_add(ip, s->par, &s->n_par, SURAT_MAX_PARAGRAF, "paragraf", PARAGRAF,
                key + sizeof jika - 1, value);
    else if (isi && strcmp(key, "butir") == 0)
        isi_add(ip, s->par, &s->n_par, SURAT_MAX_PARAGRAF, "paragraf", PARAGRAF_BUTIR, "", value);
    else if (isi && strncmp(key, bjika, sizeof bjika - 1) == 0 && key[sizeof bjika - 1])
        isi_add(ip, s->par, &s->n_par, SURAT_MAX_PARAGRAF, "paragraf", PARAGRAF_BUTIR,
                key + sizeof bjika - 1, value);
    else if (isi && strncmp(key, daftar, sizeof daftar - 1) == 0) {
        const char *name = key + sizeof daftar - 1;
        bool known = false;
        for (const char *const *k = surat_daftar; *k && !known; k++)
            known = strcmp(*k, name) == 0;
        if (!known)
            isi_err(ip,
                    "daftar \"%s\" tidak dikenal (daftar_unit_pembinaan, daftar_unit_apresiasi)",
                    name);
        else
            isi_add(ip, s->par, &s->n_par, SURAT_MAX_PARAGRAF, "paragraf", PARAGRAF_DAFTAR, name,
                    value);
    } else if (isi)
        isi_err(ip,
                "kunci \"%s\" tidak dikenal di [isi] (paragraf, paragraf_jika_NAMA, butir, "
                "butir_jika_NAMA, daftar_NAMA)",
                key);
    else if (strcmp(section, "tembusan") == 0 && strcmp(key, "kepada") == 0)
        isi_add(ip, s->tembusan, &s->n_tembusan, SURAT_MAX_TEMBUSAN, "tembusan", PARAGRAF, "",
                value);
    else if (strcmp(section, "tembusan") == 0 && strncmp(key, kjika, sizeof kjika - 1) == 0 &&
             key[sizeof kjika - 1])
        isi_add(ip, s->tembusan, &s->n_tembusan, SURAT_MAX_TEMBUSAN, "tembusan", PARAGRAF,
                key + sizeof kjika - 1, value);
    else if (strcmp(section, "tembusan") == 0)
        isi_err(ip, "kunci \"%s\" tidak dikenal di [tembusan] (kepada, kepada_jika_NAMA)", key);
    else
        isi_err(ip, "bagian [%s] tidak dikenal (surat, isi, tembusan)", section);
    return ip->st;
}

static kp_status isi_load(const char *path, surat_isi *s, kp_error *err)
{
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    isi_parse ip = {.s = s, .st = KP_OK, .err = err};
    ip.st = iniread_file(path, isi_handler, &ip, err);
    ip.line = 0;
    if (ip.st == KP_OK && (!s->nomor || !s->hal))
        isi_err(&ip, "[surat] harus berisi nomor dan hal");
    if (ip.st == KP_OK && s->n_par == 0)
        isi_err(&ip, "[isi] tanpa paragraf");
    if (ip.st != KP_OK)
        isi_free(s);
    return ip.st;
}

/* ---- selection --------------------------------------------------------------------- */

/* ---- rendering --------------------------------------------------------------------- */

/* Placeholders a letter template may use (layout file and letter file alike). */
static const char *const surat_fields[] = {
    "nomor",
    "sifat",
    "lampiran",
    "hal",
    "tempat",
    "tanggal",
    "lembaga",
    "unit_lembaga",
    /* The issuing office's letterhead (perwakilan.csv). */
    "alamat_kantor",
    "telepon_kantor",
    "surel_kantor",
    "jabatan",
    "penandatangan",
    "nip",
    "dasar_hukum",
    "yth",
    "di",
    "instansi",
    "instansi_resmi",
    "tempat_instansi",
    "provinsi",
    "tahun",
    "tahun_lalu",
    "nilai",
    "terbilang",
    "kategori",
    "predikat",
    "opini",
    "zona",
    "peringkat",
    "gerak",
    "nilai_lalu",
    "halaman",
    "jumlah_halaman",
    /* The Opini method (2025-), for instansi-opini.isi.ini. */
    "penilaian",
    "gerbang",
    "kualitas_pelayanan",
    "kantor_pembinaan",
    "kantor_apresiasi",
    "gerak_sama_metode",
    "gerak_beda_metode",
    /* With an issuer's key: the verification code and the QR code's content (else empty). */
    "kode_verifikasi",
    "qr",
    "batas_pembinaan",
    "batas_pembinaan_bawah",
    "unit_pembinaan",
    "unit_apresiasi",
    "jumlah_pembinaan",
    "jumlah_apresiasi",
    /* One item of a daftar_NAMA, set for each unit in turn. */
    "butir_nama",
    "butir_nilai",
    "butir_predikat",
    NULL,
};

typedef struct surat_run {
    const render_ctx *ctx;
    const layout_template *tmpl;
    surat_isi isi;
    acara acara;
    acara *penerbit; /* perwakilan_acara: [0] acara.ini's issuer, then one per province */
    surat_alamat *alamat;
    const agg_instansi **pilihan; /* in rank order */
    int *seq;                     /* each letter's number within its issuer's letters */
    size_t n;
    char dir[KP_ERROR_FILE_MAX];
    char keywords[768]; /* names the rubric that produced the result */
    layout_style gaya, gaya_tebal, gaya_halaman;
    bool opini; /* the year's rubric gives an opinion: instansi-opini templates, no zones */
} surat_run;

/* Page numbering of one PDF: letters start at these pages (1-based, ascending). */
typedef struct page_map {
    const surat_run *run;
    const int *start;
    size_t n;
} page_map;

static void peringkat_teks(const agg_instansi *inst, char *buf, size_t cap)
{
    buf[0] = '\0';
    static const char *const jamak[JENIS_COUNT] = {[JENIS_KEMENTERIAN] = "kementerian",
                                                   [JENIS_LEMBAGA] = "lembaga",
                                                   [JENIS_PROVINSI] = "pemerintah provinsi",
                                                   [JENIS_KABUPATEN] = "pemerintah kabupaten",
                                                   [JENIS_KOTA] = "pemerintah kota"};
    /* A vertical office is ranked among the vertical offices of its province. */
    if (inst->jenis == JENIS_VERTIKAL && inst->peringkat_provinsi > 0 && inst->provinsi)
        snprintf(buf, cap, "peringkat %d dari %zu kantor vertikal se-%s", inst->peringkat_provinsi,
                 inst->n_peringkat_provinsi, inst->provinsi->nama);
    else if (inst->peringkat_provinsi > 0 && inst->provinsi && !inst->provinsi->pusat)
        snprintf(buf, cap, "peringkat %d dari %zu kabupaten/kota se-%s", inst->peringkat_provinsi,
                 inst->n_peringkat_provinsi, inst->provinsi->nama);
    else if (inst->peringkat_nasional > 0 && jamak[inst->jenis])
        snprintf(buf, cap, "peringkat %d dari %zu %s secara nasional", inst->peringkat_nasional,
                 inst->n_peringkat_nasional, jamak[inst->jenis]);
}

/*
 * The units of inst in list NAMA of surat_daftar: "unit_pembinaan" those below the coaching
 * line, weakest first (what to work on first); "unit_apresiasi" the others, best first.
 * Writes up to cap pointers to out and returns how many there are (an instansi has few).
 */
static size_t unit_daftar(const agg_instansi *inst, const char *nama, const agg_unit **out,
                          size_t cap)
{
    bool pembinaan = strcmp(nama, "unit_pembinaan") == 0;
    size_t n = 0;
    for (size_t k = 0; k < inst->n_units; k++) {
        /* units are sorted best first: coaching walks them backwards */
        const agg_unit *u = &inst->units[pembinaan ? inst->n_units - 1 - k : k];
        if (u->pembinaan != pembinaan)
            continue;
        if (n < cap)
            out[n] = u;
        n++;
    }
    return n;
}

/* "Dinas Pendidikan (76,50) dan RSUD X (70,20)": a list inline, for a paragraph. */
static void unit_kalimat(const agg_instansi *inst, const char *nama, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (inst->n_units == 0)
        return;
    const agg_unit **u = malloc(inst->n_units * sizeof *u);
    if (!u)
        return;
    size_t n = unit_daftar(inst, nama, u, inst->n_units), len = 0;
    for (size_t i = 0; i < n; i++) {
        char v[32];
        const char *sep = i == 0 ? "" : i + 1 == n ? " dan " : ", ";
        int w = snprintf(buf + len, cap - len, "%s%s (%s)", sep, u[i]->nama,
                         idfmt_nilai(u[i]->nilai, v, sizeof v));
        if (w < 0 || (size_t)w >= cap - len) {
            /* Too many to name: the letter's list (daftar_*) names them all. */
            snprintf(buf + len, cap - len, " dan %zu unit lainnya", n - i);
            break;
        }
        len += (size_t)w;
    }
    free(u);
}

/* Every field of inst's letter (seq: its number in the run, 1-based); fk and kode receive
 * the facts its verification code stands for (pointing into f and the model) and the code. */
static kp_status fill_fields(const surat_run *run, const agg_instansi *inst, int seq,
                             layout_fields *f, kodeverif_fakta *fk, char kode[KODEVERIF_TEXT],
                             kp_error *err)
{
    const render_ctx *ctx = run->ctx;
    size_t k = perwakilan_penerbit(ctx->perwakilan, inst);
    const acara *a = &run->penerbit[k];
    const rubric_band *b = inst->band;
    char buf[1024], buf2[256];
    kp_status st = KP_OK;
#define SET(k, v)                                                                                  \
    do {                                                                                           \
        if (st == KP_OK)                                                                           \
            st = layout_fields_set(f, k, v, err);                                                  \
    } while (0)
    layout_fields_clear(f);
    st = acara_nomor(a, perwakilan_nomor_surat(ctx->perwakilan, k, run->isi.nomor),
                     ctx->year->tahun, seq, buf, sizeof buf, err);
    if (st != KP_OK)
        return kp_error_set(err, st, run->isi.path, run->isi.nomor_line, 0, "%s", err->msg);
    SET("nomor", buf);
    SET("tempat", a->tempat);
    SET("tanggal", idfmt_tanggal(a->tahun, a->bulan, a->hari, buf, sizeof buf));
    SET("lembaga", a->lembaga);
    SET("unit_lembaga", a->unit_lembaga);
    const char *alamat, *telepon, *surel;
    perwakilan_kontak(ctx->perwakilan, k, &alamat, &telepon, &surel);
    SET("alamat_kantor", alamat);
    SET("telepon_kantor", telepon);
    SET("surel_kantor", surel);
    SET("jabatan", a->jabatan);
    SET("penandatangan", a->penandatangan);
    SET("nip", a->nip);
    SET("dasar_hukum", a->dasar_hukum);
    surat_tujuan(inst, run->alamat, buf, sizeof buf, buf2, sizeof buf2);
    SET("yth", buf);
    SET("di", buf2);
    SET("instansi", inst->nama);
    SET("instansi_resmi", inst->nama_resmi ? inst->nama_resmi : inst->nama);
    SET("tempat_instansi", inst->tempat ? inst->tempat : "");
    SET("provinsi", inst->provinsi ? inst->provinsi->nama : "");
    snprintf(buf, sizeof buf, "%d", ctx->year->tahun);
    SET("tahun", buf);
    SET("nilai", idfmt_nilai(inst->nilai, buf, sizeof buf));
    SET("terbilang", idfmt_terbilang_nilai(inst->nilai, buf, sizeof buf));
    SET("kategori", b->kategori);
    SET("predikat", b->predikat);
    if (b->kategori[0])
        snprintf(buf, sizeof buf, "kategori %s dengan predikat %s", b->kategori, b->predikat);
    else
        snprintf(buf, sizeof buf, "predikat %s", b->predikat);
    SET("opini", buf);
    SET("zona", rubric_zona_label(b->zona));
    peringkat_teks(inst, buf, sizeof buf);
    SET("peringkat", buf);
    const cmp_entry *e = ctx->cmp ? cmp_find_instansi(ctx->cmp, inst) : NULL;
    SET("gerak", surat_gerak(e, buf, sizeof buf));
    if (e && e->lalu) {
        snprintf(buf, sizeof buf, "%d", ctx->cmp->tahun_lalu);
        SET("tahun_lalu", buf);
        SET("nilai_lalu", idfmt_nilai(e->lalu->nilai, buf, sizeof buf));
    } else {
        SET("tahun_lalu", "");
        SET("nilai_lalu", "");
    }
    SET("halaman", "1");
    SET("jumlah_halaman", "1");

    const rubric *r = ctx->year->rubric;
    bool vertikal = inst->jenis == JENIS_VERTIKAL;
    SET("penilaian", a->penilaian);
    if (run->opini)
        SET("opini", inst->opini); /* the method's own words; "" for a vertical office */
    SET("gerbang",
        rubric_has_gerbang(r) && inst->gerbang == RUBRIC_GERBANG_YA && !vertikal ? r->gerbang : "");
    SET("kualitas_pelayanan", vertikal ? b->predikat_unit : "");
    /* A vertical office is scored like a unit: coached below the line, appreciated above. */
    bool bina = vertikal && rubric_pembinaan(r, inst->nilai);
    SET("kantor_pembinaan", bina ? inst->nama : "");
    SET("kantor_apresiasi", vertikal && r->ada_pembinaan && !bina ? inst->nama : "");
    /* A change of method is worth saying when the letter compares with last year. */
    bool beda = e && e->lalu && ctx->cmp->kini && ctx->cmp->lalu &&
                strcmp(ctx->cmp->kini->rubric->id, ctx->cmp->lalu->rubric->id) != 0;
    surat_gerak(e, buf, sizeof buf);
    SET("gerak_sama_metode", beda ? "" : buf);
    SET("gerak_beda_metode", beda ? buf : "");
    SET("batas_pembinaan",
        r->ada_pembinaan ? idfmt_nilai(r->pembinaan_di_bawah, buf, sizeof buf) : "");
    SET("batas_pembinaan_bawah",
        r->ada_pembinaan ? idfmt_nilai(r->pembinaan_di_bawah - 1, buf, sizeof buf) : "");
    size_t np = unit_daftar(inst, "unit_pembinaan", NULL, 0);
    size_t na = unit_daftar(inst, "unit_apresiasi", NULL, 0);
    /* Without a coaching line no unit is "below" it: both lists stay empty. */
    if (!r->ada_pembinaan)
        np = na = 0;
    snprintf(buf, sizeof buf, "%zu", np);
    SET("jumlah_pembinaan", np ? buf : "");
    snprintf(buf, sizeof buf, "%zu", na);
    SET("jumlah_apresiasi", na ? buf : "");
    char daftar[2048];
    unit_kalimat(inst, "unit_pembinaan", daftar, sizeof daftar);
    SET("unit_pembinaan", np ? daftar : "");
    unit_kalimat(inst, "unit_apresiasi", daftar, sizeof daftar);
    SET("unit_apresiasi", na ? daftar : "");
    SET("butir_nama", "");
    SET("butir_nilai", "");
    SET("butir_predikat", "");
#undef SET
    if (st == KP_OK) {
        dokumen_fakta(ctx, "surat", inst, NULL, layout_fields_get(f, "nomor"), fk);
        st = dokumen_isi_kode(ctx, a->verifikasi_url, fk, f, kode, err);
    }
    return st;
}

/* Expands a text of the letter file (line: where it was written, for errors). */
static kp_status expand(const surat_run *run, const layout_fields *f, const char *text, int line,
                        char *out, size_t cap, kp_error *err)
{
    return layout_fields_expand(f, text, out, cap, run->isi.path, line, err);
}

/* One "Nomor : value" row: label and colon on the first line of the wrapped value. */
static kp_status row(layout_doc *d, const surat_run *run, double x, const char *label,
                     const char *value, kp_error *err)
{
    const surat_isi *s = &run->isi;
    /* A stretched "Hal" reads badly in its narrow column: these rows are set ragged. */
    layout_style kiri = run->gaya;
    kiri.align = LAYOUT_LEFT;
    kp_status st = layout_need(d, layout_line_height(&kiri), err);
    if (st != KP_OK)
        return st;
    double y = layout_cursor(d);
    st = layout_text(d, &kiri, x, y, s->kolom_titik_dua, label, err);
    if (st == KP_OK)
        st = layout_text(d, &kiri, x + s->kolom_titik_dua, y, 10, ":", err);
    if (st == KP_OK)
        st = layout_paragraph(d, &kiri, x + s->kolom_nilai, s->lebar_nilai, value, err);
    return st;
}

/* One numbered item: its number in the text's left column, the text hanging beside it. */
static kp_status draw_butir(layout_doc *d, const surat_run *run, int no, const char *text,
                            kp_error *err)
{
    const surat_isi *s = &run->isi;
    layout_box c = layout_content(d);
    layout_style kiri = run->gaya;
    kiri.align = LAYOUT_LEFT;
    char marker[16];
    snprintf(marker, sizeof marker, "%d.", no);
    kp_status st = layout_need(d, layout_line_height(&run->gaya), err);
    if (st == KP_OK)
        st = layout_text(d, &kiri, c.x + s->indent_isi, layout_cursor(d), s->indent_butir, marker,
                         err);
    if (st == KP_OK)
        st = layout_paragraph(d, &run->gaya, c.x + s->indent_isi + s->indent_butir,
                              c.w - s->indent_isi - s->indent_butir, text, err);
    if (st == KP_OK)
        layout_set_cursor(d, layout_cursor(d) + s->jarak_butir);
    return st;
}

/* Whether a conditional line is printed: its field must be known, and is then non-empty. */
static kp_status jika_ya(const surat_isi *s, const paragraf *p, bool tembusan,
                         const layout_fields *f, bool *ya, kp_error *err)
{
    *ya = true;
    if (!p->jika[0])
        return KP_OK;
    const char *v = layout_fields_get(f, p->jika);
    /* The error names the key as the letter file writes it. */
    const char *kunci = tembusan                     ? "kepada_jika_"
                        : p->jenis == PARAGRAF_BUTIR ? "butir_jika_"
                                                     : "paragraf_jika_";
    if (!v)
        return kp_error_set(err, KP_ERR_DATA, s->path, p->line, 0, "%s%s: {%s} tidak dikenal",
                            kunci, p->jika, p->jika);
    *ya = v[0] != '\0';
    return KP_OK;
}

/* The first lines: place and date, the Nomor/Sifat/Lampiran/Hal rows, the addressee. */
static kp_status draw_kepala(layout_doc *d, const surat_run *run, const layout_fields *f,
                             layout_box c, kp_error *err)
{
    const surat_isi *s = &run->isi;
    char text[SURAT_TEXT_MAX], text2[512];
    double lh = layout_line_height(&run->gaya);

    /* Nomor on the left and the place and date on the right share the first line. */
    layout_style kanan = run->gaya;
    kanan.align = LAYOUT_RIGHT;
    snprintf(text2, sizeof text2, "%s, %s", layout_fields_get(f, "tempat"),
             layout_fields_get(f, "tanggal"));
    kp_status st = layout_text(d, &kanan, c.x, layout_cursor(d), c.w, text2, err);
    const struct {
        const char *label, *text;
        int line;
    } rows[] = {
        {"Nomor", s->nomor, s->nomor_line},
        {"Sifat", s->sifat, s->sifat_line},
        {"Lampiran", s->lampiran, s->lampiran_line},
        {"Hal", s->hal, s->hal_line},
    };
    for (size_t i = 0; st == KP_OK && i < sizeof rows / sizeof rows[0]; i++) {
        if (!rows[i].text)
            continue;
        const char *v = rows[i].text;
        if (i == 0)
            v = layout_fields_get(f, "nomor");
        else if ((st = expand(run, f, v, rows[i].line, text, sizeof text, err)) == KP_OK)
            v = text;
        if (st == KP_OK)
            st = row(d, run, c.x, rows[i].label, v, err);
    }

    /* Addressee: "Yth. <office>" / "di" / "<place>" indented. */
    if (st == KP_OK) {
        layout_set_cursor(d, layout_cursor(d) + s->jarak_blok);
        snprintf(text, sizeof text, "Yth. %s", layout_fields_get(f, "yth"));
        st = layout_need(d, 3 * lh, err);
    }
    if (st == KP_OK)
        st = layout_paragraph(d, &run->gaya, c.x, s->lebar_tujuan, text, err);
    if (st == KP_OK)
        st = layout_paragraph(d, &run->gaya, c.x, s->lebar_tujuan, "di", err);
    if (st == KP_OK)
        st = layout_paragraph(d, &run->gaya, c.x + s->indent_di, s->lebar_tujuan - s->indent_di,
                              layout_fields_get(f, "di"), err);
    return st;
}

/*
 * Body: justified paragraphs; a conditional one only when its field says something;
 * numbered items (butir, and daftar_* once per unit) counted from 1 in each run of them.
 */
static kp_status draw_isi(layout_doc *d, const surat_run *run, const agg_instansi *inst,
                          layout_fields *f, layout_box c, kp_error *err)
{
    const surat_isi *s = &run->isi;
    char text[SURAT_TEXT_MAX];
    kp_status st = KP_OK;
    layout_set_cursor(d, layout_cursor(d) + s->jarak_blok);
    int no = 0;
    for (int i = 0; st == KP_OK && i < s->n_par; i++) {
        const paragraf *p = &s->par[i];
        if (p->jenis == PARAGRAF_DAFTAR) {
            const char *v = layout_fields_get(f, p->jika);
            if (!v || !v[0])
                continue;
            const agg_unit **u = malloc((inst->n_units ? inst->n_units : 1) * sizeof *u);
            if (!u)
                return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
            size_t n = unit_daftar(inst, p->jika, u, inst->n_units);
            for (size_t k = 0; st == KP_OK && k < n; k++) {
                char nilai[32];
                st = layout_fields_set(f, "butir_nama", u[k]->nama, err);
                if (st == KP_OK)
                    st = layout_fields_set(f, "butir_nilai",
                                           idfmt_nilai(u[k]->nilai, nilai, sizeof nilai), err);
                if (st == KP_OK)
                    st = layout_fields_set(f, "butir_predikat", u[k]->band->predikat_unit, err);
                if (st == KP_OK)
                    st = expand(run, f, p->text, p->line, text, sizeof text, err);
                if (st == KP_OK)
                    st = draw_butir(d, run, ++no, text, err);
            }
            free(u);
            continue;
        }
        bool ya;
        if ((st = jika_ya(s, p, false, f, &ya, err)) != KP_OK || !ya)
            continue;
        st = expand(run, f, p->text, p->line, text, sizeof text, err);
        if (st == KP_OK && p->jenis == PARAGRAF_BUTIR) {
            st = draw_butir(d, run, ++no, text, err);
            continue;
        }
        /* A paragraph after items: the list's last gap becomes a paragraph's. */
        if (st == KP_OK && no > 0)
            layout_set_cursor(d, layout_cursor(d) - s->jarak_butir + s->jarak_paragraf);
        no = 0;
        if (st == KP_OK)
            st = layout_paragraph(d, &run->gaya, c.x + s->indent_isi, c.w - s->indent_isi, text,
                                  err);
        if (st == KP_OK)
            layout_set_cursor(d, layout_cursor(d) + s->jarak_paragraf);
    }
    if (st == KP_OK && no > 0)
        layout_set_cursor(d, layout_cursor(d) - s->jarak_butir + s->jarak_paragraf);

    return st;
}

/* Signature block, kept on one page: office, room to sign, name, NIP. */
static kp_status draw_ttd(layout_doc *d, const surat_run *run, const layout_fields *f, layout_box c,
                          kp_error *err)
{
    const surat_isi *s = &run->isi;
    char text[SURAT_TEXT_MAX];
    double lh = layout_line_height(&run->gaya);
    const char *nip = layout_fields_get(f, "nip");
    snprintf(text, sizeof text, "%s,", layout_fields_get(f, "jabatan"));
    double size;
    int lines = 1;
    kp_status st =
        layout_fit(d, &run->gaya, text, s->ttd_lebar, 100, run->gaya.size, &size, &lines, err);
    double h = s->jarak_blok + lines * lh + s->ttd_ruang + lh + (nip[0] ? lh : 0);
    if (st == KP_OK)
        st = layout_need(d, h, err);
    layout_style kiri = run->gaya;
    kiri.align = LAYOUT_LEFT;
    if (st == KP_OK) {
        layout_set_cursor(d, layout_cursor(d) + s->jarak_blok);
        st = layout_paragraph(d, &kiri, c.x + s->ttd_x, s->ttd_lebar, text, err);
    }
    if (st == KP_OK) {
        layout_set_cursor(d, layout_cursor(d) + s->ttd_ruang);
        st = layout_paragraph(d, &run->gaya_tebal, c.x + s->ttd_x, s->ttd_lebar,
                              layout_fields_get(f, "penandatangan"), err);
    }
    if (st == KP_OK && nip[0]) {
        snprintf(text, sizeof text, "NIP %s", nip);
        st = layout_paragraph(d, &kiri, c.x + s->ttd_x, s->ttd_lebar, text, err);
    }

    return st;
}

/* Tembusan: kept whole when it fits a page, so that no item is left alone. */
static kp_status draw_tembusan(layout_doc *d, const surat_run *run, const layout_fields *f,
                               layout_box c, kp_error *err)
{
    const surat_isi *s = &run->isi;
    char text[SURAT_TEXT_MAX], text2[512];
    double lh = layout_line_height(&run->gaya);
    kp_status st = KP_OK;
    int n_tembusan = 0;
    for (int i = 0; st == KP_OK && i < s->n_tembusan; i++) {
        bool ya;
        st = jika_ya(s, &s->tembusan[i], true, f, &ya, err);
        n_tembusan += ya;
    }
    if (st == KP_OK && n_tembusan > 0) {
        layout_set_cursor(d, layout_cursor(d) + s->jarak_blok);
        st = layout_need(d, (n_tembusan + 1) * lh, err);
        if (st == KP_OK)
            st = layout_paragraph(d, &run->gaya, c.x, c.w, "Tembusan:", err);
    }
    for (int i = 0, k = 0; st == KP_OK && i < s->n_tembusan; i++) {
        const paragraf *p = &s->tembusan[i];
        bool ya;
        if ((st = jika_ya(s, p, true, f, &ya, err)) != KP_OK || !ya)
            continue;
        k++;
        st = expand(run, f, p->text, p->line, text, sizeof text, err);
        if (st == KP_OK)
            st = layout_need(d, lh, err);
        if (st == KP_OK) {
            snprintf(text2, sizeof text2, "%d.", k);
            st = layout_text(d, &run->gaya, c.x, layout_cursor(d), s->indent_tembusan, text2, err);
        }
        if (st == KP_OK)
            st = layout_paragraph(d, &run->gaya, c.x + s->indent_tembusan, c.w - s->indent_tembusan,
                                  text, err);
    }
    return st;
}

static kp_status draw_letter(layout_doc *d, const surat_run *run, const agg_instansi *inst,
                             layout_fields *f, kp_error *err)
{
    kp_status st = layout_page_add(d, f, err);
    if (st != KP_OK)
        return st;
    /* The text column of the first page: every page has the same margins left and right. */
    layout_box c = layout_content(d);
    st = draw_kepala(d, run, f, c, err);
    if (st == KP_OK)
        st = draw_isi(d, run, inst, f, c, err);
    if (st == KP_OK)
        st = draw_ttd(d, run, f, c, err);
    if (st == KP_OK)
        st = draw_tembusan(d, run, f, c, err);
    return st;
}

/* "Halaman 2 dari 3" at the top of every page but a letter's first (Tata Naskah Dinas). */
static kp_status page_hook(layout_doc *d, int page, int pages, void *user, kp_error *err)
{
    const page_map *pm = user;
    const surat_run *run = pm->run;
    if (!run->isi.halaman)
        return KP_OK;
    size_t lo = 0, hi = pm->n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (pm->start[mid] <= page)
            lo = mid;
        else
            hi = mid;
    }
    int first = pm->start[lo];
    int last = lo + 1 < pm->n ? pm->start[lo + 1] - 1 : pages;
    if (page == first)
        return KP_OK;
    layout_fields *f = layout_fields_new();
    if (!f)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    char text[256];
    kp_status st = layout_fields_setf(f, err, "halaman", "%d", page - first + 1);
    if (st == KP_OK)
        st = layout_fields_setf(f, err, "jumlah_halaman", "%d", last - first + 1);
    if (st == KP_OK)
        st = expand(run, f, run->isi.halaman, run->isi.halaman_line, text, sizeof text, err);
    layout_fields_free(f);
    if (st != KP_OK)
        return st;
    layout_box c = layout_content(d);
    return layout_text(d, &run->gaya_halaman, c.x, run->isi.halaman_y, c.w, text, err);
}

static kp_status render_one(void *user, size_t index, layout_doc *d, kp_error *err)
{
    const surat_run *run = user;
    const agg_instansi *inst = run->pilihan[index];
    layout_fields *f = layout_fields_new();
    if (!f)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    char title[512], path[KP_ERROR_FILE_MAX + 128];
    if (run->opini)
        snprintf(title, sizeof title, "Surat Penyampaian Hasil %.200s %d - %s",
                 run->acara.penilaian, run->ctx->year->tahun, inst->nama);
    else
        snprintf(title, sizeof title, "Surat Penyampaian Hasil Penilaian Kepatuhan %d - %s",
                 run->ctx->year->tahun, inst->nama);
    layout_info info = {
        .title = title,
        .author = run->acara.lembaga,
        .subject = run->opini ? run->acara.penilaian
                              : "Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik",
        .keywords = run->keywords,
        .creator = "kepatuhan",
        .epoch = acara_doc_epoch(&run->acara, run->ctx->epoch, run->ctx->epoch_fixed)};
    static const int start_one = 1;
    page_map pm = {.run = run, .start = &start_one, .n = 1};
    kodeverif_fakta fk;
    char kode[KODEVERIF_TEXT];
    kp_status st = fill_fields(run, inst, run->seq[index], f, &fk, kode, err);
    if (st == KP_OK)
        st = layout_doc_begin(d, &info, err);
    if (st == KP_OK) {
        layout_doc_set_page_hook(d, page_hook, &pm);
        st = draw_letter(d, run, inst, f, err);
    }
    if (st == KP_OK)
        st = path_format(path, sizeof path, err, "%s/%s.pdf", run->dir, inst->slug);
    if (st == KP_OK)
        st = layout_doc_save(d, path, err);
    if (st == KP_OK)
        st = dokumen_catat(run->ctx, d, path, "surat", &fk, kode, err);
    layout_fields_free(f);
    return st;
}

static kp_status render_gabung(const surat_run *run, kp_error *err)
{
    const render_ctx *ctx = run->ctx;
    layout_doc *d = NULL;
    layout_fields *f = layout_fields_new();
    int *start = calloc(run->n, sizeof *start);
    kp_status st = f && start ? layout_doc_new(run->tmpl, &d, err)
                              : kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    char title[256], path[KP_ERROR_FILE_MAX + 32];
    if (run->opini)
        snprintf(title, sizeof title, "Surat Penyampaian Hasil %.200s %d", run->acara.penilaian,
                 ctx->year->tahun);
    else
        snprintf(title, sizeof title, "Surat Penyampaian Hasil Penilaian Kepatuhan %d",
                 ctx->year->tahun);
    layout_info info = {.title = title,
                        .author = run->acara.lembaga,
                        .subject = run->opini
                                       ? run->acara.penilaian
                                       : "Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik",
                        .keywords = run->keywords,
                        .creator = "kepatuhan",
                        .epoch = acara_doc_epoch(&run->acara, ctx->epoch, ctx->epoch_fixed)};
    page_map pm = {.run = run, .start = start, .n = run->n};
    if (st == KP_OK)
        st = layout_doc_begin(d, &info, err);
    if (st == KP_OK)
        layout_doc_set_page_hook(d, page_hook, &pm);
    for (size_t i = 0; st == KP_OK && i < run->n; i++) {
        if (render_cancelled(ctx)) {
            st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "dibatalkan");
            break;
        }
        start[i] = layout_doc_pages(d) + 1;
        kodeverif_fakta fk;
        char kode[KODEVERIF_TEXT];
        st = fill_fields(run, run->pilihan[i], run->seq[i], f, &fk, kode, err);
        if (st == KP_OK)
            st = draw_letter(d, run, run->pilihan[i], f, err);
    }
    if (st == KP_OK)
        st = path_format(path, sizeof path, err, "%s/surat-gabung.pdf", ctx->out_dir);
    if (st == KP_OK)
        st = layout_doc_save(d, path, err);
    if (st == KP_OK)
        st = dokumen_catat(ctx, d, path, "surat-gabung", NULL, NULL, err);
    layout_doc_free(d);
    layout_fields_free(f);
    free(start);
    return st;
}

static kp_status load_run(const render_ctx *ctx, const surat_options *opt, surat_run *run,
                          layout_template **tmpl, kp_error *err)
{
    /* A method with an opinion (2025-) writes its own letter: its wording, no zones. */
    const char *name = opt->template_name ? opt->template_name
                       : run->opini       ? "instansi-opini"
                                          : "instansi";
    char path[KP_ERROR_FILE_MAX];
    kp_status st = path_format(path, sizeof path, err, "%s/surat/%s.ini", ctx->templat_dir, name);
    if (st != KP_OK)
        return st;
    if (!opt->template_name && run->opini && access(path, F_OK) != 0)
        return kp_error_set(err, KP_ERR_DATA, path, 0, 0,
                            "templat tidak ada: penilaian %d (rubrik %s) memberi opini dan "
                            "memakai templat surat instansi-opini.ini",
                            ctx->year->tahun, ctx->year->rubric->id);
    st = layout_template_load(path, ctx->font_dir, surat_fields, tmpl, err);
    if (st != KP_OK)
        return st;
    run->tmpl = *tmpl;
    static const struct {
        const char *name;
        size_t off;
    } styles[] = {
        {"isi", offsetof(surat_run, gaya)},
        {"isi_tebal", offsetof(surat_run, gaya_tebal)},
        {"halaman", offsetof(surat_run, gaya_halaman)},
    };
    for (size_t i = 0; st == KP_OK && i < sizeof styles / sizeof styles[0]; i++)
        st = layout_template_style(*tmpl, styles[i].name,
                                   (layout_style *)((char *)run + styles[i].off), err);
    if (st != KP_OK)
        return st;
    st = path_format(path, sizeof path, err, "%s/surat/%s.isi.ini", ctx->templat_dir, name);
    if (st == KP_OK)
        st = isi_load(path, &run->isi, err);
    if (st == KP_OK)
        st = layout_template_ukuran(*tmpl, surat_ukuran,
                                    sizeof surat_ukuran / sizeof surat_ukuran[0], &run->isi, err);
    if (st != KP_OK)
        return st;
    st = render_acara(ctx, &run->acara, err);
    if (st != KP_OK)
        return st;
    run->penerbit = malloc((perwakilan_count(ctx->perwakilan) + 1) * sizeof *run->penerbit);
    if (!run->penerbit)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    perwakilan_acara(ctx->perwakilan, &run->acara, run->penerbit);
    if (run->opini)
        snprintf(run->keywords, sizeof run->keywords,
                 "surat penyampaian hasil, %.200s, %d, rubrik %s", run->acara.penilaian,
                 ctx->year->tahun, ctx->year->rubric->id);
    else
        snprintf(run->keywords, sizeof run->keywords,
                 "surat penyampaian hasil, kepatuhan pelayanan publik, %d, rubrik %s",
                 ctx->year->tahun, ctx->year->rubric->id);
    if (opt->alamat_path)
        return surat_alamat_load(opt->alamat_path, false, &run->alamat, err);
    st = path_format(path, sizeof path, err, "%s/alamat.csv", ctx->templat_dir);
    return st == KP_OK ? surat_alamat_load(path, true, &run->alamat, err) : st;
}

kp_status surat_render(const render_ctx *ctx, const surat_options *opt, size_t *written,
                       kp_error *err)
{
    if (written)
        *written = 0;
    surat_run run = {.ctx = ctx, .opini = ctx->year->rubric && ctx->year->rubric->opini[0]};
    layout_template *tmpl = NULL;
    kp_status st = load_run(ctx, opt, &run, &tmpl, err);
    const agg_year *y = ctx->year;
    if (st == KP_OK && !(run.pilihan = calloc(y->n_instansi + 1, sizeof *run.pilihan)))
        st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    for (size_t i = 0; st == KP_OK && i < y->n_instansi; i++)
        if (render_in_shard(ctx, y->ranked[i]) &&
            (!opt->pilih || pilih_instansi(opt->pilih, y->ranked[i])))
            run.pilihan[run.n++] = y->ranked[i];
    /* Letters are numbered per issuer, in rank order: each office keeps its own register. */
    int *per = st == KP_OK ? calloc(perwakilan_count(ctx->perwakilan) + 1, sizeof *per) : NULL;
    if (st == KP_OK && (!per || !(run.seq = calloc(run.n + 1, sizeof *run.seq))))
        st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    for (size_t i = 0; st == KP_OK && i < run.n; i++)
        run.seq[i] = ++per[perwakilan_penerbit(ctx->perwakilan, run.pilihan[i])];
    free(per);
    if (st == KP_OK && run.n > 0) {
        int n = snprintf(run.dir, sizeof run.dir, "%s/surat", ctx->out_dir);
        st = n < 0 || (size_t)n >= sizeof run.dir ? kp_error_set(err, KP_ERR_IO, ctx->out_dir, 0, 0,
                                                                 "jalur keluaran terlalu panjang")
                                                  : outdir_mkdirs(run.dir, err);
    }
    if (st == KP_OK)
        st = docpool_run(ctx, tmpl, "surat", run.n, render_one, &run, err);
    if (st == KP_OK && opt->gabung && run.n > 0)
        st = render_gabung(&run, err);
    if (st == KP_OK && written)
        *written = run.n;
    free(run.pilihan);
    free(run.seq);
    free(run.penerbit);
    surat_alamat_free(run.alamat);
    isi_free(&run.isi);
    layout_template_free(tmpl);
    return st;
}
