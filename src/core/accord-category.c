#define G_LOG_DOMAIN "accord-category"

#include "config.h"

#include "accord-category.h"
#include "accord-utils.h"

/* An article category, such as "Law / text adopted". */
struct _AccordCategory
{
  GObject  parent_instance;

  char    *id;
  char    *name_en;
  char    *name_fr;
  guint    n_articles;
};

G_DEFINE_FINAL_TYPE (AccordCategory, accord_category, G_TYPE_OBJECT)

AccordCategory *
accord_category_new (const char *id,
                     const char *name_en,
                     const char *name_fr)
{
  AccordCategory *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (ACCORD_TYPE_CATEGORY, NULL);
  self->id = g_strdup (id);
  self->name_en = g_strdup (name_en);
  self->name_fr = g_strdup (name_fr);
  return self;
}

const char *
accord_category_get_id (AccordCategory *self)
{
  g_return_val_if_fail (ACCORD_IS_CATEGORY (self), NULL);
  return self->id;
}

const char *
accord_category_get_name (AccordCategory *self,
                          const char     *lang,
                          gboolean       *is_fallback)
{
  const char *name;

  g_return_val_if_fail (ACCORD_IS_CATEGORY (self), NULL);

  name = accord_pick_language (lang, self->name_en, self->name_fr, is_fallback);
  return name != NULL ? name : self->id;
}

/**
 * accord_category_get_n_articles:
 *
 * Returns: how many of an entity's articles are in the category, when
 *   listed for one (accord_store_list_categories()), else 0
 */
guint
accord_category_get_n_articles (AccordCategory *self)
{
  g_return_val_if_fail (ACCORD_IS_CATEGORY (self), 0);
  return self->n_articles;
}

void
accord_category_set_n_articles (AccordCategory *self,
                                guint           n_articles)
{
  g_return_if_fail (ACCORD_IS_CATEGORY (self));
  self->n_articles = n_articles;
}

static void
accord_category_finalize (GObject *object)
{
  AccordCategory *self = ACCORD_CATEGORY (object);

  g_free (self->id);
  g_free (self->name_en);
  g_free (self->name_fr);

  G_OBJECT_CLASS (accord_category_parent_class)->finalize (object);
}

static void
accord_category_class_init (AccordCategoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = accord_category_finalize;
}

static void
accord_category_init (AccordCategory *self)
{
}
