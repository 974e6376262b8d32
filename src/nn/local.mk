## src/nn: files of this area
