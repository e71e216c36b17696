package httpretrytest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

func TestDropLosesTheConnection(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !Drop(w) {
			t.Error("Drop reported false on an HTTP/1.1 connection")
		}
	}))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("GET answered %d, want a network error", resp.StatusCode)
	}
}

func TestDropWithoutHijacker(t *testing.T) {
	t.Parallel()
	if Drop(httptest.NewRecorder()) {
		t.Error("Drop reported true on a recorder")
	}
}

func TestSyncBufferConcurrentWrites(t *testing.T) {
	t.Parallel()
	var b SyncBuffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Fprintf(&b, "%d\n", i)
		}()
	}
	wg.Wait()
	if got := len(b.String()); got != 16 {
		t.Errorf("buffer holds %d bytes, want 16", got)
	}
}
