#define G_LOG_DOMAIN "accord-test-command-line-import"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "accord-application.h"
#include "accord-language.h"
#include "accord-sidebar.h"
#include "accord-sidebar-row.h"
#include "accord-store-private.h"
#include "accord-utils.h"
#include "accord-widget-test-utils.h"
#include "accord-window.h"

/* `accord --import` and `accord --import-bookmarks` run beside the app:
 * its window shows what they stored. The app runs here as the one
 * instance on a session bus of the test's own, and the commands run as
 * other processes on that bus. */

static AccordApplication *app;
static AccordWindow *window;
static char *data_home;
static int status = 1;   /* a failure, unless the tests ran */

static AccordStore *
store (void)
{
  return accord_application_get_store (app);
}

static AccordSidebar *
sidebar (void)
{
  return ACCORD_SIDEBAR (accord_window_get_sidebar (window));
}

static void
on_command_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

/* Runs `accord OPTION FILE` while this process goes on serving the bus. */
static void
run_accord (const char *option,
            const char *file)
{
  g_autofree char *accord = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "src", "accord", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) command = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                                     accord, option, file, NULL);
  gboolean done = FALSE;

  g_assert_no_error (error);
  g_subprocess_wait_check_async (command, NULL, on_command_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static char *
write_file (const char *name,
            const char *contents)
{
  char *path = g_build_filename (data_home, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The built-in feed, generated later, with one more organisation. */
static char *
feed_with_new_entity (void)
{
  g_autoptr(JsonNode) feed = accord_test_builtin_feed ();
  JsonObject *root = json_node_get_object (feed);
  JsonObject *entity, *name;

  json_object_set_string_member (root, "generated", "2026-11-25T08:00:00Z");
  entity = json_object_new ();
  name = json_object_new ();
  json_object_set_string_member (name, "en", "Imported Observatory");
  json_object_set_string_member (name, "fr", "Observatoire importé");
  json_object_set_string_member (entity, "id", "imported-observatory");
  json_object_set_string_member (entity, "kind", "organisation");
  json_object_set_object_member (entity, "name", name);
  json_array_add_object_element (json_object_get_array_member (root, "entities"), entity);
  return json_to_string (feed, FALSE);
}

static gboolean
sidebar_lists_imported_entity (void)
{
  GListModel *items = accord_sidebar_get_entities (sidebar ());

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);

      if (ACCORD_IS_ENTITY (item) && g_str_equal (accord_entity_get_id (ACCORD_ENTITY (item)), "imported-observatory"))
        return TRUE;
    }
  return FALSE;
}

static void
test_import_feed (void)
{
  g_autofree char *json = feed_with_new_entity ();
  g_autofree char *file = write_file ("feed.json", json);

  g_assert_false (sidebar_lists_imported_entity ());
  run_accord ("--import", file);
  accord_test_wait_for (sidebar_lists_imported_entity);
}

static const char *
bookmarks_count (void)
{
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  g_autoptr(GPtrArray) rows = accord_test_find_all (list, ACCORD_TYPE_SIDEBAR_ROW);
  GtkWidget *count;

  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpstr (accord_sidebar_row_get_item_id (g_ptr_array_index (rows, 0)), ==, "bookmarks");
  count = accord_test_template_child (g_ptr_array_index (rows, 0), ACCORD_TYPE_SIDEBAR_ROW, "count");
  return gtk_widget_get_visible (count) ? gtk_label_get_text (GTK_LABEL (count)) : "";
}

static gboolean
one_bookmark_shown (void)
{
  return g_str_equal (bookmarks_count (), "1");
}

/* A bookmark exported from another machine, say. */
static char *
exported_bookmark (void)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) article = g_list_model_get_item (articles, 0);
  g_autoptr(GError) error = NULL;
  char *exported;

  accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, &error);
  g_assert_no_error (error);
  exported = accord_store_export_bookmarks (store (), NULL, &error);
  g_assert_no_error (error);
  accord_store_remove_bookmark (store (), article, &error);
  g_assert_no_error (error);
  return exported;
}

static void
count_signal (guint *count)
{
  (*count)++;
}

static void
test_import_bookmarks (void)
{
  g_autofree char *exported = exported_bookmark ();
  g_autofree char *file = write_file ("bookmarks.json", exported);

  guint n_snapshots = 0;
  gulong handler;

  accord_test_spin (50);
  g_assert_cmpstr (bookmarks_count (), ==, "");
  handler = g_signal_connect_swapped (store (), "snapshot-changed", G_CALLBACK (count_signal), &n_snapshots);
  run_accord ("--import-bookmarks", file);
  accord_test_wait_for (one_bookmark_shown);
  /* Only the bookmarks are read again. */
  g_assert_cmpuint (n_snapshots, ==, 0);
  g_signal_handler_disconnect (store (), handler);
}

static void
run_tests (GApplication *application)
{
  window = ACCORD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));

  while (accord_store_get_snapshot_origin (store ()) == ACCORD_SNAPSHOT_NONE)
    g_main_context_iteration (NULL, TRUE);
  accord_test_spin (100);

  g_test_add_func ("/command-line-import/feed", test_import_feed);
  g_test_add_func ("/command-line-import/bookmarks", test_import_bookmarks);

  status = g_test_run ();
  g_application_quit (application);
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  /* Before anything connects to a session bus: this one. It unsets
   * DISPLAY, which GTK needs here. */
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  data_home = accord_test_init_app (&argc, &argv, BUILD_LOCALEDIR);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  app = accord_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (run_tests), NULL);
  g_application_run (G_APPLICATION (app), 0, NULL);

  g_clear_object (&app);
  accord_remove_tree (data_home);
  /* Stopped, and not torn down: GTK keeps its connection to the bus to
   * the end, which tearing down would wait for. */
  g_test_dbus_stop (bus);
  return status;
}
