## src/nn: the neural-network core (tensors, autodiff, ops, optimisers)
src_libdv_a_SOURCES += \
	src/nn/nn.h src/nn/graph.c src/nn/graph.h src/nn/op_impl.h src/nn/ops.h \
	src/nn/ops_dense.c src/nn/ops_act.c src/nn/ops_loss.c src/nn/ops_conv.c \
	src/nn/ops_shape.c src/nn/ops_misc.c \
	src/nn/params.c src/nn/params.h src/nn/optim.c src/nn/optim.h \
	src/nn/spec.c src/nn/spec.h src/nn/net.c src/nn/net.h src/nn/dvm.c src/nn/dvm.h \
	src/nn/kernels.c src/nn/kernels.h

check_PROGRAMS += tests/unit/test_nn_grad
tests_unit_test_nn_grad_SOURCES = tests/unit/test_nn_grad.c tests/unit/gradcheck.h
tests_unit_test_nn_grad_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_nn_grad

check_PROGRAMS += tests/unit/test_nn_core
tests_unit_test_nn_core_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_nn_core

check_PROGRAMS += tests/unit/test_nn_spec
tests_unit_test_nn_spec_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_nn_spec

# script tests of the learned-code builtins (tests/scripts/nn_*.dv)
TESTS += \
	tests/scripts/nn_autoencoder.dv \
	tests/scripts/nn_classifier.dv \
	tests/scripts/nn_err_activation.dv \
	tests/scripts/nn_err_altered.dv \
	tests/scripts/nn_err_bce.dv \
	tests/scripts/nn_err_cols.dv \
	tests/scripts/nn_err_decode.dv \
	tests/scripts/nn_err_grid.dv \
	tests/scripts/nn_err_kind.dv \
	tests/scripts/nn_err_noimages.dv \
	tests/scripts/nn_err_nolabels.dv \
	tests/scripts/nn_err_notmodel.dv \
	tests/scripts/nn_err_nan.dv \
	tests/scripts/nn_err_notnet.dv \
	tests/scripts/nn_err_oneclass.dv \
	tests/scripts/nn_err_optimizer.dv \
	tests/scripts/nn_err_spec.dv \
	tests/scripts/nn_err_truncated.dv \
	tests/scripts/nn_err_width.dv \
	tests/scripts/nn_save.dv \
	tests/scripts/nn_triplet.dv \
	tests/scripts/nn_vae.dv

TESTS += tests/screen/nn_train.sh

# recurrent cells and the joint embedding's ranking loss (issue 13)
src_libdv_a_SOURCES += src/nn/cells.c src/nn/cells.h src/nn/ops_rank.c src/nn/ops_rank.h
check_PROGRAMS += tests/unit/test_nn_cells
tests_unit_test_nn_cells_SOURCES = tests/unit/test_nn_cells.c tests/unit/gradcheck.h
tests_unit_test_nn_cells_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_nn_cells
