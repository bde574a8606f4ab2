package ddpm

import (
	"fmt"
	"math/rand/v2"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/checkpoint"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/states"
)

// NoLabel is the conditional denoiser's "no label" input: the label that
// training substitutes with probability TrainConfig.LabelDropout, and the
// unconditional half of classifier-free guidance.
const NoLabel = states.Num

// netScopeName is the scope of the network's weights inside its store;
// optimizer state and EMA copies live elsewhere in the same store.
const netScopeName = "net"

// Net is one of the project's networks, an MLP on (x, tbar) — plus the
// label for the conditional denoiser — with its variables in a GoMLX store
// on a compute backend:
//
//   - the denoiser eps_theta(x_t, tbar) -> 2 (predicted noise),
//   - the classifier f_phi(y | x_t, tbar) -> states.Num logits,
//   - the flow v_theta(x_t, t) -> 2 (velocity; t in [0, 1], 0 at the data),
//   - the conditional denoiser eps_theta(x_t, tbar, y) -> 2, y one-hot over
//     states.Num + 1 classes (the last is NoLabel).
type Net struct {
	// Kind is the network's kind, a row of the kind table (netkind).
	Kind netkind.Kind
	// Arch is the MLP: input 3 (x, tbar), plus states.Num + 1 for a kind
	// that reads the label (the conditional denoiser).
	Arch MLP
	// diffusion.ScheduleConfig and Schedule are the diffusion schedule the network
	// was trained for.
	ScheduleConfig diffusion.ScheduleConfig
	Schedule       *diffusion.Schedule
	// Backend runs the graphs.
	Backend compute.Backend
	// Store holds the variables (weights, and while training the optimizer
	// state).
	Store *model.Store

	// Origin says where imported weights came from (Hparams.Origin); empty
	// for a network trained here.
	Origin string
	// DataBox is the bounding box of the points the network was trained
	// on (Hparams.DataBox), to which sampling may clip its predictions
	// (SampleConfig.ClipBox); nil when unknown (imported, or trained
	// before it was recorded).
	DataBox *Box

	// saver writes checkpoints through a staging directory (checkpoint.go).
	saver *checkpoint.Handler
	// madeBy is what SaveCheckpoint records as the writer in hparams.json
	// (TrainOptions.MadeBy).
	madeBy string
}

// DefaultDenoiserHidden are the course's denoiser hidden layers: 4 x 256.
var DefaultDenoiserHidden = []int{256, 256, 256, 256}

// DefaultClassifierHidden are the course's classifier hidden layers.
var DefaultClassifierHidden = []int{100, 200, 500}

// NetArch returns the MLP of a network kind with the given hidden widths:
// input 3 (x, tbar) plus the one-hot label for a kind of
// netkind.Spec.LabelInput, output netkind.Spec.Outputs.
func NetArch(kind netkind.Kind, hidden []int) (MLP, error) {
	spec, err := netkind.Lookup(kind)
	if err != nil {
		return MLP{}, err
	}
	in := 3
	if spec.LabelInput {
		in += states.Num + 1
	}
	sizes := append([]int{in}, hidden...)
	m := MLP{Sizes: append(sizes, spec.Outputs)}
	return m, m.Validate()
}

// NewNet creates a freshly initialized network of the given kind, with one
// PReLU slope per hidden layer; the initial weights are fixed by seed.
func NewNet(kind netkind.Kind, hidden []int, sc diffusion.ScheduleConfig, backend compute.Backend, seed uint64) (*Net, error) {
	arch, err := NetArch(kind, hidden)
	if err != nil {
		return nil, err
	}
	return NewNetOf(kind, arch, sc, backend, seed)
}

// ConfigArch returns the MLP that cfg trains for a network of kind: its
// hidden widths, input embedding and PReLU mode.
func ConfigArch(kind netkind.Kind, cfg TrainConfig) (MLP, error) {
	arch, err := EmbedArch(kind, cfg.Hidden, cfg.Embed)
	arch.SharedPReLU = cfg.PReLU == PReLUShared
	return arch, err
}

// NewNetOf creates a freshly initialized network of kind with the MLP arch
// (whose input and output sizes must fit kind and arch.Embed, see
// EmbedArch).
func NewNetOf(kind netkind.Kind, arch MLP, sc diffusion.ScheduleConfig, backend compute.Backend, seed uint64) (*Net, error) {
	if err := arch.Validate(); err != nil {
		return nil, err
	}
	want, err := EmbedArch(kind, arch.Sizes[1:len(arch.Sizes)-1], arch.Embed)
	if err != nil {
		return nil, err
	}
	if fmt.Sprint(want.Sizes) != fmt.Sprint(arch.Sizes) {
		return nil, fmt.Errorf("layers %v do not fit a %s (input %d, output %d)", arch.Sizes, kind, want.Sizes[0], want.Sizes[len(want.Sizes)-1])
	}
	sched, err := diffusion.NewSchedule(sc)
	if err != nil {
		return nil, err
	}
	n := &Net{Kind: kind, Arch: arch, ScheduleConfig: sc, Schedule: sched, Backend: backend, Store: model.NewStore()}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	if err := arch.Init(n.scope(), rng); err != nil {
		return nil, err
	}
	return n, nil
}

// scope returns the scope of the network's weights.
func (n *Net) scope() *model.Scope { return n.Store.RootScope().At(netScopeName) }

// Apply builds the network's forward pass: x [B, 2], tbar [B, 1] and, for
// the conditional denoiser, label [B] int32 (NoLabel: none; nil for the
// other kinds) in, [B, out] out. Use it inside graph functions of
// model.Exec built on n.Store.
func (n *Net) Apply(x, tbar, label *Node) *Node {
	return n.Arch.Apply(n.scope(), n.input(x, tbar, label))
}

// input is the MLP's input [B, in] for x [B, 2], the time input tbar
// [B, 1] (the flow's u) and label [B] (conditional denoiser; nil
// otherwise): the features of n.Arch.Embed (x and tbar side by side
// without embedding), then, for a kind that reads the label
// (netkind.Spec.LabelInput), the one-hot of label over states.Num + 1
// classes.
func (n *Net) input(x, tbar, label *Node) *Node {
	var s *Node
	if !n.Arch.Embed.None() {
		s = n.timeSteps(tbar)
	}
	parts := []*Node{n.Arch.Embed.features(x, tbar, s)}
	if n.Kind.Spec().LabelInput {
		parts = append(parts, OneHot(label, states.Num+1, x.DType()))
	}
	return Concatenate(parts, -1)
}

// markTrainable marks exactly the network's weights as trainable (a loaded
// checkpoint marks every variable trainable, optimizer state included).
func (n *Net) markTrainable() {
	for v := range n.Store.IterVariables() {
		v.SetTrainable(n.isWeight(v.Path()))
	}
}

// isWeight reports whether the variable at path is one of the network's
// weights (not optimizer state, EMA copy or step counter).
func (n *Net) isWeight(path string) bool {
	prefix := n.scope().Scope() + "/"
	return len(path) > len(prefix) && path[:len(prefix)] == prefix
}
