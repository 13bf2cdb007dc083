#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ACCORD_TYPE_SIDEBAR_ROW (accord_sidebar_row_get_type ())

G_DECLARE_FINAL_TYPE (AccordSidebarRow, accord_sidebar_row, ACCORD, SIDEBAR_ROW, GtkWidget)

GtkWidget *accord_sidebar_row_new (void);
void       accord_sidebar_row_set (AccordSidebarRow *self,
                                   const char       *icon_name,
                                   const char       *title,
                                   const char       *title_lang,
                                   const char       *subtitle,
                                   guint             count);

void       accord_sidebar_row_set_item_id (AccordSidebarRow *self,
                                           const char       *id);
const char *accord_sidebar_row_get_item_id (AccordSidebarRow *self);
void       accord_sidebar_row_set_n_new (AccordSidebarRow *self,
                                         guint             n_new);
const char *accord_sidebar_row_get_spoken_label (AccordSidebarRow *self);

GtkWidget  *accord_sidebar_row_get_language_badge (AccordSidebarRow *self);
GtkWidget  *accord_sidebar_row_get_new_badge      (AccordSidebarRow *self);

int         accord_sidebar_row_estimate_height (GtkWidget  *list,
                                                int         width,
                                                const char *title,
                                                gboolean    title_badge,
                                                gboolean    has_subtitle,
                                                guint       count);

G_END_DECLS
