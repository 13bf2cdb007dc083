#pragma once

#include <sqlite3.h>

#include "accord-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* The entities of the article "a", as the JSON array AccordArticle reads. */
#define ACCORD_ARTICLE_ENTITIES_JSON \
  "(SELECT json_group_array (json_object ('id', e.id, 'en', e.name_en, 'fr', e.name_fr))" \
  "   FROM article_entity ae JOIN entity e ON e.rowid = ae.entity WHERE ae.article = a.rowid)"

/* Brings every bookmark of an article in the snapshot up to date with it.
 * What the feed no longer gives (a title in English or in French, an
 * address dropped as invalid, no source) leaves what the bookmark knew:
 * it would otherwise be lost for good once the article leaves the feed. */
#define ACCORD_BOOKMARK_REFRESH_SQL \
  "UPDATE bookmark SET date = a.date," \
  "  title_en = coalesce(a.title_en, bookmark.title_en), title_fr = coalesce(a.title_fr, bookmark.title_fr)," \
  "  source = coalesce(a.source, bookmark.source), url = coalesce(a.url, bookmark.url)," \
  "  entities = " ACCORD_ARTICLE_ENTITIES_JSON \
  " FROM article a WHERE a.id = bookmark.article_id"

typedef struct
{
  guint  fail_after_articles;
  gint64 max_pages;
} AccordImportFault;

gboolean accord_store_run_import        (sqlite3                 *db,
                                         AccordFeed              *feed,
                                         AccordSnapshotOrigin     origin,
                                         const char * const      *state_keys,
                                         const char * const      *state_values,
                                         gboolean                 only_over_older_builtin,
                                         const AccordImportFault *fault,
                                         GCancellable            *cancellable,
                                         AccordImportStats       *stats,
                                         gboolean                *stored,
                                         GError                 **error);
gboolean accord_store_set_sqlite_error  (sqlite3                 *db,
                                         int                      rc,
                                         const char              *what,
                                         GError                 **error);
void     accord_store_bind_text         (sqlite3_stmt            *stmt,
                                         int                      index,
                                         const char              *text);
gboolean accord_store_write_sync_state  (sqlite3                 *db,
                                         const char * const      *keys,
                                         const char * const      *values,
                                         GError                 **error);

G_END_DECLS
