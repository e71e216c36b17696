package git

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/relctl/relctl/providers/internal/textdiff"
)

// maxDiffBytes bounds the files whose changes the plan shows line by line.
const maxDiffBytes = 256 << 10

// fileEdit is one file a commit writes: its content at the base commit and
// the content to write.
type fileEdit struct {
	old    []byte
	exists bool
	mode   string
	new    []byte
}

// content is what the file holds once earlier edits are made.
func (f *fileEdit) content() []byte {
	if f.new != nil {
		return f.new
	}
	return f.old
}

// edit maps repository paths to their edits.
type edit map[string]*fileEdit

// load reads path at base into the edit, once.
func (e edit) load(ctx context.Context, c *clone, base, path string) error {
	if _, ok := e[path]; ok {
		return nil
	}
	content, blob, err := c.readBlob(ctx, base, path)
	if err != nil {
		return err
	}
	f := &fileEdit{old: content, exists: blob != "", mode: "100644"}
	if f.exists {
		out, err := c.git(ctx, "ls-tree", base, "--", path)
		if err != nil {
			return fmt.Errorf("reading the mode of %s: %w", path, err)
		}
		if mode, _, ok := strings.Cut(out, " "); ok && strings.HasPrefix(mode, "100") {
			f.mode = mode
		} else {
			return fmt.Errorf("%s is not a regular file in %s", path, displayName(c.remote))
		}
	}
	e[path] = f
	return nil
}

// paths lists the paths whose content changes, sorted.
func (e edit) paths() []string {
	var out []string
	for p, f := range e {
		if f.new != nil && (!f.exists || !bytes.Equal(f.old, f.new)) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func (e edit) changed() bool { return len(e.paths()) > 0 }

// diff renders the changes as unified diffs with one line of context.
func (e edit) diff() string {
	var b strings.Builder
	for _, p := range e.paths() {
		f := e[p]
		if bytes.IndexByte(f.old, 0) >= 0 || bytes.IndexByte(f.new, 0) >= 0 || len(f.old)+len(f.new) > maxDiffBytes {
			b.WriteString(textdiff.Sizes(p, f.exists, len(f.old), len(f.new)))
			continue
		}
		text := textdiff.Unified(p, f.exists, f.old, f.new, 1)
		b.WriteString(text)
		if !strings.HasSuffix(text, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// writeTree writes base's tree with the edit applied, using a private
// index file so that no working tree or shared index is involved.
func (c *clone) writeTree(ctx context.Context, base string, e edit) (string, error) {
	var rnd [8]byte
	rand.Read(rnd[:])
	index := filepath.Join(c.dir, "relctl-index-"+hex.EncodeToString(rnd[:]))
	defer os.Remove(index)
	env := []string{"GIT_INDEX_FILE=" + index}
	if _, err := c.gitIn(ctx, env, "", "read-tree", base); err != nil {
		return "", fmt.Errorf("reading the tree of %s: %w", short(base), err)
	}
	for _, p := range e.paths() {
		blob, err := c.gitIn(ctx, nil, string(e[p].new), "hash-object", "-w", "--no-filters", "--stdin")
		if err != nil {
			return "", fmt.Errorf("writing %s: %w", p, err)
		}
		info := e[p].mode + "," + blob + "," + p
		if _, err := c.gitIn(ctx, env, "", "update-index", "--add", "--cacheinfo", info); err != nil {
			return "", fmt.Errorf("staging %s: %w", p, err)
		}
	}
	tree, err := c.gitIn(ctx, env, "", "write-tree")
	if err != nil {
		return "", fmt.Errorf("writing the tree: %w", err)
	}
	return tree, nil
}
