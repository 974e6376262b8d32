#!/bin/sh
# The language at a prompt, in the plain REPL and in the screen: a block
# asks for more lines until its `end`, a function defined in one entry
# runs in another and its errors name the chain, and Ctrl-C stops a
# running loop, keeping what its finished steps assigned.
. "${top_srcdir:-.}/tests/screen/lib.sh"

# see REGEX WHAT: the screen shows errors in its console; the plain REPL
# writes them to stderr (kept in $tmp/stderr)
see() {
    if [ $mode = screen ]; then wait_re "$1" "$2"; return; fi
    end=$(($(date +%s) + WAIT))
    while ! grep -qE -- "$1" "$tmp/stderr" 2>/dev/null; do
        [ "$(date +%s)" -ge $end ] && { not_ok "$2 (timed out waiting for /$1/ on stderr)"; show_pane; return 1; }
        sleep 0.1
    done
    ok "$2"
}

for mode in plain screen; do
    if [ $mode = plain ]; then start 100 30 NO_COLOR=1 -- --plain; wait_for "dv>"; else
        start 100 30; wait_for "F2 plot"; fi
    type_line 'for i in [1, 2] do'
    wait_re '^\.\.\.' "$mode: an open block asks for more"
    type_line 'print "got", i * 10'
    type_line 'end'
    wait_for "got 20" "$mode: the block runs at its end"
    type_line 'fn half(x)'
    type_line '  return x / 2'
    type_line 'end'
    type_line 'print "half", half(9)'
    wait_for "half 4.5" "$mode: a function from an earlier entry"
    type_line 'fn bad(x)'
    type_line '  return x + nosuch'
    type_line 'end'
    type_line 'y = bad(1)'
    see "<entry [0-9]+>:2:14: error: unknown name 'nosuch'" "$mode: the error is where it happened"
    see "<entry [0-9]+>:2:14: in fn 'bad' called from <entry [0-9]+>:1:5" "$mode: and names the call"
    type_line 'n = 0'
    type_line 'while true do n = n + 1 end'
    sleep 1
    keys C-c
    see "interrupted \(what was computed so far is kept\)" "$mode: Ctrl-C stops a loop"
    type_line 'print "counted", n > 0'
    wait_for "counted true" "$mode: the loop's steps so far are kept"
    type_line 'fn spin() while true do end end'
    type_line 'spin()'
    sleep 1
    keys C-c
    see "interrupted \(the statement did not finish\)" "$mode: Ctrl-C stops a loop inside a function"
    type_line 'print "still", 6 * 7'
    wait_for "still 42" "$mode: the prompt works after it"
done
finish
