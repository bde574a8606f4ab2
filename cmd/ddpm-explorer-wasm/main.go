//go:build js && wasm

// Command ddpm-explorer-wasm is the live sampler of explorer.html: the
// project's own sampling code (ddpm/pipeline.Explorer) built with
// GOOS=js GOARCH=wasm on GoMLX's pure-Go backend. ddpm explore builds it
// and embeds it in the page with the trained weights; it is not run by
// hand.
//
// It defines the JavaScript object ddpmExplorer with
//
//	init(weights, data, labels): weights maps network kinds to base64
//	  ddpm.Weights (MarshalBinary); data and labels are the page's data
//	  (viz.ExplorerData.Data, .Labels). Returns "" or an error message.
//	sample(settingJSON): a Promise of the JSON of a viz.ExplorerSet for a
//	  pipeline.ExploreSetting.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"syscall/js"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz"
)

var explorer pipeline.Explorer

func main() {
	obj := js.Global().Get("Object").New()
	obj.Set("init", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if err := initExplorer(args); err != nil {
			return err.Error()
		}
		return ""
	}))
	obj.Set("sample", js.FuncOf(func(_ js.Value, args []js.Value) any {
		setting := args[0].String()
		return js.Global().Get("Promise").New(js.FuncOf(func(_ js.Value, pr []js.Value) any {
			resolve, reject := pr[0], pr[1]
			go func() {
				out, err := sample(setting)
				if err != nil {
					reject.Invoke(err.Error())
					return
				}
				resolve.Invoke(out)
			}()
			return nil
		}))
	}))
	js.Global().Set("ddpmExplorer", obj)
	select {}
}

func initExplorer(args []js.Value) error {
	if len(args) != 3 {
		return fmt.Errorf("init: want weights, data, labels")
	}
	backend, err := backends.New("go")
	if err != nil {
		return err
	}
	nets := map[netkind.Kind]**ddpm.Net{netkind.Denoiser: &explorer.Denoiser, netkind.Classifier: &explorer.Classifier,
		netkind.Flow: &explorer.Flow, netkind.Conditional: &explorer.Conditional}
	for kind, dst := range nets {
		v := args[0].Get(string(kind))
		if v.IsUndefined() || v.IsNull() {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(v.String())
		if err != nil {
			return fmt.Errorf("init %s: %w", kind, err)
		}
		var w ddpm.Weights
		if err := w.UnmarshalBinary(raw); err != nil {
			return fmt.Errorf("init %s: %w", kind, err)
		}
		if *dst, err = ddpm.NetFromWeights(&w, backend); err != nil {
			return fmt.Errorf("init %s: %w", kind, err)
		}
	}
	pts, err := viz.DecodePoints(args[1].String())
	if err != nil {
		return err
	}
	labels := args[2].String()
	d := &states.Dataset{Points: pts, Labels: make([]int, len(pts))}
	for i := range d.Labels {
		d.Labels[i] = -1
		if i < len(labels) && labels[i] < '0'+states.Num {
			d.Labels[i] = int(labels[i] - '0')
		}
	}
	explorer.Scorer, err = metrics.NewScorer(d, metrics.DefaultRadius)
	return err
}

func sample(setting string) (string, error) {
	var s pipeline.ExploreSetting
	if err := json.Unmarshal([]byte(setting), &s); err != nil {
		return "", fmt.Errorf("sample: setting %q: %w", setting, err)
	}
	set, err := explorer.Sample(context.Background(), s)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(set)
	return string(b), err
}
