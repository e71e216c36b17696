package ghhttp

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/providers/httpretry/httpretrytest"
)

// t0 is the virtual time every test starts at.
var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// apiPath is where the test servers mount the API, so that a request built
// from the root instead of the base URL fails.
const apiPath = "/api/v3/"

// step is one scripted answer of a test server.
type step struct {
	status int
	header map[string]string
	body   string
	// hangUp closes the connection after reading the request, without an answer.
	hangUp bool
}

// arrival is a request as the test server saw it.
type arrival struct {
	Method, Path string
	Header       http.Header
	Body         string
	At           time.Time
}

// scriptedServer answers the i-th request with steps[i] (the last step
// repeats) and records what arrived, on the virtual clock.
type scriptedServer struct {
	*httptest.Server
	clock *VirtualClock

	mu    sync.Mutex
	steps []step
	seen  []arrival
}

func newScriptedServer(t *testing.T, clock *VirtualClock, steps ...step) *scriptedServer {
	t.Helper()
	s := &scriptedServer{clock: clock, steps: steps}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *scriptedServer) serve(w http.ResponseWriter, r *http.Request) {
	body := new(bytes.Buffer)
	_, _ = body.ReadFrom(r.Body)
	s.mu.Lock()
	st := s.steps[min(len(s.seen), len(s.steps)-1)]
	s.seen = append(s.seen, arrival{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body.String(), At: s.clock.Now()})
	s.mu.Unlock()
	if st.hangUp {
		httpretrytest.Drop(w)
		return
	}
	for k, v := range st.header {
		w.Header().Set(k, v)
	}
	if st.body != "" && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.WriteHeader(st.status)
	_, _ = w.Write([]byte(st.body))
}

func (s *scriptedServer) arrivals() []arrival {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]arrival(nil), s.seen...)
}

// base is the server's API root.
func (s *scriptedServer) base() string { return s.URL + apiPath }

// testOptions are Options on a virtual clock with a fixed jitter of one half
// and no mutation spacing.
func testOptions(clock *VirtualClock, baseURL string) Options {
	return Options{
		BaseURL:          baseURL,
		Clock:            clock,
		Rand:             func() float64 { return 0.5 },
		MutationInterval: Disabled,
		Version:          "test",
	}
}

// traceLogger logs everything, down to trace level, into the returned buffer.
func traceLogger() (hclog.Logger, *httpretrytest.SyncBuffer) {
	buf := &httpretrytest.SyncBuffer{}
	return hclog.New(&hclog.LoggerOptions{Output: buf, Level: hclog.Trace, DisableTime: true}), buf
}

// newTransport builds a Transport or fails the test.
func newTransport(t *testing.T, o Options) *Transport {
	t.Helper()
	tr, err := NewTransport(o)
	if err != nil {
		t.Fatalf("NewTransport: %v", err)
	}
	return tr
}

// do sends one request through tr and returns the status and body.
func do(t *testing.T, tr http.RoundTripper, method, url, body string) (int, string, error) {
	t.Helper()
	var rd *strings.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	var req *http.Request
	var err error
	if rd != nil {
		req, err = http.NewRequest(method, url, rd)
	} else {
		req, err = http.NewRequest(method, url, nil)
	}
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	out := new(bytes.Buffer)
	_, _ = out.ReadFrom(resp.Body)
	return resp.StatusCode, out.String(), nil
}

func resetHeader(at time.Time) string {
	return strconv.FormatInt(at.Unix(), 10)
}

// mustRequest builds a request or fails the test.
func mustRequest(t *testing.T, ctx context.Context, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
