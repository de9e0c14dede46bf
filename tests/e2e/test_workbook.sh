#!/usr/bin/env bash
# The recap workbook, opened by LibreOffice as a client would: it opens without repair, and
# every score on the Instansi and SKPD sheets equals the CSV results of the same run.
source "$(dirname "$0")/lib.sh"
need unzip
"$KEPATUHAN" --quiet --out "$WORK/out" "$KP_SRC"/samples/*.csv
xlsx="$WORK/out/2023/rekap-kepatuhan-2023.xlsx"
unzip -tq "$xlsx" >/dev/null || fail "$xlsx bukan zip yang utuh"

need soffice
# Filter options: comma, double quote, UTF-8, first row 1, ..., every sheet to its own file.
(cd "$WORK" && HOME="$WORK" timeout 180 soffice --headless \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
    "$xlsx" >"$WORK/soffice.txt" 2>&1) || { cat "$WORK/soffice.txt" >&2; fail "LibreOffice gagal membuka rekap"; }
for sheet in Ringkasan Provinsi Instansi SKPD Perbandingan Metodologi; do
    [ -s "$WORK/rekap-kepatuhan-2023-$sheet.csv" ] || fail "lembar $sheet tidak terbaca"
done

# name -> score from the data CSV, then every workbook row must agree to the hundredth.
compare() { # DATA_CSV KEYCOLS VALCOL SHEET_CSV KEYCOLS VALCOL
    awk -F, -v dk="$2" -v dv="$3" -v sk="$5" -v sv="$6" '
        function key(cols,   n, c, i, k) { n = split(cols, c, "+"); k = ""; for (i = 1; i <= n; i++) k = k "|" $c[i]; return k }
        FNR == 1 { file++ }
        file == 1 && FNR > 1 { want[key(dk)] = sprintf("%.2f", $dv); next }
        file == 2 && (key(sk) in want) {
            seen++
            if (sprintf("%.2f", $sv) != want[key(sk)]) { print "beda: " key(sk) " " $sv " != " want[key(sk)]; bad++ }
        }
        END { if (bad || seen < length(want)) { print "cocok " seen " dari " length(want); exit 1 } print seen " nilai cocok" }
    ' "$1" "$4"
}
compare "$WORK/out/2023/data/instansi.csv" 4 6 "$WORK/rekap-kepatuhan-2023-Instansi.csv" 4 11 ||
    fail "nilai instansi di rekap berbeda dengan data/instansi.csv"
compare "$WORK/out/2023/data/skpd.csv" "3+4" 5 "$WORK/rekap-kepatuhan-2023-SKPD.csv" "2+5" 10 ||
    fail "nilai SKPD di rekap berbeda dengan data/skpd.csv"
echo "ok"
