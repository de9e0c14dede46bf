/*
 * text.h - blanks around a field: one rule for every reader of hand-edited files (CSV rows,
 * alias.csv, perwakilan.csv, alamat.csv). Spaces, tabs and line breaks (Alt+Enter in an
 * Excel cell, CR of a file saved on Windows) count as blanks.
 */
#ifndef KP_TEXT_H
#define KP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Inline: the table reader asks on every byte of every field. */
static inline bool text_is_blank(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* s[0..*n) without surrounding blanks: returns the start, *n the new length. */
static inline const char *text_trim(const char *s, size_t *n)
{
    size_t b = 0, e = *n;
    while (b < e && text_is_blank((unsigned char)s[b]))
        b++;
    while (e > b && text_is_blank((unsigned char)s[e - 1]))
        e--;
    *n = e - b;
    return s + b;
}

/* Trims the NUL-terminated s in place (its start does not move); returns s. */
char *text_trim_in_place(char *s);

#endif
