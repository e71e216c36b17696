// Command relctl plans and applies software releases.
//
// This package is the command line only: main.go builds the parser, each
// command is a file (plan_cmd.go, apply_cmd.go, ...) whose struct is its
// flags and whose Run calls into config, planner, executor and state and
// hands results to a view. Renderings live in views; what to do lives in
// the packages below. See README.md for the commands.
package main
