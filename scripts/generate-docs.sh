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
# The plugin writes a generic `.Ex -std`; oopsy's statuses and the environment it reads are
# its own (README's "Exit status"; OutputOptions, ReproduceCommand).
python3 - docs/oopsy.1 <<'PY'
import sys
path = sys.argv[1]
page = open(path).read()
generic = '.Sh "EXIT STATUS"\n.Ex -std\n'
assert generic in page, "the generated page no longer has its generic EXIT STATUS"
page = page.replace(generic, """.Sh ENVIRONMENT
.Bl -tag -width OOPSY_LAB
.It Ev NO_COLOR
When set, no colour with
.Fl -color Cm auto
(the default).
.It Ev COLUMNS
The width text wraps at when
.Fl -width
is not given and standard output is no terminal; then the controlling terminal's, then 100.
.It Ev OOPSY_LAB
Where
.Nm
.Cm reproduce
finds the kernel lab when
.Fl -lab
is not given; else a
.Pa lab
folder in the current directory or above it.
.El
.Sh "EXIT STATUS"
The commands that read logs
.Pq Cm analyze , report , triage , merge , replay , reproduce
exit:
.Bl -tag -width Ds
.It 0
No report was found.
.It 1
At least one report was found.
.It 2
A usage error.
.It 3
An input could not be read (the message names it; the other inputs are still analyzed), or the output could not be written.
.It 4
What was asked cannot be done here:
.Cm reproduce
for a report the lab's kernels and scenarios do not show, or without the lab or its tools.
.El
.Pp
With
.Fl -exit-zero ,
a completed run exits 0 whatever it found; a usage error, an unwritable output or status 4 still fails.
The other commands exit 0, or 2 on a usage error.
""")
open(path, "w").write(page)
PY
# Clean under `mandoc -T lint` (ShippedDocsTests checks it): sentences and blank lines as mdoc
# wants them, the examples as literal blocks.
python3 scripts/mdoc-tidy.py docs/oopsy.1
echo "docs/oopsy.1 and docs/completions/ regenerated"
