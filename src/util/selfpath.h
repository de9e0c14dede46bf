/*
 * selfpath.h - where the running program lives, so that an installed copy finds its data
 * files relative to itself.
 *
 * A package unpacked under another prefix than the one compiled in (dpkg-deb -x into a
 * folder, a copied /opt tree) still has bin/ and share/ side by side; looking next to the
 * executable finds them without configuration. Linux only: the answer comes from
 * /proc/self/exe, and where that is missing the functions simply report "not found".
 */
#ifndef KP_SELFPATH_H
#define KP_SELFPATH_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The folder holding the running executable, absolute with symbolic links resolved
 * ("/opt/kp/usr/bin"), into out (cap bytes). Returns false, with out empty, when it cannot
 * be known or does not fit.
 */
bool selfpath_exe_dir(char *out, size_t cap);

/*
 * "<exe dir>/../<rel>" resolved to an absolute path without "..", into out (cap bytes):
 * selfpath_relative("share/kepatuhan/templates", ...) is the templates folder of the
 * prefix the program was installed in. Returns false, with out empty, when the executable's
 * folder is unknown, the path does not exist, or it does not fit.
 */
bool selfpath_relative(const char *rel, char *out, size_t cap);

#endif
