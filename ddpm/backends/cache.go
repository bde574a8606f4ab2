package backends

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/statesdiffusion/states/internal/atomicfile"
	"golang.org/x/sys/cpu"
)

// CalibrationVersion is the version of the calibration and of the backends'
// code it measures. Bump it when either changes in a way that can move the
// figures (a kernel, an option, the timed graphs): every cached calibration
// is then measured again.
const CalibrationVersion = "1"

// CalibrationCacheEnv names a file that replaces the default calibration
// cache (CalibrationCachePath); "off" measures every time and writes
// nothing.
const CalibrationCacheEnv = "DDPM_BACKEND_CACHE"

// CalibrationCachePath is the file where "auto" keeps its measurements:
// $DDPM_BACKEND_CACHE if set, else states-ddpm/backend-calibration.json in
// the user's cache folder (os.UserCacheDir: $XDG_CACHE_HOME or ~/.cache on
// Linux, ~/Library/Caches on macOS, %LocalAppData% on Windows). It returns
// "" when there is none (no home folder, or DDPM_BACKEND_CACHE=off).
func CalibrationCachePath() string {
	if p := os.Getenv(CalibrationCacheEnv); p != "" {
		if p == "off" {
			return ""
		}
		return p
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "states-ddpm", "backend-calibration.json")
}

// CalibrationKey is what a cached calibration holds for: the same CPU, the
// same build of the backends and the same ONNX Runtime library. A cached
// calibration whose key differs from this process's is measured again.
type CalibrationKey struct {
	// Version is CalibrationVersion.
	Version string `json:"version"`
	// Modules are the versions of the compute modules in this binary.
	Modules string `json:"modules"`
	// Platform is GOOS/GOARCH and GOMAXPROCS.
	Platform string `json:"platform"`
	// CPU is the CPU model (/proc/cpuinfo's "model name").
	CPU string `json:"cpu"`
	// CPUFlags are the CPU's feature flags (/proc/cpuinfo's "flags", or
	// golang.org/x/sys/cpu's view where there is no /proc/cpuinfo).
	CPUFlags string `json:"cpu_flags"`
	// SIMD reports a GOEXPERIMENT=simd build.
	SIMD bool `json:"simd"`
	// ORTLibrary is the ONNX Runtime library with its size and
	// modification time ("" when none is found).
	ORTLibrary string `json:"ort_library"`
}

// diff names the first field where k and o differ ("" when equal).
func (k CalibrationKey) diff(o CalibrationKey) string {
	switch {
	case k.Version != o.Version:
		return "calibration version"
	case k.Modules != o.Modules:
		return "compute module versions"
	case k.Platform != o.Platform:
		return "platform or GOMAXPROCS"
	case k.CPU != o.CPU, k.CPUFlags != o.CPUFlags:
		return "CPU"
	case k.SIMD != o.SIMD:
		return "GOEXPERIMENT=simd"
	case k.ORTLibrary != o.ORTLibrary:
		return "ONNX Runtime library"
	}
	return ""
}

// currentKey is this process's calibration key, given the ONNX Runtime
// library found ("" for none).
func currentKey(ortLib string) CalibrationKey {
	model, flags := cpuInfo()
	return CalibrationKey{
		Version:    CalibrationVersion,
		Modules:    moduleVersions(),
		Platform:   fmt.Sprintf("%s/%s, GOMAXPROCS %d", runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0)),
		CPU:        model,
		CPUFlags:   flags,
		SIMD:       simdEnabled,
		ORTLibrary: fileStamp(ortLib),
	}
}

// moduleVersions lists the versions of the modules whose code is timed.
func moduleVersions() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	var parts []string
	for _, m := range info.Deps {
		if strings.HasPrefix(m.Path, "github.com/gomlx/") {
			if m.Replace != nil {
				m = m.Replace
			}
			parts = append(parts, m.Path+"@"+m.Version)
		}
	}
	return strings.Join(parts, " ")
}

// cpuInfo returns the CPU's model name and flags from /proc/cpuinfo
// (first processor), or what golang.org/x/sys/cpu knows where that file is
// missing.
func cpuInfo() (model, flags string) {
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() && (model == "" || flags == "") {
			k, v, ok := strings.Cut(sc.Text(), ":")
			if !ok {
				continue
			}
			switch strings.TrimSpace(k) {
			case "model name":
				model = strings.TrimSpace(v)
			case "flags", "Features":
				flags = strings.TrimSpace(v)
			}
		}
	}
	if flags == "" {
		flags = fmt.Sprintf("x86 avx2=%v fma=%v avx512f=%v avx512bw=%v; arm64 asimd=%v sve=%v",
			cpu.X86.HasAVX2, cpu.X86.HasFMA, cpu.X86.HasAVX512F, cpu.X86.HasAVX512BW, cpu.ARM64.HasASIMD, cpu.ARM64.HasSVE)
	}
	if model == "" {
		model = runtime.GOARCH
	}
	return model, flags
}

// fileStamp is path with its size and modification time ("" for "").
func fileStamp(path string) string {
	if path == "" {
		return ""
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	st, err := os.Stat(path)
	if err != nil {
		return path + " (missing)"
	}
	return fmt.Sprintf("%s (%d bytes, %s)", path, st.Size(), st.ModTime().UTC().Format(time.RFC3339))
}

// Calibration is what "auto" measured on this machine, as cached.
type Calibration struct {
	Key CalibrationKey `json:"key"`
	// Measured is when.
	Measured time.Time `json:"measured"`
	// Load is the load average (1 minute) when measured, "" where unknown:
	// on a busy machine the figures are noisy (ddpm backend -calibrate
	// measures again).
	Load string `json:"load,omitempty"`
	// Figures are the timed backends, in the order timed.
	Figures []Figure `json:"figures"`
}

// loadAverage is the 1-minute load average from /proc/loadavg ("" where
// there is none).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// readCalibration reads the cache file at path. A missing file is
// (nil, nil); an unreadable or corrupt one is an error.
func readCalibration(path string) (*Calibration, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var c Calibration
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("not a calibration (corrupt JSON: %v)", err)
	}
	if len(c.Figures) == 0 {
		return nil, errors.New("not a calibration (no figures)")
	}
	return &c, nil
}

// writeCalibration writes c to path, atomically.
func writeCalibration(path string, c *Calibration) error {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, append(data, '\n'))
}
