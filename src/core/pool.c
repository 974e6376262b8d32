/* pool.c — the worker team of pool.h. */
#include <pthread.h>
#include <stdlib.h>

#include "core/pool.h"

#define POOL_MAX 64

struct Pool {
    int threads; /* including the caller */
    int nworkers;
    pthread_t tid[POOL_MAX];
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    unsigned long gen; /* bumped for every run */
    int quit;
    /* the current run */
    PoolTask fn;
    void *arg;
    int ntasks, next, running;
};

/* Take tasks until none are left.  Called with mu held; returns with it. */
static void drain(Pool *p)
{
    while (p->next < p->ntasks) {
        int t = p->next++;
        pthread_mutex_unlock(&p->mu);
        p->fn(p->arg, t);
        pthread_mutex_lock(&p->mu);
    }
}

static void *worker(void *arg)
{
    Pool *p = arg;
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->gen == seen) pthread_cond_wait(&p->go, &p->mu);
        if (p->quit) break;
        seen = p->gen;
        p->running++;
        drain(p);
        if (--p->running == 0) pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

Pool *pool_new(int threads, Err *e)
{
    Pool *p = calloc(1, sizeof *p);
    if (!p) {
        err_nomem(e, sizeof *p, "thread pool");
        return NULL;
    }
    if (threads < 1) threads = 1;
    if (threads > POOL_MAX) threads = POOL_MAX;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->go, NULL);
    pthread_cond_init(&p->done, NULL);
    for (int t = 1; t < threads; t++) {
        if (pthread_create(&p->tid[p->nworkers], NULL, worker, p) != 0) break; /* fewer threads will do */
        p->nworkers++;
    }
    p->threads = p->nworkers + 1;
    return p;
}

void pool_free(Pool *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    for (int t = 0; t < p->nworkers; t++) pthread_join(p->tid[t], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->go);
    pthread_cond_destroy(&p->done);
    free(p);
}

int pool_threads(const Pool *p)
{
    return p ? p->threads : 1;
}

void pool_run(Pool *p, int ntasks, PoolTask fn, void *arg)
{
    if (!p || p->nworkers == 0 || ntasks <= 1) {
        for (int t = 0; t < ntasks; t++) fn(arg, t);
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->fn = fn;
    p->arg = arg;
    p->ntasks = ntasks;
    p->next = 0;
    p->gen++;
    pthread_cond_broadcast(&p->go);
    p->running++;
    drain(p);
    p->running--;
    /* Workers that woke late find no task and leave at once; wait for
     * those still inside a task. */
    while (p->running > 0) pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}
