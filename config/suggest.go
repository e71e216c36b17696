package config

import "github.com/agext/levenshtein"

// suggest returns the candidate closest to given, if any is close enough
// to be a likely typo.
func suggest(given string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		d := levenshtein.Distance(given, c, nil)
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// Suggest returns the candidate closest to given, if any is close enough
// to be a likely typo.
func Suggest(given string, candidates []string) string { return suggest(given, candidates) }
