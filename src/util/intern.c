#include "util/intern.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/hmap.h"

typedef struct slot {
    uint64_t hash;
    const char *s;
} slot;

/* A lookup's key: the bytes and their hash, computed once for the probe and the insert. */
typedef struct ikey {
    const char *s;
    size_t n;
    uint64_t hash;
} ikey;

#define IKEY_HASH(k)  ((k).hash)
#define ISLOT_HASH(p) ((p)->hash)
#define ISLOT_IS(p, k)                                                                             \
    ((p)->hash == (k).hash && memcmp((p)->s, (k).s, (k).n) == 0 && (p)->s[(k).n] == '\0')
#define ISLOT_EMPTY(p) (!(p)->s)
HMAP_TYPED(islots, slot, ikey, IKEY_HASH, ISLOT_HASH, ISLOT_IS, ISLOT_EMPTY, 1024, 1, 2,
           hmap_zalloc)

struct intern {
    arena *arena;
    islots t;
};

intern *intern_new(arena *a)
{
    intern *t = calloc(1, sizeof *t);
    if (t)
        t->arena = a;
    return t;
}

void intern_free(intern *t)
{
    if (!t)
        return;
    islots_release(&t->t);
    free(t);
}

const char *intern_get(intern *t, const char *s, size_t n)
{
    if (!islots_reserve(&t->t))
        return NULL;
    ikey k = {s, n, hmap_hash(s, n)};
    slot *p = islots_find(&t->t, k);
    if (p->s)
        return p->s;
    char *copy = arena_strndup(t->arena, s, n);
    if (!copy)
        return NULL;
    p->hash = k.hash;
    p->s = copy;
    t->t.n++;
    return copy;
}
