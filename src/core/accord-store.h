#pragma once

#include <gio/gio.h>

#include "accord-article.h"
#include "accord-category.h"
#include "accord-entity.h"
#include "accord-feed.h"

G_BEGIN_DECLS

#define ACCORD_STORE_ERROR (accord_store_error_quark ())

/* For a bookmark's time: the time it is stored. */
#define ACCORD_BOOKMARK_NOW G_MININT64

/* Far more than any export: 25,000 bookmarks take about 10 MiB. */
#define ACCORD_BOOKMARKS_MAX_BYTES (64 * 1024 * 1024)

typedef enum
{
  ACCORD_STORE_ERROR_FAILED,
  ACCORD_STORE_ERROR_FULL,
  ACCORD_STORE_ERROR_CORRUPT,
  ACCORD_STORE_ERROR_BUSY,
  ACCORD_STORE_ERROR_NEWER_SCHEMA,
  ACCORD_STORE_ERROR_NOT_FOUND,
  ACCORD_STORE_ERROR_INVALID_BOOKMARKS,
  ACCORD_STORE_ERROR_READ_ONLY,
  ACCORD_STORE_ERROR_FOREIGN,
  ACCORD_STORE_ERROR_EXPORT_REFUSED,
} AccordStoreError;

typedef enum
{
  ACCORD_SNAPSHOT_NONE,
  ACCORD_SNAPSHOT_BUILTIN,
  ACCORD_SNAPSHOT_FILE,
  ACCORD_SNAPSHOT_SYNC,
} AccordSnapshotOrigin;

typedef struct
{
  guint n_entities;
  guint n_articles;
  guint n_categories;
  guint n_skipped;
  guint n_new_articles;
} AccordImportStats;

typedef struct
{
  guint n_added;
  guint n_existing;
  guint n_skipped;
} AccordBookmarkImportStats;

typedef struct _AccordEntityPrefetch AccordEntityPrefetch;

#define ACCORD_TYPE_STORE (accord_store_get_type ())

G_DECLARE_FINAL_TYPE (AccordStore, accord_store, ACCORD, STORE, GObject)

GQuark                accord_store_error_quark          (void) G_GNUC_CONST;

char                 *accord_store_default_path         (void);
AccordStore          *accord_store_new                  (const char            *path,
                                                         GError               **error);
AccordStore          *accord_store_new_read_only        (const char            *path,
                                                         GError               **error);

gboolean              accord_store_import_feed          (AccordStore           *self,
                                                         AccordFeed            *feed,
                                                         AccordSnapshotOrigin   origin,
                                                         GCancellable          *cancellable,
                                                         AccordImportStats     *stats,
                                                         GError               **error);
void                  accord_store_import_feed_async    (AccordStore           *self,
                                                         AccordFeed            *feed,
                                                         AccordSnapshotOrigin   origin,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
void                  accord_store_import_synced_feed_async (AccordStore       *self,
                                                         AccordFeed            *feed,
                                                         const char * const    *state_keys,
                                                         const char * const    *state_values,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean              accord_store_import_feed_finish   (AccordStore           *self,
                                                         GAsyncResult          *result,
                                                         AccordImportStats     *stats,
                                                         GError               **error);

AccordSnapshotOrigin  accord_store_get_snapshot_origin  (AccordStore           *self);
gint64                accord_store_get_snapshot_generated (AccordStore         *self);

GListModel           *accord_store_list_entities        (AccordStore           *self,
                                                         const char            *lang);
AccordEntityPrefetch *accord_store_prefetch_entities    (AccordStore           *self,
                                                         GBytes                *builtin,
                                                         const char            *lang);
GListModel           *accord_entity_prefetch_join       (AccordStore           *self,
                                                         AccordEntityPrefetch  *prefetch,
                                                         const char            *lang,
                                                         AccordImportStats     *stats,
                                                         GError               **builtin_error);
void                  accord_entity_prefetch_discard    (AccordEntityPrefetch  *prefetch);
AccordEntity         *accord_store_get_entity           (AccordStore           *self,
                                                         const char            *id);
GListModel           *accord_store_list_articles        (AccordStore           *self,
                                                         const char            *entity_id,
                                                         const char            *category_id,
                                                         const char            *text);
void                  accord_store_list_articles_async  (AccordStore           *self,
                                                         const char            *entity_id,
                                                         const char            *category_id,
                                                         const char            *text,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
GListModel           *accord_store_list_articles_finish (AccordStore           *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
GListModel           *accord_store_list_categories      (AccordStore           *self,
                                                         const char            *entity_id);
void                  accord_store_list_categories_async (AccordStore          *self,
                                                         const char            *entity_id,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
GListModel           *accord_store_list_categories_finish (AccordStore         *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
GListModel           *accord_store_search               (AccordStore           *self,
                                                         const char            *query,
                                                         guint                  max_per_kind);
void                  accord_store_search_async         (AccordStore           *self,
                                                         const char            *query,
                                                         guint                  max_per_kind,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
GListModel           *accord_store_search_finish        (AccordStore           *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
GListModel           *accord_store_list_bookmarks       (AccordStore           *self);
void                  accord_store_list_bookmarks_async (AccordStore           *self,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
GListModel           *accord_store_list_bookmarks_finish (AccordStore         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
guint                 accord_store_get_n_bookmarks      (AccordStore           *self);
gboolean              accord_store_is_bookmarked        (AccordStore           *self,
                                                         const char            *article_id);
void                  accord_store_follow_bookmark      (AccordStore           *self,
                                                         AccordArticle         *article,
                                                         const char            *changed_id);
gboolean              accord_store_add_bookmark         (AccordStore           *self,
                                                         AccordArticle         *article,
                                                         gint64                 created,
                                                         GError               **error);
gboolean              accord_store_remove_bookmark      (AccordStore           *self,
                                                         AccordArticle         *article,
                                                         GError               **error);
void                  accord_store_add_bookmark_async   (AccordStore           *self,
                                                         AccordArticle         *article,
                                                         gint64                 created,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
void                  accord_store_restore_bookmark_async (AccordStore         *self,
                                                           AccordArticle       *article,
                                                           gint64               created,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean              accord_store_add_bookmark_finish  (AccordStore           *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void                  accord_store_remove_bookmark_async (AccordStore          *self,
                                                         AccordArticle         *article,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean              accord_store_remove_bookmark_finish (AccordStore         *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
char                 *accord_store_export_bookmarks     (AccordStore           *self,
                                                         guint                 *n_exported,
                                                         GError               **error);
char                 *accord_store_export_readable_bookmarks (AccordStore      *self,
                                                              guint            *n_exported,
                                                              GError          **error);
gboolean              accord_store_check_export_destination (AccordStore     *self,
                                                           const char      *path,
                                                           GError         **error);
void                  accord_store_export_bookmarks_async (AccordStore         *self,
                                                         GFile               *destination,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
char                 *accord_store_export_bookmarks_finish (AccordStore        *self,
                                                          GAsyncResult       *result,
                                                          guint              *n_exported,
                                                          GError            **error);
gboolean              accord_store_check_bookmarks_size (goffset                size,
                                                         GError               **error);
gboolean              accord_store_import_bookmarks     (AccordStore           *self,
                                                         GBytes                *bytes,
                                                         AccordBookmarkImportStats *stats,
                                                         GError               **error);
void                  accord_store_import_bookmarks_async (AccordStore         *self,
                                                         GBytes                *bytes,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean              accord_store_import_bookmarks_finish (AccordStore        *self,
                                                         GAsyncResult          *result,
                                                         AccordBookmarkImportStats *stats,
                                                         GError               **error);

char                 *accord_store_dup_sync_state       (AccordStore           *self,
                                                         const char            *key);
gint64                accord_store_get_sync_time        (AccordStore           *self,
                                                         const char            *key);
gboolean              accord_store_set_sync_state       (AccordStore           *self,
                                                         const char * const    *keys,
                                                         const char * const    *values,
                                                         GError               **error);
void                  accord_store_set_sync_state_async (AccordStore         *self,
                                                         const char * const  *keys,
                                                         const char * const  *values,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean              accord_store_set_sync_state_finish (AccordStore        *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);
guint                 accord_store_get_n_new_articles   (AccordStore           *self,
                                                         const char            *entity_id);
void                  accord_store_wait_for_writes      (AccordStore           *self);
void                  accord_store_snapshot_changed_elsewhere (AccordStore     *self);
void                  accord_store_bookmarks_changed_elsewhere (AccordStore    *self);
void                  accord_store_mark_seen_async      (AccordStore           *self,
                                                         const char            *entity_id,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean              accord_store_mark_seen_finish     (AccordStore           *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);

G_END_DECLS
