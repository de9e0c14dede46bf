#!/usr/bin/env bash
# Every documented exit code, and that a refused run writes nothing.
source "$(dirname "$0")/lib.sh"
data="$KP_SRC/tests/data/e2e"

expect_rc 0 "$KEPATUHAN" --version
expect_rc 0 "$KEPATUHAN" --help
contains "$WORK/out.txt" "Kode keluar"

# 1: usage - unknown option with a hint, bad value, no input file.
expect_rc 1 "$KEPATUHAN" --piagem hijau "$data/kecil.csv"
contains "$WORK/out.txt" "maksud Anda '--piagam'"
expect_rc 1 "$KEPATUHAN" --jobs nol "$data/kecil.csv"
expect_rc 1 "$KEPATUHAN"
expect_rc 1 "$KEPATUHAN" --out "$WORK/o1" --tahun 1999 "$data/kecil.csv"
# A selection of recipients the years' rubrics cannot take: exit 1, what is accepted, no output.
expect_rc 1 "$KEPATUHAN" --out "$WORK/o1" --piagam Z "$data/kecil.csv"
contains "$WORK/out.txt" "'Z' tidak dikenal; yang diterima: semua, tidak"
expect_rc 1 "$KEPATUHAN" --out "$WORK/o1" --piagam hijau,A,,B "$data/kecil.csv"
contains "$WORK/out.txt" "ada pilihan yang kosong"
expect_rc 1 "$KEPATUHAN" --out "$WORK/o1" --piagam hijau "$KP_SRC/tests/data/opini/baik.csv"
contains "$WORK/out.txt" "tidak memakai zona"
expect_rc 1 "$KEPATUHAN" --out "$WORK/o1" --piagam tm "$data/kecil.csv"
contains "$WORK/out.txt" "tidak punya gerbang"
[ ! -e "$WORK/o1" ] || [ -z "$(ls -A "$WORK/o1")" ] || fail "keluaran ditulis untuk pilihan yang ditolak"

# 2: data - every error with file:line:col, nothing written.
expect_rc 2 "$KEPATUHAN" --out "$WORK/o2" "$data/rusak.csv"
contains "$WORK/out.txt" "rusak.csv:2:5:"
contains "$WORK/out.txt" "rusak.csv:3:5:"
[ ! -e "$WORK/o2" ] || [ -z "$(ls -A "$WORK/o2")" ] || fail "keluaran ditulis untuk masukan rusak"
expect_rc 2 "$KEPATUHAN" --out "$WORK/o2" "$data/tidak-ada.csv"
contains "$WORK/out.txt" "tidak-ada.csv"
expect_rc 2 "$KEPATUHAN" --out "$WORK/o2" "$data"
expect_rc 2 "$KEPATUHAN" periksa "$data/rusak.csv"

# 3: output - a file where the output folder should be.
touch "$WORK/bukan-folder"
expect_rc 3 "$KEPATUHAN" --out "$WORK/bukan-folder" "$data/kecil.csv"

expect_rc 0 "$KEPATUHAN" periksa "$data/kecil.csv"
contains "$WORK/out.txt" "3 instansi"
echo "ok"
