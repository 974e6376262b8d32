/* plot_fixtures.h — small fixed data sets for the plot tests (shared by
 * test_plot.c and test_plot_golden.c; header-only, static functions). */
#ifndef DV_TESTS_PLOT_FIXTURES_H
#define DV_TESTS_PLOT_FIXTURES_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mat.h"
#include "plot/plot.h"

/* 30 points in three clusters (classes "alpha", "beta", "gamma"), placed
 * by a fixed formula; rows named p0..p29. */
static Mat *fixture_clusters(void)
{
    Mat *m = mat_new(30, 2, NULL);
    static char *names[3] = {"alpha", "beta", "gamma"};
    static const double cx[3] = {-2, 1.5, 0.5}, cy[3] = {-1, -0.5, 2};
    mat_ensure_labels(m, NULL);
    m->label_names = calloc(3, sizeof(char *));
    for (int c = 0; c < 3; c++) m->label_names[c] = strdup(names[c]);
    m->n_classes = 3;
    for (int i = 0; i < 30; i++) {
        int c = i % 3;
        double a = i * 2.399963, r = 0.25 + 0.08 * (i / 3); /* golden-angle spiral */
        MAT_AT(m, i, 0) = (float)(cx[c] + r * cos(a));
        MAT_AT(m, i, 1) = (float)(cy[c] + r * sin(a));
        m->labels[i] = c;
        char nm[16];
        snprintf(nm, sizeof nm, "p%d", i);
        mat_set_row_name(m, (size_t)i, nm, NULL);
    }
    return m;
}

/* Two loss curves over 12 epochs: train falls, valid falls then rises. */
static Mat *fixture_losses(void)
{
    Mat *m = mat_new(2, 12, NULL);
    for (int j = 0; j < 12; j++) {
        MAT_AT(m, 0, j) = (float)(2.0 * exp(-0.35 * j) + 0.05);
        MAT_AT(m, 1, j) = (float)(2.2 * exp(-0.3 * j) + 0.01 * j * j * 0.5 + 0.1);
    }
    return m;
}

/* 200 values, roughly bell shaped (sum of three fixed sines). */
static Mat *fixture_values(void)
{
    Mat *m = mat_new(1, 200, NULL);
    for (int i = 0; i < 200; i++)
        m->data[i] = (float)(sin(i * 0.7) + sin(i * 1.3 + 1) + sin(i * 2.9 + 2));
    return m;
}

/* Four 8x8 grey images: a disc, a cross, a gradient, a checkerboard. */
static Mat *fixture_images(void)
{
    Mat *m = mat_new(4, 64, NULL);
    static char *names[4] = {"disc", "cross", "ramp", "check"};
    mat_ensure_labels(m, NULL);
    m->label_names = calloc(4, sizeof(char *));
    for (int c = 0; c < 4; c++) m->label_names[c] = strdup(names[c]);
    m->n_classes = 4;
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++) {
            double dx = x - 3.5, dy = y - 3.5;
            MAT_AT(m, 0, y * 8 + x) = dx * dx + dy * dy < 10 ? 1.0f : 0.0f;
            MAT_AT(m, 1, y * 8 + x) = (x == 3 || x == 4 || y == 3 || y == 4) ? 1.0f : 0.0f;
            MAT_AT(m, 2, y * 8 + x) = (float)(x + y) / 14.0f;
            MAT_AT(m, 3, y * 8 + x) = (float)((x / 2 + y / 2) % 2);
        }
    for (int i = 0; i < 4; i++) m->labels[i] = i;
    m->img_h = m->img_w = 8;
    m->img_c = 1;
    return m;
}

/* A 3x3 confusion matrix with class names on rows and columns. */
static Mat *fixture_confusion(void)
{
    static const float v[9] = {48, 2, 0, 1, 45, 4, 0, 6, 44};
    static const char *names[3] = {"setosa", "versicolor", "virginica"};
    Mat *m = mat_new(3, 3, NULL);
    memcpy(m->data, v, sizeof v);
    for (int i = 0; i < 3; i++) {
        mat_set_row_name(m, (size_t)i, names[i], NULL);
        mat_set_col_name(m, (size_t)i, names[i], NULL);
    }
    return m;
}

/* A 30 x 20 smooth field (more rows than a small screen has lines). */
static Mat *fixture_field(void)
{
    Mat *m = mat_new(30, 20, NULL);
    for (int i = 0; i < 30; i++)
        for (int j = 0; j < 20; j++) MAT_AT(m, i, j) = (float)(sin(i * 0.2) * cos(j * 0.3) + j * 0.05);
    return m;
}

#endif
