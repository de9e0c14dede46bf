#include "util/keytab.h"

#include <string.h>

kp_status keytab_apply(const keytab *tab, size_t n, unsigned variant, const char *key,
                       const char *value, void *ctx, void *base, bool *found)
{
    for (size_t i = 0; i < n; i++) {
        const keytab *k = &tab[i];
        if ((k->only && !(k->only & variant)) || strcmp(k->name, key) != 0)
            continue;
        *found = true;
        char *b = base;
        return k->set(ctx, key, value, b + k->off, k->aux == KEYTAB_TANPA ? NULL : b + k->aux);
    }
    *found = false;
    return KP_OK;
}
