package views

import "github.com/relctl/relctl/providers"

// ANSI SGR codes used by the human plan.
const (
	sgrBold    = "1"
	sgrDim     = "2"
	sgrRed     = "31"
	sgrGreen   = "32"
	sgrYellow  = "33"
	sgrMagenta = "35"
	sgrCyan    = "36"
)

// style paints text with ANSI colours when on, and leaves it alone
// otherwise.
type style struct{ on bool }

func (s style) paint(code, text string) string {
	if !s.on || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// opColor is the colour of an operation's symbol.
func opColor(op providers.Operation) string {
	switch op {
	case providers.OpCreate:
		return sgrGreen
	case providers.OpUpdate:
		return sgrYellow
	case providers.OpDelete:
		return sgrRed
	case providers.OpRun:
		return sgrCyan
	case providers.OpWait:
		return sgrMagenta
	}
	return sgrDim
}

// diffColor is the colour of one diff line: additions green, removals red.
func diffColor(line string) string {
	switch {
	case len(line) > 0 && line[0] == '+':
		return sgrGreen
	case len(line) > 0 && line[0] == '-':
		return sgrRed
	}
	return ""
}

func (s style) diffLine(line string) string {
	if c := diffColor(line); c != "" {
		return s.paint(c, line)
	}
	return line
}
