src_libdv_a_SOURCES += \
	src/io/load.h
