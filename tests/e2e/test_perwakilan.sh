#!/usr/bin/env bash
# Issuers per province (templates/perwakilan.csv): in a national run, Aceh's certificate,
# letter and report card name Perwakilan Provinsi Aceh and number from 001 in Aceh's own
# sequence, a ministry's name the central issuer (Jakarta, Ketua); a 2025 vertical office its
# province's Perwakilan; a province the file lacks falls back to acara.ini with one warning;
# and every kind of bad file stops the run before anything is written, naming line and column.
source "$(dirname "$0")/lib.sh"
need pdftotext
gen="${KP_BUILD:-}/bench/kp-gen"
[ -x "$gen" ] || fail "bench/kp-gen belum dibuat"
"$gen" --size nasional --tahun 2023 --out "$WORK/nasional.csv"

teks() { pdftotext -layout "$1" - | tr -s ' \n' '  '; }

"$KEPATUHAN" --quiet --piagam semua --surat semua --out "$WORK/out" "$WORK/nasional.csv"
y="$WORK/out/2023"
teks "$y/piagam/kota-banda-aceh.pdf" >"$WORK/p.txt"
contains "$WORK/p.txt" "Perwakilan Provinsi Aceh"
contains "$WORK/p.txt" "Banda Aceh, 17 Januari 2024"
contains "$WORK/p.txt" "Kepala Perwakilan Ombudsman Republik Indonesia Provinsi Aceh"
grep -q "Kalimantan Selatan\|Jakarta" "$WORK/p.txt" && fail "piagam Aceh menyebut penerbit lain"
teks "$y/surat/kota-banda-aceh.pdf" >"$WORK/s.txt"
contains "$WORK/s.txt" "PERWAKILAN PROVINSI ACEH"
contains "$WORK/s.txt" "Banda Aceh, 17 Januari 2024"
teks "$y/rapor/kota-banda-aceh.pdf" >"$WORK/r.txt"
contains "$WORK/r.txt" "Ombudsman Republik Indonesia Perwakilan Provinsi Aceh"

# Each issuer numbers its own certificates from 001, in rank order within its documents.
for f in "$y"/piagam/*.pdf; do pdftotext -layout "$f" -; done | grep -o 'Nomor: [^ ]*ORI-ACEH[^ ]*' |
    sort >"$WORK/nomor-aceh.txt"
[ "$(head -1 "$WORK/nomor-aceh.txt")" = "Nomor: 001/ORI-ACEH/I/2024" ] ||
    fail "nomor piagam Aceh tidak mulai dari 001: $(head -1 "$WORK/nomor-aceh.txt")"
[ "$(sort -u "$WORK/nomor-aceh.txt" | wc -l)" -eq "$(wc -l <"$WORK/nomor-aceh.txt")" ] ||
    fail "nomor piagam Aceh ganda"

# A ministry: the central issuer of acara.ini.
kem=$(ls "$y/piagam" | grep '^kementerian-' | head -1)
[ -n "$kem" ] || fail "tidak ada piagam kementerian"
teks "$y/piagam/$kem" >"$WORK/k.txt"
contains "$WORK/k.txt" "Jakarta, 17 Januari 2024"
contains "$WORK/k.txt" "Ketua Ombudsman Republik Indonesia"
contains "$WORK/k.txt" "/ORI/I/2024"
grep -q "Perwakilan" "$WORK/k.txt" && fail "piagam kementerian menyebut Perwakilan"

# 2025: a vertical office is issued by its province's Perwakilan.
"$KEPATUHAN" --quiet --piagam semua --out "$WORK/out25" "$KP_SRC/samples/hasil-2025.csv"
v="$WORK/out25/2025/piagam/polresta-banjarmasin.pdf"
[ -s "$v" ] || fail "piagam Polresta tidak ada"
teks "$v" >"$WORK/v.txt"
contains "$WORK/v.txt" "Perwakilan Provinsi Kalimantan Selatan"
contains "$WORK/v.txt" "Banjarmasin, 29 Januari 2026"

# A province the file lacks: one warning naming it, its documents from acara.ini.
tpl="$WORK/templates"
cp -r "$KP_SRC/templates" "$tpl"
grep -v '^Aceh,' "$KP_SRC/templates/perwakilan.csv" >"$tpl/perwakilan.csv"
"$gen" --size nasional --tahun 2022,2023 --out "$WORK/dua.csv"
expect_rc 0 "$KEPATUHAN" --templat "$tpl" --tahun 2023 --out "$WORK/out2" "$WORK/dua.csv"
[ "$(grep -c 'Aceh' "$WORK/out.txt")" -eq 1 ] || { cat "$WORK/out.txt"; fail "peringatan provinsi hilang tidak sekali"; }
contains "$WORK/out.txt" "perwakilan.csv"
teks "$WORK/out2/2023/piagam/kota-banda-aceh.pdf" | grep -q "Jakarta, 17 Januari 2024" ||
    fail "provinsi tanpa baris tidak memakai acara.ini"

# Bad files: exit 2, file:line:column in the message, nothing written.
bad() {
    local want=$1
    shift
    printf '%s\n' "$@" >"$tpl/perwakilan.csv"
    rm -rf "$WORK/out3"
    expect_rc 2 "$KEPATUHAN" --templat "$tpl" --out "$WORK/out3" "$KP_SRC/samples/hasil-2023.csv"
    contains "$WORK/out.txt" "$want"
    [ ! -e "$WORK/out3" ] || fail "keluaran ditulis meski perwakilan.csv rusak ($want)"
}
H=provinsi,unit_lembaga,tempat,alamat,telepon,surel,jabatan,penandatangan,nip,nomor,nomor_surat
K="Kalimantan Selatan,Perwakilan Provinsi Kalimantan Selatan,Banjarmasin,a,b,c,d,e,f,{seq},"
bad "perwakilan.csv:1:3: kepala kolom ke-3" "provinsi,unit_lembaga,kota" "$K"
bad "perwakilan.csv:2: 3 kolom" "$H" "Aceh,Perwakilan Provinsi Aceh,Banda Aceh"
bad "perwakilan.csv:3:1: provinsi kalimantan selatan tertulis dua kali (pertama di baris 2)" \
    "$H" "$K" "${K/Kalimantan Selatan/kalimantan selatan}"
bad "perwakilan.csv:2:8: kolom penandatangan kosong" "$H" "${K/,e,/,,}"
bad "perwakilan.csv:2:10: nomor" "$H" "${K/\{seq\}/\{urut\}}"
echo "ok"
