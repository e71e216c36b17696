package views

import (
	"encoding/json"
	"fmt"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

const (
	opCreate = providers.OpCreate
	opUpdate = providers.OpUpdate
	opDelete = providers.OpDelete
	opRun    = providers.OpRun
	opWait   = providers.OpWait
	opNoop   = providers.OpNoop

	reversible   = providers.Reversible
	compensable  = providers.Compensable
	irrevers     = providers.Irreversible
	milestoneURL = "https://github.com/acme/issues/milestone/7"
)

func issue(n int, title string, comps ...string) plan.MilestoneIssue {
	return plan.MilestoneIssue{
		Number: n, Title: title, URL: fmt.Sprintf("https://github.com/acme/issues/issues/%d", n),
		Labels: []string{}, Components: append([]string{}, comps...),
	}
}

func component(name, cur, ver, next, reason string, issues []int, deps ...string) plan.Component {
	if issues == nil {
		issues = []int{}
	}
	return plan.Component{
		Name: name, Repo: "acme/" + name, Current: cur, Version: ver, Next: next,
		Tag: "v" + ver, Branch: "main", Reason: reason, Issues: issues,
		DependsOn: append([]string{}, deps...), Source: "tag",
	}
}

// quickstartPlan is the quickstart's release: three components of one
// product, released with git and exec on local clones.
func quickstartPlan() *plan.Plan {
	p := basePlan("acme", "1.4.0")
	p.PlanID = testPlanID
	p.Milestone = &plan.Milestone{
		Repo: "acme/issues", Number: 7, Title: "acme 1.4.0", URL: milestoneURL,
		Issues: []plan.MilestoneIssue{
			issue(11, "Faster startup", "acme-core"), issue(12, "Fix NPE in parser", "acme-core"),
			issue(13, "New /health endpoint", "acme-api"), issue(14, "Docs typo"),
		},
		Unmapped: []plan.MilestoneIssue{issue(14, "Docs typo")},
	}
	p.Components = []plan.Component{
		component("acme-core", "1.4.0-SNAPSHOT", "1.4.0", "1.4.1-SNAPSHOT", plan.ReasonMilestone, []int{11, 12}),
		component("acme-api", "1.4.0-SNAPSHOT", "1.4.0", "1.4.1-SNAPSHOT", plan.ReasonMilestone, []int{13}, "acme-core"),
		component("acme-web", "2.0.3-SNAPSHOT", "2.0.3", "2.0.4-SNAPSHOT", plan.ReasonDependency, nil, "acme-api"),
	}
	p.NotReleased = []plan.NotReleased{{Name: "acme-docs", Why: "no change since tag v1.3.0"}}
	keys := []string{"acme-api", "acme-core", "acme-web"}
	p.Stages = []plan.Stage{
		{Name: "release", DependsOn: []string{}, Order: "parallel", OnFailure: "halt", Keys: keys, Waves: 1},
		{Name: "announce", DependsOn: []string{"release"}, Order: "dependencies", OnFailure: "continue", Keys: []string{}, Waves: 1},
	}
	var all []string
	for _, c := range p.Components {
		k := c.Name
		bump := withDiff(act("release", k, "git_commit", "bump", opUpdate, compensable,
			fmt.Sprintf(".relctl/work/%s: set version %s in pom.xml on main", k, c.Version)),
			fmt.Sprintf("-  <version>%s</version>\n+  <version>%s</version>\n", c.Current, c.Version))
		tag := withDeps(act("release", k, "git_tag", "release", opCreate, reversible,
			fmt.Sprintf(".relctl/work/%s: tag v%s at the bump commit", k, c.Version)), bump.Address)
		push := withDeps(act("release", k, "git_push", "release", opCreate, reversible,
			fmt.Sprintf("push main and v%s to origin (git@example.com:acme/%s.git)", c.Version, k)), tag.Address)
		build := withDeps(act("release", k, "exec", "deploy", opRun, irrevers,
			"mvn -B -q deploy -DskipTests (in .relctl/work/"+k+")"), push.Address)
		p.Actions = append(p.Actions, bump, tag, push, build)
		all = append(all, bump.Address, tag.Address, push.Address, build.Address)
	}
	p.Actions = append(p.Actions, withDeps(act("announce", "", "exec", "notify", opRun, irrevers,
		"./scripts/announce.sh acme 1.4.0"), all...))
	return p
}

// apimPlan is SPEC §6's example: prepare the release branch and pull
// request, wait for the merge, then release with CircleCI in three waves.
func apimPlan() *plan.Plan {
	p := basePlan("APIM", "3.4.7")
	p.PlanID = testPlanID
	p.Milestone = &plan.Milestone{
		Repo: "gravitee-io/issues", Number: 132, Title: "APIM 3.4.7",
		URL: "https://github.com/gravitee-io/issues/milestone/132",
	}
	for n := 4512; n < 4524; n++ {
		is := plan.MilestoneIssue{Number: n, Title: fmt.Sprintf("Issue %d", n),
			URL: fmt.Sprintf("https://github.com/gravitee-io/issues/issues/%d", n), Labels: []string{}, Components: []string{}}
		p.Milestone.Issues = append(p.Milestone.Issues, is)
	}
	p.Milestone.Unmapped = []plan.MilestoneIssue{{Number: 4540, Title: "Docs typo",
		URL: "https://github.com/gravitee-io/issues/issues/4540", Labels: []string{}, Components: []string{}}}
	gravitee := func(name, cur, ver, next, reason string, issues []int, deps ...string) plan.Component {
		c := component(name, cur, ver, next, reason, issues, deps...)
		c.Repo, c.Tag, c.Branch = "gravitee-io/"+name, ver, "3.4.x"
		return c
	}
	p.Components = []plan.Component{
		gravitee("gravitee-bom", "1.2.1-SNAPSHOT", "1.2.1", "1.2.2-SNAPSHOT", plan.ReasonManifest, nil),
		gravitee("gravitee-common", "1.20.5-SNAPSHOT", "1.20.5", "1.20.6-SNAPSHOT", plan.ReasonMilestone, []int{4512, 4519}, "gravitee-bom"),
		gravitee("gravitee-gateway", "3.4.7-SNAPSHOT", "3.4.7", "3.4.8-SNAPSHOT", plan.ReasonManifest, nil, "gravitee-common"),
		gravitee("gravitee-management-rest-api", "3.4.7-SNAPSHOT", "3.4.7", "3.4.8-SNAPSHOT", plan.ReasonMilestone, []int{4515}, "gravitee-common"),
	}
	p.NotReleased = []plan.NotReleased{
		{Name: "gravitee-repository", Why: "no change since tag 3.9.0"},
		{Name: "gravitee-policy-cors", Why: "no change since tag 1.4.0"},
	}
	keys := []string{"gravitee-bom", "gravitee-common", "gravitee-gateway", "gravitee-management-rest-api"}
	p.Stages = []plan.Stage{
		{Name: "prepare", DependsOn: []string{}, Order: "dependencies", OnFailure: "halt", Keys: []string{}, Waves: 1},
		{Name: "maven", DependsOn: []string{"prepare"}, Order: "dependencies", OnFailure: "halt", Keys: keys, Waves: 3},
	}
	branch := act("prepare", "", "github_branch", "prepare", opCreate, reversible,
		"gravitee-io/release feature/prepare_release_3.4.7 from master @ 1a2b3c4")
	file := withDeps(withDiff(act("prepare", "", "github_file", "release_json", opUpdate, compensable,
		"gravitee-io/release:release.json on feature/prepare_release_3.4.7"),
		"-            \"version\": \"1.20.5-SNAPSHOT\",\n+            \"version\": \"1.20.5\",\n"), branch.Address)
	pr := withDeps(act("prepare", "", "github_pull_request", "prepare", opCreate, reversible,
		"gravitee-io/release feature/prepare_release_3.4.7 → master"), file.Address)
	wait := withDeps(act("prepare", "", "github_await_merge", "approval", opWait, reversible,
		"wait until that pull request is merged (timeout 72h)"), pr.Address)
	p.Actions = []plan.Action{branch, file, pr, wait}
	waves := map[string]int{"gravitee-bom": 0, "gravitee-common": 1, "gravitee-gateway": 2, "gravitee-management-rest-api": 2}
	// Listed in the order the planner may produce: not sorted by wave.
	for _, k := range []string{"gravitee-management-rest-api", "gravitee-gateway", "gravitee-common", "gravitee-bom"} {
		c := p.Components[indexOf(p, k)]
		deps := []string{wait.Address}
		for _, d := range c.DependsOn {
			deps = append(deps, fmt.Sprintf("stage.maven[%q].circleci_pipeline.release", d))
		}
		a := withWave(withDeps(act("maven", k, "circleci_pipeline", "release", opRun, irrevers,
			"gh/"+c.Repo+" @ "+c.Branch), deps...), waves[k])
		a.Args = json.RawMessage(fmt.Sprintf(`{"project":"gh/%s","branch":"%s","parameters":{"gio_action":"release"},"wait":true,"timeout":"2h"}`, c.Repo, c.Branch))
		p.Actions = append(p.Actions, a)
	}
	p.Facts = []providers.Fact{{Provider: "github", Key: "ref:gravitee-io/release:heads/master",
		Value: "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", Description: "branch master of gravitee-io/release is at 1a2b3c4"}}
	return p
}

func indexOf(p *plan.Plan, name string) int {
	for i, c := range p.Components {
		if c.Name == name {
			return i
		}
	}
	panic("no component " + name)
}

// cascadePlan releases components for every reason: milestone, manifest,
// a cascade through dependencies, forced and changed, plus a first
// release; others are not released. It was not saved.
func cascadePlan() *plan.Plan {
	p := basePlan("platform", "2.0.0")
	p.Milestone = &plan.Milestone{
		Repo: "acme/issues", Number: 9, Title: "platform 2.0.0", URL: "https://github.com/acme/issues/milestone/9",
		Issues: []plan.MilestoneIssue{issue(21, "Drop Java 8", "core"), issue(22, "Typo on landing page"),
			issue(23, "Ask the release team")},
		Unmapped: []plan.MilestoneIssue{issue(22, "Typo on landing page"), issue(23, "Ask the release team")},
	}
	newbie := component("metrics", "", "0.1.0", "0.1.1-SNAPSHOT", plan.ReasonChanged, nil)
	newbie.Source = "initial"
	p.Components = []plan.Component{
		component("core", "1.9.0", "2.0.0", "2.0.1-SNAPSHOT", plan.ReasonMilestone, []int{21}),
		component("api", "1.9.0", "1.9.1", "1.9.2-SNAPSHOT", plan.ReasonDependency, nil, "core"),
		component("gateway", "1.9.0", "1.9.1", "1.9.2-SNAPSHOT", plan.ReasonDependency, nil, "api", "core", "policies"),
		component("policies", "0.4.2-SNAPSHOT", "0.4.2", "0.4.3-SNAPSHOT", plan.ReasonManifest, nil),
		component("cli", "3.1.0", "3.1.1", "3.1.2-SNAPSHOT", plan.ReasonForced, nil),
		newbie,
	}
	p.NotReleased = []plan.NotReleased{
		{Name: "docs", Why: "no change since tag v1.9.0"},
		{Name: "legacy-connector", Why: "not selected by release.components"},
	}
	p.Stages = []plan.Stage{{Name: "tag", DependsOn: []string{}, Order: "dependencies", OnFailure: "halt",
		Keys: []string{"core", "metrics", "policies", "cli", "api", "gateway"}, Waves: 3}}
	waves := map[string]int{"core": 0, "metrics": 0, "policies": 0, "cli": 0, "api": 1, "gateway": 2}
	for _, c := range p.Components {
		p.Actions = append(p.Actions, withWave(act("tag", c.Name, "github_tag", "release", opCreate, reversible,
			fmt.Sprintf("%s v%s on main @ 5d6e7f8", c.Repo, c.Version)), waves[c.Name]))
	}
	return p
}

// unknownPlan has actions whose arguments are outputs of earlier actions,
// known only after apply.
func unknownPlan() *plan.Plan {
	p := basePlan("acme", "1.4.0")
	p.Components = []plan.Component{component("acme-api", "1.3.9", "1.4.0", "", plan.ReasonChanged, nil)}
	p.Stages = []plan.Stage{{Name: "release", DependsOn: []string{}, Order: "dependencies", OnFailure: "halt", Keys: []string{}, Waves: 1}}
	commit := withDiff(act("release", "", "git_commit", "bump", opUpdate, compensable,
		".relctl/work/acme-api: set version 1.4.0 in package.json on main"),
		"@@ package.json @@\n   \"name\": \"acme-api\",\n-  \"version\": \"1.3.9\",\n+  \"version\": \"1.4.0\",\n")
	tag := withDeps(act("release", "", "github_tag", "release", opCreate, reversible,
		"acme/acme-api v1.4.0 at (known after apply)"), commit.Address)
	tag.Args = json.RawMessage(`{"repo":"acme/acme-api","tag":"v1.4.0","commit":null}`)
	tag.Unknown = []string{"commit"}
	tag.Deferred = map[string]plan.Deferred{"commit": {Expr: "action.git_commit.bump.sha",
		Outputs: map[string]string{"action.git_commit.bump": commit.Address}}}
	rel := withDeps(act("release", "", "github_release", "release", opCreate, reversible,
		"acme/acme-api release v1.4.0 \"acme-api 1.4.0\"\nbody: (known after apply)"), tag.Address)
	rel.Unknown = []string{"body"}
	p.Actions = []plan.Action{commit, tag, rel}
	return p
}

// noopPlan has actions the world already matches, among others.
func noopPlan() *plan.Plan {
	p := apimPlan()
	p.PlanID = ""
	p.Actions[0].Operation = opNoop
	p.Actions[0].Description = "gravitee-io/release feature/prepare_release_3.4.7 exists @ 1a2b3c4"
	p.Actions[4].Operation = opNoop
	p.Actions[4].Description = "pipeline 8812 already released gh/gravitee-io/gravitee-management-rest-api @ 3.4.x"
	return p
}

// allDonePlan is a plan whose every action is already done.
func allDonePlan() *plan.Plan {
	p := apimPlan()
	for i := range p.Actions {
		p.Actions[i].Operation = opNoop
		p.Actions[i].Diff = ""
	}
	return p
}

// warningsPlan is a plan with warnings, one of them over several lines.
func warningsPlan() *plan.Plan {
	p := quickstartPlan()
	p.PlanID = ""
	p.Warnings = []string{
		"milestone acme/issues#7 has 1 issue that maps to no component",
		"component acme-web depends on acme-legacy, which is not declared;\nits release order is not checked against it",
	}
	return p
}

// emptyPlan releases nothing and does nothing.
func emptyPlan() *plan.Plan {
	p := basePlan("acme", "1.4.0")
	p.NotReleased = []plan.NotReleased{{Name: "acme-core", Why: "no change since tag v1.3.0"}}
	return p
}

// hostilePlan carries text made to break out of its place: escape
// sequences, Markdown and HTML, @-mentions, fences, table pipes.
func hostilePlan() *plan.Plan {
	p := basePlan("acme <b>", "1.0.0")
	p.PlanID = testPlanID
	p.Milestone = &plan.Milestone{Repo: "acme/issues", Number: 3, Title: "1.0 `rc` | @acme/owners",
		URL:      "https://github.com/acme/issues/milestone/3",
		Issues:   []plan.MilestoneIssue{issue(5, "Fix <script>alert(1)</script> @octocat", "web")},
		Unmapped: []plan.MilestoneIssue{issue(6, "```\n</details>\n# Owned [x](javascript:alert(1)) \x1b[2J")}}
	p.Components = []plan.Component{component("web|*x*", "0.9.0", "1.0.0", "", plan.ReasonMilestone, []int{5})}
	p.NotReleased = []plan.NotReleased{{Name: "docs", Why: "@here ![img](http://evil/x.png) _no_ change\n---"}}
	p.Stages = []plan.Stage{{Name: "ship", DependsOn: []string{}, Order: "parallel", OnFailure: "halt", Keys: []string{"we\"b`"}, Waves: 1}}
	a := withDiff(act("ship", "we\"b`", "exec", "run", opRun, irrevers, "echo \x1b[31mred\x1b[0m ``` @octocat </details>"),
		"-````\n+`````` </details>\n")
	p.Actions = []plan.Action{a}
	p.Warnings = []string{"ping @octocat <img src=x onerror=alert(1)>"}
	return p
}

// disabledPlan is the quickstart's release where only the maven component
// has a next development version: the other instances' next-version
// commit is disabled by its enabled argument and skipped.
func disabledPlan() *plan.Plan {
	p := basePlan("acme", "1.4.0")
	p.PlanID = testPlanID
	p.Components = []plan.Component{
		component("acme-api", "1.4.0-SNAPSHOT", "1.4.0", "1.4.1-SNAPSHOT", plan.ReasonChanged, nil),
		component("acme-web", "2.0.2", "2.0.3", "", plan.ReasonChanged, nil),
	}
	p.Stages = []plan.Stage{{Name: "release", DependsOn: []string{}, Order: "parallel", OnFailure: "halt",
		Keys: []string{"acme-api", "acme-web"}, Waves: 1}}
	for _, c := range p.Components {
		k := c.Name
		tag := act("release", k, "git_tag", "release", opCreate, reversible,
			fmt.Sprintf("work/%s: tag v%s at main", k, c.Version))
		next := withDeps(act("release", k, "git_commit", "next", opUpdate, compensable,
			fmt.Sprintf("work/%s: set version %s in pom.xml on main", k, c.Next)), tag.Address)
		if c.Next == "" {
			next.Operation, next.Reversibility = providers.OpSkip, reversible
			next.Disabled = `each.value.next != "" is false`
			next.Description = "skipped: " + next.Disabled
			next.Args = json.RawMessage("null")
		}
		push := withDeps(act("release", k, "git_push", "publish", opCreate, reversible,
			fmt.Sprintf("push main and v%s to origin", c.Version)), next.Address)
		p.Actions = append(p.Actions, tag, next, push)
	}
	return p
}

// notesPlan releases a component of a large milestone: its line names the
// first issues and counts the others; the plan JSON keeps every number and
// the release notes.
func notesPlan() *plan.Plan {
	p := basePlan("acme", "2.0.0")
	p.PlanID = testPlanID
	p.Milestone = &plan.Milestone{Repo: "acme/issues", Number: 9, Title: "acme 2.0.0", URL: "https://github.com/acme/issues/milestone/9"}
	var nums []int
	for n := 101; n <= 108; n++ {
		is := issue(n, fmt.Sprintf("Change %d", n), "core")
		is.Labels = []string{"type: bug"}
		if n == 101 {
			is.PullRequests = []plan.PullRequest{{Repo: "acme/core", Number: 40, Title: "Fix it", URL: "https://github.com/acme/core/pull/40"}}
		}
		p.Milestone.Issues = append(p.Milestone.Issues, is)
		nums = append(nums, n)
	}
	p.Milestone.Unmapped = []plan.MilestoneIssue{}
	core := component("core", "1.9.0", "2.0.0", "", plan.ReasonMilestone, nums)
	core.Notes = "### Bug fixes\n\n- Change 101 ([\\#101](https://github.com/acme/issues/issues/101), [acme/core\\#40](https://github.com/acme/core/pull/40))\n"
	p.Components = []plan.Component{core, component("cli", "0.3.0", "0.3.1", "", plan.ReasonChanged, []int{104})}
	p.Release.Notes = "## core 2\\.0\\.0\n\n" + core.Notes
	p.Stages = []plan.Stage{{Name: "tag", DependsOn: []string{}, Order: "parallel", OnFailure: "halt", Keys: []string{"cli", "core"}, Waves: 1}}
	for _, c := range p.Components {
		p.Actions = append(p.Actions, act("tag", c.Name, "github_tag", "release", opCreate, reversible,
			fmt.Sprintf("%s v%s on main @ 5d6e7f8", c.Repo, c.Version)))
	}
	return p
}
