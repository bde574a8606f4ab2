// Package pipeline holds the stages that the ddpm command and the notebooks
// share, each writing into a run.Workspace: train a network (or continue
// it, or take the full run's), refusing to train over a trained checkpoint
// unless asked; sample, score and save (the denoiser or the flow); guided
// sampling of the states (classifier or classifier-free); the guidance
// sweep; the classifier's prediction map; the quality-versus-steps study
// of the samplers; the ablation grid (ablation.go: small denoisers, each
// with one setting of a base recipe changed, its rows and budgets in one
// table each); the flow's velocity field on a grid; the course's .pt
// checkpoint files, exported and imported; the explorer page's sets and
// its WebAssembly sampler (explore.go, explore_page.go). Previewer draws
// small sets for live controls (the notebooks' panels) and writes nothing.
package pipeline
