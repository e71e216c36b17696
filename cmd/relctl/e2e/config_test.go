package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// quickstart returns the quickstart's configuration as it is in the
// repository, so that the tests follow the example when it changes.
func quickstart(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(quickstartDir, "release.rel.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// edit replaces old, which must occur exactly once in config, with new.
func edit(t *testing.T, config, old, new string) string {
	t.Helper()
	if n := strings.Count(config, old); n != 1 {
		t.Fatalf("the quickstart configuration holds %q %d times, want once: update the test's variant", old, n)
	}
	return strings.Replace(config, old, new, 1)
}

// slowQualify makes the qualify stage's command take two seconds, long
// enough for a test to interrupt the apply or race another one.
func slowQualify(t *testing.T, config string) string {
	t.Helper()
	return edit(t, config, `argv        = ["git", "--version"]`, `argv        = ["sleep", "2"]`)
}

// gatedRelease makes every component's release start with a command that
// succeeds only when the file gates/<component> exists in the
// configuration directory: a failure whose cause is fixed without making
// a new plan. It also releases api without waiting for common, so that
// common's release is independent of api's and web's (web depends on api).
func gatedRelease(t *testing.T, config string) string {
	t.Helper()
	config = edit(t, config, "  strategy   = strategy.service\n  depends_on = [component.common]\n",
		"  strategy   = strategy.service\n")
	return edit(t, config, `  action "git_commit" "version" {`,
		`  action "exec" "gate" {
    argv = ["test", "-e", "gates/${each.key}"]
  }

  action "git_commit" "version" {`)
}
