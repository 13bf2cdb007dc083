#define G_LOG_DOMAIN "accord-article-list"

#include "config.h"

#include "accord-article-list.h"
#include "accord-store-private.h"

/* A list of articles that knows only their order and month up front and
 * reads each article from the store the first time it is asked for, so
 * that opening 10,000 articles costs one indexed query, not 10,000
 * objects. Articles are kept once read, so a bookmark star set on one
 * stays set while the list lives. */
struct _AccordArticleList
{
  GObject       parent_instance;

  AccordStore  *store;
  GArray       *rows;       /* of AccordArticleRef */
  GPtrArray    *articles;   /* AccordArticle or NULL, by position */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AccordArticleList, accord_article_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* A star set or cleared elsewhere shows here too. */
static void
on_bookmarks_changed (AccordArticleList *self,
                      const char        *article_id,
                      AccordStore       *store)
{
  for (guint i = 0; i < self->articles->len; i++)
    {
      AccordArticle *article = g_ptr_array_index (self->articles, i);

      /* Positions never asked for hold NULL. */
      if (article != NULL)
        accord_store_follow_bookmark (store, article, article_id);
    }
}

static void
clear_article (gpointer article)
{
  /* Positions never asked for hold NULL. */
  if (article != NULL)
    g_object_unref (article);
}

/**
 * accord_article_list_new:
 * @store: the store to read articles from
 * @rows: (transfer none): the articles' rows and months, in order
 *
 * Returns: (transfer full): a list of #AccordArticle
 */
GListModel *
accord_article_list_new (AccordStore *store,
                         GArray      *rows)
{
  AccordArticleList *self;

  g_return_val_if_fail (ACCORD_IS_STORE (store), NULL);
  g_return_val_if_fail (rows != NULL, NULL);

  self = g_object_new (ACCORD_TYPE_ARTICLE_LIST, NULL);
  self->store = g_object_ref (store);
  self->rows = g_array_ref (rows);
  self->articles = g_ptr_array_new_full (rows->len, clear_article);
  g_ptr_array_set_size (self->articles, (int) rows->len);
  g_signal_connect_object (store, "bookmarks-changed", G_CALLBACK (on_bookmarks_changed), self,
                           G_CONNECT_SWAPPED);

  return G_LIST_MODEL (self);
}

/**
 * accord_article_list_dup_new_rows:
 *
 * Returns: (transfer full): the rows of the articles that were new when
 *   the list was read, as a set of #gint64
 */
GHashTable *
accord_article_list_dup_new_rows (AccordArticleList *self)
{
  GHashTable *rows;

  g_return_val_if_fail (ACCORD_IS_ARTICLE_LIST (self), NULL);

  rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index (self->rows, AccordArticleRef, i).is_new)
      g_hash_table_add (rows, g_memdup2 (&g_array_index (self->rows, AccordArticleRef, i).rowid, sizeof (gint64)));
  return rows;
}

/**
 * accord_article_list_keep_new:
 * @rows: rows of articles, as from accord_article_list_dup_new_rows()
 *
 * Shows the articles of @rows as new, seen since or not: a list read
 * again while the user looks at them keeps their marks.
 */
void
accord_article_list_keep_new (AccordArticleList *self,
                              GHashTable        *rows)
{
  g_return_if_fail (ACCORD_IS_ARTICLE_LIST (self));
  g_return_if_fail (rows != NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      AccordArticleRef *ref = &g_array_index (self->rows, AccordArticleRef, i);
      AccordArticle *article = g_ptr_array_index (self->articles, i);

      if (!g_hash_table_contains (rows, &ref->rowid))
        continue;
      ref->is_new = TRUE;
      if (article != NULL)
        accord_article_set_is_new (article, TRUE);
    }
}

/**
 * accord_article_list_get_month:
 *
 * Returns: the month of the article at @position, as YYYYMM
 */
guint
accord_article_list_get_month (AccordArticleList *self,
                               guint              position)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE_LIST (self), 0);
  g_return_val_if_fail (position < self->rows->len, 0);

  return g_array_index (self->rows, AccordArticleRef, position).month;
}

/**
 * accord_article_list_get_month_range:
 * @out_start: (out): the first position of the month of @position
 * @out_end: (out): the position after its last
 *
 * The articles of one month are contiguous, newest first; this finds the
 * run @position is in, in logarithmic time.
 */
void
accord_article_list_get_month_range (AccordArticleList *self,
                                     guint              position,
                                     guint             *out_start,
                                     guint             *out_end)
{
  guint month, lo, hi;

  g_return_if_fail (ACCORD_IS_ARTICLE_LIST (self));
  g_return_if_fail (out_start != NULL && out_end != NULL);

  if (position >= self->rows->len)
    {
      *out_start = self->rows->len;
      *out_end = G_MAXUINT;
      return;
    }

  month = g_array_index (self->rows, AccordArticleRef, position).month;

  /* Months decrease along the list: find where this one starts... */
  lo = 0;
  hi = position;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->rows, AccordArticleRef, mid).month > month)
        lo = mid + 1;
      else
        hi = mid;
    }
  *out_start = lo;

  /* ...and where it ends. */
  lo = position + 1;
  hi = self->rows->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->rows, AccordArticleRef, mid).month >= month)
        lo = mid + 1;
      else
        hi = mid;
    }
  *out_end = lo;
}

/**
 * accord_article_list_find:
 * @article_id: an article id
 *
 * Returns: the position of the article, or -1 when it is not in the list
 */
int
accord_article_list_find (AccordArticleList *self,
                          const char        *article_id)
{
  gint64 rowid;

  g_return_val_if_fail (ACCORD_IS_ARTICLE_LIST (self), -1);
  g_return_val_if_fail (article_id != NULL, -1);

  if ((rowid = accord_store_find_article_row (self->store, article_id)) <= 0)
    return -1;

  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index (self->rows, AccordArticleRef, i).rowid == rowid)
      return (int) i;
  return -1;
}

static GType
accord_article_list_get_item_type (GListModel *model)
{
  return ACCORD_TYPE_ARTICLE;
}

static guint
accord_article_list_get_n_items (GListModel *model)
{
  return ACCORD_ARTICLE_LIST (model)->rows->len;
}

static gpointer
accord_article_list_get_item (GListModel *model,
                              guint       position)
{
  AccordArticleList *self = ACCORD_ARTICLE_LIST (model);
  AccordArticle *article;

  if (position >= self->rows->len)
    return NULL;

  article = g_ptr_array_index (self->articles, position);
  if (article == NULL)
    {
      const AccordArticleRef *ref = &g_array_index (self->rows, AccordArticleRef, position);

      article = accord_store_load_article (self->store, ref->rowid);
      /* Seen meanwhile, maybe, as the timeline showed: new all the same
       * for as long as this list shows it. */
      if (article != NULL)
        accord_article_set_is_new (article, ref->is_new);
      if (article == NULL)
        {
          /* A newer snapshot replaced the row before the list was
           * refreshed: stand in with an empty article rather than a
           * hole, which a list model must never have. */
          AccordArticleData gone = { .id = "", .in_feed = FALSE };
          article = accord_article_new (&gone);
        }
      g_ptr_array_index (self->articles, position) = article;
    }

  return g_object_ref (article);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = accord_article_list_get_item_type;
  iface->get_n_items = accord_article_list_get_n_items;
  iface->get_item = accord_article_list_get_item;
}

static void
accord_article_list_finalize (GObject *object)
{
  AccordArticleList *self = ACCORD_ARTICLE_LIST (object);

  g_clear_pointer (&self->articles, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (accord_article_list_parent_class)->finalize (object);
}

static void
accord_article_list_class_init (AccordArticleListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = accord_article_list_finalize;
}

static void
accord_article_list_init (AccordArticleList *self)
{
}
