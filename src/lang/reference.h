/* reference.h — the language reference printed from the tables themselves
 * (`dv --reference`): sections, builtins with their signatures, parameter
 * types and defaults, help lines, examples and flags, and matrix fields.
 *
 * Formats:
 *   "roff"  the man page's builtin reference (.SS per section, .TP per builtin)
 *   "text"  one fact per line, fields separated by tabs, for scripts, tests
 *           and page generators:
 *             section  NAME  TITLE
 *             builtin  NAME  SECTION  SIGNATURE  HELP  EXAMPLE  FLAGS
 *             param    BUILTIN  INDEX  NAME  TYPE  DEFAULT   (DEFAULT empty: required)
 *             field    matrix  NAME  HELP
 *             keyword  NAME  HELP
 *           FLAGS is a comma-separated list (name_args, words_in_E, none_args) or "-";
 *           a missing EXAMPLE is "-".
 */
#ifndef DV_LANG_REFERENCE_H
#define DV_LANG_REFERENCE_H

#include <stdio.h>

#include "core/err.h"
#include "lang/builtin.h"

/* Write the reference in format ("roff" or "text") to out.  Returns 0, or
 * -1 with e set for an unknown format. */
int reference_write(FILE *out, const char *format, Err *e);

/* The name of a parameter type as messages and the reference print it:
 * "matrix", "integer", ... */
const char *reference_type_name(ParamType t);

#endif
