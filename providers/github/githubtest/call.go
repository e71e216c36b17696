package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const docRoot = "https://docs.github.com/rest"

// obj is a JSON object under construction; the fake builds GitHub's shapes
// by hand instead of borrowing go-github's types, so that go-github decoding
// them is a real check.
type obj = map[string]any

// apiError is GitHub's error body.
type apiError struct {
	Message          string       `json:"message"`
	Errors           []fieldError `json:"errors,omitempty"`
	DocumentationURL string       `json:"documentation_url"`
	Status           string       `json:"status,omitempty"`
}

// fieldError is one entry of "errors" in a 422 Validation Failed body.
type fieldError struct {
	Resource string `json:"resource,omitempty"`
	Field    string `json:"field,omitempty"`
	Code     string `json:"code"`
	Value    string `json:"value,omitempty"`
	Message  string `json:"message,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("githubtest: encoding response: %v", err))
	}
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, status int, e apiError) {
	e.Status = strconv.Itoa(status)
	writeJSON(w, status, e)
}

// call is one request being answered by a route handler; mu is held.
type call struct {
	s     *Server
	w     http.ResponseWriter
	r     *http.Request
	route route
	repo  *repo
}

func (c *call) param(name string) string { return c.r.PathValue(name) }

func (c *call) query(name string) string { return c.r.URL.Query().Get(name) }

// intParam parses a numeric path parameter, answering 404 when it is not one.
func (c *call) intParam(name string) (int, bool) {
	n, err := strconv.Atoi(c.param(name))
	if err != nil {
		c.notFound()
		return 0, false
	}
	return n, true
}

func (c *call) json(status int, v any) { writeJSON(c.w, status, v) }

func (c *call) noContent() { c.w.WriteHeader(http.StatusNoContent) }

// fail answers with GitHub's error body and the route's documentation URL.
func (c *call) fail(status int, message string, errs ...fieldError) {
	writeError(c.w, status, apiError{Message: message, Errors: errs, DocumentationURL: c.route.doc})
}

func (c *call) notFound() { c.fail(http.StatusNotFound, "Not Found") }

// invalid answers 422 Validation Failed with the given field errors.
func (c *call) invalid(errs ...fieldError) {
	c.fail(http.StatusUnprocessableEntity, "Validation Failed", errs...)
}

// decode reads the JSON body into v, answering 400 like GitHub when it is
// not JSON.
func (c *call) decode(v any) bool {
	if err := json.NewDecoder(c.r.Body).Decode(v); err != nil {
		c.fail(http.StatusBadRequest, "Problems parsing JSON")
		return false
	}
	return true
}

// loadRepo resolves {owner}/{repo}; GitHub answers 404 for unknown ones.
func (c *call) loadRepo() bool {
	r, ok := c.s.repos[strings.ToLower(c.param("owner")+"/"+c.param("repo"))]
	if !ok {
		c.notFound()
		return false
	}
	c.repo = r
	return true
}

// paginate answers a list: it cuts items to the requested page and sets the
// Link header exactly as GitHub does (prev, next, last, first).
func paginate[T any](c *call, items []T) []T {
	perPage, page := pageParams(c.r)
	last := max(1, (len(items)+perPage-1)/perPage)
	if links := c.links(page, last); links != "" {
		c.w.Header().Set("Link", links)
	}
	lo := min((page-1)*perPage, len(items))
	hi := min(lo+perPage, len(items))
	return items[lo:hi]
}

func (c *call) links(page, last int) string {
	if last <= 1 && page <= 1 {
		return ""
	}
	var parts []string
	add := func(p int, rel string) {
		parts = append(parts, fmt.Sprintf(`<%s>; rel="%s"`, c.pageURL(p), rel))
	}
	if page > 1 {
		add(min(page-1, last), "prev")
	}
	if page < last {
		add(page+1, "next")
		add(last, "last")
	}
	if page > 1 {
		add(1, "first")
	}
	return strings.Join(parts, ", ")
}

// pageURL is the absolute URL of the current request with page replaced.
func (c *call) pageURL(page int) string {
	q := c.r.URL.Query()
	q.Set("page", strconv.Itoa(page))
	u := url.URL{Path: c.r.URL.Path, RawPath: c.r.URL.RawPath, RawQuery: q.Encode()}
	return c.s.ts.URL + u.RequestURI()
}
