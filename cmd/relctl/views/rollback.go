package views

import (
	"fmt"
	"io"
	"strings"

	"github.com/relctl/relctl/planner/plan"
)

// WriteRollbackSteps writes the body of a rollback plan: the undos in the
// order they start, with what each does in real values, the actions left
// in place with the reason, and those relctl did not make.
func WriteRollbackSteps(w io.Writer, rb *plan.Rollback) error {
	var b strings.Builder
	if len(rb.Undo) == 0 {
		b.WriteString("Nothing to undo.\n")
	} else {
		fmt.Fprintf(&b, "relctl will undo %s, newest first:\n", plural(len(rb.Undo), "action", "actions"))
		for _, s := range rb.Undo {
			fmt.Fprintf(&b, "  %s %s  %s\n", undoSymbol(s), s.Address, cleanLine(s.Description))
			for _, l := range lines(cleanBlock(s.Diff)) {
				b.WriteString(trimRight("      "+l) + "\n")
			}
		}
	}
	if len(rb.Irreversible) > 0 {
		fmt.Fprintf(&b, "\n%s cannot be undone, left in place:\n", plural(len(rb.Irreversible), "action", "actions"))
		for _, s := range rb.Irreversible {
			fmt.Fprintf(&b, "  ! %s  %s\n", s.Address, cleanLine(s.Description))
			if s.Reason != "" {
				fmt.Fprintf(&b, "      %s\n", cleanLine(s.Reason))
			}
		}
	}
	if len(rb.NotMade) > 0 {
		fmt.Fprintf(&b, "\n%s found already done when applied, not made by relctl, so not undone:\n", plural(len(rb.NotMade), "action", "actions"))
		for _, s := range rb.NotMade {
			fmt.Fprintf(&b, "  = %s\n", s.Address)
		}
	}
	b.WriteString("\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing the rollback plan: %w", err)
	}
	return nil
}

// undoSymbol is "-" for an undo that removes or reverts, "+" for one
// that proposes a revert (a pull request), "=" for one the world already
// holds.
func undoSymbol(s plan.UndoStep) string {
	switch s.Operation.Symbol() {
	case "+", "=":
		return s.Operation.Symbol()
	}
	return "-"
}

// WriteRollback writes a saved rollback plan for the terminal: which plan
// it undoes, its steps and the exact apply command.
func WriteRollback(w io.Writer, p *plan.Plan, o Options) error {
	rb := p.Rollback
	what := strings.TrimSpace(p.Release.Name + " " + p.Release.Version)
	head := fmt.Sprintf("Rollback of plan %s (release %s), made %s from state %s.\n",
		shortID(rb.Of), cleanLine(what), p.CreatedAt.UTC().Format("2006-01-02 15:04:05 UTC"), shortID(rb.StateDigest))
	if len(rb.Targets) > 0 {
		head += "Targets: " + cleanLine(strings.Join(rb.Targets, ", ")) + " and what depends on them.\n"
	}
	head += "\n"
	if _, err := io.WriteString(w, head); err != nil {
		return fmt.Errorf("writing the rollback plan: %w", err)
	}
	if err := WriteRollbackSteps(w, rb); err != nil {
		return err
	}
	path := o.PlanPath
	if path == "" {
		path = "rollback.out"
	}
	foot := fmt.Sprintf("Saved the rollback plan to %s (sha256 %s).", cleanLine(path), shortID(p.PlanID))
	if len(rb.Undo) > 0 {
		foot += " To perform exactly this rollback: relctl apply " + shellQuote(cleanLine(path))
	}
	_, err := io.WriteString(w, foot+"\n")
	return err
}

// WriteRollbackMarkdown writes a saved rollback plan as a pull request
// comment: the title with its SHA-256, the undos as a table, the diffs of
// the reverts, what stays and why, and the exact apply command.
func WriteRollbackMarkdown(w io.Writer, p *plan.Plan, o MarkdownOptions) error {
	rb := p.Rollback
	m := &markdown{p: p}
	if o.Marker != "" {
		m.line(cleanLine(o.Marker))
	}
	what := strings.TrimSpace(p.Release.Name + " " + p.Release.Version)
	m.block("## relctl rollback: " + EscapeMarkdown(what) + " (" + codeSpan(shortID(p.PlanID)) + ")")
	m.block("Rollback plan sha256: "+codeSpan(p.PlanID), "", "Undoes plan "+codeSpan(rb.Of)+", as the state "+codeSpan(shortID(rb.StateDigest))+" and the world were when it was made.")
	if len(rb.Targets) > 0 {
		targets := make([]string, len(rb.Targets))
		for i, t := range rb.Targets {
			targets[i] = codeSpan(t)
		}
		m.block("Targets: " + strings.Join(targets, ", ") + " and what depends on them.")
	}
	m.rollbackUndos(rb)
	m.rollbackKept(rb)
	if len(rb.Undo) > 0 {
		path := o.PlanPath
		if path == "" {
			path = "rollback.out"
		}
		cmd := "relctl apply -plan-sha256 " + p.PlanID + " " + shellQuote(cleanLine(path))
		open, close := fence(cmd, "sh")
		m.block("### Apply")
		m.block("After review, perform exactly this rollback (relctl refuses it if the state or the world changed since):")
		m.block(open, cmd, close)
	}
	if _, err := io.WriteString(w, m.b.String()); err != nil {
		return fmt.Errorf("writing the rollback plan as Markdown: %w", err)
	}
	return nil
}

func (m *markdown) rollbackUndos(rb *plan.Rollback) {
	if len(rb.Undo) == 0 {
		m.block("Nothing to undo.")
		return
	}
	m.block(fmt.Sprintf("### Undo (%d), newest first", len(rb.Undo)))
	rows := []string{"| | Action | Undo |", "|---|---|---|"}
	for _, s := range rb.Undo {
		rows = append(rows, "| "+codeSpan(undoSymbol(s))+" | "+codeSpan(s.Address)+" | "+EscapeMarkdown(s.Description)+" |")
	}
	m.block(rows...)
	for _, s := range rb.Undo {
		if s.Diff == "" {
			continue
		}
		open, close := fence(s.Diff, "diff")
		m.block("<details><summary>"+escapeHTML(s.Address)+"</summary>", "", open, strings.TrimRight(cleanBlock(s.Diff), "\n"), close, "", "</details>")
	}
}

func (m *markdown) rollbackKept(rb *plan.Rollback) {
	if len(rb.Irreversible) > 0 {
		m.block(fmt.Sprintf("### Cannot be undone, left in place (%d)", len(rb.Irreversible)))
		var items []string
		for _, s := range rb.Irreversible {
			item := "- " + codeSpan(s.Address) + ": " + EscapeMarkdown(s.Description)
			if s.Reason != "" {
				item += " — " + EscapeMarkdown(s.Reason)
			}
			items = append(items, item)
		}
		m.block(items...)
	}
	if len(rb.NotMade) > 0 {
		m.block(fmt.Sprintf("### Not made by relctl, not undone (%d)", len(rb.NotMade)))
		var items []string
		for _, s := range rb.NotMade {
			items = append(items, "- "+codeSpan(s.Address))
		}
		m.block(items...)
	}
}
