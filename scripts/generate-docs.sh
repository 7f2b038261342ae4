#!/usr/bin/env bash
# Regenerates what ships in docs/ from the CLI's own definitions (swift-argument-parser):
# the man page (docs/oopsy.1) and the shell completions (docs/completions/). Run it after
# changing a command, an option or a help text; CLITests fails while they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product oopsy
bin="$(swift build --show-bin-path)/oopsy"
for shell in bash zsh fish; do
    "$bin" --generate-completion-script "$shell" > "docs/completions/oopsy.$shell"
done
swift package --allow-writing-to-package-directory generate-manual \
    --date 2026-11-25 --authors "the oopsy authors" --section 1
cp .build/plugins/GenerateManual/outputs/OopsyCLI/oopsy.1 docs/oopsy.1
echo "docs/oopsy.1 and docs/completions/ regenerated"
