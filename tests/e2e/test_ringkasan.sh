#!/usr/bin/env bash
# The Ringkasan Eksekutif (issue 20): national and per-province summaries in <tahun>/ringkasan/,
# every headline figure equal to the data files of its year (read back with pdftotext and
# compared by ringkasan_cek.py), pages numbered "Halaman i dari N" with the national table
# of contents, the Perwakilan as issuer of a province's summary, --ringkasan-instansi and
# --tanpa-ringkasan.
source "$(dirname "$0")/lib.sh"
# Reading the PDFs back is the point of this test: without poppler it fails, never skips.
need pdftotext pdfinfo python3
cek="$(dirname "$0")/ringkasan_cek.py"

# pages PDF: its page count.
pages() {
    pdfinfo "$1" | awk '/^Pages:/ {print $2}'
}

# numbered PDF: every page says "Halaman i dari N", the first included.
numbered() {
    local n i
    n=$(pages "$1")
    for ((i = 1; i <= n; i++)); do
        pdftotext -f "$i" -l "$i" "$1" - | grep -qF "Halaman $i dari $n" ||
            fail "$1: halaman $i tanpa 'Halaman $i dari $n'"
    done
}

# Samples: one province over five years and two methods (zones to 2024, Opini in 2025).
"$KEPATUHAN" --quiet --ringkasan-instansi --out "$WORK/s" "$KP_SRC"/samples/*.csv
for y in 2021 2022 2023 2024 2025; do
    r="$WORK/s/$y/ringkasan"
    [ -f "$r/ringkasan-nasional.pdf" ] || fail "$y: ringkasan-nasional.pdf tidak ada"
    [ -f "$r/ringkasan-kalimantan-selatan.pdf" ] || fail "$y: ringkasan provinsi tidak ada"
    pdftext "$r/ringkasan-nasional.pdf" >"$WORK/n.txt"
    python3 "$cek" "$WORK/n.txt" "$WORK/s/$y/data"
    pdftext "$r/ringkasan-kalimantan-selatan.pdf" >"$WORK/p.txt"
    python3 "$cek" "$WORK/p.txt" "$WORK/s/$y/data" "Kalimantan Selatan"
    numbered "$r/ringkasan-nasional.pdf"
    numbered "$r/ringkasan-kalimantan-selatan.pdf"
    contains "$WORK/n.txt" "Daftar Isi"
    contains "$WORK/p.txt" "Perwakilan Provinsi Kalimantan Selatan"
done
# The national summary's contents give each section's page: the last one's is the last page.
pdftext "$WORK/s/2025/ringkasan/ringkasan-nasional.pdf" >"$WORK/n.txt"
last=$(pages "$WORK/s/2025/ringkasan/ringkasan-nasional.pdf")
grep -qE "^ *Catatan Metode +$last$" "$WORK/n.txt" || fail "daftar isi: Catatan Metode bukan di halaman $last"
# 2025 speaks of opinions and coaching, and never of zones.
contains "$WORK/n.txt" "Unit Layanan yang Memerlukan Pembinaan"
contains "$WORK/n.txt" "Opini Kualitas Tinggi"
if grep -qiE "zona|hijau|kuning|merah" "$WORK/n.txt"; then fail "2025: ringkasan menyebut zona"; fi
# The method note names the rubric and what in it is uncertain (the rubric's tidak_pasti).
contains "$WORK/n.txt" "ombudsman-opini-2025"
contains "$WORK/n.txt" "Yang tidak pasti: Batas kategori disimpulkan"
# --ringkasan-instansi: a pemda with units gets its own, ranking its units.
bk="$WORK/s/2023/ringkasan/ringkasan-kabupaten-barito-kuala.pdf"
[ -f "$bk" ] || fail "--ringkasan-instansi: ringkasan Kabupaten Barito Kuala tidak ada"
pdftext "$bk" >"$WORK/i.txt"
contains "$WORK/i.txt" "Peringkat Unit Layanan"
contains "$WORK/i.txt" "Nilai Pemerintah Kabupaten Barito Kuala"
grep -qE "Nilai Pemerintah Kabupaten Barito Kuala +87,59$" "$WORK/i.txt" ||
    fail "ringkasan instansi: nilai Barito Kuala 2023 bukan 87,59"
numbered "$bk"

# Several provinces, 2024 -> 2025 across the change of method: each province's summary against
# its own rows; Pusat (kementerian, lembaga) is no province and has none.
data="$KP_SRC/tests/data/opini-keluaran"
"$KEPATUHAN" --quiet --out "$WORK/o" "$data/hasil-2024.csv" "$data/hasil-2025.csv"
python3 - "$WORK/o/2025/data/provinsi.csv" >"$WORK/prov.txt" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["provinsi"] != "Pusat":
        print(r["provinsi"])
PY
[ -s "$WORK/prov.txt" ] || fail "opini-keluaran: tidak ada provinsi"
n=0
while IFS= read -r p; do
    slug=$(echo "$p" | tr 'A-Z ' 'a-z-')
    f="$WORK/o/2025/ringkasan/ringkasan-$slug.pdf"
    [ -f "$f" ] || fail "ringkasan $p tidak ada ($f)"
    pdftext "$f" >"$WORK/p.txt"
    python3 "$cek" "$WORK/p.txt" "$WORK/o/2025/data" "$p"
    contains "$WORK/p.txt" "Perwakilan Provinsi $p"
    n=$((n + 1))
done <"$WORK/prov.txt"
pdftext "$WORK/o/2025/ringkasan/ringkasan-nasional.pdf" >"$WORK/n.txt"
python3 "$cek" "$WORK/n.txt" "$WORK/o/2025/data"
contains "$WORK/n.txt" "Ombudsman Republik Indonesia"
[ ! -e "$WORK/o/2025/ringkasan/ringkasan-pusat.pdf" ] || fail "Pusat mendapat ringkasan provinsi"
[ "$(find "$WORK/o/2025/ringkasan" -name '*.pdf' | wc -l)" = $((n + 1)) ] ||
    fail "ringkasan 2025: bukan $n provinsi + nasional"

# The national population (bench/gen: 38 provinces, 597 instansi, 3.964 units a year): every
# figure of the national summary and of two provinces' against the data files, thousands
# grouped the Indonesian way (3.964).
gen="${KP_BUILD:-}/bench/kp-gen"
[ -x "$gen" ] || fail "bench/kp-gen belum dibuat (cmake --build membuatnya)"
"$gen" --size nasional --tahun 2023,2024 --out "$WORK/nasional.csv"
"$KEPATUHAN" --quiet --piagam tidak --surat tidak --tanpa-rapor --out "$WORK/g" "$WORK/nasional.csv"
pdftext "$WORK/g/2024/ringkasan/ringkasan-nasional.pdf" >"$WORK/n.txt"
python3 "$cek" "$WORK/n.txt" "$WORK/g/2024/data"
contains "$WORK/n.txt" "Unit layanan dinilai"
contains "$WORK/n.txt" "3.964"
numbered "$WORK/g/2024/ringkasan/ringkasan-nasional.pdf"
for p in "Aceh" "Jawa Barat"; do
    slug=$(echo "$p" | tr 'A-Z ' 'a-z-')
    pdftext "$WORK/g/2024/ringkasan/ringkasan-$slug.pdf" >"$WORK/p.txt"
    python3 "$cek" "$WORK/p.txt" "$WORK/g/2024/data" "$p"
    contains "$WORK/p.txt" "Perwakilan Provinsi $p"
done
[ "$(find "$WORK/g/2024/ringkasan" -name '*.pdf' | wc -l)" = 39 ] || fail "nasional: bukan 38 provinsi + nasional"

# A shard writes its province's summary only: a national one of a shard would not be national.
"$KEPATUHAN" --quiet --provinsi "Kalimantan Selatan" --out "$WORK/shard" "$KP_SRC"/samples/hasil-2023.csv
[ -f "$WORK/shard/2023/ringkasan/ringkasan-kalimantan-selatan.pdf" ] || fail "shard: ringkasan provinsi tidak ada"
[ ! -e "$WORK/shard/2023/ringkasan/ringkasan-nasional.pdf" ] || fail "shard: ringkasan nasional ditulis"

# A misspelt placeholder in the words is refused before anything is written, naming its line.
cp -r "$KP_SRC/templates" "$WORK/tpl"
sed -i 's/menurut {menurut}:/menurut {menurutt}:/' "$WORK/tpl/ringkasan/ringkasan.isi.ini"
line=$(grep -n '{menurutt}' "$WORK/tpl/ringkasan/ringkasan.isi.ini" | cut -d: -f1)
expect_rc 2 "$KEPATUHAN" --quiet --templat "$WORK/tpl" --out "$WORK/salah" "$KP_SRC"/samples/hasil-2021.csv
contains "$WORK/out.txt" "ringkasan.isi.ini:$line: placeholder {menurutt}"
[ ! -e "$WORK/salah" ] || fail "templat ringkasan salah: folder keluaran dibuat"

# The lengths and counts are the layout template's [ukuran]: a count past its largest is
# refused at its line, and an [ukuran] left in the words file names its new place.
cp -r "$KP_SRC/templates" "$WORK/tpl2"
sed -i 's/^jumlah_teratas = 5$/jumlah_teratas = 500/' "$WORK/tpl2/ringkasan/ringkasan.ini"
line=$(grep -n '^jumlah_teratas = 500' "$WORK/tpl2/ringkasan/ringkasan.ini" | cut -d: -f1)
expect_rc 2 "$KEPATUHAN" --quiet --templat "$WORK/tpl2" --out "$WORK/salah2" "$KP_SRC"/samples/hasil-2023.csv
contains "$WORK/out.txt" "ringkasan.ini:$line: jumlah_teratas: 500 di luar batas (0 sampai 100)"
cp "$KP_SRC/templates/ringkasan/ringkasan.ini" "$WORK/tpl2/ringkasan/ringkasan.ini"
printf '\n[ukuran]\nmaks_daftar = 3\n' >>"$WORK/tpl2/ringkasan/ringkasan.isi.ini"
expect_rc 2 "$KEPATUHAN" --quiet --templat "$WORK/tpl2" --out "$WORK/salah2" "$KP_SRC"/samples/hasil-2023.csv
contains "$WORK/out.txt" "[ukuran] kini ditulis di templat tata letak ringkasan.ini"
[ ! -e "$WORK/salah2" ] || fail "[ukuran] salah tempat: folder keluaran dibuat"

# --tanpa-ringkasan: no folder at all.
"$KEPATUHAN" --quiet --tanpa-ringkasan --out "$WORK/t" "$KP_SRC"/samples/hasil-2023.csv
[ ! -e "$WORK/t/2023/ringkasan" ] || fail "--tanpa-ringkasan: folder ringkasan dibuat"
echo "ok"
