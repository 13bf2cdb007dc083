#define G_LOG_DOMAIN "accord-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "accord-store-import.h"
#include "accord-string-table.h"
#include "accord-utils.h"

/* Replacing the snapshot: everything happens inside one transaction on a
 * connection of the import's own, and any failure rolls it back. */

#define CANCEL_CHECK_INTERVAL 1024

/* An import writes every page of a snapshot of tens of megabytes while
 * filling several indexes at once; with SQLite's default 2 MiB cache it
 * keeps spilling pages to the WAL and reading them back. 16 MiB, on the
 * import's own connection only, takes about a fifth off a large import
 * (see bench/) and changes nothing about atomicity or durability. */
#define IMPORT_CACHE_SIZE "PRAGMA cache_size = -16384"

/* The full-text indexes gather the words written to them in memory and
 * write them out each time that batch reaches this size. SQLite's
 * default, 1 MiB, writes a large snapshot's index in many small segments
 * that are merged again and again; 8 MiB takes about a quarter off
 * building the index (see bench/) for at most 8 MiB more memory per
 * index. The setting is kept in each index's configuration, for every
 * later write: it is set again at each import all the same, for stores
 * made before it. */
#define INDEX_BATCH_BYTES "8388608"

/* Every link an import makes joins an entity and an article it has just
 * inserted in the same transaction, and the snapshot's rows are deleted
 * children first: checking each link against its parents only cost time,
 * about half of what storing the links takes. */
#define IMPORT_FOREIGN_KEYS_OFF "PRAGMA foreign_keys = OFF"
#define IMPORT_FOREIGN_KEYS_ON  "PRAGMA foreign_keys = ON"

typedef struct
{
  sqlite3                *db;
  AccordFeed             *feed;
  const AccordImportFault *fault;
  GHashTable             *entity_rowids;   /* id → rowid */
  const char * const     *state_keys;      /* sync state set with the snapshot */
  const char * const     *state_values;
  sqlite3_stmt           *insert_category;
  sqlite3_stmt           *insert_entity;
  sqlite3_stmt           *insert_entity_fts;
  sqlite3_stmt           *insert_article;
  sqlite3_stmt           *insert_article_fts;
  sqlite3_stmt           *insert_link;
} Import;

static gboolean
import_error (Import      *import,
              int          rc,
              GError     **error)
{
  return accord_store_set_sqlite_error (import->db, rc, _("Could not store the feed"), error);
}

static gboolean
step_done (Import        *import,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return import_error (import, rc, error);
  return TRUE;
}

/* Binds @text, or NULL when it is missing. SQLite does not copy it: it
 * must stay valid until the statement is reset or finalized. */
void
accord_store_bind_text (sqlite3_stmt *stmt,
                        int           index,
                        const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_owned_text (sqlite3_stmt *stmt,
                 int           index,
                 char         *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, g_free);
  else
    sqlite3_bind_null (stmt, index);
}

/* Text for the full-text index, written as people type it (see
 * accord_search_fold_index()). Takes @text. */
static void
bind_search_text (sqlite3_stmt *stmt,
                  int           index,
                  char         *text)
{
  char *folded = text != NULL ? accord_search_fold_index (text) : NULL;

  if (folded != NULL)
    g_free (text);
  bind_owned_text (stmt, index, folded != NULL ? folded : text);
}

static gboolean
text_has_other_languages (const AccordFeedText *text)
{
  JsonObjectIter iter;
  const char *lang;

  if (text->all == NULL)
    return FALSE;

  json_object_iter_init (&iter, text->all);
  while (json_object_iter_next (&iter, &lang, NULL))
    if (strcmp (lang, "en") != 0 && strcmp (lang, "fr") != 0)
      return TRUE;
  return FALSE;
}

/* The languages the app does not show are kept, as the spec asks, in one
 * JSON column; most rows have none and store NULL. */
static char *
other_languages_json (const char * const    *fields,
                      const AccordFeedText **texts,
                      guint                  n)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < n && !any; i++)
    any = text_has_other_languages (texts[i]);
  if (!any)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node;

      if (texts[i]->all == NULL)
        continue;
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, texts[i]->all);
      json_builder_set_member_name (builder, fields[i]);
      json_builder_add_value (builder, node);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Kept as the spec asks, though not shown. */
static void
add_other_languages (JsonBuilder          *builder,
                     const AccordFeedText *text)
{
  JsonObjectIter iter;
  const char *lang;
  JsonNode *value;

  json_object_iter_init (&iter, text->all);
  while (json_object_iter_next (&iter, &lang, &value))
    if (strcmp (lang, "en") != 0 && strcmp (lang, "fr") != 0)
      {
        json_builder_set_member_name (builder, lang);
        json_builder_add_value (builder, json_node_copy (value));
      }
}

static void
builder_add_text (JsonBuilder          *builder,
                  const char           *member,
                  const AccordFeedText *text)
{
  if (text->all == NULL)
    return;

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  if (text->en != NULL)
    {
      json_builder_set_member_name (builder, "en");
      json_builder_add_string_value (builder, text->en);
    }
  if (text->fr != NULL)
    {
      json_builder_set_member_name (builder, "fr");
      json_builder_add_string_value (builder, text->fr);
    }
  add_other_languages (builder, text);
  json_builder_end_object (builder);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static char *
profile_json (const AccordFeedEntity *entity,
              GString                *fts_text)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (entity->profiles == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  for (guint i = 0; i < entity->profiles->len; i++)
    {
      const AccordFeedProfile *profile = &g_array_index (entity->profiles, AccordFeedProfile, i);
      gboolean indexed = strcmp (profile->lang, "en") == 0 || strcmp (profile->lang, "fr") == 0;

      json_builder_set_member_name (builder, profile->lang);
      json_builder_begin_array (builder);
      for (guint j = 0; j < profile->sections->len; j++)
        {
          const AccordFeedSection *section = &g_array_index (profile->sections, AccordFeedSection, j);

          json_builder_begin_object (builder);
          if (section->heading != NULL)
            {
              json_builder_set_member_name (builder, "heading");
              json_builder_add_string_value (builder, section->heading);
            }
          json_builder_set_member_name (builder, "body");
          json_builder_add_string_value (builder, section->body);
          json_builder_end_object (builder);

          if (indexed)
            g_string_append_printf (fts_text, "%s\n%s\n", section->heading ? section->heading : "",
                                    section->body);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  return builder_to_string (builder);
}

static char *
members_json (const AccordFeedEntity *entity)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (entity->members == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < entity->members->len; i++)
    {
      const AccordFeedMember *member = &g_array_index (entity->members, AccordFeedMember, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "country");
      json_builder_add_string_value (builder, member->country);
      json_builder_set_member_name (builder, "founding");
      json_builder_add_boolean_value (builder, member->founding);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return builder_to_string (builder);
}

static char *
links_json (const AccordFeedEntity *entity)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (entity->links == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < entity->links->len; i++)
    {
      const AccordFeedLink *link = &g_array_index (entity->links, AccordFeedLink, i);

      json_builder_begin_object (builder);
      builder_add_text (builder, "label", &link->label);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, link->url);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return builder_to_string (builder);
}

static char *
join_languages (const AccordFeedText *text)
{
  if (text->en != NULL && text->fr != NULL)
    return g_strconcat (text->en, "\n", text->fr, NULL);
  return g_strdup (text->en != NULL ? text->en : text->fr);
}

/* An item named in neither language is shown under its id, so that is
 * the name it must be found by. */
static char *
searchable_name (const AccordFeedText *name,
                 const char           *id)
{
  if (name->en == NULL && name->fr == NULL)
    return g_strdup (id);
  return join_languages (name);
}

static gboolean
insert_categories (Import  *import,
                   GError **error)
{
  static const char * const fields[] = { "name" };

  for (guint i = 0; i < accord_feed_get_n_categories (import->feed); i++)
    {
      const AccordFeedCategory *category = accord_feed_get_category (import->feed, i);
      const AccordFeedText *texts[] = { &category->name };
      sqlite3_stmt *stmt = import->insert_category;

      accord_store_bind_text (stmt, 1, category->id);
      accord_store_bind_text (stmt, 2, category->name.en);
      accord_store_bind_text (stmt, 3, category->name.fr);
      bind_owned_text (stmt, 4, other_languages_json (fields, texts, 1));
      if (!step_done (import, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_entity (Import                 *import,
               const AccordFeedEntity *entity,
               GError                **error)
{
  static const char * const fields[] = { "name", "acronym", "summary" };
  const AccordFeedText *texts[] = { &entity->name, &entity->acronym, &entity->summary };
  g_autoptr(GString) profile_text = g_string_new (NULL);
  sqlite3_stmt *stmt = import->insert_entity;
  gint64 rowid;

  accord_store_bind_text (stmt, 1, entity->id);
  accord_store_bind_text (stmt, 2, accord_entity_kind_to_string (entity->kind));
  accord_store_bind_text (stmt, 3, entity->name.en);
  accord_store_bind_text (stmt, 4, entity->name.fr);
  accord_store_bind_text (stmt, 5, entity->acronym.en);
  accord_store_bind_text (stmt, 6, entity->acronym.fr);
  accord_store_bind_text (stmt, 7, entity->summary.en);
  accord_store_bind_text (stmt, 8, entity->summary.fr);
  accord_store_bind_text (stmt, 9, entity->founded);
  accord_store_bind_text (stmt, 10, entity->updated);
  bind_owned_text (stmt, 11, profile_json (entity, profile_text));
  bind_owned_text (stmt, 12, members_json (entity));
  bind_owned_text (stmt, 13, links_json (entity));
  bind_owned_text (stmt, 14, other_languages_json (fields, texts, G_N_ELEMENTS (texts)));
  if (!step_done (import, stmt, error))
    return FALSE;

  rowid = sqlite3_last_insert_rowid (import->db);
  g_hash_table_insert (import->entity_rowids, (gpointer) entity->id, GINT_TO_POINTER ((gint) rowid));

  stmt = import->insert_entity_fts;
  sqlite3_bind_int64 (stmt, 1, rowid);
  bind_search_text (stmt, 2, searchable_name (&entity->name, entity->id));
  bind_search_text (stmt, 3, join_languages (&entity->acronym));
  bind_search_text (stmt, 4, join_languages (&entity->summary));
  bind_search_text (stmt, 5, g_string_free_and_steal (g_steal_pointer (&profile_text)));
  return step_done (import, stmt, error);
}

static gboolean
insert_entities (Import        *import,
                 GCancellable  *cancellable,
                 GError       **error)
{
  for (guint i = 0; i < accord_feed_get_n_entities (import->feed); i++)
    {
      if (i % CANCEL_CHECK_INTERVAL == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!insert_entity (import, accord_feed_get_entity (import->feed, i), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_article (Import                  *import,
                const AccordFeedArticle *article,
                GError                 **error)
{
  static const char * const fields[] = { "title", "summary" };
  const AccordFeedText *texts[] = { &article->title, &article->summary };
  sqlite3_stmt *stmt = import->insert_article;
  gint64 rowid;

  accord_store_bind_text (stmt, 1, article->id);
  accord_store_bind_text (stmt, 2, article->date);
  accord_store_bind_text (stmt, 3, article->category);
  accord_store_bind_text (stmt, 4, article->source);
  accord_store_bind_text (stmt, 5, article->url);
  accord_store_bind_text (stmt, 6, article->title.en);
  accord_store_bind_text (stmt, 7, article->title.fr);
  accord_store_bind_text (stmt, 8, article->summary.en);
  accord_store_bind_text (stmt, 9, article->summary.fr);
  bind_owned_text (stmt, 10, other_languages_json (fields, texts, G_N_ELEMENTS (texts)));
  if (!step_done (import, stmt, error))
    return FALSE;

  rowid = sqlite3_last_insert_rowid (import->db);

  stmt = import->insert_article_fts;
  sqlite3_bind_int64 (stmt, 1, rowid);
  bind_search_text (stmt, 2, searchable_name (&article->title, article->id));
  bind_search_text (stmt, 3, g_strdup (article->source));
  bind_search_text (stmt, 4, join_languages (&article->summary));
  if (!step_done (import, stmt, error))
    return FALSE;

  stmt = import->insert_link;
  for (guint i = 0; i < article->n_entities; i++)
    {
      gpointer entity_rowid = g_hash_table_lookup (import->entity_rowids, article->entities[i]);

      g_assert (entity_rowid != NULL);
      sqlite3_bind_int64 (stmt, 1, GPOINTER_TO_INT (entity_rowid));
      accord_store_bind_text (stmt, 2, article->date);
      sqlite3_bind_int64 (stmt, 3, rowid);
      if (!step_done (import, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const AccordFeedArticle *x = a;
  const AccordFeedArticle *y = b;

  /* Dates are YYYY-MM-DD: their text order is their time order. */
  return -strcmp (x->date, y->date);
}

/* Articles are stored newest first, so that their rows, and the full-text
 * index's document ids, follow their dates: a search can then rank the
 * most recent matches without reading the others. */
static gboolean
insert_articles (Import        *import,
                 GCancellable  *cancellable,
                 GError       **error)
{
  guint n = accord_feed_get_n_articles (import->feed);
  g_autoptr(GPtrArray) order = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (order, (gpointer) accord_feed_get_article (import->feed, i));
  g_ptr_array_sort_values (order, compare_newest_first);

  for (guint i = 0; i < n; i++)
    {
      if (i % CANCEL_CHECK_INTERVAL == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (import->fault->fail_after_articles > 0 && i == import->fault->fail_after_articles)
        {
          g_set_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FAILED,
                       "Could not store the feed: injected failure after %u articles", i);
          return FALSE;
        }
      if (!insert_article (import, g_ptr_array_index (order, i), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
prepare_all (Import  *import,
             GError **error)
{
  struct { sqlite3_stmt **stmt; const char *sql; } statements[] = {
    { &import->insert_category,
      "INSERT INTO category (id, name_en, name_fr, texts) VALUES (?1, ?2, ?3, ?4)" },
    { &import->insert_entity,
      "INSERT INTO entity (id, kind, name_en, name_fr, acronym_en, acronym_fr, summary_en, summary_fr,"
      " founded, updated, profile, members, links, texts)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)" },
    { &import->insert_entity_fts,
      "INSERT INTO entity_fts (rowid, name, acronym, summary, profile) VALUES (?1, ?2, ?3, ?4, ?5)" },
    { &import->insert_article,
      "INSERT INTO article (id, date, category, source, url, title_en, title_fr, summary_en, summary_fr, texts)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)" },
    { &import->insert_article_fts,
      "INSERT INTO article_fts (rowid, title, source, summary) VALUES (?1, ?2, ?3, ?4)" },
    { &import->insert_link,
      "INSERT OR IGNORE INTO article_entity (entity, date, article) VALUES (?1, ?2, ?3)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      int rc = sqlite3_prepare_v2 (import->db, statements[i].sql, -1, statements[i].stmt, NULL);

      if (rc != SQLITE_OK)
        return import_error (import, rc, error);
    }
  return TRUE;
}

static void
finalize_all (Import *import)
{
  sqlite3_finalize (import->insert_category);
  sqlite3_finalize (import->insert_entity);
  sqlite3_finalize (import->insert_entity_fts);
  sqlite3_finalize (import->insert_article);
  sqlite3_finalize (import->insert_article_fts);
  sqlite3_finalize (import->insert_link);
}

static gboolean
exec_import_sql (Import      *import,
                 const char  *sql,
                 GError     **error)
{
  int rc = sqlite3_exec (import->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return import_error (import, rc, error);
  return TRUE;
}

static gboolean
clear_snapshot (Import  *import,
                GError **error)
{
  return exec_import_sql (import,
                          "DELETE FROM article_entity;"
                          "DELETE FROM article;"
                          "DELETE FROM entity;"
                          "DELETE FROM category;"
                          "INSERT INTO entity_fts (entity_fts) VALUES ('delete-all');"
                          "INSERT INTO article_fts (article_fts) VALUES ('delete-all');"
                          "INSERT INTO entity_fts (entity_fts, rank) VALUES ('hashsize', " INDEX_BATCH_BYTES ");"
                          "INSERT INTO article_fts (article_fts, rank) VALUES ('hashsize', " INDEX_BATCH_BYTES ");",
                          error);
}

/* New articles are those a sync brought that were never stored before.
 * The very first snapshot has none, or every article would be marked new
 * on first start, and neither do the built-in data and imported files. */
static gboolean
update_article_state (Import             *import,
                      gboolean            first_snapshot,
                      AccordImportStats  *stats,
                      GError            **error)
{
  g_autofree char *sql = g_strdup_printf (
    "DELETE FROM article_state WHERE id NOT IN (SELECT id FROM article);"
    "INSERT INTO article_state (id, first_seen, seen)"
    " SELECT id, %" G_GINT64_FORMAT ", %d FROM article WHERE true"
    " ON CONFLICT (id) DO NOTHING;",
    g_get_real_time () / G_USEC_PER_SEC, first_snapshot ? 1 : 0);

  if (!exec_import_sql (import, sql, error))
    return FALSE;
  stats->n_new_articles = first_snapshot ? 0 : (guint) sqlite3_changes (import->db);
  return TRUE;
}

/* Counted once here rather than each time the sidebar lists entities. */
static gboolean
count_articles (Import  *import,
                GError **error)
{
  return exec_import_sql (import,
                          "UPDATE entity SET n_articles ="
                          " (SELECT count(*) FROM article_entity ae WHERE ae.entity = entity.rowid);",
                          error);
}

/* Bookmarks keep what they last knew of their article; an article that
 * is back in the feed brings them up to date again. */
static gboolean
refresh_bookmarks (Import  *import,
                   GError **error)
{
  return exec_import_sql (import, ACCORD_BOOKMARK_REFRESH_SQL ";", error);
}

static gboolean
write_snapshot_meta (Import               *import,
                     AccordSnapshotOrigin  origin,
                     GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *generated = accord_feed_get_generated (import->feed);
  int rc;

  rc = sqlite3_prepare_v2 (import->db,
                           "INSERT OR REPLACE INTO meta (key, value) VALUES"
                           " ('snapshot-origin', ?1), ('snapshot-generated', ?2),"
                           " ('snapshot-generated-unix', ?3), ('snapshot-imported', ?4)",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return import_error (import, rc, error);

  sqlite3_bind_int (stmt, 1, origin);
  accord_store_bind_text (stmt, 2, generated);
  sqlite3_bind_int64 (stmt, 3, accord_feed_get_generated_unix (import->feed));
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return import_error (import, rc, error);
  return TRUE;
}

static gboolean
snapshot_is_empty (Import *import)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (import->db, "SELECT NOT EXISTS (SELECT 1 FROM meta WHERE key = 'snapshot-origin')",
                          -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  return sqlite3_column_int (stmt, 0) != 0;
}

/* Whether the snapshot is built-in data older than the feed: a snapshot
 * the user imported or synced stays, whatever its date (a feed may have
 * none). Read inside the import's transaction, so that no other import
 * can come in between. */
static gboolean
snapshot_is_older_builtin (Import *import)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (import->db,
                          "SELECT (SELECT value FROM meta WHERE key = 'snapshot-origin') = ?1"
                          " AND (SELECT value FROM meta WHERE key = 'snapshot-generated-unix') < ?2",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int (stmt, 1, ACCORD_SNAPSHOT_BUILTIN);
  sqlite3_bind_int64 (stmt, 2, accord_feed_get_generated_unix (import->feed));
  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
}

static gboolean
run_import (Import                *import,
            AccordSnapshotOrigin   origin,
            gboolean               only_over_older_builtin,
            GCancellable          *cancellable,
            AccordImportStats     *stats,
            gboolean              *stored,
            GError               **error)
{
  gboolean first_snapshot;

  if (!exec_import_sql (import, "BEGIN IMMEDIATE", error))
    return FALSE;

  first_snapshot = snapshot_is_empty (import);
  if (only_over_older_builtin && !first_snapshot && !snapshot_is_older_builtin (import))
    {
      *stored = FALSE;
      return exec_import_sql (import, "ROLLBACK", error);
    }

  if (!prepare_all (import, error) ||
      !clear_snapshot (import, error) ||
      !insert_categories (import, error) ||
      !insert_entities (import, cancellable, error) ||
      !insert_articles (import, cancellable, error) ||
      !update_article_state (import, first_snapshot || origin != ACCORD_SNAPSHOT_SYNC, stats, error) ||
      !count_articles (import, error) ||
      !refresh_bookmarks (import, error) ||
      !write_snapshot_meta (import, origin, error) ||
      (import->state_keys != NULL &&
       !accord_store_write_sync_state (import->db, import->state_keys, import->state_values, error)))
    return FALSE;

  /* The last moment a cancel can still leave the old snapshot in place. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  *stored = TRUE;
  return exec_import_sql (import, "COMMIT", error);
}

/* @state_keys, @state_values: (nullable): sync state to set along with
 * the snapshot, as accord_store_set_sync_state() takes it.
 * @only_over_older_builtin: stores @feed only in an empty store or over
 * built-in data generated before it; @stored then says whether it did. */
gboolean
accord_store_run_import (sqlite3                 *db,
                         AccordFeed              *feed,
                         AccordSnapshotOrigin     origin,
                         const char * const      *state_keys,
                         const char * const      *state_values,
                         gboolean                 only_over_older_builtin,
                         const AccordImportFault *fault,
                         GCancellable            *cancellable,
                         AccordImportStats       *stats,
                         gboolean                *stored,
                         GError                 **error)
{
  Import import = { db, feed, fault, NULL, state_keys, state_values };
  gboolean ok, local_stored = FALSE;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (feed != NULL, FALSE);
  g_return_val_if_fail (fault != NULL, FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  import.entity_rowids = accord_string_table_new (NULL, NULL);

  sqlite3_exec (db, IMPORT_CACHE_SIZE, NULL, NULL, NULL);
  sqlite3_exec (db, IMPORT_FOREIGN_KEYS_OFF, NULL, NULL, NULL);

  /* A small cache spills pages to the WAL before the fault, as a large
   * import does before a full disk stops it. */
  if (fault->fail_after_articles > 0)
    sqlite3_exec (db, "PRAGMA cache_size = 8", NULL, NULL, NULL);
  if (fault->max_pages > 0)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, fault->max_pages);
      sqlite3_exec (db, sql, NULL, NULL, NULL);
    }

  ok = run_import (&import, origin, only_over_older_builtin, cancellable, stats, &local_stored, error);

  finalize_all (&import);
  g_hash_table_unref (import.entity_rowids);

  if (!ok)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  /* Only takes effect outside a transaction: after the commit or rollback. */
  sqlite3_exec (db, IMPORT_FOREIGN_KEYS_ON, NULL, NULL, NULL);
  if (!ok)
    return FALSE;

  if (stored != NULL)
    *stored = local_stored;
  if (!local_stored)
    return TRUE;

  stats->n_categories = accord_feed_get_n_categories (feed);
  stats->n_entities = accord_feed_get_n_entities (feed);
  stats->n_articles = accord_feed_get_n_articles (feed);
  stats->n_skipped = accord_feed_get_n_skipped (feed);
  return TRUE;
}
