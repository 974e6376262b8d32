src_libdv_a_SOURCES += \
	src/ui/frontend.h \
	src/ui/term.c \
	src/ui/script.c \
	src/ui/progress_bar.c \
	src/ui/complete.c \
	src/ui/repl.c \
	src/ui/history.c \
	src/ui/entry_check.c
## The ncurses screen: main loop, layout and keys (screen.c), the worker
## thread and its mailbox (screen_job.c), the console pane
## (screen_console.c), the entry being typed (screen_input.c), the plot a
## job's report stands for (screen_curve.c), the ncurses writer of plot
## grids (screen_draw.c).
src_libdv_a_SOURCES += \
	src/ui/screen.c src/ui/screen.h \
	src/ui/screen_job.c src/ui/screen_job.h \
	src/ui/screen_console.c src/ui/screen_console.h \
	src/ui/screen_input.c src/ui/screen_input.h \
	src/ui/screen_curve.c src/ui/screen_curve.h \
	src/ui/screen_draw.c src/ui/screen_draw.h

## Screen tests: dv driven through tmux (skipped when tmux is missing).
TESTS += \
	tests/screen/basics.sh \
	tests/screen/job.sh \
	tests/screen/plot.sh \
	tests/screen/resize.sh \
	tests/screen/looks.sh \
	tests/screen/story.sh \
	tests/screen/history.sh \
	tests/screen/layout.sh \
	tests/screen/color.sh
EXTRA_DIST += tests/screen

check_PROGRAMS += tests/unit/test_screen
tests_unit_test_screen_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_screen
TESTS += tests/scripts/ui_demo.dv tests/scripts/ui_layout.dv

check_PROGRAMS += tests/unit/test_history
tests_unit_test_history_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_history
