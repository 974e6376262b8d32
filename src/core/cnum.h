/* cnum.h — numbers read and written in the C locale, whatever locale the
 * user runs dv in: "1.5", never "1,5".  Files dv writes load anywhere, and
 * files written elsewhere load under a comma-decimal locale.  These do not
 * depend on setlocale (they use a locale object of their own), so library
 * users and fuzzers get the same behaviour as the dv program. */
#ifndef DV_CORE_CNUM_H
#define DV_CORE_CNUM_H

#include <stdarg.h>
#include <stddef.h>

/* strtof / strtod in the C locale (errno as they set it). */
float cnum_strtof(const char *s, char **end);
double cnum_strtod(const char *s, char **end);

/* snprintf in the C locale. */
int cnum_snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int cnum_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* The shortest decimal (in %g style) that reads back as exactly x: 5.1f
 * gives "5.1", not "5.0999999".  Every float needs at most 9 significant
 * digits (IEEE 754-2008, 5.12.2); any decimal of 6 digits or fewer that
 * rounds to x is what %.6g prints (FLT_DIG = 6), so trying %.6g, %.7g,
 * %.8g, %.9g in turn finds it (subnormals, with fewer digits, try from
 * %.1g), and that is the text this gives.  It is made without printf: the
 * nearest p-digit decimal for p = 1, 2, ... is checked by reading it back
 * with Clinger's exact fast path, which covers every float from about
 * 1e-13 to 1e22; the rest take the printf way.  About as fast as %.9g.
 * NaN as "nan", infinities as "inf"/"-inf".  buf should hold 32 bytes;
 * returns the length written. */
int cnum_format_float(char *buf, size_t n, float x);

#endif
