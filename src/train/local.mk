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

# models between spaces: GANs, toy data, phrases as vectors
src_libdv_a_SOURCES += src/train/gan.c src/train/gan.h src/train/ganfit.c src/train/ganfit.h \
	src/train/toydata.c src/train/toydata.h src/train/phrase.c src/train/phrase.h

# tests of the models between spaces (tests/scripts/gen_*.dv, tests/gen_errors.sh)
check_PROGRAMS += tests/unit/test_phrase
tests_unit_test_phrase_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_phrase \
	tests/scripts/gen_toy.dv \
	tests/scripts/gen_gan.dv \
	tests/scripts/gen_cgan.dv \
	tests/scripts/gen_save.dv \
	tests/gen_errors.sh \
	tests/screen/gan.sh
EXTRA_DIST += tests/gen_errors.sh tests/screen/gan.sh

# recurrent language models and joint embeddings (issue 13)
src_libdv_a_SOURCES += src/train/rnn.c src/train/rnn.h src/train/rnn_step.h src/train/rnnfit.c \
	src/train/joint.c src/train/joint.h

# tests of the sequence and joint-space builtins (tests/scripts/seq_*.dv, tests/seq_errors.sh)
TESTS += \
	tests/scripts/seq_rnn.dv \
	tests/scripts/seq_word.dv \
	tests/scripts/seq_joint.dv \
	tests/seq_errors.sh \
	tests/screen/seq.sh
EXTRA_DIST += tests/seq_errors.sh tests/screen/seq.sh
