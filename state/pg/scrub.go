package pg

import (
	"regexp"
	"strings"
)

// scrubbed is an error whose message has the password taken out; it
// still unwraps to the error it scrubs, for errors.Is and errors.As.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// scrub returns err with the backend's password, and anything shaped like
// a password in a connection string, replaced.
func (b *Backend) scrub(err error) error {
	if err == nil {
		return nil
	}
	msg := scrubConnString(err.Error())
	if len(b.secret) >= 4 { // shorter would take out ordinary words
		msg = strings.ReplaceAll(msg, b.secret, redacted)
	}
	if msg == err.Error() {
		return err
	}
	return &scrubbed{msg: msg, err: err}
}

const redacted = "xxxxx"

var (
	urlPassword = regexp.MustCompile("(postgres(?:ql)?://[^:/@\\s`]*:)[^\\s`]*@")
	kvPassword  = regexp.MustCompile("(password\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|[^\\s`']+)")
)

// scrubConnString replaces the passwords of the connection strings in s.
func scrubConnString(s string) string {
	s = urlPassword.ReplaceAllString(s, "${1}"+redacted+"@")
	return kvPassword.ReplaceAllString(s, "${1}"+redacted)
}
