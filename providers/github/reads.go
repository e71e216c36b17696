package github

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	gh "github.com/google/go-github/v57/github"

	"github.com/relctl/relctl/providers"
)

// perPage is the page size of every list: GitHub's maximum.
const perPage = 100

// ReadRepository reads the default branch, the branches and the tags
// (peeled to commits), 100 per page.
func (p *Provider) ReadRepository(ctx context.Context, repo providers.Repository) (providers.RepositoryRefs, error) {
	return p.ReadRefs(ctx, repo, true)
}

// ReadRefs reads the branches and the tags, and with withDefaultBranch
// the default branch. They do not depend on one another and are read at
// once.
func (p *Provider) ReadRefs(ctx context.Context, repo providers.Repository, withDefaultBranch bool) (providers.RepositoryRefs, error) {
	r, err := p.repo(repo.Repo)
	if err != nil {
		return providers.RepositoryRefs{}, err
	}
	var (
		def                string
		branches           []*gh.Branch
		tags               []*gh.RepositoryTag
		defErr, bErr, tErr error
	)
	forEach(3, 3, func(i int) {
		switch i {
		case 0:
			if withDefaultBranch {
				def, defErr = p.defaultBranch(ctx, r)
			}
		case 1:
			branches, bErr = listAll(ctx, func(ctx context.Context, page int) ([]*gh.Branch, *gh.Response, error) {
				return p.client.Repositories.ListBranches(ctx, r.owner, r.name,
					&gh.BranchListOptions{ListOptions: gh.ListOptions{Page: page, PerPage: perPage}})
			}, nil)
		case 2:
			tags, tErr = listAll(ctx, func(ctx context.Context, page int) ([]*gh.RepositoryTag, *gh.Response, error) {
				return p.client.Repositories.ListTags(ctx, r.owner, r.name, &gh.ListOptions{Page: page, PerPage: perPage})
			}, nil)
		}
	})
	switch {
	case defErr != nil:
		return providers.RepositoryRefs{}, defErr
	case bErr != nil:
		return providers.RepositoryRefs{}, apiErr(bErr, "listing branches of %s", r)
	case tErr != nil:
		return providers.RepositoryRefs{}, apiErr(tErr, "listing tags of %s", r)
	}
	refs := providers.RepositoryRefs{DefaultBranch: def, Branches: make(map[string]string, len(branches)),
		Tags: make(map[string]string, len(tags))}
	for _, b := range branches {
		refs.Branches[b.GetName()] = b.GetCommit().GetSHA()
	}
	for _, t := range tags {
		refs.Tags[t.GetName()] = t.GetCommit().GetSHA()
	}
	return refs, nil
}

func (p *Provider) defaultBranch(ctx context.Context, r repoRef) (string, error) {
	info, _, err := p.client.Repositories.Get(ctx, r.owner, r.name)
	if err != nil {
		return "", apiErr(err, "reading repository %s", r)
	}
	return info.GetDefaultBranch(), nil
}

// CountCommits counts the commits of to since from with the compare API.
func (p *Provider) CountCommits(ctx context.Context, repo providers.Repository, from, to string) (int, error) {
	r, err := p.repo(repo.Repo)
	if err != nil {
		return 0, err
	}
	cmp, _, err := p.client.Repositories.CompareCommits(ctx, r.owner, r.name, from, to, &gh.ListOptions{PerPage: 1})
	if err != nil {
		return 0, apiErr(err, "comparing %s...%s in %s", from, to, r)
	}
	return cmp.GetAheadBy(), nil
}

// ReadFile reads a file at ref ("" for the default branch).
func (p *Provider) ReadFile(ctx context.Context, repo providers.Repository, path, ref string) (providers.FileContent, error) {
	r, err := p.repo(repo.Repo)
	if err != nil {
		return providers.FileContent{}, err
	}
	f, err := p.readFile(ctx, r, path, ref)
	if err != nil {
		return providers.FileContent{}, err
	}
	if !f.exists {
		return providers.FileContent{}, fmt.Errorf("%s does not exist in %s%s", path, r, atRef(ref))
	}
	return providers.FileContent{Content: f.content, SHA: f.blob}, nil
}

func atRef(ref string) string {
	if ref == "" {
		return ""
	}
	return " at " + ref
}

// file is a file read from GitHub; exists is false for a missing file.
type file struct {
	content []byte
	blob    string
	exists  bool
}

func (p *Provider) readFile(ctx context.Context, r repoRef, path, ref string) (file, error) {
	var opts *gh.RepositoryContentGetOptions
	if ref != "" {
		opts = &gh.RepositoryContentGetOptions{Ref: ref}
	}
	fc, dir, resp, err := p.client.Repositories.GetContents(ctx, r.owner, r.name, path, opts)
	if isNotFound(err, resp) {
		return file{}, nil
	}
	if err != nil {
		return file{}, apiErr(err, "reading %s of %s%s", path, r, atRef(ref))
	}
	if fc == nil || dir != nil {
		return file{}, fmt.Errorf("%s of %s is a directory", path, r)
	}
	text, err := fc.GetContent()
	if err != nil {
		return file{}, fmt.Errorf("decoding %s of %s: %w", path, r, err)
	}
	return file{content: []byte(text), blob: fc.GetSHA(), exists: true}, nil
}

// refSHA reads ref ("heads/x", "tags/x") as a commit SHA, peeling
// annotated tags; "" when the ref does not exist.
func (p *Provider) refSHA(ctx context.Context, r repoRef, ref string) (string, error) {
	obj, err := p.refObject(ctx, r, ref)
	if err != nil || obj.sha == "" || obj.typ != "tag" {
		return obj.sha, err
	}
	tag, _, err := p.client.Git.GetTag(ctx, r.owner, r.name, obj.sha)
	if err != nil {
		return "", apiErr(err, "reading tag object %s of %s", short(obj.sha), r)
	}
	return tag.GetObject().GetSHA(), nil
}

// object is what a ref points at: a commit, or a tag object.
type object struct{ sha, typ string }

func (p *Provider) refObject(ctx context.Context, r repoRef, ref string) (object, error) {
	got, resp, err := p.client.Git.GetRef(ctx, r.owner, r.name, ref)
	if isNotFound(err, resp) {
		return object{}, nil
	}
	if err != nil {
		return object{}, apiErr(err, "reading ref %s of %s", ref, r)
	}
	if got.GetRef() != "refs/"+ref {
		return object{}, nil
	}
	return object{sha: got.GetObject().GetSHA(), typ: got.GetObject().GetType()}, nil
}

// RefFact names a ref fact with the full repository name, so that the
// planner's facts and the actions' facts about one ref are one fact.
func (p *Provider) RefFact(repo providers.Repository, ref, sha string) providers.Fact {
	name := repo.Repo
	if r, err := p.repo(repo.Repo); err == nil {
		name = r.String()
	}
	return refFact(name, ref, sha)
}

func refFact(repo, ref, sha string) providers.Fact {
	kind, name, _ := strings.Cut(ref, "/")
	what := "branch " + name
	if kind == "tags" {
		what = "tag " + name
	}
	desc := fmt.Sprintf("%s does not exist in %s", what, repo)
	if sha != "" {
		desc = fmt.Sprintf("%s of %s is at %s", what, repo, short(sha))
	}
	return providers.Fact{Provider: "github", Key: "ref:" + repo + ":" + ref, Value: sha, Description: desc}
}

func fileFact(r repoRef, path, ref, blob string) providers.Fact {
	desc := fmt.Sprintf("file %s does not exist in %s%s", path, r, atRef(ref))
	if blob != "" {
		desc = fmt.Sprintf("file %s of %s%s is at blob %s", path, r, atRef(ref), short(blob))
	}
	return providers.Fact{Provider: "github", Key: "file:" + r.String() + ":" + path + "@" + ref, Value: blob, Description: desc}
}

func pullFact(r repoRef, head, base string, number int) providers.Fact {
	desc := fmt.Sprintf("no pull request is open from %s to %s in %s", head, base, r)
	value := ""
	if number > 0 {
		value = strconv.Itoa(number)
		desc = fmt.Sprintf("pull request #%d is open from %s to %s in %s", number, head, base, r)
	}
	return providers.Fact{Provider: "github", Key: "pull:" + r.String() + ":" + head + "->" + base, Value: value, Description: desc}
}

// CheckFact reads a fact of this provider again: refs, files, open pull
// requests.
func (p *Provider) CheckFact(ctx context.Context, fact providers.Fact) (string, error) {
	kind, rest, _ := strings.Cut(fact.Key, ":")
	repo, what, ok := strings.Cut(rest, ":")
	if !ok {
		return "", fmt.Errorf("unknown github fact %q", fact.Key)
	}
	r, err := p.repo(repo)
	if err != nil {
		return "", err
	}
	switch kind {
	case "ref":
		return p.refSHA(ctx, r, what)
	case "file":
		i := strings.LastIndexByte(what, '@')
		if i < 0 {
			return "", fmt.Errorf("unknown github fact %q", fact.Key)
		}
		f, err := p.readFile(ctx, r, what[:i], what[i+1:])
		return f.blob, err
	case "pull":
		head, base, ok := strings.Cut(what, "->")
		if !ok {
			return "", fmt.Errorf("unknown github fact %q", fact.Key)
		}
		pr, err := p.openPull(ctx, r, head, base)
		if err != nil || pr == nil {
			return "", err
		}
		return strconv.Itoa(pr.GetNumber()), nil
	}
	return "", fmt.Errorf("unknown github fact %q", fact.Key)
}
