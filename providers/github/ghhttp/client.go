package ghhttp

import (
	"net/http"

	"github.com/google/go-github/v57/github"
)

// NewClient returns a go-github client whose every call goes through a new
// Transport for o, with its BaseURL and UploadURL set from o (GitHub.com or
// GitHub Enterprise Server) and the User-Agent "relctl/<version>". The
// Transport is returned too, for its Stats and LogSummary.
//
// The go-github client does not follow a redirect to another host with the
// token: the Transport adds credentials per request, only for the API and
// upload origins.
func NewClient(o Options) (*github.Client, *Transport, error) {
	t, err := NewTransport(o)
	if err != nil {
		return nil, nil, err
	}
	client := github.NewClient(&http.Client{Transport: t})
	base, upload := *t.ends.base, *t.ends.upload
	client.BaseURL = &base
	client.UploadURL = &upload
	client.UserAgent = "relctl/" + t.opts.Version
	return client, t, nil
}

// BaseURL returns the API root the transport authenticates to.
func (t *Transport) BaseURL() string { return t.ends.base.String() }

// UploadURL returns the upload root the transport authenticates to.
func (t *Transport) UploadURL() string { return t.ends.upload.String() }
