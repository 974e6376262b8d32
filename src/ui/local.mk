src_libdv_a_SOURCES += \
	src/ui/frontend.h \
	src/ui/term.c \
	src/ui/script.c \
	src/ui/progress_bar.c \
	src/ui/repl.c
src_libdv_a_SOURCES += src/ui/screen.c src/ui/screen.h
