#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ACCORD_TYPE_ARTICLE (accord_article_get_type ())

G_DECLARE_FINAL_TYPE (AccordArticle, accord_article, ACCORD, ARTICLE, GObject)

typedef struct
{
  const char *id;
  const char *date;
  const char *title_en, *title_fr;
  const char *category_en, *category_fr;
  const char *source;
  const char *url;
  const char *entities_json;   /* [{"id":…,"en":…,"fr":…}] */
  gboolean    in_feed;
  gboolean    bookmarked;
  gint64      bookmarked_at;   /* µs since 1970, 0 when not bookmarked */
  gboolean    is_new;          /* arrived with a sync, not seen yet */
} AccordArticleData;

AccordArticle *accord_article_new               (const AccordArticleData *data);

const char    *accord_article_get_id            (AccordArticle *self);
const char    *accord_article_get_date          (AccordArticle *self);
const char    *accord_article_get_title         (AccordArticle *self,
                                                 const char    *lang,
                                                 gboolean      *is_fallback);
const char    *accord_article_get_title_in      (AccordArticle *self,
                                                 const char    *lang);
const char    *accord_article_get_category_name (AccordArticle *self,
                                                 const char    *lang,
                                                 gboolean      *is_fallback);
const char    *accord_article_get_source        (AccordArticle *self);
const char    *accord_article_get_url           (AccordArticle *self);
gboolean       accord_article_get_in_feed       (AccordArticle *self);
gboolean       accord_article_get_is_new        (AccordArticle *self);
GStrv          accord_article_dup_entity_ids    (AccordArticle *self);
char          *accord_article_dup_entities_json (AccordArticle *self);
GStrv          accord_article_dup_entity_names  (AccordArticle *self,
                                                 const char    *lang,
                                                 GStrv         *fallbacks);
gboolean       accord_article_get_bookmarked    (AccordArticle *self);
gint64         accord_article_get_bookmarked_at (AccordArticle *self);
void           accord_article_set_is_new        (AccordArticle *self,
                                                 gboolean       is_new);
void           accord_article_set_bookmarked    (AccordArticle *self,
                                                 gboolean       bookmarked,
                                                 gint64         bookmarked_at);
gboolean       accord_article_equal             (AccordArticle *a,
                                                 AccordArticle *b);

G_END_DECLS
