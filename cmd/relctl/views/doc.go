// Package views renders a plan for people and programs: the human plan on
// a terminal (SPEC §6), the documented JSON model (`show -json`), the
// Markdown pull-request comment (SPEC §8) with its splitting into
// GitHub-sized parts, and the action graph as Graphviz DOT or Mermaid. It
// also renders what the other commands show: the progress and outcome of
// apply and rollback (ApplyView: human lines or JSON events), the state
// (state list, state show, show without a plan) and a release.json
// (manifest show).
//
// Every plan renderer reads the same model, plan.Plan, and nothing else:
// the views decide how a plan looks, never what it does. Computing the plan is
// the planner's job; choosing which view to use, where to write it and
// posting comments belongs to the commands in cmd/relctl.
//
// Text that comes from issues, configuration or providers is untrusted:
// the terminal views drop control characters so it cannot move the cursor
// or change colours, and the Markdown view escapes it so that it cannot
// inject Markdown, HTML or @-mentions (EscapeMarkdown, fenced blocks whose
// fence is longer than any backtick run inside).
package views
