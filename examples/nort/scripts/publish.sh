#!/bin/sh
# publish.sh ARTIFACT REPOSITORY NAME VERSION: copies ARTIFACT into the
# local artifact repository as REPOSITORY/NAME/VERSION/. A published
# version is never overwritten, so unpublish.sh removes only what this
# made.
set -eu
artifact=$1 repo=$2 name=$3 version=$4
dest=$repo/$name/$version
if [ -e "$dest" ]; then
  echo "$name $version is already published in $dest"
  exit 1
fi
mkdir -p "$repo/$name"
mkdir "$dest.partial"
cp "$artifact" "$dest.partial/"
mv "$dest.partial" "$dest"
echo "published $dest/$(basename "$artifact")"
