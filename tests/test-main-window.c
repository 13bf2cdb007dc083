#define G_LOG_DOMAIN "accord-test-main-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

#include "accord-application.h"
#include "accord-builtin.h"
#include "accord-language.h"
#include "accord-article-row.h"
#include "accord-bookmarks-view.h"
#include "accord-entity-view.h"
#include "accord-i18n.h"
#include "accord-member-chip.h"
#include "accord-preferences-dialog.h"
#include "accord-reveal-model.h"
#include "accord-shortcut-label.h"
#include "accord-sidebar.h"
#include "accord-sidebar-row.h"
#include "accord-widget-utils.h"
#include "accord-store-private.h"
#include "accord-timeline-model.h"
#include "accord-utils.h"
#include "accord-window.h"
#include "accord-test-warnings.h"
#include "accord-widget-test-utils.h"

/* The real app, driven in-process on the built-in data and on a large
 * generated feed. The suite runs once in English and once in French. */

#define UNLEARNING_ARTICLE "2026-06-11-machine-unlearning-audit"

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

/* @text as it reads: without the isolates and direction marks that keep
 * the parts of a line in order. Valid until the next call. */
static const char *
as_read (const char *text)
{
  static char *read;
  GString *shown = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_type (g_utf8_get_char (p)) != G_UNICODE_FORMAT)
      g_string_append_unichar (shown, g_utf8_get_char (p));
  g_free (read);
  read = g_string_free_and_steal (shown);
  return read;
}

/* The line above an entity's name, as it reads. */
static const char *
meta_text (void)
{
  GtkLabel *meta = GTK_LABEL (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "meta_label"));

  return as_read (gtk_label_get_text (meta));
}

static void
open_entity (const char *id)
{
  accord_sidebar_select_entity (sidebar (), id);
  accord_test_spin (50);
  g_assert_cmpstr (accord_window_get_visible_view (window), ==, "entity");
  g_assert_cmpstr (accord_entity_get_id (accord_entity_view_get_entity (entity_view ())), ==, id);
}

static gboolean
timeline_filtered (void)
{
  return !accord_entity_view_get_filtering (entity_view ());
}

/* Filters the timeline, and waits for the words to be matched. */
static void
filter_timeline (const char *text)
{
  accord_entity_view_set_filter (entity_view (), text);
  accord_test_wait_for (timeline_filtered);
}

static GListModel *
timeline_model (void)
{
  return accord_entity_view_get_timeline (entity_view ());
}

static int awaited_width, awaited_height;

/* Within the few pixels its frame takes. */
static gboolean
window_has_awaited_size (void)
{
  return ABS (gtk_widget_get_width (GTK_WIDGET (window)) - awaited_width) <= 20 &&
         ABS (gtk_widget_get_height (GTK_WIDGET (window)) - awaited_height) <= 20;
}

/* Without a window manager, the answer to an earlier resize may come
 * after this one's, and put the window back to its size then: asked
 * again until it stays. A default size the window already has is not
 * asked for again, whatever the window's size: it is changed first. */
static void
resize_window (int width,
               int height)
{
  awaited_width = width;
  awaited_height = height;
  for (int tries = 0; tries < 5; tries++)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), width, height + 1);
      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
      accord_test_wait_for (window_has_awaited_size);
      accord_test_spin (300);
      if (window_has_awaited_size ())
        return;
    }
  g_error ("The window would not stay %d by %d", width, height);
}

/* Low enough for a short list to scroll. */
static void
make_window_low (void)
{
  resize_window (1200, 420);
}

/* Whether the keyboard focus is in @widget, in whichever window it is. */
static gboolean
focus_is_in (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, widget);
}

/* ---------------------------------------------------------------------- */

static void
test_sidebar_sections (void)
{
  GListModel *items = accord_sidebar_get_entities (sidebar ());
  gboolean seen_gpai = FALSE, seen_act = FALSE;
  AccordEntityKind previous = ACCORD_ENTITY_KIND_ORGANISATION;

  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 12);
  for (guint i = 1; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(AccordEntity) entity = g_list_model_get_item (items, i);

      g_assert_true (ACCORD_IS_ENTITY (entity));
      /* Organisations first, then legislation. */
      g_assert_cmpint (accord_entity_get_kind (entity), >=, previous);
      previous = accord_entity_get_kind (entity);
      seen_gpai |= g_str_equal (accord_entity_get_id (entity), "gpai") &&
                   accord_entity_get_kind (entity) == ACCORD_ENTITY_KIND_ORGANISATION;
      seen_act |= g_str_equal (accord_entity_get_id (entity), "eu-ai-act") &&
                  accord_entity_get_kind (entity) == ACCORD_ENTITY_KIND_LEGISLATION;
    }
  g_assert_true (seen_gpai);
  g_assert_true (seen_act);
}

static const char *shown_count (const char *id);

/* A count shows only when there is something to count. */
static void
test_sidebar_counts (void)
{
  g_assert_cmpstr (shown_count ("gpai"), ==, "7");
  g_assert_cmpstr (shown_count ("eu-ai-act"), ==, "5");
  g_assert_cmpstr (shown_count ("oecd"), ==, "");
  g_assert_cmpstr (shown_count ("bookmarks"), ==, "");
}

static void
test_entity_page (void)
{
  g_autoptr(GPtrArray) chips = NULL;
  GtkLabel *name, *heading, *facts;
  gboolean found_korea = FALSE, found_eu = FALSE;

  open_entity ("gpai");

  name = GTK_LABEL (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "name_label"));
  g_assert_cmpstr (gtk_label_get_text (name), ==,
                   accord_test_french () ? "Partenariat mondial sur l’intelligence artificielle"
                             : "Global Partnership on Artificial Intelligence");
  facts = GTK_LABEL (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "facts_label"));
  /* Each date said the same way: "in" a year, "on" a day. */
  g_assert_cmpstr (gtk_label_get_text (facts), ==,
                   accord_test_french () ? "Création\u00a0: 2020\u00a0· Mise à jour\u00a0: 5\u00a0juin 2026"
                                         : "Founded in 2020\u00a0· Updated on 5 June 2026");
  open_entity ("eu-ai-act");
  g_assert_cmpstr (gtk_label_get_text (facts), ==,
                   accord_test_french () ? "Adoption\u00a0: 13\u00a0juin 2024" : "Adopted on 13 June 2024");
  open_entity ("gpai");

  heading = GTK_LABEL (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "members_heading"));
  g_assert_cmpstr (gtk_label_get_text (heading), ==, accord_test_french () ? "15 membres" : "15 members");
  g_assert_cmpstr (meta_text (),
                   ==, accord_test_french () ? "PMIA\u00a0· Organisation" : "GPAI\u00a0· Organisation");

  chips = accord_test_find_all (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "members_box"), ACCORD_TYPE_MEMBER_CHIP);
  g_assert_cmpuint (chips->len, ==, 15);
  for (guint i = 0; i < chips->len; i++)
    {
      AccordMemberChip *chip = g_ptr_array_index (chips, i);
      const char *country = accord_member_chip_get_name (chip);

      if (g_str_equal (accord_member_chip_get_code (chip), "KR"))
        found_korea = g_str_equal (country, accord_test_french () ? "Corée, République de" : "South Korea") ||
                      g_str_equal (country, accord_test_french () ? "Corée du Sud" : "South Korea");
      if (g_str_equal (accord_member_chip_get_code (chip), "EU"))
        found_eu = g_str_equal (country, accord_test_french () ? "Union européenne" : "European Union");
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (chip), "founding"));
      /* In the language's order, whatever the locale's collation. */
      if (i > 0)
        {
          g_autofree char *before = accord_sort_key (accord_member_chip_get_name (g_ptr_array_index (chips, i - 1)));
          g_autofree char *here = accord_sort_key (country);

          g_assert_cmpint (strcmp (before, here), <=, 0);
        }
    }
  g_assert_true (found_korea);
  g_assert_true (found_eu);
  /* What their star means is written out: a chip takes no focus, so a
   * keyboard user never sees its tooltip. */
  g_assert_true (gtk_widget_get_visible (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                     "founding_legend")));

  /* A law applies in places; it has no members. */
  open_entity ("eu-ai-act");
  g_assert_false (gtk_widget_get_visible (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                      "founding_legend")));
  g_assert_cmpstr (gtk_label_get_text (heading), ==,
                   accord_test_french () ? "S’applique dans 1 territoire" : "Applies in 1 jurisdiction");
  /* One law, not a body of laws. */
  g_assert_cmpstr (meta_text (),
                   ==, accord_test_french () ? "RIA\u00a0· Texte législatif" : "AI Act\u00a0· Legislation");
}

static char *
first_profile_heading (void)
{
  GtkWidget *box = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_box");
  g_autoptr(GPtrArray) labels = accord_test_find_all (box, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "heading"))
      return g_strdup (gtk_label_get_text (g_ptr_array_index (labels, i)));
  return NULL;
}

static void
test_profile_toggle (void)
{
  AdwToggleGroup *toggles;
  g_autofree char *english = NULL;
  g_autofree char *french_heading = NULL;

  open_entity ("gpai");
  toggles = ADW_TOGGLE_GROUP (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "language_toggles"));

  /* The profile opens in the UI language. */
  g_assert_cmpstr (adw_toggle_group_get_active_name (toggles), ==, accord_i18n_get_language ());

  adw_toggle_group_set_active_name (toggles, "en");
  english = first_profile_heading ();
  adw_toggle_group_set_active_name (toggles, "fr");
  french_heading = first_profile_heading ();

  g_assert_cmpstr (english, ==, "What it is");
  g_assert_nonnull (french_heading);
  g_assert_cmpstr (french_heading, !=, english);
  adw_toggle_group_set_active_name (toggles, accord_i18n_get_language ());
}

static void
test_timeline_grouped_by_month (void)
{
  AccordTimelineModel *model;
  GListModel *list;
  guint start, end;

  open_entity ("gpai");
  list = timeline_model ();
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 7);
  model = ACCORD_TIMELINE_MODEL (list);

  g_assert_cmpuint (accord_timeline_model_get_month (model, 0), ==, 202606);
  gtk_section_model_get_section (GTK_SECTION_MODEL (model), 0, &start, &end);
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (end, ==, 2);
  g_assert_cmpuint (accord_timeline_model_get_month (model, 6), ==, 202112);

  /* Its heading starts with a capital, in French as in English. */
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_spin (300);
  {
    g_autoptr(GPtrArray) labels = accord_test_find_all (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                                     "timeline"),
                                                        GTK_TYPE_LABEL);
    gboolean found = FALSE;

    for (guint i = 0; i < labels->len; i++)
      found |= g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, i)),
                            accord_test_french () ? "Juin 2026" : "June 2026");
    g_assert_true (found);
  }
  accord_entity_view_set_tab (entity_view (), "overview");
}

static gboolean
timeline_drawn (void)
{
  GtkWidget *timeline = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline");

  return gtk_list_view_get_model (GTK_LIST_VIEW (timeline)) != NULL && gtk_widget_get_mapped (timeline) &&
         accord_entity_view_get_timeline_settled (ACCORD_ENTITY_VIEW (entity_view ()));
}

static gboolean entity_scrolled (void);

/* Another entity opens at the top of its page, whatever the last one's
 * scroll. */
static void
test_entity_page_from_top (void)
{
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "overview");
  accord_entity_view_set_scroll (entity_view (), 240);
  accord_test_wait_for (entity_scrolled);

  open_entity ("eu-ai-act");
  accord_test_spin (100);
  g_assert_cmpfloat (accord_entity_view_get_scroll (entity_view ()), ==, 0);
}

static void reimport_builtin (void);

/* The Articles tab opens on the newest month, its heading in sight. */
static void
test_timeline_opens_at_top (void)
{
  GtkWidget *timeline;
  GtkAdjustment *adjustment;
  g_autoptr(GPtrArray) labels = NULL;
  const char *month = accord_test_french () ? "Juin 2026" : "June 2026";
  gboolean heading_shown = FALSE;

  open_entity ("gpai");
  accord_entity_view_set_tab (ACCORD_ENTITY_VIEW (entity_view ()), "articles");
  accord_test_wait_for (timeline_drawn);
  accord_test_spin (100);

  timeline = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline");
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (timeline));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  labels = accord_test_find_all (timeline, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      graphene_point_t point;

      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), month) == 0 && gtk_widget_get_mapped (label) &&
          gtk_widget_compute_point (label, timeline, &GRAPHENE_POINT_INIT (0, 0), &point))
        heading_shown = point.y >= 0;
    }
  g_assert_true (heading_shown);

  /* Refreshed data for the same entity: the timeline stays put. (In a
   * window low enough for it to scroll.) */
  make_window_low ();
  gtk_adjustment_set_value (adjustment, 60);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 60);
  reimport_builtin ();
  accord_test_wait_for (timeline_drawn);
  accord_test_spin (100);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (timeline));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 60);

  accord_entity_view_set_tab (ACCORD_ENTITY_VIEW (entity_view ()), "overview");
  resize_window (1200, 800);
}

static AccordArticle *
find_article (GListModel *list,
              const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (list, i);

      if (g_str_equal (accord_article_get_id (article), id))
        return g_steal_pointer (&article);
    }
  return NULL;
}

/* @entity_id's page, and on it @article_id's article. */
static AccordArticle *
open_article (const char *entity_id,
              const char *article_id)
{
  AccordArticle *article;

  open_entity (entity_id);
  article = find_article (timeline_model (), article_id);
  g_assert_nonnull (article);
  return article;
}

static const char small_feed[] =
  "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
  " \"entities\": [{\"id\": \"gpai\", \"kind\": \"organisation\", \"name\": {\"en\": \"GPAI\"}}],"
  " \"articles\": []}";

static void
import_string (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordFeed) feed = accord_feed_parse (bytes, NULL, &error);
  AccordImportStats stats;

  g_assert_no_error (error);
  accord_store_import_feed (store (), feed, ACCORD_SNAPSHOT_FILE, NULL, &stats, &error);
  g_assert_no_error (error);
  accord_test_spin (50);
}

static void
reimport_builtin (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordFeed) feed = NULL;
  AccordImportStats stats;

  bytes = accord_builtin_feed_get_bytes ();
  feed = accord_feed_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  accord_store_import_feed (store (), feed, ACCORD_SNAPSHOT_BUILTIN, NULL, &stats, &error);
  g_assert_no_error (error);
  accord_test_spin (50);
}

static const char *awaited_bookmark;
static gboolean awaited_state;

static gboolean
bookmark_in_awaited_state (void)
{
  return accord_store_is_bookmarked (store (), awaited_bookmark) == awaited_state;
}

/* Bookmarks are written in the background: waits for the store. */
static void
wait_for_bookmark (const char *article_id,
                   gboolean    bookmarked)
{
  awaited_bookmark = article_id;
  awaited_state = bookmarked;
  accord_test_wait_for (bookmark_in_awaited_state);
}

/* A button bound to a window action is sensitive when the action is
 * enabled. */
static gboolean
window_action_enabled (const char *action)
{
  GtkWidget *search = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "search_entry");
  GtkWidget *box = gtk_widget_get_parent (search);
  GtkWidget *button = gtk_button_new ();
  gboolean enabled;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_box_append (GTK_BOX (box), button);
  enabled = gtk_widget_get_sensitive (button);
  gtk_box_remove (GTK_BOX (box), button);
  return enabled;
}

static const char *bookmarks_count_label (void);

/* The Bookmarks page reads its list in the background. */
static gboolean
bookmarks_read (void)
{
  return !accord_bookmarks_view_is_reading (ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window)));
}

static void
test_bookmark_survives_reimport (void)
{
  const char *id = "2025-07-11-gpai-code-of-practice-final";
  g_autoptr(AccordArticle) article = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  AccordBookmarksView *bookmarks_view;
  GListModel *bookmarks;
  g_autoptr(AccordArticle) kept = NULL;

  article = open_article ("eu-ai-act", id);
  g_assert_false (accord_article_get_bookmarked (article));
  /* Nothing to export yet; importing is always there. */
  g_assert_false (window_action_enabled ("win.export-bookmarks"));
  g_assert_true (window_action_enabled ("win.import-bookmarks"));

  accord_window_toggle_bookmark (window, article);
  g_assert_true (accord_article_get_bookmarked (article));
  wait_for_bookmark (id, TRUE);
  accord_test_spin (50);
  g_assert_true (window_action_enabled ("win.export-bookmarks"));

  /* The Bookmarks row counts it. */
  accord_test_spin (50);
  {
    g_assert_cmpstr (bookmarks_count_label (), ==, "1");
  }

  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_spin (50);
  g_assert_cmpstr (accord_window_get_visible_view (window), ==, "bookmarks");
  /* Still the highlighted row after a change of its count. */
  accord_store_remove_bookmark (store (), article, NULL);
  accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, NULL);
  accord_test_spin (50);
  accord_test_wait_for (bookmarks_read);
  g_assert_true (gtk_selection_model_is_selected (
    gtk_list_view_get_model (GTK_LIST_VIEW (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list"))), 0));
  bookmarks_view = ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window));
  bookmarks = accord_bookmarks_view_get_model (bookmarks_view);
  g_assert_cmpuint (g_list_model_get_n_items (bookmarks), ==, 1);

  /* A feed without the article: the bookmark stays, marked. */
  import_string (small_feed);
  accord_test_wait_for (bookmarks_read);
  bookmarks = accord_bookmarks_view_get_model (bookmarks_view);
  g_assert_cmpuint (g_list_model_get_n_items (bookmarks), ==, 1);
  kept = g_list_model_get_item (bookmarks, 0);
  g_assert_cmpstr (accord_article_get_id (kept), ==, id);
  g_assert_false (accord_article_get_in_feed (kept));
  rows = accord_test_find_all (bookmarks_view, ACCORD_TYPE_ARTICLE_ROW);
  g_assert_cmpuint (rows->len, >=, 1);

  /* Removing it from the Bookmarks page leaves it to an undo toast. */
  accord_window_toggle_bookmark (window, kept);
  wait_for_bookmark (id, FALSE);

  reimport_builtin ();
}

static gboolean
bookmarks_row_focused (void)
{
  GtkWidget *view = accord_window_get_bookmarks_view (window);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, view) &&
         accord_row_holding (focus, ACCORD_TYPE_ARTICLE_ROW) != NULL;
}

static gboolean
bookmarks_row_shown (void)
{
  g_autoptr(GPtrArray) rows = accord_test_find_all (accord_window_get_bookmarks_view (window), ACCORD_TYPE_ARTICLE_ROW);

  return rows->len > 0;
}

/* The Bookmarks page reads its list in the background: the focus goes to
 * its first row once the row is there. */
static void
focus_first_bookmark_row (void)
{
  accord_test_wait_for (bookmarks_row_shown);
  /* Not by Tab: the page may remember a focus it no longer shows. */
  accord_list_view_focus (GTK_LIST_VIEW (accord_test_template_child (accord_window_get_bookmarks_view (window),
                                                                     ACCORD_TYPE_BOOKMARKS_VIEW, "list")),
                          0);
  accord_test_wait_for (bookmarks_row_focused);
}

static GPtrArray *undo_buttons (void);

static gboolean timeline_row_focused (void);

/* The row the focus is on or in, itself or as a list item's child. */
static AccordArticleRow *
focused_article_row (void)
{
  GtkWidget *row = accord_focused_row (GTK_WIDGET (window), ACCORD_TYPE_ARTICLE_ROW);

  return row != NULL ? ACCORD_ARTICLE_ROW (row) : NULL;
}

static const char *awaited_focus_article;

/* Whether the focus is on a row showing awaited_focus_article. */
static gboolean
focus_shows_article (void)
{
  AccordArticleRow *row = focused_article_row ();

  return row != NULL &&
         g_strcmp0 (accord_article_get_id (accord_article_row_get_article (row)), awaited_focus_article) == 0;
}

/* Ctrl+D on the last bookmark, on the Bookmarks page: the focus does not
 * fall to the toast's Undo, where one more key press would undo it. */
static void
test_remove_last_bookmark_focus (void)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) article = g_list_model_get_item (articles, 0);
  const char *id = accord_article_get_id (article);
  GtkWidget *overlay = accord_test_template_child (window, ACCORD_TYPE_WINDOW, "toast_overlay");
  GtkWidget *focus;

  g_assert_cmpuint (accord_store_get_n_bookmarks (store ()), ==, 0);
  accord_window_toggle_bookmark (window, article);
  wait_for_bookmark (id, TRUE);
  accord_sidebar_select_bookmarks (sidebar ());
  focus_first_bookmark_row ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark-focused", NULL);
  wait_for_bookmark (id, FALSE);
  accord_test_spin (200);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == NULL || gtk_widget_is_ancestor (focus, adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay))));

  /* Undone from the keyboard, which takes the toast away: the focus
   * goes back to the bookmark, not to the window's first button. Then
   * removed without a toast. */
  {
    g_autoptr(GPtrArray) buttons = undo_buttons ();

    g_assert_cmpuint (buttons->len, ==, 1);
    gtk_widget_grab_focus (g_ptr_array_index (buttons, 0));
    g_signal_emit_by_name (g_ptr_array_index (buttons, 0), "clicked");
    wait_for_bookmark (id, TRUE);
    awaited_focus_article = id;
    accord_test_wait_for (focus_shows_article);
    accord_store_remove_bookmark (store (), article, NULL);
    accord_test_spin (50);
  }
  open_entity ("gpai");
}

static GtkEventController *named_controller (GtkWidget  *widget,
                                             const char *name);

static gboolean
timeline_at_top_on_first (void)
{
  GtkWidget *timeline = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline");
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (timeline));
  g_autoptr(AccordArticle) first = g_list_model_get_item (timeline_model (), 0);
  AccordArticleRow *row = focused_article_row ();

  return gtk_adjustment_get_value (adjustment) == 0 && row != NULL &&
         g_str_equal (accord_article_get_id (accord_article_row_get_article (row)), accord_article_get_id (first));
}

/* Home in the timeline goes to the first article with its month's
 * heading in view, not just below it. */
static void
test_timeline_home (void)
{
  GtkWidget *timeline = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline");
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (timeline));
  gboolean handled = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 420);
  accord_test_spin (200);
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_spin (300);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  accord_list_view_focus (GTK_LIST_VIEW (timeline), g_list_model_get_n_items (timeline_model ()) - 1);
  accord_test_spin (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);

  g_signal_emit_by_name (named_controller (timeline, "timeline-keys"), "key-pressed", GDK_KEY_Home, 0, 0, &handled);
  g_assert_true (handled);
  accord_test_wait_for (timeline_at_top_on_first);

  accord_entity_view_set_tab (entity_view (), "overview");
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  accord_test_spin (200);
}

static void dismiss_toasts (void);

/* Ctrl+D twice on the Partnership's first article in the timeline,
 * which keeps the focus: bookmarked, and the bookmark removed. */
static AccordArticle *
bookmark_and_remove_in_timeline (void)
{
  GtkWidget *list = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline");
  AccordArticle *article;

  /* None left from before, on its way out. */
  dismiss_toasts ();
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_spin (200);
  gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD);
  accord_test_wait_for (timeline_row_focused);
  g_assert_nonnull (focused_article_row ());
  article = g_object_ref (accord_article_row_get_article (focused_article_row ()));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark-focused", NULL);
  wait_for_bookmark (accord_article_get_id (article), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark-focused", NULL);
  wait_for_bookmark (accord_article_get_id (article), FALSE);
  return article;
}

/* The toast's Undo in an entity's timeline, where the row stays, gives
 * the focus back to it. */
static void
test_undo_focus_in_timeline (void)
{
  g_autoptr(AccordArticle) article = bookmark_and_remove_in_timeline ();
  const char *id = accord_article_get_id (article);

  {
    g_autoptr(GPtrArray) buttons = undo_buttons ();

    g_assert_cmpuint (buttons->len, ==, 1);
    gtk_widget_grab_focus (g_ptr_array_index (buttons, 0));
    g_signal_emit_by_name (g_ptr_array_index (buttons, 0), "clicked");
  }
  wait_for_bookmark (id, TRUE);
  awaited_focus_article = id;
  accord_test_wait_for (focus_shows_article);
  accord_store_remove_bookmark (store (), article, NULL);
  accord_test_spin (50);
}

static gboolean press_window_shortcut (const char *accelerator);
static gboolean no_undo_button (void);

/* Ctrl+Z does what the toast's Undo does, the focus staying on the
 * article, and only while the toast shows. */
static void
test_undo_by_keyboard (void)
{
  g_autoptr(AccordArticle) article = NULL;
  const char *id;

  dismiss_toasts ();
  g_assert_false (window_action_enabled ("win.undo-remove"));
  article = bookmark_and_remove_in_timeline ();
  id = accord_article_get_id (article);
  g_assert_true (window_action_enabled ("win.undo-remove"));

  g_assert_true (press_window_shortcut ("<Control>z"));
  wait_for_bookmark (id, TRUE);
  accord_test_wait_for (no_undo_button);
  g_assert_false (window_action_enabled ("win.undo-remove"));
  awaited_focus_article = id;
  accord_test_wait_for (focus_shows_article);

  accord_store_remove_bookmark (store (), article, NULL);
  accord_test_spin (50);
  accord_entity_view_set_tab (entity_view (), "overview");
}

/* The empty Bookmarks page has nothing to use: Tab goes round the window
 * without stopping on it, unless it has just taken the focus from the
 * last bookmark removed, and then only until the focus moves on. (Its
 * scroller is a stop, as in any status page, to scroll it by keys.) */
static guint
tab_stops_on (GtkWidget *page)
{
  GtkWidget *first = gtk_root_get_focus (GTK_ROOT (window));
  guint stops = 0;

  g_assert_nonnull (first);
  for (guint i = 0; i < 80; i++)
    {
      GtkWidget *focus;

      g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus == first)
        return stops;
      if (focus == page)
        stops++;
    }
  g_assert_not_reached ();
}

static void
test_empty_bookmarks_tab_stops (void)
{
  GtkWidget *view, *page;

  g_assert_cmpuint (accord_store_get_n_bookmarks (store ()), ==, 0);
  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_spin (200);
  view = accord_window_get_bookmarks_view (window);
  page = accord_test_template_child (view, ACCORD_TYPE_BOOKMARKS_VIEW, "empty_page");
  g_assert_true (gtk_widget_get_mapped (page));

  gtk_widget_grab_focus (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "search_entry"));
  g_assert_cmpuint (tab_stops_on (page), ==, 0);

  /* Given the focus by the last removal, it keeps it until it moves. */
  {
    g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
    g_autoptr(AccordArticle) article = g_list_model_get_item (articles, 0);

    accord_window_toggle_bookmark (window, article);
    wait_for_bookmark (accord_article_get_id (article), TRUE);
    focus_first_bookmark_row ();
    gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark-focused", NULL);
    wait_for_bookmark (accord_article_get_id (article), FALSE);
    accord_test_spin (200);
  }
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == page);
  g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
  g_assert_cmpuint (tab_stops_on (page), ==, 0);
  open_entity ("gpai");
}

static const char *
bookmarks_count_label (void)
{
  g_autoptr(GPtrArray) rows = accord_test_find_all (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list"),
                                        ACCORD_TYPE_SIDEBAR_ROW);
  GtkWidget *count;

  g_assert_cmpuint (rows->len, >, 0);
  count = accord_test_template_child (g_ptr_array_index (rows, 0), ACCORD_TYPE_SIDEBAR_ROW, "count");
  return gtk_widget_get_visible (count) ? gtk_label_get_text (GTK_LABEL (count)) : "";
}

static gboolean lock_released;

static gboolean
release_lock (gpointer data)
{
  g_assert_cmpint (sqlite3_exec (data, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  lock_released = TRUE;
  return G_SOURCE_REMOVE;
}

/* While a refresh holds the database's write lock, starring and
 * unstarring leave the window responsive, and land in order once the
 * lock is gone. */
static void
test_bookmark_while_database_busy (void)
{
  const char *id = "2025-07-11-gpai-code-of-practice-final";
  g_autofree char *path = accord_store_default_path ();
  g_autoptr(AccordArticle) article = NULL;
  sqlite3 *other = NULL;
  gint64 started, created;
  guint ticks = 0;

  article = open_article ("eu-ai-act", id);
  g_assert_false (accord_article_get_bookmarked (article));

  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  lock_released = FALSE;

  started = g_get_monotonic_time ();
  accord_window_toggle_bookmark (window, article);
  g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC / 2);
  g_assert_true (accord_article_get_bookmarked (article));
  created = accord_article_get_bookmarked_at (article);

  /* Removed, then starred again, all while the lock is held. */
  accord_window_toggle_bookmark (window, article);
  g_assert_false (accord_article_get_bookmarked (article));
  accord_window_toggle_bookmark (window, article);
  g_assert_true (accord_article_get_bookmarked (article));

  /* The main loop goes on meanwhile; nothing is stored yet. */
  while (ticks < 20)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
      ticks++;
    }
  g_assert_false (accord_store_is_bookmarked (store (), id));

  g_timeout_add (50, release_lock, other);
  wait_for_bookmark (id, TRUE);
  g_assert_true (lock_released);
  accord_test_spin (50);
  g_assert_cmpstr (bookmarks_count_label (), ==, "1");
  g_assert_true (accord_article_get_bookmarked (article));
  g_assert_cmpint (accord_article_get_bookmarked_at (article), >=, created);

  sqlite3_close (other);
  accord_window_toggle_bookmark (window, article);
  wait_for_bookmark (id, FALSE);
  accord_test_spin (50);
  g_assert_cmpstr (bookmarks_count_label (), ==, "");
}

static AccordArticle *failing_article;

static gboolean
star_put_back (void)
{
  return !accord_article_get_bookmarked (failing_article);
}

static const char *awaited_toast;
static gboolean toast_shown (void);
static void dismiss_toasts (void);

/* Another program holding Accord's data file until let_go_data():
 * the store's writes wait @busy_ms for it, then fail. */
/* What a bookmark not saved for want of the data file says. */
static const char *
bookmark_not_saved_toast (gboolean french)
{
  return french ? "Impossible d’enregistrer le favori\u00a0: les données d’Accord sont utilisées par un autre programme"
                : "Couldn’t save the bookmark: Accord’s data is in use by another program";
}

static sqlite3 *
hold_data (guint busy_ms)
{
  g_autofree char *path = accord_store_default_path ();
  sqlite3 *other = NULL;

  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  accord_store_wait_for_writes (store ());
  accord_store_set_busy_timeout (store (), busy_ms);
  return other;
}

static void
let_go_data (sqlite3 *other)
{
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
  accord_store_wait_for_writes (store ());
  accord_store_set_busy_timeout (store (), 10000);
}

/* A write that fails after its window closed: the star is put back,
 * and the window still open says why. */
static void
test_bookmark_fails_after_window_closed (void)
{
  const char *id = "2025-07-11-gpai-code-of-practice-final";
  AccordWindow *other_window = accord_window_new (ACCORD_APPLICATION (app));
  g_autoptr(AccordArticle) article = NULL;
  sqlite3 *other;

  gtk_window_present (GTK_WINDOW (other_window));
  accord_test_spin (50);
  article = open_article ("eu-ai-act", id);

  other = hold_data (200);

  dismiss_toasts ();
  g_test_expect_message ("accord-window", G_LOG_LEVEL_MESSAGE, "*database is locked*");
  accord_window_toggle_bookmark (other_window, article);
  g_assert_true (accord_article_get_bookmarked (article));
  gtk_window_destroy (GTK_WINDOW (other_window));

  failing_article = article;
  accord_test_wait_for (star_put_back);
  g_assert_false (accord_store_is_bookmarked (store (), id));
  /* The window still open tells, as it would after a change of language. */
  awaited_toast = bookmark_not_saved_toast (accord_test_french ());
  accord_test_wait_for (toast_shown);
  g_test_assert_expected_messages ();
  dismiss_toasts ();

  let_go_data (other);
}

/* Enough articles to fill a page: those of the Partnership and of the
 * AI Act. */
static GListModel *
many_articles (void)
{
  const char * const entities[] = { "gpai", "eu-ai-act" };
  GListStore *all = g_list_store_new (ACCORD_TYPE_ARTICLE);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint e = 0; e < G_N_ELEMENTS (entities); e++)
    {
      g_autoptr(GListModel) articles = accord_store_list_articles (store (), entities[e], NULL, NULL);

      for (guint i = 0; i < g_list_model_get_n_items (articles); i++)
        {
          g_autoptr(AccordArticle) article = g_list_model_get_item (articles, i);

          if (g_hash_table_add (seen, g_strdup (accord_article_get_id (article))))
            g_list_store_append (all, article);
        }
    }
  return G_LIST_MODEL (all);
}

static GPtrArray *
undo_buttons (void)
{
  GtkWidget *overlay = accord_test_template_child (window, ACCORD_TYPE_WINDOW, "toast_overlay");
  GPtrArray *found = g_ptr_array_new ();

  /* The overlay's children after its content are the toasts on screen. */
  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child; child = gtk_widget_get_next_sibling (child))
    {
      g_autoptr(GPtrArray) buttons = NULL;

      if (child == adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay)))
        continue;
      buttons = accord_test_find_all (child, GTK_TYPE_BUTTON);
      for (guint i = 0; i < buttons->len; i++)
        if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), _("_Undo")) == 0)
          g_ptr_array_add (found, g_ptr_array_index (buttons, i));
    }
  return found;
}

static gboolean
toast_shown (void)
{
  GtkWidget *overlay = accord_test_template_child (window, ACCORD_TYPE_WINDOW, "toast_overlay");

  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child; child = gtk_widget_get_next_sibling (child))
    {
      g_autoptr(GPtrArray) labels = NULL;

      if (child == adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay)))
        continue;
      labels = accord_test_find_all (child, GTK_TYPE_LABEL);
      for (guint i = 0; i < labels->len; i++)
        if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), awaited_toast) == 0)
          return TRUE;
    }
  return FALSE;
}

/* Importing a file twice says why the second time adds nothing. */
static void
test_import_bookmarks_twice (void)
{
  static const char json[] =
    "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
    " {\"article\": \"" UNLEARNING_ARTICLE "\", \"bookmarked\": \"2026-06-12T10:00:00Z\","
    "  \"title\": {\"en\": \"Unlearning\"}}, {\"no-article\": true}]}";
  g_autofree char *path = g_build_filename (g_getenv ("XDG_DATA_HOME"), "accord-test-bookmarks.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AccordArticle) article = NULL;

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  accord_window_import_bookmarks (window, file);
  awaited_toast = accord_test_french () ? "1 favori ajouté, 1 illisible" : "1 bookmark added, 1 unreadable";
  accord_test_wait_for (toast_shown);
  accord_window_import_bookmarks (window, file);
  awaited_toast = accord_test_french () ? "0 favori ajouté, 1 déjà présent, 1 illisible"
                                        : "0 bookmarks added, 1 already there, 1 unreadable";
  /* Waited for, not timed: a busy machine may take its time. */
  accord_test_wait_for (toast_shown);
  /* The second outcome replaces the first, rather than wait for it to
   * time out: once the first has slid away, only the second is there. */
  accord_test_spin (1500);
  g_assert_true (toast_shown ());
  awaited_toast = accord_test_french () ? "1 favori ajouté, 1 illisible" : "1 bookmark added, 1 unreadable";
  g_assert_false (toast_shown ());

  g_unlink (path);
  article = accord_store_load_article (store (), accord_store_find_article_row (store (), UNLEARNING_ARTICLE));
  accord_store_remove_bookmark (store (), article, NULL);
  accord_test_spin (50);
}

/* A file far larger than any bookmarks file is refused before it is
 * read: a sparse one, so that the test writes nothing to disk. */
static void
test_import_bookmarks_too_large (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("XDG_DATA_HOME"), "accord-test-large-bookmarks.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_cmpint (truncate (path, ACCORD_BOOKMARKS_MAX_BYTES + 1), ==, 0);

  accord_window_import_bookmarks (window, file);
  awaited_toast = accord_test_french () ? "Ce n’est pas un fichier de favoris\u00a0: il dépasse 64\u00a0Mio"
                                        : "Not a bookmarks file: it is larger than 64 MiB";
  accord_test_wait_for (toast_shown);
  g_unlink (path);
}

/* Writes spaces into the pipe at @data until it is closed on the other
 * side, or four times the largest bookmarks file has gone through. */
#define PIPE_CAP ((gsize) ACCORD_BOOKMARKS_MAX_BYTES * 4)

static gint pipe_writer_done;

static gboolean
pipe_writer_finished (void)
{
  return g_atomic_int_get (&pipe_writer_done);
}

static gpointer
write_into_pipe (gpointer data)
{
  int fd = open (data, O_WRONLY);
  g_autofree char *spaces = g_malloc (64 * 1024);
  gsize written = 0;

  g_assert_cmpint (fd, >=, 0);
  memset (spaces, ' ', 64 * 1024);
  while (written < PIPE_CAP)
    {
      gssize n = write (fd, spaces, 64 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      written += (gsize) n;
    }
  close (fd);
  g_atomic_int_set (&pipe_writer_done, TRUE);
  return GSIZE_TO_POINTER (written);
}

/* A pipe tells no size: it is read only as far as the largest bookmarks
 * file, then refused, not read to its end (which may never come). */
static void
test_import_bookmarks_from_pipe (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("XDG_DATA_HOME"), "accord-test-bookmarks-pipe", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GThread *writer;
  gsize written;

  /* The reader leaving the pipe ends the writer's loop, not the test. */
  signal (SIGPIPE, SIG_IGN);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_atomic_int_set (&pipe_writer_done, FALSE);
  writer = g_thread_new ("pipe-writer", write_into_pipe, path);

  accord_window_import_bookmarks (window, file);
  /* The window's reading ends the writer's: its toast may say what an
   * earlier one said. */
  accord_test_wait_for (pipe_writer_finished);
  written = GPOINTER_TO_SIZE (g_thread_join (writer));
  awaited_toast = accord_test_french () ? "Ce n’est pas un fichier de favoris\u00a0: il dépasse 64\u00a0Mio"
                                        : "Not a bookmarks file: it is larger than 64 MiB";
  accord_test_wait_for (toast_shown);
  g_assert_cmpuint (written, <, PIPE_CAP);
  g_unlink (path);
}

/* A file that cannot be read or written is told of in a short sentence
 * in the interface's language, with the file's name, not its path. */
static void
test_bookmark_file_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("accord-test-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "gone", "saved.json", NULL);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) nowhere_file = g_file_new_for_path (nowhere);
  g_autofree char *folder_name = g_path_get_basename (dir);
  g_autofree char *folder_message = NULL;
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) article = g_list_model_get_item (articles, 0);

  /* Something to export: with nothing, the window would not write. */
  g_assert_true (accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, NULL));
  accord_window_import_bookmarks (window, missing_file);
  awaited_toast = accord_test_french () ? "Impossible d’ouvrir «\u00a0missing.json\u00a0»\u00a0: il n’existe plus"
                                        : "Couldn’t open “missing.json”: it no longer exists";
  accord_test_wait_for (toast_shown);

  accord_window_import_bookmarks (window, folder);
  folder_message = g_strdup_printf (accord_test_french () ? "Impossible d’ouvrir «\u00a0%s\u00a0»\u00a0: c’est un dossier"
                                                          : "Couldn’t open “%s”: it is a folder", folder_name);
  awaited_toast = folder_message;
  accord_test_wait_for (toast_shown);

  accord_window_export_bookmarks (window, folder);
  g_free (folder_message);
  folder_message = g_strdup_printf (accord_test_french () ? "Impossible d’enregistrer «\u00a0%s\u00a0»\u00a0: c’est un dossier"
                                                          : "Couldn’t save “%s”: it is a folder", folder_name);
  awaited_toast = folder_message;
  accord_test_wait_for (toast_shown);

  accord_window_export_bookmarks (window, nowhere_file);
  awaited_toast = accord_test_french () ? "Impossible d’enregistrer «\u00a0saved.json\u00a0»\u00a0: son dossier n’existe plus"
                                        : "Couldn’t save “saved.json”: its folder no longer exists";
  accord_test_wait_for (toast_shown);
  g_assert_true (accord_store_remove_bookmark (store (), article, NULL));

  g_rmdir (dir);
}

static gboolean no_toast_on_screen (void);

/* The file dialog GTK shows for a GtkFileDialog without a portal. */
static GtkWidget *
file_chooser_shown (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (toplevel) && gtk_widget_get_visible (toplevel))
        return toplevel;
    }
  return NULL;
}

static gboolean
file_chooser_open (void)
{
  return file_chooser_shown () != NULL;
}

static gboolean
file_chooser_gone (void)
{
  return file_chooser_shown () == NULL;
}

/* Saved under a name without ".json", an export is plain text to the
 * file chooser: the Import dialog still lets it be chosen, JSON files
 * first. Cancelled, it says nothing. */
static void
test_import_dialog_lists_any_file (void)
{
  g_autoptr(GFileInfo) backup = g_file_info_new ();
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GtkFilter) first = NULL;
  GtkWidget *chooser;
  gboolean offered = FALSE;

  g_file_info_set_display_name (backup, accord_test_french () ? "favoris" : "bookmarks");
  g_file_info_set_content_type (backup, "text/plain");
  dismiss_toasts ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-bookmarks", NULL);
  accord_test_wait_for (file_chooser_open);
  chooser = file_chooser_shown ();

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  first = g_list_model_get_item (filters, 0);
  g_assert_true (gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_FILTER (first));
  g_assert_false (gtk_filter_match (first, backup));
  for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
    {
      g_autoptr(GtkFilter) filter = g_list_model_get_item (filters, i);

      offered |= gtk_filter_match (filter, backup);
    }
  g_assert_true (offered);

  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  G_GNUC_END_IGNORE_DEPRECATIONS
  accord_test_wait_for (file_chooser_gone);
  accord_test_spin (300);
  g_assert_true (no_toast_on_screen ());
}

static guint
n_undo_buttons (void)
{
  g_autoptr(GPtrArray) buttons = undo_buttons ();

  return buttons->len;
}

static gboolean
one_undo_button (void)
{
  return n_undo_buttons () == 1;
}

static gboolean
no_undo_button (void)
{
  return n_undo_buttons () == 0;
}

static gboolean
no_toast_on_screen (void)
{
  GtkWidget *overlay = accord_test_template_child (window, ACCORD_TYPE_WINDOW, "toast_overlay");

  /* The overlay's children after its content are the toasts. */
  return gtk_widget_get_first_child (overlay) == gtk_widget_get_last_child (overlay);
}

/* So that the next test's toasts show at once. */
static void
dismiss_toasts (void)
{
  adw_toast_overlay_dismiss_all (ADW_TOAST_OVERLAY (accord_test_template_child (window, ACCORD_TYPE_WINDOW, "toast_overlay")));
  accord_test_wait_for (no_toast_on_screen);
}

/* A link's button that cannot open it (here, with no browser) says so. */
static void
test_link_not_opened (void)
{
  g_autoptr(GAppInfo) browser = g_app_info_get_default_for_uri_scheme ("https");
  GtkWidget *links;

  if (browser != NULL)
    {
      g_test_skip ("a browser would open");
      return;
    }
  open_entity ("gpai");
  links = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "links_box");
  g_assert_true (gtk_widget_activate (gtk_widget_get_first_child (links)));
  awaited_toast = accord_test_french () ? "Impossible d’ouvrir le lien" : "Couldn’t open the link";
  accord_test_wait_for (toast_shown);
  dismiss_toasts ();
}

/* A bookmark that cannot be stored says so in a few words, in the
 * interface's language; the star is put back. */
static void
test_bookmark_failure_toast (void)
{
  const char *id = "2025-07-11-gpai-code-of-practice-final";
  g_autoptr(AccordArticle) article = NULL;
  sqlite3 *other;

  /* None left from before, ahead of it in the queue. */
  dismiss_toasts ();
  article = open_article ("eu-ai-act", id);

  other = hold_data (200);

  g_test_expect_message ("accord-window", G_LOG_LEVEL_MESSAGE, "*database is locked*");
  accord_window_toggle_bookmark (window, article);
  awaited_toast = bookmark_not_saved_toast (accord_test_french ());
  accord_test_wait_for (toast_shown);
  g_test_assert_expected_messages ();
  failing_article = article;
  accord_test_wait_for (star_put_back);

  let_go_data (other);
  dismiss_toasts ();
}

static gboolean
star_back_on (void)
{
  return accord_article_get_bookmarked (failing_article);
}

/* A removal that cannot be stored takes back its "Bookmark removed" and
 * its Undo, and says why; the star comes back. */
static void
test_removal_failure_toast (void)
{
  const char *id = "2025-07-11-gpai-code-of-practice-final";
  g_autoptr(AccordArticle) article = NULL;
  sqlite3 *other;

  dismiss_toasts ();
  article = open_article ("eu-ai-act", id);
  g_assert_true (accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, NULL));

  other = hold_data (200);

  g_test_expect_message ("accord-window", G_LOG_LEVEL_MESSAGE, "*database is locked*");
  accord_window_toggle_bookmark (window, article);
  g_assert_cmpuint (n_undo_buttons (), ==, 1);
  awaited_toast = accord_test_french ()
    ? "Impossible de retirer le favori\u00a0: les données d’Accord sont utilisées par un autre programme"
    : "Couldn’t remove the bookmark: Accord’s data is in use by another program";
  failing_article = article;
  accord_test_wait_for (star_back_on);
  /* At once, not when the toast would have gone by itself. */
  accord_test_spin (100);
  g_assert_false (window_action_enabled ("win.undo-remove"));
  accord_test_wait_for (toast_shown);
  g_test_assert_expected_messages ();
  accord_test_wait_for (no_undo_button);

  let_go_data (other);
  g_assert_true (accord_store_remove_bookmark (store (), article, NULL));
  dismiss_toasts ();
}

/* A bookmark removed, starred again and removed again, the first
 * removal failing after the second was asked for: the Undo stays, for
 * the second, which goes through. */
static void
test_failed_removal_keeps_later_undo (void)
{
  const char *id = "2025-07-11-gpai-code-of-practice-final";
  g_autoptr(AccordArticle) article = NULL;
  sqlite3 *other;

  dismiss_toasts ();
  article = open_article ("eu-ai-act", id);
  g_assert_true (accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, NULL));

  other = hold_data (1000);

  g_test_expect_message ("accord-window", G_LOG_LEVEL_MESSAGE, "*database is locked*");
  accord_window_toggle_bookmark (window, article);
  accord_window_toggle_bookmark (window, article);
  accord_window_toggle_bookmark (window, article);
  /* The first removal fails after a second; the bookmarking again waits
   * from then on, and goes through once the data is let go. */
  accord_test_spin (1500);
  let_go_data (other);
  g_test_assert_expected_messages ();

  g_assert_false (accord_store_is_bookmarked (store (), id));
  g_assert_cmpuint (n_undo_buttons (), ==, 1);
  dismiss_toasts ();
}

/* An export the store refuses says why: the file named is one of
 * Accord's own. */
static void
test_export_refusal_told (void)
{
  g_autofree char *path = accord_store_default_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *why = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%s is one of the files Accord keeps its data "
                                                                       "in: choose another file for the bookmarks"),
                                          path);
  g_autofree char *expected = g_strdup_printf (g_dpgettext2 (GETTEXT_PACKAGE, "toast", "%s: %s"),
                                               g_dgettext (GETTEXT_PACKAGE, "Couldn’t export the bookmarks"), why);

  dismiss_toasts ();
  accord_window_export_bookmarks (window, file);
  awaited_toast = expected;
  accord_test_wait_for (toast_shown);
  dismiss_toasts ();
}

/* The last bookmark removed while an export waited for the data (here
 * held by another program): the backup it was to replace is kept, not
 * replaced by an empty list. */
static void
test_export_after_last_removal (void)
{
  const char *id = "2025-07-11-gpai-code-of-practice-final";
  g_autofree char *db = accord_store_default_path ();
  g_autofree char *backup = g_build_filename (g_get_user_data_dir (), "backup.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (backup);
  g_autoptr(GListModel) earlier = accord_store_list_bookmarks (store ());
  g_autoptr(AccordArticle) article = NULL;
  const char *precious = "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": [{\"article\": \"a\"}]}\n";
  g_autofree char *contents = NULL;
  sqlite3 *other = NULL;

  dismiss_toasts ();
  for (guint i = 0; i < g_list_model_get_n_items (earlier); i++)
    {
      g_autoptr(AccordArticle) left = g_list_model_get_item (earlier, i);

      g_assert_true (accord_store_remove_bookmark (store (), left, NULL));
    }
  article = open_article ("eu-ai-act", id);
  g_assert_true (accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, NULL));
  g_assert_cmpuint (accord_store_get_n_bookmarks (store ()), ==, 1);
  g_assert_true (g_file_set_contents (backup, precious, -1, NULL));

  g_assert_cmpint (sqlite3_open (db, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  accord_window_toggle_bookmark (window, article);
  accord_window_export_bookmarks (window, file);
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
  accord_store_wait_for_writes (store ());

  awaited_toast = g_dgettext (GETTEXT_PACKAGE, "There are no bookmarks to export");
  accord_test_wait_for (toast_shown);
  g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, precious);
  g_unlink (backup);
  dismiss_toasts ();
}

/* Two bookmarks removed in a row: one toast tells of both, and its Undo
 * brings both back; the first one's undo is not lost. */
static void
test_undo_last_removal (void)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) first = g_list_model_get_item (articles, 0);
  g_autoptr(AccordArticle) second = g_list_model_get_item (articles, 1);
  g_autoptr(GPtrArray) buttons = NULL;

  /* 1 January 2026, 10:00 UTC: long before the undo. */
  const gint64 made = G_GINT64_CONSTANT (1767261600) * G_USEC_PER_SEC;

  /* None left from before, which these removals would join. */
  dismiss_toasts ();

  accord_store_add_bookmark (store (), first, ACCORD_BOOKMARK_NOW, NULL);
  accord_store_add_bookmark (store (), second, made, NULL);
  accord_window_toggle_bookmark (window, first);
  wait_for_bookmark (accord_article_get_id (first), FALSE);
  accord_window_toggle_bookmark (window, second);
  wait_for_bookmark (accord_article_get_id (second), FALSE);
  /* The toast, one, tells of both now. */
  awaited_toast = accord_test_french () ? "2 favoris retirés" : "2 bookmarks removed";
  accord_test_wait_for (toast_shown);
  accord_test_wait_for (one_undo_button);

  buttons = undo_buttons ();
  g_assert_cmpuint (buttons->len, ==, 1);
  g_signal_emit_by_name (g_ptr_array_index (buttons, 0), "clicked");
  wait_for_bookmark (accord_article_get_id (second), TRUE);
  wait_for_bookmark (accord_article_get_id (first), TRUE);
  /* Back as it was: made when it was, not now, so in its place. */
  {
    g_autoptr(AccordArticle) back = accord_store_load_article (store (),
                                                               accord_store_find_article_row (store (),
                                                                                              accord_article_get_id (second)));

    g_assert_cmpint (accord_article_get_bookmarked_at (back), ==, made);
  }

  accord_store_remove_bookmark (store (), second, NULL);
  accord_store_remove_bookmark (store (), first, NULL);
  accord_test_spin (50);
}

/* @n bookmarks of articles not in the feed, numbered from @first, from a
 * file as an export would write it, bookmarked over a year. */
static void
import_numbered_bookmarks_from (guint first,
                                guint n)
{
  g_autoptr(GString) document = g_string_new ("{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": [");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  AccordBookmarkImportStats stats;

  for (guint i = first; i < first + n; i++)
    g_string_append_printf (document,
                            "%s{\"article\": \"numbered-%05u\", \"bookmarked\": \"2025-%02u-%02uT10:00:00Z\","
                            " \"date\": \"2025-01-01\", \"title\": {\"en\": \"Numbered article %u\"},"
                            " \"source\": \"Numbers\", \"url\": \"https://example.org/%u\", \"entities\": []}",
                            i > first ? "," : "", i, 1 + i % 12, 1 + i % 28, i, i);
  g_string_append (document, "]}");
  bytes = g_string_free_to_bytes (g_steal_pointer (&document));
  g_assert_true (accord_store_import_bookmarks (store (), bytes, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_added, ==, n);
}

static void
import_numbered_bookmarks (guint n)
{
  import_numbered_bookmarks_from (0, n);
}

static void
remove_all_bookmarks (void)
{
  g_autoptr(GListModel) bookmarks = accord_store_list_bookmarks (store ());

  for (guint i = 0; i < g_list_model_get_n_items (bookmarks); i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (bookmarks, i);

      g_assert_true (accord_store_remove_bookmark (store (), article, NULL));
    }
  accord_test_spin (50);
}

static GtkWidget *
bookmarks_list (void)
{
  return accord_test_template_child (accord_window_get_bookmarks_view (window), ACCORD_TYPE_BOOKMARKS_VIEW, "list");
}

static guint expected_bookmarks;

static gboolean
bookmarks_list_shows_all (void)
{
  GtkSelectionModel *shown = gtk_list_view_get_model (GTK_LIST_VIEW (bookmarks_list ()));

  return shown != NULL && g_list_model_get_n_items (G_LIST_MODEL (shown)) == expected_bookmarks;
}

static gboolean
bookmarks_page_counts_expected (void)
{
  GListModel *bookmarks = accord_bookmarks_view_get_model (ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window)));

  return bookmarks_read () && bookmarks != NULL && g_list_model_get_n_items (bookmarks) == expected_bookmarks;
}

static GtkWidget *
row_showing (GtkWidget     *list,
             AccordArticle *article)
{
  g_autoptr(GPtrArray) rows = accord_test_find_all (list, ACCORD_TYPE_ARTICLE_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (accord_article_row_get_article (g_ptr_array_index (rows, i)) == article)
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* A star or an undo changes one row of the Bookmarks page: the others
 * stay as they are, not made again. */
static void
test_bookmarks_change_in_place (void)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) starred = g_list_model_get_item (articles, 0);
  g_autoptr(AccordArticle) kept = NULL;
  GListModel *bookmarks;
  GtkWidget *row;

  import_numbered_bookmarks (20);
  accord_sidebar_select_bookmarks (sidebar ());
  expected_bookmarks = 20;
  accord_test_wait_for (bookmarks_page_counts_expected);
  accord_test_spin (100);
  bookmarks = accord_bookmarks_view_get_model (ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window)));
  kept = g_list_model_get_item (bookmarks, 2);
  row = row_showing (bookmarks_list (), kept);
  g_assert_nonnull (row);
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &row);

  g_assert_true (accord_store_add_bookmark (store (), starred, ACCORD_BOOKMARK_NOW, NULL));
  expected_bookmarks = 21;
  accord_test_wait_for (bookmarks_page_counts_expected);
  accord_test_spin (100);
  g_assert_nonnull (row);
  g_assert_true (accord_article_row_get_article (ACCORD_ARTICLE_ROW (row)) == kept);
  {
    g_autoptr(AccordArticle) first = g_list_model_get_item (bookmarks, 0);

    g_assert_cmpstr (accord_article_get_id (first), ==, accord_article_get_id (starred));
  }

  g_assert_true (accord_store_remove_bookmark (store (), starred, NULL));
  expected_bookmarks = 20;
  accord_test_wait_for (bookmarks_page_counts_expected);
  accord_test_spin (100);
  g_assert_nonnull (row);
  g_assert_true (accord_article_row_get_article (ACCORD_ARTICLE_ROW (row)) == kept);

  g_object_remove_weak_pointer (G_OBJECT (row), (gpointer *) &row);
  remove_all_bookmarks ();
}

/* A long list of bookmarks shows its first rows before the list view
 * builds all those it keeps. */
static void
test_bookmarks_first_rows_first (void)
{
  GtkListView *list = GTK_LIST_VIEW (bookmarks_list ());

  open_entity ("gpai");
  import_numbered_bookmarks (300);
  accord_sidebar_select_bookmarks (sidebar ());
  expected_bookmarks = 300;
  accord_test_wait_for (bookmarks_page_counts_expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), <, 300);
  accord_test_wait_for (bookmarks_list_shows_all);
  remove_all_bookmarks ();
}

static void widen_window (void);

static gboolean
focus_on_bookmark_row (void)
{
  return accord_focused_row (bookmarks_list (), ACCORD_TYPE_ARTICLE_ROW) != NULL;
}

/* The article of the Bookmarks page's focused row, or NULL. */
static const char *
focused_bookmark (void)
{
  GtkWidget *row = accord_focused_row (bookmarks_list (), ACCORD_TYPE_ARTICLE_ROW);

  return row != NULL ? accord_article_get_id (accord_article_row_get_article (ACCORD_ARTICLE_ROW (row))) : NULL;
}

/* Many bookmarks coming in make the list anew, its first rows first;
 * the focus, on a row further down, stays on that bookmark, wherever
 * the newcomers put it: not on another that took its place, which one
 * more Ctrl+D would remove. */
static void
test_bookmarks_remade_keep_focus (void)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (bookmarks_list ()));
  g_autofree char *focused = NULL;

  make_window_low ();
  import_numbered_bookmarks (60);
  accord_sidebar_select_bookmarks (sidebar ());
  expected_bookmarks = 60;
  accord_test_wait_for (bookmarks_page_counts_expected);
  accord_test_wait_for (bookmarks_list_shows_all);
  accord_list_view_focus (GTK_LIST_VIEW (bookmarks_list ()), 40);
  accord_test_wait_for (focus_on_bookmark_row);
  focused = g_strdup (focused_bookmark ());
  gtk_adjustment_set_value (adjustment, 0);
  accord_test_spin (100);

  /* Bookmarked in the same months: among the others, some above it. */
  import_numbered_bookmarks_from (60, 100);
  expected_bookmarks = 160;
  accord_test_wait_for (bookmarks_page_counts_expected);
  accord_test_spin (200);
  g_assert_cmpstr (focused_bookmark (), ==, focused);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  remove_all_bookmarks ();
  widen_window ();
}

/* @keyval pressed with the focus in @list, as GTK hands it on: to the
 * list's key controllers of the capture phase first, then, if none took
 * it, to the list's own keys. */
static gboolean
press_list_key (GtkWidget *list,
                guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (list);
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
      if (handled)
        return TRUE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      for (guint j = 0; GTK_IS_SHORTCUT_CONTROLLER (controller) && j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, list,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

static gboolean
bookmarks_at_top_on_first (void)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (bookmarks_list ()));
  g_autoptr(AccordArticle) first = g_list_model_get_item (
    accord_bookmarks_view_get_model (ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window))), 0);

  return gtk_adjustment_get_value (adjustment) == 0 && g_strcmp0 (focused_bookmark (), accord_article_get_id (first)) == 0;
}

/* Home on the Bookmarks page goes to the newest bookmark with its
 * heading in view, not just below it, as in a timeline. */
static void
test_bookmarks_home (void)
{
  make_window_low ();
  import_numbered_bookmarks (60);
  accord_sidebar_select_bookmarks (sidebar ());
  expected_bookmarks = 60;
  accord_test_wait_for (bookmarks_page_counts_expected);
  accord_test_wait_for (bookmarks_list_shows_all);
  accord_list_view_focus (GTK_LIST_VIEW (bookmarks_list ()), 40);
  accord_test_wait_for (focus_on_bookmark_row);
  accord_test_spin (300);

  g_assert_true (press_list_key (bookmarks_list (), GDK_KEY_Home));
  accord_test_wait_for (bookmarks_at_top_on_first);

  remove_all_bookmarks ();
  widen_window ();
}

/* Removing a bookmark far down the Bookmarks page leaves the page where
 * it was. */
static void
test_bookmarks_keep_place (void)
{
  g_autoptr(GListModel) articles = many_articles ();
  AccordBookmarksView *view;
  GtkWidget *list;
  GtkAdjustment *adjustment;
  g_autoptr(AccordArticle) removed = NULL;
  GListModel *bookmarks;

  for (guint i = 0; i < g_list_model_get_n_items (articles); i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (articles, i);
      g_autoptr(GError) error = NULL;

      accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, &error);
      g_assert_no_error (error);
    }
  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_spin (100);

  view = ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window));
  list = accord_test_template_child (view, ACCORD_TYPE_BOOKMARKS_VIEW, "list");
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment), >, 100);
  gtk_adjustment_set_value (adjustment, 100);
  accord_test_spin (50);

  bookmarks = accord_bookmarks_view_get_model (view);
  removed = g_list_model_get_item (bookmarks, 6);
  {
    g_autoptr(GPtrArray) rows = accord_test_find_all (list, ACCORD_TYPE_ARTICLE_ROW);

    for (guint i = 0; i < rows->len; i++)
      if (accord_article_row_get_article (g_ptr_array_index (rows, i)) == removed)
        g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (g_ptr_array_index (rows, i))));
  }
  accord_window_toggle_bookmark (window, removed);
  accord_store_wait_for_writes (store ());
  accord_test_wait_for (bookmarks_read);
  accord_test_spin (100);
  g_assert_cmpuint (g_list_model_get_n_items (accord_bookmarks_view_get_model (view)), ==,
                    g_list_model_get_n_items (articles) - 1);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 100);
  /* The focus is on the bookmark that took the removed one's place. */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    GtkWidget *row = focus ? gtk_widget_get_first_child (focus) : NULL;
    g_autoptr(AccordArticle) next = g_list_model_get_item (accord_bookmarks_view_get_model (view), 6);

    g_assert_true (ACCORD_IS_ARTICLE_ROW (row));
    g_assert_cmpstr (accord_article_get_id (accord_article_row_get_article (ACCORD_ARTICLE_ROW (row))), ==,
                     accord_article_get_id (next));
  }

  for (guint i = 0; i < g_list_model_get_n_items (articles); i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (articles, i);

      accord_store_remove_bookmark (store (), article, NULL);
    }
  accord_test_spin (50);
}

/* The built-in feed with @url added before the Partnership's own link. */
static char *
feed_with_gpai_link (const char *url)
{
  g_autoptr(JsonNode) feed = accord_test_builtin_feed ();
  JsonArray *entities = json_object_get_array_member (json_node_get_object (feed), "entities");

  for (guint i = 0; i < json_array_get_length (entities); i++)
    {
      JsonObject *entity = json_array_get_object_element (entities, i);
      JsonArray *links;
      JsonObject *link, *label;

      if (!g_str_equal (json_object_get_string_member (entity, "id"), "gpai"))
        continue;
      links = json_array_new ();
      link = json_object_new ();
      label = json_object_new ();
      json_object_set_string_member (label, "en", "Elsewhere");
      json_object_set_object_member (link, "label", label);
      json_object_set_string_member (link, "url", url);
      json_array_add_object_element (links, link);
      for (guint j = 0; j < json_array_get_length (json_object_get_array_member (entity, "links")); j++)
        json_array_add_element (links, json_array_dup_element (json_object_get_array_member (entity, "links"), j));
      json_object_set_array_member (entity, "links", links);
    }
  return json_to_string (feed, FALSE);
}

static GtkWidget *
focused_link (void)
{
  GtkWidget *links = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "links_box");
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_get_parent (focus) == links ? focus : NULL;
}

/* The address a link's button opens, through the view's action. */
static const char *
link_target (GtkWidget *button)
{
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "entity.open-link");
  return g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)), NULL);
}

/* A refresh leaves the keyboard focus on the link it was on, and leaves
 * links it does not change alone. */
static void
test_links_keep_focus (void)
{
  GtkWidget *links = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "links_box");
  g_autofree char *two_links = feed_with_gpai_link ("https://example.org/gpai");
  GtkWidget *focus;

  open_entity ("gpai");
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_first_child (links)));
  g_assert_cmpstr (link_target (focused_link ()), ==, "https://gpai.ai/");

  import_string (two_links);
  focus = focused_link ();
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_get_prev_sibling (focus) != NULL);
  g_assert_cmpstr (link_target (focus), ==, "https://gpai.ai/");

  import_string (two_links);
  g_assert_true (focused_link () == focus);

  /* Its link gone, the focus stays among the links. */
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_first_child (links)));
  reimport_builtin ();
  g_assert_cmpstr (link_target (focused_link ()), ==, "https://gpai.ai/");
}

/* An entity a refresh removes: its page goes, its name with it; one it
 * renames keeps its page, under its new name. */
static const char *
sidebar_selected_id (void)
{
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  gpointer item = gtk_single_selection_get_selected_item (selection);

  return ACCORD_IS_ENTITY (item) ? accord_entity_get_id (item) : NULL;
}

/* Selects the sidebar row of @id as a click on it would. */
static void
select_sidebar_row (const char *id)
{
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (ACCORD_IS_ENTITY (item) && g_str_equal (accord_entity_get_id (ACCORD_ENTITY (item)), id))
        {
          gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), i);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_entity_gone_after_refresh (void)
{
  AdwNavigationPage *content = ADW_NAVIGATION_PAGE (accord_test_template_child (window, ACCORD_TYPE_WINDOW, "content_page"));

  /* Renamed, it is named anew. */
  open_entity ("gpai");
  import_string (small_feed);
  g_assert_cmpstr (adw_navigation_page_get_title (content), ==, "GPAI");
  reimport_builtin ();

  open_entity ("eu-ai-act");
  g_assert_cmpstr (adw_navigation_page_get_title (content), !=, accord_test_french () ? "Détails" : "Details");
  /* With the focus on the page: it goes to the list, not to the empty
   * page left, and a toast says why the page went. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (entity_view ()), GTK_DIR_TAB_FORWARD));
  import_string (small_feed);
  g_assert_cmpstr (accord_window_get_visible_view (window), ==, "empty");
  g_assert_cmpstr (adw_navigation_page_get_title (content), ==, accord_test_french () ? "Détails" : "Details");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list")));
  /* The name isolated, and the line in the interface's direction, as
   * a name in Arabic would otherwise reorder it. */
  awaited_toast = accord_test_french ()
    ? "\u200e«\u00a0\u2068Règlement européen sur l’intelligence artificielle (règlement (UE) 2024/1689)\u2069\u00a0» ne figure plus dans le flux"
    : "\u200e“\u2068EU Artificial Intelligence Act (Regulation (EU) 2024/1689)\u2069” is no longer in the feed";
  accord_test_wait_for (toast_shown);
  dismiss_toasts ();

  /* Back in the feed, its row is not shown selected beside an empty
   * page, and choosing it opens it. */
  reimport_builtin ();
  g_assert_null (sidebar_selected_id ());
  g_assert_cmpstr (accord_window_get_visible_view (window), ==, "empty");
  select_sidebar_row ("eu-ai-act");
  accord_test_spin (50);
  g_assert_cmpstr (accord_window_get_visible_view (window), ==, "entity");
  g_assert_cmpstr (accord_entity_get_id (accord_entity_view_get_entity (entity_view ())), ==, "eu-ai-act");
}


/* Searches in @in_sidebar and opens the result that is @article_id. */
static void
open_search_result (AccordSidebar *in_sidebar,
                    const char    *query,
                    const char    *article_id)
{
  GListModel *results;
  int found = -1;

  accord_test_search (in_sidebar, query);
  results = accord_sidebar_get_results (in_sidebar);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);

      if (ACCORD_IS_ARTICLE (item) && g_str_equal (accord_article_get_id (ACCORD_ARTICLE (item)), article_id))
        found = (int) i;
    }
  g_assert_cmpint (found, >=, 0);

  g_signal_emit_by_name (accord_test_template_child (in_sidebar, ACCORD_TYPE_SIDEBAR, "results_list"), "activate", (guint) found);
}

static gboolean
main_timeline_focus_on_unlearning (void)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, ACCORD_TYPE_ARTICLE_ROW) : NULL;

  if (row == NULL && focus != NULL && ACCORD_IS_ARTICLE_ROW (gtk_widget_get_first_child (focus)))
    row = gtk_widget_get_first_child (focus);
  return row != NULL &&
         g_strcmp0 (accord_article_get_id (accord_article_row_get_article (ACCORD_ARTICLE_ROW (row))),
                    UNLEARNING_ARTICLE) == 0;
}

static void
test_search_without_accents (void)
{
  /* Opening the result shows it in its entity's timeline, even when a
   * filter there would hide it. */
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  filter_timeline ("no such words");
  accord_test_spin (100);
  open_search_result (sidebar (), "desapprentissage", UNLEARNING_ARTICLE);
  accord_test_spin (100);
  g_assert_cmpstr (accord_window_get_visible_view (window), ==, "entity");
  accord_test_wait_for (main_timeline_focus_on_unlearning);
  /* In sight, not only focused. */
  {
    GtkWidget *timeline = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline");
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_compute_bounds (focus, timeline, &bounds));
    g_assert_cmpfloat (bounds.origin.y, >=, 0);
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (timeline));
  }
  accord_entity_view_set_tab (entity_view (), "overview");
  accord_test_search (sidebar (), "");

  /* The entity it opens is the one selected in the sidebar. */
  open_entity ("oecd");
  open_search_result (sidebar (), "desapprentissage", UNLEARNING_ARTICLE);
  accord_test_spin (100);
  accord_test_search (sidebar (), "");
  g_assert_cmpstr (sidebar_selected_id (), ==, "gpai");
}

/* An article of the newest month opened from the search: its month's
 * heading shows too, not only the article. (Seen in the app's
 * screenshot: the font and the size are the screenshot tool's.) */
static void
test_search_article_under_heading (void)
{
  GtkWidget *timeline = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline");
  g_autofree char *font = NULL;

  g_object_get (gtk_settings_get_default (), "gtk-font-name", &font, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-font-name", "Cantarell 11", NULL);
  resize_window (1280, 800);
  accord_sidebar_unselect (sidebar ());
  open_search_result (sidebar (), "code", "2026-06-08-ai-for-everyone-voluntary-code");
  awaited_focus_article = "2026-06-08-ai-for-everyone-voluntary-code";
  accord_test_wait_for (focus_shows_article);
  accord_test_spin (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (timeline))), ==, 0);
  g_assert_true (focus_shows_article ());

  accord_entity_view_set_tab (entity_view (), "overview");
  accord_test_search (sidebar (), "");
  g_object_set (gtk_settings_get_default (), "gtk-font-name", font, NULL);
  resize_window (1200, 800);
}

static GtkEventController *
named_controller (GtkWidget  *widget,
                  const char *name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
        return controller;
    }
  g_assert_not_reached ();
}

static gboolean
results_row_has_focus (void)
{
  GtkWidget *results = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list");
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && focus != results && gtk_widget_is_ancestor (focus, results);
}

static gboolean search_has_focus (void);
static double
x_in (GtkWidget *widget,
      GtkWidget *ancestor)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &bounds));
  return bounds.origin.x;
}

/* Among the results, articles line up with organisations and
 * legislation, as the sidebar's rows do. */
static void
test_search_results_aligned (void)
{
  GtkWidget *results = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list");
  g_autoptr(GPtrArray) entity_rows = NULL;
  g_autoptr(GPtrArray) article_rows = NULL;
  g_autoptr(GPtrArray) article_labels = NULL;
  GtkWidget *name;

  accord_test_search (sidebar (), "code");
  accord_test_spin (200);
  entity_rows = accord_test_find_all (results, ACCORD_TYPE_SIDEBAR_ROW);
  article_rows = accord_test_find_all (results, ACCORD_TYPE_ARTICLE_ROW);
  g_assert_cmpuint (entity_rows->len, >, 0);
  g_assert_cmpuint (article_rows->len, >, 0);

  name = accord_test_template_child (g_ptr_array_index (entity_rows, 0), ACCORD_TYPE_SIDEBAR_ROW, "title");
  /* The date, first on its row. */
  article_labels = accord_test_find_all (g_ptr_array_index (article_rows, 0), GTK_TYPE_LABEL);
  g_assert_cmpfloat_with_epsilon (x_in (g_ptr_array_index (article_labels, 0), results), x_in (name, results), 0.5);

  accord_test_search (sidebar (), "");
  accord_test_spin (50);
}


static gboolean
entity_list_has_focus (void)
{
  return focus_is_in (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list"));
}

/* Typed on a row of the list, a key goes to the search entry (GTK's
 * key capture); the focus goes there too, the cursor after the text, so
 * that the next keys go on with it rather than land in a list that each
 * key replaces. A text set by the app leaves the focus where it is. */
static void
test_typing_from_list (void)
{
  GtkWidget *search = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "search_entry");

  open_entity ("gpai");
  accord_sidebar_focus_selection (sidebar ());
  accord_test_wait_for (entity_list_has_focus);

  accord_test_search (sidebar (), "ai");
  g_assert_false (search_has_focus ());
  accord_test_search (sidebar (), "");
  accord_sidebar_focus_selection (sidebar ());
  accord_test_wait_for (entity_list_has_focus);

  /* What the entry does with a key it captures. */
  gtk_editable_set_text (GTK_EDITABLE (search), "o");
  g_assert_true (search_has_focus ());
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (search)), ==, 1);

  accord_test_search (sidebar (), "");
  accord_test_spin (50);
}

static gboolean
entity_shown_is_gpai (void)
{
  AccordEntity *entity = accord_entity_view_get_entity (entity_view ());

  return entity != NULL && g_str_equal (accord_entity_get_id (entity), "gpai");
}

/* Enter pressed as soon as the text is typed, before the search has
 * found anything, opens the first of what it finds. */
static void
test_search_enter_before_results (void)
{
  GtkWidget *search = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "search_entry");

  open_entity ("eu-ai-act");
  accord_sidebar_focus_search (sidebar ());
  gtk_editable_set_text (GTK_EDITABLE (search), "gpai");
  g_signal_emit_by_name (search, "activate");
  g_assert_true (accord_sidebar_get_searching (sidebar ()));
  accord_test_wait_for_search (sidebar ());
  accord_test_wait_for (entity_shown_is_gpai);

  /* Unless the user has gone elsewhere meanwhile. */
  open_entity ("eu-ai-act");
  accord_sidebar_focus_search (sidebar ());
  gtk_editable_set_text (GTK_EDITABLE (search), "partnership");
  g_signal_emit_by_name (search, "activate");
  accord_sidebar_focus_selection (sidebar ());
  accord_test_wait_for_search (sidebar ());
  accord_test_spin (100);
  g_assert_cmpstr (accord_entity_get_id (accord_entity_view_get_entity (entity_view ())), ==, "eu-ai-act");
  accord_test_search (sidebar (), "");
}

/* From the search entry, Down goes to the first result and Enter opens
 * it. */
static gboolean
gpai_open (void)
{
  AccordEntity *entity = accord_entity_view_get_entity (entity_view ());

  return g_strcmp0 (accord_window_get_visible_view (window), "entity") == 0 &&
         entity != NULL && g_str_equal (accord_entity_get_id (entity), "gpai");
}

static void
test_search_keyboard (void)
{
  GtkWidget *search = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "search_entry");
  GtkEventController *keys;
  gboolean handled = FALSE;

  accord_test_search (sidebar (), "desapprentissage");
  accord_test_spin (50);
  accord_sidebar_focus_search (sidebar ());
  accord_test_spin (50);
  keys = named_controller (search, "search-keys");
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  g_assert_true (handled);
  accord_test_wait_for (results_row_has_focus);
  /* And Up from the first result goes back to the entry, before the list
   * would keep it. */
  {
    GtkWidget *results = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list");
    GtkEventController *results_keys = named_controller (results, "results-keys");

    g_assert_cmpint (gtk_event_controller_get_propagation_phase (results_keys), ==, GTK_PHASE_CAPTURE);
    handled = FALSE;
    g_signal_emit_by_name (results_keys, "key-pressed", GDK_KEY_Up, 0, 0, &handled);
    g_assert_true (handled);
    accord_test_wait_for (search_has_focus);
  }

  /* Enter in the entry opens the first result, the text typed last. */
  open_entity ("eu-ai-act");
  gtk_editable_set_text (GTK_EDITABLE (search), "Partenariat mondial");
  g_signal_emit_by_name (search, "activate");
  /* The search for the text typed last may still be under way. */
  accord_test_wait_for (gpai_open);

  accord_test_search (sidebar (), "");
}

static gboolean
results_hold (const char *article_id)
{
  GListModel *results = accord_sidebar_get_results (sidebar ());

  for (guint i = 0; results != NULL && i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);

      if (ACCORD_IS_ARTICLE (item) && g_str_equal (accord_article_get_id (ACCORD_ARTICLE (item)), article_id))
        return TRUE;
    }
  return FALSE;
}

/* Results left open follow the data: what an import removes leaves
 * them, what it brings back returns. */
static void
test_search_follows_import (void)
{
  GtkWidget *no_results = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "no_results_page");

  accord_test_search (sidebar (), "desapprentissage");
  g_assert_true (results_hold (UNLEARNING_ARTICLE));

  import_string (small_feed);
  accord_test_wait_for_search (sidebar ());
  g_assert_false (results_hold (UNLEARNING_ARTICLE));
  g_assert_true (gtk_widget_get_child_visible (no_results));
  g_assert_cmpstr (accord_sidebar_get_search_text (sidebar ()), ==, "desapprentissage");

  reimport_builtin ();
  accord_test_wait_for_search (sidebar ());
  g_assert_true (results_hold (UNLEARNING_ARTICLE));
  g_assert_false (gtk_widget_get_child_visible (no_results));

  accord_test_search (sidebar (), "");
}

/* Each new search shows its results from the top, first heading
 * included. */
static void
test_search_results_from_top (void)
{
  GtkWidget *results = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list");
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (results));
  const char * const queries[] = { "code", "act", "intelligence", "ai" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      accord_test_search (sidebar (), queries[i]);
      accord_test_spin (100);
      g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
    }
  accord_test_search (sidebar (), "");
}

static AccordArticle *
search_result (const char *article_id)
{
  GListModel *results = accord_sidebar_get_results (sidebar ());

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);

      if (ACCORD_IS_ARTICLE (item) && g_str_equal (accord_article_get_id (ACCORD_ARTICLE (item)), article_id))
        return ACCORD_ARTICLE (item);
    }
  g_error ("%s is not among the results", article_id);
}

/* A star in the results follows a bookmark made anywhere else. */
static void
test_search_result_stars (void)
{
  g_autoptr(AccordArticle) elsewhere = NULL;
  g_autoptr(GError) error = NULL;

  accord_test_search (sidebar (), "desapprentissage");
  g_assert_false (accord_article_get_bookmarked (search_result (UNLEARNING_ARTICLE)));
  elsewhere = accord_store_load_article (store (), accord_store_find_article_row (store (), UNLEARNING_ARTICLE));
  g_assert_nonnull (elsewhere);

  accord_store_add_bookmark (store (), elsewhere, ACCORD_BOOKMARK_NOW, &error);
  g_assert_no_error (error);
  g_assert_true (accord_article_get_bookmarked (search_result (UNLEARNING_ARTICLE)));
  accord_store_remove_bookmark (store (), elsewhere, &error);
  g_assert_no_error (error);
  g_assert_false (accord_article_get_bookmarked (search_result (UNLEARNING_ARTICLE)));

  accord_test_search (sidebar (), "");
}

static const char *
focused_result_article (void)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, ACCORD_TYPE_ARTICLE_ROW) : NULL;

  if (row == NULL && focus != NULL && ACCORD_IS_ARTICLE_ROW (gtk_widget_get_first_child (focus)))
    row = gtk_widget_get_first_child (focus);
  return row ? accord_article_get_id (accord_article_row_get_article (ACCORD_ARTICLE_ROW (row))) : NULL;
}

static const char *awaited_focus;

static gboolean
result_has_awaited_focus (void)
{
  return g_strcmp0 (focused_result_article (), awaited_focus) == 0;
}

static gboolean
entity_result_has_awaited_focus (void)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *row = focus ? gtk_widget_get_first_child (focus) : NULL;

  return ACCORD_IS_SIDEBAR_ROW (row) &&
         g_strcmp0 (accord_sidebar_row_get_item_id (ACCORD_SIDEBAR_ROW (row)), awaited_focus) == 0;
}

/* New data leaves the focus on the result it was on. */
static void
test_search_keeps_focus (void)
{
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list");
  GListModel *results;
  guint last;
  g_autoptr(GObject) item = NULL;

  /* Past the moment the entry reports the text typed. */
  accord_test_search (sidebar (), "ai");
  accord_test_spin (300);
  results = accord_sidebar_get_results (sidebar ());
  last = g_list_model_get_n_items (results) - 1;
  item = g_list_model_get_item (results, last);
  g_assert_true (ACCORD_IS_ARTICLE (item));
  awaited_focus = accord_article_get_id (ACCORD_ARTICLE (item));
  gtk_widget_grab_focus (list);
  gtk_list_view_scroll_to (GTK_LIST_VIEW (list), last, GTK_LIST_SCROLL_FOCUS, NULL);
  accord_test_wait_for (result_has_awaited_focus);
  reimport_builtin ();
  accord_test_wait_for (result_has_awaited_focus);

  /* And on an entity. */
  g_clear_object (&item);
  results = accord_sidebar_get_results (sidebar ());
  item = g_list_model_get_item (results, 1);
  g_assert_true (ACCORD_IS_ENTITY (item));
  awaited_focus = accord_entity_get_id (ACCORD_ENTITY (item));
  gtk_list_view_scroll_to (GTK_LIST_VIEW (list), 1, GTK_LIST_SCROLL_FOCUS, NULL);
  accord_test_wait_for (entity_result_has_awaited_focus);
  reimport_builtin ();
  accord_test_wait_for (entity_result_has_awaited_focus);

  accord_test_search (sidebar (), "");
}

/* A feed where the GPAI has one article in each of @categories. */
static char *
feed_with_categories (const char * const *categories)
{
  GString *json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                                " \"categories\": [");

  for (guint i = 0; categories[i] != NULL; i++)
    g_string_append_printf (json, "%s{\"id\": \"%s\", \"name\": {\"en\": \"%s\"}}", i ? "," : "",
                            categories[i], categories[i]);
  g_string_append (json, "], \"entities\": [{\"id\": \"gpai\", \"kind\": \"organisation\", \"name\": {\"en\": \"GPAI\"}}],"
                   " \"articles\": [");
  for (guint i = 0; categories[i] != NULL; i++)
    g_string_append_printf (json, "%s{\"id\": \"in-%s\", \"date\": \"2026-01-%02u\", \"title\": {\"en\": \"In %s\"},"
                            " \"category\": \"%s\", \"entities\": [\"gpai\"]}",
                            i ? "," : "", categories[i], i + 1, categories[i], categories[i]);
  g_string_append (json, "]}");
  return g_string_free_and_steal (json);
}

static guint
n_category_choices (void)
{
  GtkDropDown *dropdown = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "category_dropdown");
  GListModel *choices = gtk_drop_down_get_model (dropdown);

  return choices != NULL ? g_list_model_get_n_items (choices) : 0;
}

static guint awaited_choices;

static gboolean
category_choices_as_awaited (void)
{
  return n_category_choices () == awaited_choices;
}

static gboolean
n_category_choices_is_three (void)
{
  return n_category_choices () == 3;
}

static gboolean
category_dropdown_shown (void)
{
  return gtk_widget_get_visible (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "category_dropdown"));
}

/* The category filter shows only once the entity's categories are
 * known: before, it would offer the last entity's, or say "(None)". */
static void
test_category_filter_waits_for_categories (void)
{
  g_autoptr(AccordEntity) act = accord_store_get_entity (store (), "eu-ai-act");

  open_entity ("gpai");
  accord_test_wait_for (category_dropdown_shown);
  accord_entity_view_set_entity (entity_view (), act);
  g_assert_false (category_dropdown_shown ());
  accord_test_wait_for (category_dropdown_shown);
  g_assert_cmpuint (n_category_choices (), >, 2);
  g_assert_nonnull (gtk_drop_down_get_selected_item (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                                 "category_dropdown")));
  /* First, in the sentence case of the categories after it. */
  {
    GtkDropDown *dropdown = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "category_dropdown");
    g_autoptr(AccordCategory) all = g_list_model_get_item (gtk_drop_down_get_model (dropdown), 0);

    g_assert_cmpstr (accord_category_get_name (all, accord_i18n_get_language (), NULL), ==,
                     accord_test_french () ? "Toutes les catégories" : "All Categories");
  }
}

/* New data brings the categories it uses to the page on screen, and
 * keeps the one chosen while it is still used. */
static void
test_categories_follow_new_data (void)
{
  g_autofree char *two = feed_with_categories ((const char *[]) { "law", "study", NULL });
  g_autofree char *three = feed_with_categories ((const char *[]) { "law", "study", "event", NULL });
  g_autofree char *other = feed_with_categories ((const char *[]) { "study", "event", NULL });

  import_string (two);
  open_entity ("gpai");
  accord_entity_view_set_category (entity_view (), "law");
  accord_test_spin (100);
  g_assert_cmpuint (n_category_choices (), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, 1);

  import_string (three);
  awaited_choices = 4;
  accord_test_wait_for (category_choices_as_awaited);
  accord_test_spin (100);
  g_assert_cmpstr (accord_entity_view_get_category (entity_view ()), ==, "law");
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, 1);

  /* Gone: every article shows again. */
  import_string (other);
  awaited_choices = 3;
  accord_test_wait_for (category_choices_as_awaited);
  accord_test_spin (100);
  g_assert_null (accord_entity_view_get_category (entity_view ()));
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, 2);

  reimport_builtin ();
}

/* The GPAI's two articles, the first as a law, the second as @second
 * ("" for none). */
static char *
feed_with_law_and (const char *second)
{
  return g_strdup_printf ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                          " \"categories\": [{\"id\": \"law\", \"name\": {\"en\": \"Law\"}},"
                          " {\"id\": \"study\", \"name\": {\"en\": \"Study\"}}],"
                          " \"entities\": [{\"id\": \"gpai\", \"kind\": \"organisation\", \"name\": {\"en\": \"GPAI\"}}],"
                          " \"articles\": [{\"id\": \"first\", \"date\": \"2026-01-01\", \"title\": {\"en\": \"First\"},"
                          " \"category\": \"law\", \"entities\": [\"gpai\"]},"
                          " {\"id\": \"second\", \"date\": \"2026-01-02\", \"title\": {\"en\": \"Second\"},"
                          " %s%s%s \"entities\": [\"gpai\"]}]}",
                          *second != '\0' ? "\"category\": \"" : "", second, *second != '\0' ? "\"," : "");
}

/* The category filter shows whenever a choice in it leaves articles
 * out, and while one is chosen, which can then be taken back. */
static void
test_category_filter_when_it_narrows (void)
{
  g_autofree char *law_and_none = feed_with_law_and ("");
  g_autofree char *law_and_study = feed_with_law_and ("study");
  g_autofree char *laws = feed_with_law_and ("law");

  /* Some articles in the one category, the others in none. */
  import_string (law_and_none);
  open_entity ("gpai");
  awaited_choices = 2;
  accord_test_wait_for (category_choices_as_awaited);
  g_assert_true (category_dropdown_shown ());

  /* Every article in it: no choice to make. */
  import_string (laws);
  accord_test_spin (200);
  g_assert_cmpuint (n_category_choices (), ==, 2);
  g_assert_false (category_dropdown_shown ());

  /* Chosen, then every article in it: still in sight. */
  import_string (law_and_study);
  awaited_choices = 3;
  accord_test_wait_for (category_choices_as_awaited);
  accord_entity_view_set_category (entity_view (), "law");
  accord_test_spin (100);
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, 1);
  import_string (laws);
  awaited_choices = 2;
  accord_test_wait_for (category_choices_as_awaited);
  accord_test_spin (100);
  g_assert_cmpstr (accord_entity_view_get_category (entity_view ()), ==, "law");
  g_assert_true (category_dropdown_shown ());

  reimport_builtin ();
}

/* A category with a long name still leaves the list of categories
 * narrow enough for a phone, on several lines. */
static void
test_long_category_fits_phone (void)
{
  GtkDropDown *dropdown = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "category_dropdown");
  GtkListItemFactory *factory = gtk_drop_down_get_list_factory (dropdown);
  g_autoptr(GtkListItem) item = g_object_new (GTK_TYPE_LIST_ITEM, NULL);
  g_autofree char *word = g_strnfill (120, 'W');
  const char *names[] = { "Recommendation on the governance of artificial intelligence systems used by public "
                          "administrations across member countries", word };
  GtkWidget *row, *label;

  g_signal_emit_by_name (factory, "setup", item);
  row = gtk_list_item_get_child (item);
  label = gtk_widget_get_first_child (row);
  g_assert_true (GTK_IS_LABEL (label));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      int natural;

      gtk_label_set_text (GTK_LABEL (label), names[i]);
      gtk_widget_measure (row, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      /* With the popover's margins, within a phone's 360 pixels. */
      g_assert_cmpint (natural, <=, 320);
    }
  /* The longest built-in name stays on one line. */
  {
    int one_line, natural, height;

    gtk_label_set_text (GTK_LABEL (label), "X");
    gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, NULL, &one_line, NULL, NULL);
    gtk_label_set_text (GTK_LABEL (label), "Plan national / stratégie nationale");
    gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
    gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, natural, NULL, &height, NULL, NULL);
    g_assert_cmpint (height, ==, one_line);
  }
}

/* Escape among the results ends the search, back in the entry. */
static void
test_escape_in_results (void)
{
  GtkWidget *results = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list");
  GtkWidget *entry = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "search_entry");
  gboolean handled = FALSE;

  accord_test_search (sidebar (), "ai");
  accord_test_spin (300);
  gtk_list_view_scroll_to (GTK_LIST_VIEW (results), 0, GTK_LIST_SCROLL_FOCUS, NULL);
  accord_test_wait_for (results_row_has_focus);
  g_signal_emit_by_name (named_controller (results, "results-keys"), "key-pressed", GDK_KEY_Escape, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_cmpstr (accord_sidebar_get_search_text (sidebar ()), ==, "");
  g_assert_true (gtk_widget_is_focus (entry) || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));
}

/* Spaces alone are no search: the list stays, not "No Results Found". */
static void
test_blank_search_lists_entities (void)
{
  GtkStack *stack = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "stack");

  accord_test_search (sidebar (), "  \t ");
  accord_test_spin (300);
  g_assert_true (gtk_stack_get_visible_child (stack) ==
                 accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "browse_page"));
  accord_test_search (sidebar (), "");
}

/* A result with neither an entity to open nor an address does not look
 * as if it could be opened. */
static void
test_search_result_without_target (void)
{
  static const char feed[] =
    "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
    " \"entities\": [{\"id\": \"gpai\", \"kind\": \"organisation\", \"name\": {\"en\": \"GPAI\"}}],"
    " \"articles\": [{\"id\": \"lone\", \"date\": \"2026-01-02\", \"title\": {\"en\": \"Zebra alone\"}, \"entities\": []},"
    "  {\"id\": \"linked\", \"date\": \"2026-01-01\", \"title\": {\"en\": \"Zebra linked\"},"
    "   \"url\": \"https://example.org/\", \"entities\": []}]}";
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list");
  g_autoptr(GPtrArray) rows = NULL;
  guint checked = 0;

  import_string (feed);
  accord_test_search (sidebar (), "zebra");
  accord_test_spin (300);
  rows = accord_test_find_all (list, ACCORD_TYPE_ARTICLE_ROW);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      const char *id = accord_article_get_id (accord_article_row_get_article (ACCORD_ARTICLE_ROW (row)));

      g_assert_cmpint (gtk_widget_has_css_class (gtk_widget_get_parent (row), "activatable"), ==,
                       g_str_equal (id, "linked"));
      checked++;
    }
  g_assert_cmpuint (checked, ==, 2);

  accord_test_search (sidebar (), "");
  reimport_builtin ();
}

static AccordWindow *fresh_window;

static gboolean
timeline_row_has_focus (void)
{
  GtkWidget *view = accord_window_get_entity_view (fresh_window);

  return focus_is_in (accord_test_template_child (view, ACCORD_TYPE_ENTITY_VIEW, "timeline"));
}

/* A search result opened before the timeline was ever shown: the
 * timeline appears a frame later, and must still land on the article. */
static void
test_search_result_on_first_visit (void)
{
  fresh_window = accord_window_new (ACCORD_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (fresh_window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fresh_window));
  accord_test_spin (100);

  open_search_result (ACCORD_SIDEBAR (accord_window_get_sidebar (fresh_window)), "desapprentissage",
                      UNLEARNING_ARTICLE);
  accord_test_wait_for (timeline_row_has_focus);

  /* Ctrl+D acts on the focused row: the article searched for. */
  g_assert_false (accord_store_is_bookmarked (store (), UNLEARNING_ARTICLE));
  gtk_widget_activate_action (GTK_WIDGET (fresh_window), "win.bookmark-focused", NULL);
  wait_for_bookmark (UNLEARNING_ARTICLE, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fresh_window), "win.bookmark-focused", NULL);
  wait_for_bookmark (UNLEARNING_ARTICLE, FALSE);

  gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&fresh_window)));
  accord_test_spin (50);
}

static gboolean
is_collapsed (void)
{
  return adw_navigation_split_view_get_collapsed (accord_window_get_split_view (window));
}

static gboolean
is_wide (void)
{
  return !is_collapsed ();
}

/* Back to the size tests start at, wide. */
static void
widen_window (void)
{
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  accord_test_wait_for (is_wide);
}

/* A click on an article or a search result opens it: lists without a
 * selection open on a double click unless told otherwise. The sidebar's
 * own list selects on a click, and must not select on hover. */
static void
test_lists_open_on_click (void)
{
  GtkWidget *bookmarks_list = accord_test_template_child (accord_window_get_bookmarks_view (window),
                                                          ACCORD_TYPE_BOOKMARKS_VIEW, "list");

  g_assert_true (gtk_list_view_get_single_click_activate (
    GTK_LIST_VIEW (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline"))));
  g_assert_true (gtk_list_view_get_single_click_activate (
    GTK_LIST_VIEW (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list"))));
  g_assert_true (gtk_list_view_get_single_click_activate (GTK_LIST_VIEW (bookmarks_list)));
  g_assert_false (gtk_list_view_get_single_click_activate (
    GTK_LIST_VIEW (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list"))));
}

/* A code iso-codes does not know is shown as itself, and sorted among
 * the names. */
static void
test_unknown_member_code (void)
{
  static const char feed[] =
    "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
    " \"entities\": [{\"id\": \"club\", \"kind\": \"organisation\", \"name\": {\"en\": \"Club\"},"
    "   \"members\": [{\"country\": \"ZZ\"}, {\"country\": \"FR\", \"founding\": true}]}],"
    " \"articles\": []}";
  g_autoptr(GPtrArray) chips = NULL;

  import_string (feed);
  open_entity ("club");
  chips = accord_test_find_all (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "members_box"),
                                ACCORD_TYPE_MEMBER_CHIP);
  g_assert_cmpuint (chips->len, ==, 2);
  g_assert_cmpstr (accord_member_chip_get_name (g_ptr_array_index (chips, 0)), ==, "France");
  g_assert_cmpstr (accord_member_chip_get_name (g_ptr_array_index (chips, 1)), ==, "ZZ");

  reimport_builtin ();
}

static guint
member_chips_shown (void)
{
  g_autoptr(GPtrArray) chips = accord_test_find_all (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                                 "members_box"),
                                                     ACCORD_TYPE_MEMBER_CHIP);
  return chips->len;
}

static gboolean
all_member_chips_shown (void)
{
  return member_chips_shown () == 1500;
}

static gboolean
members_unmapped (void)
{
  return !gtk_widget_get_mapped (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "members_box"));
}

/* Thousands of members (codes of the publisher's own) show as many chips
 * as fill a window at once and the others over the next frames while in
 * sight, sorted all the same. */
static void
test_many_members_shown_in_steps (void)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                                          " \"entities\": [{\"id\": \"union\", \"kind\": \"organisation\","
                                          " \"name\": {\"en\": \"A union of regions\"}, \"members\": [");
  GtkLabel *heading = GTK_LABEL (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "members_heading"));
  g_autoptr(GPtrArray) chips = NULL;
  guint first, paused;

  /* Listed from the last, shown from the first. */
  for (guint i = 1500; i > 0; i--)
    g_string_append_printf (json, "%s{\"country\": \"R%04u\"}", i < 1500 ? "," : "", i);
  g_string_append (json, "]}, {\"id\": \"pair\", \"kind\": \"organisation\", \"name\": {\"en\": \"A pair\"},"
                         " \"members\": [{\"country\": \"FR\"}, {\"country\": \"DE\"}]}], \"articles\": []}");
  import_string (json->str);

  accord_sidebar_select_entity (sidebar (), "union");
  g_assert_cmpstr (gtk_label_get_text (heading), ==, accord_test_french () ? "1\u202f500 membres" : "1,500 members");
  first = member_chips_shown ();
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (first, <, 500);

  /* Out of sight, nothing more. */
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_wait_for (members_unmapped);
  paused = member_chips_shown ();
  accord_test_spin (300);
  g_assert_cmpuint (member_chips_shown (), ==, paused);
  g_assert_cmpuint (paused, <, 1500);

  accord_entity_view_set_tab (entity_view (), "overview");
  accord_test_wait_for (all_member_chips_shown);
  chips = accord_test_find_all (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "members_box"),
                                ACCORD_TYPE_MEMBER_CHIP);
  g_assert_cmpstr (accord_member_chip_get_code (g_ptr_array_index (chips, 0)), ==, "R0001");
  g_assert_cmpstr (accord_member_chip_get_code (g_ptr_array_index (chips, 1499)), ==, "R1500");

  /* New data for it, with the reader down among the chips: all of them
   * at once, as chips coming over a few frames would pull the page up. */
  {
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (g_ptr_array_index (chips, 0), GTK_TYPE_SCROLLED_WINDOW)));
    double reading;

    accord_test_spin (200);
    reading = 0.8 * (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
    gtk_adjustment_set_value (adjustment, reading);
    import_string (json->str);
    g_assert_cmpuint (member_chips_shown (), ==, 1500);
    accord_test_spin (300);
    g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adjustment) - reading), <, 2);
  }

  /* Another entity while chips are still coming: only its own show. */
  open_entity ("pair");
  accord_sidebar_select_entity (sidebar (), "union");
  g_assert_cmpuint (member_chips_shown (), <, 1500);
  open_entity ("pair");
  accord_test_spin (200);
  g_assert_cmpuint (member_chips_shown (), ==, 2);

  reimport_builtin ();
}

/* About speaks the app's language, whatever the metainfo's. */
static void
test_about_in_app_language (void)
{
  AdwDialog *dialog;
  const char *notes;

  gtk_widget_activate_action (GTK_WIDGET (window), "app.about", NULL);
  accord_test_spin (100);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ADW_IS_ABOUT_DIALOG (dialog));
  g_assert_cmpstr (adw_about_dialog_get_developer_name (ADW_ABOUT_DIALOG (dialog)), ==,
                   accord_test_french () ? "Les développeurs d’Accord" : "The Accord developers");
  /* What's New too, though libadwaita reads it in the desktop's language. */
  notes = adw_about_dialog_get_release_notes (ADW_ABOUT_DIALOG (dialog));
  g_assert_nonnull (strstr (notes, accord_test_french () ? "La première version d’Accord" : "The first release of Accord"));
  g_assert_nonnull (strstr (notes, accord_test_french () ? "<li>Une recherche qui ignore" : "<li>Search that ignores"));
  adw_dialog_force_close (dialog);
  accord_test_spin (300);
}

/* Tab goes through an entity page and out of it: no widget keeps it. */
static void
test_tab_through_entity_page (void)
{
  GtkWidget *overview = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "language_toggles");
  GtkWidget *previous = NULL;
  gboolean left_the_page = FALSE;

  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "overview");
  accord_test_spin (100);
  gtk_widget_child_focus (overview, GTK_DIR_TAB_FORWARD);
  for (guint i = 0; i < 60 && !left_the_page; i++)
    {
      GtkWidget *focus;

      g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      g_assert_true (focus != previous);
      previous = focus;
      left_the_page = !gtk_widget_is_ancestor (focus, GTK_WIDGET (entity_view ()));
    }
  g_assert_true (left_the_page);
}

/* And through Preferences, back to where it began. */
static void
test_tab_through_preferences (void)
{
  GtkWidget *first, *previous = NULL;
  gboolean back_at_first = FALSE;

  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (100);
  first = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (first);
  for (guint i = 0; i < 60 && !back_at_first; i++)
    {
      GtkWidget *focus;

      /* What Tab does. */
      g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_true (focus != previous);
      previous = focus;
      back_at_first = focus == first;
    }
  g_assert_true (back_at_first);
  adw_dialog_force_close (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  accord_test_spin (300);
}

/* Dates as the UI language writes them, the first of a month included. */
static void
test_dates (void)
{
  const struct { const char *date, *en, *fr; } cases[] = {
    { "2026-06-05", "5 June 2026", "5\u00a0juin 2026" },
    { "2026-06-01", "1 June 2026", "1er\u00a0juin 2026" },
    { "2026-06", "June 2026", "juin 2026" },
    { "2026", "2026", "2026" },
    /* A year of fewer than four digits would read as a day ("June 1"):
     * written as the feed has it. */
    { "0001-06-05", "0001-06-05", "0001-06-05" },
    { "0999-06", "0999-06", "0999-06" },
    { "0042", "0042", "0042" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *written = accord_i18n_format_date (cases[i].date);

      g_assert_cmpstr (written, ==, accord_test_french () ? cases[i].fr : cases[i].en);
    }
}

/* A list given new items lets the old ones go. */
static void
test_old_lists_released (void)
{
  GtkWidget *results = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list");
  GtkWidget *timeline = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline");
  gpointer old_results = NULL, old_timeline = NULL, old_bookmark = NULL;

  /* The Bookmarks page changes its list in place: a bookmark removed
   * goes from it. */
  import_numbered_bookmarks (1);
  accord_sidebar_select_bookmarks (sidebar ());
  expected_bookmarks = 1;
  accord_test_wait_for (bookmarks_page_counts_expected);
  {
    GListModel *shown = accord_bookmarks_view_get_model (ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window)));
    g_autoptr(AccordArticle) bookmark = g_list_model_get_item (shown, 0);

    g_set_weak_pointer (&old_bookmark, bookmark);
  }
  accord_test_spin (50);
  remove_all_bookmarks ();
  expected_bookmarks = 0;
  accord_test_wait_for (bookmarks_page_counts_expected);

  accord_test_search (sidebar (), "ai");
  g_set_weak_pointer (&old_results, gtk_list_view_get_model (GTK_LIST_VIEW (results)));
  accord_test_search (sidebar (), "act");

  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_spin (100);
  g_set_weak_pointer (&old_timeline, gtk_list_view_get_model (GTK_LIST_VIEW (timeline)));
  open_entity ("eu-ai-act");
  accord_test_spin (100);

  g_assert_null (old_bookmark);
  g_assert_null (old_results);
  g_assert_null (old_timeline);

  accord_test_search (sidebar (), "");
  accord_entity_view_set_tab (entity_view (), "overview");
}

static GtkLabel *label_with_text (GtkWidget  *widget,
                                  const char *text);
static GtkWidget *shown_language_badge (GtkWidget *widget);

/* A window of its own, 900 pixels wide, showing @article's row alone. */
static GtkWidget *
present_row_alone (AccordArticle  *article,
                   GtkWidget     **row)
{
  GtkWidget *holder = gtk_window_new ();

  *row = accord_article_row_new ();
  accord_article_row_set_article (ACCORD_ARTICLE_ROW (*row), article);
  gtk_window_set_child (GTK_WINDOW (holder), *row);
  gtk_window_set_default_size (GTK_WINDOW (holder), 900, 200);
  gtk_window_present (GTK_WINDOW (holder));
  accord_test_spin (200);
  return holder;
}

static GtkWidget *awaited_narrow_row;

static gboolean
row_laid_out_narrow (void)
{
  int width = gtk_widget_get_width (awaited_narrow_row);

  return width > 0 && width <= 300;
}

/* @holder, shown already, made as narrow as a phone: laid out anew once
 * the display has resized it, however long that takes on a busy
 * machine. */
static void
make_row_narrow (GtkWidget *holder,
                 GtkWidget *row)
{
  gtk_window_set_default_size (GTK_WINDOW (holder), 300, 200);
  awaited_narrow_row = row;
  accord_test_wait_for (row_laid_out_narrow);
  awaited_narrow_row = NULL;
}

/* A window showing alone the row of the article @data describes, its
 * title given only in the language other than the interface's (@english
 * or @french): @title is that title's label, @badge the badge saying so. */
static GtkWidget *
present_other_language_title (AccordArticleData *data,
                              const char        *english,
                              const char        *french,
                              GtkWidget        **row,
                              GtkWidget        **title,
                              GtkWidget        **badge)
{
  gboolean in_french = accord_test_french ();
  g_autoptr(AccordArticle) article = NULL;
  GtkWidget *holder;

  if (in_french)
    data->title_en = english;
  else
    data->title_fr = french;
  article = accord_article_new (data);
  holder = present_row_alone (article, row);
  *title = GTK_WIDGET (label_with_text (*row, in_french ? english : french));
  *badge = shown_language_badge (*row);
  g_assert_nonnull (*title);
  g_assert_nonnull (*badge);
  return holder;
}

/* A title shown in the other language has its badge by its last word,
 * not at the far end of a wide row. */
static void
test_title_badge_by_title (void)
{
  AccordArticleData data = { .id = "a", .date = "2026-01-02", .source = "Somewhere", .entities_json = "[]",
                             .in_feed = TRUE };
  GtkWidget *holder, *row, *title, *badge;
  graphene_rect_t title_bounds, badge_bounds;
  int text_width;

  holder = present_other_language_title (&data, "A short title", "Un titre court", &row, &title, &badge);
  g_assert_true (gtk_widget_compute_bounds (title, row, &title_bounds));
  g_assert_true (gtk_widget_compute_bounds (badge, row, &badge_bounds));
  pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (title)), &text_width, NULL);
  g_assert_cmpfloat (badge_bounds.origin.x, >, title_bounds.origin.x + text_width);
  g_assert_cmpfloat (badge_bounds.origin.x, <=, title_bounds.origin.x + text_width + 12);
  /* Level with the title's line. */
  g_assert_cmpfloat (badge_bounds.origin.y, <, title_bounds.origin.y + title_bounds.size.height / 2);

  gtk_window_destroy (GTK_WINDOW (holder));
}

/* A title on several lines, as most are on a phone, keeps its badge as
 * small as on one, by its first line: not a bar as high as the title,
 * "EN" half way down it. */
static void
test_title_badge_by_first_line (void)
{
  AccordArticleData data = { .id = "a", .date = "2026-01-02", .entities_json = "[]", .in_feed = TRUE };
  GtkWidget *holder, *row, *title, *badge;
  graphene_rect_t title_bounds, badge_bounds;
  PangoRectangle first_line;
  int natural;

  holder = present_other_language_title (&data, "A title long enough to take three lines or more in a narrow row",
                                         "Un titre assez long pour prendre trois lignes ou plus dans une rangée étroite",
                                         &row, &title, &badge);
  make_row_narrow (holder, row);

  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (title))), >=, 3);
  g_assert_true (gtk_widget_compute_bounds (title, row, &title_bounds));
  g_assert_true (gtk_widget_compute_bounds (badge, row, &badge_bounds));
  gtk_widget_measure (badge, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpfloat (badge_bounds.size.height, <=, natural);
  pango_layout_line_get_pixel_extents (pango_layout_get_line_readonly (gtk_label_get_layout (GTK_LABEL (title)), 0),
                                       NULL, &first_line);
  g_assert_cmpfloat (badge_bounds.origin.y + badge_bounds.size.height / 2, <,
                     title_bounds.origin.y + first_line.height);

  gtk_window_destroy (GTK_WINDOW (holder));
}

/* A category too long for a phone's line keeps its language badge beside
 * it, cut short for it: on the next line, before the source, the badge
 * would say the source is in the other language. */
static void
test_category_badge_by_category (void)
{
  gboolean french = accord_test_french ();
  const char *english = "Recommendation adopted by the governing council of the organisation";
  const char *french_name = "Recommandation adoptée par le conseil de direction de l’organisation";
  AccordArticleData data = { .id = "a", .date = "2026-01-02", .title_en = "Title", .title_fr = "Titre",
                             .source = "OECD", .entities_json = "[]", .in_feed = TRUE };
  g_autoptr(AccordArticle) article = NULL;
  GtkWidget *holder, *row, *category, *source, *badge;
  graphene_rect_t category_bounds, source_bounds, badge_bounds;

  if (french)
    data.category_en = english;
  else
    data.category_fr = french_name;
  article = accord_article_new (&data);
  holder = present_row_alone (article, &row);
  make_row_narrow (holder, row);

  category = GTK_WIDGET (label_with_text (row, french ? english : french_name));
  source = GTK_WIDGET (label_with_text (row, "OECD"));
  badge = shown_language_badge (row);
  g_assert_nonnull (category);
  g_assert_nonnull (source);
  g_assert_nonnull (badge);
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (category))));
  g_assert_true (gtk_widget_compute_bounds (category, row, &category_bounds));
  g_assert_true (gtk_widget_compute_bounds (source, row, &source_bounds));
  g_assert_true (gtk_widget_compute_bounds (badge, row, &badge_bounds));
  /* On the category's line, after it, and above the source's. */
  g_assert_cmpfloat (badge_bounds.origin.x, >=, category_bounds.origin.x + category_bounds.size.width);
  g_assert_cmpfloat (badge_bounds.origin.y, <, category_bounds.origin.y + category_bounds.size.height);
  g_assert_cmpfloat (badge_bounds.origin.y + badge_bounds.size.height, <=, source_bounds.origin.y);

  gtk_window_destroy (GTK_WINDOW (holder));
}

/* A short title written right to left lines up on the right of its
 * row, as a long one does. */
static void
test_rtl_title_on_the_right (void)
{
  const char *arabic = "\u0645\u0642\u0627\u0644 \u0642\u0635\u064a\u0631";
  AccordArticleData data = { .id = "a", .date = "2026-01-02", .title_en = arabic, .title_fr = arabic,
                             .source = "Somewhere", .entities_json = "[]", .in_feed = TRUE };
  g_autoptr(AccordArticle) article = accord_article_new (&data);
  GtkWidget *row;
  GtkWidget *holder = present_row_alone (article, &row);
  GtkLabel *title = label_with_text (row, arabic);
  graphene_rect_t bounds;
  int text_width;

  g_assert_nonnull (title);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (title), row, &bounds));
  pango_layout_get_pixel_size (gtk_label_get_layout (title), &text_width, NULL);
  /* Its text ends far from the row's start: at the other end. */
  g_assert_cmpfloat (bounds.size.width, >, 4 * text_width);

  gtk_window_destroy (GTK_WINDOW (holder));
}

/* An entity named with one long word still fits a phone's width in a
 * bookmark's row. */
static void
test_long_entity_name_wraps (void)
{
  g_autofree char *word = g_strnfill (80, 'W');
  g_autofree char *entities = g_strdup_printf ("[{\"id\": \"long\", \"en\": \"%s\", \"fr\": \"%s\"}]", word, word);
  AccordArticleData data = { .id = "a", .date = "2026-01-02", .title_en = "A title", .source = "Somewhere",
                             .entities_json = entities, .in_feed = TRUE };
  g_autoptr(AccordArticle) article = accord_article_new (&data);
  GtkWidget *row = g_object_ref_sink (accord_article_row_new ());
  int minimum;

  accord_article_row_set_show_entities (ACCORD_ARTICLE_ROW (row), TRUE);
  accord_article_row_set_article (ACCORD_ARTICLE_ROW (row), article);
  gtk_widget_measure (row, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 300);
  g_object_unref (row);
}

/* The most characters in a row without a space a label of @widget shows,
 * and the most characters any shows. */
static void
measure_labels (GtkWidget *widget,
                glong     *longest_run,
                glong     *longest_text)
{
  g_autoptr(GPtrArray) labels = accord_test_find_all (widget, GTK_TYPE_LABEL);

  *longest_run = *longest_text = 0;
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));
      glong run = 0;

      *longest_text = MAX (*longest_text, g_utf8_strlen (text, -1));
      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          /* Isolates and direction marks take no room. */
          if (c != 0x200B && g_unichar_type (c) == G_UNICODE_FORMAT)
            continue;
          run = g_unichar_isspace (c) || c == 0x200B ? 0 : run + 1;
          *longest_run = MAX (*longest_run, run);
        }
    }
}

/* The text of @widget's labels with the "body" style, in order, joined
 * by spaces, without the breaks added to show them. */
static char *
body_text (GtkWidget *widget)
{
  g_autoptr(GPtrArray) labels = accord_test_find_all (widget, GTK_TYPE_LABEL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "body"))
      {
        if (text->len > 0)
          g_string_append_c (text, ' ');
        g_string_append (text, gtk_label_get_text (g_ptr_array_index (labels, i)));
      }
  g_string_replace (text, "\u200B", "", 0);
  return g_string_free_and_steal (g_steal_pointer (&text));
}

static gboolean
long_article_shown (void)
{
  g_autoptr(GPtrArray) rows = accord_test_find_all (GTK_WIDGET (window), ACCORD_TYPE_ARTICLE_ROW);

  return rows->len > 0;
}

static guint
profile_labels_shown (void)
{
  GtkWidget *box = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_box");
  g_autoptr(GPtrArray) labels = accord_test_find_all (box, GTK_TYPE_LABEL);

  return labels->len;
}

/* How many labels the profile being shown has when it is whole. */
static guint profile_labels;

static gboolean
whole_profile_shown (void)
{
  return profile_labels_shown () == profile_labels;
}

/* The labels @paragraph shows in. */
static guint
count_pieces (const char *paragraph)
{
  g_auto(GStrv) pieces = accord_display_pieces (paragraph);

  return g_strv_length (pieces);
}

/* The feed allows texts of 64 KiB, which GTK would take minutes to lay
 * out in a wrapping label: a name, a title or a source shows its first
 * 500 characters, and a paragraph shows whole, in pieces, every run of
 * text without a space broken for GTK. */
static void
test_longest_texts_shown_in_pieces (void)
{
  g_autofree char *word = g_strnfill (20000, 'W');
  g_autoptr(GString) words = g_string_new (NULL);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GString) letters = g_string_new (NULL);
  g_autofree char *shown = NULL;
  GtkWidget *profile = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_box");
  GtkLabel *name = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "name_label");
  glong run, longest;

  while (words->len < 30000)
    g_string_append_printf (words, "%sword%u", words->len ? " " : "", (guint) words->len);
  g_string_printf (json, "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                   " \"categories\": [{\"id\": \"c\", \"name\": {\"en\": \"%.3000s\", \"fr\": \"%.3000s\"}}],"
                   " \"entities\": [{\"id\": \"huge\", \"kind\": \"organisation\","
                   " \"name\": {\"en\": \"%s\", \"fr\": \"%s\"}, \"acronym\": {\"en\": \"%.5000s\"},"
                   " \"summary\": {\"en\": \"%.9000s\", \"fr\": \"%.9000s\"},"
                   " \"members\": [{\"country\": \"%.3000s\"}],"
                   " \"profile\": {\"en\": [{\"heading\": \"%.3000s\", \"body\": \"%.9000s\\n\\n%s\"}],"
                   "               \"fr\": [{\"heading\": \"%.3000s\", \"body\": \"%.9000s\\n\\n%s\"}]}}],"
                   " \"articles\": [{\"id\": \"a\", \"date\": \"2026-01-02\", \"category\": \"c\","
                   " \"title\": {\"en\": \"%s\", \"fr\": \"%s\"}, \"source\": \"%.5000s\", \"entities\": [\"huge\"]}]}",
                   word, word, word, word, word, word, word, word, word, word, words->str,
                   word, word, words->str, word, word, word);

  import_string (json->str);
  open_entity ("huge");
  accord_entity_view_set_tab (entity_view (), "overview");
  {
    g_autofree char *first = g_strndup (word, 9000);

    profile_labels = 1 + count_pieces (first) + count_pieces (words->str);
  }
  accord_test_wait_for (whole_profile_shown);

  g_assert_cmpint (g_utf8_strlen (gtk_label_get_text (name), -1), ==, ACCORD_DISPLAY_LINE_CHARS + 1 + 500 / 128);
  g_assert_true (g_str_has_suffix (gtk_label_get_text (name), "…"));
  measure_labels (GTK_WIDGET (window), &run, &longest);
  g_assert_cmpint (run, <=, 128);
  g_assert_cmpint (longest, <=, ACCORD_DISPLAY_PIECE_CHARS + ACCORD_DISPLAY_PIECE_CHARS / 128 + 1);
  /* Nothing of a paragraph is lost: it only shows in several labels,
   * which may break it where it had no space. */
  shown = body_text (profile);
  g_string_append (letters, shown);
  g_string_replace (letters, " ", "", 0);
  g_string_replace (words, " ", "", 0);
  g_string_prepend (words, word + 20000 - 9000);
  g_assert_cmpstr (letters->str, ==, words->str);

  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_wait_for (long_article_shown);
  accord_test_spin (100);
  measure_labels (GTK_WIDGET (window), &run, &longest);
  g_assert_cmpint (run, <=, 128);
  g_assert_cmpint (longest, <=, ACCORD_DISPLAY_PIECE_CHARS + ACCORD_DISPLAY_PIECE_CHARS / 128 + 1);

  accord_entity_view_set_tab (entity_view (), "overview");
  reimport_builtin ();
}

/* A paragraph too long for one label reads as one all the same: its
 * labels follow one another without the gap between paragraphs, each
 * ending a sentence where one ends in its last half. */
static void
test_long_paragraph_reads_as_one (void)
{
  GtkWidget *profile = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_box");
  g_autoptr(GString) paragraph = g_string_new (NULL);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GPtrArray) labels = NULL;
  guint n_pieces, first = 0;

  for (guint i = 0; paragraph->len < 5000; i++)
    g_string_append_printf (paragraph, "%sSentence number %u says a little more.", i ? " " : "", i);
  g_string_printf (json, "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                   " \"entities\": [{\"id\": \"long\", \"kind\": \"legislation\", \"name\": {\"en\": \"L\", \"fr\": \"L\"},"
                   " \"profile\": {\"en\": [{\"heading\": \"H\", \"body\": \"%s\\n\\nThe next paragraph.\"}],"
                   "               \"fr\": [{\"heading\": \"H\", \"body\": \"%s\\n\\nThe next paragraph.\"}]}}]}",
                   paragraph->str, paragraph->str);
  import_string (json->str);
  open_entity ("long");
  accord_entity_view_set_tab (entity_view (), "overview");
  n_pieces = count_pieces (paragraph->str);
  g_assert_cmpuint (n_pieces, >=, 3);
  profile_labels = 1 + n_pieces + 1;
  accord_test_wait_for (whole_profile_shown);
  accord_test_spin (100);

  labels = accord_test_find_all (profile, GTK_TYPE_LABEL);
  while (!g_str_has_prefix (gtk_label_get_text (GTK_LABEL (labels->pdata[first])), "Sentence number 0 "))
    first++;
  /* Under its heading. */
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (labels->pdata[first - 1])), ==, "H");
  for (guint i = 1; i <= n_pieces; i++)
    {
      GtkWidget *piece = g_ptr_array_index (labels, first + i - 1);
      GtkWidget *next = g_ptr_array_index (labels, first + i);
      graphene_rect_t a, b;

      g_assert_true (gtk_widget_compute_bounds (piece, profile, &a));
      g_assert_true (gtk_widget_compute_bounds (next, profile, &b));
      if (i < n_pieces)
        {
          g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (piece)), "more."));
          g_assert_cmpfloat (b.origin.y - (a.origin.y + a.size.height), <, 1);
        }
      else
        g_assert_cmpfloat (b.origin.y - (a.origin.y + a.size.height), >=, 6);
    }
  reimport_builtin ();
}

typedef struct
{
  AccordBatches batches;
  guint         n_first;
  guint         n_second;
} BatchRun;

static BatchRun *batch_run;

static gboolean
second_batch (gpointer user_data)
{
  BatchRun *run = user_data;

  return ++run->n_second < 3;
}

/* Hands the work over to second_batch() on its third frame. */
static gboolean
first_batch (gpointer user_data)
{
  BatchRun *run = user_data;

  if (++run->n_first < 3)
    return TRUE;
  accord_batches_start (&run->batches, GTK_WIDGET (window), second_batch, run);
  return FALSE;
}

/* Stops on its second frame, saying there is more. */
static gboolean
stopping_batch (gpointer user_data)
{
  BatchRun *run = user_data;

  if (++run->n_first == 2)
    accord_batches_stop (&run->batches);
  return TRUE;
}

static gboolean
batches_done (void)
{
  return batch_run->batches.widget == NULL;
}

/* Work done a batch a frame may be stopped or started anew from within
 * a batch: only what is current goes on. */
static void
test_batches_changed_from_within (void)
{
  BatchRun run = { { NULL } };

  batch_run = &run;
  accord_batches_start (&run.batches, GTK_WIDGET (window), first_batch, &run);
  accord_test_wait_for (batches_done);
  accord_test_spin (100);
  g_assert_cmpuint (run.n_first, ==, 3);
  g_assert_cmpuint (run.n_second, ==, 3);

  run = (BatchRun) { { NULL } };
  accord_batches_start (&run.batches, GTK_WIDGET (window), stopping_batch, &run);
  accord_test_wait_for (batches_done);
  accord_test_spin (100);
  g_assert_cmpuint (run.n_first, ==, 2);
  batch_run = NULL;
}

/* The label in @widget showing @text, or %NULL. */
static GtkLabel *
label_with_text (GtkWidget  *widget,
                 const char *text)
{
  g_autoptr(GPtrArray) labels = accord_test_find_all (widget, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return g_ptr_array_index (labels, i);
  return NULL;
}

static void
on_clipboard_read (GObject      *clipboard,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, &error);
  g_assert_no_error (error);
}

/* What copying the characters @start to @end of @label puts on the
 * clipboard. */
static char *
copy_from_label (GtkLabel *label,
                 int       start,
                 int       end)
{
  char *text = NULL;

  gtk_label_select_region (label, start, end);
  g_signal_emit_by_name (label, "copy-clipboard");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (label)), NULL, on_clipboard_read, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  return text;
}

/* A long web address in a profile, shown with breaks to wrap at, copies
 * as the feed wrote it; a zero-width space of the feed's own stays. */
static void
test_profile_copied_as_written (void)
{
  g_autofree char *run = g_strnfill (300, 'x');
  g_autofree char *paragraph = g_strdup_printf ("See https://example.org/%s for the text, word\u200Bjoined.", run);
  g_autofree char *json = g_strdup_printf ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                                           " \"entities\": [{\"id\": \"addr\", \"kind\": \"organisation\","
                                           " \"name\": {\"en\": \"Addresses\"},"
                                           " \"profile\": {\"en\": [{\"heading\": \"Where\", \"body\": \"%s\"}],"
                                           "               \"fr\": [{\"heading\": \"Où\", \"body\": \"%s\"}]}}],"
                                           " \"articles\": []}", paragraph, paragraph);
  GtkWidget *profile = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_box");
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *part = NULL;
  g_autofree char *expected_part = NULL;
  g_autofree char *heading = NULL;
  GtkLabel *label = NULL;

  import_string (json);
  open_entity ("addr");
  accord_entity_view_set_tab (entity_view (), "overview");
  profile_labels = 1 + count_pieces (paragraph);
  accord_test_wait_for (whole_profile_shown);

  labels = accord_test_find_all (profile, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), "example.org") != NULL)
      label = g_ptr_array_index (labels, i);
  g_assert_nonnull (label);
  /* Shown with breaks in the address... */
  g_assert_cmpint (g_utf8_strlen (gtk_label_get_text (label), -1), ==, g_utf8_strlen (paragraph, -1) + 2);

  /* ...copied without them, whole or in part. */
  whole = copy_from_label (label, 0, -1);
  g_assert_cmpstr (whole, ==, paragraph);
  /* "See " and 196 characters shown, one of them a break. */
  part = copy_from_label (label, 4, 200);
  expected_part = g_utf8_substring (paragraph, 4, 199);
  g_assert_cmpstr (part, ==, expected_part);
  /* A label with nothing added copies as usual. */
  label = label_with_text (profile, "Where");
  if (label == NULL)
    label = label_with_text (profile, "Où");
  heading = copy_from_label (label, 0, -1);
  g_assert_cmpstr (heading, ==, gtk_label_get_text (label));

  reimport_builtin ();
}

/* On a phone, an article's date, category and source take the lines
 * they need rather than cutting the category short. */
static void
test_article_meta_wraps (void)
{
  const char *category = accord_test_french () ? "Plan national / stratégie" : "National plan / strategy";
  const char *source = "Ministry of Economy, Finance and Industrial and Digital Sovereignty";
  AccordArticleData data = { .id = "a", .date = "2026-01-02", .title_en = "A title", .title_fr = "Un titre",
                             .category_en = "National plan / strategy",
                             .category_fr = "Plan national / stratégie", .source = source, .in_feed = TRUE };
  g_autoptr(AccordArticle) article = accord_article_new (&data);
  GtkWidget *row = g_object_ref_sink (accord_article_row_new ());
  GtkWidget *holder = gtk_window_new ();
  int width = 300, height;

  accord_article_row_set_article (ACCORD_ARTICLE_ROW (row), article);
  gtk_window_set_child (GTK_WINDOW (holder), row);
  gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  gtk_widget_size_allocate (row, &(GtkAllocation) { 0, 0, width, height }, -1);

  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label_with_text (row, category))));
  /* The source has a line of its own, and still more than it holds. */
  g_assert_true (gtk_widget_get_height (GTK_WIDGET (label_with_text (row, source))) > 0);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (label_with_text (row, source))), >,
                   width / 2);
  gtk_window_destroy (GTK_WINDOW (holder));
  g_object_unref (row);
}

static GtkWidget *narrow_title;

static gboolean
narrow_title_mapped (void)
{
  return gtk_widget_get_mapped (narrow_title);
}

/* The sidebar row of @item_id that is mapped, and where it is in the
 * list, or %NULL. */
static GtkWidget *
mapped_sidebar_row (const char      *item_id,
                    graphene_rect_t *bounds)
{
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  g_autoptr(GPtrArray) rows = accord_test_find_all (list, ACCORD_TYPE_SIDEBAR_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (accord_sidebar_row_get_item_id (ACCORD_SIDEBAR_ROW (row)), item_id) == 0 &&
          gtk_widget_get_mapped (row) && gtk_widget_compute_bounds (row, list, bounds))
        return row;
    }
  return NULL;
}

/* The built-in names show whole in the sidebar of a full-size window,
 * the longest French one ("Règlement européen sur l'intelligence
 * artificielle (règlement sur l'IA)") included. */
static void
test_sidebar_names_whole (void)
{
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  g_autoptr(GPtrArray) rows = NULL;
  guint n_checked = 0;

  widen_window ();
  accord_test_spin (200);
  rows = accord_test_find_all (list, ACCORD_TYPE_SIDEBAR_ROW);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      GtkLabel *title = accord_test_template_child (row, ACCORD_TYPE_SIDEBAR_ROW, "title");

      if (!gtk_widget_get_mapped (row))
        continue;
      g_test_message ("%s", gtk_label_get_text (title));
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (title)));
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >=, 10);
}

/* A click on a sidebar row, as the list's own click handling sees it. */
static void
click_sidebar_row (const char *item_id)
{
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  graphene_rect_t bounds;

  if (mapped_sidebar_row (item_id, &bounds) == NULL)
    g_error ("no sidebar row for %s", item_id);
  g_signal_emit_by_name (named_controller (list, "reopen-click"), "released", 1,
                         (double) bounds.origin.x + bounds.size.width / 2,
                         (double) bounds.origin.y + bounds.size.height / 2);
  accord_test_spin (50);
}

static GtkWidget *
name_label (void)
{
  return accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "name_label");
}

static void
test_narrow_layout (void)
{
  AdwNavigationSplitView *split = accord_window_get_split_view (window);

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);

  open_entity ("eu-ai-act");
  g_assert_true (adw_navigation_split_view_get_show_content (split));
  /* The view switcher is at the bottom; the header names the entity. */
  {
    GtkWidget *title = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "narrow_title");

    narrow_title = title;
    accord_test_wait_for (narrow_title_mapped);
    g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), ==, accord_test_french () ? "RIA" : "AI Act");
    /* The name in a title a size down, for the room it would take. */
    g_assert_true (gtk_widget_has_css_class (name_label (), "title-2"));
    g_assert_false (gtk_widget_has_css_class (name_label (), "title-1"));
    /* Which the line above the name does not say again. */
    g_assert_cmpstr (meta_text (),
                     ==, accord_test_french () ? "Texte législatif" : "Legislation");
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_false (adw_navigation_split_view_get_show_content (split));

  /* Back on the sidebar, a tap on the row still selected opens it again. */
  open_entity ("gpai");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  accord_test_spin (300);
  g_assert_false (adw_navigation_split_view_get_show_content (split));
  click_sidebar_row ("gpai");
  g_assert_true (adw_navigation_split_view_get_show_content (split));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);

  /* The arrow keys go through the sidebar without leaving it; Enter
   * opens the entry they are on. */
  {
    GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
    GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (list));
    GtkEventController *keys = named_controller (list, "browse-keys");
    guint position = 0;
    gboolean handled;

    while (!gtk_selection_model_is_selected (selection, position))
      position++;
    g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Up, 0, 0, &handled);
    gtk_selection_model_select_item (selection, position - 1, TRUE);
    g_signal_emit_by_name (keys, "key-released", GDK_KEY_Up, 0, 0);
    accord_test_spin (50);
    g_assert_false (adw_navigation_split_view_get_show_content (split));
    g_assert_cmpstr (accord_entity_get_id (accord_entity_view_get_entity (entity_view ())), !=, "eu-ai-act");

    g_signal_emit_by_name (list, "activate", position - 1);
    accord_test_spin (50);
    g_assert_true (adw_navigation_split_view_get_show_content (split));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  }

  widen_window ();
  open_entity ("eu-ai-act");
  g_assert_cmpstr (meta_text (),
                   ==, accord_test_french () ? "RIA\u00a0· Texte législatif" : "AI Act\u00a0· Legislation");
  g_assert_true (gtk_widget_has_css_class (name_label (), "title-1"));
  g_assert_false (gtk_widget_has_css_class (name_label (), "title-2"));
}

static gboolean bookmarks_page_shown (void);

/* On a phone, Enter on a row opens its page with the focus at its top,
 * on the way back, not on a link a second Enter would open. */
static const char *
focused_sidebar_row_id (void)
{
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  GtkWidget *row = accord_focused_row (list, ACCORD_TYPE_SIDEBAR_ROW);

  return row != NULL ? accord_sidebar_row_get_item_id (ACCORD_SIDEBAR_ROW (row)) : NULL;
}

/* Back to the list on a phone, the focus is on the row of what was shown,
 * though it was opened some other way (a search, the window restored): Enter
 * opens it again, not the row the list last had focused. */
static void
test_narrow_back_focus (void)
{
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  gtk_widget_grab_focus (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list"));
  accord_test_spin (100);
  g_assert_cmpstr (focused_sidebar_row_id (), !=, "oecd");

  accord_sidebar_select_entity (sidebar (), "oecd");
  accord_test_spin (400);
  g_assert_true (adw_navigation_split_view_get_show_content (accord_window_get_split_view (window)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  accord_test_spin (600);
  g_assert_cmpstr (sidebar_selected_id (), ==, "oecd");
  g_assert_cmpstr (focused_sidebar_row_id (), ==, "oecd");

  widen_window ();
  open_entity ("gpai");
  gtk_root_set_focus (GTK_ROOT (window), NULL);
}

static GtkWidget *
content_page (void)
{
  return accord_test_template_child (window, ACCORD_TYPE_WINDOW, "content_page");
}

static gboolean
focus_on_content_header (void)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, content_page ()) &&
         gtk_widget_get_ancestor (focus, ADW_TYPE_HEADER_BAR) != NULL;
}

static gboolean
focus_shown_in_content (void)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_get_mapped (focus) && gtk_widget_is_ancestor (focus, content_page ());
}

/* Down pressed as soon as the text is typed, before the entry searches
 * it, goes to the results of that text, not to those still shown. */
static void
test_search_down_before_results (void)
{
  GtkWidget *search = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "search_entry");
  GtkEventController *keys = named_controller (search, "search-keys");
  gboolean handled = FALSE;

  accord_test_search (sidebar (), "code");
  accord_sidebar_focus_search (sidebar ());
  accord_test_wait_for (search_has_focus);
  gtk_editable_set_text (GTK_EDITABLE (search), "desapprentissage");
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_true (search_has_focus ());
  awaited_focus = UNLEARNING_ARTICLE;
  accord_test_wait_for (result_has_awaited_focus);

  /* A text that finds nothing leaves the focus where it is. */
  accord_sidebar_focus_search (sidebar ());
  accord_test_wait_for (search_has_focus);
  gtk_editable_set_text (GTK_EDITABLE (search), "desapprentissagezzq");
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  accord_test_wait_for_search (sidebar ());
  accord_test_spin (100);
  g_assert_true (search_has_focus ());

  accord_test_search (sidebar (), "");
}

/* Down from the entry with no search goes to the row of what is shown,
 * and Up from the first row goes back to the entry. */
static void
test_search_down_to_selection (void)
{
  GtkWidget *search = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "search_entry");
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  GtkEventController *list_keys = named_controller (list, "browse-keys");
  gboolean handled = FALSE;

  open_entity ("eu-ai-act");
  accord_sidebar_focus_search (sidebar ());
  accord_test_wait_for (search_has_focus);
  g_signal_emit_by_name (named_controller (search, "search-keys"), "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  g_assert_true (handled);
  accord_test_wait_for (entity_list_has_focus);
  accord_test_spin (50);
  g_assert_cmpstr (focused_sidebar_row_id (), ==, "eu-ai-act");

  /* Up from a row below the first moves in the list, as GTK's Up does. */
  handled = FALSE;
  g_signal_emit_by_name (list_keys, "key-pressed", GDK_KEY_Up, 0, 0, &handled);
  g_assert_false (handled);
  g_assert_true (entity_list_has_focus ());

  accord_list_view_focus (GTK_LIST_VIEW (list), 0);
  accord_test_spin (100);
  g_assert_cmpstr (focused_sidebar_row_id (), ==, ACCORD_SIDEBAR_BOOKMARKS);
  g_signal_emit_by_name (list_keys, "key-pressed", GDK_KEY_Up, 0, 0, &handled);
  g_assert_true (handled);
  accord_test_wait_for (search_has_focus);
  /* The page shown stays. */
  g_assert_cmpstr (accord_entity_get_id (accord_entity_view_get_entity (entity_view ())), ==, "eu-ai-act");
}

/* On a phone, back from a result opened, the focus is on that result,
 * though new data has made the rows of the results again meanwhile. */
static void
narrow_back_to_result (const char *query,
                       gboolean  (*focus_on_result) (void))
{
  GtkWidget *results = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list");

  accord_test_search (sidebar (), query);
  accord_list_view_focus (GTK_LIST_VIEW (results), 0);
  accord_test_wait_for (focus_on_result);
  g_signal_emit_by_name (results, "activate", 0);
  accord_test_wait_for (focus_shown_in_content);

  reimport_builtin ();
  accord_test_wait_for_search (sidebar ());
  accord_test_spin (100);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  accord_test_wait_for (focus_on_result);
}

static void
report_search_changed (void)
{
  g_assert_true (accord_sidebar_get_searching (sidebar ()));
  g_signal_emit_by_name (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "search_entry"), "search-changed");
}

/* An entity opened from the results that new data takes away: the
 * focus, which was on its page, goes back among the new results, or to
 * the search entry when there are none, not to the empty page left. */
static void
opened_result_gone (const char *query,
                    gboolean  (*focus_after) (void))
{
  static const char feed[] =
    "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
    " \"entities\": [{\"id\": \"gpai\", \"kind\": \"organisation\","
    "  \"name\": {\"en\": \"Global Partnership on Artificial Intelligence\"}}]}";
  GtkWidget *results = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list");
  GListModel *found;
  guint position = 0;
  gulong handler;

  accord_test_search (sidebar (), query);
  found = accord_sidebar_get_results (sidebar ());
  for (;; position++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (found, position);

      g_assert_nonnull (item);
      if (ACCORD_IS_ENTITY (item) && g_str_equal (accord_entity_get_id (ACCORD_ENTITY (item)), "eu-ai-act"))
        break;
    }
  g_signal_emit_by_name (results, "activate", position);
  accord_test_spin (100);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (entity_view ()), GTK_DIR_TAB_FORWARD));

  /* The entry may report the text typed only once the new data is being
   * searched again, its delay over. */
  handler = g_signal_connect_swapped (store (), "snapshot-changed", G_CALLBACK (report_search_changed), NULL);
  import_string (feed);
  g_signal_handler_disconnect (store (), handler);
  accord_test_wait_for (focus_after);

  dismiss_toasts ();
  reimport_builtin ();
  accord_test_search (sidebar (), "");
}

static void
test_opened_result_gone (void)
{
  awaited_focus = "gpai";
  opened_result_gone ("intelligence", entity_result_has_awaited_focus);
  opened_result_gone ("ai act", search_has_focus);
}

static void
test_narrow_back_to_result (void)
{
  resize_window (360, 640);
  accord_test_wait_for (is_collapsed);

  awaited_focus = "gpai";
  narrow_back_to_result ("gpai", entity_result_has_awaited_focus);
  awaited_focus = UNLEARNING_ARTICLE;
  narrow_back_to_result ("desapprentissage", result_has_awaited_focus);

  accord_test_search (sidebar (), "");
  widen_window ();
}


/* On a phone, a page opened from the list has the focus on its way back;
 * a window widened then, with no way back to show, keeps the focus on
 * the page read, not on the sidebar's menu. */
static void
test_widening_keeps_page_focus (void)
{
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  GListModel *rows;
  guint position = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  rows = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  for (;; position++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (rows, position);

      g_assert_nonnull (item);
      if (ACCORD_IS_ENTITY (item) && g_str_equal (accord_entity_get_id (ACCORD_ENTITY (item)), "oecd"))
        break;
    }
  gtk_widget_grab_focus (list);
  g_signal_emit_by_name (list, "activate", position);
  accord_test_wait_for (focus_on_content_header);

  widen_window ();
  accord_test_spin (300);
  g_assert_true (focus_shown_in_content ());
  open_entity ("gpai");
}

/* Runs the window's own shortcuts for @accelerator as its shortcut
 * controller does, in turn until one acts. Returns whether one did. */
static gboolean
press_window_shortcut (const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (trigger, accelerator) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, GTK_WIDGET (window),
                                            gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

static GtkWidget *
entity_tab_page (const char *tab)
{
  return adw_view_stack_get_child_by_name (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "stack"),
                                           tab);
}

static gboolean
focus_in_articles_page (void)
{
  return focus_is_in (entity_tab_page ("articles"));
}

static gboolean
focus_in_overview_page (void)
{
  return focus_is_in (entity_tab_page ("overview"));
}

/* Alt+1 and Alt+2 show an entity's overview and articles, the focus
 * following from the page left; they leave other views alone. */
static void
test_tab_shortcuts (void)
{
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "overview");
  gtk_widget_grab_focus (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "language_toggles"));

  g_assert_true (press_window_shortcut ("<Alt>2"));
  g_assert_cmpstr (accord_entity_view_get_tab (entity_view ()), ==, "articles");
  accord_test_wait_for (focus_in_articles_page);
  accord_test_spin (100);
  g_assert_true (focus_is_in (entity_tab_page ("articles")));
  g_assert_true (press_window_shortcut ("<Alt>1"));
  g_assert_cmpstr (accord_entity_view_get_tab (entity_view ()), ==, "overview");
  accord_test_wait_for (focus_in_overview_page);
  accord_test_spin (100);
  g_assert_true (focus_is_in (entity_tab_page ("overview")));

  /* From the sidebar, the page changes and the focus stays. */
  accord_sidebar_focus_search (sidebar ());
  g_assert_true (press_window_shortcut ("<Alt>2"));
  g_assert_cmpstr (accord_entity_view_get_tab (entity_view ()), ==, "articles");
  accord_test_spin (100);
  g_assert_true (focus_is_in (GTK_WIDGET (sidebar ())));

  /* The keys of Alt+1 and Alt+2 on a French keyboard, without Shift. */
  g_assert_true (press_window_shortcut ("<Alt>ampersand"));
  g_assert_cmpstr (accord_entity_view_get_tab (entity_view ()), ==, "overview");
  g_assert_true (press_window_shortcut ("<Alt>eacute"));
  g_assert_cmpstr (accord_entity_view_get_tab (entity_view ()), ==, "articles");

  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_spin (100);
  press_window_shortcut ("<Alt>1");
  g_assert_cmpstr (accord_window_get_visible_view (window), ==, "bookmarks");
  g_assert_cmpstr (accord_entity_view_get_tab (entity_view ()), ==, "articles");

  accord_entity_view_set_tab (entity_view (), "overview");
  open_entity ("gpai");
}

static gboolean
four_bookmarks_listed (void)
{
  GListModel *model = accord_bookmarks_view_get_model (ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window)));

  return model != NULL && g_list_model_get_n_items (model) == 4;
}

/* The headings of the bookmarks' list, in their order. */
static GPtrArray *
bookmark_headings (void)
{
  g_autoptr(GPtrArray) labels = accord_test_find_all (accord_window_get_bookmarks_view (window), GTK_TYPE_LABEL);
  GPtrArray *headings = g_ptr_array_new ();

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "heading") &&
        gtk_widget_get_ancestor (g_ptr_array_index (labels, i), GTK_TYPE_LIST_VIEW) != NULL)
      g_ptr_array_add (headings, (gpointer) gtk_label_get_text (g_ptr_array_index (labels, i)));
  return headings;
}

/* The bookmarks come newest first, whatever their articles' dates:
 * headings say when each was bookmarked. One made with the clock ahead
 * counts as today's, and stays first. */
static void
test_bookmark_headings (void)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) long_ago = g_date_time_new_local (2025, 3, 10, 12, 0, 0);
  g_autoptr(GDateTime) ahead = g_date_time_add_days (now, 40);
  gint64 created[] = { ACCORD_BOOKMARK_NOW, g_date_time_to_unix_usec (yesterday), g_date_time_to_unix_usec (long_ago),
                       g_date_time_to_unix_usec (ahead) };
  g_autoptr(GPtrArray) headings = NULL;
  GtkListView *list;
  g_autoptr(AccordArticle) first = NULL;
  g_autoptr(AccordArticle) made_ahead = g_list_model_get_item (articles, 3);

  for (guint i = 0; i < G_N_ELEMENTS (created); i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (articles, i);
      g_autoptr(GError) error = NULL;

      g_assert_true (accord_store_add_bookmark (store (), article, created[i], &error));
      g_assert_no_error (error);
    }
  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_wait_for (four_bookmarks_listed);
  accord_test_spin (200);
  list = accord_test_template_child (accord_window_get_bookmarks_view (window), ACCORD_TYPE_BOOKMARKS_VIEW, "list");
  first = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list)), 0);
  g_assert_cmpstr (accord_article_get_id (first), ==, accord_article_get_id (made_ahead));

  headings = bookmark_headings ();
  g_assert_cmpuint (headings->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (headings, 0), ==,
                   accord_test_french () ? "Ajoutés aujourd’hui" : "Bookmarked Today");
  g_assert_cmpstr (g_ptr_array_index (headings, 1), ==, accord_test_french () ? "Ajoutés hier" : "Bookmarked Yesterday");
  g_assert_cmpstr (g_ptr_array_index (headings, 2), ==,
                   accord_test_french () ? "Ajoutés en mars 2025" : "Bookmarked in March 2025");

  for (guint i = 0; i < G_N_ELEMENTS (created); i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (articles, i);

      accord_store_remove_bookmark (store (), article, NULL);
    }
  accord_test_spin (100);
  open_entity ("gpai");
}

static gboolean
bookmarked_yesterday_shown (void)
{
  g_autoptr(GPtrArray) headings = bookmark_headings ();

  return headings->len == 1 &&
         g_str_equal (g_ptr_array_index (headings, 0),
                      accord_test_french () ? "Ajoutés hier" : "Bookmarked Yesterday");
}

/* At midnight, the bookmarks made the day before move under
 * "Yesterday" while the page shows, the list left as it is. */
static void
test_bookmark_headings_at_midnight (void)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) article = g_list_model_get_item (articles, 0);
  AccordBookmarksView *view = ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window));
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) next_midnight = NULL;
  g_autoptr(GPtrArray) headings = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, &error));
  g_assert_no_error (error);
  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_wait_for (bookmarks_page_shown);
  accord_test_spin (100);
  /* Two seconds to midnight. */
  now = g_date_time_new_now_local ();
  tomorrow = g_date_time_add_days (now, 1);
  next_midnight = g_date_time_new_local (g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                         g_date_time_get_day_of_month (tomorrow), 0, 0, 0);
  accord_bookmarks_view_set_clock_offset (view, g_date_time_difference (next_midnight, now) - 2 * G_USEC_PER_SEC);
  headings = bookmark_headings ();
  g_assert_cmpuint (headings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (headings, 0), ==,
                   accord_test_french () ? "Ajoutés aujourd’hui" : "Bookmarked Today");

  accord_test_wait_for (bookmarked_yesterday_shown);
  g_assert_cmpuint (g_list_model_get_n_items (accord_bookmarks_view_get_model (view)), ==, 1);

  accord_bookmarks_view_set_clock_offset (view, 0);
  accord_store_remove_bookmark (store (), article, NULL);
  accord_test_spin (100);
  open_entity ("gpai");
}

/* The bookmarks are read again in the background: the window goes on
 * meanwhile, showing the list it had, and the row asked to take the
 * focus while they were read takes it once it shows. */
static void
test_bookmarks_read_in_background (void)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) first = g_list_model_get_item (articles, 0);
  g_autoptr(AccordArticle) second = g_list_model_get_item (articles, 1);
  AccordBookmarksView *view = ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window));
  AccordArticleRow *row;

  g_assert_true (accord_store_add_bookmark (store (), first, ACCORD_BOOKMARK_NOW, NULL));
  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_wait_for (bookmarks_read);
  g_assert_cmpuint (g_list_model_get_n_items (accord_bookmarks_view_get_model (view)), ==, 1);

  accord_store_set_reader_delay (store (), 1500);
  g_assert_true (accord_store_add_bookmark (store (), second, ACCORD_BOOKMARK_NOW, NULL));
  g_assert_true (accord_bookmarks_view_is_reading (view));
  accord_bookmarks_view_focus_article (view, accord_article_get_id (first));
  accord_test_spin (100);
  g_assert_true (accord_bookmarks_view_is_reading (view));
  g_assert_cmpuint (g_list_model_get_n_items (accord_bookmarks_view_get_model (view)), ==, 1);

  accord_test_wait_for (bookmarks_read);
  accord_store_set_reader_delay (store (), 0);
  g_assert_cmpuint (g_list_model_get_n_items (accord_bookmarks_view_get_model (view)), ==, 2);
  accord_test_wait_for (bookmarks_row_focused);
  row = focused_article_row ();
  g_assert_nonnull (row);
  g_assert_cmpstr (accord_article_get_id (accord_article_row_get_article (row)), ==, accord_article_get_id (first));

  /* Asked, then left for another page: the focus is not taken back. */
  accord_store_set_reader_delay (store (), 500);
  accord_store_remove_bookmark (store (), second, NULL);
  g_assert_true (accord_bookmarks_view_is_reading (view));
  accord_bookmarks_view_focus_article (view, accord_article_get_id (first));
  open_entity ("gpai");
  accord_sidebar_focus_search (sidebar ());
  accord_test_wait_for (bookmarks_read);
  accord_store_set_reader_delay (store (), 0);
  accord_test_spin (100);
  g_assert_true (focus_is_in (GTK_WIDGET (sidebar ())));

  accord_store_remove_bookmark (store (), first, NULL);
  accord_test_spin (100);
}

static void
on_choices_offered (GtkDropDown *dropdown,
                    GParamSpec  *pspec,
                    GArray      *offered)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;

  g_array_append_val (offered, n);
}

static GArray *offered_choices;

static gboolean
choices_offered (void)
{
  return offered_choices->len > 0;
}

/* An entity's categories are listed in the background: the page shows
 * at once, the category filter when they come, never those asked for
 * an entity left meanwhile. */
static void
test_categories_read_in_background (void)
{
  g_autoptr(GListModel) of_gpai = accord_store_list_categories (store (), "gpai");
  g_autoptr(GListModel) of_act = accord_store_list_categories (store (), "eu-ai-act");
  g_autoptr(AccordCategory) chosen = g_list_model_get_item (of_gpai, 0);
  g_autoptr(GArray) offered = g_array_new (FALSE, FALSE, sizeof (guint));
  GtkDropDown *dropdown = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "category_dropdown");
  gulong handler;

  g_assert_cmpuint (g_list_model_get_n_items (of_gpai), !=, g_list_model_get_n_items (of_act));
  open_entity ("eu-ai-act");
  awaited_choices = 1 + g_list_model_get_n_items (of_act);
  accord_test_wait_for (category_choices_as_awaited);

  accord_store_set_reader_delay (store (), 1000);
  accord_sidebar_select_entity (sidebar (), "gpai");
  accord_test_spin (100);
  g_assert_cmpstr (accord_entity_get_id (accord_entity_view_get_entity (entity_view ())), ==, "gpai");
  g_assert_false (category_dropdown_shown ());
  awaited_choices = 1 + g_list_model_get_n_items (of_gpai);
  accord_test_wait_for (category_choices_as_awaited);
  g_assert_true (category_dropdown_shown ());

  /* Asked for the law, which is left before they come. */
  handler = g_signal_connect (dropdown, "notify::model", G_CALLBACK (on_choices_offered), offered);
  offered_choices = offered;
  accord_sidebar_select_entity (sidebar (), "eu-ai-act");
  accord_test_spin (50);
  accord_store_set_reader_delay (store (), 0);
  accord_sidebar_select_entity (sidebar (), "gpai");
  accord_test_wait_for (choices_offered);
  g_signal_handler_disconnect (dropdown, handler);
  offered_choices = NULL;
  g_assert_cmpuint (offered->len, ==, 1);
  g_assert_cmpuint (g_array_index (offered, guint, 0), ==, 1 + g_list_model_get_n_items (of_gpai));

  /* A category chosen before they came, as a restored window does. */
  open_entity ("eu-ai-act");
  awaited_choices = 1 + g_list_model_get_n_items (of_act);
  accord_test_wait_for (category_choices_as_awaited);
  accord_store_set_reader_delay (store (), 1000);
  accord_sidebar_select_entity (sidebar (), "gpai");
  accord_entity_view_set_category (entity_view (), accord_category_get_id (chosen));
  g_assert_cmpstr (accord_entity_view_get_category (entity_view ()), ==, accord_category_get_id (chosen));
  accord_store_set_reader_delay (store (), 0);
  accord_entity_view_set_category (entity_view (), NULL);
}

/* The reading threads' connection cannot be opened, as when Accord has
 * run out of files to open: the search and the Bookmarks page read on
 * the main thread's, and say so in the log only. */
static void
test_reading_threads_unavailable (void)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) article = g_list_model_get_item (articles, 0);
  AccordBookmarksView *view = ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window));

  accord_store_set_reader_fails (store (), TRUE);

  g_test_expect_message ("accord-sidebar", G_LOG_LEVEL_WARNING, "*search in the background*open files*");
  accord_test_search (sidebar (), "desapprentissage");
  g_test_assert_expected_messages ();
  g_assert_true (results_hold (UNLEARNING_ARTICLE));
  accord_test_search (sidebar (), "");

  g_test_expect_message ("accord-bookmarks-view", G_LOG_LEVEL_WARNING, "*bookmarks in the background*open files*");
  g_assert_true (accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, NULL));
  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_wait_for (bookmarks_read);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (g_list_model_get_n_items (accord_bookmarks_view_get_model (view)), ==, 1);

  /* Another entity than the one last shown, whose filter shows anew. */
  {
    AccordEntity *shown = accord_entity_view_get_entity (entity_view ());
    const char *other = shown != NULL && g_str_equal (accord_entity_get_id (shown), "eu-ai-act") ? "gpai" : "eu-ai-act";

    g_test_expect_message ("accord-entity-view", G_LOG_LEVEL_WARNING, "*categories in the background*open files*");
    open_entity (other);
    accord_test_wait_for (category_dropdown_shown);
    g_test_assert_expected_messages ();
  }

  accord_store_set_reader_fails (store (), FALSE);
  accord_store_remove_bookmark (store (), article, NULL);
  accord_test_wait_for (bookmarks_read);
  open_entity ("gpai");
  accord_test_wait_for (category_dropdown_shown);
}

static GtkWidget *awaited_popover;

static gboolean
popover_shown (void)
{
  return awaited_popover != NULL && gtk_widget_get_mapped (awaited_popover);
}

/* F10 opens the main menu on a phone too, where it is on the sidebar's
 * page, out of sight while an entity's page shows. */
static void
test_narrow_f10_opens_menu (void)
{
  GtkMenuButton *button = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "menu_button");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  open_entity ("gpai");
  accord_test_spin (400);
  g_assert_true (adw_navigation_split_view_get_show_content (accord_window_get_split_view (window)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (button)));

  g_assert_true (press_window_shortcut ("F10"));
  awaited_popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  g_assert_nonnull (awaited_popover);
  accord_test_wait_for (popover_shown);
  g_assert_false (adw_navigation_split_view_get_show_content (accord_window_get_split_view (window)));
  gtk_menu_button_popdown (button);
  accord_test_spin (300);

  /* Not from a dialog, which keeps the window out of reach. */
  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (300);
  g_assert_nonnull (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  press_window_shortcut ("F10");
  accord_test_spin (300);
  g_assert_false (popover_shown ());
  adw_dialog_force_close (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  accord_test_spin (300);
  awaited_popover = NULL;

  widen_window ();
  open_entity ("gpai");
}

/* Keys pressed in a dialog reach the window's shortcuts too: none may
 * change the page the user comes back to. */
static void
test_shortcuts_wait_behind_dialog (void)
{
  AdwNavigationSplitView *split_view = accord_window_get_split_view (window);
  const char *keys[] = { "<Control>f", "<Alt>Left", "<Alt>2" };
  AdwDialog *dialog;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "overview");
  accord_test_spin (300);
  g_assert_true (adw_navigation_split_view_get_show_content (split_view));

  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (300);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_nonnull (dialog);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    press_window_shortcut (keys[i]);
  accord_test_spin (100);
  g_assert_true (adw_navigation_split_view_get_show_content (split_view));
  g_assert_cmpstr (accord_entity_view_get_tab (entity_view ()), ==, "overview");
  g_assert_true (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)) == dialog);
  adw_dialog_force_close (dialog);
  accord_test_spin (300);

  /* Without the dialog, the same keys act. */
  press_window_shortcut ("<Alt>2");
  g_assert_cmpstr (accord_entity_view_get_tab (entity_view ()), ==, "articles");
  press_window_shortcut ("<Alt>Left");
  g_assert_false (adw_navigation_split_view_get_show_content (split_view));

  widen_window ();
  open_entity ("gpai");
}

/* On a phone, a link's long name wraps in its button rather than being
 * cut: "…sur EUR-Lex" is what tells where it leads. */
static void
test_narrow_links_whole (void)
{
  GtkWidget *links = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "links_box");
  g_autoptr(GPtrArray) labels = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  open_entity ("eu-ai-act");
  accord_test_spin (400);
  labels = accord_test_find_all (links, GTK_TYPE_LABEL);
  g_assert_cmpuint (labels->len, >, 0);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      g_test_message ("%s", gtk_label_get_text (label));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
    }
  g_assert_cmpint (gtk_widget_get_width (links), <=, 360);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  widen_window ();
  open_entity ("gpai");
}

static GtkWidget *awaited_focus_within;

static gboolean
focus_within_awaited_widget (void)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, awaited_focus_within);
}

static void
test_narrow_open_focus (void)
{
  GtkWidget *links = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "links_box");
  g_autoptr(GPtrArray) headers = accord_test_find_all (GTK_WIDGET (entity_view ()), ADW_TYPE_HEADER_BAR);
  GtkWidget *header = g_ptr_array_index (headers, 0);
  GtkWidget *focus;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  /* Last on the Bookmarks page, whose focus the content would get back;
   * then from the sidebar, as a user on a phone is. */
  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_wait_for (bookmarks_page_shown);
  gtk_widget_child_focus (accord_window_get_bookmarks_view (window), GTK_DIR_TAB_FORWARD);
  accord_test_spin (100);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  accord_test_spin (400);
  g_assert_false (adw_navigation_split_view_get_show_content (accord_window_get_split_view (window)));
  accord_test_activate_sidebar_entity (window, "gpai");
  /* However long the page takes to slide in, on a slow machine. */
  awaited_focus_within = header;
  accord_test_wait_for (focus_within_awaited_widget);
  accord_test_spin (300);
  g_assert_true (adw_navigation_split_view_get_show_content (accord_window_get_split_view (window)));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_false (gtk_widget_is_ancestor (focus, links));
  g_assert_true (gtk_widget_is_ancestor (focus, header));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  widen_window ();
}

static gboolean
timeline_row_focused (void)
{
  return focus_is_in (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline"));
}

static gboolean
bookmarks_page_shown (void)
{
  return g_strcmp0 (accord_window_get_visible_view (window), "bookmarks") == 0 &&
         adw_navigation_split_view_get_show_content (accord_window_get_split_view (window));
}

static GtkWidget *awaited_width_of;

static gboolean
laid_out_wide (void)
{
  return gtk_widget_get_width (awaited_width_of) > 0 &&
         gtk_widget_get_width (GTK_WIDGET (window)) >= 1500;
}

/* On a wide screen the bookmarks, like the timeline, keep a readable
 * width: the star stays near the title. */
static void
test_bookmarks_clamped (void)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) first = g_list_model_get_item (articles, 0);

  accord_store_add_bookmark (store (), first, ACCORD_BOOKMARK_NOW, NULL);
  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_wait_for (bookmarks_page_shown);
  awaited_width_of = accord_test_template_child (accord_window_get_bookmarks_view (window),
                                                 ACCORD_TYPE_BOOKMARKS_VIEW, "list");
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 800);
  accord_test_wait_for (laid_out_wide);
  accord_test_spin (200);
  g_assert_cmpint (gtk_widget_get_width (awaited_width_of), <=, 960);

  accord_store_remove_bookmark (store (), first, NULL);
  widen_window ();
  accord_test_spin (200);
}

/* On a phone, a page left for another keeps no focus: Ctrl+D then
 * stars nothing the user cannot see. */
static void
test_narrow_focus_follows_page (void)
{
  guint n_bookmarks = accord_store_get_n_bookmarks (store ());
  GtkWidget *focus;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_spin (200);
  gtk_widget_child_focus (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline"),
                          GTK_DIR_TAB_FORWARD);
  accord_test_wait_for (timeline_row_focused);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  accord_test_spin (300);
  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_wait_for (bookmarks_page_shown);
  accord_test_spin (500);

  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == NULL || gtk_widget_get_mapped (focus));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark-focused", NULL);
  accord_test_spin (100);
  g_assert_cmpuint (accord_store_get_n_bookmarks (store ()), ==, n_bookmarks);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  accord_entity_view_set_tab (entity_view (), "overview");
  widen_window ();
}

static GtkWidget *awaited_allocation;

static gboolean
is_allocated (void)
{
  return gtk_widget_get_mapped (awaited_allocation) && gtk_widget_get_height (awaited_allocation) > 0;
}

/* On a phone, an entity with members and no profile: the note that it
 * has none shows whole. */
static void
test_no_profile_fits_narrow (void)
{
  GString *json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                                " \"entities\": [{\"id\": \"many\", \"kind\": \"organisation\", \"name\": {\"en\": \"Many\"},"
                                " \"updated\": \"2026-06\", \"members\": [");
  g_autofree char *feed = NULL;
  GtkWidget *note = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "no_profile");
  int natural;

  for (char c = 'A'; c <= 'Z'; c++)
    g_string_append_printf (json, "%s{\"country\": \"F%c\"},{\"country\": \"G%c\"}", c == 'A' ? "" : ",", c, c);
  g_string_append (json, "]}]}");
  feed = g_string_free_and_steal (json);

  import_string (feed);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  open_entity ("many");
  awaited_allocation = note;
  accord_test_wait_for (is_allocated);
  accord_test_spin (100);
  /* Measures count the margins; a widget's height does not. */
  gtk_widget_measure (note, GTK_ORIENTATION_VERTICAL,
                      gtk_widget_get_width (note) + gtk_widget_get_margin_start (note) + gtk_widget_get_margin_end (note),
                      NULL, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (note), >=,
                   natural - gtk_widget_get_margin_top (note) - gtk_widget_get_margin_bottom (note));
  /* Said of what it is, not of an "entry". */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (accord_test_template_child (entity_view (),
                                                                                      ACCORD_TYPE_ENTITY_VIEW,
                                                                                      "no_profile_description"))),
                            accord_test_french () ? "cette organisation" : "this organisation"));
  /* Updated in a month, not on it. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                              "facts_label"))),
                   ==, accord_test_french () ? "Mise à jour\u00a0: juin 2026" : "Updated in June 2026");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  widen_window ();
  reimport_builtin ();
}

/* On a phone, nothing a feed can write widens the page past the window:
 * a long country's chip, a code of any length, an acronym without spaces. */
static void
test_long_texts_fit_narrow (void)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                                          " \"entities\": [{\"id\": \"wide\", \"kind\": \"organisation\","
                                          " \"name\": {\"en\": \"Wide\"}, \"acronym\": {\"en\": \"");
  GtkWidget *view = GTK_WIDGET (entity_view ());
  int minimum;

  for (guint i = 0; i < 120; i++)
    g_string_append_c (json, 'A' + i % 26);
  g_string_append (json, "\"}, \"members\": [{\"country\": \"GS\"}, {\"country\": \"");
  for (guint i = 0; i < 120; i++)
    g_string_append_c (json, 'Q');
  g_string_append (json, "\"}], \"links\": [{\"label\": {\"en\": \"");
  for (guint i = 0; i < 120; i++)
    g_string_append_c (json, 'L');
  g_string_append (json, "\"}, \"url\": \"https://example.org/\"}]}]}");

  import_string (json->str);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  open_entity ("wide");
  accord_test_spin (300);
  /* Its content, which the view would let overflow, with a warning. */
  gtk_widget_measure (gtk_widget_get_first_child (view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, gtk_widget_get_width (view));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  widen_window ();
  reimport_builtin ();
}

/* On a phone with large text (GNOME's Large Text is 1.25, some go
 * further, to twice the size), every built-in page still fits the
 * window: its headings wrap, and so do its profile's paragraphs. */
static void
test_large_text_fits_narrow (void)
{
  static const double scales[] = { 1.5, 2.0 };
  g_autoptr(GListModel) entities = accord_store_list_entities (store (), accord_test_french () ? "fr" : "en");
  GtkWidget *view = GTK_WIDGET (entity_view ());

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1024 * scales[s]), NULL);
      for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
        {
          g_autoptr(AccordEntity) entity = g_list_model_get_item (entities, i);
          int minimum;

          open_entity (accord_entity_get_id (entity));
          accord_test_spin (100);
          gtk_widget_measure (gtk_widget_get_first_child (view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
          g_test_message ("%s at %.2f: %d", accord_entity_get_id (entity), scales[s], minimum);
          g_assert_cmpint (minimum, <=, gtk_widget_get_width (view));
          gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
        }
    }

  gtk_settings_reset_property (gtk_settings_get_default (), "gtk-xft-dpi");
  widen_window ();
  open_entity ("gpai");
}

/* How far @widget's right edge is from its page's profile column's. */
static double
gap_to_profile_end (GtkWidget *widget)
{
  GtkWidget *column = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_box");
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, column, &bounds));
  return gtk_widget_get_width (column) - (bounds.origin.x + bounds.size.width);
}

/* The language switch sits at the end of the profile's heading line, on
 * a phone (no side-by-side button) as on a wide window. */
static void
test_language_switch_at_line_end (void)
{
  GtkWidget *toggles = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "language_toggles");

  open_entity ("gpai");
  accord_test_spin (100);
  g_assert_cmpfloat_with_epsilon (gap_to_profile_end (toggles), 0, 1);

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  open_entity ("gpai");
  accord_test_spin (100);
  g_assert_false (gtk_widget_get_visible (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                      "side_by_side_button")));
  g_assert_cmpfloat_with_epsilon (gap_to_profile_end (toggles), 0, 1);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  widen_window ();
}

static gboolean
language_toggles_focused (void)
{
  return focus_is_in (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "language_toggles"));
}

static gboolean
side_by_side_hidden (void)
{
  return !gtk_widget_get_visible (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                              "side_by_side_button"));
}

static GtkWidget *
active_toggle_in (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_TOGGLE_BUTTON (child) && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child)))
        return child;
      if ((found = active_toggle_in (child)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
header_tab_focused (void)
{
  GtkWidget *switcher = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "switcher");
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_get_mapped (focus) && focus == active_toggle_in (switcher);
}

static gboolean
bottom_tab_focused (void)
{
  GtkWidget *bar = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "switcher_bar");
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_get_mapped (focus) && focus == active_toggle_in (bar);
}

/* The tabs move from the bottom bar of a phone to the header of a wider
 * window and back: the focus on them follows, not left hidden where Tab
 * leads nowhere. */
static void
test_tab_focus_follows_switcher (void)
{
  GtkWidget *bar = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "switcher_bar");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_spin (200);
  g_assert_true (gtk_widget_grab_focus (active_toggle_in (bar)));
  g_assert_true (bottom_tab_focused ());

  widen_window ();
  accord_test_wait_for (header_tab_focused);

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  accord_test_wait_for (bottom_tab_focused);

  widen_window ();
  accord_entity_view_set_tab (entity_view (), "overview");
}

/* The side-by-side button goes on a narrow page: if it had the focus,
 * the focus goes to the language switch beside it, not on to a link. */
static void
test_side_by_side_hidden_with_focus (void)
{
  GtkWidget *button = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "side_by_side_button");

  open_entity ("gpai");
  accord_test_spin (100);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_grab_focus (button));
  accord_test_spin (100);
  g_assert_true (gtk_widget_is_focus (button));

  /* Narrow enough for the page to drop it, not for the window to fold
   * (which moves the focus to the page's top on its own). */
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 800);
  accord_test_wait_for (side_by_side_hidden);
  accord_test_spin (100);
  g_assert_false (is_collapsed ());
  g_assert_true (language_toggles_focused ());

  widen_window ();
  accord_test_spin (100);
}

static GtkWidget *
sidebar_row_for (const char *id)
{
  g_autoptr(GPtrArray) rows = accord_test_find_all (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list"),
                                                    ACCORD_TYPE_SIDEBAR_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (accord_sidebar_row_get_item_id (g_ptr_array_index (rows, i)), id) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* The row's count as shown, or "" when it is hidden. */
static const char *
shown_count (const char *id)
{
  GtkWidget *row = sidebar_row_for (id);
  GtkWidget *count;

  g_assert_nonnull (row);
  count = accord_test_template_child (row, ACCORD_TYPE_SIDEBAR_ROW, "count");
  return gtk_widget_get_visible (count) ? gtk_label_get_text (GTK_LABEL (count)) : "";
}

static gboolean
label_offers_tooltip (GtkWidget *label)
{
  g_autoptr(GObject) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_signal_emit_by_name (label, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  return shown;
}

/* A name cut short in the sidebar ("…") can still be read whole, in its
 * tooltip; one that fits has none. */
static void
test_cut_name_tooltip (void)
{
  g_autoptr(GString) name = g_string_new ("Observatory");
  g_autofree char *feed = NULL;
  GtkWidget *row;
  GtkWidget *title;

  for (guint i = 0; i < 40; i++)
    g_string_append (name, " on artificial intelligence");
  feed = g_strdup_printf ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                          " \"entities\": ["
                          "  {\"id\": \"long\", \"kind\": \"organisation\", \"name\": {\"en\": \"%s\", \"fr\": \"%s\"}},"
                          "  {\"id\": \"short\", \"kind\": \"organisation\", \"name\": {\"en\": \"Short\", \"fr\": \"Court\"}}]}",
                          name->str, name->str);
  import_string (feed);
  accord_test_spin (200);

  row = sidebar_row_for ("long");
  g_assert_nonnull (row);
  title = accord_test_template_child (row, ACCORD_TYPE_SIDEBAR_ROW, "title");
  g_assert_true (label_offers_tooltip (title));

  row = sidebar_row_for ("short");
  g_assert_nonnull (row);
  title = accord_test_template_child (row, ACCORD_TYPE_SIDEBAR_ROW, "title");
  g_assert_false (label_offers_tooltip (title));

  reimport_builtin ();
}

/* A name shown in the other language is marked as such, as the spec
 * asks: in the sidebar and at the head of the page. */
static void
test_fallback_badges (void)
{
  const char *other = accord_test_french () ? "EN" : "FR";
  GtkWidget *header_badge = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "header_badge");
  GtkWidget *badge;

  import_string ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                 " \"entities\": ["
                 "  {\"id\": \"en-only\", \"kind\": \"organisation\", \"name\": {\"en\": \"Only English\"}},"
                 "  {\"id\": \"fr-only\", \"kind\": \"organisation\", \"name\": {\"fr\": \"Seulement fran\u00e7ais\"}},"
                 "  {\"id\": \"both\", \"kind\": \"organisation\", \"name\": {\"en\": \"Both\", \"fr\": \"Les deux\"},"
                 "   \"summary\": {\"en\": \"Summary only in English\"}}]}");
  accord_test_spin (200);

  badge = accord_sidebar_row_get_language_badge (ACCORD_SIDEBAR_ROW (sidebar_row_for (accord_test_french () ? "en-only" : "fr-only")));
  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, other);
  badge = accord_sidebar_row_get_language_badge (ACCORD_SIDEBAR_ROW (sidebar_row_for (accord_test_french () ? "fr-only" : "en-only")));
  g_assert_true (badge == NULL || !gtk_widget_get_visible (badge));

  open_entity (accord_test_french () ? "en-only" : "fr-only");
  g_assert_true (gtk_widget_get_visible (header_badge));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (header_badge)), ==, other);
  open_entity (accord_test_french () ? "fr-only" : "en-only");
  g_assert_false (gtk_widget_get_visible (header_badge));
  /* Only a summary in the other language is marked too, saying so. */
  open_entity ("both");
  g_assert_true (gtk_widget_get_visible (header_badge) == accord_test_french ());
  if (accord_test_french ())
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (header_badge), "résumé"));

  reimport_builtin ();
}

/* A profile whose sections have no text, as a publisher's tool may write
 * one not yet translated, is no profile: the other language's shows,
 * marked, and with neither the page says there is none. */
static void
test_blank_profile_falls_back (void)
{
  const char *lang = accord_test_french () ? "fr" : "en";
  const char *other = accord_test_french () ? "en" : "fr";
  GtkWidget *profile = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_box");
  GtkWidget *badge = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_badge");
  GtkWidget *none = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "no_profile");
  g_autofree char *feed = g_strdup_printf ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                                           " \"entities\": ["
                                           "  {\"id\": \"half\", \"kind\": \"organisation\", \"name\": {\"en\": \"Half\"},"
                                           "   \"profile\": {\"%s\": [{\"body\": \"\"}, {\"heading\": \" \", \"body\": \"\\n\\n\"}],"
                                           "                 \"%s\": [{\"body\": \"The other language's text.\"}]}},"
                                           "  {\"id\": \"blank\", \"kind\": \"organisation\", \"name\": {\"en\": \"Blank\"},"
                                           "   \"profile\": {\"en\": [{\"body\": \"\"}], \"fr\": [{\"body\": \" \"}]}}]}",
                                           lang, other);

  import_string (feed);
  open_entity ("half");
  accord_test_spin (100);
  g_assert_nonnull (label_with_text (profile, "The other language's text."));
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, accord_test_french () ? "EN" : "FR");
  g_assert_false (gtk_widget_get_visible (none));
  /* Side by side, its column says it has none. */
  {
    GtkToggleButton *side_by_side = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                "side_by_side_button");
    GtkWidget *columns, *note;

    gtk_toggle_button_set_active (side_by_side, TRUE);
    columns = accord_test_profile_columns (window);
    g_assert_nonnull (columns);
    note = gtk_grid_get_child_at (GTK_GRID (columns), accord_test_french () ? 1 : 0, 1);
    g_assert_true (GTK_IS_LABEL (note));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==, _("No profile in this language"));
    gtk_toggle_button_set_active (side_by_side, FALSE);
  }

  open_entity ("blank");
  accord_test_spin (100);
  g_assert_true (gtk_widget_get_visible (none));
  g_assert_false (gtk_widget_get_visible (profile));

  reimport_builtin ();
}

/* The language badge among @widget's descendants, or NULL. */
static GtkWidget *
shown_language_badge (GtkWidget *widget)
{
  g_autoptr(GPtrArray) labels = accord_test_find_all (widget, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_has_css_class (label, "language-badge") && gtk_widget_get_visible (label))
        return label;
    }
  return NULL;
}

static GtkWidget *
article_row_for (gpointer    widget,
                 const char *article_id)
{
  g_autoptr(GPtrArray) rows = accord_test_find_all (widget, ACCORD_TYPE_ARTICLE_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      AccordArticle *article = accord_article_row_get_article (g_ptr_array_index (rows, i));

      if (article != NULL && g_str_equal (accord_article_get_id (article), article_id))
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

/* The other texts a feed may give in one language only are marked too:
 * a link's name, a category's (its pill, its choice in the filter) and
 * the names of a bookmark's entities. */
static void
test_fallback_marks (void)
{
  const char *other = accord_test_french () ? "EN" : "FR";
  const char *other_name = accord_test_french () ? "Only English" : "Seulement fran\u00e7ais";
  GtkWidget *links = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "links_box");
  GtkDropDown *dropdown = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "category_dropdown");
  g_autofree char *feed = NULL;
  g_autofree char *marked = NULL;
  g_autofree char *choice = NULL;
  g_autoptr(AccordArticle) article = NULL;
  GtkWidget *button, *badge, *row;
  GtkLabel *entities = NULL;
  g_autoptr(GPtrArray) labels = NULL;

  feed = g_strdup_printf ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                          " \"categories\": [{\"id\": \"one\", \"name\": {\"%s\": \"%s\"}},"
                          "  {\"id\": \"two\", \"name\": {\"en\": \"Both\", \"fr\": \"Les deux\"}}],"
                          " \"entities\": ["
                          "  {\"id\": \"both\", \"kind\": \"organisation\", \"name\": {\"en\": \"Both\", \"fr\": \"Les deux\"},"
                          "   \"links\": [{\"label\": {\"%s\": \"%s\"}, \"url\": \"https://example.org/one\"},"
                          "             {\"label\": {\"en\": \"Site\", \"fr\": \"Site\"}, \"url\": \"https://example.org/two\"}]},"
                          "  {\"id\": \"one\", \"kind\": \"organisation\", \"name\": {\"%s\": \"%s\"},"
                          "   \"acronym\": {\"%s\": \"ONE\"}}],"
                          " \"articles\": ["
                          "  {\"id\": \"a1\", \"date\": \"2026-01-02\", \"title\": {\"en\": \"A\", \"fr\": \"A\"},"
                          "   \"category\": \"one\", \"entities\": [\"both\", \"one\"]},"
                          "  {\"id\": \"a2\", \"date\": \"2026-01-01\", \"title\": {\"en\": \"B\", \"fr\": \"B\"},"
                          "   \"category\": \"two\", \"entities\": [\"both\"]}]}",
                          accord_test_french () ? "en" : "fr", other_name,
                          accord_test_french () ? "en" : "fr", other_name,
                          accord_test_french () ? "en" : "fr", other_name,
                          accord_test_french () ? "en" : "fr");
  import_string (feed);
  open_entity ("both");
  accord_test_spin (200);
  marked = g_strdup_printf ("%s (%s)", other_name, other);

  /* The acronym under a sidebar row's name. */
  {
    g_autofree char *acronym = g_strdup_printf ("ONE (%s)", other);
    GtkWidget *subtitle = accord_test_template_child (sidebar_row_for ("one"), ACCORD_TYPE_SIDEBAR_ROW, "subtitle");

    g_assert_cmpstr (as_read (gtk_label_get_text (GTK_LABEL (subtitle))), ==, acronym);
  }

  /* The link named in the other language only carries a badge. */
  button = gtk_widget_get_first_child (links);
  badge = shown_language_badge (button);
  g_assert_nonnull (badge);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, other);
  g_assert_null (shown_language_badge (gtk_widget_get_next_sibling (button)));

  /* The category pill, in the timeline. */
  accord_entity_view_set_tab (ACCORD_ENTITY_VIEW (entity_view ()), "articles");
  accord_test_spin (200);
  row = article_row_for (entity_view (), "a1");
  g_assert_nonnull (row);
  badge = shown_language_badge (row);
  g_assert_nonnull (badge);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, other);
  g_assert_null (shown_language_badge (article_row_for (entity_view (), "a2")));

  /* Its choice in the category filter: a drop-down has no room for a badge. */
  accord_test_wait_for ((AccordTestCondition) n_category_choices_is_three);
  {
    g_autoptr(AccordCategory) category = g_list_model_get_item (gtk_drop_down_get_model (dropdown), 1);
    g_auto(GValue) value = G_VALUE_INIT;

    g_assert_true (gtk_expression_evaluate (gtk_drop_down_get_expression (dropdown), category, &value));
    choice = g_value_dup_string (&value);
  }
  g_assert_cmpstr (as_read (choice), ==, marked);

  /* The names of a bookmark's entities, in one line. */
  article = find_article (timeline_model (), "a1");
  accord_window_toggle_bookmark (window, article);
  wait_for_bookmark ("a1", TRUE);
  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_spin (200);
  row = article_row_for (accord_window_get_bookmarks_view (window), "a1");
  g_assert_nonnull (row);
  labels = accord_test_find_all (row, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), ACCORD_ITEM_SEPARATOR) != NULL)
      entities = g_ptr_array_index (labels, i);
  g_assert_nonnull (entities);
  {
    g_autofree char *expected = g_strdup_printf ("%s" ACCORD_ITEM_SEPARATOR "%s", accord_test_french () ? "Les deux" : "Both", marked);

    g_assert_cmpstr (as_read (gtk_label_get_text (entities)), ==, expected);
  }

  accord_window_toggle_bookmark (window, article);
  wait_for_bookmark ("a1", FALSE);
  accord_entity_view_set_tab (ACCORD_ENTITY_VIEW (entity_view ()), "overview");
  reimport_builtin ();
}

static gboolean
shows_link_icon (GtkWidget *row)
{
  g_autoptr(GPtrArray) images = accord_test_find_all (row, GTK_TYPE_IMAGE);

  for (guint i = 0; i < images->len; i++)
    if (g_strcmp0 (gtk_image_get_icon_name (g_ptr_array_index (images, i)), "adw-external-link-symbolic") == 0)
      return gtk_widget_is_visible (g_ptr_array_index (images, i));
  return FALSE;
}

static gboolean
shows_visible_label (GtkWidget  *row,
                     const char *text)
{
  g_autoptr(GPtrArray) labels = accord_test_find_all (row, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, i)), text))
      return gtk_widget_is_visible (g_ptr_array_index (labels, i));
  return FALSE;
}

/* A row that opens the full article is marked as a link to the web; one
 * with nothing to open has no mark, and no note on every line saying so.
 * A bookmark gone from the feed says that, under its title. */
static void
test_article_link_marks (void)
{
  g_autoptr(AccordArticle) article = NULL;
  GtkWidget *row;

  import_string ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                 " \"entities\": [{\"id\": \"gpai\", \"kind\": \"organisation\", \"name\": {\"en\": \"GPAI\"}}],"
                 " \"articles\": [{\"id\": \"unlinked\", \"date\": \"2026-01-02\", \"title\": {\"en\": \"A\"},"
                 "   \"entities\": [\"gpai\"]},"
                 "  {\"id\": \"linked\", \"date\": \"2026-01-01\", \"title\": {\"en\": \"B\"},"
                 "   \"url\": \"https://example.org/b\", \"entities\": [\"gpai\"]}]}");
  open_entity ("gpai");
  accord_entity_view_set_tab (ACCORD_ENTITY_VIEW (entity_view ()), "articles");
  accord_test_spin (200);
  row = article_row_for (entity_view (), "linked");
  g_assert_nonnull (row);
  g_assert_true (shows_link_icon (row));
  row = article_row_for (entity_view (), "unlinked");
  g_assert_nonnull (row);
  g_assert_false (shows_link_icon (row));
  g_assert_false (shows_visible_label (row, _("No longer in the feed")));

  article = find_article (timeline_model (), "unlinked");
  accord_window_toggle_bookmark (window, article);
  wait_for_bookmark ("unlinked", TRUE);
  import_string (small_feed);
  accord_sidebar_select_bookmarks (sidebar ());
  accord_test_spin (200);
  row = article_row_for (accord_window_get_bookmarks_view (window), "unlinked");
  g_assert_nonnull (row);
  g_assert_false (shows_link_icon (row));
  g_assert_true (shows_visible_label (row, _("No longer in the feed")));

  accord_window_toggle_bookmark (window, article);
  wait_for_bookmark ("unlinked", FALSE);
  accord_entity_view_set_tab (ACCORD_ENTITY_VIEW (entity_view ()), "overview");
  reimport_builtin ();
}

/* What is wrong with a feed is said in the interface's language, where
 * the app shows it (Preferences' last error); the JSON path and the
 * values as the feed wrote them stay as they are. */
static void
test_feed_messages_translated (void)
{
  static const char broken[] =
    "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\", \"entities\": \"oops\"}";
  static const char skipped[] =
    "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
    " \"entities\": [{\"id\": \"a\", \"kind\": \"organisation\"}],"
    " \"articles\": [{\"id\": \"x\", \"date\": \"11/06\", \"title\": {\"en\": \"X\"}, \"entities\": [\"a\"]}]}";
  g_autoptr(GBytes) broken_bytes = g_bytes_new_static (broken, strlen (broken));
  g_autoptr(GBytes) skipped_bytes = g_bytes_new_static (skipped, strlen (skipped));
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordFeed) feed = NULL;

  g_assert_null (accord_feed_parse (broken_bytes, NULL, &error));
  g_assert_cmpstr (error->message, ==, accord_test_french () ? "entities: attendu\u00a0: un tableau, trouvé\u00a0: \"oops\""
                                                             : "entities: expected an array, got \"oops\"");
  g_clear_error (&error);
  feed = accord_feed_parse (skipped_bytes, NULL, &error);
  g_assert_nonnull (feed);
  g_assert_cmpstr (g_ptr_array_index (accord_feed_get_warnings (feed), 0), ==,
                   accord_test_french () ? "entities[0].name: absent" : "entities[0].name: missing");
  /* Date formats are written as the language writes them. */
  g_assert_cmpstr (g_ptr_array_index (accord_feed_get_warnings (feed), 1), ==,
                   accord_test_french () ? "articles[0].date: attendu\u00a0: AAAA-MM-JJ, trouvé\u00a0: \"11/06\""
                                         : "articles[0].date: expected YYYY-MM-DD, got \"11/06\"");
}

/* A text in Arabic or Hebrew lines up on the right as a whole, in either
 * interface language; the others as the interface does. */
static void
test_right_to_left_text (void)
{
  GtkWidget *name = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "name_label");
  GtkWidget *summary = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "summary_label");

  import_string ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                 " \"entities\": [{\"id\": \"rtl\", \"kind\": \"organisation\","
                 "  \"name\": {\"en\": \"\u0627\u0644\u0645\u0646\u0638\u0645\u0629\", \"fr\": \"\u05d0\u05e8\u05d2\u05d5\u05df\"},"
                 "  \"summary\": {\"en\": \"(2020) OECD\", \"fr\": \"(2020) OCDE\"}}]}");
  open_entity ("rtl");
  g_assert_cmpint (gtk_widget_get_direction (name), ==, GTK_TEXT_DIR_RTL);
  /* Digits and brackets say nothing: the first letter does. */
  g_assert_cmpint (gtk_widget_get_direction (summary), ==, gtk_widget_get_default_direction ());

  reimport_builtin ();
  open_entity ("gpai");
  g_assert_cmpint (gtk_widget_get_direction (name), ==, gtk_widget_get_default_direction ());
}

/* What a text from the feed shows of blank lines and stacked marks:
 * a blank line in a row, not thousands pushing the page down, and four
 * marks on a letter, not "Zalgo" text drawn over the lines around. */
static void
test_display_text_tamed (void)
{
  g_autoptr(GString) blank = g_string_new ("Top");
  g_autoptr(GString) zalgo = g_string_new ("e");
  g_autofree char *shown_blank = NULL;
  g_autofree char *shown_zalgo = NULL;
  g_autofree char *shown_spaced = NULL;
  g_autofree char *shown_accents = NULL;
  GtkLabel *summary = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "summary_label");
  g_autoptr(GString) json = g_string_new (NULL);

  for (guint i = 0; i < 1990; i++)
    g_string_append (blank, "\n");
  g_string_append (blank, "Bottom");
  for (guint i = 0; i < 40; i++)
    g_string_append (zalgo, "\u0301");
  g_string_append (zalgo, "x");

  shown_blank = accord_display_text (blank->str, ACCORD_DISPLAY_PIECE_CHARS);
  g_assert_cmpstr (shown_blank, ==, "Top\n\nBottom");
  shown_spaced = accord_display_text ("a\n \n \n b\nc", ACCORD_DISPLAY_PIECE_CHARS);
  g_assert_cmpstr (shown_spaced, ==, "a\n \n  b\nc");
  shown_zalgo = accord_display_text (zalgo->str, ACCORD_DISPLAY_PIECE_CHARS);
  g_assert_cmpstr (shown_zalgo, ==, "e\u0301\u0301\u0301\u0301x");
  /* Unicode's line separators are line breaks; a joiner between marks
   * does not start another stack. */
  {
    g_autofree char *separators = accord_display_text ("Top\u2028\u2028\u2029\u2028Bottom", ACCORD_DISPLAY_PIECE_CHARS);
    g_autofree char *joined = accord_display_text ("e\u0301\u0301\u200d\u0301\u0301\u200d\u0301\u0301x",
                                                   ACCORD_DISPLAY_PIECE_CHARS);

    g_assert_cmpstr (separators, ==, "Top\u2028\u2028Bottom");
    g_assert_cmpstr (joined, ==, "e\u0301\u0301\u200d\u0301\u0301\u200dx");
  }
  /* Vietnamese and Hebrew stacks stay whole. */
  shown_accents = accord_display_text ("e\u0323\u0302 \u05d1\u05bc\u05b8\u0591", ACCORD_DISPLAY_PIECE_CHARS);
  g_assert_cmpstr (shown_accents, ==, "e\u0323\u0302 \u05d1\u05bc\u05b8\u0591");

  /* As an entity's summary shows it. */
  g_string_printf (json, "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                   " \"entities\": [{\"id\": \"gaps\", \"kind\": \"organisation\", \"name\": {\"en\": \"G\", \"fr\": \"G\"},"
                   " \"summary\": {\"en\": \"Top%s\", \"fr\": \"Top%s\"}}]}",
                   "\\n\\n\\n\\n\\n\\nBottom", "\\n\\n\\n\\n\\n\\nBottom");
  import_string (json->str);
  open_entity ("gaps");
  g_assert_cmpstr (gtk_label_get_text (summary), ==, "Top\n\nBottom");
  reimport_builtin ();
}

/* Counts of thousands are grouped as the interface's language writes
 * them, whatever the locale: "1,234" in English, "1 234" in French. */
static void
test_counts_grouped (void)
{
  const char *sep = accord_test_french () ? "\u202f" : ",";
  g_autoptr(GString) json = g_string_new (NULL);
  g_autofree char *zero = accord_i18n_format_count (0);
  g_autofree char *hundreds = accord_i18n_format_count (999);
  g_autofree char *thousand = accord_i18n_format_count (1000);
  g_autofree char *millions = accord_i18n_format_count (1234567);
  g_autofree char *expected_thousand = g_strdup_printf ("1%s000", sep);
  g_autofree char *expected_millions = g_strdup_printf ("1%s234%s567", sep, sep);
  g_autofree char *badge = g_strdup_printf ("1%s234", sep);
  g_autofree char *heading = g_strdup_printf ("1%s234 articles", sep);  /* alike in French */
  g_autofree char *new_badge = g_strdup_printf (accord_test_french () ? "1%s234 nouveaux" : "1%s234 new", sep);
  GtkLabel *articles_heading = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "articles_heading");

  g_assert_cmpstr (zero, ==, "0");
  g_assert_cmpstr (hundreds, ==, "999");
  g_assert_cmpstr (thousand, ==, expected_thousand);
  g_assert_cmpstr (millions, ==, expected_millions);

  g_string_append (json, "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                         " \"entities\": [{\"id\": \"many\", \"kind\": \"organisation\", \"name\": {\"en\": \"Many\"}}],"
                         " \"articles\": [");
  for (guint i = 0; i < 1234; i++)
    g_string_append_printf (json, "%s{\"id\": \"a%u\", \"date\": \"2026-01-01\", \"title\": {\"en\": \"T\"},"
                            " \"entities\": [\"many\"]}", i ? "," : "", i);
  g_string_append (json, "]}");
  import_string (json->str);
  accord_test_spin (100);
  g_assert_cmpstr (gtk_label_get_text (accord_test_template_child (sidebar_row_for ("many"), ACCORD_TYPE_SIDEBAR_ROW,
                                                                   "count")), ==, badge);
  /* The badge of new articles too. */
  accord_sidebar_row_set_n_new (ACCORD_SIDEBAR_ROW (sidebar_row_for ("many")), 1234);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (accord_sidebar_row_get_new_badge (ACCORD_SIDEBAR_ROW (sidebar_row_for ("many"))))),
                   ==, new_badge);
  open_entity ("many");
  g_assert_cmpstr (gtk_label_get_text (articles_heading), ==, heading);
  reimport_builtin ();
}

/* A feed that lists no entity is said to, not to be still to come. */
static void
test_empty_feed_said (void)
{
  AdwStatusPage *page = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "no_data_page");

  import_string ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                 " \"entities\": []}");
  accord_test_spin (50);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpstr (adw_status_page_get_title (page), ==,
                   accord_test_french () ? "Aucune organisation ni texte législatif" : "No Organisations or Legislation");
  reimport_builtin ();
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page)));
}

/* Where the character at byte @index of @layout's text is drawn. */
static int
x_of (PangoLayout *layout,
      const char  *text,
      const char  *part)
{
  const char *at = strstr (text, part);
  PangoRectangle pos;

  g_assert_nonnull (at);
  pango_layout_index_to_pos (layout, (int) (at - text), &pos);
  return MIN (pos.x, pos.x + pos.width);
}

/* A text from the feed shown among other words leaves them where they
 * are: an acronym in Arabic does not move the kind before it, and a
 * right-to-left override in a name does not turn the next name round. */
static void
test_data_text_isolated (void)
{
  GtkLabel *meta = GTK_LABEL (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "meta_label"));
  const char *names[] = { "Spoof\u202e name", "Old dates", NULL };
  g_autofree char *joined = accord_join_data_texts (names, ACCORD_ITEM_SEPARATOR);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (window), joined);
  const char *text;

  import_string ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                 " \"entities\": [{\"id\": \"unesco\", \"kind\": \"organisation\","
                 "  \"name\": {\"en\": \"Unesco\", \"fr\": \"Unesco\"},"
                 "  \"acronym\": {\"en\": \"\u064a\u0648\u0646\u0633\u0643\u0648\","
                 "                \"fr\": \"\u064a\u0648\u0646\u0633\u0643\u0648\"}}]}");
  open_entity ("unesco");
  text = pango_layout_get_text (gtk_label_get_layout (meta));
  g_assert_cmpint (x_of (gtk_label_get_layout (meta), text, "\u064a"), <,
                   x_of (gtk_label_get_layout (meta), text, "Organisation"));

  g_assert_cmpint (x_of (layout, joined, "Old"), <, x_of (layout, joined, "dates"));
  g_assert_cmpint (x_of (layout, joined, "Spoof"), <, x_of (layout, joined, "Old"));
  reimport_builtin ();
}

static guint
profile_sections_shown (void)
{
  GtkWidget *box = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_box");
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static gboolean
all_sixty_sections_shown (void)
{
  return profile_sections_shown () == 60;
}

/* The column headings and sections of a side-by-side profile. */
static guint
side_by_side_cells_shown (void)
{
  GtkWidget *box = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_box");
  GtkWidget *grid = gtk_widget_get_first_child (box);
  guint n = 0;

  g_assert_true (GTK_IS_GRID (grid));
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static gboolean
all_side_by_side_cells_shown (void)
{
  return side_by_side_cells_shown () == 2 + 2 * 60;
}

/* A profile as long as a law's full text: its first sections show at
 * once, the others over the next frames, in order, so that opening it
 * never holds the window while all of it is laid out. */
static void
test_long_profile_shown_in_steps (void)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                                          " \"entities\": [{\"id\": \"law\", \"kind\": \"legislation\","
                                          " \"name\": {\"en\": \"A long law\", \"fr\": \"Une longue loi\"},"
                                          " \"profile\": {\"en\": [");
  GtkWidget *box = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_box");
  GtkToggleButton *side_by_side = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "side_by_side_button");
  GtkWidget *last;

  for (guint i = 0; i < 60; i++)
    {
      g_string_append_printf (json, "%s{\"heading\": \"Article %u\", \"body\": \"", i ? "," : "", i + 1);
      for (guint j = 0; j < 60; j++)
        g_string_append (json, "The provider shall keep the records. ");
      g_string_append (json, "\"}");
    }
  g_string_append (json, "], \"fr\": [");
  for (guint i = 0; i < 60; i++)
    {
      g_string_append_printf (json, "%s{\"heading\": \"Article %u (fr)\", \"body\": \"", i ? "," : "", i + 1);
      for (guint j = 0; j < 60; j++)
        g_string_append (json, "Le fournisseur tient les registres. ");
      g_string_append (json, "\"}");
    }
  g_string_append (json, "]}}, {\"id\": \"small\", \"kind\": \"organisation\", \"name\": {\"en\": \"Small\"},"
                         " \"profile\": {\"en\": [{\"body\": \"One.\"}], \"fr\": [{\"body\": \"Un.\"}]}}]}");

  import_string (json->str);
  open_entity ("law");
  accord_entity_view_set_tab (entity_view (), "overview");
  g_assert_cmpuint (profile_sections_shown (), >, 0);
  g_assert_cmpuint (profile_sections_shown (), <, 60);
  accord_test_wait_for (all_sixty_sections_shown);
  last = gtk_widget_get_first_child (gtk_widget_get_last_child (box));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (last)), ==, accord_test_french () ? "Article 60 (fr)" : "Article 60");

  /* Another language starts over, with its own sections only. */
  adw_toggle_group_set_active_name (ADW_TOGGLE_GROUP (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                                 "language_toggles")),
                                    accord_test_french () ? "en" : "fr");
  g_assert_cmpuint (profile_sections_shown (), <, 60);
  accord_test_wait_for (all_sixty_sections_shown);
  last = gtk_widget_get_first_child (gtk_widget_get_last_child (box));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (last)), ==, accord_test_french () ? "Article 60" : "Article 60 (fr)");
  last = gtk_widget_get_first_child (gtk_widget_get_first_child (box));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (last)), ==, accord_test_french () ? "Article 1" : "Article 1 (fr)");

  /* New data for it: the reader stays far down, where they were. */
  {
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (box, GTK_TYPE_SCROLLED_WINDOW)));
    double reading;

    accord_test_spin (200);
    reading = 0.8 * (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
    gtk_adjustment_set_value (adjustment, reading);
    import_string (json->str);
    accord_test_wait_for (all_sixty_sections_shown);
    accord_test_spin (300);
    g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adjustment) - reading), <, 2);
  }

  /* Another entity while sections are still coming: only its own show. */
  open_entity ("small");
  open_entity ("law");
  g_assert_cmpuint (profile_sections_shown (), <, 60);
  open_entity ("small");
  accord_test_spin (300);
  g_assert_cmpuint (profile_sections_shown (), ==, 1);

  /* Side by side, section against section: the same, in steps. */
  open_entity ("law");
  accord_test_wait_for (all_sixty_sections_shown);
  gtk_toggle_button_set_active (side_by_side, TRUE);
  g_assert_cmpuint (profile_sections_shown (), ==, 1);
  g_assert_cmpuint (side_by_side_cells_shown (), >, 2);
  g_assert_cmpuint (side_by_side_cells_shown (), <, 122);
  accord_test_wait_for (all_side_by_side_cells_shown);
  last = gtk_grid_get_child_at (GTK_GRID (gtk_widget_get_first_child (box)), 1, 60);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (last))), ==, "Article 60 (fr)");
  gtk_toggle_button_set_active (side_by_side, FALSE);

  reimport_builtin ();
}

static gboolean
profile_unmapped (void)
{
  return !gtk_widget_get_mapped (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_box"));
}

static gboolean
note_idle_ran (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A section as long as a chapter shows a batch of its paragraphs at a
 * time, not all at once; and nothing is added while the Overview is out
 * of sight, where it would only slow the Articles tab down. */
static void
test_long_section_shown_in_steps (void)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *json = NULL;
  guint first, paused;

  while (body->len < 60000)
    g_string_append (body, "The provider shall keep the records. ");
  g_strstrip (body->str);
  /* The heading, its pieces, and a second section of one paragraph. */
  profile_labels = 1 + count_pieces (body->str) + 2;
  json = g_strdup_printf ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                          " \"entities\": [{\"id\": \"code\", \"kind\": \"legislation\", \"name\": {\"en\": \"A code\"},"
                          " \"profile\": {\"en\": [{\"heading\": \"Chapter 1\", \"body\": \"%s\"},"
                          "                        {\"heading\": \"Chapter 2\", \"body\": \"Short.\"}],"
                          "               \"fr\": [{\"heading\": \"Chapitre 1\", \"body\": \"%s\"},"
                          "                        {\"heading\": \"Chapitre 2\", \"body\": \"Court.\"}]}}],"
                          " \"articles\": []}", body->str, body->str);

  import_string (json);
  /* The first batch: a part of the first section. */
  accord_sidebar_select_entity (sidebar (), "code");
  first = profile_labels_shown ();
  g_assert_cmpuint (first, >, 1);
  g_assert_cmpuint (first, <, profile_labels / 2);

  /* Out of sight, nothing more. */
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_wait_for (profile_unmapped);
  paused = profile_labels_shown ();
  accord_test_spin (300);
  g_assert_cmpuint (profile_labels_shown (), ==, paused);
  g_assert_cmpuint (paused, <, profile_labels);

  accord_entity_view_set_tab (entity_view (), "overview");
  accord_test_wait_for (whole_profile_shown);

  /* Frames that take long, one after the other, keep no idle waiting
   * (a language switch, the category filter): shown in the other
   * language, the profile is still filling when one runs. */
  {
    AdwToggleGroup *toggles = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "language_toggles");
    g_autofree char *was = g_strdup (adw_toggle_group_get_active_name (toggles));
    gboolean idle_ran = FALSE;

    adw_toggle_group_set_active_name (toggles, g_str_equal (was, "fr") ? "en" : "fr");
    g_idle_add_full (G_PRIORITY_LOW, note_idle_ran, &idle_ran, NULL);
    while (!idle_ran)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (profile_labels_shown (), <, profile_labels);
    accord_test_wait_for (whole_profile_shown);
    adw_toggle_group_set_active_name (toggles, was);
  }

  reimport_builtin ();
}

static guint
count_articles (const char *entity_id,
                const char *category_id)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), entity_id, category_id, NULL);

  return g_list_model_get_n_items (articles);
}

/* Words are matched in the background: the timeline shown stays until
 * they are, then shows only what they match; set again meanwhile, the
 * last words win. */
static void
test_filter_in_background (void)
{
  guint all = count_articles ("gpai", NULL);
  g_autoptr(GListModel) matching = accord_store_list_articles (store (), "gpai", NULL, "declaration");
  guint n_matching = g_list_model_get_n_items (matching);

  g_assert_cmpuint (n_matching, >, 0);
  g_assert_cmpuint (n_matching, <, all);
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_spin (100);

  accord_entity_view_set_filter (entity_view (), "no such words");
  accord_entity_view_set_filter (entity_view (), "declaration");
  g_assert_true (accord_entity_view_get_filtering (entity_view ()));
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, all);
  accord_test_wait_for (timeline_filtered);
  accord_test_spin (100);
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, n_matching);

  filter_timeline ("");
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, all);
}

/* A category chosen for one entity does not filter the next one. */
/* An entity without articles or without a profile shows no controls
 * for what it does not have. */
static void
test_empty_entity_controls (void)
{
  GtkWidget *header = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline_header");
  GtkWidget *toggles = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "language_toggles");
  GtkWidget *clear = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "clear_filter_button");
  GtkWidget *filter = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "filter_entry");

  open_entity ("oecd");
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, 0);
  g_assert_false (gtk_widget_get_visible (header));
  g_assert_true (gtk_widget_get_visible (toggles));
  /* Nothing to clear. */
  g_assert_false (gtk_widget_get_visible (clear));

  /* A filter that finds nothing keeps the filter, to change it, and
   * offers to clear it: back to every article, the focus on the filter. */
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  filter_timeline ("no such words");
  g_assert_true (gtk_widget_get_visible (header));
  g_assert_true (gtk_widget_get_visible (clear));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (clear)), ==, "entity.clear-filter");
  gtk_widget_activate_action (GTK_WIDGET (entity_view ()), "entity.clear-filter", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (filter)), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, count_articles ("gpai", NULL));
  accord_test_spin (100);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), filter));
  accord_entity_view_set_tab (entity_view (), "overview");
  filter_timeline ("no such words");
  /* Spaces alone are no filter. */
  filter_timeline ("   ");
  {
    /* "%u articles" in either language. */
    g_autofree char *all = g_strdup_printf ("%u articles", count_articles ("gpai", NULL));

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                                "articles_heading"))),
                     ==, all);
  }
  filter_timeline ("");

  open_entity ("unesco");
  g_assert_false (gtk_widget_get_visible (toggles));
}

/* Escape in the filter empties it and shows every article again. */
static void
test_filter_escape (void)
{
  GtkWidget *filter = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "filter_entry");
  guint all;

  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  all = g_list_model_get_n_items (timeline_model ());
  filter_timeline ("no such words");
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, 0);

  g_signal_emit_by_name (filter, "stop-search");
  g_assert_cmpstr (accord_entity_view_get_filter (entity_view ()), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, all);
  accord_entity_view_set_tab (entity_view (), "overview");
}

/* The marks shown in the category list, and the name by the shown one. */
static guint
shown_choice_marks (GtkWidget   *dropdown,
                    const char **marked)
{
  g_autoptr(GPtrArray) images = accord_test_find_all (dropdown, GTK_TYPE_IMAGE);
  guint n = 0;

  for (guint i = 0; i < images->len; i++)
    {
      GtkWidget *image = g_ptr_array_index (images, i);

      if (g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (image)), "object-select-symbolic") != 0 ||
          !gtk_widget_get_mapped (image) || gtk_widget_get_opacity (image) == 0)
        continue;
      n++;
      *marked = gtk_label_get_text (GTK_LABEL (gtk_widget_get_prev_sibling (image)));
    }
  return n;
}

static GtkWidget *category_popover;

static gboolean
category_popover_shown (void)
{
  return gtk_widget_get_mapped (category_popover);
}

/* The category list marks the one chosen, and only it. */
static void
test_category_choice_marked (void)
{
  GtkDropDown *dropdown = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "category_dropdown");
  g_autoptr(GPtrArray) popovers = NULL;
  const char *marked = NULL;
  g_autofree char *expected = NULL;

  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_wait_for (category_dropdown_shown);
  gtk_drop_down_set_selected (dropdown, 2);
  expected = accord_display_text (accord_category_get_name (gtk_drop_down_get_selected_item (dropdown),
                                                            accord_test_french () ? "fr" : "en", NULL),
                                  ACCORD_DISPLAY_LINE_CHARS);

  g_signal_emit_by_name (dropdown, "activate");
  popovers = accord_test_find_all (GTK_WIDGET (dropdown), GTK_TYPE_POPOVER);
  g_assert_cmpuint (popovers->len, ==, 1);
  category_popover = g_ptr_array_index (popovers, 0);
  accord_test_wait_for (category_popover_shown);
  accord_test_spin (100);
  g_assert_cmpuint (shown_choice_marks (GTK_WIDGET (dropdown), &marked), ==, 1);
  g_assert_cmpstr (marked, ==, expected);

  gtk_popover_popdown (GTK_POPOVER (category_popover));
  category_popover = NULL;
  gtk_drop_down_set_selected (dropdown, 0);
  accord_entity_view_set_tab (entity_view (), "overview");
}

static int
category_button_width (GtkWidget *dropdown)
{
  int natural;

  gtk_widget_measure (dropdown, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* The category filter's button keeps its width whichever is chosen, so
 * that the text filter beside it stays put; it still fits a phone. */
static void
test_category_button_keeps_width (void)
{
  GtkDropDown *categories = GTK_DROP_DOWN (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                       "category_dropdown"));
  int all_width, minimum;

  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_wait_for (category_dropdown_shown);
  accord_test_spin (100);
  all_width = category_button_width (GTK_WIDGET (categories));
  for (guint i = 1; i < g_list_model_get_n_items (gtk_drop_down_get_model (categories)); i++)
    {
      gtk_drop_down_set_selected (categories, i);
      accord_test_spin (50);
      g_assert_cmpint (category_button_width (GTK_WIDGET (categories)), ==, all_width);
    }
  gtk_widget_measure (GTK_WIDGET (categories), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 100);

  gtk_drop_down_set_selected (categories, 0);
  accord_entity_view_set_tab (entity_view (), "overview");
}

static void
test_category_filter_reset (void)
{
  GtkDropDown *categories = GTK_DROP_DOWN (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "category_dropdown"));
  AccordCategory *chosen;

  open_entity ("gpai");
  accord_test_wait_for (category_dropdown_shown);
  gtk_drop_down_set_selected (categories, 1);
  chosen = gtk_drop_down_get_selected_item (categories);
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==,
                    count_articles ("gpai", accord_category_get_id (chosen)));
  /* Otherwise the test could not tell a filtered timeline from a full one. */
  g_assert_cmpuint (count_articles ("eu-ai-act", accord_category_get_id (chosen)), <, count_articles ("eu-ai-act", NULL));

  open_entity ("eu-ai-act");
  g_assert_cmpuint (gtk_drop_down_get_selected (categories), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, count_articles ("eu-ai-act", NULL));
}

static gboolean
search_has_focus (void)
{
  GtkWidget *search = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "search_entry");
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == search || gtk_widget_is_ancestor (focus, search));
}

/* Space or Ctrl+click on the selected row asks the selection to let it
 * go: the page shown stays, and so does its row's highlight. */
static void
test_sidebar_selection_stays (void)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (accord_sidebar_get_entities (sidebar ()));
  guint position;

  open_entity ("gpai");
  position = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection));
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  gtk_selection_model_unselect_item (selection, position);
  g_assert_true (gtk_selection_model_is_selected (selection, position));
}

/* The header bars' buttons all look alike: flat, as Adwaita draws the
 * ones with an icon or a text of their own. */
static void
test_header_buttons_alike (void)
{
  g_autoptr(GPtrArray) bars = accord_test_find_all (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);

  g_assert_cmpuint (bars->len, >, 0);
  for (guint i = 0; i < bars->len; i++)
    {
      g_autoptr(GPtrArray) buttons = accord_test_find_all (g_ptr_array_index (bars, i), GTK_TYPE_BUTTON);

      for (guint j = 0; j < buttons->len; j++)
        {
          GtkWidget *button = g_ptr_array_index (buttons, j);

          /* The window's own buttons have a style of their own. */
          if (gtk_widget_get_ancestor (button, GTK_TYPE_WINDOW_CONTROLS) != NULL)
            continue;
          if (!gtk_widget_has_css_class (button, "flat") && !gtk_widget_has_css_class (button, "image-button") &&
              !gtk_widget_has_css_class (button, "text-button"))
            g_error ("%s “%s” is drawn raised", G_OBJECT_TYPE_NAME (button), gtk_widget_get_tooltip_text (button));
        }
    }
}

static void
test_shortcuts (void)
{
  g_auto(GStrv) quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");

  /* Ctrl+F focuses the search, from wherever the focus was, its last
   * query selected: what is typed next replaces it. */
  open_entity ("gpai");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  accord_test_wait_for (search_has_focus);
  {
    GtkEditable *entry = GTK_EDITABLE (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "search_entry"));
    int start, end;

    accord_test_search (sidebar (), "gpai");
    open_entity ("gpai");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
    accord_test_wait_for (search_has_focus);
    g_assert_true (gtk_editable_get_selection_bounds (entry, &start, &end));
    g_assert_cmpint (start, ==, 0);
    g_assert_cmpint (end, ==, 4);
    accord_test_search (sidebar (), "");
  }

  g_assert_cmpstr (quit[0], ==, "<Control>q");

  /* The shortcuts window lists every shortcut of the app's actions. */
  {
    g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
    g_autoptr(GPtrArray) labels = NULL;
    g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
    AdwDialog *dialog;

    g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
    accord_test_spin (50);
    dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
    labels = accord_test_find_all (dialog, ACCORD_TYPE_SHORTCUT_LABEL);
    for (guint i = 0; i < labels->len; i++)
      g_hash_table_add (listed, (gpointer) accord_shortcut_label_get_accelerator (g_ptr_array_index (labels, i)));
    /* Each key is drawn as a key, with room around its name, not as
     * plain words. */
    {
      GtkWidget *key = gtk_widget_get_first_child (g_ptr_array_index (labels, 0));
      g_autoptr(GtkWidget) plain = g_object_ref_sink (gtk_label_new (gtk_label_get_text (GTK_LABEL (key))));
      int key_width, plain_width;

      gtk_widget_measure (key, GTK_ORIENTATION_HORIZONTAL, -1, &key_width, NULL, NULL, NULL);
      gtk_widget_measure (plain, GTK_ORIENTATION_HORIZONTAL, -1, &plain_width, NULL, NULL, NULL);
      g_assert_cmpint (key_width, >=, plain_width + 8);
    }
    /* Two shortcuts for one thing read as such, not as one chord
     * (Ctrl+R+F5). */
    for (guint i = 0; i < labels->len; i++)
      {
        GtkWidget *next = gtk_widget_get_next_sibling (g_ptr_array_index (labels, i));

        if (next != NULL && ACCORD_IS_SHORTCUT_LABEL (next))
          g_error ("%s is followed by another shortcut with nothing between",
                   accord_shortcut_label_get_accelerator (g_ptr_array_index (labels, i)));
        if (next != NULL && GTK_IS_LABEL (next))
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (next)), ==, accord_test_french () ? "ou" : "or");
      }
    for (guint i = 0; actions[i] != NULL; i++)
      {
        g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

        for (guint j = 0; accels[j] != NULL; j++)
          if (!g_hash_table_contains (listed, accels[j]))
            g_error ("%s (%s) is not in the shortcuts window", accels[j], actions[i]);
      }
    /* And those of the window's own actions, but for Alt+1 and Alt+2
     * again as a French keyboard types them: the same keys. */
    g_hash_table_add (listed, (gpointer) "<Alt>ampersand");
    g_hash_table_add (listed, (gpointer) "<Alt>eacute");
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

          for (guint j = 0; GTK_IS_SHORTCUT_CONTROLLER (controller) && j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
              g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

              if (GTK_IS_NAMED_ACTION (action) &&
                  g_str_has_prefix (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win.") &&
                  !g_hash_table_contains (listed, trigger))
                g_error ("%s (%s) is not in the shortcuts window", trigger,
                         gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
            }
        }
    }
    adw_dialog_force_close (dialog);
    accord_test_spin (300);
  }

  /* Ctrl+, then Ctrl+? then Ctrl+, again: one Preferences under the
   * shortcuts. */
  {
    AdwDialog *preferences, *shortcuts;

    g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
    accord_test_spin (50);
    preferences = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
    g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
    accord_test_spin (50);
    shortcuts = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
    g_assert_true (shortcuts != preferences);
    g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
    accord_test_spin (50);
    g_assert_true (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)) == shortcuts);
    g_assert_true (adw_dialog_close (shortcuts));
    accord_test_spin (300);
    g_assert_true (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)) == preferences);
    g_assert_true (adw_dialog_close (preferences));
    accord_test_spin (300);
    g_assert_null (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  }

  /* Ctrl+, Ctrl+? and About, pressed again, open no second copy: one
   * Escape closes what they opened. */
  {
    const char * const dialogs[] = { "preferences", "shortcuts", "about" };

    for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
      {
        AdwDialog *shown;

        g_action_group_activate_action (G_ACTION_GROUP (app), dialogs[i], NULL);
        accord_test_spin (50);
        shown = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
        g_assert_nonnull (shown);
        g_action_group_activate_action (G_ACTION_GROUP (app), dialogs[i], NULL);
        accord_test_spin (50);
        g_assert_true (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)) == shown);
        g_assert_true (adw_dialog_close (shown));
        accord_test_spin (300);
        g_assert_null (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
      }
  }
}

/* A generated feed: one entity with 10,000 articles. */
static char *
large_feed (guint n)
{
  GString *json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                                " \"entities\": [{\"id\": \"big\", \"kind\": \"organisation\", \"name\": {\"en\": \"Big\"}},"
                                "                {\"id\": \"gpai\", \"kind\": \"organisation\", \"name\": {\"en\": \"GPAI\"}}],"
                                " \"articles\": [");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"id\": \"a%u\", \"date\": \"%04u-%02u-%02u\", \"title\": {\"en\": \"Article %u\","
                            " \"fr\": \"Article numéro %u\"}, \"entities\": [\"big\"]}",
                            i ? "," : "", i, 2026 - i / 365, 12 - (i / 28) % 12, 28 - i % 28, i, i);
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

static char *
many_entities_feed (guint n)
{
  GString *json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                                " \"entities\": [");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"id\": \"org%02u\", \"kind\": \"organisation\", \"name\": {\"en\": \"Body %02u\"}}",
                            i ? "," : "", i, i);
  g_string_append (json, "], \"articles\": []}");
  return g_string_free (json, FALSE);
}

static void switch_language (const char *language);

/* The French names sort in another order: org30 comes last, far from
 * its English place and out of sight of either end of the list. */
static char *
reordered_entities_feed (void)
{
  GString *json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                                " \"entities\": [");

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (json, "%s{\"id\": \"org%02u\", \"kind\": \"organisation\","
                            " \"name\": {\"en\": \"Body %02u\", \"fr\": \"Corps %02u\"}}",
                            i ? "," : "", i, i, (i + 29) % 60);
  g_string_append (json, "], \"articles\": []}");
  return g_string_free_and_steal (json);
}

static gboolean
sidebar_row_in_view (const char *item_id)
{
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  graphene_rect_t bounds;

  return mapped_sidebar_row (item_id, &bounds) != NULL &&
         bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (list);
}

static gboolean
org30_in_view (void)
{
  return sidebar_row_in_view ("org30");
}

/* The selected row stays in view when a change of language sorts the
 * rows above it otherwise. */
static void
test_sidebar_keeps_selection_in_view (void)
{
  const char *start_language = g_getenv ("ACCORD_TEST_LANGUAGE") ? g_getenv ("ACCORD_TEST_LANGUAGE") : "";
  g_autofree char *json = reordered_entities_feed ();

  import_string (json);
  accord_sidebar_select_entity (sidebar (), "org30");
  {
    GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list)));

    gtk_list_view_scroll_to (GTK_LIST_VIEW (list), gtk_single_selection_get_selected (selection),
                             GTK_LIST_SCROLL_NONE, NULL);
  }
  accord_test_wait_for (org30_in_view);

  switch_language (accord_test_french () ? "en" : "fr");
  accord_test_wait_for (org30_in_view);
  switch_language (start_language);
  accord_test_wait_for (org30_in_view);

  reimport_builtin ();
}

static double
sidebar_scroll (void)
{
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");

  return gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list)));
}

static gboolean
sidebar_shows_every_row (void)
{
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list)));

  return accord_reveal_model_get_all_revealed (ACCORD_REVEAL_MODEL (gtk_single_selection_get_model (selection)));
}

/* Many entities: the first rows come at once, and the others in the
 * frames after, though the first child of the list, the Bookmarks
 * row's header, is hidden. */
static void
test_sidebar_shows_every_entity (void)
{
  g_autofree char *json = many_entities_feed (60);
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");

  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list)), 0);
  import_string (json);
  accord_test_wait_for (sidebar_shows_every_row);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))), >, 60);

  reimport_builtin ();
}

/* The sidebar's items whose rows show, wholly or in part. */
static guint
sidebar_items_in_view (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (gtk_widget_get_child_visible (child) && gtk_widget_get_mapped (child) &&
          gtk_widget_get_first_child (child) != NULL &&
          ACCORD_IS_SIDEBAR_ROW (gtk_widget_get_first_child (child)) &&
          gtk_widget_compute_bounds (child, list, &bounds) &&
          bounds.origin.y < gtk_widget_get_height (list) && bounds.origin.y + bounds.size.height > 0)
        n++;
    }
  return n;
}

/* New data: the first frame builds rows enough to fill the list to its
 * bottom, however tall the window, and not many more; the others come
 * in the frames after. */
static void
test_sidebar_first_rows_fit (void)
{
  g_autofree char *json = many_entities_feed (90);
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  const int heights[] = { 600, 1300 };
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  import_string (json);
  for (guint i = 0; i < G_N_ELEMENTS (heights); i++)
    {
      GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
      guint first, in_view;

      gtk_window_set_default_size (GTK_WINDOW (window), 1100, heights[i]);
      accord_test_spin (200);
      gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list)), 0);
      accord_sidebar_reload (sidebar ());
      first = g_list_model_get_n_items (gtk_single_selection_get_model (selection));

      accord_test_wait_for (sidebar_shows_every_row);
      accord_test_spin (100);
      in_view = sidebar_items_in_view (list);
      g_assert_cmpuint (first, >=, in_view);
      g_assert_cmpuint (first, <=, in_view + 3);
    }

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  reimport_builtin ();
  accord_test_spin (200);
}

/* A refresh leaves the sidebar where the user had scrolled it, with the
 * same entity selected. */
static void
test_sidebar_keeps_place (void)
{
  g_autofree char *json = many_entities_feed (60);
  GtkWidget *list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  double place;

  import_string (json);
  /* Every row there, for the list to scroll as far as asked. */
  accord_test_wait_for (sidebar_shows_every_row);
  accord_sidebar_select_entity (sidebar (), "org30");
  accord_test_spin (100);
  gtk_adjustment_set_value (adjustment, 400);
  accord_test_spin (50);
  /* Where the list puts it: a list view lines its rows up to the pixel. */
  place = sidebar_scroll ();
  g_assert_cmpfloat (fabs (place - 400), <=, 2);
  /* The keyboard's place too: on the selected row. */
  {
    g_autoptr(GPtrArray) rows = accord_test_find_all (list, ACCORD_TYPE_SIDEBAR_ROW);

    for (guint i = 0; i < rows->len; i++)
      if (g_strcmp0 (accord_sidebar_row_get_item_id (g_ptr_array_index (rows, i)), "org30") == 0)
        g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (g_ptr_array_index (rows, i))));
  }

  import_string (json);
  accord_test_spin (100);
  g_assert_cmpfloat (sidebar_scroll (), ==, place);
  g_assert_cmpstr (accord_entity_get_id (accord_entity_view_get_entity (entity_view ())), ==, "org30");
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    GtkWidget *row = focus ? gtk_widget_get_first_child (focus) : NULL;

    g_assert_true (ACCORD_IS_SIDEBAR_ROW (row));
    g_assert_cmpstr (accord_sidebar_row_get_item_id (ACCORD_SIDEBAR_ROW (row)), ==, "org30");
  }

  /* And so does a change of language, which builds the window anew. */
  switch_language (accord_test_french () ? "en" : "fr");
  g_assert_cmpfloat (sidebar_scroll (), ==, place);
  g_assert_cmpstr (accord_entity_get_id (accord_entity_view_get_entity (entity_view ())), ==, "org30");
  switch_language (g_getenv ("ACCORD_TEST_LANGUAGE") ? g_getenv ("ACCORD_TEST_LANGUAGE") : "");

  /* Even while a search hides the list, scrolled away from the selected
   * row: it is there again once the search is cleared. */
  list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list)), 100);
  accord_test_spin (50);
  place = sidebar_scroll ();
  g_assert_cmpfloat (fabs (place - 100), <=, 2);
  accord_test_search (sidebar (), "org");
  accord_test_spin (100);
  switch_language (accord_test_french () ? "en" : "fr");
  accord_test_search (sidebar (), "");
  accord_test_spin (300);
  g_assert_cmpfloat (sidebar_scroll (), ==, place);
  switch_language (g_getenv ("ACCORD_TEST_LANGUAGE") ? g_getenv ("ACCORD_TEST_LANGUAGE") : "");

  /* An entity opened from the results, far from where the list was:
   * its row shows once the search is cleared. */
  list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list)), 0);
  accord_test_spin (50);
  accord_test_search (sidebar (), "body 57");
  accord_test_spin (100);
  g_signal_emit_by_name (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list"), "activate", 0);
  accord_test_spin (50);
  g_assert_cmpstr (accord_entity_get_id (accord_entity_view_get_entity (entity_view ())), ==, "org57");
  accord_test_search (sidebar (), "");
  accord_test_spin (300);
  g_assert_true (accord_sidebar_get_selection_in_view (sidebar ()));

  /* The same under a list of results, rather than the page saying there
   * are none, through a change of language. */
  list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list)), 1000);
  accord_test_spin (50);
  place = sidebar_scroll ();
  accord_test_search (sidebar (), "body");
  accord_test_spin (100);
  g_assert_cmpuint (g_list_model_get_n_items (accord_sidebar_get_results (sidebar ())), >, 0);
  switch_language (accord_test_french () ? "en" : "fr");
  accord_test_search (sidebar (), "");
  accord_test_spin (300);
  g_assert_cmpfloat (fabs (sidebar_scroll () - place), <=, 2);
  switch_language (g_getenv ("ACCORD_TEST_LANGUAGE") ? g_getenv ("ACCORD_TEST_LANGUAGE") : "");

  reimport_builtin ();
}

/* An article opened from the results, its entity far down the list: the
 * entity's row, selected, shows once the search is cleared. */
static void
test_article_result_shows_entity_row (void)
{
  GString *json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
                                " \"entities\": [");
  g_autofree char *feed = NULL;
  GListModel *results;
  GtkWidget *list;
  int found = -1;

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (json, "%s{\"id\": \"org%02u\", \"kind\": \"organisation\", \"name\": {\"en\": \"Body %02u\"}}",
                            i ? "," : "", i, i);
  g_string_append (json, "], \"articles\": [{\"id\": \"zz\", \"date\": \"2026-01-02\", \"title\": {\"en\": \"Zebra crossing\"},"
                         " \"entities\": [\"org57\"]}]}");
  feed = g_string_free (json, FALSE);
  import_string (feed);
  accord_test_wait_for (sidebar_shows_every_row);
  list = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list");
  accord_sidebar_select_entity (sidebar (), "org01");
  accord_test_spin (100);
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list)), 0);
  accord_test_spin (50);

  accord_test_search (sidebar (), "zebra");
  accord_test_spin (100);
  results = accord_sidebar_get_results (sidebar ());
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);

      if (ACCORD_IS_ARTICLE (item))
        found = (int) i;
    }
  g_assert_cmpint (found, >=, 0);
  g_signal_emit_by_name (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "results_list"), "activate",
                         (guint) found);
  accord_test_spin (100);
  g_assert_cmpstr (accord_entity_get_id (accord_entity_view_get_entity (entity_view ())), ==, "org57");
  g_assert_cmpstr (sidebar_selected_id (), ==, "org57");
  accord_test_search (sidebar (), "");
  accord_test_spin (300);
  g_assert_true (accord_sidebar_get_selection_in_view (sidebar ()));
  reimport_builtin ();
}

typedef struct
{
  GtkWidget *timeline;
  guint      rows;
  guint      most_added;
} RowGrowth;

static guint
count_rows (GtkWidget *timeline)
{
  g_autoptr(GPtrArray) rows = accord_test_find_all (timeline, ACCORD_TYPE_ARTICLE_ROW);

  return rows->len;
}

static void
on_timeline_painted (GdkFrameClock *clock,
                     RowGrowth     *growth)
{
  guint rows = count_rows (growth->timeline);

  if (rows > growth->rows)
    growth->most_added = MAX (growth->most_added, rows - growth->rows);
  growth->rows = rows;
}

/* Each month has one heading, however its rows came in. */
static void
assert_month_headings_unique (GtkWidget *timeline)
{
  g_autoptr(GPtrArray) labels = accord_test_find_all (timeline, GTK_TYPE_LABEL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_headings = 0;

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (!gtk_widget_has_css_class (label, "heading") || gtk_widget_get_ancestor (label, ACCORD_TYPE_ARTICLE_ROW))
        continue;
      g_assert_false (g_hash_table_contains (seen, gtk_label_get_text (GTK_LABEL (label))));
      g_hash_table_add (seen, (gpointer) gtk_label_get_text (GTK_LABEL (label)));
      n_headings++;
    }
  g_assert_cmpuint (n_headings, >, 1);
}

static gboolean
timeline_settled (void)
{
  return accord_entity_view_get_timeline_settled (entity_view ());
}

static gboolean
entity_scrolled_to_600 (void)
{
  return fabs (accord_entity_view_get_scroll (entity_view ()) - 600) <= 2;
}

/* A place given while the filter's words are matched, as a change of
 * language gives it, is where the filtered timeline shows. */
static void
test_filtered_timeline_keeps_place (void)
{
  g_autofree char *json = large_feed (300);

  import_string (json);
  open_entity ("big");
  /* Matched after the frames that lay out the timeline. */
  accord_store_set_reader_delay (store (), 300);
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_entity_view_set_filter (entity_view (), "article");
  accord_entity_view_set_scroll (entity_view (), 600);
  accord_test_wait_for (timeline_filtered);
  accord_store_set_reader_delay (store (), 0);
  accord_test_wait_for (entity_scrolled_to_600);
  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, 300);
  reimport_builtin ();
}

/* A long timeline opens with its first rows, then builds the others a
 * few a frame: never a couple of hundred in one frame. */
static void
test_large_timeline (void)
{
  g_autofree char *json = large_feed (10000);
  RowGrowth growth = { NULL, 0, 0 };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  guint rows;

  import_string (json);
  growth.timeline = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline");
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_timeline_painted), &growth);
  open_entity ("big");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "stack")),
                                         "articles");
  accord_test_wait_for (timeline_settled);
  accord_test_spin (200);
  g_signal_handlers_disconnect_by_func (clock, on_timeline_painted, &growth);

  g_assert_cmpuint (g_list_model_get_n_items (timeline_model ()), ==, 10000);
  rows = count_rows (growth.timeline);
  /* Only the rows on screen, and those GTK keeps around them, exist. */
  g_assert_cmpuint (rows, >, 100);
  g_assert_cmpuint (rows, <, 300);
  g_assert_cmpuint (growth.most_added, <=, 60);
  assert_month_headings_unique (growth.timeline);

  reimport_builtin ();
}

/* ---------------------------------------------------------------------- */
/* Refreshing from a local server                                          */

static SoupServer *server;
static char *server_base;
static char *served_feed;
static SoupServerMessage *stalled;   /* a request to /stalled.json, unanswered */

static void
serve (SoupServer        *soup_server,
       SoupServerMessage *message,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  if (g_str_equal (path, "/feed.json") && served_feed != NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                        served_feed, strlen (served_feed));
    }
  else if (g_str_equal (path, "/stalled.json") && stalled == NULL)
    {
      stalled = message;
      soup_server_message_pause (message);
    }
  else
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
start_server (void)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, serve, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  server_base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

/* The built-in feed with one more article, about the GPAI. */
static char *
feed_with_new_article (void)
{
  g_autoptr(JsonNode) feed = accord_test_builtin_feed ();
  JsonObject *root = json_node_get_object (feed);
  JsonObject *article = json_object_new ();
  JsonObject *title = json_object_new ();
  JsonArray *entities = json_array_new ();

  json_object_set_string_member (root, "generated", "2026-11-24T08:00:00Z");
  json_object_set_string_member (title, "en", "A fresh article");
  json_object_set_string_member (title, "fr", "Un article tout frais");
  json_array_add_string_element (entities, "gpai");
  json_object_set_string_member (article, "id", "fresh-1");
  json_object_set_string_member (article, "date", "2026-11-23");
  json_object_set_object_member (article, "title", title);
  json_object_set_array_member (article, "entities", entities);
  json_array_add_object_element (json_object_get_array_member (root, "articles"), article);
  return json_to_string (feed, FALSE);
}

/* @json with one more article, without a title: skipped. */
static char *
with_unreadable_article (char *json)
{
  g_autoptr(JsonNode) feed = json_from_string (json, NULL);
  JsonObject *article = json_object_new ();

  g_free (json);
  json_object_set_string_member (article, "id", "untitled-1");
  json_object_set_string_member (article, "date", "2026-11-23");
  json_array_add_object_element (json_object_get_array_member (json_node_get_object (feed), "articles"), article);
  return json_to_string (feed, FALSE);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  gboolean asked;
  guint    n_new;
  char    *error;
} Finished;

static Finished finished;

static void
on_sync_finished (AccordApplication      *application,
                  const AccordSyncResult *result,
                  const GError           *error,
                  gboolean                asked)
{
  finished.done = TRUE;
  finished.asked = asked;
  finished.ok = result != NULL;
  finished.n_new = result ? result->stats.n_new_articles : 0;
  g_free (finished.error);
  finished.error = error ? g_strdup (error->message) : NULL;
}

static gboolean
sync_finished (void)
{
  return finished.done;
}

/* The next sync's end, for sync_finished() to tell. */
static void
expect_sync_finished (void)
{
  if (g_signal_handler_find (app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_sync_finished, NULL) == 0)
    g_signal_connect (app, "sync-finished", G_CALLBACK (on_sync_finished), NULL);
  finished.done = FALSE;
}

static void
refresh_from (const char *path)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *url = g_strconcat (server_base, path, NULL);

  expect_sync_finished ();
  g_settings_set_string (settings, "endpoint-url", url);
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  accord_test_wait_for (sync_finished);
}

static AccordEntity *
sidebar_entity (const char *id)
{
  GListModel *items = accord_sidebar_get_entities (sidebar ());

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);

      if (ACCORD_IS_ENTITY (item) && g_str_equal (accord_entity_get_id (ACCORD_ENTITY (item)), id))
        return ACCORD_ENTITY (g_steal_pointer (&item));
    }
  return NULL;
}

static void
count_signal (guint *count)
{
  (*count)++;
}

static guint *seen_count;

static gboolean
seen_twice (void)
{
  return *seen_count >= 2;
}

static gboolean
seen_once (void)
{
  return *seen_count >= 1;
}

static char *
replace_first (const char *text,
               const char *old,
               const char *new)
{
  const char *at = strstr (text, old);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, new, at + strlen (old));
}

static void
test_refresh_marks_new_articles (void)
{
  g_autoptr(AccordEntity) gpai = NULL;
  g_autoptr(AccordEntity) seen = NULL;
  g_autoptr(AccordArticle) fresh = NULL;
  AdwBanner *banner = ADW_BANNER (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "banner"));
  AdwViewStack *tabs;
  GtkWidget *new_badge;
  guint n_seen = 0;
  gulong handler;

  g_signal_connect (app, "sync-finished", G_CALLBACK (on_sync_finished), NULL);
  g_free (served_feed);
  served_feed = with_unreadable_article (feed_with_new_article ());

  refresh_from ("feed.json");
  g_assert_cmpstr (finished.error, ==, NULL);
  g_assert_true (finished.ok);
  g_assert_cmpuint (finished.n_new, ==, 1);
  g_assert_false (adw_banner_get_revealed (banner));
  /* The spec has the result say how many items were skipped. */
  awaited_toast = accord_test_french () ? "1 nouvel article, 1 élément ignoré" : "1 new article, 1 item skipped";
  accord_test_wait_for (toast_shown);

  gpai = sidebar_entity ("gpai");
  g_assert_cmpuint (accord_entity_get_n_articles (gpai), ==, 8);
  g_assert_cmpuint (accord_entity_get_n_new_articles (gpai), ==, 1);
  new_badge = accord_sidebar_row_get_new_badge (ACCORD_SIDEBAR_ROW (sidebar_row_for ("gpai")));
  g_assert_nonnull (new_badge);
  g_assert_true (gtk_widget_get_visible (new_badge));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (new_badge)), ==, accord_test_french () ? "1 nouveau" : "1 new");
  /* Only the row with new articles shows the badge. */
  new_badge = accord_sidebar_row_get_new_badge (ACCORD_SIDEBAR_ROW (sidebar_row_for ("eu-ai-act")));
  g_assert_true (new_badge == NULL || !gtk_widget_get_visible (new_badge));

  open_entity ("gpai");
  /* The Articles tab tells of it too. */
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (
                      ADW_VIEW_STACK_PAGE (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "articles_page"))),
                    ==, 1);

  /* Seeing the timeline makes them old news, once. */
  tabs = ADW_VIEW_STACK (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "stack"));
  handler = g_signal_connect_swapped (entity_view (), "articles-seen", G_CALLBACK (count_signal), &n_seen);
  adw_view_stack_set_visible_child_name (tabs, "articles");
  /* Stored in the background: the signal says when. */
  while (n_seen == 0)
    g_main_context_iteration (NULL, TRUE);
  accord_test_spin (50);
  seen = sidebar_entity ("gpai");
  g_assert_cmpuint (accord_entity_get_n_new_articles (seen), ==, 0);
  accord_test_spin (50);
  new_badge = accord_sidebar_row_get_new_badge (ACCORD_SIDEBAR_ROW (sidebar_row_for ("gpai")));
  g_assert_true (new_badge == NULL || !gtk_widget_get_visible (new_badge));
  /* Still marked new in the timeline that showed it, even if its row
   * was read after the store had it seen. */
  fresh = find_article (timeline_model (), "fresh-1");
  g_assert_true (accord_article_get_is_new (fresh));
  /* And in the timeline filtered again meanwhile. */
  g_clear_object (&fresh);
  filter_timeline ("x");
  filter_timeline ("");
  fresh = find_article (timeline_model (), "fresh-1");
  g_assert_true (accord_article_get_is_new (fresh));
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (
                      ADW_VIEW_STACK_PAGE (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "articles_page"))),
                    ==, 0);
  adw_view_stack_set_visible_child_name (tabs, "overview");
  adw_view_stack_set_visible_child_name (tabs, "articles");
  accord_test_spin (50);
  g_assert_cmpuint (n_seen, ==, 1);

  /* More arriving while the timeline is on screen: seen as they come. */
  {
    g_autofree char *json = feed_with_new_article ();
    g_autofree char *more = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(AccordFeed) feed = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(AccordEntity) after = NULL;
    AccordImportStats stats;

    /* The same feed with another new article. */
    more = replace_first (json, "\"fresh-1\"", "\"fresh-2\"");
    bytes = g_bytes_new (more, strlen (more));
    feed = accord_feed_parse (bytes, NULL, &error);
    g_assert_no_error (error);
    accord_store_import_feed (store (), feed, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (stats.n_new_articles, ==, 1);
    seen_count = &n_seen;
    accord_test_wait_for (seen_twice);
    accord_test_spin (50);
    after = sidebar_entity ("gpai");
    g_assert_cmpuint (accord_entity_get_n_new_articles (after), ==, 0);
  }
  g_signal_handler_disconnect (entity_view (), handler);
}

/* Whether the focus is on the star of a row showing
 * awaited_focus_article. */
static gboolean
focus_on_awaited_star (void)
{
  AccordArticleRow *row = focused_article_row ();

  return focus_shows_article () && accord_article_row_star_has_focus (row);
}

/* Puts the focus on the star of the row showing awaited_focus_article,
 * once the list has given the focus to that row. */
static gboolean
star_of_awaited_focused (void)
{
  if (focus_shows_article () && !accord_article_row_star_has_focus (focused_article_row ()))
    accord_article_row_focus_star (focused_article_row ());
  return focus_on_awaited_star ();
}

/* A refresh that brings an article on top of the timeline, or takes it
 * away, leaves the keyboard focus on the article it was on, not on the
 * one that came to its place: @put_focus puts it there, @focus_kept
 * says whether it is still there. */
static void
check_timeline_keeps_focus (AccordTestCondition put_focus,
                            AccordTestCondition focus_kept)
{
  g_autofree char *json = feed_with_new_article ();
  const char *id = "2022-11-22-gpai-ministerial-declaration";

  reimport_builtin ();
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_spin (200);
  accord_entity_view_focus_article (entity_view (), id);
  awaited_focus_article = id;
  accord_test_wait_for (put_focus);

  import_string (json);
  accord_test_spin (200);
  g_assert_true (focus_kept ());

  reimport_builtin ();
  accord_test_spin (200);
  g_assert_true (focus_kept ());
  accord_entity_view_set_tab (entity_view (), "overview");
}

static void
test_timeline_keeps_focus (void)
{
  check_timeline_keeps_focus (focus_shows_article, focus_shows_article);
}

/* A keyboard user on an article's star, when a refresh comes, is still
 * on its star after it, not on its row. */
static void
test_timeline_keeps_star_focus (void)
{
  check_timeline_keeps_focus (star_of_awaited_focused, focus_on_awaited_star);
}

/* On the Bookmarks page, the focus on the first bookmark's star.
 * Returns: its article's id (the row's article goes with the list read
 * again), awaited_focus_article until freed */
static char *
focus_first_bookmark_star (void)
{
  char *id;

  accord_sidebar_select_bookmarks (sidebar ());
  focus_first_bookmark_row ();
  id = g_strdup (accord_article_get_id (accord_article_row_get_article (focused_article_row ())));
  awaited_focus_article = id;
  accord_test_wait_for (star_of_awaited_focused);
  return id;
}

/* The same on the Bookmarks page, which reads its list again after a
 * refresh. */
static void
test_bookmarks_keep_star_focus (void)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) article = g_list_model_get_item (articles, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_assert_true (accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, &error));
  g_assert_no_error (error);
  id = focus_first_bookmark_star ();

  reimport_builtin ();
  accord_test_spin (200);
  g_assert_true (focus_on_awaited_star ());

  accord_store_remove_bookmark (store (), article, NULL);
  accord_test_spin (50);
}

static gboolean
one_bookmark_listed (void)
{
  return g_list_model_get_n_items (accord_bookmarks_view_get_model (
           ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window)))) == 1;
}

/* A bookmark removed with its star, on the Bookmarks page: the focus
 * goes to the row that takes its place, not to that row's star, where
 * one more Space would remove another bookmark unasked. */
static void
test_bookmark_star_removal_focus (void)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) first = g_list_model_get_item (articles, 0);
  g_autoptr(AccordArticle) second = g_list_model_get_item (articles, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  AccordArticleRow *row;

  g_assert_true (accord_store_add_bookmark (store (), second, ACCORD_BOOKMARK_NOW, &error));
  g_assert_true (accord_store_add_bookmark (store (), first, ACCORD_BOOKMARK_NOW, &error));
  g_assert_no_error (error);
  id = focus_first_bookmark_star ();

  gtk_widget_activate (gtk_root_get_focus (GTK_ROOT (window)));
  wait_for_bookmark (id, FALSE);
  accord_test_wait_for (one_bookmark_listed);
  accord_test_spin (200);
  row = focused_article_row ();
  g_assert_nonnull (row);
  g_assert_cmpstr (accord_article_get_id (accord_article_row_get_article (row)), !=, id);
  g_assert_false (accord_article_row_star_has_focus (row));

  /* Its toast shown in full before it goes. */
  accord_test_spin (500);
  dismiss_toasts ();
  accord_store_remove_bookmark (store (), first, NULL);
  accord_store_remove_bookmark (store (), second, NULL);
  accord_test_spin (50);
}

/* The store marks articles seen in the background; the user may have
 * gone on to another entity by the time it is done, whose new articles
 * are still new. */
static void
test_seen_mark_after_leaving (void)
{
  g_autofree char *json = feed_with_new_article ();
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  JsonArray *articles = json_object_get_array_member (json_node_get_object (root), "articles");
  /* Another new article, the OECD's only. */
  g_autoptr(JsonNode) extra = json_from_string ("{\"id\": \"fresh-oecd\", \"date\": \"2026-11-23\","
                                                " \"title\": {\"en\": \"New\", \"fr\": \"Nouveau\"},"
                                                " \"entities\": [\"oecd\"]}", NULL);
  g_autofree char *both = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AccordFeed) feed = NULL;
  g_autoptr(AccordEntity) oecd = NULL;
  g_autoptr(GError) error = NULL;
  AdwViewStackPage *articles_page = ADW_VIEW_STACK_PAGE (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW,
                                                                                    "articles_page"));
  AdwViewStack *tabs = ADW_VIEW_STACK (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "stack"));
  AccordImportStats stats;
  guint n_seen = 0;
  gulong handler;

  /* From the built-in data, with another entity shown: the Partnership
   * opens afresh, on its overview. */
  reimport_builtin ();
  open_entity ("eu-ai-act");
  json_array_add_object_element (articles, json_object_ref (json_node_get_object (extra)));
  both = json_to_string (root, FALSE);
  bytes = g_bytes_new (both, strlen (both));
  feed = accord_feed_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  accord_store_import_feed (store (), feed, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_new_articles, ==, 2);
  accord_test_spin (100);

  open_entity ("gpai");
  handler = g_signal_connect_swapped (entity_view (), "articles-seen", G_CALLBACK (count_signal), &n_seen);
  adw_view_stack_set_visible_child_name (tabs, "articles");
  /* On to the OECD before the store is done with the Partnership. */
  oecd = accord_store_get_entity (store (), "oecd");
  g_assert_cmpuint (accord_entity_get_n_new_articles (oecd), ==, 1);
  accord_entity_view_set_entity (entity_view (), oecd);
  g_assert_cmpuint (n_seen, ==, 0);
  seen_count = &n_seen;
  accord_test_wait_for (seen_once);
  accord_test_spin (50);

  g_assert_cmpuint (adw_view_stack_page_get_badge_number (articles_page), ==, 1);
  g_clear_object (&oecd);
  oecd = sidebar_entity ("oecd");
  g_assert_cmpuint (accord_entity_get_n_new_articles (oecd), ==, 1);
  g_signal_handler_disconnect (entity_view (), handler);
  reimport_builtin ();
}

static void
test_failed_refresh_keeps_data (void)
{
  AdwBanner *banner = ADW_BANNER (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "banner"));
  g_autoptr(AccordEntity) gpai = NULL;

  refresh_from ("missing.json");
  g_assert_false (finished.ok);
  g_assert_cmpstr (finished.error, ==, accord_test_french () ? "le serveur a répondu 404\u00a0: aucun flux à cette adresse"
                                                 : "the server answered 404: there is no feed at this address");
  /* The reason is longer than a toast's line: Preferences tells it. */
  awaited_toast = accord_test_french () ? "Actualisation impossible" : "Couldn’t refresh";
  accord_test_wait_for (toast_shown);
  {
    GtkWidget *overlay = accord_test_template_child (window, ACCORD_TYPE_WINDOW, "toast_overlay");
    g_autoptr(GPtrArray) buttons = accord_test_find_all (overlay, GTK_TYPE_BUTTON);
    gboolean details = FALSE;

    for (guint i = 0; i < buttons->len; i++)
      details |= g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), "app.preferences") == 0 &&
                 g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)),
                            accord_test_french () ? "_Détails" : "_Details") == 0;
    g_assert_true (details);
  }

  g_assert_true (finished.asked);

  /* The banner tells the user, and offers the reason or to try again,
   * without ever cancelling a refresh under way; the data stays as it
   * was. */
  g_assert_true (adw_banner_get_revealed (banner));
  /* The date on one line. */
  g_assert_nonnull (strstr (adw_banner_get_title (banner),
                            accord_test_french () ? "Données du 24\u00a0novembre\u00a02026"
                                                  : "Showing data from 24\u00a0November\u00a02026"));
  g_assert_nonnull (strstr (adw_banner_get_title (banner), accord_test_french () ? "Actualisation impossible"
                                                                    : "Couldn’t refresh"));
  /* No feed at the address: the reason is worth reading, not retrying. */
  g_assert_cmpstr (adw_banner_get_button_label (banner), ==, accord_test_french () ? "_Détails" : "_Details");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (banner)), ==, "app.preferences");
  /* A failure that may pass offers to try again. */
  {
    const char *keys[] = { "last-error-lasting", NULL };
    const char *values[] = { NULL, NULL };

    g_assert_true (accord_store_set_sync_state (store (), keys, values, NULL));
    g_object_notify (G_OBJECT (window), "is-active");
    accord_test_spin (50);
  }
  g_assert_cmpstr (adw_banner_get_button_label (banner), ==, accord_test_french () ? "_Réessayer" : "_Retry");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (banner)), ==, "app.refresh-now");
  /* Under a header bar, as Adwaita places banners, not above the
   * window's title and buttons. */
  {
    GtkWidget *header = gtk_widget_get_first_child (gtk_widget_get_parent (GTK_WIDGET (banner)));
    graphene_rect_t banner_bounds, header_bounds;

    accord_test_spin (300);
    g_assert_true (ADW_IS_HEADER_BAR (header));
    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (banner), GTK_WIDGET (window), &banner_bounds));
    g_assert_true (gtk_widget_compute_bounds (header, GTK_WIDGET (window), &header_bounds));
    g_assert_cmpfloat (banner_bounds.origin.y, >=, header_bounds.origin.y + header_bounds.size.height);
  }
  gpai = sidebar_entity ("gpai");
  g_assert_cmpuint (accord_entity_get_n_articles (gpai), ==, 8);
  reimport_builtin ();
}

/* Data the publisher wrote weeks ago, but just refreshed, is the newest
 * there is: no banner asks to refresh it, until weeks pass without a
 * refresh. Imported from a file, it is told as old. */
static void
test_old_feed_just_checked (void)
{
  AdwBanner *banner = ADW_BANNER (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "banner"));
  g_autoptr(JsonNode) feed = accord_test_builtin_feed ();

  json_object_set_string_member (json_node_get_object (feed), "generated", "2026-01-05T08:00:00Z");
  g_free (served_feed);
  served_feed = json_to_string (feed, FALSE);
  refresh_from ("feed.json");
  g_assert_true (finished.ok);
  dismiss_toasts ();
  accord_test_spin (100);
  g_assert_false (adw_banner_get_revealed (banner));

  /* Weeks later, Accord still open: turned to, the window tells. */
  {
    g_autofree char *weeks_ago = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC - 30 * 24 * 3600);
    const char *keys[] = { "last-success", NULL };
    const char *values[] = { weeks_ago, NULL };

    g_assert_true (accord_store_set_sync_state (store (), keys, values, NULL));
    g_object_notify (G_OBJECT (window), "is-active");
    accord_test_spin (50);
    g_assert_true (adw_banner_get_revealed (banner));
  }

  import_string (served_feed);
  g_assert_true (adw_banner_get_revealed (banner));
  g_assert_cmpstr (adw_banner_get_title (banner), ==,
                   accord_test_french () ? "Données du 5\u00a0janvier\u00a02026"
                                         : "Showing data from 5\u00a0January\u00a02026");
  g_assert_cmpstr (adw_banner_get_button_label (banner), ==, accord_test_french () ? "_Actualiser" : "_Refresh");
  g_clear_pointer (&served_feed, g_free);
  reimport_builtin ();
}

/* Refresh Now in Preferences says it is refreshing. */
static void
test_preferences_refresh_state (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *url = g_strconcat (server_base, "missing.json", NULL);
  AdwDialog *dialog;
  GtkWidget *row;

  g_settings_set_string (settings, "endpoint-url", url);
  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (100);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  row = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "refresh_row");
  expect_sync_finished ();
  g_signal_emit_by_name (row, "activated");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, _("Refreshing…"));
  accord_test_wait_for (sync_finished);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, _("_Refresh Now"));
  /* The reason, a sentence of its own here. */
  {
    GtkWidget *error_row = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "last_error_row");
    const char *reason = adw_action_row_get_subtitle (ADW_ACTION_ROW (error_row));

    g_assert_true (g_unichar_isupper (g_utf8_get_char (reason)));
  }

  adw_dialog_force_close (dialog);
  accord_test_spin (300);
}

static gboolean
subtitle_has_meridiem (GtkWidget *row)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

  return strstr (subtitle, " AM") != NULL || strstr (subtitle, " PM") != NULL;
}

static GtkWidget *last_success_row;

static gboolean
last_success_on_twelve_hours (void)
{
  return subtitle_has_meridiem (last_success_row);
}

static gboolean
last_success_on_twenty_four_hours (void)
{
  return !subtitle_has_meridiem (last_success_row);
}

/* The time of the last refresh is told as the desktop's clock tells the
 * time, and follows it when it changes. */
static void
test_preferences_clock_format (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  g_autoptr(GSettings) interface = NULL;
  g_autoptr(GRegex) twenty_four = g_regex_new (" [0-2][0-9]:[0-5][0-9]$", 0, 0, NULL);
  AdwDialog *dialog;

  if (schema == NULL || !g_settings_schema_has_key (schema, "clock-format"))
    {
      g_test_skip ("GNOME's desktop settings are not installed");
      return;
    }
  interface = g_settings_new ("org.gnome.desktop.interface");
  g_settings_set_string (interface, "clock-format", "24h");

  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (100);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  last_success_row = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "last_success_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (last_success_row)), !=, _("Never"));
  g_assert_true (g_regex_match (twenty_four, adw_action_row_get_subtitle (ADW_ACTION_ROW (last_success_row)), 0,
                                NULL));

  g_settings_set_string (interface, "clock-format", "12h");
  accord_test_wait_for (last_success_on_twelve_hours);
  g_settings_set_string (interface, "clock-format", "24h");
  accord_test_wait_for (last_success_on_twenty_four_hours);

  adw_dialog_force_close (dialog);
  accord_test_spin (300);
  last_success_row = NULL;
  g_settings_reset (interface, "clock-format");
}

/* Preferences opens on the language, its first setting; the address's
 * apply button stays, for a text made right in one edit. */
static void
test_preferences_focus_and_apply (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *before = g_settings_get_string (settings, "endpoint-url");
  AdwDialog *dialog;
  GtkWidget *interval, *endpoint, *focus;

  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (200);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  interval = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "interval_row");
  endpoint = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "endpoint_row");
  focus = adw_dialog_get_focus (dialog);
  g_assert_true (focus == NULL || (focus != interval && !gtk_widget_is_ancestor (focus, interval)));

  gtk_editable_set_text (GTK_EDITABLE (endpoint), "htps://example.org/feed.json");
  g_assert_true (adw_entry_row_get_show_apply_button (ADW_ENTRY_ROW (endpoint)));
  /* Applying a wrong address stores nothing. */
  g_signal_emit_by_name (endpoint, "apply");
  {
    g_autofree char *after = g_settings_get_string (settings, "endpoint-url");

    g_assert_cmpstr (after, ==, before);
  }
  /* A new address is tried at once. */
  {
    g_autofree char *missing = g_strconcat (server_base, "not-a-feed.json", NULL);

    expect_sync_finished ();
    gtk_editable_set_text (GTK_EDITABLE (endpoint), missing);
    g_signal_emit_by_name (endpoint, "apply");
    accord_test_wait_for (sync_finished);
    g_assert_false (finished.ok);
    g_assert_nonnull (strstr (finished.error, "404"));
  }
  g_settings_set_string (settings, "endpoint-url", before);

  adw_dialog_force_close (dialog);
  accord_test_spin (300);
}

/* Refresh Now refreshes from the address typed in the field, applied
 * first, not from the one before it; with a wrong one, whose reason
 * shows under the field, nothing is refreshed. */
static void
test_preferences_refresh_typed_address (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *before = g_settings_get_string (settings, "endpoint-url");
  g_autofree char *missing = g_strconcat (server_base, "not-a-feed.json", NULL);
  g_autofree char *after = NULL;
  AdwDialog *dialog;
  GtkWidget *endpoint, *refresh;

  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (200);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  endpoint = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "endpoint_row");
  refresh = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "refresh_row");

  expect_sync_finished ();
  gtk_editable_set_text (GTK_EDITABLE (endpoint), missing);
  g_signal_emit_by_name (refresh, "activated");
  accord_test_wait_for (sync_finished);
  after = g_settings_get_string (settings, "endpoint-url");
  g_assert_cmpstr (after, ==, missing);
  g_assert_nonnull (strstr (finished.error, "404"));

  /* A wrong address: nothing refreshed, nothing stored. */
  gtk_editable_set_text (GTK_EDITABLE (endpoint), "htps://example.org/feed.json");
  finished.done = FALSE;
  g_signal_emit_by_name (refresh, "activated");
  accord_test_spin (300);
  g_assert_false (finished.done);
  g_clear_pointer (&after, g_free);
  after = g_settings_get_string (settings, "endpoint-url");
  g_assert_cmpstr (after, ==, missing);

  g_settings_set_string (settings, "endpoint-url", before);
  adw_dialog_force_close (dialog);
  accord_test_spin (300);
}

/* The address Accord came with is one click away, put back in the field
 * for the user to apply; the button shows only when the field holds
 * another address. */
static void
test_preferences_default_address (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autoptr(GVariant) fallback = g_settings_get_default_value (settings, "endpoint-url");
  g_autofree char *before = g_settings_get_string (settings, "endpoint-url");
  const char *other = "https://example.org/feed.json";
  AdwDialog *dialog;
  GtkWidget *endpoint, *reset;

  g_settings_set_string (settings, "endpoint-url", other);
  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (200);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  endpoint = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "endpoint_row");
  reset = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "endpoint_reset_button");
  g_assert_true (gtk_widget_get_visible (reset));

  g_signal_emit_by_name (reset, "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (endpoint)), ==, g_variant_get_string (fallback, NULL));
  g_assert_false (gtk_widget_get_visible (reset));
  /* Not applied yet: a slip of the mouse changes nothing. */
  {
    g_autofree char *after = g_settings_get_string (settings, "endpoint-url");

    g_assert_cmpstr (after, ==, other);
  }
  /* Typed away from it, the button is back. */
  gtk_editable_set_text (GTK_EDITABLE (endpoint), other);
  g_assert_true (gtk_widget_get_visible (reset));

  adw_dialog_force_close (dialog);
  g_settings_set_string (settings, "endpoint-url", before);
  accord_test_spin (300);
}

/* An address set elsewhere while Preferences are open (by another
 * instance, or with gsettings) shows in the field, whose old one Refresh
 * Now would otherwise apply again; one the user is typing stays. */
static void
test_preferences_address_set_elsewhere (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *before = g_settings_get_string (settings, "endpoint-url");
  AdwDialog *dialog;
  GtkWidget *endpoint;

  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (200);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  endpoint = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "endpoint_row");

  g_settings_set_string (settings, "endpoint-url", "https://example.org/elsewhere.json");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (endpoint)), ==, "https://example.org/elsewhere.json");

  gtk_editable_set_text (GTK_EDITABLE (endpoint), "https://example.org/being-typed.json");
  g_settings_set_string (settings, "endpoint-url", before);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (endpoint)), ==, "https://example.org/being-typed.json");

  adw_dialog_force_close (dialog);
  accord_test_spin (300);
}

/* An address left blank in the settings is said to be wrong when
 * Preferences opens, as it would be once typed. */
static void
test_preferences_blank_address (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *before = g_settings_get_string (settings, "endpoint-url");
  AdwDialog *dialog;
  GtkWidget *endpoint, *problem;

  g_settings_set_string (settings, "endpoint-url", "");
  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (200);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  endpoint = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "endpoint_row");
  problem = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "endpoint_problem");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (endpoint)), ==, "");
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (problem)), !=, "");
  g_assert_true (gtk_widget_has_css_class (endpoint, "error"));

  adw_dialog_force_close (dialog);
  g_settings_set_string (settings, "endpoint-url", before);
  accord_test_spin (300);
}

/* Each setting of Preferences has an access key of its own, in either
 * language: Alt and a letter reaches it. */
static void
test_preferences_access_keys (void)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  AdwDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (200);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  rows = accord_test_find_all (dialog, ADW_TYPE_PREFERENCES_ROW);
  for (guint i = 0; i < rows->len; i++)
    {
      AdwPreferencesRow *row = g_ptr_array_index (rows, i);
      const char *title = adw_preferences_row_get_title (row);
      const char *mark = strchr (title, '_');

      /* Rows that only show something, as the last refresh's time. */
      if (!gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)) && !ADW_IS_ENTRY_ROW (row))
        continue;
      if (!adw_preferences_row_get_use_underline (row) || mark == NULL || mark[1] == '\0')
        g_error ("“%s” has no access key", title);
      if (!g_hash_table_add (keys, g_utf8_strdown (mark + 1, g_utf8_next_char (mark + 1) - (mark + 1))))
        g_error ("“%s” has the access key of another setting", title);
    }
  g_assert_cmpuint (g_hash_table_size (keys), >=, 4);
  adw_dialog_force_close (dialog);
  accord_test_spin (200);
}

/* The refresh interval is chosen among the usual ones, named; one set
 * otherwise is listed in its place, and opening the dialog keeps it. */
static void
test_preferences_interval (void)
{
  GSettings *settings = accord_application_get_settings (app);
  AdwDialog *dialog;
  AdwComboRow *row;
  GListModel *choices;
  g_autofree char *last_attempt = accord_store_dup_sync_state (store (), "last-attempt");
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  const char *keys[] = { "last-attempt", NULL };
  const char *values[] = { now, NULL };

  /* Tried a moment ago: no interval chosen here starts a refresh, which
   * would reach out to the default address and into the next tests. */
  g_assert_true (accord_store_set_sync_state (store (), keys, values, NULL));
  g_settings_set_uint (settings, "sync-interval", 45);
  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (200);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  row = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "interval_row");
  /* A setting, named by a noun: not the verb of the refresh button. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   accord_test_french () ? "Fréquence d’a_ctualisation" : "Refresh _Interval");
  choices = adw_combo_row_get_model (row);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 0), ==,
                   accord_test_french () ? "Sur demande" : "Only When Asked");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 2), ==,
                   accord_test_french () ? "Toutes les 45\u00a0min" : "Every 45 Minutes");
  /* AdwComboRow cuts the value it shows past 20 characters. */
  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    g_assert_cmpint (g_utf8_strlen (gtk_string_list_get_string (GTK_STRING_LIST (choices), i), -1), <=, 20);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval"), ==, 45);

  adw_combo_row_set_selected (row, g_list_model_get_n_items (choices) - 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), g_list_model_get_n_items (choices) - 1), ==,
                   accord_test_french () ? "Toutes les semaines" : "Every Week");
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval"), ==, 10080);
  /* Set elsewhere while the dialog is open, to one it does not list:
   * shown as it is, not as the default, and left as it is. */
  g_settings_set_uint (settings, "sync-interval", 90);
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (row)), ==,
                   accord_test_french () ? "Toutes les 90\u00a0min" : "Every 90 Minutes");
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval"), ==, 90);
  g_settings_set_uint (settings, "sync-interval", 0);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_false (accord_sync_get_running (accord_application_get_sync (app)));

  adw_dialog_force_close (dialog);
  accord_test_spin (300);
  values[0] = last_attempt != NULL ? last_attempt : "0";
  g_assert_true (accord_store_set_sync_state (store (), keys, values, NULL));
}

/* Whether @widget shows @text whole, in a label of its own or inside. */
static gboolean
shows_whole (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
      !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (shows_whole (child, text))
      return TRUE;
  return FALSE;
}

/* On a phone, the refresh interval chosen shows whole, in either
 * language. */
static void
test_preferences_interval_narrow (void)
{
  GSettings *settings = accord_application_get_settings (app);
  guint interval = g_settings_get_uint (settings, "sync-interval");
  g_autofree char *last_attempt = accord_store_dup_sync_state (store (), "last-attempt");
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  const char *keys[] = { "last-attempt", NULL };
  const char *values[] = { now, NULL };
  AdwDialog *dialog;
  AdwComboRow *row;
  GListModel *choices;

  /* Tried a moment ago: no interval chosen starts a refresh. */
  g_assert_true (accord_store_set_sync_state (store (), keys, values, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  accord_test_wait_for (is_collapsed);
  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (300);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  row = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "interval_row");
  choices = adw_combo_row_get_model (row);
  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    {
      const char *choice = gtk_string_list_get_string (GTK_STRING_LIST (choices), i);

      adw_combo_row_set_selected (row, i);
      accord_test_spin (100);
      if (!shows_whole (GTK_WIDGET (row), choice))
        g_error ("“%s” is not shown whole", choice);
    }

  adw_dialog_force_close (dialog);
  g_settings_set_uint (settings, "sync-interval", interval);
  widen_window ();
  accord_test_spin (300);
  values[0] = last_attempt != NULL ? last_attempt : "0";
  g_assert_true (accord_store_set_sync_state (store (), keys, values, NULL));
}

static GtkWidget *awaited_dialog_focus;

static gboolean
focus_within_awaited (void)
{
  AdwDialog *dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  GtkWidget *focus = dialog != NULL ? adw_dialog_get_focus (dialog) : NULL;

  return focus != NULL && (focus == awaited_dialog_focus || gtk_widget_is_ancestor (focus, awaited_dialog_focus));
}

/* The dialog opens on the language, wide or on a phone (where it is a
 * sheet from the bottom, and libadwaita moves the focus on). */
static void
test_preferences_first_focus (void)
{
  static const int widths[] = { 1200, 360 };

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      AdwDialog *dialog;

      gtk_window_set_default_size (GTK_WINDOW (window), widths[i], widths[i] > 600 ? 800 : 640);
      accord_test_wait_for (widths[i] > 600 ? is_wide : is_collapsed);
      gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
      accord_test_spin (300);
      dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
      awaited_dialog_focus = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "language_row");
      accord_test_wait_for (focus_within_awaited);
      /* And stays there once the dialog has settled. */
      accord_test_spin (300);
      g_assert_true (focus_within_awaited ());
      /* The address it passed by shows from its start, not selected. */
      {
        GtkEditable *address = GTK_EDITABLE (accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG,
                                                                         "endpoint_row"));

        g_assert_false (gtk_editable_get_selection_bounds (address, NULL, NULL));
        g_assert_cmpint (gtk_editable_get_position (address), ==, 0);
      }
      /* Keys typed still reach the focus: watching for them takes none. */
      {
        g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (dialog));

        for (guint j = 0; j < g_list_model_get_n_items (controllers); j++)
          {
            g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, j);
            gboolean handled = TRUE;

            if (!GTK_IS_EVENT_CONTROLLER_KEY (controller))
              continue;
            g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Tab, 0, (GdkModifierType) 0, &handled);
            g_assert_false (handled);
          }
      }
      adw_dialog_force_close (dialog);
      accord_test_spin (300);
    }
  widen_window ();
}

static gboolean
shows_text (GtkWidget  *within,
            const char *text)
{
  g_autoptr(GPtrArray) labels = accord_test_find_all (within, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), text) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
stalled_request_arrived (void)
{
  return stalled != NULL;
}

/* A refresh from @slow, the address of /stalled.json, under way. */
static void
refresh_from_stalled (GSettings  *settings,
                      const char *slow)
{
  expect_sync_finished ();
  g_settings_set_string (settings, "endpoint-url", slow);
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  accord_test_wait_for (stalled_request_arrived);
}

static void
answer_stalled (void)
{
  soup_server_message_set_status (stalled, SOUP_STATUS_NOT_FOUND, NULL);
  soup_server_message_unpause (stalled);
  stalled = NULL;
}

static gboolean
sync_succeeded (void)
{
  return finished.done && finished.ok;
}

/* A new address applied while a refresh from the old one is under way is
 * fetched at once: the old one's data would pass for the new one's. */
static void
test_new_address_during_refresh (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *before = g_settings_get_string (settings, "endpoint-url");
  g_autofree char *slow = g_strconcat (server_base, "stalled.json", NULL);
  g_autofree char *fresh = g_strconcat (server_base, "feed.json", NULL);
  AdwDialog *dialog;

  g_free (served_feed);
  served_feed = feed_with_new_article ();
  refresh_from_stalled (settings, slow);

  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (200);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  gtk_editable_set_text (GTK_EDITABLE (accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "endpoint_row")),
                         fresh);
  g_signal_emit_by_name (accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "endpoint_row"), "apply");
  /* Stopped for the new address, which follows: still refreshing, as far
   * as the user can tell. */
  if (accord_sync_get_stopping (accord_application_get_sync (app)))
    g_assert_cmpstr (gtk_widget_get_tooltip_text (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR,
                                                                              "refresh_button")),
                     ==, accord_test_french () ? "Arrêter l’actualisation" : "Stop Refreshing");
  accord_test_wait_for (sync_succeeded);
  g_assert_cmpuint (finished.n_new, ==, 1);

  answer_stalled ();
  adw_dialog_force_close (dialog);
  g_settings_set_string (settings, "endpoint-url", before);
  reimport_builtin ();
  accord_test_spin (300);
}

/* A new address applied during a refresh, and the old one again before
 * the refresh stopped for it has ended: the old address is fetched anew,
 * not left to the stopped refresh. */
static void
test_address_back_during_refresh (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *before = g_settings_get_string (settings, "endpoint-url");
  g_autofree char *slow = g_strconcat (server_base, "stalled.json", NULL);
  g_autofree char *fresh = g_strconcat (server_base, "feed.json", NULL);

  refresh_from_stalled (settings, slow);

  g_settings_set_string (settings, "endpoint-url", fresh);
  accord_application_refresh_new_endpoint (app);
  g_settings_set_string (settings, "endpoint-url", slow);
  accord_application_refresh_new_endpoint (app);
  accord_test_wait_for (sync_finished);
  /* While its first request is held, the address answers 404: the
   * server was asked again. */
  g_assert_false (finished.ok);
  g_assert_nonnull (strstr (finished.error, "404"));
  g_assert_false (accord_sync_get_running (accord_application_get_sync (app)));

  answer_stalled ();
  g_settings_set_string (settings, "endpoint-url", before);
  accord_test_spin (300);
}

/* A refresh asked for while a stopped one ends follows it from the
 * address set now (here changed from outside, as by another instance),
 * not from the one the stopped refresh had. */
static void
test_refresh_after_stop_uses_address_set (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *before = g_settings_get_string (settings, "endpoint-url");
  g_autofree char *slow = g_strconcat (server_base, "stalled.json", NULL);
  g_autofree char *fresh = g_strconcat (server_base, "feed.json", NULL);

  g_free (served_feed);
  served_feed = feed_with_new_article ();
  refresh_from_stalled (settings, slow);
  g_settings_set_string (settings, "endpoint-url", fresh);
  /* The button stops it; F5 asks again before it has ended. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh-now", NULL);
  accord_test_wait_for (sync_succeeded);
  g_assert_cmpuint (finished.n_new, ==, 1);

  answer_stalled ();
  g_settings_set_string (settings, "endpoint-url", before);
  reimport_builtin ();
  accord_test_spin (300);
}

static const char *
refresh_button_shows (void)
{
  return gtk_stack_get_visible_child_name (
    GTK_STACK (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "refresh_stack")));
}

/* Ctrl+R or F5 pressed again during a refresh, as by a user unsure the
 * first press took, leaves it running: only the button stops it. */
static void
test_refresh_keys_do_not_stop (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *before = g_settings_get_string (settings, "endpoint-url");
  g_autofree char *slow = g_strconcat (server_base, "stalled.json", NULL);
  const char *keys[] = { "<Control>r", "F5" };
  GtkWidget *button = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "refresh_button");

  refresh_from_stalled (settings, slow);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), keys[i]);

      g_assert_cmpuint (g_strv_length (actions), ==, 1);
      g_assert_true (g_str_has_prefix (actions[0], "app."));
      g_action_group_activate_action (G_ACTION_GROUP (app), actions[0] + strlen ("app."), NULL);
      accord_test_spin (100);
      g_assert_true (accord_sync_get_running (accord_application_get_sync (app)));
      g_assert_false (finished.done);
    }

  /* The button's spinner turns into a stop sign under the pointer or the
   * keyboard's focus, for what a click does; not under a focus unseen. */
  g_assert_cmpstr (refresh_button_shows (), ==, "running");
  gtk_widget_set_state_flags (button, GTK_STATE_FLAG_PRELIGHT, FALSE);
  g_assert_cmpstr (refresh_button_shows (), ==, "stop");
  gtk_widget_unset_state_flags (button, GTK_STATE_FLAG_PRELIGHT);
  g_assert_cmpstr (refresh_button_shows (), ==, "running");
  gtk_window_set_focus_visible (GTK_WINDOW (window), FALSE);
  gtk_widget_grab_focus (button);
  g_assert_cmpstr (refresh_button_shows (), ==, "running");
  gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
  g_assert_cmpstr (refresh_button_shows (), ==, "stop");
  accord_sidebar_focus_search (sidebar ());
  g_assert_cmpstr (refresh_button_shows (), ==, "running");
  /* The banner's button, which would do nothing meanwhile, goes until
   * the refresh ends. */
  accord_sidebar_set_banner (sidebar (), "Showing data from long ago", "_Refresh", "app.refresh-now");
  {
    const char *label = adw_banner_get_button_label (ADW_BANNER (accord_test_template_child (sidebar (),
                                                                                            ACCORD_TYPE_SIDEBAR,
                                                                                            "banner")));

    /* Empty, once it had one: hidden all the same. */
    g_assert_cmpstr (label != NULL ? label : "", ==, "");
  }

  answer_stalled ();
  accord_test_wait_for (sync_finished);
  g_assert_cmpstr (refresh_button_shows (), ==, "idle");
  /* Failed, with no feed at the address: its button is back, to read
   * why. */
  g_assert_cmpstr (adw_banner_get_button_label (ADW_BANNER (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR,
                                                                                        "banner"))),
                   ==, accord_test_french () ? "_Détails" : "_Details");
  g_settings_set_string (settings, "endpoint-url", before);
  accord_test_spin (300);
}

/* A refresh the user stops stays stopped: the schedule, which it was
 * due by, does not start it again at its next check. */
static void
test_stopped_refresh_stays_stopped (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *before = g_settings_get_string (settings, "endpoint-url");
  g_autofree char *slow = g_strconcat (server_base, "stalled.json", NULL);
  const char *keys[] = { "last-success", "last-attempt", NULL };
  const char *values[] = { "0", "0", NULL };
  /* Put back at the end, for the tests after this one. */
  g_autofree char *last_success = accord_store_dup_sync_state (store (), "last-success");
  g_autofree char *last_attempt = accord_store_dup_sync_state (store (), "last-attempt");
  const char *before_values[] = { last_success, last_attempt, NULL };

  g_assert_true (accord_store_set_sync_state (store (), keys, values, NULL));
  refresh_from_stalled (settings, slow);
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  /* Until it has ended, the button says it is stopping, and pressed
   * again, does nothing more. */
  {
    GtkWidget *button = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "refresh_button");

    g_assert_true (accord_sync_get_stopping (accord_application_get_sync (app)));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, accord_test_french () ? "Arrêt en cours…" : "Stopping…");
    g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
    g_assert_true (accord_sync_get_stopping (accord_application_get_sync (app)));
  }
  accord_test_wait_for (sync_finished);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR,
                                                                            "refresh_button")),
                   ==, accord_test_french () ? "Actualiser" : "Refresh");

  /* Checked at once, as at every change of interval. */
  finished.done = FALSE;
  g_settings_set_uint (settings, "sync-interval", 30);
  accord_test_spin (500);
  g_assert_false (accord_sync_get_running (accord_application_get_sync (app)));
  g_assert_false (finished.done);

  g_settings_set_uint (settings, "sync-interval", 0);
  answer_stalled ();
  g_settings_set_string (settings, "endpoint-url", before);
  g_assert_true (accord_store_set_sync_state (store (), keys, before_values, NULL));
  accord_test_spin (300);
}

/* A last error written before a change of language is marked with the
 * language it is in. */
static void
record_last_error (const char *message,
                   const char *written_in)
{
  const char *keys[] = { "last-error", "last-error-language", NULL };
  const char *values[] = { message, written_in, NULL };
  g_autoptr(GError) error = NULL;

  accord_store_set_sync_state (store (), keys, values, &error);
  g_assert_no_error (error);
}

/* The badge Preferences shows by the last error, or NULL when hidden. */
static char *
last_error_badge_text (void)
{
  AdwDialog *dialog;
  GtkWidget *badge;
  char *text;

  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (100);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  badge = accord_test_template_child (GTK_WIDGET (dialog), ACCORD_TYPE_PREFERENCES_DIALOG, "last_error_badge");
  text = gtk_widget_get_visible (badge) ? g_strdup (gtk_label_get_text (GTK_LABEL (badge))) : NULL;
  adw_dialog_force_close (dialog);
  accord_test_spin (300);
  return text;
}

static void
test_last_error_language (void)
{
  g_autofree char *other_badge = NULL;
  g_autofree char *own_badge = NULL;

  record_last_error ("the server answered 503", accord_test_french () ? "en" : "fr");
  other_badge = last_error_badge_text ();
  g_assert_cmpstr (other_badge, ==, accord_test_french () ? "EN" : "FR");

  /* Written in the language shown: nothing to mark. */
  record_last_error ("the server answered 503", accord_test_french () ? "fr" : "en");
  own_badge = last_error_badge_text ();
  g_assert_null (own_badge);

  record_last_error (NULL, NULL);
}

/* The last error quotes the feed: Preferences shows it as it is. */
static void
test_last_error_is_plain_text (void)
{
  AdwDialog *dialog;

  g_free (served_feed);
  served_feed = g_strdup ("{\"format\": \"<b>bold</b>\", \"version\": 1, \"entities\": []}");
  refresh_from ("feed.json");
  g_assert_false (finished.ok);
  g_assert_nonnull (strstr (finished.error, "<b>bold</b>"));

  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (100);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_nonnull (dialog);
  g_assert_true (shows_text (GTK_WIDGET (dialog), "\"<b>bold</b>\""));
  adw_dialog_force_close (dialog);
  accord_test_spin (50);
}

/* ---------------------------------------------------------------------- */
/* Switching the language live                                             */

static gboolean
window_replaced (void)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* The old window may be gone: compared, never cast. */
  return active != NULL && (gpointer) active != (gpointer) window && gtk_widget_get_mapped (GTK_WIDGET (active));
}

static void
switch_language (const char *language)
{
  GSettings *settings = accord_application_get_settings (app);

  g_settings_set_string (settings, "language", language);
  accord_test_wait_for (window_replaced);
  window = ACCORD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  accord_test_spin (100);
  if (g_strcmp0 (accord_window_get_visible_view (window), "entity") == 0)
    accord_test_wait_for (timeline_filtered);
}

static GtkWidget *
profile_columns (void)
{
  return accord_test_profile_columns (window);
}

static GtkToggleButton *
side_by_side_button (void)
{
  return accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "side_by_side_button");
}

/* A bookmark that cannot be stored, asked for just before a change of
 * language: the window built in the new language says so. */
static void
test_bookmark_failure_after_language_switch (void)
{
  const char *start_language = g_getenv ("ACCORD_TEST_LANGUAGE") ? g_getenv ("ACCORD_TEST_LANGUAGE") : "";
  const char *other_language = accord_test_french () ? "en" : "fr";
  const char *id = "2025-07-11-gpai-code-of-practice-final";
  g_autoptr(AccordArticle) article = NULL;
  sqlite3 *other;

  dismiss_toasts ();
  article = open_article ("eu-ai-act", id);
  other = hold_data (1500);

  g_test_expect_message ("accord-window", G_LOG_LEVEL_MESSAGE, "*database is locked*");
  accord_window_toggle_bookmark (window, article);
  switch_language (other_language);
  awaited_toast = bookmark_not_saved_toast (g_str_equal (other_language, "fr"));
  accord_test_wait_for (toast_shown);
  g_test_assert_expected_messages ();

  let_go_data (other);
  g_assert_false (accord_store_is_bookmarked (store (), id));
  switch_language (start_language);
  dismiss_toasts ();
}

/* A bookmark removed just before a change of language can still be
 * brought back, from the window built in the new language. */
static void
test_language_switch_keeps_undo (void)
{
  const char *start_language = g_getenv ("ACCORD_TEST_LANGUAGE") ? g_getenv ("ACCORD_TEST_LANGUAGE") : "";
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) article = g_list_model_get_item (articles, 0);
  const char *id = accord_article_get_id (article);
  g_autoptr(GPtrArray) buttons = NULL;

  accord_window_toggle_bookmark (window, article);
  wait_for_bookmark (id, TRUE);
  accord_store_follow_bookmark (store (), article, id);
  accord_window_toggle_bookmark (window, article);
  wait_for_bookmark (id, FALSE);

  switch_language (accord_test_french () ? "en" : "fr");
  buttons = undo_buttons ();
  g_assert_cmpuint (buttons->len, ==, 1);
  g_signal_emit_by_name (g_ptr_array_index (buttons, 0), "clicked");
  wait_for_bookmark (id, TRUE);

  accord_store_remove_bookmark (store (), article, NULL);
  accord_test_spin (50);
  switch_language (start_language);
}

static int
profile_width (void)
{
  return gtk_widget_get_width (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "profile_box"));
}

/* The widest a page of one language reads well at, less the margins
 * either side of the profile. */
#define READING_WIDTH (680 - 2 * 12)

static gboolean
profile_in_reading_width (void)
{
  return profile_width () > 0 && profile_width () <= READING_WIDTH;
}

static gboolean
profile_wider_than_reading (void)
{
  return profile_width () > READING_WIDTH;
}

static gboolean
language_toggles_shown (void)
{
  return gtk_widget_get_visible (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "language_toggles"));
}

/* On a wide window, both languages side by side, section against
 * section, in a page widened for them; the choice lasts, across
 * entities and a change of language. One language is kept to lines
 * short enough to read, and the switch between languages is there
 * only for it. */
static void
test_profile_side_by_side (void)
{
  static const char english_only[] =
    "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2099-01-01T00:00:00Z\","
    " \"entities\": [{\"id\": \"solo\", \"kind\": \"organisation\", \"name\": {\"en\": \"Solo\"},"
    "   \"profile\": {\"en\": [{\"heading\": \"About\", \"body\": \"Only in English.\"}]}}]}";
  const char *start_language = g_getenv ("ACCORD_TEST_LANGUAGE") ? g_getenv ("ACCORD_TEST_LANGUAGE") : "";
  GtkWidget *columns;
  GtkWidget *note;

  resize_window (1600, 800);
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "overview");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (side_by_side_button ())));
  g_assert_null (profile_columns ());
  g_assert_true (language_toggles_shown ());
  accord_test_wait_for (profile_in_reading_width);
  gtk_widget_grab_focus (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "language_toggles"));
  gtk_toggle_button_set_active (side_by_side_button (), TRUE);
  columns = profile_columns ();
  g_assert_nonnull (columns);
  g_assert_false (language_toggles_shown ());
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (side_by_side_button ()));
  accord_test_wait_for (profile_wider_than_reading);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (columns), 0, 0))), ==, "English");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (columns), 1, 0))), ==, "Français");
  g_assert_nonnull (gtk_grid_get_child_at (GTK_GRID (columns), 0, 1));
  g_assert_nonnull (gtk_grid_get_child_at (GTK_GRID (columns), 1, 1));

  switch_language (accord_test_french () ? "en" : "fr");
  g_assert_true (gtk_toggle_button_get_active (side_by_side_button ()));
  g_assert_nonnull (profile_columns ());
  switch_language (start_language);

  /* A language without a profile says so in its column. */
  import_string (english_only);
  open_entity ("solo");
  columns = profile_columns ();
  g_assert_nonnull (columns);
  note = gtk_grid_get_child_at (GTK_GRID (columns), 1, 1);
  g_assert_true (GTK_IS_LABEL (note));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==, _("No profile in this language"));

  gtk_toggle_button_set_active (side_by_side_button (), FALSE);
  g_assert_null (profile_columns ());
  g_assert_true (language_toggles_shown ());
  accord_test_wait_for (profile_in_reading_width);
  reimport_builtin ();
  resize_window (1200, 800);
}

static void
check_labels (gboolean in_french)
{
  GtkLabel *heading = GTK_LABEL (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "members_heading"));
  GtkLabel *facts = GTK_LABEL (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "facts_label"));
  g_autoptr(GPtrArray) chips = accord_test_find_all (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "members_box"),
                                         ACCORD_TYPE_MEMBER_CHIP);
  gboolean found_germany = FALSE;

  g_assert_cmpint (accord_test_french (), ==, in_french);
  g_assert_cmpstr (gtk_label_get_text (heading), ==, in_french ? "15 membres" : "15 members");
  g_assert_nonnull (strstr (gtk_label_get_text (facts), in_french ? "5\u00a0juin 2026" : "5 June 2026"));
  for (guint i = 0; i < chips->len; i++)
    if (g_str_equal (accord_member_chip_get_code (g_ptr_array_index (chips, i)), "DE"))
      found_germany = g_str_equal (accord_member_chip_get_name (g_ptr_array_index (chips, i)),
                                   in_french ? "Allemagne" : "Germany");
  g_assert_true (found_germany);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Accord");
}

static gboolean
entity_scrolled (void)
{
  return accord_entity_view_get_scroll (entity_view ()) > 0;
}

static void
test_live_language_switch (void)
{
  gboolean started_in_french = accord_test_french ();
  const char *search;

  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "overview");
  accord_test_search (sidebar (), "code");
  accord_entity_view_set_scroll (entity_view (), 240);
  accord_test_wait_for (entity_scrolled);
  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (50);
  /* An address being typed, not applied. */
  accord_preferences_dialog_set_endpoint_text (
    ACCORD_PREFERENCES_DIALOG (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window))),
    "https://example.org/being-typed");

  switch_language (started_in_french ? "en" : "fr");

  /* The same place, in the other language. */
  g_assert_cmpstr (accord_entity_get_id (accord_entity_view_get_entity (entity_view ())), ==, "gpai");
  search = accord_sidebar_get_search_text (sidebar ());
  g_assert_cmpstr (search, ==, "code");
  accord_test_wait_for (entity_scrolled);
  g_assert_nonnull (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window))),
                   ==, "AccordPreferencesDialog");
  {
    AccordPreferencesDialog *dialog =
      ACCORD_PREFERENCES_DIALOG (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
    GtkWidget *row = accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "endpoint_row");
    g_autofree char *saved = g_settings_get_string (accord_application_get_settings (app), "endpoint-url");

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "https://example.org/being-typed");
    g_assert_cmpstr (saved, !=, "https://example.org/being-typed");
    gtk_editable_set_text (GTK_EDITABLE (row), saved);
  }
  check_labels (!started_in_french);

  /* And back to the language it started in. */
  switch_language (g_getenv ("ACCORD_TEST_LANGUAGE") ? g_getenv ("ACCORD_TEST_LANGUAGE") : "");
  check_labels (started_in_french);
  g_assert_cmpstr (accord_sidebar_get_search_text (sidebar ()), ==, "code");

  adw_dialog_force_close (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  accord_test_search (sidebar (), "");
}

static double awaited_scroll;

static gboolean
entity_scrolled_as_awaited (void)
{
  return accord_entity_view_get_scroll (entity_view ()) == awaited_scroll;
}

static gboolean
bookmarks_scrolled_as_awaited (void)
{
  return accord_bookmarks_view_get_scroll (ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window))) ==
         awaited_scroll;
}

static AdwComboRow *
language_row (void)
{
  AdwDialog *dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));

  g_assert_true (ACCORD_IS_PREFERENCES_DIALOG (dialog));
  return ADW_COMBO_ROW (accord_test_template_child (dialog, ACCORD_TYPE_PREFERENCES_DIALOG, "language_row"));
}

/* The language chosen in Preferences is the setting, both ways. */
static void
test_language_row (void)
{
  GSettings *settings = accord_application_get_settings (app);
  g_autofree char *chosen = NULL;
  guint other = accord_test_french () ? 1 : 2;   /* System Default, English, Français */

  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (100);
  g_assert_cmpuint (adw_combo_row_get_selected (language_row ()), ==,
                    g_getenv ("ACCORD_TEST_LANGUAGE") ? (accord_test_french () ? 2 : 1) : 0);

  adw_combo_row_set_selected (language_row (), other);
  accord_test_wait_for (window_replaced);
  window = ACCORD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  accord_test_spin (100);
  chosen = g_settings_get_string (settings, "language");
  g_assert_cmpstr (chosen, ==, other == 1 ? "en" : "fr");
  /* The dialog, open again over the new window, shows the choice. */
  g_assert_cmpuint (adw_combo_row_get_selected (language_row ()), ==, other);

  adw_dialog_force_close (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  switch_language (g_getenv ("ACCORD_TEST_LANGUAGE") ? g_getenv ("ACCORD_TEST_LANGUAGE") : "");
}

static gboolean
no_dialog_shown (void)
{
  return adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)) == NULL;
}

/* Changes the language from Preferences, then closes them. */
static void
switch_language_in_preferences (const char *language)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL);
  accord_test_spin (100);
  switch_language (language);
  adw_dialog_close (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  accord_test_wait_for (no_dialog_shown);
  accord_test_spin (100);
}

static gboolean
sidebar_row_focused (void)
{
  return focus_is_in (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "entity_list"));
}

static GtkWidget *awaited_focus_in;

static gboolean
focus_in_awaited (void)
{
  return focus_is_in (awaited_focus_in);
}

/* Preferences closed after a change of language, the keyboard is where
 * it was before they opened: on the same article of the timeline, the
 * same row of the sidebar, the main menu's button or the filter. */
static void
test_language_switch_keeps_focus (void)
{
  const char *start_language = g_getenv ("ACCORD_TEST_LANGUAGE") ? g_getenv ("ACCORD_TEST_LANGUAGE") : "";
  const char *other_language = accord_test_french () ? "en" : "fr";
  g_autoptr(GListModel) articles = accord_store_list_articles (store (), "gpai", NULL, NULL);
  g_autoptr(AccordArticle) article = g_list_model_get_item (articles, 2);
  GtkWidget *row;

  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_spin (100);
  accord_list_view_focus (GTK_LIST_VIEW (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "timeline")), 2);
  awaited_focus_article = accord_article_get_id (article);
  accord_test_wait_for (focus_shows_article);

  switch_language_in_preferences (other_language);
  accord_test_wait_for (focus_shows_article);

  accord_sidebar_focus_selection (sidebar ());
  accord_test_wait_for (sidebar_row_focused);
  switch_language_in_preferences (start_language);
  accord_test_wait_for (sidebar_row_focused);
  row = accord_focused_row (GTK_WIDGET (window), ACCORD_TYPE_SIDEBAR_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (accord_sidebar_row_get_item_id (ACCORD_SIDEBAR_ROW (row)), ==, "gpai");
  awaited_focus_article = NULL;

  /* On the main menu's button, where Preferences are opened from. */
  gtk_widget_grab_focus (accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "menu_button"));
  switch_language_in_preferences (other_language);
  awaited_focus_in = accord_test_template_child (sidebar (), ACCORD_TYPE_SIDEBAR, "menu_button");
  accord_test_wait_for (focus_in_awaited);

  /* In the timeline's filter. */
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  accord_test_spin (100);
  gtk_widget_grab_focus (accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "filter_entry"));
  switch_language_in_preferences (start_language);
  awaited_focus_in = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "filter_entry");
  accord_test_wait_for (focus_in_awaited);
  accord_entity_view_set_tab (entity_view (), "overview");
}

/* A filtered timeline, its category and the Bookmarks page each keep
 * their place across a change of language. */
static void
test_language_switch_keeps_filters (void)
{
  const char *start_language = g_getenv ("ACCORD_TEST_LANGUAGE") ? g_getenv ("ACCORD_TEST_LANGUAGE") : "";
  g_autoptr(GListModel) categories = accord_store_list_categories (store (), "gpai");
  g_autoptr(AccordCategory) category = g_list_model_get_item (categories, 0);
  g_autoptr(GListModel) articles = NULL;

  /* Filtered by words and scrolled down, among enough articles to
   * scroll in any window. */
  {
    const char *names[21] = { NULL };
    g_autofree char *feed = NULL;
    g_auto(GStrv) owned = g_new0 (char *, 21);

    for (guint i = 0; i < 20; i++)
      names[i] = owned[i] = g_strdup_printf ("c%02u", i);
    feed = feed_with_categories (names);
    import_string (feed);
  }
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "articles");
  filter_timeline ("in");
  accord_test_spin (300);
  awaited_scroll = 60;
  accord_entity_view_set_scroll (entity_view (), awaited_scroll);
  accord_test_wait_for (entity_scrolled_as_awaited);
  switch_language (accord_test_french () ? "en" : "fr");
  g_assert_cmpstr (accord_entity_view_get_filter (entity_view ()), ==, "in");
  accord_test_wait_for (entity_scrolled_as_awaited);
  /* The entry tells of the text set a moment later: still there. */
  accord_test_spin (500);
  g_assert_cmpfloat (accord_entity_view_get_scroll (entity_view ()), ==, awaited_scroll);
  reimport_builtin ();

  /* Filtered by category. */
  filter_timeline ("");
  accord_entity_view_set_category (entity_view (), accord_category_get_id (category));
  g_assert_cmpstr (accord_entity_view_get_category (entity_view ()), ==, accord_category_get_id (category));
  switch_language (start_language);
  g_assert_cmpstr (accord_entity_view_get_category (entity_view ()), ==, accord_category_get_id (category));
  articles = accord_store_list_articles (store (), "gpai", accord_category_get_id (category), NULL);
  {
    guint n = g_list_model_get_n_items (articles);
    g_autofree char *heading = g_strdup_printf (accord_test_french () ? "%u sur %u articles" : "%u of %u articles",
                                                n, count_articles ("gpai", NULL));
    GtkWidget *label = accord_test_template_child (entity_view (), ACCORD_TYPE_ENTITY_VIEW, "articles_heading");

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, heading);
  }
  accord_entity_view_set_category (entity_view (), NULL);
  g_assert_null (accord_entity_view_get_category (entity_view ()));

  /* The Bookmarks page, scrolled down. */
  {
    g_autoptr(GListModel) all = many_articles ();
    AccordBookmarksView *view;

    for (guint i = 0; i < g_list_model_get_n_items (all); i++)
      {
        g_autoptr(AccordArticle) article = g_list_model_get_item (all, i);

        accord_store_add_bookmark (store (), article, ACCORD_BOOKMARK_NOW, NULL);
      }
    accord_sidebar_select_bookmarks (sidebar ());
    accord_test_spin (300);
    view = ACCORD_BOOKMARKS_VIEW (accord_window_get_bookmarks_view (window));
    awaited_scroll = 150;
    accord_bookmarks_view_set_scroll (view, awaited_scroll);
    accord_test_wait_for (bookmarks_scrolled_as_awaited);
    switch_language (accord_test_french () ? "en" : "fr");
    g_assert_cmpstr (accord_window_get_visible_view (window), ==, "bookmarks");
    accord_test_wait_for (bookmarks_scrolled_as_awaited);

    for (guint i = 0; i < g_list_model_get_n_items (all); i++)
      {
        g_autoptr(AccordArticle) article = g_list_model_get_item (all, i);

        accord_store_remove_bookmark (store (), article, NULL);
      }
    switch_language (start_language);
  }
  open_entity ("gpai");
  accord_entity_view_set_tab (entity_view (), "overview");
}

static void
add_tests (AccordWindow *first_window)
{
  window = first_window;

  g_test_add_func ("/main-window/sidebar-sections", test_sidebar_sections);
  g_test_add_func ("/main-window/sidebar-counts", test_sidebar_counts);
  g_test_add_func ("/main-window/tab-shortcuts", test_tab_shortcuts);
  g_test_add_func ("/main-window/bookmark-headings", test_bookmark_headings);
  g_test_add_func ("/main-window/bookmark-headings-at-midnight", test_bookmark_headings_at_midnight);
  g_test_add_func ("/main-window/bookmarks-read-in-background", test_bookmarks_read_in_background);
  g_test_add_func ("/main-window/reading-threads-unavailable", test_reading_threads_unavailable);
  g_test_add_func ("/main-window/categories-read-in-background", test_categories_read_in_background);
  g_test_add_func ("/main-window/category-choice-marked", test_category_choice_marked);
  g_test_add_func ("/main-window/entity-page", test_entity_page);
  g_test_add_func ("/main-window/dates", test_dates);
  g_test_add_func ("/main-window/about-in-app-language", test_about_in_app_language);
  g_test_add_func ("/main-window/tab-through-entity-page", test_tab_through_entity_page);
  g_test_add_func ("/main-window/tab-through-preferences", test_tab_through_preferences);
  g_test_add_func ("/main-window/unknown-member-code", test_unknown_member_code);
  g_test_add_func ("/main-window/profile-toggle", test_profile_toggle);
  g_test_add_func ("/main-window/timeline-months", test_timeline_grouped_by_month);
  g_test_add_func ("/main-window/timeline-opens-at-top", test_timeline_opens_at_top);
  g_test_add_func ("/main-window/entity-page-from-top", test_entity_page_from_top);
  g_test_add_func ("/main-window/category-filter-reset", test_category_filter_reset);
  g_test_add_func ("/main-window/filter-escape", test_filter_escape);
  g_test_add_func ("/main-window/empty-entity-controls", test_empty_entity_controls);
  g_test_add_func ("/main-window/bookmark-survives-reimport", test_bookmark_survives_reimport);
  g_test_add_func ("/main-window/bookmark-while-database-busy", test_bookmark_while_database_busy);
  g_test_add_func ("/main-window/bookmark-failure-toast", test_bookmark_failure_toast);
  g_test_add_func ("/main-window/bookmark-fails-after-window-closed", test_bookmark_fails_after_window_closed);
  g_test_add_func ("/main-window/bookmarks-keep-place", test_bookmarks_keep_place);
  g_test_add_func ("/main-window/bookmarks-change-in-place", test_bookmarks_change_in_place);
  g_test_add_func ("/main-window/bookmarks-first-rows-first", test_bookmarks_first_rows_first);
  g_test_add_func ("/main-window/bookmarks-remade-keep-focus", test_bookmarks_remade_keep_focus);
  g_test_add_func ("/main-window/bookmarks-home", test_bookmarks_home);
  g_test_add_func ("/main-window/undo-last-removal", test_undo_last_removal);
  g_test_add_func ("/main-window/link-not-opened", test_link_not_opened);
  g_test_add_func ("/main-window/remove-last-bookmark-focus", test_remove_last_bookmark_focus);
  g_test_add_func ("/main-window/undo-focus-in-timeline", test_undo_focus_in_timeline);
  g_test_add_func ("/main-window/undo-by-keyboard", test_undo_by_keyboard);
  g_test_add_func ("/main-window/timeline-home", test_timeline_home);
  g_test_add_func ("/main-window/empty-bookmarks-tab-stops", test_empty_bookmarks_tab_stops);
  g_test_add_func ("/main-window/import-bookmarks-twice", test_import_bookmarks_twice);
  g_test_add_func ("/main-window/import-bookmarks-too-large", test_import_bookmarks_too_large);
  g_test_add_func ("/main-window/import-bookmarks-from-pipe", test_import_bookmarks_from_pipe);
  g_test_add_func ("/main-window/bookmark-file-errors", test_bookmark_file_errors);
  g_test_add_func ("/main-window/import-dialog-lists-any-file", test_import_dialog_lists_any_file);
  g_test_add_func ("/main-window/links-keep-focus", test_links_keep_focus);
  g_test_add_func ("/main-window/timeline-keeps-focus", test_timeline_keeps_focus);
  g_test_add_func ("/main-window/timeline-keeps-star-focus", test_timeline_keeps_star_focus);
  g_test_add_func ("/main-window/bookmarks-keep-star-focus", test_bookmarks_keep_star_focus);
  g_test_add_func ("/main-window/bookmark-star-removal-focus", test_bookmark_star_removal_focus);
  g_test_add_func ("/main-window/entity-gone-after-refresh", test_entity_gone_after_refresh);
  g_test_add_func ("/main-window/search-without-accents", test_search_without_accents);
  g_test_add_func ("/main-window/search-article-under-heading", test_search_article_under_heading);
  g_test_add_func ("/main-window/search-keyboard", test_search_keyboard);
  g_test_add_func ("/main-window/search-down-before-results", test_search_down_before_results);
  g_test_add_func ("/main-window/search-down-to-selection", test_search_down_to_selection);
  g_test_add_func ("/main-window/filter-in-background", test_filter_in_background);
  g_test_add_func ("/main-window/filtered-timeline-keeps-place", test_filtered_timeline_keeps_place);
  g_test_add_func ("/main-window/search-enter-before-results", test_search_enter_before_results);
  g_test_add_func ("/main-window/typing-from-list", test_typing_from_list);
  g_test_add_func ("/main-window/search-follows-import", test_search_follows_import);
  g_test_add_func ("/main-window/search-results-from-top", test_search_results_from_top);
  g_test_add_func ("/main-window/search-result-stars", test_search_result_stars);
  g_test_add_func ("/main-window/search-keeps-focus", test_search_keeps_focus);
  g_test_add_func ("/main-window/search-result-without-target", test_search_result_without_target);
  g_test_add_func ("/main-window/escape-in-results", test_escape_in_results);
  g_test_add_func ("/main-window/blank-search-lists-entities", test_blank_search_lists_entities);
  g_test_add_func ("/main-window/categories-follow-new-data", test_categories_follow_new_data);
  g_test_add_func ("/main-window/category-filter-when-it-narrows", test_category_filter_when_it_narrows);
  g_test_add_func ("/main-window/category-button-keeps-width", test_category_button_keeps_width);
  g_test_add_func ("/main-window/long-category-fits-phone", test_long_category_fits_phone);
  g_test_add_func ("/main-window/category-filter-waits-for-categories", test_category_filter_waits_for_categories);
  g_test_add_func ("/main-window/search-result-on-first-visit", test_search_result_on_first_visit);
  g_test_add_func ("/main-window/narrow-layout", test_narrow_layout);
  g_test_add_func ("/main-window/narrow-focus-follows-page", test_narrow_focus_follows_page);
  g_test_add_func ("/main-window/narrow-open-focus", test_narrow_open_focus);
  g_test_add_func ("/main-window/no-profile-fits-narrow", test_no_profile_fits_narrow);
  g_test_add_func ("/main-window/long-texts-fit-narrow", test_long_texts_fit_narrow);
  g_test_add_func ("/main-window/large-text-fits-narrow", test_large_text_fits_narrow);
  g_test_add_func ("/main-window/language-switch-at-line-end", test_language_switch_at_line_end);
  g_test_add_func ("/main-window/side-by-side-hidden-with-focus", test_side_by_side_hidden_with_focus);
  g_test_add_func ("/main-window/tab-focus-follows-switcher", test_tab_focus_follows_switcher);
  g_test_add_func ("/main-window/search-results-aligned", test_search_results_aligned);
  g_test_add_func ("/main-window/fallback-badges", test_fallback_badges);
  g_test_add_func ("/main-window/blank-profile-falls-back", test_blank_profile_falls_back);
  g_test_add_func ("/main-window/title-badge-by-title", test_title_badge_by_title);
  g_test_add_func ("/main-window/title-badge-by-first-line", test_title_badge_by_first_line);
  g_test_add_func ("/main-window/category-badge-by-category", test_category_badge_by_category);
  g_test_add_func ("/main-window/rtl-title-on-the-right", test_rtl_title_on_the_right);
  g_test_add_func ("/main-window/cut-name-tooltip", test_cut_name_tooltip);
  g_test_add_func ("/main-window/fallback-marks", test_fallback_marks);
  g_test_add_func ("/main-window/preferences-interval", test_preferences_interval);
  g_test_add_func ("/main-window/preferences-interval-narrow", test_preferences_interval_narrow);
  g_test_add_func ("/main-window/preferences-access-keys", test_preferences_access_keys);
  g_test_add_func ("/main-window/feed-messages-translated", test_feed_messages_translated);
  g_test_add_func ("/main-window/narrow-back-focus", test_narrow_back_focus);
  g_test_add_func ("/main-window/narrow-back-to-result", test_narrow_back_to_result);
  g_test_add_func ("/main-window/opened-result-gone", test_opened_result_gone);
  g_test_add_func ("/main-window/widening-keeps-page-focus", test_widening_keeps_page_focus);
  g_test_add_func ("/main-window/article-link-marks", test_article_link_marks);
  g_test_add_func ("/main-window/right-to-left-text", test_right_to_left_text);
  g_test_add_func ("/main-window/data-text-isolated", test_data_text_isolated);
  g_test_add_func ("/main-window/empty-feed-said", test_empty_feed_said);
  g_test_add_func ("/main-window/counts-grouped", test_counts_grouped);
  g_test_add_func ("/main-window/display-text-tamed", test_display_text_tamed);
  g_test_add_func ("/main-window/long-paragraph-reads-as-one", test_long_paragraph_reads_as_one);
  g_test_add_func ("/main-window/long-profile-shown-in-steps", test_long_profile_shown_in_steps);
  g_test_add_func ("/main-window/long-section-shown-in-steps", test_long_section_shown_in_steps);
  g_test_add_func ("/main-window/many-members-shown-in-steps", test_many_members_shown_in_steps);
  g_test_add_func ("/main-window/batches-changed-from-within", test_batches_changed_from_within);
  g_test_add_func ("/main-window/long-entity-name-wraps", test_long_entity_name_wraps);
  g_test_add_func ("/main-window/longest-texts-shown-in-pieces", test_longest_texts_shown_in_pieces);
  g_test_add_func ("/main-window/profile-copied-as-written", test_profile_copied_as_written);
  g_test_add_func ("/main-window/article-meta-wraps", test_article_meta_wraps);
  g_test_add_func ("/main-window/sidebar-names-whole", test_sidebar_names_whole);
  g_test_add_func ("/main-window/narrow-links-whole", test_narrow_links_whole);
  g_test_add_func ("/main-window/narrow-f10-opens-menu", test_narrow_f10_opens_menu);
  g_test_add_func ("/main-window/shortcuts-wait-behind-dialog", test_shortcuts_wait_behind_dialog);
  g_test_add_func ("/main-window/lists-open-on-click", test_lists_open_on_click);
  g_test_add_func ("/main-window/old-lists-released", test_old_lists_released);
  g_test_add_func ("/main-window/shortcuts", test_shortcuts);
  g_test_add_func ("/main-window/header-buttons-alike", test_header_buttons_alike);
  g_test_add_func ("/main-window/sidebar-selection-stays", test_sidebar_selection_stays);
  g_test_add_func ("/main-window/bookmarks-clamped", test_bookmarks_clamped);
  g_test_add_func ("/main-window/large-timeline", test_large_timeline);
  g_test_add_func ("/main-window/sidebar-shows-every-entity", test_sidebar_shows_every_entity);
  g_test_add_func ("/main-window/sidebar-first-rows-fit", test_sidebar_first_rows_fit);
  g_test_add_func ("/main-window/sidebar-keeps-place", test_sidebar_keeps_place);
  g_test_add_func ("/main-window/article-result-shows-entity-row", test_article_result_shows_entity_row);
  g_test_add_func ("/main-window/sidebar-keeps-selection-in-view", test_sidebar_keeps_selection_in_view);
  g_test_add_func ("/main-window/refresh-marks-new-articles", test_refresh_marks_new_articles);
  g_test_add_func ("/main-window/failed-refresh-keeps-data", test_failed_refresh_keeps_data);
  g_test_add_func ("/main-window/old-feed-just-checked", test_old_feed_just_checked);
  g_test_add_func ("/main-window/new-address-during-refresh", test_new_address_during_refresh);
  g_test_add_func ("/main-window/address-back-during-refresh", test_address_back_during_refresh);
  g_test_add_func ("/main-window/refresh-after-stop-uses-address-set", test_refresh_after_stop_uses_address_set);
  g_test_add_func ("/main-window/refresh-keys-do-not-stop", test_refresh_keys_do_not_stop);
  g_test_add_func ("/main-window/stopped-refresh-stays-stopped", test_stopped_refresh_stays_stopped);
  g_test_add_func ("/main-window/preferences-refresh-state", test_preferences_refresh_state);
  g_test_add_func ("/main-window/preferences-clock-format", test_preferences_clock_format);
  g_test_add_func ("/main-window/preferences-focus-and-apply", test_preferences_focus_and_apply);
  g_test_add_func ("/main-window/preferences-refresh-typed-address", test_preferences_refresh_typed_address);
  g_test_add_func ("/main-window/preferences-first-focus", test_preferences_first_focus);
  g_test_add_func ("/main-window/preferences-default-address", test_preferences_default_address);
  g_test_add_func ("/main-window/preferences-address-set-elsewhere", test_preferences_address_set_elsewhere);
  g_test_add_func ("/main-window/preferences-blank-address", test_preferences_blank_address);
  g_test_add_func ("/main-window/last-error-is-plain-text", test_last_error_is_plain_text);
  g_test_add_func ("/main-window/last-error-language", test_last_error_language);
  g_test_add_func ("/main-window/live-language-switch", test_live_language_switch);
  g_test_add_func ("/main-window/language-switch-keeps-filters", test_language_switch_keeps_filters);
  g_test_add_func ("/main-window/language-row", test_language_row);
  g_test_add_func ("/main-window/language-switch-keeps-focus", test_language_switch_keeps_focus);
  g_test_add_func ("/main-window/profile-side-by-side", test_profile_side_by_side);
  g_test_add_func ("/main-window/language-switch-keeps-undo", test_language_switch_keeps_undo);
  g_test_add_func ("/main-window/bookmark-failure-after-language-switch", test_bookmark_failure_after_language_switch);
  g_test_add_func ("/main-window/seen-mark-after-leaving", test_seen_mark_after_leaving);
  g_test_add_func ("/main-window/removal-failure-toast", test_removal_failure_toast);
  g_test_add_func ("/main-window/failed-removal-keeps-later-undo", test_failed_removal_keeps_later_undo);
  g_test_add_func ("/main-window/export-refusal-told", test_export_refusal_told);
  g_test_add_func ("/main-window/export-after-last-removal", test_export_after_last_removal);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = accord_test_init_app (&argc, &argv, BUILD_LOCALEDIR);
  int status;

  start_server ();
  /* GTK warns when a breakpoint swaps widgets between two frames:
   * harmless, and not ours to fix. */
  accord_test_fail_on_warnings ("Gtk", "without a current allocation");

  /* The language chosen in the app, when the run is about that. */
  if (g_getenv ("ACCORD_TEST_LANGUAGE") != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_settings_set_string (settings, "language", g_getenv ("ACCORD_TEST_LANGUAGE"));
    }
  app = accord_application_new ();
  status = accord_test_run_app (app, add_tests);
  g_clear_object (&app);
  accord_remove_tree (data_home);
  return status;
}
