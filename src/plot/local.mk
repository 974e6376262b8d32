src_libdv_a_SOURCES += \
	src/plot/plot.c src/plot/plot.h src/plot/plot_impl.h \
	src/plot/grid.c src/plot/grid.h \
	src/plot/axes.c src/plot/axes.h \
	src/plot/render.c \
	src/plot/svg.c
