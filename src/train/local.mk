src_libdv_a_SOURCES += \
	src/train/corpus.c src/train/corpus.h \
	src/train/word2vec.c src/train/word2vec.h src/train/word2vec_loop.h

# learned codes on the network core (src/nn)
src_libdv_a_SOURCES += src/train/nnmodel.c src/train/nnmodel.h src/train/nnfit.c src/train/nnfit.h

check_PROGRAMS += tests/unit/test_words
tests_unit_test_words_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_words
TESTS += tests/scripts/words_train.dv
check_PROGRAMS += tests/unit/test_nn_train
tests_unit_test_nn_train_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_nn_train
