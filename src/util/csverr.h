/*
 * csverr.h - libcsv's error codes in the users' language.
 *
 * csv_strerror() answers in English ("error parsing data while strict checking enabled");
 * every message a user reads is Indonesian, so readers that report a libcsv error word it
 * here.
 */
#ifndef KP_CSVERR_H
#define KP_CSVERR_H

/* The reason for csv_error() code e (CSV_EPARSE, CSV_ENOMEM, ...): static text. */
const char *csverr_text(int e);

#endif
