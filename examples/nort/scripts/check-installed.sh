#!/bin/sh
# check-installed.sh VERSION COMMAND...: qualification. Runs COMMAND to read
# the installed version (the first X.Y.Z in its output) and fails unless
# VERSION, the version being released, is newer. A COMMAND that is not
# found (exit code 127) means nothing is installed yet.
set -eu
version=$1
shift
status=0
out=$("$@" 2>&1) || status=$?
if [ "$status" -eq 127 ]; then
  echo "nothing is installed ($*: not found): $version can be installed"
  exit 0
fi
if [ "$status" -ne 0 ]; then
  echo "reading the installed version with \"$*\" failed (exit code $status): $out"
  exit 1
fi
installed=$(printf '%s\n' "$out" | grep -o '[0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*[-A-Za-z0-9.]*' | head -n 1 || :)
if [ -z "$installed" ]; then
  echo "\"$*\" printed no version: $out"
  exit 1
fi
# A SNAPSHOT precedes its dot version; dot versions compare numerically.
base=${installed%-SNAPSHOT}
newest=$(printf '%s\n%s\n' "$base" "$version" | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1)
if [ "$installed" != "$version-SNAPSHOT" ] && { [ "$base" = "$version" ] || [ "$newest" != "$version" ]; }; then
  echo "the installed version $installed is not older than $version: the release must never overwrite it"
  exit 1
fi
echo "the installed version $installed is older than $version"
