package ghhttp

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNewClientEndpoints(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		base, upload         string
		wantBase, wantUpload string
		wantErr              string
	}{
		"github.com by default": {
			wantBase: "https://api.github.com/", wantUpload: "https://uploads.github.com/",
		},
		"enterprise host alone": {
			base:     "https://ghe.example.com",
			wantBase: "https://ghe.example.com/api/v3/", wantUpload: "https://ghe.example.com/api/uploads/",
		},
		"enterprise API root without slash": {
			base:     "https://ghe.example.com/api/v3",
			wantBase: "https://ghe.example.com/api/v3/", wantUpload: "https://ghe.example.com/api/uploads/",
		},
		"other path kept as given": {
			base:     "http://127.0.0.1:8080/fake/",
			wantBase: "http://127.0.0.1:8080/fake/", wantUpload: "http://127.0.0.1:8080/fake/",
		},
		"explicit upload root": {
			base: "https://ghe.example.com/api/v3/", upload: "https://uploads.ghe.example.com",
			wantBase: "https://ghe.example.com/api/v3/", wantUpload: "https://uploads.ghe.example.com/",
		},
		"not a URL for http":      {base: "ftp://ghe.example.com/", wantErr: "not an absolute http(s) URL"},
		"relative":                {base: "ghe.example.com", wantErr: "not an absolute http(s) URL"},
		"credentials in a URL":    {base: "https://x:" + canary + "@ghe.example.com/", wantErr: "must not carry credentials"},
		"malformed with a secret": {base: "https://x:" + canary + "@ghe.example.com:port/", wantErr: "invalid port"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			client, tr, err := NewClient(Options{BaseURL: tc.base, UploadURL: tc.upload, Version: "1.2.3"})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || strings.Contains(err.Error(), canary) {
					t.Fatalf("error = %v, want one saying %q without the secret", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := []string{client.BaseURL.String(), client.UploadURL.String(), tr.BaseURL(), tr.UploadURL(), client.UserAgent}
			want := []string{tc.wantBase, tc.wantUpload, tc.wantBase, tc.wantUpload, "relctl/1.2.3"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("base, upload, user agent (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRequestsCarryRelctlHeaders(t *testing.T) {
	t.Parallel()
	clock := NewVirtualClock(t0)
	srv := newScriptedServer(t, clock, step{status: 200, body: `{"name":"r"}`})
	o := testOptions(clock, srv.base())
	o.Version = "9.9.9"
	client, _, err := NewClient(o)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := client.Repositories.Get(context.Background(), "o", "r"); err != nil {
		t.Fatal(err)
	}
	tr := newTransport(t, o)
	if _, _, err := do(t, tr, http.MethodGet, srv.base()+"rate_limit", ""); err != nil {
		t.Fatal(err)
	}
	seen := srv.arrivals()
	var got []string
	for _, a := range seen {
		got = append(got, a.Path, a.Header.Get("User-Agent"), a.Header.Get("X-GitHub-Api-Version"))
	}
	want := []string{
		apiPath + "repos/o/r", "relctl/9.9.9", APIVersion,
		apiPath + "rate_limit", "relctl/9.9.9", APIVersion,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("path, user agent, api version (-want +got):\n%s", diff)
	}
}
