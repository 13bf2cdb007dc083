#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

const char *accord_pick_language (const char *lang,
                                  const char *en,
                                  const char *fr,
                                  gboolean   *is_fallback);
void        accord_remove_tree   (const char *path);
gboolean    accord_is_flatpak    (void);
const char *accord_json_get_string (JsonObject *object,
                                    const char *member);
char       *accord_sort_key        (const char *text);
gboolean    accord_text_is_blank   (const char *text);
char       *accord_search_fold_query (const char *text);
char       *accord_search_fold_index (const char *text);
int         accord_sort_compare    (const char *key_a,
                                    const char *text_a,
                                    const char *key_b,
                                    const char *text_b);

gboolean    accord_replace_file_contents        (GFile               *file,
                                                 GBytes              *contents,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
void        accord_replace_file_contents_async  (GFile               *file,
                                                 GBytes              *contents,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean    accord_replace_file_contents_finish (GFile               *file,
                                                 GAsyncResult        *result,
                                                 GError             **error);

GBytes     *accord_read_stream_capped           (GInputStream        *stream,
                                                 gsize                limit,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
void        accord_load_file_capped_async       (GFile               *file,
                                                 gsize                limit,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GBytes     *accord_load_file_capped_finish      (GFile               *file,
                                                 GAsyncResult        *result,
                                                 GError             **error);

char       *accord_resolve_links                (const char          *path);
void        accord_set_unnamed_files_for_tests  (gboolean             allowed);

G_END_DECLS
