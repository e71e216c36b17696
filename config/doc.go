// Package config represents relctl's configuration files as written: the
// blocks of every *.rel.hcl file in a directory, decoded against their
// schemas, with expressions kept unevaluated together with their source
// ranges. It makes the static checks (unknown blocks and attributes,
// duplicates, undeclared references, dependency cycles, unknown action
// types) and reports them as HCL diagnostics. Evaluating expressions is the
// planner's job.
package config
