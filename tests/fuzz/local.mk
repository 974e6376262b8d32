## Fuzzing (issue 11): libFuzzer targets in tests/fuzz (see fuzz.mk).
## `make check` builds each target with the ordinary compiler and a plain
## driver (standalone.c) and replays its seed corpus and regression inputs
## (tests/fuzz/replay.sh); `make fuzz` builds the targets with clang and
## libFuzzer under fuzz-build/ and runs each for FUZZ_SECONDS.
FUZZ_TARGETS = parse eval
FUZZ_SECONDS = 60

check_PROGRAMS += tests/fuzz/fuzz_parse tests/fuzz/fuzz_eval
tests_fuzz_fuzz_parse_SOURCES = tests/fuzz/fuzz_parse.c tests/fuzz/gen.c tests/fuzz/gen.h \
	tests/fuzz/standalone.c
tests_fuzz_fuzz_parse_LDADD = $(DV_LIBS)
tests_fuzz_fuzz_eval_SOURCES = tests/fuzz/fuzz_eval.c tests/fuzz/gen.c tests/fuzz/gen.h \
	tests/fuzz/standalone.c
tests_fuzz_fuzz_eval_LDADD = $(DV_LIBS)

TESTS += tests/fuzz/replay.sh
EXTRA_DIST += tests/fuzz/fuzz.mk tests/fuzz/replay.sh tests/fuzz/dv.dict tests/fuzz/corpus \
	tests/fuzz/regress

FUZZ_MAKE = $(MAKE) -f $(srcdir)/tests/fuzz/fuzz.mk srcdir='$(srcdir)' CC='$(FUZZ_CC)' \
	CPPFLAGS='$(DEFS) $(DEFAULT_INCLUDES) $(AM_CPPFLAGS) $(CPPFLAGS)' \
	LIB_SOURCES='$(src_libdv_a_SOURCES)' \
	LIBS='$(NCURSES_LIBS) $(READLINE_LIBS) $(LAPACKE_LIBS) $(OPENBLAS_LIBS) $(CSV_LIBS) $(ZLIB_LIBS) $(FFTW_LIBS) -lm' \
	TARGETS='$(FUZZ_TARGETS)' FUZZ_SECONDS='$(FUZZ_SECONDS)' FUZZ_STRESS_MAX='$(FUZZ_STRESS_MAX)'
FUZZ_NEED_CC = if test -z "$(FUZZ_CC)"; then \
	    echo "make fuzz: needs clang with libFuzzer; on Debian: apt-get install clang libclang-rt-14-dev, then ./configure" >&2; \
	    exit 1; \
	fi

# Run every target for FUZZ_SECONDS (in parallel with -j).
fuzz:
	@$(FUZZ_NEED_CC)
	@$(FUZZ_MAKE) run
# Only build them (fuzz-build/fuzz_NAME), e.g. to reproduce a finding.
fuzz-targets:
	@$(FUZZ_NEED_CC)
	@$(FUZZ_MAKE) all

clean-local: clean-fuzz
clean-fuzz:
	rm -rf fuzz-build

.PHONY: fuzz fuzz-targets clean-fuzz
