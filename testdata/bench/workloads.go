package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// relctlRun is one plan and apply of a DAG by relctl.
type relctlRun struct {
	plan, apply measure
	planBytes   int64
	stateBytes  int64
}

// relctlDir writes the DAG's configuration into a new directory.
func (b *bench) relctlDir(name string, d dag) (string, error) {
	dir := filepath.Join(b.work, name)
	return dir, write(dir, "main.rel.hcl", d.relctl())
}

// runRelctl plans (offline) and applies the DAG in dir, from no state.
func (b *bench) runRelctl(dir string) (relctlRun, error) {
	var r relctlRun
	for _, f := range []string{"relctl.state", "relctl.state.plan", "plan.out"} {
		os.Remove(filepath.Join(dir, f))
	}
	var err error
	if r.plan, err = b.tools.run(dir, nil, b.relctl, "plan", "-refresh=false", "-out", "plan.out"); err != nil {
		return r, err
	}
	if r.apply, err = b.tools.run(dir, nil, b.relctl, "apply", "plan.out"); err != nil {
		return r, err
	}
	r.planBytes = size(filepath.Join(dir, "plan.out"))
	r.stateBytes = size(filepath.Join(dir, "relctl.state"))
	return r, nil
}

// terraformDir writes the DAG for Terraform and initialises it (offline:
// terraform_data is built in).
func (b *bench) terraformDir(name string, d dag) (string, error) {
	if b.terraform == "" {
		return "", nil
	}
	dir := filepath.Join(b.work, name)
	if err := write(dir, "main.tf", d.terraform()); err != nil {
		return "", err
	}
	_, err := b.tools.run(dir, nil, b.terraform, "init", "-input=false", "-no-color")
	return dir, err
}

// runTerraform applies the DAG from no state (apply includes its plan).
func (b *bench) runTerraform(dir string, d dag) (measure, error) {
	for _, f := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		os.Remove(filepath.Join(dir, f))
	}
	return b.tools.run(dir, []string{"TF_IN_AUTOMATION=1"}, b.terraform, "apply", "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", d.parallelism))
}

// runXargs runs the DAG's processes without a DAG: the floor of running
// that many processes that many at a time on this machine.
func (b *bench) runXargs(d dag) (measure, error) {
	script := fmt.Sprintf("seq %d | xargs -P %d -I{} /bin/sh -c %q", d.nodes(), d.parallelism, d.command)
	return b.tools.run(b.work, nil, "/bin/sh", "-c", script)
}

// sleepers: 200 nodes sleeping 50 ms at parallelism 10, where the ideal
// is the work divided by the parallelism.
func (b *bench) sleepers() error {
	d := dag{layers: 10, width: 20, command: "sleep 0.05", parallelism: 10}
	ideal := max(time.Duration(d.layers)*50*time.Millisecond, time.Duration(d.nodes())*50*time.Millisecond/time.Duration(d.parallelism))
	rdir, err := b.relctlDir("sleep-relctl", d)
	if err != nil {
		return err
	}
	tdir, err := b.terraformDir("sleep-tf", d)
	if err != nil {
		return err
	}
	var rel, xa, tf, relX, tfRel []time.Duration
	for i := 0; i < b.rounds; i++ {
		x, err := b.runXargs(d)
		if err != nil {
			return err
		}
		r, err := b.runRelctl(rdir)
		if err != nil {
			return err
		}
		rel, xa = append(rel, r.apply.wall), append(xa, x.wall)
		relX = append(relX, ratio(r.apply.wall, x.wall))
		if tdir != "" {
			t, err := b.runTerraform(tdir, d)
			if err != nil {
				return err
			}
			tf, tfRel = append(tf, t.wall), append(tfRel, ratio(t.wall, r.apply.wall))
		}
	}
	what := fmt.Sprintf("%d nodes (%d×%d), `sleep 0.05`, parallelism %d: ideal %s", d.nodes(), d.layers, d.width, d.parallelism, secs(ideal))
	row(what, "relctl apply %s = **%.2f× ideal**, **%.2f× xargs -P %d** (%s, no DAG)", secs(median(rel)), float64(median(rel))/float64(ideal), median(relX).Seconds(), d.parallelism, secs(median(xa)))
	if tdir != "" {
		row(what, "Terraform apply %s = **%.1f× relctl**", secs(median(tf)), median(tfRel).Seconds())
	}
	return nil
}

// trues: 1,000 nodes running `true` at parallelism 100, plan and apply.
func (b *bench) trues() error {
	d := dag{layers: 10, width: 100, command: "true", parallelism: 100}
	rdir, err := b.relctlDir("true-relctl", d)
	if err != nil {
		return err
	}
	tdir, err := b.terraformDir("true-tf", d)
	if err != nil {
		return err
	}
	var plan, apply, total, xa, tf, tfRel, applyCPU, xaCPU []time.Duration
	var last relctlRun
	for i := 0; i < b.rounds; i++ {
		x, err := b.runXargs(d)
		if err != nil {
			return err
		}
		r, err := b.runRelctl(rdir)
		if err != nil {
			return err
		}
		last = r
		t := r.plan.wall + r.apply.wall
		plan, apply, total, xa = append(plan, r.plan.wall), append(apply, r.apply.wall), append(total, t), append(xa, x.wall)
		applyCPU, xaCPU = append(applyCPU, r.apply.cpu), append(xaCPU, x.cpu)
		if tdir != "" {
			m, err := b.runTerraform(tdir, d)
			if err != nil {
				return err
			}
			tf, tfRel = append(tf, m.wall), append(tfRel, ratio(m.wall, t))
		}
	}
	what := fmt.Sprintf("%d nodes (%d×%d), `true`, parallelism %d", d.nodes(), d.layers, d.width, d.parallelism)
	row(what, "relctl plan %s + apply %s = %s (xargs -P %d: %s)", secs(median(plan)), secs(median(apply)), secs(median(total)), d.parallelism, secs(median(xa)))
	if tdir != "" {
		row(what, "Terraform apply (plan included) %s = **%.1f× relctl** plan + apply", secs(median(tf)), median(tfRel).Seconds())
	}
	n := int64(d.nodes())
	// User + system CPU, the commands' included: on 2 cores the wall time
	// follows it, and the difference is what relctl spends per action
	// beyond starting the same processes as xargs does.
	perA, perX := median(applyCPU)/time.Duration(n), median(xaCPU)/time.Duration(n)
	row(what, "CPU per action (user + sys, commands included): relctl apply %s, xargs -P %d %s (relctl − xargs: %s)", us(perA), d.parallelism, us(perX), us(perA-perX))
	row(what, "plan file %d bytes per action; state %d bytes per action", last.planBytes/n, last.stateBytes/n)
	if fs, err := b.countFsyncs(rdir); err != nil {
		row(what, "fsyncs per action: not counted (%v)", err)
	} else {
		row(what, "%.2f fsyncs per action (strace, apply of %d actions, parallelism %d)", float64(fs)/float64(n), n, d.parallelism)
	}
	return nil
}

// countFsyncs applies the plan in dir again from no state under strace.
func (b *bench) countFsyncs(dir string) (int, error) {
	os.Remove(filepath.Join(dir, "relctl.state"))
	os.Remove(filepath.Join(dir, "relctl.state.plan"))
	return b.tools.fsyncs(dir, b.relctl, "apply", "plan.out")
}

// large: planning cost per node at 1,000 and at side×side nodes (the
// two interleaved), and the peak memory of plan and apply.
func (b *bench) large(side int) error {
	if side == 0 {
		return nil
	}
	small := dag{layers: 10, width: 100, command: "true", parallelism: 100}
	d := dag{layers: side, width: side, command: "true", parallelism: 100}
	sdir, err := b.relctlDir("plan-small", small)
	if err != nil {
		return err
	}
	ldir, err := b.relctlDir("plan-large", d)
	if err != nil {
		return err
	}
	var perSmall, perLarge []time.Duration
	var cpuSmall, cpuLarge []time.Duration
	var lr relctlRun
	for i := 0; i < b.rounds; i++ {
		s, err := b.tools.run(sdir, nil, b.relctl, "plan", "-refresh=false", "-out", "plan.out")
		if err != nil {
			return err
		}
		perSmall, cpuSmall = append(perSmall, s.wall/time.Duration(small.nodes())), append(cpuSmall, s.cpu/time.Duration(small.nodes()))
		if i > 0 {
			continue // one large plan and apply; the small plan brackets it
		}
		if lr, err = b.runRelctl(ldir); err != nil {
			return err
		}
		perLarge, cpuLarge = append(perLarge, lr.plan.wall/time.Duration(d.nodes())), append(cpuLarge, lr.plan.cpu/time.Duration(d.nodes()))
	}
	n := int64(d.nodes())
	what := fmt.Sprintf("planning %d and %d nodes", small.nodes(), d.nodes())
	row(what, "%s and %s per node (CPU %s and %s): **%.2f×** per node at %d (CPU %.2f×)",
		us(median(perSmall)), us(median(perLarge)), us(median(cpuSmall)), us(median(cpuLarge)),
		float64(median(perLarge))/float64(median(perSmall)), d.nodes(), float64(median(cpuLarge))/float64(median(cpuSmall)))
	what = fmt.Sprintf("%d nodes (%d×%d), `true`, parallelism %d", d.nodes(), d.layers, d.width, d.parallelism)
	row(what, "plan %s, peak RSS **%s**; apply %s, peak RSS **%s**", secs(lr.plan.wall), mib(lr.plan.rss), secs(lr.apply.wall), mib(lr.apply.rss))
	row(what, "plan file %d bytes per action (%s, kept once); state %d bytes per action", lr.planBytes/n, mib(lr.planBytes), lr.stateBytes/n)
	return nil
}

func us(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d.Nanoseconds())/1e3) }

// ratio is a/b as a Duration of seconds (median works on it).
func ratio(a, b time.Duration) time.Duration {
	return time.Duration(float64(a) / float64(b) * float64(time.Second))
}

func size(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
