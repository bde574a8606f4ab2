package states

// statePlacement puts one state's outline on the ring of STATES: its
// arc-length centroid goes to Center and its larger side measures Span.
type statePlacement struct {
	Center [2]float64
	Span   float64
}

// statesLayout places the states, in label order, on a ring read clockwise
// from the top: Ohio, Wisconsin, Oklahoma, Idaho, Michigan. The units are
// those of the standardized data: the centres are the course's per-state
// centroids, and the spans are chosen so that the whole set already has a
// standard deviation close to 1 per axis, so that standardizing it moves the
// centroids by little (ddpm/states_test.go checks the result).
var statesLayout = [Num]statePlacement{
	{Center: [2]float64{-1.32, 0.55}, Span: 1.30},  // Michigan
	{Center: [2]float64{-0.68, -1.18}, Span: 1.30}, // Idaho
	{Center: [2]float64{0.00, 1.07}, Span: 1.00},   // Ohio
	{Center: [2]float64{0.67, -1.06}, Span: 1.35},  // Oklahoma
	{Center: [2]float64{1.33, 0.62}, Span: 1.20},   // Wisconsin
}
