/*
 * pilih.h - who receives a certificate and a letter: one selection, parsed once from
 * --piagam (or from the rubric's piagam_bawaan) and asked by every renderer, so that the
 * certificates and the letters of a run always go to the same instansi.
 *
 * A selection is a comma-separated list, in any case: band names ("A,B"), zone names
 * ("hijau") when every rubric it is checked against has zones, "semua" (everyone), "tidak"
 * (no one, alone), and "tm" (also "tanpa-maladministrasi"): only instansi that passed the
 * rubric's gate, together with bands (A,B,tm: A or B, and the gate) or alone (any band).
 */
#ifndef KP_PILIH_H
#define KP_PILIH_H

#include <stdbool.h>
#include <stddef.h>

#include "model/agg.h"
#include "model/rubric.h"
#include "util/error.h"

typedef struct pilih {
    bool tidak;         /* no one */
    bool semua;         /* every band ("semua", or "tm" alone) */
    bool gerbang;       /* only instansi with the gate */
    unsigned zona_mask; /* bit z: zone z */
    int n_kategori;
    char kategori[RUBRIC_MAX_BANDS][8]; /* band names, as the rubrics spell them */
    char teks[64];                      /* the selection as given: for messages */
} pilih;

/*
 * Parses spec against the rubrics of every year it will be used for (n >= 1): a band name
 * must exist in each of them, a zone needs zones in each, the gate a gate in each. On a
 * word it cannot take returns KP_ERR_USAGE with a message that lists what is accepted and,
 * when the word is right for another year's method, why it is refused here.
 */
kp_status pilih_parse(const char *spec, const rubric *const *rubrics, size_t n, pilih *out,
                      kp_error *err);

/* Whether an instansi is chosen (its band and, with gerbang, its gate). */
bool pilih_instansi(const pilih *p, const agg_instansi *in);

/* Whether a unit gets a unit-level certificate: its band, and its instansi's gate. */
bool pilih_unit(const pilih *p, const agg_unit *u);

#endif
