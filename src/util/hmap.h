/*
 * hmap.h - a small open-addressing hash table from byte-string keys to pointers.
 *
 * The aggregation and the comparison match a million rows against a few thousand entities;
 * a table keeps that linear. Keys are not copied: they must outlive the table (they usually
 * live in the run's arena). Not thread-safe.
 */
#ifndef KP_HMAP_H
#define KP_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct hmap hmap;

/*
 * The hash of n bytes at s, never 0, eight bytes a step (names average 45 bytes; a byte-wise
 * multiply chain made hashing half the cost of interning them). Shared by every string table
 * of the program so that one function is tuned and tested.
 */
uint64_t hmap_hash(const char *s, size_t n);

/*
 * A zeroed block of n bytes whose pages are written first, for tables filled while another
 * thread runs (NULL when memory runs out; release with free). calloc's fresh pages would be
 * read first (a probe) and written later: the write then replaces the shared zero page, and
 * with the checker and the reader running on two cores each such fault flushes the other
 * core's TLB (an IPI); measured, that cost more than the check itself.
 */
void *hmap_zalloc(size_t n);

/* Creates a table sized for about expected keys (it grows when needed). NULL: out of memory. */
hmap *hmap_new(size_t expected);

/* Releases the table (not the keys or values). NULL is allowed. */
void hmap_free(hmap *h);

/* Forgets every key, keeping the memory: for a table reused per group. */
void hmap_clear(hmap *h);

/* Number of keys. */
size_t hmap_count(const hmap *h);

/* The value slot of key (len bytes), or NULL when the key is absent. */
void **hmap_get(const hmap *h, const char *key, size_t len);

/*
 * The value slot of key, inserting it with a NULL value when absent (*added says which;
 * added may be NULL). NULL when memory runs out.
 */
void **hmap_put(hmap *h, const char *key, size_t len, bool *added);

/* As hmap_get / hmap_put for a NUL-terminated key. */
void **hmap_gets(const hmap *h, const char *key);
void **hmap_puts(hmap *h, const char *key, bool *added);

/* A zeroed block of n bytes (calloc(1, n)): the ALLOC of HMAP_TYPED for ordinary tables. */
static inline void *hmap_calloc(size_t n)
{
    return calloc(1, n);
}

/*
 * HMAP_TYPED(name, slot_t, key_t, KEY_HASH, SLOT_HASH, SLOT_IS, SLOT_EMPTY, FIRST, NUM, DEN,
 * ALLOC) defines a typed open-addressing table whose entries are the slots themselves (no
 * pointer to chase: one cache miss a lookup, which is what the per-row tables of the reader
 * and the aggregation need), and static inline functions over it:
 *
 *   typedef struct name { slot_t *slot; size_t cap, n; } name;   zero-initialised: empty
 *   slot_t *name_find(const name *m, key_t k)   the slot of k, or the empty slot where it goes
 *                                                (the caller fills it and increments m->n)
 *   bool name_reserve(name *m)                   room for one more key: grows (to FIRST slots
 *                                                when empty) once more than NUM/DEN is full;
 *                                                false when out of memory (m unchanged)
 *   bool name_init(name *m, size_t expect)       an empty table sized so that expect keys fit
 *                                                without growing (at least FIRST slots); false
 *                                                when out of memory (m left empty)
 *   void name_release(name *m)                   frees the slots (not what they point to)
 *
 * KEY_HASH(k) and SLOT_HASH(slot pointer) give the same 64-bit value for a key and the slot
 * holding it (well mixed in the low bits: the index is hash & (cap - 1)); SLOT_IS(slot
 * pointer, k) says whether a full slot holds k; SLOT_EMPTY(slot pointer) whether a slot is
 * empty (all zero bytes must be empty); ALLOC(bytes) returns zeroed memory (calloc-like,
 * released with free: hmap_zalloc for tables filled while another thread runs).
 */
/* A table need not use every function it is given (clang warns of an unused static inline in
 * the file that expands the macro). */
#define HMAP_UNUSED __attribute__((unused))

#define HMAP_TYPED(name, slot_t, key_t, KEY_HASH, SLOT_HASH, SLOT_IS, SLOT_EMPTY, FIRST, NUM, DEN, \
                   ALLOC)                                                                          \
    typedef struct name {                                                                          \
        slot_t *slot;                                                                              \
        size_t cap, n;                                                                             \
    } name;                                                                                        \
                                                                                                   \
    HMAP_UNUSED static inline slot_t *name##_probe(slot_t *slots, size_t cap, uint64_t h, key_t k) \
    {                                                                                              \
        size_t i = (size_t)h & (cap - 1);                                                          \
        while (!SLOT_EMPTY(&slots[i]) && !SLOT_IS(&slots[i], k))                                   \
            i = (i + 1) & (cap - 1);                                                               \
        return &slots[i];                                                                          \
    }                                                                                              \
                                                                                                   \
    HMAP_UNUSED static inline slot_t *name##_find(const name *m, key_t k)                          \
    {                                                                                              \
        return name##_probe(m->slot, m->cap, KEY_HASH(k), k);                                      \
    }                                                                                              \
                                                                                                   \
    HMAP_UNUSED static inline bool name##_reserve(name *m)                                         \
    {                                                                                              \
        if (m->cap && (m->n + 1) * (DEN) <= m->cap * (NUM))                                        \
            return true;                                                                           \
        size_t cap = m->cap ? m->cap * 2 : (FIRST);                                                \
        slot_t *slots = ALLOC(cap * sizeof *slots);                                                \
        if (!slots)                                                                                \
            return false;                                                                          \
        for (size_t i = 0; i < m->cap; i++) {                                                      \
            slot_t *s = &m->slot[i];                                                               \
            if (SLOT_EMPTY(s))                                                                     \
                continue;                                                                          \
            size_t j = (size_t)SLOT_HASH(s) & (cap - 1);                                           \
            while (!SLOT_EMPTY(&slots[j]))                                                         \
                j = (j + 1) & (cap - 1);                                                           \
            slots[j] = *s;                                                                         \
        }                                                                                          \
        free(m->slot);                                                                             \
        m->slot = slots;                                                                           \
        m->cap = cap;                                                                              \
        return true;                                                                               \
    }                                                                                              \
                                                                                                   \
    HMAP_UNUSED static inline bool name##_init(name *m, size_t expect)                             \
    {                                                                                              \
        size_t cap = (FIRST);                                                                      \
        while ((expect + 1) * (DEN) > cap * (NUM))                                                 \
            cap *= 2;                                                                              \
        m->slot = ALLOC(cap * sizeof *m->slot);                                                    \
        m->cap = m->slot ? cap : 0;                                                                \
        m->n = 0;                                                                                  \
        return m->slot != NULL;                                                                    \
    }                                                                                              \
                                                                                                   \
    HMAP_UNUSED static inline void name##_release(name *m)                                         \
    {                                                                                              \
        free(m->slot);                                                                             \
        m->slot = NULL;                                                                            \
        m->cap = m->n = 0;                                                                         \
    }

#endif
