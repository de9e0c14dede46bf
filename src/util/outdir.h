/*
 * outdir.h - atomic output: a run writes into a temporary folder inside the output folder and
 * moves its results into place only when everything succeeded.
 *
 * A failed or interrupted run leaves the output folder exactly as it was: previous results
 * stay, and the temporary folder is removed (outdir_abort). Entries of the output folder
 * that this run does not produce are never touched. The temporary folder lives inside the
 * output folder so that the final rename(2) never crosses a file system.
 */
#ifndef KP_OUTDIR_H
#define KP_OUTDIR_H

#include <stddef.h>

#include "util/error.h"

typedef struct outdir outdir;

/*
 * Creates root (and parents) if missing, checks it is a writable folder, removes temporary
 * folders left by runs that were killed outright (their process no longer exists), and
 * creates this run's temporary folder. KP_ERR_IO with the path on failure.
 */
kp_status outdir_begin(const char *root, outdir **out, kp_error *err);

/* The temporary folder results are written into (absolute or as root was given). */
const char *outdir_tmp(const outdir *od);

/* The final output folder. */
const char *outdir_root(const outdir *od);

/*
 * Moves every top-level entry of the temporary folder to root, replacing an existing entry
 * of the same name (the old one is moved aside first and deleted only after the new one is
 * in place), then removes the temporary folder and frees od.
 */
kp_status outdir_commit(outdir *od, kp_error *err);

/* Removes the temporary folder and everything in it, and frees od. NULL is allowed. */
void outdir_abort(outdir *od);

/*
 * Creates path and its missing parents (mode 0777 & ~umask), like mkdir -p.
 * KP_ERR_IO with the path on failure.
 */
kp_status outdir_mkdirs(const char *path, kp_error *err);

/* Removes path recursively (files, links and folders; links are not followed). */
int outdir_remove_tree(const char *path);

/*
 * Writes len bytes to path atomically: into "path.tmp" then fsync-free rename. Used for
 * single files outside a run's temporary folder (e.g. templat-input). KP_ERR_IO on failure.
 */
kp_status outdir_write_file(const char *path, const void *data, size_t len, kp_error *err);

#endif
