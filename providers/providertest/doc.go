// Package providertest is the conformance suite every provider action type
// passes: plan, apply, check says done, applying again changes nothing,
// undo, check says not done. Provider packages call Conformance from their
// tests with a Case whose Verify looks at the world directly (runs git
// against the remote, reads a file), so that the suite checks what an
// action did, not only what it says it did.
package providertest
