#!/usr/bin/env bash
# SIGTERM or SIGINT once the commit has begun: the commit is finished, the run ends by the
# signal (143/130) and says that the new output is in place. Before the commit: the previous
# output stays and the run says so. strace delivers the signal at an exact system call.
source "$(dirname "$0")/lib.sh"
need strace
# LeakSanitizer cannot run under ptrace: the leak check is the other tests' (same runs).
asan="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

samples=("$KP_SRC"/samples/*.csv)
lama=(--quiet --tanpa-rapor --piagam tidak --surat tidak)
baru=("${lama[@]}" --per-provinsi)
"$KEPATUHAN" "${lama[@]}" --out "$WORK/lama" "${samples[@]}"
"$KEPATUHAN" "${baru[@]}" --out "$WORK/baru" "${samples[@]}"
lama_digest=$(tree_digest "$WORK/lama")
baru_digest=$(tree_digest "$WORK/baru")

# signalled WANT-RC WANT-TREE WANT-MESSAGE STRACE-INJECT...
signalled() {
    local rc want_rc=$1 want_tree=$2 want_msg=$3 out="$WORK/out"
    shift 3
    rm -rf "$out"
    cp -a "$WORK/lama" "$out"
    set +e
    (
        ASAN_OPTIONS=$asan strace -f -qq -o /dev/null "$@" "$KEPATUHAN" "${baru[@]}" --out "$out" "${samples[@]}" \
            2>"$WORK/err.txt"
        exit $?
    ) 2>/dev/null
    rc=$?
    set -e
    [ "$rc" -eq "$want_rc" ] || { cat "$WORK/err.txt" >&2; fail "$*: keluar $rc, diharapkan $want_rc"; }
    contains "$WORK/err.txt" "$want_msg"
    ! ls -A "$out" | grep -q '^\.kepatuhan-tmp' || fail "$*: folder sementara tertinggal"
    [ "$(tree_digest "$out")" = "$want_tree" ] || fail "$*: keluaran bukan yang diharapkan"
}

terpasang="dibatalkan saat penyimpanan, yang tetap diselesaikan; keluaran baru sudah terpasang."
tetap="dibatalkan; keluaran sebelumnya tidak berubah."
# At the commit's first step (syncfs), between two of its swaps, at its last fsync.
signalled 143 "$baru_digest" "$terpasang" -e inject=syncfs:signal=TERM:when=1
signalled 143 "$baru_digest" "$terpasang" -e inject=renameat2:signal=TERM:when=3
signalled 130 "$baru_digest" "$terpasang" -e inject=fsync:signal=INT:when=3
# Twice during the commit: still finished once.
signalled 143 "$baru_digest" "$terpasang" -e inject=renameat2:signal=TERM:when=1 \
    -e inject=fsync:signal=TERM:when=3
# Before: as the run takes its lock (SIGTERM while rendering is test_atomic's): nothing changes.
signalled 143 "$lama_digest" "$tetap" -e inject=flock:signal=TERM:when=1
echo "ok"
