// Package markdown writes untrusted text (issue titles, configuration
// values, provider output) into Markdown and terminal lines safely. The
// planner uses it for release notes and the CLI's views for the plan's
// renderings, so both escape the same way.
package markdown
