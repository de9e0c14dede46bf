#include "model/check.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/names.h"
#include "util/hmap.h"
#include "util/intern.h"

/*
 * From a non-zero 64-bit key to a 32-bit value, on util/hmap's typed table. An entry is 12
 * bytes (packed, 4-aligned, so that the value's address stays aligned): the million-entry
 * table of units takes 12 bytes a slot, not 16.
 */
typedef struct km_entry {
    uint64_t key; /* 0: empty */
    uint32_t val;
} __attribute__((packed, aligned(4))) km_entry;

static inline uint64_t km_hash(uint64_t k)
{
    uint64_t h = k * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 32);
}

#define KM_KEY_HASH(k)   km_hash(k)
#define KM_SLOT_HASH(e)  km_hash((e)->key)
#define KM_SLOT_IS(e, k) ((e)->key == (k))
#define KM_SLOT_EMPTY(e) ((e)->key == 0)
HMAP_TYPED(key_map, km_entry, uint64_t, KM_KEY_HASH, KM_SLOT_HASH, KM_SLOT_IS, KM_SLOT_EMPTY, 1024,
           1, 2, hmap_zalloc)

/* The value slot of k, added (value 0) when missing; NULL when memory runs out. */
static uint32_t *km_slot(key_map *m, uint64_t k, bool *added)
{
    if (!key_map_reserve(m))
        return NULL;
    km_entry *e = key_map_find(m, k);
    *added = KM_SLOT_EMPTY(e);
    if (*added) {
        e->key = k;
        e->val = 0;
        m->n++;
    }
    return &e->val;
}

typedef struct group {
    dec_t sum; /* units' scores */
    uint32_t units;
    int64_t inst_row;  /* the instansi's own row, or -1 */
    int64_t gate_row;  /* the first row that gives the gate, or -1 */
    int64_t first_row; /* where the instansi first appears this year: its province */
    bool prov_told;    /* a second province was reported already */
} group;

#define NO_KEY UINT32_MAX

/* A unit or instansi row seen before: reported when the check ends, in row order. */
typedef struct dup {
    uint32_t row, first;
} dup;

/* Rows that would make two entities one (or one entity two places) without a word. */
typedef enum conflict_kind {
    CONF_KODE_NAMA,     /* one kode, two instansi */
    CONF_KODE_PROVINSI, /* one kode, two provinces */
    CONF_KODE_JENIS,    /* one kode, two jenis */
    CONF_PROVINSI,      /* one pemda or vertical office, two provinces */
} conflict_kind;

typedef struct conflict {
    uint32_t row, first;
    conflict_kind kind;
} conflict;

typedef struct checker {
    /* Rows come grouped: the previous lookup of each column, again. */
    struct last_key {
        const char *name;
        uint32_t key;
    } last_inst, last_skpd;
    uint64_t last_group; /* ... and of the group */
    uint32_t last_g;
    key_map key_of;    /* interned name's address -> its key's number */
    key_map key_index; /* interned key's address -> its number (0, 1, 2 ... in order) */
    key_map groups;    /* (tahun, instansi key + 1) -> index into group */
    key_map units;     /* (group + 1, skpd key + 1 or 0) -> row */
    intern *keyset;    /* the matching keys (names_key), in keys */
    arena *keys;
    group *group;
    size_t n_group, group_cap;
    dup *dup;
    size_t n_dup, dup_cap;
    dup *gate; /* rows whose gate contradicts an earlier row of the same instansi and year */
    size_t n_gate, gate_cap;
    key_map kode_num;   /* interned kode's address -> its number */
    key_map kode_first; /* (tahun, kode number + 1) -> the first row with that kode */
    key_map told;       /* (first row, group) of a kode conflict already reported */
    conflict *conf;
    size_t n_conf, conf_cap;
    size_t done;                /* rows checked so far */
    const cmp_aliases *aliases; /* names made one instansi by templates/alias.csv, or NULL */
} checker;

/* expect: rows to size the unit table for (0 when unknown: it grows). */
static bool checker_init(checker *c, size_t expect)
{
    memset(c, 0, sizeof *c);
    c->keys = arena_new(0);
    c->keyset = c->keys ? intern_new(c->keys) : NULL;
    return c->keys && c->keyset && key_map_init(&c->key_of, 0) && key_map_init(&c->key_index, 0) &&
           key_map_init(&c->groups, 0) && key_map_init(&c->units, expect) &&
           key_map_init(&c->kode_num, 0) && key_map_init(&c->kode_first, 0) &&
           key_map_init(&c->told, 0);
}

static void checker_free(checker *c)
{
    key_map_release(&c->key_of);
    key_map_release(&c->key_index);
    key_map_release(&c->groups);
    key_map_release(&c->units);
    key_map_release(&c->kode_num);
    key_map_release(&c->kode_first);
    key_map_release(&c->told);
    free(c->conf);
    intern_free(c->keyset);
    arena_free(c->keys);
    free(c->group);
    free(c->dup);
    free(c->gate);
}

/*
 * The number of an interned name's matching key: equal numbers mean the same entity, and
 * numbers fit in 32 bits to be combined with others in one 64-bit table key. Each distinct
 * name is keyed once, however many rows carry it. NO_KEY when memory runs out.
 */
static uint32_t key_of(checker *c, const char *name, struct last_key *last)
{
    if (name == last->name)
        return last->key;
    bool added;
    uint32_t *v = km_slot(&c->key_of, (uint64_t)(uintptr_t)name, &added);
    if (!v)
        return NO_KEY;
    if (added) {
        char key[1024];
        names_key(name, key, sizeof key);
        const char *k = intern_get(c->keyset, key, strlen(key));
        size_t n = c->key_index.n;
        uint32_t *i = k ? km_slot(&c->key_index, (uint64_t)(uintptr_t)k, &added) : NULL;
        if (!i)
            return NO_KEY;
        if (added)
            *i = (uint32_t)n;
        *v = *i;
    }
    *last = (struct last_key){name, *v};
    return *v;
}

static dec_t row_score(const rows_row *row)
{
    if (row->ada_nilai)
        return row->nilai;
    dec_t sum = 0;
    for (int i = 0; i < RUBRIC_MAX_COMP; i++)
        if (row->comp_mask & (1u << i))
            sum += row->comp[i];
    return sum;
}

/*
 * The array p (n elements of size elem in use, *cap allocated) with room for one more: p
 * itself, or a larger copy. NULL when memory runs out (p is then unchanged).
 */
static void *room_for_one(void *p, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return p;
    size_t want = *cap ? *cap * 2 : 64;
    void *np = realloc(p, want * elem);
    if (np)
        *cap = want;
    return np;
}

static bool add_conflict(checker *c, uint32_t row, uint32_t first, conflict_kind kind)
{
    conflict *n = room_for_one(c->conf, c->n_conf, &c->conf_cap, sizeof *n);
    if (!n)
        return false;
    c->conf = n;
    c->conf[c->n_conf++] = (conflict){row, first, kind};
    return true;
}

/* A pemda or vertical office has one province; ministries and agencies are "Pusat". */
static bool has_one_province(names_jenis j)
{
    return j == JENIS_PROVINSI || j == JENIS_KABUPATEN || j == JENIS_KOTA || j == JENIS_VERTIKAL;
}

/*
 * The names of a kode's rows mean one instansi when their keys are equal once the jenis word
 * is dropped: "BANJARBARU" (no jenis column) and "Kota Banjarbaru" are one city.
 */
static bool same_entity(const checker *c, const char *a, const char *b)
{
    if (cmp_aliases_same(c->aliases, a, b))
        return true;
    char ka[1024], kb[1024], pa[1024], pb[1024];
    names_key(a, ka, sizeof ka);
    names_key(b, kb, sizeof kb);
    names_place(ka, pa, sizeof pa); /* the key without its jenis word */
    names_place(kb, pb, sizeof pb);
    return !strcmp(pa, pb);
}

/*
 * Row i's identity against what the year said before: its instansi in a second province, its
 * kode on another instansi, in another province or with another jenis. Each conflict is
 * reported once, at the first row that shows it. False when memory runs out.
 */
static bool check_identity(checker *c, const rows_row *rows, size_t i)
{
    const rows_row *row = &rows[i];
    group *gr = &c->group[c->last_g];
    const rows_row *first = &rows[gr->first_row];
    if (!gr->prov_told && row->provinsi != first->provinsi &&
        (has_one_province((names_jenis)row->jenis) ||
         has_one_province((names_jenis)first->jenis))) {
        gr->prov_told = true;
        if (!add_conflict(c, (uint32_t)i, (uint32_t)gr->first_row, CONF_PROVINSI))
            return false;
    }
    if (!row->kode)
        return true;
    bool added;
    uint32_t *num = km_slot(&c->kode_num, (uint64_t)(uintptr_t)row->kode, &added);
    if (!num)
        return false;
    if (added)
        *num = (uint32_t)c->kode_num.n;
    uint64_t kk = (uint64_t)(uint16_t)row->tahun << 32 | *num;
    uint32_t *at = km_slot(&c->kode_first, kk, &added);
    if (!at)
        return false;
    if (added) {
        *at = (uint32_t)i;
        return true;
    }
    const rows_row *k = &rows[*at];
    conflict_kind kind;
    if (k->instansi != row->instansi && !same_entity(c, k->instansi, row->instansi))
        kind = CONF_KODE_NAMA;
    else if (k->provinsi != row->provinsi)
        kind = CONF_KODE_PROVINSI;
    else if (k->jenis && row->jenis && k->jenis != row->jenis)
        kind = CONF_KODE_JENIS;
    else
        return true;
    uint32_t *told = km_slot(&c->told, (uint64_t)*at << 32 | (c->last_g + 1u), &added);
    if (!told)
        return false;
    return !added || add_conflict(c, (uint32_t)i, *at, kind);
}

/* Checks rows[c->done .. end): group sums and repeated rows. False when memory runs out. */
static bool check_rows(checker *c, const rows_row *rows, size_t end)
{
    for (size_t i = c->done; i < end; i++) {
        const rows_row *row = &rows[i];
        uint32_t ik = key_of(c, row->instansi, &c->last_inst);
        uint32_t sk = row->skpd ? key_of(c, row->skpd, &c->last_skpd) : 0;
        if (ik == NO_KEY || sk == NO_KEY)
            return false;
        uint64_t gk = (uint64_t)(uint16_t)row->tahun << 32 | ((uint64_t)ik + 1);
        bool added = false;
        uint32_t *g = gk == c->last_group ? &c->last_g : km_slot(&c->groups, gk, &added);
        if (!g)
            return false;
        if (added) {
            group *gr = room_for_one(c->group, c->n_group, &c->group_cap, sizeof *gr);
            if (!gr)
                return false;
            c->group = gr;
            *g = (uint32_t)c->n_group;
            c->group[c->n_group++] = (group){0, 0, -1, -1, (int64_t)i, false};
        }
        c->last_group = gk;
        c->last_g = *g;
        /* Rows come grouped: the identity is looked at once per run of rows that say the
         * same instansi, kode, province and jenis. */
        const rows_row *prev = i ? &rows[i - 1] : NULL;
        if (!prev || row->instansi != prev->instansi || row->kode != prev->kode ||
            row->provinsi != prev->provinsi || row->jenis != prev->jenis ||
            row->tahun != prev->tahun) {
            if (!check_identity(c, rows, i))
                return false;
        }
        uint64_t uk = ((uint64_t)*g + 1) << 32 | (row->skpd ? (uint64_t)sk + 1 : 0);
        uint32_t *first = km_slot(&c->units, uk, &added);
        if (!first)
            return false;
        if (added) {
            *first = (uint32_t)i;
        } else {
            dup *d = room_for_one(c->dup, c->n_dup, &c->dup_cap, sizeof *d);
            if (!d)
                return false;
            c->dup = d;
            c->dup[c->n_dup++] = (dup){(uint32_t)i, *first};
            continue;
        }
        group *gr = &c->group[c->last_g];
        if (row->gerbang && gr->gate_row < 0) {
            gr->gate_row = (int64_t)i;
        } else if (row->gerbang && rows[gr->gate_row].gerbang != row->gerbang) {
            dup *d = room_for_one(c->gate, c->n_gate, &c->gate_cap, sizeof *d);
            if (!d)
                return false;
            c->gate = d;
            c->gate[c->n_gate++] = (dup){(uint32_t)i, (uint32_t)gr->gate_row};
        }
        if (row->skpd) {
            gr->sum += row_score(row);
            gr->units++;
        } else {
            gr->inst_row = (int64_t)i;
        }
    }
    c->done = end;
    return true;
}

/*
 * Where the first row is, as seen from dup's message: "baris 12" or "Data!12" in the same
 * file, "lain.csv:12" or "lain.xlsx:Data!12" in another.
 */
static void where(const rows_data *data, const rows_row *first, const rows_row *dup, char *out,
                  size_t cap)
{
    const rows_file *f = rows_file_of(data, first->file);
    const char *sheet = f ? f->sheet : NULL;
    bool same = first->file == dup->file;
    if (same && !sheet)
        snprintf(out, cap, "baris %u", (unsigned)first->line);
    else
        diag_place(same ? NULL : first->file, sheet, (int)first->line, 0, out, cap);
}

/* The sheet a row was read from, for its message's place (NULL: a CSV file). */
static const char *sheet_of(const rows_data *data, const rows_row *row)
{
    const rows_file *f = rows_file_of(data, row->file);
    return f ? f->sheet : NULL;
}

/* The column of the cell a conflict is about, in the row's file (0: not known). */
static int conflict_col(const rows_data *data, const rows_row *row, conflict_kind kind)
{
    const rows_file *f = rows_file_of(data, row->file);
    if (!f)
        return 0;
    switch (kind) {
    case CONF_KODE_NAMA:
    case CONF_KODE_PROVINSI:
    case CONF_KODE_JENIS:
        return f->col_kode;
    case CONF_PROVINSI:
        return f->col_provinsi;
    }
    return 0;
}

/* Where the first row's cell is, seen from row's message: "baris 12 kolom 3" in the same CSV
 * file, "Data!C12" in the same workbook, "lain.csv:12:3" or "lain.xlsx:Data!C12" elsewhere. */
static void where_cell(const rows_data *data, const rows_row *first, const rows_row *row, int col,
                       char *out, size_t cap)
{
    const char *sheet = sheet_of(data, first);
    bool same = first->file == row->file;
    if (same && !sheet && col > 0)
        snprintf(out, cap, "baris %u kolom %d", (unsigned)first->line, col);
    else if (same && !sheet)
        snprintf(out, cap, "baris %u", (unsigned)first->line);
    else
        diag_place(same ? NULL : first->file, sheet, (int)first->line, col, out, cap);
}

/* The conflicts of identity: they come first, as they explain any repeated rows after. */
static void report_conflicts(const checker *c, const rows_data *data, diag_list *diags)
{
    for (size_t k = 0; k < c->n_conf; k++) {
        const conflict *cf = &c->conf[k];
        const rows_row *row = &data->rows[cf->row], *first = &data->rows[cf->first];
        int col = conflict_col(data, row, cf->kind);
        char at[KP_ERROR_FILE_MAX + 64];
        where_cell(data, first, row, conflict_col(data, first, cf->kind), at, sizeof at);
        const char *file = row->file, *sheet = sheet_of(data, row);
        switch (cf->kind) {
        case CONF_KODE_NAMA:
            diag_add_in(diags, DIAG_ERROR, file, sheet, (int)row->line, col,
                        "kode \"%s\" tahun %d dipakai untuk dua instansi: %s di sini dan %s di "
                        "%s; satu kode hanya untuk satu instansi",
                        row->kode, row->tahun, row->instansi, first->instansi, at);
            break;
        case CONF_KODE_PROVINSI:
            diag_add_in(diags, DIAG_ERROR, file, sheet, (int)row->line, col,
                        "kode \"%s\" (%s) tahun %d dipakai di dua provinsi: %s di sini dan %s di "
                        "%s",
                        row->kode, row->instansi, row->tahun, row->provinsi, first->provinsi, at);
            break;
        case CONF_KODE_JENIS:
            diag_add_in(diags, DIAG_ERROR, file, sheet, (int)row->line, col,
                        "kode \"%s\" (%s) tahun %d dipakai untuk dua jenis: %s di sini dan %s di "
                        "%s",
                        row->kode, row->instansi, row->tahun,
                        names_jenis_str((names_jenis)row->jenis),
                        names_jenis_str((names_jenis)first->jenis), at);
            break;
        case CONF_PROVINSI:
            diag_add_in(diags, DIAG_ERROR, file, sheet, (int)row->line, col,
                        "%s tahun %d tercantum di dua provinsi: %s di sini dan %s di %s; pemda "
                        "dan instansi vertikal hanya di satu provinsi",
                        row->instansi, row->tahun, row->provinsi, first->provinsi, at);
            break;
        }
    }
}

/* What the checked rows say, into diags: repeated rows in row order, then the means. */
static void check_report(const checker *c, const rows_data *data, diag_list *diags)
{
    report_conflicts(c, data, diags);
    for (size_t k = 0; k < c->n_dup; k++) {
        const rows_row *row = &data->rows[c->dup[k].row];
        char at[KP_ERROR_FILE_MAX + 64];
        where(data, &data->rows[c->dup[k].first], row, at, sizeof at);
        if (row->skpd)
            diag_add_in(diags, DIAG_ERROR, row->file, sheet_of(data, row), (int)row->line, 0,
                        "unit \"%s\" (%s, %d) ganda: sudah ada di %s", row->skpd, row->instansi,
                        row->tahun, at);
        else
            diag_add_in(diags, DIAG_ERROR, row->file, sheet_of(data, row), (int)row->line, 0,
                        "nilai instansi %s tahun %d ganda: sudah ada di %s", row->instansi,
                        row->tahun, at);
    }
    for (size_t k = 0; k < c->n_gate; k++) {
        const rows_row *row = &data->rows[c->gate[k].row];
        const rows_row *first = &data->rows[c->gate[k].first];
        char at[KP_ERROR_FILE_MAX + 64];
        where(data, first, row, at, sizeof at);
        diag_add_in(diags, DIAG_ERROR, row->file, sheet_of(data, row), (int)row->line, 0,
                    "tanpa_maladministrasi %s tahun %d \"%s\" bertentangan dengan \"%s\" di %s: "
                    "nilainya milik instansi, tulis sama di setiap baris atau kosongkan",
                    row->instansi, row->tahun, rubric_gerbang_str((rubric_gerbang)row->gerbang),
                    rubric_gerbang_str((rubric_gerbang)first->gerbang), at);
    }
    for (size_t g = 0; g < c->n_group; g++) {
        const group *gr = &c->group[g];
        if (gr->inst_row < 0 || gr->units == 0)
            continue;
        const rows_row *row = &data->rows[gr->inst_row];
        dec_t mean = dec_mean(gr->sum, gr->units), own = row_score(row);
        if (mean != own) {
            char a[32], b[32];
            diag_add_in(diags, DIAG_WARNING, row->file, sheet_of(data, row), (int)row->line, 0,
                        "nilai instansi %s (%s) berbeda dari rata-rata %u unitnya (%s)",
                        row->instansi, dec_format(own, ',', a, sizeof a), gr->units,
                        dec_format(mean, ',', b, sizeof b));
        }
    }
}

/*
 * The check on its own thread, following the reader: the reader publishes how many rows are
 * complete after every chunk, and the checker takes them in batches. The reader moves the
 * rows array when it grows; rows_mu keeps it from doing so while a batch is being read.
 */
#define CHECK_BATCH 8192

typedef struct check_bg {
    checker c;
    pthread_t thread;
    pthread_mutex_t mu; /* published, finished, failed */
    pthread_cond_t cv;
    rows_data *d;
    size_t published;
    bool finished, failed;
} check_bg;

static void *check_main(void *arg)
{
    check_bg *bg = arg;
    for (;;) {
        pthread_mutex_lock(&bg->mu);
        while (bg->published == bg->c.done && !bg->finished)
            pthread_cond_wait(&bg->cv, &bg->mu);
        size_t end = bg->published;
        pthread_mutex_unlock(&bg->mu);
        if (end == bg->c.done)
            break;
        if (end - bg->c.done > CHECK_BATCH)
            end = bg->c.done + CHECK_BATCH;
        rows_hold(bg->d);
        bool ok = check_rows(&bg->c, bg->d->rows, end);
        rows_release(bg->d);
        if (!ok) {
            pthread_mutex_lock(&bg->mu);
            bg->failed = true;
            pthread_mutex_unlock(&bg->mu);
            break;
        }
    }
    return NULL;
}

void check_publish(rows_data *d)
{
    check_bg *bg = rows_follower(d);
    if (!bg)
        return;
    pthread_mutex_lock(&bg->mu);
    bg->published = d->n_rows;
    pthread_cond_signal(&bg->cv);
    pthread_mutex_unlock(&bg->mu);
}

/* Waits for the checker to take every row; false when it ran out of memory. */
static bool check_join(check_bg *bg)
{
    pthread_mutex_lock(&bg->mu);
    bg->published = bg->d->n_rows;
    bg->finished = true;
    pthread_cond_signal(&bg->cv);
    pthread_mutex_unlock(&bg->mu);
    pthread_join(bg->thread, NULL);
    return !bg->failed;
}

static void check_bg_free(check_bg *bg)
{
    rows_follow(bg->d, NULL, NULL);
    pthread_mutex_destroy(&bg->mu);
    pthread_cond_destroy(&bg->cv);
    checker_free(&bg->c);
    free(bg);
}

/* The follower's stop (rows.h): ends a running checker and drops what it found. */
static void check_stop(void *ud)
{
    check_bg *bg = ud;
    check_join(bg);
    check_bg_free(bg);
}

kp_status check_begin(rows_data *d, const cmp_aliases *aliases, kp_error *err)
{
    if (rows_follower(d))
        return KP_OK;
    check_bg *bg = calloc(1, sizeof *bg);
    if (!bg || !checker_init(&bg->c, 0)) {
        if (bg)
            checker_free(&bg->c);
        free(bg);
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    bg->d = d;
    bg->c.aliases = aliases;
    bg->published = d->n_rows;
    int mu = pthread_mutex_init(&bg->mu, NULL), cv = pthread_cond_init(&bg->cv, NULL);
    if (mu == 0 && cv == 0 && pthread_create(&bg->thread, NULL, check_main, bg) == 0) {
        rows_follow(d, check_stop, bg);
        return KP_OK;
    }
    /* No thread: check_finish does the work itself, as without this call. */
    if (mu == 0)
        pthread_mutex_destroy(&bg->mu);
    if (cv == 0)
        pthread_cond_destroy(&bg->cv);
    checker_free(&bg->c);
    free(bg);
    return KP_OK;
}

kp_status check_finish(rows_data *data, const cmp_aliases *aliases, diag_list *diags, kp_error *err)
{
    check_bg *bg = rows_follower(data);
    bool ok;
    if (bg) {
        ok = check_join(bg);
        if (ok)
            check_report(&bg->c, data, diags);
        check_bg_free(bg);
    } else {
        checker c;
        /* Sized for every row up front: rehashing a million entries costs more than the room. */
        ok = checker_init(&c, data->n_rows);
        c.aliases = aliases;
        ok = ok && check_rows(&c, data->rows, data->n_rows);
        if (ok)
            check_report(&c, data, diags);
        checker_free(&c);
    }
    return ok ? KP_OK : kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
}
