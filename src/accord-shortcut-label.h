#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ACCORD_TYPE_SHORTCUT_LABEL (accord_shortcut_label_get_type ())

G_DECLARE_FINAL_TYPE (AccordShortcutLabel, accord_shortcut_label, ACCORD, SHORTCUT_LABEL, GtkWidget)

const char *accord_shortcut_label_get_accelerator (AccordShortcutLabel *self);
const char *accord_shortcut_label_get_label       (AccordShortcutLabel *self);
void        accord_shortcut_label_set_accelerator (AccordShortcutLabel *self,
                                                   const char          *accelerator);

G_END_DECLS
