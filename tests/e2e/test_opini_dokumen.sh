#!/usr/bin/env bash
# The 2025 documents speak the 2025 language (Opini Ombudsman RI): the published opinions and
# scores on certificates, report cards and letters, the legal basis of 2025, no zone anywhere,
# the units to coach in the letter, and certificates and letters to the same instansi for
# every selection. Input: tests/data/dokumen-2025 (2024 with zones, 2025 without).
source "$(dirname "$0")/lib.sh"
# Reading the PDFs back is the test: without poppler it fails instead of passing unchecked.
need pdftotext pdfinfo
data="$KP_SRC/tests/data/dokumen-2025"
in=("$data/hasil-2024.csv" "$data/hasil-2025.csv")

"$KEPATUHAN" --quiet --out "$WORK/out" --piagam semua --piagam-tingkat semua --rapor-skpd \
    --piagam-gabung --surat-gabung "${in[@]}"
y="$WORK/out/2025"

# teks PDF: the text with its lines joined (a phrase a letter wraps is still one phrase),
# then the metadata.
teks() {
    { pdftotext -layout "$1" - | tr '\n' ' ' | tr -s ' '; echo; pdfinfo "$1"; } >"$WORK/teks.txt"
}

# Certificates: the opinion as the headline, the score in figures and words, the assessment
# of 2025 and its regulation.
teks "$y/piagam/kabupaten-bolaang-mongondow.pdf"
contains "$WORK/teks.txt" "Opini Kualitas Tinggi Tanpa Maladministrasi"
contains "$WORK/teks.txt" "85,18"
contains "$WORK/teks.txt" "delapan puluh lima koma satu delapan"
contains "$WORK/teks.txt" "Penilaian Maladministrasi Penyelenggaraan Pelayanan Publik Tahun 2025"
contains "$WORK/teks.txt" "Nomor 61 Tahun 2025"
contains "$WORK/teks.txt" "29 Januari 2026"
teks "$y/piagam/kabupaten-kepulauan-sula.pdf"
contains "$WORK/teks.txt" "Opini Kualitas Sedang Tanpa Maladministrasi"
contains "$WORK/teks.txt" "57,61"
contains "$WORK/teks.txt" "lima puluh tujuh koma enam satu"
teks "$y/piagam/kabupaten-pulau-morotai.pdf"
contains "$WORK/teks.txt" "Opini Kualitas Rendah"
contains "$WORK/teks.txt" "53,38"
! grep -q "Rendah Tanpa" "$WORK/teks.txt" || fail "Morotai (tanpa gerbang) mendapat Tanpa Maladministrasi"
teks "$y/piagam/provinsi-maluku-utara.pdf"
contains "$WORK/teks.txt" "Opini Kualitas Sedang Tanpa Maladministrasi"
contains "$WORK/teks.txt" "65,98"
teks "$y/piagam/kabupaten-halmahera-utara.pdf"
contains "$WORK/teks.txt" "Opini Kualitas Sedang"
! grep -q "Sedang Tanpa" "$WORK/teks.txt" || fail "Halmahera Utara mendapat Tanpa Maladministrasi"
# A vertical office: its label of service quality, no opinion.
teks "$y/piagam/kantor-imigrasi-ternate.pdf"
contains "$WORK/teks.txt" "Kualitas Pelayanan Baik"
! grep -q "Opini" "$WORK/teks.txt" || fail "kantor vertikal mendapat opini"
# A unit's certificate, from its local government: the unit's label.
teks "$y/piagam/kabupaten-bolaang-mongondow/dinas-sosial.pdf"
contains "$WORK/teks.txt" "Kualitas Pelayanan Baik"
contains "$WORK/teks.txt" "86,83"
contains "$WORK/teks.txt" "Bupati Bolaang Mongondow"
teks "$y/piagam-gabung.pdf"
contains "$WORK/teks.txt" "Opini Kualitas Tinggi Tanpa Maladministrasi"
contains "$WORK/teks.txt" "Kualitas Pelayanan Baik"

# Report card: the opinion, the gate in words, coaching per unit, categories compared.
teks "$y/rapor/kabupaten-bolaang-mongondow.pdf"
contains "$WORK/teks.txt" "OPINI KUALITAS TINGGI TANPA MALADMINISTRASI"
contains "$WORK/teks.txt" "Tanpa Maladministrasi: ya — produk pengawasan Ombudsman ditindaklanjuti sepenuhnya."
contains "$WORK/teks.txt" "Metode penilaian tahun 2025 berbeda dengan tahun 2024"
contains "$WORK/teks.txt" "naik: C ke B"
teks "$y/rapor/kota-kotamobagu.pdf"
contains "$WORK/teks.txt" "Tanpa Maladministrasi: belum diketahui (tidak ada dalam data)."
contains "$WORK/teks.txt" "Sebanyak 2 dari 3 unit layanan memerlukan pembinaan (nilai di bawah 78,00)"
contains "$WORK/teks.txt" "RSUD Kotamobagu 69,10 C Cukup Pembinaan"
contains "$WORK/teks.txt" "Dinas Pendidikan 81,20 B Baik Apresiasi"
teks "$y/rapor/kabupaten-pulau-morotai.pdf"
contains "$WORK/teks.txt" "Tanpa Maladministrasi: belum — produk pengawasan Ombudsman belum ditindaklanjuti"
teks "$y/rapor/kantor-imigrasi-ternate.pdf"
contains "$WORK/teks.txt" "KUALITAS PELAYANAN BAIK"
! grep -q "Opini Kualitas\|Maladministrasi:" "$WORK/teks.txt" || fail "rapor kantor vertikal memuat opini atau gerbang"

# Letters: the opinion and the score, the units to coach under "pembinaan", the Ketua's three
# pieces of advice; nothing of 2024's wording.
teks "$y/surat/kota-kotamobagu.pdf"
contains "$WORK/teks.txt" "memperoleh nilai 74,88 (tujuh puluh empat koma delapan delapan) dengan Opini Kualitas Sedang."
contains "$WORK/teks.txt" "memerlukan pembinaan: 1. RSUD Kotamobagu, nilai 69,10 (Cukup) 2. Dinas Sosial, nilai 74,35 (Cukup)"
contains "$WORK/teks.txt" "patut diapresiasi: 1. Dinas Pendidikan, nilai 81,20 (Baik)"
contains "$WORK/teks.txt" "melakukan pembinaan terhadap unit layanan yang memperoleh nilai 0–77,99"
contains "$WORK/teks.txt" "menjaga konsistensi hasil penilaian yang telah baik"
contains "$WORK/teks.txt" "memberikan penghargaan kepada unit layanan"
contains "$WORK/teks.txt" "Nomor 61 Tahun 2025"
teks "$y/surat/kabupaten-bolaang-mongondow.pdf"
contains "$WORK/teks.txt" "nilai 85,18 (delapan puluh lima koma satu delapan) dengan Opini Kualitas Tinggi Tanpa Maladministrasi."
contains "$WORK/teks.txt" "Yth. Bupati Bolaang Mongondow"
# A vertical office's letter goes to its head.
teks "$y/surat/kantor-imigrasi-ternate.pdf"
contains "$WORK/teks.txt" "Yth. Kepala Kantor Imigrasi Ternate di Tempat"
contains "$WORK/teks.txt" "dengan predikat Kualitas Pelayanan Baik."
for f in "$y"/surat/*.pdf "$y"/surat-gabung.pdf; do
    pdftotext "$f" - >"$WORK/isi.txt"
    ! grep -qi "kepatuhan" "$WORK/isi.txt" || fail "$f memuat kata \"kepatuhan\" dari metode 2024"
done

# No zone, in any case, in any 2025 PDF: text and metadata.
n=0
while IFS= read -r -d '' f; do
    teks "$f"
    if grep -Eiq "hijau|kuning|merah|zona" "$WORK/teks.txt"; then
        grep -Eio ".{0,40}(hijau|kuning|merah|zona).{0,40}" "$WORK/teks.txt" >&2
        fail "$f menyebut zona"
    fi
    n=$((n + 1))
done < <(find "$y" -name '*.pdf' -print0)
[ "$n" -ge 30 ] || fail "hanya $n PDF 2025"
# 2024 keeps its own language.
pdftotext "$WORK/out/2024/piagam/kabupaten-bolaang-mongondow.pdf" "$WORK/2024.txt"
contains "$WORK/2024.txt" "Zona Kuning"
contains "$WORK/2024.txt" "Penilaian Kepatuhan"

# Certificates and letters go to the same instansi, under the same file names, whatever the
# selection; "tm" needs a gate, which 2024's method has not.
names() { (cd "$1" 2>/dev/null && ls -1 ./*.pdf 2>/dev/null) | sort; }
for sel in A,B C tm semua bawaan; do
    args=(--quiet --tanpa-rapor --out "$WORK/pilih-$sel")
    case $sel in
    bawaan) ;;
    tm) args+=(--tahun 2025 --piagam tm) ;;
    *) args+=(--piagam "$sel") ;;
    esac
    "$KEPATUHAN" "${args[@]}" "${in[@]}"
    for tahun in 2024 2025; do
        d="$WORK/pilih-$sel/$tahun"
        [ -d "$d" ] || continue
        p=$(names "$d/piagam")
        s=$(names "$d/surat")
        [ "$p" = "$s" ] || fail "--piagam $sel $tahun: piagam [$p] dan surat [$s] berbeda"
        echo "$sel $tahun: $(echo $p)"
    done
done
# What each selection means in 2025.
want() { [ "$(names "$WORK/pilih-$1/2025/piagam" | tr '\n' ' ')" = "$2" ] || fail "--piagam $1: $(names "$WORK/pilih-$1/2025/piagam" | tr '\n' ' ')"; }
want bawaan "./kabupaten-bolaang-mongondow.pdf ./kantor-imigrasi-ternate.pdf "
want tm "./kabupaten-bolaang-mongondow.pdf ./kabupaten-kepulauan-sula.pdf ./provinsi-maluku-utara.pdf "
want C "./kabupaten-halmahera-utara.pdf ./kabupaten-kepulauan-sula.pdf ./kota-kotamobagu.pdf ./provinsi-maluku-utara.pdf "
echo "ok ($n PDF 2025)"
