package builtin

import (
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/circleci"
	"github.com/relctl/relctl/providers/exec"
	"github.com/relctl/relctl/providers/git"
	"github.com/relctl/relctl/providers/github"
	"github.com/relctl/relctl/providers/slack"
)

// Registry returns a registry of every built-in provider.
func Registry() *providers.Registry {
	return providers.NewRegistry(map[string]providers.Factory{
		"circleci": circleci.New,
		"exec":     exec.New,
		"git":      git.New,
		"github":   github.New,
		"slack":    slack.New,
	})
}
