#define G_LOG_DOMAIN "accord-test-store"
#define _GNU_SOURCE  /* unshare() */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "accord-utils.h"
#include "accord-test-data.h"
#include "accord-article-list.h"
#include "accord-builtin.h"
#include "accord-commands.h"
#include "accord-store-private.h"

typedef struct
{
  char        *dir;
  char        *path;
  AccordStore *store;
} Fixture;

static AccordFeed *
parse_string (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  AccordFeed *feed = accord_feed_parse (bytes, NULL, &error);

  g_assert_no_error (error);
  return feed;
}

static AccordFeed *
builtin_feed (void)
{
  g_autoptr(GBytes) bytes = accord_builtin_feed_get_bytes ();
  g_autoptr(GError) error = NULL;
  AccordFeed *feed = accord_feed_parse (bytes, NULL, &error);

  g_assert_no_error (error);
  return feed;
}

static void
import_feed (AccordStore *store,
             AccordFeed  *feed)
{
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;

  accord_store_import_feed (store, feed, ACCORD_SNAPSHOT_FILE, NULL, &stats, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("accord-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "accord", "accord.db", NULL);
  fixture->store = accord_store_new (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->store);
  accord_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static AccordArticle *
find_article (GListModel *list,
              const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (list, i);

      if (g_strcmp0 (accord_article_get_id (article), id) == 0)
        return g_steal_pointer (&article);
    }
  return NULL;
}

/* ---------------------------------------------------------------------- */

static void
test_builtin_snapshot (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = builtin_feed ();
  g_autoptr(GListModel) entities = NULL;
  g_autoptr(AccordEntity) gpai = NULL;
  g_autoptr(AccordEntity) first = NULL;
  g_autoptr(AccordEntity) last = NULL;
  g_autoptr(GListModel) articles = NULL;
  GArray *members;
  guint founding = 0;
  gboolean fallback;

  import_feed (fixture->store, feed);

  entities = accord_store_list_entities (fixture->store, "en");
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, accord_feed_get_n_entities (feed));
  first = g_list_model_get_item (entities, 0);
  last = g_list_model_get_item (entities, g_list_model_get_n_items (entities) - 1);
  g_assert_cmpint (accord_entity_get_kind (first), ==, ACCORD_ENTITY_KIND_ORGANISATION);
  g_assert_cmpint (accord_entity_get_kind (last), ==, ACCORD_ENTITY_KIND_LEGISLATION);

  gpai = accord_store_get_entity (fixture->store, "gpai");
  g_assert_nonnull (gpai);
  g_assert_cmpstr (accord_entity_get_acronym (gpai, "en", NULL), ==, "GPAI");
  g_assert_cmpstr (accord_entity_get_name (gpai, "fr", &fallback), ==,
                   "Partenariat mondial sur l’intelligence artificielle");
  g_assert_false (fallback);
  g_assert_cmpstr (accord_entity_get_founded (gpai), ==, "2020");
  g_assert_cmpstr (accord_entity_get_updated (gpai), ==, "2026-06-05");
  g_assert_nonnull (accord_entity_get_profile (gpai, "en"));
  g_assert_nonnull (accord_entity_get_profile (gpai, "fr"));
  g_assert_cmpuint (accord_entity_get_profile (gpai, "en")->len, >=, 4);

  members = accord_entity_get_members (gpai);
  g_assert_cmpuint (members->len, ==, 15);
  for (guint i = 0; i < members->len; i++)
    founding += g_array_index (members, AccordMember, i).founding;
  g_assert_cmpuint (founding, ==, 15);

  articles = accord_store_list_articles (fixture->store, "gpai", NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, 7);
  g_assert_cmpuint (accord_entity_get_n_articles (gpai), ==, 7);
  for (guint i = 1; i < g_list_model_get_n_items (articles); i++)
    {
      g_autoptr(AccordArticle) newer = g_list_model_get_item (articles, i - 1);
      g_autoptr(AccordArticle) older = g_list_model_get_item (articles, i);

      g_assert_cmpstr (accord_article_get_date (newer), >=, accord_article_get_date (older));
    }
}

/* The Code of Practice belongs to the AI Act, not to the Partnership. */
static void
test_builtin_code_of_practice (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = builtin_feed ();
  g_autoptr(GListModel) results = NULL;
  gboolean found = FALSE;

  import_feed (fixture->store, feed);
  results = accord_store_search (fixture->store, "code of practice final", 20);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);
      g_auto(GStrv) ids = NULL;

      if (!ACCORD_IS_ARTICLE (item))
        continue;
      ids = accord_article_dup_entity_ids (ACCORD_ARTICLE (item));
      g_assert_true (g_strv_contains ((const char * const *) ids, "eu-ai-act"));
      g_assert_false (g_strv_contains ((const char * const *) ids, "gpai"));
      found = TRUE;
    }
  g_assert_true (found);
}

static const char two_entities_feed[] =
  "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\","
  " \"categories\": [{\"id\": \"law\", \"name\": {\"en\": \"Law / text adopted\", \"fr\": \"Loi / texte adopté\"}}],"
  " \"entities\": ["
  "  {\"id\": \"zeta\", \"kind\": \"organisation\", \"name\": {\"en\": \"Zeta Council\", \"fr\": \"Conseil Zêta\"}},"
  "  {\"id\": \"act\", \"kind\": \"legislation\", \"name\": {\"en\": \"AI Act\", \"fr\": \"Règlement sur l’IA\"},"
  "   \"summary\": {\"fr\": \"Une réglementation européenne.\"}},"
  "  {\"id\": \"etats\", \"kind\": \"organisation\", \"name\": {\"en\": \"Alpha Forum\", \"fr\": \"Écoles du monde\"}}"
  " ],"
  " \"articles\": ["
  "  {\"id\": \"a1\", \"date\": \"2026-06-11\", \"title\": {\"en\": \"New rules for models\", \"fr\": \"Nouvelle réglementation des modèles\"},"
  "   \"category\": \"law\", \"source\": \"Union Européenne\", \"entities\": [\"act\", \"zeta\"]},"
  "  {\"id\": \"a2\", \"date\": \"2026-05-02\", \"title\": {\"en\": \"A \\\"quoted\\\" NEAR title\"}, \"entities\": [\"zeta\"]},"
  "  {\"id\": \"a3\", \"date\": \"2025-05-30\", \"title\": {\"fr\": \"Seulement en français\"}, \"entities\": []}"
  " ]}";

static void
test_entities_sorted_by_language (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (two_entities_feed);
  g_autoptr(GListModel) en = NULL;
  g_autoptr(GListModel) fr = NULL;
  g_autoptr(AccordEntity) en_first = NULL;
  g_autoptr(AccordEntity) fr_first = NULL;
  g_autoptr(AccordEntity) fr_second = NULL;

  import_feed (fixture->store, feed);

  en = accord_store_list_entities (fixture->store, "en");
  fr = accord_store_list_entities (fixture->store, "fr");
  en_first = g_list_model_get_item (en, 0);
  fr_first = g_list_model_get_item (fr, 0);
  fr_second = g_list_model_get_item (fr, 1);

  /* "Alpha Forum" < "Zeta Council"; "Conseil Zêta" < "Écoles du monde". */
  g_assert_cmpstr (accord_entity_get_id (en_first), ==, "etats");
  g_assert_cmpstr (accord_entity_get_id (fr_first), ==, "zeta");
  g_assert_cmpstr (accord_entity_get_id (fr_second), ==, "etats");
}

/* Entities named in French only, one for each of @names. */
static void
import_french_names (AccordStore        *store,
                     const char * const *names,
                     guint               n)
{
  GString *json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, \"entities\": [");
  g_autofree char *text = NULL;
  g_autoptr(AccordFeed) feed = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"id\": \"e%u\", \"kind\": \"organisation\", \"name\": {\"fr\": \"%s\"}}",
                            i ? "," : "", i, names[i]);
  g_string_append (json, "]}");
  text = g_string_free_and_steal (json);
  feed = parse_string (text);
  import_feed (store, feed);
}

static void
assert_french_order (AccordStore        *store,
                     const char * const *expected,
                     guint               n)
{
  g_autoptr(GListModel) fr = accord_store_list_entities (store, "fr");

  g_assert_cmpuint (g_list_model_get_n_items (fr), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AccordEntity) entity = g_list_model_get_item (fr, i);

      g_assert_cmpstr (accord_entity_get_name (entity, "fr", NULL), ==, expected[i]);
    }
}

/* French names in French order whatever the locale's collation: these
 * tests run under C, which alone would put "École" after "Zulu". */
static void
test_entities_sorted_without_locale (Fixture       *fixture,
                                     gconstpointer  data)
{
  static const char * const names[] = { "Zulu", "Œuvre commune", "l’Autorité", "Écrin", "Labo",
                                        "École polytechnique", "eau" };
  static const char * const expected[] = { "eau", "École polytechnique", "Écrin", "Labo", "l’Autorité",
                                           "Œuvre commune", "Zulu" };

  import_french_names (fixture->store, names, G_N_ELEMENTS (names));
  assert_french_order (fixture->store, expected, G_N_ELEMENTS (expected));
}

/* Numbers in names sort by their value, as in GNOME's file lists: the
 * G7 before the G20, "Group 2" before "Group 10". */
static void
test_entities_sorted_by_number (Fixture       *fixture,
                                gconstpointer  data)
{
  static const char * const names[] = { "Group 10", "G20", "OECD", "Group 2b", "G7", "Group 2", "Groupe 1",
                                        "Group 007" };
  static const char * const expected[] = { "G7", "G20", "Group 2", "Group 2b", "Group 007", "Group 10", "Groupe 1",
                                           "OECD" };

  import_french_names (fixture->store, names, G_N_ELEMENTS (names));
  assert_french_order (fixture->store, expected, G_N_ELEMENTS (expected));
}

/* Names equal but for case and accents sit together, in the order the
 * locale gives them, and the key of a plain ASCII name is the one its
 * accented spelling has. */
static void
test_entities_sorted_ties (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char * const names[] = { "Cotentin", "côte", "Côte", "COTE", "Cot", "cote", "Cote" };
  /* "Cot", then the five that tie, then "Cotentin". */
  const char *expected[] = { "Cot", "côte", "Côte", "COTE", "cote", "Cote", "Cotentin" };
  g_autofree char *plain = accord_sort_key ("Ecole-Polytechnique 2");
  g_autofree char *accented = accord_sort_key ("École polytechnique 2");

  g_assert_true (g_str_has_prefix (plain, "ecolepolytechnique"));
  g_assert_cmpstr (accented, ==, plain);

  /* The ties in the locale's order, whatever it is here. */
  for (guint i = 1; i < G_N_ELEMENTS (expected) - 1; i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (expected) - 1; j++)
      if (g_utf8_collate (expected[j], expected[i]) < 0 ||
          (g_utf8_collate (expected[j], expected[i]) == 0 && strcmp (expected[j], expected[i]) < 0))
        {
          const char *swap = expected[i];
          expected[i] = expected[j];
          expected[j] = swap;
        }

  import_french_names (fixture->store, names, G_N_ELEMENTS (names));
  assert_french_order (fixture->store, expected, G_N_ELEMENTS (expected));
}

static void
assert_same_entities (GListModel *a,
                      GListModel *b)
{
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(AccordEntity) x = g_list_model_get_item (a, i);
      g_autoptr(AccordEntity) y = g_list_model_get_item (b, i);

      g_assert_cmpstr (accord_entity_get_id (x), ==, accord_entity_get_id (y));
      g_assert_cmpuint (accord_entity_get_n_articles (x), ==, accord_entity_get_n_articles (y));
      g_assert_cmpuint (accord_entity_get_n_new_articles (x), ==, accord_entity_get_n_new_articles (y));
    }
}

static guint
count_search (AccordStore *store,
              const char  *query,
              GType        type)
{
  g_autoptr(GListModel) results = accord_store_search (store, query, 100);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);
      n += G_TYPE_CHECK_INSTANCE_TYPE (item, type);
    }
  return n;
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (two_entities_feed);
  const char *hostile[] = {
    "\"", "\"\"", "*", "-", "NEAR", "NEAR(", "AND OR NOT", "a\"b", "title:", "^", "'; DROP TABLE article; --",
    "(((", "\\", "{", "+-*/", "\xc3\xa9*", "NOT", "\xcc\x81", "\xcc\x81\xcc\x81 \xcc\x80",
  };

  import_feed (fixture->store, feed);

  /* Without accents, any case, as a prefix, in either language. */
  g_assert_cmpuint (count_search (fixture->store, "reglementation", ACCORD_TYPE_ARTICLE), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "RÉGLEMENTATION", ACCORD_TYPE_ARTICLE), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "reglem", ACCORD_TYPE_ARTICLE), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "reglementation", ACCORD_TYPE_ENTITY), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "ai act", ACCORD_TYPE_ENTITY), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "ecoles", ACCORD_TYPE_ENTITY), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "union europeenne", ACCORD_TYPE_ARTICLE), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "francais", ACCORD_TYPE_ARTICLE), ==, 1);

  /* Accents typed as combining marks, as some keyboards and pastes give
   * them, find what the composed letters find. */
  g_assert_cmpuint (count_search (fixture->store, "R\xc3\xa8glement", ACCORD_TYPE_ENTITY), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "Re\xcc\x80glement", ACCORD_TYPE_ENTITY), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "re\xcc\x81glementation", ACCORD_TYPE_ARTICLE), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "E\xcc\x81" "coles", ACCORD_TYPE_ENTITY), ==, 1);

  /* Typed operators are words; the quoted title is found by its words. */
  g_assert_cmpuint (count_search (fixture->store, "NEAR", ACCORD_TYPE_ARTICLE), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "\"quoted\"", ACCORD_TYPE_ARTICLE), ==, 1);

  /* Nothing to search for finds nothing, without an error. */
  g_assert_cmpuint (count_search (fixture->store, "", G_TYPE_OBJECT), ==, 0);
  g_assert_cmpuint (count_search (fixture->store, "   ", G_TYPE_OBJECT), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    count_search (fixture->store, hostile[i], G_TYPE_OBJECT);

  g_assert_cmpuint (count_search (fixture->store, "unrelated", G_TYPE_OBJECT), ==, 0);
}

static void
assert_same_results (GListModel *a,
                     GListModel *b)
{
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(GObject) x = g_list_model_get_item (a, i);
      g_autoptr(GObject) y = g_list_model_get_item (b, i);

      g_assert_true (G_OBJECT_TYPE (x) == G_OBJECT_TYPE (y));
      if (ACCORD_IS_ARTICLE (x))
        g_assert_cmpstr (accord_article_get_id (ACCORD_ARTICLE (x)), ==, accord_article_get_id (ACCORD_ARTICLE (y)));
      else
        g_assert_cmpstr (accord_entity_get_id (ACCORD_ENTITY (x)), ==, accord_entity_get_id (ACCORD_ENTITY (y)));
    }
}

/* A long text pasted into the search field is searched by its first 32
 * words: the rest would take seconds to search for and would only leave
 * nothing found. */
static void
test_search_long_query (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (two_entities_feed);
  g_autoptr(GString) pasted = g_string_new (NULL);
  g_autoptr(GListModel) expected = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GListModel) expected_articles = NULL;
  g_autoptr(GListModel) found_articles = NULL;

  import_feed (fixture->store, feed);
  for (guint i = 0; i < 16; i++)
    g_string_append (pasted, "reglementation europeenne ");
  for (guint i = 0; i < 20000; i++)
    g_string_append (pasted, "unrelated ");

  expected = accord_store_search (fixture->store, "reglementation europeenne", 100);
  g_assert_cmpuint (g_list_model_get_n_items (expected), ==, 2);
  found = accord_store_search (fixture->store, pasted->str, 100);
  assert_same_results (found, expected);

  expected_articles = accord_store_list_articles (fixture->store, NULL, NULL, "reglementation europeenne");
  g_assert_cmpuint (g_list_model_get_n_items (expected_articles), ==, 1);
  found_articles = accord_store_list_articles (fixture->store, NULL, NULL, pasted->str);
  g_assert_cmpuint (g_list_model_get_n_items (found_articles), ==, 1);
}

static const char ranking_feed[] =
  "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\","
  " \"entities\": ["
  "  {\"id\": \"mentions\", \"kind\": \"organisation\", \"name\": {\"en\": \"Alpha Board\"},"
  "   \"summary\": {\"en\": \"Data, data and more data: it talks of data all day.\"}},"
  "  {\"id\": \"named\", \"kind\": \"organisation\", \"name\": {\"en\": \"Data Council\"}}"
  " ],"
  " \"articles\": ["
  "  {\"id\": \"old\", \"date\": \"2020-01-01\", \"title\": {\"en\": \"Data in 2020\"}, \"entities\": []},"
  "  {\"id\": \"new\", \"date\": \"2026-01-01\", \"title\": {\"en\": \"Data in 2026\"}, \"entities\": []},"
  "  {\"id\": \"mid\", \"date\": \"2023-01-01\", \"title\": {\"en\": \"Data in 2023\"}, \"entities\": []}"
  " ]}";

/* A name match comes before a profile that only mentions the word; a
 * query of one or two letters lists the newest articles first. */
static void
test_search_ranking (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (ranking_feed);
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GListModel) broad = NULL;
  g_autoptr(GObject) first = NULL;
  g_autoptr(GObject) second = NULL;
  const char *expected[] = { "new", "mid", "old" };
  guint n_articles = 0;

  import_feed (fixture->store, feed);

  results = accord_store_search (fixture->store, "data", 10);
  first = g_list_model_get_item (results, 0);
  second = g_list_model_get_item (results, 1);
  g_assert_true (ACCORD_IS_ENTITY (first) && ACCORD_IS_ENTITY (second));
  g_assert_cmpstr (accord_entity_get_id (ACCORD_ENTITY (first)), ==, "named");
  g_assert_cmpstr (accord_entity_get_id (ACCORD_ENTITY (second)), ==, "mentions");

  broad = accord_store_search (fixture->store, "da", 10);
  for (guint i = 0; i < g_list_model_get_n_items (broad); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (broad, i);

      if (ACCORD_IS_ARTICLE (item))
        g_assert_cmpstr (accord_article_get_id (ACCORD_ARTICLE (item)), ==, expected[n_articles++]);
    }
  g_assert_cmpuint (n_articles, ==, 3);
}

static char *
result_ids (GListModel *results)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);

      g_string_append_printf (ids, "%s ", ACCORD_IS_ENTITY (item) ? accord_entity_get_id (ACCORD_ENTITY (item))
                                                                  : accord_article_get_id (ACCORD_ARTICLE (item)));
    }
  return g_string_free_and_steal (g_steal_pointer (&ids));
}

typedef struct
{
  const char *query;
  const char *ids;   /* as result_ids() lists them */
} SearchCase;

/* Searches @store for each case's words, and checks what it finds. */
static void
assert_searches (AccordStore      *store,
                 const SearchCase *cases,
                 guint             n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(GListModel) results = accord_store_search (store, cases[i].query, 10);
      g_autofree char *ids = result_ids (results);

      g_test_message ("%s", cases[i].query);
      g_assert_cmpstr (ids, ==, cases[i].ids);
    }
}

/* Checks that @found lists the items of @expected, in their order.
 * Returns: how many */
static guint
assert_same_ids (GListModel *found,
                 GListModel *expected)
{
  g_autofree char *found_ids = result_ids (found);
  g_autofree char *expected_ids = result_ids (expected);

  g_assert_cmpstr (found_ids, ==, expected_ids);
  return g_list_model_get_n_items (found);
}

static const char typed_forms_feed[] =
  "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\","
  " \"entities\": ["
  "  {\"id\": \"strasse\", \"kind\": \"organisation\", \"name\": {\"en\": \"Straßenverkehrs KI Büro\"}},"
  "  {\"id\": \"office\", \"kind\": \"organisation\", \"name\": {\"en\": \"O\ufb03ce of E\ufb00ective Oversight\"}},"
  "  {\"id\": \"fullwidth\", \"kind\": \"organisation\", \"name\": {\"en\": \"\uff21\uff29 \uff33\uff41\uff46\uff45\uff54\uff59 Board\"}},"
  "  {\"id\": \"un\", \"kind\": \"organisation\", \"name\": {\"en\": \"Advisory Body\"}, \"acronym\": {\"en\": \"U.N.\"}},"
  "  {\"id\": \"dutch\", \"kind\": \"organisation\", \"name\": {\"en\": \"\u0132sselmeer Lab\"}},"
  "  {\"id\": \"turkish\", \"kind\": \"organisation\", \"name\": {\"en\": \"K\u0131rm\u0131z\u0131 Institute\"}},"
  "  {\"id\": \"catalan\", \"kind\": \"legislation\", \"name\": {\"en\": \"L\u00b7lei d\u2019intel\u00b7lig\u00e8ncia\"}},"
  "  {\"id\": \"french\", \"kind\": \"organisation\", \"name\": {\"en\": \"Strategy\", \"fr\": \"Strat\u00e9gie pour l\u2019IA\"}},"
  "  {\"id\": \"tolkien\", \"kind\": \"organisation\", \"name\": {\"en\": \"J. R. R. Tolkien Society\"}},"
  "  {\"id\": \"greek\", \"kind\": \"organisation\", \"name\": {\"en\": \"\u03a3.\u03a4.\u0391. Board\"}},"
  "  {\"id\": \"fullwidth-dots\", \"kind\": \"organisation\", \"name\": {\"en\": \"\uff37\uff0e\uff39\uff0e Group\"}}"
  " ],"
  " \"articles\": []}";

/* Letters the tokenizer keeps apart from the ones people type are found
 * by those: ß by "ss", ligatures and full-width letters by plain ones, a
 * dotted acronym by its letters, the Catalan "l·l" by "ll"; and typed in
 * a query, they find the plain forms too. */
static void
test_search_typed_forms (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (typed_forms_feed);
  const SearchCase cases[] = {
    { "strasse", "strasse " }, { "STRASSE", "strasse " }, { "straße", "strasse " }, { "STRAẞE", "strasse " },
    { "office effective", "office " }, { "eﬀective", "office " },
    { "ai safety", "fullwidth " }, { "\uff33\uff41\uff46\uff45", "fullwidth " },
    { "UN", "un " }, { "u.n.", "un " }, { "U.N. advisory", "un " },
    { "ijsselmeer", "dutch " }, { "kirmizi", "turkish " }, { "llei", "catalan " }, { "intel\u00b7ligencia", "catalan " },
    { "l\u02bcIA", "french " }, { "pour l'ia", "french " },
    /* Dotted or not, initials find each other. */
    { "J.R.R. Tolkien", "tolkien " }, { "jrr", "" }, { "\u03a3\u03a4\u0391", "greek " }, { "\u03a3.\u03a4.\u0391.", "greek " },
    { "WY group", "fullwidth-dots " }, { "W.Y. group", "fullwidth-dots " },
  };

  import_feed (fixture->store, feed);
  assert_searches (fixture->store, cases, G_N_ELEMENTS (cases));
}

static const char article_ranking_feed[] =
  "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\","
  " \"entities\": [],"
  " \"articles\": ["
  "  {\"id\": \"in-summary\", \"date\": \"2026-04-01\", \"title\": {\"en\": \"A report on models\"},"
  "   \"summary\": {\"en\": \"It looks at governance in passing.\"}, \"entities\": []},"
  "  {\"id\": \"in-source\", \"date\": \"2026-03-01\", \"title\": {\"en\": \"A report on audits\"},"
  "   \"source\": \"Governance Weekly\", \"entities\": []},"
  "  {\"id\": \"in-long-title\", \"date\": \"2026-02-01\", \"title\": {\"en\": \"Governance, and what"
  " the many committees, boards, councils and working groups of several countries said of it over a long year\"},"
  "   \"entities\": []},"
  "  {\"id\": \"in-title\", \"date\": \"2025-01-01\", \"title\": {\"en\": \"Model governance\"},"
  "   \"entities\": []}"
  " ]}";

static const char entity_ranking_feed[] =
  "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\","
  " \"entities\": ["
  "  {\"id\": \"name-only\", \"kind\": \"organisation\", \"name\": {\"en\": \"Office for Data\"}},"
  "  {\"id\": \"name-and-acronym\", \"kind\": \"organisation\", \"name\": {\"en\": \"Data Office\"},"
  "   \"acronym\": {\"en\": \"DATA\"}}"
  " ],"
  " \"articles\": []}";

static const char entity_tiers_feed[] =
  "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\","
  " \"entities\": ["
  "  {\"id\": \"mentions-1\", \"kind\": \"organisation\", \"name\": {\"en\": \"Other Body\"},"
  "   \"summary\": {\"en\": \"Works with the CNIL on sanctions.\"}},"
  "  {\"id\": \"mentions-2\", \"kind\": \"organisation\", \"name\": {\"en\": \"Another Body\"},"
  "   \"summary\": {\"en\": \"Works with the CNIL on sanctions.\"}},"
  "  {\"id\": \"gpai-labs\", \"kind\": \"organisation\", \"name\": {\"en\": \"Gpaixx Labs\"}},"
  "  {\"id\": \"gpai-watchers\", \"kind\": \"organisation\", \"name\": {\"en\": \"GPAI Watchers Collective\"}},"
  "  {\"id\": \"actors\", \"kind\": \"organisation\", \"name\": {\"en\": \"Actors in AI Network\"}},"
  "  {\"id\": \"cnil\", \"kind\": \"organisation\", \"name\": {\"en\": \"CNIL\"},"
  "   \"acronym\": {\"en\": \"CNIL\"}, \"summary\": {\"en\": \"The French data protection authority; it issues sanctions.\"}},"
  "  {\"id\": \"gpai\", \"kind\": \"organisation\","
  "   \"name\": {\"en\": \"Global Partnership on Artificial Intelligence\"},"
  "   \"acronym\": {\"en\": \"GPAI\", \"fr\": \"PMIA\"}, \"profile\": {\"en\": [{\"body\": \"@PROFILE@\"}]}},"
  "  {\"id\": \"act\", \"kind\": \"legislation\", \"name\": {\"en\": \"EU AI Act\"},"
  "   \"acronym\": {\"en\": \"AIA\"}, \"profile\": {\"en\": [{\"body\": \"@PROFILE@\"}]}}"
  " ],"
  " \"articles\": []}";

/* An organisation's acronym made of the words comes first, however long
 * its profile; then names holding the very words before names holding
 * longer ones; then, among those the words are only partly named by, a
 * name holding one of them first. */
static void
test_search_entity_tiers (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GString) profile = g_string_new (NULL);
  g_autoptr(GString) json = g_string_new (entity_tiers_feed);
  g_autoptr(AccordFeed) feed = NULL;
  const SearchCase cases[] = {
    { "gpai", "gpai gpai-watchers gpai-labs " },
    { "GPAI", "gpai gpai-watchers gpai-labs " },
    { "ai act", "act actors " },
    { "cnil sanctions", "cnil mentions-1 mentions-2 " },
  };

  for (guint i = 0; i < 200; i++)
    g_string_append (profile, "The partnership brings experts together on many topics. ");
  g_string_replace (json, "@PROFILE@", profile->str, 0);
  feed = parse_string (json->str);
  import_feed (fixture->store, feed);

  assert_searches (fixture->store, cases, G_N_ELEMENTS (cases));
}

/* Of the organisations named by the words, one holding them in both its
 * name and its acronym comes first. */
static void
test_search_entity_ranking (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (entity_ranking_feed);
  g_autoptr(GListModel) results = NULL;
  g_autofree char *ids = NULL;

  import_feed (fixture->store, feed);
  results = accord_store_search (fixture->store, "data", 10);
  ids = result_ids (results);
  g_assert_cmpstr (ids, ==, "name-and-acronym name-only ");
}

/* Articles matching a word rank by where they hold it, title first, then
 * source, then summary, whatever their dates; of two titles holding it,
 * the shorter comes first. Every word counts. */
static void
test_search_article_ranking (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (article_ranking_feed);
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GListModel) both = NULL;
  g_autoptr(GObject) first = NULL;
  g_autofree char *ids = NULL;

  import_feed (fixture->store, feed);

  results = accord_store_search (fixture->store, "governance", 10);
  ids = result_ids (results);
  g_assert_cmpstr (ids, ==, "in-title in-long-title in-source in-summary ");

  both = accord_store_search (fixture->store, "model governance", 10);
  g_assert_cmpuint (g_list_model_get_n_items (both), ==, 2);
  first = g_list_model_get_item (both, 0);
  g_assert_cmpstr (accord_article_get_id (ACCORD_ARTICLE (first)), ==, "in-title");
}

static void
keep_result (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Spins the main loop until keep_result() has filled @result. */
static void
await_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static GListModel *
search_async (AccordStore   *store,
              const char    *query,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  accord_store_search_async (store, query, 20, cancellable, keep_result, &result);
  await_result (&result);
  return accord_store_search_finish (store, result, error);
}

/* A search in a worker thread finds what one in the calling thread does,
 * in the same order; a search cancelled before it ran says so. */
static void
test_search_async (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const queries[] = { "code of practice final", "reglementation europeenne", "da", "GPAI",
                                          "\"\"", "zzzzzz" };
  g_autoptr(AccordFeed) feed = builtin_feed ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GListModel) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  guint n_found = 0;

  import_feed (fixture->store, feed);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GListModel) expected = accord_store_search (fixture->store, queries[i], 20);
      g_autoptr(GListModel) found = search_async (fixture->store, queries[i], NULL, &error);

      g_assert_no_error (error);
      n_found += assert_same_ids (found, expected);
    }
  g_assert_cmpuint (n_found, >, 0);

  g_cancellable_cancel (cancellable);
  cancelled = search_async (fixture->store, "code", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cancelled);
}

static GListModel *
list_articles_async (AccordStore   *store,
                     const char    *entity_id,
                     const char    *category_id,
                     const char    *text,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  accord_store_list_articles_async (store, entity_id, category_id, text, cancellable, keep_result, &result);
  await_result (&result);
  return accord_store_list_articles_finish (store, result, error);
}

/* Articles listed in a worker thread are those listed in the calling
 * one, in the same order, whatever the filter. */
static void
test_list_articles_async (Fixture       *fixture,
                          gconstpointer  data)
{
  static const struct { const char *entity, *category, *text; } filters[] = {
    { "gpai", NULL, NULL }, { "gpai", NULL, "declaration" }, { "eu-ai-act", NULL, "code" },
    { NULL, NULL, "intelligence" }, { "gpai", NULL, "!!!" }, { "gpai", NULL, "   " },
  };
  g_autoptr(AccordFeed) feed = builtin_feed ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GListModel) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  guint n_listed = 0;

  import_feed (fixture->store, feed);
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GListModel) expected = accord_store_list_articles (fixture->store, filters[i].entity,
                                                                   filters[i].category, filters[i].text);
      g_autoptr(GListModel) listed = list_articles_async (fixture->store, filters[i].entity, filters[i].category,
                                                          filters[i].text, NULL, &error);

      g_assert_no_error (error);
      n_listed += assert_same_ids (listed, expected);
    }
  g_assert_cmpuint (n_listed, >, 0);

  g_cancellable_cancel (cancellable);
  cancelled = list_articles_async (fixture->store, "gpai", NULL, "code", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cancelled);
}

static GListModel *
list_categories_async (AccordStore   *store,
                       const char    *entity_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  accord_store_list_categories_async (store, entity_id, cancellable, keep_result, &result);
  await_result (&result);
  return accord_store_list_categories_finish (store, result, error);
}

/* Categories listed in a worker thread are those listed in the calling
 * one, in the feed's order. */
static void
test_list_categories_async (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char * const entities[] = { "gpai", "eu-ai-act", "no-such-entity", NULL };
  g_autoptr(AccordFeed) feed = builtin_feed ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GListModel) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  guint n_listed = 0;

  import_feed (fixture->store, feed);
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      g_autoptr(GListModel) expected = accord_store_list_categories (fixture->store, entities[i]);
      g_autoptr(GListModel) listed = list_categories_async (fixture->store, entities[i], NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (listed), ==, g_list_model_get_n_items (expected));
      for (guint j = 0; j < g_list_model_get_n_items (listed); j++)
        {
          g_autoptr(AccordCategory) a = g_list_model_get_item (listed, j);
          g_autoptr(AccordCategory) b = g_list_model_get_item (expected, j);

          g_assert_cmpstr (accord_category_get_id (a), ==, accord_category_get_id (b));
        }
      n_listed += g_list_model_get_n_items (listed);
    }
  g_assert_cmpuint (n_listed, >, 0);

  g_cancellable_cancel (cancellable);
  cancelled = list_categories_async (fixture->store, "gpai", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cancelled);
}

static GListModel *
list_bookmarks_async (AccordStore   *store,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  accord_store_list_bookmarks_async (store, cancellable, keep_result, &result);
  await_result (&result);
  return accord_store_list_bookmarks_finish (store, result, error);
}

/* Bookmarks listed in a worker thread are those listed in the calling
 * one, newest first, with when each was made. */
static void
test_list_bookmarks_async (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = builtin_feed ();
  g_autoptr(GListModel) articles = NULL;
  g_autoptr(GListModel) expected = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GListModel) cancelled = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  import_feed (fixture->store, feed);
  listed = list_bookmarks_async (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 0);
  g_clear_object (&listed);

  articles = accord_store_list_articles (fixture->store, "gpai", NULL, NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (articles, i);

      g_assert_true (accord_store_add_bookmark (fixture->store, article, 1000000 * (i + 1), &error));
      g_assert_no_error (error);
    }
  expected = accord_store_list_bookmarks (fixture->store);
  listed = list_bookmarks_async (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assert_same_ids (listed, expected), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (listed, i);

      g_assert_cmpint (accord_article_get_bookmarked_at (article), ==, 1000000 * (3 - i));
      g_assert_true (accord_article_get_bookmarked (article));
    }

  g_cancellable_cancel (cancellable);
  cancelled = list_bookmarks_async (fixture->store, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cancelled);
}

/* An entity's categories come with how many of its articles each has;
 * one named in neither English nor French shows under its id, in its
 * articles as in the list of categories. */
static void
test_categories_counted_and_named (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (
    "{\"format\": \"accord-feed\", \"version\": 1,"
    " \"categories\": [{\"id\": \"law\", \"name\": {\"en\": \"Law\"}},"
    "                  {\"id\": \"brief\", \"name\": {\"de\": \"Kurzdossier\"}}],"
    " \"entities\": [{\"id\": \"e\", \"kind\": \"organisation\", \"name\": {\"en\": \"E\"}}],"
    " \"articles\": ["
    "  {\"id\": \"a1\", \"date\": \"2026-01-01\", \"title\": {\"en\": \"A1\"}, \"category\": \"law\", \"entities\": [\"e\"]},"
    "  {\"id\": \"a2\", \"date\": \"2026-01-02\", \"title\": {\"en\": \"A2\"}, \"category\": \"brief\", \"entities\": [\"e\"]},"
    "  {\"id\": \"a3\", \"date\": \"2026-01-03\", \"title\": {\"en\": \"A3\"}, \"category\": \"law\", \"entities\": [\"e\"]},"
    "  {\"id\": \"a4\", \"date\": \"2026-01-04\", \"title\": {\"en\": \"A4\"}, \"entities\": [\"e\"]}]}");
  g_autoptr(GListModel) categories = NULL;
  g_autoptr(GListModel) articles = NULL;
  g_autoptr(AccordCategory) law = NULL;
  g_autoptr(AccordCategory) brief = NULL;
  g_autoptr(AccordArticle) a2 = NULL;

  import_feed (fixture->store, feed);
  categories = accord_store_list_categories (fixture->store, "e");
  g_assert_cmpuint (g_list_model_get_n_items (categories), ==, 2);
  law = g_list_model_get_item (categories, 0);
  brief = g_list_model_get_item (categories, 1);
  g_assert_cmpstr (accord_category_get_id (law), ==, "law");
  g_assert_cmpuint (accord_category_get_n_articles (law), ==, 2);
  g_assert_cmpuint (accord_category_get_n_articles (brief), ==, 1);

  articles = accord_store_list_articles (fixture->store, "e", "brief", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, 1);
  a2 = g_list_model_get_item (articles, 0);
  g_assert_cmpstr (accord_category_get_name (brief, "fr", NULL), ==, "brief");
  g_assert_cmpstr (accord_article_get_category_name (a2, "fr", NULL), ==, "brief");
  g_assert_cmpstr (accord_article_get_category_name (a2, "en", NULL), ==, "brief");
}

static void
test_article_filters (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (two_entities_feed);
  g_autoptr(GListModel) zeta = NULL;
  g_autoptr(GListModel) laws = NULL;
  g_autoptr(GListModel) matching = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(AccordArticle) a1 = NULL;
  g_autoptr(AccordArticle) a3 = NULL;
  g_auto(GStrv) names = NULL;
  gboolean fallback;

  import_feed (fixture->store, feed);

  zeta = accord_store_list_articles (fixture->store, "zeta", NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (zeta), ==, 2);
  laws = accord_store_list_articles (fixture->store, "zeta", "law", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (laws), ==, 1);
  matching = accord_store_list_articles (fixture->store, "zeta", NULL, "quot");
  g_assert_cmpuint (g_list_model_get_n_items (matching), ==, 1);

  /* An article with no entity is still stored and listed. */
  all = accord_store_list_articles (fixture->store, NULL, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);

  a1 = g_list_model_get_item (zeta, 0);
  g_assert_cmpstr (accord_article_get_id (a1), ==, "a1");
  g_assert_cmpstr (accord_article_get_category_name (a1, "fr", NULL), ==, "Loi / texte adopté");
  g_assert_cmpstr (accord_article_get_source (a1), ==, "Union Européenne");
  names = accord_article_dup_entity_names (a1, "fr", NULL);
  g_assert_cmpuint (g_strv_length (names), ==, 2);

  a3 = g_list_model_get_item (all, 2);
  g_assert_cmpstr (accord_article_get_title (a3, "en", &fallback), ==, "Seulement en français");
  g_assert_true (fallback);
}

static void
test_month_sections (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (two_entities_feed);
  g_autoptr(GListModel) all = NULL;
  AccordArticleList *list;
  guint start, end;

  import_feed (fixture->store, feed);
  all = accord_store_list_articles (fixture->store, NULL, NULL, NULL);
  list = ACCORD_ARTICLE_LIST (all);

  g_assert_cmpuint (accord_article_list_get_month (list, 0), ==, 202606);
  g_assert_cmpuint (accord_article_list_get_month (list, 1), ==, 202605);
  g_assert_cmpuint (accord_article_list_get_month (list, 2), ==, 202505);
  accord_article_list_get_month_range (list, 1, &start, &end);
  g_assert_cmpuint (start, ==, 1);
  g_assert_cmpuint (end, ==, 2);
}

static const char feed_without_a2[] =
  "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-21T08:00:00Z\","
  " \"entities\": [{\"id\": \"zeta\", \"kind\": \"organisation\", \"name\": {\"en\": \"Zeta Council\"}}],"
  " \"articles\": [{\"id\": \"a1\", \"date\": \"2026-06-12\", \"title\": {\"en\": \"Renamed\"}, \"entities\": [\"zeta\"]}]}";

static int
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    n++;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Languages the app does not show are kept, as the spec asks: in every
 * text, a link's label included. */
static void
test_import_keeps_unshown_languages (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (
    "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-21T08:00:00Z\","
    " \"categories\": [{\"id\": \"event\", \"name\": {\"en\": \"Event\", \"de\": \"Veranstaltung\"}}],"
    " \"entities\": [{\"id\": \"zeta\", \"kind\": \"organisation\", \"name\": {\"en\": \"Zeta\", \"de\": \"Zeta-Rat\"},"
    "   \"links\": [{\"label\": {\"en\": \"Site\", \"de\": \"Webseite\"}, \"url\": \"https://zeta.example/\"},"
    "               {\"label\": {\"it\": \"Sito\"}, \"url\": \"https://zeta.example/it\"}]}],"
    " \"articles\": [{\"id\": \"a1\", \"date\": \"2026-06-12\", \"category\": \"event\","
    "   \"title\": {\"en\": \"Title\", \"es\": \"T\u00edtulo\"}, \"entities\": [\"zeta\"]}]}");
  g_autoptr(AccordEntity) entity = NULL;
  GArray *links;

  import_feed (fixture->store, feed);
  g_assert_cmpint (count_rows (fixture->path, "SELECT 1 FROM category WHERE texts LIKE '%Veranstaltung%'"), ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "SELECT 1 FROM entity WHERE texts LIKE '%Zeta-Rat%'"), ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "SELECT 1 FROM article WHERE texts LIKE '%T\u00edtulo%'"), ==, 1);
  g_assert_cmpint (count_rows (fixture->path,
                               "SELECT 1 FROM entity WHERE links LIKE '%\"de\":\"Webseite\"%'"
                               " AND links LIKE '%\"it\":\"Sito\"%'"), ==, 1);

  /* And the shown ones read as before. */
  entity = accord_store_get_entity (fixture->store, "zeta");
  g_assert_nonnull (entity);
  links = accord_entity_get_links (entity);
  g_assert_cmpuint (links->len, ==, 2);
  g_assert_cmpstr (g_array_index (links, AccordLink, 0).label_en, ==, "Site");
  g_assert_null (g_array_index (links, AccordLink, 1).label_en);
}

/* The import stores links without checking each one against its parents:
 * replacing a snapshot must still leave every link joining two rows. */
static void
test_import_links_consistent (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(AccordFeed) small = parse_string (two_entities_feed);

  import_feed (fixture->store, builtin);
  g_assert_cmpint (count_rows (fixture->path, "PRAGMA foreign_key_check"), ==, 0);
  g_assert_cmpint (count_rows (fixture->path, "SELECT 1 FROM article_entity"), >, 20);

  import_feed (fixture->store, small);
  g_assert_cmpint (count_rows (fixture->path, "PRAGMA foreign_key_check"), ==, 0);
  g_assert_cmpint (count_rows (fixture->path, "SELECT 1 FROM article_entity"), ==,
                   count_rows (fixture->path, "SELECT 1 FROM article_entity ae"
                                              " JOIN entity e ON e.rowid = ae.entity"
                                              " JOIN article a ON a.rowid = ae.article"));
  g_assert_cmpint (count_rows (fixture->path, "SELECT 1 FROM article_entity"), <, 10);
}

static void
test_bookmarks_survive_imports (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(AccordFeed) first = parse_string (two_entities_feed);
  g_autoptr(AccordFeed) second = parse_string (feed_without_a2);
  g_autoptr(GListModel) zeta = NULL;
  g_autoptr(GListModel) bookmarks = NULL;
  g_autoptr(AccordArticle) a2 = NULL;
  g_autoptr(AccordArticle) gone = NULL;
  g_autoptr(AccordArticle) back = NULL;
  g_autoptr(GError) error = NULL;

  import_feed (fixture->store, first);
  zeta = accord_store_list_articles (fixture->store, "zeta", NULL, NULL);
  a2 = find_article (zeta, "a2");
  g_assert_nonnull (a2);
  g_assert_false (accord_article_get_bookmarked (a2));

  accord_store_add_bookmark (fixture->store, a2, ACCORD_BOOKMARK_NOW, &error);
  g_assert_no_error (error);
  g_assert_true (accord_article_get_bookmarked (a2));
  g_assert_true (accord_store_is_bookmarked (fixture->store, "a2"));

  /* Bookmarking twice changes nothing. */
  accord_store_add_bookmark (fixture->store, a2, ACCORD_BOOKMARK_NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accord_store_get_n_bookmarks (fixture->store), ==, 1);

  /* The article leaves the feed: the bookmark stays, marked. */
  import_feed (fixture->store, second);
  bookmarks = accord_store_list_bookmarks (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (bookmarks), ==, 1);
  gone = g_list_model_get_item (bookmarks, 0);
  g_assert_cmpstr (accord_article_get_id (gone), ==, "a2");
  g_assert_false (accord_article_get_in_feed (gone));
  g_assert_cmpstr (accord_article_get_title (gone, "en", NULL), ==, "A \"quoted\" NEAR title");
  g_assert_cmpstr (accord_article_get_date (gone), ==, "2026-05-02");
  g_clear_object (&bookmarks);

  /* It comes back: linked again. */
  import_feed (fixture->store, first);
  bookmarks = accord_store_list_bookmarks (fixture->store);
  back = g_list_model_get_item (bookmarks, 0);
  g_assert_true (accord_article_get_in_feed (back));
  g_assert_true (accord_article_get_bookmarked (back));

  accord_store_remove_bookmark (fixture->store, back, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accord_store_get_n_bookmarks (fixture->store), ==, 0);
}

static void
test_bookmark_tracks_article_updates (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(AccordFeed) first = parse_string (two_entities_feed);
  g_autoptr(AccordFeed) second = parse_string (feed_without_a2);
  g_autoptr(GListModel) zeta = NULL;
  g_autoptr(GListModel) bookmarks = NULL;
  g_autoptr(AccordArticle) a1 = NULL;
  g_autoptr(AccordArticle) updated = NULL;
  g_autoptr(GError) error = NULL;

  import_feed (fixture->store, first);
  zeta = accord_store_list_articles (fixture->store, "zeta", NULL, NULL);
  a1 = find_article (zeta, "a1");
  accord_store_add_bookmark (fixture->store, a1, ACCORD_BOOKMARK_NOW, &error);
  g_assert_no_error (error);

  import_feed (fixture->store, second);
  bookmarks = accord_store_list_bookmarks (fixture->store);
  updated = g_list_model_get_item (bookmarks, 0);
  g_assert_cmpstr (accord_article_get_title (updated, "en", NULL), ==, "Renamed");
  g_assert_cmpstr (accord_article_get_date (updated), ==, "2026-06-12");
}

#define ONE_ARTICLE_FEED(article) \
  "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\"," \
  " \"entities\": [{\"id\": \"zeta\", \"kind\": \"organisation\", \"name\": {\"en\": \"Zeta\"}}]," \
  " \"articles\": [" article "]}"

/* What the feed stops giving of a bookmarked article (a title in English
 * or in French, a valid address, a source) is not taken from the bookmark:
 * once the article leaves the feed, the bookmark would have lost it. */
static void
test_bookmark_keeps_what_feed_drops (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(AccordFeed) first = parse_string (ONE_ARTICLE_FEED (
    "{\"id\": \"k\", \"date\": \"2026-06-11\", \"title\": {\"en\": \"Kept\", \"fr\": \"Gardé\"},"
    " \"source\": \"Canada\", \"url\": \"https://example.org/k\", \"entities\": [\"zeta\"]}"));
  g_autoptr(AccordFeed) worse = parse_string (ONE_ARTICLE_FEED (
    "{\"id\": \"k\", \"date\": \"2026-06-12\", \"title\": {\"de\": \"Behalten\"},"
    " \"url\": \"ftp://example.org/k\", \"entities\": [\"zeta\"]}"));
  g_autoptr(AccordFeed) english_only = parse_string (ONE_ARTICLE_FEED (
    "{\"id\": \"k\", \"date\": \"2026-06-12\", \"title\": {\"en\": \"Kept, retitled\"}, \"entities\": [\"zeta\"]}"));
  g_autoptr(AccordFeed) none = parse_string (ONE_ARTICLE_FEED (""));
  g_autoptr(GListModel) articles = NULL;
  g_autoptr(GListModel) bookmarks = NULL;
  g_autoptr(AccordArticle) article = NULL;
  g_autoptr(AccordArticle) kept = NULL;
  g_autoptr(GError) error = NULL;
  gboolean fallback = TRUE;

  import_feed (fixture->store, first);
  articles = accord_store_list_articles (fixture->store, "zeta", NULL, NULL);
  article = g_list_model_get_item (articles, 0);
  accord_store_add_bookmark (fixture->store, article, ACCORD_BOOKMARK_NOW, &error);
  g_assert_no_error (error);

  import_feed (fixture->store, worse);
  /* One language dropped: the other's new title, and the French one
   * the bookmark knew, which is no one's to lose. */
  import_feed (fixture->store, english_only);
  import_feed (fixture->store, none);
  bookmarks = accord_store_list_bookmarks (fixture->store);
  kept = g_list_model_get_item (bookmarks, 0);
  g_assert_false (accord_article_get_in_feed (kept));
  g_assert_cmpstr (accord_article_get_title (kept, "en", NULL), ==, "Kept, retitled");
  g_assert_cmpstr (accord_article_get_title (kept, "fr", &fallback), ==, "Gardé");
  g_assert_false (fallback);
  g_assert_cmpstr (accord_article_get_source (kept), ==, "Canada");
  g_assert_cmpstr (accord_article_get_url (kept), ==, "https://example.org/k");
  /* The date the feed last gave, which it always gives. */
  g_assert_cmpstr (accord_article_get_date (kept), ==, "2026-06-12");
}

/* An undo puts a bookmark back as it was removed, from the timeline of
 * an article the feed now says less of: what it had kept comes back. */
static void
test_bookmark_undo_keeps_what_feed_drops (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(AccordFeed) first = parse_string (ONE_ARTICLE_FEED (
    "{\"id\": \"k\", \"date\": \"2026-06-11\", \"title\": {\"en\": \"Kept\", \"fr\": \"Gardé\"},"
    " \"source\": \"Canada\", \"url\": \"https://example.org/k\", \"entities\": [\"zeta\"]}"));
  g_autoptr(AccordFeed) english_only = parse_string (ONE_ARTICLE_FEED (
    "{\"id\": \"k\", \"date\": \"2026-06-12\", \"title\": {\"en\": \"Kept, retitled\"}, \"entities\": [\"zeta\"]}"));
  g_autoptr(GListModel) articles = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(GListModel) bookmarks = NULL;
  g_autoptr(AccordArticle) article = NULL;
  g_autoptr(AccordArticle) shown = NULL;
  g_autoptr(AccordArticle) kept = NULL;
  g_autoptr(GError) error = NULL;
  gboolean fallback = TRUE;
  gint64 created;

  import_feed (fixture->store, first);
  articles = accord_store_list_articles (fixture->store, "zeta", NULL, NULL);
  article = g_list_model_get_item (articles, 0);
  accord_store_add_bookmark (fixture->store, article, ACCORD_BOOKMARK_NOW, &error);
  g_assert_no_error (error);
  import_feed (fixture->store, english_only);

  /* As the window removes and puts back the star of a timeline's row. */
  timeline = accord_store_list_articles (fixture->store, "zeta", NULL, NULL);
  shown = g_list_model_get_item (timeline, 0);
  accord_store_follow_bookmark (fixture->store, shown, NULL);
  created = accord_article_get_bookmarked_at (shown);
  accord_store_remove_bookmark_async (fixture->store, shown, NULL, NULL);
  accord_store_restore_bookmark_async (fixture->store, shown, created, NULL, NULL);
  accord_store_wait_for_writes (fixture->store);

  bookmarks = accord_store_list_bookmarks (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (bookmarks), ==, 1);
  kept = g_list_model_get_item (bookmarks, 0);
  g_assert_cmpstr (accord_article_get_title (kept, "en", NULL), ==, "Kept, retitled");
  g_assert_cmpstr (accord_article_get_title (kept, "fr", &fallback), ==, "Gardé");
  g_assert_false (fallback);
  g_assert_cmpstr (accord_article_get_source (kept), ==, "Canada");
  g_assert_cmpstr (accord_article_get_url (kept), ==, "https://example.org/k");
  g_assert_cmpint (accord_article_get_bookmarked_at (kept), ==, created);
}

/* A bookmark keeps any time it is given back, as an undo does, one of
 * 1970 or before included, which an imported file may hold. */
static void
test_bookmark_keeps_early_time (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (two_entities_feed);
  g_autoptr(GListModel) zeta = NULL;
  g_autoptr(AccordArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 times[] = { 0, -G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC,
                           -G_GINT64_CONSTANT (62135596800) * G_USEC_PER_SEC };

  import_feed (fixture->store, feed);
  zeta = accord_store_list_articles (fixture->store, "zeta", NULL, NULL);
  article = find_article (zeta, "a1");
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(GListModel) bookmarks = NULL;
      g_autoptr(AccordArticle) stored = NULL;

      g_assert_true (accord_store_add_bookmark (fixture->store, article, times[i], &error));
      g_assert_no_error (error);
      bookmarks = accord_store_list_bookmarks (fixture->store);
      stored = g_list_model_get_item (bookmarks, 0);
      g_assert_cmpint (accord_article_get_bookmarked_at (stored), ==, times[i]);
      /* As a list's copy of the article learns it, which an undo reads. */
      {
        g_autoptr(GListModel) again = accord_store_list_articles (fixture->store, "zeta", NULL, NULL);
        g_autoptr(AccordArticle) copy = find_article (again, "a1");

        accord_store_follow_bookmark (fixture->store, copy, NULL);
        g_assert_true (accord_article_get_bookmarked (copy));
        g_assert_cmpint (accord_article_get_bookmarked_at (copy), ==, times[i]);
      }
      g_assert_true (accord_store_remove_bookmark (fixture->store, article, &error));
    }
  g_assert_true (accord_store_add_bookmark (fixture->store, article, ACCORD_BOOKMARK_NOW, &error));
  g_assert_cmpint (accord_article_get_bookmarked_at (article), >, G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC);
}

/* A copy of an article that hears of its bookmark learns its time too,
 * so that undoing its removal puts it back where it was. */
static void
test_follow_bookmark_takes_time (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (two_entities_feed);
  g_autoptr(GListModel) zeta = NULL;
  g_autoptr(GListModel) act = NULL;
  g_autoptr(AccordArticle) starred = NULL;
  g_autoptr(AccordArticle) copy = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 when = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;

  import_feed (fixture->store, feed);
  zeta = accord_store_list_articles (fixture->store, "zeta", NULL, NULL);
  act = accord_store_list_articles (fixture->store, "act", NULL, NULL);
  starred = find_article (zeta, "a1");
  copy = find_article (act, "a1");
  g_assert_true (starred != copy);

  accord_store_add_bookmark (fixture->store, starred, when, &error);
  g_assert_no_error (error);
  accord_store_follow_bookmark (fixture->store, copy, "a1");
  g_assert_true (accord_article_get_bookmarked (copy));
  g_assert_cmpint (accord_article_get_bookmarked_at (copy), ==, when);
}

typedef struct
{
  guint n_entities;
  guint n_articles;
  guint n_bookmarks;
  char *first_title;
} Snapshot;

static void
take_snapshot (AccordStore *store,
               Snapshot    *snapshot)
{
  g_autoptr(GListModel) entities = accord_store_list_entities (store, "en");
  g_autoptr(GListModel) articles = accord_store_list_articles (store, NULL, NULL, NULL);
  g_autoptr(AccordArticle) first = g_list_model_get_item (articles, 0);

  snapshot->n_entities = g_list_model_get_n_items (entities);
  snapshot->n_articles = g_list_model_get_n_items (articles);
  snapshot->n_bookmarks = accord_store_get_n_bookmarks (store);
  snapshot->first_title = g_strdup (first ? accord_article_get_title (first, "en", NULL) : NULL);
}

static void
assert_unchanged (AccordStore *store,
                  Snapshot    *before)
{
  Snapshot after;

  take_snapshot (store, &after);
  g_assert_cmpuint (after.n_entities, ==, before->n_entities);
  g_assert_cmpuint (after.n_articles, ==, before->n_articles);
  g_assert_cmpuint (after.n_bookmarks, ==, before->n_bookmarks);
  g_assert_cmpstr (after.first_title, ==, before->first_title);
  g_free (after.first_title);
}

/* The newest article of the snapshot. */
static AccordArticle *
first_article (AccordStore *store)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store, NULL, NULL, NULL);

  return g_list_model_get_item (articles, 0);
}

/* The built-in data stored, and a bookmark on its newest article asked
 * for in the background: the article. */
static AccordArticle *
import_builtin_and_queue_bookmark (AccordStore *store)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  AccordArticle *first;

  import_feed (store, builtin);
  first = first_article (store);
  accord_store_add_bookmark_async (store, first, ACCORD_BOOKMARK_NOW, NULL, NULL);
  return first;
}

static void
bookmark_first_article (AccordStore *store)
{
  g_autoptr(AccordArticle) first = first_article (store);
  g_autoptr(GError) error = NULL;

  accord_store_add_bookmark (store, first, ACCORD_BOOKMARK_NOW, &error);
  g_assert_no_error (error);
}

/* The store closed, @table damaged, the store opened again. */
static void
damage_and_reopen (Fixture    *fixture,
                   const char *table)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->store);
  accord_test_damage_table (fixture->path, table);
  fixture->store = accord_store_new (fixture->path, &error);
  g_assert_no_error (error);
}

/* Bookmarks that cannot be read are not listed as none, which the page
 * would show as "No Bookmarks Yet". */
static void
test_list_damaged_bookmarks_async (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GError) error = NULL;

  import_feed (fixture->store, builtin);
  bookmark_first_article (fixture->store);
  damage_and_reopen (fixture, "bookmark");

  listed = list_bookmarks_async (fixture->store, NULL, &error);
  g_assert_null (listed);
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT);
}

/* Damage to the articles' table does not hide the bookmarks, nor keep
 * them from being exported: all they need is in their own table. */
static void
test_bookmarks_outlive_damaged_snapshot (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(GListModel) bookmarks = NULL;
  g_autoptr(AccordArticle) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *out = NULL;
  g_autofree char *exported = NULL;
  int fd;

  import_feed (fixture->store, builtin);
  bookmark_first_article (fixture->store);
  bookmarks = accord_store_list_bookmarks (fixture->store);
  kept = g_list_model_get_item (bookmarks, 0);
  title = g_strdup (accord_article_get_title (kept, "en", NULL));
  g_clear_object (&kept);
  g_clear_object (&bookmarks);
  damage_and_reopen (fixture, "article");
  g_test_expect_message ("accord-store", G_LOG_LEVEL_WARNING, "*damaged*the bookmarks were read on their own*");
  bookmarks = accord_store_list_bookmarks (fixture->store);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (g_list_model_get_n_items (bookmarks), ==, 1);
  kept = g_list_model_get_item (bookmarks, 0);
  g_assert_cmpstr (accord_article_get_title (kept, "en", NULL), ==, title);
  g_assert_true (accord_article_get_in_feed (kept));
  g_clear_object (&fixture->store);

  fd = g_file_open_tmp ("accord-export-XXXXXX.json", &out, &error);
  g_assert_no_error (error);
  close (fd);
  g_test_expect_message ("accord-store", G_LOG_LEVEL_WARNING, "*damaged*the bookmarks were read on their own*");
  g_assert_cmpint (accord_command_export_bookmarks (out, fixture->path), ==, 0);
  g_test_assert_expected_messages ();
  g_assert_true (g_file_get_contents (out, &exported, NULL, NULL));
  g_remove (out);
  g_assert_nonnull (strstr (exported, "\"article\""));
  g_assert_nonnull (strstr (exported, title));
}

/* Nor from being restored from a file: the restore needs only their
 * table too, and leaves them as the file has them. */
static void
test_bookmarks_restored_over_damaged_snapshot (Fixture       *fixture,
                                               gconstpointer  data)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(GListModel) bookmarks = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  AccordBookmarkImportStats stats;
  char *exported;

  import_feed (fixture->store, builtin);
  bookmark_first_article (fixture->store);
  exported = accord_store_export_bookmarks (fixture->store, NULL, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (exported, strlen (exported));
  bookmarks = accord_store_list_bookmarks (fixture->store);
  {
    g_autoptr(AccordArticle) bookmarked = g_list_model_get_item (bookmarks, 0);

    g_assert_true (accord_store_remove_bookmark (fixture->store, bookmarked, &error));
  }
  g_clear_object (&bookmarks);
  damage_and_reopen (fixture, "article");

  g_test_expect_message ("accord-store", G_LOG_LEVEL_WARNING, "Bookmarks imported as the file has them:*damaged*");
  g_assert_true (accord_store_import_bookmarks (fixture->store, bytes, &stats, &error));
  g_assert_no_error (error);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (stats.n_added, ==, 1);
  g_test_expect_message ("accord-store", G_LOG_LEVEL_WARNING, "*damaged*the bookmarks were read on their own*");
  bookmarks = accord_store_list_bookmarks (fixture->store);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (g_list_model_get_n_items (bookmarks), ==, 1);
}

/* @n articles, each with a long summary in both languages. */
static AccordFeed *
wordy_feed (guint n)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1,"
                                          " \"entities\": [{\"id\": \"big\", \"kind\": \"organisation\","
                                          " \"name\": {\"en\": \"Big\"}}], \"articles\": [");
  g_autoptr(GString) words = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_string_truncate (words, 0);
      for (guint w = 0; w < 60; w++)
        g_string_append_printf (words, "word%u ", (i * 61 + w * 7) % 5000);
      g_string_append_printf (json, "%s{\"id\": \"w%u\", \"date\": \"2026-01-%02u\","
                              " \"title\": {\"en\": \"Title %u\"},"
                              " \"summary\": {\"en\": \"%s\", \"fr\": \"%s\"}, \"entities\": [\"big\"]}",
                              i ? "," : "", i, 1 + i % 28, i, words->str, words->str);
    }
  g_string_append (json, "]}");
  return parse_string (json->str);
}

static void
assert_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* The one number @sql reads from the data file at @path. */
static gint64
read_number (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 number;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  number = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return number;
}

/* Whether a rebuild's spare file is left beside the data file. */
static gboolean
spare_left (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *prefix = g_strconcat (path, ".rebuild", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *full = g_build_filename (folder, name, NULL);

      if (g_str_has_prefix (full, prefix))
        return TRUE;
    }
  return FALSE;
}

/* An import over a damaged snapshot rebuilds the data file, bookmarks
 * and all, rather than fail at every refresh: the snapshot can be
 * fetched again, and the bookmarks are read on their own. */
static void
test_import_rebuilds_damaged_file (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(GListModel) bookmarks = NULL;
  g_autoptr(GListModel) articles = NULL;
  g_autoptr(AccordArticle) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  const char *keys[] = { "last-success", NULL };
  const char *values[] = { "1700000000", NULL };
  AccordImportStats stats;

  gint64 last_rowid;

  import_feed (fixture->store, builtin);
  bookmark_first_article (fixture->store);
  g_assert_true (accord_store_set_sync_state (fixture->store, keys, values, NULL));
  last_rowid = read_number (fixture->path, "SELECT max(rowid) FROM article");
  bookmarks = accord_store_list_bookmarks (fixture->store);
  kept = g_list_model_get_item (bookmarks, 0);
  title = g_strdup (accord_article_get_title (kept, "en", NULL));
  g_clear_object (&kept);
  g_clear_object (&bookmarks);
  damage_and_reopen (fixture, "article");
  g_test_expect_message ("accord-store", G_LOG_LEVEL_MESSAGE, "*damaged*rebuilt*");
  g_assert_true (accord_store_import_feed (fixture->store, builtin, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_articles, ==, accord_feed_get_n_articles (builtin));

  /* The store's own connection reads the new file, with no warning. */
  articles = accord_store_list_articles (fixture->store, NULL, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, accord_feed_get_n_articles (builtin));
  bookmarks = accord_store_list_bookmarks (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (bookmarks), ==, 1);
  kept = g_list_model_get_item (bookmarks, 0);
  g_assert_cmpstr (accord_article_get_title (kept, "en", NULL), ==, title);
  g_assert_true (accord_article_get_in_feed (kept));
  g_assert_cmpint (accord_store_get_sync_time (fixture->store, "last-success"), ==, 1700000000);
  /* Rows of the new file are numbered on from the old one's: a list
   * read before must not take one for the article it had. */
  g_assert_cmpint (read_number (fixture->path, "SELECT min(rowid) FROM article"), >, last_rowid);
  g_assert_false (spare_left (fixture->path));
  assert_integrity (fixture->path);
  /* The damaged file is kept beside it, page for page, to rescue from. */
  {
    g_autofree char *kept_copy = g_strconcat (fixture->path, ".damaged", NULL);
    GStatBuf buf;

    g_assert_cmpint (g_stat (kept_copy, &buf), ==, 0);
    g_assert_cmpint (buf.st_size, >, 0);
  }

  /* And imports as any store does after that. */
  import_feed (fixture->store, builtin);
  g_assert_cmpuint (accord_store_get_n_bookmarks (fixture->store), ==, 1);
}

static void
import_finished (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  guint *n_done = user_data;
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;

  g_assert_true (accord_store_import_feed_finish (ACCORD_STORE (object), result, &stats, &error));
  g_assert_no_error (error);
  (*n_done)++;
}

/* A bookmark stored while a rebuild runs is never written over by it:
 * the rebuild keeps others from writing until its copy is done, so a
 * write in between either waits, fails and says so, or comes after. */
static void
test_rebuild_keeps_writes_meanwhile (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(AccordFeed) large = wordy_feed (3000);
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint n_done = 0;
  sqlite3 *writer = NULL;

  import_feed (fixture->store, large);
  damage_and_reopen (fixture, "article");

  g_assert_cmpint (sqlite3_open (fixture->path, &writer), ==, SQLITE_OK);
  /* Logged from the import's thread. */
  g_test_expect_message ("accord-store", G_LOG_LEVEL_MESSAGE, "*damaged*rebuilt*");
  accord_store_import_feed_async (fixture->store, large, ACCORD_SNAPSHOT_SYNC, NULL, import_finished, &n_done);
  for (guint i = 0; n_done == 0; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO bookmark (article_id, created) VALUES ('meanwhile-%u', 0)", i);

      if (sqlite3_exec (writer, sql, NULL, NULL, NULL) == SQLITE_OK)
        g_ptr_array_add (stored, g_strdup_printf ("meanwhile-%u", i));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_test_assert_expected_messages ();
  sqlite3_close (writer);

  g_test_message ("%u writes went through", stored->len);
  {
    g_autoptr(GListModel) bookmarks = accord_store_list_bookmarks (fixture->store);
    g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < g_list_model_get_n_items (bookmarks); i++)
      {
        g_autoptr(AccordArticle) article = g_list_model_get_item (bookmarks, i);

        g_hash_table_add (kept, g_strdup (accord_article_get_id (article)));
      }
    for (guint i = 0; i < stored->len; i++)
      if (!g_hash_table_contains (kept, g_ptr_array_index (stored, i)))
        g_error ("%s was stored during the rebuild, and lost", (char *) g_ptr_array_index (stored, i));
  }
}

/* A rebuild's message, counted; from any thread. */
static void
count_rebuild (const char     *log_domain,
               GLogLevelFlags  log_level,
               const char     *message,
               gpointer        user_data)
{
  if (strstr (message, "was rebuilt") != NULL)
    g_atomic_int_inc ((int *) user_data);
}

/* Two imports over one damaged file at once, as the app's refresh and a
 * command line's import may be: the first rebuilds it, the second waits
 * and imports over the mended file; the bookmark stays. */
static void
test_two_rebuilds_at_once (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AccordFeed) large = wordy_feed (3000);
  g_autoptr(AccordStore) other = NULL;
  g_autoptr(GError) error = NULL;
  guint n_done = 0;
  int n_rebuilds = 0;
  guint handler;

  import_feed (fixture->store, large);
  bookmark_first_article (fixture->store);
  damage_and_reopen (fixture, "article");
  other = accord_store_new (fixture->path, &error);
  g_assert_no_error (error);

  /* One rebuild, or two: the second may find the file damaged too,
   * then waits for the first, and rebuilds the mended file. */
  handler = g_log_set_handler ("accord-store", G_LOG_LEVEL_MESSAGE, count_rebuild, &n_rebuilds);
  accord_store_import_feed_async (fixture->store, large, ACCORD_SNAPSHOT_SYNC, NULL, import_finished, &n_done);
  accord_store_import_feed_async (other, large, ACCORD_SNAPSHOT_SYNC, NULL, import_finished, &n_done);
  while (n_done < 2)
    g_main_context_iteration (NULL, TRUE);
  g_log_remove_handler ("accord-store", handler);
  g_assert_cmpint (g_atomic_int_get (&n_rebuilds), >=, 1);
  g_assert_cmpint (g_atomic_int_get (&n_rebuilds), <=, 2);

  g_assert_cmpuint (accord_store_get_n_bookmarks (fixture->store), ==, 1);
  g_assert_cmpuint (accord_store_get_n_bookmarks (other), ==, 1);
  g_assert_false (spare_left (fixture->path));
  g_clear_object (&other);
  g_clear_object (&fixture->store);
  assert_integrity (fixture->path);
}

/* A spare a killed rebuild left goes when the store opens, once it is
 * old enough that no rebuild can be writing it. */
static void
test_stale_spare_removed (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *stale = g_strconcat (fixture->path, ".rebuild-AbC123", NULL);
  g_autofree char *stale_log = g_strconcat (stale, "-wal", NULL);
  g_autofree char *fresh = g_strconcat (fixture->path, ".rebuild-XyZ789", NULL);
  g_autofree char *other = g_strconcat (fixture->path, ".rebuild-notes.txt", NULL);
  g_autoptr(GError) error = NULL;
  struct utimbuf old = { 0 };

  g_assert_true (g_file_set_contents (stale, "left", -1, NULL));
  g_assert_true (g_file_set_contents (stale_log, "left", -1, NULL));
  g_assert_true (g_file_set_contents (fresh, "in use", -1, NULL));
  g_assert_true (g_file_set_contents (other, "the user's", -1, NULL));
  old.actime = old.modtime = time (NULL) - 2 * 24 * 60 * 60;
  g_assert_cmpint (g_utime (stale, &old), ==, 0);
  g_assert_cmpint (g_utime (other, &old), ==, 0);
  g_assert_cmpint (g_utime (stale_log, &old), ==, 0);

  g_clear_object (&fixture->store);
  fixture->store = accord_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stale_log, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_remove (fresh);
  g_remove (other);
}

/* A rebuilt file still knows what was there before: a refresh through a
 * rebuild tells of the articles it brought, as one without. */
static void
test_rebuild_counts_new_articles (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(AccordFeed) before = wordy_feed (20);
  g_autoptr(AccordFeed) after = wordy_feed (25);
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;

  accord_store_import_feed (fixture->store, before, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error);
  g_assert_no_error (error);
  damage_and_reopen (fixture, "article");

  g_test_expect_message ("accord-store", G_LOG_LEVEL_MESSAGE, "*damaged*rebuilt*");
  g_assert_true (accord_store_import_feed (fixture->store, after, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (stats.n_new_articles, ==, 5);
}

/* A damage that reads as rows: the bookmarks' table made to start on
 * another table's pages. Read plainly, it gives no error and the wrong
 * rows; checked, it is damaged, so nothing is rebuilt. */
static void
test_misread_bookmarks_not_rebuilt (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  const char *keys[] = { "last-success", "last-attempt", NULL };
  const char *values[] = { "1700000000", "1700000001", NULL };
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;
  sqlite3 *db = NULL;

  import_feed (fixture->store, builtin);
  bookmark_first_article (fixture->store);
  g_assert_true (accord_store_set_sync_state (fixture->store, keys, values, NULL));
  g_clear_object (&fixture->store);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA writable_schema = ON;"
                                     "UPDATE sqlite_schema SET rootpage ="
                                     " (SELECT rootpage FROM sqlite_schema WHERE name = 'sync_state')"
                                     " WHERE name = 'bookmark';", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  damage_and_reopen (fixture, "article");

  g_assert_false (accord_store_import_feed (fixture->store, builtin, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT);
  g_assert_false (spare_left (fixture->path));
}

/* With the bookmarks' own table damaged, nothing is rebuilt: that would
 * lose them. The import fails, and the file is left as it was. */
static void
test_damaged_bookmarks_not_rebuilt (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  AccordImportStats stats;

  import_feed (fixture->store, builtin);
  bookmark_first_article (fixture->store);
  g_clear_object (&fixture->store);
  accord_test_damage_table (fixture->path, "article");
  accord_test_damage_table (fixture->path, "bookmark");
  g_assert_true (g_file_get_contents (fixture->path, &before, &before_len, NULL));

  fixture->store = accord_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (accord_store_import_feed (fixture->store, builtin, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT);
  g_clear_object (&fixture->store);

  g_assert_true (g_file_get_contents (fixture->path, &after, &after_len, NULL));
  g_assert_true (before_len == after_len && memcmp (before, after, before_len) == 0);
  g_assert_false (spare_left (fixture->path));
}

/* Bookmarks are not merged into a damaged table, where they would be
 * lost with it: the file is left as it was. */
static void
test_bookmarks_not_imported_into_damage (Fixture       *fixture,
                                         gconstpointer  data)
{
  static const char json[] =
    "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
    " {\"article\": \"elsewhere\", \"bookmarked\": \"2026-01-01T10:00:00Z\", \"title\": {\"en\": \"Kept\"}}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, sizeof json - 1);
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  import_feed (fixture->store, builtin);
  bookmark_first_article (fixture->store);
  g_clear_object (&fixture->store);
  /* A bookmark that cannot be read, in a table that still takes more. */
  accord_test_damage_first_record (fixture->path, "bookmark");
  g_assert_true (g_file_get_contents (fixture->path, &before, &before_len, NULL));

  fixture->store = accord_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (accord_store_import_bookmarks (fixture->store, bytes, NULL, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT);
  g_clear_object (&fixture->store);

  g_assert_true (g_file_get_contents (fixture->path, &after, &after_len, NULL));
  g_assert_true (before_len == after_len && memcmp (before, after, before_len) == 0);
}

/* The built-in data with three of the Partnership's articles
 * bookmarked, the store closed; returns their ids in the key's order. */
static GPtrArray *
close_with_three_bookmarks (Fixture *fixture)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(GListModel) articles = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  import_feed (fixture->store, builtin);
  articles = accord_store_list_articles (fixture->store, "gpai", NULL, NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (articles, i);

      g_assert_true (accord_store_add_bookmark (fixture->store, article, ACCORD_BOOKMARK_NOW, &error));
      g_assert_no_error (error);
      g_ptr_array_add (ids, g_strdup (accord_article_get_id (article)));
    }
  g_clear_object (&fixture->store);
  g_ptr_array_sort_values (ids, (GCompareFunc) strcmp);
  return ids;
}

/* The store, opened again over its damaged bookmarks, refuses to export
 * them as whole, and the command line will not write over @backup. */
static void
assert_export_refused_over (Fixture    *fixture,
                            const char *backup)
{
  const char *old_backup = "{\"format\": \"accord-bookmarks\"}";
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  fixture->store = accord_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (accord_store_export_bookmarks (fixture->store, NULL, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT);

  g_assert_true (g_file_set_contents (backup, old_backup, -1, NULL));
  g_assert_cmpint (accord_command_export_bookmarks (backup, fixture->path), ==, 1);
  g_assert_true (g_file_get_contents (backup, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, old_backup);
}

/* A damage a plain read does not see: the bookmarks' page counts one
 * record less than it holds. An export that passed the others for the
 * whole would write over the backup that still has the one hidden. */
static void
test_export_sees_hidden_damage (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) unused = close_with_three_bookmarks (fixture);
  g_autofree char *dir = g_dir_make_tmp ("accord-hidden-XXXXXX", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.json", NULL);

  accord_test_hide_last_record (fixture->path, "bookmark");
  assert_export_refused_over (fixture, backup);
  accord_remove_tree (dir);
}

/* One bookmark's record damaged: an export refuses the table, whose
 * bookmarks it would not all have, but the command line rescues the
 * others, to a new file only: the file there may be the last backup of
 * the one lost. */
static void
test_readable_bookmarks_rescued (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = close_with_three_bookmarks (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("accord-rescue-XXXXXX", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.json", NULL);
  g_autofree char *rescued = g_build_filename (dir, "rescued.json", NULL);
  g_autofree char *exported = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *bookmarks;

  /* The first in the key's order. */
  accord_test_damage_first_record (fixture->path, "bookmark");
  assert_export_refused_over (fixture, backup);

  g_assert_cmpint (accord_command_export_bookmarks (rescued, fixture->path), ==, 0);
  g_assert_true (g_file_get_contents (rescued, &exported, NULL, NULL));
  root = json_from_string (exported, &error);
  g_assert_no_error (error);
  bookmarks = json_object_get_array_member (json_node_get_object (root), "bookmarks");
  g_assert_cmpuint (json_array_get_length (bookmarks), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (bookmarks, i), "article");

      g_assert_cmpstr (id, !=, g_ptr_array_index (ids, 0));
    }
  accord_remove_tree (dir);
}

static void
test_failed_import_changes_nothing (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(AccordFeed) other = parse_string (two_entities_feed);
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;
  Snapshot before;

  import_feed (fixture->store, builtin);
  bookmark_first_article (fixture->store);
  take_snapshot (fixture->store, &before);

  accord_store_set_import_fault (fixture->store, 2, 0);
  g_assert_false (accord_store_import_feed (fixture->store, other, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FAILED);
  assert_unchanged (fixture->store, &before);
  g_assert_cmpint (accord_store_get_snapshot_origin (fixture->store), ==, ACCORD_SNAPSHOT_FILE);

  /* The same import goes through once the fault is gone. */
  accord_store_set_import_fault (fixture->store, 0, 0);
  import_feed (fixture->store, other);
  g_assert_cmpuint (accord_store_get_n_bookmarks (fixture->store), ==, 1);
  g_free (before.first_title);
}

static goffset
log_size (Fixture *fixture)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  GStatBuf buf;

  return g_stat (wal, &buf) == 0 ? buf.st_size : 0;
}

/* With the store's own connections open, SQLite keeps the WAL file as
 * large as an import made it: the import gives that space back. */
static void
test_import_gives_back_log_space (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(AccordFeed) other = parse_string (two_entities_feed);
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;
  Snapshot before;

  import_feed (fixture->store, builtin);
  take_snapshot (fixture->store, &before);
  g_assert_cmpint (log_size (fixture), ==, 0);

  accord_store_set_import_fault (fixture->store, 2, 0);
  g_assert_false (accord_store_import_feed (fixture->store, builtin, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error));
  g_assert_cmpint (log_size (fixture), ==, 0);
  assert_unchanged (fixture->store, &before);
  g_free (before.first_title);

  accord_store_set_import_fault (fixture->store, 0, 0);
  import_feed (fixture->store, other);
  g_assert_cmpint (log_size (fixture), ==, 0);
}

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? buf.st_size : 0;
}

/* After a large snapshot, a small one leaves most of the file free:
 * the file shrinks, and the bookmark stays. */
static void
test_import_shrinks_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(AccordFeed) large = wordy_feed (3000);
  g_autoptr(AccordFeed) small = parse_string (two_entities_feed);
  goffset large_size;

  import_feed (fixture->store, large);
  bookmark_first_article (fixture->store);
  large_size = file_size (fixture->path);
  g_assert_cmpint (large_size, >, 4 * 1024 * 1024);

  import_feed (fixture->store, small);
  g_assert_cmpint (file_size (fixture->path), <, large_size / 8);
  g_assert_cmpint (log_size (fixture), ==, 0);
  g_assert_cmpuint (accord_store_get_n_bookmarks (fixture->store), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "zeta", ACCORD_TYPE_ENTITY), ==, 1);

  /* A snapshot as large as the last one reuses the space as it is. */
  import_feed (fixture->store, large);
  large_size = file_size (fixture->path);
  import_feed (fixture->store, large);
  g_assert_cmpint (file_size (fixture->path), ==, large_size);
}

/* /proc/self files take one write, not a file written beside them and
 * renamed as g_file_set_contents() does. */
static gboolean
write_proc_file (const char *path,
                 const char *text)
{
  int fd = g_open (path, O_WRONLY, 0);
  gboolean written = fd >= 0 && write (fd, text, strlen (text)) == (gssize) strlen (text);

  if (fd >= 0)
    close (fd);
  return written;
}

/* A small file system of the process's own on @dir, in a mount
 * namespace of its own, so that a test can fill it: as root, or in a user
 * namespace where the system allows one. The process must not have
 * started a thread yet, which a new user namespace requires. */
static gboolean
mount_small_disk (const char *dir)
{
  uid_t uid = getuid ();
  gid_t gid = getgid ();

  if (unshare (CLONE_NEWNS) != 0)
    {
      /* A test subprocess is made non-dumpable, which leaves the files
       * below to root. */
      g_autofree char *uid_map = g_strdup_printf ("0 %u 1", (unsigned) uid);
      g_autofree char *gid_map = g_strdup_printf ("0 %u 1", (unsigned) gid);

      if (prctl (PR_SET_DUMPABLE, 1, 0, 0, 0) != 0 ||
          unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0 ||
          !write_proc_file ("/proc/self/setgroups", "deny") ||
          !write_proc_file ("/proc/self/uid_map", uid_map) ||
          !write_proc_file ("/proc/self/gid_map", gid_map))
        return FALSE;
    }
  /* Nothing mounted here may show outside. In a chroot, "/" is not a
   * mount point, but the temporary folder may be one. */
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 &&
      mount (NULL, g_get_tmp_dir (), NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    return FALSE;
  return mount ("tmpfs", dir, "tmpfs", 0, "size=4m") == 0;
}

static gboolean
can_mount_small_disk (const char *dir)
{
  int status = 1;
  pid_t pid;

  if ((pid = fork ()) == 0)
    _exit (mount_small_disk (dir) ? 0 : 1);
  waitpid (pid, &status, 0);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static void
fill_disk (const char *path)
{
  char block[4096] = { 0 };
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
}

#define SMALL_DISK_ENV "ACCORD_TEST_SMALL_DISK"

/* Runs @body in a process of its own with a small file system of its
 * own on a new folder, or skips the test where none can be mounted. */
static void
run_on_small_disk (void (*body) (const char *dir))
{
  g_autofree char *dir = NULL;

  if (g_test_subprocess ())
    {
      g_assert_true (mount_small_disk (g_getenv (SMALL_DISK_ENV)));
      body (g_getenv (SMALL_DISK_ENV));
      return;
    }
  dir = g_dir_make_tmp ("accord-small-disk-XXXXXX", NULL);
  g_assert_nonnull (dir);
  if (!can_mount_small_disk (dir))
    {
      g_rmdir (dir);
      g_test_skip ("no file system of the test's own can be mounted here");
      return;
    }
  {
    g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), SMALL_DISK_ENV, dir, TRUE);

    g_test_trap_subprocess_with_envp (NULL, (const char * const *) envp, 60 * G_USEC_PER_SEC,
                                      G_TEST_SUBPROCESS_INHERIT_STDERR);
  }
  /* The file system went with the process that mounted it. */
  g_rmdir (dir);
  g_test_trap_assert_passed ();
}

static void
full_disk_subprocess (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "accord", "accord.db", NULL);
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  g_autoptr(AccordFeed) builtin = NULL;
  g_autoptr(GError) error = NULL;
  AccordStore *store;

  builtin = builtin_feed ();
  store = accord_store_new (path, &error);
  g_assert_no_error (error);
  import_feed (store, builtin);
  bookmark_first_article (store);
  g_object_unref (store);

  fill_disk (filler);
  store = accord_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "disk space"));
  g_clear_error (&error);

  /* With space again, everything is there. */
  g_assert_cmpint (g_remove (filler), ==, 0);
  store = accord_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accord_store_get_n_bookmarks (store), ==, 1);
  g_object_unref (store);
}

/* SQLite calls a full disk an I/O error when it is the WAL or its index
 * that cannot be made: the user is told the disk is full all the same. */
static void
test_full_disk_named (void)
{
  run_on_small_disk (full_disk_subprocess);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, (gssize) len, NULL));
}

/* At @path, a database in rollback-journal mode, at the current schema,
 * as a crash leaves it in the middle of a transaction: its journal hot
 * beside it, the file holding changes only the journal can undo. */
static void
leave_hot_journal (const char *dir,
                   const char *path)
{
  g_autofree char *work = g_build_filename (dir, "hot-work.db", NULL);
  g_autofree char *work_journal = g_strconcat (work, "-journal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *hot_dir = g_path_get_dirname (path);
  g_autofree char *version = g_strdup_printf ("PRAGMA user_version = %d;", ACCORD_STORE_SCHEMA_VERSION);
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir (hot_dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (work, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; CREATE TABLE meta (x); CREATE TABLE t (x);", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, version, NULL, NULL, NULL), ==, SQLITE_OK);
  /* A cache of one page spills the transaction's pages to the file. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA cache_size = 1; BEGIN;"
                                 " WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                                 " INSERT INTO t SELECT randomblob (1000) FROM n;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (g_file_test (work_journal, G_FILE_TEST_EXISTS));
  copy_file (work, path);
  copy_file (work_journal, journal);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
}

/* The database as Accord leaves it, with one bookmark, in @dir. */
static char *
store_with_a_bookmark (const char *dir)
{
  char *path = g_build_filename (dir, "accord", "accord.db", NULL);
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(GError) error = NULL;
  AccordStore *store = accord_store_new (path, &error);

  g_assert_no_error (error);
  import_feed (store, builtin);
  bookmark_first_article (store);
  g_object_unref (store);
  return path;
}

/* Exports the bookmarks of the store at @path, and checks it has one. */
static void
assert_one_bookmark_exported (const char *path)
{
  g_autofree char *out = NULL;
  g_autofree char *exported = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("accord-export-XXXXXX.json", &out, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_cmpint (accord_command_export_bookmarks (out, path), ==, 0);
  g_assert_true (g_file_get_contents (out, &exported, NULL, NULL));
  g_remove (out);
  root = json_from_string (exported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "bookmarks")),
                    ==, 1);
}

/* A data file cut short, as by a copy that did not finish, is refused
 * whole by SQLite, its header counting pages it no longer has: the
 * bookmarks, in the pages left, can still be exported. */
static void
test_export_from_file_cut_short (void)
{
  g_autofree char *dir = g_dir_make_tmp ("accord-cut-short-XXXXXX", NULL);
  g_autofree char *path = store_with_a_bookmark (dir);
  g_autoptr(AccordStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (truncate (path, buf.st_size - 4096), ==, 0);
  store = accord_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT);

  assert_one_bookmark_exported (path);
  accord_remove_tree (dir);
}

static void
read_only_export_subprocess (const char *dir)
{
  g_autofree char *path = store_with_a_bookmark (dir);
  g_autofree char *older = g_build_filename (dir, "older", "accord.db", NULL);
  g_autofree char *crashed_dir = g_build_filename (dir, "crashed", NULL);
  g_autofree char *crashed = g_build_filename (crashed_dir, "accord.db", NULL);
  g_autofree char *crashed_log = g_build_filename (crashed_dir, "accord.db-wal", NULL);
  g_autofree char *emptied_dir = g_build_filename (dir, "emptied", NULL);
  g_autofree char *emptied = g_build_filename (emptied_dir, "accord.db", NULL);
  g_autofree char *emptied_log = g_build_filename (emptied_dir, "accord.db-wal", NULL);
  g_autofree char *hot = g_build_filename (dir, "hot", "accord.db", NULL);
  g_autoptr(GError) error = NULL;
  AccordStore *store;

  g_assert_true (accord_store_create_at_version (older, 1, &error));
  g_assert_no_error (error);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (older, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO bookmark (article_id, created, title_en) VALUES ('old', 1, 'Old')",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  /* As left by a crash: a log of writes beside it. */
  g_assert_cmpint (g_mkdir (crashed_dir, 0700), ==, 0);
  {
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (crashed, contents, (gssize) len, NULL));
    g_assert_true (g_file_set_contents (crashed_log, "not empty", -1, NULL));
    g_assert_cmpint (g_mkdir (emptied_dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (emptied, contents, (gssize) len, NULL));
    g_assert_true (g_file_set_contents (emptied_log, "", 0, NULL));
  }
  leave_hot_journal (dir, hot);
  g_assert_cmpint (mount (NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL), ==, 0);

  /* Said to be read-only, where it is, not only "unable to open". */
  g_assert_null (accord_store_new (path, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_READ_ONLY);
  {
    g_autofree char *folder = g_path_get_dirname (path);

    g_assert_nonnull (strstr (error->message, folder));
  }
  g_clear_error (&error);
  assert_one_bookmark_exported (path);

  /* An older version's, which cannot be brought up to date there: its
   * bookmarks' table is the same. */
  assert_one_bookmark_exported (older);

  /* Writes cut short are not read past: only a writer can mend them. */
  g_assert_null (accord_store_new_read_only (crashed, &error));
  g_assert_nonnull (strstr (error->message, "middle of a change"));
  g_clear_error (&error);
  g_assert_null (accord_store_new_read_only (hot, &error));
  g_assert_nonnull (strstr (error->message, "middle of a change"));
  g_clear_error (&error);

  /* An empty log holds nothing: the file is read alone. */
  store = accord_store_new_read_only (emptied, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accord_store_get_n_bookmarks (store), ==, 1);
  g_object_unref (store);
}

static void
assert_not_allowed (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_null (accord_store_new (path, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, folder));
  g_assert_nonnull (strstr (error->message, "permissions"));
}

/* A full disk, which leaves no room for the log's index, and a folder
 * that cannot be written to: the bookmarks can be exported all the same,
 * to make room or to move them. */
static void
cramped_export_subprocess (const char *dir)
{
  g_autofree char *full_dir = g_build_filename (dir, "full", NULL);
  g_autofree char *locked_dir = g_build_filename (dir, "locked", NULL);
  g_autofree char *full = store_with_a_bookmark (full_dir);
  g_autofree char *locked = store_with_a_bookmark (locked_dir);
  g_autofree char *locked_folder = g_path_get_dirname (locked);
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  g_autoptr(GError) error = NULL;

  fill_disk (filler);
  g_assert_null (accord_store_new (full, &error));
  g_clear_error (&error);
  assert_one_bookmark_exported (full);
  g_remove (filler);

  /* The user's own folder and file, as a backup restored read-only
   * leaves them. Root writes anywhere: the test is nobody's, then. */
  if (getuid () != 0 || chown (locked_folder, 65534, 65534) != 0 || chown (locked, 65534, 65534) != 0 ||
      g_chmod (dir, 0755) != 0 || g_chmod (locked_dir, 0755) != 0 || setresuid (65534, 65534, 65534) != 0)
    {
      g_test_message ("No other user to be: the test of a folder that cannot be written to is skipped");
      return;
    }
  g_assert_cmpint (g_chmod (locked_folder, 0555), ==, 0);
  g_assert_null (accord_store_new (locked, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, locked_folder));
  g_clear_error (&error);
  assert_one_bookmark_exported (locked);

  /* Nor read, the file or the folder: no damage, but where to look. */
  g_assert_cmpint (g_chmod (locked, 0), ==, 0);
  assert_not_allowed (locked);
  g_assert_cmpint (g_chmod (locked, 0644), ==, 0);
  g_assert_cmpint (g_chmod (locked_folder, 0), ==, 0);
  assert_not_allowed (locked);
}

static void
test_cramped_export (void)
{
  run_on_small_disk (cramped_export_subprocess);
}

/* With no file left to make on the disk, as when small files have used
 * them all, saving over a backup fails and leaves it as it was, with
 * nothing beside it. (GLib's replace, with no room for its copy, deletes
 * the file to write in its place, and runs out of room halfway.) */
static void
no_room_to_replace_subprocess (const char *dir)
{
  g_autofree char *backup = g_build_filename (dir, "bookmarks.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (backup);
  g_autoptr(GBytes) larger_than_disk = g_bytes_new_take (g_malloc0 (5 << 20), 5 << 20);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *kept = NULL;
  const char *name;

  g_assert_true (g_file_set_contents (backup, "{\"format\": \"old\"}", -1, NULL));
  g_assert_cmpint (mount (NULL, dir, NULL, MS_REMOUNT, "nr_inodes=16"), ==, 0);
  for (guint i = 0;; i++)
    {
      g_autofree char *filler = g_strdup_printf ("%s/filler-%u", dir, i);
      int fd = g_open (filler, O_WRONLY | O_CREAT, 0600);

      if (fd < 0)
        {
          g_assert_cmpint (errno, ==, ENOSPC);
          break;
        }
      close (fd);
      g_assert_cmpuint (i, <, 16);
    }

  g_assert_false (accord_replace_file_contents (file, larger_than_disk, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_true (g_file_get_contents (backup, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "{\"format\": \"old\"}");

  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_true (g_str_equal (name, "bookmarks.json") || g_str_has_prefix (name, "filler-"));
}

static void
test_no_room_to_replace (void)
{
  run_on_small_disk (no_room_to_replace_subprocess);
}

/* A file the user may write in a folder they may not add to is written
 * over where it is; with no room for the whole of it, it is left as it
 * was, not cut off where the room ran out. */
static void
no_room_in_place_subprocess (const char *dir)
{
  g_autofree char *shared = g_build_filename (dir, "shared", NULL);
  g_autofree char *backup = g_build_filename (shared, "bookmarks.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (backup);
  g_autoptr(GBytes) larger_than_disk = g_bytes_new_take (g_malloc0 (5 << 20), 5 << 20);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  g_assert_cmpint (g_mkdir (shared, 0755), ==, 0);
  g_assert_true (g_file_set_contents (backup, "{\"format\": \"old\"}", -1, NULL));
  /* Root adds to any folder: the test is nobody's, then. */
  if (getuid () != 0 || chown (backup, 65534, 65534) != 0 || g_chmod (dir, 0755) != 0 ||
      setresuid (65534, 65534, 65534) != 0)
    {
      g_test_message ("No other user to be: the test of a folder that cannot be added to is skipped");
      return;
    }

  g_assert_false (accord_replace_file_contents (file, larger_than_disk, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_true (g_file_get_contents (backup, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "{\"format\": \"old\"}");
}

static void
test_no_room_in_place (void)
{
  run_on_small_disk (no_room_in_place_subprocess);
}

/* The data file read once while it was read-only: SQLite's log and index,
 * made then, took its permissions. Writable again, it takes writes. */
static void
side_files_read_only_subprocess (const char *dir)
{
  g_autofree char *path = store_with_a_bookmark (dir);
  g_autofree char *folder = g_path_get_dirname (path);
  const char *later = "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
                      " {\"article\": \"later\", \"title\": {\"en\": \"Later\"}}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (later, strlen (later));
  AccordBookmarkImportStats stats;
  g_autoptr(AccordStore) reader = NULL;
  g_autoptr(AccordStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* Root writes anywhere: the test is nobody's, then. */
  if (getuid () != 0 || chown (dir, 65534, 65534) != 0 || chown (folder, 65534, 65534) != 0 ||
      chown (path, 65534, 65534) != 0 || setresuid (65534, 65534, 65534) != 0)
    {
      g_test_message ("No other user to be: the test of read-only side files is skipped");
      return;
    }
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  reader = accord_store_new_read_only (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accord_store_get_n_bookmarks (reader), ==, 1);
  g_clear_object (&reader);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  store = accord_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (accord_store_import_bookmarks (store, bytes, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (accord_store_get_n_bookmarks (store), ==, 2);
}

static void
test_side_files_read_only (void)
{
  run_on_small_disk (side_files_read_only_subprocess);
}

/* The bookmarks of a database on a disk mounted read-only, to rescue
 * them, can still be exported. */
static void
test_read_only_export (void)
{
  run_on_small_disk (read_only_export_subprocess);
}

static void
test_disk_full_changes_nothing (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(AccordFeed) small = parse_string (two_entities_feed);
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;
  Snapshot before;

  import_feed (fixture->store, small);
  bookmark_first_article (fixture->store);
  take_snapshot (fixture->store, &before);

  /* The database may not grow: as good as a full disk. */
  accord_store_set_import_fault (fixture->store, 0, 1);
  g_assert_false (accord_store_import_feed (fixture->store, builtin, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "disk space"));
  assert_unchanged (fixture->store, &before);
  g_free (before.first_title);
}

static void
test_cancelled_import_changes_nothing (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(AccordFeed) small = parse_string (two_entities_feed);
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;
  Snapshot before;

  import_feed (fixture->store, small);
  take_snapshot (fixture->store, &before);

  g_cancellable_cancel (cancellable);
  g_assert_false (accord_store_import_feed (fixture->store, builtin, ACCORD_SNAPSHOT_SYNC,
                                            cancellable, &stats, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_unchanged (fixture->store, &before);
  g_free (before.first_title);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AccordImportStats *stats = user_data;
  g_autoptr(GError) error = NULL;

  accord_store_import_feed_finish (ACCORD_STORE (object), result, stats, &error);
  g_assert_no_error (error);
}

static void
test_async_import (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  AccordImportStats stats = { 0 };

  accord_store_import_feed_async (fixture->store, builtin, ACCORD_SNAPSHOT_BUILTIN, NULL,
                                  import_done_cb, &stats);
  while (stats.n_articles == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (stats.n_articles, ==, 12);
  g_assert_cmpuint (stats.n_new_articles, ==, 0);
  g_assert_cmpint (accord_store_get_snapshot_origin (fixture->store), ==, ACCORD_SNAPSHOT_BUILTIN);
  g_assert_cmpint (accord_store_get_snapshot_generated (fixture->store), ==,
                   accord_feed_get_generated_unix (builtin));
}

typedef struct
{
  gboolean  done;
  GError   *error;
} AsyncImport;

static void
synced_import_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  AsyncImport *import = user_data;
  AccordImportStats stats;

  accord_store_import_feed_finish (ACCORD_STORE (object), result, &stats, &import->error);
  import->done = TRUE;
}

static void
import_synced_feed (AccordStore        *store,
                    AccordFeed         *feed,
                    const char * const *keys,
                    const char * const *values,
                    GError            **error)
{
  AsyncImport import = { 0 };

  accord_store_import_synced_feed_async (store, feed, keys, values, NULL, synced_import_done_cb, &import);
  while (!import.done)
    g_main_context_iteration (NULL, TRUE);
  if (import.error != NULL)
    g_propagate_error (error, import.error);
}

/* Sync state set with a synced feed is stored with it, or not at all. */
static void
test_sync_state_with_import (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  const char *old_keys[] = { "etag", "last-error", NULL };
  const char *old_values[] = { "\"old\"", "down", NULL };
  const char *keys[] = { "etag", "last-error", NULL };
  const char *values[] = { "\"new\"", NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *last_error = NULL;

  accord_store_set_sync_state (fixture->store, old_keys, old_values, &error);
  g_assert_no_error (error);

  accord_store_set_import_fault (fixture->store, 2, 0);
  import_synced_feed (fixture->store, builtin, keys, values, &error);
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FAILED);
  g_clear_error (&error);
  etag = accord_store_dup_sync_state (fixture->store, "etag");
  last_error = accord_store_dup_sync_state (fixture->store, "last-error");
  g_assert_cmpstr (etag, ==, "\"old\"");
  g_assert_cmpstr (last_error, ==, "down");
  g_clear_pointer (&etag, g_free);
  g_clear_pointer (&last_error, g_free);

  accord_store_set_import_fault (fixture->store, 0, 0);
  import_synced_feed (fixture->store, builtin, keys, values, &error);
  g_assert_no_error (error);
  etag = accord_store_dup_sync_state (fixture->store, "etag");
  last_error = accord_store_dup_sync_state (fixture->store, "last-error");
  g_assert_cmpstr (etag, ==, "\"new\"");
  g_assert_null (last_error);
  g_assert_cmpint (accord_store_get_snapshot_origin (fixture->store), ==, ACCORD_SNAPSHOT_SYNC);
}

static void
count_changes (guint *n)
{
  (*n)++;
}

/* A cancel that comes once the snapshot is committed changes nothing:
 * the import reports it stored, and the store tells its watchers. */
static void
test_cancel_after_commit (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(AccordFeed) builtin = builtin_feed ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *keys[] = { "etag", NULL };
  const char *values[] = { "\"v1\"", NULL };
  AsyncImport import = { 0 };
  guint n_changes = 0;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_signal_connect_swapped (fixture->store, "snapshot-changed", G_CALLBACK (count_changes), &n_changes);
  accord_store_import_synced_feed_async (fixture->store, builtin, keys, values, cancellable,
                                         synced_import_done_cb, &import);
  /* Without running the main loop: the result waits there. */
  while (accord_store_get_snapshot_origin (fixture->store) != ACCORD_SNAPSHOT_SYNC)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  g_cancellable_cancel (cancellable);
  while (!import.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (import.error);
  g_assert_cmpuint (n_changes, ==, 1);
}

static void
test_new_articles_counted (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AccordFeed) small = parse_string (feed_without_a2);
  g_autoptr(AccordFeed) larger = parse_string (two_entities_feed);
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;

  accord_store_import_feed (fixture->store, small, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_new_articles, ==, 0);

  accord_store_import_feed (fixture->store, larger, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_new_articles, ==, 2);
  g_assert_cmpuint (stats.n_articles, ==, 3);

  /* A search result tells of them as the sidebar does. */
  {
    g_autoptr(GListModel) entities = accord_store_list_entities (fixture->store, "en");
    g_autoptr(GListModel) found = accord_store_search (fixture->store, "zeta", 10);
    g_autoptr(AccordEntity) result = g_list_model_get_item (found, 0);
    guint listed = 0;

    for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
      {
        g_autoptr(AccordEntity) entity = g_list_model_get_item (entities, i);

        if (g_str_equal (accord_entity_get_id (entity), "zeta"))
          listed = accord_entity_get_n_new_articles (entity);
      }
    g_assert_cmpuint (listed, >, 0);
    g_assert_true (ACCORD_IS_ENTITY (result));
    g_assert_cmpstr (accord_entity_get_id (result), ==, "zeta");
    g_assert_cmpuint (accord_entity_get_n_new_articles (result), ==, listed);
  }
}

/* An entity or article named only in languages the app does not show
 * is listed under its id, and search finds it by that id. */
static void
test_search_entity_named_elsewhere (Fixture       *fixture,
                                    gconstpointer  data)
{
  static const char feed_json[] =
    "{\"format\": \"accord-feed\", \"version\": 1, \"entities\": ["
    "  {\"id\": \"bundesnetzagentur\", \"kind\": \"organisation\", \"name\": {\"de\": \"Bundesnetzagentur\"}},"
    "  {\"id\": \"org-7\", \"kind\": \"organisation\", \"name\": {\"en\": \"OECD\"}}],"
    " \"articles\": ["
    "  {\"id\": \"pressemitteilung-12\", \"date\": \"2026-01-01\", \"title\": {\"de\": \"KI-Gesetz\"},"
    "   \"entities\": [\"bundesnetzagentur\"]},"
    "  {\"id\": \"note-3\", \"date\": \"2026-01-02\", \"title\": {\"fr\": \"Avis\"}}]}";
  g_autoptr(AccordFeed) feed = parse_string (feed_json);
  g_autoptr(GListModel) results = NULL;
  g_autoptr(AccordEntity) found = NULL;

  import_feed (fixture->store, feed);
  g_assert_cmpuint (count_search (fixture->store, "bundesnetz", ACCORD_TYPE_ENTITY), ==, 1);
  results = accord_store_search (fixture->store, "bundesnetzagentur", 10);
  for (guint i = 0; found == NULL && i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);

      if (ACCORD_IS_ENTITY (item))
        found = ACCORD_ENTITY (g_steal_pointer (&item));
    }
  g_assert_nonnull (found);
  g_assert_cmpstr (accord_entity_get_id (found), ==, "bundesnetzagentur");
  /* A named entity is found by its name, not its id. */
  g_assert_cmpuint (count_search (fixture->store, "oecd", ACCORD_TYPE_ENTITY), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "org", ACCORD_TYPE_ENTITY), ==, 0);
  /* So is an article titled in neither language. */
  g_assert_cmpuint (count_search (fixture->store, "pressemitteilung", ACCORD_TYPE_ARTICLE), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "note", ACCORD_TYPE_ARTICLE), ==, 0);
}

/* Words of any script are found: marks that end a word in the index end
 * it in the query too, never making a phrase the index cannot search. */
static void
test_search_other_scripts (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char feed_json[] =
    "{\"format\": \"accord-feed\", \"version\": 1, \"entities\": ["
    "  {\"id\": \"in\", \"kind\": \"organisation\", \"name\": {\"en\": \"India AI\"}}],"
    " \"articles\": ["
    "  {\"id\": \"a1\", \"date\": \"2026-01-01\", \"title\": {\"en\": \"कृत्रिम बुद्धिमत्ता in India\"}, \"entities\": [\"in\"]},"
    "  {\"id\": \"a2\", \"date\": \"2026-01-02\", \"title\": {\"en\": \"ปัญญาประดิษฐ์ in Thailand\"}, \"entities\": [\"in\"]}]}";
  g_autoptr(AccordFeed) feed = parse_string (feed_json);
  g_autoptr(GListModel) none = NULL;
  g_autoptr(GListModel) all = NULL;

  import_feed (fixture->store, feed);
  g_assert_cmpuint (count_search (fixture->store, "कृत्रिम", ACCORD_TYPE_ARTICLE), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "india कृत्रिम", ACCORD_TYPE_ARTICLE), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "ปัญญา", ACCORD_TYPE_ARTICLE), ==, 1);
  /* Marks the index takes for separators, whatever GLib calls them. */
  g_assert_cmpuint (count_search (fixture->store, "Indi\xcc\xb2" "a", ACCORD_TYPE_ARTICLE), ==, 1);
  g_assert_cmpuint (count_search (fixture->store, "\xe1\xa6\xb0\xe1\xa6\xb1 India", ACCORD_TYPE_ARTICLE), ==, 1);

  /* Ligatures: as typed or spelled out, either finds the other. */
  {
    static const char ligatures_json[] =
      "{\"format\": \"accord-feed\", \"version\": 1, \"entities\": ["
      "  {\"id\": \"in\", \"kind\": \"organisation\", \"name\": {\"en\": \"India AI\"}}],"
      " \"articles\": ["
      "  {\"id\": \"b1\", \"date\": \"2026-01-01\", \"title\": {\"fr\": \"Au cœur de l’œuvre\"}, \"entities\": [\"in\"]},"
      "  {\"id\": \"b2\", \"date\": \"2026-01-02\", \"title\": {\"en\": \"The ﬁnancial sector\"}, \"entities\": [\"in\"]},"
      "  {\"id\": \"b3\", \"date\": \"2026-01-03\", \"title\": {\"fr\": \"Une manoeuvre\"}, \"entities\": [\"in\"]}]}";
    g_autoptr(AccordFeed) with_ligatures = parse_string (ligatures_json);

    import_feed (fixture->store, with_ligatures);
    g_assert_cmpuint (count_search (fixture->store, "coeur", ACCORD_TYPE_ARTICLE), ==, 1);
    g_assert_cmpuint (count_search (fixture->store, "oeuvre", ACCORD_TYPE_ARTICLE), ==, 1);
    g_assert_cmpuint (count_search (fixture->store, "financial", ACCORD_TYPE_ARTICLE), ==, 1);
    g_assert_cmpuint (count_search (fixture->store, "manœuvre", ACCORD_TYPE_ARTICLE), ==, 1);
    g_assert_cmpuint (count_search (fixture->store, "Œuvre", ACCORD_TYPE_ARTICLE), ==, 1);
    import_feed (fixture->store, feed);
  }

  /* The timeline's filter: words nothing can match find nothing, as in
   * search; blanks filter nothing. */
  none = accord_store_list_articles (fixture->store, "in", NULL, "!!!");
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
  /* A letter and a space, as a user types "e commerce": what the letter
   * alone finds. */
  {
    g_autoptr(GListModel) letter = accord_store_list_articles (fixture->store, "in", NULL, "t");
    g_autoptr(GListModel) letter_space = accord_store_list_articles (fixture->store, "in", NULL, "t ");

    g_assert_cmpuint (g_list_model_get_n_items (letter), >, 0);
    g_assert_cmpuint (g_list_model_get_n_items (letter_space), ==, g_list_model_get_n_items (letter));
  }
  all = accord_store_list_articles (fixture->store, "in", NULL, "   ");
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 2);
  /* A zero-width space, as pasted, is no more than a blank. */
  g_clear_object (&all);
  all = accord_store_list_articles (fixture->store, "in", NULL, " \u200b ");
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 2);
}

static void
test_bookmarks_round_trip (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (two_entities_feed);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(AccordArticle) a1 = NULL;
  g_autoptr(AccordArticle) a3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *other_path = g_build_filename (fixture->dir, "other", "accord.db", NULL);
  g_autoptr(AccordStore) other = NULL;
  g_autoptr(GListModel) copied = NULL;
  g_autoptr(AccordArticle) copy = NULL;
  AccordBookmarkImportStats stats;

  import_feed (fixture->store, feed);
  all = accord_store_list_articles (fixture->store, NULL, NULL, NULL);
  a1 = find_article (all, "a1");
  a3 = find_article (all, "a3");
  accord_store_add_bookmark (fixture->store, a1, G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
  accord_store_add_bookmark (fixture->store, a3, G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC, &error);
  g_assert_no_error (error);

  exported = accord_store_export_bookmarks (fixture->store, NULL, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new (exported, strlen (exported));

  /* Into an empty store on "another machine", without its feed. */
  other = accord_store_new (other_path, &error);
  g_assert_no_error (error);
  accord_store_import_bookmarks (other, bytes, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_added, ==, 2);
  g_assert_cmpuint (stats.n_existing, ==, 0);

  copied = accord_store_list_bookmarks (other);
  g_assert_cmpuint (g_list_model_get_n_items (copied), ==, 2);
  copy = g_list_model_get_item (copied, 0);
  g_assert_cmpstr (accord_article_get_id (copy), ==, "a3");
  g_assert_cmpstr (accord_article_get_title (copy, "fr", NULL), ==, "Seulement en français");
  g_assert_cmpint (accord_article_get_bookmarked_at (copy), ==, G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC);
  g_assert_false (accord_article_get_in_feed (copy));

  /* A second import merges: nothing is duplicated. */
  accord_store_import_bookmarks (other, bytes, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_added, ==, 0);
  g_assert_cmpuint (stats.n_existing, ==, 2);
  g_assert_cmpuint (accord_store_get_n_bookmarks (other), ==, 2);
}

typedef struct
{
  guint    n_done;
  guint    n_failed;
  guint    n_signals;
  GError  *error;
  AccordBookmarkImportStats stats;
  sqlite3 *unlock_on_failure;   /* the connection holding the lock */
} Writes;

static void
added (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  Writes *writes = user_data;

  if (!accord_store_add_bookmark_finish (ACCORD_STORE (object), result, writes->n_failed ? NULL : &writes->error))
    writes->n_failed++;
  writes->n_done++;
}

static void
removed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Writes *writes = user_data;

  if (!accord_store_remove_bookmark_finish (ACCORD_STORE (object), result, NULL))
    {
      writes->n_failed++;
      /* The next write, already waiting for the lock, then gets it. */
      if (writes->unlock_on_failure != NULL)
        g_assert_cmpint (sqlite3_exec (g_steal_pointer (&writes->unlock_on_failure), "ROLLBACK", NULL, NULL, NULL),
                         ==, SQLITE_OK);
    }
  writes->n_done++;
}

static void
imported (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Writes *writes = user_data;

  if (!accord_store_import_bookmarks_finish (ACCORD_STORE (object), result, &writes->stats, NULL))
    writes->n_failed++;
  writes->n_done++;
}

static void
count_signal (Writes *writes)
{
  writes->n_signals++;
}

static void
wait_for_writes (Writes *writes,
                 guint   n)
{
  while (writes->n_done < n)
    g_main_context_iteration (NULL, TRUE);
}

/* The window's writes wait in a worker while another connection holds
 * the write lock, then land in the order asked. */
static void
test_bookmark_writes_queued (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (two_entities_feed);
  g_autoptr(GListModel) zeta = NULL;
  g_autoptr(AccordArticle) a1 = NULL;
  g_autoptr(AccordArticle) a2 = NULL;
  g_autofree char *exported = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Writes writes = { 0 };
  sqlite3 *other;

  import_feed (fixture->store, feed);
  zeta = accord_store_list_articles (fixture->store, "zeta", NULL, NULL);
  a1 = find_article (zeta, "a1");
  a2 = find_article (zeta, "a2");
  g_signal_connect_swapped (fixture->store, "bookmarks-changed", G_CALLBACK (count_signal), &writes);

  g_assert_cmpint (sqlite3_open (fixture->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  accord_store_add_bookmark_async (fixture->store, a1, ACCORD_BOOKMARK_NOW, added, &writes);
  accord_store_remove_bookmark_async (fixture->store, a1, removed, &writes);
  accord_store_add_bookmark_async (fixture->store, a1, ACCORD_BOOKMARK_NOW, added, &writes);
  accord_store_add_bookmark_async (fixture->store, a2, ACCORD_BOOKMARK_NOW, added, &writes);
  accord_store_remove_bookmark_async (fixture->store, a2, removed, &writes);
  /* The articles show where they are going at once. */
  g_assert_true (accord_article_get_bookmarked (a1));
  g_assert_false (accord_article_get_bookmarked (a2));

  g_usleep (G_USEC_PER_SEC / 10);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (writes.n_done, ==, 0);
  g_assert_cmpuint (accord_store_get_n_bookmarks (fixture->store), ==, 0);

  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  wait_for_writes (&writes, 5);
  g_assert_cmpuint (writes.n_failed, ==, 0);
  g_assert_true (accord_store_is_bookmarked (fixture->store, "a1"));
  g_assert_false (accord_store_is_bookmarked (fixture->store, "a2"));
  g_assert_true (accord_article_get_bookmarked (a1));
  g_assert_false (accord_article_get_bookmarked (a2));
  /* Once per article, when its last write is done. */
  g_assert_cmpuint (writes.n_signals, ==, 2);

  /* A write that fails puts the article back and says why. */
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  accord_store_set_busy_timeout (fixture->store, 50);
  writes.n_signals = 0;
  accord_store_add_bookmark_async (fixture->store, a2, ACCORD_BOOKMARK_NOW, added, &writes);
  g_assert_true (accord_article_get_bookmarked (a2));
  wait_for_writes (&writes, 6);
  g_assert_cmpuint (writes.n_failed, ==, 1);
  g_assert_error (writes.error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_BUSY);
  g_assert_false (accord_article_get_bookmarked (a2));
  g_assert_cmpuint (writes.n_signals, ==, 1);
  g_clear_error (&writes.error);

  /* Two that fail, one after the other: the star ends as it was stored. */
  accord_store_remove_bookmark_async (fixture->store, a1, removed, &writes);
  accord_store_add_bookmark_async (fixture->store, a1, ACCORD_BOOKMARK_NOW, added, &writes);
  accord_store_remove_bookmark_async (fixture->store, a1, removed, &writes);
  g_assert_false (accord_article_get_bookmarked (a1));
  accord_store_wait_for_writes (fixture->store);
  g_assert_cmpuint (writes.n_done, ==, 9);
  g_assert_cmpuint (writes.n_failed, ==, 4);
  g_assert_true (accord_article_get_bookmarked (a1));
  g_assert_true (accord_store_is_bookmarked (fixture->store, "a1"));
  g_clear_error (&writes.error);

  /* The first fails, the second is stored: lists hear of it. */
  writes.n_signals = 0;
  writes.unlock_on_failure = other;
  accord_store_remove_bookmark_async (fixture->store, a1, removed, &writes);
  accord_store_add_bookmark_async (fixture->store, a1, ACCORD_BOOKMARK_NOW, added, &writes);
  accord_store_wait_for_writes (fixture->store);
  g_assert_cmpuint (writes.n_done, ==, 11);
  g_assert_cmpuint (writes.n_failed, ==, 5);
  g_assert_true (accord_article_get_bookmarked (a1));
  g_assert_true (accord_store_is_bookmarked (fixture->store, "a1"));
  g_assert_cmpuint (writes.n_signals, ==, 1);
  sqlite3_close (other);

  /* Bookmarks imported in the background merge like the others. */
  exported = accord_store_export_bookmarks (fixture->store, NULL, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new (exported, strlen (exported));
  accord_store_import_bookmarks_async (fixture->store, bytes, imported, &writes);
  wait_for_writes (&writes, 12);
  g_assert_cmpuint (writes.n_failed, ==, 5);
  g_assert_cmpuint (writes.stats.n_existing, ==, 1);
  g_assert_cmpuint (writes.stats.n_added, ==, 0);
}

static AccordBookmarkImportStats
import_bookmarks (AccordStore *store,
                  const char  *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  AccordBookmarkImportStats stats = { 0 };

  accord_store_import_bookmarks (store, bytes, &stats, &error);
  g_assert_no_error (error);
  return stats;
}

/* @article_id's entry in an export of the bookmarks. */
static JsonObject *
exported_entry (AccordStore *store,
                const char  *article_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = accord_store_export_bookmarks (store, NULL, &error);
  g_autoptr(JsonNode) root = json_from_string (exported, &error);
  JsonArray *bookmarks;

  g_assert_no_error (error);
  bookmarks = json_object_get_array_member (json_node_get_object (root), "bookmarks");
  for (guint i = 0; i < json_array_get_length (bookmarks); i++)
    {
      JsonObject *entry = json_array_get_object_element (bookmarks, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "article"), article_id) == 0)
        return json_object_ref (entry);
    }
  g_assert_not_reached ();
}

/* The entities of @article_id's bookmark in an export, as "id=English
 * name" pairs. */
static char *
exported_entities (AccordStore *store,
                   const char  *article_id)
{
  g_autoptr(JsonObject) entry = exported_entry (store, article_id);
  JsonArray *entities = json_object_get_array_member (entry, "entities");
  g_autoptr(GString) pairs = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (entities); i++)
    {
      JsonObject *entity = json_array_get_object_element (entities, i);

      g_string_append_printf (pairs, "%s%s=%s", i > 0 ? ", " : "",
                              json_object_get_string_member (entity, "id"),
                              json_object_get_string_member_with_default (entity, "en", "-"));
    }
  return g_string_free_and_steal (g_steal_pointer (&pairs));
}

/* Escapes json-glib reads wrong are read as in a feed: "\u0000" is a
 * control character, removed, not the end of the text; a lone surrogate,
 * as JavaScript leaves when it cuts a string inside an emoji, is U+FFFD,
 * not a reason to refuse the whole file. */
static void
test_bookmarks_import_odd_escapes (Fixture       *fixture,
                                   gconstpointer  data)
{
  static const char json[] =
    "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
    " {\"article\": \"nul\", \"bookmarked\": \"2026-01-01T10:00:00Z\","
    "  \"title\": {\"en\": \"before\\u0000after\"}, \"source\": \"one\\u0000two\"},"
    " {\"article\": \"cut\", \"bookmarked\": \"2026-01-01T10:00:00Z\","
    "  \"title\": {\"en\": \"caf\\ud83d\"}},"
    " {\"article\": \"escaped\", \"bookmarked\": \"2026-01-01T10:00:00Z\","
    "  \"title\": {\"en\": \"a \\\\u0000 b\"}}]}";
  AccordBookmarkImportStats stats = import_bookmarks (fixture->store, json);
  g_autoptr(JsonObject) nul = NULL;
  g_autoptr(JsonObject) cut = NULL;
  g_autoptr(JsonObject) escaped = NULL;

  g_assert_cmpuint (stats.n_added, ==, 3);
  nul = exported_entry (fixture->store, "nul");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (nul, "title"), "en"), ==,
                   "beforeafter");
  g_assert_cmpstr (json_object_get_string_member (nul, "source"), ==, "onetwo");
  cut = exported_entry (fixture->store, "cut");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (cut, "title"), "en"), ==,
                   "caf\uFFFD");
  /* A backslash written as such, then "u0000": plain text. */
  escaped = exported_entry (fixture->store, "escaped");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (escaped, "title"), "en"), ==,
                   "a \\u0000 b");
}

static void
exported (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  char **document = user_data;
  g_autoptr(GError) error = NULL;
  guint n_exported = 0;

  *document = accord_store_export_bookmarks_finish (ACCORD_STORE (object), result, &n_exported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_exported, ==, 1);
}

/* The window's export reads off the main thread, after the writes asked
 * for before it: a bookmark added just before is in it. */
static void
test_bookmarks_export_async (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(AccordArticle) first = import_builtin_and_queue_bookmark (fixture->store);
  g_autofree char *document = NULL;
  g_autofree char *quoted_id = NULL;

  accord_store_export_bookmarks_async (fixture->store, NULL, NULL, exported, &document);
  while (document == NULL)
    g_main_context_iteration (NULL, TRUE);

  quoted_id = g_strdup_printf ("\"%s\"", accord_article_get_id (first));
  g_assert_nonnull (strstr (document, quoted_id));
  g_assert_true (g_str_has_suffix (document, "}\n"));
}

static void
export_refused (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;
  g_autofree char *document = accord_store_export_bookmarks_finish (ACCORD_STORE (object), result, NULL, error);

  g_assert_null (document);
  g_assert_nonnull (*error);
}

/* A bookmark the window has stored is on the disk, not only in its
 * cache: it survives a power cut. */
static void
test_bookmark_write_synchronous (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(AccordArticle) first = import_builtin_and_queue_bookmark (fixture->store);

  accord_store_wait_for_writes (fixture->store);
  /* FULL: every commit waits for the disk. */
  g_assert_cmpint (accord_store_get_writer_synchronous (fixture->store), ==, 2);
  g_assert_true (accord_store_is_bookmarked (fixture->store, accord_article_get_id (first)));
}

/* The window's export to the data file itself, or to its write-ahead
 * log, as a file dialog lets one choose them, is refused before anything
 * is written: the bookmarks are there. */
static void
test_bookmarks_export_not_over_data (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(AccordArticle) first = import_builtin_and_queue_bookmark (fixture->store);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *elsewhere = g_build_filename (fixture->dir, "bookmarks.json", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "backups", NULL);
  g_autofree char *link = g_build_filename (folder, "link.json", NULL);
  const char *paths[] = { fixture->path, wal, link };

  accord_store_wait_for_writes (fixture->store);
  /* A link elsewhere, by another name, to the write-ahead log. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (symlink (wal, link), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) destination = g_file_new_for_path (paths[i]);
      g_autoptr(GError) error = NULL;

      accord_store_export_bookmarks_async (fixture->store, destination, NULL, export_refused, &error);
      while (error == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_EXPORT_REFUSED);
      g_assert_true (g_str_has_suffix (error->message, "choose another file for the bookmarks"));
    }

  g_assert_true (accord_store_check_export_destination (fixture->store, elsewhere, NULL));
  g_assert_cmpuint (accord_store_get_n_bookmarks (fixture->store), ==, 1);
  g_unlink (link);
  g_rmdir (folder);
}

static void
export_cancelled (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *document = accord_store_export_bookmarks_finish (ACCORD_STORE (object), result, NULL, &error);

  g_assert_null (document);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

/* A window closed while its export waits behind a write: the export is
 * dropped, the writes before and after it are not. */
static void
test_bookmarks_export_async_cancelled (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(AccordArticle) first = import_builtin_and_queue_bookmark (fixture->store);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;

  accord_store_export_bookmarks_async (fixture->store, NULL, cancellable, export_cancelled, &done);
  g_cancellable_cancel (cancellable);
  /* Behind it in the queue: runs all the same. */
  accord_store_remove_bookmark_async (fixture->store, first, NULL, NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  accord_store_wait_for_writes (fixture->store);

  g_assert_cmpuint (accord_store_get_n_bookmarks (fixture->store), ==, 0);
}

/* A bookmark imported for an article of the snapshot shows the
 * snapshot's entities at once, as it shows its title. */
static void
test_bookmarks_import_takes_entities (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (two_entities_feed);
  g_autofree char *entities = NULL;

  import_feed (fixture->store, feed);
  import_bookmarks (fixture->store,
                    "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
                    " {\"article\": \"a1\", \"title\": {\"en\": \"Old title\"}, \"entities\": []}]}");

  entities = exported_entities (fixture->store, "a1");
  g_assert_true (g_str_equal (entities, "act=AI Act, zeta=Zeta Council") ||
                 g_str_equal (entities, "zeta=Zeta Council, act=AI Act"));
}

/* A bookmark imported for an article in the feed takes the feed's data,
 * but not its silence: the address the file gave stays when the feed's
 * was dropped as invalid, and the title when the feed has it only in
 * another language. */
static void
test_bookmarks_import_keeps_what_feed_lacks (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_autoptr(AccordFeed) feed = parse_string (ONE_ARTICLE_FEED (
    "{\"id\": \"k\", \"date\": \"2026-06-12\", \"title\": {\"de\": \"Behalten\"},"
    " \"url\": \"ftp://example.org/k\", \"entities\": [\"zeta\"]}"));
  g_autoptr(GListModel) bookmarks = NULL;
  g_autoptr(AccordArticle) kept = NULL;

  import_feed (fixture->store, feed);
  import_bookmarks (fixture->store,
                    "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
                    " {\"article\": \"k\", \"date\": \"2026-06-11\", \"title\": {\"en\": \"Kept\"},"
                    "  \"url\": \"https://example.org/a\"}]}");

  bookmarks = accord_store_list_bookmarks (fixture->store);
  kept = g_list_model_get_item (bookmarks, 0);
  g_assert_cmpstr (accord_article_get_date (kept), ==, "2026-06-12");
  g_assert_cmpstr (accord_article_get_title (kept, "en", NULL), ==, "Kept");
  g_assert_cmpstr (accord_article_get_url (kept), ==, "https://example.org/a");
}

/* An entity without an id is dropped, and its name with it: the names
 * that follow stay with their own ids. */
static void
test_bookmarks_entities_without_id (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *entities = NULL;

  import_bookmarks (fixture->store,
                    "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
                    " {\"article\": \"gone\", \"entities\": [{\"en\": \"Nameless\"},"
                    "  {\"id\": \"x\", \"en\": \"X\"}, {\"id\": \"y\", \"en\": \"Y\"}]}]}");

  entities = exported_entities (fixture->store, "gone");
  g_assert_cmpstr (entities, ==, "x=X, y=Y");
}

/* A folder where the data file should be is named as such, and left as
 * it is. */
static void
test_folder_in_place_of_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("accord-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "accord.db", NULL);
  g_autofree char *inside = g_build_filename (path, "kept", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "", 0, NULL));
  g_assert_null (accord_store_new (path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, "is a folder"));
  g_assert_true (g_file_test (inside, G_FILE_TEST_EXISTS));
  accord_remove_tree (dir);
}

/* Every export can be imported back: written compactly when laid out it
 * would be too large, and refused, saying why, when even that is. */
static void
test_bookmarks_export_imports_back (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": [");
  g_autofree char *pretty = NULL;
  g_autofree char *compact = NULL;
  g_autofree char *other_path = g_build_filename (fixture->dir, "other", "accord.db", NULL);
  g_autoptr(AccordStore) other = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  AccordBookmarkImportStats stats;

  for (guint i = 0; i < 20; i++)
    g_string_append_printf (json, "%s{\"article\": \"a%u\", \"title\": {\"en\": \"Title %u\"},"
                            " \"entities\": [{\"id\": \"e\", \"en\": \"E\"}]}", i ? "," : "", i, i);
  g_string_append (json, "]}");
  import_bookmarks (fixture->store, json->str);

  pretty = accord_store_export_bookmarks (fixture->store, NULL, &error);
  g_assert_no_error (error);
  accord_store_set_bookmarks_max_bytes (strlen (pretty) - 1);
  compact = accord_store_export_bookmarks (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (compact), <, strlen (pretty));
  /* One line, and the newline a text file ends with. */
  g_assert_true (strchr (compact, '\n') == compact + strlen (compact) - 1);

  other = accord_store_new (other_path, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new (compact, strlen (compact));
  g_assert_true (accord_store_check_bookmarks_size ((goffset) strlen (compact), &error));
  g_assert_true (accord_store_import_bookmarks (other, bytes, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_added, ==, 20);

  accord_store_set_bookmarks_max_bytes (strlen (compact) - 10);
  g_assert_null (accord_store_export_bookmarks (fixture->store, NULL, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_EXPORT_REFUSED);
  g_assert_nonnull (strstr (error->message, "Too many bookmarks"));
  g_clear_error (&error);

  /* Nor can an import lead there: the bookmarks could no longer be
   * backed up. A file the limit allows, its bookmarks added to those
   * there, would go past it; none is added. */
  {
    const char *one_more = "{\"format\": \"accord-bookmarks\", \"version\": 1, "
                           "\"bookmarks\": [{\"article\": \"one-more\"}]}";
    g_autoptr(GBytes) more = g_bytes_new_static (one_more, strlen (one_more));

    accord_store_set_bookmarks_max_bytes (strlen (compact) + 10);
    g_assert_false (accord_store_import_bookmarks (fixture->store, more, &stats, &error));
    g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS);
    g_assert_nonnull (strstr (error->message, "so none were added"));
    g_assert_cmpuint (accord_store_get_n_bookmarks (fixture->store), ==, 20);
    g_assert_false (accord_store_is_bookmarked (fixture->store, "one-more"));
  }
  accord_store_set_bookmarks_max_bytes (ACCORD_BOOKMARKS_MAX_BYTES);
}

/* A bookmarks file's texts are held to what a feed's may be: one line of
 * plain text each, no longer than 64 KiB. A longer one marks a damaged
 * entry, which is skipped. */
static void
test_bookmarks_texts_cleaned (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
                                          " {\"article\": \"plain\", \"title\": {\"en\": \"Two\\nlines\\u0007\","
                                          "  \"fr\": \" \\u200b \"}, \"source\": \"A\\r\\nB\","
                                          "  \"entities\": [{\"id\": \"x\", \"en\": \"X\\u2028Y\"}]},"
                                          " {\"article\": \"long\", \"title\": {\"en\": \"");
  g_autoptr(GString) long_url = g_string_new ("https://example.org/");
  g_autoptr(JsonObject) entry = NULL;
  g_autofree char *entities = NULL;
  AccordBookmarkImportStats stats;
  JsonObject *title;

  for (guint i = 0; i < ACCORD_FEED_MAX_STRING_BYTES + 1; i++)
    g_string_append_c (json, 'x');
  /* An address too, longer than a feed's may be. */
  while (long_url->len <= ACCORD_FEED_MAX_STRING_BYTES)
    g_string_append (long_url, "path/");
  g_string_append_printf (json, "\"}}, {\"article\": \"long-url\", \"url\": \"%s\"}]}", long_url->str);

  stats = import_bookmarks (fixture->store, json->str);
  g_assert_cmpuint (stats.n_added, ==, 1);
  g_assert_cmpuint (stats.n_skipped, ==, 2);

  entry = exported_entry (fixture->store, "plain");
  title = json_object_get_object_member (entry, "title");
  g_assert_cmpstr (json_object_get_string_member (title, "en"), ==, "Two lines");
  /* Blank: no French title at all. */
  g_assert_false (json_object_has_member (title, "fr"));
  g_assert_cmpstr (json_object_get_string_member (entry, "source"), ==, "A B");
  entities = exported_entities (fixture->store, "plain");
  g_assert_cmpstr (entities, ==, "x=X Y");
}

/* Entities of a bookmarks file that are not objects, or whose fields
 * are not texts, are dropped without a critical (the tests make them
 * fatal). */
static void
test_bookmarks_entities_not_objects (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *entities = NULL;
  AccordBookmarkImportStats stats;

  stats = import_bookmarks (fixture->store,
                            "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
                            " {\"article\": \"gone\", \"entities\": [1, null, \"a\", [], {\"id\": 5},"
                            "  {\"id\": {}, \"en\": \"Odd\"}, {\"id\": \"x\", \"en\": \"X\"},"
                            "  {\"id\": \"y\", \"en\": [\"Y\"]}]}]}");
  g_assert_cmpuint (stats.n_added, ==, 1);

  entities = exported_entities (fixture->store, "gone");
  /* A name that is no string is not known; no other stands in for it. */
  g_assert_cmpstr (entities, ==, "x=X, y=-");
}

/* Members of any type where strings belong: read as missing, never a
 * critical. */
static void
test_bookmarks_members_of_other_types (Fixture       *fixture,
                                       gconstpointer  data)
{
  AccordBookmarkImportStats stats;

  stats = import_bookmarks (fixture->store,
                            "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
                            " {\"article\": \"a\", \"bookmarked\": 1},"
                            " {\"article\": \"b\", \"bookmarked\": true, \"date\": 5, \"url\": false,"
                            "  \"source\": [], \"title\": {\"en\": 1, \"fr\": null}},"
                            " {\"article\": 7}]}");
  g_assert_cmpuint (stats.n_added, ==, 2);
  g_assert_cmpuint (stats.n_skipped, ==, 1);
  g_assert_true (accord_store_is_bookmarked (fixture->store, "a"));
  g_assert_true (accord_store_is_bookmarked (fixture->store, "b"));
}

/* What an export writes of a title or a name is what is known: a
 * round trip never turns a stand-in into data. */
static void
test_bookmarks_export_as_known (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(JsonObject) entry = NULL;
  JsonObject *title;
  g_autofree char *entities = NULL;

  import_bookmarks (fixture->store,
                    "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
                    " {\"article\": \"untitled\", \"title\": {\"de\": \"Ohne Titel\"},"
                    "  \"entities\": [{\"id\": \"club\", \"fr\": \"Le club\"}]}]}");
  entry = exported_entry (fixture->store, "untitled");
  title = json_object_get_object_member (entry, "title");
  g_assert_false (json_object_has_member (title, "en"));
  g_assert_false (json_object_has_member (title, "fr"));
  entities = exported_entities (fixture->store, "untitled");
  g_assert_cmpstr (entities, ==, "club=-");
}

/* An entry whose time is missing or unreadable is still a bookmark, kept
 * as made at the import. */
static void
test_bookmarks_without_time (Fixture       *fixture,
                             gconstpointer  data)
{
  gint64 before = g_get_real_time ();
  AccordBookmarkImportStats stats;
  static const char * const ids[] = { "no-time", "a-day", "no-zone", "not-a-time", "a-number" };

  stats = import_bookmarks (fixture->store,
                            "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
                            " {\"article\": \"no-time\"},"
                            " {\"article\": \"a-day\", \"bookmarked\": \"2024-01-01\"},"
                            " {\"article\": \"no-zone\", \"bookmarked\": \"2024-01-01T10:00:00\"},"
                            " {\"article\": \"not-a-time\", \"bookmarked\": \"yesterday\"},"
                            " {\"article\": \"a-number\", \"bookmarked\": 12345}]}");
  g_assert_cmpuint (stats.n_added, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(JsonObject) entry = exported_entry (fixture->store, ids[i]);
      g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (json_object_get_string_member (entry, "bookmarked"),
                                                                   NULL);

      g_assert_nonnull (created);
      g_assert_cmpint (g_date_time_to_unix (created), >=, before / G_USEC_PER_SEC);
      g_assert_cmpint (g_date_time_to_unix (created), <=, g_get_real_time () / G_USEC_PER_SEC);
    }
}

/* An export keeps a bookmark's time to the microsecond, before 1970 too:
 * bookmarks made in the same second come back in their order. */
static void
test_bookmarks_export_microseconds (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *other_path = g_build_filename (fixture->dir, "other", "accord.db", NULL);
  g_autoptr(AccordStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  const struct {
    const char *id;
    gint64 usec;
    const char *written;
  } times[] = {
    { "a", G_GINT64_CONSTANT (1700000000123456), "2023-11-14T22:13:20.123456Z" },
    { "b", G_GINT64_CONSTANT (1700000000000001), "2023-11-14T22:13:20.000001Z" },
    { "c", G_GINT64_CONSTANT (1700000000000000), "2023-11-14T22:13:20Z" },
    { "d", -G_GINT64_CONSTANT (1500000), "1969-12-31T23:59:58.500000Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      AccordArticleData article_data = { .id = times[i].id, .title_en = "T" };
      g_autoptr(AccordArticle) article = accord_article_new (&article_data);
      g_autoptr(JsonObject) entry = NULL;

      g_assert_true (accord_store_add_bookmark (fixture->store, article, times[i].usec, &error));
      entry = exported_entry (fixture->store, times[i].id);
      g_assert_cmpstr (json_object_get_string_member (entry, "bookmarked"), ==, times[i].written);
    }

  exported = accord_store_export_bookmarks (fixture->store, NULL, &error);
  g_assert_no_error (error);
  other = accord_store_new (other_path, &error);
  g_assert_no_error (error);
  import_bookmarks (other, exported);
  {
    g_autoptr(GListModel) bookmarks = accord_store_list_bookmarks (other);

    g_assert_cmpuint (g_list_model_get_n_items (bookmarks), ==, G_N_ELEMENTS (times));
    for (guint i = 0; i < G_N_ELEMENTS (times); i++)
      {
        g_autoptr(AccordArticle) back = g_list_model_get_item (bookmarks, i);

        /* Newest first, as they were given. */
        g_assert_cmpstr (accord_article_get_id (back), ==, times[i].id);
        g_assert_cmpint (accord_article_get_bookmarked_at (back), ==, times[i].usec);
      }
  }
}

/* A bookmark time past what can be written back (year 9999 in UTC)
 * makes the entry unusable; the last second that can still is kept. */
static void
test_bookmarks_time_range (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *other_path = g_build_filename (fixture->dir, "other", "accord.db", NULL);
  g_autoptr(AccordStore) other = NULL;
  g_autoptr(AccordArticle) article = NULL;
  g_autoptr(JsonObject) last = NULL;
  g_autoptr(JsonObject) far = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  AccordBookmarkImportStats stats;

  stats = import_bookmarks (fixture->store,
                            "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
                            " {\"article\": \"late\", \"bookmarked\": \"9999-12-31T23:59:59-05:00\"},"
                            " {\"article\": \"early\", \"bookmarked\": \"0001-01-01T00:00:00+01:00\"},"
                            " {\"article\": \"last\", \"bookmarked\": \"9999-12-31T23:59:59Z\"},"
                            " {\"article\": \"first\", \"bookmarked\": \"0001-01-01T00:00:00Z\"}]}");
  g_assert_cmpuint (stats.n_added, ==, 2);
  g_assert_cmpuint (stats.n_skipped, ==, 2);
  g_assert_false (accord_store_is_bookmarked (fixture->store, "late"));

  /* Four digits for the year, as ISO 8601 reads it back. */
  {
    g_autoptr(JsonObject) first = exported_entry (fixture->store, "first");

    g_assert_cmpstr (json_object_get_string_member (first, "bookmarked"), ==, "0001-01-01T00:00:00Z");
  }

  last = exported_entry (fixture->store, "last");
  g_assert_cmpstr (json_object_get_string_member (last, "bookmarked"), ==, "9999-12-31T23:59:59Z");

  /* A time given through the API is written as the nearest one that can. */
  {
    AccordArticleData distant = { .id = "far", .title_en = "Far" };

    article = accord_article_new (&distant);
  }
  accord_store_add_bookmark (fixture->store, article, G_MAXINT64, &error);
  g_assert_no_error (error);
  far = exported_entry (fixture->store, "far");
  g_assert_cmpstr (json_object_get_string_member (far, "bookmarked"), ==, "9999-12-31T23:59:59Z");
  g_clear_pointer (&far, json_object_unref);
  g_assert_true (accord_store_remove_bookmark (fixture->store, article, &error));
  accord_store_add_bookmark (fixture->store, article, G_MININT64 + 1, &error);
  g_assert_no_error (error);
  far = exported_entry (fixture->store, "far");
  g_assert_cmpstr (json_object_get_string_member (far, "bookmarked"), ==, "0001-01-01T00:00:00Z");

  /* The export reads back as it was written. */
  exported = accord_store_export_bookmarks (fixture->store, NULL, &error);
  g_assert_no_error (error);
  other = accord_store_new (other_path, &error);
  g_assert_no_error (error);
  stats = import_bookmarks (other, exported);
  g_assert_cmpuint (stats.n_added, ==, 3);
  g_assert_cmpuint (stats.n_skipped, ==, 0);
}

static void
test_bookmarks_bad_file (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *bad[] = {
    /* Blank, or a byte order mark alone: no document, and no critical. */
    "", " \n", "\xEF\xBB\xBF", "not json", "[]", "{\"format\": \"accord-feed\"}",
    "{\"format\": \"accord-bookmarks\", \"version\": 2, \"bookmarks\": []}",
    "{\"format\": \"accord-bookmarks\", \"version\": 1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (bad[i], strlen (bad[i]));
      g_autoptr(GError) error = NULL;

      g_assert_false (accord_store_import_bookmarks (fixture->store, bytes, NULL, &error));
      g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS);
      /* Told alike: what the user sees is an empty file. */
      if (i < 3)
        g_assert_cmpstr (error->message, ==, "Not a bookmarks file: it is empty");
    }
}

/* Millions of empty entries fit in a file Accord reads, and would take
 * json-glib gigabytes: refused before it reads them, as in a feed. A
 * syntax error is told where it is. */
static void
test_bookmarks_file_costly (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": [{}");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) before = accord_store_list_bookmarks (fixture->store);
  g_autoptr(GListModel) after = NULL;
  static const char broken_json[] = "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": [}";

  /* 6 MB, that json-glib would take 700 MB to read: a feed may. */
  for (guint i = 0; i < 2000000; i++)
    g_string_append (json, ",{}");
  g_string_append (json, "]}");
  bytes = g_bytes_new (json->str, json->len);

  g_assert_false (accord_store_import_bookmarks (fixture->store, bytes, NULL, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS);
  g_assert_cmpstr (error->message, ==, "Not a bookmarks file: $: the document holds too many values to read it safely");
  after = accord_store_list_bookmarks (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, g_list_model_get_n_items (before));

  g_clear_error (&error);
  broken = g_bytes_new_static (broken_json, strlen (broken_json));
  g_assert_false (accord_store_import_bookmarks (fixture->store, broken, NULL, &error));
  g_assert_cmpstr (error->message, ==, "Not a bookmarks file: bookmarks[0]: not valid JSON at line 1, column 60: "
                                       "expected a value or “]”, found “}”");
}

/* Not JSON as json-glib would tell it, in English and nowhere: a control
 * character written as it is in a string, or a byte that is not UTF-8,
 * is told where it is, as in a feed. */
static void
test_bookmarks_file_told_where (Fixture       *fixture,
                                gconstpointer  data)
{
  const struct { const char *json; const char *message; } cases[] = {
    { "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\":"
      " [{\"article\": \"a1\", \"title\": {\"en\": \"a\001b\"}}]}",
      "Not a bookmarks file: bookmarks[0].title.en: not valid JSON: "
      "a control character (U+0001) written as it is in a string" },
    { "\xef\xbb\xbf{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\":"
      " [{\"article\": \"a1\", \"title\": {\"fr\": \"R\xe9gulation\"}}]}",
      "Not a bookmarks file: $: not UTF-8 text (invalid byte at offset 98)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].json, strlen (cases[i].json));
      g_autoptr(GError) error = NULL;

      g_assert_false (accord_store_import_bookmarks (fixture->store, bytes, NULL, &error));
      g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
  g_assert_cmpuint (accord_store_get_n_bookmarks (fixture->store), ==, 0);
}

/* Only a whole version number above the one Accord writes asks for a
 * newer Accord; any other is not a bookmarks file Accord knows. */
static void
test_bookmarks_version (Fixture       *fixture,
                        gconstpointer  data)
{
  const struct {
    const char *version;
    const char *message;
  } cases[] = {
    { "0", "Not a supported bookmarks file" },
    { "-1", "Not a supported bookmarks file" },
    { "\"1\"", "Not a supported bookmarks file" },
    { "null", "Not a supported bookmarks file" },
    { "1.5", "Not a supported bookmarks file" },
    { "[1]", "Not a supported bookmarks file" },
    { "2", "This bookmarks file needs a newer Accord" },
    { "3000000000", "This bookmarks file needs a newer Accord" },
    { "2.0", "This bookmarks file needs a newer Accord" },
    { "1e300", "This bookmarks file needs a newer Accord" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"format\": \"accord-bookmarks\", \"version\": %s,"
                                               " \"bookmarks\": [{\"article\": \"a\"}]}",
                                               cases[i].version);
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
      g_autoptr(GError) error = NULL;

      g_assert_false (accord_store_import_bookmarks (fixture->store, bytes, NULL, &error));
      g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
  g_assert_cmpuint (accord_store_get_n_bookmarks (fixture->store), ==, 0);

  /* 1.0 is 1, as in a feed. */
  {
    static const char one[] = "{\"format\": \"accord-bookmarks\", \"version\": 1.0,"
                              " \"bookmarks\": [{\"article\": \"a\"}]}";
    AccordBookmarkImportStats stats = import_bookmarks (fixture->store, one);

    g_assert_cmpuint (stats.n_added, ==, 1);
  }
}

/* An article listed twice in one file is added once; the second entry
 * is skipped, not taken for a bookmark that was already there. */
static void
test_bookmarks_duplicate_in_file (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char twice[] =
    "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
    " {\"article\": \"a\"}, {\"article\": \"b\"}, {\"article\": \"a\"}]}";
  AccordBookmarkImportStats stats;

  stats = import_bookmarks (fixture->store, twice);
  g_assert_cmpuint (stats.n_added, ==, 2);
  g_assert_cmpuint (stats.n_existing, ==, 0);
  g_assert_cmpuint (stats.n_skipped, ==, 1);

  stats = import_bookmarks (fixture->store, twice);
  g_assert_cmpuint (stats.n_added, ==, 0);
  g_assert_cmpuint (stats.n_existing, ==, 2);
  g_assert_cmpuint (stats.n_skipped, ==, 1);
}

/* An id no feed could hold would never be linked to its article: the
 * entry is unreadable. */
static void
test_bookmarks_malformed_ids (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char odd[] =
    "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
    " {\"article\": \"a1\"}, {\"article\": \"a1 \"}, {\"article\": \"with space\"},"
    " {\"article\": \"<b>x</b>\"}, {\"article\": \"-dash\"}]}";
  AccordBookmarkImportStats stats;

  stats = import_bookmarks (fixture->store, odd);
  g_assert_cmpuint (stats.n_added, ==, 1);
  g_assert_cmpuint (stats.n_skipped, ==, 4);
}

static void
test_migrations (void)
{
  for (int version = 1; version < ACCORD_STORE_SCHEMA_VERSION; version++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("accord-migrate-XXXXXX", &error);
      g_autofree char *path = g_build_filename (dir, "accord.db", NULL);
      g_autoptr(AccordStore) old = NULL;
      g_autoptr(AccordStore) store = NULL;
      g_autoptr(AccordFeed) feed = parse_string (two_entities_feed);
      g_autoptr(GListModel) bookmarks = NULL;
      sqlite3 *db;

      g_assert_no_error (error);
      accord_store_create_at_version (path, version, &error);
      g_assert_no_error (error);

      /* Data and a bookmark as the older Accord stored them. */
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db,
                                     "INSERT INTO meta VALUES ('snapshot-origin', 3);"
                                     "INSERT INTO entity (id, kind, name_en) VALUES ('zeta', 'organisation', 'Zeta');"
                                     "INSERT INTO entity (id, kind) VALUES ('zz-amt', 'organisation');"
                                     "INSERT INTO article (id, date) VALUES ('mitteilung-7', '2026-01-01');"
                                     "INSERT INTO article (id, date, title_en) VALUES ('a1', '2026-01-02', 'Kept');"
                                     "INSERT INTO article_entity VALUES (1, '2026-01-02', 1);"
                                     "INSERT INTO bookmark (article_id, created, title_en) VALUES ('a1', 5, 'Kept');",
                                     NULL, NULL, NULL), ==, SQLITE_OK);
      /* From version 2 on, an import also noted which articles it brought,
       * and a sync the validators of the feed. */
      if (version >= 2)
        g_assert_cmpint (sqlite3_exec (db,
                                       "INSERT INTO article_state VALUES ('a1', 0, 1);"
                                       "INSERT INTO sync_state VALUES ('etag', '\"v1\"');"
                                       "INSERT INTO sync_state VALUES ('validators-url', 'https://example.org/feed.json');",
                                       NULL, NULL, NULL),
                         ==, SQLITE_OK);
      /* From version 3 on, it counted each entity's articles. */
      if (version >= 3)
        g_assert_cmpint (sqlite3_exec (db, "UPDATE entity SET n_articles = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);

      store = accord_store_new (path, &error);
      g_assert_no_error (error);
      bookmarks = accord_store_list_bookmarks (store);
      g_assert_cmpuint (g_list_model_get_n_items (bookmarks), ==, 1);

      /* Version 3 counts each entity's articles; version 4 lists them
       * from an index of their own. */
      {
        g_autoptr(GListModel) entities = accord_store_list_entities (store, "en");
        g_autoptr(AccordEntity) zeta = g_list_model_get_item (entities, 0);

        g_assert_cmpuint (accord_entity_get_n_articles (zeta), ==, 1);
      }
      g_assert_cmpint (accord_store_get_snapshot_origin (store), ==, ACCORD_SNAPSHOT_SYNC);
      /* Version 5 has an entity named in neither language imported again,
       * to be found by its id: the next refresh downloads the feed whole. */
      {
        g_autofree char *validated = accord_store_dup_sync_state (store, "validators-url");
        g_autofree char *etag = accord_store_dup_sync_state (store, "etag");

        if (version < 5)
          g_assert_null (validated);
        else
          g_assert_nonnull (validated);
        if (version >= 2)
          g_assert_cmpstr (etag, ==, "\"v1\"");
      }

      /* Articles stored before version 2 are not new after it. */
      {
        AccordImportStats stats;
        accord_store_import_feed (store, feed, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (stats.n_new_articles, ==, 2);
      }

      g_clear_object (&store);
      accord_remove_tree (dir);
    }
}

/* A data file in @dir made at schema @version, holding what @sql wrote
 * there, opened by this Accord: migrated. */
static AccordStore *
open_migrated (const char *dir,
               int         version,
               const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "accord.db", NULL);
  AccordStore *store;
  sqlite3 *db;

  accord_store_create_at_version (path, version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = accord_store_new (path, &error);
  g_assert_no_error (error);
  return store;
}

/* Data whose every item has an English or French name, written as
 * people type it, keeps its validators through versions 5 and 6:
 * nothing needs importing again. */
static void
test_migration_keeps_validators (void)
{
  g_autofree char *dir = g_dir_make_tmp ("accord-migrate-XXXXXX", NULL);
  g_autoptr(AccordStore) store = NULL;
  g_autofree char *validated = NULL;

  g_assert_nonnull (dir);
  store = open_migrated (dir, 4,
                         "INSERT INTO entity (id, kind, name_fr) VALUES ('zeta', 'organisation', 'Zêta');"
                         "INSERT INTO article (id, date, title_en) VALUES ('a1', '2026-01-02', 'Kept');"
                         "INSERT INTO sync_state VALUES ('validators-url', 'https://example.org/feed.json');");
  validated = accord_store_dup_sync_state (store, "validators-url");
  g_assert_cmpstr (validated, ==, "https://example.org/feed.json");

  g_clear_object (&store);
  accord_remove_tree (dir);
}

/* Version 6 indexes text as people type it: the index is built again
 * from the stored texts, whatever stored them (here a file the user
 * imported, which no refresh would bring again). */
static void
test_migration_reindexes_search (void)
{
  g_autofree char *dir = g_dir_make_tmp ("accord-migrate-XXXXXX", NULL);
  g_autoptr(AccordStore) store = NULL;
  g_autofree char *validated = NULL;
  const SearchCase cases[] = {
    { "strasse", "strasse " }, { "straße", "strasse " }, { "UN", "un-body " }, { "u.n.", "un-body " },
    { "office", "ligature " }, { "kept", "lone " }, { "regles", "profiled " }, { "nameless", "nameless " },
  };

  g_assert_nonnull (dir);
  /* Indexed as version 5 did: as written. */
  store = open_migrated (dir, 5,
                         "INSERT INTO meta VALUES ('snapshot-origin', 2);"
                         "INSERT INTO entity (rowid, id, kind, name_en, name_fr) VALUES"
                         " (1, 'strasse', 'organisation', 'Straßenamt', 'Bureau de la rue');"
                         "INSERT INTO entity (rowid, id, kind, name_en, profile) VALUES (2, 'profiled', 'legislation',"
                         " 'Rules', '{\"fr\": [{\"heading\": \"Règles\", \"body\": \"Des règles.\"}]}');"
                         "INSERT INTO entity_fts (rowid, name, acronym, summary, profile) VALUES"
                         " (1, 'Straßenamt\nBureau de la rue', NULL, NULL, ''),"
                         " (2, 'Rules', NULL, NULL, 'Règles\nDes règles.\n');"
                         "INSERT INTO article (rowid, id, date, title_en, source) VALUES"
                         " (1, 'un-body', '2026-01-02', 'The U.N. body', 'Geneva'),"
                         " (2, 'ligature', '2026-01-01', 'An oﬃce', NULL),"
                         " (3, 'lone', '2026-01-01', 'Kept', NULL),"
                         " (4, 'nameless', '2026-01-01', NULL, NULL);"
                         "INSERT INTO article_fts (rowid, title, source, summary) VALUES"
                         " (1, 'The U.N. body', 'Geneva', NULL), (2, 'An oﬃce', NULL, NULL),"
                         " (3, 'Kept', NULL, NULL), (4, 'nameless', NULL, NULL);"
                         "INSERT INTO sync_state VALUES ('validators-url', 'https://example.org/feed.json');");
  assert_searches (store, cases, G_N_ELEMENTS (cases));
  /* Nothing to download again for it. */
  validated = accord_store_dup_sync_state (store, "validators-url");
  g_assert_cmpstr (validated, ==, "https://example.org/feed.json");

  g_clear_object (&store);
  accord_remove_tree (dir);
}

typedef struct
{
  const char *path;
  gint        n_waiting;
} OpenRace;

/* Opens the store when the other thread does; returns why it failed. */
static gpointer
open_at_once (gpointer data)
{
  OpenRace *race = data;
  g_autoptr(AccordStore) store = NULL;
  GError *error = NULL;

  g_atomic_int_dec_and_test (&race->n_waiting);
  while (g_atomic_int_get (&race->n_waiting) > 0)
    ;
  store = accord_store_new (race->path, &error);
  return error;
}

static void
assert_journal_mode (const char *path,
                     const char *expected)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, expected);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Two processes opening a new or an older database at once both wait
 * for the lock; the second finds the schema already brought up to date. */
static void
test_concurrent_migrations (void)
{
  for (guint round = 0; round < 40; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("accord-race-XXXXXX", &error);
      g_autofree char *path = g_build_filename (dir, "accord.db", NULL);
      OpenRace race = { path, 2 };
      GThread *threads[2];

      g_assert_no_error (error);
      /* Half the rounds from nothing, half from the first schema. */
      if (round % 2 == 1)
        {
          accord_store_create_at_version (path, 1, &error);
          g_assert_no_error (error);
        }

      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("open", open_at_once, &race);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        {
          g_autoptr(GError) thread_error = g_thread_join (threads[i]);

          g_assert_no_error (thread_error);
        }
      assert_journal_mode (path, "wal");
      accord_remove_tree (dir);
    }
}

static void
test_newer_schema_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("accord-newer-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "accord.db", NULL);
  g_autoptr(AccordStore) store = NULL;
  sqlite3 *db;

  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_file_get_contents (path, &before, &before_len, &error);
  g_assert_no_error (error);

  store = accord_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_NEWER_SCHEMA);

  /* Refused, and left as the newer version wrote it: not switched to
   * write-ahead logging, which rewrites its header. */
  g_clear_error (&error);
  g_file_get_contents (path, &after, &after_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (before, before_len, after, after_len);
  accord_remove_tree (dir);
}

static void
test_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("accord-garbage-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "accord.db", NULL);
  g_autoptr(AccordStore) store = NULL;

  g_file_set_contents (path, "this is not a database, it is a note to self.........................."
                             "................................................................", -1, &error);
  g_assert_no_error (error);

  store = accord_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT);

  /* Nothing was overwritten: the user can still rescue the file. */
  {
    g_autofree char *contents = NULL;
    g_file_get_contents (path, &contents, NULL, NULL);
    g_assert_true (g_str_has_prefix (contents, "this is not a database"));
  }
  accord_remove_tree (dir);
}

/* Another program's database at Accord's path: refused, and left
 * exactly as it was, in its own journal mode. */
static void
test_foreign_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("accord-foreign-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "accord.db", NULL);
  g_autofree char *log = g_strconcat (path, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE note (text TEXT); INSERT INTO note VALUES ('mine')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  g_assert_null (accord_store_new (path, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FOREIGN);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_null (accord_store_new_read_only (path, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FOREIGN);
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_true (before_len == after_len && memcmp (before, after, before_len) == 0);
  g_assert_false (g_file_test (log, G_FILE_TEST_EXISTS));

  /* One that sets a schema version of its own, one Accord knows. */
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 2", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  g_assert_null (accord_store_new (path, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FOREIGN);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_true (before_len == after_len && memcmp (before, after, before_len) == 0);
  accord_remove_tree (dir);
}

/* A database file Accord never wrote to: nothing to read from it. */
static void
test_read_only_empty_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("accord-empty-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "accord.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 0; VACUUM", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_null (accord_store_new_read_only (path, &error));
  g_assert_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "holds no data of Accord’s yet"));
  g_assert_null (strstr (error->message, "older version"));
  accord_remove_tree (dir);
}

/* Reads ahead with the built-in feed and checks the list against the
 * one the sidebar would read, in the language sorted for ahead and in the
 * other one. Returns whether the feed was stored. */
static gboolean
prefetch_and_compare (AccordStore *store,
                      GBytes      *builtin)
{
  const char * const langs[] = { "en", "fr" };
  gboolean stored = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) ahead = NULL;
      g_autoptr(GListModel) read = NULL;
      AccordImportStats stats;

      ahead = accord_entity_prefetch_join (store, accord_store_prefetch_entities (store, builtin, "en"), langs[i],
                                           &stats, &error);
      g_assert_no_error (error);
      stored |= stats.n_entities > 0;
      read = accord_store_list_entities (store, langs[i]);
      g_assert_cmpuint (g_list_model_get_n_items (read), >, 0);
      assert_same_entities (read, ahead);
    }
  return stored;
}

/* At start, a thread stores the built-in feed when it is newer than the
 * snapshot, then reads the list the sidebar would read. */
/* @json with its "generated" date moved @days_after @builtin's. */
static AccordFeed *
parse_dated_after (const char *json,
                   AccordFeed *builtin,
                   int         days_after)
{
  g_autoptr(GDateTime) builtin_date = g_date_time_new_from_unix_utc (accord_feed_get_generated_unix (builtin));
  g_autoptr(GDateTime) date = g_date_time_add_days (builtin_date, days_after);
  g_autofree char *generated = g_date_time_format (date, "\"generated\": \"%Y-%m-%dT%H:%M:%SZ\"");
  g_autoptr(GRegex) member = g_regex_new ("\"generated\": \"[^\"]*\"", 0, 0, NULL);
  g_autofree char *dated = g_regex_replace_literal (member, json, -1, 0, generated, 0, NULL);

  return parse_string (dated);
}

static void
test_entities_prefetched (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) builtin = accord_builtin_feed_get_bytes ();
  g_autoptr(AccordFeed) builtin_parsed = builtin_feed ();
  g_autoptr(AccordFeed) same_date = parse_dated_after (two_entities_feed, builtin_parsed, 0);
  g_autoptr(AccordFeed) newer = parse_dated_after (feed_without_a2, builtin_parsed, 1);
  g_autoptr(GBytes) broken = g_bytes_new_static ("{\"format\": \"accord-feed\"", 24);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  guint n_changes = 0;

  g_signal_connect_swapped (fixture->store, "snapshot-changed", G_CALLBACK (count_changes), &n_changes);

  /* An empty store and no feed: an empty list. */
  list = accord_entity_prefetch_join (fixture->store, accord_store_prefetch_entities (fixture->store, NULL, "en"),
                                      "en", NULL, NULL);
  g_assert_nonnull (list);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_clear_object (&list);

  /* First start: stored, once, and listed. */
  g_assert_true (prefetch_and_compare (fixture->store, builtin));
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpint (accord_store_get_snapshot_origin (fixture->store), ==, ACCORD_SNAPSHOT_BUILTIN);

  /* A snapshot as recent as the built-in feed, or more: kept. */
  g_assert_cmpint (accord_feed_get_generated_unix (same_date), ==, accord_feed_get_generated_unix (builtin_parsed));
  g_assert_cmpint (accord_feed_get_generated_unix (newer), >, accord_feed_get_generated_unix (builtin_parsed));
  import_feed (fixture->store, same_date);
  n_changes = 0;
  g_assert_false (prefetch_and_compare (fixture->store, builtin));
  g_assert_cmpint (accord_store_get_snapshot_origin (fixture->store), ==, ACCORD_SNAPSHOT_FILE);
  import_feed (fixture->store, newer);
  g_assert_false (prefetch_and_compare (fixture->store, builtin));
  g_assert_cmpuint (n_changes, ==, 1);

  /* A snapshot the user imported or synced stays, however old; older
   * built-in data is replaced. */
  {
    g_autoptr(AccordFeed) older = parse_dated_after (two_entities_feed, builtin_parsed, -365);
    AccordImportStats stats;
    const AccordSnapshotOrigin kept[] = { ACCORD_SNAPSHOT_FILE, ACCORD_SNAPSHOT_SYNC };

    g_assert_cmpint (accord_feed_get_generated_unix (older), <, accord_feed_get_generated_unix (builtin_parsed));
    for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
      {
        accord_store_import_feed (fixture->store, older, kept[i], NULL, &stats, &error);
        g_assert_no_error (error);
        g_assert_false (prefetch_and_compare (fixture->store, builtin));
        g_assert_cmpint (accord_store_get_snapshot_origin (fixture->store), ==, kept[i]);
      }
    accord_store_import_feed (fixture->store, older, ACCORD_SNAPSHOT_BUILTIN, NULL, &stats, &error);
    g_assert_no_error (error);
    g_assert_true (prefetch_and_compare (fixture->store, builtin));
    g_assert_cmpint (accord_store_get_snapshot_generated (fixture->store), ==,
                     accord_feed_get_generated_unix (builtin_parsed));
  }

  /* Dropped unread, for a snapshot changed meanwhile: stored all the
   * same when newer, and nothing announced twice. */
  {
    g_autoptr(AccordStore) other = NULL;
    g_autofree char *other_path = g_build_filename (fixture->dir, "other", "accord.db", NULL);

    other = accord_store_new (other_path, &error);
    g_assert_no_error (error);
    g_signal_connect_swapped (other, "snapshot-changed", G_CALLBACK (count_changes), &n_changes);
    n_changes = 0;
    accord_entity_prefetch_discard (accord_store_prefetch_entities (other, builtin, "en"));
    g_assert_cmpuint (n_changes, ==, 0);
    g_assert_cmpint (accord_store_get_snapshot_origin (other), ==, ACCORD_SNAPSHOT_BUILTIN);
  }

  /* A feed that cannot be stored says why; the list comes all the same. */
  list = accord_entity_prefetch_join (fixture->store, accord_store_prefetch_entities (fixture->store, broken, "fr"),
                                      "fr", NULL, &error);
  g_assert_error (error, ACCORD_FEED_ERROR, ACCORD_FEED_ERROR_NOT_JSON);
  g_assert_cmpuint (g_list_model_get_n_items (list), >, 0);
  g_clear_error (&error);
  g_clear_object (&list);

  /* Over a snapshot the user imported, the built-in data is not even read. */
  import_feed (fixture->store, newer);
  list = accord_entity_prefetch_join (fixture->store, accord_store_prefetch_entities (fixture->store, broken, "fr"),
                                      "fr", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/builtin/snapshot", test_builtin_snapshot);
  ADD ("/store/import/cancel-after-commit", test_cancel_after_commit);
  ADD ("/store/builtin/code-of-practice", test_builtin_code_of_practice);
  ADD ("/store/entities/sorted-by-language", test_entities_sorted_by_language);
  ADD ("/store/entities/sorted-without-locale", test_entities_sorted_without_locale);
  ADD ("/store/entities/sorted-ties", test_entities_sorted_ties);
  ADD ("/store/entities/sorted-by-number", test_entities_sorted_by_number);
  ADD ("/store/search/other-scripts", test_search_other_scripts);
  ADD ("/store/search/entity-named-elsewhere", test_search_entity_named_elsewhere);
  ADD ("/store/entities/prefetched", test_entities_prefetched);
  ADD ("/store/search", test_search);
  ADD ("/store/search/ranking", test_search_ranking);
  ADD ("/store/search/article-ranking", test_search_article_ranking);
  ADD ("/store/search/entity-ranking", test_search_entity_ranking);
  ADD ("/store/search/entity-tiers", test_search_entity_tiers);
  ADD ("/store/search/typed-forms", test_search_typed_forms);
  ADD ("/store/search/async", test_search_async);
  ADD ("/store/list-articles/async", test_list_articles_async);
  ADD ("/store/list-categories/async", test_list_categories_async);
  ADD ("/store/categories/counted-and-named", test_categories_counted_and_named);
  ADD ("/store/list-bookmarks/async", test_list_bookmarks_async);
  ADD ("/store/list-bookmarks/async-damaged", test_list_damaged_bookmarks_async);
  ADD ("/store/search/long-query", test_search_long_query);
  ADD ("/store/articles/filters", test_article_filters);
  ADD ("/store/articles/month-sections", test_month_sections);
  ADD ("/store/bookmarks/survive-imports", test_bookmarks_survive_imports);
  ADD ("/store/bookmarks/import-odd-escapes", test_bookmarks_import_odd_escapes);
  ADD ("/store/bookmarks/export-async", test_bookmarks_export_async);
  ADD ("/store/bookmarks/export-not-over-data", test_bookmarks_export_not_over_data);
  ADD ("/store/bookmarks/write-synchronous", test_bookmark_write_synchronous);
  ADD ("/store/bookmarks/undo-keeps-what-feed-drops", test_bookmark_undo_keeps_what_feed_drops);
  ADD ("/store/bookmarks/export-async-cancelled", test_bookmarks_export_async_cancelled);
  ADD ("/store/bookmarks/track-updates", test_bookmark_tracks_article_updates);
  ADD ("/store/bookmarks/keep-what-feed-drops", test_bookmark_keeps_what_feed_drops);
  ADD ("/store/bookmarks/keep-early-time", test_bookmark_keeps_early_time);
  ADD ("/store/bookmarks/follow-takes-time", test_follow_bookmark_takes_time);
  ADD ("/store/bookmarks/round-trip", test_bookmarks_round_trip);
  ADD ("/store/bookmarks/import-takes-entities", test_bookmarks_import_takes_entities);
  ADD ("/store/bookmarks/import-keeps-what-feed-lacks", test_bookmarks_import_keeps_what_feed_lacks);
  ADD ("/store/bookmarks/entities-without-id", test_bookmarks_entities_without_id);
  ADD ("/store/bookmarks/texts-cleaned", test_bookmarks_texts_cleaned);
  ADD ("/store/bookmarks/export-imports-back", test_bookmarks_export_imports_back);
  ADD ("/store/bookmarks/entities-not-objects", test_bookmarks_entities_not_objects);
  ADD ("/store/bookmarks/time-range", test_bookmarks_time_range);
  ADD ("/store/bookmarks/malformed-ids", test_bookmarks_malformed_ids);
  ADD ("/store/bookmarks/members-of-other-types", test_bookmarks_members_of_other_types);
  ADD ("/store/bookmarks/export-as-known", test_bookmarks_export_as_known);
  ADD ("/store/bookmarks/bad-file", test_bookmarks_bad_file);
  ADD ("/store/bookmarks/file-costly", test_bookmarks_file_costly);
  ADD ("/store/bookmarks/file-told-where", test_bookmarks_file_told_where);
  ADD ("/store/bookmarks/export-microseconds", test_bookmarks_export_microseconds);
  ADD ("/store/bookmarks/version", test_bookmarks_version);
  ADD ("/store/bookmarks/duplicate-in-file", test_bookmarks_duplicate_in_file);
  ADD ("/store/bookmarks/not-imported-into-damage", test_bookmarks_not_imported_into_damage);
  ADD ("/store/bookmarks/readable-rescued", test_readable_bookmarks_rescued);
  ADD ("/store/bookmarks/export-sees-hidden-damage", test_export_sees_hidden_damage);
  ADD ("/store/bookmarks/writes-queued", test_bookmark_writes_queued);
  ADD ("/store/import/failure-changes-nothing", test_failed_import_changes_nothing);
  ADD ("/store/import/disk-full-changes-nothing", test_disk_full_changes_nothing);
  ADD ("/store/import/gives-back-log-space", test_import_gives_back_log_space);
  ADD ("/store/import/shrinks-file", test_import_shrinks_file);
  ADD ("/store/bookmarks/without-time", test_bookmarks_without_time);
  g_test_add_func ("/store/full-disk-named", test_full_disk_named);
  g_test_add_func ("/store/read-only-export", test_read_only_export);
  g_test_add_func ("/store/no-room-in-place", test_no_room_in_place);
  g_test_add_func ("/store/side-files-read-only", test_side_files_read_only);
  g_test_add_func ("/store/cramped-export", test_cramped_export);
  g_test_add_func ("/store/no-room-to-replace", test_no_room_to_replace);
  g_test_add_func ("/store/export-from-file-cut-short", test_export_from_file_cut_short);
  g_test_add_func ("/store/folder-in-place-of-store", test_folder_in_place_of_store);
  g_test_add ("/store/bookmarks-outlive-damaged-snapshot", Fixture, NULL, fixture_setup,
              test_bookmarks_outlive_damaged_snapshot, fixture_teardown);
  g_test_add ("/store/bookmarks-restored-over-damaged-snapshot", Fixture, NULL, fixture_setup,
              test_bookmarks_restored_over_damaged_snapshot, fixture_teardown);
  g_test_add ("/store/import/rebuilds-damaged-file", Fixture, NULL, fixture_setup,
              test_import_rebuilds_damaged_file, fixture_teardown);
  g_test_add ("/store/import/rebuild-keeps-writes-meanwhile", Fixture, NULL, fixture_setup,
              test_rebuild_keeps_writes_meanwhile, fixture_teardown);
  g_test_add ("/store/import/rebuild-counts-new-articles", Fixture, NULL, fixture_setup,
              test_rebuild_counts_new_articles, fixture_teardown);
  g_test_add ("/store/import/two-rebuilds-at-once", Fixture, NULL, fixture_setup,
              test_two_rebuilds_at_once, fixture_teardown);
  g_test_add ("/store/stale-spare-removed", Fixture, NULL, fixture_setup,
              test_stale_spare_removed, fixture_teardown);
  g_test_add ("/store/import/misread-bookmarks-not-rebuilt", Fixture, NULL, fixture_setup,
              test_misread_bookmarks_not_rebuilt, fixture_teardown);
  g_test_add ("/store/import/damaged-bookmarks-not-rebuilt", Fixture, NULL, fixture_setup,
              test_damaged_bookmarks_not_rebuilt, fixture_teardown);
  ADD ("/store/import/cancel-changes-nothing", test_cancelled_import_changes_nothing);
  ADD ("/store/import/async", test_async_import);
  ADD ("/store/import/sync-state", test_sync_state_with_import);
  ADD ("/store/import/new-articles", test_new_articles_counted);
  ADD ("/store/import/links-consistent", test_import_links_consistent);
  ADD ("/store/import/keeps-unshown-languages", test_import_keeps_unshown_languages);
#undef ADD
  g_test_add_func ("/store/schema/migrations", test_migrations);
  g_test_add_func ("/store/schema/migration-keeps-validators", test_migration_keeps_validators);
  g_test_add_func ("/store/schema/migration-reindexes-search", test_migration_reindexes_search);
  g_test_add_func ("/store/schema/concurrent-migrations", test_concurrent_migrations);
  g_test_add_func ("/store/schema/newer-refused", test_newer_schema_refused);
  g_test_add_func ("/store/schema/not-a-database", test_not_a_database);
  g_test_add_func ("/store/schema/foreign-database", test_foreign_database);
  g_test_add_func ("/store/schema/read-only-empty-database", test_read_only_empty_database);

  return g_test_run ();
}
