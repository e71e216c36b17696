// Package planner evaluates a configuration against the world and produces
// a Plan: it evaluates variables and locals, reads the manifest and the
// milestone, asks providers about repositories, selects the components to
// release and computes their versions, expands stages into action
// instances, plans each action with its provider and orders them in a
// graph.
// The plan model and its file format are package planner/plan, which
// the executor reads; performing the plan is the executor's job.
package planner
