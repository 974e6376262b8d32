## Hardening tests (issue 11): standard output that fails or goes away,
## saves killed half-way, terminals of every kind, Ctrl-C in long builtins.
TESTS += tests/hardening/stdout.sh tests/hardening/savekill.sh tests/hardening/interrupt.sh \
	tests/hardening/terminals.sh
EXTRA_DIST += tests/hardening

# valgrind's memcheck over a subset (scripts/valgrind-check): the catalogue,
# the fuzz corpora and the script tests.
check-valgrind: all $(check_PROGRAMS)
	$(SHELL) $(srcdir)/scripts/valgrind-check
.PHONY: check-valgrind
