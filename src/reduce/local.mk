src_libdv_a_SOURCES += \
	src/reduce/pca.c src/reduce/pca.h src/reduce/pca_impl.h src/reduce/rsvd.c \
	src/reduce/lda.c src/reduce/lda.h src/reduce/mds.c src/reduce/mds.h \
	src/reduce/tsne.c src/reduce/tsne.h src/reduce/tsne_impl.h \
	src/reduce/tsne_affinity.c src/reduce/tsne_bh.c src/reduce/tsne_fft.c src/reduce/tsne_near.c \
	src/reduce/tsne_place.c src/reduce/sne.c \
	src/reduce/quality.c src/reduce/quality.h \
	src/reduce/umap.c src/reduce/umap.h src/reduce/umap_impl.h src/reduce/umap_curve.c src/reduce/umap_graph.c \
	src/reduce/umap_spectral.c src/reduce/umap_sgd.c \
	src/reduce/spectrum.c src/reduce/spectrum.h

# PCA, SVD, LDA, MDS and the image/array loaders (reduce)
TESTS += tests/scripts/reduce_pca.dv tests/scripts/reduce_images.dv tests/scripts/reduce_lda_mds.dv \
	tests/scripts/reduce_err_k.dv tests/scripts/reduce_err_method.dv tests/scripts/reduce_err_nolabels.dv \
	tests/scripts/reduce_err_oneclass.dv tests/scripts/reduce_err_project.dv tests/scripts/reduce_err_model.dv \
	tests/scripts/reduce_err_nan.dv tests/scripts/reduce_err_idx.dv

# t-SNE, SNE, place and the quality measures (embed)
TESTS += tests/scripts/embed_quality.dv tests/scripts/embed_tsne.dv \
	tests/scripts/embed_err_nolabels.dv tests/scripts/embed_err_k.dv tests/scripts/embed_err_rows.dv \
	tests/scripts/embed_err_method.dv tests/scripts/embed_err_place.dv tests/scripts/embed_err_placecols.dv \
	tests/scripts/embed_err_perplexity.dv tests/scripts/embed_err_ref.dv

# UMAP: the pieces and whole runs
check_PROGRAMS += tests/unit/test_umap
tests_unit_test_umap_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_umap

# UMAP and knn builtins
TESTS += tests/scripts/knn_err_k.dv \
	tests/scripts/knn_err_method.dv \
	tests/scripts/knn_err_metric.dv \
	tests/scripts/umap_clusters.dv \
	tests/scripts/umap_err_dims.dv \
	tests/scripts/umap_err_epochs.dv \
	tests/scripts/umap_err_init.dv \
	tests/scripts/umap_err_k.dv \
	tests/scripts/umap_err_knn.dv \
	tests/scripts/umap_err_metric.dv \
	tests/scripts/umap_err_mindist.dv \
	tests/scripts/umap_err_nan.dv \
	tests/scripts/umap_err_place.dv \
	tests/scripts/umap_knn.dv

# UMAP in the screen: the map moves while it optimises (tmux)
TESTS += tests/screen/umap.sh
