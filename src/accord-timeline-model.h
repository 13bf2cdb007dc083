#pragma once

#include <gtk/gtk.h>

#include "accord-article-list.h"

G_BEGIN_DECLS

#define ACCORD_TYPE_TIMELINE_MODEL (accord_timeline_model_get_type ())

G_DECLARE_FINAL_TYPE (AccordTimelineModel, accord_timeline_model, ACCORD, TIMELINE_MODEL, GObject)

AccordTimelineModel *accord_timeline_model_new       (AccordArticleList   *articles);
AccordArticleList   *accord_timeline_model_get_list  (AccordTimelineModel *self);
guint                accord_timeline_model_get_month (AccordTimelineModel *self,
                                                      guint                position);

G_END_DECLS
