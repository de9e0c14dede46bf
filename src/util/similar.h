/*
 * similar.h - "did you mean": the closest of a set of known words to a mistyped one.
 */
#ifndef KP_SIMILAR_H
#define KP_SIMILAR_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Levenshtein distance between a and b (bytes), capped: returns cap + 1 as soon as the
 * distance is known to exceed cap, so that comparing against many words stays cheap. With
 * fold_case, ASCII letters compare without case (rubric keys: "Bobot" is a typo of "bobot";
 * header names are normalised to lower case before and need no folding). Words over 64 bytes
 * are never close to anything (cap + 1): every known word is far shorter.
 */
size_t similar_distance(const char *a, const char *b, size_t cap, bool fold_case);

/*
 * The word of words[0..n) closest to s within max_dist edits, or NULL when none is that
 * close. Ties go to the earlier word.
 */
const char *similar_best(const char *s, const char *const *words, size_t n, size_t max_dist);

#endif
