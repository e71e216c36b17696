// Package plan is the release plan as relctl saves, reviews and performs
// it: the model (Plan, Action, the facts the plan relied on), its file
// format (canonical JSON whose plan_id is the SHA-256 of its content,
// planfile.go), and what apply needs to finish an action's arguments once
// earlier outputs are known (resolve.go: deferred arguments, sensitive
// variables read again from the environment, facts checked again).
//
// It is a leaf of the planning layer: planner writes plans; executor, the
// views and the commands read them, without depending on the
// configuration (package config) that produced them.
package plan
