package ghstate

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/state"
)

// TestTokenNeverStored: the token from GITHUB_TOKEN authenticates every
// request (and is registered as a secret of every Recorder) but appears in no file or commit message of any ref, no request
// URL, no log line and no error, even when GitHub refuses the token.
func TestTokenNeverStored(t *testing.T) {
	w := newWorld(t)
	var logs bytes.Buffer
	logger := hclog.New(&hclog.LoggerOptions{Output: &logs, Level: hclog.Trace})
	b := w.backend(t, func(c *Config) { c.Logger = logger })
	r, err := state.OpenRecorder(ctx, b, "apply", 0)
	must(t, err)
	must(t, r.Begin("P1", "APIM 3.4.7", []string{"a"}))
	must(t, r.Record(state.Action{Address: "a", Status: state.Running}))
	must(t, r.Record(state.Action{Address: "a", Status: state.Failed, Error: "push refused for " + token}))
	must(t, b.SavePlan(ctx, "P1", []byte(`{"plan_id":"P1"}`)))
	w.srv.FailNext(testRetries+1, http.StatusBadGateway)
	errs := []error{r.Record(state.Action{Address: "a", Status: state.Running})}
	must(t, r.Close())
	b.Close()

	wrong := w.backend(t, func(c *Config) { c.Token = "not-" + token; c.Logger = logger })
	_, err = wrong.ReadState(ctx)
	errs = append(errs, err)
	_, err = wrong.Lock(ctx, "apply", 0)
	errs = append(errs, err)
	for _, err := range errs {
		if err == nil {
			t.Fatal("a request meant to fail succeeded")
		}
		if strings.Contains(err.Error(), token) {
			t.Errorf("error %q holds the token", err)
		}
	}
	if !strings.Contains(errs[1].Error(), "401 Bad credentials") {
		t.Errorf("a refused token: %v, want GitHub's 401", errs[1])
	}
	for _, ref := range w.srv.Refs(repoName) {
		c, _ := w.srv.CommitOf(repoName, ref)
		if strings.Contains(c.Message, token) {
			t.Errorf("the commit message on %s holds the token", ref)
		}
		for path, content := range c.Files {
			if strings.Contains(content, token) {
				t.Errorf("%s on %s holds the token", path, ref)
			}
		}
	}
	if leaks := w.srv.TokenLeaks(); len(leaks) > 0 {
		t.Errorf("the token was in request URLs: %v", leaks)
	}
	if strings.Contains(logs.String(), token) {
		t.Errorf("the logs hold the token:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "github requests summary") {
		t.Errorf("Close did not log the request summary:\n%s", logs.String())
	}
}
