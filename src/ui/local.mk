## src/ui: files of this area
