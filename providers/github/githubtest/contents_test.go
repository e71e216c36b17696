package githubtest_test

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v57/github"
)

func gitBlobSHA(content string) string {
	sum := sha1.Sum([]byte(fmt.Sprintf("blob %d\x00%s", len(content), content)))
	return hex.EncodeToString(sum[:])
}

func TestGetContents(t *testing.T) {
	t.Parallel()
	_, repo, gh := setup(t)
	long := string(make([]byte, 200)) + "tail\n"
	repo.Commit("main", "files", map[string]string{"release.json": `{"version":"3.4.7"}`, "docs/a.md": long, "docs/sub/b.md": "b"})

	file, dir, _, err := gh.Repositories.GetContents(ctx, "acme", "app", "docs/a.md", &github.RepositoryContentGetOptions{Ref: "main"})
	ok(t, err)
	content, err := file.GetContent()
	ok(t, err)
	if dir != nil || content != long || file.GetSHA() != gitBlobSHA(long) || file.GetEncoding() != "base64" {
		t.Errorf("GetContents file: content ok=%v sha=%s encoding=%s", content == long, file.GetSHA(), file.GetEncoding())
	}

	_, dir, _, err = gh.Repositories.GetContents(ctx, "acme", "app", "docs", nil)
	ok(t, err)
	var entries []string
	for _, e := range dir {
		entries = append(entries, e.GetType()+":"+e.GetPath())
	}
	if diff := cmp.Diff([]string{"dir:docs/sub", "file:docs/a.md"}, entries); diff != "" {
		t.Errorf("directory listing (-want +got):\n%s", diff)
	}

	_, _, _, err = gh.Repositories.GetContents(ctx, "acme", "app", "missing.txt", nil)
	wantStatus(t, err, http.StatusNotFound, "Not Found")
}

func TestPutAndDeleteContents(t *testing.T) {
	t.Parallel()
	srv, repo, gh := setup(t)
	repo.Commit("release", "start", map[string]string{"release.json": "v1"})
	put := func(content string, sha *string) (*github.RepositoryContentResponse, *github.Response, error) {
		return gh.Repositories.UpdateFile(ctx, "acme", "app", "release.json", &github.RepositoryContentFileOptions{
			Message: github.String("Bump"), Content: []byte(content), SHA: sha, Branch: github.String("release")})
	}

	_, _, err := put("v2", nil)
	wantStatus(t, err, http.StatusUnprocessableEntity, "Invalid request.\n\n\"sha\" wasn't supplied.")
	stale := gitBlobSHA("v0")
	_, _, err = put("v2", &stale)
	wantStatus(t, err, http.StatusConflict, "release.json does not match "+stale)

	cur := gitBlobSHA("v1")
	res, resp, err := put("v2", &cur)
	ok(t, err)
	if resp.StatusCode != http.StatusOK || res.Content.GetSHA() != gitBlobSHA("v2") || res.Commit.GetMessage() != "Bump" {
		t.Errorf("update: %d %s %q", resp.StatusCode, res.Content.GetSHA(), res.Commit.GetMessage())
	}
	if got, _ := srv.File("acme/app", "release", "release.json"); got != "v2" {
		t.Errorf("file after update = %q", got)
	}
	if head := srv.Ref("acme/app", "heads/release"); head != res.Commit.GetSHA() {
		t.Errorf("branch head %s, commit %s", head, res.Commit.GetSHA())
	}

	res, resp, err = gh.Repositories.CreateFile(ctx, "acme", "app", "VERSION", &github.RepositoryContentFileOptions{
		Message: github.String("Add VERSION"), Content: []byte("3.4.7\n")})
	ok(t, err)
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("create status = %d", resp.StatusCode)
	}
	if got, _ := srv.File("acme/app", "main", "VERSION"); got != "3.4.7\n" {
		t.Errorf("VERSION on the default branch = %q", got)
	}

	_, _, err = gh.Repositories.DeleteFile(ctx, "acme", "app", "VERSION", &github.RepositoryContentFileOptions{
		Message: github.String("Remove"), SHA: github.String(res.Content.GetSHA())})
	ok(t, err)
	if _, exists := srv.File("acme/app", "main", "VERSION"); exists {
		t.Error("VERSION still exists after delete")
	}

	_, _, err = gh.Repositories.CreateFile(ctx, "acme", "app", "x", &github.RepositoryContentFileOptions{
		Message: github.String("x"), Content: []byte("x"), Branch: github.String("nope")})
	wantStatus(t, err, http.StatusNotFound, "Branch nope not found")
}

// TestLargeFileContent: over 1 MB the contents API gives the SHA without
// the content, and the blob API gives the content.
func TestLargeFileContent(t *testing.T) {
	t.Parallel()
	_, repo, gh := setup(t)
	big := strings.Repeat("0123456789abcdef", 1<<16) + "x" // 1 MB and a byte
	repo.Commit("main", "big", map[string]string{"big.txt": big})
	fc, _, _, err := gh.Repositories.GetContents(ctx, "acme", "app", "big.txt", nil)
	ok(t, err)
	if fc.GetEncoding() != "none" || fc.Content != nil && *fc.Content != "" || fc.GetSize() != len(big) {
		t.Fatalf("large file: encoding %q, size %d", fc.GetEncoding(), fc.GetSize())
	}
	raw, _, err := gh.Git.GetBlobRaw(ctx, "acme", "app", fc.GetSHA())
	ok(t, err)
	if string(raw) != big {
		t.Errorf("blob of %d bytes, want %d", len(raw), len(big))
	}
}
