package circlecitest

import (
	"net/http"
	"strings"

	"github.com/relctl/relctl/providers/httpretry/httpretrytest"
)

// Fault is a failure the fake answers instead of (or after) handling a
// request.
type Fault struct {
	// Method and PathPrefix select the requests ("" matches any); the
	// prefix is relative to the base path ("project/gh/acme/api/pipeline").
	Method, PathPrefix string
	// Status is the answer's status, with a CircleCI error body carrying
	// Message.
	Status  int
	Message string
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// Count is how many requests the fault answers (default 1).
	Count int
	// Drop closes the connection without an answer.
	Drop bool
	// Process handles the request (a trigger creates its pipeline) before
	// answering the fault: a failure after CircleCI acted.
	Process bool
}

// Inject queues faults; each answers its Count matching requests in turn.
func (s *Server) Inject(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range faults {
		if f.Count == 0 {
			f.Count = 1
		}
		s.faults = append(s.faults, &f)
	}
}

// fault takes the first fault matching the request. Caller holds mu.
func (s *Server) fault(method, path string) *Fault {
	for i, f := range s.faults {
		if (f.Method == "" || f.Method == method) && strings.HasPrefix(path, f.PathPrefix) {
			f.Count--
			if f.Count == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			return f
		}
	}
	return nil
}

func (f *Fault) answer(w http.ResponseWriter) {
	if f.Drop && httpretrytest.Drop(w) {
		return
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	msg := f.Message
	if msg == "" {
		msg = http.StatusText(f.Status)
	}
	writeJSON(w, f.Status, message(msg))
}
