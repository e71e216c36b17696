package git

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// A remote is one of: a URL with a scheme (https://, ssh://, file://,
// git://), an scp-like address (git@github.com:acme/api.git) or a local
// path. Relative paths resolve against the configuration directory so that
// every git command can run in the clone.
func normaliseRemote(remote, dir string) string {
	if isURL(remote) || isSCPLike(remote) || filepath.IsAbs(remote) {
		return remote
	}
	return filepath.Join(dir, remote)
}

func isURL(s string) bool {
	i := strings.Index(s, "://")
	return i > 0 && !strings.ContainsAny(s[:i], "/:@")
}

// isSCPLike matches host:path and user@host:path, as git does: a colon
// before the first slash.
func isSCPLike(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || isURL(s) {
		return false
	}
	slash := strings.IndexByte(s, '/')
	return slash < 0 || colon < slash
}

var (
	httpUserinfo  = regexp.MustCompile(`\b((?:https?|ftps?)://)[^/@\s]+@`)
	otherPassword = regexp.MustCompile(`\b([a-z][a-z0-9+.-]*://[^/@\s:]+):[^/@\s]+@`)
)

// redactText removes credentials from URLs in s: all user-info of http(s)
// URLs (a token is often the user name) and the password of others.
func redactText(s string) string {
	s = httpUserinfo.ReplaceAllString(s, "$1")
	return otherPassword.ReplaceAllString(s, "$1@")
}

// displayName is the short name of a remote for descriptions: the last two
// path elements without ".git" ("acme/api").
func displayName(remote string) string {
	s := redactText(remote)
	if i := strings.Index(s, "://"); i > 0 {
		s = s[i+3:]
	} else if isSCPLike(s) {
		s = s[strings.IndexByte(s, ':')+1:]
	}
	s = strings.TrimSuffix(strings.TrimRight(s, "/"), ".git")
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ':' })
	if len(parts) > 2 {
		parts = parts[len(parts)-2:]
	}
	if len(parts) == 0 {
		return s
	}
	return strings.Join(parts, "/")
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// cloneKey is the directory name of a remote's clone under the workdir: a
// readable, sanitised form of the redacted URL and a digest of the full URL,
// so that two remotes never share a clone.
func cloneKey(remote string) string {
	sum := sha256.Sum256([]byte(remote))
	name := strings.Trim(unsafeChars.ReplaceAllString(redactText(remote), "_"), "_.")
	if len(name) > 60 {
		name = name[len(name)-60:]
	}
	return name + "-" + hex.EncodeToString(sum[:6])
}

// checkRemote rejects remotes git would read as an option.
func checkRemote(remote string) error {
	if remote == "" {
		return fmt.Errorf("remote is empty")
	}
	if strings.HasPrefix(remote, "-") {
		return fmt.Errorf("remote %q may not start with \"-\"", redactText(remote))
	}
	return nil
}
