package git

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ErrUnresolved is returned when a name is neither a branch, a tag nor a
// commit of the clone or its remote.
var ErrUnresolved = errors.New("not a branch, tag or commit")

var hexName = regexp.MustCompile(`^[0-9a-f]{4,64}$`)

// commitOf returns the commit rev points at, or "" when it does not exist.
func (c *clone) commitOf(ctx context.Context, rev string) (string, error) {
	out, err := c.git(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		if exitCode(err) == 1 {
			return "", nil
		}
		return "", err
	}
	return out, nil
}

// refValue returns the object a full ref name points at, or "".
func (c *clone) refValue(ctx context.Context, ref string) (string, error) {
	out, err := c.git(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", ref)
	if err != nil && exitCode(err) == 1 {
		return "", nil
	}
	return out, err
}

// Where a resolved name was found.
const (
	inLocalBranch  = "local branch"
	inRemoteBranch = "branch"
	inLocalTag     = "local tag"
	inRemoteTag    = "tag"
	inCommit       = "commit"
)

// resolve finds the commit a name means: relctl's local branch first (the
// work of earlier actions), then the remote's branch, the remote's tag,
// a local tag and finally a commit SHA.
func (c *clone) resolve(ctx context.Context, name string) (sha, where string, err error) {
	candidates := []struct{ ref, where string }{
		{"refs/heads/" + name, inLocalBranch},
		{remoteHeads + name, inRemoteBranch},
		{remoteTags + name, inRemoteTag},
		{"refs/tags/" + name, inLocalTag},
	}
	for _, cand := range candidates {
		sha, err := c.commitOf(ctx, cand.ref)
		if err != nil || sha != "" {
			return sha, cand.where, err
		}
	}
	if hexName.MatchString(name) {
		sha, err := c.commitOf(ctx, name)
		if err != nil || sha != "" {
			return sha, inCommit, err
		}
	}
	return "", "", fmt.Errorf("%q in %s: %w", name, displayName(c.remote), ErrUnresolved)
}

// isAncestor reports whether commit a is reachable from commit b.
func (c *clone) isAncestor(ctx context.Context, a, b string) (bool, error) {
	_, err := c.git(ctx, "merge-base", "--is-ancestor", a, b)
	switch {
	case err == nil:
		return true, nil
	case exitCode(err) == 1:
		return false, nil
	}
	return false, err
}

// branchHead returns the head of branch as relctl's work sees it: the
// local branch when relctl made one, else the remote's branch ("" when
// neither exists).
func (c *clone) branchHead(ctx context.Context, branch string) (sha string, local bool, err error) {
	sha, err = c.commitOf(ctx, "refs/heads/"+branch)
	if err != nil || sha != "" {
		return sha, true, err
	}
	sha, err = c.commitOf(ctx, remoteHeads+branch)
	return sha, false, err
}

// findTrailer returns the newest commit reachable from rev whose message
// carries every one of the trailer lines, or "".
func (c *clone) findTrailer(ctx context.Context, rev string, lines ...string) (string, error) {
	args := []string{"log", "-n1", "--format=%H", "--fixed-strings", "--all-match"}
	for _, l := range lines {
		args = append(args, "--grep="+l)
	}
	out, err := c.git(ctx, append(args, rev, "--")...)
	return out, err
}

// updateRef moves ref from old to new atomically; old "" means the ref must
// not exist, new "" deletes it.
func (c *clone) updateRef(ctx context.Context, ref, newSHA, old string) error {
	const zero = "0000000000000000000000000000000000000000"
	var err error
	switch {
	case newSHA == "" && old == "":
		_, err = c.git(ctx, "update-ref", "-d", ref)
	case newSHA == "":
		_, err = c.git(ctx, "update-ref", "-d", ref, old)
	case old == "":
		_, err = c.git(ctx, "update-ref", ref, newSHA, zero)
	default:
		_, err = c.git(ctx, "update-ref", ref, newSHA, old)
	}
	if err != nil {
		return fmt.Errorf("updating %s in the clone of %s: %w", ref, displayName(c.remote), err)
	}
	return nil
}

// checkRefName validates a branch or tag name as git does.
func (p *Provider) checkRefName(ctx context.Context, kind, name string) error {
	if name == "" {
		return fmt.Errorf("%s name is empty", kind)
	}
	if _, err := p.run.git(ctx, "", "check-ref-format", "refs/"+kind+"/"+name); err != nil {
		return fmt.Errorf("%q is not a valid %s name", name, strings.TrimSuffix(kind, "s"))
	}
	return nil
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
