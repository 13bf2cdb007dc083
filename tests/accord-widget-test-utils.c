#define G_LOG_DOMAIN "accord-test"

#include "config.h"

#include "accord-widget-test-utils.h"

/* Runs the main loop for @ms milliseconds without waiting on it. */
void
accord_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  do
    g_main_context_iteration (NULL, FALSE);
  while (g_get_monotonic_time () < end);
}

/* A template child that must be there. */
GtkWidget *
accord_test_template_child (gpointer    widget,
                            GType       type,
                            const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/* Every widget of @type in @widget's tree, @widget included, in order. */
GPtrArray *
accord_test_find_all (gpointer widget,
                      GType    type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (GTK_WIDGET (widget), type, found);
  return found;
}
