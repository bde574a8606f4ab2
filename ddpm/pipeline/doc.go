// Package pipeline holds the stages that the ddpm command and the notebooks
// share, each writing into a run.Workspace: train a network (or continue
// it, or take the full run's), refusing to train over a trained checkpoint
// unless asked; sample, score and save; guided sampling of the states; the
// guidance sweep; the classifier's prediction map.
package pipeline
