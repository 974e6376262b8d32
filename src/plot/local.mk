src_libdv_a_SOURCES += \
	src/plot/plot.c src/plot/plot.h
