// Package testfix holds the test helpers that the tests of every package
// may import: it uses the standard library only, so no package's tests
// pull in GoMLX, the browser driver or an import cycle through it.
//
// One file an idea: the fixtures of ddpm/testdata written by
// scripts/make_fixtures.py (Path, Points, FuzzFixtures) and the readers'
// refusals of the bad ones (Refuses); files (WriteFile, FileHashes,
// SameFiles); PNGs (ReadPNG); the external programs a test needs
// (RequireTool, Chromium, RequireBrowser, RequireECharts); headless
// Chromium runs (RunChromium); probes added to a page (ProbePage,
// WriteProbe, PreText); and the check that every chart fits its page
// (FitScript, Fit).
//
// Helpers that need the project's packages live in siblings:
// internal/testrun (small STATES data and a workspace, no GoMLX) and
// internal/testnets (the backend the network tests run on, GoMLX);
// internal/headless drives Chromium under chromedp.
package testfix
