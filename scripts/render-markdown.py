#!/usr/bin/env python3
"""Renders Markdown the way a bug tracker does (CommonMark + GFM tables, raw HTML allowed, as
GitHub allows <details>) with markdown-it-py, and prints the HTML. Used by RenderTests to check
`oopsy report` output in a real renderer, and by hand to look at it in a browser:

  oopsy report crash.log | scripts/render-markdown.py --page > report.html
  chromium --headless --screenshot=report.png --window-size=1100,1600 report.html
"""
import sys

try:
    from markdown_it import MarkdownIt
except ImportError:
    sys.exit("render-markdown.py: markdown-it-py is missing (apt-get install python3-markdown-it)")

STYLE = """body{font:14px/1.5 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:980px;margin:24px auto;color:#1f2328}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 10px}
pre{background:#f6f8fa;padding:12px;overflow:auto}code{font:12px ui-monospace,Menlo,monospace}"""


def main():
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    html = md.render(sys.stdin.read())
    if "--page" in sys.argv:
        html = f"<!doctype html><meta charset=utf-8><style>{STYLE}</style>\n{html}"
    sys.stdout.write(html)


if __name__ == "__main__":
    main()
