## src/reduce: files of this area
