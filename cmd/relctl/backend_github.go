package main

import (
	"context"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/state"
	"github.com/relctl/relctl/state/ghstate"
)

func init() { backendOpeners["github"] = openGitHub }

// openGitHub opens the state kept in a branch of a repository. The token
// is GITHUB_TOKEN; the API root is base_url, else GITHUB_API_URL (set
// inside GitHub Actions, also on GitHub Enterprise Server), else
// GitHub.com's.
func openGitHub(_ context.Context, spec backendSpec, getenv func(string) string, logger hclog.Logger) (state.Backend, error) {
	base := spec.Settings["base_url"]
	if base == "" {
		base = getenv("GITHUB_API_URL")
	}
	return ghstate.New(ghstate.Config{
		Repo:      spec.Settings["repo"],
		Branch:    spec.Settings["branch"],
		Path:      spec.Settings["path"],
		Workspace: spec.Settings["workspace"],
		BaseURL:   base,
		Getenv:    getenv,
		Logger:    logger,
	})
}
