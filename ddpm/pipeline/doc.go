// Package pipeline holds the stages that the ddpm command and the notebooks
// share: sample, score and save; guided sampling of the states; the
// guidance sweep; the classifier's prediction map.
package pipeline
