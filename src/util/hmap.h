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

#endif
