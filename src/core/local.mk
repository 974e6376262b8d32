src_libdv_a_SOURCES += \
	src/core/err.c src/core/err.h \
	src/core/cnum.c src/core/cnum.h \
	src/core/classes.c src/core/classes.h \
	src/core/mat.c src/core/mat.h \
	src/core/floatsort.c src/core/floatsort.h \
	src/core/strmap.c src/core/strmap.h \
	src/core/rng.c src/core/rng.h \
	src/core/progress.c src/core/progress.h \
	src/core/blas.c src/core/blas.h \
	src/core/knn.c src/core/knn.h \
	src/core/pool.c src/core/pool.h src/core/clock.h src/core/simd.h \
	src/core/rptree.c src/core/rptree.h \
	src/core/nndescent.c src/core/nndescent.h \
	src/core/knn_graph.c src/core/knn_graph.h

check_PROGRAMS += tests/unit/test_knn
tests_unit_test_knn_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_knn

# top-k cosine search (word vectors)
src_libdv_a_SOURCES += src/core/nearest.c src/core/nearest.h

# approximate neighbours: NN-descent seeded by random-projection trees
check_PROGRAMS += tests/unit/test_nndescent
tests_unit_test_nndescent_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_nndescent

# mapped .npy files (io/npy.c's npy_load_map, part of the million-row work)
check_PROGRAMS += tests/unit/test_npy_map
tests_unit_test_npy_map_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_npy_map
