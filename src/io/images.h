/* images.h — image and array files: folders of PGM/PPM images, MNIST IDX
 * files, NumPy .npy.  Each loader returns a new matrix (caller frees) and
 * names the file and what was expected when something is wrong. */
#ifndef DV_IO_IMAGES_H
#define DV_IO_IMAGES_H

#include "core/err.h"
#include "core/mat.h"
#include "io/load.h"

/* A folder of PGM/PPM images (P2, P3, P5, P6; .gz allowed): one row per
 * image, pixel values as read (0..maxval), colour images as grey (mean of
 * R, G, B).  Images in sub-folders take the sub-folder's name as their
 * class; row names are the paths relative to dir.  Files and folders in
 * natural order (s2 before s10).  All images must have the same size. */
int imgdir_load(const char *dir, Mat **out, Err *e);
/* One PGM/PPM file as a 1-row matrix with its image shape. */
int pnm_load(const char *path, Mat **out, Err *e);

/* IDX (MNIST) file, .gz or not: the first dimension is rows, the others
 * make the columns (28x28 images -> 784 columns with the image shape).
 * An images file ("...-images-idx3-ubyte") picks up the labels file beside
 * it ("...-labels-idx1-ubyte", .gz or not) when its count matches;
 * MNIST and Fashion-MNIST, recognised by their first labels or their
 * path, get their class names ("0".."9"; "T-shirt/top" ... "Ankle
 * boot"), with a note in o (may be NULL). */
int idx_load(const char *path, const LoadOpts *o, Mat **out, Err *e);
/* 1 when the first bytes look like an IDX header. */
int idx_sniff(const unsigned char *b, size_t n);

/* NumPy .npy (versions 1-3): float32/64, signed and unsigned ints, bool,
 * little or big endian, C or Fortran order, 1-D (one row) or 2-D. */
int npy_load(const char *path, Mat **out, Err *e);
/* The same, with files of at least map_min bytes (npy_load: 64 MB) mapped
 * into memory instead of read: float32 data in C order then stays where
 * it lies in the mapping (private: changes never reach the file), which
 * the matrix keeps until mat_free; other types are converted from the
 * mapping.  *mapped (may be NULL) says whether the matrix is a mapping. */
int npy_load_map(const char *path, size_t map_min, Mat **out, int *mapped, Err *e);
/* Save as version 1.0, '<f4', C order. Atomic. */
int npy_save(const Mat *m, const char *path, Err *e);

#endif
