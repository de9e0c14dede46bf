#!/usr/bin/env bash
# The certificates' corner ornament is template data (templates/piagam/ornamen.ini): a bad
# ornament file stops the run before anything is written, exit 2, with the file, line and
# column of the bad operand or operation; the old `corner = ornament` says what replaced it.
source "$(dirname "$0")/lib.sh"
data="$KP_SRC/tests/data/e2e"

# expect_bad OUT MESSAGE: exit 2 with MESSAGE, OUT never created, with $WORK/templat.
expect_bad() {
    local out=$1 msg=$2
    expect_rc 2 "$KEPATUHAN" --out "$out" --templat "$WORK/templat" "$data/kecil.csv"
    contains "$WORK/out.txt" "$msg"
    [ ! -e "$out" ] || fail "folder keluaran $out dibuat walau templat ditolak"
}

fresh() {
    rm -rf "$WORK/templat"
    cp -r "$KP_SRC/templates" "$WORK/templat"
}

orn="$WORK/templat/piagam/ornamen.ini"

# A number that is not one: the column of the operand.
fresh
sed -i 's/^line = 0.16 0$/line = 0.16 O/' "$orn"
line=$(grep -n '^line = 0.16 O$' "$orn" | cut -d: -f1)
expect_bad "$WORK/baru1" "kepatuhan: $orn:$line:13: line: angka tidak sah \"O\""

# An unknown operation: the column of the key, and the operation meant.
fresh
sed -i 's/^curve = 0.45 0.02/kurva = 0.45 0.02/' "$orn"
line=$(grep -n '^kurva' "$orn" | cut -d: -f1)
expect_bad "$WORK/baru2" "kepatuhan: $orn:$line:1: operasi \"kurva\" tidak dikenal (maksud Anda \"curve\"?"

# A path that is never painted.
fresh
sed -i '$d' "$orn"
line=$(grep -n '^move = 0.2 0.2$' "$orn" | cut -d: -f1)
expect_bad "$WORK/baru3" "kepatuhan: $orn:$line: path ini tidak diakhiri fill atau stroke"

# A template of the days when the ornament was drawn in C.
fresh
sed -i 's/^corner = ornamen.ini$/corner = ornament/' "$WORK/templat/piagam/instansi.ini"
line=$(grep -n '^corner = ornament$' "$WORK/templat/piagam/instansi.ini" | cut -d: -f1)
expect_bad "$WORK/baru4" "kepatuhan: $WORK/templat/piagam/instansi.ini:$line: corner: tulis berkas ornamen"

# The shipped file draws: the same templates copied elsewhere give a certificate.
fresh
expect_rc 0 "$KEPATUHAN" --quiet --out "$WORK/baik" --templat "$WORK/templat" "$data/kecil.csv"
ls "$WORK"/baik/*/piagam/*.pdf >/dev/null || fail "tidak ada piagam"
echo "ok"
