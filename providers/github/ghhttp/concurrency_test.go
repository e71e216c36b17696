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

// TestMaxInFlight sends many requests at once through one transport: the
// server never holds more than MaxInFlight of them, every request is
// answered, and a cancelled request stops waiting for its slot.
func TestMaxInFlight(t *testing.T) {
	t.Parallel()
	for name, limit := range map[string]int{"default": 0, "three": 3} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := limit
			if want == 0 {
				want = DefaultMaxInFlight
			}
			var now, most atomic.Int64
			open := make(chan struct{}) // answers wait for it
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := now.Add(1)
				defer now.Add(-1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				<-open
				fmt.Fprint(w, `{}`)
			}))
			t.Cleanup(srv.Close)
			o := testOptions(NewVirtualClock(t0), srv.URL+apiPath)
			o.MaxInFlight = limit
			tr := newTransport(t, o)
			send := func(ctx context.Context, path string) error {
				resp, err := tr.RoundTrip(mustRequest(t, ctx, http.MethodGet, srv.URL+apiPath+path))
				if err == nil {
					drain(resp)
				}
				return err
			}
			full := func() {
				deadline := time.Now().Add(10 * time.Second)
				for now.Load() < int64(want) {
					if time.Now().After(deadline) {
						t.Fatalf("%d requests in flight, want %d", now.Load(), want)
					}
					time.Sleep(time.Millisecond)
				}
			}

			const calls = 30
			var wg sync.WaitGroup
			for i := range calls {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := send(context.Background(), fmt.Sprintf("repos/o/r%d", i)); err != nil {
						t.Error(err)
					}
				}()
			}
			full()
			// Every slot is held: a request whose context ends gives up
			// waiting for one, unsent.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if err := send(ctx, "repos/o/late"); err == nil {
				t.Errorf("a cancelled request waiting for a slot was sent")
			}
			close(open)
			wg.Wait()
			if got := most.Load(); got != int64(want) {
				t.Errorf("at most %d requests in flight, want %d", got, want)
			}
			if s := tr.Stats(); s.Requests != calls || s.MaxInFlight != want {
				t.Errorf("stats %+v, want %d requests, %d at most in flight", s, calls, want)
			}
		})
	}
}
