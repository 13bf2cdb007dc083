#pragma once

#include <adwaita.h>

#include "accord-store.h"

G_BEGIN_DECLS

#define ACCORD_TYPE_SIDEBAR (accord_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (AccordSidebar, accord_sidebar, ACCORD, SIDEBAR, AdwBin)

void        accord_sidebar_reload           (AccordSidebar *self);
void        accord_sidebar_focus_search     (AccordSidebar *self);
void        accord_sidebar_popup_primary_menu (AccordSidebar *self);
void        accord_sidebar_focus_selection  (AccordSidebar *self);
char       *accord_sidebar_describe_focus   (AccordSidebar *self,
                                             GtkWidget     *focus);
void        accord_sidebar_restore_focus    (AccordSidebar *self,
                                             const char    *where);
void        accord_sidebar_select_entity    (AccordSidebar *self,
                                             const char    *entity_id);
void        accord_sidebar_select_bookmarks (AccordSidebar *self);
void        accord_sidebar_unselect         (AccordSidebar *self);
void        accord_sidebar_mark_entity      (AccordSidebar *self,
                                             const char    *entity_id);
void        accord_sidebar_set_search_text  (AccordSidebar *self,
                                             const char    *text);
GListModel *accord_sidebar_get_results      (AccordSidebar *self);
void        accord_sidebar_set_banner       (AccordSidebar *self,
                                             const char    *title,
                                             const char    *button_label,
                                             const char    *action_name);
GListModel *accord_sidebar_get_entities     (AccordSidebar *self);
const char *accord_sidebar_get_search_text  (AccordSidebar *self);
gboolean    accord_sidebar_get_searching    (AccordSidebar *self);
double      accord_sidebar_get_scroll       (AccordSidebar *self);
void        accord_sidebar_set_scroll       (AccordSidebar *self,
                                             double         value,
                                             gboolean       show_selection);
gboolean    accord_sidebar_get_selection_in_view (AccordSidebar *self);
double      accord_sidebar_get_list_scroll  (AccordSidebar *self,
                                             gboolean      *selection_shown);
void        accord_sidebar_set_list_scroll  (AccordSidebar *self,
                                             double         value,
                                             gboolean       show_selection);

/* The selection's special value for the Bookmarks row. */
#define ACCORD_SIDEBAR_BOOKMARKS "bookmarks"

G_END_DECLS
