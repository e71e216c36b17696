package ghhttp

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConcurrentUse drives one transport from many goroutines against a
// server that fails some requests; run with -race.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	var arrivals, gets atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := arrivals.Add(1)
		if n%11 == 0 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		if r.Method == http.MethodGet {
			if gets.Add(1)%5 == 0 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			etag := `"` + r.URL.Path + `"`
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		w.Header().Set("X-RateLimit-Remaining", "4000")
		w.Header().Set("X-RateLimit-Reset", resetHeader(t0.Add(time.Hour)))
		fmt.Fprintf(w, `{"path":%q}`, r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	clock := NewVirtualClock(t0)
	logger, _ := traceLogger()
	o := testOptions(clock, srv.URL+apiPath)
	o.MutationInterval, o.Logger, o.MaxRetries = time.Millisecond, logger, 10
	tr := newTransport(t, o)

	const workers, calls = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*calls)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range calls {
				method := http.MethodGet
				if i%3 == 0 {
					method = http.MethodPost
				}
				url := fmt.Sprintf("%srepos/o/r%d", srv.URL+apiPath, (w+i)%4)
				req, _ := http.NewRequestWithContext(context.Background(), method, url, nil)
				resp, err := tr.RoundTrip(req)
				if err != nil {
					errs <- err
					continue
				}
				if resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("%s %s: status %d", method, url, resp.StatusCode)
				}
				drain(resp)
				_ = tr.Stats()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	s := tr.Stats()
	if int64(s.Requests) != arrivals.Load() {
		t.Errorf("counted %d requests, server saw %d", s.Requests, arrivals.Load())
	}
	if s.Retries != s.Requests-workers*calls {
		t.Errorf("counted %d retries for %d requests and %d calls", s.Retries, s.Requests, workers*calls)
	}
	if s.ByMethod["GET"]+s.ByMethod["POST"] != s.Requests || s.NotModified == 0 || s.RateLimitWaits == 0 {
		t.Errorf("implausible stats %+v", s)
	}
}
