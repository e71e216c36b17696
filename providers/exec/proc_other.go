//go:build !unix

package exec

import osexec "os/exec"

func setProcessGroup(*osexec.Cmd) {}
