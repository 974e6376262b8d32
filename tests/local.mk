## The language's and core's tests (other areas list theirs in their local.mk).
check_PROGRAMS += tests/unit/test_core tests/unit/test_lang tests/unit/test_session tests/unit/test_blas tests/unit/test_csv tests/unit/test_reduce tests/unit/test_images tests/unit/test_tsne tests/unit/test_word2vec
tests_unit_test_core_LDADD = $(DV_LIBS)
tests_unit_test_lang_LDADD = $(DV_LIBS)
tests_unit_test_session_LDADD = $(DV_LIBS)
tests_unit_test_blas_LDADD = $(DV_LIBS)
tests_unit_test_csv_LDADD = $(DV_LIBS)
tests_unit_test_reduce_LDADD = $(DV_LIBS)
tests_unit_test_images_LDADD = $(DV_LIBS)
tests_unit_test_tsne_LDADD = $(DV_LIBS)
tests_unit_test_word2vec_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_core tests/unit/test_lang tests/unit/test_session tests/unit/test_blas tests/unit/test_csv \
	tests/unit/test_reduce tests/unit/test_images tests/unit/test_tsne tests/unit/test_word2vec

TESTS += \
	tests/scripts/lang_arith.dv \
	tests/scripts/lang_values.dv \
	tests/scripts/lang_builtins.dv \
	tests/scripts/lang_session.dv \
	tests/scripts/lang_for.dv \
	tests/scripts/lang_while.dv \
	tests/scripts/lang_if.dv \
	tests/scripts/lang_fn.dv \
	tests/scripts/lang_assign.dv \
	tests/scripts/lang_pow.dv \
	tests/scripts/lang_labs.dv \
	tests/scripts/lang_err_fn.dv \
	tests/lang_errors.sh \
	tests/lang_locale.sh \
	tests/screen/lang.sh \
	tests/scripts/err_arg.dv \
	tests/scripts/err_char.dv \
	tests/scripts/err_eof.dv \
	tests/scripts/err_help.dv \
	tests/scripts/err_huge.dv \
	tests/scripts/err_index.dv \
	tests/scripts/err_keyword.dv \
	tests/scripts/err_matmul.dv \
	tests/scripts/err_parse.dv \
	tests/scripts/err_shape.dv \
	tests/scripts/err_string.dv \
	tests/scripts/err_toomany.dv \
	tests/scripts/err_unknown_name.dv \
	tests/scripts/io_ragged.dv \
	tests/scripts/io_nonnumeric.dv \
	tests/scripts/io_missing.dv \
	tests/scripts/io_badlabel.dv \
	tests/scripts/io_iris.dv \
	tests/scripts/plot_iris.dv \
	tests/scripts/plot_kinds.dv \
	tests/scripts/plot_small.dv \
	tests/scripts/words_tiny.dv \
	tests/scripts/words_unknown.dv \
	tests/scripts/words_dup.dv \
	tests/scripts/words_short.dv \
	tests/scripts/words_axes.dv \
	tests/scripts/words_embed.dv \
	tests/scripts/ui_view.dv \
	tests/scripts/ui_noplot.dv \
	tests/examples.sh \
	tests/cli.sh \
	tests/reference.sh \
	tests/repl.sh

## verbs: NumPy-style builtins (builtins_math/order/shape/linalg.c); the
## numbers in verbs_numpy.out come from NumPy (tests/numpy/gen_verbs.py).
TESTS += \
	tests/scripts/verbs_numpy.dv \
	tests/scripts/verbs_meta.dv \
	tests/scripts/print_rows.dv \
	tests/scripts/print_narrow.dv \
	tests/scripts/plot_curve_x.dv \
	tests/scripts/help_pages.dv \
	tests/scripts/warn_args.dv \
	tests/help.sh \
	tests/progress.sh \
	tests/datapath.sh \
	tests/verbs_errors.sh
check_PROGRAMS += tests/unit/test_progress tests/unit/test_floatsort
tests_unit_test_progress_LDADD = $(DV_LIBS)
tests_unit_test_floatsort_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_progress tests/unit/test_floatsort
EXTRA_DIST += tests/numpy tests/verbs_errors.sh tests/help.sh tests/progress.sh tests/datapath.sh

## qa: regression tests for defects found reviewing issues 9, 10 and 12.
TESTS += \
	tests/scripts/qa_plot_xname.dv \
	tests/scripts/qa_len.dv \
	tests/scripts/qa_similarity.dv \
	tests/scripts/qa_similarity_len.dv \
	tests/scripts/qa_help_topic.dv \
	tests/scripts/qa_save_model.dv \
	tests/scripts/qa_plot_inf.dv \
	tests/scripts/qa_list_equal.dv \
	tests/scripts/qa_column_index.dv \
	tests/scripts/qa_label_bool.dv \
	tests/scripts/qa_line_continues.dv \
	tests/scripts/qa_bce_negative.dv \
	tests/scripts/qa_csv_semicolon.dv \
	tests/scripts/qa_csv_decimal_comma.dv \
	tests/scripts/qa_words_e_first.dv \
	tests/scripts/qa_model_fields.dv \
	tests/scripts/qa_model_loaded.dv \
	tests/scripts/qa_model_loaded_main.dv \
	tests/scripts/qa_words_phrase.dv \
	tests/scripts/qa_words_suggest.dv \
	tests/readme.sh
EXTRA_DIST += tests/readme.sh
