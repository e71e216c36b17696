package main

import (
	"context"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/state"
	"github.com/relctl/relctl/state/pg"
)

func init() { backendOpeners["pg"] = openPG }

// openPG opens the state kept in a PostgreSQL database. The connection
// string is conn_str of the configuration's backend block, else
// PG_CONN_STR, else DATABASE_URL; it is never part of a plan.
func openPG(ctx context.Context, spec backendSpec, getenv func(string) string, _ hclog.Logger) (state.Backend, error) {
	return pg.New(ctx, pg.Config{
		ConnString: spec.Settings["conn_str"],
		Workspace:  spec.Settings["workspace"],
		Getenv:     getenv,
	})
}
