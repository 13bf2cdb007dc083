#define G_LOG_DOMAIN "accord-reveal-model"

#include "config.h"

#include "accord-reveal-model.h"

/* A list model that shows only the first items of another at first, and
 * all of them once asked, or a few more each frame once drawn.
 *
 * A GtkListView builds rows for up to a couple of hundred items of a long
 * model, however few fit on screen. Given the first items only, it builds
 * and draws those at once; the rest then come in a batch per frame, so
 * building the other rows never holds the main loop for long. Past
 * REVEAL_ALL_AFTER items the list has all the rows it keeps, and the
 * remaining items come in at once. Sections and changes of the wrapped
 * model pass through. */

#define REVEAL_PER_FRAME  24
#define REVEAL_ALL_AFTER 240

struct _AccordRevealModel
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_revealed;
  gboolean    all;
  GtkWidget  *list;
  guint       tick;
};

static void list_model_iface_init    (GListModelInterface      *iface);
static void section_model_iface_init (GtkSectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AccordRevealModel, accord_reveal_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SECTION_MODEL, section_model_iface_init))

static guint
n_shown (AccordRevealModel *self)
{
  guint n = g_list_model_get_n_items (self->model);

  return self->all ? n : MIN (n, self->n_revealed);
}

static void
on_items_changed (AccordRevealModel *self,
                  guint              position,
                  guint              removed,
                  guint              added)
{
  if (self->all)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  /* Before the reveal, only changes among the revealed items show. */
  if (position < self->n_revealed)
    {
      guint n = g_list_model_get_n_items (self->model);
      guint n_before = n - added + removed;
      guint before = MIN (self->n_revealed, n_before);
      guint after = MIN (self->n_revealed, n);

      /* Exact when nothing is hidden, or when nothing moves; otherwise
       * the items past @position move in or out of sight: all change. */
      if ((before == n_before && after == n) || removed == added)
        g_list_model_items_changed (G_LIST_MODEL (self), position,
                                    MIN (removed, before - position), MIN (added, after - position));
      else
        g_list_model_items_changed (G_LIST_MODEL (self), position, before - position, after - position);
    }
}

static void
on_sections_changed (AccordRevealModel *self,
                     guint              position,
                     guint              n_items)
{
  guint shown = n_shown (self);

  if (position < shown)
    gtk_section_model_sections_changed (GTK_SECTION_MODEL (self), position, MIN (n_items, shown - position));
}

/**
 * accord_reveal_model_new:
 * @model: the model to show
 * @first_items: how many of its items show before the reveal
 */
AccordRevealModel *
accord_reveal_model_new (GListModel *model,
                         guint       first_items)
{
  AccordRevealModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (ACCORD_TYPE_REVEAL_MODEL, NULL);
  self->model = g_object_ref (model);
  self->n_revealed = first_items;
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  if (GTK_IS_SECTION_MODEL (model))
    g_signal_connect_object (model, "sections-changed", G_CALLBACK (on_sections_changed), self, G_CONNECT_SWAPPED);
  return self;
}

/**
 * accord_reveal_model_get_model:
 *
 * Returns: (transfer none): the model it shows, every item of it
 */
GListModel *
accord_reveal_model_get_model (AccordRevealModel *self)
{
  g_return_val_if_fail (ACCORD_IS_REVEAL_MODEL (self), NULL);

  return self->model;
}

static void stop_watching (AccordRevealModel *self);

/* Only the items come in: a section cut short at @before has no start
 * past it, so no start of a section moves (see GtkSectionModel). */
static void
items_revealed (AccordRevealModel *self,
                guint              before,
                guint              after)
{
  if (after > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, after - before);
}

static void
reveal_everything (AccordRevealModel *self)
{
  guint before;

  if (self->all)
    return;

  before = n_shown (self);
  self->all = TRUE;
  items_revealed (self, before, n_shown (self));
}

void
accord_reveal_model_reveal_all (AccordRevealModel *self)
{
  g_return_if_fail (ACCORD_IS_REVEAL_MODEL (self));

  stop_watching (self);
  reveal_everything (self);
}

gboolean
accord_reveal_model_get_all_revealed (AccordRevealModel *self)
{
  g_return_val_if_fail (ACCORD_IS_REVEAL_MODEL (self), FALSE);

  return self->all || g_list_model_get_n_items (self->model) <= self->n_revealed;
}

static void
stop_watching (AccordRevealModel *self)
{
  if (self->tick != 0 && self->list != NULL)
    gtk_widget_remove_tick_callback (self->list, self->tick);
  self->tick = 0;
  g_clear_weak_pointer (&self->list);
}

static void
reveal_more (AccordRevealModel *self)
{
  guint before = n_shown (self);

  if (self->n_revealed + REVEAL_PER_FRAME >= MIN (REVEAL_ALL_AFTER, g_list_model_get_n_items (self->model)))
    {
      reveal_everything (self);
      return;
    }
  self->n_revealed += REVEAL_PER_FRAME;
  items_revealed (self, before, n_shown (self));
}

/* A row or header with a height: the list has been laid out. Its first
 * child may be a header that is hidden, and never gets one. */
static gboolean
has_laid_out_child (GtkWidget *list)
{
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_height (child) > 0)
      return TRUE;
  return FALSE;
}

static gboolean
reveal_if_drawn (GtkWidget     *list,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  AccordRevealModel *self = ACCORD_REVEAL_MODEL (user_data);

  /* Wait for the first rows to be laid out, then reveal a batch a frame. */
  if (!has_laid_out_child (list))
    return G_SOURCE_CONTINUE;

  reveal_more (self);
  if (!accord_reveal_model_get_all_revealed (self))
    return G_SOURCE_CONTINUE;

  self->tick = 0;
  g_clear_weak_pointer (&self->list);
  return G_SOURCE_REMOVE;
}

/**
 * accord_reveal_model_reveal_when_drawn:
 * @list: the list view showing the model
 *
 * Once @list has laid out its first rows, reveals the other items a
 * batch a frame.
 */
void
accord_reveal_model_reveal_when_drawn (AccordRevealModel *self,
                                       GtkWidget         *list)
{
  g_return_if_fail (ACCORD_IS_REVEAL_MODEL (self));
  g_return_if_fail (GTK_IS_WIDGET (list));

  stop_watching (self);
  if (accord_reveal_model_get_all_revealed (self))
    {
      reveal_everything (self);
      return;
    }

  g_set_weak_pointer (&self->list, list);
  self->tick = gtk_widget_add_tick_callback (list, reveal_if_drawn, self, NULL);
}

static GType
get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (ACCORD_REVEAL_MODEL (model)->model);
}

static guint
get_n_items (GListModel *model)
{
  return n_shown (ACCORD_REVEAL_MODEL (model));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  AccordRevealModel *self = ACCORD_REVEAL_MODEL (model);

  if (position >= n_shown (self))
    return NULL;
  return g_list_model_get_item (self->model, position);
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
  AccordRevealModel *self = ACCORD_REVEAL_MODEL (model);
  guint shown = n_shown (self);

  if (position >= shown)
    {
      *out_start = shown;
      *out_end = G_MAXUINT;
      return;
    }

  if (GTK_IS_SECTION_MODEL (self->model))
    gtk_section_model_get_section (GTK_SECTION_MODEL (self->model), position, out_start, out_end);
  else
    {
      *out_start = 0;
      *out_end = G_MAXUINT;
    }
  *out_end = MIN (*out_end, shown);
}

static void
section_model_iface_init (GtkSectionModelInterface *iface)
{
  iface->get_section = get_section;
}

static void
accord_reveal_model_dispose (GObject *object)
{
  AccordRevealModel *self = ACCORD_REVEAL_MODEL (object);

  stop_watching (self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (accord_reveal_model_parent_class)->dispose (object);
}

static void
accord_reveal_model_class_init (AccordRevealModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = accord_reveal_model_dispose;
}

static void
accord_reveal_model_init (AccordRevealModel *self)
{
}
