#define G_LOG_DOMAIN "accord-sidebar"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "accord-application.h"
#include "accord-article-row.h"
#include "accord-i18n.h"
#include "accord-reveal-model.h"
#include "accord-sidebar.h"
#include "accord-sidebar-row.h"
#include "accord-utils.h"
#include "accord-widget-utils.h"

#define MAX_RESULTS_PER_KIND 100
/* A section's heading in the default style, and the space the list
 * leaves on the sides of its rows, to tell how many rows fill the list
 * before any is built. */
#define HEADING_HEIGHT       32
#define LIST_SIDES_WIDTH     12
/* The widest window that shows the sidebar and the content one at a
 * time, in sp: the window's breakpoint. */
#define COLLAPSED_MAX_WIDTH_SP 600
/* Above the list, the header bar and the search entry: a little less
 * than their height, to err on the side of a row too many. */
#define ABOVE_LIST_HEIGHT    100
/* When nothing tells how tall the list will be. */
#define FIRST_SIDEBAR_ROWS   24

/* The sidebar: a search over everything, the Bookmarks row, and the
 * organisations and legislation in two sections. It tells the window
 * what the user opens; the window shows it. */
struct _AccordSidebar
{
  AdwBin              parent_instance;

  char               *selected;       /* entity id, "bookmarks" or NULL */
  GListStore         *bookmarks_row;  /* one GtkStringObject */
  GtkSingleSelection *selection;
  AccordRevealModel  *reveal;
  GListModel         *entities;       /* all entities, sorted */
  GListModel         *results;
  char               *searched;       /* the text results are shown for */
  char               *last_run;       /* the text searched last, quietly or not */
  char               *opened_result;  /* result_key() of the one opened last */
  GCancellable       *search_cancellable;   /* of the search under way */
  gboolean            search_announced;     /* its count is to be told */
  gboolean            activate_when_found;  /* Enter came before the results */
  gboolean            focus_when_found;     /* Down came before them */
  gboolean            stars_changed;        /* a bookmark, while it ran */
  char               *result_to_focus;      /* once they are in */
  double              pending_scroll;       /* for the list shown then, or -1 */
  gboolean            pending_shows_selection;  /* see set_scroll() */
  gboolean            connected;      /* to the store and the sync job */
  gboolean            moving_by_keys; /* an arrow key is down in the list */
  gboolean            setting_text;   /* the search text is set, not typed */

  GtkButton          *refresh_button;
  GtkStack           *refresh_stack;
  gboolean            refreshing;
  gboolean            stopping;
  char               *banner_button_label;  /* hidden while refreshing */
  GtkMenuButton      *menu_button;
  GMenuModel         *primary_menu;
  AdwBanner          *banner;
  gboolean            opened_from_results;  /* an entity, since the search began */
  gboolean            selection_was_shown;  /* in the list, when a search hid it */
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkScrolledWindow  *browse_page;
  GtkListView        *entity_list;
  GtkListView        *results_list;
  AdwStatusPage      *no_results_page;
  AdwStatusPage      *no_data_page;
};

G_DEFINE_FINAL_TYPE (AccordSidebar, accord_sidebar, ADW_TYPE_BIN)

enum {
  ENTITY_ACTIVATED,
  BOOKMARKS_ACTIVATED,
  ARTICLE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------------- */
/* Rows                                                                    */

static void run_search (AccordSidebar *self,
                        gboolean       announce);
static void on_results_activate (AccordSidebar *self,
                                 guint          position);
static void update_result_stars (AccordSidebar *self,
                                 const char    *article_id,
                                 AccordStore   *store);
static gboolean first_row_focused (AccordSidebar *self);

static const char *
id_of (GObject *item)
{
  return ACCORD_IS_ENTITY (item) ? accord_entity_get_id (ACCORD_ENTITY (item)) : ACCORD_SIDEBAR_BOOKMARKS;
}

static void
bind_entity (AccordSidebarRow *row,
             AccordEntity     *entity)
{
  const char *lang = accord_i18n_get_language ();
  gboolean fallback, acronym_fallback = FALSE;
  const char *name = accord_entity_get_name (entity, lang, &fallback);
  const char *acronym = accord_entity_get_acronym (entity, lang, &acronym_fallback);
  g_autofree char *marked = NULL;

  if (acronym != NULL && acronym_fallback)
    acronym = marked = accord_i18n_mark_language (acronym, accord_i18n_get_other_language ());
  accord_sidebar_row_set (row, NULL, name, fallback ? accord_i18n_get_other_language () : NULL, acronym,
                          accord_entity_get_n_articles (entity));
  accord_sidebar_row_set_n_new (row, accord_entity_get_n_new_articles (entity));
}

static void
bind_bookmarks (AccordSidebarRow *row)
{
  AccordStore *store = accord_application_get_default_store ();

  accord_sidebar_row_set (row, "starred-symbolic", _("Bookmarks"), NULL, NULL,
                          store ? accord_store_get_n_bookmarks (store) : 0);
  accord_sidebar_row_set_n_new (row, 0);
}

static void
setup_sidebar_row (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  gtk_list_item_set_child (item, accord_sidebar_row_new ());
}

static void
bind_sidebar_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GObject *object = gtk_list_item_get_item (item);
  AccordSidebarRow *row = ACCORD_SIDEBAR_ROW (gtk_list_item_get_child (item));

  accord_sidebar_row_set_item_id (row, id_of (object));
  if (ACCORD_IS_ENTITY (object))
    bind_entity (row, ACCORD_ENTITY (object));
  else
    bind_bookmarks (row);
  gtk_list_item_set_accessible_label (item, accord_sidebar_row_get_spoken_label (row));
}

static const char *
section_title (GObject *first_item)
{
  if (ACCORD_IS_ENTITY (first_item))
    return accord_entity_get_kind (ACCORD_ENTITY (first_item)) == ACCORD_ENTITY_KIND_LEGISLATION
           /* Translators: headings over the sidebar's laws and organisations */
           ? _("Legislation") : _("Organisations");
  if (ACCORD_IS_ARTICLE (first_item))
    return _("Articles");
  return NULL;
}

static void
setup_section_header (GtkSignalListItemFactory *factory,
                      GtkListHeader            *header,
                      gpointer                  user_data)
{
  gtk_list_header_set_child (header, accord_heading_label_new (2, TRUE));
}

static void
bind_section_header (GtkSignalListItemFactory *factory,
                     GtkListHeader            *header,
                     gpointer                  user_data)
{
  const char *title = section_title (gtk_list_header_get_item (header));
  GtkWidget *label = gtk_list_header_get_child (header);

  /* The Bookmarks row stands alone, without a heading. */
  gtk_label_set_text (GTK_LABEL (label), title ? title : "");
  gtk_widget_set_visible (label, title != NULL);
}

static const char *
result_section_title (GObject *first_item)
{
  return ACCORD_IS_ENTITY (first_item) ? _("Organisations and Legislation") : _("Articles");
}

static void
bind_result_header (GtkSignalListItemFactory *factory,
                    GtkListHeader            *header,
                    gpointer                  user_data)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_header_get_child (header)),
                      result_section_title (gtk_list_header_get_item (header)));
}

/* What activating an article among the results does, for a screen
 * reader: its link icon shows only where it opens in the browser. */
static const char *
result_opens (AccordArticle *article,
              gboolean       in_timeline)
{
  if (in_timeline)
    /* Translators: what a screen reader says an article among the search
     * results does when activated */
    return _("Shows the article in its timeline");
  if (accord_article_get_url (article) != NULL)
    return _("Opens the full article in the browser");
  return NULL;
}

/* Results mix entities and articles, each with its own kind of row. */
static void
bind_result_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GObject *object = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);

  if (ACCORD_IS_ENTITY (object))
    {
      if (!ACCORD_IS_SIDEBAR_ROW (child))
        gtk_list_item_set_child (item, (child = accord_sidebar_row_new ()));
      accord_sidebar_row_set_item_id (ACCORD_SIDEBAR_ROW (child), id_of (object));
      bind_entity (ACCORD_SIDEBAR_ROW (child), ACCORD_ENTITY (object));
      gtk_list_item_set_accessible_label (item, accord_sidebar_row_get_spoken_label (ACCORD_SIDEBAR_ROW (child)));
      /* One section holds both kinds, ranked together: a screen reader
       * tells which this one is. */
      gtk_list_item_set_accessible_description (item, accord_i18n_entity_kind (accord_entity_get_kind (ACCORD_ENTITY (object))));
      gtk_list_item_set_activatable (item, TRUE);
    }
  else
    {
      g_auto(GStrv) entities = accord_article_dup_entity_ids (ACCORD_ARTICLE (object));

      if (!ACCORD_IS_ARTICLE_ROW (child))
        gtk_list_item_set_child (item, (child = accord_article_row_new ()));
      accord_article_row_set_article (ACCORD_ARTICLE_ROW (child), ACCORD_ARTICLE (object));
      /* It opens in its entity's timeline, or else at its address. */
      accord_article_row_set_opens_timeline (ACCORD_ARTICLE_ROW (child), entities[0] != NULL);
      gtk_list_item_set_accessible_label (item, accord_article_row_get_spoken_label (ACCORD_ARTICLE_ROW (child)));
      gtk_list_item_set_accessible_description (item, result_opens (ACCORD_ARTICLE (object), entities[0] != NULL));
      gtk_list_item_set_activatable (item, entities[0] != NULL || accord_article_get_url (ACCORD_ARTICLE (object)) != NULL);
    }
}

/* ---------------------------------------------------------------------- */
/* Selection                                                               */


static void
open_item (AccordSidebar *self,
           GObject       *item,
           gboolean       reveal)
{
  g_set_str (&self->selected, id_of (item));

  if (ACCORD_IS_ENTITY (item))
    g_signal_emit (self, signals[ENTITY_ACTIVATED], 0, accord_entity_get_id (ACCORD_ENTITY (item)), reveal);
  else
    g_signal_emit (self, signals[BOOKMARKS_ACTIVATED], 0, reveal);
}

static void
on_selection_changed (AccordSidebar *self)
{
  GObject *item = gtk_single_selection_get_selected_item (self->selection);

  if (item != NULL && g_strcmp0 (id_of (item), self->selected) != 0)
    open_item (self, item, !self->moving_by_keys);
  /* Once used: a release the list never sees must not leave it set. */
  self->moving_by_keys = FALSE;
}

/* The arrow keys select as they move; only Enter, or a click, opens the
 * content page of a narrow window. */
static gboolean
on_entity_list_key_pressed (AccordSidebar         *self,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            GtkEventControllerKey *controller)
{
  /* Up from the first row goes back to the search entry, as Down came
   * from it. */
  if ((keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up) &&
      (state & gtk_accelerator_get_default_mod_mask ()) == 0 && first_row_focused (self))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return GDK_EVENT_STOP;
    }

  switch (keyval)
    {
    case GDK_KEY_Up: case GDK_KEY_KP_Up: case GDK_KEY_Down: case GDK_KEY_KP_Down:
    case GDK_KEY_Page_Up: case GDK_KEY_KP_Page_Up: case GDK_KEY_Page_Down: case GDK_KEY_KP_Page_Down:
    case GDK_KEY_Home: case GDK_KEY_KP_Home: case GDK_KEY_End: case GDK_KEY_KP_End:
      self->moving_by_keys = TRUE;
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
on_entity_list_key_released (AccordSidebar         *self,
                             guint                  keyval,
                             guint                  keycode,
                             GdkModifierType        state,
                             GtkEventControllerKey *controller)
{
  self->moving_by_keys = FALSE;
}

static void
on_entity_list_activate (AccordSidebar *self,
                         guint          position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  gtk_single_selection_set_selected (self->selection, position);
  /* Enter on the selected row opens it again, e.g. in the narrow layout. */
  open_item (self, item, TRUE);
}

/* In the narrow layout, back on the sidebar, a click on the row still
 * selected changes nothing the list reports, yet must open that row
 * again, as Enter does. Seen before the row's own handling, which
 * selects a row on release. */
static void
on_entity_list_released (AccordSidebar   *self,
                         int              n_press,
                         double           x,
                         double           y,
                         GtkGestureClick *gesture)
{
  GtkWidget *split_view = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_NAVIGATION_SPLIT_VIEW);
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->entity_list), x, y, GTK_PICK_DEFAULT);
  GtkWidget *row = picked ? gtk_widget_get_ancestor (picked, ACCORD_TYPE_SIDEBAR_ROW) : NULL;
  GObject *item = gtk_single_selection_get_selected_item (self->selection);

  if (split_view == NULL ||
      !adw_navigation_split_view_get_collapsed (ADW_NAVIGATION_SPLIT_VIEW (split_view)) ||
      adw_navigation_split_view_get_show_content (ADW_NAVIGATION_SPLIT_VIEW (split_view)))
    return;
  if (n_press == 1 && row != NULL && item != NULL &&
      g_strcmp0 (accord_sidebar_row_get_item_id (ACCORD_SIDEBAR_ROW (row)), id_of (item)) == 0)
    open_item (self, item, TRUE);
}

static int
find_position (AccordSidebar *self,
               const char    *id)
{
  /* The whole list, of which the rows shown so far are the first. */
  GListModel *model = self->reveal != NULL ? accord_reveal_model_get_model (self->reveal)
                                           : G_LIST_MODEL (self->selection);

  for (guint i = 0; id != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (id_of (item), id) != 0)
        continue;
      /* A row further down than those shown yet: all come in now. */
      if (self->reveal != NULL && i >= g_list_model_get_n_items (G_LIST_MODEL (self->reveal)))
        accord_reveal_model_reveal_all (self->reveal);
      return (int) i;
    }
  return -1;
}

static void
select_quietly (AccordSidebar *self,
                const char    *id)
{
  int position = find_position (self, id);

  g_signal_handlers_block_by_func (self->selection, on_selection_changed, self);
  gtk_single_selection_set_selected (self->selection, position >= 0 ? (guint) position : GTK_INVALID_LIST_POSITION);
  g_signal_handlers_unblock_by_func (self->selection, on_selection_changed, self);
}

/**
 * accord_sidebar_select_entity:
 *
 * Selects and opens the entity @entity_id.
 */
void
accord_sidebar_select_entity (AccordSidebar *self,
                              const char    *entity_id)
{
  int position;

  g_return_if_fail (ACCORD_IS_SIDEBAR (self));

  if ((position = find_position (self, entity_id)) < 0)
    return;
  g_clear_pointer (&self->selected, g_free);
  gtk_single_selection_set_selected (self->selection, (guint) position);
  if (self->selected == NULL)
    on_selection_changed (self);
}

/* Whether the list of entries shows, not a search's page. */
static gboolean
list_shown (AccordSidebar *self)
{
  return gtk_stack_get_visible_child (self->stack) == GTK_WIDGET (self->browse_page);
}

/* Whether a search's results show, not its "No Results" page. */
static gboolean
results_shown (AccordSidebar *self)
{
  return self->results != NULL &&
         gtk_stack_get_visible_child (self->stack) == gtk_widget_get_parent (GTK_WIDGET (self->results_list));
}

/**
 * accord_sidebar_mark_entity:
 *
 * Selects the row of @entity_id, which the window shows already, without
 * opening it again.
 */
void
accord_sidebar_mark_entity (AccordSidebar *self,
                            const char    *entity_id)
{
  g_return_if_fail (ACCORD_IS_SIDEBAR (self));
  g_return_if_fail (entity_id != NULL);

  g_set_str (&self->selected, entity_id);
  select_quietly (self, entity_id);
  /* Its article opened from a search's results: the row shows once the
   * search is cleared, as an entity's opened from there does. */
  if (!list_shown (self) &&
      !accord_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))))
    self->opened_from_results = TRUE;
}

/**
 * accord_sidebar_unselect:
 *
 * Leaves no row selected, as when the page shown has gone: a row that
 * comes back later is then opened by a click like any other.
 */
void
accord_sidebar_unselect (AccordSidebar *self)
{
  g_return_if_fail (ACCORD_IS_SIDEBAR (self));

  g_clear_pointer (&self->selected, g_free);
  select_quietly (self, NULL);
}

void
accord_sidebar_select_bookmarks (AccordSidebar *self)
{
  g_return_if_fail (ACCORD_IS_SIDEBAR (self));

  accord_sidebar_select_entity (self, ACCORD_SIDEBAR_BOOKMARKS);
}

/* ---------------------------------------------------------------------- */
/* Content                                                                 */

static GListModel *
entities_of_kind (GListModel       *all,
                  AccordEntityKind  kind)
{
  GListStore *store = g_list_store_new (ACCORD_TYPE_ENTITY);
  guint n_items = g_list_model_get_n_items (all);
  g_autoptr(GPtrArray) matching = g_ptr_array_new_full (n_items, g_object_unref);

  for (guint i = 0; i < n_items; i++)
    {
      AccordEntity *entity = g_list_model_get_item (all, i);

      if (accord_entity_get_kind (entity) == kind)
        g_ptr_array_add (matching, entity);
      else
        g_object_unref (entity);
    }
  /* In one change: thousands of appends cost the first frame a millisecond. */
  g_list_store_splice (store, 0, 0, matching->pdata, matching->len);
  return G_LIST_MODEL (store);
}

/* What the user can do about @error, if anything. */
static char *
advice_for (const GError *error)
{
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;

  if (g_error_matches (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FULL) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    return g_strdup (_("Free some disk space, then open Accord again."));
  if (g_error_matches (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_NEWER_SCHEMA))
    /* Translators: "it" is Accord's data, which a newer version saved */
    return g_strdup (_("Use the newer version of Accord that saved it: your bookmarks are safe in it."));
  if (g_error_matches (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FOREIGN))
    /* Translators: "that file" is the one the message before names */
    return g_strdup (_("Move that file elsewhere, then open Accord again: it starts afresh with its built-in data."));
  /* In use elsewhere, or a folder the user may not write to: the message
   * says so, and there is nothing to move aside. */
  if (g_error_matches (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_BUSY) ||
      g_error_matches (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_READ_ONLY) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    return NULL;

  /* The whole folder: after a crash, the latest changes are in files
   * beside the database, which SQLite would remove without it. */
  path = accord_store_default_path ();
  folder = g_path_get_dirname (path);
  /* Translators: what to do when Accord's data cannot be used; %s is the
   * folder that holds it */
  return g_strdup_printf (_("If this lasts, quit Accord and move the folder %s aside: Accord then starts "
                            "afresh with its built-in data, and the folder moved aside keeps your bookmarks."),
                          folder);
}

static gboolean selection_in_view (AccordSidebar *self);

/* A status page is hidden while another page shows (see the template). */
static void
show_page (AccordSidebar *self,
           GtkWidget     *page)
{
  if (page != GTK_WIDGET (self->browse_page) &&
      list_shown (self))
    self->selection_was_shown = selection_in_view (self);
  gtk_widget_set_visible (page, TRUE);
  gtk_stack_set_visible_child (self->stack, page);
}

static void
show_no_data_because (AccordSidebar *self,
                      const char    *title,
                      const GError  *error)
{
  g_autofree char *advice = advice_for (error);
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;

  text = advice != NULL ? g_strconcat (error->message, "\n\n", advice, NULL) : g_strdup (error->message);
  description = g_markup_escape_text (text, -1);
  adw_status_page_set_title (self->no_data_page, title);
  /* A description is markup; the message may hold a path with '&'. */
  adw_status_page_set_description (self->no_data_page, description);
}

static void
show_no_data (AccordSidebar *self)
{
  GApplication *app = g_application_get_default ();
  const GError *error = ACCORD_IS_APPLICATION (app) ? accord_application_get_store_error (ACCORD_APPLICATION (app)) : NULL;
  const GError *builtin_error = ACCORD_IS_APPLICATION (app)
                                ? accord_application_get_builtin_error (ACCORD_APPLICATION (app)) : NULL;
  AccordStore *store = accord_application_get_default_store ();
  gboolean stored = store != NULL && accord_store_get_snapshot_origin (store) != ACCORD_SNAPSHOT_NONE;

  if (error != NULL)
    show_no_data_because (self, _("Data Unavailable"), error);
  else if (!stored && builtin_error != NULL)
    show_no_data_because (self, _("Couldn’t Store the Built-In Data"), builtin_error);
  /* A feed that lists none, not one still to come. */
  else if (stored)
    {
      adw_status_page_set_title (self->no_data_page, _("No Organisations or Legislation"));
      adw_status_page_set_description (self->no_data_page, _("The feed Accord last read lists none."));
    }
  else
    {
      adw_status_page_set_title (self->no_data_page, _("No Data Yet"));
      adw_status_page_set_description (self->no_data_page,
                                       _("Organisations and legislation appear here once a feed has been imported."));
    }
  show_page (self, GTK_WIDGET (self->no_data_page));
}

static GtkScrolledWindow *
visible_scroller (AccordSidebar *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  return GTK_IS_SCROLLED_WINDOW (page) ? GTK_SCROLLED_WINDOW (page) : self->browse_page;
}


/* Whether the selected entry's row shows, at least in part. */
static gboolean
selection_in_view (AccordSidebar *self)
{
  GtkWidget *list = GTK_WIDGET (self->entity_list);

  if (self->selected == NULL || !gtk_widget_get_mapped (list))
    return FALSE;
  for (GtkWidget *item = gtk_widget_get_first_child (list); item != NULL; item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);
      graphene_rect_t bounds;

      if (ACCORD_IS_SIDEBAR_ROW (row) &&
          g_strcmp0 (accord_sidebar_row_get_item_id (ACCORD_SIDEBAR_ROW (row)), self->selected) == 0 &&
          gtk_widget_get_mapped (row) && gtk_widget_compute_bounds (row, list, &bounds))
        return bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (list);
    }
  return FALSE;
}

static GListModel *
take_prefetched_entities (void)
{
  GApplication *app = g_application_get_default ();

  if (!ACCORD_IS_APPLICATION (app))
    return NULL;
  return accord_application_take_entities (ACCORD_APPLICATION (app));
}

/* The id of the row that has the focus, or NULL. */
static const char *
focused_row_id (AccordSidebar *self)
{
  GtkWidget *row = accord_focused_row (GTK_WIDGET (self->entity_list), ACCORD_TYPE_SIDEBAR_ROW);

  return row ? accord_sidebar_row_get_item_id (ACCORD_SIDEBAR_ROW (row)) : NULL;
}

static gboolean
first_row_focused (AccordSidebar *self)
{
  const char *focused = focused_row_id (self);
  g_autoptr(GObject) first = g_list_model_get_item (G_LIST_MODEL (self->selection), 0);

  return focused != NULL && first != NULL && g_str_equal (focused, id_of (first));
}

/* The size of the largest screen, for a maximized window. */
static void
largest_monitor_size (GtkWidget *widget,
                      int       *width,
                      int       *height)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (widget));

  *width = *height = 0;
  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      *width = MAX (*width, geometry.width);
      *height = MAX (*height, geometry.height);
    }
}

/* The size the window will have once it shows, or 0 when it is not a
 * window. */
static void
window_size (AccordSidebar *self,
             int           *width,
             int           *height)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  *width = *height = 0;
  if (!GTK_IS_WINDOW (root))
    return;
  if (gtk_window_is_maximized (GTK_WINDOW (root)) || gtk_window_is_fullscreen (GTK_WINDOW (root)))
    largest_monitor_size (GTK_WIDGET (self), width, height);
  else
    gtk_window_get_default_size (GTK_WINDOW (root), width, height);
}

/* The height the list has, or will have once the window shows: about
 * that of the window less what is above the list. */
static int
list_height (AccordSidebar *self)
{
  int width, height = gtk_widget_get_height (GTK_WIDGET (self->entity_list));

  if (height > 0)
    return height;
  window_size (self, &width, &height);
  return height > 0 ? height - ABOVE_LIST_HEIGHT : 0;
}

/* The width the list has, or will have once the window shows: that of
 * the split view's sidebar, or of the whole window when it is narrow
 * enough to show one pane at a time. The split view's widths and the
 * breakpoint grow with the text's size. */
static int
list_width (AccordSidebar *self)
{
  GtkWidget *split = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_NAVIGATION_SPLIT_VIEW);
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  AdwNavigationSplitView *split_view;
  AdwLengthUnit unit;
  int height, width = gtk_widget_get_width (GTK_WIDGET (self->entity_list));
  double sidebar;

  if (width > 0)
    return width;
  window_size (self, &width, &height);
  if (split == NULL || width <= adw_length_unit_to_px (ADW_LENGTH_UNIT_SP, COLLAPSED_MAX_WIDTH_SP, settings))
    return width;
  split_view = ADW_NAVIGATION_SPLIT_VIEW (split);
  if (adw_navigation_split_view_get_collapsed (split_view))
    return width;
  unit = adw_navigation_split_view_get_sidebar_width_unit (split_view);
  sidebar = width * adw_navigation_split_view_get_sidebar_width_fraction (split_view);
  sidebar = MIN (sidebar, adw_length_unit_to_px (unit, adw_navigation_split_view_get_max_sidebar_width (split_view),
                                                 settings));
  return (int) MAX (sidebar, adw_length_unit_to_px (unit, adw_navigation_split_view_get_min_sidebar_width (split_view),
                                                    settings));
}

/* How tall a row will be, its name on up to three lines. */
static int
estimated_row_height (AccordSidebar *self,
                      GObject       *item,
                      int            row_width)
{
  const char *lang = accord_i18n_get_language ();
  const char *name, *acronym;
  gboolean fallback;

  /* One short word, which no count beside it makes wrap: not worth
   * counting the bookmarks for. */
  if (!ACCORD_IS_ENTITY (item))
    return accord_sidebar_row_estimate_height (GTK_WIDGET (self->entity_list), row_width, _("Bookmarks"), FALSE, FALSE,
                                               0);
  name = accord_entity_get_name (ACCORD_ENTITY (item), lang, &fallback);
  acronym = accord_entity_get_acronym (ACCORD_ENTITY (item), lang, NULL);
  return accord_sidebar_row_estimate_height (GTK_WIDGET (self->entity_list), row_width, name, fallback,
                                             acronym != NULL && *acronym != '\0',
                                             accord_entity_get_n_articles (ACCORD_ENTITY (item)));
}

/* Rows enough to fill the list in the first frame, and no more: each
 * costs that frame, and the others come in the frames after. */
static guint
first_rows_that_fit (AccordSidebar *self,
                     GListModel    *sections)
{
  int height = list_height (self);
  int row_width = list_width (self) - LIST_SIDES_WIDTH;
  int kind = -1;   /* of the section so far */
  guint n = 0;

  if (height <= 0 || row_width <= 0)
    return FIRST_SIDEBAR_ROWS;

  while (height > 0 && n < g_list_model_get_n_items (sections))
    {
      g_autoptr(GObject) item = g_list_model_get_item (sections, n++);

      /* Each kind of entity is a section under its heading. */
      if (ACCORD_IS_ENTITY (item) && (int) accord_entity_get_kind (ACCORD_ENTITY (item)) != kind)
        {
          kind = (int) accord_entity_get_kind (ACCORD_ENTITY (item));
          height -= HEADING_HEIGHT;
        }
      height -= estimated_row_height (self, item, row_width);
    }
  return n;
}

/* The Bookmarks row, then the organisations and the legislation, each
 * a section of the list when it has any. */
static GListModel *
build_sections (AccordSidebar *self)
{
  GListStore *sections = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(GListModel) organisations = entities_of_kind (self->entities, ACCORD_ENTITY_KIND_ORGANISATION);
  g_autoptr(GListModel) legislation = entities_of_kind (self->entities, ACCORD_ENTITY_KIND_LEGISLATION);

  g_list_store_append (sections, self->bookmarks_row);
  if (g_list_model_get_n_items (organisations) > 0)
    g_list_store_append (sections, organisations);
  if (g_list_model_get_n_items (legislation) > 0)
    g_list_store_append (sections, legislation);
  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (sections)));
}

/**
 * accord_sidebar_reload:
 *
 * Reads the entities again, after a sync or a change of language,
 * keeping the selection and the scroll position.
 */
void
accord_sidebar_reload (AccordSidebar *self)
{
  AccordStore *store = accord_application_get_default_store ();
  g_autoptr(GListModel) sections = NULL;
  g_autoptr(AccordRevealModel) reveal = NULL;
  GtkAdjustment *adjustment;
  double saved;
  gboolean keep_selection_in_view;
  g_autofree char *focused = NULL;
  int position;

  g_return_if_fail (ACCORD_IS_SIDEBAR (self));

  adjustment = gtk_scrolled_window_get_vadjustment (self->browse_page);
  saved = gtk_adjustment_get_value (adjustment);
  keep_selection_in_view = selection_in_view (self);
  focused = g_strdup (focused_row_id (self));

  if (store == NULL)
    {
      show_no_data (self);
      return;
    }

  g_clear_object (&self->entities);
  self->entities = take_prefetched_entities ();
  if (self->entities == NULL)
    self->entities = accord_store_list_entities (store, accord_i18n_get_language ());
  /* Thousands of entities: the first rows first (see AccordRevealModel). */
  sections = build_sections (self);
  reveal = accord_reveal_model_new (sections, first_rows_that_fit (self, sections));
  g_set_object (&self->reveal, reveal);
  g_signal_handlers_block_by_func (self->selection, on_selection_changed, self);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (reveal));
  g_signal_handlers_unblock_by_func (self->selection, on_selection_changed, self);
  select_quietly (self, self->selected);

  if (g_list_model_get_n_items (self->entities) == 0)
    show_no_data (self);
  else if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) == '\0')
    show_page (self, GTK_WIDGET (self->browse_page));

  /* New data: the same words may find something else. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    run_search (self, FALSE);

  /* The list is laid out anew first; then the old position applies. */
  if (saved > 0)
    accord_reveal_model_reveal_all (reveal);
  else
    accord_reveal_model_reveal_when_drawn (reveal, GTK_WIDGET (self->entity_list));
  accord_list_view_place_showing (self->entity_list, saved,
                                  keep_selection_in_view ? gtk_single_selection_get_selected (self->selection)
                                                         : GTK_INVALID_LIST_POSITION);

  /* The focus stays on the row it was on, which is rebuilt. */
  if (focused != NULL && (position = find_position (self, focused)) >= 0)
    accord_list_view_focus (self->entity_list, (guint) position);
}

static void update_banner_button (AccordSidebar *self);

/**
 * accord_sidebar_set_banner:
 * @title: (nullable): what the banner says, as plain text, or %NULL to
 *   hide it
 * @button_label: (nullable): its button's label, with a mnemonic
 *
 * Shows or hides the banner under the sidebar's header bar, which tells
 * of the data's state; its button activates @action_name: a refresh, or
 * Preferences, which tell why the last one failed.
 */
void
accord_sidebar_set_banner (AccordSidebar *self,
                           const char    *title,
                           const char    *button_label,
                           const char    *action_name)
{
  g_return_if_fail (ACCORD_IS_SIDEBAR (self));

  if (title != NULL)
    {
      adw_banner_set_title (self->banner, title);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner), action_name);
      g_set_str (&self->banner_button_label, button_label);
      update_banner_button (self);
    }
  adw_banner_set_revealed (self->banner, title != NULL);
}

GListModel *
accord_sidebar_get_entities (AccordSidebar *self)
{
  g_return_val_if_fail (ACCORD_IS_SIDEBAR (self), NULL);

  return G_LIST_MODEL (self->selection);
}

GListModel *
accord_sidebar_get_results (AccordSidebar *self)
{
  g_return_val_if_fail (ACCORD_IS_SIDEBAR (self), NULL);

  return self->results;
}

/* The results in two sections, of at most MAX_RESULTS_PER_KIND each;
 * @cut tells whether a kind had more, as searched for one more. */
static GListModel *
split_results (GListModel *results,
               gboolean   *cut)
{
  GListStore *entities = g_list_store_new (ACCORD_TYPE_ENTITY);
  GListStore *articles = g_list_store_new (ACCORD_TYPE_ARTICLE);
  GListStore *sections = g_list_store_new (G_TYPE_LIST_MODEL);

  *cut = FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);
      GListStore *section = ACCORD_IS_ENTITY (item) ? entities : articles;

      if (g_list_model_get_n_items (G_LIST_MODEL (section)) < MAX_RESULTS_PER_KIND)
        g_list_store_append (section, item);
      else
        *cut = TRUE;
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (entities)) > 0)
    g_list_store_append (sections, entities);
  if (g_list_model_get_n_items (G_LIST_MODEL (articles)) > 0)
    g_list_store_append (sections, articles);
  g_object_unref (entities);
  g_object_unref (articles);

  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (sections)));
}

/* Back from a search: the entity list was kept up to date meanwhile
 * (accord_sidebar_reload()), so it is shown as it is. */
static void
show_entities (AccordSidebar *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (self->entities == NULL || g_list_model_get_n_items (self->entities) == 0)
    {
      show_no_data (self);
      return;
    }
  show_page (self, GTK_WIDGET (self->browse_page));
  /* A result opened meanwhile selected another row: it shows. */
  if (self->opened_from_results && selected != GTK_INVALID_LIST_POSITION)
    gtk_list_view_scroll_to (self->entity_list, selected, GTK_LIST_SCROLL_NONE, NULL);
  self->opened_from_results = FALSE;
}

/* The result @widget is or is in, as "entity:ID" or "article:ID". */
static char *
result_key_of (GtkWidget *widget)
{
  GtkWidget *row;

  if ((row = accord_row_holding (widget, ACCORD_TYPE_SIDEBAR_ROW)) != NULL)
    return g_strconcat ("entity:", accord_sidebar_row_get_item_id (ACCORD_SIDEBAR_ROW (row)), NULL);
  if ((row = accord_row_holding (widget, ACCORD_TYPE_ARTICLE_ROW)) != NULL)
    return g_strconcat ("article:",
                        accord_article_get_id (accord_article_row_get_article (ACCORD_ARTICLE_ROW (row))), NULL);
  return NULL;
}

/* The window's keyboard focus, wherever it is, or NULL. */
static GtkWidget *
window_focus (AccordSidebar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return root != NULL ? gtk_root_get_focus (root) : NULL;
}

/* The result with the keyboard focus, as result_key_of() tells it. */
static char *
focused_result_key (AccordSidebar *self)
{
  GtkWidget *focus = window_focus (self);

  if (focus == NULL || !accord_widget_is_within (focus, GTK_WIDGET (self->results_list)))
    return NULL;
  return result_key_of (focus);
}

static char *
result_key (GObject *item)
{
  if (ACCORD_IS_ENTITY (item))
    return g_strconcat ("entity:", accord_entity_get_id (ACCORD_ENTITY (item)), NULL);
  return g_strconcat ("article:", accord_article_get_id (ACCORD_ARTICLE (item)), NULL);
}

/* After new data, the focus goes back to the result it was on, if it
 * is still there. */
static gboolean
focus_result (AccordSidebar *self,
              const char    *key)
{
  for (guint i = 0; i < g_list_model_get_n_items (self->results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->results, i);
      g_autofree char *item_key = result_key (item);

      if (g_str_equal (item_key, key))
        {
          accord_list_view_focus (self->results_list, i);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
search_entry_has_focus (AccordSidebar *self)
{
  GtkWidget *focus = window_focus (self);

  return focus != NULL && accord_widget_is_within (focus, GTK_WIDGET (self->search_entry));
}

/* What was asked while the results were searched for, now they are in:
 * @n of them. */
static void
apply_search_requests (AccordSidebar *self,
                       guint          n)
{
  AccordStore *store = accord_application_get_default_store ();

  /* Read before a bookmark changed meanwhile was saved. */
  if (self->stars_changed && store != NULL)
    update_result_stars (self, NULL, store);
  self->stars_changed = FALSE;
  if (self->pending_scroll >= 0)
    accord_sidebar_set_scroll (self, self->pending_scroll, self->pending_shows_selection);
  self->pending_scroll = -1;
  /* Only if the user is still where Enter or Down was pressed. */
  if (self->activate_when_found && n > 0 && search_entry_has_focus (self))
    on_results_activate (self, 0);
  else if (self->focus_when_found && n > 0 && search_entry_has_focus (self))
    accord_list_view_focus (self->results_list, 0);
  self->activate_when_found = FALSE;
  self->focus_when_found = FALSE;
}

static void
show_results (AccordSidebar *self,
              GListModel    *found,
              gboolean       announce)
{
  GtkAdjustment *results_scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->results_list));
  g_autofree char *announcement = NULL;
  g_autofree char *focused = NULL;
  gboolean cut;
  double saved;
  guint n;

  /* Searched again for new data: the user stays where they were. */
  saved = announce ? 0 : gtk_adjustment_get_value (results_scroll);
  if (self->result_to_focus != NULL)
    focused = g_steal_pointer (&self->result_to_focus);
  else if (!announce)
    focused = focused_result_key (self);
  g_clear_object (&self->results);
  self->results = split_results (found, &cut);
  n = g_list_model_get_n_items (self->results);
  accord_list_view_show (self->results_list, self->results);
  accord_list_view_place (self->results_list, saved);
  show_page (self, n > 0 ? gtk_widget_get_parent (GTK_WIDGET (self->results_list))
                          : GTK_WIDGET (self->no_results_page));
  /* The row it was on gone, the focus stays among the results, or goes
   * to the entry when none are left. */
  if (focused != NULL && !focus_result (self, focused))
    {
      if (n > 0)
        accord_list_view_focus (self->results_list, 0);
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    }
  apply_search_requests (self, n);
  if (!announce)
    return;

  if (cut)
    /* Translators: said when the search lists only the best results: %u is how many it lists */
    announcement = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "More than %u result", "More than %u results", n), n);
  else
    announcement = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result", "%u results", n), n);
  gtk_accessible_announce (GTK_ACCESSIBLE (self->search_entry), announcement,
                           GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
}

static void
on_search_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AccordSidebar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = accord_store_search_finish (ACCORD_STORE (object), result, &error);

  /* Replaced by a newer search, or the sidebar is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->search_cancellable);
  /* The connection of the reading threads could not be opened: the
   * main thread's still reads. */
  if (found == NULL)
    {
      g_warning ("Could not search in the background: %s", error->message);
      found = accord_store_search (ACCORD_STORE (object), gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                   MAX_RESULTS_PER_KIND + 1);
    }
  show_results (self, found, self->search_announced);
}

static void
cancel_search (AccordSidebar *self)
{
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
}

/* What was asked of the search under way, for another text: nothing. */
static void
forget_search_requests (AccordSidebar *self)
{
  self->search_announced = FALSE;
  self->activate_when_found = FALSE;
  self->focus_when_found = FALSE;
  self->pending_scroll = -1;
  g_clear_pointer (&self->result_to_focus, g_free);
}

static void
run_search (AccordSidebar *self,
            gboolean       announce)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  AccordStore *store = accord_application_get_default_store ();
  gboolean same_text = g_strcmp0 (text, self->last_run) == 0;

  /* A text set from code is searched at once, and the entry then
   * reports it changed a moment later. A quiet search for new data may
   * catch a text still being typed: the search the entry asks for then
   * still runs, and tells the count. */
  if (announce && g_strcmp0 (text, self->searched) == 0)
    return;
  /* Another text typed: the result opened for the last one is not among
   * those to come. */
  if (announce && !same_text)
    g_clear_pointer (&self->opened_result, g_free);
  g_set_str (&self->last_run, text);
  /* New data while the same text is searched for: searched again, as
   * asked the first time. What was asked for that text still holds,
   * when the entry reports it only after new data searched it again. */
  if (!announce && self->search_cancellable != NULL)
    announce = self->search_announced;
  else if (!same_text)
    forget_search_requests (self);
  g_set_str (&self->searched, announce ? text : NULL);
  cancel_search (self);

  /* Spaces alone are no words: the list shows, not "No Results Found". */
  if (accord_text_is_blank (text) || store == NULL)
    {
      forget_search_requests (self);
      g_clear_object (&self->results);
      show_entities (self);
      return;
    }

  /* The results shown stay until the new ones are in. */
  self->search_announced = announce;
  self->search_cancellable = g_cancellable_new ();
  /* One more of each kind, to tell whether there are more than shown. */
  accord_store_search_async (store, text, MAX_RESULTS_PER_KIND + 1, self->search_cancellable, on_search_done,
                             g_object_ref (self));
}

/**
 * accord_sidebar_get_searching:
 *
 * Returns: whether a search is under way, its results not shown yet
 */
gboolean
accord_sidebar_get_searching (AccordSidebar *self)
{
  g_return_val_if_fail (ACCORD_IS_SIDEBAR (self), FALSE);

  return self->search_cancellable != NULL;
}

static void
on_search_changed (AccordSidebar *self)
{
  run_search (self, TRUE);
}

/* The entry takes what is typed anywhere in the sidebar. Typed from a
 * list, the text goes on being typed there: the entry takes the focus,
 * the cursor at the end, rather than leave it in a list that each key
 * replaces (a screen reader would read a new row at each one). */
static void
on_search_text_changed (AccordSidebar *self)
{
  GtkWidget *focus = window_focus (self);

  if (self->setting_text || focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)) ||
      search_entry_has_focus (self))
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
}

static void
on_search_stopped (AccordSidebar *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_results_activate (AccordSidebar *self,
                     guint          position)
{
  g_autoptr(GObject) item = g_list_model_get_item (self->results, position);

  if (item == NULL)
    return;
  g_free (self->opened_result);
  self->opened_result = result_key (item);
  if (ACCORD_IS_ENTITY (item))
    {
      g_set_str (&self->selected, accord_entity_get_id (ACCORD_ENTITY (item)));
      select_quietly (self, self->selected);
      self->opened_from_results = TRUE;
      g_signal_emit (self, signals[ENTITY_ACTIVATED], 0, self->selected, TRUE);
    }
  else
    g_signal_emit (self, signals[ARTICLE_ACTIVATED], 0, item);
}

/* Enter opens the first result, as a click on it would. */
static void
on_search_activate (AccordSidebar *self)
{
  /* The entry waits a moment before searching: the results must be
   * those of the text shown. */
  run_search (self, TRUE);
  if (self->search_cancellable != NULL)
    self->activate_when_found = TRUE;
  else if (self->results != NULL && g_list_model_get_n_items (self->results) > 0)
    on_results_activate (self, 0);
}

/* Down moves from the search entry to the list below it: to the first
 * result of the text as typed, or to the row selected in the list. */
static gboolean
on_search_key_pressed (AccordSidebar         *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;

  /* The entry waits a moment before searching what was just typed: the
   * results shown are those of the text before. */
  if (g_strcmp0 (text, self->last_run) != 0)
    run_search (self, TRUE);
  if (self->search_cancellable != NULL)
    {
      self->focus_when_found = TRUE;
      return TRUE;
    }

  if (list_shown (self))
    {
      accord_sidebar_focus_selection (self);
      return g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0;
    }
  if (!results_shown (self) || g_list_model_get_n_items (self->results) == 0)
    return FALSE;
  accord_list_view_focus (self->results_list, 0);
  return TRUE;
}

static gboolean
first_result_focused (AccordSidebar *self)
{
  g_autofree char *focused = focused_result_key (self);
  g_autoptr(GObject) first = NULL;
  g_autofree char *first_key = NULL;

  if (focused == NULL || self->results == NULL || g_list_model_get_n_items (self->results) == 0)
    return FALSE;
  first = g_list_model_get_item (self->results, 0);
  first_key = result_key (first);
  return g_str_equal (focused, first_key);
}

/* Escape among the results ends the search, as it does in the entry,
 * and goes back to the entry to type another; Up from the first result
 * goes back to the entry, as Down came from it. Seen before the list,
 * whose own Up would keep the focus where it is. */
static gboolean
on_results_key_pressed (AccordSidebar         *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up) &&
      (state & gtk_accelerator_get_default_mod_mask ()) == 0 && first_result_focused (self))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return TRUE;
    }
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return TRUE;
}

const char *
accord_sidebar_get_search_text (AccordSidebar *self)
{
  g_return_val_if_fail (ACCORD_IS_SIDEBAR (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

double
accord_sidebar_get_scroll (AccordSidebar *self)
{
  g_return_val_if_fail (ACCORD_IS_SIDEBAR (self), 0);

  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (visible_scroller (self)));
}

/**
 * accord_sidebar_get_selection_in_view:
 *
 * Returns: whether the selected entry's row shows
 */
gboolean
accord_sidebar_get_selection_in_view (AccordSidebar *self)
{
  g_return_val_if_fail (ACCORD_IS_SIDEBAR (self), FALSE);

  return list_shown (self) && selection_in_view (self);
}

/* Where the focus goes back to among the results: the one opened last,
 * or the first when it is not among them (or the entry, when none are
 * left). New data being searched again, once the new results are in. */
static void
focus_opened_result (AccordSidebar *self)
{
  if (!results_shown (self) || g_list_model_get_n_items (self->results) == 0)
    return;
  if (self->search_cancellable != NULL)
    /* No result has an empty key: the first then gets the focus. */
    g_set_str (&self->result_to_focus, self->opened_result != NULL ? self->opened_result : "");
  else if (self->opened_result == NULL || !focus_result (self, self->opened_result))
    accord_list_view_focus (self->results_list, 0);
}

/**
 * accord_sidebar_focus_selection:
 *
 * Gives the keyboard focus to the selected entry's row, or to the first
 * row when none is selected (the entry shown left the feed), when the
 * list of entries shows: where a user coming back to the list expects it.
 * When a search's results show, to the result opened last: the one the
 * user came from, even if new data has made its row again meanwhile.
 */
void
accord_sidebar_focus_selection (AccordSidebar *self)
{
  guint selected;

  g_return_if_fail (ACCORD_IS_SIDEBAR (self));

  if (!list_shown (self))
    {
      focus_opened_result (self);
      return;
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;
  selected = gtk_single_selection_get_selected (self->selection);
  accord_list_view_focus (self->entity_list, selected != GTK_INVALID_LIST_POSITION ? selected : 0);
}

/**
 * accord_sidebar_describe_focus:
 * @focus: a widget of the sidebar that has, or last had, the keyboard
 *   focus
 *
 * Returns: (transfer full) (nullable): where @focus is, for
 *   accord_sidebar_restore_focus() to put it back in another sidebar:
 *   on the search entry, a row of the list, a search result, or the
 *   main menu's button or menu
 */
char *
accord_sidebar_describe_focus (AccordSidebar *self,
                               GtkWidget     *focus)
{
  GtkWidget *row;

  g_return_val_if_fail (ACCORD_IS_SIDEBAR (self), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (focus), NULL);

  if (accord_widget_is_within (focus, GTK_WIDGET (self->search_entry)))
    return g_strdup ("search");
  /* Its menu too, where Preferences is chosen: back on the button. */
  if (accord_widget_is_within (focus, GTK_WIDGET (self->menu_button)))
    return g_strdup ("menu");
  if (accord_widget_is_within (focus, GTK_WIDGET (self->entity_list)) &&
      (row = accord_row_holding (focus, ACCORD_TYPE_SIDEBAR_ROW)) != NULL)
    return g_strconcat ("row:", accord_sidebar_row_get_item_id (ACCORD_SIDEBAR_ROW (row)), NULL);
  if (accord_widget_is_within (focus, GTK_WIDGET (self->results_list)))
    {
      g_autofree char *key = result_key_of (focus);

      return key != NULL ? g_strconcat ("result:", key, NULL) : NULL;
    }
  return NULL;
}

/**
 * accord_sidebar_restore_focus:
 * @where: what accord_sidebar_describe_focus() returned
 *
 * Gives the keyboard focus back to the search entry, the row, the
 * result or the menu button @where names, if it is there.
 */
void
accord_sidebar_restore_focus (AccordSidebar *self,
                              const char    *where)
{
  int position;

  g_return_if_fail (ACCORD_IS_SIDEBAR (self));
  g_return_if_fail (where != NULL);

  if (g_str_equal (where, "search"))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  else if (g_str_equal (where, "menu"))
    gtk_widget_grab_focus (GTK_WIDGET (self->menu_button));
  else if (g_str_has_prefix (where, "row:") &&
           list_shown (self) &&
           (position = find_position (self, where + strlen ("row:"))) >= 0)
    accord_list_view_focus (self->entity_list, (guint) position);
  else if (g_str_has_prefix (where, "result:"))
    {
      /* Or once the results are in. */
      if (self->search_cancellable != NULL)
        g_set_str (&self->result_to_focus, where + strlen ("result:"));
      else if (self->results != NULL)
        focus_result (self, where + strlen ("result:"));
    }
}

/**
 * accord_sidebar_set_scroll:
 * @show_selection: whether the selected entry's row must show, as it
 *   did where @value comes from, though the rows above it may differ
 *
 * Scrolls the visible list to @value once it is laid out.
 */
void
accord_sidebar_set_scroll (AccordSidebar *self,
                           double         value,
                           gboolean       show_selection)
{
  GtkWidget *list;

  g_return_if_fail (ACCORD_IS_SIDEBAR (self));

  /* Which list shows is known once the results are in. */
  if (self->search_cancellable != NULL)
    {
      self->pending_scroll = value;
      self->pending_shows_selection = show_selection;
      return;
    }
  list = gtk_scrolled_window_get_child (visible_scroller (self));
  /* After the layout that follows reload(), which would undo it. */
  accord_list_view_place_showing (GTK_LIST_VIEW (list), value,
                                  show_selection && list == GTK_WIDGET (self->entity_list)
                                  ? gtk_single_selection_get_selected (self->selection)
                                  : GTK_INVALID_LIST_POSITION);
}

/**
 * accord_sidebar_get_list_scroll:
 * @selection_shown: (out): whether the selected entry's row showed
 *
 * Returns: where the list of entries is scrolled to, shown or hidden by
 *   a search's results
 */
double
accord_sidebar_get_list_scroll (AccordSidebar *self,
                                gboolean      *selection_shown)
{
  g_return_val_if_fail (ACCORD_IS_SIDEBAR (self), 0);
  g_return_val_if_fail (selection_shown != NULL, 0);

  *selection_shown = list_shown (self)
                     ? selection_in_view (self) : self->selection_was_shown;
  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->browse_page));
}

/**
 * accord_sidebar_set_list_scroll:
 * @show_selection: as for accord_sidebar_set_scroll()
 *
 * Scrolls the list of entries to @value, even while a search's results
 * hide it: once it is laid out, when it shows again.
 */
void
accord_sidebar_set_list_scroll (AccordSidebar *self,
                                double         value,
                                gboolean       show_selection)
{
  g_return_if_fail (ACCORD_IS_SIDEBAR (self));

  self->selection_was_shown = show_selection;
  accord_list_view_place_showing (self->entity_list, value,
                                  show_selection ? gtk_single_selection_get_selected (self->selection)
                                                 : GTK_INVALID_LIST_POSITION);
}

/**
 * accord_sidebar_popup_primary_menu:
 *
 * Opens the main menu, as F10 does.
 */
void
accord_sidebar_popup_primary_menu (AccordSidebar *self)
{
  g_return_if_fail (ACCORD_IS_SIDEBAR (self));

  gtk_menu_button_popup (self->menu_button);
}

void
accord_sidebar_focus_search (AccordSidebar *self)
{
  g_return_if_fail (ACCORD_IS_SIDEBAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  /* As in GNOME's apps: what is typed next replaces the last query. */
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
accord_sidebar_set_search_text (AccordSidebar *self,
                                const char    *text)
{
  g_return_if_fail (ACCORD_IS_SIDEBAR (self));

  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  self->setting_text = FALSE;
  /* What is typed next goes after it. */
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  /* Searching as the user types waits a moment; a set text is final. */
  run_search (self, TRUE);
}

/* Search results are copies: their stars follow the store like the
 * timeline's do. */
static void
update_result_stars (AccordSidebar *self,
                     const char    *article_id,
                     AccordStore   *store)
{
  for (guint i = 0; self->results != NULL && i < g_list_model_get_n_items (self->results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->results, i);

      if (ACCORD_IS_ARTICLE (item))
        accord_store_follow_bookmark (store, ACCORD_ARTICLE (item), article_id);
    }
}

static void
on_bookmarks_changed (AccordSidebar *self,
                      const char    *article_id,
                      AccordStore   *store)
{
  g_autoptr(GtkStringObject) row = gtk_string_object_new (ACCORD_SIDEBAR_BOOKMARKS);

  /* Only the Bookmarks row's count changes; a new item, because a list
   * view does not bind again an item it already shows. */
  g_list_store_splice (self->bookmarks_row, 0, 1, (gpointer *) &row, 1);
  /* A selected item replaced is unselected: the page shown stays so. */
  select_quietly (self, self->selected);
  update_result_stars (self, article_id, store);
  if (self->search_cancellable != NULL)
    self->stars_changed = TRUE;
}

/* The refresh button turns into a spinner that stops the refresh, and
 * shows it does with a stop sign under the pointer or the keyboard's
 * focus: not under a focus GTK gave it, unseen, at start-up. */
static void
update_refresh_icon (AccordSidebar *self)
{
  GtkStateFlags state = gtk_widget_get_state_flags (GTK_WIDGET (self->refresh_button));
  gboolean pointed_at = (state & (GTK_STATE_FLAG_PRELIGHT | GTK_STATE_FLAG_FOCUS_VISIBLE)) != 0;

  gtk_stack_set_visible_child_name (self->refresh_stack, !self->refreshing ? "idle"
                                                         : pointed_at && !self->stopping ? "stop" : "running");
}

/* The banner's Retry or Refresh would do nothing while a refresh runs:
 * it goes until the refresh ends. */
static void
update_banner_button (AccordSidebar *self)
{
  adw_banner_set_button_label (self->banner, self->refreshing ? NULL : self->banner_button_label);
}

static void
on_sync_running (AccordSidebar *self,
                 GParamSpec    *pspec,
                 AccordSync    *sync)
{
  const char *label;

  self->refreshing = accord_sync_get_running (sync);
  self->stopping = accord_sync_get_winding_down (sync);
  label = self->stopping ? /* Translators: a refresh the user stopped, still ending its work */ _("Stopping…")
                         : self->refreshing ? _("Stop Refreshing") : _("Refresh");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->refresh_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->refresh_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  /* What the list shows may change under a screen reader's user. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->entity_list), GTK_ACCESSIBLE_STATE_BUSY, self->refreshing, -1);
  update_refresh_icon (self);
  update_banner_button (self);
}

static void
on_refresh_button_state_changed (AccordSidebar *self)
{
  update_refresh_icon (self);
}

static void
accord_sidebar_map (GtkWidget *widget)
{
  AccordSidebar *self = ACCORD_SIDEBAR (widget);
  GApplication *app = g_application_get_default ();
  AccordStore *store = accord_application_get_default_store ();

  GTK_WIDGET_CLASS (accord_sidebar_parent_class)->map (widget);

  if (store != NULL && !self->connected)
    {
      AccordSync *sync = accord_application_get_sync (ACCORD_APPLICATION (app));

      self->connected = TRUE;
      g_signal_connect_object (store, "bookmarks-changed", G_CALLBACK (on_bookmarks_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (sync, "notify::running", G_CALLBACK (on_sync_running), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (sync, "notify::stopping", G_CALLBACK (on_sync_running), self, G_CONNECT_SWAPPED);
      on_sync_running (self, NULL, sync);
    }
}

static void
accord_sidebar_dispose (GObject *object)
{
  AccordSidebar *self = ACCORD_SIDEBAR (object);

  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->searched, g_free);
  g_clear_pointer (&self->last_run, g_free);
  g_clear_pointer (&self->opened_result, g_free);
  cancel_search (self);
  g_clear_pointer (&self->result_to_focus, g_free);
  g_clear_pointer (&self->banner_button_label, g_free);
  g_clear_object (&self->entities);
  g_clear_object (&self->reveal);
  g_clear_object (&self->results);
  g_clear_object (&self->bookmarks_row);
  gtk_widget_dispose_template (GTK_WIDGET (object), ACCORD_TYPE_SIDEBAR);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (accord_sidebar_parent_class)->dispose (object);
}

static void
accord_sidebar_class_init (AccordSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = accord_sidebar_dispose;
  widget_class->map = accord_sidebar_map;

  /**
   * AccordSidebar::entity-activated:
   * @entity_id: the entity
   * @reveal: whether the user opened it (a click, Enter), not only moved
   *   the selection onto it with the arrow keys: a narrow window then
   *   shows the content page
   */
  signals[ENTITY_ACTIVATED] =
    g_signal_new ("entity-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /**
   * AccordSidebar::bookmarks-activated:
   * @reveal: as for #AccordSidebar::entity-activated
   */
  signals[BOOKMARKS_ACTIVATED] =
    g_signal_new ("bookmarks-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[ARTICLE_ACTIVATED] =
    g_signal_new ("article-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ACCORD_TYPE_ARTICLE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/accordapp/Accord/accord-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, AccordSidebar, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebar, refresh_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_refresh_button_state_changed);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebar, menu_button);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebar, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebar, banner);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebar, browse_page);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebar, entity_list);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebar, results_list);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebar, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebar, no_data_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped);
  gtk_widget_class_bind_template_callback (widget_class, on_search_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_results_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_list_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_list_key_released);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_list_released);
  gtk_widget_class_bind_template_callback (widget_class, on_results_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_key_pressed);
}

/* The menu's popover is built when first opened: built with the window,
 * it cost start-up a few milliseconds for a menu seldom opened. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  AccordSidebar *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
accord_sidebar_init (AccordSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) header_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) results_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) results_header_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkStringObject) bookmarks = gtk_string_object_new (ACCORD_SIDEBAR_BOOKMARKS);

  self->pending_scroll = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu, self, NULL);
  /* Typing while a row of the sidebar has the focus searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  self->bookmarks_row = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_list_store_append (self->bookmarks_row, bookmarks);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  /* The row of the page shown stays selected: Space on it changes nothing. */
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  gtk_list_view_set_model (self->entity_list, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_sidebar_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_sidebar_row), NULL);
  gtk_list_view_set_factory (self->entity_list, factory);
  g_signal_connect (header_factory, "setup", G_CALLBACK (setup_section_header), NULL);
  g_signal_connect (header_factory, "bind", G_CALLBACK (bind_section_header), NULL);
  gtk_list_view_set_header_factory (self->entity_list, header_factory);

  g_signal_connect (results_factory, "bind", G_CALLBACK (bind_result_row), NULL);
  gtk_list_view_set_factory (self->results_list, results_factory);
  g_signal_connect (results_header_factory, "setup", G_CALLBACK (setup_section_header), NULL);
  g_signal_connect (results_header_factory, "bind", G_CALLBACK (bind_result_header), NULL);
  gtk_list_view_set_header_factory (self->results_list, results_header_factory);
}
