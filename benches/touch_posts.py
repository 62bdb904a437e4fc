"""Edits a fraction of the posts in a folder (benches/peers.sh, re-run after 1% edits).

usage: python3 touch_posts.py POSTS_DIR FRACTION

Appends a line to every k-th post (k = 1/FRACTION), a different line each call,
so the edited posts change in content, size and mtime as a real edit would.
"""
import os
import sys
import time

folder, fraction = sys.argv[1], float(sys.argv[2])
names = sorted(n for n in os.listdir(folder) if n.endswith(".md"))
step = max(1, round(1 / fraction))
stamp = time.time_ns()
for name in names[::step]:
    with open(os.path.join(folder, name), "a", encoding="utf-8") as post:
        post.write(f"\nEdited at {stamp}.\n")
