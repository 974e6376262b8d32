/* datapath.h — file names with a data: prefix, so examples and labs find
 * their data from any directory.
 *
 * load("data:iris.csv") looks for iris.csv, in order, in the folders of
 * DV_DATA (separated by ':'), in the data installed with dv
 * ($(pkgdatadir)/data, where `make install` copies examples/data), and in
 * the source tree's examples/data (a dv that was built but not
 * installed).  A name without the prefix is used as it is.  The builtins
 * that read files (load, word2vec, analogies, wordsim) resolve their file
 * names here. */
#ifndef DV_LANG_DATAPATH_H
#define DV_LANG_DATAPATH_H

#include <stddef.h>

#include "core/err.h"

#define DATAPATH_PREFIX "data:"

/* The file name stands for: name itself, or for "data:REST" the first
 * folder's REST that exists, written into buf (n bytes).  Returns name or
 * buf, or NULL with e set about parameter `index` of builtin f ("load: no
 * data file 'REST' (looked in A, B, C; ...)"). */
const char *datapath_resolve(const char *f, int index, const char *name, char *buf, size_t n, Err *e);

/* The folders searched, in order (existing or not): i = 0, 1, ... until
 * NULL.  The strings live until DV_DATA changes. */
const char *datapath_dir(size_t i);

#endif
