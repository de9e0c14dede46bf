#!/usr/bin/env bash
# A shard (--provinsi) renders one province, keeps national ranks, and combines with the
# other shards into exactly the national data; an unknown province is refused with a hint.
source "$(dirname "$0")/lib.sh"
gen="${KP_BUILD:-}/bench/kp-gen"
[ -x "$gen" ] || fail "bench/kp-gen belum dibuat (cmake --build membuatnya)"
"$gen" --size nasional --tahun 2024 --out "$WORK/nasional.csv"
opts=(--quiet --tanpa-rapor --surat tidak --tahun 2024)

"$KEPATUHAN" "${opts[@]}" --out "$WORK/semua" "$WORK/nasional.csv"
"$KEPATUHAN" "${opts[@]}" --provinsi "Kalimantan Selatan" --out "$WORK/kalsel" "$WORK/nasional.csv"
"$KEPATUHAN" "${opts[@]}" --provinsi "kalimantan  SELATAN" --out "$WORK/kalsel2" "$WORK/nasional.csv"
diff -r "$WORK/kalsel" "$WORK/kalsel2" >/dev/null || fail "nama provinsi tidak dicocokkan tanpa memandang huruf"

full="$WORK/semua/2024/data/instansi.csv"
shard="$WORK/kalsel/2024/data/instansi.csv"
# Every shard row is the full run's row for that instansi: same national and provincial rank.
tail -n +2 "$shard" | while IFS= read -r row; do
    grep -qxF -- "$row" "$full" || fail "baris shard berbeda dari proses penuh: $row"
done
[ "$(tail -n +2 "$shard" | cut -d, -f2 | sort -u)" = "Kalimantan Selatan" ] || fail "shard memuat provinsi lain"
want=$(grep -c ',Kalimantan Selatan,' "$full")
[ "$(($(wc -l <"$shard") - 1))" -eq "$want" ] || fail "shard: jumlah instansi salah"
hijau=$(grep ',Kalimantan Selatan,' "$full" | grep -c ',hijau,')
[ "$(find "$WORK/kalsel/2024/piagam" -name '*.pdf' | wc -l)" -eq "$hijau" ] || fail "shard: jumlah piagam salah"

# Every province as a shard: the data rows together are the national data, row for row.
cut -d, -f2 "$full" | tail -n +2 | sort -u >"$WORK/provinsi.txt"
i=0
while IFS= read -r p; do
    i=$((i + 1))
    "$KEPATUHAN" "${opts[@]}" --piagam tidak --provinsi "$p" --out "$WORK/shard/$i" "$WORK/nasional.csv"
done <"$WORK/provinsi.txt"
cat "$WORK"/shard/*/2024/data/instansi.csv | grep -v '^tahun,' | sort >"$WORK/gabung.csv"
tail -n +2 "$full" | sort | diff - "$WORK/gabung.csv" >/dev/null || fail "gabungan shard berbeda dari data nasional"

expect_rc 1 "$KEPATUHAN" "${opts[@]}" --provinsi "Kalimantan Selatn" --out "$WORK/x" "$WORK/nasional.csv"
contains "$WORK/out.txt" "maksud Anda"
echo "ok ($i shard)"
