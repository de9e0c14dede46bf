/*
 * aset.h - the page's files (src/serve/www/), built into the program.
 *
 * The server must work offline and from a single installed binary, so index.html, app.js
 * and style.css are turned into C arrays at build time (embed.cmake writes aset.c in the
 * build folder) rather than read from a share folder that could be missing or stale.
 */
#ifndef KP_SERVE_ASET_H
#define KP_SERVE_ASET_H

#include <stddef.h>

typedef struct layani_aset {
    const char *path; /* "/app.js" */
    const char *type; /* Content-Type */
    const unsigned char *data;
    size_t len;
} layani_aset;

/* The file served at path, or NULL. */
const layani_aset *layani_aset_find(const char *path);

#endif
