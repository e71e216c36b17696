package state

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/relctl/relctl/state/atomicfile"
)

// PlanLinker is implemented by backends that can keep a plan by linking
// the plan file it was read from rather than storing its bytes again, so
// that a large plan is stored once.
type PlanLinker interface {
	// LinkPlan stores the plan file at path, already read and verified
	// as the plan planID, as that plan. An error means the caller must
	// store the bytes with SavePlan.
	LinkPlan(ctx context.Context, planID, path string) error
}

var _ PlanLinker = (*Local)(nil)

// LinkPlan makes "<state>.plan" a hard link to the plan file, atomically
// (a new link renamed over it) and durably (the file and the directory
// synced).
func (l *Local) LinkPlan(_ context.Context, planID, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := CheckPlanID(data, planID); err != nil {
		return err
	}
	return linkFile(path, l.planPath())
}

func linkFile(src, dest string) error {
	si, err := os.Stat(src)
	if err != nil {
		return err
	}
	if di, err := os.Stat(dest); err == nil && os.SameFile(si, di) {
		return nil
	}
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	err = f.Sync()
	f.Close()
	if err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.tmp-%d", dest, os.Getpid())
	os.Remove(tmp)
	if err := os.Link(src, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(tmp)
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(dest))
}
