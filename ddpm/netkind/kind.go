package netkind

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Kind names a network kind. Its string is the kind's name everywhere: in
// hparams.json ("kind"), in the checkpoint folder, in the -model flag of
// the ddpm command, in the weights of the explorer page.
type Kind string

// The network kinds, in the handout's order (the order of All).
const (
	// Denoiser is the noise predictor eps_theta(x_t, tbar) of DDPM.
	Denoiser Kind = "denoiser"
	// Classifier is the noisy classifier f_phi(y | x_t, tbar).
	Classifier Kind = "classifier"
	// Flow is the velocity field v_theta(x_t, t) of flow matching.
	Flow Kind = "flow"
	// Conditional is the label-conditional denoiser eps_theta(x_t, tbar, y)
	// of classifier-free guidance.
	Conditional Kind = "conditional"
)

// All returns the kinds of the table, in its order.
func All() []Kind {
	out := make([]Kind, len(table))
	for i, s := range table {
		out[i] = s.Kind
	}
	return out
}

// Where returns the kinds whose row satisfies keep, in the table's order.
func Where(keep func(Spec) bool) []Kind {
	var out []Kind
	for _, s := range table {
		if keep(s) {
			out = append(out, s.Kind)
		}
	}
	return out
}

// Lookup returns the row of k, or an error that names the known kinds.
func Lookup(k Kind) (Spec, error) {
	for _, s := range table {
		if s.Kind == k {
			return s, nil
		}
	}
	return Spec{}, fmt.Errorf("unknown network kind %q: want one of %v", k, All())
}

// Spec returns the row of k. Kinds are checked where they come in (Lookup:
// a file, a flag), so an unknown one here is a programmer error: Spec
// panics.
func (k Kind) Spec() Spec {
	s, err := Lookup(k)
	if err != nil {
		panic(err)
	}
	return s
}

// CheckpointDir returns the checkpoint folder of k in the output folder
// dir (Spec.Checkpoint).
func (k Kind) CheckpointDir(dir string) string { return filepath.Join(dir, k.Spec().Checkpoint) }

// CurvesPath returns the training curves of k in the output folder dir
// (Spec.Curves).
func (k Kind) CurvesPath(dir string) string { return filepath.Join(dir, k.Spec().Curves) }

// CoursePath returns the course-format checkpoint of k in the output
// folder dir (Spec.CourseCheckpoint).
func (k Kind) CoursePath(dir string) string { return filepath.Join(dir, k.Spec().CourseCheckpoint) }

// Titles joins the titles of kinds with conj ("and", "or") for a message:
// "denoiser", "denoiser and classifier", "denoiser, flow or conditional
// denoiser".
func Titles(kinds []Kind, conj string) string {
	var b strings.Builder
	for i, k := range kinds {
		switch {
		case i == 0:
		case i == len(kinds)-1:
			b.WriteString(" " + conj + " ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(k.Spec().Title)
	}
	return b.String()
}
