package ghhttp

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/providers/httpretry/httpretrytest"
)

func TestDebugLogReportsRequestsAndSummary(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		level     hclog.Level
		wantLines []string
	}{
		"debug": {
			level: hclog.Debug,
			wantLines: []string{
				"[DEBUG] github: github request: method=GET path=/api/v3/repos/o/r attempt=1 duration=0s status=200",
				"[DEBUG] github: github request: method=GET path=/api/v3/repos/o/r attempt=1 duration=0s status=304",
				"[DEBUG] github: github request: method=POST path=/api/v3/repos/o/r/issues attempt=1 duration=0s status=502",
				"[DEBUG] github: github request: method=GET path=/api/v3/repos/o/r attempt=1 duration=0s status=503",
				"[DEBUG] github: retrying github request: method=GET path=/api/v3/repos/o/r attempt=1 reason=\"transient failure\" wait=500ms",
				"[DEBUG] github: github request: method=GET path=/api/v3/repos/o/r attempt=2 duration=0s status=200",
				"[DEBUG] github: github requests summary: requests=5 retries=1 not_modified=1 rate_limit_waits=0 rate_limit_waited=0s mutation_waited=0s requests_GET=4 requests_POST=1",
			},
		},
		"info says nothing": {level: hclog.Info},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := NewVirtualClock(t0)
			etag := map[string]string{"ETag": `"a"`}
			srv := newScriptedServer(t, clock,
				step{status: 200, header: etag, body: `{}`},
				step{status: 304, header: etag},
				step{status: 502},
				step{status: 503},
				step{status: 200, header: map[string]string{"ETag": `"b"`}, body: `{}`})
			buf := &httpretrytest.SyncBuffer{}
			o := testOptions(clock, srv.base())
			o.Logger = hclog.New(&hclog.LoggerOptions{Output: buf, Level: tc.level, DisableTime: true})
			tr := newTransport(t, o)
			for _, m := range []string{"GET", "GET", "POST", "GET"} {
				path := "repos/o/r"
				if m == "POST" {
					path += "/issues"
				}
				if _, _, err := do(t, tr, m, srv.base()+path, ""); err != nil {
					t.Fatal(err)
				}
			}
			tr.LogSummary()
			var lines []string
			if out := strings.TrimSpace(buf.String()); out != "" {
				lines = strings.Split(out, "\n")
			}
			if diff := cmp.Diff(tc.wantLines, lines); diff != "" {
				t.Errorf("log lines (-want +got):\n%s", diff)
			}
		})
	}
}
