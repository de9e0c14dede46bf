#include "read/csvin.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "model/check.h"
#include "read/csvhash.h"
#include "read/csvtext.h"
#include "util/similar.h"
#include "util/utf8.h"

/* Big enough that fread and SHA-256 run at memory speed, small enough to stay in L2. */
#define CHUNK_SIZE (256 * 1024)
/* Names longer than this are not names: refuse them instead of truncating silently. */
#define NAME_MAX_BYTES 300
/* A record (one line, or several when a quoted field holds line breaks) longer than this is
 * no result row: it is refused at its line and the file is read no further, so that input
 * that never ends a line (/dev/zero) cannot grow memory without bound. */
#define RECORD_MAX_BYTES (1u << 20)
/* Distinct component keys over all rubrics of a run. */
#define MAX_KEYS 32

/* --- Columns ------------------------------------------------------------------------------ */

typedef enum role {
    ROLE_IGNORED = 0,
    ROLE_TAHUN,
    ROLE_PROVINSI,
    ROLE_INSTANSI,
    ROLE_JENIS,
    ROLE_KODE,
    ROLE_SKPD,
    ROLE_NILAI,
    ROLE_GERBANG, /* tanpa_maladministrasi: the instansi's gate */
    ROLE_COMP,    /* a component, in points or (pct) as a percentage */
    ROLE_COUNT
} role;

static const char *const role_name[ROLE_COUNT] = {
    "", "tahun", "provinsi", "instansi", "jenis", "kode", "skpd", "nilai", "tanpa_maladministrasi",
    ""};

/* Header names after normalisation (lower case; spaces, '_', '-', '/', '.' removed). */
static const struct alias {
    const char *norm;
    role r;
} aliases[] = {
    {"tahun", ROLE_TAHUN},
    {"tahunpenilaian", ROLE_TAHUN},
    {"provinsi", ROLE_PROVINSI},
    {"prov", ROLE_PROVINSI},
    {"instansi", ROLE_INSTANSI},
    {"namainstansi", ROLE_INSTANSI},
    {"kabupatenkota", ROLE_INSTANSI},
    {"kabkota", ROLE_INSTANSI},
    {"pemda", ROLE_INSTANSI},
    {"jenis", ROLE_JENIS},
    {"jenisinstansi", ROLE_JENIS},
    {"kode", ROLE_KODE},
    {"kodewilayah", ROLE_KODE},
    {"kodedaerah", ROLE_KODE},
    {"skpd", ROLE_SKPD},
    {"namaskpd", ROLE_SKPD},
    {"opd", ROLE_SKPD},
    {"unitlayanan", ROLE_SKPD},
    {"unit", ROLE_SKPD},
    {"nilai", ROLE_NILAI},
    {"nilaiakhir", ROLE_NILAI},
    {"nilaikepatuhan", ROLE_NILAI},
    {"skor", ROLE_NILAI},
    {"tanpamaladministrasi", ROLE_GERBANG},
    {"tm", ROLE_GERBANG},
};

/* Columns that spreadsheets carry next to the data and the program recomputes or ignores:
 * never mistaken for typos of a known column. */
static const char *const ignored_names[] = {
    "no", "nomor", "zona", "kategori", "predikat", "peringkat", "keterangan", "ket", "catatan"};

typedef struct column {
    role r;
    int key;  /* ROLE_COMP: index into reader.keys */
    bool pct; /* ROLE_COMP: written as 0-100 percent of the weight */
} column;

typedef struct comp_key {
    char key[RUBRIC_KEY_MAX];
    char norm[RUBRIC_KEY_MAX];        /* normalised key */
    char norm_label[RUBRIC_TEXT_MAX]; /* normalised label: "Dimensi Input" style aliases */
    int col;                          /* column index, -1 when absent */
    bool pct;
    char name[RUBRIC_KEY_MAX + 8]; /* as named in messages: "input", "input_persen" */
} comp_key;

typedef struct memo {
    bool valid;
    int hint;
    size_t n;
    char raw[NAME_MAX_BYTES + 1];
    char canon[2 * NAME_MAX_BYTES];
    names_jenis derived;
    const char *interned; /* canon, interned; NULL until a good row used it */
    const char *asli;     /* raw, interned (instansi only) */
} memo;

/* --- The reader --------------------------------------------------------------------------- */

typedef struct field {
    size_t off, len;
    uint32_t line;
} field;

typedef struct reader {
    rows_data *d;
    const char *path; /* interned */
    rows_file *file;
    const rubric_set *rubrics;
    diag_list *diags;
    int tahun_min, tahun_max;

    /* Where libcsv is: the physical line being fed, where the next field starts, whether a
     * record is open (a quoted field can carry it over line ends). */
    uint32_t line;
    uint32_t field_line;
    bool in_record;
    size_t record_bytes; /* fed to libcsv for the open record */
    bool cut;            /* a record over RECORD_MAX_BYTES: the file ends there */

    /* The record being assembled: field bytes (each NUL-terminated) and their places. */
    char *buf;
    size_t buf_len, buf_cap;
    field *f;
    size_t nf, f_cap;
    /* The record as the column rules read it: CSV's fields above, or a sheet's cells. */
    const csvin_field *cf;
    size_t ncf;
    csvin_field *cf_own; /* CSV: room for cf, f_cap entries */
    const char *sheet;   /* the workbook sheet read (interned), or NULL for a CSV file */
    bool probe;          /* only judging a header: nothing is reported or added */

    bool have_header, header_bad;
    uint32_t header_line;
    size_t ncols;
    int col_of[ROLE_COUNT];
    comp_key keys[MAX_KEYS];
    int nkeys;

    memo m_inst, m_prov, m_skpd, m_kode;
    const rubric *idx_for; /* comp_idx is for this rubric */
    int comp_idx[MAX_KEYS];

    /* Years without a rubric: reported once per year when the file ends, at the first row. */
    struct missing_year {
        int tahun;
        uint32_t line;
        int col;
        size_t rows;
    } missing[8];
    int n_missing;
    bool missing_more; /* more years than missing[] holds: counted in the last slot */
    bool dims_warned;  /* dimensions ignored under a rubric without weights: said once */

    bool non_ascii; /* the open record has bytes >= 0x80: its UTF-8 needs checking */
    bool discard;   /* the rest is not data (an unclosed quote, UTF-16): already reported */
    bool oom;
} reader;

static void add_diag(reader *r, diag_severity sev, uint32_t line, int col, const char *fmt,
                     va_list ap)
{
    if (r->probe)
        return;
    char msg[KP_ERROR_MSG_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    diag_add_in(r->diags, sev, r->path, r->sheet, (int)line, col, "%s", msg);
}

static void add_error(reader *r, uint32_t line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_error(reader *r, uint32_t line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_diag(r, DIAG_ERROR, line, col, fmt, ap);
    va_end(ap);
}

static void add_warning(reader *r, uint32_t line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_warning(reader *r, uint32_t line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_diag(r, DIAG_WARNING, line, col, fmt, ap);
    va_end(ap);
}

static const char *fld(const reader *r, int col, size_t *len)
{
    if (col < 0 || (size_t)col >= r->ncf) {
        *len = 0;
        return "";
    }
    *len = r->cf[col].len;
    return r->cf[col].s;
}

static uint32_t fld_line(const reader *r, int col)
{
    return col >= 0 && (size_t)col < r->ncf ? r->cf[col].line : r->cf[0].line;
}

/* How far a header may be from a known name to count as its typo: short names are close to
 * many ordinary words ("zona" / "kode"), so they get less slack. */
static size_t typo_slack(const char *known)
{
    size_t n = strlen(known);
    return n >= 5 ? 2 : n >= 3 ? 1 : 0;
}

/*
 * The known name nearest to norm within typo slack, if any: its display form in out and its
 * role in *meant (ROLE_COMP for a component).
 */
static bool suggest(const reader *r, const char *norm, char *out, size_t cap, role *meant)
{
    size_t best = 99;
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++) {
        size_t dist = similar_distance(norm, aliases[i].norm, typo_slack(aliases[i].norm), false);
        if (dist <= typo_slack(aliases[i].norm) && dist < best) {
            best = dist;
            snprintf(out, cap, "%s", role_name[aliases[i].r]);
            *meant = aliases[i].r;
        }
    }
    for (int k = 0; k < r->nkeys; k++) {
        char pct[RUBRIC_KEY_MAX + 8];
        snprintf(pct, sizeof pct, "%spersen", r->keys[k].norm);
        size_t dist = similar_distance(norm, r->keys[k].norm, typo_slack(r->keys[k].norm), false);
        if (dist <= typo_slack(r->keys[k].norm) && dist < best) {
            best = dist;
            snprintf(out, cap, "%s", r->keys[k].key);
            *meant = ROLE_COMP;
        }
        dist = similar_distance(norm, pct, typo_slack(pct), false);
        if (dist <= typo_slack(pct) && dist < best) {
            best = dist;
            snprintf(out, cap, "%s_persen", r->keys[k].key);
            *meant = ROLE_COMP;
        }
    }
    return best != 99;
}

/* The component key whose name or "Dimensi <label>" alias norm is, or -1. */
static int find_key(const reader *r, const char *norm)
{
    for (int k = 0; k < r->nkeys; k++) {
        const comp_key *ck = &r->keys[k];
        if (strcmp(norm, ck->norm) == 0 || strcmp(norm, ck->norm_label) == 0)
            return k;
        if (strncmp(norm, "dimensi", 7) == 0 &&
            (strcmp(norm + 7, ck->norm) == 0 || strcmp(norm + 7, ck->norm_label) == 0))
            return k;
    }
    return -1;
}

/* Collects the component keys of every rubric: a file may mix methods across its years. */
static void collect_keys(reader *r)
{
    r->nkeys = 0;
    for (int i = 0; r->rubrics && i < r->rubrics->n; i++) {
        const rubric *rb = &r->rubrics->items[i];
        for (int c = 0; c < rb->n_comp; c++) {
            char norm[RUBRIC_KEY_MAX];
            csvtext_normalise(rb->comp[c].key, strlen(rb->comp[c].key), norm, sizeof norm);
            bool seen = false;
            for (int k = 0; k < r->nkeys && !seen; k++)
                seen = strcmp(r->keys[k].norm, norm) == 0;
            if (seen || r->nkeys == MAX_KEYS)
                continue;
            comp_key *ck = &r->keys[r->nkeys++];
            snprintf(ck->key, sizeof ck->key, "%s", rb->comp[c].key);
            snprintf(ck->norm, sizeof ck->norm, "%s", norm);
            csvtext_normalise(rb->comp[c].label, strlen(rb->comp[c].label), ck->norm_label,
                              sizeof ck->norm_label);
            ck->col = -1;
        }
    }
}

static bool utf8_ok(reader *r, size_t i)
{
    const unsigned char *s = (const unsigned char *)r->cf[i].s;
    size_t bad = utf8_invalid_at(s, r->cf[i].len);
    if (bad == r->cf[i].len)
        return true;
    add_error(r, r->cf[i].line, (int)i + 1,
              "teks bukan UTF-8 yang sah (byte 0x%02X); simpan berkas sebagai \"CSV UTF-8\"",
              s[bad]);
    return false;
}

static void process_header(reader *r)
{
    r->have_header = true;
    r->header_line = r->cf[0].line;
    r->ncols = r->ncf;
    for (int i = 0; i < ROLE_COUNT; i++)
        r->col_of[i] = -1;
    collect_keys(r);
    /* A column reported as a typo is not reported again as missing. */
    bool suggested[ROLE_COUNT] = {false};

    for (size_t i = 0; i < r->ncf; i++) {
        int col = (int)i + 1;
        if (!utf8_ok(r, i)) {
            r->header_bad = true;
            continue;
        }
        size_t n;
        const char *raw = text_trim(fld(r, (int)i, &n), &n);
        if (n == 0)
            continue; /* trailing separators leave nameless empty columns */
        char norm[128];
        csvtext_normalise(raw, n, norm, sizeof norm);

        column c = {ROLE_IGNORED, -1, false};
        for (size_t a = 0; a < sizeof aliases / sizeof *aliases; a++) {
            if (strcmp(norm, aliases[a].norm) == 0) {
                c.r = aliases[a].r;
                break;
            }
        }
        if (c.r == ROLE_IGNORED) {
            int k = find_key(r, norm);
            if (k < 0) {
                char base[128];
                snprintf(base, sizeof base, "%s", norm);
                if (csvtext_strip_suffix(base, "(persen)") ||
                    csvtext_strip_suffix(base, "persen") || csvtext_strip_suffix(base, "(%)") ||
                    csvtext_strip_suffix(base, "%")) {
                    k = find_key(r, base);
                    c.pct = k >= 0;
                }
            }
            if (k >= 0) {
                c.r = ROLE_COMP;
                c.key = k;
            }
        }

        if (c.r == ROLE_IGNORED) {
            bool known_extra = false;
            for (size_t k = 0; k < sizeof ignored_names / sizeof *ignored_names; k++)
                known_extra |= strcmp(norm, ignored_names[k]) == 0;
            char hint[RUBRIC_KEY_MAX + 16];
            role meant;
            if (!known_extra && suggest(r, norm, hint, sizeof hint, &meant)) {
                suggested[meant] = true;
                add_error(r, r->cf[i].line, col, "kolom '%.*s' tidak dikenal; maksud Anda '%s'?",
                          (int)n, raw, hint);
                r->header_bad = true;
            } else {
                add_warning(r, r->cf[i].line, col, "kolom '%.*s' tidak dikenal; diabaikan", (int)n,
                            raw);
            }
            continue;
        }

        int prev = c.r == ROLE_COMP ? r->keys[c.key].col : r->col_of[c.r];
        if (prev >= 0) {
            add_error(r, r->cf[i].line, col, "kolom '%.*s' ganda: '%s' sudah ada di kolom %d",
                      (int)n, raw, c.r == ROLE_COMP ? r->keys[c.key].key : role_name[c.r],
                      prev + 1);
            r->header_bad = true;
            continue;
        }
        if (c.r == ROLE_COMP) {
            comp_key *ck = &r->keys[c.key];
            ck->col = (int)i;
            ck->pct = c.pct;
            size_t kl = strlen(ck->key);
            memcpy(ck->name, ck->key, kl + 1);
            if (c.pct)
                memcpy(ck->name + kl, "_persen", sizeof "_persen");
        } else {
            r->col_of[c.r] = (int)i;
        }
    }

    static const role required[] = {ROLE_TAHUN, ROLE_PROVINSI, ROLE_INSTANSI};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
        if (r->col_of[required[i]] < 0 && !suggested[required[i]]) {
            add_error(r, r->header_line, 0, "kolom wajib '%s' tidak ada", role_name[required[i]]);
            r->header_bad = true;
        }
    }
    bool any_comp = false;
    for (int k = 0; k < r->nkeys; k++)
        any_comp |= r->keys[k].col >= 0;
    if (r->col_of[ROLE_NILAI] < 0 && !any_comp && !suggested[ROLE_NILAI] && !suggested[ROLE_COMP]) {
        char list[256] = "";
        for (int k = 0; k < r->nkeys; k++) {
            size_t used = strlen(list);
            snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "", r->keys[k].key);
        }
        add_error(r, r->header_line, 0,
                  r->nkeys ? "tidak ada kolom nilai: perlu 'nilai' atau komponen (%s)"
                           : "tidak ada kolom nilai: perlu 'nilai'%s",
                  list);
        r->header_bad = true;
    }
    if (r->file && !r->probe) {
        r->file->col_provinsi = r->col_of[ROLE_PROVINSI] + 1;
        r->file->col_kode = r->col_of[ROLE_KODE] + 1;
        r->file->col_instansi = r->col_of[ROLE_INSTANSI] + 1;
        r->file->col_jenis = r->col_of[ROLE_JENIS] + 1;
        r->file->col_skpd = r->col_of[ROLE_SKPD] + 1;
    }
}

/*
 * The trimmed name in column col; false (after reporting it) when it cannot be one: too long,
 * or carrying a control character or an invisible mark (refused, not silently cleaned: a
 * clerk should see which cell holds it).
 */
static bool name_field(reader *r, int col, const char *what, const char **s, size_t *n)
{
    *s = text_trim(fld(r, col, n), n);
    if (*n > NAME_MAX_BYTES) {
        add_error(r, fld_line(r, col), col + 1, "%s terlalu panjang (lebih dari %d byte)", what,
                  NAME_MAX_BYTES);
        return false;
    }
    bool control = false;
    uint32_t bad = csvtext_hidden_char(*s, *n, &control);
    if (bad) {
        add_error(r, fld_line(r, col), col + 1, "%s berisi karakter %s U+%04X; hapus karakter itu",
                  what, control ? "kendali" : "tak terlihat",
                  bad == 0xFFFFFFFF ? 0 : (unsigned)bad);
        return false;
    }
    /* A name needs a letter or digit (of any script): "." or "€" would share an empty key. */
    if (*n > 0 && !names_has_word(*s, *n)) {
        add_error(r, fld_line(r, col), col + 1, "%s \"%.*s\" tidak berisi huruf atau angka", what,
                  (int)*n, *s);
        return false;
    }
    return true;
}

/*
 * Parses one score field. max is its upper bound (the scale, 100 for a percentage, or the
 * component's weight: then bobot says so in the message). Returns false (after recording an
 * error) when the field is bad; *given says whether it was filled at all.
 */
static bool parse_score(reader *r, int col, const char *name, const rubric *rb, dec_t max,
                        bool is_weight, dec_t *out, bool *given)
{
    size_t n;
    const char *s = text_trim(fld(r, col, &n), &n);
    *given = false;
    if (n == 0)
        return true;
    uint32_t line = fld_line(r, col);
    int decimals = 0;
    char buf[32];
    switch (dec_parse(s, n, out, &decimals)) {
    case DEC_OK:
        break;
    case DEC_THOUSANDS:
        if (csvtext_looks_grouped(s, n)) {
            add_error(r, line, col + 1,
                      "%s \"%.*s\" memakai pemisah ribuan; tulis angka tanpa pemisah ribuan", name,
                      (int)n, s);
            return false;
        }
        /* fallthrough */
    default:
        add_error(r, line, col + 1, "%s \"%.*s\" bukan angka", name, (int)n > 40 ? 40 : (int)n, s);
        return false;
    }
    if (*out < 0) {
        add_error(r, line, col + 1, "%s \"%.*s\" negatif", name, (int)n, s);
        return false;
    }
    if (rb && decimals > rb->desimal) {
        add_error(r, line, col + 1, "%s \"%.*s\" memakai %d desimal; paling banyak %d", name,
                  (int)n, s, decimals, rb->desimal);
        return false;
    }
    if (max > ROWS_SCORE_MAX) {
        max = ROWS_SCORE_MAX;
        is_weight = false;
    }
    if (*out > max) {
        add_error(r, line, col + 1, "%s \"%.*s\" melebihi %s%s", name, (int)n, s,
                  is_weight ? "bobotnya " : "", dec_format(max, ',', buf, sizeof buf));
        return false;
    }
    if (memchr(s, ',', n))
        r->file->decimal_comma = true;
    *given = true;
    return true;
}

static bool is_local(names_jenis j)
{
    return j == JENIS_PROVINSI || j == JENIS_KABUPATEN || j == JENIS_KOTA;
}

static const char *intern_or_oom(reader *r, const char *s, size_t n)
{
    const char *p = rows_intern(r->d, s, n);
    if (!p)
        r->oom = true;
    return p;
}

/*
 * The last value seen in a name column and what it became. Rows come grouped by instansi,
 * so most rows repeat the previous row's names: canonicalising and interning them once per
 * change instead of once per row is most of the reader's speed.
 */
static bool memo_hit(const memo *m, const char *s, size_t n, int hint)
{
    return m->valid && m->n == n && m->hint == hint && memcmp(m->raw, s, n) == 0;
}

static void memo_set(memo *m, const char *s, size_t n, int hint)
{
    memcpy(m->raw, s, n);
    m->raw[n] = '\0';
    m->n = n;
    m->hint = hint;
    m->valid = true;
    m->interned = NULL;
    m->asli = NULL;
}

/* The memo's canonical form, interned on first use by a good row. */
static const char *memo_interned(reader *r, memo *m)
{
    if (!m->interned)
        m->interned = intern_or_oom(r, m->canon, strlen(m->canon));
    return m->interned;
}

/* Fills r->comp_idx: which rubric component each component column is, for rubric rb. */
static void map_components(reader *r, const rubric *rb)
{
    if (r->idx_for == rb)
        return;
    r->idx_for = rb;
    for (int k = 0; k < r->nkeys; k++)
        r->comp_idx[k] = rubric_comp_index(rb, r->keys[k].key);
}

/*
 * A row of a year no rubric covers. A file of such a year would otherwise give one error per
 * row; the count is reported by report_missing_years once the file ends.
 */
static void note_missing_year(reader *r, int tahun, uint32_t line, int col)
{
    for (int i = 0; i < r->n_missing; i++) {
        if (r->missing[i].tahun == tahun) {
            r->missing[i].rows++;
            return;
        }
    }
    int cap = (int)(sizeof r->missing / sizeof *r->missing);
    if (r->n_missing == cap) {
        r->missing_more = true;
        r->missing[cap - 1].rows++;
        return;
    }
    r->missing[r->n_missing++] = (struct missing_year){tahun, line, col, 1};
}

/* "2013-2021, 2022-2024, 2025-2026": the years the automatic rubrics cover. */
static void covered_years(const rubric_set *set, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; set && i < set->n && len < cap; i++) {
        const rubric *rb = &set->items[i];
        if (!rb->otomatis && !set->any_year)
            continue;
        if (rb->tahun_dari == rb->tahun_sampai)
            len += (size_t)snprintf(buf + len, cap - len, "%s%d", len ? ", " : "", rb->tahun_dari);
        else
            len += (size_t)snprintf(buf + len, cap - len, "%s%d-%d", len ? ", " : "",
                                    rb->tahun_dari, rb->tahun_sampai);
    }
}

static void report_missing_years(reader *r)
{
    char covered[256];
    covered_years(r->rubrics, covered, sizeof covered);
    for (int i = 0; i < r->n_missing; i++) {
        const struct missing_year *m = &r->missing[i];
        bool last = r->missing_more && i == r->n_missing - 1;
        add_error(r, m->line, m->col,
                  "tidak ada rubrik untuk tahun %d%s (%zu baris ditolak); rubrik yang ada "
                  "berlaku untuk %s: tambahkan berkas ke templates/rubrik/ atau pilih dengan "
                  "--rubrik",
                  m->tahun, last ? " dan tahun lain" : "", m->rows,
                  covered[0] ? covered : "tidak satu tahun pun");
    }
}

static bool parse_tahun(reader *r, rows_row *row, const rubric **rb)
{
    int ct = r->col_of[ROLE_TAHUN];
    size_t n;
    const char *s = text_trim(fld(r, ct, &n), &n);
    if (n == 0) {
        add_error(r, fld_line(r, ct), ct + 1, "tahun kosong");
        return false;
    }
    long y = 0;
    bool digits = n <= 6;
    for (size_t i = 0; i < n && digits; i++) {
        digits = s[i] >= '0' && s[i] <= '9';
        y = y * 10 + (s[i] - '0');
    }
    if (!digits) {
        add_error(r, fld_line(r, ct), ct + 1, "tahun \"%.*s\" bukan bilangan bulat",
                  (int)(n > 40 ? 40 : n), s);
        return false;
    }
    if (y < r->tahun_min || y > r->tahun_max) {
        add_error(r, fld_line(r, ct), ct + 1, "tahun %ld di luar rentang %d-%d", y, r->tahun_min,
                  r->tahun_max);
        return false;
    }
    row->tahun = (int16_t)y;
    *rb = rubric_set_for_year(r->rubrics, (int)y);
    if (!*rb) {
        note_missing_year(r, (int)y, fld_line(r, ct), ct + 1);
        return false;
    }
    return true;
}

/* instansi, jenis and provinsi. */
static bool parse_names(reader *r, rows_row *row)
{
    bool ok = true;
    int ci = r->col_of[ROLE_INSTANSI], cj = r->col_of[ROLE_JENIS];
    const char *inst;
    size_t inst_n, n;
    names_jenis col_jenis = JENIS_NONE;
    const char *js = text_trim(fld(r, cj, &n), &n);
    size_t whole;
    if (n > 0 && !names_jenis_parse(fld(r, cj, &whole), &col_jenis)) {
        add_error(r, fld_line(r, cj), cj + 1,
                  "jenis \"%.*s\" tidak dikenal; pilih kementerian, lembaga, provinsi, "
                  "kabupaten, kota atau vertikal",
                  (int)(n > 40 ? 40 : n), js);
        ok = false;
    }
    if (!name_field(r, ci, "instansi", &inst, &inst_n))
        return false;
    if (inst_n == 0) {
        add_error(r, fld_line(r, ci), ci + 1, "instansi kosong");
        return false;
    }
    memo *mi = &r->m_inst;
    if (!memo_hit(mi, inst, inst_n, (int)col_jenis)) {
        memo_set(mi, inst, inst_n, (int)col_jenis);
        names_canonical(mi->raw, col_jenis, mi->canon, sizeof mi->canon, &mi->derived);
    }
    names_jenis derived = mi->derived;
    /* Kementerian and lembaga are told apart inconsistently even in official lists; only a
     * name that says it is a local government can contradict the column. */
    if (col_jenis != JENIS_NONE && derived != JENIS_NONE && derived != col_jenis &&
        (is_local(derived) || is_local(col_jenis))) {
        js = text_trim(fld(r, cj, &n), &n);
        add_error(r, fld_line(r, cj), cj + 1, "jenis \"%.*s\" bertentangan dengan nama \"%s\"",
                  (int)n, js, mi->raw);
        ok = false;
    }
    names_jenis j = col_jenis != JENIS_NONE ? col_jenis : derived;
    row->jenis = (uint8_t)j;

    int cp = r->col_of[ROLE_PROVINSI];
    const char *prov;
    size_t prov_n;
    if (!name_field(r, cp, "provinsi", &prov, &prov_n))
        return false;
    memo *mp = &r->m_prov;
    if (prov_n == 0 && j != JENIS_KEMENTERIAN && j != JENIS_LEMBAGA) {
        add_error(r, fld_line(r, cp), cp + 1,
                  "provinsi kosong; hanya kementerian dan lembaga boleh tanpa provinsi");
        return false;
    }
    if (!memo_hit(mp, prov, prov_n, 0)) {
        memo_set(mp, prov, prov_n, 0);
        if (prov_n == 0) {
            snprintf(mp->canon, sizeof mp->canon, "Pusat");
        } else {
            char full[sizeof mp->canon];
            names_canonical(mp->raw, JENIS_PROVINSI, full, sizeof full, NULL);
            names_place(full, mp->canon, sizeof mp->canon);
        }
    }
    if (!ok)
        return false;
    if (!mi->asli)
        mi->asli = intern_or_oom(r, mi->raw, mi->n);
    row->instansi_asli = mi->asli;
    row->instansi = memo_interned(r, mi);
    row->provinsi = memo_interned(r, mp);
    return true;
}

/* skpd (spaces collapsed) and kode (as written). */
static bool parse_unit(reader *r, rows_row *row)
{
    int cs = r->col_of[ROLE_SKPD], ck = r->col_of[ROLE_KODE];
    const char *skpd;
    size_t skpd_n, kode_n;
    bool ok = name_field(r, cs, "skpd", &skpd, &skpd_n);
    const char *kode = text_trim(fld(r, ck, &kode_n), &kode_n);
    if (kode_n > 64) {
        add_error(r, fld_line(r, ck), ck + 1, "kode terlalu panjang (lebih dari 64 byte)");
        ok = false;
    }
    if (!ok)
        return false;
    if (skpd_n) {
        memo *m = &r->m_skpd;
        if (!memo_hit(m, skpd, skpd_n, 0)) {
            memo_set(m, skpd, skpd_n, 0);
            size_t o = 0;
            for (size_t i = 0; i < skpd_n; i++) {
                bool blank = text_is_blank((unsigned char)skpd[i]);
                if (blank && (o == 0 || m->canon[o - 1] == ' '))
                    continue;
                m->canon[o++] = blank ? ' ' : skpd[i];
            }
            m->canon[o] = '\0';
        }
        row->skpd = memo_interned(r, m);
    }
    if (kode_n) {
        memo *m = &r->m_kode;
        if (!memo_hit(m, kode, kode_n, 0)) {
            memo_set(m, kode, kode_n, 0);
            memcpy(m->canon, kode, kode_n);
            m->canon[kode_n] = '\0';
        }
        row->kode = memo_interned(r, m);
    }
    return true;
}

/* nilai and the components, against rubric rb (NULL when the year has none). */
static bool parse_scores(reader *r, rows_row *row, const rubric *rb)
{
    bool ok = true, given;
    dec_t scale = rb ? rb->nilai_maks : 100 * DEC_ONE;
    int cn = r->col_of[ROLE_NILAI];
    dec_t nilai = 0;
    if (!parse_score(r, cn, "nilai", rb, scale, false, &nilai, &given))
        ok = false;
    row->nilai = (int32_t)nilai;
    row->ada_nilai = given;
    if (rb)
        map_components(r, rb);
    int dims_col = -1; /* first component written under a rubric without weights */
    for (int k = 0; k < r->nkeys; k++) {
        const comp_key *key = &r->keys[k];
        if (key->col < 0)
            continue;
        int idx = rb ? r->comp_idx[k] : -1;
        size_t n;
        if (rb && rubric_has_dimensi(rb, key->key)) {
            text_trim(fld(r, key->col, &n), &n);
            if (n > 0 && dims_col < 0)
                dims_col = key->col;
            continue;
        }
        if (rb && idx < 0) {
            text_trim(fld(r, key->col, &n), &n);
            if (n > 0) {
                add_error(r, fld_line(r, key->col), key->col + 1,
                          "rubrik tahun %d tidak punya komponen '%s'", row->tahun, key->key);
                ok = false;
            }
            continue;
        }
        dec_t max = key->pct ? 100 * DEC_ONE : idx >= 0 ? rb->comp[idx].bobot : scale;
        dec_t v;
        if (!parse_score(r, key->col, key->name, rb, max, !key->pct && idx >= 0, &v, &given)) {
            ok = false;
            continue;
        }
        if (idx >= 0 && given) {
            dec_t pts = key->pct ? dec_percent_of(v, rb->comp[idx].bobot) : v;
            if (pts > ROWS_SCORE_MAX) {
                char buf[32];
                add_error(r, fld_line(r, key->col), key->col + 1, "%s melebihi %s", key->name,
                          dec_format(ROWS_SCORE_MAX, ',', buf, sizeof buf));
                ok = false;
                continue;
            }
            row->comp[idx] = (int32_t)pts;
            row->comp_mask |= (uint8_t)(1u << idx);
        }
    }
    if (!ok || !rb)
        return false;
    if (dims_col >= 0 && !row->ada_nilai) {
        add_error(r, fld_line(r, dims_col), dims_col + 1,
                  "tahun %d (%s): bobot dimensi tidak dipublikasikan, jadi nilai tidak dapat "
                  "dihitung dari dimensinya; isi 'nilai' (bila bobotnya diketahui, tambahkan "
                  "[komponen.*] ke %s)",
                  row->tahun, rb->nama, rb->path);
        return false;
    }
    if (dims_col >= 0 && !r->dims_warned) {
        r->dims_warned = true;
        add_warning(r, fld_line(r, dims_col), dims_col + 1,
                    "tahun %d (%s): bobot dimensi tidak dipublikasikan; kolom dimensi diabaikan "
                    "dan 'nilai' yang dipakai (sekali untuk seluruh berkas)",
                    row->tahun, rb->nama);
    }

    unsigned full = (1u << rb->n_comp) - 1;
    if (row->comp_mask != 0 && row->comp_mask != full) {
        char missing[256] = "";
        int first_missing = -1;
        for (int c = 0; c < rb->n_comp; c++) {
            if (row->comp_mask & (1u << c))
                continue;
            size_t used = strlen(missing);
            snprintf(missing + used, sizeof missing - used, "%s%s", used ? ", " : "",
                     rb->comp[c].key);
            for (int k = 0; k < r->nkeys && first_missing < 0; k++)
                if (r->comp_idx[k] == c)
                    first_missing = r->keys[k].col;
        }
        add_error(r, first_missing >= 0 ? fld_line(r, first_missing) : row->line, first_missing + 1,
                  "komponen tidak lengkap: %s kosong", missing);
        return false;
    }
    if (!row->ada_nilai && row->comp_mask == 0) {
        char list[256] = "";
        for (int c = 0; c < rb->n_comp; c++) {
            size_t used = strlen(list);
            snprintf(list + used, sizeof list - used, "%s%s", c ? ", " : "", rb->comp[c].key);
        }
        if (rb->n_comp)
            add_error(r, fld_line(r, cn), cn + 1,
                      "baris tanpa nilai: isi 'nilai' atau semua komponen (%s)", list);
        else
            add_error(r, fld_line(r, cn), cn + 1, "baris tanpa nilai: isi 'nilai'");
        return false;
    }
    dec_t sum, comp[RUBRIC_MAX_COMP];
    rows_row_comp(row, comp);
    if (row->ada_nilai && rubric_unit_score(rb, row->comp_mask, comp, &sum) &&
        (sum - row->nilai > 2 || row->nilai - sum > 2)) {
        char a[32], b[32];
        add_warning(r, fld_line(r, cn), cn + 1, "jumlah komponen %s berbeda dari nilai %s",
                    dec_format(sum, ',', a, sizeof a), dec_format(row->nilai, ',', b, sizeof b));
    }
    return true;
}

/* A yes/no word as clerks write it, in any case. */
static bool parse_gerbang_word(const char *s, size_t n, rubric_gerbang *out)
{
    static const char *const ya[] = {"ya", "y", "1", "true"};
    static const char *const tidak[] = {"tidak", "t", "0", "false"};
    for (size_t i = 0; i < 4; i++) {
        if (strlen(ya[i]) == n && strncasecmp(s, ya[i], n) == 0) {
            *out = RUBRIC_GERBANG_YA;
            return true;
        }
        if (strlen(tidak[i]) == n && strncasecmp(s, tidak[i], n) == 0) {
            *out = RUBRIC_GERBANG_TIDAK;
            return true;
        }
    }
    return false;
}

/*
 * tanpa_maladministrasi: the instansi's gate, on its own row or on any of its unit rows
 * (check_finish reports rows that disagree). Empty means unknown.
 */
static bool parse_gerbang(reader *r, rows_row *row, const rubric *rb)
{
    int cg = r->col_of[ROLE_GERBANG];
    size_t n;
    const char *s = text_trim(fld(r, cg, &n), &n);
    if (n == 0)
        return true;
    rubric_gerbang g;
    if (!parse_gerbang_word(s, n, &g)) {
        add_error(r, fld_line(r, cg), cg + 1,
                  "tanpa_maladministrasi \"%.*s\" tidak dikenal; tulis ya atau tidak "
                  "(kosong: belum diketahui)",
                  (int)(n > 40 ? 40 : n), s);
        return false;
    }
    if (rb && !rubric_has_gerbang(rb)) {
        add_error(r, fld_line(r, cg), cg + 1,
                  "tanpa_maladministrasi diisi, padahal metode tahun %d (%s) tidak punya "
                  "gerbang Tanpa Maladministrasi; kosongkan kolom ini",
                  row->tahun, rb->nama);
        return false;
    }
    if (row->jenis == JENIS_VERTIKAL) {
        add_error(r, fld_line(r, cg), cg + 1,
                  "tanpa_maladministrasi diisi untuk instansi vertikal, yang mendapat predikat "
                  "kualitas pelayanan, bukan opini; kosongkan kolom ini");
        return false;
    }
    row->gerbang = (uint8_t)g;
    return true;
}

/* The name a column has in messages: "nilai", "input_persen". */
static const char *column_name(const reader *r, size_t col)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (r->col_of[i] == (int)col && role_name[i][0])
            return role_name[i];
    for (int k = 0; k < r->nkeys; k++)
        if (r->keys[k].col == (int)col)
            return r->keys[k].name;
    return NULL;
}

/*
 * A workbook's cell that holds an error value or a formula never calculated has no value to
 * read: an error at that cell when the program uses its column (others are ignored, as in CSV).
 */
static bool cells_have_values(reader *r)
{
    bool ok = true;
    for (size_t i = 0; i < r->ncf && i < r->ncols; i++) {
        const csvin_field *c = &r->cf[i];
        const char *name = c->kind == CSVIN_TEXT ? NULL : column_name(r, i);
        if (!name)
            continue;
        if (c->kind == CSVIN_ERROR)
            add_error(r, c->line, (int)i + 1,
                      "%s berisi galat Excel %s; perbaiki rumus atau isi sel itu", name, c->s);
        else
            add_error(r, c->line, (int)i + 1,
                      "%s berisi rumus tanpa nilai tersimpan; buka berkas di Excel atau "
                      "LibreOffice lalu simpan, agar nilainya dihitung",
                      name);
        ok = false;
    }
    return ok;
}

static void process_row(reader *r)
{
    r->file->rows++;
    for (size_t i = 0; i < r->ncf && r->non_ascii; i++)
        if (!utf8_ok(r, i))
            return;
    for (size_t i = r->ncols; i < r->ncf; i++) {
        size_t n;
        text_trim(fld(r, (int)i, &n), &n);
        if (n > 0) {
            if (r->sheet)
                add_error(r, r->cf[i].line, (int)i + 1,
                          "ada isi di luar tabel: baris judul hanya punya %zu kolom", r->ncols);
            else
                add_error(r, r->cf[i].line, (int)i + 1,
                          "ada isi di kolom %zu, padahal baris judul hanya punya %zu kolom "
                          "(angka desimal dengan koma harus diberi tanda kutip)",
                          i + 1, r->ncols);
            return;
        }
    }

    if (!cells_have_values(r))
        return;

    rows_row row;
    memset(&row, 0, sizeof row);
    row.file = r->path;
    row.line = r->cf[0].line;
    const rubric *rb = NULL;
    /* Every check runs, so that one pass reports all of a row's problems. */
    bool ok = parse_tahun(r, &row, &rb);
    ok &= parse_names(r, &row);
    ok &= parse_unit(r, &row);
    if (row.jenis == JENIS_VERTIKAL && row.skpd) {
        int cs = r->col_of[ROLE_SKPD];
        add_error(r, fld_line(r, cs), cs + 1,
                  "instansi vertikal dinilai sebagai satu lokus tanpa unit: kosongkan skpd dan "
                  "tulis nilainya pada baris instansi");
        ok = false;
    }
    ok &= parse_gerbang(r, &row, rb);
    ok &= parse_scores(r, &row, rb);
    if (ok && !r->oom && !rows_add(r->d, &row))
        r->oom = true;
}

/* --- libcsv callbacks --------------------------------------------------------------------- */

static void on_field(void *s, size_t len, void *ctx)
{
    reader *r = ctx;
    if (r->oom)
        return;
    if (r->nf == r->f_cap) {
        size_t cap = r->f_cap ? r->f_cap * 2 : 32;
        field *f = realloc(r->f, cap * sizeof *f);
        if (f)
            r->f = f;
        csvin_field *cf = f ? realloc(r->cf_own, cap * sizeof *cf) : NULL;
        if (!cf) {
            r->oom = true;
            return;
        }
        r->cf_own = cf;
        r->f_cap = cap;
    }
    if (r->buf_len + len + 1 > r->buf_cap) {
        size_t cap = r->buf_cap ? r->buf_cap : 1024;
        while (cap < r->buf_len + len + 1)
            cap *= 2;
        char *b = realloc(r->buf, cap);
        if (!b) {
            r->oom = true;
            return;
        }
        r->buf = b;
        r->buf_cap = cap;
    }
    if (len)
        memcpy(r->buf + r->buf_len, s, len);
    r->buf[r->buf_len + len] = '\0';
    r->f[r->nf].off = r->buf_len;
    r->f[r->nf].len = len;
    r->f[r->nf].line = r->field_line;
    r->nf++;
    r->buf_len += len + 1;
    /* The separator that ended this field is on the line being fed: so is the next field. */
    r->field_line = r->line;
}

/*
 * A data row whose first field starts with '#' is a comment: the input template's example
 * rows are written that way ("#2024,..."), so an exported template reads as it is.
 */
static bool is_comment_row(const reader *r)
{
    size_t n = r->cf[0].len;
    const char *s = text_trim(r->cf[0].s, &n);
    return n > 0 && s[0] == '#';
}

/* No field holds anything but blanks (a cell without a value is not blank: it is reported). */
static bool is_blank_record(const csvin_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = f[i].len;
        text_trim(f[i].s, &len);
        if (len > 0 || f[i].kind != CSVIN_TEXT)
            return false;
    }
    return true;
}

/* One record (r->cf, r->ncf): skipped when blank, else the header or a row. */
static void process_record(reader *r)
{
    if (is_blank_record(r->cf, r->ncf))
        return;
    if (!r->have_header)
        process_header(r);
    else if (!r->header_bad && !is_comment_row(r))
        process_row(r);
}

static void on_record(int c, void *ctx)
{
    reader *r = ctx;
    (void)c;
    r->in_record = false;
    if (!r->oom && !r->discard && r->nf > 0) {
        /* cf_own has f_cap entries: it grows with f (on_field). */
        for (size_t i = 0; i < r->nf; i++)
            r->cf_own[i] =
                (csvin_field){r->buf + r->f[i].off, r->f[i].len, r->f[i].line, CSVIN_TEXT};
        r->cf = r->cf_own;
        r->ncf = r->nf;
        process_record(r);
    }
    r->nf = 0;
    r->buf_len = 0;
    r->record_bytes = 0;
    r->non_ascii = false;
}

/* Space for libcsv's trimming in tab-separated files: only ' ', so that a tab separator is
 * never eaten as space (the default, ' ' and tab, is faster through no function pointer). */
static int is_csv_space(unsigned char c)
{
    return c == ' ';
}

/* --- Feeding ------------------------------------------------------------------------------ */

/*
 * libcsv does not say where it is, so the reader feeds it one physical line at a time and
 * counts: a line ends at LF, CR or CRLF (also inside quoted fields, where the break is part
 * of the value). Blank lines between records are skipped before libcsv sees them.
 */
typedef struct feeder {
    struct csv_parser p;
    bool prev_cr; /* the last byte fed was a CR: an LF right after it ends no new line */
    bool tab;     /* tab-separated: a tab is a separator, never space to skip */
} feeder;

static bool feed(feeder *fd, reader *r, const char *s, size_t n)
{
    return csv_parse(&fd->p, s, n, on_field, on_record, r) == n;
}

/* Feeds a segment of the open record, unless the record grows past its cap: then the
 * record is refused at its first line and the file cut there (r->cut). */
static bool feed_record(feeder *fd, reader *r, const char *s, size_t n)
{
    r->record_bytes += n;
    if (r->record_bytes > RECORD_MAX_BYTES) {
        add_error(r, r->field_line, (int)r->nf + 1,
                  "baris lebih panjang dari %u MiB: bukan baris hasil penilaian; berkas tidak "
                  "dibaca lebih lanjut",
                  RECORD_MAX_BYTES >> 20);
        r->discard = true;
        r->cut = true;
        return true;
    }
    return feed(fd, r, s, n);
}

static bool feed_chunk(feeder *fd, reader *r, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && !r->oom && !r->cut) {
        if (fd->prev_cr) {
            fd->prev_cr = false;
            if (s[i] == '\n') {
                if (r->in_record && !feed(fd, r, s + i, 1))
                    return false;
                i++;
                continue;
            }
        }
        if (!r->in_record) {
            /* Blanks before a record are what libcsv trims anyway; skipping them here makes
             * a line of only spaces or tabs a blank line, the last line included. */
            if (s[i] == ' ' || (s[i] == '\t' && !fd->tab)) {
                i++;
                continue;
            }
            if (s[i] == '\r' || s[i] == '\n') {
                fd->prev_cr = s[i] == '\r';
                r->line++;
                i++;
                continue;
            }
            r->in_record = true;
            r->field_line = r->line;
        }
        size_t j = i;
        unsigned char any = 0;
        while (j < n && s[j] != '\n' && s[j] != '\r')
            any |= (unsigned char)s[j++];
        /* Set before feeding: the record may end within this segment. */
        r->non_ascii |= any >= 0x80;
        if (j == n) {
            if (!feed_record(fd, r, s + i, n - i))
                return false;
            break;
        }
        if (!feed_record(fd, r, s + i, j + 1 - i))
            return false;
        if (r->cut)
            break;
        r->line++;
        fd->prev_cr = s[j] == '\r';
        i = j + 1;
    }
    return true;
}

static kp_status open_input(const char *path, FILE **fp, kp_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return kp_error_errno(err, KP_ERR_DATA, path, errno, "berkas", "dibuka");
    if (S_ISDIR(st.st_mode))
        return kp_error_set(err, KP_ERR_DATA, path, 0, 0, "'%s' adalah folder, bukan berkas CSV",
                            path);
    *fp = fopen(path, "rb");
    if (!*fp)
        return kp_error_errno(err, KP_ERR_DATA, path, errno, "berkas", "dibaca");
    return KP_OK;
}

/*
 * Looks at the start of the file: BOM, a "sep=" line, the separator. Returns false for a
 * UTF-16 file (Excel's "Unicode Text"), which is reported and not read.
 */
static bool start_file(reader *r, feeder *fd, const csvin_options *opt, const char **p, size_t *n)
{
    if (*n >= 2 && (memcmp(*p, "\xFF\xFE", 2) == 0 || memcmp(*p, "\xFE\xFF", 2) == 0)) {
        add_error(r, 1, 0, "berkas berkode UTF-16; simpan ulang sebagai \"CSV UTF-8\"");
        r->discard = true;
        return false;
    }
    /* Workbooks are read by xlsxrows, which only looks into regular files. */
    if (*n >= 4 && (memcmp(*p, "PK\x03\x04", 4) == 0 || memcmp(*p, "\xD0\xCF\x11\xE0", 4) == 0)) {
        add_error(r, 1, 0,
                  "ini buku kerja Excel atau arsip zip, yang hanya dapat dibaca dari berkas "
                  "biasa, bukan dari pipa; simpan dulu sebagai berkas");
        r->discard = true;
        return false;
    }
    if (*n >= 3 && memcmp(*p, "\xEF\xBB\xBF", 3) == 0) {
        r->file->bom = true;
        *p += 3;
        *n -= 3;
    }
    char hinted = 0;
    size_t skip = csvtext_separator_hint(*p, *n, &hinted);
    if (skip) {
        *p += skip;
        *n -= skip;
        r->line++;
    }
    r->file->separator = opt->separator ? opt->separator
                         : hinted       ? hinted
                                        : csvtext_detect_separator(*p, *n);
    csv_set_delim(&fd->p, (unsigned char)r->file->separator);
    fd->tab = r->file->separator == '\t';
    if (fd->tab)
        csv_set_space_func(&fd->p, is_csv_space);
    return true;
}

static void reader_init(reader *r, rows_data *d, const csvin_options *opt,
                        const rubric_set *rubrics, diag_list *diags)
{
    memset(r, 0, sizeof *r);
    r->d = d;
    r->rubrics = rubrics;
    r->diags = diags;
    r->tahun_min = opt->tahun_min ? opt->tahun_min : 2000;
    r->tahun_max = opt->tahun_max ? opt->tahun_max : 2100;
}

/* What can only be said once the file (or sheet) has ended. */
static void reader_end(reader *r)
{
    report_missing_years(r);
    const char *what = r->sheet ? "lembar" : "berkas";
    if (!r->have_header && !r->discard)
        add_error(r, 0, 0, "%s kosong: tidak ada baris judul", what);
    else if (!r->header_bad && !r->discard && r->file->rows == 0)
        add_warning(r, 0, 0, "%s tidak berisi baris data", what);
}

kp_status csvin_read_file(rows_data *data, const char *path, const csvin_options *opt,
                          const rubric_set *rubrics, diag_list *diags, kp_error *err)
{
    static const csvin_options none;
    if (!opt)
        opt = &none;
    rows_data *d = data;
    FILE *fp = NULL;
    kp_status st = open_input(path, &fp, err);
    if (st != KP_OK)
        return st;

    reader r;
    reader_init(&r, d, opt, rubrics, diags);
    r.line = 1;
    r.path = rows_intern(d, path, strlen(path));
    char *chunk = malloc(CHUNK_SIZE);
    csvhash sha;
    bool hashing = false;
    feeder fd;
    bool parser_ok = csv_init(&fd.p, CSV_APPEND_NULL) == 0;
    fd.prev_cr = false;
    fd.tab = false;
    if (!r.path || !chunk || !parser_ok || !(r.file = rows_add_file(d))) {
        st = kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
        goto done;
    }
    r.file->path = r.path;

    struct stat sb;
    bool small = fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size <= CHUNK_SIZE;
    csvhash_start(&sha, !small);
    hashing = true;
    bool first = true;
    size_t got;
    for (;;) {
        csvhash_wait(&sha);
        got = fread(chunk, 1, CHUNK_SIZE, fp);
        if (got == 0)
            break;
        csvhash_submit(&sha, chunk, got);
        const char *p = chunk;
        size_t n = got;
        if (first) {
            first = false;
            if (!start_file(&r, &fd, opt, &p, &n))
                break;
        }
        /* Without CSV_STRICT libcsv fails only when its field buffer cannot grow. */
        if (!feed_chunk(&fd, &r, p, n))
            r.oom = true;
        if (r.oom || r.cut)
            break;
        check_publish(d);
    }
    if (ferror(fp)) {
        st = kp_error_errno(err, KP_ERR_IO, path, errno, "berkas", "dibaca");
        goto done;
    }
    if (first)
        r.file->separator = opt->separator ? opt->separator : ',';
    /* A last line without its line break: end it, so that a record still open after that
     * can only be a quoted field that never closed. */
    if (r.in_record && !r.oom && !r.cut)
        feed(&fd, &r, "\n", 1);
    if (r.in_record && !r.oom && !r.cut) {
        add_error(&r, r.field_line, (int)r.nf + 1,
                  "tanda kutip yang dibuka di sini tidak pernah ditutup");
        r.discard = true;
    }
    if (!r.oom)
        csv_fini(&fd.p, on_field, on_record, &r);
    if (r.oom) {
        st = kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
        goto done;
    }
    csvhash_finish(&sha, r.file->sha256);
    hashing = false;
    check_publish(d);
    reader_end(&r);

done:
    if (hashing)
        csvhash_finish(&sha, NULL);
    if (parser_ok)
        csv_free(&fd.p);
    free(chunk);
    free(r.buf);
    free(r.f);
    free(r.cf_own);
    fclose(fp);
    return st;
}

/* --- Tables of other readers ------------------------------------------------------------- */

bool csvin_header_accepted(const csvin_field *fields, size_t n, const rubric_set *rubrics)
{
    static const csvin_options none;
    reader *r = malloc(sizeof *r);
    if (!r)
        return false;
    reader_init(r, NULL, &none, rubrics, NULL);
    r->probe = true;
    r->cf = fields;
    r->ncf = n;
    bool blank = is_blank_record(fields, n);
    if (!blank)
        process_header(r);
    bool ok = !blank && !r->header_bad;
    free(r);
    return ok;
}

struct csvin_table {
    reader r;
};

csvin_table *csvin_table_new(rows_data *data, const char *path, const char *sheet,
                             const csvin_options *opt, const rubric_set *rubrics, diag_list *diags)
{
    static const csvin_options none;
    csvin_table *t = malloc(sizeof *t);
    if (!t)
        return NULL;
    reader_init(&t->r, data, opt ? opt : &none, rubrics, diags);
    t->r.path = rows_intern(data, path, strlen(path));
    t->r.sheet = sheet ? rows_intern(data, sheet, strlen(sheet)) : NULL;
    if (!t->r.path || (sheet && !t->r.sheet) || !(t->r.file = rows_add_file(data))) {
        free(t);
        return NULL;
    }
    t->r.file->path = t->r.path;
    t->r.file->sheet = t->r.sheet;
    return t;
}

rows_file *csvin_table_file(csvin_table *t)
{
    return t->r.file;
}

void csvin_table_record(csvin_table *t, const csvin_field *fields, size_t n)
{
    reader *r = &t->r;
    if (r->oom || n == 0)
        return;
    r->cf = fields;
    r->ncf = n;
    process_record(r);
}

kp_status csvin_table_end(csvin_table *t, kp_error *err)
{
    reader *r = &t->r;
    kp_status st = KP_OK;
    if (r->oom)
        st = kp_error_set(err, KP_ERR_IO, r->path, 0, 0, "memori habis");
    else
        reader_end(r);
    free(t);
    return st;
}
