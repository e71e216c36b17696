// Package version owns relctl's version schemes (semver, maven, calver):
// parsing and printing version strings, their ordering, and the version
// arithmetic of a strategy: given a component's current version and a
// release type, which version is released and which development version
// follows it (Compute). It also maps milestone labels to a release type
// (BumpFromLabels).
//
// The package works on strings and plain values only. Finding a
// component's current version (component attribute, manifest, tags,
// strategy initial), resolving bump "auto" from the milestone, and
// rendering tags and branches from the result are the planner's job.
package version
