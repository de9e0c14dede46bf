/*
 * katasandi.h - the password file of `kepatuhan layani --kata-sandi FILE`.
 *
 * FILE holds one "nama:hash" line per user, as `kepatuhan kata-sandi NAMA` prints it; the hash
 * is crypt(3) (yescrypt, else SHA-512) so the file never holds a password. Lines that are
 * empty or start with '#' are ignored.
 *
 * Checking a password with yescrypt costs tens of milliseconds on purpose, and the page asks
 * for its progress twice a second: a pair once accepted is remembered (as a SHA-256 of name
 * and password, never the password) so only the first request of a session pays.
 */
#ifndef KP_SERVE_KATASANDI_H
#define KP_SERVE_KATASANDI_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

typedef struct katasandi katasandi;

/* Reads FILE; KP_ERR_DATA with FILE:LINE for a line that is not "nama:hash". */
kp_status katasandi_load(const char *path, katasandi **out, kp_error *err);

/* Releases the table. NULL is allowed. */
void katasandi_free(katasandi *k);

/* True when user and password match a line of the file. Thread-safe. */
bool katasandi_check(katasandi *k, const char *user, const char *password);

/*
 * The "nama:hash" line (no newline) for a new password, into out. KP_ERR_USAGE for a name
 * that is empty, has ':' or control characters, or a password that is empty; KP_ERR_IO when
 * libcrypt has no method to offer.
 */
kp_status katasandi_line(const char *user, const char *password, char *out, size_t cap,
                         kp_error *err);

#endif
