/*
 * Fuzzes the rubric parser: a rubric file comes from the user, so any bytes must end in a
 * clean rubric or a KP_ERR_DATA with a location, never in a crash. Accepted rubrics must
 * also hold the invariants the rest of the pipeline relies on.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/rubric.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rubric r;
    kp_error err;
    kp_status st = rubric_load_buffer("fuzz.ini", (const char *)data, size, &r, &err);
    if (st != KP_OK) {
        if (st != KP_ERR_DATA || err.msg[0] == '\0')
            abort();
        return 0;
    }

    /* Every score on the scale gets a band; bands descend to 0. */
    if (r.n_band < 1 || r.band[r.n_band - 1].min != 0)
        abort();
    for (int i = 1; i < r.n_band; i++) {
        if (r.band[i].min >= r.band[i - 1].min)
            abort();
    }
    if (!rubric_classify(&r, 0) || !rubric_classify(&r, r.nilai_maks) || rubric_classify(&r, -1))
        abort();

    dec_t comp[RUBRIC_MAX_COMP], total = 0, sum;
    for (int i = 0; i < r.n_comp; i++)
        comp[i] = r.comp[i].bobot;
    if (rubric_unit_score(&r, 0xff, comp, &total) && total != r.nilai_maks)
        abort();
    if (r.n_comp > 0 && rubric_unit_score(&r, 0, comp, &sum))
        abort();

    char *text = rubric_describe(&r);
    if (!text)
        abort();
    free(text);
    return 0;
}
