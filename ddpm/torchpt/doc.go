// Package torchpt reads and writes PyTorch .pt files (the zip format of
// torch.save since PyTorch 1.6) without running the pickle: points, a float
// tensor [N, 2], optionally with labels, an integer tensor [N] (Read,
// Write); and state_dicts, an OrderedDict of names to float tensors saved on
// any device (ReadStateDict, WriteStateDict), the course's checkpoints.
package torchpt
