#include "util/text.h"

#include <string.h>

char *text_trim_in_place(char *s)
{
    size_t n = strlen(s);
    const char *b = text_trim(s, &n);
    memmove(s, b, n);
    s[n] = '\0';
    return s;
}
