#!/usr/bin/env python3
"""Fails when a layer reaches past its own: the widgets (src/) run no SQL
and make no HTTP request, which the engine (src/core/) does; the engine
knows nothing of GTK. Meson keeps GTK's and libsoup's headers out of the
wrong layer's include path; SQLite's are on every path, hence this check."""
import glob
import os
import re
import sys

srcdir = sys.argv[1]
RULES = [
    # (files, pattern, what)
    (glob.glob(os.path.join(srcdir, "src", "*.[ch]")),
     re.compile(r"#\s*include\s*[<\"](sqlite3\.h|libsoup/[^>\"]+|accord-store-(private|import)\.h)[>\"]|\bsqlite3_\w+\s*\(|\bsoup_\w+\s*\("),
     "the widgets reach into the store's or the sync's internals"),
    (glob.glob(os.path.join(srcdir, "src", "core", "*.[ch]")),
     re.compile(r"#\s*include\s*[<\"](gtk/|adwaita\.h|gdk/)|\b(gtk|adw|gdk)_\w+\s*\("),
     "the engine uses GTK"),
]
problems = []

for files, pattern, what in RULES:
    for path in sorted(files):
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if pattern.search(line):
                    problems.append(f"{os.path.relpath(path, srcdir)}:{number}: {what}: {line.strip()}")

for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
