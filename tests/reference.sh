#!/bin/sh
# The builtin table is the single source of the reference: every row has an
# example and a known section, the man page's hand-written sections show
# each builtin's signature exactly as the table has it, and every example
# runs (as jq runs its manual's examples).  Examples may use X (iris,
# 150x4, 3 classes) and E (GloVe, 10,000 words), defined by the prelude
# below; they run in an empty folder where examples/ and tests/ are the
# source tree's.
: "${DV:=src/dv}"
: "${top_srcdir:=.}"
tmp=${TMPDIR:-/tmp}/dv-reference.$$
mkdir -p "$tmp/run" || exit 99
trap 'rm -rf "$tmp"' EXIT
fails=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }

"$DV" --reference=text > "$tmp/ref" || { echo "Bail out! dv --reference=text failed"; exit 1; }
"$DV" --reference > "$tmp/roff" && grep -q '^\.SS ' "$tmp/roff" && ok "--reference prints roff" ||
    not_ok "--reference prints roff"

# Every builtin has an example and a section from the section list.
awk -F'\t' '$1 == "builtin" && $6 == "-" { print $2 }' "$tmp/ref" > "$tmp/noex"
[ -s "$tmp/noex" ] && not_ok "builtins without an example: $(tr '\n' ' ' < "$tmp/noex")" ||
    ok "every builtin has an example"
awk -F'\t' '$1 == "section" { s[$2] = 1 } $1 == "builtin" && !($3 in s) { print $2 " (" $3 ")" }' \
    "$tmp/ref" > "$tmp/nosec"
[ -s "$tmp/nosec" ] && not_ok "builtins in no listed section: $(tr '\n' ' ' < "$tmp/nosec")" ||
    ok "every builtin's section is listed"

# Signatures in the man page's sections (".SS name(...)") match the table.
awk -F'\t' '$1 == "builtin" { print $2 "\t" $4 }' "$tmp/ref" > "$tmp/sigs"
for f in "$top_srcdir"/man/sections/*.man; do
    [ -f "$f" ] || continue
    grep -n '^\.SS [A-Za-z_][A-Za-z0-9_]*(' "$f" | while IFS= read -r hit; do
        line=${hit%%:*}
        sig=${hit#*:.SS }
        name=${sig%%(*}
        want=$(awk -F'\t' -v n="$name" '$1 == n { print $2 }' "$tmp/sigs")
        if [ -z "$want" ]; then
            echo "$(basename "$f"):$line: '$name' is not a builtin"
        elif [ "$sig" != "$want" ]; then
            echo "$(basename "$f"):$line: $sig, the table says $want"
        fi
    done
done > "$tmp/drift"
[ -s "$tmp/drift" ] && { not_ok "man signatures match the table"; sed 's/^/# /' "$tmp/drift"; } ||
    ok "man signatures match the table"

# Every example runs.
ln -s "$(cd "$top_srcdir" && pwd)/examples" "$tmp/run/examples"
ln -s "$(cd "$top_srcdir" && pwd)/tests" "$tmp/run/tests"
prelude='seed 1; X = load("examples/data/iris.csv", label="species")'
glove='E = load("examples/data/glove.6B.100d.top10k.txt.gz")'
awk -F'\t' '$1 == "builtin" && $6 != "-" { print $2 "\t" $6 }' "$tmp/ref" > "$tmp/examples"
while IFS='	' read -r name example; do
    p=$prelude
    case "$example" in *E*) p="$prelude; $glove" ;; esac # GloVe only where it is used
    if (cd "$tmp/run" && LC_ALL=C.UTF-8 NO_COLOR=1 COLUMNS=80 LINES=24 HOME="$tmp" \
        "$DV" -e "$p; $example" > "$tmp/out" 2> "$tmp/err" < /dev/null); then
        ok "example of $name: $example"
    else
        not_ok "example of $name: $example"
        sed 's/^/# /' "$tmp/err"
    fi
done < "$tmp/examples"
# Every example block (.nf ... .fi) of the language section runs, but for
# blocks that show output (FILE:L:C: lines).
awk -v dir="$tmp" '
    /^\.nf/ { inb = 1; k++; f = dir "/man-block-" k ".dv"; printf "" > f; next }
    /^\.fi/ { inb = 0; close(f); next }
    inb { gsub(/\\-/, "-"); gsub(/\\e/, "\\"); print >> f }
' "$top_srcdir/man/sections/lang.man"
for f in "$tmp"/man-block-*.dv; do
    [ -f "$f" ] || continue
    head -n 1 "$f" | grep -qE '^[^ ]+:[0-9]+:[0-9]+: ' && continue
    { echo "$prelude"; cat "$f"; } > "$tmp/run/block.dv"
    if (cd "$tmp/run" && LC_ALL=C.UTF-8 NO_COLOR=1 "$DV" block.dv > "$tmp/out" 2> "$tmp/err" < /dev/null); then
        ok "lang.man example: $(head -n 1 "$f")"
    else
        not_ok "lang.man example: $(head -n 1 "$f")"
        sed 's/^/# /' "$tmp/err"
    fi
done
echo "1..$n"
[ $fails -eq 0 ]
