#include "util/similar.h"

#include <string.h>

/* ASCII only, not tolower: the locale must not change which hint a message gives. */
static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

#define SIMILAR_MAX_LEN 64

size_t similar_distance(const char *a, const char *b, size_t cap, bool fold_case)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > SIMILAR_MAX_LEN || lb > SIMILAR_MAX_LEN)
        return cap + 1;
    if ((la > lb ? la - lb : lb - la) > cap)
        return cap + 1;
    /*
     * Only the band |i - j| <= cap of the table: a cell outside it is at least |i - j| > cap
     * (every step moves i or j by one), so no path worth knowing crosses it. A header checked
     * against every known name costs (2 cap + 1) cells a letter, not the whole name's length.
     * Cells never written hold their first row's value, which past the band is over cap too.
     */
    size_t far = cap + 1;
    size_t row[SIMILAR_MAX_LEN + 1];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j < far ? j : far;
    for (size_t i = 1; i <= la; i++) {
        size_t lo = i > cap ? i - cap : 1, hi = i + cap < lb ? i + cap : lb;
        size_t diag = row[lo - 1];
        row[lo - 1] = lo == 1 ? i : far;
        size_t best = row[lo - 1];
        for (size_t j = lo; j <= hi; j++) {
            size_t up = row[j];
            unsigned char ca = (unsigned char)a[i - 1], cb = (unsigned char)b[j - 1];
            if (fold_case) {
                ca = fold(ca);
                cb = fold(cb);
            }
            size_t v = diag + (ca != cb);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > cap)
            return cap + 1;
    }
    return row[lb] > cap ? cap + 1 : row[lb];
}

const char *similar_best(const char *s, const char *const *words, size_t n, size_t max_dist)
{
    const char *best = NULL;
    size_t best_d = max_dist + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = similar_distance(s, words[i], max_dist, false);
        if (d < best_d) {
            best_d = d;
            best = words[i];
        }
    }
    return best;
}
