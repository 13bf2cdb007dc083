#define G_LOG_DOMAIN "accord-test-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>

#include "accord-application.h"
#include "accord-article-row.h"
#include "accord-bookmarks-view.h"
#include "accord-builtin.h"
#include "accord-entity-view.h"
#include "accord-feed.h"
#include "accord-i18n.h"
#include "accord-language.h"
#include "accord-preferences-dialog.h"
#include "accord-reveal-model.h"
#include "accord-sidebar.h"
#include "accord-sidebar-row.h"
#include "accord-store.h"
#include "accord-test-data.h"
#include "accord-utils.h"
#include "accord-widget-test-utils.h"
#include "accord-widget-utils.h"
#include "accord-window.h"

typedef gboolean (*Condition) (gpointer data);

/* Spins the main loop until @condition holds, failing after a few seconds. */
static void
wait_for (Condition condition,
          gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
window_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
dialog_is_open (gpointer data)
{
  return adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (data)) != NULL;
}

static gboolean
no_dialog_is_open (gpointer data)
{
  return !dialog_is_open (data);
}

static void
close_visible_dialog (GtkWindow *window)
{
  AdwDialog *dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));

  g_assert_nonnull (dialog);
  adw_dialog_force_close (dialog);
  wait_for (no_dialog_is_open, window);
}

static void
check_menu_actions (GtkApplication *app,
                    GtkWindow      *window)
{
  AdwDialog *dialog;
  g_auto(GStrv) close_accels = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  wait_for (dialog_is_open, window);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (dialog), ==, "AccordShortcutsDialog");
  g_assert_cmpstr (adw_dialog_get_title (dialog), ==,
                   g_str_equal (accord_i18n_get_language (), "fr") ? "Raccourcis clavier" : "Keyboard Shortcuts");
  close_visible_dialog (window);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  wait_for (dialog_is_open, window);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ADW_IS_ABOUT_DIALOG (dialog));
  g_assert_cmpstr (adw_about_dialog_get_application_name (ADW_ABOUT_DIALOG (dialog)), ==, "Accord");
  g_assert_cmpstr (adw_about_dialog_get_version (ADW_ABOUT_DIALOG (dialog)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_dialog_get_application_icon (ADW_ABOUT_DIALOG (dialog)), ==, APP_ID);
  close_visible_dialog (window);

  close_accels = gtk_application_get_accels_for_action (app, "window.close");
  g_assert_cmpstr (close_accels[0], ==, "<Control>w");
}

static void
check_primary_menu (GtkWindow *window)
{
  GtkWidget *sidebar = accord_test_template_child (window, ACCORD_TYPE_WINDOW, "sidebar");
  GtkWidget *button = accord_test_template_child (sidebar, ACCORD_TYPE_SIDEBAR, "menu_button");
  GMenuModel *menu;
  g_autoptr(GHashTable) actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The menu is built as it opens, here as F10 opens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.primary-menu", NULL));
  g_assert_true (GTK_IS_POPOVER_MENU (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)))));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (menu);
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          char *action = NULL;

          if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
            g_hash_table_add (actions, action);
        }
    }
  g_assert_true (g_hash_table_contains (actions, "app.shortcuts"));
  g_assert_true (g_hash_table_contains (actions, "app.about"));
  /* Quitting is Ctrl+Q: GNOME's primary menus leave it out. */
  g_assert_false (g_hash_table_contains (actions, "app.quit"));
}

static void
drive_app (GtkApplication *app,
           gpointer        user_data)
{
  GtkWindow *window = gtk_application_get_active_window (app);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_true (ACCORD_IS_WINDOW (window));
  wait_for (window_is_mapped, window);
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Accord");

  check_primary_menu (window);
  check_menu_actions (app, window);

  /* The window's size is remembered for the next start. */
  gtk_window_set_default_size (window, 900, 640);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
}

static void
drive_app_idle (gpointer user_data)
{
  drive_app (GTK_APPLICATION (user_data), NULL);
}

static void
on_activate (GApplication *app,
             gpointer      user_data)
{
  g_idle_add_once (drive_app_idle, app);
}

/* Each test starts from no data at all. */
static void
remove_data (void)
{
  static const char * const files[] = { "accord.db", "accord.db-wal", "accord.db-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), "accord", files[i], NULL);
      g_remove (path);
    }
}

static void
on_activate_drive (GApplication *app,
                   gpointer      drive)
{
  g_idle_add_once ((GSourceOnceFunc) drive, app);
}

/* Runs the app, which reaches out to no feed, and @drive once it is up;
 * the window's size, saved as it closes, is then forgotten. */
static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
run_app_driven (GSourceOnceFunc drive)
{
  AccordApplication *app = accord_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_uint (settings, "sync-interval", 0);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_drive), (gpointer) drive);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  /* Gone before the next test's is made, whatever still held it (a
   * reading's answer): while it lives, it stays GLib's default
   * application, the one the next one's widgets would ask. */
  g_object_add_weak_pointer (G_OBJECT (app), (gpointer *) &app);
  g_object_unref (app);
  wait_for (is_gone, &app);
}

static void
test_window_opens_and_quits (void)
{
  g_autoptr(AccordApplication) app = accord_application_new ();
  int status;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* Tests never reach out to the real feed. */
  g_settings_set_uint (settings, "sync-interval", 0);
  remove_data ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);

  status = g_application_run (G_APPLICATION (app), 0, NULL);

  g_assert_cmpint (status, ==, 0);
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

/* On a phone, the first page opened from the list takes the focus at its
 * top, on the header's back button, as every page opened after it: not
 * on its first link, where one more Enter would open the browser. */
static void
drive_narrow_first_open (gpointer user_data)
{
  GtkApplication *app = user_data;
  AccordWindow *window = ACCORD_WINDOW (gtk_application_get_active_window (app));
  GtkWidget *focus;

  wait_for (window_is_mapped, window);
  accord_test_spin (300);
  g_assert_true (adw_navigation_split_view_get_collapsed (accord_window_get_split_view (window)));
  accord_test_activate_sidebar_entity (window, "gpai");
  accord_test_spin (600);

  g_assert_true (adw_navigation_split_view_get_show_content (accord_window_get_split_view (window)));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, accord_window_get_entity_view (window)));
  g_assert_nonnull (gtk_widget_get_ancestor (focus, ADW_TYPE_HEADER_BAR));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
test_narrow_first_open_focus (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_int (settings, "window-width", 360);
  g_settings_set_int (settings, "window-height", 640);
  remove_data ();
  run_app_driven (drive_narrow_first_open);
}

/* Data that cannot be used: the window opens all the same, says why it
 * has nothing to show, and what to do about it. */
typedef struct
{
  const char *contents;      /* of the data file, or */
  const char *sql;           /* run in a new database there, or */
  const char *store_sql;     /* in a new store of Accord's */
  const char *says[2];       /* in English, in French */
  gboolean    names_folder;  /* to be moved aside, or the file's path in it */
  const char *title[2];      /* when not that the data is unavailable */
  const char *warning;       /* logged, when not that it cannot be opened */
  gboolean    can_refresh;   /* the data file open, a refresh may store data */
} Unavailable;

static const Unavailable damaged = {
  "This is not an SQLite database, whatever its name says.\n", NULL, NULL, { "damaged", "endommagé" }, TRUE,
};

/* A schema this version of Accord does not know. */
static const Unavailable newer = {
  NULL, "PRAGMA user_version = 999", NULL,
  { "Use the newer version of Accord", "Utilisez la version plus récente d’Accord" }, FALSE,
};

static const Unavailable foreign = {
  NULL, "CREATE TABLE note (text TEXT)", NULL,
  { "another program’s data, not Accord’s; it was left as it is\n\nMove that file elsewhere",
    "les données d’un autre programme, pas celles d’Accord\u202f; il a été laissé tel quel\n\nDéplacez ce fichier" },
  TRUE,
};

/* The built-in data refused at first start, as a full disk would refuse
 * it: not "no data yet", as if some were on its way. */
static const Unavailable builtin_refused = {
  NULL, NULL, "CREATE TRIGGER refuse BEFORE INSERT ON entity BEGIN SELECT RAISE (ABORT, 'no room for it'); END",
  { "no room for it", "no room for it" }, TRUE,
  { "Couldn’t Store the Built-In Data", "Impossible d’enregistrer les données intégrées" },
  "Could not store the built-in data*", TRUE,
};

static void
check_data_unavailable (GtkApplication    *app,
                        const Unavailable *expected)
{
  GtkWindow *window = gtk_application_get_active_window (app);
  GtkWidget *sidebar = accord_window_get_sidebar (ACCORD_WINDOW (window));
  AdwStatusPage *page = ADW_STATUS_PAGE (gtk_widget_get_template_child (sidebar, ACCORD_TYPE_SIDEBAR, "no_data_page"));
  gboolean french = g_str_equal (accord_i18n_get_language (), "fr");
  const char *description;
  g_autofree char *path = accord_store_default_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *escaped = g_markup_escape_text (folder, -1);
  AdwDialog *dialog;

  wait_for (window_is_mapped, window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  if (expected->title[0] != NULL)
    g_assert_cmpstr (adw_status_page_get_title (page), ==, expected->title[french]);
  else
    g_assert_cmpstr (adw_status_page_get_title (page), ==, french ? "Données indisponibles" : "Data Unavailable");
  description = adw_status_page_get_description (page);
  g_assert_nonnull (strstr (description, expected->says[french]));
  /* The whole folder: the latest changes may be in files beside the
   * database. Never for data that only needs a newer Accord. */
  g_assert_true ((strstr (description, escaped) != NULL) == expected->names_folder);
  /* A refresh has nowhere to go but for the built-in data refused. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "refresh") == expected->can_refresh);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "refresh-now") == expected->can_refresh);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (sidebar, ACCORD_TYPE_SIDEBAR,
                                                                                  "refresh_button"))) ==
                 expected->can_refresh);
  /* Preferences' Refresh Now too, which applies a typed address first. */
  accord_application_show_dialog (ACCORD_APPLICATION (app), "preferences", window);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ACCORD_IS_PREFERENCES_DIALOG (dialog));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                                  ACCORD_TYPE_PREFERENCES_DIALOG,
                                                                                  "refresh_row"))) ==
                 expected->can_refresh);
  adw_dialog_force_close (dialog);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
check_data_unavailable_idle (gpointer user_data)
{
  GtkApplication *app = user_data;

  check_data_unavailable (app, g_object_get_data (G_OBJECT (app), "expected"));
}

static void
on_activate_unavailable (GApplication *app,
                         gpointer      user_data)
{
  g_idle_add_once (check_data_unavailable_idle, app);
}

static void
write_data_file (const Unavailable *unavailable)
{
  g_autofree char *path = accord_store_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  remove_data ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  if (unavailable->contents != NULL)
    {
      g_file_set_contents (path, unavailable->contents, -1, &error);
      g_assert_no_error (error);
    }
  else
    {
      sqlite3 *db = NULL;

      if (unavailable->store_sql != NULL)
        {
          g_autoptr(AccordStore) store = accord_store_new (path, &error);

          g_assert_no_error (error);
        }
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, unavailable->sql != NULL ? unavailable->sql : unavailable->store_sql,
                                     NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
}

static void
test_data_unavailable (gconstpointer data)
{
  const Unavailable *unavailable = data;
  g_autoptr(AccordApplication) app = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  write_data_file (unavailable);
  g_settings_set_uint (settings, "sync-interval", 0);
  app = accord_application_new ();
  g_object_set_data (G_OBJECT (app), "expected", (gpointer) unavailable);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_unavailable), NULL);
  g_test_expect_message ("accord-application", G_LOG_LEVEL_WARNING,
                         unavailable->warning != NULL ? unavailable->warning : "Could not open *");
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_test_assert_expected_messages ();
  remove_data ();
}

/* On a phone, the Articles tab chosen as the page slides in, before its
 * tab bar shows at the bottom: the list, made shorter then, still opens
 * at its top, its first month heading whole. */
static void
drive_narrow_timeline_top (gpointer user_data)
{
  GtkApplication *app = user_data;
  AccordWindow *window = ACCORD_WINDOW (gtk_application_get_active_window (app));
  GtkWidget *view = accord_window_get_entity_view (window);
  GObject *timeline = gtk_widget_get_template_child (view, ACCORD_TYPE_ENTITY_VIEW, "timeline");
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (timeline));

  wait_for (window_is_mapped, window);
  /* Made narrow once open, as a phone turned upright. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_spin (300);
  accord_test_activate_sidebar_entity (window, "gpai");
  accord_entity_view_set_tab (ACCORD_ENTITY_VIEW (view), "articles");
  accord_test_spin (800);

  /* Longer than the window, or the test would prove nothing. */
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

/* The same, but for an article found by the search, shown in the list
 * as the page slides in: the list goes to it, not back to the top. */
static void
drive_narrow_article_shown (gpointer user_data)
{
  GtkApplication *app = user_data;
  AccordWindow *window = ACCORD_WINDOW (gtk_application_get_active_window (app));
  GtkWidget *view = accord_window_get_entity_view (window);
  GtkWidget *timeline = GTK_WIDGET (gtk_widget_get_template_child (view, ACCORD_TYPE_ENTITY_VIEW, "timeline"));
  AccordStore *store = accord_application_get_store (ACCORD_APPLICATION (app));
  g_autoptr(GListModel) articles = accord_store_list_articles (store, "gpai", NULL, NULL);
  g_autoptr(AccordArticle) last = g_list_model_get_item (articles, g_list_model_get_n_items (articles) - 1);
  GtkWidget *row;
  graphene_rect_t bounds;

  wait_for (window_is_mapped, window);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_spin (300);
  /* As a search result opens it. */
  accord_window_open_entity (window, "gpai");
  accord_entity_view_show_article (ACCORD_ENTITY_VIEW (view), accord_article_get_id (last));
  accord_test_spin (800);

  row = accord_focused_row (timeline, ACCORD_TYPE_ARTICLE_ROW);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_compute_bounds (row, timeline, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (timeline));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
test_narrow_article_shown (void)
{
  remove_data ();
  run_app_driven (drive_narrow_article_shown);
}

static void
test_narrow_timeline_opens_at_top (void)
{
  remove_data ();
  run_app_driven (drive_narrow_timeline_top);
}

/* The built-in data with one bookmark, whose table is then damaged. */
static void
write_data_with_damaged_bookmarks (gboolean hidden)
{
  g_autofree char *path = accord_store_default_path ();
  g_autoptr(GBytes) bytes = accord_builtin_feed_get_bytes ();
  g_autoptr(AccordFeed) feed = NULL;
  g_autoptr(AccordStore) store = NULL;
  g_autoptr(GListModel) articles = NULL;
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;

  remove_data ();
  feed = accord_feed_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  store = accord_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (accord_store_import_feed (store, feed, ACCORD_SNAPSHOT_BUILTIN, NULL, &stats, &error));
  g_assert_no_error (error);
  articles = accord_store_list_articles (store, "gpai", NULL, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (articles, i);

      g_assert_true (accord_store_add_bookmark (store, article, ACCORD_BOOKMARK_NOW, &error));
      g_assert_no_error (error);
    }
  /* Closed, all it wrote is in the file, where the damage goes. */
  g_clear_object (&articles);
  g_clear_object (&store);
  if (hidden)
    accord_test_hide_last_record (path, "bookmark");
  else
    accord_test_damage_table (path, "bookmark");
}

static gboolean
bookmarks_read (gpointer data)
{
  return !accord_bookmarks_view_is_reading (data);
}

static void
check_bookmarks_unreadable (gpointer user_data)
{
  GtkApplication *app = user_data;
  AccordWindow *window = ACCORD_WINDOW (gtk_application_get_active_window (app));
  GtkWidget *view = accord_window_get_bookmarks_view (window);
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (view, ACCORD_TYPE_BOOKMARKS_VIEW, "stack"));
  GObject *unreadable = gtk_widget_get_template_child (view, ACCORD_TYPE_BOOKMARKS_VIEW, "unreadable_page");

  wait_for (window_is_mapped, window);
  g_test_expect_message ("accord-bookmarks-view", G_LOG_LEVEL_WARNING, "*damaged*");
  accord_bookmarks_view_reload (ACCORD_BOOKMARKS_VIEW (view));
  wait_for (bookmarks_read, view);
  g_test_assert_expected_messages ();
  g_assert_true (G_OBJECT (gtk_stack_get_visible_child (stack)) == unreadable);
  /* How to save them: the command, which is not translated. */
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (unreadable)), "accord --export-bookmarks "));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

/* Bookmarks that cannot be read are not shown as none ("No Bookmarks
 * Yet"), nor those that can as all there are (a damage a plain read does
 * not see): the page says they are there, and how to save them. */
static void
test_bookmarks_unreadable (gconstpointer data)
{
  write_data_with_damaged_bookmarks (GPOINTER_TO_INT (data));
  run_app_driven (check_bookmarks_unreadable);
  remove_data ();
}

/* A refresh due at start waits until the window's first frame is
 * drawn, then runs: here against a server that has no feed. */
typedef struct
{
  GApplication *app;
  gboolean painted;
  gboolean running_at_first_paint;
  gboolean finished;
  gboolean asked;
} DueAtStart;

static void
on_first_paint (GdkFrameClock *clock,
                DueAtStart    *due)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, due);
  due->painted = TRUE;
  due->running_at_first_paint = accord_sync_get_running (accord_application_get_sync (ACCORD_APPLICATION (due->app)));
}

static void
on_activate_due (GApplication *app,
                 DueAtStart   *due)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_false (accord_sync_get_running (accord_application_get_sync (ACCORD_APPLICATION (app))));
  /* After the app's own handler: the frame is whole only once it returns. */
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (on_first_paint), due);
}

static void
on_due_sync_finished (GApplication *app,
                      gpointer      result,
                      GError       *error,
                      gboolean      asked,
                      DueAtStart   *due)
{
  g_assert_null (result);
  g_assert_nonnull (error);
  due->finished = TRUE;
  due->asked = asked;
  /* Closing the window too: it holds the app. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
test_refresh_due_after_first_frame (void)
{
  g_autoptr(AccordApplication) app = accord_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = accord_test_feed_not_found_server (&url);
  DueAtStart due = { .app = G_APPLICATION (app) };

  remove_data ();
  g_settings_set_uint (settings, "sync-interval", 360);
  g_settings_set_string (settings, "endpoint-url", url);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_due), &due);
  g_signal_connect (app, "sync-finished", G_CALLBACK (on_due_sync_finished), &due);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

  g_assert_true (due.painted);
  g_assert_false (due.running_at_first_paint);
  g_assert_true (due.finished);
  g_assert_false (due.asked);
  g_settings_reset (settings, "endpoint-url");
  g_settings_set_uint (settings, "sync-interval", 0);
  remove_data ();
}

/* Quitting while a refresh from an old address winds down, to be
 * followed by one from the new address: the app waits for the bookmark
 * just set, and starts no new refresh meanwhile. */
typedef struct
{
  GApplication *app;
  char         *slow;
  char         *fresh;
  guint         n_slow;
  guint         n_fresh;
  sqlite3      *blocker;   /* holds the database's write lock */
  char         *starred;
} QuitState;

static void
serve_quit_test (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  QuitState *state = user_data;

  if (g_str_has_suffix (path, "/slow.json"))
    {
      /* Never answered: the refresh is stopped, not finished. */
      state->n_slow++;
      soup_server_message_pause (message);
      return;
    }
  state->n_fresh++;
  soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

static gboolean
slow_request_arrived (gpointer data)
{
  return ((QuitState *) data)->n_slow > 0;
}

static gboolean
builtin_data_stored (gpointer data)
{
  AccordStore *store = accord_application_get_store (ACCORD_APPLICATION (((QuitState *) data)->app));

  return store != NULL && accord_store_get_snapshot_origin (store) != ACCORD_SNAPSHOT_NONE;
}

static void
release_write_lock (gpointer data)
{
  QuitState *state = data;

  g_assert_cmpint (sqlite3_exec (state->blocker, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&state->blocker, sqlite3_close);
}

static void
quit_during_readdressed_refresh (gpointer data)
{
  QuitState *state = data;
  AccordApplication *app = ACCORD_APPLICATION (state->app);
  GSettings *settings = accord_application_get_settings (app);
  AccordStore *store;
  g_autoptr(GListModel) articles = NULL;
  g_autoptr(AccordArticle) article = NULL;
  g_autofree char *path = accord_store_default_path ();

  wait_for (builtin_data_stored, state);
  store = accord_application_get_store (app);
  g_settings_set_string (settings, "endpoint-url", state->slow);
  accord_application_refresh (app);
  wait_for (slow_request_arrived, state);

  /* The bookmark's write waits on another program's lock for a while:
   * the stopped refresh ends meanwhile. */
  g_assert_cmpint (sqlite3_open (path, &state->blocker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (state->blocker, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_timeout_add_once (500, release_write_lock, state);

  g_settings_set_string (settings, "endpoint-url", state->fresh);
  accord_application_refresh_new_endpoint (app);
  articles = accord_store_list_articles (store, "gpai", NULL, NULL);
  article = g_list_model_get_item (articles, 0);
  state->starred = g_strdup (accord_article_get_id (article));
  accord_store_add_bookmark_async (store, article, g_get_real_time () / G_USEC_PER_SEC, NULL, NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
on_activate_quit_test (GApplication *app,
                       QuitState    *state)
{
  g_idle_add_once (quit_during_readdressed_refresh, state);
}

static void
test_quit_during_readdressed_refresh (void)
{
  g_autoptr(AccordApplication) app = accord_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  QuitState state = { .app = G_APPLICATION (app) };

  soup_server_add_handler (server, NULL, serve_quit_test, &state, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  state.slow = g_strconcat (base, "slow.json", NULL);
  state.fresh = g_strconcat (base, "fresh.json", NULL);

  remove_data ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_quit_test), &state);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

  g_assert_null (state.blocker);
  g_assert_true (accord_store_is_bookmarked (accord_application_get_store (app), state.starred));
  /* Whatever was left to run after quitting runs now, as it would have
   * before the process ended. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  g_assert_cmpuint (state.n_fresh, ==, 0);

  g_free (state.slow);
  g_free (state.fresh);
  g_free (state.starred);
  g_settings_reset (settings, "endpoint-url");
  remove_data ();
}

/* Many entities stored before the app starts, as from an earlier run;
 * with @long_names, two in three have a name that takes two lines. */
static void
store_many_entities (guint    n,
                     gboolean long_names)
{
  g_autofree char *path = accord_store_default_path ();
  g_autoptr(GString) json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1,"
                                          " \"generated\": \"2099-01-01T00:00:00Z\", \"entities\": [");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AccordFeed) feed = NULL;
  g_autoptr(AccordStore) store = NULL;
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;

  /* Most with an acronym, which their rows show under the name. */
  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"id\": \"org%03u\", \"kind\": \"%s\", \"name\": {\"en\": \"Body %03u%s\"}%s}",
                            i ? "," : "", i, i < n / 6 ? "legislation" : "organisation", i,
                            long_names && i % 3 != 0 ? " of the Intergovernmental Observatory of Artificial Intelligence" : "",
                            i % 5 != 0 ? ", \"acronym\": {\"en\": \"B\"}" : "");
  g_string_append (json, "], \"articles\": []}");
  bytes = g_bytes_new (json->str, json->len);
  feed = accord_feed_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  store = accord_store_new (path, &error);
  g_assert_no_error (error);
  accord_store_import_feed (store, feed, ACCORD_SNAPSHOT_FILE, NULL, &stats, &error);
  g_assert_no_error (error);
}

typedef struct
{
  GApplication *app;
  guint         first_rows;
  guint         rows_in_view;
} FirstFrame;

static GtkWidget *
entity_list (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *sidebar = accord_window_get_sidebar (ACCORD_WINDOW (window));

  return GTK_WIDGET (gtk_widget_get_template_child (sidebar, ACCORD_TYPE_SIDEBAR, "entity_list"));
}

static GListModel *
sidebar_items (GApplication *app)
{
  GtkListView *list = GTK_LIST_VIEW (entity_list (app));

  return gtk_single_selection_get_model (GTK_SINGLE_SELECTION (gtk_list_view_get_model (list)));
}

static gboolean
sidebar_all_revealed (gpointer app)
{
  return accord_reveal_model_get_all_revealed (ACCORD_REVEAL_MODEL (sidebar_items (app)));
}

/* The rows that show, wholly or in part, once every row is there. */
static guint
rows_in_view (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      graphene_rect_t bounds;

      if (row != NULL && ACCORD_IS_SIDEBAR_ROW (row) && gtk_widget_get_mapped (child) &&
          gtk_widget_compute_bounds (child, list, &bounds) &&
          bounds.origin.y < gtk_widget_get_height (list) && bounds.origin.y + bounds.size.height > 0)
        n++;
    }
  return n;
}

static void
count_rows_after_first_frame (gpointer user_data)
{
  FirstFrame *frame = user_data;
  GApplication *app = frame->app;

  wait_for (sidebar_all_revealed, app);
  for (guint i = 0; i < 10; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  frame->rows_in_view = rows_in_view (entity_list (app));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
on_first_frame_rows (GdkFrameClock *clock,
                     FirstFrame    *frame)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame_rows, frame);
  frame->first_rows = g_list_model_get_n_items (sidebar_items (frame->app));
  g_idle_add_once (count_rows_after_first_frame, frame);
}

static void
on_activate_first_frame (GApplication *app,
                         FirstFrame   *frame)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_first_frame_rows), frame);
}

typedef struct
{
  int      window_width;
  int      window_height;
  gboolean long_names;
  double   text_scale;   /* Large Text makes it 1.25 */
} SidebarCase;

/* At start, the first frame's sidebar has rows enough to fill it to its
 * bottom, in a tall window as in a short one, with names on one line or
 * two, and not many more: the others come in the frames after. */
static void
test_first_frame_fills_sidebar (gconstpointer data)
{
  const SidebarCase *test = data;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(AccordApplication) app = NULL;
  FirstFrame frame = { 0 };

  remove_data ();
  store_many_entities (120, test->long_names);
  g_settings_set_uint (settings, "sync-interval", 0);
  g_settings_set_int (settings, "window-width", test->window_width);
  g_settings_set_int (settings, "window-height", test->window_height);
  if (test->text_scale > 0)
    g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1024 * test->text_scale), NULL);
  app = accord_application_new ();
  frame.app = G_APPLICATION (app);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_first_frame), &frame);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

  g_test_message ("%u rows in the first frame, %u in view", frame.first_rows, frame.rows_in_view);
  g_assert_cmpuint (frame.rows_in_view, >, 5);
  g_assert_cmpuint (frame.first_rows, >=, frame.rows_in_view);
  g_assert_cmpuint (frame.first_rows, <=, frame.rows_in_view + 1);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  gtk_settings_reset_property (gtk_settings_get_default (), "gtk-xft-dpi");
  remove_data ();
}

static const SidebarCase short_window = { 1100, 600, FALSE };
static const SidebarCase tall_window = { 1100, 1150, FALSE };
static const SidebarCase long_names = { 1100, 760, TRUE };
static const SidebarCase long_names_tall = { 1100, 1150, TRUE };
static const SidebarCase long_names_wide = { 1800, 900, TRUE };
static const SidebarCase long_names_narrow = { 420, 900, TRUE };
/* One pane at a time: 700 pixels are less than the breakpoint's 600 sp. */
static const SidebarCase large_text = { 700, 900, TRUE, 1.25 };

/* A position waiting for room to scroll to is reached when the view
 * shrinks, not only when the content grows. */
static void
test_scroll_when_view_shrinks (void)
{
  g_autoptr(GtkAdjustment) adjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 600, 10, 100, 600));

  accord_scroll_when_ready (adjustment, 60);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  gtk_adjustment_set_page_size (adjustment, 300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 60);

  accord_scroll_when_ready (adjustment, 400);
  gtk_adjustment_set_upper (adjustment, 800);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 400);
}

/* Every icon the interface names exists, in the icon theme or in
 * libadwaita's own: one that does not shows as a broken image. */
static void
test_icons_exist (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autofree char *src_dir = g_test_build_filename (G_TEST_DIST, "..", "src", NULL);
  g_autoptr(GDir) dir = g_dir_open (src_dir, 0, NULL);
  g_autoptr(GRegex) icon_name = g_regex_new ("(?<![\\w.-])[\\w.-]+-symbolic", 0, 0, NULL);
  const char *name;
  guint n_checked = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (src_dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (!g_str_has_suffix (name, ".ui") && !g_str_has_suffix (name, ".c"))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      for (g_regex_match (icon_name, contents, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *icon = g_match_info_fetch (match, 0);

          /* The app's own icon is installed beside it, not in the tree. */
          if (g_str_has_prefix (icon, APP_ID))
            continue;
          if (!gtk_icon_theme_has_icon (theme, icon))
            g_error ("%s names the icon %s, which no theme has", name, icon);
          n_checked++;
        }
    }
  g_assert_cmpuint (n_checked, >, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("accord-window-XXXXXX", NULL);
  int status;

  /* Before anything reads it: this run's data, not the user's
   * (gtk_test_init() ignores G_TEST_OPTION_ISOLATE_DIRS). */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  setlocale (LC_ALL, "");
  accord_language_init (BUILD_LOCALEDIR);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/opens-and-quits", test_window_opens_and_quits);
  g_test_add_func ("/window/icons-exist", test_icons_exist);
  g_test_add_func ("/window/scroll-when-view-shrinks", test_scroll_when_view_shrinks);
  g_test_add_func ("/window/narrow-first-open-focus", test_narrow_first_open_focus);
  g_test_add_func ("/window/narrow-timeline-opens-at-top", test_narrow_timeline_opens_at_top);
  g_test_add_func ("/window/narrow-article-shown", test_narrow_article_shown);
  g_test_add_data_func ("/window/damaged-data", &damaged, test_data_unavailable);
  g_test_add_data_func ("/window/newer-data", &newer, test_data_unavailable);
  g_test_add_data_func ("/window/foreign-data", &foreign, test_data_unavailable);
  g_test_add_data_func ("/window/builtin-data-refused", &builtin_refused, test_data_unavailable);
  g_test_add_data_func ("/window/bookmarks-unreadable", GINT_TO_POINTER (FALSE), test_bookmarks_unreadable);
  g_test_add_data_func ("/window/bookmarks-partly-hidden", GINT_TO_POINTER (TRUE), test_bookmarks_unreadable);
  g_test_add_func ("/window/refresh-due-after-first-frame", test_refresh_due_after_first_frame);
  g_test_add_func ("/window/quit-during-readdressed-refresh", test_quit_during_readdressed_refresh);
  g_test_add_data_func ("/window/first-frame-fills-sidebar/short", &short_window, test_first_frame_fills_sidebar);
  g_test_add_data_func ("/window/first-frame-fills-sidebar/tall", &tall_window, test_first_frame_fills_sidebar);
  g_test_add_data_func ("/window/first-frame-fills-sidebar/long-names", &long_names,
                        test_first_frame_fills_sidebar);
  g_test_add_data_func ("/window/first-frame-fills-sidebar/long-names-tall", &long_names_tall,
                        test_first_frame_fills_sidebar);
  g_test_add_data_func ("/window/first-frame-fills-sidebar/long-names-wide", &long_names_wide,
                        test_first_frame_fills_sidebar);
  g_test_add_data_func ("/window/first-frame-fills-sidebar/long-names-narrow", &long_names_narrow,
                        test_first_frame_fills_sidebar);
  g_test_add_data_func ("/window/first-frame-fills-sidebar/large-text", &large_text, test_first_frame_fills_sidebar);

  status = g_test_run ();
  accord_remove_tree (data_home);
  return status;
}
