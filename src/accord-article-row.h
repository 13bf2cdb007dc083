#pragma once

#include <gtk/gtk.h>

#include "accord-article.h"

G_BEGIN_DECLS

#define ACCORD_TYPE_ARTICLE_ROW (accord_article_row_get_type ())

G_DECLARE_FINAL_TYPE (AccordArticleRow, accord_article_row, ACCORD, ARTICLE_ROW, GtkWidget)

GtkWidget     *accord_article_row_new          (void);
void           accord_article_row_set_article  (AccordArticleRow *self,
                                                AccordArticle    *article);
AccordArticle *accord_article_row_get_article  (AccordArticleRow *self);
void           accord_article_row_toggle_bookmark (AccordArticleRow *self);
gboolean       accord_article_row_star_has_focus (AccordArticleRow *self);
void           accord_article_row_focus_star   (AccordArticleRow *self);
char          *accord_article_row_dup_focused_star (GtkListView *list);
void           accord_article_row_refocus_star (GtkListView      *list,
                                                const char       *article_id);
void           accord_article_row_set_show_entities (AccordArticleRow *self,
                                                gboolean          show);
void           accord_article_row_set_opens_timeline (AccordArticleRow *self,
                                                gboolean          opens_timeline);
const char    *accord_article_row_get_spoken_label (AccordArticleRow *self);
guint          accord_article_row_count_first  (GtkWidget        *list);

GtkListItemFactory *accord_article_row_factory_new    (gboolean     show_entities);
void                accord_article_row_open_activated (GtkListView *list,
                                                       guint        position,
                                                       gpointer     user_data);

G_END_DECLS
