#!/usr/bin/env bash
# Refresh the vendored NL Design System CSS in src/schakel/web/static/vendor/.
# Needs npm (only here: `make run` uses the committed files and needs no npm).
# Usage: bash deploy/refresh-vendor-assets.sh   (or: make static-assets)
set -euo pipefail

UTRECHT_VERSION="${UTRECHT_VERSION:-9.0.4}"
TOKENS_VERSION="${TOKENS_VERSION:-7.4.1}"

root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/src/schakel/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "@utrecht/component-library-css@${UTRECHT_VERSION}" \
    "@nl-design-system-unstable/voorbeeld-design-tokens@${TOKENS_VERSION}" >/dev/null
mkdir utrecht tokens
tar xzf "utrecht-component-library-css-${UTRECHT_VERSION}.tgz" -C utrecht
tar xzf "nl-design-system-unstable-voorbeeld-design-tokens-${TOKENS_VERSION}.tgz" -C tokens

copy() {  # copy <unpacked dir> <target name> <package> <version> <file>...
    local from="$1" name="$2" package="$3" version="$4"
    shift 4
    local to="$vendor/$name"
    rm -rf "$to"
    mkdir -p "$to"
    for file in "$@"; do
        cp "$from/package/dist/$file" "$to/$file"
    done
    cp "$from/package/LICENSE.md" "$to/LICENSE.md"
    cat > "$to/README.md" <<README
# ${package} ${version}

Vendored, unmodified build output of the npm package \`${package}\` version ${version}
(https://www.npmjs.com/package/${package}/v/${version}), licensed under the EUPL-1.2
(see LICENSE.md). Files: $*.

Refresh with \`make static-assets\` (runs \`deploy/refresh-vendor-assets.sh\`, which uses
\`npm pack\`); the files are committed so that running Schakel needs no npm and no
third-party host.
README
}

copy utrecht utrecht-component-library-css "@utrecht/component-library-css" "$UTRECHT_VERSION" index.css
copy tokens voorbeeld-design-tokens "@nl-design-system-unstable/voorbeeld-design-tokens" "$TOKENS_VERSION" theme.css
echo "Vendored CSS refreshed in $vendor"
