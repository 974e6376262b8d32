## The bad-input catalogue (issue 11): tests/bad/*.bad run by run_bad in
## one session, each case with its exact message and proof that the next
## statement runs; plus wrong calls of every builtin from the table.
check_PROGRAMS += tests/bad/run_bad
tests_bad_run_bad_LDADD = $(DV_LIBS)
TESTS += tests/bad/run_bad
EXTRA_DIST += tests/bad
