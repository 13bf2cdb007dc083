#define G_LOG_DOMAIN "accord-test-accessibility"

#include "config.h"

#include <adwaita.h>

#include "accord-application.h"
#include "accord-bookmarks-view.h"
#include "accord-builtin.h"
#include "accord-article-row.h"
#include "accord-entity-view.h"
#include "accord-i18n.h"
#include "accord-language.h"
#include "accord-member-chip.h"
#include "accord-preferences-dialog.h"
#include "accord-shortcut-label.h"
#include "accord-sidebar.h"
#include "accord-sidebar-row.h"
#include "accord-store-private.h"
#include "accord-sync.h"
#include "accord-utils.h"
#include "accord-window.h"
#include "accord-widget-test-utils.h"

/* What a screen reader is told, read from GTK's test accessibility
 * backend (GTK_A11Y=test). That backend drops announcements: what the
 * app announces (a bookmark added from the window, a search's count, a
 * refresh's result) is heard in test-announcements, on the
 * accessibility bus. */

static AccordApplication *app;
static AccordWindow *window;

static AccordStore *
store (void)
{
  return accord_application_get_store (app);
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

static void
open_articles_of (const char *entity_id)
{
  accord_sidebar_select_entity (sidebar (), entity_id);
  accord_test_spin (50);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "stack")),
                                         "articles");
  accord_test_spin (100);
}

static void
assert_label (gpointer    widget,
              const char *expected)
{
  g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                  GTK_ACCESSIBLE_PROPERTY_LABEL, expected);

  if (mismatch != NULL)
    g_error ("%s: %s", G_OBJECT_TYPE_NAME (widget), mismatch);
}

static gboolean
has_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* A button showing only an icon: a screen reader has nothing to read
 * unless the app names it. */
static gboolean
shows_only_an_icon (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == NULL &&
           gtk_menu_button_get_child (GTK_MENU_BUTTON (widget)) == NULL;
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget)) == NULL &&
           (gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL ||
            GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (widget))));
  return FALSE;
}

static void
collect_unnamed_buttons (GtkWidget *widget,
                         GString   *unnamed)
{
  /* GTK names its own window controls, and the menu button's inner
   * toggle is hidden behind the menu button. */
  if (GTK_IS_WINDOW_CONTROLS (widget))
    return;
  if (shows_only_an_icon (widget) && !has_name (widget) &&
      !(GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget))))
    g_string_append_printf (unnamed, " %s(%s)", G_OBJECT_TYPE_NAME (widget),
                            GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget))
                                                   : gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_unnamed_buttons (child, unnamed);
}

static void
assert_icon_buttons_named (void)
{
  g_autoptr(GString) unnamed = g_string_new (NULL);

  collect_unnamed_buttons (GTK_WIDGET (window), unnamed);
  g_assert_cmpstr (unnamed->str, ==, "");
}

/* ---------------------------------------------------------------------- */

static void
test_icon_buttons_named (void)
{
  assert_icon_buttons_named ();
  open_articles_of ("gpai");
  assert_icon_buttons_named ();
  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_spin (100);
  assert_icon_buttons_named ();
}

static void
test_member_chips (void)
{
  g_autoptr(GPtrArray) chips = NULL;

  accord_sidebar_select_entity (sidebar (), "gpai");
  accord_test_spin (50);
  chips = accord_test_find_all (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "members_box"), ACCORD_TYPE_MEMBER_CHIP);
  g_assert_cmpuint (chips->len, ==, 15);
  /* Items of a list, which a screen reader counts. */
  g_assert_cmpint (gtk_accessible_get_accessible_role (
                     GTK_ACCESSIBLE (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "members_box"))),
                   ==, GTK_ACCESSIBLE_ROLE_LIST);
  for (guint i = 0; i < chips->len; i++)
    {
      AccordMemberChip *chip = g_ptr_array_index (chips, i);
      g_autofree char *read_out = g_strdup_printf (accord_test_french () ? "%s, membre fondateur" : "%s, founding member",
                                                   accord_member_chip_get_name (chip));
      GtkWidget *flag = gtk_widget_get_first_child (GTK_WIDGET (chip));
      GtkWidget *star = gtk_widget_get_last_child (GTK_WIDGET (chip));
      g_autofree char *mismatch = NULL;

      assert_label (chip, read_out);
      /* The flag and the star say nothing the name doesn't. */
      g_assert_true (GTK_IS_LABEL (flag));
      mismatch = gtk_test_accessible_check_state (GTK_ACCESSIBLE (flag), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);
      g_assert_null (mismatch);
      g_assert_true (GTK_IS_IMAGE (star));
      g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (star)), ==, GTK_ACCESSIBLE_ROLE_PRESENTATION);
    }
}

static void
assert_heading (GtkWidget *label,
                int        level)
{
  g_autofree char *mismatch = NULL;

  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_ROLE_HEADING));
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, level);
  g_assert_null (mismatch);
}

/* The labels drawn as headings within @widget, each a heading of @level
 * to a screen reader: its next-heading key finds them all. */
static void
assert_headings_within (GtkWidget *widget,
                        int        level)
{
  g_autoptr(GPtrArray) labels = accord_test_find_all (widget, GTK_TYPE_LABEL);
  guint n_headings = 0;

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "heading"))
      {
        assert_heading (g_ptr_array_index (labels, i), level);
        n_headings++;
      }
  g_assert_cmpuint (n_headings, >, 0);
}

static void
test_headings (void)
{
  GtkWidget *view;

  assert_headings_within (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list"), 2);
  accord_sidebar_select_entity (sidebar (), "gpai");
  accord_test_spin (50);
  view = GTK_WIDGET (entity_view ());
  assert_heading (accord_test_template_child (view, ACCORD_TYPE_ENTITY_VIEW, "name_label"), 1);
  assert_heading (accord_test_template_child (view, ACCORD_TYPE_ENTITY_VIEW, "members_heading"), 2);
  assert_headings_within (accord_test_template_child (view, ACCORD_TYPE_ENTITY_VIEW, "profile_box"), 3);
  /* Said instead of a profile, under the Profile heading. */
  {
    g_autoptr(GPtrArray) labels = accord_test_find_all (accord_test_template_child (view, ACCORD_TYPE_ENTITY_VIEW,
                                                                                    "no_profile"),
                                                        GTK_TYPE_LABEL);

    assert_heading (g_ptr_array_index (labels, 0), 3);
  }
  open_articles_of ("gpai");
  assert_heading (accord_test_template_child (view, ACCORD_TYPE_ENTITY_VIEW, "articles_heading"), 2);
  assert_headings_within (accord_test_template_child (view, ACCORD_TYPE_ENTITY_VIEW, "timeline"), 3);

  /* The Bookmarks page has no heading above its dates': none skipped. */
  {
    g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
    g_autoptr(AccordArticle) article = g_list_model_get_item (articles, 0);
    g_autoptr(GError) error = NULL;

    accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, &error);
    g_assert_no_error (error);
    accord_sidebar_select_bookmarks (sidebar ());
    accord_test_spin (300);
    assert_headings_within (accord_test_template_child (accord_window_get_bookmarks_view (window),
                                                        ACCORD_TYPE_BOOKMARKS_VIEW, "list"),
                            2);
    accord_store_remove_bookmark (store (), article, &error);
    g_assert_no_error (error);
    accord_sidebar_select_entity (sidebar (), "gpai");
    accord_test_spin (100);
  }
}

static GtkWidget *
star_of (AccordArticle **article)
{
  GtkWidget *list = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline");
  g_autoptr(GPtrArray) rows = accord_test_find_all (list, ACCORD_TYPE_ARTICLE_ROW);
  g_autoptr(GPtrArray) stars = NULL;

  g_assert_cmpuint (rows->len, >, 0);
  *article = accord_article_row_get_article (g_ptr_array_index (rows, 0));
  stars = accord_test_find_all (g_ptr_array_index (rows, 0), GTK_TYPE_TOGGLE_BUTTON);
  g_assert_cmpuint (stars->len, ==, 1);
  return g_ptr_array_index (stars, 0);
}

static void
test_star (void)
{
  AccordArticle *article;
  GtkWidget *star;
  g_autofree char *mismatch = NULL;
  g_autoptr(GError) error = NULL;

  open_articles_of ("gpai");
  star = star_of (&article);
  g_assert_false (accord_article_get_bookmarked (article));
  assert_label (star, accord_test_french () ? "Favori" : "Bookmark");
  mismatch = gtk_test_accessible_check_state (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_STATE_PRESSED,
                                              GTK_ACCESSIBLE_TRISTATE_FALSE);
  g_assert_null (mismatch);

  accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, &error);
  g_assert_no_error (error);
  accord_test_spin (100);
  star = star_of (&article);
  g_assert_true (accord_article_get_bookmarked (article));
  /* The same name: the state says it is pressed. */
  assert_label (star, accord_test_french () ? "Favori" : "Bookmark");
  mismatch = gtk_test_accessible_check_state (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_STATE_PRESSED,
                                              GTK_ACCESSIBLE_TRISTATE_TRUE);
  g_assert_null (mismatch);

  accord_store_remove_bookmark (store (), article, &error);
  g_assert_no_error (error);
  accord_test_spin (50);
}

static void
add_gpai_link (JsonObject *root,
               const char *link)
{
  JsonArray *entities = json_object_get_array_member (root, "entities");

  for (guint i = 0; i < json_array_get_length (entities); i++)
    {
      JsonObject *entity = json_array_get_object_element (entities, i);

      if (g_str_equal (json_object_get_string_member (entity, "id"), "gpai"))
        json_array_add_element (json_object_get_array_member (entity, "links"), json_from_string (link, NULL));
    }
}

static GtkWidget *
article_row_in (GtkWidget  *list,
                const char *article_id)
{
  g_autoptr(GPtrArray) rows = accord_test_find_all (list, ACCORD_TYPE_ARTICLE_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (accord_article_get_id (accord_article_row_get_article (g_ptr_array_index (rows, i))), article_id))
      return g_ptr_array_index (rows, i);
  g_error ("no row shows %s", article_id);
}

static gboolean
shows_link_icon (GtkWidget *row)
{
  g_autoptr(GPtrArray) images = accord_test_find_all (row, GTK_TYPE_IMAGE);

  for (guint i = 0; i < images->len; i++)
    if (g_strcmp0 (gtk_image_get_icon_name (g_ptr_array_index (images, i)), "adw-external-link-symbolic") == 0 &&
        gtk_widget_get_visible (g_ptr_array_index (images, i)))
      return TRUE;
  return FALSE;
}

static char *
feed_with_new_article (void)
{
  g_autoptr(JsonNode) feed = accord_test_builtin_feed ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *root = json_node_get_object (feed);

  json_object_set_string_member (root, "generated", "2026-11-24T08:00:00Z");

  /* Titled in the language the UI is not in, so its row shows a badge. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "fresh-1");
  json_builder_set_member_name (builder, "date");
  json_builder_add_string_value (builder, "2026-11-23");
  json_builder_set_member_name (builder, "title");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, accord_test_french () ? "en" : "fr");
  json_builder_add_string_value (builder, accord_test_french () ? "A fresh article" : "Un article tout frais");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, "fresh");
  json_builder_set_member_name (builder, "entities");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "gpai");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_array_add_element (json_object_get_array_member (root, "articles"), json_builder_get_root (builder));
  /* So are its category and a link of the Partnership. */
  json_array_add_element (json_object_get_array_member (root, "categories"),
                          json_from_string (accord_test_french () ? "{\"id\": \"fresh\", \"name\": {\"en\": \"Fresh\"}}"
                                                                  : "{\"id\": \"fresh\", \"name\": {\"fr\": \"Frais\"}}",
                                            NULL));
  add_gpai_link (root, accord_test_french () ? "{\"label\": {\"en\": \"Elsewhere\"}, \"url\": \"https://example.org/\"}"
                                             : "{\"label\": {\"fr\": \"Ailleurs\"}, \"url\": \"https://example.org/\"}");

  return json_to_string (feed, FALSE);
}

static AccordSidebarRow *
sidebar_row_in (GtkWidget  *within,
                const char *item_id)
{
  g_autoptr(GPtrArray) rows = accord_test_find_all (within, ACCORD_TYPE_SIDEBAR_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (accord_sidebar_row_get_item_id (g_ptr_array_index (rows, i)), item_id) == 0)
      return g_ptr_array_index (rows, i);
  g_error ("no sidebar row for %s", item_id);
}

static AccordSidebarRow *
sidebar_row (const char *item_id)
{
  return sidebar_row_in (GTK_WIDGET (sidebar ()), item_id);
}

/* The Bookmarks row's icon says nothing its name doesn't. */
static void
test_sidebar_icon_silent (void)
{
  g_autoptr(GPtrArray) icons = accord_test_find_all (GTK_WIDGET (sidebar_row (ACCORD_SIDEBAR_BOOKMARKS)), GTK_TYPE_IMAGE);

  g_assert_cmpuint (icons->len, ==, 1);
  g_assert_cmpint (gtk_accessible_get_accessible_role (g_ptr_array_index (icons, 0)), ==,
                   GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

/* Runs last: it replaces the built-in snapshot. */
static void
test_new_articles_and_language_badge (void)
{
  g_autofree char *json = feed_with_new_article ();
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordFeed) feed = accord_feed_parse (bytes, NULL, &error);
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) badges = g_ptr_array_new ();
  g_autofree char *row_label = NULL;
  GtkWidget *links;
  AccordImportStats stats;
  AccordSidebarRow *row;
  GtkWidget *title;

  g_assert_no_error (error);
  /* Away from the timeline, where they would be seen as they come. */
  accord_entity_view_set_tab (entity_view (), "overview");
  accord_store_import_feed (store (), feed, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_new_articles, ==, 1);
  accord_test_spin (100);

  /* "Global Partnership on AI, GPAI, 8 articles, 1 new" */
  row = sidebar_row ("gpai");
  title = accord_test_template_child (row, ACCORD_TYPE_SIDEBAR_ROW, "title");
  row_label = g_strdup_printf (accord_test_french () ? "%s, PMIA, 8 articles, 1 nouveau" : "%s, GPAI, 8 articles, 1 new",
                               gtk_label_get_text (GTK_LABEL (title)));
  assert_label (row, row_label);
  /* Said by its list item, which a screen reader reads: the row's own
   * label is not passed on. */
  assert_label (gtk_widget_get_parent (GTK_WIDGET (row)), row_label);
  /* The link named in the other language only reads out which it is. */
  links = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "links_box");
  assert_label (gtk_widget_get_last_child (links), accord_test_french () ? "Elsewhere, en anglais" : "Ailleurs, in French");

  /* The newest article, first in the timeline, has no title nor category
   * name in the UI language: their badges read out which language they
   * are in. */
  open_articles_of ("gpai");
  labels = accord_test_find_all (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline"), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "language-badge"))
      g_ptr_array_add (badges, g_ptr_array_index (labels, i));
  g_assert_cmpuint (badges->len, ==, 2);
  for (guint i = 0; i < badges->len; i++)
    g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (badges, i)), ==, accord_test_french () ? "EN" : "FR");
  assert_label (g_ptr_array_index (badges, 0), accord_test_french () ? "Catégorie en anglais" : "Category in French");
  assert_label (g_ptr_array_index (badges, 1), accord_test_french () ? "Titre en anglais" : "Title in French");
  /* Its row, read in one go, says so of both. */
  assert_label (gtk_widget_get_parent (article_row_in (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                                   "timeline"),
                                                       "fresh-1")),
                accord_test_french () ? "A fresh article, en anglais, Nouveau, 23\u00a0novembre 2026, Fresh, en anglais"
                                      : "Un article tout frais, in French, New, 23 November 2026, Frais, in French");
  /* And among search results. */
  {
    g_autoptr(GPtrArray) results = NULL;

    accord_test_search (sidebar (), "partnership");
    accord_test_spin (200);
    results = accord_test_find_all (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR,
                                                                "results_list"),
                                    ACCORD_TYPE_SIDEBAR_ROW);
    g_assert_cmpuint (results->len, >, 0);
    assert_label (gtk_widget_get_parent (g_ptr_array_index (results, 0)),
                  accord_sidebar_row_get_spoken_label (g_ptr_array_index (results, 0)));
    accord_test_search (sidebar (), "");
    accord_test_spin (100);
  }
}

static void
reimport_builtin (void)
{
  g_autoptr(GBytes) bytes = accord_builtin_feed_get_bytes ();

  accord_test_import_feed (bytes, ACCORD_SNAPSHOT_BUILTIN);
}

/* The built-in data, with an address for @article_id, stored as a sync
 * stores it. */
static void
import_builtin_with_url (const char *article_id,
                         const char *url)
{
  g_autoptr(JsonNode) root = accord_test_builtin_feed ();
  JsonArray *articles = json_object_get_array_member (json_node_get_object (root), "articles");
  g_autofree char *json = NULL;
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      JsonObject *article = json_array_get_object_element (articles, i);

      if (g_str_equal (json_object_get_string_member (article, "id"), article_id))
        json_object_set_string_member (article, "url", url);
    }
  json = json_to_string (root, FALSE);
  bytes = g_bytes_new (json, strlen (json));
  accord_test_import_feed (bytes, ACCORD_SNAPSHOT_SYNC);
}

static void
assert_description (gpointer    widget,
                    const char *expected)
{
  g_autofree char *mismatch = NULL;

  if (expected != NULL)
    mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                   expected);
  else if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION))
    mismatch = g_strdup ("a description, where none was expected");
  if (mismatch != NULL)
    g_error ("%s: %s", G_OBJECT_TYPE_NAME (widget), mismatch);
}

/* A list item is named by nothing it holds: an article's row must be
 * named by the app, or a screen reader says only "list item". */
static void
test_article_rows_named (void)
{
  const char *id = "2026-06-11-machine-unlearning-audit";
  const char *expected = accord_test_french ()
    ? "Désapprentissage machine\u00a0: Google Research valide un test d’audit, mais pas encore sur les grands "
      "modèles de langage, 11\u00a0juin 2026, Avancée méthodologique, Google Research"
    : "Machine unlearning: Google Research validates an audit test, but not yet on LLMs, 11 June 2026, "
      "Methodological advance, Google Research";
  const char *opens = accord_test_french () ? "Ouvre l’article complet dans le navigateur"
                                            : "Opens the full article in the browser";
  const char *shows = accord_test_french () ? "Affiche l’article dans sa chronologie"
                                            : "Shows the article in its timeline";
  GtkWidget *timeline = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline");
  GtkWidget *results = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list");
  GtkWidget *row;

  /* Without an address, as the built-in data has none. */
  open_articles_of ("gpai");
  row = article_row_in (timeline, id);
  assert_label (gtk_widget_get_parent (row), expected);
  assert_description (gtk_widget_get_parent (row), NULL);
  g_assert_false (shows_link_icon (row));

  import_builtin_with_url (id, "https://example.org/unlearning");
  row = article_row_in (timeline, id);
  assert_label (gtk_widget_get_parent (row), expected);
  assert_description (gtk_widget_get_parent (row), opens);
  g_assert_true (shows_link_icon (row));

  /* Among search results it opens in the timeline: no icon says it
   * opens in the browser. */
  accord_test_search (sidebar (), "unlearning");
  accord_test_spin (200);
  row = article_row_in (results, id);
  assert_label (gtk_widget_get_parent (row), expected);
  assert_description (gtk_widget_get_parent (row), shows);
  g_assert_false (shows_link_icon (row));
  accord_test_search (sidebar (), "");
  accord_test_spin (100);

  reimport_builtin ();
  accord_entity_view_set_tab (entity_view (), "overview");
}

static GtkWidget *
result_row (const char *entity_id)
{
  return GTK_WIDGET (sidebar_row_in (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list"),
                                     entity_id));
}

/* Organisations and legislation share one section of the results, in
 * the order of the ranking: each row tells its kind. */
static void
test_entity_results_tell_kind (void)
{
  accord_test_search (sidebar (), "ai");
  accord_test_spin (200);
  assert_description (gtk_widget_get_parent (result_row ("eu-ai-act")),
                      accord_test_french () ? "Texte législatif" : "Legislation");
  assert_description (gtk_widget_get_parent (result_row ("gpai")), "Organisation");
  accord_test_search (sidebar (), "");
  accord_test_spin (100);
}

static GtkWidget *
profile_grid (void)
{
  return accord_test_profile_columns (window);
}

static gboolean
profile_side_by_side (void)
{
  return profile_grid () != NULL;
}

/* Side by side, read in order, the sections of the two languages
 * alternate: the headings of the one not in the interface's language say
 * which language they are in. */
static void
test_side_by_side_headings (void)
{
  GtkToggleButton *button = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "side_by_side_button");
  GtkWidget *other_column, *own_column;

  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 900);
  accord_sidebar_select_entity (sidebar (), "gpai");
  accord_entity_view_set_tab (entity_view (), "overview");
  accord_test_spin (300);
  gtk_toggle_button_set_active (button, TRUE);
  accord_test_wait_for (profile_side_by_side);
  accord_test_spin (200);
  /* Column 0 is English, column 1 French, whatever the interface's. */
  other_column = gtk_grid_get_child_at (GTK_GRID (profile_grid ()), accord_test_french () ? 0 : 1, 1);
  own_column = gtk_grid_get_child_at (GTK_GRID (profile_grid ()), accord_test_french () ? 1 : 0, 1);
  assert_heading (gtk_widget_get_first_child (other_column), 3);
  assert_label (gtk_widget_get_first_child (other_column),
                accord_test_french () ? "What it is, en anglais" : "En bref, in French");
  assert_label (gtk_widget_get_first_child (own_column), accord_test_french () ? "En bref" : "What it is");

  gtk_toggle_button_set_active (button, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  accord_test_spin (300);
}

/* A wrong feed address is said to be wrong, and why, of the text field
 * that has the focus: not of the row around it, which is never read. */
static void
test_endpoint_invalid (void)
{
  AdwDialog *dialog;
  GtkWidget *row, *text, *problem;
  g_autofree char *mismatch = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (200);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  row = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "endpoint_row");
  problem = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "endpoint_problem");
  text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row)));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));

  gtk_editable_set_text (GTK_EDITABLE (row), "ftp://example.org/feed.json");
  g_assert_true (gtk_widget_get_visible (problem));
  mismatch = gtk_test_accessible_check_state (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_STATE_INVALID,
                                              GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_null (mismatch);

  gtk_editable_set_text (GTK_EDITABLE (row), "https://example.org/feed.json");
  g_assert_false (gtk_widget_get_visible (problem));
  mismatch = gtk_test_accessible_check_state (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_STATE_INVALID,
                                              GTK_ACCESSIBLE_INVALID_FALSE);
  g_assert_null (mismatch);

  /* Never applied: the setting stays as it was. */
  adw_dialog_force_close (dialog);
  accord_test_spin (200);
}

static SoupServerMessage *held_request;

static void
hold_request (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  held_request = message;
  soup_server_message_pause (message);
}

static gboolean
request_held (void)
{
  return held_request != NULL;
}

static gboolean
refresh_over (void)
{
  return !accord_sync_get_running (accord_application_get_sync (app));
}

/* While a refresh runs, the sidebar's list is said to be changing. */
static void
test_refresh_busy (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *before = g_settings_get_string (settings, "endpoint-url");
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = accord_test_feed_server (hold_request, &url);
  GtkAccessible *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  g_autofree char *busy = NULL;
  g_autofree char *idle = NULL;

  g_settings_set_string (settings, "endpoint-url", url);
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  accord_test_wait_for (request_held);
  busy = gtk_test_accessible_check_state (list, GTK_ACCESSIBLE_STATE_BUSY, TRUE);
  g_assert_null (busy);

  soup_server_message_set_status (held_request, SOUP_STATUS_NOT_FOUND, NULL);
  soup_server_message_unpause (held_request);
  held_request = NULL;
  accord_test_wait_for (refresh_over);
  idle = gtk_test_accessible_check_state (list, GTK_ACCESSIBLE_STATE_BUSY, FALSE);
  g_assert_null (idle);
  g_settings_set_string (settings, "endpoint-url", before);
  accord_test_spin (200);
}

/* A shortcut's row is read with its keys, not by its title alone:
 * "Refresh the Data", described as "Ctrl+R or F5". */
static void
test_shortcut_rows_described (void)
{
  g_autoptr(GPtrArray) labels = NULL;
  AdwDialog *dialog;
  guint checked = 0;

  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  accord_test_spin (50);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  labels = accord_test_find_all (dialog, ACCORD_TYPE_SHORTCUT_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      AccordShortcutLabel *label = g_ptr_array_index (labels, i);
      const char *accelerator = accord_shortcut_label_get_accelerator (label);
      GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (label), ADW_TYPE_ACTION_ROW);
      g_autofree char *expected = NULL;
      g_autofree char *mismatch = NULL;

      if (g_str_equal (accelerator, "F5"))
        expected = g_strdup_printf ("Ctrl+R %s F5", accord_test_french () ? "ou" : "or");
      else if (g_str_equal (accelerator, "<Control>f"))
        expected = g_strdup ("Ctrl+F");
      /* With the row's subtitle, which the keys' description replaces. */
      else if (g_str_equal (accelerator, "<Alt>Left"))
        expected = g_strdup (accord_test_french () ? "Alt+Gauche, Dans une fenêtre étroite" : "Alt+Left, In a narrow window");
      else
        continue;
      mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
      if (mismatch != NULL)
        g_error ("%s: %s", accelerator, mismatch);
      checked++;
    }
  g_assert_cmpuint (checked, ==, 3);
  adw_dialog_force_close (dialog);
  accord_test_spin (300);
}

static void
add_tests (AccordWindow *first_window)
{
  window = first_window;

  g_test_add_func ("/accessibility/icon-buttons-named", test_icon_buttons_named);
  g_test_add_func ("/accessibility/member-chips", test_member_chips);
  g_test_add_func ("/accessibility/headings", test_headings);
  g_test_add_func ("/accessibility/star", test_star);
  g_test_add_func ("/accessibility/article-rows-named", test_article_rows_named);
  g_test_add_func ("/accessibility/entity-results-tell-kind", test_entity_results_tell_kind);
  g_test_add_func ("/accessibility/endpoint-invalid", test_endpoint_invalid);
  g_test_add_func ("/accessibility/side-by-side-headings", test_side_by_side_headings);
  g_test_add_func ("/accessibility/shortcut-rows-described", test_shortcut_rows_described);
  g_test_add_func ("/accessibility/sidebar-icon-silent", test_sidebar_icon_silent);
  g_test_add_func ("/accessibility/new-articles-and-language-badge", test_new_articles_and_language_badge);
  g_test_add_func ("/accessibility/refresh-busy", test_refresh_busy);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = accord_test_init_app (&argc, &argv, BUILD_LOCALEDIR);
  int status;

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  app = accord_application_new ();
  status = accord_test_run_app (app, add_tests);
  g_clear_object (&app);
  accord_remove_tree (data_home);
  return status;
}
