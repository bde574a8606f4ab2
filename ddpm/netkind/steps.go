package netkind

// TrainingSteps are the training steps of the networks that made a result,
// one field per kind (0: unknown, or not used). run.Provenance embeds them,
// so their JSON names are keys of provenance.json; each row of the table
// points at its field (Spec.Step).
type TrainingSteps struct {
	DenoiserStep    int `json:"denoiser_step,omitempty"`
	ClassifierStep  int `json:"classifier_step,omitempty"`
	FlowStep        int `json:"flow_step,omitempty"`
	ConditionalStep int `json:"conditional_step,omitempty"`
}

// Set records step as the training step of the network of kind k.
func (t *TrainingSteps) Set(k Kind, step int) { *k.Spec().Step(t) = step }

// Of returns the recorded training step of the network of kind k.
func (t *TrainingSteps) Of(k Kind) int { return *k.Spec().Step(t) }
