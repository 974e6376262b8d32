src_libdv_a_SOURCES += \
	src/io/load.c src/io/load.h \
	src/io/readall.c src/io/readall.h \
	src/io/buffer.h src/io/gunzip.c \
	src/io/numparse.c src/io/numparse.h \
	src/io/csv.c src/io/csv.h src/io/csvsave.c \
	src/io/text.c src/io/text.h \
	src/io/images.h src/io/pnm.c src/io/idx.c src/io/npy.c \
	src/io/wordvec.c src/io/wordvec.h

# word-vector files
check_PROGRAMS += tests/unit/test_wordvec
tests_unit_test_wordvec_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_wordvec

# CSV loading options and errors (the first io_* scripts are in tests/local.mk)
TESTS += tests/scripts/io_options.dv tests/scripts/io_unclosed.dv
# labels found, classes named, numbers, gzip integrity, round trips, MNIST
TESTS += tests/scripts/io_labels.dv tests/scripts/io_numbers.dv tests/scripts/io_gzip.dv \
	tests/scripts/io_roundtrip.dv tests/scripts/io_mnist.dv tests/scripts/io_labeled_err.dv

# the loaders' buffer entry points, gzip integrity, hardening cases
check_PROGRAMS += tests/unit/test_buffer
tests_unit_test_buffer_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_buffer

# numbers in the C locale under a comma-decimal locale (tests/io_locale.sh
# builds de_DE.UTF-8 and runs test_locale under it)
check_PROGRAMS += tests/unit/test_locale
tests_unit_test_locale_LDADD = $(DV_LIBS)
TESTS += tests/io_locale.sh
EXTRA_DIST += tests/io_locale.sh

# savers: permissions, round trips
check_PROGRAMS += tests/unit/test_save
tests_unit_test_save_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_save

# shortest round-trip decimals and C-locale numbers (core/cnum, io's formatting)
check_PROGRAMS += tests/unit/test_cnum
tests_unit_test_cnum_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_cnum
