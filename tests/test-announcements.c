#define G_LOG_DOMAIN "accord-test-announcements"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "accord-application.h"
#include "accord-article-row.h"
#include "accord-builtin.h"
#include "accord-entity-view.h"
#include "accord-i18n.h"
#include "accord-language.h"
#include "accord-sidebar.h"
#include "accord-store-private.h"
#include "accord-sync.h"
#include "accord-utils.h"
#include "accord-window.h"
#include "accord-widget-test-utils.h"

/* What a screen reader is told when something changes out of its sight:
 * the announcements the app sends over AT-SPI (GTK_A11Y=atspi), heard
 * the way a screen reader hears them, on the accessibility bus. */

static AccordApplication *app;
static AccordWindow *window;
static GDBusConnection *a11y_bus;
static GPtrArray *heard;

static AccordStore *
store (void)
{
  return accord_application_get_store (app);
}

static void
on_announcement (GDBusConnection *connection,
                 const char      *sender,
                 const char      *path,
                 const char      *interface,
                 const char      *signal,
                 GVariant        *parameters,
                 gpointer         user_data)
{
  g_autoptr(GVariant) data = NULL;

  /* (kind, detail1, detail2, any_data, properties): the text is any_data. */
  g_variant_get_child (parameters, 3, "v", &data);
  if (g_variant_is_of_type (data, G_VARIANT_TYPE_STRING))
    g_ptr_array_add (heard, g_variant_dup_string (data, NULL));
}

/* Listens as a screen reader does, or skips the tests when no
 * accessibility bus can be started here. */
static gboolean
listen_to_accessibility_bus (void)
{
  g_autoptr(GDBusConnection) session = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *address;

  session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (session != NULL)
    reply = g_dbus_connection_call_sync (session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                         "GetAddress", NULL, G_VARIANT_TYPE ("(s)"),
                                         G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  if (reply == NULL)
    {
      g_test_message ("no accessibility bus: %s", error->message);
      return FALSE;
    }
  g_variant_get (reply, "(&s)", &address);
  a11y_bus = g_dbus_connection_new_for_address_sync (address,
                                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                     G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                     NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_signal_subscribe (a11y_bus, NULL, "org.a11y.atspi.Event.Object", "Announcement",
                                      NULL, NULL, G_DBUS_SIGNAL_FLAGS_NONE, on_announcement, NULL, NULL);
  return TRUE;
}

static gboolean
heard_something (void)
{
  return heard->len > 0;
}

/* Waits for the first announcement, then a moment for any other. */
static void
assert_heard_once (const char *expected)
{
  accord_test_wait_for (heard_something);
  accord_test_spin (400);
  for (guint i = 0; i < heard->len; i++)
    g_test_message ("heard: %s", (char *) g_ptr_array_index (heard, i));
  g_assert_cmpuint (heard->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (heard, 0), ==, expected);
  g_ptr_array_set_size (heard, 0);
}

/* libadwaita announces a toast in words of its own around its title. */
static void
assert_heard_toast (const char *title)
{
  accord_test_wait_for (heard_something);
  accord_test_spin (400);
  for (guint i = 0; i < heard->len; i++)
    g_test_message ("heard: %s", (char *) g_ptr_array_index (heard, i));
  g_assert_cmpuint (heard->len, ==, 1);
  if (strstr (g_ptr_array_index (heard, 0), title) == NULL)
    g_error ("“%s” does not say “%s”", (char *) g_ptr_array_index (heard, 0), title);
  g_ptr_array_set_size (heard, 0);
}

static void
assert_heard_nothing (void)
{
  accord_test_spin (400);
  g_assert_cmpstr (heard->len > 0 ? g_ptr_array_index (heard, 0) : NULL, ==, NULL);
}

static AccordEntityView *
entity_view (void)
{
  return ACCORD_ENTITY_VIEW (accord_window_get_entity_view (window));
}

static AccordSidebar *
sidebar (void)
{
  return ACCORD_SIDEBAR (accord_window_get_sidebar (window));
}

static AccordArticleRow *
first_timeline_row (void)
{
  GtkWidget *list = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline");
  g_autoptr(GPtrArray) rows = accord_test_find_all (list, ACCORD_TYPE_ARTICLE_ROW);

  g_assert_cmpuint (rows->len, >, 0);
  return g_ptr_array_index (rows, 0);
}

static GtkWidget *
star_of (AccordArticleRow *row)
{
  g_autoptr(GPtrArray) stars = accord_test_find_all (row, GTK_TYPE_TOGGLE_BUTTON);

  g_assert_cmpuint (stars->len, ==, 1);
  return g_ptr_array_index (stars, 0);
}

static const char *starred_id;

static gboolean
starred_article_stored (void)
{
  return accord_store_is_bookmarked (store (), starred_id);
}

static gboolean
starred_article_gone (void)
{
  return !accord_store_is_bookmarked (store (), starred_id);
}

static void
test_bookmark_added (void)
{
  AccordArticleRow *row;

  accord_sidebar_select_entity (sidebar (), "gpai");
  accord_test_spin (50);
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_spin (100);
  row = first_timeline_row ();
  starred_id = accord_article_get_id (accord_article_row_get_article (row));
  g_assert_false (accord_store_is_bookmarked (store (), starred_id));
  g_ptr_array_set_size (heard, 0);

  g_signal_emit_by_name (star_of (row), "clicked");
  assert_heard_once (accord_test_french () ? "Ajouté aux favoris" : "Bookmark added");
  g_assert_true (accord_store_is_bookmarked (store (), starred_id));

  /* Taking it away shows a toast to undo it, which is read out. */
  g_signal_emit_by_name (star_of (first_timeline_row ()), "clicked");
  accord_test_wait_for (starred_article_gone);
  assert_heard_toast (accord_test_french () ? "Retiré des favoris" : "Bookmark removed");

  /* A bookmark the window did not make (an import, say) is not news. */
  accord_store_add_bookmark (store (), accord_article_row_get_article (first_timeline_row ()), ACCORD_BOOKMARK_NOW, NULL);
  accord_test_wait_for (starred_article_stored);
  assert_heard_nothing ();
  accord_store_remove_bookmark (store (), accord_article_row_get_article (first_timeline_row ()), NULL);
  accord_entity_view_set_tab (entity_view (), "overview");
  accord_test_spin (50);
}

static GListModel *restored_articles;

static gboolean
all_restored (void)
{
  for (guint i = 0; i < g_list_model_get_n_items (restored_articles); i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (restored_articles, i);

      if (!accord_store_is_bookmarked (store (), accord_article_get_id (article)))
        return FALSE;
    }
  return TRUE;
}

static GtkWidget *
undo_button (void)
{
  GtkWidget *overlay = accord_test_template_child (window, ACCORD_TYPE_WINDOW, "toast_overlay");
  g_autoptr(GPtrArray) buttons = accord_test_find_all (overlay, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), _("_Undo")) == 0)
      return g_ptr_array_index (buttons, i);
  return NULL;
}

static gboolean
has_undo_button (void)
{
  return undo_button () != NULL;
}

/* The Partnership's first two articles, bookmarked. */
static GListModel *
bookmark_two_articles (void)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  GListStore *two = g_list_store_new (ACCORD_TYPE_ARTICLE);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (articles, i);

      accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, NULL);
      g_list_store_append (two, article);
    }
  accord_test_spin (100);
  return G_LIST_MODEL (two);
}

static void
remove_bookmarks (GListModel *bookmarked)
{
  for (guint i = 0; i < g_list_model_get_n_items (bookmarked); i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (bookmarked, i);

      accord_store_remove_bookmark (store (), article, NULL);
    }
  accord_test_spin (100);
}

/* One Undo of two removals is read out once, not as two bookmarks
 * added. */
static void
test_undo_restores_once (void)
{
  g_autoptr(GListModel) two = bookmark_two_articles ();
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (two, i);

      accord_window_toggle_bookmark (window, article);
    }
  accord_test_wait_for (has_undo_button);
  accord_test_spin (400);
  g_ptr_array_set_size (heard, 0);

  g_signal_emit_by_name (undo_button (), "clicked");
  restored_articles = two;
  accord_test_wait_for (all_restored);
  assert_heard_once (accord_test_french () ? "2 favoris restaurés" : "2 bookmarks restored");

  remove_bookmarks (two);
}

/* A second removal while the Undo toast shows changes its count, which
 * is read out: a toast is read when it shows, not when it changes. */
static void
test_second_removal_heard (void)
{
  g_autoptr(GListModel) two = bookmark_two_articles ();
  {
    g_autoptr(AccordArticle) first = g_list_model_get_item (two, 0);
    g_autoptr(AccordArticle) second = g_list_model_get_item (two, 1);

    accord_window_toggle_bookmark (window, first);
    accord_test_wait_for (has_undo_button);
    assert_heard_toast (accord_test_french () ? "Retiré des favoris" : "Bookmark removed");

    accord_window_toggle_bookmark (window, second);
    assert_heard_once (accord_test_french () ? "2 favoris retirés" : "2 bookmarks removed");
  }

  g_signal_emit_by_name (undo_button (), "clicked");
  restored_articles = two;
  accord_test_wait_for (all_restored);
  accord_test_spin (400);
  g_ptr_array_set_size (heard, 0);
  remove_bookmarks (two);
}

static guint
n_results (void)
{
  GListModel *results = accord_sidebar_get_results (sidebar ());
  guint n = 0;

  for (guint i = 0; results != NULL && i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);

      /* The results are grouped under headers of their kinds. */
      n += ACCORD_IS_ENTITY (item) || ACCORD_IS_ARTICLE (item);
    }
  return n;
}

static void
type_search (const char *text)
{
  GtkWidget *entry = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "search_entry");

  /* Typed, so with the keyboard focus there. */
  gtk_widget_grab_focus (entry);
  accord_test_spin (50);
  g_ptr_array_set_size (heard, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
test_search_count (void)
{
  g_autofree char *expected = NULL;
  guint n;

  /* Typed: said once the entry has waited for the typing to stop. */
  type_search ("oecd");
  accord_test_wait_for (heard_something);
  n = n_results ();
  g_assert_cmpuint (n, >, 1);
  expected = g_strdup_printf (accord_test_french () ? "%u résultats" : "%u results", n);
  assert_heard_once (expected);

  type_search ("zzzzqqq");
  assert_heard_once (accord_test_french () ? "0 résultat" : "0 results");

  /* Emptied: the sidebar comes back, with nothing to count. */
  type_search ("");
  assert_heard_nothing ();
}

/* The search lists the best results only: said so, not as if they were
 * all there is. */
static void
test_search_count_cut (void)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1,"
                                          " \"generated\": \"2099-01-01T00:00:00Z\", \"entities\": [], \"articles\": [");
  g_autoptr(GBytes) builtin = accord_builtin_feed_get_bytes ();
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < 150; i++)
    g_string_append_printf (json, "%s{\"id\": \"z%u\", \"date\": \"2026-01-01\", \"title\": {\"en\": \"Zebra %u\"},"
                                  " \"entities\": []}", i > 0 ? "," : "", i, i);
  g_string_append (json, "]}");
  bytes = g_bytes_new_static (json->str, json->len);
  accord_test_import_feed (bytes, ACCORD_SNAPSHOT_FILE);

  type_search ("zebra");
  accord_test_wait_for (heard_something);
  g_assert_cmpuint (n_results (), ==, 100);
  assert_heard_once (accord_test_french () ? "Plus de 100 résultats" : "More than 100 results");

  type_search ("");
  accord_test_import_feed (builtin, ACCORD_SNAPSHOT_BUILTIN);
}

/* Filtering the timeline says how many articles are left, as its
 * heading shows it. */
static void
test_filter_count (void)
{
  GtkWidget *entry, *heading;
  g_autofree char *filtered = NULL;

  accord_sidebar_select_entity (sidebar (), "gpai");
  accord_test_spin (50);
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_spin (100);
  entry = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "filter_entry");
  heading = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "articles_heading");
  gtk_widget_grab_focus (entry);
  accord_test_spin (50);
  g_ptr_array_set_size (heard, 0);

  gtk_editable_set_text (GTK_EDITABLE (entry), "living lab");
  accord_test_wait_for (heard_something);
  filtered = g_strdup (gtk_label_get_text (GTK_LABEL (heading)));
  g_assert_nonnull (strstr (filtered, accord_test_french () ? " sur " : " of "));
  assert_heard_once (filtered);

  /* Escape: all of them again. */
  g_signal_emit_by_name (entry, "stop-search");
  assert_heard_once (gtk_label_get_text (GTK_LABEL (heading)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (heading)), !=, filtered);

  /* A category set from code, as a new language restores it: nothing
   * the user did, nothing said. */
  {
    g_autoptr(GListModel) categories = accord_store_list_categories (accord_application_get_default_store (), "gpai");
    g_autoptr(AccordCategory) category = g_list_model_get_item (categories, 0);

    accord_entity_view_set_category (entity_view (), accord_category_get_id (category));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (heading)), accord_test_french () ? " sur " : " of "));
    assert_heard_nothing ();
    accord_entity_view_set_category (entity_view (), NULL);
    assert_heard_nothing ();
  }
}

static gboolean sync_done;

static void
on_sync_finished (void)
{
  sync_done = TRUE;
}

static gboolean
sync_finished (void)
{
  return sync_done;
}

static gboolean
no_toast_shown (void)
{
  GtkWidget *overlay = accord_test_template_child (window, ACCORD_TYPE_WINDOW, "toast_overlay");
  guint n_children = 0;

  /* Its content, and a widget for each toast on screen. */
  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child; child = gtk_widget_get_next_sibling (child))
    n_children++;
  return n_children == 1;
}

/* A refresh the user asked for tells how it went in a toast, which is
 * read out once: libadwaita announces it. */
static void
test_refresh_result (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = accord_test_feed_not_found_server (&url);
  gulong handler;

  g_settings_set_string (settings, "endpoint-url", url);

  /* A new toast waits for the one on screen to go. */
  accord_test_wait_for (no_toast_shown);
  handler = g_signal_connect_swapped (app, "sync-finished", G_CALLBACK (on_sync_finished), NULL);
  g_ptr_array_set_size (heard, 0);
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  accord_test_wait_for (sync_finished);
  g_signal_handler_disconnect (app, handler);
  assert_heard_toast (accord_test_french () ? "Actualisation impossible" : "Couldn’t refresh");
  g_settings_reset (settings, "endpoint-url");
}

static void
serve_nothing_yet (SoupServer        *server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  soup_server_message_pause (message);
}

static gboolean
sync_running (void)
{
  return accord_sync_get_running (accord_application_get_sync (app));
}

/* Stopping a refresh is said: the button turning back from a spinner is
 * not read out. */
static void
test_refresh_stopped (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = accord_test_feed_server (serve_nothing_yet, &url);
  gulong handler;

  g_settings_set_string (settings, "endpoint-url", url);

  accord_test_wait_for (no_toast_shown);
  sync_done = FALSE;
  handler = g_signal_connect_swapped (app, "sync-finished", G_CALLBACK (on_sync_finished), NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  accord_test_wait_for (sync_running);
  g_ptr_array_set_size (heard, 0);
  /* The same action stops it, as the button does. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  accord_test_wait_for (sync_finished);
  g_signal_handler_disconnect (app, handler);
  assert_heard_once (accord_test_french () ? "Actualisation arrêtée" : "Refresh stopped");
  g_settings_reset (settings, "endpoint-url");
}

static void
finish_sync (gboolean failed)
{
  AccordSyncResult result = { 0 };
  g_autoptr(GError) error = g_error_new_literal (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_NETWORK, "offline");

  g_signal_emit_by_name (app, "sync-finished", failed ? NULL : &result, failed ? error : NULL, FALSE);
}

/* A refresh on schedule that fails only shows the banner, which is not
 * read out when it appears: the failure is told once, until a refresh
 * works again, not at each attempt of a connection that stays down. */
static void
test_scheduled_failure_told_once (void)
{
  const char *told = accord_test_french () ? "Actualisation impossible" : "Couldn’t refresh";

  /* After a refresh that worked: the one asked for before failed, and
   * its toast said so. */
  finish_sync (FALSE);
  accord_test_wait_for (no_toast_shown);
  g_ptr_array_set_size (heard, 0);
  finish_sync (TRUE);
  assert_heard_once (told);
  finish_sync (TRUE);
  assert_heard_nothing ();
  finish_sync (FALSE);
  assert_heard_nothing ();
  finish_sync (TRUE);
  assert_heard_once (told);
  finish_sync (FALSE);
  accord_test_spin (100);
}

static void
add_tests (AccordWindow *first_window)
{
  window = first_window;

  g_test_add_func ("/announcements/bookmark-added", test_bookmark_added);
  g_test_add_func ("/announcements/undo-restores-once", test_undo_restores_once);
  g_test_add_func ("/announcements/second-removal-heard", test_second_removal_heard);
  g_test_add_func ("/announcements/search-count", test_search_count);
  g_test_add_func ("/announcements/filter-count", test_filter_count);
  g_test_add_func ("/announcements/refresh-result", test_refresh_result);
  g_test_add_func ("/announcements/search-count-cut", test_search_count_cut);
  g_test_add_func ("/announcements/refresh-stopped", test_refresh_stopped);
  g_test_add_func ("/announcements/scheduled-failure-told-once", test_scheduled_failure_told_once);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = accord_test_init_app (&argc, &argv, BUILD_LOCALEDIR);
  int status;

  if (!listen_to_accessibility_bus ())
    {
      g_test_skip ("no accessibility bus");
      return 77;
    }
  heard = g_ptr_array_new_with_free_func (g_free);

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  app = accord_application_new ();
  status = accord_test_run_app (app, add_tests);
  g_clear_object (&app);
  accord_remove_tree (data_home);
  g_clear_object (&a11y_bus);
  g_clear_pointer (&heard, g_ptr_array_unref);
  return status;
}
