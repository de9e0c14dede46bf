/*
 * arena.h - a bump allocator for per-run data.
 *
 * Everything a run reads and computes (rows, names, the result tree) lives as long as the
 * run, so it is allocated from one arena and released at once with arena_free(). Blocks grow
 * geometrically; memory is never returned piecemeal. Allocation failure returns NULL (the
 * caller reports KP_ERR_IO "memori habis").
 *
 * An arena is not thread-safe: give each thread its own.
 */
#ifndef KP_ARENA_H
#define KP_ARENA_H

#include <stddef.h>

typedef struct arena arena;

/* Creates an arena whose first block holds at least block_size bytes (0: a default). */
arena *arena_new(size_t block_size);

/* Releases every allocation of the arena and the arena itself. NULL is allowed. */
void arena_free(arena *a);

/* Returns size bytes aligned for any type, uninitialised, or NULL when memory runs out. */
void *arena_alloc(arena *a, size_t size);

/* As arena_alloc, zero-filled. */
void *arena_calloc(arena *a, size_t n, size_t size);

/* Copies the n bytes at s and a terminating NUL into the arena. */
char *arena_strndup(arena *a, const char *s, size_t n);

/* Copies the NUL-terminated string s into the arena. */
char *arena_strdup(arena *a, const char *s);

/* printf into a string allocated in the arena. */
char *arena_sprintf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Bytes obtained from the system so far (for the benchmark's memory accounting). */
size_t arena_bytes(const arena *a);

#endif
