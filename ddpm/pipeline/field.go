package pipeline

import (
	"fmt"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// FieldTimes are the times u at which notebooks draw a flow's velocity
// field: from the noise (1) to just above the data.
var FieldTimes = []float64{1, 0.6, 0.3, 0.1, 0.03, 0.01}

// VelocityFrames evaluates a flow's velocity at the centres of a grid x
// grid grid over the data's bounding box (with a 10% margin) at each time
// of us.
func VelocityFrames(flow *ddpm.Net, data *states.Dataset, grid int, us []float64) ([]run.FieldFrame, error) {
	if grid < 1 || data.Len() == 0 {
		return nil, fmt.Errorf("velocity frames: grid %d over %d points, want both > 0", grid, data.Len())
	}
	lo, hi := data.Box(0.1)
	pts := states.GridCentres(lo, hi, grid, grid)
	var frames []run.FieldFrame
	for _, u := range us {
		v, err := flow.Velocity(pts, u)
		if err != nil {
			return nil, err
		}
		frames = append(frames, run.FieldFrame{U: u, Points: pts, Velocity: v})
	}
	return frames, nil
}
