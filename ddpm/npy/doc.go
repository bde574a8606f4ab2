// Package npy reads and writes the NumPy .npy files of the project (format
// versions 1 to 3): points as float32 or float64 arrays of shape (N, 2),
// labels as int64 or int32 arrays of shape (N,), little-endian and in C
// order.
//
// # Why not codeberg.org/sbinet/npyio
//
// The reader is written by hand because codeberg.org/sbinet/npyio v0.14.0
// (npy.NewReader, then Reader.Read) does not keep the checks that this
// package's tests and FuzzReadNPY pin, on the same inputs:
//
//   - a truncated header (the first 40 bytes of a valid file), a header
//     without its final newline, and a v2 header that announces 4 GiB
//     panic with "runtime error: slice bounds out of range [:-1]" instead
//     of returning "truncated .npy header" (the 4 GiB one allocates the
//     announced length first), so the fuzz target would crash;
//   - an empty file gives "EOF" and the bare magic "npy: invalid major
//     version number (0)", not "not a .npy file (bad magic)";
//   - format version 3 is refused ("npy: invalid major version number
//     (3)");
//   - a header without "fortran_order", or not a dict, gives "npy: invalid
//     dictionary format" without naming the key; an unknown key gives
//     `strconv.Atoi: parsing "2)": invalid syntax`; a duplicate key is
//     read as part of the dtype; "(4)" (no trailing comma) and a negative
//     dimension "(-4, 2)" are accepted as shapes;
//   - trailing bytes after the data are accepted silently, and missing ones
//     give "unexpected EOF" instead of "data has 397 bytes, shape [50 2] of
//     <f4 needs 400";
//   - a Fortran-order or big-endian file reads into []float32 without an
//     error, and a float64 file reads into []float32 only as "npy: types
//     don't match";
//   - npy.Write writes a version 2.0 header, so EncodePoints would no
//     longer match numpy.save byte for byte.
//
// A thin adapter could keep these only by parsing and checking the header
// itself, which is what header.go does; npyio would then decode no more
// than the little-endian numbers, at the cost of four new modules.
package npy
