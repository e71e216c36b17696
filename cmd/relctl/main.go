package main

import "os"

func main() {
	stop := startProfiles(os.Getenv)
	code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
