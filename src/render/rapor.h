/*
 * rapor.h - report cards: one PDF per instansi (and optionally per SKPD) saying where it
 * stands, which dimension and which units pull it down, and how it moved since last year.
 *
 * A rapor is a template on the shared layout engine (templates/rapor/<name>.ini) plus the
 * programmatic parts the engine offers: the zone badge, the dimension table with its bars,
 * the unit table that flows onto continuation pages, the trend chart and the page footer.
 * A year whose rubric gives an opinion (2025-) uses <name>-opini.ini and speaks its language:
 * the opinion's badge (a vertical office's or unit's label), the gate in words, each unit's
 * label and coaching, the year before compared by category; never a zone.
 * Every number printed comes from the aggregation (agg.h) or the comparison (cmp.h);
 * nothing is recomputed here except the order in which things are listed.
 *
 * The summary sentence is built by rules from plain facts (rapor_fakta) in small pure
 * functions, so that every variant can be tested without a PDF.
 */
#ifndef KP_RAPOR_H
#define KP_RAPOR_H

#include <stdbool.h>
#include <stddef.h>

#include "model/decimal.h"
#include "model/rubric.h"
#include "render/render.h"
#include "util/error.h"

typedef struct rapor_options {
    bool skpd; /* also one rapor per unit (SKPD) */
    /* templates/rapor/<name>.ini for instansi; NULL: "instansi" (or "instansi-opini", by the
       year's rubric). A named template of an Opini year needs its colours lencana and
       pembinaan_muda. */
    const char *template_name;
} rapor_options;

/*
 * Writes <out_dir>/rapor/<instansi-slug>.pdf for every instansi of ctx->year in the shard
 * and, with opt->skpd, <out_dir>/rapor-skpd/<instansi-slug>/<unit-slug>.pdf for each of
 * their units (template templates/rapor/skpd.ini). Documents are rendered on ctx->jobs
 * threads; the bytes written do not depend on that number. *written (may be NULL) receives
 * the number of PDFs written. Template problems are KP_ERR_DATA naming the template file
 * and line; unwritable files KP_ERR_IO; cancellation KP_ERR_IO "dibatalkan".
 */
kp_status rapor_render(const render_ctx *ctx, const rapor_options *opt, size_t *written,
                       kp_error *err);

/* ---- summary rules ------------------------------------------------------------------ */

/* What the summary says, as plain values (strings UTF-8, borrowed). */
typedef struct rapor_fakta {
    dec_t nilai;
    const char *kategori; /* "" when the method has no letters */
    const char *predikat;
    rubric_zona zona;

    int tahun_lalu; /* year compared with; 0 when there is none (first assessment) */
    dec_t nilai_lalu;
    const char *kategori_lalu;
    rubric_zona zona_lalu;
    bool beda_metode; /* the method changed: only zones are compared */

    const char *dimensi; /* label of the weakest dimension; NULL when there are no components */
    dec_t dimensi_poin, dimensi_bobot;

    size_t n_unit;       /* units of the instansi; 0 for a unit's own rapor */
    size_t n_unit_lemah; /* units below the top zone (zona hijau) */
    const char *unit_terendah;
    dec_t unit_terendah_nilai;

    /*
     * The Opini method (2025-): the year's rubric gives an opinion. Sentences then speak of
     * the opinion or the label, of categories and coaching, and never of zones.
     */
    bool metode_opini;
    const char *opini;      /* the instansi's opinion; "" for a vertical office or a unit */
    const char *label_unit; /* a vertical office's or unit's label ("Baik"); "" otherwise */
    bool ganti_metode;      /* the year compared with was assessed by another rubric */
    bool banding_kategori;  /* categories of the two years are comparable */
    int arah_kategori;      /* with banding_kategori: 1 up, -1 down, 0 the same band */
    const char *dimensi_tanpa_bobot; /* rubric's dimensions without published weights, or "" */
    bool ada_pembinaan;              /* the method has a coaching line ... */
    dec_t batas_pembinaan;           /* ... at this score (78,00) */
    size_t n_unit_pembinaan;         /* units of the instansi below it */
    bool pembinaan;      /* a unit's or vertical office's own rapor: it is below the line */
    const char *gerbang; /* the gate's name ("Tanpa Maladministrasi"), "" none */
    rubric_gerbang gerbang_status;
} rapor_fakta;

/*
 * The sentence on the score: "Nilai naik 7,26 poin dari 84,74 dan masuk kategori A." and its
 * variants for turun, tetap, a first assessment (tahun_lalu 0) and a change of method (zones
 * only). Methods without letters speak of the zone instead of the kategori. Under the Opini
 * method: "Nilai 85,18: Opini Kualitas Tinggi Tanpa Maladministrasi (kategori B). Metode
 * penilaian berbeda dengan tahun 2024; yang dibandingkan adalah kategori dan nilai: kategori
 * naik dari C ke B, nilai naik 9,58 poin dari 75,60." Returns buf.
 */
char *rapor_kalimat_nilai(const rapor_fakta *f, char *buf, size_t cap);

/*
 * "Dimensi terlemah: pengaduan (12,40 dari 21,54)." or, without components, a sentence
 * saying the breakdown is not available (and, when the method scores dimensions without
 * publishing their weights, which ones). Returns buf.
 */
char *rapor_kalimat_dimensi(const rapor_fakta *f, char *buf, size_t cap);

/*
 * The sentence on the units: how many are below zona hijau and which scored lowest; ""
 * when n_unit is 0. Under a method with a coaching line: how many need pembinaan (below
 * batas_pembinaan), and for a unit's own rapor whether it does. Returns buf.
 */
char *rapor_kalimat_unit(const rapor_fakta *f, char *buf, size_t cap);

/*
 * The gate in words for an instansi under a method with one: "Tanpa Maladministrasi: ya —
 * produk pengawasan Ombudsman ditindaklanjuti sepenuhnya.", "...: belum — ...", or "...:
 * belum diketahui (tidak ada dalam data)."; "" when f->gerbang is empty (no gate, a vertical
 * office, a unit). Returns buf.
 */
char *rapor_kalimat_gerbang(const rapor_fakta *f, char *buf, size_t cap);

/* The three sentences above joined by spaces (empty ones left out). Returns buf. */
char *rapor_ringkasan(const rapor_fakta *f, char *buf, size_t cap);

/*
 * Orders the components known in mask weakest first: lowest share of their weight
 * (points / bobot, compared exactly), ties in rubric order. Writes their indices into
 * order (RUBRIC_MAX_COMP entries) and returns how many there are.
 */
int rapor_dimensi_urut(const rubric *r, unsigned mask, const dec_t *comp, int *order);

#endif
