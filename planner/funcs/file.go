package funcs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// ErrOutsideDirectory is wrapped by file() errors for paths that leave the
// configuration directory.
var ErrOutsideDirectory = errors.New("outside the configuration directory")

// fileFunc returns file(PATH): the UTF-8 text of the file at PATH, relative
// to the configuration directory dir. Absolute paths, paths that climb out
// with "..", and symbolic links that lead out of dir are refused.
func fileFunc(dir string) function.Function {
	return function.New(&function.Spec{
		Description:  "Reads a UTF-8 text file; the path is relative to the configuration directory and may not leave it.",
		Params:       []function.Parameter{{Name: "path", Type: cty.String}},
		Type:         function.StaticReturnType(cty.String),
		RefineResult: refineNotNull,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			text, err := readConfigFile(dir, args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), function.NewArgError(0, err)
			}
			return cty.StringVal(text), nil
		},
	})
}

func readConfigFile(dir, name string) (string, error) {
	if name == "" {
		return "", errors.New("file path is empty")
	}
	if !filepath.IsLocal(name) {
		return "", fmt.Errorf("file %q is %w", name, ErrOutsideDirectory)
	}
	if err := checkResolvedInside(dir, name); err != nil {
		return "", err
	}
	// os.Root enforces the same boundary while reading, so a link swapped
	// in after the check cannot lead out either.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return "", fmt.Errorf("opening configuration directory for file %q: %w", name, err)
	}
	defer root.Close()
	data, err := root.ReadFile(name)
	if err != nil {
		return "", fileError(name, err)
	}
	if !utf8.Valid(data) {
		return "", fmt.Errorf("file %q is not valid UTF-8 text", name)
	}
	return string(data), nil
}

// checkResolvedInside follows symbolic links in dir/name and checks that
// the target is still inside dir.
func checkResolvedInside(dir, name string) error {
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return fmt.Errorf("resolving configuration directory for file %q: %w", name, err)
	}
	target, err := filepath.EvalSymlinks(filepath.Join(dir, name))
	if err != nil {
		return fileError(name, err)
	}
	rel, err := filepath.Rel(realDir, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("file %q leads through a symbolic link %w", name, ErrOutsideDirectory)
	}
	return nil
}

func fileError(name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("file %q does not exist in the configuration directory", name)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is already named, relative to the directory
	}
	return fmt.Errorf("reading file %q: %w", name, err)
}
