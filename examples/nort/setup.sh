#!/bin/sh
# Creates the nort example's world under DIR (default: the work/ directory
# beside this script, which git ignores):
#
#   remotes/hello.git   the project's remote: released as release-1.2.0,
#                       developing 1.2.1-SNAPSHOT, with a change since
#   hello/              the developer's work area, a clone of the remote
#   artifacts/          the local artifact repository, holding hello 1.2.0
#   install/            the installation directory, where hello 1.2.0 is
#                       installed (install/current -> hello-1.2.0)
#
# 1.2.0 is built, published and installed with the same scripts the
# release uses. Commits are made with fixed names and dates, so the same
# commits get the same SHAs on every machine. Running it again starts
# from scratch. Needs git, sh and tar only.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-"$here/work"}
rm -rf "$dir"
mkdir -p "$dir/remotes" "$dir/artifacts" "$dir/install"
dir=$(cd "$dir" && pwd)

export GIT_AUTHOR_NAME="Nova Developer" GIT_AUTHOR_EMAIL="dev@novaordis.example"
export GIT_COMMITTER_NAME="Nova Developer" GIT_COMMITTER_EMAIL="dev@novaordis.example"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
tick=1700000000
area=$dir/hello

commit() { # message
  tick=$((tick + 3600))
  git -C "$area" add -A
  GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
    git -C "$area" commit -q -m "$1"
}

git init -q --bare -b main "$dir/remotes/hello.git"
git init -q -b main "$area"
git -C "$area" remote add origin "$dir/remotes/hello.git"

# The project: a command-line tool with its tests, its build and the
# installation logic its binary distribution embeds.
mkdir -p "$area/bin"
printf 'target/\n' > "$area/.gitignore"
cat > "$area/bin/hello" <<'SH'
#!/bin/sh
# hello [NAME] greets; hello --version prints the version it was built as.
here=$(cd "$(dirname "$0")/.." && pwd)
case "${1:-}" in
--version) cat "$here/VERSION" ;;
*) echo "Hello, ${1:-world}!" ;;
esac
SH
chmod +x "$area/bin/hello"
cat > "$area/test.sh" <<'SH'
#!/bin/sh
# The project's tests.
set -eu
got=$(sh bin/hello relctl | head -n 1)
if [ "$got" != "Hello, relctl!" ]; then
  echo "not ok - hello relctl says \"$got\""
  exit 1
fi
echo "ok - hello greets"
SH
cat > "$area/build.sh" <<'SH'
#!/bin/sh
# build.sh VERSION: builds the binary distribution target/hello-VERSION.tar.gz,
# one top-level directory hello-VERSION holding bin/, VERSION and
# install.sh (the installation logic). build.sh clean VERSION removes it.
set -eu
if [ "$1" = clean ]; then
  rm -f "target/hello-$2.tar.gz"
  rmdir target 2>/dev/null || :
  exit 0
fi
version=$1
stage=target/hello-$version
rm -rf "$stage"
mkdir -p "$stage/bin"
cp bin/hello "$stage/bin/hello"
cp install.sh "$stage/install.sh"
printf '%s\n' "$version" > "$stage/VERSION"
tar -C target -czf "target/hello-$version.tar.gz" "hello-$version"
rm -rf "$stage"
echo "built target/hello-$version.tar.gz"
SH
cat > "$area/install.sh" <<'SH'
#!/bin/sh
# The installation logic embedded in the binary distribution: makes this
# unpacked distribution the current one of the directory it was unpacked
# into (the link "current"), remembering the one it replaces in .previous.
set -eu
self=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$self")
if [ -L "$root/current" ]; then
  readlink "$root/current" > "$self/.previous"
fi
ln -sfn "$(basename "$self")" "$root/current"
SH
printf '1.2.0\n' > "$area/VERSION"
commit "Initial hello"
git -C "$area" tag -a -m "hello 1.2.0" release-1.2.0

# 1.2.0 was released: published and installed.
(cd "$area" && sh build.sh 1.2.0 >/dev/null)
sh "$here/scripts/publish.sh" "$area/target/hello-1.2.0.tar.gz" "$dir/artifacts" hello 1.2.0 >/dev/null
sh "$here/scripts/install.sh" "$dir/artifacts/hello/1.2.0/hello-1.2.0.tar.gz" "$dir/install" >/dev/null
(cd "$area" && sh build.sh clean 1.2.0)

printf '1.2.1-SNAPSHOT\n' > "$area/VERSION"
commit "Start 1.2.1-SNAPSHOT"
cat > "$area/bin/hello" <<'SH'
#!/bin/sh
# hello [NAME] greets; hello --version prints the version it was built as.
here=$(cd "$(dirname "$0")/.." && pwd)
case "${1:-}" in
--version) cat "$here/VERSION" ;;
*) echo "Hello, ${1:-world}!"; echo "Have a nice day." ;;
esac
SH
commit "Wish a nice day"
git -C "$area" push -q origin main --tags
git -C "$area" branch -q --set-upstream-to=origin/main main

echo "Created the nort example under $dir"
