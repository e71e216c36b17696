#!/bin/sh
# unpublish.sh REPOSITORY NAME VERSION: undoes publish.sh, removing
# REPOSITORY/NAME/VERSION and NAME when no other version is left.
set -eu
repo=$1 name=$2 version=$3
rm -rf "$repo/$name/$version"
rmdir "$repo/$name" 2>/dev/null || :
echo "removed $name $version from $repo"
