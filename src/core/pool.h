/* pool.h — a fixed team of worker threads for phases of parallel work.
 *
 * threads - 1 workers wait on a condition variable; pool_run hands out
 * tasks 0..ntasks-1 (the calling thread works too) and returns when all
 * are done.  Starting threads for every phase would cost tens of
 * microseconds a time, thousands of times per run (t-SNE iterations,
 * NN-descent blocks, UMAP epochs); the team is started once and woken per
 * phase.  Tasks should write disjoint outputs, so that which thread runs
 * which task never changes a result.
 */
#ifndef DV_CORE_POOL_H
#define DV_CORE_POOL_H

#include <stddef.h>

#include "core/err.h"

typedef struct Pool Pool;
typedef void (*PoolTask)(void *arg, int task);

/* New pool (threads >= 1, at most 64; with 1 no thread is started; when
 * the system refuses a thread, fewer do the work).  Caller frees with
 * pool_free. */
Pool *pool_new(int threads, Err *e);
void pool_free(Pool *p);
/* Threads working (the caller included); 1 for a NULL pool. */
int pool_threads(const Pool *p);
/* Run fn(arg, t) for t in [0, ntasks); p may be NULL (all on the caller). */
void pool_run(Pool *p, int ntasks, PoolTask fn, void *arg);

/* Start of share t of nt over n items: task t does [split(t), split(t+1)). */
static inline size_t pool_split(size_t n, int t, int nt)
{
    return n * (size_t)t / (size_t)nt;
}

#endif
