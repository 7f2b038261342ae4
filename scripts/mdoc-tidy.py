#!/usr/bin/env python3
"""Makes the man page swift-argument-parser generates clean under `mandoc -T lint`.

The plugin copies help texts into the page as they are: a blank line in fill mode, several
sentences on one line, lines of any length, an indented example block that fill mode would
run together into one line, `.Pp` before `.It`, a full stop closing `.Nd`. This rewrites
those, and nothing else: the words stay the help texts' own.
"""
import re
import sys

WIDTH = 80
SENTENCE_END = re.compile(r'(?<=[.!?])(["\')\]]*)\s+(?=\S)')


def wrap(text):
    """The line as lines of at most WIDTH bytes, cut at spaces (a word longer stays whole)."""
    out, line = [], ""
    for word in text.split(" "):
        if line and len((line + " " + word).encode()) > WIDTH:
            out.append(line)
            line = word
        else:
            line = line + " " + word if line else word
    if line:
        out.append(line)
    # A continuation line must not be read as a request.
    return [("\\&" + l) if l[:1] in (".", "'") and i > 0 else l for i, l in enumerate(out)]


def text_lines(line):
    """A line of running text: each sentence on a line of its own, then wrapped."""
    out = []
    for sentence in SENTENCE_END.sub(lambda m: m.group(1) + "\n", line).split("\n"):
        out.extend(wrap(sentence.strip()))
    return out


def tidy(lines):
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.startswith(".Nd "):
            out.append(re.sub(r'\.(")?$', r'\1', line))
        elif line == ".Pp" and (nxt.startswith(".It") or nxt.startswith(".Sh") or nxt.startswith(".El")):
            pass
        elif line.startswith("."):
            out.append(line)
        elif line.startswith("  "):
            # An indented block (the help texts' examples): literal, as written.
            out.append(".Bd -literal -offset indent")
            while i < len(lines) and lines[i].startswith("  "):
                out.append(lines[i][2:])
                i += 1
            out.append(".Ed")
            continue
        elif line.strip() == "":
            if out and out[-1] != ".Pp" and not out[-1].startswith(".Sh") and not nxt.startswith("."):
                out.append(".Pp")
        else:
            out.extend(text_lines(line))
        i += 1
    return out


if __name__ == "__main__":
    path = sys.argv[1]
    with open(path) as f:
        lines = f.read().split("\n")
    trailing = lines and lines[-1] == ""
    result = tidy(lines[:-1] if trailing else lines)
    with open(path, "w") as f:
        f.write("\n".join(result) + ("\n" if trailing else ""))
