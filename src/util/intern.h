/*
 * intern.h - one copy of each string: a set of strings kept in an arena, where equal strings
 * give the same pointer.
 *
 * Names repeat thousands of times in a run's rows (a province per row, an instansi per unit):
 * one copy of each saves the memory, and comparing two interned strings is comparing their
 * addresses. Slots are 16 bytes (hash and pointer), the table is zeroed by writing
 * (hmap_zalloc: it is filled while another thread runs). Not thread-safe.
 */
#ifndef KP_INTERN_H
#define KP_INTERN_H

#include <stddef.h>

#include "util/arena.h"

typedef struct intern intern;

/* An empty set whose strings are copied into a (which must outlive it). NULL: out of memory. */
intern *intern_new(arena *a);

/* Releases the table (not the strings: they belong to the arena). NULL is allowed. */
void intern_free(intern *t);

/* The one copy of s[0..n), NUL-terminated; NULL when memory runs out. */
const char *intern_get(intern *t, const char *s, size_t n);

#endif
