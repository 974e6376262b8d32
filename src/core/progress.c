#include "core/progress.h"

static Progress global_progress;

int progress_report(const Progress *p, const ProgressInfo *info)
{
    if (!p || !p->fn) return 0;
    return p->fn(p->user, info) != 0;
}

const Progress *progress_global(void)
{
    return &global_progress;
}

void progress_set_global(ProgressFn fn, void *user)
{
    global_progress.fn = fn;
    global_progress.user = user;
}
