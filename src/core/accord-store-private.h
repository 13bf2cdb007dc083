#pragma once

#include <sqlite3.h>

#include "accord-store.h"

G_BEGIN_DECLS

#define ACCORD_STORE_SCHEMA_VERSION 6

/* For AccordArticleList, which reads rows on demand. */
AccordArticle *accord_store_load_article        (AccordStore  *self,
                                                 gint64        rowid);
gint64         accord_store_find_article_row    (AccordStore  *self,
                                                 const char   *article_id);

/* For tests only. */
gboolean       accord_store_create_at_version   (const char   *path,
                                                 int           version,
                                                 GError      **error);
void           accord_store_set_busy_timeout    (AccordStore  *self,
                                                 int           ms);
void           accord_store_set_reader_delay    (AccordStore  *self,
                                                 guint         ms);
void           accord_store_set_reader_fails    (AccordStore  *self,
                                                 gboolean      fails);
void           accord_store_set_import_fault    (AccordStore  *self,
                                                 guint         fail_after_articles,
                                                 gint64        max_pages);
void           accord_store_set_bookmarks_max_bytes (gsize     max_bytes);
int            accord_store_get_writer_synchronous (AccordStore *self);

G_END_DECLS
