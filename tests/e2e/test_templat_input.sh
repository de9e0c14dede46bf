#!/usr/bin/env bash
# The input template: its header is the reader's contract, its validation ranges are the
# rubric's weights, and what a clerk exports from it is read back without error.
source "$(dirname "$0")/lib.sh"
need unzip

"$KEPATUHAN" --quiet templat-input --tahun 2024 "$WORK/templat.xlsx"
"$KEPATUHAN" --quiet templat-input --tahun 2024 --csv "$WORK/templat.csv"

head -1 "$WORK/templat.csv" | grep -qx 'tahun,provinsi,kode,instansi,jenis,skpd,input,proses,output,pengaduan,nilai' ||
    fail "baris judul CSV salah: $(head -1 "$WORK/templat.csv")"
# The example rows are skipped: the file is valid and empty of data.
expect_rc 2 "$KEPATUHAN" periksa "$WORK/templat.csv"
contains "$WORK/out.txt" "tidak ada baris data"

# Fill in one row the way a clerk would, after the examples.
echo '2024,Kalimantan Selatan,63.72,Kota Banjarbaru,kota,Disdukcapil,20.00,30.00,22.00,20.00,' >>"$WORK/templat.csv"
expect_rc 0 "$KEPATUHAN" periksa "$WORK/templat.csv"

# Validation in the workbook follows the 2022 method's weights, and the year range.
unzip -p "$WORK/templat.xlsx" xl/worksheets/sheet1.xml >"$WORK/sheet1.xml"
for w in 21.85 32.37 24.24 21.54 100.00; do
    contains "$WORK/sheet1.xml" "&lt;=$w,ROUND("
done
contains "$WORK/sheet1.xml" "<formula1>2024</formula1>"
contains "$WORK/sheet1.xml" "Daftar!\$A\$2:\$A\$6"
unzip -p "$WORK/templat.xlsx" xl/workbook.xml | grep -q 'name="Petunjuk"' || fail "lembar Petunjuk tidak ada"

# Opened and exported by LibreOffice as a clerk would: read back with no error.
need soffice
(cd "$WORK" && HOME="$WORK" timeout 120 soffice --headless --convert-to csv templat.xlsx >/dev/null 2>&1) ||
    fail "LibreOffice tidak dapat membuka templat"
head -1 "$WORK/templat.csv" | grep -q '^tahun,provinsi' || fail "ekspor LibreOffice: $(head -1 "$WORK/templat.csv")"
echo '2024,Kalimantan Selatan,63.72,Kota Banjarbaru,kota,DPMPTSP,20,30,22,20,' >>"$WORK/templat.csv"
expect_rc 0 "$KEPATUHAN" periksa "$WORK/templat.csv"
echo "ok"
