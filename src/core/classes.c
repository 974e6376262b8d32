/* classes.c — naming a matrix's classes (see classes.h). */
#include "core/classes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"

/* The names, with up to about 200 characters of them, for messages. */
static void list_names(const char *const *names, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t c = 0; c < n && used + 1 < size; c++) {
        if (used > 200) {
            snprintf(buf + used, size - used, ", ...");
            break;
        }
        used += (size_t)snprintf(buf + used, size - used, "%s\"%.40s\"", c ? ", " : "", names[c]);
    }
}

int classes_name(Mat *m, const char *const *names, size_t n, const char *what, Err *e)
{
    if (!m->labels)
        return err_set(e, "%s: classes= names the classes, but there are no labels", what);
    StrMap *ix = strmap_new(n ? n : 1, e);
    if (!ix) return -1;
    int rc = 0;
    for (size_t c = 0; c < n && rc == 0; c++) {
        size_t first;
        int dup = strmap_put(ix, names[c], c, &first, e);
        if (dup < 0)
            rc = -1;
        else if (dup == 1)
            rc = err_set(e, "%s: classes= names \"%s\" twice (classes %zu and %zu)", what, names[c],
                         first, c);
    }
    /* Where each old class goes. */
    size_t old_n = m->n_classes;
    int *map = rc == 0 ? malloc((old_n ? old_n : 1) * sizeof *map) : NULL;
    if (rc == 0 && !map) rc = err_nomem(e, old_n * sizeof(int), "classes");
    char list[256];
    for (size_t c = 0; rc == 0 && c < old_n; c++) {
        if (!m->label_names) {
            map[c] = (int)c;
            continue;
        }
        size_t to;
        if (!strmap_get(ix, m->label_names[c], &to)) {
            list_names(names, n, list, sizeof list);
            rc = err_set(e, "%s: class \"%s\" of the labels is not among classes= (%s)", what,
                         m->label_names[c], list);
        }
        map[c] = (int)to;
    }
    strmap_free(ix);
    int maxc = -1;
    for (size_t i = 0; rc == 0 && i < m->rows; i++)
        if (m->labels[i] > maxc) maxc = m->labels[i];
    if (rc == 0 && !m->label_names && maxc >= (int)n)
        rc = err_set(e, "%s: classes= names %zu class%s, but the labels go up to %d", what, n,
                     n == 1 ? "" : "es", maxc);
    char **copy = rc == 0 ? calloc(n ? n : 1, sizeof *copy) : NULL;
    if (rc == 0 && !copy) rc = err_nomem(e, n * sizeof(char *), "class names");
    for (size_t c = 0; rc == 0 && c < n; c++)
        if (!(copy[c] = strdup(names[c]))) rc = err_nomem(e, strlen(names[c]) + 1, "class name");
    if (rc < 0) {
        for (size_t c = 0; copy && c < n; c++)
            free(copy[c]);
        free(copy);
        free(map);
        return -1;
    }
    for (size_t i = 0; i < m->rows; i++)
        if (m->labels[i] >= 0 && (size_t)m->labels[i] < old_n) m->labels[i] = map[m->labels[i]];
    free(map);
    for (size_t c = 0; m->label_names && c < old_n; c++)
        free(m->label_names[c]);
    free(m->label_names);
    m->label_names = copy;
    m->n_classes = n;
    return 0;
}
