"""Independent check of every feed under a folder: strict XML parse (lxml),
feedparser (no bozo, entries present), JSON Feed shape. Exit 1 on any problem.

Usage: python3 tests/check_feeds.py OUT_DIR
"""
import json
import pathlib
import sys

import feedparser
from lxml import etree

root = pathlib.Path(sys.argv[1])
problems = []
checked = 0
for path in sorted(root.rglob("*")):
    if path.name in ("rss.xml", "atom.xml"):
        checked += 1
        try:
            etree.parse(str(path), etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError as err:
            problems.append(f"{path}: not well-formed XML: {err}")
            continue
        parsed = feedparser.parse(path.read_bytes())
        if parsed.bozo:
            problems.append(f"{path}: feedparser: {parsed.bozo_exception}")
        for entry in parsed.entries:
            if not entry.get("id") or not entry.get("link") or not entry.get("title"):
                problems.append(f"{path}: an entry lacks id, link or title: {entry.get('link')}")
    elif path.name == "feed.json":
        checked += 1
        try:
            feed = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as err:
            problems.append(f"{path}: not JSON: {err}")
            continue
        if feed.get("version") != "https://jsonfeed.org/version/1.1" or "title" not in feed:
            problems.append(f"{path}: not a JSON Feed 1.1 document")
        for item in feed.get("items", []):
            if not item.get("id") or not (item.get("content_html") or item.get("content_text")):
                problems.append(f"{path}: item {item.get('id')} lacks id or content")

if checked == 0:
    problems.append(f"{root}: no feeds found")
for problem in problems:
    print(problem, file=sys.stderr)
print(f"check_feeds: {checked} feeds checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
