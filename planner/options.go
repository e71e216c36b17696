package planner

import (
	"os"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/providers"
)

// Options are the inputs of planning besides the configuration.
type Options struct {
	Registry *providers.Registry
	Vars     VarInputs
	Logger   hclog.Logger
	// Getenv reads the environment; os.Getenv when nil.
	Getenv func(string) string
	// Now is the clock (calendar versions, plan time); time.Now when nil.
	Now func() time.Time
	// NoRefresh skips every provider call: current versions come from
	// attributes, the manifest or initial; no change detection, no facts.
	NoRefresh bool
	// Targets limits the plan to these action addresses (or address
	// prefixes such as stage.maven) and what they depend on.
	Targets       []string
	RelctlVersion string
}

func (o Options) logger() hclog.Logger {
	if o.Logger == nil {
		return hclog.NewNullLogger()
	}
	return o.Logger
}

func (o Options) getenv() func(string) string {
	if o.Getenv == nil {
		return os.Getenv
	}
	return o.Getenv
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}
