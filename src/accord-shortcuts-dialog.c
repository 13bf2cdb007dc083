#define G_LOG_DOMAIN "accord-shortcuts-dialog"

#include "config.h"

#include "accord-shortcut-label.h"
#include "accord-shortcuts-dialog.h"

/* GtkShortcutsWindow is deprecated since GTK 4.18 and libadwaita's
 * replacement needs 1.8, so Accord lists its shortcuts itself. */
struct _AccordShortcutsDialog
{
  AdwDialog parent_instance;
};

G_DEFINE_FINAL_TYPE (AccordShortcutsDialog, accord_shortcuts_dialog, ADW_TYPE_DIALOG)

AdwDialog *
accord_shortcuts_dialog_new (void)
{
  return g_object_new (ACCORD_TYPE_SHORTCUTS_DIALOG, NULL);
}

static void
accord_shortcuts_dialog_class_init (AccordShortcutsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (ACCORD_TYPE_SHORTCUT_LABEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accordapp/Accord/accord-shortcuts-dialog.ui");
}

static void
accord_shortcuts_dialog_init (AccordShortcutsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
