#!/bin/sh
# check-snapshot.sh FILE VERSION: qualification. The current version, the
# content of FILE in the work area, must be a SNAPSHOT, and the SNAPSHOT
# of VERSION, the version being released.
set -eu
file=$1 version=$2
current=$(cat "$file")
case "$current" in
*-SNAPSHOT) ;;
*)
  echo "the current version $current ($file) is a dot version: only a SNAPSHOT is released"
  exit 1
  ;;
esac
if [ "$current" != "$version-SNAPSHOT" ]; then
  echo "the current version $current ($file) is not $version-SNAPSHOT, the SNAPSHOT of the version released"
  exit 1
fi
echo "the current version $current is released as $version"
