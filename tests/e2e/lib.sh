# Shared helpers for the end-to-end tests; sourced, not run.
# Environment from ctest: KEPATUHAN (the CLI), KP_SRC (source tree), KP_BUILD, KP_SANITIZE.
set -euo pipefail

: "${KEPATUHAN:?run through ctest}"
: "${KP_SRC:?run through ctest}"

export SOURCE_DATE_EPOCH=1705449600 # 17 Januari 2024
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kp-e2e.XXXXXX")
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

# A command that stops a test through set -e says which one, so a CI log is never silent
# (quiet where a test has turned set -e off to look at an exit code itself).
trap 'rc_=$?; [[ $- == *e* ]] && echo "GAGAL: $(basename "$0") baris $LINENO: $BASH_COMMAND (keluar $rc_)" >&2' ERR

fail() {
    echo "GAGAL: $*" >&2
    exit 1
}

skip() {
    echo "DILEWATI: $*"
    exit 77
}

# need TOOL...: tools that `make test` installs (scripts/install-deps.sh test). A missing one
# is a failure, never a skip, so a test cannot pass by not running.
need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 ||
            fail "$tool tidak terpasang; make test memasangnya (scripts/install-deps.sh test)"
    done
}

# expect_rc WANT CMD...: runs CMD, fails unless it exits with WANT. Output in $WORK/out.txt.
expect_rc() {
    local want=$1
    shift
    set +e
    "$@" >"$WORK/out.txt" 2>&1
    local rc=$?
    set -e
    if [ "$rc" -ne "$want" ]; then
        cat "$WORK/out.txt" >&2
        fail "'$*' keluar dengan $rc, diharapkan $want"
    fi
}

# contains FILE TEXT: fails unless FILE contains TEXT (fixed string).
contains() {
    grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; head -50 "$1" >&2; fail "'$2' tidak ada di $1"; }
}

# pdftext PDF: the text of a PDF, one line per text line.
pdftext() {
    pdftotext -layout "$1" -
}

# A tree's content as "sha256  path" lines, for comparing two runs.
tree_digest() {
    (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
}
