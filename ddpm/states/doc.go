// Package states holds the STATES dataset of the course: points on the
// outlines of five US states (0 Michigan, 1 Idaho, 2 Ohio, 3 Oklahoma,
// 4 Wisconsin), its generation, its loading from .pt, .npy and .csv files,
// its validation and its writing.
package states
