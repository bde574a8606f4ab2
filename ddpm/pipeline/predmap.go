package pipeline

import (
	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// MapTimes are the diffusion times of the classifier's prediction map.
var MapTimes = []int{0, 50, 100, 200, 300, 400, 500}

// PredictionMap evaluates clf on a grid x grid grid around data at the
// times of MapTimes that clf's schedule has, and saves the map in ws
// (classifier_map.json).
func PredictionMap(ws *run.Workspace, clf *ddpm.Net, data *states.Dataset, grid int) (*run.PredictionMap, error) {
	var ts []int
	for _, t := range MapTimes {
		if t <= clf.Schedule.T {
			ts = append(ts, t)
		}
	}
	m, err := clf.MakePredictionMap(data, grid, grid, ts)
	if err != nil {
		return nil, err
	}
	if err := ws.SaveRecord(run.ResultPredictionMap, m, mapRecord(clf, grid)); err != nil {
		return nil, err
	}
	return m, nil
}
