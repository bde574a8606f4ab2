// Package live puts controls on a chart in a GoNB notebook: selects and
// sliders (GoNB's own widgets, package gonbui/widgets) that redraw the
// chart and its caption as soon as they move, with whatever the caller
// computes for the new setting (samples from a trained model, say).
//
// A Panel is shown by Show. Run headless (jupyter nbconvert, where no
// browser answers the widgets), Show draws the chart of the controls'
// initial values, with the controls in that state, and returns; in a live
// notebook it keeps the cell running and answers every move until the
// panel's Stop button is pressed or nothing moves for Panel.Idle.
//
// Like package viz it trains and samples nothing itself and needs no GoMLX.
package live
