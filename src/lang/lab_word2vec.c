/* lab_word2vec.c — Lab "word2vec": word arithmetic on GloVe, skip-gram
 * with negative sampling trained on the King James Bible (Mikolov et al.
 * 2013), what makes training reproducible, and what a small corpus cannot
 * learn.  The checks answer the learner's analogies themselves, as
 * analogy() does (b - a + c, nearest by cosine, inputs left out), and
 * compare the learner's two trainings number by number. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/nearest.h"
#include "lang/lab.h"
#include "lang/lab_check.h"

/* The embedding in variable name (a word2vec model stands for its
 * vectors). */
static int get_emb(Ctx *ctx, const char *name, const char *make, Mat **E, char *why, size_t n)
{
    Value *v = lab_var(ctx, name);
    if (v && v->kind == VAL_MODEL) v = val_model_get(v, "vectors");
    if (!v) return lab_no(why, n, "there is no variable %s yet: %s makes it.", name, make);
    if (v->kind != VAL_MAT || !v->u.mat->row_names)
        return lab_no(why, n,
                      "%s is not an embedding (a matrix whose rows are words): %s makes it.", name,
                      make);
    *E = v->u.mat;
    return 1;
}

/* The answer E gives to a : b :: c : ?, into *word (borrowed from E);
 * rows of the four words in r (r[3] for d may be -1).  Returns 1, 0 with
 * why when a word is unknown, -1 on error. */
static int answer(Mat *E, const char *ename, const char **w, const char **word, char *why, size_t n,
                  Err *e)
{
    long r[3];
    for (int i = 0; i < 3; i++)
        if ((r[i] = mat_find_row(E, w[i])) < 0)
            return lab_no(why, n, "%s does not know the word '%s'.", ename, w[i]);
    float *q = malloc(E->cols * sizeof *q);
    if (!q) return err_nomem(e, E->cols * sizeof *q, "lab word2vec");
    for (size_t j = 0; j < E->cols; j++)
        q[j] = MAT_AT(E, r[1], j) - MAT_AT(E, r[0], j) + MAT_AT(E, r[2], j);
    long idx;
    double sim;
    int got = nearest_cosine(E, q, 0, r, 3, 1, &idx, &sim, e);
    free(q);
    if (got < 0) return -1;
    if (got == 0) return lab_no(why, n, "%s has no word besides the three given.", ename);
    *word = E->row_names[idx];
    return 1;
}

static int all_different(const char **w)
{
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            if (strcmp(w[i], w[j]) == 0) return 0;
    return 1;
}

/* The analogy in the lab's own text does not count as the learner's. */
static int is_example(const char **w)
{
    static const char *ex[][4] = {{"man", "woman", "king", "queen"},
                                  {"paris", "france", "rome", "italy"}};
    for (int k = 0; k < 2; k++) {
        int same = 1;
        for (int i = 0; i < 4; i++)
            same &= strcmp(w[i], ex[k][i]) == 0;
        if (same) return 1;
    }
    return 0;
}

static int check_own_analogy(Ctx *ctx, char *why, size_t n, Err *e)
{
    Mat *E;
    const char *w[4], *got;
    if (!get_emb(ctx, "E", "lab word2vec", &E, why, n)) return 0;
    if (!lab_get_words(ctx, "q", 4, "q = [\"a\", \"b\", \"c\", \"d\"]", w, why, n)) return 0;
    if (!all_different(w)) return lab_no(why, n, "the four words of q must all differ.");
    if (is_example(w))
        return lab_no(why, n, "that one is the lab's own example; find an analogy of your own.");
    if (mat_find_row(E, w[3]) < 0) return lab_no(why, n, "E does not know the word '%s'.", w[3]);
    int r = answer(E, "E", w, &got, why, n, e);
    if (r <= 0) return r;
    if (strcmp(got, w[3]) != 0)
        return lab_no(why, n,
                      "the word nearest to %s - %s + %s in E is '%s', not '%s': try another.", w[1],
                      w[0], w[2], got, w[3]);
    return lab_yes(why, n, "%s is to %s as %s is to %s: GloVe agrees.", w[0], w[1], w[2], w[3]);
}

static int check_trained(Ctx *ctx, char *why, size_t n, Err *e)
{
    Value *W;
    Mat *V;
    if (!lab_get_model(ctx, "W", "word2vec", "W = word2vec(\"data:kjv.txt.gz\", threads=1)", &W,
                       why, n))
        return 0;
    if (!get_emb(ctx, "W", "W = word2vec(...)", &V, why, n)) return 0;
    double threads = lab_field_num(W, "threads", 1);
    if (threads != 1)
        return lab_no(
            why, n,
            "W was trained with %g threads, which race each other: its vectors change from run to "
            "run.  Train it after seed 1 with threads=1.",
            threads);
    const char *w[3] = {"man", "woman", "king"}, *got;
    char said[160] = "";
    int r = answer(V, "W", w, &got, why, n, e);
    if (r < 0) return -1;
    if (r > 0) snprintf(said, sizeof said, "; in it, man is to woman as king is to %s", got);
    return lab_yes(why, n, "W holds %zu words of %zu dimensions%s.", V->rows, V->cols, said);
}

static int check_reproducible(Ctx *ctx, char *why, size_t n, Err *e)
{
    Mat *A, *B;
    double gap;
    if (!get_emb(ctx, "W", "W = word2vec(...)", &A, why, n)) return 0;
    if (!get_emb(ctx, "W2", "seed 1, then W2 = word2vec(...) with W's settings", &B, why, n))
        return 0;
    if (A == B) return lab_no(why, n, "W2 is W itself; train it again.");
    if (A->rows != B->rows || A->cols != B->cols)
        return lab_no(
            why, n,
            "W.vectors is %zux%zu and W2.vectors %zux%zu: train both on the same corpus with the "
            "same settings.",
            A->rows, A->cols, B->rows, B->cols);
    for (size_t i = 0; i < A->rows; i++)
        if (strcmp(A->row_names[i], B->row_names[i]) != 0)
            return lab_no(
                why, n,
                "W and W2 have different vocabularies (word %zu is '%s' and '%s'): train both on "
                "the same corpus with the same min_count.",
                i, A->row_names[i], B->row_names[i]);
    if (!lab_get_num(ctx, "gap", "gap = max(abs(W.vectors - W2.vectors))", &gap, why, n)) return 0;
    double d = 0;
    for (size_t i = 0; i < A->rows * A->cols; i++) {
        double x = fabs((double)A->data[i] - B->data[i]);
        if (x > d) d = x;
    }
    if (d > 0)
        return lab_no(why, n,
                      "W and W2 differ by up to %.3g: several threads update the same vectors in a "
                      "race, and a "
                      "different seed starts elsewhere; train both after seed 1 with threads=1.",
                      d);
    if (gap != 0)
        return lab_no(why, n,
                      "gap is %.4g, but W and W2 are identical: the largest difference is 0.", gap);
    return lab_yes(
        why, n,
        "W and W2 are identical, all %zu x %zu numbers: one thread and one seed make training "
        "repeatable.",
        A->rows, A->cols);
}

static int check_small_corpus(Ctx *ctx, char *why, size_t n, Err *e)
{
    Mat *E, *V;
    const char *w[4], *from_e, *from_w;
    if (!get_emb(ctx, "E", "lab word2vec", &E, why, n)) return 0;
    if (!get_emb(ctx, "W", "W = word2vec(...)", &V, why, n)) return 0;
    if (!lab_get_words(ctx, "fails", 4, "fails = [\"a\", \"b\", \"c\", \"d\"]", w, why, n))
        return 0;
    if (!all_different(w)) return lab_no(why, n, "the four words of fails must all differ.");
    for (int i = 0; i < 4; i++) {
        if (mat_find_row(E, w[i]) < 0)
            return lab_no(why, n, "GloVe (E) does not know '%s'; use words both know.", w[i]);
        if (mat_find_row(V, w[i]) < 0)
            return lab_no(
                why, n,
                "W does not know '%s': the King James Bible never uses it (or fewer than min_count "
                "times); use words both know.",
                w[i]);
    }
    int r = answer(E, "E", w, &from_e, why, n, e);
    if (r <= 0) return r;
    if ((r = answer(V, "W", w, &from_w, why, n, e)) <= 0) return r;
    if (strcmp(from_e, w[3]) != 0)
        return lab_no(
            why, n, "GloVe answers '%s', not '%s': the exercise wants an analogy GloVe gets right.",
            from_e, w[3]);
    if (strcmp(from_w, w[3]) == 0)
        return lab_no(why, n,
                      "W answers '%s' too: the corpus supports this one; find one it does not.",
                      from_w);
    return lab_yes(
        why, n,
        "GloVe answers '%s', W answers '%s': %zu words of one book against six billion tokens "
        "of the web and news.",
        from_e, from_w, V->rows);
}

static const LabStep steps[] = {
    {"Word arithmetic",
     "E holds GloVe vectors for the 10,000 most frequent English words.  After use E, a bare word "
     "is its "
     "vector, and a vector made from words is shown as its nearest words, leaving out those used.\n"
     "\n"
     "    use E\n"
     "    king - man + woman\n"
     "    analogy(\"paris\", \"france\", \"rome\")\n"
     "    nearest(\"physics\", 10)\n",
     "Find an analogy of your own that GloVe answers right: set `q` to four words [a, b, c, d] "
     "such that d is "
     "the word nearest to b - a + c (a, b and c left out), as analogy(a, b, c) shows.",
     "Try relations the web writes about often: countries and capitals, male and female, verb "
     "tenses, "
     "plurals.",
     check_own_analogy},
    {"Training on a small corpus",
     "word2vec learns vectors by predicting, for each word, the words around it (skip-gram), "
     "against a few "
     "random words drawn from the corpus (negative sampling).  The King James Bible has 790,000 "
     "words.  One "
     "thread and a seed make the training repeatable:\n"
     "\n"
     "    seed 1\n"
     "    W = word2vec(\"data:kjv.txt.gz\", threads=1)\n"
     "    use W.vectors\n"
     "    analogy(\"man\", \"woman\", \"king\")\n"
     "    nearest(\"moses\", 5)\n",
     "Make `W`, word vectors trained on the King James Bible as above.",
     "W = word2vec(\"data:kjv.txt.gz\", threads=1), after seed 1.", check_trained},
    {"Reproducible training",
     "With several threads, word2vec's workers update the same vectors without locks (Hogwild), so "
     "the "
     "result changes from run to run; with threads=1 it depends only on the seed.\n"
     "\n"
     "    seed 1\n"
     "    W2 = word2vec(\"data:kjv.txt.gz\", threads=1)\n",
     "Train `W2` with the same seed and settings as W, and set `gap` to the largest absolute "
     "difference "
     "between W.vectors and W2.vectors.",
     "max(abs(W.vectors - W2.vectors)); type seed 1 again right before training W2.",
     check_reproducible},
    {"What a small corpus cannot do",
     "Analogies need each relation to appear in many contexts.  A book about kings and prophets "
     "supports "
     "family and kingship, hardly capitals or comparatives.  Score both embeddings on the "
     "questions written "
     "from the Bible's own words:\n"
     "\n"
     "    analogies(W.vectors, \"data:kjv-analogies.txt\")\n"
     "    analogies(E, \"data:kjv-analogies.txt\")\n",
     "Find an analogy that GloVe answers right and W answers wrong, with all four words known to "
     "both: set "
     "`fails` to [a, b, c, d].",
     "analogy(a, b, c, E=E) and analogy(a, b, c, E=W) answer with each embedding.",
     check_small_corpus},
    {NULL, NULL, NULL, NULL, NULL},
};

static const LabData data[] = {{"E", "data:glove.6B.100d.top10k.txt.gz", NULL, NULL, 0, 0, NULL},
                               {NULL, NULL, NULL, NULL, 0, 0, NULL}};

const Lab lab_word2vec = {
    "word2vec",
    "Word vectors: arithmetic, training, and a small corpus",
    "use, analogy, nearest, word2vec, analogies, seed; GloVe vectors and the King James Bible",
    "- do arithmetic with word vectors and read analogies from it;\n"
    "- train skip-gram word vectors with negative sampling on a corpus of your own;\n"
    "- make a training run repeatable, and know why threads break that;\n"
    "- see what a small corpus can and cannot teach.\n",
    "Skip-gram (Mikolov et al., 2013) gives each word w an input vector v_w and an output vector "
    "v'_w.  For "
    "each word w_I and each word w_O within the window around it, negative sampling maximises\n"
    "\n"
    "    log s(v'_wO . v_wI) + sum_(k=1..K) log s(-v'_wk . v_wI),   s(x) = 1 / (1 + e^-x)\n"
    "\n"
    "where the K negative words w_k are drawn from the unigram distribution raised to the power "
    "3/4.  "
    "Frequent words are subsampled.  Words that share contexts end up with similar vectors, and "
    "some "
    "relations become directions: the analogy a : b :: c : ? is answered by\n"
    "\n"
    "    argmax over words w not in {a, b, c} of cos(v_w, v_b - v_a + v_c)\n"
    "\n"
    "GloVe (Pennington et al., 2014) fits vectors to the logarithms of co-occurrence counts of a "
    "much larger "
    "corpus; its vectors answer the same kind of question.\n",
    data,
    "- `E`: GloVe's 100-dimensional vectors for the 10,000 most frequent English words.\n",
    steps,
    "- Which kinds of analogy does analogies() say the Bible supports: family, kings of lands, "
    "plurals, past "
    "tenses?\n"
    "- Train with window=2 and window=10: what happens to nearest(\"moses\", 5)?\n"
    "- Why does king - man + woman leave out king, and what is nearest to it when nothing is left "
    "out?\n",
    "word2vec is deterministic only with threads=1: seed 1 then word2vec(..., threads=1) gives the "
    "same "
    "vectors on every run and every machine with the same build.  With that setting, "
    "analogy(\"man\", "
    "\"woman\", \"king\") on the King James Bible answers queen (for every seed we tried).  With "
    "several "
    "threads, runs differ, and some answer esther instead.\n",
};
