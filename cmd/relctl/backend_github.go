package main

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/state"
	"github.com/relctl/relctl/state/ghstate"
)

func init() { backendOpeners["github"] = openGitHub }

// openGitHub opens the state kept in a branch of a repository. The token
// is GITHUB_TOKEN; the API root is base_url, else GITHUB_API_URL (set
// inside GitHub Actions, also on GitHub Enterprise Server), else
// GitHub.com's.
//
// lock_stale is how long a lock whose holder stopped renewing it (a
// runner that died) stays before relctl state unlock may release it; the
// holder renews it three times as often.
func openGitHub(_ context.Context, spec backendSpec, getenv func(string) string, logger hclog.Logger) (state.Backend, error) {
	base := spec.Settings["base_url"]
	if base == "" {
		base = getenv("GITHUB_API_URL")
	}
	cfg := ghstate.Config{
		Repo:      spec.Settings["repo"],
		Branch:    spec.Settings["branch"],
		Path:      spec.Settings["path"],
		Workspace: spec.Settings["workspace"],
		BaseURL:   base,
		Getenv:    getenv,
		Logger:    logger,
	}
	if s := spec.Settings["lock_stale"]; s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 3*time.Second {
			return nil, fmt.Errorf("lock_stale %q: want a duration of at least 3s, such as \"3m\"", s)
		}
		cfg.LockStale, cfg.LockHeartbeat = d, d/3
	}
	return ghstate.New(cfg)
}
