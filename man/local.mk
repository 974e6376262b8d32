## The man pages and the labs' tests.  dv(1) is the program's page; dv-lang(7) (the language
## and the builtin reference), dv-labs(7) (the list of labs) and one page
## per lab, dv-lab-NAME(7), are printed by dv itself from its builtin and
## lab tables at build time, so they cannot drift from the program.
## [@]VERSION[@] keeps config.status from substituting the pattern itself.
DV_LABS = pca lda sne tsne word2vec autoencoder cnn triplet gan text2image rnn
DV_LAB_MANS = man/dv-lab-pca.7 man/dv-lab-lda.7 man/dv-lab-sne.7 \
	man/dv-lab-tsne.7 man/dv-lab-word2vec.7 man/dv-lab-autoencoder.7 \
	man/dv-lab-cnn.7 man/dv-lab-triplet.7 man/dv-lab-gan.7 \
	man/dv-lab-text2image.7 man/dv-lab-rnn.7
man_MANS = man/dv.1 man/dv-lang.7 man/dv-labs.7 $(DV_LAB_MANS)
CLEANFILES += $(man_MANS) man/labs.stamp
EXTRA_DIST += man/dv-labs.7.in
DV_MAN_VERSION = sed -e 's/[@]VERSION[@]/$(VERSION)/g' -e 's|[@]PKGDATADIR[@]|$(pkgdatadir)|g'

man/dv.1: $(srcdir)/man/dv.1.in $(DV_MAN1_SECTIONS)
	$(AM_V_GEN)$(MKDIR_P) man && cat /dev/null $(DV_MAN1_SECTIONS) > $@.sections && \
	$(DV_MAN_VERSION) -e '/^@SECTIONS@$$/{r $@.sections' -e 'd;}' $(srcdir)/man/dv.1.in > $@.tmp && \
	rm -f $@.sections && mv $@.tmp $@

man/dv-lang.7: $(srcdir)/man/dv-lang.7.in $(DV_MAN_SECTIONS) src/dv$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) man && src/dv$(EXEEXT) --reference > $@.reference && \
	cat /dev/null $(DV_MAN_SECTIONS) > $@.sections && \
	$(DV_MAN_VERSION) -e '/^@REFERENCE@$$/{r $@.reference' -e 'd;}' \
	    -e '/^@SECTIONS@$$/{r $@.sections' -e 'd;}' $(srcdir)/man/dv-lang.7.in > $@.tmp && \
	rm -f $@.reference $@.sections && mv $@.tmp $@

man/dv-labs.7: $(srcdir)/man/dv-labs.7.in src/dv$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) man && src/dv$(EXEEXT) --lab-index > $@.index && \
	$(DV_MAN_VERSION) -e '/^@LABS@$$/{r $@.index' -e 'd;}' $(srcdir)/man/dv-labs.7.in > $@.tmp && \
	rm -f $@.index && mv $@.tmp $@

# All lab pages at once, from one run per lab.
$(DV_LAB_MANS): man/labs.stamp
man/labs.stamp: src/dv$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) man && for l in $(DV_LABS); do \
	    src/dv$(EXEEXT) --lab-man $$l > man/dv-lab-$$l.7.tmp && mv man/dv-lab-$$l.7.tmp man/dv-lab-$$l.7 || exit 1; \
	done && touch $@

# Every page renders without a warning; every lab has its page; every
# lab's steps run with their checks; the engine from scripts, the command
# line and a real prompt; the lecture script in its quick mode.
TESTS += tests/man.sh tests/labs.sh tests/lab_engine.sh tests/lab_repl.sh tests/lab_screen.sh \
	tests/lecture.sh
EXTRA_DIST += tests/man.sh tests/labs.sh tests/lab_engine.sh tests/lab_repl.sh tests/lab_screen.sh \
	tests/lecture.sh
check_SCRIPTS += $(man_MANS)

# The progress file, the text markup and roff, every lab's shape.
check_PROGRAMS += tests/unit/test_lab
tests_unit_test_lab_LDADD = $(DV_LIBS)
TESTS += tests/unit/test_lab
