package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gomlx/compute"
	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz"
)

// ExploreOptions say how WriteExplorer makes the page.
type ExploreOptions struct {
	// Grid is the table of precomputed settings.
	Grid ExploreGrid
	// Live builds the WebAssembly sampler into the page (needs the Go
	// toolchain and this module's source; without them the page has the
	// precomputed sets only, and Notes says why).
	Live bool
	// Assets must name a local echarts.min.js (the page works offline).
	Assets viz.Assets
	// Progress, when not nil, gets a line per precomputed set.
	Progress func(string)
}

// ExploreResult says what WriteExplorer wrote.
type ExploreResult struct {
	Path        string
	Bytes       int
	Sets        int
	Live        bool
	WasmBytes   int
	WeightBytes int
	Notes       []string
	// Sampling is the time the precomputed sets took, Build that of the
	// WebAssembly build (which runs meanwhile).
	Sampling, Build time.Duration
}

// WriteExplorer writes explorer.html in ws: it loads the trained networks
// that ws uses (those missing are left out of the page, with a note),
// samples every setting of opts.Grid natively, and with opts.Live embeds
// the WebAssembly sampler and the weights.
func WriteExplorer(ctx context.Context, ws *run.Workspace, data *states.Dataset, backend compute.Backend, opts ExploreOptions) (ExploreResult, error) {
	res := ExploreResult{Path: run.ResultFile(ws.Dir, run.ResultExplorer)}
	if opts.Assets.EChartsJS == "" {
		return res, errors.New("explore: no local echarts.min.js (the page must work offline): run scripts/install-deps.sh --runtime or set " + viz.EChartsEnv)
	}
	var e Explorer
	nets := []struct {
		kind netkind.Kind
		dst  **ddpm.Net
	}{{netkind.Denoiser, &e.Denoiser}, {netkind.Classifier, &e.Classifier}, {netkind.Flow, &e.Flow}, {netkind.Conditional, &e.Conditional}}
	p := run.Provenance{N: opts.Grid.N}
	for _, n := range nets {
		if !ddpm.HasCheckpoint(ModelDir(ws, n.kind), n.kind) {
			res.Notes = append(res.Notes, fmt.Sprintf("no trained %s: its settings are left out", n.kind))
			continue
		}
		net, _, err := LoadModel(ws, n.kind, backend)
		if err != nil {
			return res, err
		}
		*n.dst = net
		p.TrainingSteps.Set(net.Kind, net.GlobalStep())
	}
	if e.Denoiser == nil && e.Flow == nil {
		return res, fmt.Errorf("explore: neither a denoiser nor a flow is trained in %s: run ddpm train first", ws.Dir)
	}
	if err := ws.Check(run.ResultExplorer, p); err != nil {
		return res, err
	}
	var err error
	if e.Scorer, err = metrics.NewScorer(data, metrics.DefaultRadius); err != nil {
		return res, err
	}
	// The WebAssembly build runs while the sets are sampled.
	type built struct {
		wasm   []byte
		execJS string
		took   time.Duration
		err    error
	}
	var wasm chan built
	if opts.Live {
		wasm = make(chan built, 1)
		go func() {
			began := time.Now()
			w, js, err := BuildExplorerWasm(ctx)
			wasm <- built{w, js, time.Since(began), err}
		}()
	}
	began := time.Now()
	d, err := e.Explore(ctx, data, opts.Grid, func(done, total int, s ExploreSetting) {
		if opts.Progress != nil {
			opts.Progress(fmt.Sprintf("explore: %d/%d %s", done, total, viz.ExplorerKey(s.Guide, s.Label, s.Scale, s.Sampler, s.Steps)))
		}
	})
	res.Sampling = time.Since(began)
	var b built
	if wasm != nil {
		b = <-wasm
		res.Build = b.took
	}
	if err != nil {
		return res, err
	}
	res.Sets = len(d.Sets)
	var live *viz.ExplorerLive
	if opts.Live {
		live, err = explorerLive(&e, b.wasm, b.execJS, b.err)
		if err != nil {
			res.Notes = append(res.Notes, "no live sampler in the page: "+err.Error())
			live = nil
		} else {
			res.Live, res.WasmBytes = true, len(live.WasmGzip)
			for _, w := range live.Weights {
				res.WeightBytes += len(w)
			}
		}
	}
	var buf bytes.Buffer
	if err := viz.WriteExplorer(&buf, d, opts.Assets, live); err != nil {
		return res, err
	}
	res.Bytes = buf.Len()
	if err := ws.SaveFile(run.ResultExplorer, buf.Bytes(), p); err != nil {
		return res, err
	}
	return res, nil
}

// explorerLive puts the WebAssembly sampler (or the error of its build)
// and the exported weights together.
func explorerLive(e *Explorer, wasm []byte, execJS string, err error) (*viz.ExplorerLive, error) {
	if err != nil {
		return nil, err
	}
	live := &viz.ExplorerLive{WasmGzip: wasm, WasmExecJS: execJS, Weights: map[string][]byte{}}
	for _, n := range []*ddpm.Net{e.Denoiser, e.Classifier, e.Flow, e.Conditional} {
		if n == nil {
			continue
		}
		w, err := n.Weights()
		if err != nil {
			return nil, err
		}
		if live.Weights[string(n.Kind)], err = w.MarshalBinary(); err != nil {
			return nil, err
		}
	}
	return live, nil
}

// explorerWasmPackage is the live sampler's main package.
const explorerWasmPackage = "./cmd/ddpm-explorer-wasm"

// BuildExplorerWasm builds the explorer's live sampler
// (cmd/ddpm-explorer-wasm) with GOOS=js GOARCH=wasm and returns it
// gzipped, with the wasm_exec.js of the same Go toolchain. It needs the Go
// toolchain ("go" on PATH) and this module's source above the working
// directory; it builds in a temporary folder and downloads nothing that
// the module's own build would not.
func BuildExplorerWasm(ctx context.Context) (wasmGzip []byte, wasmExecJS string, err error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, "", err
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, "", fmt.Errorf("the Go toolchain is not on PATH: %w", err)
	}
	tmp, err := os.MkdirTemp("", "ddpm-explorer-wasm")
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "explorer.wasm")
	cmd := exec.CommandContext(ctx, goBin, "build", "-trimpath", "-ldflags=-s -w", "-o", out, explorerWasmPackage)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, "", fmt.Errorf("go build %s for js/wasm: %w\n%s", explorerWasmPackage, err, msg)
	}
	gr := exec.CommandContext(ctx, goBin, "env", "GOROOT")
	gr.Dir = root
	goroot, err := gr.Output()
	if err != nil {
		return nil, "", fmt.Errorf("go env GOROOT: %w", err)
	}
	execJS, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, "", fmt.Errorf("the Go toolchain's wasm_exec.js: %w", err)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(raw); err != nil {
		return nil, "", err
	}
	if err := zw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), string(execJS), nil
}

// modulePath is this module's path, as go.mod declares it.
const modulePath = "github.com/statesdiffusion/states"

// moduleRoot finds this module's source: the folder of the go.mod that
// declares modulePath, in the working directory or one above it.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(b), "module "+modulePath+"\n") {
			if _, err := os.Stat(filepath.Join(dir, explorerWasmPackage)); err == nil {
				return dir, nil
			}
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", fmt.Errorf("the source of %s is not in the working directory or above it (run from the checkout)", modulePath)
		}
		dir = up
	}
}
