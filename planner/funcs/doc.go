// Package funcs owns the functions of relctl's expression language: the
// cty standard library functions Terraform users know, a few of them in
// their Terraform variant (replace with /regex/, length of strings,
// coalesce skipping empty strings, startswith, endswith, alltrue,
// anytrue), and relctl's own functions, one file each: env, file,
// semver_bump and semver_compare. No function reads the clock or makes
// random values (no timestamp, uuid): evaluating a configuration twice
// gives the same plan. Errors of a call that received a sensitive value
// are redacted so that diagnostics never print a secret.
//
// Functions returns them as the map an hcl.EvalContext takes. Deciding
// which context an expression is evaluated in, and what a sensitive value
// may not reach (plan, state, logs), is the planner's job.
package funcs
