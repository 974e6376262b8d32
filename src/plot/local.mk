## src/plot: the cell grid, the braille canvas, plot kinds, text and SVG output
src_libdv_a_SOURCES += \
	src/plot/plot.c src/plot/plot.h src/plot/plot_impl.h \
	src/plot/plot_kinds.c \
	src/plot/grid.c src/plot/grid.h \
	src/plot/ansi.c \
	src/plot/axes.c src/plot/axes.h \
	src/plot/canvas.c src/plot/canvas.h \
	src/plot/view.c \
	src/plot/xy.c \
	src/plot/bars.c \
	src/plot/image.c \
	src/plot/heatmap.c \
	src/plot/svg.c \
	src/plot/png.c src/plot/png.h

check_PROGRAMS += tests/unit/test_plot_golden
tests_unit_test_plot_golden_SOURCES = tests/unit/test_plot_golden.c tests/unit/plot_fixtures.h
tests_unit_test_plot_golden_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_plot_golden
check_PROGRAMS += tests/unit/test_plot
tests_unit_test_plot_SOURCES = tests/unit/test_plot.c tests/unit/plot_fixtures.h
tests_unit_test_plot_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_plot
TESTS += \
	tests/scripts/plot_scatter.dv \
	tests/scripts/plot_curve.dv \
	tests/scripts/plot_bars.dv \
	tests/scripts/plot_bars_small.dv \
	tests/scripts/plot_images.dv \
	tests/scripts/plot_err_aspect.dv \
	tests/scripts/plot_err_shape.dv \
	tests/scripts/plot_err_by.dv \
	tests/scripts/plot_err_curve.dv
