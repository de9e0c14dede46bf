#!/bin/sh
# Size limits of issue 19: no .c file in src/ over MAX_FILE lines, no function over MAX_FUNC.
# The tree is clang-formatted in Linux brace style, so a function body is exactly the lines
# from a "{" in column 0 to the next "}" in column 0; the name is on the line before the "{".
set -eu
cd "$(dirname "$0")/.."
MAX_FILE=${MAX_FILE:-1500}
MAX_FUNC=${MAX_FUNC:-150}
status=0
for f in $(find src -name '*.c' | LC_ALL=C sort); do
    n=$(wc -l < "$f")
    if [ "$n" -gt "$MAX_FILE" ]; then
        echo "$f: $n lines (limit $MAX_FILE)"
        status=1
    fi
    awk -v file="$f" -v max="$MAX_FUNC" '
        /^[A-Za-z_]/ && !/^(typedef|struct|enum|union)/ { sig = $0 }
        /^\{/ { start = NR; name = sig }
        /^\}/ && start { len = NR - start - 1
                         if (len > max) { printf "%s:%d: %s: %d lines (limit %d)\n", file, start, name, len, max; bad = 1 }
                         start = 0 }
                END { exit bad }' "$f" || status=1
done
[ $status -eq 0 ] && echo "ukuran: every file <= $MAX_FILE lines, every function <= $MAX_FUNC lines"
exit $status
