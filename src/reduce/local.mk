src_libdv_a_SOURCES += \
	src/reduce/pca.c src/reduce/pca.h \
	src/reduce/lda.c src/reduce/lda.h \
	src/reduce/tsne.c src/reduce/tsne.h \
	src/reduce/tsne_fft.c src/reduce/tsne_fft.h \
	src/reduce/quality.c src/reduce/quality.h
