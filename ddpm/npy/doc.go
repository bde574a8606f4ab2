// Package npy reads and writes the NumPy .npy files of the project (format
// versions 1 to 3): points as float32 or float64 arrays of shape (N, 2),
// labels as int64 or int32 arrays of shape (N,), little-endian and in C
// order.
package npy
