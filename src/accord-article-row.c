#define G_LOG_DOMAIN "accord-article-row"

#include "config.h"

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

  GtkLabel        *date;
  GtkLabel        *category;
  GtkLabel        *source;
  GtkLabel        *title;
  GtkLabel        *entities;
  GtkLabel        *no_link;
  GtkLabel        *gone;
  GtkLabel        *language_badge;
  GtkLabel        *new_badge;
  GtkToggleButton *star;
};

G_DEFINE_FINAL_TYPE (AccordArticleRow, accord_article_row, GTK_TYPE_WIDGET)

GtkWidget *
accord_article_row_new (void)
{
  return g_object_new (ACCORD_TYPE_ARTICLE_ROW, NULL);
}

AccordArticle *
accord_article_row_get_article (AccordArticleRow *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE_ROW (self), NULL);

  return self->article;
}

static void
set_optional_text (GtkLabel   *label,
                   const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
update_star (AccordArticleRow *self)
{
  gboolean bookmarked = accord_article_get_bookmarked (self->article);

  gtk_toggle_button_set_active (self->star, bookmarked);
  gtk_button_set_icon_name (GTK_BUTTON (self->star),
                            bookmarked ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->star),
                               bookmarked ? _("Remove Bookmark") : _("Bookmark"));
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->star),
                               GTK_ACCESSIBLE_STATE_PRESSED, bookmarked ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                                                        : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
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
  g_autofree char *joined = NULL;

  if (!self->show_entities)
    {
      set_optional_text (self->entities, NULL);
      return;
    }

  names = accord_article_dup_entity_names (self->article, lang);
  joined = g_strjoinv (" · ", names);
  set_optional_text (self->entities, joined);
}

static void
accord_article_row_update (AccordArticleRow *self)
{
  const char *lang = accord_i18n_get_language ();
  g_autofree char *date = NULL;
  gboolean fallback = FALSE;
  const char *title;

  if (self->article == NULL)
    return;

  date = accord_article_get_date (self->article) ? accord_i18n_format_date (accord_article_get_date (self->article))
                                                 : NULL;
  title = accord_article_get_title (self->article, lang, &fallback);

  set_optional_text (self->date, date);
  set_optional_text (self->category, accord_article_get_category_name (self->article, lang));
  set_optional_text (self->source, accord_article_get_source (self->article));
  gtk_label_set_text (self->title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->language_badge), fallback);
  gtk_label_set_text (self->language_badge, g_str_equal (lang, "fr") ? "EN" : "FR");
  gtk_widget_set_visible (GTK_WIDGET (self->no_link), accord_article_get_url (self->article) == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->gone), !accord_article_get_in_feed (self->article));
  gtk_widget_set_visible (GTK_WIDGET (self->new_badge), accord_article_get_is_new (self->article));
  update_entities (self, lang);
  update_star (self);
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
  /* The star shows the stored state: it changes when the store has
   * saved the bookmark, and stays as it was when saving failed. */
  update_star (self);
  accord_article_row_toggle_bookmark (self);
}

static void
accord_article_row_dispose (GObject *object)
{
  AccordArticleRow *self = ACCORD_ARTICLE_ROW (object);

  g_clear_signal_handler (&self->bookmarked_handler, self->article);
  g_clear_object (&self->article);
  gtk_widget_dispose_template (GTK_WIDGET (object), ACCORD_TYPE_ARTICLE_ROW);
  accord_widget_remove_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (accord_article_row_parent_class)->dispose (object);
}

static void
accord_article_row_class_init (AccordArticleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = accord_article_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/accordapp/Accord/accord-article-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AccordArticleRow, date);
  gtk_widget_class_bind_template_child (widget_class, AccordArticleRow, category);
  gtk_widget_class_bind_template_child (widget_class, AccordArticleRow, source);
  gtk_widget_class_bind_template_child (widget_class, AccordArticleRow, title);
  gtk_widget_class_bind_template_child (widget_class, AccordArticleRow, entities);
  gtk_widget_class_bind_template_child (widget_class, AccordArticleRow, no_link);
  gtk_widget_class_bind_template_child (widget_class, AccordArticleRow, gone);
  gtk_widget_class_bind_template_child (widget_class, AccordArticleRow, language_badge);
  gtk_widget_class_bind_template_child (widget_class, AccordArticleRow, new_badge);
  gtk_widget_class_bind_template_child (widget_class, AccordArticleRow, star);
  gtk_widget_class_bind_template_callback (widget_class, on_star_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "article-row");
}

static void
accord_article_row_init (AccordArticleRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
  gtk_widget_init_template (GTK_WIDGET (self));
}
