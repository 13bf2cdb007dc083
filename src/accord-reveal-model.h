#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ACCORD_TYPE_REVEAL_MODEL (accord_reveal_model_get_type ())

G_DECLARE_FINAL_TYPE (AccordRevealModel, accord_reveal_model, ACCORD, REVEAL_MODEL, GObject)

AccordRevealModel *accord_reveal_model_new            (GListModel        *model,
                                                       guint              first_items);
GListModel        *accord_reveal_model_get_model      (AccordRevealModel *self);
void               accord_reveal_model_reveal_all     (AccordRevealModel *self);
gboolean           accord_reveal_model_get_all_revealed (AccordRevealModel *self);
void               accord_reveal_model_reveal_when_drawn (AccordRevealModel *self,
                                                       GtkWidget         *list);

G_END_DECLS
