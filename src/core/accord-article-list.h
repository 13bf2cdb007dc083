#pragma once

#include <gio/gio.h>

#include "accord-article.h"

G_BEGIN_DECLS

typedef struct _AccordStore AccordStore;

typedef struct
{
  gint64   rowid;
  guint    month;    /* YYYYMM */
  gboolean is_new;   /* when the list was read */
} AccordArticleRef;

#define ACCORD_TYPE_ARTICLE_LIST (accord_article_list_get_type ())

G_DECLARE_FINAL_TYPE (AccordArticleList, accord_article_list, ACCORD, ARTICLE_LIST, GObject)

GListModel *accord_article_list_new           (AccordStore       *store,
                                               GArray            *rows);
guint       accord_article_list_get_month     (AccordArticleList *self,
                                               guint              position);
void        accord_article_list_get_month_range (AccordArticleList *self,
                                               guint              position,
                                               guint             *out_start,
                                               guint             *out_end);

GHashTable *accord_article_list_dup_new_rows  (AccordArticleList *self);
void        accord_article_list_keep_new      (AccordArticleList *self,
                                               GHashTable        *rows);
int         accord_article_list_find          (AccordArticleList *self,
                                               const char        *article_id);

G_END_DECLS
