package views

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/relctl/relctl/state"
)

// WriteStateList writes one line per action of the state, in plan
// order: its status, then its address.
func WriteStateList(w io.Writer, s *state.State) {
	for _, addr := range s.Order {
		fmt.Fprintf(w, "%-*s  %s\n", statusWidth, s.Actions[addr].Status, addr)
	}
}

// statusWidth is the width of the longest status, "undo_failed".
var statusWidth = func() int {
	n := 0
	for _, st := range state.Statuses {
		n = max(n, len(st))
	}
	return n
}()

// WriteStateAction renders everything the state holds about one action.
func WriteStateAction(w io.Writer, a *state.Action) {
	fmt.Fprintln(w, a.Address)
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(w, "  %-10s %s\n", name+":", indentLines(value, 13))
		}
	}
	status := string(a.Status)
	if a.Adopted {
		status += " (adopted: the world already held its result)"
	}
	field("status", status)
	field("started", FormatTime(a.StartedAt))
	finished := FormatTime(a.FinishedAt)
	if finished != "" && !a.StartedAt.IsZero() && !a.FinishedAt.Before(a.StartedAt) {
		finished += fmt.Sprintf(" (took %s)", a.FinishedAt.Sub(a.StartedAt))
	}
	field("finished", finished)
	field("undone", FormatTime(a.UndoneAt))
	field("attempts", fmt.Sprint(a.Attempts))
	field("note", a.Note)
	field("error", a.Error)
	writeJSONField(w, "outputs", a.Outputs)
	writeJSONField(w, "undo data", a.UndoData)
}

func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// indentLines indents every line of s after the first by n spaces.
func indentLines(s string, n int) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+strings.Repeat(" ", n))
}

// writeJSONField renders a JSON object as aligned "name = value" lines
// (values in compact JSON), anything else as indented JSON.
func writeJSONField(w io.Writer, name string, raw json.RawMessage) {
	if len(raw) == 0 {
		return
	}
	fmt.Fprintf(w, "  %s:\n", name)
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		var buf bytes.Buffer
		if json.Indent(&buf, raw, "    ", "  ") != nil {
			buf.Reset()
			buf.Write(raw)
		}
		fmt.Fprintf(w, "    %s\n", buf.String())
		return
	}
	keys := make([]string, 0, len(obj))
	width := 0
	for k := range obj {
		keys = append(keys, k)
		width = max(width, len(k))
	}
	sort.Strings(keys)
	for _, k := range keys {
		var buf bytes.Buffer
		if json.Compact(&buf, obj[k]) != nil {
			buf.Write(obj[k])
		}
		fmt.Fprintf(w, "    %-*s = %s\n", width, k, buf.String())
	}
}

// WriteStateSummary renders the whole state for relctl show without a
// plan file: the plan it belongs to, every action with its status (and
// its error or note), the counts, and what to do next.
func WriteStateSummary(w io.Writer, s *state.State) {
	title := "State"
	if s.Release != "" {
		title += " of " + s.Release
	}
	fmt.Fprintf(w, "%s\n  plan     %s\n  lineage  %s\n  created  %s\n\n", title, s.PlanID, s.Lineage, FormatTime(s.Created))
	pad := strings.Repeat(" ", 2+statusWidth+2)
	for _, addr := range s.Order {
		a := s.Actions[addr]
		line := fmt.Sprintf("  %-*s  %s", statusWidth, a.Status, addr)
		if a.Adopted {
			line += " (adopted)"
		}
		fmt.Fprintln(w, line)
		if a.Note != "" {
			fmt.Fprintf(w, "%s%s\n", pad, indentLines(a.Note, len(pad)))
		}
		if a.Error != "" {
			fmt.Fprintf(w, "%serror: %s\n", pad, indentLines(a.Error, len(pad)+7))
		}
	}
	if len(s.Order) > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, StateCounts(s))
	if hint := stateHint(s); hint != "" {
		fmt.Fprintln(w, hint)
	}
}

// StateCounts says how many actions have each status, e.g.
// "5 actions: 3 done, 1 failed, 1 skipped."
func StateCounts(s *state.State) string {
	counts := s.Counts()
	var parts []string
	for _, st := range state.Statuses {
		if n := counts[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	noun := "actions"
	if len(s.Order) == 1 {
		noun = "action"
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%d %s.", len(s.Order), noun)
	}
	return fmt.Sprintf("%d %s: %s.", len(s.Order), noun, strings.Join(parts, ", "))
}

// stateHint says what the state calls for next, if anything.
func stateHint(s *state.State) string {
	n := s.Counts()
	switch {
	case s.Complete():
		return "Every action is done."
	case n[state.Pending] == len(s.Order):
		return "Nothing has been applied yet: relctl apply with the plan file performs it."
	case n[state.Undoing]+n[state.UndoFailed] > 0:
		return "A rollback stopped before the end: relctl rollback resumes it."
	case n[state.Undone] == 0 && n[state.Pending]+n[state.Running]+n[state.Failed]+n[state.Skipped] > 0:
		return "The apply stopped before the end: relctl apply with the same plan file resumes it;\nrelctl rollback undoes what was done."
	}
	return ""
}
