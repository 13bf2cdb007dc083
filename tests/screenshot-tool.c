#define G_LOG_DOMAIN "accord-screenshot"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "accord-application.h"
#include "accord-language.h"
#include "accord-entity-view.h"
#include "accord-sidebar.h"
#include "accord-window.h"
#include "accord-widget-test-utils.h"

/* Renders the real app to a PNG file, for the README, the metainfo and
 * for checking the UI by eye. Run by build-aux/screenshots. */

static char *view = NULL;
static char *output = NULL;
static int width = 1280;
static int height = 800;
static gboolean dark = FALSE;
static int status = 1;

static const GOptionEntry entries[] = {
  { "view", 0, 0, G_OPTION_ARG_STRING, &view, "entity:ID, articles:ID, bookmarks, search:TEXT (its first article opened), preferences or none", "VIEW" },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The PNG file to write", "FILE" },
  { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width", "PX" },
  { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height", "PX" },
  { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Use the dark style", NULL },
  { NULL }
};

static void
bookmark_a_few (AccordStore *store)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store, "gpai", NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (articles); i += 4)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (articles, i);

      if (!accord_article_get_bookmarked (article))
        accord_store_add_bookmark (store, article, ACCORD_BOOKMARK_NOW, NULL);
    }
}

static void
navigate (AccordWindow *window,
          AccordStore  *store)
{
  AccordSidebar *sidebar = ACCORD_SIDEBAR (accord_window_get_sidebar (window));

  if (view == NULL || g_str_equal (view, "none"))
    return;
  if (g_str_has_prefix (view, "entity:"))
    accord_sidebar_select_entity (sidebar, view + strlen ("entity:"));
  else if (g_str_has_prefix (view, "articles:"))
    {
      AccordEntityView *entity_view = ACCORD_ENTITY_VIEW (accord_window_get_entity_view (window));

      /* As a click on the Articles tab shows it: from the top. */
      accord_sidebar_select_entity (sidebar, view + strlen ("articles:"));
      accord_entity_view_set_tab (entity_view, "articles");
    }
  else if (g_str_equal (view, "bookmarks"))
    {
      bookmark_a_few (store);
      accord_sidebar_select_bookmarks (sidebar);
    }
  else if (g_str_has_prefix (view, "search:"))
    {
      GtkWidget *results = accord_test_template_child (sidebar, ACCORD_TYPE_SIDEBAR, "results_list");
      GListModel *found;

      accord_test_search (sidebar, view + strlen ("search:"));
      found = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (results)));
      /* As Enter on the first article found: its entity's timeline shows
       * beside the results, on it. */
      for (guint i = 0; i < g_list_model_get_n_items (found); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (found, i);

          if (ACCORD_IS_ARTICLE (item))
            {
              g_signal_emit_by_name (results, "activate", i);
              break;
            }
        }
    }
  else if (g_str_equal (view, "preferences"))
    gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
}

static gboolean
save_png (GtkWidget  *widget,
          const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    return FALSE;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  return gdk_texture_save_to_png (texture, path);
}

static void
on_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AccordStore *store = accord_application_get_store (ACCORD_APPLICATION (app));
  GtkWidget *content;

  gtk_window_set_default_size (window, width, height);
  /* The font a GNOME desktop on Debian 13 sets, rather than the first
   * sans-serif font fontconfig finds. */
  g_object_set (gtk_settings_get_default (), "gtk-font-name", "Cantarell 11", NULL);
  /* And its window buttons: close alone. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* Wait for the built-in data, then for the layout to settle. */
  for (guint i = 0; i < 500 && (store == NULL || accord_store_get_snapshot_origin (store) == ACCORD_SNAPSHOT_NONE); i++)
    accord_test_spin (10);
  accord_test_spin (300);
  navigate (ACCORD_WINDOW (window), store);
  accord_test_spin (700);

  /* The whole window: its content alone has no background of its own. */
  content = GTK_WIDGET (window);
  if (save_png (content, output))
    status = 0;
  else
    g_printerr ("Could not write %s\n", output);
  g_application_quit (app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- render Accord to a PNG file");
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordApplication) app = NULL;

  gtk_disable_setlocale ();
  setlocale (LC_ALL, "");
  accord_language_init (BUILD_LOCALEDIR);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || output == NULL)
    {
      g_printerr ("%s\n", error ? error->message : "--output is required");
      return 2;
    }

  /* Never reach out to the real feed from here. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_settings_set_uint (settings, "sync-interval", 0);
  }
  app = accord_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  g_application_run (G_APPLICATION (app), 1, argv);
  return status;
}
