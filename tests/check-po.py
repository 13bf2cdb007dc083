#!/usr/bin/env python3
"""Keeps the translations honest.

Fails when po/POTFILES.in is unsorted or misses a file with translatable
strings, when a fresh template has strings that fr.po lacks (or fr.po has
strings the sources no longer use), or when a translation is missing or
fuzzy, or when French texts, translated or in the built-in data, are
not spaced and punctuated as French is written."""
import json
import os
import re
import subprocess
import sys
import tempfile

srcdir = sys.argv[1]
podir = os.path.join(srcdir, "po")
problems = []

with open(os.path.join(podir, "POTFILES.in"), encoding="utf-8") as f:
    potfiles = [l.strip() for l in f if l.strip() and not l.startswith("#")]
if potfiles != sorted(potfiles):
    problems.append("POTFILES.in is not sorted")

translatable = re.compile(r'(\b_\(|\bN_\(|\bC_\(|\bNC_\(|\bngettext\s*\(|translatable="yes"|<summary>|<description>|^Name=|^Comment=|^Keywords=)', re.M)
for root, dirs, files in os.walk(srcdir):
    rel = os.path.relpath(root, srcdir)
    dirs[:] = [d for d in dirs if not d.startswith((".", "_")) and rel + "/" + d not in ("./tests", "./build-aux", "./po")]
    for name in files:
        if not name.endswith((".c", ".ui", ".in", ".gschema.xml")) or name == "POTFILES.in":
            continue
        path = os.path.normpath(os.path.join(rel, name))
        with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
            if translatable.search(f.read()) and path not in potfiles:
                problems.append(f"{path} has translatable strings but is missing from POTFILES.in")
for path in potfiles:
    if not os.path.exists(os.path.join(srcdir, path)):
        problems.append(f"POTFILES.in lists {path}, which does not exist")

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "accord.pot")
    subprocess.run(["xgettext", "--from-code=UTF-8", "--add-comments", "--package-name=accord",
                    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
                    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
                    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
                    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
                    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
                    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
                    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
                    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
                    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
                    "-D", srcdir, "-o", pot] + potfiles, check=True)
    with open(pot, encoding="utf-8") as f:
        text = f.read().replace("charset=CHARSET", "charset=UTF-8")
    with open(pot, "w", encoding="utf-8") as f:
        f.write(text)
    merged = os.path.join(tmp, "fr.po")
    subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged,
                    os.path.join(podir, "fr.po"), pot], check=True)
    stats = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, merged],
                           capture_output=True, text=True)
    if stats.returncode != 0 or re.search(r"untranslated|fuzzy", stats.stderr):
        problems.append("po/fr.po against the current sources: " + stats.stderr.strip())
    obsolete = subprocess.run(["msgattrib", "--only-obsolete", merged], capture_output=True, text=True)
    if obsolete.stdout.strip():
        problems.append("po/fr.po has strings the sources no longer use:\n" + obsolete.stdout)
    own = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull,
                          os.path.join(podir, "fr.po")], capture_output=True, text=True)
    if own.returncode != 0 or re.search(r"untranslated|fuzzy", own.stderr):
        problems.append("po/fr.po: " + own.stderr.strip())

# French typography: a no-break space before : ; ? ! » and after «, and
# typographic apostrophes, in every French translation.
def msgstrs(path):
    current, mode = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("msgstr"):
                if current:
                    yield "".join(current)
                current, mode = [line[line.index('"') + 1:].rstrip()[:-1]], "str"
            elif line.startswith('"') and mode == "str":
                current.append(line.strip()[1:-1])
            else:
                mode = None
    if current:
        yield "".join(current)

# French typography, as GNOME's French translators write it: a no-break
# space (U+00A0) before ":" and inside « », and between a day and its
# month and between a number and its unit, a narrow one (U+202F) before
# ";", "?" and "!", and the typographic apostrophe.
def check_french(where, text):
    stripped = re.sub(r"\w+://\S*", "", text)
    stripped = re.sub(r"%\d\$\w|%\w", "", stripped)
    # JSON, as a feed is written, keeps its own punctuation.
    stripped = re.sub(r"\{[^{}]*\}", "", stripped)
    if re.search(r"[^\u00a0][:»]", stripped) or re.search(r"«[^\u00a0]", stripped):
        problems.append(f"{where}: a no-break space (U+00A0) goes before “:” and inside « »: {text}")
    if re.search(r"[^\u202f][;?!]", stripped):
        problems.append(f"{where}: a narrow no-break space (U+202F) goes before “;”, “?” and “!”: {text}")
    if "'" in stripped:
        problems.append(f"{where}: use the typographic apostrophe (’): {text}")
    if re.search(r"(?<![\w%$])(\d{1,2}|1er) (janvier|février|mars|avril|mai|juin|juillet|août|septembre"
                 r"|octobre|novembre|décembre)\b", text, re.IGNORECASE) or re.search(r"%\d\$u(er)? %\d\$s", text):
        problems.append(f"{where}: a no-break space (U+00A0) keeps a day with its month: {text}")
    if re.search(r"(%\w|\d) (Kio|Mio|Gio|min|h)\b", text):
        problems.append(f"{where}: a no-break space (U+00A0) keeps a number with its unit: {text}")

for text in msgstrs(os.path.join(podir, "fr.po")):
    text = text.replace("\\n", "\n")
    # The header, and the desktop file's keywords, a list separated by ";".
    if "Content-Type" in text or text.endswith(";"):
        continue
    check_french("po/fr.po", text)

# The built-in data's French texts, but for sources, kept as published.
def french_texts(node, path):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "fr" and isinstance(value, str):
                yield path + ".fr", value
            elif key == "fr" and isinstance(value, list):
                for i, section in enumerate(value):
                    for member in ("heading", "body"):
                        if member in section:
                            yield f"{path}.fr[{i}].{member}", section[member]
            else:
                yield from french_texts(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from french_texts(item, f"{path}[{i}]")

with open(os.path.join(srcdir, "data", "feed", "accord-feed.json"), encoding="utf-8") as f:
    for path, text in french_texts(json.load(f), ""):
        check_french(f"data/feed/accord-feed.json: {path}", text)

# Access keys: in each menu, no two items on the same letter, in English
# or in French, or the key moves between them instead of choosing one.
def translations(path):
    entries, msgid, msgstr, mode = {}, [], [], None
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines() + [""]:
            if line.startswith("msgid "):
                msgid, msgstr, mode = [line[7:-1]], [], "id"
            elif line.startswith("msgstr "):
                msgstr, mode = [line[8:-1]], "str"
            elif line.startswith('"') and mode:
                (msgid if mode == "id" else msgstr).append(line[1:-1])
            else:
                if mode == "str":
                    entries["".join(msgid)] = "".join(msgstr)
                mode = None
    return entries

def access_key(label):
    match = re.search(r"_(\w)", label)
    return match.group(1).lower() if match else None

french = translations(os.path.join(podir, "fr.po"))
for path in potfiles:
    if not path.endswith(".ui"):
        continue
    with open(os.path.join(srcdir, path), encoding="utf-8") as f:
        ui = f.read()
    for menu in re.findall(r"<menu\b.*?</menu>", ui, re.S):
        labels = re.findall(r'<attribute name="label" translatable="yes"[^>]*>([^<]*)</attribute>', menu)
        for language, texts in (("English", labels), ("French", [french.get(l, l) for l in labels])):
            keys = [access_key(t) for t in texts if access_key(t)]
            for key in sorted({k for k in keys if keys.count(k) > 1}):
                problems.append(f"{path}: two {language} menu items share the access key {key}")

for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
