#include "plot/plot.h"

#include <stdlib.h>

struct Plot {
    int kind;
};

void plot_free(Plot *p)
{
    free(p);
}

int plot_write_text(const Plot *p, FILE *out, int width, int height, int color, int utf8, Err *e)
{
    return err_set(e, "plots are not drawn yet");
}
