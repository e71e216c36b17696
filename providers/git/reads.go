package git

import (
	"context"
	"fmt"
	"io/fs"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// ProviderName is the name facts of this provider carry.
const ProviderName = "git"

// FactKey is the key of a git fact: "ref:<remote>:heads/<branch>" or
// "ref:<remote>:tags/<tag>", where remote is the remote URL or path with
// credentials removed, so that CheckFact can read the remote again.
func FactKey(remote, kind, name string) string {
	return "ref:" + redactText(remote) + ":" + kind + "/" + name
}

// refFact records the remote's value of a branch or (peeled) tag as seen by
// the fetch that opened the clone.
func refFact(ctx context.Context, c *clone, kind, name string) (providers.Fact, error) {
	var sha string
	var err error
	if kind == "heads" {
		sha, err = c.refValue(ctx, remoteHeads+name)
	} else {
		sha, err = c.commitOf(ctx, remoteTags+name)
	}
	if err != nil {
		return providers.Fact{}, err
	}
	return newFact(c.remote, kind, name, sha), nil
}

func newFact(remote, kind, name, sha string) providers.Fact {
	what := "branch"
	if kind == "tags" {
		what = "tag"
	}
	desc := fmt.Sprintf("%s %s of %s is at %s", what, name, displayName(remote), short(sha))
	if sha == "" {
		desc = fmt.Sprintf("%s %s does not exist in %s", what, name, displayName(remote))
	}
	return providers.Fact{Provider: ProviderName, Key: FactKey(remote, kind, name), Value: sha, Description: desc}
}

func shaOutputs(sha string) map[string]cty.Value {
	return map[string]cty.Value{"sha": cty.StringVal(sha)}
}

// lsRemote lists the remote's refs: ref name -> object, with peeled tags
// ("refs/tags/v1^{}") as git prints them, and the symbolic HEAD.
func (p *Provider) lsRemote(ctx context.Context, remote string, patterns ...string) (refs map[string]string, head string, err error) {
	if err := checkRemote(remote); err != nil {
		return nil, "", err
	}
	args := append([]string{"ls-remote", "--symref", remote}, patterns...)
	out, err := p.run.git(ctx, p.dir, args...)
	if err != nil {
		return nil, "", fmt.Errorf("reading refs of %s: %w", displayName(remote), err)
	}
	refs = map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		left, name, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		if target, isSym := strings.CutPrefix(left, "ref: "); isSym {
			if name == "HEAD" {
				head = strings.TrimPrefix(target, "refs/heads/")
			}
			continue
		}
		refs[name] = left
	}
	return refs, head, nil
}

func (p *Provider) repoRemote(repo providers.Repository) string {
	if repo.URL != "" {
		return normaliseRemote(repo.URL, p.dir)
	}
	return normaliseRemote(repo.Repo, p.dir)
}

// ReadRepository lists the branches and (peeled) tags of the remote with
// git ls-remote, without a clone.
func (p *Provider) ReadRepository(ctx context.Context, repo providers.Repository) (providers.RepositoryRefs, error) {
	refs, head, err := p.lsRemote(ctx, p.repoRemote(repo))
	if err != nil {
		return providers.RepositoryRefs{}, err
	}
	out := providers.RepositoryRefs{DefaultBranch: head, Branches: map[string]string{}, Tags: map[string]string{}}
	for name, sha := range refs {
		if b, ok := strings.CutPrefix(name, "refs/heads/"); ok {
			out.Branches[b] = sha
		}
		if t, ok := strings.CutPrefix(name, "refs/tags/"); ok && !strings.HasSuffix(t, "^{}") {
			out.Tags[t] = sha
			if peeled, ok := refs[name+"^{}"]; ok {
				out.Tags[t] = peeled
			}
		}
	}
	return out, nil
}

// DefaultBranch returns the branch the remote's HEAD names.
func (p *Provider) DefaultBranch(ctx context.Context, repo providers.Repository) (string, error) {
	_, head, err := p.lsRemote(ctx, p.repoRemote(repo), "HEAD")
	if err != nil {
		return "", err
	}
	if head == "" {
		return "", fmt.Errorf("%s has no default branch (empty repository?)", displayName(p.repoRemote(repo)))
	}
	return head, nil
}

// defaultBranch is DefaultBranch for the clone's remote.
func (c *clone) defaultBranch(ctx context.Context) (string, error) {
	out, err := c.git(ctx, "ls-remote", "--symref", "origin", "HEAD")
	if err != nil {
		return "", fmt.Errorf("reading the default branch of %s: %w", displayName(c.remote), err)
	}
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "ref: refs/heads/"); ok {
			if name, _, ok := strings.Cut(rest, "\tHEAD"); ok {
				return name, nil
			}
		}
	}
	return "", fmt.Errorf("%s has no default branch (empty repository?)", displayName(c.remote))
}

// CountCommits counts the commits reachable from to and not from from
// (from "" counts all), resolving both as branches, tags or SHAs of the
// remote, in a fetched clone under the workdir.
func (p *Provider) CountCommits(ctx context.Context, repo providers.Repository, from, to string) (int, error) {
	c, release, err := p.open(ctx, p.repoRemote(repo))
	if err != nil {
		return 0, err
	}
	defer release()
	toSHA, _, err := c.resolve(ctx, to)
	if err != nil {
		return 0, fmt.Errorf("counting commits: %w", err)
	}
	rng := toSHA
	if from != "" {
		fromSHA, _, err := c.resolve(ctx, from)
		if err != nil {
			return 0, fmt.Errorf("counting commits: %w", err)
		}
		rng = fromSHA + ".." + toSHA
	}
	out, err := c.git(ctx, "rev-list", "--count", rng)
	if err != nil {
		return 0, fmt.Errorf("counting commits of %s: %w", displayName(c.remote), err)
	}
	var n int
	_, err = fmt.Sscan(out, &n)
	return n, err
}

// ReadFile reads path at ref (default: the default branch). A missing file
// is an error wrapping fs.ErrNotExist.
func (p *Provider) ReadFile(ctx context.Context, repo providers.Repository, path, ref string) (providers.FileContent, error) {
	if err := confinePath(path); err != nil {
		return providers.FileContent{}, err
	}
	c, release, err := p.open(ctx, p.repoRemote(repo))
	if err != nil {
		return providers.FileContent{}, err
	}
	defer release()
	if ref == "" {
		if ref, err = c.defaultBranch(ctx); err != nil {
			return providers.FileContent{}, err
		}
	}
	sha, _, err := c.resolve(ctx, ref)
	if err != nil {
		return providers.FileContent{}, err
	}
	content, blob, err := c.readBlob(ctx, sha, path)
	if err != nil {
		return providers.FileContent{}, err
	}
	if blob == "" {
		return providers.FileContent{}, fmt.Errorf("%s at %s of %s: %w", path, ref, displayName(c.remote), fs.ErrNotExist)
	}
	return providers.FileContent{Content: content, SHA: blob}, nil
}

// readBlob returns the content and blob SHA of path at commit, or a nil
// content and "" when the file does not exist.
func (c *clone) readBlob(ctx context.Context, commit, path string) ([]byte, string, error) {
	blob, err := c.git(ctx, "rev-parse", "--verify", "--quiet", commit+":"+path)
	if err != nil {
		if exitCode(err) == 1 {
			return nil, "", nil
		}
		return nil, "", err
	}
	out, err := c.run.run(ctx, call{dir: c.dir, args: []string{"--git-dir=" + c.dir, "cat-file", "blob", blob}})
	if err != nil {
		return nil, "", fmt.Errorf("reading %s: %w", path, err)
	}
	return []byte(out), blob, nil
}

// CheckFact reads the current value of a "ref:<remote>:heads/<branch>" or
// "ref:<remote>:tags/<tag>" fact from the remote.
func (p *Provider) CheckFact(ctx context.Context, fact providers.Fact) (string, error) {
	rest, ok := strings.CutPrefix(fact.Key, "ref:")
	i := strings.LastIndexByte(rest, ':')
	if !ok || i <= 0 {
		return "", fmt.Errorf("git provider cannot check fact %q", fact.Key)
	}
	remote, ref := rest[:i], rest[i+1:]
	if !strings.HasPrefix(ref, "heads/") && !strings.HasPrefix(ref, "tags/") {
		return "", fmt.Errorf("git provider cannot check fact %q", fact.Key)
	}
	full := "refs/" + ref
	refs, _, err := p.lsRemote(ctx, normaliseRemote(remote, p.dir), full, full+"^{}")
	if err != nil {
		return "", err
	}
	if peeled, ok := refs[full+"^{}"]; ok {
		return peeled, nil
	}
	return refs[full], nil
}
