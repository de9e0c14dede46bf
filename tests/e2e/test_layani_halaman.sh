#!/usr/bin/env bash
# The page of kepatuhan layani in headless Chromium: a bad file's findings with their lines,
# the samples checked good, a run, the list of documents, a narrow screen, and no CSP
# violation (layani_halaman.py drives it). Screenshots stay in the build folder
# (layani-*.png) for a person to look at.
source "$(dirname "$0")/lib.sh"
need chromium python3 curl

# The logs exist before the loop below reads them: a background job opens its redirections
# in the child, which may not have run yet (sed on a missing file ended the test at once).
: >"$WORK/srv.out"
: >"$WORK/chromium.err"
"$KEPATUHAN" layani --port 0 --folder "$WORK/layani" >"$WORK/srv.out" 2>"$WORK/srv.err" &
srv=$!
chromium --headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions \
    --user-data-dir="$WORK/chromium" --remote-debugging-port=0 about:blank \
    >/dev/null 2>"$WORK/chromium.err" &
chr=$!
# Chromium's helper processes outlive its main one for a moment and still write to the
# profile: the folder is removed once they are gone, and a late write never fails the test.
cleanup() {
    kill $chr $srv 2>/dev/null || true
    wait $chr $srv 2>/dev/null || true
    for _ in $(seq 20); do
        rm -rf "$WORK" 2>/dev/null && return 0
        sleep 0.1
    done
    return 0
}
trap cleanup EXIT

url="" port=""
for _ in $(seq 300); do
    [ -n "$url" ] || url=$(sed -n 's/^kepatuhan layani: //p' "$WORK/srv.out")
    [ -n "$port" ] || port=$(sed -n 's|.*DevTools listening on ws://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/chromium.err")
    [ -n "$url" ] && [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$url" ] || { cat "$WORK/srv.err" >&2; fail "server tidak mulai"; }
[ -n "$port" ] || { cat "$WORK/chromium.err" >&2; fail "chromium tidak mulai"; }

shots="${KP_BUILD:-$WORK}"
python3 "$(dirname "$0")/layani_halaman.py" "$port" "$url" \
    "$KP_SRC/tests/data/bad/bukan_angka.csv" "$shots" "$KP_SRC"/samples/hasil-202[123].csv
for f in layani-temuan layani-hasil layani-sempit; do
    [ "$(stat -c %s "$shots/$f.png")" -gt 10000 ] || fail "tangkapan layar $f.png kosong"
done
kill -TERM "$srv"
rc=0
wait "$srv" || rc=$?
[ "$rc" = 0 ] || { cat "$WORK/srv.err" >&2; fail "server tidak berhenti dengan 0 (keluar $rc)"; }
echo "ok"
