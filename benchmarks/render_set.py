"""Render a bench set's HTML the ways ScrapingHub's dumps were made, for `bench.py
renderers --extra DIR`: lynx (`apt-get install lynx`), html2text (`pip install
html2text`) and one text node per line (selectolax). The renderings are dev data made
here, not committed.

    python benchmarks/render_set.py --set readability --out /tmp/extra
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

CHARSET = re.compile(rb"""(<meta[^>]+charset=["']?)[\w-]+""", re.I)


def lynx(html: bytes) -> str:
    """lynx 2.9 defaults (80 columns, link markers, References), the page read as UTF-8."""
    page = CHARSET.sub(rb"\1utf-8", html, count=1)
    return subprocess.run(
        ["lynx", "-dump", "-stdin", "-assume_charset=utf-8", "-display_charset=utf-8"],
        input=page,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")


def markdown(html: bytes) -> str:
    import html2text

    return html2text.HTML2Text().handle(html.decode("utf-8", "replace"))


def nodes(html: bytes) -> str:
    """Every text node on a line of its own, blank lines dropped, as `get_text("\\n")`."""
    tree = LexborHTMLParser(html.decode("utf-8", "replace"))
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    body = tree.body or tree.root
    if body is None:
        return ""
    lines = (line.strip() for line in body.text(separator="\n").splitlines())
    return "\n".join(line for line in lines if line) + "\n"


RENDERERS = {"dump-lynx": lynx, "dump-markdown": markdown, "dump-nodes": nodes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="readability")
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[2] / "shared" / "bench")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    for folder, render in RENDERERS.items():
        out = args.out / args.set / folder
        out.mkdir(parents=True, exist_ok=True)
        for page in sorted((args.data / args.set / "html").glob("*.html.gz")):
            text = render(gzip.decompress(page.read_bytes()))
            (out / (page.name[: -len(".html.gz")] + ".txt")).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
