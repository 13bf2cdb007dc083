#pragma once

#include <adwaita.h>

#include "accord-application.h"
#include "accord-article.h"

G_BEGIN_DECLS

#define ACCORD_TYPE_WINDOW (accord_window_get_type ())

G_DECLARE_FINAL_TYPE (AccordWindow, accord_window, ACCORD, WINDOW, AdwApplicationWindow)

AccordWindow *accord_window_new                (AccordApplication *application);
void          accord_window_toggle_bookmark    (AccordWindow      *self,
                                                AccordArticle     *article);
void          accord_window_open_entity        (AccordWindow      *self,
                                                const char        *entity_id);
GtkWidget    *accord_window_get_sidebar        (AccordWindow      *self);
GtkWidget    *accord_window_get_entity_view    (AccordWindow      *self);
GtkWidget    *accord_window_get_bookmarks_view (AccordWindow      *self);
AdwNavigationSplitView *accord_window_get_split_view (AccordWindow *self);
const char   *accord_window_get_visible_view   (AccordWindow      *self);
GVariant     *accord_window_save_state         (AccordWindow      *self);
void          accord_window_restore_state      (AccordWindow      *self,
                                                GVariant          *state);
void          accord_window_take_undo          (AccordWindow      *self,
                                                AccordWindow      *from);
void          accord_window_import_bookmarks   (AccordWindow      *self,
                                                GFile             *file);
void          accord_window_export_bookmarks   (AccordWindow      *self,
                                                GFile             *file);

G_END_DECLS
