// Package builtin assembles the registry of the providers that ship with
// relctl.
package builtin

import (
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/circleci"
	"github.com/relctl/relctl/providers/exec"
	"github.com/relctl/relctl/providers/git"
	"github.com/relctl/relctl/providers/slack"
	"github.com/relctl/relctl/providers/github"
)

// Registry returns a registry of every built-in provider.
func Registry() *providers.Registry {
	return providers.NewRegistry(map[string]providers.Factory{
		"circleci": circleci.New,
		"exec":     exec.New,
		"git":      git.New,
		"slack":    slack.New,
		"github":   github.New,
	})
}
