//go:build !js

package backends

import (
	"os"

	"github.com/gomlx/compute"
	"github.com/gomlx/go-xla/compute/xla"
)

// newXLABackend creates the XLA/PJRT backend (go-xla) for a plugin name
// such as "cuda" or "cpu"; it installs no plugin unless
// DDPM_XLA_AUTO_INSTALL=1.
func newXLABackend(config string) (compute.Backend, error) {
	xla.EnableAutoInstall(os.Getenv(XLAInstallEnv) == "1")
	return xla.New(config)
}
