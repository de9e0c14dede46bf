#!/usr/bin/env bash
# Issue 21: the QR code of every document of every kind reads back, from a pdftoppm rendering
# at its default 150 dpi read by zbarimg, as what the register data/dokumen.csv says: the
# page's URL with the code when acara.ini has a verifikasi_url, else the code and the key
# facts as text; and a document without a code (a summary) carries no QR code at all.
# The set is small but holds the longest names of kp-gen's national data (the longest QR
# texts, the smallest modules): a ministry with the longest name, one with the longest unit
# names, a province and a kabupaten, in 2024 (four dimensions) and 2025 (Opini), with every
# document kind (certificates and report cards of units too, letters, summaries).
source "$(dirname "$0")/lib.sh"
need zbarimg pdftoppm python3
gen="${KP_BUILD:-}/bench/kp-gen"
[ -x "$gen" ] || fail "bench/kp-gen belum dibuat"

"$gen" --size nasional --tahun 2024,2025 --out "$WORK/nasional.csv"
# The instansi above with their two longest-named units each: every kind, few documents.
python3 - "$WORK/nasional.csv" "$WORK/kecil.csv" <<'EOF'
import csv, sys
pilih = {"Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi",
         "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak",
         "Provinsi Kalimantan Selatan", "Kabupaten Hulu Sungai Selatan"}
with open(sys.argv[1], newline="") as f:
    r = csv.reader(f)
    head = next(r)
    rows = [x for x in r if x[3] in pilih]
keep = []
for tahun, inst in sorted({(x[0], x[3]) for x in rows}):
    units = sorted((x for x in rows if (x[0], x[3]) == (tahun, inst)), key=lambda x: -len(x[5]))
    keep += units[:2]
if len({x[3] for x in keep}) != len(pilih):
    sys.exit("kp-gen tidak lagi memuat semua instansi pilihan")
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(head)
    w.writerows(keep)
EOF

"$KEPATUHAN" --quiet kunci-baru "$WORK/kunci"
mkdir -p "$WORK/templat-url"
cp -r "$KP_SRC/templates/." "$WORK/templat-url/"
printf '\n[acara]\nverifikasi_url = https://contoh.go.id/verifikasi/#{kode}\n' >>"$WORK/templat-url/acara.ini"
semua=(--quiet --kunci "$WORK/kunci" --piagam semua --piagam-tingkat semua --surat semua --rapor-skpd)
"$KEPATUHAN" "${semua[@]}" --templat "$KP_SRC/templates" --out "$WORK/teks" "$WORK/kecil.csv"
"$KEPATUHAN" "${semua[@]}" --templat "$WORK/templat-url" --out "$WORK/url" "$WORK/kecil.csv"

# Page 1 of every PDF (the QR code stands on the first page) read by zbarimg, two at a time;
# its XML keeps a text of several lines apart from the next symbol.
baca() {
    local pdf=$1 base=${1%.pdf}
    pdftoppm -gray -f 1 -l 1 -singlefile "$pdf" "$base" || return 1
    # zbarimg exits 4 when it finds no symbol: the XML is still written and says so.
    zbarimg -q --xml "$base.pgm" >"$base.qr.xml" 2>/dev/null || [ $? -eq 4 ] || return 1
    rm -f "$base.pgm"
}
export -f baca
find "$WORK/teks" "$WORK/url" -name '*.pdf' -print0 | xargs -0 -P 2 -n 1 bash -c 'baca "$0"' ||
    fail "pdftoppm atau zbarimg gagal"

python3 "$(dirname "$0")/qr_cek.py" "$WORK/teks" "$WORK/url"
