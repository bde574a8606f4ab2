// Package backends opens the GoMLX backends the project runs on: the
// pure-Go one (with a worker pool that cannot deadlock), ONNX Runtime and
// XLA, chosen by name or by $GOMLX_BACKEND ("auto" picks the best one
// installed).
package backends
