package ghstate

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relctl/relctl/providers/github/ghhttp"
	"github.com/relctl/relctl/providers/github/githubtest"
	"github.com/relctl/relctl/state"
)

// TestFaults injects GitHub's failures into appends and locks: what the
// transport can retry is retried (5xx on a PUT, rate limits), what it
// cannot fails with GitHub's answer and leaves the world as it was.
func TestFaults(t *testing.T) {
	tests := map[string]struct {
		fault   func(w *world, vc *ghhttp.VirtualClock)
		op      string // "append" or "lock"
		wantErr string
		// wantSlept is a wait the transport must have made.
		wantSlept time.Duration
	}{
		"5xx on the append, retried": {
			fault: func(w *world, _ *ghhttp.VirtualClock) { w.srv.FailNext(testRetries, http.StatusBadGateway) },
			op:    "append",
		},
		"5xx on every attempt of the append": {
			fault:   func(w *world, _ *ghhttp.VirtualClock) { w.srv.FailNext(testRetries+1, http.StatusBadGateway) },
			op:      "append",
			wantErr: "502 Server Error",
		},
		"secondary rate limit on the append": {
			fault: func(w *world, _ *ghhttp.VirtualClock) {
				w.srv.SecondaryRateLimit(w.srv.RequestCount()+1, 30*time.Second)
			},
			op: "append", wantSlept: 30 * time.Second,
		},
		"primary rate limit exhausted": {
			fault: func(w *world, vc *ghhttp.VirtualClock) {
				w.srv.SetRateLimit(5000, 0, vc.Now().Add(10*time.Minute))
			},
			op: "append", wantSlept: 10 * time.Minute,
		},
		"5xx on the creation of the lock ref": {
			// GET ref (404), POST tree, POST commit, then POST ref: a POST
			// that may have reached GitHub is not sent again.
			fault: func(w *world, _ *ghhttp.VirtualClock) {
				w.srv.FailNth(w.srv.RequestCount()+4, http.StatusInternalServerError)
			},
			op:      "lock",
			wantErr: "500 Server Error",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			vc := ghhttp.NewVirtualClock(time.Now())
			w := newWorld(t, githubtest.WithClock(vc.Now))
			b := w.backend(t, func(c *Config) { c.HTTP.Clock = vc })
			g := state.Generation{Lineage: "L1", PlanID: "P1"}
			must(t, b.BeginPlan(ctx, header("L1", "P1", "a")))
			before := w.journal(t)
			tc.fault(w, vc)
			var err error
			switch tc.op {
			case "append":
				err = b.AppendRecord(ctx, g, record(t, state.Action{Address: "a", Status: state.Running, Attempts: 1}))
			case "lock":
				var l state.HeldLock
				if l, err = b.Lock(ctx, "apply", 0); err == nil {
					l.Unlock()
				}
			}
			if tc.wantErr == "" {
				must(t, err)
			} else if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got %v, want an error with %q", err, tc.wantErr)
			}
			if tc.wantSlept > 0 && !slept(vc, tc.wantSlept) {
				t.Errorf("the transport slept %v, want a wait of about %s", vc.Sleeps(), tc.wantSlept)
			}
			if tc.wantErr != "" && w.journal(t) != before {
				t.Errorf("a failed %s changed the journal", tc.op)
			}
			if refs := w.srv.Refs(repoName); len(refs) != 2 {
				t.Errorf("refs after the %s: %v, want main and the state branch only", tc.op, refs)
			}
			// The backend goes on once GitHub answers again.
			must(t, b.AppendRecord(ctx, g, record(t, state.Action{Address: "a", Status: state.Done})))
			l, err := b.Lock(ctx, "apply", 0)
			must(t, err)
			must(t, l.Unlock())
		})
	}
}

// slept reports whether vc recorded a sleep within a second of d.
func slept(vc *ghhttp.VirtualClock, d time.Duration) bool {
	for _, s := range vc.Sleeps() {
		if s > d-time.Second && s <= d+time.Second {
			return true
		}
	}
	return false
}
