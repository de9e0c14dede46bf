/*
 * readfile.h - a whole file into memory, the one way every module does it.
 *
 * The callers word their own messages (a font, an address list, an alias file are each
 * reported in their own terms), so these functions return an errno value and no message.
 */
#ifndef KP_READFILE_H
#define KP_READFILE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Reads the rest of f into a new buffer with a '\0' after the last byte (*len does not count
 * it); the caller frees *out. max: the most bytes accepted, 0 for no limit. Returns 0, or
 * EFBIG (more than max bytes), ENOMEM, EISDIR (f is a folder: on Linux one opens and fails at
 * its first read) or EIO (any other read error); *out is NULL then. f stays open.
 */
int readfile_stream(FILE *f, size_t max, char **out, size_t *len);

/* readfile_stream() of the file at path, opened and closed here; a failed open returns its
 * errno. */
int readfile_path(const char *path, size_t max, char **out, size_t *len);

#endif
