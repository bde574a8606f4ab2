// Package testrun holds the test helpers about a run's data and output
// folder that the tests of ddpm/run and of the packages above it share:
// small STATES data (SmallStates) and a workspace (OpenWorkspace). Like
// ddpm/run and ddpm/states it needs no GoMLX. Only tests import it; the
// tests of ddpm/run that use it are external (package run_test), since a
// package's own tests cannot import what imports that package.
package testrun
