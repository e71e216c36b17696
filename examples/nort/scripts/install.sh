#!/bin/sh
# install.sh ARTIFACT DIR: unpacks the binary distribution ARTIFACT (one
# top-level directory NAME-VERSION) into the installation directory DIR
# and runs the installation logic it embeds (NAME-VERSION/install.sh),
# then checks that DIR/current runs the new version. An installation that
# fails removes what it did, leaving DIR as it was: relctl does not undo a
# step that failed, only the ones that finished.
#
# NORT_FAIL_INSTALL=1 makes the final check fail, to see a release that
# fails at its last steps being rolled back.
set -eu
artifact=$1 dir=$2
top=$(tar -tzf "$artifact" | head -n 1)
top=${top%%/*}
version=${top##*-}
if [ -e "$dir/$top" ]; then
  echo "$dir/$top is already installed"
  exit 1
fi
previous=$(readlink "$dir/current" 2>/dev/null || :)
restore() {
  if [ -n "$previous" ]; then ln -sfn "$previous" "$dir/current"; else rm -f "$dir/current"; fi
  rm -rf "$dir/$top"
  echo "installation of $top failed: $dir is as it was"
}
trap 'restore; exit 1' EXIT
mkdir -p "$dir"
tar -C "$dir" -xzf "$artifact"
sh "$dir/$top/install.sh"
got=$("$dir/current/bin/hello" --version)
if [ "$got" != "$version" ] || [ -n "${NORT_FAIL_INSTALL:-}" ]; then
  echo "the installed hello says it is ${got}${NORT_FAIL_INSTALL:+ (NORT_FAIL_INSTALL is set)}, want $version"
  exit 1
fi
trap - EXIT
echo "installed $top in $dir"
