package viz

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ExplorerData is everything explorer.html shows, made from the trained
// models (ddpm/pipeline.Explore fills it): the data behind the samples,
// the choices of each control and the sample sets computed natively when
// the page was written. It is embedded in the page as JSON.
type ExplorerData struct {
	// Title heads the page; Models describes the trained networks.
	Title  string `json:"title"`
	Models string `json:"models"`
	// States are the state names (labels index them), Colors their colours.
	States []string `json:"states"`
	Colors []string `json:"colors"`
	// Data are the data points (EncodePoints) and Labels their labels, one
	// digit each ('9': none).
	Data   string `json:"data"`
	Labels string `json:"labels"`
	// T is the number of diffusion steps of the denoisers.
	T int `json:"t"`
	// N is the number of samples of each set, Seed their sampling seed,
	// Frames about how many snapshots of the reverse process an unguided
	// set keeps (the precomputed ones, and those sampled live).
	N      int    `json:"n"`
	Seed   uint64 `json:"seed"`
	Frames int    `json:"frames"`
	// Samplers are the sampler choices, in order; Guides the guidance kinds.
	Samplers []ExplorerSampler `json:"samplers"`
	Guides   []ExplorerGuide   `json:"guides"`
	// LiveMaxEvals is the most network evaluations per sample (see
	// ExplorerEvals) that the page samples live in the browser.
	LiveMaxEvals int `json:"live_max_evals"`
	// Sets are the precomputed sample sets, by ExplorerKey.
	Sets []ExplorerSet `json:"sets"`
}

// ExplorerSampler is one choice of the sampler control.
type ExplorerSampler struct {
	// ID is the sampling method (ddpm.MethodDDPM, ...), Name its label.
	ID   string `json:"id"`
	Name string `json:"name"`
	// Flow: it integrates the flow (unguided only).
	Flow bool `json:"flow"`
	// Midpoint: two evaluations per step.
	Midpoint bool `json:"midpoint"`
	// Steps are the choices of the steps control (unguided), Guided those
	// of guided sampling (none: it does not guide).
	Steps  []int `json:"steps"`
	Guided []int `json:"guided,omitempty"`
}

// ExplorerGuide is one choice of the guidance kind control.
type ExplorerGuide struct {
	// ID is "classifier" or "classifier-free", Name its label.
	ID   string `json:"id"`
	Name string `json:"name"`
	// Scales are the choices of the scale control.
	Scales []float64 `json:"scales"`
}

// ExplorerSet is one sample set: its points, the reverse process of the
// unguided ones, and its metrics. The WebAssembly sampler of the page
// answers with the same structure.
type ExplorerSet struct {
	Key string `json:"key"`
	// Points are the samples (EncodePoints).
	Points string `json:"p"`
	// Frames are the reverse process: x_t of every sample at time T[i].
	Frames []ExplorerFrame `json:"f,omitempty"`
	// Metrics: NLL under the data's KDE (DataNLL: the data's own),
	// precision and recall, label accuracy (-1: unguided).
	NLL           float64 `json:"nll"`
	DataNLL       float64 `json:"data_nll"`
	Precision     float64 `json:"precision"`
	Recall        float64 `json:"recall"`
	LabelAccuracy float64 `json:"acc"`
	// Evals is the number of network evaluations per sample, Millis the
	// time sampling took where it ran.
	Evals  int     `json:"evals"`
	Millis float64 `json:"ms"`
}

// ExplorerFrame is the reverse process at diffusion time T.
type ExplorerFrame struct {
	T      int    `json:"t"`
	Points string `json:"p"`
}

// ExplorerKey names a setting of the controls: guide "none", "classifier"
// or "classifier-free", the state (-1 unguided), the scale, the sampler
// and its steps. The page's script builds the same keys.
func ExplorerKey(guide string, label int, scale float64, sampler string, steps int) string {
	if guide == "" || guide == "none" {
		guide, label, scale = "none", -1, 0
	}
	return strings.Join([]string{guide, strconv.Itoa(label), strconv.FormatFloat(scale, 'g', -1, 64), sampler, strconv.Itoa(steps)}, "|")
}

// ExplorerEvals is the cost of a setting in network evaluations per
// sample, as the page counts it to decide what to sample live: one per
// step, two per midpoint step, two per step of classifier-free guidance
// (w != 0) and three of classifier guidance (the classifier's forward and
// backward passes, about one evaluation each, on top of the denoiser's).
func ExplorerEvals(guide string, scale float64, midpoint bool, steps int) int {
	n := steps
	if midpoint {
		n *= 2
	}
	switch {
	case guide == "classifier-free" && scale != 0:
		n *= 2
	case guide == "classifier":
		n *= 3
	}
	return n
}

// pointScale is the resolution of EncodePoints: 1/4096 of a data unit.
const pointScale = 4096

// EncodePoints packs points as base64 of little-endian int16 pairs in
// units of 1/4096, clamped to [-8, 8): compact for the page, and finer than
// a pixel of any chart.
func EncodePoints(pts [][2]float32) string {
	b := make([]byte, 4*len(pts))
	for i, p := range pts {
		for j := range 2 {
			v := math.Round(float64(p[j]) * pointScale)
			v = max(math.MinInt16, min(math.MaxInt16, v))
			if math.IsNaN(v) {
				v = 0
			}
			binary.LittleEndian.PutUint16(b[4*i+2*j:], uint16(int16(v)))
		}
	}
	return base64.StdEncoding.EncodeToString(b)
}

// DecodePoints is the inverse of EncodePoints.
func DecodePoints(s string) ([][2]float32, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b)%4 != 0 {
		return nil, fmt.Errorf("decode points: not base64 int16 pairs")
	}
	pts := make([][2]float32, len(b)/4)
	for i := range pts {
		for j := range 2 {
			pts[i][j] = float32(int16(binary.LittleEndian.Uint16(b[4*i+2*j:]))) / pointScale
		}
	}
	return pts, nil
}
