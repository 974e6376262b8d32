## Hardening tests (issue 11): standard output that fails or goes away,
## saves killed half-way, terminals of every kind, Ctrl-C in long builtins.
TESTS += tests/hardening/stdout.sh tests/hardening/savekill.sh
EXTRA_DIST += tests/hardening
