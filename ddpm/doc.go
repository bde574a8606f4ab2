// Package ddpm holds the math, models, training, sampling and metrics of a
// denoising diffusion probabilistic model (DDPM) on the 2-D STATES dataset:
// points on the outlines of five US states.
//
// A reader who knows the course handout finds each step in one file:
//
//   - dataset.go, states.go: the STATES data and its loaders (.pt, .npy, .csv).
//   - schedule.go: the beta schedule, alpha, alpha-bar, posterior variance,
//     forward noising and the time input tbar.
//   - denoiser.go, prelu.go: the noise-predicting MLP eps_theta.
//   - train.go: training the denoiser.
//   - sample.go: DDPM ancestral and DDIM sampling.
//   - classifier.go: the noisy-point classifier f_phi(y | x_t, tbar).
//   - guidance.go: classifier-guided sampling.
//   - kde.go: the course's KDE negative log-likelihood.
//   - quality.go: precision / recall at a radius and label accuracy.
//   - artifacts.go: the files that the pipeline writes and reads.
//   - workspace*.go, provenance.go, outlock.go: writing into an output
//     folder without losing work: one writer per folder (a lock), a record
//     of how each result was made (provenance.json), and no result replaced
//     by a smaller one, nor a trained checkpoint by a new run, unless asked;
//     the notebooks' quick budget writes into outputs/quick.
//
// The package draws no charts: see package viz.
package ddpm
