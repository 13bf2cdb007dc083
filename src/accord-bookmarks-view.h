#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ACCORD_TYPE_BOOKMARKS_VIEW (accord_bookmarks_view_get_type ())

G_DECLARE_FINAL_TYPE (AccordBookmarksView, accord_bookmarks_view, ACCORD, BOOKMARKS_VIEW, AdwBin)

void        accord_bookmarks_view_reload    (AccordBookmarksView *self);
gboolean    accord_bookmarks_view_is_reading (AccordBookmarksView *self);
GListModel *accord_bookmarks_view_get_model (AccordBookmarksView *self);
void        accord_bookmarks_view_focus_article (AccordBookmarksView *self,
                                                 const char          *article_id);
double      accord_bookmarks_view_get_scroll (AccordBookmarksView *self);
void        accord_bookmarks_view_set_scroll (AccordBookmarksView *self,
                                              double               value);
void        accord_bookmarks_view_set_clock_offset (AccordBookmarksView *self,
                                                    GTimeSpan            offset);

G_END_DECLS
