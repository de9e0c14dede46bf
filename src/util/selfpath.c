/* realpath(3) is an XSI function: _POSIX_C_SOURCE alone (set for every file) hides it. */
#define _XOPEN_SOURCE 700

#include "util/selfpath.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool selfpath_exe_dir(char *out, size_t cap)
{
    char link[PATH_MAX];
    if (cap)
        out[0] = '\0';
    /* readlink does not terminate, and a result that fills the buffer may be cut short. */
    ssize_t n = readlink("/proc/self/exe", link, sizeof link);
    if (n <= 0 || (size_t)n >= sizeof link)
        return false;
    link[n] = '\0';
    /* The kernel's answer has no symbolic links but can name a deleted file
     * ("... (deleted)" after an upgrade replaced it); realpath then fails and we say so. */
    char real[PATH_MAX];
    if (!realpath(link, real))
        return false;
    char *slash = strrchr(real, '/');
    if (!slash)
        return false;
    if (slash == real)
        slash++; /* the program sits in "/" */
    *slash = '\0';
    size_t len = strlen(real);
    if (len >= cap)
        return false;
    memcpy(out, real, len + 1);
    return true;
}

bool selfpath_relative(const char *rel, char *out, size_t cap)
{
    char dir[PATH_MAX];
    char joined[PATH_MAX];
    char real[PATH_MAX];
    if (cap)
        out[0] = '\0';
    if (!selfpath_exe_dir(dir, sizeof dir))
        return false;
    int n = snprintf(joined, sizeof joined, "%s/../%s", dir, rel);
    if (n < 0 || (size_t)n >= sizeof joined || !realpath(joined, real))
        return false;
    size_t len = strlen(real);
    if (len >= cap)
        return false;
    memcpy(out, real, len + 1);
    return true;
}
