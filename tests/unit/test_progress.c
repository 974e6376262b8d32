/* test_progress.c — the progress line's text (core/progress.c), exactly:
 * what a script prints on stderr about a long job. */
#include <string.h>

#include "core/progress.h"
#include "tests/tap.h"

static int is_str(const char *got, const char *want, const char *name)
{
    int r = ok(strcmp(got, want) == 0, "%s", name);
    if (!r) printf("#   got:  %s\n#   want: %s\n", got, want);
    return r;
}

int main(void)
{
    char buf[256], t[32];
    ProgressInfo sne = {.task = "sne", .done = 210, .total = 500, .unit = "iter",
                        .metric = "KL", .value = 1.2345678};
    progress_format(&sne, 4.2, 0, buf, sizeof buf);
    is_str(buf, "sne: 42% 210/500 iter, 50 iter/s, ETA 0:06, KL 1.235", "a line with total, rate, ETA and metric");
    progress_format(&sne, 4.0, 10, buf, sizeof buf);
    is_str(buf, "sne: 42% 210/500 iter, 50 iter/s, ETA 0:06, KL 1.235", "the rate counts from the first report");
    progress_format(&sne, 0, 0, buf, sizeof buf);
    is_str(buf, "sne: 42% 210/500 iter, KL 1.235", "no rate or ETA before any time has passed");

    ProgressInfo knn = {.task = "tsne", .done = 35000, .total = 70000, .unit = "rows",
                        .note = "nearest neighbours"};
    progress_format(&knn, 2, 0, buf, sizeof buf);
    is_str(buf, "tsne: 50% 35000/70000 rows, 17.5k rows/s, ETA 0:02, nearest neighbours", "thousands as k, a note");
    ProgressInfo w2v = {.task = "word2vec", .done = 3e6, .unit = "words", .metric = "alpha",
                        .value = 0.0213};
    progress_format(&w2v, 2, 0, buf, sizeof buf);
    is_str(buf, "word2vec: 3000000 words, 1.5M words/s, alpha 0.0213", "no total: no percentage or ETA");
    ProgressInfo rate = {.task = "word2vec", .done = 1e6, .total = 5e6, .unit = "words",
                         .metric = "words/s", .value = 403900, .note = "lr 0.0213"};
    progress_format(&rate, 2, 0, buf, sizeof buf);
    is_str(buf, "word2vec: 20% 1000000/5000000 words, 404k words/s, ETA 0:08, lr 0.0213",
           "the job's own rate (404k, not 4.039e+05) stands in for the computed one, not beside it");
    progress_format_done(&rate, 2, 0, 0, buf, sizeof buf);
    is_str(buf, "word2vec: 1000000/5000000 words in 0:02 (500k words/s), lr 0.0213",
           "the last line gives the whole run's rate alone");
    ProgressInfo big = {.task = "job", .done = 1, .total = 5, .unit = "steps", .metric = "tokens/s",
                        .value = 403900};
    progress_format(&big, 2, 0, buf, sizeof buf);
    is_str(buf, "job: 20% 1/5 steps, 0.5 steps/s, ETA 0:08, tokens/s 404k",
           "a metric that is a rate of something else reads as 404k, not 4.039e+05");
    ProgressInfo slow = {.task = "pca", .done = 1, .total = 7};
    progress_format(&slow, 125, 0, buf, sizeof buf);
    is_str(buf, "pca: 14% 1/7 steps, 0.008 steps/s, ETA 12:30", "slow rates, minutes");

    ProgressInfo done = {.task = "sne", .done = 500, .total = 500, .unit = "iter", .metric = "KL",
                         .value = 1.02};
    progress_format_done(&done, 10.4, 0, 0, buf, sizeof buf);
    is_str(buf, "sne: 500/500 iter in 0:10 (48.1 iter/s), KL 1.02", "the last line of a finished job");
    progress_format_done(&sne, 4.4, 0, 1, buf, sizeof buf);
    is_str(buf, "sne: stopped at 210/500 iter after 0:04, KL 1.235", "the last line of a stopped job");

    is_str(progress_time(59.4, t, sizeof t), "0:59", "seconds");
    is_str(progress_time(3725, t, sizeof t), "1:02:05", "hours");
    is_str(progress_time(-1, t, sizeof t), "--:--", "unknown");

    char small[12];
    size_t k = progress_format(&sne, 4.2, 0, small, sizeof small);
    ok(k == 11 && strcmp(small, "sne: 42% 21") == 0, "a short buffer is cut, not overrun (%zu)", k);
    done_testing();
    return tap_failed != 0;
}
