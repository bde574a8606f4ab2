package ddpm

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
)

// Weights are the weights a network samples with (its EMA copy when it has
// one) and what it takes to rebuild it without its checkpoint folder: a
// trained network shipped in one file, e.g. to a browser, where the
// program has no disk to read a checkpoint from (see MarshalBinary and
// NetFromWeights).
type Weights struct {
	// Kind is the network kind, Sizes its MLP's layer widths.
	Kind  netkind.Kind `json:"kind"`
	Sizes []int        `json:"sizes"`
	// SharedPReLU: one PReLU slope for every layer (MLP.SharedPReLU).
	SharedPReLU bool `json:"shared_prelu,omitempty"`
	// Embed is the input embedding (MLP.Embed); absent means none.
	Embed Embedding `json:"embed,omitzero"`
	// DataBox is the training data's bounding box (Net.DataBox), when
	// known.
	DataBox *Box `json:"data_box,omitempty"`
	// Schedule is the diffusion schedule the network was trained for.
	Schedule diffusion.ScheduleConfig `json:"schedule"`
	// Step is the training step of the weights.
	Step int `json:"step"`
	// Vars are the weights, by path under the network's scope
	// ("/dense_0/weights", ...).
	Vars []WeightVar `json:"vars"`
}

// WeightVar is one weight tensor (float32, row-major).
type WeightVar struct {
	Path string    `json:"path"`
	Dims []int     `json:"dims"`
	Data []float32 `json:"-"`
}

// Weights returns the network's sampling weights.
func (n *Net) Weights() (*Weights, error) {
	w := &Weights{Kind: n.Kind, Sizes: n.Arch.Sizes, SharedPReLU: n.Arch.SharedPReLU, Embed: n.Arch.Embed,
		DataBox: n.DataBox, Schedule: n.ScheduleConfig, Step: n.GlobalStep()}
	err := n.eachSamplingWeight(func(rel string, val *tensors.Tensor) error {
		data, err := tensors.CopyFlatData[float32](val)
		if err == nil {
			w.Vars = append(w.Vars, WeightVar{Path: rel, Dims: val.Shape().Dimensions, Data: data})
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	return w, nil
}

// weightsMagic starts MarshalBinary's format.
const weightsMagic = "DDPMW1\n"

// MarshalBinary encodes the weights: weightsMagic, the JSON header's length
// (uint32, little-endian), the JSON header (everything but the data), then
// every tensor's data in order as little-endian float32.
func (w *Weights) MarshalBinary() ([]byte, error) {
	head, err := json.Marshal(w)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(weightsMagic)
	_ = binary.Write(&buf, binary.LittleEndian, uint32(len(head)))
	buf.Write(head)
	for _, v := range w.Vars {
		_ = binary.Write(&buf, binary.LittleEndian, v.Data)
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary decodes what MarshalBinary wrote, checking every
// tensor's size against its dimensions.
func (w *Weights) UnmarshalBinary(b []byte) error {
	if !bytes.HasPrefix(b, []byte(weightsMagic)) || len(b) < len(weightsMagic)+4 {
		return fmt.Errorf("weights: not a weights file (no %q header)", weightsMagic[:6])
	}
	b = b[len(weightsMagic):]
	n := int(binary.LittleEndian.Uint32(b))
	b = b[4:]
	if n > len(b) {
		return fmt.Errorf("weights: header of %d bytes in %d", n, len(b))
	}
	if err := json.Unmarshal(b[:n], w); err != nil {
		return fmt.Errorf("weights: %w", err)
	}
	b = b[n:]
	for i := range w.Vars {
		size := 1
		for _, d := range w.Vars[i].Dims {
			size *= d
		}
		if size < 0 || 4*size > len(b) {
			return fmt.Errorf("weights: %s %v needs %d bytes, %d left", w.Vars[i].Path, w.Vars[i].Dims, 4*size, len(b))
		}
		data := make([]float32, size)
		for j := range data {
			data[j] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*j:]))
		}
		w.Vars[i].Data, b = data, b[4*size:]
	}
	if len(b) != 0 {
		return fmt.Errorf("weights: %d bytes after the last tensor", len(b))
	}
	return nil
}

// NetFromWeights rebuilds a network from its weights on backend, ready to
// sample (it has no optimizer state: it cannot continue training), input
// embedding included. The weights must be exactly those of the
// architecture.
func NetFromWeights(w *Weights, backend compute.Backend) (*Net, error) {
	if len(w.Sizes) < 2 {
		return nil, fmt.Errorf("weights: sizes %v", w.Sizes)
	}
	arch, err := EmbedArch(w.Kind, w.Sizes[1:len(w.Sizes)-1], w.Embed)
	if err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	if fmt.Sprint(arch.Sizes) != fmt.Sprint(w.Sizes) {
		return nil, fmt.Errorf("weights: sizes %v do not fit a %s", w.Sizes, w.Kind)
	}
	arch.SharedPReLU = w.SharedPReLU
	sched, err := diffusion.NewSchedule(w.Schedule)
	if err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	if w.DataBox != nil {
		if err := w.DataBox.Validate(); err != nil {
			return nil, fmt.Errorf("weights: data box: %w", err)
		}
	}
	n := &Net{Kind: w.Kind, Arch: arch, ScheduleConfig: w.Schedule, Schedule: sched, Backend: backend, Store: model.NewStore(),
		DataBox: w.DataBox}
	root := n.scope().Scope()
	for _, v := range w.Vars {
		size := 1
		for _, d := range v.Dims {
			size *= d
		}
		if size != len(v.Data) {
			return nil, fmt.Errorf("weights: %s has %d values for dimensions %v", v.Path, len(v.Data), v.Dims)
		}
		t := tensors.FromFlatDataAndDimensions(v.Data, v.Dims...)
		if _, err := n.Store.CreateVariable(model.JoinPath(root, v.Path), t); err != nil {
			return nil, fmt.Errorf("weights %s: %w", v.Path, err)
		}
	}
	if err := n.checkShapes(); err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	if got, want := len(w.Vars), 2*(len(arch.Sizes)-1)+arch.numSlopes(); got != want {
		return nil, fmt.Errorf("weights: %d tensors, a %v %s has %d", got, arch.Sizes, w.Kind, want)
	}
	n.markTrainable()
	return n, nil
}
