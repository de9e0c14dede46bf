#!/usr/bin/env bash
# The demo run on samples/: every document type is written, and the published numbers come
# out exactly (Kota Banjarbaru 2023 = 92,00 A; Kabupaten Barito Kuala 2023 = mean of its seven
# published units = 87,59 B).
source "$(dirname "$0")/lib.sh"
need pdftotext

"$KEPATUHAN" --quiet --out "$WORK/out" "$KP_SRC"/samples/*.csv

y="$WORK/out/2023"
for f in rekap-kepatuhan-2023.xlsx data/skpd.csv data/instansi.csv data/provinsi.csv \
    data/perbandingan.csv piagam/kota-banjarbaru.pdf rapor/kota-banjarbaru.pdf \
    surat/kota-banjarbaru.pdf; do
    [ -s "$y/$f" ] || fail "$y/$f tidak ada"
done

contains "$y/data/instansi.csv" "2023,Kalimantan Selatan,kota,Kota Banjarbaru,7,92.00,A,Kualitas Tertinggi,hijau"
contains "$y/data/instansi.csv" "2023,Kalimantan Selatan,kabupaten,Kabupaten Barito Kuala,7,87.59,B,Kualitas Tinggi,hijau"
contains "$y/data/perbandingan.csv" "2023,Kota Banjarbaru,84.74,92.00,7.26,hijau,hijau,tetap"

pdftext "$y/piagam/kota-banjarbaru.pdf" >"$WORK/piagam.txt"
contains "$WORK/piagam.txt" "Pemerintah Kota Banjarbaru"
contains "$WORK/piagam.txt" "92,00"
contains "$WORK/piagam.txt" "sembilan puluh dua koma nol nol"
contains "$WORK/piagam.txt" "Kualitas Tertinggi"

# Kotabaru (kuning, 71,66) gets no certificate by default; 2022 abbreviations were matched.
[ ! -e "$y/piagam/kabupaten-kotabaru.pdf" ] || fail "Kotabaru (zona kuning) mendapat piagam"
contains "$WORK/out/2022/data/instansi.csv" "Kabupaten Barito Kuala"
echo "ok"
