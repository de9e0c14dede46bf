/*
 * piagam.h - award certificates (piagam penghargaan), one PDF per recipient, from a layout
 * template (templates/piagam/<name>.ini) and the ceremony's values (templates/acara.ini).
 *
 * Thin by design: it picks the recipients, turns each into template fields (formal name,
 * score with decimal comma and in words, kategori, predikat, zona, ranks, number, place and
 * date, signatory; from 2025 the opinion, the gate, a unit's or vertical office's label and
 * the assessment's name) and lets the layout engine draw. Rendering runs on ctx->jobs threads;
 * sequence numbers are assigned before, in rank order, so every byte written is the same
 * whatever the number of threads.
 */
#ifndef KP_PIAGAM_H
#define KP_PIAGAM_H

#include <stdbool.h>

#include "model/pilih.h"
#include "model/rubric.h"
#include "render/render.h"
#include "util/error.h"

typedef enum piagam_level {
    PIAGAM_INSTANSI = 0, /* one per instansi (the default) */
    PIAGAM_SKPD,         /* one per unit (SKPD) of every instansi */
} piagam_level;

typedef struct piagam_options {
    pilih pilih; /* who gets one (pilih_parse); the letters of the run use the same */
    piagam_level level;
    bool gabung; /* also write piagam-gabung.pdf: every certificate, rank order */
    /* NULL: <templat_dir>/piagam/instansi.ini or skpd.ini; instansi-opini.ini or
       skpd-opini.ini for a year whose rubric gives an opinion (2025-) */
    const char *template_path;
    const char *acara_path; /* NULL: <templat_dir>/acara.ini, built-in values if absent */
} piagam_options;

/* Fills opt with the defaults: everyone, level instansi, no combined file. */
void piagam_options_default(piagam_options *opt);

/* The placeholders a certificate template may use (NULL-terminated), for documentation
 * and for layout_template_load(). */
extern const char *const piagam_fields[];

/*
 * Writes <ctx->out_dir>/piagam/<slug>.pdf for every selected instansi of ctx->year in the
 * shard (level SKPD: <ctx->out_dir>/piagam/<instansi slug>/<unit slug>.pdf), and with
 * opt->gabung <ctx->out_dir>/piagam-gabung.pdf (piagam-skpd-gabung.pdf at level SKPD);
 * *written (may be NULL) receives the number of certificates. Numbers run 1, 2, ... in rank order
 * (best first; for SKPD instansi by rank, then units best first). Template, acara and text errors
 * are KP_ERR_DATA with the file and line; nothing is half-written on purpose, but files already
 * written stay (the caller's output folder is atomic).
 */
kp_status piagam_render(const render_ctx *ctx, const piagam_options *opt, size_t *written,
                        kp_error *err);

#endif
