#define G_LOG_DOMAIN "accord-widget-utils"

#include "config.h"

#include "accord-widget-utils.h"

/**
 * accord_widget_remove_children:
 *
 * Unparents every child of @widget: what a widget with a layout manager
 * of its own must do when it is disposed.
 */
void
accord_widget_remove_children (GtkWidget *widget)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
