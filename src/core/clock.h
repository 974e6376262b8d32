/* clock.h — wall-clock seconds on a monotonic clock, for timings,
 * progress rates and ETAs. */
#ifndef DV_CORE_CLOCK_H
#define DV_CORE_CLOCK_H

#include <time.h>

static inline double clock_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

#endif
