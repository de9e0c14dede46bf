#include "util/hmap.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot {
    uint64_t hash; /* 0: empty (real hashes are forced non-zero) */
    const char *key;
    size_t len;
    void *val;
} slot;

struct hmap {
    slot *slots;
    size_t cap; /* power of two */
    size_t count;
};

uint64_t hmap_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0x94D049BB133111EBULL;
    h ^= h >> 29;
    return h ? h : 1;
}

void *hmap_zalloc(size_t n)
{
    /* Called through a volatile pointer: gcc turns malloc + memset(0) back into calloc. */
    static void *(*const volatile fill)(void *, int, size_t) = memset;
    void *p = malloc(n);
    if (p)
        fill(p, 0, n);
    return p;
}

hmap *hmap_new(size_t expected)
{
    hmap *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    size_t cap = 16;
    while (cap < expected * 2)
        cap *= 2;
    h->slots = calloc(cap, sizeof *h->slots);
    if (!h->slots) {
        free(h);
        return NULL;
    }
    h->cap = cap;
    return h;
}

void hmap_free(hmap *h)
{
    if (!h)
        return;
    free(h->slots);
    free(h);
}

void hmap_clear(hmap *h)
{
    if (h->count)
        memset(h->slots, 0, h->cap * sizeof *h->slots);
    h->count = 0;
}

size_t hmap_count(const hmap *h)
{
    return h->count;
}

static slot *find(const slot *slots, size_t cap, uint64_t hash, const char *key, size_t len)
{
    size_t mask = cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const slot *s = &slots[i];
        if (!s->hash || (s->hash == hash && s->len == len && !memcmp(s->key, key, len)))
            return (slot *)s;
    }
}

static bool grow(hmap *h)
{
    size_t cap = h->cap * 2;
    slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < h->cap; i++) {
        const slot *s = &h->slots[i];
        if (s->hash)
            *find(slots, cap, s->hash, s->key, s->len) = *s;
    }
    free(h->slots);
    h->slots = slots;
    h->cap = cap;
    return true;
}

void **hmap_get(const hmap *h, const char *key, size_t len)
{
    slot *s = find(h->slots, h->cap, hmap_hash(key, len), key, len);
    return s->hash ? &s->val : NULL;
}

void **hmap_put(hmap *h, const char *key, size_t len, bool *added)
{
    /* Load factor at most 1/2 keeps probe sequences short. */
    if ((h->count + 1) * 2 > h->cap && !grow(h))
        return NULL;
    uint64_t hash = hmap_hash(key, len);
    slot *s = find(h->slots, h->cap, hash, key, len);
    if (added)
        *added = !s->hash;
    if (!s->hash) {
        s->hash = hash;
        s->key = key;
        s->len = len;
        s->val = NULL;
        h->count++;
    }
    return &s->val;
}

void **hmap_gets(const hmap *h, const char *key)
{
    return hmap_get(h, key, strlen(key));
}

void **hmap_puts(hmap *h, const char *key, bool *added)
{
    return hmap_put(h, key, strlen(key), added);
}
