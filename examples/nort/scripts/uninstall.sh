#!/bin/sh
# uninstall.sh DIR NAME-VERSION: undoes install.sh. Only while
# DIR/current is still NAME-VERSION: it puts back the installation it
# replaced (NAME-VERSION/.previous) and removes NAME-VERSION.
set -eu
dir=$1 top=$2
current=$(readlink "$dir/current" 2>/dev/null || :)
if [ "$current" != "$top" ]; then
  echo "$dir/current is ${current:-missing}, not $top: leaving the installation alone"
  exit 1
fi
if [ -f "$dir/$top/.previous" ]; then
  ln -sfn "$(cat "$dir/$top/.previous")" "$dir/current"
else
  rm -f "$dir/current"
fi
rm -rf "$dir/$top"
echo "uninstalled $top from $dir${current:+, current is $(readlink "$dir/current" 2>/dev/null || echo nothing)}"
