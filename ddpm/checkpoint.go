package ddpm

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/checkpoint"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
)

// stagingDirName is where GoMLX writes a checkpoint before it is moved into
// place; listCheckpoints ignores directories.
const stagingDirName = ".staging"

// keepCheckpoints is how many checkpoints a directory keeps.
const keepCheckpoints = 2

// Hparams describe a saved network: enough to rebuild it and to continue its
// training.
type Hparams struct {
	Kind  netkind.Kind `json:"kind"`
	Sizes []int        `json:"sizes"`
	// PReLU is PReLUShared for a network with one PReLU slope; empty (or
	// PReLULayer): one per hidden layer.
	PReLU string `json:"prelu,omitempty"`
	// Embed is the input embedding; absent (checkpoints written before the
	// option) means none, the course's (x, y, tbar).
	Embed    Embedding                `json:"embed,omitzero"`
	Schedule diffusion.ScheduleConfig `json:"schedule"`
	// Train is the training configuration of the run that wrote it.
	Train TrainConfig `json:"train"`
	// MadeBy is the command line or notebook that wrote it (empty when
	// unknown).
	MadeBy string `json:"made_by,omitempty"`
	// Origin says where imported weights came from (ImportCourse): the file,
	// its SHA-256 and the time input; empty for a network trained here.
	Origin string `json:"origin,omitempty"`
	// DataBox is the bounding box of the training points (Net.DataBox);
	// absent when unknown.
	DataBox *Box `json:"data_box,omitempty"`
}

// arch returns the MLP that hp describes.
func (hp Hparams) arch() (MLP, error) {
	arch, err := EmbedArch(hp.Kind, hp.Sizes[1:len(hp.Sizes)-1], hp.Embed)
	arch.SharedPReLU = hp.PReLU == PReLUShared
	return arch, err
}

// ErrNoCheckpoint is returned (wrapped) when a directory holds no checkpoint.
var ErrNoCheckpoint = errors.New("no checkpoint")

var ckptNameRE = regexp.MustCompile(`^checkpoint-n(\d+)-.*\.json$`)

// listCheckpoints returns the checkpoint base names in dir, oldest first.
func listCheckpoints(dir string) ([]string, int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, -1, err
	}
	type ck struct {
		n    int
		base string
	}
	var cks []ck
	for _, e := range entries {
		m := ckptNameRE.FindStringSubmatch(e.Name())
		if e.IsDir() || m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		cks = append(cks, ck{n, strings.TrimSuffix(e.Name(), checkpoint.JsonNameSuffix)})
	}
	sort.Slice(cks, func(i, j int) bool { return cks[i].n < cks[j].n })
	out := make([]string, len(cks))
	maxN := -1
	for i, c := range cks {
		out[i] = c.base
		maxN = max(maxN, c.n)
	}
	return out, maxN, nil
}

// SaveCheckpoint writes the network's variables (weights, optimizer state,
// global step) as a GoMLX checkpoint in dir, plus hparams.json. The files
// are written in a staging directory and renamed into place (data first,
// then the JSON that makes the checkpoint visible), so a crash at any moment
// leaves the previous checkpoint loadable. The two newest checkpoints are
// kept.
func (n *Net) SaveCheckpoint(dir string, tc TrainConfig) error {
	staging := filepath.Join(dir, stagingDirName)
	if n.saver == nil {
		if err := os.RemoveAll(staging); err != nil {
			return fmt.Errorf("checkpoint %s: %w", dir, err)
		}
		if err := os.MkdirAll(staging, 0o755); err != nil {
			return fmt.Errorf("checkpoint %s: %w", dir, err)
		}
		h, err := checkpoint.Build(n.Store).Dir(staging).Keep(-1).Done()
		if err != nil {
			return fmt.Errorf("checkpoint %s: %w", dir, err)
		}
		n.saver = h
	}
	if err := n.saver.Save(); err != nil {
		return fmt.Errorf("checkpoint %s: %w", dir, err)
	}
	staged, _, err := listCheckpoints(staging)
	if err != nil || len(staged) == 0 {
		return fmt.Errorf("checkpoint %s: staged checkpoint missing: %v", dir, err)
	}
	_, maxN, err := listCheckpoints(dir)
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", dir, err)
	}
	src := staged[len(staged)-1]
	// Keep GoMLX's naming (checkpoint-nNNNNNNN-...) but number after what dir holds.
	dst := fmt.Sprintf("checkpoint-n%07d-step-%08d", maxN+1, n.GlobalStep())
	for _, suffix := range []string{checkpoint.BinDataSuffix, checkpoint.JsonNameSuffix} {
		if err := os.Rename(filepath.Join(staging, src+suffix), filepath.Join(dir, dst+suffix)); err != nil {
			return fmt.Errorf("checkpoint %s: %w", dir, err)
		}
	}
	hp := Hparams{Kind: n.Kind, Sizes: n.Arch.Sizes, Embed: n.Arch.Embed, Schedule: n.ScheduleConfig, Train: tc, MadeBy: n.madeBy,
		Origin: n.Origin, DataBox: n.DataBox}
	if n.Arch.SharedPReLU {
		hp.PReLU = PReLUShared
	}
	if err := run.WriteJSON(filepath.Join(dir, run.HparamsFile), hp); err != nil {
		return err
	}
	all, _, err := listCheckpoints(dir)
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", dir, err)
	}
	for len(all) > keepCheckpoints {
		for _, suffix := range []string{checkpoint.JsonNameSuffix, checkpoint.BinDataSuffix} {
			if err := os.Remove(filepath.Join(dir, all[0]+suffix)); err != nil && !os.IsNotExist(err) {
				return fmt.Errorf("checkpoint %s: %w", dir, err)
			}
		}
		all = all[1:]
	}
	return nil
}

// GlobalStep returns the number of training steps taken so far.
func (n *Net) GlobalStep() int {
	return int(optimizer.GetGlobalStep(n.Store))
}

// LoadCheckpoint rebuilds a network from a checkpoint directory written by
// SaveCheckpoint, on the given backend. It checks that the saved variables
// match the architecture in hparams.json and returns the hyperparameters.
func LoadCheckpoint(dir string, backend compute.Backend) (*Net, Hparams, error) {
	hp, err := ReadHparams(dir)
	if err != nil {
		return nil, hp, fmt.Errorf("load: %w", err)
	}
	names, _, err := listCheckpoints(dir)
	if err != nil {
		return nil, hp, fmt.Errorf("load %s: %w", dir, err)
	}
	if len(names) == 0 {
		return nil, hp, fmt.Errorf("load %s: %w (train it first)", dir, ErrNoCheckpoint)
	}
	arch, _ := hp.arch()
	sched, _ := diffusion.NewSchedule(hp.Schedule)
	n := &Net{Kind: hp.Kind, Arch: arch, ScheduleConfig: hp.Schedule, Schedule: sched, Backend: backend, Store: model.NewStore(),
		Origin: hp.Origin, DataBox: hp.DataBox}
	if err := loadGoMLXCheckpoint(n.Store, dir); err != nil {
		return nil, hp, fmt.Errorf("load %s: %w", dir, err)
	}
	if err := n.checkShapes(); err != nil {
		return nil, hp, fmt.Errorf("load %s: %w", dir, err)
	}
	n.markTrainable()
	return n, hp, nil
}

// checkShapes verifies that every variable of the architecture exists with
// the right shape (a checkpoint of another architecture fails here).
func (n *Net) checkShapes() error {
	s := n.scope()
	sizes := n.Arch.Sizes
	for i := 0; i+1 < len(sizes); i++ {
		ds := s.At("dense_%d", i)
		want := map[string][]int{"weights": {sizes[i], sizes[i+1]}, "biases": {sizes[i+1]}}
		for name, dims := range want {
			v := ds.GetVariable(name)
			if v == nil {
				return fmt.Errorf("checkpoint has no %s/%s: not a %v %s", ds.Scope(), name, sizes, n.Kind)
			}
			if v.Shape().DType != dtypes.Float32 {
				return fmt.Errorf("checkpoint's %s/%s is %s, want float32", ds.Scope(), name, v.Shape().DType)
			}
			if fmt.Sprint(v.Shape().Dimensions) != fmt.Sprint(dims) {
				return fmt.Errorf("checkpoint's %s/%s has shape %v, architecture %v wants %v",
					ds.Scope(), name, v.Shape().Dimensions, sizes, dims)
			}
		}
		if i+2 < len(sizes) && n.Arch.slopeScope(s, i).GetVariable("alpha") == nil {
			return fmt.Errorf("checkpoint has no PReLU slope for layer %d", i)
		}
	}
	return nil
}

// ReadHparams reads and checks (ParseHparams) the hparams.json of the
// checkpoint folder dir. A missing file is ErrNoCheckpoint; every error
// names the folder or the file.
func ReadHparams(dir string) (Hparams, error) {
	path := filepath.Join(dir, run.HparamsFile)
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Hparams{}, fmt.Errorf("%s: %w (train it first)", dir, ErrNoCheckpoint)
	}
	if err != nil {
		return Hparams{}, err
	}
	hp, err := ParseHparams(raw)
	if err != nil {
		return hp, fmt.Errorf("%s: %w", path, err)
	}
	return hp, nil
}

// maxHparamsWidth bounds layer widths read from hparams.json, so a corrupt
// file cannot ask for absurd allocations.
const maxHparamsWidth = 1 << 16

// ParseHparams decodes and validates the content of hparams.json: a known
// network kind, a valid input embedding, sizes that fit both (input 3
// without embedding, output 2 or states.Num, widths in [1, 65536]) and a
// valid schedule.
func ParseHparams(raw []byte) (Hparams, error) {
	var hp Hparams
	if err := json.Unmarshal(raw, &hp); err != nil {
		return hp, fmt.Errorf("not valid hyperparameters JSON: %w", err)
	}
	if len(hp.Sizes) < 2 {
		return hp, fmt.Errorf("sizes %v: want at least input and output", hp.Sizes)
	}
	for _, s := range hp.Sizes {
		if s <= 0 || s > maxHparamsWidth {
			return hp, fmt.Errorf("sizes %v: widths must be in [1, %d]", hp.Sizes, maxHparamsWidth)
		}
	}
	arch, err := EmbedArch(hp.Kind, hp.Sizes[1:len(hp.Sizes)-1], hp.Embed)
	if err != nil {
		return hp, err
	}
	if fmt.Sprint(arch.Sizes) != fmt.Sprint(hp.Sizes) {
		return hp, fmt.Errorf("sizes %v do not fit a %s (input %d, output %d)", hp.Sizes, hp.Kind, arch.Sizes[0], arch.Sizes[len(arch.Sizes)-1])
	}
	switch hp.PReLU {
	case "", PReLULayer, PReLUShared:
	default:
		return hp, fmt.Errorf("unknown prelu %q: want %q or %q", hp.PReLU, PReLULayer, PReLUShared)
	}
	if hp.Schedule.T > 1_000_000 {
		return hp, fmt.Errorf("schedule T = %d is absurd", hp.Schedule.T)
	}
	if _, err := diffusion.NewSchedule(hp.Schedule); err != nil {
		return hp, err
	}
	if hp.DataBox != nil {
		if err := hp.DataBox.Validate(); err != nil {
			return hp, fmt.Errorf("data box: %w", err)
		}
	}
	return hp, nil
}

// loadGoMLXCheckpoint loads the newest checkpoint of dir into store. GoMLX
// panics on some malformed files; that becomes an error here.
func loadGoMLXCheckpoint(store *model.Store, dir string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("corrupt checkpoint: %v", r)
		}
	}()
	_, err = checkpoint.Build(store).Dir(dir).Immediate().Done()
	return err
}

// HasCheckpoint reports whether dir holds a trained checkpoint of kind: its
// hparams.json and at least one saved step.
func HasCheckpoint(dir string, kind netkind.Kind) bool {
	ckpt := kind.CheckpointDir(dir)
	if _, err := os.Stat(filepath.Join(ckpt, run.HparamsFile)); err != nil {
		return false
	}
	names, _, err := listCheckpoints(ckpt)
	return err == nil && len(names) > 0
}

// DescribeCheckpoint describes the trained checkpoint in the checkpoint
// folder ckpt for a refusal to train over it ("a trained denoiser: 4000 of
// 4000 steps of batch 512, layers [3 256 2], made by ..., saved ..."); false
// when there is none.
func DescribeCheckpoint(ckpt string) (string, bool) {
	hpPath := filepath.Join(ckpt, run.HparamsFile)
	st, err := os.Stat(hpPath)
	if err != nil {
		return "", false
	}
	names, _, err := listCheckpoints(ckpt)
	if err != nil || len(names) == 0 {
		return "", false
	}
	hp, err := ReadHparams(ckpt)
	if err != nil {
		return fmt.Sprintf("a checkpoint whose %s cannot be used (%v)", run.HparamsFile, err), true
	}
	step := checkpointStep(names[len(names)-1])
	var b strings.Builder
	if hp.Origin != "" {
		fmt.Fprintf(&b, "an imported %s (%s), layers %v", hp.Kind, hp.Origin, hp.Sizes)
		if hp.MadeBy != "" {
			fmt.Fprintf(&b, ", made by %s", hp.MadeBy)
		}
		fmt.Fprintf(&b, ", saved %s", st.ModTime().Format("2006-01-02 15:04"))
		return b.String(), true
	}
	fmt.Fprintf(&b, "a trained %s: ", hp.Kind)
	if step >= 0 {
		fmt.Fprintf(&b, "%d of %d steps", step, hp.Train.Steps)
	} else {
		fmt.Fprintf(&b, "%d steps asked", hp.Train.Steps)
	}
	fmt.Fprintf(&b, " of batch %d, layers %v", hp.Train.Batch, hp.Sizes)
	if !hp.Embed.None() {
		fmt.Fprintf(&b, ", embedding %s", hp.Embed)
	}
	if hp.MadeBy != "" {
		fmt.Fprintf(&b, ", made by %s", hp.MadeBy)
	}
	fmt.Fprintf(&b, ", saved %s", st.ModTime().Format("2006-01-02 15:04"))
	return b.String(), true
}

var ckptStepRE = regexp.MustCompile(`-step-(\d+)$`)

// checkpointStep returns the training step in a checkpoint's base name
// ("checkpoint-n0000003-step-00004000"), or -1.
func checkpointStep(base string) int {
	m := ckptStepRE.FindStringSubmatch(base)
	if m == nil {
		return -1
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return -1
	}
	return n
}
