/*
 * outdir.h - atomic output, one run per folder: a run locks its output folder, writes into a
 * temporary folder inside it, and moves its results into place only when everything
 * succeeded, in a commit that survives a kill at any instant.
 *
 * The lock is flock(2) on the output folder itself, held from outdir_open to the end of the
 * run: it leaves nothing behind, works across PID namespaces and containers on one kernel,
 * and dies with its process. Every other run into the folder waits or is refused; leftovers
 * of killed runs are judged by this lock (whoever holds it is the only writer), never by PID.
 *
 * The temporary folder ROOT/.kepatuhan-tmp-XXXXXX/ holds the results (top-level entries,
 * e.g. one folder per year), ".pemilik" ("PID HOST START-EPOCH", named by a refused second
 * run) and, once the commit has begun, ".jurnal":
 *
 *     kepatuhan-jurnal 1
 *     INODE NAME          one line per result, the inode of the new tree
 *     akhir
 *
 * The commit makes the new trees durable (syncfs), writes and fsyncs the journal, swaps each
 * ROOT/NAME with its new tree (renameat2 RENAME_EXCHANGE, so ROOT/NAME is at every instant
 * either the old tree or the new one; plain renames where the file system cannot swap),
 * fsyncs ROOT, and only then deletes the temporary folder with the old trees in it. The next
 * run, under the lock, finishes a commit whose journal is complete (an entry whose ROOT/NAME
 * is not yet the journal's inode is swapped in) and deletes a temporary folder without one
 * (ROOT was not touched yet), putting back any ".old.NAME" whose ROOT/NAME is missing: the
 * only copy of a result is never deleted. Entries of the output folder that a run does not
 * produce are never touched.
 */
#ifndef KP_OUTDIR_H
#define KP_OUTDIR_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

typedef struct outdir outdir;

/*
 * Locks root for this run when it exists (a missing root is created and locked by
 * outdir_begin, so that a refused input creates nothing). The folder is not otherwise
 * touched. When another run holds the lock: with wait, polls until it is released or *cancel
 * (may be NULL) is set ("dibatalkan"); without, KP_ERR_IO at once with a message naming the
 * holder (PID, host, start) from its ".pemilik". KP_ERR_IO with the path on any failure.
 */
kp_status outdir_open(const char *root, bool wait, const atomic_int *cancel, outdir **out,
                      kp_error *err);

/*
 * Creates root (and parents) if missing and locks it, checks it is a writable folder,
 * finishes or removes what killed runs left (see above), and creates this run's temporary
 * folder. On failure od stays valid for outdir_abort. KP_ERR_IO with the path on failure.
 */
kp_status outdir_begin(outdir *od, kp_error *err);

/* The temporary folder results are written into (absolute or as root was given). */
const char *outdir_tmp(const outdir *od);

/* The final output folder. */
const char *outdir_root(const outdir *od);

/*
 * Replaces every top-level result of root by its new tree, all or none (see above), removes
 * the temporary folder, unlocks and frees od. A failure before the new trees are in place
 * puts the old ones back; a failure that leaves the commit half-done says so, and the next
 * run finishes it.
 */
kp_status outdir_commit(outdir *od, kp_error *err);

/*
 * Removes the temporary folder and everything in it, removes root (and parents) again when
 * outdir_begin created them and they are empty, unlocks and frees od. NULL is allowed.
 */
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
