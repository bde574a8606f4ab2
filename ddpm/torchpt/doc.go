// Package torchpt reads and writes PyTorch .pt files (the zip format of
// torch.save since PyTorch 1.6) holding points, a float tensor [N, 2], and
// optionally labels, an integer tensor [N], without running the pickle.
package torchpt
