package main

import (
	"os"
	"testing"

	"github.com/relctl/relctl/state/pg/pgtest"
)

// TestMain stops the PostgreSQL server the backend tests started, if any.
func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
