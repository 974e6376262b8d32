## src/train: files of this area
