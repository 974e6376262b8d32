#!/bin/sh
# The man pages: each renders with groff without a single warning on the
# devices man uses (utf8; latin1 and ascii in other locales), no
# @PLACEHOLDER@ is left and the version is in the footer, no line is wider
# than 80 columns as man shows it in an 80-column terminal, dv-lang(7)
# lists every builtin with its example, and every lab has its page and a
# line in dv-labs(7).
: "${DV:=src/dv}"
command -v groff >/dev/null 2>&1 || { echo "groff not installed"; exit 77; }
man=$(cd "$(dirname "$DV")/../man" && pwd) || exit 99
tmp=${TMPDIR:-/tmp}/dv-man.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
export LC_ALL=C.UTF-8

version=$("$DV" --version | head -n 1 | cut -d' ' -f2)
pages="dv.1 dv-lang.7 dv-labs.7"
for l in $("$DV" --lab-names); do pages="$pages dv-lab-$l.7"; done
for p in $pages; do
    f=$man/$p
    [ -s "$f" ] || { bad "$p exists"; continue; }
    for dev in utf8 latin1 ascii; do
        groff -ww -z -k -T$dev -man "$f" > "$tmp/warn" 2>&1
        if [ -s "$tmp/warn" ]; then bad "$p renders on $dev without warnings"; head -5 "$tmp/warn"
        else ok "$p renders on $dev without warnings"; fi
    done
    # man renders an 80-column terminal with a line length of 78n; .nf
    # lines are not wrapped.  Columns are characters (UTF-8 continuation
    # bytes dropped: the pages hold no wide characters).
    groff -k -Tutf8 -man -rLL=78n -P-cbou "$f" 2>/dev/null | LC_ALL=C sed 's/[\x80-\xbf]//g' |
        LC_ALL=C awk 'length($0) > 80 { print length($0) ": " $0 }' > "$tmp/wide"
    if [ -s "$tmp/wide" ]; then bad "$p fits 80 columns"; head -5 "$tmp/wide" | sed 's/^/# /'
    else ok "$p fits 80 columns"; fi
    if grep -n '@[A-Z_]*@' "$f" > "$tmp/left"; then bad "$p has no placeholder left"; cat "$tmp/left"
    else ok "$p has no placeholder left"; fi
    if head -n 1 "$f" | grep -qF "\"dv $version\""; then ok "$p footer says dv $version"
    else bad "$p footer says dv $version: $(head -n 1 "$f")"; fi
done

# dv-lang(7): every builtin that help lists, with its example when it has one
"$DV" -e help | sed -n 's/^  \([a-z_0-9]*\) .*/\1/p' > "$tmp/builtins"
[ -s "$tmp/builtins" ] || bad "help lists builtins"
missing=""
for b in $(cat "$tmp/builtins"); do
    grep -q "^\.B $b(" "$man/dv-lang.7" || missing="$missing $b"
done
if [ -z "$missing" ]; then ok "dv-lang(7) lists all $(wc -l < "$tmp/builtins") builtins"
else bad "dv-lang(7) lacks:$missing"; fi
grep -q '^Example: \\fBlab pca\\fR$' "$man/dv-lang.7" && ok "dv-lang(7) shows a builtin's example" ||
    bad "dv-lang(7) shows a builtin's example"

# dv-labs(7) lists every lab with its page
for l in $("$DV" --lab-names); do
    if grep -q "^\.BR dv\\\\-lab\\\\-$l (7)\$" "$man/dv-labs.7"; then ok "dv-labs(7) lists $l"
    else bad "dv-labs(7) lists $l"; fi
done

# the rendered text reads as the source says (a step title and a formula)
groff -k -Tutf8 -man -P-cbou "$man/dv-lab-pca.7" > "$tmp/pca.txt" 2>/dev/null
grep -q 'Step 3: Variance explained' "$tmp/pca.txt" && ok "dv-lab-pca(7) renders its steps" ||
    bad "dv-lab-pca(7) renders its steps"
grep -qF "x_i - m) . v)^2" "$tmp/pca.txt" && ok "dv-lab-pca(7) keeps formulas as written" ||
    bad "dv-lab-pca(7) keeps formulas as written"

[ $fails -eq 0 ]
