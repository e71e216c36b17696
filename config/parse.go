package config

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// chunkSize is the size of the pieces a large file is parsed in. HCL
// lexes a whole file into tokens before parsing it, and the tokens take
// about a hundred times the file's size: parsing a 1.6 MB file of 10,000
// components at once needs some 190 MB. Parsed in pieces, only one
// piece's tokens are alive at a time.
const chunkSize = 128 << 10

// parseFile parses one configuration file. A file larger than chunkSize
// is cut before lines that start a top-level item (a letter in the first
// column), each piece parsed at its own position, and the pieces' items
// joined into one body. Any diagnostic from a piece, or an attribute
// defined in two pieces, means the cut fell inside something or the
// file has an error: the file is then parsed whole, so that what is
// reported is exactly what HCL reports for the file.
func parseFile(src []byte, name string) (*hcl.File, hcl.Diagnostics) {
	return parseInPieces(src, name, chunkSize)
}

func parseInPieces(src []byte, name string, size int) (*hcl.File, hcl.Diagnostics) {
	cuts := topLevelCuts(src, size)
	if len(cuts) == 0 {
		return hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	}
	if f := parsePieces(src, name, cuts); f != nil {
		return f, nil
	}
	return hclsyntax.ParseConfig(src, name, hcl.InitialPos)
}

// parsePieces parses src cut at the offsets cuts, or returns nil.
func parsePieces(src []byte, name string, cuts []int) *hcl.File {
	var f *hcl.File
	var body *hclsyntax.Body
	pos := hcl.InitialPos
	bounds := append(append([]int{0}, cuts...), len(src))
	for i := 0; i+1 < len(bounds); i++ {
		piece := src[bounds[i]:bounds[i+1]]
		pf, diags := hclsyntax.ParseConfig(piece, name, pos)
		if len(diags) > 0 {
			return nil
		}
		pb := pf.Body.(*hclsyntax.Body)
		if f == nil {
			// The first piece's file keeps its navigation (which names the
			// block around a diagnostic), whose root is this body.
			f, body = pf, pb
		} else {
			for k, a := range pb.Attributes {
				if _, dup := body.Attributes[k]; dup {
					return nil
				}
				body.Attributes[k] = a
			}
			body.Blocks = append(body.Blocks, pb.Blocks...)
			body.SrcRange.End, body.EndRange = pb.SrcRange.End, pb.EndRange
		}
		pos = advance(pos, piece)
	}
	f.Bytes = src
	return f
}

// topLevelCuts returns offsets, about every size bytes, of lines that
// begin with a letter; none for a file smaller than size.
func topLevelCuts(src []byte, size int) []int {
	var cuts []int
	last := 0
	for off := size; off < len(src); {
		nl := bytes.IndexByte(src[off:], '\n')
		if nl < 0 {
			break
		}
		start := off + nl + 1
		if start < len(src) && isLetter(src[start]) {
			cuts = append(cuts, start)
			last = start
			off = last + size
			continue
		}
		off = start
	}
	return cuts
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// advance is the position after a piece that starts at pos: pieces end
// with a newline, so the next one starts in column 1.
func advance(pos hcl.Pos, piece []byte) hcl.Pos {
	return hcl.Pos{Line: pos.Line + bytes.Count(piece, []byte{'\n'}), Column: 1, Byte: pos.Byte + len(piece)}
}
