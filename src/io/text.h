/* text.h — whitespace-separated numbers (.txt, .dat). */
#ifndef DV_IO_TEXT_H
#define DV_IO_TEXT_H

#include "core/err.h"
#include "core/mat.h"
#include "io/load.h"

/* One row per line, numbers separated by spaces or tabs; '#' starts a
 * comment to the end of the line; blank lines are skipped; NA, nan and
 * inf are read as such.  Every row must have the first row's count.
 * *out receives a new matrix (caller frees).  Errors name file:line and
 * the column (1-based).  o (may be NULL) receives notes (io_note). */
int text_load(const char *path, const LoadOpts *o, Mat **out, Err *e);

/* 1 when the first bytes (head, n of them) look like rows of
 * whitespace-separated numbers: no separators other than spaces and tabs,
 * every token of the first few non-comment lines a number. */
int text_sniff(const char *head, size_t n);

#endif
