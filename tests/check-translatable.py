#!/usr/bin/env python3
"""Fails when a user-visible string in a .ui or .c file of the app is not
marked for translation. A short allow-list covers names that stay as they
are in every language."""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

srcdir = sys.argv[1]
ALLOWED = {"Accord", "English", "Français", "EN", "FR", "en", "fr"}
UI_PROPERTIES = {"label", "title", "subtitle", "description", "tooltip-text", "placeholder-text",
                 "button-label", "text", "heading", "body"}
# Setters whose text argument reaches the screen (or a screen reader).
C_SETTERS = ["gtk_label_set_text", "gtk_label_set_label", "gtk_label_new", "adw_toast_new",
             "gtk_widget_set_tooltip_text", "adw_status_page_set_title", "adw_status_page_set_description",
             "adw_banner_set_title", "adw_action_row_set_subtitle", "adw_preferences_row_set_title",
             "gtk_button_set_label", "adw_dialog_set_title", "gtk_window_set_title",
             "adw_navigation_page_set_title", "adw_toast_set_button_label", "gtk_accessible_announce",
             "adw_button_content_set_label", "gtk_file_dialog_set_title", "gtk_file_filter_set_name",
             "show_toast", "g_application_command_line_print", "g_application_command_line_printerr"]
# What the command line prints starts with a word scripts read, in every
# language: "error: %s".
COMMAND_PREFIX = re.compile(r"^(error|warning|valid|imported|exported|refreshed): %s(\\n)?$")
problems = []


def has_words(text):
    return re.search(r"[A-Za-zÀ-ÿ]{2,}", text) is not None


def check_ui(path):
    tree = ET.parse(path)
    for element in tree.iter():
        if element.tag in ("property", "attribute") and element.get("name") in UI_PROPERTIES:
            text = (element.text or "").strip()
            if not text or not has_words(text) or text in ALLOWED:
                continue
            if element.get("translatable") != "yes":
                problems.append(f"{os.path.relpath(path, srcdir)}: {element.get('name')} \"{text}\" is not translatable")


literal = re.compile(r'"((?:[^"\\]|\\.)*)"')


def check_c(path):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    for setter in C_SETTERS:
        for match in re.finditer(r"\b" + setter + r"\s*\(", source):
            # The call's arguments, up to the matching parenthesis.
            depth, i = 1, match.end()
            while i < len(source) and depth:
                depth += {"(": 1, ")": -1}.get(source[i], 0)
                i += 1
            args = source[match.end():i - 1]
            # Drop what is marked: _("…"), C_("ctx", "…"), N_("…"), g_dngettext (…).
            unmarked = re.sub(r'\b(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\((?:[^()]|\([^()]*\))*\)', "", args)
            for text in literal.findall(unmarked):
                if has_words(text) and text not in ALLOWED and not COMMAND_PREFIX.match(text):
                    line = source.count("\n", 0, match.start()) + 1
                    problems.append(f"{os.path.relpath(path, srcdir)}:{line}: \"{text}\" in {setter} is not marked")


for path in sorted(glob.glob(os.path.join(srcdir, "src", "*.ui"))):
    check_ui(path)
for path in sorted(glob.glob(os.path.join(srcdir, "src", "*.c")) + glob.glob(os.path.join(srcdir, "src", "core", "*.c"))):
    check_c(path)

for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
