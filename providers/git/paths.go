package git

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// ErrPathEscapes is returned for a file path that leaves the repository.
var ErrPathEscapes = errors.New("path must stay inside the repository")

// confinePath accepts a slash-separated path relative to the repository
// root that stays inside it and does not touch git's own directory.
func confinePath(p string) error {
	if p == "" {
		return fmt.Errorf("empty file path: %w", ErrPathEscapes)
	}
	if strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || (len(p) > 1 && p[1] == ':') {
		return fmt.Errorf("file path %q: %w (absolute paths are not allowed)", p, ErrPathEscapes)
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." {
			return fmt.Errorf("file path %q: %w (\"..\" is not allowed)", p, ErrPathEscapes)
		}
		if strings.EqualFold(part, ".git") {
			return fmt.Errorf("file path %q: %w (.git is not allowed)", p, ErrPathEscapes)
		}
	}
	if c := path.Clean(p); c == "." || c != strings.TrimSuffix(p, "/") || strings.HasSuffix(p, "/") {
		return fmt.Errorf("file path %q is not a clean path to a file (write %q)", p, c)
	}
	return nil
}
