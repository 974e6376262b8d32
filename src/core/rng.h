/* rng.h — seeded random numbers (xoshiro256**, Blackman & Vigna 2018).
 * Every random algorithm in dv draws from an Rng it is given, so `seed N`
 * makes a script reproducible. */
#ifndef DV_CORE_RNG_H
#define DV_CORE_RNG_H

#include <stdint.h>

typedef struct Rng {
    uint64_t s[4];
    int has_spare;
    double spare;
} Rng;

/* Seed with splitmix64 so any 64-bit seed gives a well-mixed state. */
void rng_seed(Rng *r, uint64_t seed);
uint64_t rng_u64(Rng *r);
/* Uniform in [0, 1). */
double rng_uniform(Rng *r);
/* Uniform integer in [0, n). */
uint64_t rng_below(Rng *r, uint64_t n);
/* Standard normal (Marsaglia polar method). */
double rng_normal(Rng *r);
/* A new independent stream derived from r (for worker threads). */
void rng_split(Rng *r, Rng *child);

/* The session's generator, used by the language's random builtins. */
Rng *rng_global(void);

#endif
