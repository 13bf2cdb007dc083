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
};

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
  return self;
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
  return g_list_model_get_n_items (G_LIST_MODEL (ACCORD_TIMELINE_MODEL (model)->articles));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (ACCORD_TIMELINE_MODEL (model)->articles), position);
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
  accord_article_list_get_month_range (ACCORD_TIMELINE_MODEL (model)->articles, position, out_start, out_end);
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
