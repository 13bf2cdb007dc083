#define G_LOG_DOMAIN "accord-timeline-model"

#include "config.h"

#include "accord-timeline-model.h"

/* The articles of a timeline in sections by month, for a GtkListView
 * with month headers. The months come from the article list's index, so
 * no article is read to draw a header. */
struct _AccordTimelineModel
{
  GObject            parent_instance;

  AccordArticleList *articles;
  guint              n_shown;
};

/* Enough rows to fill a tall window, before the rest is revealed. */
#define FIRST_ROWS 16

static void list_model_iface_init    (GListModelInterface    *iface);
static void section_model_iface_init (GtkSectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AccordTimelineModel, accord_timeline_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SECTION_MODEL, section_model_iface_init))

AccordTimelineModel *
accord_timeline_model_new (AccordArticleList *articles)
{
  AccordTimelineModel *self;

  g_return_val_if_fail (ACCORD_IS_ARTICLE_LIST (articles), NULL);

  self = g_object_new (ACCORD_TYPE_TIMELINE_MODEL, NULL);
  self->articles = g_object_ref (articles);
  self->n_shown = MIN (FIRST_ROWS, g_list_model_get_n_items (G_LIST_MODEL (articles)));
  return self;
}

/**
 * accord_timeline_model_reveal_all:
 *
 * The model starts with its first rows only: a list view that has not
 * measured a row yet builds a couple of hundred of them, however few fit.
 * Once it has drawn the first ones, the rest come in and it builds only
 * those that show.
 */
void
accord_timeline_model_reveal_all (AccordTimelineModel *self)
{
  guint total, shown;

  g_return_if_fail (ACCORD_IS_TIMELINE_MODEL (self));

  total = g_list_model_get_n_items (G_LIST_MODEL (self->articles));
  shown = self->n_shown;
  if (shown == total)
    return;

  self->n_shown = total;
  g_list_model_items_changed (G_LIST_MODEL (self), shown, 0, total - shown);
}

gboolean
accord_timeline_model_get_all_revealed (AccordTimelineModel *self)
{
  g_return_val_if_fail (ACCORD_IS_TIMELINE_MODEL (self), FALSE);

  return self->n_shown == g_list_model_get_n_items (G_LIST_MODEL (self->articles));
}

AccordArticleList *
accord_timeline_model_get_list (AccordTimelineModel *self)
{
  g_return_val_if_fail (ACCORD_IS_TIMELINE_MODEL (self), NULL);

  return self->articles;
}

/**
 * accord_timeline_model_get_month:
 *
 * Returns: the month of the article at @position, as YYYYMM
 */
guint
accord_timeline_model_get_month (AccordTimelineModel *self,
                                 guint                position)
{
  g_return_val_if_fail (ACCORD_IS_TIMELINE_MODEL (self), 0);

  return accord_article_list_get_month (self->articles, position);
}

static GType
get_item_type (GListModel *model)
{
  return ACCORD_TYPE_ARTICLE;
}

static guint
get_n_items (GListModel *model)
{
  return ACCORD_TIMELINE_MODEL (model)->n_shown;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  AccordTimelineModel *self = ACCORD_TIMELINE_MODEL (model);

  if (position >= self->n_shown)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->articles), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
get_section (GtkSectionModel *model,
             guint            position,
             guint           *out_start,
             guint           *out_end)
{
  AccordTimelineModel *self = ACCORD_TIMELINE_MODEL (model);

  if (position >= self->n_shown)
    {
      *out_start = self->n_shown;
      *out_end = G_MAXUINT;
      return;
    }
  accord_article_list_get_month_range (self->articles, position, out_start, out_end);
  *out_end = MIN (*out_end, self->n_shown);
}

static void
section_model_iface_init (GtkSectionModelInterface *iface)
{
  iface->get_section = get_section;
}

static void
accord_timeline_model_finalize (GObject *object)
{
  g_clear_object (&ACCORD_TIMELINE_MODEL (object)->articles);

  G_OBJECT_CLASS (accord_timeline_model_parent_class)->finalize (object);
}

static void
accord_timeline_model_class_init (AccordTimelineModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = accord_timeline_model_finalize;
}

static void
accord_timeline_model_init (AccordTimelineModel *self)
{
}
