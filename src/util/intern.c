#include "util/intern.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/hmap.h"

typedef struct slot {
    uint64_t hash;
    const char *s;
} slot;

struct intern {
    arena *arena;
    slot *slot;
    size_t cap, n;
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
    free(t->slot);
    free(t);
}

static int grow(intern *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    slot *s = hmap_zalloc(cap * sizeof *s);
    if (!s)
        return 0;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slot[i].s)
            continue;
        size_t k = t->slot[i].hash & (cap - 1);
        while (s[k].s)
            k = (k + 1) & (cap - 1);
        s[k] = t->slot[i];
    }
    free(t->slot);
    t->slot = s;
    t->cap = cap;
    return 1;
}

const char *intern_get(intern *t, const char *s, size_t n)
{
    if ((t->n + 1) * 2 > t->cap && !grow(t))
        return NULL;
    uint64_t h = hmap_hash(s, n);
    size_t k = h & (t->cap - 1);
    while (t->slot[k].s) {
        if (t->slot[k].hash == h && memcmp(t->slot[k].s, s, n) == 0 && t->slot[k].s[n] == '\0')
            return t->slot[k].s;
        k = (k + 1) & (t->cap - 1);
    }
    char *copy = arena_strndup(t->arena, s, n);
    if (!copy)
        return NULL;
    t->slot[k].hash = h;
    t->slot[k].s = copy;
    t->n++;
    return copy;
}
