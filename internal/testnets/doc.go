// Package testnets holds the test helpers of the packages whose tests
// build or train networks (ddpm, ddpm/pipeline): the backend they run on
// (Backend, chosen by DDPM_TEST_BACKEND). It imports GoMLX's backends, so
// it is apart from internal/testfix and internal/testrun, which the tests
// of GoMLX-free packages such as viz import.
//
// It does not import ddpm, so ddpm's own tests can use it; for the same
// reason the tiny networks those tests train stay in each package's tests
// (ddpm's tinyNets, pipeline's tinyNets), with recipes of their own.
package testnets
