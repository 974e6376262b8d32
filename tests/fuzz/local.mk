## Fuzzing (issue 11): libFuzzer targets in tests/fuzz (see fuzz.mk).
## `make check` builds each target with the ordinary compiler and a plain
## driver (standalone.c) and replays its seed corpus and regression inputs
## (tests/fuzz/replay.sh); `make fuzz` builds the targets with clang and
## libFuzzer under fuzz-build/ and runs each for FUZZ_SECONDS.
FUZZ_TARGETS = parse eval csv gzip text idx pnm npy word2vec word2vec_bin glove dvm
FUZZ_SECONDS = 60

# The targets as `make check` builds them: each with the plain driver.
FUZZ_COMMON = tests/fuzz/standalone.c tests/fuzz/loader.h tests/fuzz/gen.h
check_PROGRAMS += tests/fuzz/fuzz_parse tests/fuzz/fuzz_eval tests/fuzz/fuzz_csv \
	tests/fuzz/fuzz_gzip tests/fuzz/fuzz_text tests/fuzz/fuzz_idx tests/fuzz/fuzz_pnm \
	tests/fuzz/fuzz_npy tests/fuzz/fuzz_word2vec tests/fuzz/fuzz_word2vec_bin \
	tests/fuzz/fuzz_glove tests/fuzz/fuzz_dvm
tests_fuzz_fuzz_parse_SOURCES = tests/fuzz/fuzz_parse.c tests/fuzz/gen.c $(FUZZ_COMMON)
tests_fuzz_fuzz_parse_LDADD = $(DV_LIBS)
tests_fuzz_fuzz_eval_SOURCES = tests/fuzz/fuzz_eval.c tests/fuzz/gen.c $(FUZZ_COMMON)
tests_fuzz_fuzz_eval_LDADD = $(DV_LIBS)
tests_fuzz_fuzz_csv_SOURCES = tests/fuzz/fuzz_csv.c $(FUZZ_COMMON)
tests_fuzz_fuzz_csv_LDADD = $(DV_LIBS)
tests_fuzz_fuzz_gzip_SOURCES = tests/fuzz/fuzz_gzip.c $(FUZZ_COMMON)
tests_fuzz_fuzz_gzip_LDADD = $(DV_LIBS)
tests_fuzz_fuzz_text_SOURCES = tests/fuzz/fuzz_text.c $(FUZZ_COMMON)
tests_fuzz_fuzz_text_LDADD = $(DV_LIBS)
tests_fuzz_fuzz_idx_SOURCES = tests/fuzz/fuzz_idx.c $(FUZZ_COMMON)
tests_fuzz_fuzz_idx_LDADD = $(DV_LIBS)
tests_fuzz_fuzz_pnm_SOURCES = tests/fuzz/fuzz_pnm.c $(FUZZ_COMMON)
tests_fuzz_fuzz_pnm_LDADD = $(DV_LIBS)
tests_fuzz_fuzz_npy_SOURCES = tests/fuzz/fuzz_npy.c $(FUZZ_COMMON)
tests_fuzz_fuzz_npy_LDADD = $(DV_LIBS)
tests_fuzz_fuzz_word2vec_SOURCES = tests/fuzz/fuzz_word2vec.c $(FUZZ_COMMON)
tests_fuzz_fuzz_word2vec_LDADD = $(DV_LIBS)
tests_fuzz_fuzz_word2vec_bin_SOURCES = tests/fuzz/fuzz_word2vec_bin.c $(FUZZ_COMMON)
tests_fuzz_fuzz_word2vec_bin_LDADD = $(DV_LIBS)
tests_fuzz_fuzz_glove_SOURCES = tests/fuzz/fuzz_glove.c $(FUZZ_COMMON)
tests_fuzz_fuzz_glove_LDADD = $(DV_LIBS)
tests_fuzz_fuzz_dvm_SOURCES = tests/fuzz/fuzz_dvm.c $(FUZZ_COMMON)
tests_fuzz_fuzz_dvm_LDADD = $(DV_LIBS)

TESTS += tests/fuzz/replay.sh
EXTRA_DIST += tests/fuzz/fuzz.mk tests/fuzz/replay.sh tests/fuzz/dv.dict tests/fuzz/corpus \
	tests/fuzz/regress

FUZZ_MAKE = $(MAKE) -f $(srcdir)/tests/fuzz/fuzz.mk srcdir='$(srcdir)' CC='$(FUZZ_CC)' \
	CPPFLAGS='$(DEFS) $(DEFAULT_INCLUDES) $(AM_CPPFLAGS) $(CPPFLAGS)' \
	LIB_SOURCES='$(src_libdv_a_SOURCES)' \
	LIBS='$(NCURSES_LIBS) $(READLINE_LIBS) $(LAPACKE_LIBS) $(OPENBLAS_LIBS) $(CSV_LIBS) $(ZLIB_LIBS) $(FFTW_LIBS) -lm' \
	TARGETS='$(FUZZ_TARGETS)' FUZZ_SECONDS='$(FUZZ_SECONDS)' FUZZ_STRESS_MAX='$(FUZZ_STRESS_MAX)' FUZZ_SEED='$(FUZZ_SEED)'
FUZZ_NEED_CC = if test -z "$(FUZZ_CC)"; then \
	    echo "make fuzz: needs clang with libFuzzer; on Debian: apt-get install clang libclang-rt-14-dev, then ./configure" >&2; \
	    exit 1; \
	fi

# Run every target for FUZZ_SECONDS (in parallel with -j).
fuzz:
	@$(FUZZ_NEED_CC)
	+@$(FUZZ_MAKE) run
# Only build them (fuzz-build/fuzz_NAME), e.g. to reproduce a finding.
fuzz-targets:
	@$(FUZZ_NEED_CC)
	+@$(FUZZ_MAKE) all

clean-local: clean-fuzz
clean-fuzz:
	rm -rf fuzz-build

.PHONY: fuzz fuzz-targets clean-fuzz
