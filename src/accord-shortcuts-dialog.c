#define G_LOG_DOMAIN "accord-shortcuts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "accord-i18n.h"
#include "accord-shortcut-label.h"
#include "accord-shortcuts-dialog.h"

/* GtkShortcutsWindow is deprecated since GTK 4.18 and libadwaita's
 * replacement needs 1.8, so Accord lists its shortcuts itself. */
struct _AccordShortcutsDialog
{
  AdwDialog  parent_instance;

  GtkWidget *page;
};

G_DEFINE_FINAL_TYPE (AccordShortcutsDialog, accord_shortcuts_dialog, ADW_TYPE_DIALOG)

AdwDialog *
accord_shortcuts_dialog_new (void)
{
  return g_object_new (ACCORD_TYPE_SHORTCUTS_DIALOG, NULL);
}

static void
append_keys (GtkWidget *widget,
             GString   *keys)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *label;

      if (!ACCORD_IS_SHORTCUT_LABEL (child))
        {
          append_keys (child, keys);
          continue;
        }
      if ((label = accord_shortcut_label_get_label (ACCORD_SHORTCUT_LABEL (child))) == NULL)
        continue;
      /* The same "or" as the one shown between two shortcuts. */
      if (keys->len > 0)
        g_string_append_printf (keys, " %s ", C_("shortcut", "or"));
      g_string_append (keys, label);
    }
}

/* A screen reader reads a row by its title alone: its keys go in its
 * description, "Ctrl+R or F5". */
static void
describe_rows (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      g_autoptr(GString) keys = NULL;

      if (!ADW_IS_ACTION_ROW (child))
        {
          describe_rows (child);
          continue;
        }
      keys = g_string_new (NULL);
      append_keys (child, keys);
      if (keys->len == 0)
        continue;
      /* Replacing the description, which was the subtitle: "In a narrow
       * window" is said after the keys. */
      accord_i18n_append_spoken (keys, adw_action_row_get_subtitle (ADW_ACTION_ROW (child)));
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, keys->str, -1);
    }
}

static void
accord_shortcuts_dialog_class_init (AccordShortcutsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (ACCORD_TYPE_SHORTCUT_LABEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accordapp/Accord/accord-shortcuts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AccordShortcutsDialog, page);
}

static void
accord_shortcuts_dialog_init (AccordShortcutsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  describe_rows (self->page);
}
