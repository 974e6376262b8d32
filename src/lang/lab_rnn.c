/* lab_rnn.c — Lab "rnn": a recurrent language model of the King James
 * Bible's characters (Karpathy's char-rnn in miniature): perplexity
 * against a uniform guess, bits per character, greedy sampling, and a
 * plain RNN against an LSTM.  The checks read the learner's models
 * (train/rnn.h) and sample from them themselves. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "lang/builtins_seq.h"
#include "lang/lab.h"
#include "lang/lab_check.h"
#include "train/rnn.h"

#define MAKE_M "m = rnn(\"data:kjv.txt.gz\", hidden=64, limit=50000, epochs=3)"
#define MAKE_R "r = rnn(\"data:kjv.txt.gz\", hidden=64, limit=50000, epochs=3, kind=\"rnn\")"
#define PREFIX "And God said"
#define GREEDY_N 60

/* The language model in variable name: characters, trained, with held-out
 * text. */
static int get_lm(Ctx *ctx, const char *name, const char *make, const RnnModel **m, char *why,
                  size_t n)
{
    Value *v;
    if (!lab_get_model(ctx, name, "rnn", make, &v, why, n)) return 0;
    if (!seq_value_is_rnn(v)) return lab_no(why, n, "%s is not a language model: %s.", name, make);
    *m = v->u.model->impl;
    if ((*m)->words)
        return lab_no(why, n,
                      "%s reads words; this lab's models read characters (level=\"char\"): %s.",
                      name, make);
    if (!(*m)->epochs) return lab_no(why, n, "%s has not trained an epoch yet: %s.", name, make);
    if (!(*m)->val_tokens || !isfinite((*m)->ppl_val[(*m)->epochs - 1]))
        return lab_no(why, n,
                      "%s held no text out, so it has no held-out perplexity: keep validation "
                      "above 0 (%s).",
                      name, make);
    return 1;
}

static int check_uniform(Ctx *ctx, char *why, size_t n, Err *e)
{
    const RnnModel *m;
    double u;
    if (!get_lm(ctx, "m", MAKE_M, &m, why, n)) return 0;
    if (!lab_get_num(ctx, "uniform", "uniform = the perplexity of a uniform guess", &u, why, n))
        return 0;
    if (u != (double)m->vocab) {
        if (u == 26 || u == 52)
            return lab_no(why, n,
                          "uniform = %g counts letters; m's vocabulary also has spaces, "
                          "punctuation, digits and line ends: %zu symbols (m.vocab).",
                          u, m->vocab);
        return lab_no(why, n,
                      "uniform = %g; a model that gives each of m's %zu symbols the same "
                      "probability 1/V has perplexity exp(-log(1/V)) = V.",
                      u, m->vocab);
    }
    size_t last = m->epochs - 1;
    return lab_yes(why, n,
                   "a uniform guess has perplexity %zu; m's held-out perplexity went from %.3g "
                   "to %.3g in %zu epochs: it is as unsure as a choice among %.1f characters.",
                   m->vocab, m->ppl_val[0], m->ppl_val[last], m->epochs, m->ppl_val[last]);
}

static int check_bits(Ctx *ctx, char *why, size_t n, Err *e)
{
    const RnnModel *m;
    double b;
    if (!get_lm(ctx, "m", MAKE_M, &m, why, n)) return 0;
    if (!lab_get_num(ctx, "bpc", "bpc = log(m.perplexity[m.epochs - 1]) / log(2)", &b, why, n))
        return 0;
    double ppl = m->ppl_val[m->epochs - 1], want = log2(ppl);
    if (lab_close(b, want, 1e-4, 1e-6))
        return lab_yes(why, n,
                       "m needs %.3g bits a character on text it never saw; a uniform guess "
                       "needs log2(%zu) = %.3g, and Shannon (1951) put English at about 1.",
                       want, m->vocab, log2((double)m->vocab));
    if (lab_close(b, log(ppl), 1e-4, 1e-6))
        return lab_no(why, n,
                      "bpc = %.4g is in nats (the natural log); bits are log base 2: "
                      "log(x) / log(2).",
                      b);
    if (lab_close(b, log2(m->ppl_train[m->epochs - 1]), 1e-4, 1e-6))
        return lab_no(why, n,
                      "bpc = %.4g comes from the training perplexity (m.loss); the exercise asks "
                      "for the held-out one, m.perplexity.",
                      b);
    return lab_no(why, n,
                  "bpc = %.4g is not log2 of m's held-out perplexity at its last epoch (%.4g).", b,
                  ppl);
}

static int check_greedy(Ctx *ctx, char *why, size_t n, Err *e)
{
    const RnnModel *m;
    const char *s;
    if (!get_lm(ctx, "m", MAKE_M, &m, why, n)) return 0;
    if (!lab_get_str(ctx, "greedy", "greedy = sample(m, \"" PREFIX "\", 60, temperature=0)", &s,
                     why, n))
        return 0;
    if (strncmp(s, PREFIX, strlen(PREFIX)) != 0)
        return lab_no(why, n,
                      "greedy should start with the prefix \"%s\": sample(m, \"%s\", 60, "
                      "temperature=0).",
                      PREFIX, PREFIX);
    Rng r;
    rng_seed(&r, 1); /* temperature 0 draws nothing */
    char *want = rnn_sample(m, PREFIX, GREEDY_N, 0, &r, NULL, e);
    if (!want) return -1;
    int same = strcmp(s, want) == 0;
    size_t len = strlen(want) - strlen(PREFIX);
    free(want);
    if (!same)
        return lab_no(why, n,
                      "greedy is not m's likeliest continuation of \"%s\": at temperature 0 "
                      "sample takes the most likely character every time (sample(m, \"%s\", "
                      "60, temperature=0)).",
                      PREFIX, PREFIX);
    return lab_yes(why, n,
                   "greedy is m's likeliest continuation, %zu characters after \"%s\". Taking "
                   "the likeliest character every time soon loops; a temperature of 0.5 to 1 "
                   "trades the loops for mistakes.",
                   len, PREFIX);
}

static int check_cells(Ctx *ctx, char *why, size_t n, Err *e)
{
    const RnnModel *m, *r;
    const char *better;
    if (!get_lm(ctx, "m", MAKE_M, &m, why, n) || !get_lm(ctx, "r", MAKE_R, &r, why, n)) return 0;
    if (m->cell != NN_CELL_LSTM)
        return lab_no(why, n, "m is a %s; this step compares rnn's default, an lstm, with r.",
                      nn_cell_name(m->cell));
    if (r->cell != NN_CELL_RNN)
        return lab_no(why, n, "r is a %s; this step wants a plain RNN: %s.", nn_cell_name(r->cell),
                      MAKE_R);
    if (r->vocab != m->vocab || r->train_tokens != m->train_tokens || r->epochs != m->epochs)
        return lab_no(why, n,
                      "r did not learn what m learned (text, limit, epochs): train it as m, with "
                      "kind=\"rnn\": %s.",
                      MAKE_R);
    if (!lab_get_str(ctx, "better", "better = \"lstm\" or \"rnn\"", &better, why, n)) return 0;
    if (strcmp(better, "lstm") != 0 && strcmp(better, "rnn") != 0)
        return lab_no(why, n, "better is \"%s\"; it should be \"lstm\" or \"rnn\".", better);
    double pm = m->ppl_val[m->epochs - 1], pr = r->ppl_val[r->epochs - 1];
    const char *want = pm <= pr ? "lstm" : "rnn";
    if (strcmp(better, want) != 0)
        return lab_no(why, n,
                      "the %s's held-out perplexity, %.4g, is not the lower: compare "
                      "m.perplexity and r.perplexity at their last epoch.",
                      better, strcmp(better, "lstm") == 0 ? pm : pr);
    return lab_yes(why, n,
                   "after %zu epochs the LSTM's held-out perplexity is %.4g and the plain RNN's "
                   "%.4g. Early on a simple cell can lead; the LSTM's gates pay off on long "
                   "dependencies and long training.",
                   m->epochs, pm, pr);
}

static const LabStep steps[] = {
    {"A language model of characters",
     "A recurrent network reads a text one character at a time and predicts the next.  Train "
     "one on the first 50,000 characters of the King James Bible (the last tenth is held out):\n"
     "\n"
     "    seed 1\n"
     "    m = rnn(\"data:kjv.txt.gz\", hidden=64, limit=50000, epochs=3)\n"
     "    print m.vocab, m.tokens, m.held_out\n"
     "    curve m.loss, m.perplexity, names=[\"training\", \"held out\"]\n"
     "\n"
     "Perplexity is exp of the mean cross-entropy of its predictions: the number of equally "
     "likely characters the model is as unsure as.\n",
     "Make `m` and set `uniform` to the perplexity of a model that gives every symbol of m's "
     "vocabulary the same probability.",
     "Every symbol gets 1/V; exp(-log(1/V)) is V, and m.vocab is V.", check_uniform},
    {"Bits per character",
     "Cross-entropy in bits is how compressible the text is to the model: a coder driven by its "
     "predictions spends that many bits a character.\n"
     "\n"
     "    print m.perplexity\n"
     "    print log(m.vocab) / log(2)\n",
     "Set `bpc` to m's held-out cross-entropy at its last epoch, in bits per character.",
     "log2 of the perplexity: log(m.perplexity[m.epochs - 1]) / log(2).", check_bits},
    {"Writing, greedily",
     "sample(m, prefix, n) reads the prefix, then draws n characters one at a time from the "
     "model's predictions divided by a temperature; at temperature 0 it takes the likeliest "
     "character every time:\n"
     "\n"
     "    print sample(m, \"And God said\", 60, temperature=0)\n"
     "    print sample(m, \"And God said\", 60, temperature=0.7)\n"
     "    print sample(m, \"And God said\", 60, temperature=1.5)\n",
     "Set `greedy` to the 60 characters m writes after \"And God said\" at temperature 0 (with "
     "the prefix, as sample returns it).",
     "greedy = sample(m, \"And God said\", 60, temperature=0).", check_greedy},
    {"Gates against a plain RNN",
     "A plain (Elman) RNN squashes everything it remembers through one tanh a step, and its "
     "gradients vanish over long spans; the LSTM's gates decide what to keep.  Train a plain "
     "one on the same text:\n"
     "\n"
     "    seed 1\n"
     "    r = rnn(\"data:kjv.txt.gz\", hidden=64, limit=50000, epochs=3, kind=\"rnn\")\n"
     "    print m.perplexity, r.perplexity\n"
     "    print sample(r, \"And God said\", 60, temperature=0)\n",
     "Which model, m (an LSTM) or r (a plain RNN), predicts the held-out text better?  Set "
     "`better` to \"lstm\" or \"rnn\".",
     "The lower held-out perplexity at the last epoch wins.", check_cells},
    {NULL, NULL, NULL, NULL, NULL},
};

const Lab lab_rnn = {
    "rnn",
    "Recurrent networks: a language model of characters",
    "rnn, sample, curve; the King James Bible",
    "- train a recurrent language model on a text;\n"
    "- read its perplexity against a uniform guess, and in bits per character;\n"
    "- sample from it, greedily and with a temperature;\n"
    "- compare a plain RNN with an LSTM.\n",
    "A recurrent network keeps a hidden state h_t that it updates with each token x_t:\n"
    "\n"
    "    h_t = tanh(x_t W_x + h_(t-1) W_h + b)          (Elman)\n"
    "    p(x_(t+1) | x_1 ... x_t) = softmax(h_t W_y + b_y)\n"
    "\n"
    "Trained to predict the next character (Karpathy's char-rnn, 2015), it is a language model; "
    "its loss is the cross-entropy -(1/T) sum_t log p(x_(t+1) | x_1 ... x_t), and its "
    "perplexity exp of that.  Gradients flow back through the steps (truncated backpropagation "
    "through time) and shrink or blow up with the span; clipping their norm (Pascanu et al. "
    "2013) tames the blow-ups, and the LSTM (Hochreiter and Schmidhuber 1997) keeps a cell "
    "state behind input, forget and output gates so that what it remembers need not fade.\n",
    NULL, /* nothing to load: rnn() reads data:kjv.txt.gz itself */
    NULL,
    steps,
    "- Train for 20 epochs, or on 300,000 characters (limit=300000): how low does the "
    "perplexity go, and what does the model write?\n"
    "- level=\"word\": what is a uniform guess's perplexity now, and why can't you compare it "
    "with the characters' directly?\n"
    "- encode(m, [\"And God said\", \"And the LORD said\", \"In the beginning\"]) gives each "
    "text's last hidden state: are the two sayings closer to each other than to the third?\n",
    "Training draws from dv's seeded generator: seed N before rnn() gives the same model on "
    "every run with the same number of threads (rnn uses threads=1 by default); sampling at "
    "temperature 0 draws nothing, at other temperatures it uses the same generator.  The "
    "checks read whichever models you trained.\n",
};
