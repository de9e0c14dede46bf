#!/usr/bin/env bash
# A run killed (SIGKILL: as an OOM kill or a power cut ends it, without a chance to clean up)
# at every step of its commit: every year of the output is at every instant either as it was
# or as the killed run wrote it, and the next run finishes the commit (when the killed run had
# written its journal) or undoes it, leaving every year complete and no temporary folder.
# strace injects the kill at the Nth call of each system call the commit makes.
source "$(dirname "$0")/lib.sh"
need strace
# LeakSanitizer cannot run under ptrace: the leak check is the other tests' (same runs).
asan="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

samples=("$KP_SRC"/samples/*.csv)
years=(2021 2022 2023 2024 2025)
lama=(--quiet --tanpa-rapor --piagam tidak --surat tidak)
# The killed run writes something else into every year: one workbook per province more.
baru=("${lama[@]}" --per-provinsi)

"$KEPATUHAN" "${lama[@]}" --out "$WORK/lama" "${samples[@]}"
echo "catatan pengguna" >"$WORK/lama/catatan.txt"
"$KEPATUHAN" "${baru[@]}" --out "$WORK/baru" "${samples[@]}"
for y in "${years[@]}"; do
    declare "lama_$y=$(tree_digest "$WORK/lama/$y")"
    declare "baru_$y=$(tree_digest "$WORK/baru/$y")"
    l=lama_$y b=baru_$y
    [ "${!l}" != "${!b}" ] || fail "$y: kedua run sama"
done

# which_year OUT Y: "lama", "baru" or "rusak" (missing or neither).
which_year() {
    local d l=lama_$2 b=baru_$2
    [ -d "$1/$2" ] || { echo rusak; return; }
    d=$(tree_digest "$1/$2")
    if [ "$d" = "${!l}" ]; then
        echo lama
    elif [ "$d" = "${!b}" ]; then
        echo baru
    else
        echo rusak
    fi
}

# crash NAME STRACE-INJECT... : one killed run, checked, then the next run, checked.
# Returns 1 when the injection was never reached (the run finished): a loop over N ends.
crash() {
    local name=$1 out="$WORK/out" rc y state want
    shift
    rm -rf "$out"
    cp -a "$WORK/lama" "$out"
    set +e
    # In a subshell of its own, whose "Killed" notice goes to /dev/null.
    (
        ASAN_OPTIONS=$asan strace -f -qq -o /dev/null "$@" "$KEPATUHAN" "${baru[@]}" --out "$out" "${samples[@]}" \
            2>"$WORK/err.txt"
        exit $?
    ) 2>/dev/null
    rc=$?
    set -e
    if [ "$rc" -eq 0 ]; then
        for y in "${years[@]}"; do
            [ "$(which_year "$out" "$y")" = baru ] || fail "$name: selesai tetapi $y bukan baru"
        done
        return 1
    fi
    [ "$rc" -eq 137 ] || { cat "$WORK/err.txt" >&2; fail "$name: keluar $rc, bukan SIGKILL"; }
    # Right after the kill, with RENAME_EXCHANGE: no year missing, none half old, half new.
    if [ "${check_instant:-1}" = 1 ]; then
        for y in "${years[@]}"; do
            state=$(which_year "$out" "$y")
            [ "$state" != rusak ] || fail "$name: $y rusak atau hilang setelah dibunuh"
        done
    fi
    # Past its journal (or already deleting the old trees) the commit is finished, else undone.
    want=lama
    if grep -qx akhir "$out"/.kepatuhan-tmp-*/.jurnal 2>/dev/null; then
        want=baru
    fi
    for y in "${years[@]}"; do
        [ "$(which_year "$out" "$y")" != baru ] || want=baru
    done
    # The next run (2025 only, as before) finishes or undoes the rest.
    "$KEPATUHAN" "${lama[@]}" --tahun 2025 --out "$out" "${samples[@]}" ||
        fail "$name: run berikutnya gagal"
    for y in 2021 2022 2023 2024; do
        state=$(which_year "$out" "$y")
        [ "$state" = "$want" ] || fail "$name: $y $state setelah pemulihan, diharapkan $want"
    done
    [ "$(which_year "$out" 2025)" = lama ] || fail "$name: 2025 bukan hasil run berikutnya"
    cmp -s "$out/catatan.txt" "$WORK/lama/catatan.txt" || fail "$name: catatan.txt berubah"
    ! ls -A "$out" | grep -q '^\.kepatuhan-tmp' || fail "$name: folder sementara tertinggal"
    echo "$name: $want"
    n_crash=$((n_crash + 1))
}

n_crash=0
# Every step of the commit in order: syncfs (new trees durable), fsync of the journal and of
# the temporary folder, the five swaps, fsync of the output folder, deleting the old trees.
# Also one kill while rendering (the data thread's first temporary file) and one in the
# middle of deleting the old trees.
crash "render" -e inject=unlink:signal=KILL:when=1 || fail "tidak pernah sampai"
crash "syncfs" -e inject=syncfs:signal=KILL:when=1 || fail "tidak pernah sampai"
for n in 1 2 3 4; do
    crash "fsync $n" -e inject=fsync:signal=KILL:when=$n || break
done
[ "$n" -eq 4 ] || fail "fsync: hanya $((n - 1)) kali, diharapkan 3 (jurnal, folder sementara, keluaran)"
for n in $(seq 1 8); do
    crash "renameat2 $n" -e inject=renameat2:signal=KILL:when=$n || break
done
[ "$n" -eq 6 ] || fail "renameat2: $((n - 1)) kali, diharapkan 5 (satu per tahun)"
for n in 1 3 6; do
    crash "rmdir $n" -e inject=rmdir:signal=KILL:when=$n || fail "rmdir $n tidak pernah sampai"
done

# A file system without RENAME_EXCHANGE (strace makes renameat2 fail with EINVAL): each year
# is moved aside, then the new one in. A year may be missing right after the kill; the next
# run puts the one left aside back or finishes the commit.
check_instant=0
for n in $(seq 1 14); do
    crash "rename $n (tanpa RENAME_EXCHANGE)" -e inject=renameat2:error=EINVAL \
        -e inject=rename:signal=KILL:when=$n || break
done
[ "$n" -ge 11 ] || fail "rename: hanya $((n - 1)) kali, diharapkan 10 (dua per tahun)"
echo "ok ($n_crash run dibunuh)"
