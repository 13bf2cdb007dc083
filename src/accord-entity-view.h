#pragma once

#include <adwaita.h>

#include "accord-entity.h"

G_BEGIN_DECLS

#define ACCORD_TYPE_ENTITY_VIEW (accord_entity_view_get_type ())

G_DECLARE_FINAL_TYPE (AccordEntityView, accord_entity_view, ACCORD, ENTITY_VIEW, AdwBreakpointBin)

AccordEntity *accord_entity_view_get_entity     (AccordEntityView *self);
void          accord_entity_view_set_entity     (AccordEntityView *self,
                                                 AccordEntity     *entity);
void          accord_entity_view_show_article   (AccordEntityView *self,
                                                 const char       *article_id);
void          accord_entity_view_focus_article  (AccordEntityView *self,
                                                 const char       *article_id);

GListModel   *accord_entity_view_get_timeline  (AccordEntityView *self);
gboolean      accord_entity_view_get_timeline_settled (AccordEntityView *self);
const char   *accord_entity_view_get_tab       (AccordEntityView *self);
void          accord_entity_view_set_tab       (AccordEntityView *self,
                                                const char       *tab);
void          accord_entity_view_switch_tab    (AccordEntityView *self,
                                                const char       *tab);
const char   *accord_entity_view_get_filter    (AccordEntityView *self);
void          accord_entity_view_set_filter    (AccordEntityView *self,
                                                const char       *text);
gboolean      accord_entity_view_get_filtering (AccordEntityView *self);
gboolean      accord_entity_view_is_in_filter  (AccordEntityView *self,
                                                GtkWidget        *widget);
void          accord_entity_view_focus_filter  (AccordEntityView *self);
const char   *accord_entity_view_get_category  (AccordEntityView *self);
void          accord_entity_view_set_category  (AccordEntityView *self,
                                                const char       *category_id);
double        accord_entity_view_get_scroll    (AccordEntityView *self);
void          accord_entity_view_set_scroll    (AccordEntityView *self,
                                                double            value);

G_END_DECLS
