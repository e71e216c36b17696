#!/usr/bin/env bash
# Creates the quickstart's product: four component repositories with
# history and release tags, as bare remotes under DIR/remotes (DIR defaults
# to the work/ directory beside this script, which git ignores). Commits are
# made with fixed names and dates, so the same commits get the same SHAs
# on every machine. Running it again starts from scratch.
set -euo pipefail

dir=${1:-"$(cd "$(dirname "$0")" && pwd)/work"}
rm -rf "$dir"
mkdir -p "$dir/remotes" "$dir/seed"

export GIT_AUTHOR_NAME="Acme Developer" GIT_AUTHOR_EMAIL="dev@acme.example"
export GIT_COMMITTER_NAME="Acme Developer" GIT_COMMITTER_EMAIL="dev@acme.example"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
tick=1700000000

commit() { # repo message
  tick=$((tick + 3600))
  GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
    git -C "$1" commit -q -m "$2"
}

repo() { # name
  git init -q --bare -b main "$dir/remotes/$1.git"
  git init -q -b main "$dir/seed/$1"
  git -C "$dir/seed/$1" remote add origin "$dir/remotes/$1.git"
}

publish() { # name
  git -C "$dir/seed/$1" push -q origin main --tags
}

# common: a library released as v1.4.0, with a fix since.
repo common
printf '1.4.0\n' > "$dir/seed/common/VERSION"
printf '# acme common\n' > "$dir/seed/common/README.md"
git -C "$dir/seed/common" add -A && commit "$dir/seed/common" "Initial common library"
git -C "$dir/seed/common" tag v1.4.0
printf '# acme common\n\nShared helpers.\n' > "$dir/seed/common/README.md"
git -C "$dir/seed/common" add -A && commit "$dir/seed/common" "Fix: document the helpers"
publish common

# api: a Maven service, released as api-2.0.0, developing 2.0.1-SNAPSHOT.
repo api
cat > "$dir/seed/api/pom.xml" <<'POM'
<?xml version="1.0" encoding="UTF-8"?>
<project>
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>com.acme</groupId>
    <artifactId>acme-parent</artifactId>
    <version>7</version>
  </parent>
  <groupId>com.acme</groupId>
  <artifactId>api</artifactId>
  <version>2.0.0</version>
  <dependencies>
    <dependency>
      <groupId>com.acme</groupId>
      <artifactId>common</artifactId>
      <version>1.4.0</version>
    </dependency>
  </dependencies>
</project>
POM
git -C "$dir/seed/api" add -A && commit "$dir/seed/api" "Initial API service"
git -C "$dir/seed/api" tag api-2.0.0
sed -i 's#<version>2.0.0</version>#<version>2.0.1-SNAPSHOT</version>#' "$dir/seed/api/pom.xml"
git -C "$dir/seed/api" add -A && commit "$dir/seed/api" "Start 2.0.1-SNAPSHOT"
printf 'GET /health\n' > "$dir/seed/api/ROUTES"
git -C "$dir/seed/api" add -A && commit "$dir/seed/api" "Add a health route"
publish api

# web: a front end released as v0.9.0, unchanged since; it depends on api.
repo web
cat > "$dir/seed/web/package.json" <<'JSON'
{
  "name": "@acme/web",
  "version": "0.9.0",
  "private": true,
  "dependencies": {
    "@acme/api": "^2.0.0"
  }
}
JSON
git -C "$dir/seed/web" add -A && commit "$dir/seed/web" "Initial web front end"
git -C "$dir/seed/web" tag v0.9.0
publish web

# docs: released as v1.0.0, unchanged since.
repo docs
printf '1.0.0\n' > "$dir/seed/docs/VERSION"
git -C "$dir/seed/docs" add -A && commit "$dir/seed/docs" "Initial documentation"
git -C "$dir/seed/docs" tag v1.0.0
publish docs

rm -rf "$dir/seed"
echo "Created the quickstart repositories under $dir/remotes"
