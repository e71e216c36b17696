#!/bin/sh
# check-work-area.sh DIR REMOTE BRANCH: qualification. The work area DIR
# has no uncommitted change and its HEAD is BRANCH of REMOTE, so that what
# is tested and built there is what the release commits and tags.
set -eu
dir=$1 remote=$2 branch=$3
# A remote given as a path: absolute, for git run inside another
# repository resolves relative paths from that repository's top.
if [ -d "$remote" ]; then
  remote=$(cd "$remote" && pwd)
fi
changes=$(git -C "$dir" status --porcelain)
if [ -n "$changes" ]; then
  echo "the work area $dir has uncommitted changes:"
  echo "$changes"
  exit 1
fi
head=$(git -C "$dir" rev-parse HEAD)
want=$(git ls-remote "$remote" "refs/heads/$branch" | cut -f1)
if [ "$head" != "$want" ]; then
  echo "the work area $dir is at $head, $branch of $remote at ${want:-nothing}: pull or push first"
  exit 1
fi
echo "the work area $dir is clean and at $branch of $remote ($head)"
