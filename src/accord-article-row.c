#define G_LOG_DOMAIN "accord-article-row"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "accord-application.h"
#include "accord-article-row.h"
#include "accord-widget-utils.h"
#include "accord-i18n.h"
#include "accord-window.h"

/* One article: its date, category, source and title, and a star that
 * bookmarks it. All of it is remote text, shown as plain text. */
struct _AccordArticleRow
{
  GtkWidget        parent_instance;

  AccordArticle   *article;
  gulong           bookmarked_handler;
  gboolean         show_entities;
  gboolean         opens_timeline;

  GtkBox          *text;
  AdwWrapBox      *meta;
  GtkBox          *title_line;
  GtkLabel        *date;
  GtkBox          *category_line;  /* the category and its badge */
  GtkLabel        *category;
  GtkLabel        *source;
  GtkLabel        *title;
  GtkToggleButton *star;

  /* Made when first shown. */
  GtkLabel        *new_badge;
  GtkLabel        *language_badge;
  GtkLabel        *category_badge;
  GtkLabel        *entities;
  GtkLabel        *gone;
  GtkWidget       *link_icon;

  char            *spoken;
};

G_DEFINE_FINAL_TYPE (AccordArticleRow, accord_article_row, GTK_TYPE_WIDGET)

GtkWidget *
accord_article_row_new (void)
{
  return g_object_new (ACCORD_TYPE_ARTICLE_ROW, NULL);
}

static const char *
opens_in_browser (void)
{
  /* Translators: the tooltip of the icon on an article that opens, and
   * what a screen reader says of it */
  return _("Opens the full article in the browser");
}

static void
setup_item (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  show_entities)
{
  GtkWidget *row = accord_article_row_new ();

  accord_article_row_set_show_entities (ACCORD_ARTICLE_ROW (row), GPOINTER_TO_INT (show_entities));
  gtk_list_item_set_child (item, row);
}

static void
bind_item (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  AccordArticle *article = gtk_list_item_get_item (item);

  accord_article_row_set_article (ACCORD_ARTICLE_ROW (gtk_list_item_get_child (item)), article);
  gtk_list_item_set_accessible_label (item, accord_article_row_get_spoken_label (ACCORD_ARTICLE_ROW (gtk_list_item_get_child (item))));
  /* A row without an address has nothing to open. */
  gtk_list_item_set_activatable (item, accord_article_get_url (article) != NULL);
  gtk_list_item_set_accessible_description (item, accord_article_get_url (article) != NULL ? opens_in_browser () : NULL);
}

/* None is shorter than a line of meta and a line of title. */
#define SHORTEST_ROW_HEIGHT 50
#define FIRST_ROWS_AT_LEAST 8

/**
 * accord_article_row_count_first:
 * @list: a list view of article rows
 *
 * Returns: how many rows fill @list's height at most, to show before
 *   the rest of a long list (see #AccordRevealModel)
 */
guint
accord_article_row_count_first (GtkWidget *list)
{
  g_return_val_if_fail (GTK_IS_WIDGET (list), FIRST_ROWS_AT_LEAST);

  return MAX (FIRST_ROWS_AT_LEAST, (guint) (gtk_widget_get_height (list) / SHORTEST_ROW_HEIGHT) + 1);
}

/**
 * accord_article_row_factory_new:
 * @show_entities: whether the rows name the articles' entities
 *
 * Returns: (transfer full): a factory of rows for a list of #AccordArticle;
 *   open the activated one with accord_article_row_open_activated()
 */
GtkListItemFactory *
accord_article_row_factory_new (gboolean show_entities)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), GINT_TO_POINTER (show_entities));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), NULL);
  return factory;
}

/**
 * accord_article_row_open_activated:
 *
 * A handler of #GtkListView::activate for a list of #AccordArticle: opens
 * the article's address.
 */
void
accord_article_row_open_activated (GtkListView *list,
                                   guint        position,
                                   gpointer     user_data)
{
  g_autoptr(AccordArticle) article = NULL;

  g_return_if_fail (GTK_IS_LIST_VIEW (list));

  article = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list)), position);
  if (article != NULL)
    accord_open_web_uri (GTK_WIDGET (list), accord_article_get_url (article));
}

static void
set_optional_text (GtkLabel   *label,
                   const char *text)
{
  g_autofree char *shown = accord_display_text (text, ACCORD_DISPLAY_LINE_CHARS);

  gtk_label_set_text (label, shown);
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* A label in @box, a box or a wrap box, after @after or else last. */
static GtkLabel *
add_label (GtkWidget  *box,
           GtkWidget  *after,
           const char *first_class,
           const char *second_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (first_class != NULL)
    gtk_widget_add_css_class (label, first_class);
  if (second_class != NULL)
    gtk_widget_add_css_class (label, second_class);
  if (ADW_IS_WRAP_BOX (box) && after != NULL)
    adw_wrap_box_insert_child_after (ADW_WRAP_BOX (box), label, after);
  else if (ADW_IS_WRAP_BOX (box))
    adw_wrap_box_append (ADW_WRAP_BOX (box), label);
  else if (after != NULL)
    gtk_box_insert_child_after (GTK_BOX (box), label, after);
  else
    gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

/* Shows or hides an optional label, making it the first time it shows.
 * Returns: whether it was made now, for what is set only once. */
static gboolean
show_optional (GtkLabel   **label,
               gboolean     show,
               gpointer     box,
               GtkWidget   *after,
               const char  *text,
               const char  *first_class,
               const char  *second_class)
{
  gboolean made = FALSE;

  if (*label == NULL)
    {
      if (!show)
        return FALSE;
      *label = add_label (box, after, first_class, second_class);
      made = TRUE;
    }
  if (show && text != NULL)
    gtk_label_set_text (*label, text);
  gtk_widget_set_visible (GTK_WIDGET (*label), show);
  return made;
}

static void
update_star (AccordArticleRow *self)
{
  gboolean bookmarked = accord_article_get_bookmarked (self->article);

  gtk_toggle_button_set_active (self->star, bookmarked);
  gtk_button_set_icon_name (GTK_BUTTON (self->star),
                            bookmarked ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->star),
                               /* Translators: tooltips of an article's star, what clicking
                                * it does; Bookmark is a verb here: add to the bookmarks */
                               bookmarked ? _("Remove Bookmark") : _("Bookmark"));
  /* One name, whatever the state: a screen reader tells the state
   * itself, from "pressed", and would otherwise say both. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->star), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  /* Translators: the name of an article's star, which a screen
                                   * reader follows with "pressed" or "not pressed" */
                                  C_("star", "Bookmark"), -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->star),
                               GTK_ACCESSIBLE_STATE_PRESSED, bookmarked ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                                                        : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
}

/* Marks the rows that open something, as GNOME marks links to the web:
 * the others, with nothing to open, need no note saying so. */
static void
show_link_icon (AccordArticleRow *self,
                gboolean          show)
{
  if (self->link_icon == NULL)
    {
      if (!show)
        return;
      /* The list item says it to a screen reader, which never stops on
       * the icon. */
      self->link_icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", "adw-external-link-symbolic",
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
      gtk_widget_set_valign (self->link_icon, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (self->link_icon, "dimmed");
      gtk_widget_set_tooltip_text (self->link_icon, opens_in_browser ());
      gtk_widget_insert_before (self->link_icon, GTK_WIDGET (self), GTK_WIDGET (self->star));
    }
  gtk_widget_set_visible (self->link_icon, show);
}

static void
on_bookmarked_changed (AccordArticleRow *self)
{
  update_star (self);
}

static void
update_entities (AccordArticleRow *self,
                 const char       *lang)
{
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) fallbacks = NULL;
  g_autoptr(GStrvBuilder) marked = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *shown = NULL;

  if (!self->show_entities)
    {
      show_optional (&self->entities, FALSE, self->text, GTK_WIDGET (self->title_line), NULL, "caption", "dimmed");
      return;
    }

  names = accord_article_dup_entity_names (self->article, lang, &fallbacks);
  for (guint i = 0; names[i] != NULL; i++)
    g_strv_builder_take (marked, accord_i18n_mark_language (names[i], fallbacks[i]));
  parts = g_strv_builder_end (marked);
  joined = accord_join_data_texts ((const char * const *) parts, ACCORD_ITEM_SEPARATOR);
  /* An article may relate to thousands. */
  shown = accord_display_text (joined, ACCORD_DISPLAY_LINE_CHARS);
  if (show_optional (&self->entities, parts[0] != NULL, self->text, GTK_WIDGET (self->title_line), shown,
                     "caption", "dimmed"))
    {
      /* A name may be one long word, wider than a phone. */
      gtk_label_set_wrap (self->entities, TRUE);
      gtk_label_set_wrap_mode (self->entities, PANGO_WRAP_WORD_CHAR);
      gtk_label_set_natural_wrap_mode (self->entities, GTK_NATURAL_WRAP_NONE);
    }
}

/* What @label shows, as read out: marked when in the other language. */
static char *
dup_spoken_text (GtkLabel *label,
                 gboolean  fallback)
{
  const char *shown = gtk_label_get_text (label);

  if (!fallback || *shown == '\0')
    return g_strdup (shown);
  return accord_i18n_mark_spoken (shown, accord_i18n_get_other_language ());
}

/* A list item takes its name from nothing it holds: what a screen reader
 * says of the row is put together from what it shows. */
static void
update_spoken_label (AccordArticleRow *self,
                     gboolean          title_fallback,
                     gboolean          category_fallback)
{
  g_autoptr(GString) spoken = g_string_new (NULL);
  g_autofree char *spoken_title = dup_spoken_text (self->title, title_fallback);
  g_autofree char *spoken_category = dup_spoken_text (self->category, category_fallback);

  accord_i18n_append_spoken (spoken, spoken_title);
  if (accord_article_get_is_new (self->article))
    accord_i18n_append_spoken (spoken, C_("article", "New"));
  accord_i18n_append_spoken (spoken, gtk_label_get_text (self->date));
  accord_i18n_append_spoken (spoken, spoken_category);
  accord_i18n_append_spoken (spoken, gtk_label_get_text (self->source));
  if (self->entities != NULL && gtk_widget_get_visible (GTK_WIDGET (self->entities)))
    accord_i18n_append_spoken (spoken, gtk_label_get_text (self->entities));
  if (!accord_article_get_in_feed (self->article))
    accord_i18n_append_spoken (spoken, _("No longer in the feed"));
  g_free (self->spoken);
  self->spoken = g_string_free (g_steal_pointer (&spoken), FALSE);
}

static void
accord_article_row_update (AccordArticleRow *self)
{
  const char *lang = accord_i18n_get_language ();
  g_autofree char *date = NULL;
  gboolean fallback = FALSE;
  gboolean category_fallback = FALSE;
  gboolean gone;
  const char *title, *category;

  if (self->article == NULL)
    return;

  date = accord_article_get_date (self->article) ? accord_i18n_format_date (accord_article_get_date (self->article))
                                                 : NULL;
  title = accord_article_get_title (self->article, lang, &fallback);
  category = accord_article_get_category_name (self->article, lang, &category_fallback);

  set_optional_text (self->date, date);
  set_optional_text (self->category, category);
  gtk_widget_set_visible (GTK_WIDGET (self->category_line), gtk_widget_get_visible (GTK_WIDGET (self->category)));
  set_optional_text (self->source, accord_article_get_source (self->article));
  accord_label_set_data_text (self->title, title, ACCORD_DISPLAY_LINE_CHARS);

  show_optional (&self->new_badge, accord_article_get_is_new (self->article), self->meta, GTK_WIDGET (self->date),
                 /* Translators: a badge on an article that arrived with the last refresh */
                 C_("article", "New"), "new-badge", "caption-heading");
  /* The whole line, for a title written right to left to line up on the
   * right; but not with a badge, which stays by its last word then, not
   * at the far end of the row. */
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), !fallback);
  /* The UI language is the row's for life: windows are rebuilt when it
   * changes. */
  if (show_optional (&self->language_badge, fallback, self->title_line, GTK_WIDGET (self->title),
                     g_str_equal (lang, "fr") ? "EN" : "FR", "language-badge", "caption"))
    {
      /* By the title's first line, however many it takes. */
      gtk_widget_set_valign (GTK_WIDGET (self->language_badge), GTK_ALIGN_BASELINE_CENTER);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->language_badge), _("Not available in your language"));
      /* Read out, "EN" or "FR" says little. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->language_badge), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      g_str_equal (lang, "fr") ? _("Title in English") : _("Title in French"), -1);
    }

  if (show_optional (&self->category_badge, category != NULL && category_fallback, self->category_line,
                     GTK_WIDGET (self->category), NULL, "language-badge", "caption"))
    {
      gtk_widget_set_valign (GTK_WIDGET (self->category_badge), GTK_ALIGN_CENTER);
      accord_language_badge_show (self->category_badge, accord_i18n_get_other_language (),
                                  /* Translators: what the language badge by an article's
                                   * category says to a screen reader and in its tooltip */
                                  g_str_equal (lang, "fr") ? _("Category in English") : _("Category in French"));
    }

  update_entities (self, lang);

  gone = !accord_article_get_in_feed (self->article);
  show_optional (&self->gone, gone, GTK_WIDGET (self->text), NULL, _("No longer in the feed"), "caption", "warning");

  show_link_icon (self, accord_article_get_url (self->article) != NULL && !self->opens_timeline);
  update_star (self);
  update_spoken_label (self, fallback, category_fallback);
}

/**
 * accord_article_row_get_article:
 *
 * Returns: (transfer none) (nullable): the article shown
 */
AccordArticle *
accord_article_row_get_article (AccordArticleRow *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE_ROW (self), NULL);

  return self->article;
}

void
accord_article_row_set_article (AccordArticleRow *self,
                                AccordArticle    *article)
{
  g_return_if_fail (ACCORD_IS_ARTICLE_ROW (self));
  g_return_if_fail (!article || ACCORD_IS_ARTICLE (article));

  if (self->article == article)
    return;

  g_clear_signal_handler (&self->bookmarked_handler, self->article);
  g_set_object (&self->article, article);
  if (article != NULL)
    {
      self->bookmarked_handler = g_signal_connect_object (article, "notify::bookmarked",
                                                          G_CALLBACK (on_bookmarked_changed), self,
                                                          G_CONNECT_SWAPPED);
      accord_article_row_update (self);
    }
}

void
accord_article_row_set_show_entities (AccordArticleRow *self,
                                      gboolean          show)
{
  g_return_if_fail (ACCORD_IS_ARTICLE_ROW (self));

  self->show_entities = show;
  accord_article_row_update (self);
}

/**
 * accord_article_row_set_opens_timeline:
 * @opens_timeline: whether activating the row shows the article in its
 *   entity's timeline, as a search result does, rather than its address
 */
void
accord_article_row_set_opens_timeline (AccordArticleRow *self,
                                       gboolean          opens_timeline)
{
  g_return_if_fail (ACCORD_IS_ARTICLE_ROW (self));

  if (self->opens_timeline == opens_timeline)
    return;
  self->opens_timeline = opens_timeline;
  if (self->article != NULL)
    show_link_icon (self, accord_article_get_url (self->article) != NULL && !opens_timeline);
}

/**
 * accord_article_row_get_spoken_label:
 *
 * Returns: (nullable): what a screen reader says of the row: its title,
 *   date, category, source and what else it shows. Its list item must
 *   say it, a list item being named by nothing it holds.
 */
const char *
accord_article_row_get_spoken_label (AccordArticleRow *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE_ROW (self), NULL);

  return self->spoken;
}

/**
 * accord_article_row_star_has_focus:
 *
 * Returns: whether the keyboard focus is on the row's star
 */
gboolean
accord_article_row_star_has_focus (AccordArticleRow *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE_ROW (self), FALSE);

  /* The window's focus, whether or not the window is the active one. */
  return gtk_widget_is_focus (GTK_WIDGET (self->star));
}

/**
 * accord_article_row_focus_star:
 *
 * Gives the keyboard focus to the row's star.
 */
void
accord_article_row_focus_star (AccordArticleRow *self)
{
  g_return_if_fail (ACCORD_IS_ARTICLE_ROW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->star));
}

typedef struct
{
  char  *article_id;
  guint  frames;
} StarRefocus;

/* Frames to wait for the list to make the row it gives the focus to. */
#define STAR_REFOCUS_FRAMES 5

static void
star_refocus_free (gpointer data)
{
  StarRefocus *refocus = data;

  g_free (refocus->article_id);
  g_free (refocus);
}

static gboolean
refocus_star_tick (GtkWidget     *list,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  StarRefocus *refocus = user_data;
  GtkWidget *row = accord_focused_row (list, ACCORD_TYPE_ARTICLE_ROW);
  AccordArticle *article = row != NULL ? accord_article_row_get_article (ACCORD_ARTICLE_ROW (row)) : NULL;

  if (article != NULL && g_str_equal (accord_article_get_id (article), refocus->article_id))
    {
      accord_article_row_focus_star (ACCORD_ARTICLE_ROW (row));
      return G_SOURCE_REMOVE;
    }
  return ++refocus->frames < STAR_REFOCUS_FRAMES ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/**
 * accord_article_row_dup_focused_star:
 * @list: the list view of the rows
 *
 * Returns: (transfer full) (nullable): the id of the article whose star
 *   in @list has the keyboard focus, for accord_article_row_refocus_star()
 *   once the list has read its model again
 */
char *
accord_article_row_dup_focused_star (GtkListView *list)
{
  GtkWidget *row;

  g_return_val_if_fail (GTK_IS_LIST_VIEW (list), NULL);

  row = accord_focused_row (GTK_WIDGET (list), ACCORD_TYPE_ARTICLE_ROW);
  if (row == NULL || !accord_article_row_star_has_focus (ACCORD_ARTICLE_ROW (row)))
    return NULL;
  return g_strdup (accord_article_get_id (accord_article_row_get_article (ACCORD_ARTICLE_ROW (row))));
}

/**
 * accord_article_row_refocus_star:
 * @list: the list view of the rows
 * @article_id: the article whose star had the focus
 *
 * Gives the focus back to @article_id's star once @list has given it to
 * the article's row, which a list that reads its model again makes in a
 * frame to come. The row of another article, come in the place of one
 * removed, keeps it: one more Space there would act on an article the
 * user never chose.
 */
void
accord_article_row_refocus_star (GtkListView *list,
                                 const char  *article_id)
{
  StarRefocus *refocus;

  g_return_if_fail (GTK_IS_LIST_VIEW (list));
  g_return_if_fail (article_id != NULL);

  refocus = g_new0 (StarRefocus, 1);
  refocus->article_id = g_strdup (article_id);
  if (refocus_star_tick (GTK_WIDGET (list), NULL, refocus) == G_SOURCE_REMOVE)
    star_refocus_free (refocus);
  else
    gtk_widget_add_tick_callback (GTK_WIDGET (list), refocus_star_tick, refocus, star_refocus_free);
}

/**
 * accord_article_row_toggle_bookmark:
 *
 * Bookmarks the row's article, or removes its bookmark.
 */
void
accord_article_row_toggle_bookmark (AccordArticleRow *self)
{
  GtkRoot *root;

  g_return_if_fail (ACCORD_IS_ARTICLE_ROW (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (self->article != NULL && ACCORD_IS_WINDOW (root))
    accord_window_toggle_bookmark (ACCORD_WINDOW (root), self->article);
}

static void
on_star_clicked (AccordArticleRow *self)
{
  /* The star follows the article, which the window marks at once and
   * puts back if the bookmark cannot be saved: a click alone must not
   * flip it. */
  update_star (self);
  accord_article_row_toggle_bookmark (self);
}

static void
accord_article_row_dispose (GObject *object)
{
  AccordArticleRow *self = ACCORD_ARTICLE_ROW (object);

  g_clear_signal_handler (&self->bookmarked_handler, self->article);
  g_clear_object (&self->article);
  g_clear_pointer (&self->spoken, g_free);
  accord_widget_remove_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (accord_article_row_parent_class)->dispose (object);
}

static void
accord_article_row_class_init (AccordArticleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = accord_article_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "article-row");
}

/* Built in code rather than from a template: a timeline keeps a couple
 * of hundred rows, and building each from a template cost several times
 * as much. The labels most rows never show are made when first needed. */
static void
accord_article_row_init (AccordArticleRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *meta = adw_wrap_box_new ();
  GtkWidget *title_line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_parent (text, GTK_WIDGET (self));
  self->text = GTK_BOX (text);

  /* Date, category and source go on as many lines as they need: cut
   * short, "Décision…" or "Commis…" would say nothing. Each is cut only
   * where it does not fit a line of its own. */
  gtk_box_append (GTK_BOX (text), meta);
  self->meta = ADW_WRAP_BOX (meta);
  adw_wrap_box_set_child_spacing (self->meta, 6);
  adw_wrap_box_set_line_spacing (self->meta, 2);
  self->date = add_label (meta, NULL, "caption-heading", "numeric");
  /* A category's language badge goes to a line with it, not to the next
   * one, where it would mark the source. */
  self->category_line = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  adw_wrap_box_append (self->meta, GTK_WIDGET (self->category_line));
  self->category = add_label (GTK_WIDGET (self->category_line), NULL, "pill-label", "caption");
  gtk_label_set_ellipsize (self->category, PANGO_ELLIPSIZE_END);
  accord_label_show_whole_when_cut (self->category);
  gtk_label_set_xalign (self->category, 0.5);
  self->source = add_label (meta, NULL, "caption", "dimmed");
  gtk_label_set_ellipsize (self->source, PANGO_ELLIPSIZE_END);
  accord_label_show_whole_when_cut (self->source);

  gtk_box_append (GTK_BOX (text), title_line);
  self->title_line = GTK_BOX (title_line);
  self->title = add_label (title_line, NULL, NULL, NULL);
  /* Its first line gives the line's baseline, by which a language badge
   * stands. */
  gtk_widget_set_valign (GTK_WIDGET (self->title), GTK_ALIGN_BASELINE_FILL);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_label_set_wrap_mode (self->title, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_natural_wrap_mode (self->title, GTK_NATURAL_WRAP_NONE);

  self->star = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->star), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->star), "flat");
  gtk_widget_add_css_class (GTK_WIDGET (self->star), "circular");
  gtk_widget_add_css_class (GTK_WIDGET (self->star), "star");
  gtk_button_set_icon_name (GTK_BUTTON (self->star), "non-starred-symbolic");
  g_signal_connect_swapped (self->star, "clicked", G_CALLBACK (on_star_clicked), self);
  gtk_widget_set_parent (GTK_WIDGET (self->star), GTK_WIDGET (self));
}
