/*
 * keytab.h - INI keys read by table instead of by strcmp cascades: each key is a row
 * {name, setter, offsetof the field it sets}, so adding a key is one line and every key of a
 * type is read (and refused) the same way.
 *
 * The setter is the reader's own: it parses the value, reports errors the reader's way and
 * stores into the field. A section whose keys depend on a variant (a layout template's text,
 * image, line, rect or qr block) marks each row with the variants that have it.
 */
#ifndef KP_UTIL_KEYTAB_H
#define KP_UTIL_KEYTAB_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* No second field: keytab.aux of a key whose setter only needs dst. */
#define KEYTAB_TANPA ((size_t)-1)

/*
 * Reads value into dst (and aux, NULL when the row has none). ctx is the reader's state as
 * given to keytab_apply; key is the key as written, for messages.
 */
typedef kp_status (*keytab_set)(void *ctx, const char *key, const char *value, void *dst,
                                void *aux);

typedef struct keytab {
    const char *name;
    keytab_set set;
    size_t off;    /* offsetof the field set, in the struct keytab_apply is given */
    size_t aux;    /* offsetof a second field (a "given" flag, a name), or KEYTAB_TANPA */
    unsigned only; /* bit mask of the variants that have the key; 0: every variant */
} keytab;

/*
 * Looks key up in tab[0..n) among the rows variant (one bit; 0 matches only rows for every
 * variant) has, and calls its setter on base. *found false (and KP_OK) when there is none, so
 * that the caller reports the unknown key with the keys its section lists.
 */
kp_status keytab_apply(const keytab *tab, size_t n, unsigned variant, const char *key,
                       const char *value, void *ctx, void *base, bool *found);

#endif
