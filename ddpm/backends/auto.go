package backends

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/gobackend"
)

// AutoDecision is the backend "auto" picked in this process, and why.
type AutoDecision struct {
	// Kind is "go" or "onnx".
	Kind string
	// Reason says why, in a few words, for the banner.
	Reason string
	// Calibration holds the figures behind the choice; nil when there was
	// nothing to compare (ONNX Runtime not installed).
	Calibration *Calibration
	// CachePath is the calibration cache ("" for none).
	CachePath string
	// Cached reports that the figures came from CachePath rather than from
	// a calibration run by this process.
	Cached bool
}

// autoEnv is what decideAuto depends on, so that tests can fake the
// measurements.
type autoEnv struct {
	ortLib    string                        // FindORTLibrary's result
	cachePath string                        // "" for no cache
	key       CalibrationKey                // this process's key
	force     bool                          // measure even when the cache matches
	measure   func(kinds []string) []Figure // times the backends
	log       io.Writer                     // notes on the cache and the calibration
	now       func() time.Time
}

// decideAuto picks the backend of "auto": with no ONNX Runtime library the
// pure-Go backend, with nothing to measure; otherwise the faster one in the
// cached calibration when its key matches env.key, else in a calibration run
// now (and cached). A corrupt or stale cache is ignored with a note on
// env.log; a cache that cannot be written is a note too, never an error.
func decideAuto(env autoEnv) AutoDecision {
	d := AutoDecision{CachePath: env.cachePath}
	if env.ortLib == "" {
		d.Kind = gobackend.BackendName
		d.Reason = "auto: ONNX Runtime is not installed, nothing to compare"
		return d
	}
	if env.cachePath != "" && !env.force {
		c, err := readCalibration(env.cachePath)
		switch {
		case err != nil:
			fmt.Fprintf(env.log, "backend auto: ignoring the calibration cache %s: %v; measuring again\n", env.cachePath, err)
		case c == nil: // first run here
		case c.Key.diff(env.key) != "":
			fmt.Fprintf(env.log, "backend auto: the %s changed since the cached calibration; measuring again\n", c.Key.diff(env.key))
		default:
			d.Calibration, d.Cached = c, true
		}
	}
	if d.Calibration == nil {
		where := "not cached: no cache folder"
		if env.cachePath != "" {
			where = "cached in " + env.cachePath
		}
		fmt.Fprintf(env.log, "backend auto: timing the pure-Go backend and ONNX Runtime on this machine (once; %s)\n", where)
		d.Calibration = &Calibration{Key: env.key, Measured: env.now().UTC(), Load: loadAverage(),
			Figures: env.measure([]string{gobackend.BackendName, ONNX})}
		if env.cachePath != "" {
			if err := writeCalibration(env.cachePath, d.Calibration); err != nil {
				fmt.Fprintf(env.log, "backend auto: calibration not cached (%v): the next run measures again\n", err)
			}
		}
	}
	d.Kind, d.Reason = choose(d.Calibration.Figures)
	return d
}

// choose returns the backend with the lowest Score among the figures that
// were measured, and why; the pure-Go backend when none was (or on a tie).
func choose(figs []Figure) (kind, reason string) {
	var best, second *Figure
	var failed []string
	for i := range figs {
		f := &figs[i]
		if !f.OK() {
			failed = append(failed, f.Backend)
			continue
		}
		switch {
		case best == nil || f.Score() < best.Score() || (f.Score() == best.Score() && f.Backend == gobackend.BackendName):
			best, second = f, best
		case second == nil || f.Score() < second.Score():
			second = f
		}
	}
	switch {
	case best == nil:
		return gobackend.BackendName, "auto: calibration failed on " + strings.Join(failed, " and ") + " (see ddpm backend)"
	case second == nil:
		return best.Backend, "auto: the only backend that ran in calibration (" + strings.Join(failed, " and ") + " failed: see ddpm backend)"
	}
	r := second.Score() / best.Score()
	if r < 1.05 {
		// A few percent is within the noise of a short calibration.
		return best.Backend, fmt.Sprintf("auto: about as fast as %s in this machine's calibration (%.2fx)", second.Backend, r)
	}
	return best.Backend, fmt.Sprintf("auto: %.2fx faster than %s in this machine's calibration", r, second.Backend)
}

// measureBackends times each kind on the backend New would make for it
// (kept for New to share). The caller holds backendsMu.
func measureBackends(kinds []string) []Figure {
	figs := make([]Figure, len(kinds))
	bs := make([]compute.Backend, len(kinds))
	for i, kind := range kinds {
		figs[i].Backend = kind
		b, ok := backends[kind]
		if !ok {
			var err error
			switch kind {
			case ONNX:
				b, err = newONNXBackend("")
			default:
				b, err = newGoBackend("")
			}
			if err != nil {
				figs[i].Error = err.Error()
				continue
			}
			backends[kind], backendKinds[b] = b, kind
		}
		bs[i] = b
	}
	timeBackends(bs, figs)
	return figs
}

var (
	// autoDecision is what "auto" picked in this process (nil before);
	// forceCalibration makes the next pick measure again. Both guarded by
	// backendsMu.
	autoDecision     *AutoDecision
	forceCalibration bool
)

// resolveAuto decides "auto" once per process. The caller holds backendsMu.
func resolveAuto() AutoDecision {
	if autoDecision == nil {
		lib := FindORTLibrary()
		d := decideAuto(autoEnv{
			ortLib:    lib,
			cachePath: CalibrationCachePath(),
			key:       currentKey(lib),
			force:     forceCalibration,
			measure:   measureBackends,
			log:       os.Stderr,
			now:       time.Now,
		})
		autoDecision = &d
	}
	return *autoDecision
}

// AutoChoice returns what "auto" picked in this process, and false when no
// "auto" backend was made yet.
func AutoChoice() (AutoDecision, bool) {
	backendsMu.Lock()
	defer backendsMu.Unlock()
	if autoDecision == nil {
		return AutoDecision{}, false
	}
	return *autoDecision, true
}

// Recalibrate makes "auto" measure the backends again, ignoring the cache,
// when it next decides in this process (it must be called before the first
// New("auto")).
func Recalibrate() {
	backendsMu.Lock()
	defer backendsMu.Unlock()
	forceCalibration = true
}
