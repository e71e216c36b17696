#!/bin/sh
# Creates the GT Releaser example's system under DIR (default: the work/
# directory beside this script, which git ignores): six repositories as
# bare remotes under DIR/remotes, holding seven Metacello baselines with
# two levels of dependencies, never released. Each baseline loads its
# dependencies at their latest version (github://example/NAME:main/src);
# a release pins them to the new tags on the release branch.
#
#   SystemOne       -> ComponentA, ComponentBMain, ComponentC
#   ComponentA      -> ComponentD
#   ComponentBMain  -> ComponentBUtil, ComponentE   (both in ComponentB)
#   ComponentC      -> ComponentD, ComponentE
#   ComponentBUtil, ComponentD, ComponentE: no dependencies
#
# Commits are made with fixed names and dates, so the same commits get
# the same SHAs on every machine. Running it again starts from scratch.
set -eu

dir=${1:-"$(cd "$(dirname "$0")" && pwd)/work"}
rm -rf "$dir"
mkdir -p "$dir/remotes" "$dir/seed"

export GIT_AUTHOR_NAME="Feenk Developer" GIT_AUTHOR_EMAIL="dev@feenk.example"
export GIT_COMMITTER_NAME="Feenk Developer" GIT_COMMITTER_EMAIL="dev@feenk.example"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
tick=1700000000

# baseline REPO NAME DEPENDENCY...: the baseline BaselineOfNAME in REPO,
# loading the package NAME after the baselines it depends on.
baseline() {
  repo=$1 name=$2
  shift 2
  mkdir -p "$dir/seed/$repo/src/BaselineOf$name" "$dir/seed/$repo/src/$name"
  {
    printf 'Class {\n\t#name : #BaselineOf%s,\n\t#superclass : #BaselineOf,\n\t#category : #BaselineOf%s\n}\n\n' "$name" "$name"
    printf '{ #category : #baseline }\nBaselineOf%s >> baseline: spec [\n\t<baseline>\n\tspec for: #common do: [\n' "$name"
    requires=""
    for dep in "$@"; do
      depRepo=$dep
      case $dep in ComponentB*) depRepo=ComponentB ;; esac
      printf "\t\tspec baseline: '%s' with: [ spec repository: 'github://example/%s:main/src' ].\n" "$dep" "$depRepo"
      requires="$requires${requires:+ }'$dep'"
    done
    if [ -n "$requires" ]; then
      printf "\t\tspec package: '%s' with: [ spec requires: #(%s) ] ]\n]\n" "$name" "$requires"
    else
      printf "\t\tspec package: '%s' ]\n]\n" "$name"
    fi
  } > "$dir/seed/$repo/src/BaselineOf$name/BaselineOf$name.class.st"
  printf 'Class {\n\t#name : #%s,\n\t#superclass : #Object,\n\t#category : #%s\n}\n' "$name" "$name" \
    > "$dir/seed/$repo/src/$name/$name.class.st"
}

# repository REPO: commits what baseline wrote and publishes main.
repository() {
  tick=$((tick + 3600))
  printf '# %s\n\nPart of the example system SystemOne.\n' "$1" > "$dir/seed/$1/README.md"
  git init -q --bare -b main "$dir/remotes/$1.git"
  git -C "$dir/seed/$1" init -q -b main
  git -C "$dir/seed/$1" add -A
  GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
    git -C "$dir/seed/$1" commit -q -m "Initial $1"
  git -C "$dir/seed/$1" push -q "$dir/remotes/$1.git" main
}

baseline ComponentD ComponentD
repository ComponentD
baseline ComponentE ComponentE
repository ComponentE
baseline ComponentB ComponentBUtil
baseline ComponentB ComponentBMain ComponentBUtil ComponentE
repository ComponentB
baseline ComponentA ComponentA ComponentD
repository ComponentA
baseline ComponentC ComponentC ComponentD ComponentE
repository ComponentC
baseline SystemOne SystemOne ComponentA ComponentBMain ComponentC
repository SystemOne

rm -rf "$dir/seed"
echo "Created the SystemOne repositories under $dir/remotes"
