src_libdv_a_SOURCES += \
	src/lang/value.c src/lang/value.h \
	src/lang/ctx.c src/lang/ctx.h \
	src/lang/builtin.h src/lang/builtins.c src/lang/args.c \
	src/lang/builtins_core.c \
	src/lang/builtins_io.c \
	src/lang/builtins_plot.c \
	src/lang/builtins_reduce.c \
	src/lang/builtins_embed.c \
	src/lang/builtins_words.c \
	src/lang/builtins_ui.c
