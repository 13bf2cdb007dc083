#!/usr/bin/env python3
"""Checks the Flatpak manifest against the build: same app id and command,
no filesystem access, every translation kept in the app, no tests built,
the country names kept."""
import fnmatch
import json
import re
import sys

manifest_path, meson_path = sys.argv[1], sys.argv[2]
problems = []

try:
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
except (OSError, ValueError) as e:
    sys.exit(f"{manifest_path}: not valid JSON: {e}")

with open(meson_path, encoding="utf-8") as f:
    meson = f.read()
app_id = re.search(r"^app_id = '([^']+)'", meson, re.M).group(1)

if manifest.get("id", manifest.get("app-id")) != app_id:
    problems.append(f"id is {manifest.get('id')!r}, meson says {app_id!r}")
if manifest.get("command") != "accord":
    problems.append(f"command is {manifest.get('command')!r}, not 'accord'")
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    problems.append("runtime and SDK must be org.gnome.Platform and org.gnome.Sdk")
if manifest.get("separate-locales") is not False:
    problems.append("separate-locales must be false: the in-app language switch needs every translation")

args = manifest.get("finish-args", [])
for arg in args:
    if arg.startswith("--filesystem"):
        problems.append(f"finish-args grants {arg}")
    if arg.startswith("--socket=session-bus") or arg.startswith("--socket=system-bus"):
        problems.append(f"finish-args grants {arg}")
for needed in ("--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11"):
    if needed not in args:
        problems.append(f"finish-args lacks {needed}")

modules = manifest.get("modules", [])
names = [m.get("name") if isinstance(m, dict) else m for m in modules]
if not modules or names[-1] != "accord":
    problems.append("the last module must build accord")
else:
    app = modules[-1]
    if app.get("buildsystem") != "meson":
        problems.append("accord must be built with meson")
    if not any(s.get("type") == "dir" and s.get("path") for s in app.get("sources", [])):
        problems.append("accord must be built from the local checkout (a 'dir' source)")

    # Users get the app, not its tests, benchmarks and screenshot tool.
    if "-Dtests=false" not in app.get("config-opts", []):
        problems.append("accord must be built with -Dtests=false")

# What the app reads of iso-codes (the countries' names) is never cleaned
# up, whatever else of it is.
kept = ("/share/iso-codes/json/iso_3166-1.json", "/share/locale/fr/LC_MESSAGES/iso_3166-1.mo")
for module in modules:
    if not isinstance(module, dict):
        continue
    for pattern in module.get("cleanup", []) + manifest.get("cleanup", []):
        for path in kept:
            # A pattern naming a folder removes all in it.
            folders = [path.rsplit("/", n)[0] for n in range(1, path.count("/"))]
            if any(fnmatch.fnmatchcase(p, pattern) for p in [path] + folders) or (
                    not pattern.startswith("/") and fnmatch.fnmatchcase(path.rsplit("/", 1)[1], pattern)):
                problems.append(f"cleanup {pattern!r} removes {path}, which the app reads")

# A module built from git is built from one known commit, whatever its
# tag later points to; autotools (the default) unless it says otherwise.
for module in modules[:-1]:
    if not isinstance(module, dict):
        continue
    for source in module.get("sources", []):
        if source.get("type") == "git" and not re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")):
            problems.append(f"module {module.get('name')!r}: a git source must pin its commit")

for p in problems:
    print(f"{manifest_path}: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
