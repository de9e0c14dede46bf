#!/usr/bin/env bash
# One run per output folder. While a run holds the folder, a second is refused at once (exit
# 3, naming the holder) or waits with --tunggu; a run in another PID namespace, to which the
# holder's PID means nothing, neither deletes its temporary folder nor writes beside it. The
# lock leaves nothing in the folder; a refused input leaves a folder exactly as it was and
# creates none.
source "$(dirname "$0")/lib.sh"
samples=("$KP_SRC"/samples/*.csv)
gen="${KP_BUILD:-}/bench/kp-gen"
[ -x "$gen" ] || fail "bench/kp-gen belum dibuat"
"$gen" --size nasional --tahun 2023,2024 --out "$WORK/nasional.csv"
# The holder: long enough (certificates for everyone, one job) for the others to meet it.
a_opts=(--quiet --jobs 1 --piagam semua --tanpa-rapor --surat tidak "$WORK/nasional.csv")
b_opts=(--quiet --tanpa-rapor --tahun 2021,2022 "${samples[@]}")
c_opts=(--quiet --tanpa-rapor --tahun 2025 "${samples[@]}")
"$KEPATUHAN" --out "$WORK/ref" "${a_opts[@]}"
"$KEPATUHAN" --out "$WORK/ref" "${b_opts[@]}"
"$KEPATUHAN" --out "$WORK/ref" "${c_opts[@]}"

# Another PID namespace: root makes one directly, anyone else inside a user namespace of their
# own. Where neither is allowed (a container forbidding unshare) this test cannot check what it
# says, so it fails and says why instead of passing on the same namespace.
if [ "$(id -u)" = 0 ]; then
    other_ns=(unshare --pid --fork)
else
    other_ns=(unshare --user --map-root-user --pid --fork)
fi
ns_pid=$("${other_ns[@]}" sh -c 'echo $$' 2>"$WORK/unshare.txt") ||
    fail "${other_ns[*]} tidak diizinkan di sini: $(cat "$WORK/unshare.txt")"
# The first process of a new PID namespace is its PID 1: the run there sees other PIDs.
[ "$ns_pid" = 1 ] || fail "${other_ns[*]} tidak membuat namespace PID baru (PID $ns_pid)"

out="$WORK/out"
mkdir "$out"
"$KEPATUHAN" --out "$out" "${a_opts[@]}" &
a=$!
# The holder is writing once its temporary folder names it.
for _ in $(seq 1 200); do
    ls "$out"/.kepatuhan-tmp-*/.pemilik >/dev/null 2>&1 && break
    sleep 0.05
done
holder=$(ls -d "$out"/.kepatuhan-tmp-*)
contains "$holder/.pemilik" "$a "
# A stopped holder is not left behind when a check fails (ctest would wait on its output).
trap 'kill -CONT "$a" 2>/dev/null || true; kill "$a" 2>/dev/null || true; chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
# Stopped, the holder keeps its lock for as long as the checks below take, however fast it
# would otherwise finish (a run that ended first made this test fail on a quick machine).
kill -STOP "$a"

# A second run is refused at once, naming the holder; so is one in another PID namespace.
start=$(date +%s%N)
expect_rc 3 "$KEPATUHAN" --out "$out" "${b_opts[@]}"
contains "$WORK/out.txt" "sedang dipakai oleh kepatuhan lain (PID $a di $(hostname)"
contains "$WORK/out.txt" "--tunggu"
[ $(($(date +%s%N) - start)) -lt 2000000000 ] || fail "penolakan tidak segera"
expect_rc 3 "${other_ns[@]}" "$KEPATUHAN" --out "$out" "${b_opts[@]}"
contains "$WORK/out.txt" "PID $a di "
[ -d "$holder" ] || fail "folder sementara run yang masih berjalan dihapus"

# Two more wait for it, one of them in another namespace, each writing other years.
"$KEPATUHAN" --tunggu --out "$out" "${b_opts[@]}" &
b=$!
"${other_ns[@]}" "$KEPATUHAN" --tunggu --out "$out" "${c_opts[@]}" &
c=$!
kill -CONT "$a"
wait "$a" || fail "run pemegang kunci gagal"
wait "$b" || fail "run --tunggu gagal"
wait "$c" || fail "run --tunggu di namespace lain gagal"
# Every run that exited 0 has its years, whole: none lost, none mixed.
[ "$(tree_digest "$out")" = "$(tree_digest "$WORK/ref")" ] || fail "keluaran bukan gabungan ketiga run"
[ "$(ls -A "$out" | tr '\n' ' ')" = "2021 2022 2023 2024 2025 " ] || fail "ada yang tertinggal: $(ls -A "$out")"

# --tunggu ends with the signal like any wait.
"$KEPATUHAN" --out "$out" "${a_opts[@]}" &
a=$!
for _ in $(seq 1 200); do
    ls "$out"/.kepatuhan-tmp-*/.pemilik >/dev/null 2>&1 && break
    sleep 0.05
done
kill -STOP "$a"
"$KEPATUHAN" --tunggu --out "$out" "${b_opts[@]}" 2>"$WORK/err.txt" &
b=$!
sleep 0.3
kill -INT "$b"
set +e
wait "$b"
rc=$?
set -e
[ "$rc" -eq 130 ] || { cat "$WORK/err.txt" >&2; fail "--tunggu dihentikan SIGINT: keluar $rc"; }
contains "$WORK/err.txt" "keluaran sebelumnya tidak berubah"
kill -CONT "$a"
wait "$a" || fail "run pemegang kunci gagal"

# A refused input: the folder is exactly as it was (entries and times), and none is made.
before=$(ls -lA --time-style=full-iso "$out"; stat -c '%y %z' "$out")
expect_rc 2 "$KEPATUHAN" --quiet --out "$out" "$KP_SRC/tests/data/e2e/rusak.csv"
[ "$(ls -lA --time-style=full-iso "$out"; stat -c '%y %z' "$out")" = "$before" ] ||
    fail "folder keluaran berubah setelah masukan ditolak"
expect_rc 2 "$KEPATUHAN" --quiet --out "$WORK/baru/out" "$KP_SRC/tests/data/e2e/rusak.csv"
[ ! -e "$WORK/baru" ] || fail "masukan ditolak membuat folder keluaran"
# A run that fails while writing into a folder it created removes it again.
tmpl="$WORK/templat"
cp -r "$KP_SRC/templates" "$tmpl"
printf '\n[blok rusak\n' >>"$tmpl/piagam/instansi.ini"
set +e
"$KEPATUHAN" --quiet --templat "$tmpl" --out "$WORK/baru/out" "${samples[@]}" 2>/dev/null
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "templat rusak diterima"
[ ! -e "$WORK/baru" ] || fail "run gagal meninggalkan folder keluaran kosong"
echo "ok"
