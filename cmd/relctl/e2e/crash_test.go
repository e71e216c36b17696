//go:build linux

package e2e

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// Trials of the crash tests; -short runs fewer.
const (
	applyTrials         = 25
	applyTrialsShort    = 6
	rollbackTrials      = 8
	rollbackTrialsShort = 2
	abandonTrials       = 8
	abandonTrialsShort  = 3
	// maxKills bounds the kills of one trial; the run after the last
	// kill goes to its end.
	maxKills = 3
)

func trials(long, short int) int {
	if testing.Short() {
		return short
	}
	return long
}

// crashTrial is one trial: a seeded random source and how to kill.
type crashTrial struct {
	w    *workspace
	rng  *rand.Rand
	mode killMode
	// span is how long a full run takes; kills land in [0, span].
	span time.Duration
}

// runUntilDone runs relctl with args, killed with SIGKILL after a random
// delay, then again (killed again or not, by chance) until a run ends.
// It returns that run's result and whether any run was killed.
func (c *crashTrial) runUntilDone(args ...string) (result, int) {
	c.w.t.Helper()
	kills := 0
	for attempt := 1; ; attempt++ {
		p := c.w.start(args...)
		if kills == maxKills || (attempt > 1 && c.rng.IntN(2) == 0) {
			return p.wait(), kills
		}
		delay := time.Duration(c.rng.Int64N(int64(c.span) + 1))
		r, killed := p.killAfter(delay, c.mode, c.w.remotes())
		if !killed {
			c.w.t.Logf("run %d ended before the kill at %s", attempt, delay.Round(time.Millisecond))
			return r, kills
		}
		kills++
		c.w.t.Logf("run %d: SIGKILL to %s after %s; last output: %q",
			attempt, c.mode, delay.Round(time.Millisecond), lastLine(r.stdout))
	}
}

func lastLine(out string) string {
	out = strings.TrimRight(out, "\n")
	return out[strings.LastIndexByte(out, '\n')+1:]
}

// timed runs relctl with args to a successful end and returns how long
// it took.
func (w *workspace) timed(args ...string) time.Duration {
	w.t.Helper()
	start := time.Now()
	w.mustRun(0, args...)
	return time.Since(start)
}

// TestApplySurvivesSIGKILL kills apply at random moments, resumes it
// until it ends, and checks that every commit, tag and branch of the
// release was made exactly once and that the state says so.
func TestApplySurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	seed := trialSeed(t)
	base := newWorkspace(t, quickstart(t))
	base.plan()
	span := base.timed("apply", "plan.out")
	t.Logf("a full apply takes %s; kills land in [0, %s]", span.Round(time.Millisecond), span.Round(time.Millisecond))

	for i := range trials(applyTrials, applyTrialsShort) {
		t.Run(fmt.Sprintf("trial%02d", i), func(t *testing.T) {
			t.Parallel()
			w := newWorkspace(t, quickstart(t))
			c := &crashTrial{w: w, rng: rand.New(rand.NewPCG(seed, uint64(i))), mode: killMode(i % 2), span: span}
			before := w.snapshot()
			w.plan()
			plan := w.showPlan()
			r, kills := c.runUntilDone("apply", "plan.out")
			switch {
			case r.code == 0:
			case r.code == 1 && kills > 0 && strings.Contains(r.stderr, "already applied to completion"):
				// The kill came after the last action was recorded.
				t.Logf("the run after the kill found the plan applied to completion")
			default:
				t.Fatalf("the apply after %d kills: exit %d\n%s", kills, r.code, r)
			}
			w.wantAppliedOnce(before, plan, quickstartRelease...)
		})
	}
}

// TestRollbackSurvivesSIGKILL kills rollback at random moments, resumes
// it until it ends, and checks that the repositories are as they were
// before the release.
func TestRollbackSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	seed := trialSeed(t)
	base := newWorkspace(t, quickstart(t))
	base.plan()
	base.mustRun(0, "apply", "plan.out")
	span := base.timed("rollback", "-auto-approve")
	t.Logf("a full rollback takes %s; kills land in [0, %s]", span.Round(time.Millisecond), span.Round(time.Millisecond))

	for i := range trials(rollbackTrials, rollbackTrialsShort) {
		t.Run(fmt.Sprintf("trial%02d", i), func(t *testing.T) {
			t.Parallel()
			w := newWorkspace(t, quickstart(t))
			c := &crashTrial{w: w, rng: rand.New(rand.NewPCG(seed, uint64(1000+i))), mode: killMode(i % 2), span: span}
			before := w.snapshot()
			w.plan()
			plan := w.showPlan()
			w.mustRun(0, "apply", "plan.out")
			r, kills := c.runUntilDone("rollback", "-auto-approve")
			if r.code != 0 {
				t.Fatalf("the rollback after %d kills: exit %d\n%s", kills, r.code, r)
			}
			w.wantRefs("after the resumed rollback", before)
			w.wantRolledBack(plan)
		})
	}
}

// TestRollbackOfKilledApply kills apply at a random moment and rolls the
// release back instead of resuming it (rollback killed too, by chance):
// the repositories must be as they were before the release, including
// what the killed apply did without recording it (a push that reached the
// remote while the state still says "running").
func TestRollbackOfKilledApply(t *testing.T) {
	t.Parallel()
	seed := trialSeed(t)
	base := newWorkspace(t, quickstart(t))
	base.plan()
	span := base.timed("apply", "plan.out")
	rollbackSpan := base.timed("rollback", "-auto-approve")

	for i := range trials(abandonTrials, abandonTrialsShort) {
		t.Run(fmt.Sprintf("trial%02d", i), func(t *testing.T) {
			t.Parallel()
			w := newWorkspace(t, quickstart(t))
			rng := rand.New(rand.NewPCG(seed, uint64(2000+i)))
			mode := killMode(i % 2)
			before := w.snapshot()
			w.plan()
			delay := time.Duration(rng.Int64N(int64(span) + 1))
			r, killed := w.start("apply", "plan.out").killAfter(delay, mode, w.remotes())
			if !killed {
				t.Logf("the apply ended before the kill at %s: exit %d", delay.Round(time.Millisecond), r.code)
			} else {
				t.Logf("apply: SIGKILL to %s after %s; last output: %q", mode, delay.Round(time.Millisecond), lastLine(r.stdout))
			}
			c := &crashTrial{w: w, rng: rng, mode: mode, span: rollbackSpan}
			r, kills := c.runUntilDone("rollback", "-auto-approve")
			if r.code != 0 {
				t.Fatalf("the rollback after %d kills: exit %d\n%s", kills, r.code, r)
			}
			w.wantRefs("after rolling back a killed apply", before)
		})
	}
}
