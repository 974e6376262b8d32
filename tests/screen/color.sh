#!/bin/sh
# Colour where the user asks for it (no terminal needed): --color=auto
# (the default: only on a terminal), --color=always and --color (also
# into a pipe, for less -R), --color=never, CLICOLOR_FORCE, and NO_COLOR,
# which wins over all of them; 256 or 8 colours as the TERM's terminfo
# entry says, the 8 of ANSI when there is no entry.
: "${DV:=src/dv}" "${top_srcdir:=.}"
cd "$top_srcdir" || exit 99
tmp=${TMPDIR:-/tmp}/dv-color.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=$((fails + 1)); }
printf 'X = load("tests/data/iris.csv", label="species")\nscatter X[:, 2:4]\n' > "$tmp/plot.dv"
esc=$(printf '\033')
# run NAME EXPECT [ENV=VALUE...] -- [DV ARGS]: EXPECT is none, 8 or 256
run() {
    what=$1 want=$2
    shift 2
    envs=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs="$envs $1"; shift; done
    shift
    env -u NO_COLOR -u CLICOLOR_FORCE LC_ALL=C.UTF-8 COLUMNS=80 LINES=24 $envs "$DV" "$@" "$tmp/plot.dv" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    if grep -q "${esc}\[[0-9;]*38;5;" "$tmp/out"; then got=256
    elif grep -q "${esc}\[[0-9;]*3[0-7]m" "$tmp/out"; then got=8
    elif grep -q "$esc" "$tmp/out"; then got=other
    else got=none; fi
    [ $rc -eq 0 ] && [ "$got" = "$want" ] && ok "$what: $want" || { not_ok "$what: $want (got $got, status $rc)"; sed 's/^/# /' "$tmp/err"; }
}
run "a pipe gets no colour by default" none TERM=xterm-256color --
run "--color=auto into a pipe" none TERM=xterm-256color -- --color=auto
run "--color=always into a pipe, 256 colours from terminfo" 256 TERM=xterm-256color -- --color=always
run "--color alone is always" 256 TERM=xterm-256color -- --color
run "--color=always with an 8-colour TERM" 8 TERM=xterm -- --color=always
run "--color=always with TERM=dumb: the 8 of ANSI" 8 TERM=dumb -- --color=always
run "--color=always with an empty TERM" 8 TERM= -- --color=always
run "--color=always with a TERM that has no entry here: xterm-256color's" 256 TERM=xterm-kitty-not-here -- --color=always
run "CLICOLOR_FORCE=1" 256 TERM=xterm-256color CLICOLOR_FORCE=1 --
run "CLICOLOR_FORCE=0 forces nothing" none TERM=xterm-256color CLICOLOR_FORCE=0 --
run "NO_COLOR wins over --color=always" none TERM=xterm-256color NO_COLOR=1 -- --color=always
run "NO_COLOR wins over CLICOLOR_FORCE" none TERM=xterm-256color NO_COLOR=1 CLICOLOR_FORCE=1 --
run "an empty NO_COLOR is not set" 256 TERM=xterm-256color NO_COLOR= -- --color=always
run "--color=never" none TERM=xterm-256color CLICOLOR_FORCE=1 -- --color=never
"$DV" --color=sometimes "$tmp/plot.dv" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -qxF "dv: invalid argument 'sometimes' for '--color' (auto, always or never)" "$tmp/err" &&
    ok "a bad --color is a usage error" || { not_ok "a bad --color is a usage error (status $rc)"; cat "$tmp/err"; }
NO_COLOR=1 "$DV" --color=never -e 'X = load("tests/data/iris.csv", label="species"); scatter X[:, 2:4]' > "$tmp/out"
grep -q "a setosa (50)" "$tmp/out" && ok "without colour classes are told apart by letters" || not_ok "letters without colour"
[ $fails -eq 0 ]
