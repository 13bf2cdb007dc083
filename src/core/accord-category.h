#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ACCORD_TYPE_CATEGORY (accord_category_get_type ())

G_DECLARE_FINAL_TYPE (AccordCategory, accord_category, ACCORD, CATEGORY, GObject)

AccordCategory *accord_category_new      (const char     *id,
                                          const char     *name_en,
                                          const char     *name_fr);
const char     *accord_category_get_id   (AccordCategory *self);
const char     *accord_category_get_name (AccordCategory *self,
                                          const char     *lang,
                                          gboolean       *is_fallback);
guint           accord_category_get_n_articles (AccordCategory *self);
void            accord_category_set_n_articles (AccordCategory *self,
                                                guint           n_articles);

G_END_DECLS
