/* gen.h — a grammar-aware generator of dv source for the fuzz targets.
 *
 * libFuzzer mutates bytes; mutating dv source byte by byte rarely gets past
 * the parser and never builds 20,000 nested brackets.  The generator reads
 * the fuzzer's bytes as a sequence of choices instead (which statement,
 * which operator, which builtin, how deep, how long) and writes a program
 * that is mostly well-formed, so that the mutations explore the evaluator
 * and the builtins.  Builtin calls come from the builtin table
 * (builtin_at), with arguments of the parameter types the table states
 * (and, now and then, of the wrong type), so a new builtin is fuzzed as
 * soon as its row exists.  "Stress" choices write what byte mutation
 * cannot reach: deep nesting of brackets, lists and unary minus, and long
 * operator chains, up to GEN_STRESS_MAX.
 *
 * String literals come from a fixed dictionary of names without '/' (file
 * names in the current folder, method names, words), so a generated
 * program cannot touch files outside the folder the target runs in.
 */
#ifndef DV_TESTS_FUZZ_GEN_H
#define DV_TESTS_FUZZ_GEN_H

#include <stddef.h>
#include <stdint.h>

/* Longest generated chain or deepest generated nesting. */
#ifndef GEN_STRESS_MAX /* make fuzz FUZZ_STRESS_MAX=N lowers it */
#define GEN_STRESS_MAX 40000
#endif

/* The program the bytes choose, NUL-terminated; *len is its length.  sep
 * ends each top-level statement ("\n" for a script; a byte that cannot
 * occur otherwise, such as "\x1e", to run the statements one by one as a
 * REPL does).  Returns malloc'd text (caller frees), or NULL when out of
 * memory. */
char *gen_program(const uint8_t *data, size_t size, const char *sep, size_t *len);

#endif
