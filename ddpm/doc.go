// Package ddpm holds the networks, training, checkpoints, sampling and
// guidance of a denoising diffusion probabilistic model (DDPM) on the 2-D
// STATES dataset, on GoMLX, and of the models past the course: flow
// matching and the conditional denoiser of classifier-free guidance. Its subpackages hold the rest; all but
// backends and pipeline are free of GoMLX. In the order of the course
// handout:
//
//   - ddpm/netkind: the table of the network kinds (denoiser, classifier,
//     flow, conditional denoiser) and of what each carries: see below.
//   - ddpm/states: the STATES data (five US state outlines), its loaders
//     (.pt, .npy, .csv), validation and writing.
//   - ddpm/diffusion: the noise schedule (beta, alpha, alpha-bar, posterior
//     variance), forward noising and the time input tbar.
//   - ddpm (this package): prelu.go, mlp.go, net.go: the networks (the
//     noise-predicting MLP eps_theta, the classifier f_phi(y | x_t, tbar),
//     the flow's velocity v_theta and the conditional denoiser); train.go,
//     trainconfig.go, batches.go, ema.go, backprop.go: training;
//     checkpoint.go: saving and loading a network, and telling whether a
//     folder holds a trained one; course.go: the course's PyTorch
//     state_dicts of its model.py MLP, exported and imported;
//     sampleconfig.go, sample.go: DDPM
//     ancestral and DDIM sampling, and classifier-free guidance (a Guidance
//     without a classifier on the conditional denoiser); classifier.go:
//     the classifier's predictions, its prediction map and the gradient of
//     classifier guidance; ode.go: flow matching's ODE solvers (Euler,
//     midpoint) and its velocity field; benchmark.go: timing.
//   - ddpm/metrics: the course's KDE negative log-likelihood, precision and
//     recall at a radius, label accuracy, and the Scorer that computes them.
//   - ddpm/run: the output folder: every file name, the records saved there
//     (curves, snapshots, metrics, prediction map, sweeps, study,
//     provenance), their reading and writing, the folder's lock, and the
//     Workspace that writes results there without losing work (one writer
//     per folder; no result replaced by a smaller one unless asked).
//   - ddpm/pipeline: the stages that the ddpm command and the notebooks
//     share: train into a folder (or continue, or take the full run's
//     network), refusing to train over a trained checkpoint unless asked;
//     sample, score and save (DDPM or the flow); guided sampling of the
//     states (classifier or classifier-free); the guidance sweep; the
//     prediction map; the quality-versus-steps study; the course-format
//     checkpoints, exported from a folder and imported into one.
//   - ddpm/backends: the GoMLX backends (pure Go, ONNX Runtime, XLA).
//   - ddpm/npy, ddpm/torchpt: the NumPy .npy and PyTorch .pt file formats.
//
// Network kinds. Whatever varies by network kind is read from one row of
// the kind table, ddpm/netkind (netkind/table.go): what the network reads
// and predicts (Spec.LabelInput, Outputs, Target), whether training needs
// labels, the sampler family and the guidance, the files and results in an
// output folder, the provenance field. This package builds, trains and
// samples from those properties, never by comparing kinds. Adding a kind
// is one row of that table plus its network code here: its default recipe
// (recipes, trainconfig.go) and, only for a property value that is new
// (a new Target, Sampler or Guidance), the code that implements it: the
// input in net.go and embed.go (NetArch, Net.input), the loss in train.go
// (lossOf, lossGradient), the noising of its batches in batches.go (draw), its
// sampler in sample.go or ode.go.
//
// Names follow one rule: a Config (TrainConfig, SampleConfig,
// diffusion.ScheduleConfig, states.Config) is the plain, JSON-friendly set
// of knobs of an algorithm, with a Default function and Validate; Options
// (TrainOptions, run.Options) are what one call needs besides its Config:
// the data, a backend, a log, where to write.
//
// The package draws no charts: see package viz (and viz/figure, viz/report).
package ddpm
