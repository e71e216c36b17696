package github

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// TestFaults drives a read and a mutation through each kind of fault on a
// virtual clock: transient faults are retried and recover, permanent ones
// fail with GitHub's message, and no output holds the token.
func TestFaults(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		fault       func(f *fixture)
		mutate      bool
		wantErr     string
		wantRetries bool
		wantSlept   time.Duration
	}{
		"one server error": {
			fault: func(f *fixture) { f.srv.FailNth(f.srv.RequestCount()+1, http.StatusBadGateway) }, wantRetries: true,
		},
		"server errors outlast the retries": {
			fault:   func(f *fixture) { f.srv.FailNext(20, http.StatusInternalServerError) },
			wantErr: "GitHub answered 500 Server Error", wantRetries: true,
		},
		"not found": {
			fault:   func(f *fixture) { f.srv.FailNext(1, http.StatusNotFound) },
			wantErr: "GitHub answered 404",
		},
		"forbidden": {
			fault:   func(f *fixture) { f.srv.FailNext(1, http.StatusForbidden) },
			wantErr: "GitHub answered 403",
		},
		"secondary rate limit on a mutation": {
			fault:  func(f *fixture) { f.srv.SecondaryRateLimit(f.srv.RequestCount()+3, 30*time.Second) },
			mutate: true, wantRetries: true, wantSlept: 30 * time.Second,
		},
		"primary rate limit exhausted": {
			fault: func(f *fixture) {
				f.srv.SetRateLimit(5000, 0, f.clock.Now().Add(10*time.Minute))
			},
			wantRetries: true, wantSlept: 10 * time.Minute,
		},
		"server error on a mutation": {
			fault:  func(f *fixture) { f.srv.FailNth(f.srv.RequestCount()+3, http.StatusServiceUnavailable) },
			mutate: true, wantErr: "GitHub answered 503",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			logger := hclog.New(&hclog.LoggerOptions{Output: &logs, Level: hclog.Trace})
			f := setupLogged(t, logger, nil)
			repo := f.srv.AddRepo("acme/api", "main")
			repo.Commit("main", "Initial", map[string]string{"VERSION": "1\n"})
			tc.fault(f)
			var err error
			if tc.mutate {
				// check (2 reads), then the create.
				_, err = f.apply(t, "github_branch", args(t, "github_branch", map[string]cty.Value{"repo": s("api"), "branch": s("b"), "from": s("main")}))
			} else {
				_, err = f.p.ReadRepository(context.Background(), providers.Repository{Repo: "api"})
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error = %v, want %q", err, tc.wantErr)
			}
			var apiErr *APIError
			if err != nil && !errors.As(err, &apiErr) {
				t.Errorf("error %v is not an *APIError", err)
			}
			if st := f.p.Stats(); (st.Retries > 0) != tc.wantRetries {
				t.Errorf("retries = %d, want some: %v", st.Retries, tc.wantRetries)
			}
			if tc.wantSlept > 0 && f.clock.Slept() < tc.wantSlept {
				t.Errorf("slept %s on the virtual clock, want at least %s", f.clock.Slept(), tc.wantSlept)
			}
			if tc.mutate && tc.wantErr == "" && f.srv.Ref("acme/api", "heads/b") == "" {
				t.Errorf("branch b was not created")
			}
			errText := ""
			if err != nil {
				errText = errorsChain(err)
			}
			noCanary(t, "error and logs", errText, logs.String())
		})
	}
}

// errorsChain prints every error of the chain, as %+v would show them.
func errorsChain(err error) string {
	var b strings.Builder
	for e := err; e != nil; e = errors.Unwrap(e) {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}
