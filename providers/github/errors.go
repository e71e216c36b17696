package github

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v57/github"
)

// APIError is an answer of GitHub that is not a success, with GitHub's
// own message. It wraps go-github's error (without the request URL in its
// message: relctl names the operation instead).
type APIError struct {
	// Status is the HTTP status code.
	Status int
	// Message is GitHub's message, with the messages of its field errors.
	Message string
	err     error
}

func (e *APIError) Error() string {
	return fmt.Sprintf("GitHub answered %d %s", e.Status, e.Message)
}

func (e *APIError) Unwrap() error { return e.err }

// apiErr wraps err from a go-github call with what relctl was doing:
// "reading pull requests of acme/api: GitHub answered 404 Not Found".
func apiErr(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	return fmt.Errorf("%s: %w", what, classify(err))
}

// classify turns go-github's errors into an *APIError; other errors
// (network, context, rate-limit waits of the transport) are kept.
func classify(err error) error {
	var er *gh.ErrorResponse
	var rl *gh.RateLimitError
	var ab *gh.AbuseRateLimitError
	switch {
	case errors.As(err, &rl):
		return &APIError{Status: statusOf(rl.Response), Message: rl.Message, err: err}
	case errors.As(err, &ab):
		return &APIError{Status: statusOf(ab.Response), Message: ab.Message, err: err}
	case errors.As(err, &er):
		return &APIError{Status: statusOf(er.Response), Message: errorMessage(er), err: err}
	}
	return err
}

func statusOf(r *http.Response) int {
	if r == nil {
		return 0
	}
	return r.StatusCode
}

func errorMessage(er *gh.ErrorResponse) string {
	msg := er.Message
	var details []string
	for _, e := range er.Errors {
		switch {
		case e.Message != "":
			details = append(details, e.Message)
		case e.Field != "":
			details = append(details, fmt.Sprintf("%s %s is %s", e.Resource, e.Field, e.Code))
		}
	}
	if len(details) > 0 {
		msg += " (" + strings.Join(details, "; ") + ")"
	}
	return msg
}

// isStatus reports whether err is GitHub's answer with one of the codes.
// It also recognises the plain errors of go-github calls that bypass its
// error decoding (GetBranch) through their response.
func isStatus(err error, resp *gh.Response, codes ...int) bool {
	if err == nil {
		return false
	}
	status := 0
	var er *gh.ErrorResponse
	if errors.As(err, &er) {
		status = statusOf(er.Response)
	} else if resp != nil && resp.Response != nil {
		status = resp.StatusCode
	}
	for _, c := range codes {
		if status == c {
			return true
		}
	}
	return false
}

func isNotFound(err error, resp *gh.Response) bool { return isStatus(err, resp, http.StatusNotFound) }
