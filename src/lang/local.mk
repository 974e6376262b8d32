src_libdv_a_SOURCES += \
	src/lang/value.c src/lang/value.h \
	src/lang/ctx.c src/lang/ctx.h \
	src/lang/builtin.h src/lang/builtins.c src/lang/args.c \
	src/lang/builtins_core.c \
	src/lang/verbs.c src/lang/verbs.h \
	src/lang/help.c src/lang/help.h src/lang/help_topics.c \
	src/lang/datapath.c src/lang/datapath.h \
	src/lang/builtins_math.c \
	src/lang/builtins_order.c \
	src/lang/builtins_shape.c \
	src/lang/builtins_linalg.c \
	src/lang/builtins_io.c \
	src/lang/builtins_plot.c \
	src/lang/builtins_reduce.c \
	src/lang/builtins_embed.c \
	src/lang/builtins_umap.c src/lang/builtins_umap.h \
	src/lang/builtins_words.c \
	src/lang/builtins_ui.c \
	src/lang/builtins_nn.c src/lang/builtins_nn.h \
	src/lang/builtins_gen.c src/lang/builtins_gen.h \
	src/lang/unsaved.c src/lang/unsaved.h \
	src/lang/builtins_seq.c src/lang/builtins_seq.h \
	src/lang/lex.c src/lang/lex.h \
	src/lang/parse.c src/lang/parse.h \
	src/lang/eval.c src/lang/eval.h src/lang/interp.h \
	src/lang/eval_ops.c src/lang/eval_index.c src/lang/eval_call.c \
	src/lang/completion.c src/lang/limits.h \
	src/lang/env.c src/lang/env.h \
	src/lang/show.c src/lang/show.h \
	src/lang/words.c src/lang/words.h \
	src/lang/suggest.c src/lang/suggest.h \
	src/lang/matfield.c src/lang/matfield.h \
	src/lang/reference.c src/lang/reference.h \
	src/lang/builtins_lab.c src/lang/lab.c src/lang/lab.h src/lang/lab_check.c src/lang/lab_check.h \
	src/lang/lab_data.c src/lang/lab_text.c src/lang/lab_man.c src/lang/lab_progress.c src/lang/labs.c \
	src/lang/lab_pca.c src/lang/lab_lda.c src/lang/lab_sne.c src/lang/lab_tsne.c src/lang/lab_word2vec.c \
	src/lang/lab_autoencoder.c src/lang/lab_cnn.c src/lang/lab_triplet.c \
	src/lang/lab_gan.c src/lang/lab_text2image.c src/lang/lab_rnn.c
