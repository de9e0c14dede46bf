#!/usr/bin/env bash
# kepatuhan layani through its API with curl on 127.0.0.1: periksa of good and bad files
# (findings with their lines), a run whose zip holds the Banjarbaru certificate, downloads
# that try to leave the job folder, an upload over --maks-unggah, the page token, passwords,
# addresses that need one, 20 runs at once, SIGTERM in the middle of a job and a restart.
source "$(dirname "$0")/lib.sh"
# A missing tool fails the test: make test installs them (scripts/install-deps.sh test).
need curl unzip python3 openssl

folder="$WORK/layani"
pids=()
cleanup_servers() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
# On a failure the servers' own logs are shown: they say why a server stopped or refused.
on_exit() {
    local rc=$?
    cleanup_servers
    if [ "$rc" != 0 ]; then
        for f in "$WORK"/*.err; do
            [ -s "$f" ] && { echo "--- $(basename "$f"):" >&2; tail -n 20 "$f" >&2; }
        done
    fi
    chmod -R u+w "$WORK" 2>/dev/null
    rm -rf "$WORK"
}
trap on_exit EXIT

# start NAME ARGS...: a server on a free port; sets $url and $pid (its log in $WORK/NAME.*).
start() {
    local name=$1
    shift
    # The log exists before it is read below: the background job opens it in the child,
    # which may not have run yet.
    : >"$WORK/$name.out"
    "$KEPATUHAN" layani --port 0 "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 200); do
        url=$(sed -n 's/^kepatuhan layani: //p' "$WORK/$name.out")
        [ -n "$url" ] && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$WORK/$name.err" >&2; fail "server $name berhenti"; }
        sleep 0.05
    done
    fail "server $name tidak mulai"
}

# stop PID: SIGTERM, and the server must end by itself with 0.
stop() {
    kill -TERM "$1"
    set +e
    wait "$1"
    local rc=$?
    set -e
    [ "$rc" -eq 0 ] || fail "server keluar $rc setelah SIGTERM, diharapkan 0"
}

# jget FILE EXPR: a value from a JSON answer, EXPR in Python over j.
jget() {
    python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# post PATH FILE-ARGS...: a POST with the page token; body in $WORK/r.json, status in $code.
post() {
    local path=$1
    shift
    code=$(curl -s -o "$WORK/r.json" -w '%{http_code}' -H "X-Token: $token" "$@" "$url$path")
}

# wait_job ID: polls until the job is finished or failed; its last answer in $WORK/t.json.
wait_job() {
    for _ in $(seq 1200); do
        curl -s -o "$WORK/t.json" "${url}api/tugas/$1"
        case "$(jget "$WORK/t.json" 'j["status"]')" in
        selesai | gagal) return 0 ;;
        esac
        sleep 0.1
    done
    fail "tugas $1 tidak selesai"
}

samples=("$KP_SRC"/samples/hasil-2021.csv "$KP_SRC"/samples/hasil-2022.csv "$KP_SRC"/samples/hasil-2023.csv)
sample_args=()
for f in "${samples[@]}"; do sample_args+=(-F "berkas=@$f"); done

# --- Addresses other than 127.0.0.1 need a password, refused before binding (exit 1). ----
for a in 0.0.0.0 127.0.0.2 ::1; do
    expect_rc 1 "$KEPATUHAN" layani --alamat "$a" --port 0 --folder "$folder"
    contains "$WORK/out.txt" "--kata-sandi"
done

start utama --folder "$folder" --maks-unggah 1M --jobs 2
main_pid=$pid
curl -s -o "$WORK/tok.json" "${url}api/token"
token=$(jget "$WORK/tok.json" 'j["token"]')

# --- The page and its headers. -------------------------------------------------------------
curl -s -D "$WORK/h.txt" -o "$WORK/index.html" "$url"
contains "$WORK/h.txt" "Content-Security-Policy: default-src 'none'"
contains "$WORK/h.txt" "X-Content-Type-Options: nosniff"
contains "$WORK/index.html" '<html lang="id">'
grep -q '__TOKEN__' "$WORK/index.html" && fail "token halaman tidak diisi"
curl -s -o "$WORK/app.js" -w '%{content_type}' "${url}app.js" | grep -q javascript || fail "app.js"

# --- periksa: good files, then a bad one with its lines. -----------------------------------
post api/periksa "${sample_args[@]}"
[ "$code" = 200 ] || fail "periksa: HTTP $code"
[ "$(jget "$WORK/r.json" 'j["baik"]')" = True ] || { cat "$WORK/r.json"; fail "sampel tidak baik"; }
[ "$(jget "$WORK/r.json" 'j["ringkasan"]["baris"]')" -gt 0 ] || fail "ringkasan tanpa baris"

post api/periksa -F "berkas=@$KP_SRC/tests/data/bad/bukan_angka.csv"
[ "$code" = 200 ] || fail "periksa berkas rusak: HTTP $code (harus 200)"
[ "$(jget "$WORK/r.json" 'j["baik"]')" = False ] || fail "berkas rusak dinyatakan baik"
[ "$(jget "$WORK/r.json" '[(t["berkas"], t["baris"], t["kolom"], t["tingkat"]) for t in j["temuan"]][0]')" = \
    "('bukan_angka.csv', 2, 5, 'kesalahan')" ] || { cat "$WORK/r.json"; fail "temuan tanpa baris/kolom"; }
jget "$WORK/r.json" 'j["temuan"][0]["pesan"]' | grep -q 'bukan angka' || fail "pesan temuan"
# The sheet of a workbook is chosen as with --lembar: the field reaches the reader.
"$KEPATUHAN" --quiet templat-input "$WORK/templat.xlsx"
post api/periksa -F "berkas=@$WORK/templat.xlsx" -F lembar=Dta
[ "$code" = 200 ] || fail "periksa dengan lembar: HTTP $code"
contains "$WORK/r.json" 'tidak ada lembar'
# The server's own paths never show: findings name the file as uploaded.
grep -q "$folder" "$WORK/r.json" && fail "jalur server bocor ke temuan"

# --- Safety of POSTs: no token, no files, an unknown field, too large. ---------------------
code=$(curl -s -o "$WORK/r.json" -w '%{http_code}' -F "berkas=@${samples[2]}" "${url}api/periksa")
[ "$code" = 403 ] || fail "POST tanpa token: HTTP $code, diharapkan 403"
post api/jalankan -F tahun=2023
[ "$code" = 400 ] || fail "jalankan tanpa berkas: HTTP $code, diharapkan 400"
post api/jalankan -F "berkas=@${samples[2]}" -F out=/tmp/x
[ "$code" = 400 ] || fail "kolom out diterima: HTTP $code"
post api/jalankan -F "berkas=@${samples[2]}" -F surat=entah
[ "$code" = 400 ] || fail "--surat entah diterima: HTTP $code"
contains "$WORK/r.json" "surat"
head -c 2000000 /dev/zero | tr '\0' 'a' >"$WORK/besar.csv"
post api/periksa -F "berkas=@$WORK/besar.csv"
[ "$code" = 413 ] || fail "unggahan 2 MB dengan --maks-unggah 1M: HTTP $code, diharapkan 413"
contains "$WORK/r.json" "terlalu besar"
# Without a Content-Length (chunked) the limit holds while the body streams in.
post api/periksa -H "Transfer-Encoding: chunked" -F "berkas=@$WORK/besar.csv"
[ "$code" = 413 ] || fail "unggahan chunked 2 MB: HTTP $code, diharapkan 413"
ls -A "$folder" | grep -q '^\.periksa-' && fail "unggahan periksa tertinggal"
# Connections past the limit (128) are told so, not reset; closed, they are free again.
python3 - "$url" <<'PY' || fail "sambungan ke-129 tidak mendapat 429 dengan pesan"
import re, socket, sys, time, urllib.error, urllib.request
url = sys.argv[1]
port = int(re.search(r':(\d+)/', url).group(1))
socks = [socket.create_connection(('127.0.0.1', port)) for _ in range(128)]
time.sleep(0.5)
try:
    urllib.request.urlopen(url + 'api/token', timeout=10)
    sys.exit('diterima')
except urllib.error.HTTPError as e:
    assert e.code == 429 and 'terlalu banyak sambungan' in e.read().decode(), e.code
for s in socks:
    s.close()
for _ in range(50):
    try:
        urllib.request.urlopen(url + 'api/token', timeout=10)
        break
    except urllib.error.HTTPError:
        time.sleep(0.1)
else:
    sys.exit('tidak pulih setelah sambungan ditutup')
PY

# --- A run: the zip holds the Banjarbaru certificate; files open one by one. ---------------
post api/jalankan "${sample_args[@]}" -F tahun=2023 -F rapor=ya
[ "$code" = 202 ] || { cat "$WORK/r.json"; fail "jalankan: HTTP $code, diharapkan 202"; }
id=$(jget "$WORK/r.json" 'j["id"]')
[[ "$id" =~ ^[0-9a-f]{32}$ ]] || fail "id tugas '$id' bukan 32 digit heksadesimal"
wait_job "$id"
[ "$(jget "$WORK/t.json" 'j["status"]')" = selesai ] || { cat "$WORK/t.json"; fail "tugas gagal"; }
[ "$(jget "$WORK/t.json" 'j["kemajuan"]')" = 1.0 ] || fail "kemajuan tugas selesai bukan 1"
jget "$WORK/t.json" '"\n".join(j["berkas"])' >"$WORK/berkas.txt"
contains "$WORK/berkas.txt" "2023/piagam/kota-banjarbaru.pdf"
contains "$WORK/berkas.txt" "2023/rekap-kepatuhan-2023.xlsx"
code=$(curl -s -o "$WORK/hasil.zip" -w '%{http_code}' "${url}api/tugas/$id/hasil.zip")
[ "$code" = 200 ] || fail "hasil.zip: HTTP $code"
unzip -Z1 "$WORK/hasil.zip" >"$WORK/zip.txt"
grep -qx "2023/piagam/kota-banjarbaru.pdf" "$WORK/zip.txt" || fail "hasil.zip tanpa piagam Banjarbaru"
unzip -p "$WORK/hasil.zip" 2023/piagam/kota-banjarbaru.pdf | cmp - "$folder/$id/hasil/2023/piagam/kota-banjarbaru.pdf" ||
    fail "piagam dalam zip berbeda"
curl -s -D "$WORK/h.txt" -o "$WORK/p.pdf" "${url}api/tugas/$id/berkas/2023/piagam/kota-banjarbaru.pdf"
contains "$WORK/h.txt" "Content-Type: application/pdf"
head -c 5 "$WORK/p.pdf" | grep -q '%PDF-' || fail "berkas piagam bukan PDF"

# --- Downloads never leave the job's hasil/ folder. ----------------------------------------
ln -s /etc/passwd "$folder/$id/hasil/2023/tautan.pdf"
for p in "berkas/../tugas" "berkas/..%2f..%2ftugas" "berkas/%2e%2e/masukan/1.csv" "berkas/2023/../../tugas" \
    "berkas/2023/tautan.pdf" "berkas//etc/passwd" "berkas/.kepatuhan-tmp" "../../$id/tugas"; do
    code=$(curl -s --path-as-is -o "$WORK/r.json" -w '%{http_code}' "${url}api/tugas/$id/$p")
    [ "$code" = 404 ] || [ "$code" = 400 ] || fail "unduhan '$p': HTTP $code, diharapkan 404/400"
    grep -q root: "$WORK/r.json" && fail "unduhan '$p' membaca /etc/passwd"
done
code=$(curl -s -o /dev/null -w '%{http_code}' "${url}api/tugas/00000000000000000000000000000000")
[ "$code" = 404 ] || fail "tugas tak dikenal: HTTP $code"

# --- A failed run reports why, with the name as uploaded. ----------------------------------
post api/jalankan -F "berkas=@$KP_SRC/tests/data/bad/bukan_angka.csv"
[ "$code" = 202 ] || fail "jalankan berkas rusak: HTTP $code"
wait_job "$(jget "$WORK/r.json" 'j["id"]')"
[ "$(jget "$WORK/t.json" 'j["status"]')" = gagal ] || fail "berkas rusak tidak gagal"
jget "$WORK/t.json" 'j["pesan"]' | grep -q 'bukan_angka.csv:2:5' || { cat "$WORK/t.json"; fail "pesan gagal tanpa baris"; }

# --- 20 runs at once: all are queued (202) and all finish; memory stays bounded. -----------
ids=()
for i in $(seq 20); do
    curl -s -o "$WORK/c$i.json" -w '%{http_code}\n' -H "X-Token: $token" "${sample_args[@]}" \
        "${url}api/jalankan" >"$WORK/c$i.code" &
done
wait_for_clients() { for j in $(jobs -p); do [ "$j" = "$main_pid" ] || wait "$j"; done; }
wait_for_clients
for i in $(seq 20); do
    [ "$(cat "$WORK/c$i.code")" = 202 ] || { cat "$WORK/c$i.json"; fail "beban: permintaan $i HTTP $(cat "$WORK/c$i.code")"; }
    ids+=("$(jget "$WORK/c$i.json" 'j["id"]')")
done
for i in "${ids[@]}"; do
    wait_job "$i"
    [ "$(jget "$WORK/t.json" 'j["status"]')" = selesai ] || { cat "$WORK/t.json"; fail "beban: tugas $i gagal"; }
done
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$main_pid/status")
limit=$((400 * 1024))
[ "${KP_SANITIZE:-OFF}" = "OFF" ] || limit=$((2048 * 1024))
[ "$hwm" -lt "$limit" ] || fail "beban: memori puncak server $hwm kB (batas $limit kB)"

# --- SIGTERM in the middle of a job: not served as finished, run again after a restart. ----
gen="${KP_BUILD:-}/bench/kp-gen"
[ -x "$gen" ] || fail "bench/kp-gen belum dibuat"
"$gen" --size nasional --tahun 2023 --out "$WORK/nasional.csv"
post api/jalankan -F "berkas=@$WORK/nasional.csv" -F piagam=semua -F surat=semua -F rapor-skpd=ya
[ "$code" = 202 ] || fail "jalankan nasional: HTTP $code"
big=$(jget "$WORK/r.json" 'j["id"]')
for _ in $(seq 600); do
    curl -s -o "$WORK/t.json" "${url}api/tugas/$big"
    [ "$(jget "$WORK/t.json" 'j["status"]')" = jalan ] && break
    sleep 0.05
done
[ "$(jget "$WORK/t.json" 'j["status"]')" = jalan ] || fail "tugas nasional tidak berjalan"
sleep 0.3
stop "$main_pid"
grep -q '^status jalan' "$folder/$big/tugas" || { cat "$folder/$big/tugas"; fail "tugas terputus tidak tercatat 'jalan'"; }
[ ! -e "$folder/$big/hasil.zip" ] || fail "tugas terputus punya hasil.zip"

# The restart keeps the finished job and runs the interrupted one again to the end.
start ulang --folder "$folder" --jobs 1
curl -s -o "$WORK/t.json" "${url}api/tugas/$id"
[ "$(jget "$WORK/t.json" 'j["status"]')" = selesai ] || fail "tugas selesai hilang setelah mulai ulang"
code=$(curl -s -o "$WORK/hasil2.zip" -w '%{http_code}' "${url}api/tugas/$id/hasil.zip")
[ "$code" = 200 ] && cmp -s "$WORK/hasil.zip" "$WORK/hasil2.zip" || fail "hasil.zip berubah setelah mulai ulang"
# The page's token is made with a key kept in the folder: an open page still works.
post api/periksa -F "berkas=@${samples[2]}"
[ "$code" = 200 ] || fail "token lama ditolak setelah mulai ulang: HTTP $code"
curl -s -o "$WORK/t.json" "${url}api/tugas/$big"
case "$(jget "$WORK/t.json" 'j["status"]')" in
antre | jalan) ;;
*) cat "$WORK/t.json"; fail "tugas terputus tidak dijalankan lagi" ;;
esac
wait_job "$big"
[ "$(jget "$WORK/t.json" 'j["status"]')" = selesai ] || { cat "$WORK/t.json"; fail "tugas ulang gagal"; }
stop "$pid"

# --- Passwords: kata-sandi prints a crypt(3) line; wrong or no password is 401. ------------
printf 'rahasia-kantor\n' | "$KEPATUHAN" kata-sandi petugas >"$WORK/sandi"
grep -Eq '^petugas:\$(y|6)\$' "$WORK/sandi" || fail "baris kata sandi: $(cat "$WORK/sandi")"
grep -q rahasia-kantor "$WORK/sandi" && fail "kata sandi tersimpan apa adanya"
expect_rc 1 sh -c "printf 'x\n' | '$KEPATUHAN' kata-sandi 'a:b'"
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.2 -days 2 \
    -keyout "$WORK/kunci.pem" -out "$WORK/sert.pem" 2>/dev/null
start sandi --alamat 127.0.0.2 --folder "$WORK/layani2" --kata-sandi "$WORK/sandi" \
    --sertifikat "$WORK/sert.pem" --kunci-tls "$WORK/kunci.pem"
[[ "$url" == https://127.0.0.2:* ]] || fail "alamat TLS: $url"
tls=(--cacert "$WORK/sert.pem")
code=$(curl -s "${tls[@]}" -o /dev/null -w '%{http_code}' "$url")
[ "$code" = 401 ] || fail "tanpa kata sandi: HTTP $code, diharapkan 401"
code=$(curl -s "${tls[@]}" -u petugas:salah -o /dev/null -w '%{http_code}' "$url")
[ "$code" = 401 ] || fail "kata sandi salah: HTTP $code, diharapkan 401"
code=$(curl -s "${tls[@]}" -u orang:rahasia-kantor -o /dev/null -w '%{http_code}' "$url")
[ "$code" = 401 ] || fail "nama salah: HTTP $code, diharapkan 401"
code=$(curl -s "${tls[@]}" -u petugas:rahasia-kantor -o /dev/null -w '%{http_code}' "$url")
[ "$code" = 200 ] || fail "kata sandi benar: HTTP $code, diharapkan 200"
curl -s "${tls[@]}" -u petugas:rahasia-kantor -o "$WORK/tok.json" "${url}api/token"
token=$(jget "$WORK/tok.json" 'j["token"]')
code=$(curl -s "${tls[@]}" -u petugas:rahasia-kantor -o "$WORK/r.json" -w '%{http_code}' \
    -H "X-Token: $token" -F "berkas=@${samples[2]}" "${url}api/periksa")
[ "$code" = 200 ] && [ "$(jget "$WORK/r.json" 'j["baik"]')" = True ] || fail "periksa lewat TLS: HTTP $code"
stop "$pid"
pids=()
echo "ok"
