#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ACCORD_TYPE_SHORTCUTS_DIALOG (accord_shortcuts_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AccordShortcutsDialog, accord_shortcuts_dialog, ACCORD, SHORTCUTS_DIALOG, AdwDialog)

AdwDialog *accord_shortcuts_dialog_new (void);

G_END_DECLS
