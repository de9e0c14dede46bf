#!/usr/bin/env bash
# The whole country, two years, every kind of document: real names of every length and
# ~600 instansi go through without a refusal, and what the documents say equals the data.
source "$(dirname "$0")/lib.sh"
need pdftotext qpdf
gen="${KP_BUILD:-}/bench/kp-gen"
[ -x "$gen" ] || fail "bench/kp-gen belum dibuat (cmake --build membuatnya)"
"$gen" --size nasional --tahun 2023,2024 --dialect semicolon --out "$WORK/nasional.csv"

"$KEPATUHAN" --quiet --tahun 2024 --piagam semua --surat semua --piagam-gabung --out "$WORK/out" \
    "$WORK/nasional.csv"
y="$WORK/out/2024"
n=$(($(wc -l <"$y/data/instansi.csv") - 1))
[ "$n" -gt 550 ] || fail "hanya $n instansi"
for d in piagam rapor surat; do
    got=$(find "$y/$d" -name '*.pdf' | wc -l)
    [ "$got" -eq "$n" ] || fail "$d: $got PDF untuk $n instansi"
done
[ "$(($(wc -l <"$y/data/perbandingan.csv") - 1))" -ge "$n" ] || fail "perbandingan tidak lengkap"

# Spot checks: the best and the worst instansi - their score on each of their documents.
slug() { iconv -f utf-8 -t ascii//TRANSLIT <<<"$1" | tr 'A-Z' 'a-z' | sed -E 's/[^a-z0-9]+/-/g; s/^-+//; s/-+$//'; }
# (names with a comma are quoted: leave them out of this plain split)
tail -n +2 "$y/data/instansi.csv" | grep -v '"' | sort -t, -k6,6nr >"$WORK/urut.csv"
for row in "$(head -1 "$WORK/urut.csv")" "$(tail -1 "$WORK/urut.csv")"; do
    IFS=, read -r _ _ _ nama _ nilai _ <<<"$row"
    s=$(slug "$nama")
    for d in piagam rapor surat; do
        [ -s "$y/$d/$s.pdf" ] || fail "$d/$s.pdf tidak ada ($nama)"
        pdftotext "$y/$d/$s.pdf" - | tr '\n' ' ' | grep -qF "${nilai/./,}" ||
            fail "$d/$s.pdf tidak memuat nilai ${nilai/./,}"
    done
done
qpdf --check "$y/piagam-gabung.pdf" >/dev/null 2>&1 || fail "piagam-gabung.pdf rusak"
echo "ok ($n instansi)"
