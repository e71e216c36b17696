package ghhttp

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/providers/httpretry/httpretrytest"
)

// canary is a token that must never be seen outside the Authorization header
// sent to the configured GitHub origins.
const canary = "ghp_CANARY0123456789abcdefghijklmnopqrstu"

// authRecorder records the Authorization header of every request it gets.
type authRecorder struct {
	mu   sync.Mutex
	seen map[string]string // path -> Authorization
	api  map[string]string // path -> X-GitHub-Api-Version
}

func (a *authRecorder) record(r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.seen == nil {
		a.seen, a.api = map[string]string{}, map[string]string{}
	}
	a.seen[r.URL.Path] = r.Header.Get("Authorization")
	a.api[r.URL.Path] = r.Header.Get("X-GitHub-Api-Version")
}

func (a *authRecorder) auth() map[string]string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.seen
}

// canaryWorld is a GitHub origin that redirects to itself and to a foreign
// host, echoes credentials back in a header, and fails in every way.
func canaryWorld(t *testing.T) (gh, foreign *httptest.Server, ghSeen, foreignSeen *authRecorder) {
	t.Helper()
	ghSeen, foreignSeen = &authRecorder{}, &authRecorder{}
	foreign = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignSeen.record(r)
		fmt.Fprint(w, `{"name":"elsewhere"}`)
	}))
	t.Cleanup(foreign.Close)
	mux := http.NewServeMux()
	mux.HandleFunc(apiPath+"repos/o/r", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo", r.Header.Get("Authorization")) // a hostile echo
		fmt.Fprint(w, `{"name":"r"}`)
	})
	mux.HandleFunc(apiPath+"away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, foreign.URL+"/landing", http.StatusFound)
	})
	mux.HandleFunc(apiPath+"home", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, apiPath+"repos/o/r", http.StatusMovedPermanently)
	})
	mux.HandleFunc(apiPath+"limited", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", resetHeader(t0.Add(2*time.Hour)))
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"message":"API rate limit exceeded."}`)
	})
	mux.HandleFunc(apiPath+"broken", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, `{"message":"Server Error"}`)
	})
	mux.HandleFunc(apiPath+"hangup", func(w http.ResponseWriter, r *http.Request) {
		httpretrytest.Drop(w)
	})
	gh = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ghSeen.record(r)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(gh.Close)
	return gh, foreign, ghSeen, foreignSeen
}

func TestCanaryTokenNeverLeaks(t *testing.T) {
	t.Parallel()
	gh, _, ghSeen, foreignSeen := canaryWorld(t)
	logger, logs := traceLogger()
	clock := NewVirtualClock(t0)
	o := testOptions(clock, gh.URL+apiPath)
	o.Token, o.Logger, o.MaxRetries = canary, logger, 2
	client, tr, err := NewClient(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var outputs []string
	call := func(path string) {
		req, err := client.NewRequest("GET", path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err = client.Do(ctx, req, nil); err != nil {
			outputs = append(outputs, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
	}
	for _, path := range []string{"repos/o/r", "away", "home", "broken", "hangup", "missing?client_secret=" + canary, "limited"} {
		call(path)
	}
	o.BaseURL = closedURL(t)
	client2, tr2, err := NewClient(o)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := client2.Repositories.Get(ctx, "o", "r"); err != nil {
		outputs = append(outputs, err.Error(), fmt.Sprintf("%+v", err))
	}
	tr.LogSummary()
	tr2.LogSummary()
	outputs = append(outputs, logs.String(), fmt.Sprintf("%v %+v %#v %v %#v", o, o, o, tr, tr))

	if len(outputs) < 10 {
		t.Fatalf("only %d outputs collected; the failure paths did not fail", len(outputs))
	}
	for _, out := range outputs {
		if strings.Contains(out, canary) || strings.Contains(out, "CANARY") {
			t.Errorf("the token leaked into:\n%s", out)
		}
	}
	if !strings.Contains(logs.String(), "Authorization") || !strings.Contains(logs.String(), redacted) {
		t.Errorf("trace logs do not show the redacted headers:\n%s", logs)
	}
	if got := ghSeen.auth()[apiPath+"repos/o/r"]; got != "Bearer "+canary {
		t.Errorf("GitHub got Authorization %q, want the bearer token", got)
	}
	if diff := cmp.Diff(map[string]string{"/landing": ""}, foreignSeen.auth()); diff != "" {
		t.Errorf("Authorization seen by the foreign host after a redirect (-want +got):\n%s", diff)
	}
}

func TestCredentialsGoOnlyToGitHubOrigins(t *testing.T) {
	t.Parallel()
	gh, foreign, ghSeen, foreignSeen := canaryWorld(t)
	uploadSeen := &authRecorder{}
	upload := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uploadSeen.record(r)
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(upload.Close)
	tr := newTransport(t, Options{Token: canary, BaseURL: gh.URL + apiPath, UploadURL: upload.URL + "/uploads/"})

	for _, u := range []string{gh.URL + apiPath + "repos/o/r", upload.URL + "/uploads/repos/o/r/releases/1/assets", foreign.URL + "/elsewhere"} {
		req := mustRequest(t, context.Background(), "GET", u)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		drain(resp)
	}
	// A caller-set copy of the token is removed too on the way to a foreign host.
	req := mustRequest(t, context.Background(), "GET", foreign.URL+"/copied")
	req.Header.Set("Authorization", "token "+canary)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	drain(resp)

	want := "Bearer " + canary
	if got := ghSeen.auth()[apiPath+"repos/o/r"]; got != want {
		t.Errorf("API host got %q", got)
	}
	if got := uploadSeen.auth()["/uploads/repos/o/r/releases/1/assets"]; got != want {
		t.Errorf("upload host got %q", got)
	}
	if diff := cmp.Diff(map[string]string{"/elsewhere": "", "/copied": ""}, foreignSeen.auth()); diff != "" {
		t.Errorf("foreign host Authorization (-want +got):\n%s", diff)
	}
	if got := foreignSeen.api["/elsewhere"]; got != "" {
		t.Errorf("foreign host got X-GitHub-Api-Version %q", got)
	}
	if got := ghSeen.api[apiPath+"repos/o/r"]; got != APIVersion {
		t.Errorf("API host got X-GitHub-Api-Version %q, want %s", got, APIVersion)
	}
}

func TestLogPathRedactsSecretQueryValues(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		url, want string
	}{
		"plain path":    {url: "https://api.github.com/repos/o/r", want: "/repos/o/r"},
		"paging kept":   {url: "https://api.github.com/repos/o/r/issues?milestone=3&page=2", want: "/repos/o/r/issues?milestone=3&page=2"},
		"secret hidden": {url: "https://api.github.com/x?access_token=abc&client_secret=def&page=1", want: "/x?access_token=%5Bredacted%5D&client_secret=%5Bredacted%5D&page=1"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			req := mustRequest(t, context.Background(), "GET", tc.url)
			if got := logPath(req.URL); got != tc.want {
				t.Errorf("logPath = %q, want %q", got, tc.want)
			}
		})
	}
}
