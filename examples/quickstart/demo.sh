#!/usr/bin/env bash
# make demo: release the quickstart product with relctl and undo it.
# Creates the repositories, plans, applies, shows what the release made in
# the repositories themselves, rolls it back and shows that it is gone.
set -euo pipefail

relctl=$(cd "$(dirname "${1:-bin/relctl}")" && pwd)/$(basename "${1:-bin/relctl}")
cd "$(dirname "$0")"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# What the release made, read from the remotes themselves.
show_repos() {
  for repo in common api web docs; do
    git_dir=work/remotes/$repo.git
    printf '%-7s tags: %-28s main: %s\n' "$repo" \
      "$(git --git-dir="$git_dir" tag | sort -V | tr '\n' ' ')" \
      "$(git --git-dir="$git_dir" log -1 --format='%h %s' main)"
  done
}

step "Create the product's repositories (examples/quickstart/work/remotes)"
./setup.sh
show_repos

step "relctl validate"
"$relctl" validate

step "relctl plan -out plan.out"
"$relctl" plan -out work/plan.out

step "relctl apply work/plan.out"
"$relctl" apply work/plan.out

step "The repositories after the release"
show_repos
echo
echo "api (maven) moved on to its next development version after the release commit and tag:"
git --git-dir=work/remotes/api.git log -3 --format='  %h %s%d' --decorate=short main
git --git-dir=work/remotes/api.git show main:pom.xml | grep -m1 -n '<version>.*SNAPSHOT' | sed 's/^/  pom.xml:/'
echo
git --git-dir=work/remotes/web.git show --stat --format='%h %s%n%n%b' main | head -12

step "relctl state list"
"$relctl" state list

step "relctl rollback -auto-approve"
"$relctl" rollback -auto-approve

step "The repositories after the rollback: the release is gone"
show_repos
