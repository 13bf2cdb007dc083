#define G_LOG_DOMAIN "accord-test"

#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "accord-application.h"
#include "accord-builtin.h"
#include "accord-entity.h"
#include "accord-entity-view.h"
#include "accord-i18n.h"
#include "accord-language.h"
#include "accord-sidebar.h"
#include "accord-widget-test-utils.h"

/**
 * accord_test_init_app:
 * @localedir: the build tree's translations
 *
 * Sets up a widget test of the whole app: its data in a folder of its
 * own, set before anything reads it, never the user's; the language of
 * the environment; GTK and libadwaita; and no scheduled refresh, so no
 * test reaches out to the real feed.
 *
 * Returns: (transfer full): the data folder
 */
char *
accord_test_init_app (int          *argc,
                      char       ***argv,
                      const char   *localedir)
{
  char *data_home = g_dir_make_tmp ("accord-test-XXXXXX", NULL);
  g_autoptr(GSettings) settings = NULL;

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* gtk_test_init() sets the locale to en_US.UTF-8: the one of the
   * environment comes after it, as the app would have it. */
  gtk_test_init (argc, argv, NULL);
  setlocale (LC_ALL, "");
  accord_language_init (localedir);
  adw_init ();

  settings = g_settings_new (APP_ID);
  g_settings_set_uint (settings, "sync-interval", 0);
  return data_home;
}

/* Runs the main loop for @ms milliseconds without waiting on it. */
void
accord_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  do
    g_main_context_iteration (NULL, FALSE);
  while (g_get_monotonic_time () < end);
}

/* Spins the main loop until @condition holds, failing after ten seconds
 * with @name, which says what did not happen. */
void
accord_test_wait_for_named (AccordTestCondition  condition,
                            const char          *name)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition ())
    {
      if (g_get_monotonic_time () >= deadline)
        g_error ("Waited ten seconds in vain for %s", name);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static AccordSidebar *searching_sidebar;

static gboolean
search_finished (void)
{
  return !accord_sidebar_get_searching (searching_sidebar);
}

/* Waits for the sidebar's search results, which come from a worker
 * thread. */
void
accord_test_wait_for_search (AccordSidebar *sidebar)
{
  searching_sidebar = sidebar;
  accord_test_wait_for (search_finished);
  searching_sidebar = NULL;
}

/* Stores @bytes, a feed, as the application's snapshot, as it came
 * from @origin, and lets the windows show it. */
void
accord_test_import_feed (GBytes               *bytes,
                         AccordSnapshotOrigin  origin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordFeed) feed = accord_feed_parse (bytes, NULL, &error);
  AccordImportStats stats;

  g_assert_no_error (error);
  accord_store_import_feed (accord_application_get_default_store (), feed, origin, NULL, &stats, &error);
  g_assert_no_error (error);
  accord_test_spin (100);
}

/* Sets the sidebar's search text, then waits for its results. */
void
accord_test_search (AccordSidebar *sidebar,
                    const char    *text)
{
  accord_sidebar_set_search_text (sidebar, text);
  accord_test_wait_for_search (sidebar);
}

/* A template child that must be there: most often a widget, but a
 * template holds other objects too. */
gpointer
accord_test_template_child (gpointer    widget,
                            GType       type,
                            const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
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

/* The built-in feed as a JSON tree, for a test to change. */
JsonNode *
accord_test_builtin_feed (void)
{
  g_autoptr(GBytes) bytes = accord_builtin_feed_get_bytes ();
  g_autoptr(GError) error = NULL;
  JsonNode *root = json_from_string (g_bytes_get_data (bytes, NULL), &error);

  g_assert_no_error (error);
  return root;
}

static AccordTestAddTests add_tests;
static int status = 1;   /* a failure, unless the tests ran */

static void
run_tests (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AccordStore *store = accord_application_get_store (ACCORD_APPLICATION (app));

  gtk_window_set_default_size (window, 1200, 800);
  /* The built-in data arrives in the background on first start. */
  while (accord_store_get_snapshot_origin (store) == ACCORD_SNAPSHOT_NONE)
    g_main_context_iteration (NULL, TRUE);
  accord_test_spin (100);

  add_tests (ACCORD_WINDOW (window));
  status = g_test_run ();
  g_application_quit (app);
}

/**
 * accord_test_run_app:
 * @tests: registers the tests, given the first window once it shows the
 *   built-in data
 *
 * Runs @app, and the tests inside it.
 *
 * Returns: what g_test_run() returned, or 1 when the tests never ran
 */
int
accord_test_run_app (AccordApplication  *app,
                     AccordTestAddTests  tests)
{
  add_tests = tests;
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (run_tests), NULL);
  g_application_run (G_APPLICATION (app), 0, NULL);
  return status;
}

/* Whether the app speaks French: each widget test runs in both. */
gboolean
accord_test_french (void)
{
  return g_str_equal (accord_i18n_get_language (), "fr");
}

static void
serve_not_found (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

/**
 * accord_test_feed_server:
 * @handler: what it answers every request with
 * @url: (out): a feed address on it
 *
 * Returns: (transfer full): a local server, listening
 */
SoupServer *
accord_test_feed_server (SoupServerCallback   handler,
                         char               **url)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *url = g_strdup_printf ("http://127.0.0.1:%d/feed.json", g_uri_get_port (uris->data));
  return server;
}

/**
 * accord_test_feed_not_found_server:
 * @url: (out): a feed address on it
 *
 * A local server that has no feed: every request gets 404 at once.
 *
 * Returns: (transfer full): the server, listening
 */
SoupServer *
accord_test_feed_not_found_server (char **url)
{
  return accord_test_feed_server (serve_not_found, url);
}

/* Opens @entity_id from @window's sidebar as Enter on its row does: the
 * list holding the focus, its row activated. */
void
accord_test_activate_sidebar_entity (AccordWindow *window,
                                     const char   *entity_id)
{
  GtkWidget *list = accord_test_template_child (accord_window_get_sidebar (window), ACCORD_TYPE_SIDEBAR, "entity_list");
  GListModel *rows = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  guint position = 0;

  for (; position < g_list_model_get_n_items (rows); position++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (rows, position);

      if (ACCORD_IS_ENTITY (item) && g_str_equal (accord_entity_get_id (ACCORD_ENTITY (item)), entity_id))
        break;
    }
  g_assert_cmpuint (position, <, g_list_model_get_n_items (rows));
  gtk_widget_grab_focus (list);
  g_signal_emit_by_name (list, "activate", position);
}

/* The grid of the profile shown side by side in @window's entity view,
 * or NULL when it shows one language. */
GtkWidget *
accord_test_profile_columns (AccordWindow *window)
{
  GtkWidget *box = accord_test_template_child (accord_window_get_entity_view (window), ACCORD_TYPE_ENTITY_VIEW,
                                               "profile_box");

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_GRID (child) && gtk_widget_get_visible (child))
      return child;
  return NULL;
}
