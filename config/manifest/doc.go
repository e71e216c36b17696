// Package manifest reads and writes the release manifest in the "gravitee"
// format: the release.json that lists a product's components (repositories)
// with their versions, marks those to release with a -SNAPSHOT version, and
// orders their builds in layers ("buildDependencies").
//
// It owns the file as written: a strict JSON scanner of its own keeps the
// byte span of every value, so that diagnostics point at file, line and
// column, and so that setting versions rewrites only the bytes of those
// values (an unchanged manifest round-trips byte for byte). Layout problems
// are errors; untidy but usable files (a layer naming an unlisted
// component, a component listed twice, a null version) are warnings, all
// as hcl.Diagnostics.
//
// Which components a release ships, their next versions and the plan's
// ordering are the planner's business; it reads Components, Snapshots,
// DependsOn and, for the updated file, WithVersions.
package manifest
