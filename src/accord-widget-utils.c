#define G_LOG_DOMAIN "accord-widget-utils"

#include "config.h"

#include "accord-feed.h"
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

typedef struct
{
  GtkAdjustment *adjustment;
  double         value;
  gulong         handler;
  guint          timeout;
} PendingScroll;

static void
pending_scroll_free (PendingScroll *pending)
{
  g_clear_signal_handler (&pending->handler, pending->adjustment);
  g_clear_handle_id (&pending->timeout, g_source_remove);
  g_object_unref (pending->adjustment);
  g_free (pending);
}

static gboolean
try_scroll (PendingScroll *pending)
{
  GtkAdjustment *adjustment = pending->adjustment;

  if (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) < pending->value)
    return FALSE;
  gtk_adjustment_set_value (adjustment, pending->value);
  return TRUE;
}

static void
on_upper_changed (GtkAdjustment *adjustment,
                  GParamSpec    *pspec,
                  PendingScroll *pending)
{
  if (try_scroll (pending))
    pending_scroll_free (pending);
}

static void
give_up_scrolling (gpointer data)
{
  PendingScroll *pending = data;

  /* As far as the content goes, then. */
  pending->timeout = 0;
  gtk_adjustment_set_value (pending->adjustment, pending->value);
  pending_scroll_free (pending);
}

/**
 * accord_scroll_when_ready:
 * @adjustment: a scrolled window's adjustment
 * @value: where to scroll
 *
 * Scrolls to @value as soon as the content is tall enough for it: a list
 * just rebuilt is laid out over a few frames.
 */
void
accord_scroll_when_ready (GtkAdjustment *adjustment,
                          double         value)
{
  PendingScroll *pending;

  g_return_if_fail (GTK_IS_ADJUSTMENT (adjustment));

  pending = g_new0 (PendingScroll, 1);
  pending->adjustment = g_object_ref (adjustment);
  pending->value = value;
  if (try_scroll (pending))
    {
      pending_scroll_free (pending);
      return;
    }
  pending->handler = g_signal_connect (adjustment, "notify::upper", G_CALLBACK (on_upper_changed), pending);
  pending->timeout = g_timeout_add_once (2000, give_up_scrolling, pending);
}

static void
on_launch_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (object), result, &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_warning ("Could not open the address: %s", error->message);
}

/**
 * accord_open_web_uri:
 * @widget: the widget the request comes from
 * @uri: (nullable): an http or https address
 *
 * Opens @uri in the user's browser; anything but a web address is
 * ignored, whatever the feed said.
 */
void
accord_open_web_uri (GtkWidget  *widget,
                     const char *uri)
{
  g_autoptr(GtkUriLauncher) launcher = NULL;

  /* The parser only lets web addresses through; check again all the same. */
  if (uri == NULL || !accord_feed_is_web_url (uri))
    return;

  launcher = gtk_uri_launcher_new (uri);
  gtk_uri_launcher_launch (launcher, GTK_WINDOW (gtk_widget_get_root (widget)), NULL, on_launch_done, NULL);
}

/**
 * accord_heading_label_new:
 * @level: its level among the page's headings, for assistive technologies
 * @dimmed: whether it is drawn dimmed, as section titles of a sidebar are
 *
 * Returns: (transfer floating): an empty label styled as a heading, for
 *   list headers
 */
GtkWidget *
accord_heading_label_new (int      level,
                          gboolean dimmed)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  if (dimmed)
    gtk_widget_add_css_class (label, "dimmed");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, level, -1);
  return label;
}
