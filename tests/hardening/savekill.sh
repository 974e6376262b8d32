#!/bin/sh
# No lost work: dv killed with SIGKILL in the middle of a large save leaves
# the old file as it was (saves write a temporary file beside it, then
# rename it over the old one).  For each format: start the save, wait for
# the temporary file to appear, freeze dv (SIGSTOP) and check the old file
# is untouched while the new one is half written, then SIGKILL it and
# check again.  A save that finishes before it can be caught is tried
# again with more data.
: "${DV:=src/dv}"
DV=$(cd "$(dirname "$DV")" && pwd)/$(basename "$DV") # the saves run in $tmp
tmp=${TMPDIR:-/tmp}/dv-savekill.$$
mkdir -p "$tmp" || exit 99
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=$((fails + 1)); }
export NO_COLOR=1 LC_ALL=C.UTF-8 DV_PROGRESS=none

# first_tmp FILE: the first temporary file of FILE, or nothing
first_tmp() { for f in "$tmp/$1".tmp*; do [ -e "$f" ] && echo "$f"; return; done; }

# killed_save NAME FILE STATEMENT(with @N@ for a size) SIZE...
killed_save() {
    name=$1 file=$2 stmt=$3
    shift 3
    for size in "$@"; do
        rm -f "$tmp/$file" "$tmp/$file".tmp*
        printf 'the old file\n' > "$tmp/$file"
        cp "$tmp/$file" "$tmp/old"
        s=$(echo "$stmt" | sed "s/@N@/$size/g")
        (cd "$tmp" && exec "$DV" -e "$s") > /dev/null 2>&1 &
        pid=$!
        caught=
        while kill -0 $pid 2>/dev/null; do
            caught=$(first_tmp "$file")
            # in the middle: at least 64 KB of the new file written
            if [ -n "$caught" ] && [ "$(stat -c %s "$caught" 2>/dev/null || echo 0)" -ge 65536 ]; then
                # frozen while the new file is still there; a save that
                # finished in between goes on (and is tried with more data)
                if kill -STOP $pid 2>/dev/null; then
                    [ -e "$caught" ] && break
                    kill -CONT $pid
                fi
            fi
            caught=
        done
        if [ -z "$caught" ]; then # finished first: more data
            wait $pid
            pid=
            continue
        fi
        if cmp -s "$tmp/old" "$tmp/$file"; then
            ok "$name: while the new file is written ($(stat -c %s "$caught") bytes so far), the old one is intact"
        else
            not_ok "$name: the old file changed before the save finished"
        fi
        kill -KILL $pid
        wait $pid 2>/dev/null
        pid=
        if cmp -s "$tmp/old" "$tmp/$file"; then
            ok "$name: killed with SIGKILL in the middle of the save, the old file is intact"
        else
            not_ok "$name: killed with SIGKILL in the middle of the save, the old file is lost"
        fi
        return
    done
    not_ok "$name: every save finished before it could be caught (sizes $*)"
}

killed_save "CSV" big.csv 'X = randn(@N@, 1000); save X, "big.csv"' 300 1000 3000
killed_save "gzipped CSV" big.csv.gz 'X = randn(@N@, 1000); save X, "big.csv.gz"' 100 300 1000
killed_save ".npy" big.npy 'X = randn(@N@, 4000); save X, "big.npy"' 1000 4000 8000
killed_save "SVG plot" big.svg 'save scatter(randn(@N@, 2)), "big.svg"' 100000 400000 1000000

# And a save that is not killed replaces the file and leaves no temporary.
printf 'old\n' > "$tmp/done.csv"
(cd "$tmp" && "$DV" -e 'save [[1, 2]], "done.csv"') > /dev/null 2>&1
if [ -z "$(first_tmp done.csv)" ] && [ "$(head -n 1 "$tmp/done.csv")" != old ]; then ok "a finished save replaces the file and leaves no temporary file"
else not_ok "a finished save: $(ls "$tmp")"; fi

[ $fails -eq 0 ]
