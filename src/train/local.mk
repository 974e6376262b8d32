src_libdv_a_SOURCES += \
	src/train/word2vec.c src/train/word2vec.h
