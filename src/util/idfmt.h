/*
 * idfmt.h - Indonesian formatting for documents: decimal comma, thousands dot, terbilang
 * (numbers in words), dates with Indonesian month names, Roman month numbers.
 *
 * Scores arrive as integer hundredths (9200 = 92,00). Every function writes into a caller
 * buffer of cap bytes, always NUL-terminates, and returns the buffer.
 */
#ifndef KP_IDFMT_H
#define KP_IDFMT_H

#include <stddef.h>
#include <stdint.h>

/* 9200 -> "92,00"; -726 -> "-7,26"; 123456 -> "1.234,56" (grouped by dots). */
char *idfmt_nilai(int64_t hundredths, char *buf, size_t cap);

/* Signed difference for year-on-year text: 726 -> "+7,26", -50 -> "-0,50", 0 -> "0,00". */
char *idfmt_selisih(int64_t hundredths, char *buf, size_t cap);

/* 1234 -> "1.234"; 12 -> "12". */
char *idfmt_int(int64_t v, char *buf, size_t cap);

/*
 * Whole number in words: 0 "nol", 11 "sebelas", 100 "seratus", 1000 "seribu",
 * 1992 "seribu sembilan ratus sembilan puluh dua", up to the trillions.
 */
char *idfmt_terbilang_int(uint64_t v, char *buf, size_t cap);

/*
 * Score in words, the decimals read digit by digit as certificates write them:
 * 9200 -> "sembilan puluh dua koma nol nol", 9205 -> "sembilan puluh dua koma nol lima",
 * 10000 -> "seratus koma nol nol".
 */
char *idfmt_terbilang_nilai(int64_t hundredths, char *buf, size_t cap);

/* 1 -> "Januari" ... 12 -> "Desember"; "" outside 1..12. */
const char *idfmt_bulan(int month);

/* 1 -> "I" ... 12 -> "XII"; "" outside 1..12. */
const char *idfmt_romawi(int month);

/* (2024, 1, 17) -> "17 Januari 2024". */
char *idfmt_tanggal(int year, int month, int day, char *buf, size_t cap);

/*
 * Parses an ISO date "2024-01-17" into its parts, checking the day exists in that month.
 * Returns 0 on success, -1 otherwise.
 */
int idfmt_parse_iso_date(const char *s, int *year, int *month, int *day);

/* Upper-cases ASCII letters of a UTF-8 string, leaving other bytes alone. */
char *idfmt_upper(const char *s, char *buf, size_t cap);

#endif
