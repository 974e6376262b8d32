/* datapath.c — resolving data:NAME (datapath.h). */
#include "lang/datapath.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Set by the build (Makefile.am); a build without them searches DV_DATA
 * only. */
#ifndef DV_PKGDATADIR
#define DV_PKGDATADIR ""
#endif
#ifndef DV_SRCDATADIR
#define DV_SRCDATADIR ""
#endif

#define MAX_DIRS 32

static char env_copy[4096];
static const char *dirs[MAX_DIRS + 3];

/* The list, rebuilt from DV_DATA on each call (it is short). */
static size_t build(void)
{
    size_t n = 0;
    const char *env = getenv("DV_DATA");
    snprintf(env_copy, sizeof env_copy, "%s", env ? env : "");
    for (char *p = env_copy, *q; *p && n < MAX_DIRS; p = q) {
        q = strchr(p, ':');
        if (q) *q++ = '\0';
        else q = p + strlen(p);
        if (*p) dirs[n++] = p;
    }
    if (*DV_PKGDATADIR) dirs[n++] = DV_PKGDATADIR "/data";
    if (*DV_SRCDATADIR) dirs[n++] = DV_SRCDATADIR;
    dirs[n] = NULL;
    return n;
}

const char *datapath_dir(size_t i)
{
    size_t n = build();
    return i < n ? dirs[i] : NULL;
}

const char *datapath_resolve(const char *f, int index, const char *name, char *buf, size_t n, Err *e)
{
    size_t plen = strlen(DATAPATH_PREFIX);
    if (strncmp(name, DATAPATH_PREFIX, plen) != 0) return name;
    const char *rest = name + plen;
    if (!*rest) {
        err_param(e, index, "%s: '%s' names no file: write data:NAME, e.g. data:iris.csv", f, name);
        return NULL;
    }
    size_t nd = build();
    for (size_t i = 0; i < nd; i++) {
        struct stat st;
        int k = snprintf(buf, n, "%s/%s", dirs[i], rest);
        if (k > 0 && (size_t)k < n && stat(buf, &st) == 0) return buf;
    }
    char list[1024] = "";
    size_t used = 0;
    for (size_t i = 0; i < nd && used < sizeof list; i++) {
        int k = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", dirs[i]);
        if (k > 0) used += (size_t)k;
    }
    if (nd == 0)
        err_param(e, index, "%s: no data file '%s': no data folders (set DV_DATA to a folder of data files)", f, rest);
    else
        err_param(e, index, "%s: no data file '%s' (looked in %s; DV_DATA adds folders)", f, rest, list);
    return NULL;
}
