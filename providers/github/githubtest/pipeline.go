package githubtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// route is one endpoint of the fake API.
type route struct {
	method  string
	path    string // relative to the base, with ServeMux wildcards
	doc     string // documentation_url used in error bodies
	counted bool   // counts against the primary rate limit
	handle  func(*call)
}

// routeName is how a route appears in Request.Route: "GET /repos/{owner}/{repo}".
func (rt route) routeName() string { return rt.method + " /" + rt.path }

// handle registers an endpoint. Caller is New.
func (s *Server) handle(method, path, doc string, h func(*call)) {
	rt := route{method: method, path: path, doc: doc, counted: path != "rate_limit", handle: h}
	pattern := method + " " + s.base + path
	s.routes[pattern] = rt
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		c := &call{s: s, w: w, r: r, route: rt}
		if strings.HasPrefix(path, "repos/{owner}/{repo}") && !c.loadRepo() {
			return
		}
		h(c)
	})
}

// serve is the request pipeline: latency, unknown-request check, token-leak
// check, authentication, injected faults, primary rate limit, the handler,
// ETag/304 and rate-limit accounting, then the request log.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	received := time.Now()
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !s.wait(r) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	entry := Request{
		Seq: s.seq, Method: r.Method, Path: strings.TrimPrefix(r.URL.EscapedPath(), s.base),
		Query: r.URL.Query(), Body: string(body), Header: r.Header.Clone(),
		Received: received,
	}
	entry.Header.Del("Authorization")
	s.checkLeak(r)
	rec := httptest.NewRecorder()
	entry.Route = s.dispatch(rec, r, entry.Seq)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
	entry.Status = rec.Code
	entry.Answered = time.Now()
	s.log = append(s.log, entry)
}

// wait applies the configured latency; false when the client went away.
func (s *Server) wait(r *http.Request) bool {
	s.mu.Lock()
	d := s.faults.latency
	s.mu.Unlock()
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// dispatch answers one request into rec and returns its route name. Caller
// holds mu.
func (s *Server) dispatch(rec *httptest.ResponseRecorder, r *http.Request, seq int) string {
	_, pattern := s.mux.Handler(r)
	rt, known := s.routes[pattern]
	if !known || !strings.HasPrefix(r.URL.Path, s.base) {
		s.t.Errorf("githubtest: unexpected request %s %s", r.Method, r.URL.RequestURI())
		writeError(rec, http.StatusNotFound, apiError{Message: "Not Found", DocumentationURL: docRoot})
		return ""
	}
	if msg := s.authenticate(r); msg != "" {
		writeError(rec, http.StatusUnauthorized, apiError{Message: msg, DocumentationURL: docRoot})
		return rt.routeName()
	}
	if s.injectFault(rec, seq) {
		s.rate.writeHeaders(rec.Header())
		return rt.routeName()
	}
	if rt.counted && s.rate.exhausted(s.now()) {
		s.rate.writeHeaders(rec.Header())
		writeError(rec, http.StatusForbidden, s.rate.exceededError(s.user))
		return rt.routeName()
	}
	s.mux.ServeHTTP(rec, r)
	notModified := applyETag(rec, r)
	if rt.counted && !notModified {
		s.rate.spend()
	}
	s.rate.writeHeaders(rec.Header())
	return rt.routeName()
}

// authenticate returns GitHub's 401 message, or "" when the request may pass.
func (s *Server) authenticate(r *http.Request) string {
	if s.token == "" {
		return ""
	}
	h := r.Header.Get("Authorization")
	if h == "" {
		return "Requires authentication"
	}
	scheme, tok, _ := strings.Cut(h, " ")
	if (strings.EqualFold(scheme, "bearer") || strings.EqualFold(scheme, "token")) && tok == s.token {
		return ""
	}
	return "Bad credentials"
}

// checkLeak records (and fails the test for) a request URL carrying the token.
func (s *Server) checkLeak(r *http.Request) {
	if s.token == "" {
		return
	}
	if strings.Contains(r.URL.RequestURI(), s.token) || strings.Contains(r.URL.RawQuery, s.token) {
		s.leaks = append(s.leaks, r.Method+" "+r.URL.Path)
		s.t.Errorf("githubtest: the token appears in the URL of %s %s", r.Method, r.URL.Path)
	}
}

// applyETag gives a successful GET a weak ETag over its body, as GitHub does
// for JSON, and turns it
// into 304 Not Modified with an empty body when If-None-Match matches.
func applyETag(rec *httptest.ResponseRecorder, r *http.Request) bool {
	if r.Method != http.MethodGet || rec.Code != http.StatusOK {
		return false
	}
	sum := sha256.Sum256(rec.Body.Bytes())
	etag := `W/"` + hex.EncodeToString(sum[:]) + `"`
	rec.Header().Set("ETag", etag)
	if !etagMatches(r.Header.Get("If-None-Match"), etag) {
		return false
	}
	rec.Code = http.StatusNotModified
	rec.Body.Reset()
	rec.Header().Del("Content-Type")
	rec.Header().Del("Link")
	return true
}

// etagMatches is the weak comparison If-None-Match uses (RFC 9110 13.1.2).
func etagMatches(header, etag string) bool {
	for _, cand := range strings.Split(header, ",") {
		cand = strings.TrimPrefix(strings.TrimSpace(cand), "W/")
		if cand == "*" || cand == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

// pageParams reads per_page (default 30, at most 100) and page (default 1).
func pageParams(r *http.Request) (perPage, page int) {
	perPage, page = 30, 1
	if v, err := strconv.Atoi(r.URL.Query().Get("per_page")); err == nil && v > 0 {
		perPage = min(v, 100)
	}
	if v, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && v > 0 {
		page = v
	}
	return perPage, page
}
