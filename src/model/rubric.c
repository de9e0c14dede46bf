#include "model/rubric.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/cp1252.h"
#include "util/iniread.h"
#include "util/readfile.h"
#include "util/sbuf.h"
#include "util/similar.h"
#include "util/utf8.h"

/* Rubric files are a page of text; anything far larger is not a rubric. */
#define RUBRIC_FILE_MAX (1024 * 1024)
#define YEAR_MIN        1990
#define YEAR_MAX        2100

static const char *const zona_names[ZONA_COUNT] = {"", "hijau", "kuning", "merah"};
static const char *const zona_labels[ZONA_COUNT] = {"", "Zona Hijau", "Zona Kuning", "Zona Merah"};

const char *rubric_zona_name(rubric_zona z)
{
    return (unsigned)z < ZONA_COUNT ? zona_names[z] : "";
}

const char *rubric_zona_label(rubric_zona z)
{
    return (unsigned)z < ZONA_COUNT ? zona_labels[z] : "";
}

int rubric_zona_rank(rubric_zona z)
{
    switch (z) {
    case ZONA_HIJAU:
        return 3;
    case ZONA_KUNING:
        return 2;
    case ZONA_MERAH:
        return 1;
    default:
        return 0;
    }
}

bool rubric_zona_parse(const char *s, rubric_zona *out)
{
    for (int z = ZONA_HIJAU; z < ZONA_COUNT; z++) {
        if (strcasecmp(s, zona_names[z]) == 0) {
            *out = (rubric_zona)z;
            return true;
        }
    }
    return false;
}

/* ---- Parsing ---------------------------------------------------------------------------- */

enum section_kind { SEC_NONE, SEC_RUBRIK, SEC_KOMPONEN, SEC_KATEGORI };

/* Each list's order is its handler's switch: a new key goes at the end. */
static const char *const rubrik_keys[] = {
    "nama",          "sumber",         "tahun",       "nilai_maks", "desimal",
    "otomatis",      "kategori_huruf", "opini",       "gerbang",    "pembinaan_di_bawah",
    "piagam_bawaan", "dimensi",        "tidak_pasti", NULL};
static const char *const komponen_keys[] = {"label", "bobot", "detail", NULL};
static const char *const kategori_keys[] = {"min",  "maks",          "predikat",
                                            "zona", "predikat_unit", NULL};
static const char *const section_words[] = {"rubrik", "komponen", "kategori", NULL};

typedef struct parse_state {
    int lineno;       /* of the key being read */
    int section_line; /* last "[...]" line: where section errors point */

    rubric *r;
    const char *file;
    char section[64];
    enum section_kind kind;
    bool seen_rubrik;
    bool has_nama, has_tahun, has_nilai_maks;
    int band_line[RUBRIC_MAX_BANDS];
    bool band_has_min[RUBRIC_MAX_BANDS], band_has_predikat[RUBRIC_MAX_BANDS];
    int band_min_line[RUBRIC_MAX_BANDS], band_maks_line[RUBRIC_MAX_BANDS];
    dec_t band_maks[RUBRIC_MAX_BANDS];
    bool band_has_maks[RUBRIC_MAX_BANDS];
    bool comp_has_bobot[RUBRIC_MAX_COMP];
    int comp_line[RUBRIC_MAX_COMP];
    int rubrik_line;
    bool kategori_huruf;
    bool band_has_predikat_unit[RUBRIC_MAX_BANDS];

    unsigned seen; /* bit per key of the current section: a key written twice is a mistake */
    kp_status status;
    kp_error *err;
} parse_state;

static int fail_line(parse_state *st, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first error only: later ones are often consequences of it. */
static int fail_line(parse_state *st, int line, const char *fmt, ...)
{
    if (st->status == KP_OK) {
        char msg[KP_ERROR_MSG_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        st->status = kp_error_set(st->err, KP_ERR_DATA, st->file, line, 0, "%s", msg);
    }
    return 0;
}

/* An error on the line being parsed. */
#define fail(st, ...) fail_line((st), (st)->lineno, __VA_ARGS__)

/* The closest known word within two edits, for "maksud Anda ...?" hints; NULL if none. */
static const char *closest(const char *word, const char *const *known)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; known[i]; i++) {
        size_t d = similar_distance(word, known[i], 2, true);
        if (d < best_d) {
            best_d = d;
            best = known[i];
        }
    }
    return best;
}

static int key_index(const char *name, const char *const *keys)
{
    for (int i = 0; keys[i]; i++) {
        if (strcmp(name, keys[i]) == 0)
            return i;
    }
    return -1;
}

static bool copy_text(parse_state *st, char *dst, size_t cap, const char *name, const char *v)
{
    size_t n = strlen(v);
    if (n >= cap) {
        fail(st, "nilai '%s' terlalu panjang (%zu byte, maksimal %zu)", name, n, cap - 1);
        return false;
    }
    memcpy(dst, v, n + 1);
    return true;
}

/* Continuation lines of sumber and detail (indented lines) are joined with a space. */
static bool append_text(parse_state *st, char *dst, size_t cap, const char *name, const char *v)
{
    size_t have = strlen(dst), n = strlen(v);
    if (have + 1 + n >= cap) {
        fail(st, "nilai '%s' terlalu panjang (maksimal %zu byte)", name, cap - 1);
        return false;
    }
    dst[have] = ' ';
    memcpy(dst + have + 1, v, n + 1);
    return true;
}

/*
 * A number as a rubric writes it: both decimal separators, at most two decimals, never
 * negative. Rounding a weight silently would change every score computed from it.
 */
static bool parse_number(parse_state *st, const char *name, const char *v, dec_t *out)
{
    int decimals = 0;
    dec_parse_status ds = dec_parse(v, strlen(v), out, &decimals);
    if (ds == DEC_EMPTY)
        return fail(st, "'%s' kosong: diharapkan angka", name);
    if (ds == DEC_OVERFLOW)
        return fail(st, "'%s' = \"%s\" terlalu besar", name, v);
    if (ds != DEC_OK)
        return fail(st, "'%s' = \"%s\" bukan angka", name, v);
    if (decimals > 2)
        return fail(st, "'%s' = \"%s\": paling banyak dua desimal", name, v);
    if (*out < 0)
        return fail(st, "'%s' = \"%s\" tidak boleh negatif", name, v);
    return true;
}

static bool parse_int(const char *s, const char **end, int *out)
{
    int v = 0, digits = 0;
    while (isdigit((unsigned char)*s) && digits < 6) {
        v = v * 10 + (*s++ - '0');
        digits++;
    }
    *end = s;
    *out = v;
    return digits > 0;
}

static bool parse_years(parse_state *st, const char *v)
{
    rubric *r = st->r;
    const char *p = v;
    if (!parse_int(p, &p, &r->tahun_dari))
        return fail(st, "'tahun' = \"%s\": diharapkan \"2022\" atau \"2022-2024\"", v);
    r->tahun_sampai = r->tahun_dari;
    while (*p == ' ')
        p++;
    if (*p == '-') {
        p++;
        while (*p == ' ')
            p++;
        if (!parse_int(p, &p, &r->tahun_sampai))
            return fail(st, "'tahun' = \"%s\": diharapkan \"2022\" atau \"2022-2024\"", v);
    }
    if (*p)
        return fail(st, "'tahun' = \"%s\": diharapkan \"2022\" atau \"2022-2024\"", v);
    if (r->tahun_dari < YEAR_MIN || r->tahun_sampai > YEAR_MAX)
        return fail(st, "'tahun' = \"%s\" di luar %d-%d", v, YEAR_MIN, YEAR_MAX);
    if (r->tahun_dari > r->tahun_sampai)
        return fail(st, "'tahun' = \"%s\": tahun awal sesudah tahun akhir", v);
    st->has_tahun = true;
    return true;
}

static bool parse_yes_no(parse_state *st, const char *name, const char *v, bool *out)
{
    if (strcasecmp(v, "ya") == 0) {
        *out = true;
        return true;
    }
    if (strcasecmp(v, "tidak") == 0) {
        *out = false;
        return true;
    }
    return fail(st, "'%s' = \"%s\": diharapkan 'ya' atau 'tidak'", name, v);
}

static bool valid_ident(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++) {
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return false;
    }
    return true;
}

/* Called on the first key of a new section: checks its name and opens its slot. */
static bool open_section(parse_state *st, const char *section)
{
    rubric *r = st->r;
    int line = st->section_line > 0 ? st->section_line : st->lineno;
    snprintf(st->section, sizeof st->section, "%s", section);
    st->seen = 0;
    if (strcmp(section, "rubrik") == 0) {
        if (st->seen_rubrik)
            return fail_line(st, line, "bagian [rubrik] ditulis dua kali");
        st->seen_rubrik = true;
        st->rubrik_line = line;
        st->kind = SEC_RUBRIK;
        return true;
    }
    if (strncmp(section, "komponen.", 9) == 0) {
        const char *key = section + 9;
        if (!valid_ident(key) || strlen(key) >= RUBRIC_KEY_MAX)
            return fail(st,
                        "nama komponen '%s' tidak sah (huruf, angka, '_' atau '-', "
                        "maksimal %d karakter)",
                        key, RUBRIC_KEY_MAX - 1);
        if (rubric_comp_index(r, key) >= 0)
            return fail_line(st, line, "komponen '%s' ditulis dua kali", key);
        if (r->n_comp == RUBRIC_MAX_COMP)
            return fail_line(st, line, "terlalu banyak komponen (maksimal %d)", RUBRIC_MAX_COMP);
        rubric_comp *c = &r->comp[r->n_comp];
        snprintf(c->key, sizeof c->key, "%s", key);
        snprintf(c->label, sizeof c->label, "%s", key);
        st->comp_line[r->n_comp] = line;
        r->n_comp++;
        st->kind = SEC_KOMPONEN;
        return true;
    }
    if (strncmp(section, "kategori.", 9) == 0) {
        const char *name = section + 9;
        if (!valid_ident(name) || strlen(name) >= sizeof r->band[0].kategori)
            return fail_line(st, line, "nama kategori '%s' tidak sah (maksimal %zu karakter)", name,
                             sizeof r->band[0].kategori - 1);
        for (int i = 0; i < r->n_band; i++) {
            if (strcmp(r->band[i].kategori, name) == 0)
                return fail_line(st, line, "kategori '%s' ditulis dua kali", name);
        }
        if (r->n_band == RUBRIC_MAX_BANDS)
            return fail_line(st, line, "terlalu banyak kategori (maksimal %d)", RUBRIC_MAX_BANDS);
        /* The name is kept until validation: it also detects duplicates without letters. */
        snprintf(r->band[r->n_band].kategori, sizeof r->band[0].kategori, "%s", name);
        st->band_line[r->n_band] = line;
        r->n_band++;
        st->kind = SEC_KATEGORI;
        return true;
    }
    /* A misspelt prefix ("[komponan.input]") gets the same hint as a misspelt key. */
    char prefix[64];
    snprintf(prefix, sizeof prefix, "%s", section);
    char *dot = strchr(prefix, '.');
    if (dot)
        *dot = '\0';
    const char *hint = closest(prefix, section_words);
    if (hint && dot)
        return fail_line(st, line, "bagian tidak dikenal [%s] (maksud Anda [%s.%s]?)", section,
                         hint, dot + 1);
    if (hint && strcmp(hint, "rubrik") == 0)
        return fail_line(st, line, "bagian tidak dikenal [%s] (maksud Anda [rubrik]?)", section);
    return fail_line(st, line,
                     "bagian tidak dikenal [%s]: diharapkan [rubrik], [komponen.NAMA] atau "
                     "[kategori.NAMA]",
                     section);
}

static int handle_rubrik(parse_state *st, int k, const char *name, const char *v)
{
    rubric *r = st->r;
    switch (k) {
    case 0:
        st->has_nama = true;
        return copy_text(st, r->nama, sizeof r->nama, name, v);
    case 1:
        return copy_text(st, r->sumber, sizeof r->sumber, name, v);
    case 2:
        return parse_years(st, v);
    case 3:
        if (!parse_number(st, name, v, &r->nilai_maks))
            return 0;
        if (r->nilai_maks == 0)
            return fail(st, "'nilai_maks' harus lebih dari 0");
        st->has_nilai_maks = true;
        return 1;
    case 4:
        if (strlen(v) != 1 || v[0] < '0' || v[0] > '2')
            return fail(st, "'desimal' = \"%s\": diharapkan 0, 1 atau 2", v);
        r->desimal = v[0] - '0';
        return 1;
    case 5:
        return parse_yes_no(st, name, v, &r->otomatis);
    case 6:
        return parse_yes_no(st, name, v, &st->kategori_huruf);
    case 7:
        return copy_text(st, r->opini, sizeof r->opini, name, v);
    case 8:
        return copy_text(st, r->gerbang, sizeof r->gerbang, name, v);
    case 9:
        r->ada_pembinaan = true;
        return parse_number(st, name, v, &r->pembinaan_di_bawah);
    case 10:
        return copy_text(st, r->piagam_bawaan, sizeof r->piagam_bawaan, name, v);
    case 11:
        return copy_text(st, r->dimensi, sizeof r->dimensi, name, v);
    default:
        return copy_text(st, r->tidak_pasti, sizeof r->tidak_pasti, name, v);
    }
}

static int handle_komponen(parse_state *st, int k, const char *name, const char *v)
{
    int i = st->r->n_comp - 1;
    rubric_comp *c = &st->r->comp[i];
    switch (k) {
    case 0:
        return copy_text(st, c->label, sizeof c->label, name, v);
    case 1:
        st->comp_has_bobot[i] = true;
        return parse_number(st, name, v, &c->bobot);
    default:
        return copy_text(st, c->detail, sizeof c->detail, name, v);
    }
}

static int handle_kategori(parse_state *st, int k, const char *name, const char *v)
{
    int i = st->r->n_band - 1;
    rubric_band *b = &st->r->band[i];
    switch (k) {
    case 0:
        st->band_has_min[i] = true;
        st->band_min_line[i] = st->lineno;
        return parse_number(st, name, v, &b->min);
    case 1:
        st->band_has_maks[i] = true;
        st->band_maks_line[i] = st->lineno;
        return parse_number(st, name, v, &st->band_maks[i]);
    case 2:
        st->band_has_predikat[i] = true;
        return copy_text(st, b->predikat, sizeof b->predikat, name, v);
    case 3:
        if (!rubric_zona_parse(v, &b->zona))
            return fail(st, "'zona' = \"%s\": diharapkan hijau, kuning atau merah", v);
        return 1;
    default:
        st->band_has_predikat_unit[i] = true;
        return copy_text(st, b->predikat_unit, sizeof b->predikat_unit, name, v);
    }
}

static int apply_key(parse_state *st, const char *section, const char *name, const char *value)
{
    if (st->status != KP_OK)
        return 0;
    if (!*section)
        return fail(st, "'%s' di luar bagian: tulis [rubrik] lebih dulu", name);

    bool continuation = strcmp(section, st->section) == 0 && st->kind != SEC_NONE;
    if (!continuation && !open_section(st, section))
        return 0;

    const char *const *keys = st->kind == SEC_RUBRIK     ? rubrik_keys
                              : st->kind == SEC_KOMPONEN ? komponen_keys
                                                         : kategori_keys;
    int k = key_index(name, keys);
    if (k < 0) {
        const char *hint = closest(name, keys);
        if (hint)
            return fail(st, "kunci tidak dikenal '%s' (maksud Anda '%s'?)", name, hint);
        return fail(st, "kunci tidak dikenal '%s' di bagian [%s]", name, section);
    }
    /* What documents print goes through their CP1252 fonts: refused here, at its line, not
     * when a document is drawn. The sources and the notes of doubt are never drawn. */
    bool drawn = !(st->kind == SEC_RUBRIK && (k == 1 || k == 12));
    uint32_t cp = drawn ? cp1252_unprintable(value) : 0;
    if (cp)
        return fail(st,
                    "%s: karakter U+%04X tidak dapat dicetak pada dokumen (hurufnya hanya memuat "
                    "aksara Latin, CP1252): \"%.80s\"",
                    name, (unsigned)cp, value);
    if (st->seen & (1u << k)) {
        /* inih passes indented continuation lines as the same key again. */
        if (st->kind == SEC_RUBRIK && k == 1)
            return append_text(st, st->r->sumber, sizeof st->r->sumber, name, value);
        if (st->kind == SEC_RUBRIK && k == 12)
            return append_text(st, st->r->tidak_pasti, sizeof st->r->tidak_pasti, name, value);
        if (st->kind == SEC_KOMPONEN && k == 2) {
            rubric_comp *c = &st->r->comp[st->r->n_comp - 1];
            return append_text(st, c->detail, sizeof c->detail, name, value);
        }
        return fail(st, "kunci '%s' ditulis dua kali di bagian [%s]", name, section);
    }
    st->seen |= 1u << k;
    if (st->kind == SEC_RUBRIK)
        return handle_rubrik(st, k, name, value);
    if (st->kind == SEC_KOMPONEN)
        return handle_komponen(st, k, name, value);
    return handle_kategori(st, k, name, value);
}

static kp_status read_key(void *user, const iniread_at *at, const char *section, const char *name,
                          const char *value, kp_error *err)
{
    (void)err; /* the same as st->err */
    parse_state *st = user;
    st->lineno = at->line;
    st->section_line = at->section_line;
    apply_key(st, section, name, value);
    return st->status;
}

/* Validation errors point at the line that defined the offending part. */
#define fail_at(st, line, ...) (fail_line((st), (line), __VA_ARGS__), (st)->status)

/* Cross-field rules, checked once the whole file is read. */
static kp_status validate(parse_state *st)
{
    rubric *r = st->r;
    char a[32], b[32];
    if (!st->seen_rubrik)
        return fail_at(st, 0, "bagian [rubrik] tidak ada");
    if (!st->has_nama)
        return fail_at(st, st->rubrik_line, "[rubrik] tanpa 'nama'");
    if (!st->has_tahun)
        return fail_at(st, st->rubrik_line, "[rubrik] tanpa 'tahun'");
    if (!st->has_nilai_maks)
        return fail_at(st, st->rubrik_line, "[rubrik] tanpa 'nilai_maks'");

    dec_t total = 0;
    for (int i = 0; i < r->n_comp; i++) {
        if (!st->comp_has_bobot[i])
            return fail_at(st, st->comp_line[i], "komponen '%s' tanpa 'bobot'", r->comp[i].key);
        total += r->comp[i].bobot;
    }
    if (r->n_comp > 0 && total != r->nilai_maks)
        return fail_at(st, st->comp_line[r->n_comp - 1],
                       "jumlah bobot komponen %s tidak sama dengan nilai_maks %s",
                       dec_format(total, ',', a, sizeof a),
                       dec_format(r->nilai_maks, ',', b, sizeof b));

    if (r->n_band == 0)
        return fail_at(st, 0, "tidak ada [kategori.NAMA]: nilai tidak dapat digolongkan");
    for (int i = 0; i < r->n_band; i++) {
        rubric_band *band = &r->band[i];
        int line = st->band_line[i];
        if (!st->band_has_min[i])
            return fail_at(st, line, "kategori '%s' tanpa 'min'", band->kategori);
        if (!st->band_has_predikat[i])
            return fail_at(st, line, "kategori '%s' tanpa 'predikat'", band->kategori);
        line = st->band_min_line[i];
        if (band->min > r->nilai_maks)
            return fail_at(st, line, "kategori '%s': min %s di atas nilai_maks %s", band->kategori,
                           dec_format(band->min, ',', a, sizeof a),
                           dec_format(r->nilai_maks, ',', b, sizeof b));
        /* Written highest first, as the regulations print them. */
        dec_t top = i == 0 ? r->nilai_maks : r->band[i - 1].min - 1;
        if (i > 0 && band->min == r->band[i - 1].min)
            return fail_at(st, line, "kategori '%s' tumpang tindih dengan '%s' (min %s sama)",
                           band->kategori, r->band[i - 1].kategori,
                           dec_format(band->min, ',', a, sizeof a));
        if (i > 0 && band->min > r->band[i - 1].min)
            return fail_at(st, line,
                           "kategori tidak urut: '%s' (min %s) harus ditulis sebelum '%s' "
                           "(min %s), dari nilai tertinggi ke terendah",
                           band->kategori, dec_format(band->min, ',', a, sizeof a),
                           r->band[i - 1].kategori,
                           dec_format(r->band[i - 1].min, ',', b, sizeof b));
        line = st->band_maks_line[i];
        if (st->band_has_maks[i] && st->band_maks[i] > top)
            return fail_at(st, line,
                           "kategori '%s': maks %s tumpang tindih dengan kategori di "
                           "atasnya (seharusnya %s)",
                           band->kategori, dec_format(st->band_maks[i], ',', a, sizeof a),
                           dec_format(top, ',', b, sizeof b));
        if (st->band_has_maks[i] && st->band_maks[i] < top)
            return fail_at(st, line, "kategori '%s': maks %s meninggalkan celah (seharusnya %s)",
                           band->kategori, dec_format(st->band_maks[i], ',', a, sizeof a),
                           dec_format(top, ',', b, sizeof b));
    }
    int with_zona = 0;
    for (int i = 0; i < r->n_band; i++) {
        with_zona += r->band[i].zona != ZONA_NONE;
        if (!st->band_has_predikat_unit[i])
            memcpy(r->band[i].predikat_unit, r->band[i].predikat, sizeof r->band[i].predikat);
    }
    for (int i = 0; with_zona > 0 && i < r->n_band; i++) {
        /* A document prints zones for every instansi or for none. */
        if (r->band[i].zona == ZONA_NONE)
            return fail_at(st, st->band_line[i],
                           "kategori '%s' tanpa 'zona', padahal kategori lain punya zona: "
                           "tulis zona untuk semua kategori atau untuk tidak satu pun",
                           r->band[i].kategori);
    }
    r->ada_zona = with_zona > 0;
    if (r->dimensi[0] && r->n_comp > 0)
        return fail_at(st, st->rubrik_line,
                       "'dimensi' (tanpa bobot) bersama [komponen.*] (dengan bobot): bila bobotnya "
                       "diketahui, hapus 'dimensi'");
    if (r->gerbang[0] && !r->opini[0])
        return fail_at(st, st->rubrik_line,
                       "'gerbang' tanpa 'opini': gerbang adalah akhiran opini (\"Opini ... %s\")",
                       r->gerbang);
    if (r->ada_pembinaan && r->pembinaan_di_bawah > r->nilai_maks)
        return fail_at(st, st->rubrik_line, "'pembinaan_di_bawah' %s di atas nilai_maks %s",
                       dec_format(r->pembinaan_di_bawah, ',', a, sizeof a),
                       dec_format(r->nilai_maks, ',', b, sizeof b));
    if (!r->piagam_bawaan[0]) {
        /* Before the key existed every rubric gave certificates to the green zone. */
        snprintf(r->piagam_bawaan, sizeof r->piagam_bawaan, "%s",
                 r->ada_zona          ? "hijau"
                 : st->kategori_huruf ? r->band[0].kategori
                                      : "semua");
    }
    if (r->band[r->n_band - 1].min != 0)
        return fail_at(st, st->band_min_line[r->n_band - 1],
                       "kategori terendah '%s' mulai dari %s: harus mulai dari 0",
                       r->band[r->n_band - 1].kategori,
                       dec_format(r->band[r->n_band - 1].min, ',', a, sizeof a));
    r->ada_kategori = st->kategori_huruf;
    if (!r->ada_kategori) {
        for (int i = 0; i < r->n_band; i++)
            r->band[i].kategori[0] = '\0';
    }
    return KP_OK;
}

/* The file name without directories and without ".ini". */
static void set_id(rubric *r, const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".ini") == 0)
        n -= 4;
    if (n >= sizeof r->id)
        n = sizeof r->id - 1;
    memcpy(r->id, base, n);
    r->id[n] = '\0';
}

kp_status rubric_load_buffer(const char *name, const char *buf, size_t len, rubric *out,
                             kp_error *err)
{
    memset(out, 0, sizeof *out);
    out->desimal = 2;
    out->otomatis = true;
    snprintf(out->path, sizeof out->path, "%s", name);
    set_id(out, name);

    parse_state st = {.r = out, .file = name, .err = err};
    st.kategori_huruf = true;
    kp_status status = iniread_buffer(name, buf, len, read_key, &st, err);
    if (status != KP_OK)
        return status;
    return validate(&st);
}

kp_status rubric_load(const char *path, rubric *out, kp_error *err)
{
    char *buf;
    size_t len;
    int rc = readfile_path(path, RUBRIC_FILE_MAX, &buf, &len);
    if (rc == EFBIG)
        return kp_error_set(err, KP_ERR_DATA, path, 0, 0,
                            "berkas terlalu besar untuk sebuah rubrik (lebih dari %d byte)",
                            RUBRIC_FILE_MAX);
    if (rc == ENOMEM)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "kehabisan memori saat membaca rubrik");
    if (rc) /* a folder given as --rubrik is EISDIR: "ini folder, bukan berkas" */
        return kp_error_errno(err, KP_ERR_DATA, path, rc, "rubrik", "dibaca");
    kp_status st = rubric_load_buffer(path, buf, len, out, err);
    free(buf);
    return st;
}

const rubric_band *rubric_classify(const rubric *r, dec_t v)
{
    if (v < 0)
        return NULL;
    for (int i = 0; i < r->n_band; i++) {
        if (v >= r->band[i].min)
            return &r->band[i];
    }
    return NULL;
}

int rubric_comp_index(const rubric *r, const char *key)
{
    for (int i = 0; i < r->n_comp; i++) {
        if (strcasecmp(r->comp[i].key, key) == 0)
            return i;
    }
    return -1;
}

bool rubric_unit_score(const rubric *r, uint8_t comp_mask, const dec_t *comp, dec_t *out)
{
    if (r->n_comp == 0)
        return false;
    unsigned all = (1u << r->n_comp) - 1;
    if ((comp_mask & all) != all)
        return false;
    dec_t sum = 0;
    for (int i = 0; i < r->n_comp; i++)
        sum += comp[i];
    *out = sum;
    return true;
}

/* ---- Sets ------------------------------------------------------------------------------- */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int compare_rubrics(const void *a, const void *b)
{
    const rubric *x = a, *y = b;
    if (x->tahun_dari != y->tahun_dari)
        return x->tahun_dari < y->tahun_dari ? -1 : 1;
    return strcmp(x->id, y->id);
}

static bool is_ini(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && name[0] != '.' && strcmp(name + n - 4, ".ini") == 0;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The *.ini names of dir, sorted: readdir order differs between file systems. */
static kp_status list_ini(const char *dir, char ***names_out, size_t *n_out, kp_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return kp_error_errno(err, KP_ERR_DATA, dir, errno, "folder rubrik", "dibaca");
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_ini(e->d_name))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                goto oom;
            names = grown;
        }
        names[n] = strdup(e->d_name);
        if (!names[n])
            goto oom;
        n++;
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, compare_names);
    *names_out = names;
    *n_out = n;
    return KP_OK;
oom:
    closedir(d);
    free_names(names, n);
    return kp_error_set(err, KP_ERR_IO, dir, 0, 0, "kehabisan memori");
}

/* Automatic rubrics must not share a year, or the choice per year would be arbitrary. */
static kp_status check_years(const rubric_set *set, kp_error *err)
{
    for (int i = 0; i < set->n; i++) {
        const rubric *a = &set->items[i];
        for (int j = i + 1; j < set->n && a->otomatis; j++) {
            const rubric *b = &set->items[j];
            if (!b->otomatis || b->tahun_dari > a->tahun_sampai || a->tahun_dari > b->tahun_sampai)
                continue;
            int year = a->tahun_dari > b->tahun_dari ? a->tahun_dari : b->tahun_dari;
            return kp_error_set(err, KP_ERR_DATA, b->path, 0, 0,
                                "rubrik %s dan %s sama-sama berlaku untuk tahun %d; beri salah "
                                "satunya 'otomatis = tidak' atau perbaiki 'tahun'",
                                a->path, b->path, year);
        }
    }
    return KP_OK;
}

kp_status rubric_set_load_dir(rubric_set *set, const char *dir, kp_error *err)
{
    memset(set, 0, sizeof *set);
    char **names = NULL;
    size_t n = 0;
    kp_status st = list_ini(dir, &names, &n, err);
    if (st != KP_OK)
        return st;
    if (n == 0) {
        free(names);
        return kp_error_set(err, KP_ERR_DATA, dir, 0, 0, "tidak ada berkas rubrik (*.ini)");
    }
    set->items = calloc(n, sizeof *set->items);
    if (!set->items) {
        free_names(names, n);
        return kp_error_set(err, KP_ERR_IO, dir, 0, 0, "kehabisan memori");
    }
    char path[KP_ERROR_FILE_MAX];
    for (size_t i = 0; i < n && st == KP_OK; i++) {
        int len = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (len < 0 || (size_t)len >= sizeof path)
            st = kp_error_set(err, KP_ERR_IO, names[i], 0, 0, "jalur berkas terlalu panjang");
        else
            st = rubric_load(path, &set->items[set->n], err);
        if (st == KP_OK)
            set->n++;
    }
    free_names(names, n);
    if (st == KP_OK) {
        qsort(set->items, (size_t)set->n, sizeof *set->items, compare_rubrics);
        st = check_years(set, err);
    }
    if (st != KP_OK)
        rubric_set_free(set);
    return st;
}

kp_status rubric_set_load_file(rubric_set *set, const char *path, kp_error *err)
{
    memset(set, 0, sizeof *set);
    set->items = calloc(1, sizeof *set->items);
    if (!set->items)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "kehabisan memori");
    kp_status st = rubric_load(path, set->items, err);
    if (st != KP_OK) {
        rubric_set_free(set);
        return st;
    }
    set->n = 1;
    set->any_year = true;
    return KP_OK;
}

void rubric_set_free(rubric_set *set)
{
    free(set->items);
    memset(set, 0, sizeof *set);
}

const rubric *rubric_set_for_year(const rubric_set *set, int tahun)
{
    if (set->any_year)
        return set->n > 0 ? &set->items[0] : NULL;
    for (int i = 0; i < set->n; i++) {
        const rubric *r = &set->items[i];
        if (r->otomatis && r->tahun_dari <= tahun && tahun <= r->tahun_sampai)
            return r;
    }
    return NULL;
}

bool rubric_has_gerbang(const rubric *r)
{
    return r->gerbang[0] != '\0';
}

const char *rubric_opini(const rubric *r, const rubric_band *b, rubric_gerbang g, char *buf,
                         size_t cap)
{
    if (!r->opini[0])
        snprintf(buf, cap, "%s", "");
    else if (g == RUBRIC_GERBANG_YA && r->gerbang[0])
        snprintf(buf, cap, "%s %s %s", r->opini, b->predikat, r->gerbang);
    else
        snprintf(buf, cap, "%s %s", r->opini, b->predikat);
    return buf;
}

bool rubric_has_dimensi(const rubric *r, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = r->dimensi; *p;) {
        p += strspn(p, " ,");
        size_t len = strcspn(p, ",");
        while (len && p[len - 1] == ' ')
            len--;
        if (len == n && n && strncasecmp(p, key, n) == 0)
            return true;
        p += strcspn(p, ",");
    }
    return false;
}

bool rubric_pembinaan(const rubric *r, dec_t v)
{
    return r->ada_pembinaan && v < r->pembinaan_di_bawah;
}

const char *rubric_gerbang_str(rubric_gerbang g)
{
    return g == RUBRIC_GERBANG_YA ? "ya" : g == RUBRIC_GERBANG_TIDAK ? "tidak" : "";
}

/* ---- Describe --------------------------------------------------------------------------- */

/* Columns are counted in characters, not bytes: labels may hold UTF-8 letters. */
static void sb_cell(sbuf *sb, const char *text, int width)
{
    sbuf_printf(sb, "%s%*s", text, width - (int)utf8_count(text), "");
}

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

static void describe_components(sbuf *sb, const rubric *r)
{
    char num[32];
    int wk = (int)utf8_count("Komponen"), wl = (int)utf8_count("Label"),
        wb = (int)utf8_count("Bobot");
    for (int i = 0; i < r->n_comp; i++) {
        wk = max_int(wk, (int)utf8_count(r->comp[i].key));
        wl = max_int(wl, (int)utf8_count(r->comp[i].label));
        wb = max_int(wb, (int)utf8_count(dec_format(r->comp[i].bobot, ',', num, sizeof num)));
    }
    wb = max_int(wb, (int)utf8_count(dec_format(r->nilai_maks, ',', num, sizeof num)));
    sbuf_printf(sb, "\n");
    sb_cell(sb, "Komponen", wk + 2);
    sb_cell(sb, "Label", wl + 2);
    sbuf_printf(sb, "%*s  Isi\n", wb, "Bobot");
    dec_t total = 0;
    for (int i = 0; i < r->n_comp; i++) {
        const rubric_comp *c = &r->comp[i];
        sb_cell(sb, c->key, wk + 2);
        sb_cell(sb, c->label, wl + 2);
        sbuf_printf(sb, "%*s  %s\n", wb, dec_format(c->bobot, ',', num, sizeof num),
                    c->detail[0] ? c->detail : "-");
        total += c->bobot;
    }
    sb_cell(sb, "", wk + 2);
    sb_cell(sb, "Jumlah", wl + 2);
    sbuf_printf(sb, "%*s\n", wb, dec_format(total, ',', num, sizeof num));
}

static void band_range(const rubric *r, int i, char *buf, size_t cap)
{
    char lo[32], hi[32];
    dec_t top = i == 0 ? r->nilai_maks : r->band[i - 1].min - 1;
    snprintf(buf, cap, "%s - %s", dec_format(r->band[i].min, ',', lo, sizeof lo),
             dec_format(top, ',', hi, sizeof hi));
}

static bool two_labels(const rubric *r)
{
    for (int i = 0; i < r->n_band; i++) {
        if (strcmp(r->band[i].predikat, r->band[i].predikat_unit) != 0)
            return true;
    }
    return false;
}

/* One table line: cells padded to their column, the last one unpadded (no trailing spaces). */
static void sb_row(sbuf *sb, const char *const *cells, const int *width, int n)
{
    for (int i = 0; i < n - 1; i++)
        sb_cell(sb, cells[i], width[i] + 2);
    sbuf_printf(sb, "%s\n", cells[n - 1]);
}

/* The cells of band i's line (i == -1: the heading); returns how many. */
static int band_cells(const rubric *r, int i, const char *range, const char **cells)
{
    bool units = two_labels(r);
    const rubric_band *b = i >= 0 ? &r->band[i] : NULL;
    int n = 0;
    if (r->ada_kategori)
        cells[n++] = b ? b->kategori : "Kategori";
    cells[n++] = b ? range : "Rentang nilai";
    cells[n++] = b ? b->predikat : units ? "Predikat instansi" : "Predikat";
    if (units)
        cells[n++] = b ? b->predikat_unit : "Predikat unit / vertikal";
    if (r->ada_zona)
        cells[n++] = b ? rubric_zona_name(b->zona) : "Zona";
    return n;
}

static void describe_bands(sbuf *sb, const rubric *r)
{
    char range[RUBRIC_MAX_BANDS][80];
    const char *cells[5];
    int width[5] = {0}, n = 0;
    for (int i = -1; i < r->n_band; i++) {
        if (i >= 0)
            band_range(r, i, range[i], sizeof range[i]);
        n = band_cells(r, i, i >= 0 ? range[i] : "", cells);
        for (int c = 0; c < n; c++)
            width[c] = max_int(width[c], (int)utf8_count(cells[c]));
    }
    sbuf_printf(sb, "\n");
    for (int i = -1; i < r->n_band; i++)
        sb_row(sb, cells, width, band_cells(r, i, i >= 0 ? range[i] : "", cells));
}

/* The opinion, the gate and the coaching line: what the Opini method adds to the bands. */
static void describe_opini(sbuf *sb, const rubric *r)
{
    char num[32], op[2 * RUBRIC_TEXT_MAX + 40];
    if (r->opini[0]) {
        sbuf_printf(sb,
                    "\nOpini      : \"%s\" + predikat instansi, mis. \"%s\"; unit dan instansi "
                    "vertikal\n             mendapat predikat unit\n",
                    r->opini, rubric_opini(r, &r->band[0], RUBRIC_GERBANG_TIDAK, op, sizeof op));
        if (r->gerbang[0])
            sbuf_printf(
                sb,
                "Gerbang    : \"%s\" ditambahkan pada opini instansi yang menindaklanjuti "
                "produk Ombudsman\n             sepenuhnya (tidak mengubah nilai), "
                "mis. \"%s\"\n",
                r->gerbang,
                rubric_opini(r, &r->band[r->n_band > 1 ? 1 : 0], RUBRIC_GERBANG_YA, op, sizeof op));
    }
    if (r->dimensi[0])
        sbuf_printf(sb,
                    "Dimensi    : %s (bobot tidak dipublikasikan: setiap baris wajib membawa "
                    "nilai)\n",
                    r->dimensi);
    if (r->ada_pembinaan)
        sbuf_printf(sb, "Pembinaan  : unit dengan nilai di bawah %s\n",
                    dec_format(r->pembinaan_di_bawah, ',', num, sizeof num));
    sbuf_printf(sb, "Piagam     : %s (bawaan --piagam)\n", r->piagam_bawaan);
}

char *rubric_describe(const rubric *r)
{
    sbuf sb;
    sbuf_init(&sb);
    char num[32];
    sbuf_printf(&sb, "Rubrik     : %s (%s)\n", r->nama, r->id);
    if (r->tahun_dari == r->tahun_sampai)
        sbuf_printf(&sb, "Tahun      : %d\n", r->tahun_dari);
    else
        sbuf_printf(&sb, "Tahun      : %d-%d\n", r->tahun_dari, r->tahun_sampai);
    sbuf_printf(&sb, "Dipakai    : %s\n",
                r->otomatis ? "otomatis untuk tahun tersebut"
                            : "hanya bila dipilih dengan --rubrik");
    sbuf_printf(&sb, "Skala      : 0,00 - %s (%d desimal)\n",
                dec_format(r->nilai_maks, ',', num, sizeof num), r->desimal);
    sbuf_printf(&sb, "Sumber     : %s\n", r->sumber[0] ? r->sumber : "-");
    sbuf_printf(&sb, "Berkas     : %s\n", r->path);
    if (r->n_comp > 0)
        describe_components(&sb, r);
    describe_bands(&sb, r);
    describe_opini(&sb, r);
    return sbuf_take(&sb, NULL);
}
