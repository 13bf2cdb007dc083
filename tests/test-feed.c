#define G_LOG_DOMAIN "accord-test-feed"

#include "config.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "accord-builtin.h"
#include "accord-feed.h"
#include "accord-string-table.h"

/* The parser against the feed spec (feed-v1.md), one rule at a time, and
 * the choices of docs/feed-format-notes.md where the spec is silent.
 * Most cases are rows of the table below: a document, inline or in
 * tests/feeds/, and what must come out of it: the document error, or the
 * counts, the skipped items and the exact warnings. Inline documents are
 * written with ' for " to stay readable; they contain no apostrophe. */

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static GBytes *
load_feed_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "feeds", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static GBytes *
inline_feed (const char *json)
{
  char *text = g_strdup (json);

  g_strdelimit (text, "'", '"');
  return g_bytes_new_take (text, strlen (text));
}

static const AccordFeedEntity *
find_entity (AccordFeed *feed,
             const char *id)
{
  for (guint i = 0; i < accord_feed_get_n_entities (feed); i++)
    if (g_strcmp0 (accord_feed_get_entity (feed, i)->id, id) == 0)
      return accord_feed_get_entity (feed, i);
  return NULL;
}

static const AccordFeedArticle *
find_article (AccordFeed *feed,
              const char *id)
{
  for (guint i = 0; i < accord_feed_get_n_articles (feed); i++)
    if (g_strcmp0 (accord_feed_get_article (feed, i)->id, id) == 0)
      return accord_feed_get_article (feed, i);
  return NULL;
}

static const AccordFeedCategory *
find_category (AccordFeed *feed,
               const char *id)
{
  for (guint i = 0; i < accord_feed_get_n_categories (feed); i++)
    if (g_strcmp0 (accord_feed_get_category (feed, i)->id, id) == 0)
      return accord_feed_get_category (feed, i);
  return NULL;
}

/* Profiles come in no particular order: they are keyed by language. */
static const AccordFeedProfile *
find_profile (const AccordFeedEntity *entity,
              const char             *lang)
{
  for (guint i = 0; entity->profiles && i < entity->profiles->len; i++)
    if (g_strcmp0 (g_array_index (entity->profiles, AccordFeedProfile, i).lang, lang) == 0)
      return &g_array_index (entity->profiles, AccordFeedProfile, i);
  return NULL;
}

static const char *
text_member (const AccordFeedText *text,
             const char           *lang)
{
  g_assert_nonnull (text->all);
  return json_object_get_string_member_with_default (text->all, lang, NULL);
}

static gboolean
is_item_id (const char *id)
{
  g_autoptr(GRegex) regex = g_regex_new ("^[a-z0-9][a-z0-9-]{0,63}$", 0, 0, NULL);

  return g_regex_match (regex, id, 0, NULL);
}

static gboolean
is_article_id (const char *id)
{
  g_autoptr(GRegex) regex = g_regex_new ("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", 0, 0, NULL);

  return g_regex_match (regex, id, 0, NULL);
}

static void
assert_clean_text (const char *text,
                   gboolean    multi_line)
{
  if (text == NULL)
    return;
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;

      if (multi_line && (c == '\n' || c == '\t'))
        continue;
      g_assert_cmpuint (c, >=, 0x20);
      g_assert_cmpuint (c, !=, 0x7f);
    }
}

static void
assert_valid_text (const AccordFeedText *text,
                   gboolean              required,
                   gboolean              multi_line)
{
  if (required)
    g_assert_true (accord_feed_text_is_set (text));
  if (!accord_feed_text_is_set (text))
    {
      g_assert_null (text->en);
      g_assert_null (text->fr);
      return;
    }
  assert_clean_text (text->en, multi_line);
  assert_clean_text (text->fr, multi_line);
  g_assert_true (text->en == NULL || *text->en != '\0');
  g_assert_true (text->fr == NULL || *text->fr != '\0');
}

/* What every accepted document must satisfy, whatever was in it: only
 * valid items are kept, and whatever they refer to exists. */
static void
assert_feed_invariants (AccordFeed *feed)
{
  GPtrArray *warnings = accord_feed_get_warnings (feed);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_nonnull (warnings);
  for (guint i = 0; i < warnings->len; i++)
    {
      const char *warning = g_ptr_array_index (warnings, i);

      g_assert_nonnull (warning);
      g_assert_true (g_utf8_validate (warning, -1, NULL));
      g_assert_nonnull (strstr (warning, ": "));
    }
  if (accord_feed_get_generated (feed) == NULL)
    g_assert_cmpint (accord_feed_get_generated_unix (feed), ==, 0);

  for (guint i = 0; i < accord_feed_get_n_categories (feed); i++)
    {
      const AccordFeedCategory *category = accord_feed_get_category (feed, i);

      g_assert_true (is_item_id (category->id));
      g_assert_true (g_hash_table_add (ids, (gpointer) category->id));
      assert_valid_text (&category->name, TRUE, FALSE);
    }

  g_hash_table_remove_all (ids);
  for (guint i = 0; i < accord_feed_get_n_entities (feed); i++)
    {
      const AccordFeedEntity *entity = accord_feed_get_entity (feed, i);

      g_assert_true (is_item_id (entity->id));
      g_assert_true (g_hash_table_add (ids, (gpointer) entity->id));
      g_assert_nonnull (accord_entity_kind_to_string (entity->kind));
      assert_valid_text (&entity->name, TRUE, FALSE);
      assert_valid_text (&entity->acronym, FALSE, FALSE);
      assert_valid_text (&entity->summary, FALSE, TRUE);
      g_assert_true (entity->founded == NULL || accord_feed_is_valid_date (entity->founded, FALSE));
      g_assert_true (entity->updated == NULL || accord_feed_is_valid_date (entity->updated, FALSE));

      for (guint p = 0; entity->profiles && p < entity->profiles->len; p++)
        {
          const AccordFeedProfile *profile = &g_array_index (entity->profiles, AccordFeedProfile, p);

          g_assert_nonnull (profile->lang);
          for (guint s = 0; s < profile->sections->len; s++)
            {
              const AccordFeedSection *section = &g_array_index (profile->sections, AccordFeedSection, s);

              g_assert_nonnull (section->body);
              assert_clean_text (section->body, TRUE);
              assert_clean_text (section->heading, FALSE);
            }
        }

      for (guint m = 0; entity->members && m < entity->members->len; m++)
        {
          const AccordFeedMember *member = &g_array_index (entity->members, AccordFeedMember, m);

          g_assert_nonnull (member->country);
          assert_clean_text (member->country, FALSE);
          for (guint n = 0; n < m; n++)
            g_assert_cmpstr (g_array_index (entity->members, AccordFeedMember, n).country, !=, member->country);
        }

      for (guint l = 0; entity->links && l < entity->links->len; l++)
        {
          const AccordFeedLink *link = &g_array_index (entity->links, AccordFeedLink, l);

          g_assert_true (accord_feed_is_web_url (link->url));
          assert_valid_text (&link->label, TRUE, FALSE);
        }
    }

  g_hash_table_remove_all (ids);
  for (guint i = 0; i < accord_feed_get_n_articles (feed); i++)
    {
      const AccordFeedArticle *article = accord_feed_get_article (feed, i);

      g_assert_true (is_article_id (article->id));
      g_assert_true (g_hash_table_add (ids, (gpointer) article->id));
      g_assert_true (accord_feed_is_valid_date (article->date, TRUE));
      assert_valid_text (&article->title, TRUE, FALSE);
      assert_valid_text (&article->summary, FALSE, TRUE);
      assert_clean_text (article->source, FALSE);
      g_assert_true (article->url == NULL || accord_feed_is_web_url (article->url));
      g_assert_true (article->category == NULL || find_category (feed, article->category) != NULL);
      g_assert_nonnull (article->entities);
      g_assert_null (article->entities[article->n_entities]);
      for (guint e = 0; e < article->n_entities; e++)
        {
          g_assert_nonnull (find_entity (feed, article->entities[e]));
          for (guint f = 0; f < e; f++)
            g_assert_cmpstr (article->entities[f], !=, article->entities[e]);
        }
    }
}

static void
log_warnings (AccordFeed *feed)
{
  GPtrArray *warnings = accord_feed_get_warnings (feed);

  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", (const char *) g_ptr_array_index (warnings, i));
}

/* ---------------------------------------------------------------------- */
/* The table                                                               */

#define MAX_WARNINGS 20

typedef struct
{
  const char *name;
  const char *json;        /* inline, with ' for " */
  const char *file;        /* or a file in tests/feeds/ */

  /* A document error... */
  gboolean    refused;
  int         code;        /* an AccordFeedError */
  const char *message;     /* exact, or the start when prefix is set */
  gboolean    prefix;

  /* ...or the items kept and skipped, and every warning, in order. */
  guint       n_categories;
  guint       n_entities;
  guint       n_articles;
  guint       n_skipped;
  const char *warnings[MAX_WARNINGS];
  void      (*check) (AccordFeed *feed);
} FeedCase;

#define HEAD "'format':'accord-feed','version':1,'generated':'2026-11-20T08:00:00Z'"
#define DOC(fields) "{" HEAD "," fields "}"
#define FEED(categories, entities, articles) \
  DOC ("'categories':[" categories "],'entities':[" entities "],'articles':[" articles "]")
#define GPAI "{'id':'gpai','kind':'organisation','name':{'en':'GPAI'}}"
#define OECD "{'id':'oecd','kind':'organisation','name':{'en':'OECD'}}"
#define EVENT "{'id':'event','name':{'en':'Event'}}"
#define ARTICLE(id) "{'id':'" id "','date':'2026-11-01','title':{'en':'Title'},'entities':['gpai']}"
#define ENTITIES(entities) FEED ("", entities, "")
#define ARTICLES(articles) FEED (EVENT, GPAI, articles)

#define TEXT_TYPE "expected a text object such as {\"en\": …, \"fr\": …}"
#define ITEM_ID_TYPE "expected an id of lowercase letters, digits and '-' (at most 64)"
#define ARTICLE_ID_TYPE "expected an id of letters, digits, '.', '_' and '-' (at most 128)"

/* 64 and 65 characters; an error message shows the first 40 of them. */
#define ID64 "abcdefghij" "abcdefghij" "abcdefghij" "abcdefghij" "abcdefghij" "abcdefghij" "abcd"
#define ID65 ID64 "e"
#define ID_SHOWN "\"abcdefghij" "abcdefghij" "abcdefghij" "abcdefghij…\""
/* 128 and 129 characters, with each allowed punctuation. */
#define AID128 "A.b_c-01234" "A.b_c-01234" "A.b_c-01234" "A.b_c-01234" "A.b_c-01234" \
               "A.b_c-01234" "A.b_c-01234" "A.b_c-01234" "A.b_c-01234" "A.b_c-01234" \
               "A.b_c-01234" "A.b_c-0"
#define AID129 AID128 "9"
#define AID_SHOWN "\"A.b_c-01234" "A.b_c-01234" "A.b_c-01234" "A.b_c-0…\""

static void
check_complete (AccordFeed *feed)
{
  const AccordFeedEntity *gpai = find_entity (feed, "gpai");
  const AccordFeedEntity *act = find_entity (feed, "eu-ai-act");
  const AccordFeedArticle *summit = find_article (feed, "2026-11-01.gpai_summit-1");
  const AccordFeedArticle *a2 = find_article (feed, "A2");
  const AccordFeedCategory *event = find_category (feed, "event");
  const AccordFeedProfile *profile;
  const AccordFeedSection *section;
  const AccordFeedMember *member;
  const AccordFeedLink *link;
  gboolean fallback = TRUE;

  g_assert_cmpstr (accord_feed_get_generated (feed), ==, "2026-11-20T08:00:00Z");
  g_assert_cmpint (accord_feed_get_generated_unix (feed), ==, 1795161600);

  /* The order of the document is kept. */
  g_assert_cmpstr (accord_feed_get_category (feed, 0)->id, ==, "law-text-adopted");
  g_assert_cmpstr (accord_feed_get_entity (feed, 1)->id, ==, "eu-ai-act");
  g_assert_cmpstr (accord_feed_get_article (feed, 1)->id, ==, "A2");

  g_assert_nonnull (event);
  g_assert_cmpstr (event->name.en, ==, "Event");
  g_assert_cmpstr (event->name.fr, ==, "Événement");
  g_assert_cmpstr (text_member (&event->name, "de"), ==, "Veranstaltung");

  g_assert_nonnull (gpai);
  g_assert_cmpint (gpai->kind, ==, ACCORD_ENTITY_KIND_ORGANISATION);
  g_assert_cmpstr (gpai->name.fr, ==, "Partenariat mondial sur l’intelligence artificielle");
  g_assert_cmpstr (gpai->acronym.en, ==, "GPAI");
  g_assert_cmpstr (gpai->acronym.fr, ==, "PMIA");
  g_assert_cmpstr (gpai->summary.fr, ==, "Une initiative multipartite.");
  g_assert_cmpstr (gpai->founded, ==, "2020-06-15");
  g_assert_cmpstr (gpai->updated, ==, "2026-06-05");

  g_assert_cmpuint (gpai->profiles->len, ==, 2);
  profile = find_profile (gpai, "en");
  g_assert_nonnull (profile);
  g_assert_cmpuint (profile->sections->len, ==, 2);
  section = &g_array_index (profile->sections, AccordFeedSection, 0);
  g_assert_cmpstr (section->heading, ==, "What it is");
  g_assert_cmpstr (section->body, ==, "First paragraph.\n\nSecond paragraph.");
  section = &g_array_index (profile->sections, AccordFeedSection, 1);
  g_assert_null (section->heading);
  g_assert_cmpstr (section->body, ==, "A section without a heading.");
  profile = find_profile (gpai, "fr");
  g_assert_nonnull (profile);
  g_assert_cmpuint (profile->sections->len, ==, 1);
  g_assert_cmpstr (g_array_index (profile->sections, AccordFeedSection, 0).heading, ==, "Ce que c’est");

  g_assert_cmpuint (gpai->members->len, ==, 4);
  member = &g_array_index (gpai->members, AccordFeedMember, 0);
  g_assert_cmpstr (member->country, ==, "CA");
  g_assert_true (member->founding);
  member = &g_array_index (gpai->members, AccordFeedMember, 2);
  g_assert_cmpstr (member->country, ==, "EU");
  g_assert_false (member->founding);
  member = &g_array_index (gpai->members, AccordFeedMember, 3);
  g_assert_cmpstr (member->country, ==, "SN");
  g_assert_false (member->founding);

  g_assert_cmpuint (gpai->links->len, ==, 2);
  link = &g_array_index (gpai->links, AccordFeedLink, 0);
  g_assert_cmpstr (link->url, ==, "https://gpai.ai/");
  g_assert_cmpstr (link->label.fr, ==, "Site officiel");
  link = &g_array_index (gpai->links, AccordFeedLink, 1);
  g_assert_cmpstr (link->url, ==, "http://example.org/press?id=1&lang=fr");
  g_assert_null (link->label.en);
  g_assert_cmpstr (accord_feed_text_get (&link->label, "en", &fallback), ==, "Communiqué");
  g_assert_true (fallback);

  g_assert_nonnull (act);
  g_assert_cmpint (act->kind, ==, ACCORD_ENTITY_KIND_LEGISLATION);
  g_assert_cmpstr (act->founded, ==, "2024-06");
  g_assert_cmpstr (act->updated, ==, "2025");
  g_assert_false (accord_feed_text_is_set (&act->acronym));
  g_assert_false (accord_feed_text_is_set (&act->summary));
  g_assert_null (act->profiles);
  g_assert_null (act->links);
  g_assert_cmpuint (act->members->len, ==, 1);

  g_assert_nonnull (summit);
  g_assert_cmpstr (summit->date, ==, "2026-11-01");
  g_assert_cmpstr (summit->title.fr, ==, "Ouverture du sommet du PMIA");
  g_assert_cmpstr (summit->category, ==, "event");
  g_assert_cmpstr (summit->source, ==, "OECD");
  g_assert_cmpstr (summit->summary.en, ==, "Leaders meet.\n\nMore to come.");
  g_assert_null (summit->summary.fr);
  g_assert_cmpstr (summit->url, ==, "https://example.org/news/gpai-summit");
  g_assert_cmpuint (summit->n_entities, ==, 2);
  g_assert_cmpstr (summit->entities[0], ==, "gpai");
  g_assert_cmpstr (summit->entities[1], ==, "eu-ai-act");

  g_assert_nonnull (a2);
  g_assert_cmpstr (a2->date, ==, "2024-02-29");
  g_assert_null (a2->category);
  g_assert_null (a2->source);
  g_assert_null (a2->url);
  g_assert_false (accord_feed_text_is_set (&a2->summary));
  g_assert_cmpstr (accord_feed_text_get (&a2->title, "en", &fallback), ==, "Seulement en français");
  g_assert_true (fallback);
  g_assert_cmpstr (accord_feed_text_get (&a2->title, "fr", &fallback), ==, "Seulement en français");
  g_assert_false (fallback);
}

static void
check_mixed_errors (AccordFeed *feed)
{
  const AccordFeedEntity *gpai = find_entity (feed, "gpai");
  const AccordFeedArticle *article;

  g_assert_cmpstr (find_category (feed, "event")->name.en, ==, "Event");
  g_assert_nonnull (find_category (feed, "initiative"));
  g_assert_null (find_entity (feed, "treaty-1"));
  g_assert_null (find_entity (feed, "oecd"));
  g_assert_null (find_entity (feed, "unesco"));
  g_assert_nonnull (find_entity (feed, "coe"));

  /* The first gpai wins, with one FR and without the mailto: link. */
  g_assert_cmpint (gpai->kind, ==, ACCORD_ENTITY_KIND_ORGANISATION);
  g_assert_cmpuint (gpai->members->len, ==, 2);
  g_assert_false (g_array_index (gpai->members, AccordFeedMember, 0).founding);
  g_assert_cmpuint (gpai->links->len, ==, 1);

  article = find_article (feed, "ok-1");
  g_assert_cmpstr (article->title.en, ==, "Fine");
  g_assert_cmpstr (article->category, ==, "event");

  /* Left with no entity and no category, still kept. */
  article = find_article (feed, "treaty-news");
  g_assert_nonnull (article);
  g_assert_cmpuint (article->n_entities, ==, 0);
  g_assert_null (article->entities[0]);
  g_assert_null (article->category);

  article = find_article (feed, "ftp-news");
  g_assert_null (article->url);
  g_assert_cmpuint (article->n_entities, ==, 1);

  article = find_article (feed, "coe-news");
  g_assert_cmpuint (article->n_entities, ==, 1);
  g_assert_cmpstr (article->entities[0], ==, "coe");
}

static void
check_forward_compat (AccordFeed *feed)
{
  const AccordFeedEntity *gpai = find_entity (feed, "gpai");
  const AccordFeedArticle *article = find_article (feed, "news-1");

  g_assert_cmpstr (accord_feed_get_generated (feed), ==, "2026-11-20T08:00:00Z");
  g_assert_cmpuint (gpai->members->len, ==, 1);
  g_assert_true (g_array_index (gpai->members, AccordFeedMember, 0).founding);
  g_assert_cmpuint (gpai->links->len, ==, 1);
  g_assert_cmpstr (g_array_index (gpai->links, AccordFeedLink, 0).url, ==, "https://gpai.ai/");
  g_assert_cmpstr (g_array_index (find_profile (gpai, "en")->sections, AccordFeedSection, 0).heading, ==, "Head");
  g_assert_cmpstr (article->date, ==, "2026-11-02");
  g_assert_cmpstr (article->title.fr, ==, "Titre");
  g_assert_cmpstr (text_member (&article->title, "es"), ==, "Título");
}

static void
check_generated_missing (AccordFeed *feed)
{
  g_assert_null (accord_feed_get_generated (feed));
  g_assert_cmpint (accord_feed_get_generated_unix (feed), ==, 0);
}

static void
check_generated_offset (AccordFeed *feed)
{
  g_assert_cmpstr (accord_feed_get_generated (feed), ==, "2026-11-20T09:00:00+01:00");
  g_assert_cmpint (accord_feed_get_generated_unix (feed), ==, 1795161600);
}

static void
check_generated_long_fraction (AccordFeed *feed)
{
  g_assert_cmpint (accord_feed_get_generated_unix (feed), ==, 1795161599);
}

static void
check_generated_lowercase (AccordFeed *feed)
{
  g_assert_cmpint (accord_feed_get_generated_unix (feed), ==, 1795161600);
}

static void
check_duplicate_category (AccordFeed *feed)
{
  g_assert_cmpstr (accord_feed_get_category (feed, 0)->name.en, ==, "First");
}

static void
check_duplicate_entity (AccordFeed *feed)
{
  g_assert_cmpint (accord_feed_get_entity (feed, 0)->kind, ==, ACCORD_ENTITY_KIND_ORGANISATION);
  g_assert_cmpstr (accord_feed_get_entity (feed, 0)->name.en, ==, "GPAI");
}

static void
check_duplicate_article (AccordFeed *feed)
{
  g_assert_cmpstr (accord_feed_get_article (feed, 0)->date, ==, "2026-11-01");
  g_assert_cmpstr (accord_feed_get_article (feed, 1)->id, ==, "a2");
}

static void
check_partial_dates (AccordFeed *feed)
{
  g_assert_cmpstr (find_entity (feed, "a")->founded, ==, "2025");
  g_assert_cmpstr (find_entity (feed, "a")->updated, ==, "2025-06");
  g_assert_cmpstr (find_entity (feed, "b")->founded, ==, "2024-02-29");
  g_assert_cmpstr (find_entity (feed, "b")->updated, ==, "0001-01-01");
}

static void
check_id_limits (AccordFeed *feed)
{
  g_assert_cmpstr (accord_feed_get_category (feed, 0)->id, ==, ID64);
  g_assert_cmpstr (accord_feed_get_entity (feed, 0)->id, ==, "0-a-");
  g_assert_cmpstr (accord_feed_get_entity (feed, 1)->id, ==, ID64);
  g_assert_cmpstr (accord_feed_get_article (feed, 0)->id, ==, AID128);
  g_assert_cmpstr (accord_feed_get_article (feed, 1)->id, ==, "9");
}

/* A \u0000 escape goes like other control characters, not the rest. */
static void
check_nul_escape_name (AccordFeed *feed)
{
  const AccordFeedEntity *v = find_entity (feed, "v");

  g_assert_cmpstr (v->name.en, ==, "VW");
  g_assert_null (v->name.fr);
}

static void
check_lone_surrogates (AccordFeed *feed)
{
  const AccordFeedEntity *s = find_entity (feed, "s");

  g_assert_cmpstr (s->name.en, ==, "A\xef\xbf\xbd");
  g_assert_cmpstr (s->name.fr, ==, "\xef\xbf\xbd" "B\xf0\x9f\x98\x80");
}

/* Blank is empty: a text of spaces, line breaks or tabs alone, or of
 * characters that show nothing, falls back to the other language. */
static void
check_blank_texts (AccordFeed *feed)
{
  const AccordFeedEntity *b = find_entity (feed, "b");

  g_assert_null (b->name.en);
  g_assert_cmpstr (b->name.fr, ==, "Nom");
  g_assert_null (b->acronym.en);
  g_assert_null (b->acronym.fr);
  g_assert_null (b->summary.en);
  g_assert_cmpstr (b->summary.fr, ==, "R\u00e9sum\u00e9");
}

/* A single line stays one, whatever breaks it: one space for each break,
 * \r\n included; C1 control characters go, as the others do. */
static void
check_single_line_breaks (AccordFeed *feed)
{
  const AccordFeedArticle *a = find_article (feed, "a1");

  g_assert_cmpstr (a->title.en, ==, "X Y");
  g_assert_cmpstr (a->title.fr, ==, "A B C D");
  g_assert_cmpstr (a->source, ==, "");
  g_assert_cmpstr (a->summary.en, ==, "One\nTwo\nThree");
  g_assert_cmpstr (a->summary.fr, ==, "Ligne\u2028suite");
}

static void
check_null_language (AccordFeed *feed)
{
  const AccordFeedEntity *e = find_entity (feed, "e");

  g_assert_cmpstr (e->name.en, ==, "GPAI");
  g_assert_null (e->name.fr);
}

static void
check_kinds (AccordFeed *feed)
{
  g_assert_cmpint (find_entity (feed, "gpai")->kind, ==, ACCORD_ENTITY_KIND_ORGANISATION);
  g_assert_cmpint (find_entity (feed, "act")->kind, ==, ACCORD_ENTITY_KIND_LEGISLATION);
}

static void
check_members (AccordFeed *feed)
{
  GArray *members = accord_feed_get_entity (feed, 0)->members;

  /* Codes are kept as given; a repeat goes, and the first one wins. */
  g_assert_cmpuint (members->len, ==, 4);
  g_assert_cmpstr (g_array_index (members, AccordFeedMember, 0).country, ==, "FR");
  g_assert_true (g_array_index (members, AccordFeedMember, 0).founding);
  g_assert_cmpstr (g_array_index (members, AccordFeedMember, 1).country, ==, "XX");
  g_assert_cmpstr (g_array_index (members, AccordFeedMember, 2).country, ==, "fr");
  g_assert_cmpstr (g_array_index (members, AccordFeedMember, 3).country, ==, "EU");
}

static void
check_links (AccordFeed *feed)
{
  GArray *links = accord_feed_get_entity (feed, 0)->links;

  g_assert_cmpuint (links->len, ==, 2);
  g_assert_cmpstr (g_array_index (links, AccordFeedLink, 0).url, ==, "https://gpai.ai/");
  g_assert_cmpstr (g_array_index (links, AccordFeedLink, 1).url, ==, "HTTP://EXAMPLE.ORG/");
}

static void
check_no_links (AccordFeed *feed)
{
  g_assert_cmpuint (accord_feed_get_entity (feed, 0)->links->len, ==, 0);
}

/* Names and other texts shown on a line come without the spaces of any
 * kind around them; ids keep theirs, and are malformed for them. */
static void
check_trimmed (AccordFeed *feed)
{
  const AccordFeedEntity *entity = accord_feed_get_entity (feed, 0);
  const AccordFeedArticle *article = accord_feed_get_article (feed, 0);
  const AccordFeedProfile *profile = find_profile (entity, "en");

  g_assert_cmpstr (entity->name.en, ==, "Spaced name");
  g_assert_cmpstr (entity->name.fr, ==, "Nom");
  g_assert_cmpstr (entity->acronym.en, ==, "SN");
  g_assert_cmpuint (entity->members->len, ==, 1);
  g_assert_cmpstr (g_array_index (entity->members, AccordFeedMember, 0).country, ==, "FR");
  g_assert_cmpstr (g_array_index (entity->links, AccordFeedLink, 0).label.en, ==, "Site");
  g_assert_cmpstr (g_array_index (profile->sections, AccordFeedSection, 0).heading, ==, "Heading");
  /* A body keeps its shape: its first line may be indented. */
  g_assert_cmpstr (g_array_index (profile->sections, AccordFeedSection, 0).body, ==, "  Body ");
  g_assert_cmpstr (article->title.en, ==, "Title");
  g_assert_cmpstr (article->source, ==, "Source");
  /* Other languages as published. */
  g_assert_cmpstr (json_object_get_string_member (entity->name.all, "de"), ==, " Name ");
}

/* Repeats go, in a list long enough to be checked with a set too. */
static void
check_repeated_entities (AccordFeed *feed)
{
  const AccordFeedArticle *article = accord_feed_get_article (feed, 0);

  g_assert_cmpuint (article->n_entities, ==, 2);
  g_assert_cmpstr (article->entities[0], ==, "gpai");
  g_assert_cmpstr (article->entities[1], ==, "oecd");
  g_assert_cmpuint (accord_feed_get_article (feed, 1)->n_entities, ==, 2);
}

static void
check_unknown_category (AccordFeed *feed)
{
  g_assert_null (accord_feed_get_article (feed, 0)->category);
  g_assert_cmpstr (accord_feed_get_article (feed, 0)->title.en, ==, "Title");
}

static void
check_url_dropped (AccordFeed *feed)
{
  for (guint i = 0; i < accord_feed_get_n_articles (feed); i++)
    g_assert_null (accord_feed_get_article (feed, i)->url);
}

static void
check_unknown_entities (AccordFeed *feed)
{
  const AccordFeedArticle *a1 = find_article (feed, "a1");
  const AccordFeedArticle *a2 = find_article (feed, "a2");
  const AccordFeedArticle *a3 = find_article (feed, "a3");

  g_assert_cmpuint (a1->n_entities, ==, 1);
  g_assert_cmpstr (a1->entities[0], ==, "gpai");
  g_assert_null (a1->entities[1]);
  g_assert_cmpuint (a2->n_entities, ==, 0);
  g_assert_null (a2->entities[0]);
  g_assert_cmpuint (a3->n_entities, ==, 0);
}

static void
check_nulls (AccordFeed *feed)
{
  const AccordFeedEntity *gpai = find_entity (feed, "gpai");
  const AccordFeedEntity *oecd = find_entity (feed, "oecd");
  const AccordFeedArticle *article = accord_feed_get_article (feed, 0);
  const AccordFeedSection *section;

  g_assert_false (accord_feed_text_is_set (&gpai->acronym));
  g_assert_false (accord_feed_text_is_set (&gpai->summary));
  g_assert_null (gpai->profiles);
  g_assert_null (gpai->members);
  g_assert_null (gpai->links);
  g_assert_null (gpai->founded);
  g_assert_null (gpai->updated);

  section = &g_array_index (find_profile (oecd, "en")->sections, AccordFeedSection, 0);
  g_assert_null (section->heading);
  g_assert_cmpstr (section->body, ==, "Body");
  g_assert_false (g_array_index (oecd->members, AccordFeedMember, 0).founding);

  g_assert_null (article->category);
  g_assert_null (article->source);
  g_assert_null (article->url);
  g_assert_false (accord_feed_text_is_set (&article->summary));
}

static void
check_other_languages (AccordFeed *feed)
{
  const AccordFeedEntity *gpai = accord_feed_get_entity (feed, 0);
  g_autofree char *json = accord_feed_text_to_json (&gpai->name);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  JsonObject *object = json_node_get_object (node);

  g_assert_cmpstr (gpai->name.en, ==, "GPAI");
  g_assert_cmpstr (gpai->name.fr, ==, "PMIA");
  g_assert_cmpstr (text_member (&gpai->name, "de"), ==, "GPKI");
  g_assert_cmpstr (text_member (&gpai->name, "es"), ==, "AMIA");
  g_assert_cmpuint (json_object_get_size (gpai->name.all), ==, 4);

  /* Every language survives the round trip to the store's JSON. */
  g_assert_cmpuint (json_object_get_size (object), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "de"), ==, "GPKI");

  /* Only other languages: kept, but nothing to show. */
  gpai = accord_feed_get_entity (feed, 1);
  g_assert_true (accord_feed_text_is_set (&gpai->name));
  g_assert_null (gpai->name.en);
  g_assert_null (gpai->name.fr);
  g_assert_null (accord_feed_text_get (&gpai->name, "en", NULL));
  g_assert_cmpstr (text_member (&gpai->name, "de"), ==, "Nur Deutsch");
}

static void
check_fallback (AccordFeed *feed)
{
  const AccordFeedEntity *entity = find_entity (feed, "fr-only");
  gboolean fallback = FALSE;

  g_assert_null (entity->name.en);
  g_assert_cmpstr (accord_feed_text_get (&entity->name, "en", &fallback), ==, "Seulement");
  g_assert_true (fallback);
  g_assert_cmpstr (accord_feed_text_get (&entity->name, "fr_FR.UTF-8", &fallback), ==, "Seulement");
  g_assert_false (fallback);

  /* An empty language is an absent one. */
  entity = find_entity (feed, "empty-en");
  g_assert_null (entity->name.en);
  g_assert_cmpstr (accord_feed_text_get (&entity->name, "en", &fallback), ==, "Vide");
  g_assert_true (fallback);

  entity = find_entity (feed, "en-only");
  g_assert_cmpstr (accord_feed_text_get (&entity->name, "fr", &fallback), ==, "Only");
  g_assert_true (fallback);
  g_assert_cmpstr (accord_feed_text_get (&entity->name, "en", &fallback), ==, "Only");
  g_assert_false (fallback);
}

static void
check_empty_optional_text (AccordFeed *feed)
{
  const AccordFeedEntity *entity = accord_feed_get_entity (feed, 0);
  const AccordFeedArticle *article = accord_feed_get_article (feed, 0);

  g_assert_false (accord_feed_text_is_set (&entity->acronym));
  g_assert_false (accord_feed_text_is_set (&entity->summary));
  g_assert_false (accord_feed_text_is_set (&article->summary));
}

static void
check_plain_text (AccordFeed *feed)
{
  const AccordFeedEntity *gpai = accord_feed_get_entity (feed, 0);
  const AccordFeedArticle *article = accord_feed_get_article (feed, 0);
  const AccordFeedSection *section;

  /* Single-line fields: line breaks and tabs become spaces. */
  g_assert_cmpstr (gpai->name.en, ==, "GPAI");
  g_assert_cmpstr (gpai->name.fr, ==, "Ligne un Ligne deux tab");
  g_assert_cmpstr (gpai->acronym.en, ==, "G P");
  g_assert_cmpstr (g_array_index (gpai->members, AccordFeedMember, 0).country, ==, "FR");
  g_assert_cmpstr (g_array_index (gpai->links, AccordFeedLink, 0).label.en, ==, "Web site");

  /* Multi-line fields keep \n and tabs; \r\n and \r become \n. */
  g_assert_cmpstr (gpai->summary.en, ==, "P1\n\nP2\nP3\nP4\tend");
  section = &g_array_index (find_profile (gpai, "en")->sections, AccordFeedSection, 0);
  g_assert_cmpstr (section->heading, ==, "Head line");
  g_assert_cmpstr (section->body, ==, "B1\n\nB2\n\tB3");
  /* A heading that shows nothing is none. */
  g_assert_null (g_array_index (find_profile (gpai, "en")->sections, AccordFeedSection, 1).heading);
  g_assert_null (g_array_index (find_profile (gpai, "en")->sections, AccordFeedSection, 2).heading);

  g_assert_cmpstr (article->title.en, ==, "Title on one line");
  g_assert_cmpstr (article->source, ==, "Source name");
  g_assert_cmpstr (article->summary.en, ==, "S1\n\nS2");

  /* Markup is text. */
  g_assert_cmpstr (article->title.fr, ==, "<b>Gras</b> &amp; <i>");
  g_assert_cmpstr (article->summary.fr, ==, "<a href=\"x\">lien</a> *md* **md**");
}

/* The JSON library keeps the last value of a repeated key. */
static void
check_duplicate_key (AccordFeed *feed)
{
  g_assert_cmpstr (accord_feed_get_entity (feed, 0)->name.en, ==, "Last");
}

static void
check_bom (AccordFeed *feed)
{
  g_assert_cmpstr (accord_feed_get_entity (feed, 0)->id, ==, "gpai");
  g_assert_cmpstr (accord_feed_get_generated (feed), ==, "2026-11-20T08:00:00Z");
}

static const FeedCase cases[] = {
  /* --- Whole documents from the corpus ----------------------------- */
  { .name = "corpus/complete", .file = "complete.json",
    .n_categories = 2, .n_entities = 2, .n_articles = 2, .check = check_complete },
  { .name = "corpus/mixed-errors", .file = "mixed-errors.json",
    .n_categories = 2, .n_entities = 2, .n_articles = 4, .n_skipped = 10,
    .warnings = {
      "categories[1].id: " ITEM_ID_TYPE ", got \"Event\"",
      "categories[2].id: duplicate id \"event\", the first one is kept",
      "categories[3]: expected an object, got \"initiative\"",
      "entities[0].members[2].country: \"FR\" is listed twice, the first one is kept",
      "entities[0].links[1].url: only http and https addresses are accepted, got \"mailto:contact@gpai.ai\"; link dropped",
      "entities[1].kind: unknown kind \"treaty\", entity skipped",
      "entities[2].founded: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"1961-09-31\"",
      "entities[3].profile.en[0].body: missing",
      "entities[4].id: duplicate id \"gpai\", the first one is kept",
      "articles[1].date: expected YYYY-MM-DD, got \"01/11/2026\"",
      "articles[2].id: duplicate id \"ok-1\", the first one is kept",
      "articles[3].category: unknown category \"treaties\", shown without one",
      "articles[3].entities[0]: the entity \"treaty-1\" was skipped; dropped",
      "articles[3].entities[1]: the entity \"oecd\" was skipped; dropped",
      "articles[4].url: only http and https addresses are accepted, got \"ftp://example.org/news.txt\"; dropped",
      "articles[5].title: missing",
    }, .check = check_mixed_errors },
  { .name = "corpus/article-dates", .file = "article-dates.json",
    .n_entities = 1, .n_articles = 9, .n_skipped = 5,
    .warnings = {
      "articles[3].date: expected YYYY-MM-DD, got \"2026-11\"",
      "articles[5].date: expected YYYY-MM-DD, got \"2025-02-30\"",
      "articles[7].date: expected YYYY-MM-DD, got \"2026-1-5\"",
      "articles[9].date: expected a string, got 20261106",
      "articles[12].date: expected YYYY-MM-DD, got \"11/06\"",
    } },
  { .name = "corpus/forward-compat", .file = "forward-compat.json",
    .n_categories = 1, .n_entities = 1, .n_articles = 1, .check = check_forward_compat },
  { .name = "corpus/bom", .file = "bom.json", .n_entities = 1, .check = check_bom },
  { .name = "corpus/latin1", .file = "latin1.json", .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_UTF8,
    .message = "$: not UTF-8 text (invalid byte at offset 149)" },
  { .name = "corpus/newer-version", .file = "newer-version.json", .refused = TRUE,
    .code = ACCORD_FEED_ERROR_NEWER_VERSION,
    .message = "version: this feed needs a newer Accord (format version 2)" },

  /* --- Document errors ---------------------------------------------- */
  { .name = "document/not-json", .json = "{'format': 'accord-feed', 'version': 1,",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "$: not valid JSON at line 1, column 40: expected a member name in double quotes, found the end of the document" },
  /* After a comma, a name belongs: the object is where, not the member
   * before. */
  { .name = "syntax/object-trailing-comma",
    .json = DOC ("'entities':[{'id':'gpai','kind':'organisation','name':{'en':'G'},}]"),
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON,
    .message = "entities[0]: not valid JSON at line 1, column 137: expected a member name in double quotes, found “}”" },
  { .name = "document/trailing-garbage", .json = ENTITIES (GPAI) " x",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "$: not valid JSON at line 1, column 173: expected the end of the document, found “x”" },
  { .name = "document/trailing-comma", .json = DOC ("'entities':[" GPAI ",]"),
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "entities[1]: not valid JSON at line 1, column 141: expected a value, found “]”" },
  { .name = "document/empty", .json = "",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "$: not valid JSON: the document is empty" },
  { .name = "document/blank", .json = " \n\t\r ",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "$: not valid JSON: the document is empty" },
  { .name = "document/top-array", .json = "[" GPAI "]",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "$: expected an object at the top level, got an array" },
  { .name = "document/top-string", .json = "'accord-feed'",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "$: expected an object at the top level, got \"accord-feed\"" },
  { .name = "document/top-null", .json = "null",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "$: expected an object at the top level, got null" },
  { .name = "document/format-missing", .json = "{'version':1,'generated':'2026-11-20T08:00:00Z','entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "format: expected \"accord-feed\", got nothing; this is not an Accord feed" },
  { .name = "document/format-wrong", .json = "{'format':'rss','version':1,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "format: expected \"accord-feed\", got \"rss\"; this is not an Accord feed" },
  { .name = "document/format-case", .json = "{'format':'Accord-Feed','version':1,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "format: expected \"accord-feed\", got \"Accord-Feed\"; this is not an Accord feed" },
  { .name = "document/format-with-nul-escape",
    .json = "{'format':'accord-feed\\u0000v9','version':1,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "format: expected \"accord-feed\", got \"accord-feed\\u0001v9\"; this is not an Accord feed" },
  { .name = "document/format-type", .json = "{'format':['accord-feed'],'version':1,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "format: expected \"accord-feed\", got an array; this is not an Accord feed" },
  { .name = "document/version-missing", .json = "{'format':'accord-feed','entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: expected the format version 1, got nothing" },
  { .name = "document/version-null", .json = "{'format':'accord-feed','version':null,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: expected the format version 1, got null" },
  { .name = "document/version-string", .json = "{'format':'accord-feed','version':'1','entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: expected the format version 1, got \"1\"" },
  { .name = "document/version-zero", .json = "{'format':'accord-feed','version':0,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: unsupported format version 0" },
  { .name = "document/version-negative", .json = "{'format':'accord-feed','version':-1,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: unsupported format version -1" },
  { .name = "document/version-tenth", .json = "{'format':'accord-feed','version':0.1,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: unsupported format version 0.1" },
  { .name = "document/version-fraction", .json = "{'format':'accord-feed','version':1.5,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: unsupported format version 1.5" },
  /* Told apart as written, though a double rounds each to 1 or 2. */
  { .name = "document/version-just-above-1", .json = "{'format':'accord-feed','version':1.00000000000000000001,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: unsupported format version 1.00000000000000000001" },
  { .name = "document/version-just-below-1", .json = "{'format':'accord-feed','version':0.99999999999999999999,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: unsupported format version 0.99999999999999999999" },
  { .name = "document/version-just-below-2", .json = "{'format':'accord-feed','version':1.99999999999999999999,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: unsupported format version 1.99999999999999999999" },
  { .name = "document/version-1-written-otherwise",
    .json = "{'format':'accord-feed','version':100000000000000000000e-20,'generated':'2026-11-20T08:00:00Z','entities':[]}" },
  { .name = "document/version-2", .json = "{'format':'accord-feed','version':2,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NEWER_VERSION,
    .message = "version: this feed needs a newer Accord (format version 2)" },
  { .name = "document/version-2.0", .json = "{'format':'accord-feed','version':2.0,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NEWER_VERSION,
    .message = "version: this feed needs a newer Accord (format version 2.0)" },
  { .name = "document/version-2.5", .json = "{'format':'accord-feed','version':2.5,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NEWER_VERSION,
    .message = "version: this feed needs a newer Accord (format version 2.5)" },
  { .name = "document/version-huge-int", .json = "{'format':'accord-feed','version':123456789012,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NEWER_VERSION,
    .message = "version: this feed needs a newer Accord (format version 123456789012)" },
  { .name = "document/version-huge-double", .json = "{'format':'accord-feed','version':1e300,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NEWER_VERSION,
    .message = "version: this feed needs a newer Accord (format version 1e300)" },
  /* Named as written, beyond what an integer holds or a double tells. */
  { .name = "document/version-beyond-int64",
    .json = "{'format':'accord-feed','version':99999999999999999999,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NEWER_VERSION,
    .message = "version: this feed needs a newer Accord (format version 99999999999999999999)" },
  { .name = "document/version-underflow", .json = "{'format':'accord-feed','version':1e-400,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: unsupported format version 1e-400" },
  /* Beyond what a double holds, as large or as negative as it looks. */
  { .name = "document/version-out-of-range", .json = "{'format':'accord-feed','version':1e400,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NEWER_VERSION,
    .message = "version: this feed needs a newer Accord (format version 1e400)" },
  { .name = "document/version-out-of-range-negative",
    .json = "{'format':'accord-feed','version':-1.5e400,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: unsupported format version -1.5e400" },
  /* A whole number of any length is a version, its first digits named. */
  { .name = "document/version-beyond-double",
    .json = "{'format':'accord-feed','version':10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NEWER_VERSION,
    .message = "version: this feed needs a newer Accord (format version 1000000000000000000000000000000000000000…)" },
  { .name = "document/version-below-double",
    .json = "{'format':'accord-feed','version':-10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: unsupported format version -100000000000000000000000000000000000000…" },
  /* "vers\u0069on" is "version": json-glib reads it so, and so is it named. */
  { .name = "document/version-escaped-name",
    .json = "{'format':'accord-feed','version':1,'vers\\u0069on':5,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NEWER_VERSION,
    .message = "version: this feed needs a newer Accord (format version 5)" },
  /* Then a number past a double's range is none the feed can be said to
   * have written. */
  { .name = "document/version-escaped-name-out-of-range",
    .json = "{'format':'accord-feed','version':1,'vers\\u0069on':1e400,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID,
    .message = "version: expected the format version 1, got a number out of range" },
  { .name = "document/malformed-escape", .json = "{'format':'accord-feed','version':1,'x':'\\u12',\n'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "x: not valid JSON at line 1, column 42: “\\u12” is not an escape JSON knows" },
  /* Syntax errors, told where they are and in words a publisher can act on. */
  { .name = "syntax/missing-comma", .json = "{'format':'accord-feed' 'version':1,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "format: not valid JSON at line 1, column 25: expected “,” or “}”, found a string" },
  { .name = "syntax/missing-colon", .json = "{'format' 'accord-feed','version':1,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "format: not valid JSON at line 1, column 11: expected “:”, found a string" },
  { .name = "syntax/leading-zero", .json = "{'format':'accord-feed','version':01,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "version: not valid JSON at line 1, column 35: the number “01” is malformed" },
  { .name = "syntax/number-without-digits", .json = "{'format':'accord-feed','version':1,'entities':[],'x':[1.,-]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "x[0]: not valid JSON at line 1, column 56: the number “1.” is malformed" },
  { .name = "syntax/misspelt-literal", .json = "{'format':'accord-feed','version':1,'entities':[],'x':[true,nul]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "x[1]: not valid JSON at line 1, column 61: expected a value, found “nul”" },
  { .name = "syntax/unclosed-string", .json = "{'format':'accord-feed','version':1,'entities':[],'x':'abc",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "x: not valid JSON at line 1, column 55: a string is not closed" },
  { .name = "syntax/unclosed-string-after-backslash", .json = "{'format':'accord-feed','version':1,'entities':[],'x':'abc\\",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "x: not valid JSON at line 1, column 55: a string is not closed" },
  { .name = "syntax/unknown-escape", .json = "{'format':'accord-feed','version':1,'entities':[],'x':'a\\xb'}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "x: not valid JSON at line 1, column 57: “\\x” is not an escape JSON knows" },
  /* In a member name, told at its object: the name is not known. */
  { .name = "syntax/escape-in-name",
    .json = "{'format':'accord-feed','version':1,'entities':[{'id':'a','kind':'organisation','na\\qme':{'en':'A'}}]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON,
    .message = "entities[0]: not valid JSON at line 1, column 84: “\\q” is not an escape JSON knows" },
  { .name = "syntax/unclosed-name",
    .json = "{'format':'accord-feed','version':1,'entities':[{'id':'a','kind':'organisation','name",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON,
    .message = "entities[0]: not valid JSON at line 1, column 81: a string is not closed" },
  { .name = "syntax/unclosed-name-after-backslash",
    .json = "{'format':'accord-feed','version':1,'entities':[{'id':'a','kind':'organisation','name\\",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON,
    .message = "entities[0]: not valid JSON at line 1, column 81: a string is not closed" },
  /* Lines counted as an editor does, old Mac line ends included. */
  { .name = "syntax/carriage-returns",
    .json = "{'format':'accord-feed',\r'version':1,\r\n'entities':[],\r'x':nul}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON,
    .message = "x: not valid JSON at line 4, column 5: expected a value, found “nul”" },
  { .name = "syntax/typographic-quotes", .json = "{'format':“accord-feed”,'version':1,'entities':[]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "format: not valid JSON at line 1, column 11: expected a value, found ““” (U+201C)" },
  { .name = "syntax/extra-bracket", .json = "{'format':'accord-feed','version':1,'entities':[]]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "entities: not valid JSON at line 1, column 50: expected “,” or “}”, found “]”" },
  { .name = "syntax/unclosed-object", .json = "{'format':'accord-feed','version':1,'entities':[{'id':'gpai'",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "entities[0].id: not valid JSON at line 1, column 61: expected “,” or “}”, found the end of the document" },
  { .name = "syntax/lines-and-columns",
    .json = "{'format': 'accord-feed',\n 'version': 1,\n 'entities': [\n  {'id': 'gpai' 'kind': 'organisation'}]}",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "entities[0].id: not valid JSON at line 4, column 17: expected “,” or “}”, found a string" },
  { .name = "document/version-1.0",
    .json = "{'format':'accord-feed','version':1.0,'generated':'2026-11-20T08:00:00Z','entities':[" GPAI "]}",
    .n_entities = 1 },
  { .name = "document/entities-missing", .json = DOC ("'categories':[],'articles':[]"),
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID, .message = "entities: expected an array, got nothing" },
  { .name = "document/entities-object", .json = DOC ("'entities':{'gpai':" GPAI "}"),
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID, .message = "entities: expected an array, got an object" },
  { .name = "document/entities-null", .json = DOC ("'entities':null"),
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID, .message = "entities: expected an array, got null" },
  { .name = "document/categories-not-array", .json = DOC ("'categories':'event','entities':[]"),
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID, .message = "categories: expected an array, got \"event\"" },
  /* As a Go publisher writes an empty list. */
  { .name = "document/categories-null", .json = DOC ("'categories':null,'entities':[" GPAI "]"),
    .n_entities = 1 },
  { .name = "document/articles-null", .json = DOC ("'entities':[" GPAI "],'articles':null"),
    .n_entities = 1 },
  { .name = "document/articles-not-array", .json = DOC ("'entities':[],'articles':{}"),
    .refused = TRUE, .code = ACCORD_FEED_ERROR_INVALID, .message = "articles: expected an array, got an object" },
  { .name = "document/optional-arrays-absent", .json = DOC ("'entities':[" GPAI "]"),
    .n_entities = 1 },
  { .name = "document/all-empty", .json = FEED ("", "", ""), },
  { .name = "document/json-extension-single-quotes", .file = "single-quotes.json",
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "$: not valid JSON at line 2, column 3: expected a member name in double quotes or “}”, found “'”" },
  { .name = "document/json-extension-comment",
    .json = "/* a comment */ " ENTITIES (GPAI),
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON, .message = "$: not valid JSON at line 1, column 1: expected a value, found “/”" },

  /* --- generated: only a warning ------------------------------------ */
  { .name = "generated/missing", .json = "{'format':'accord-feed','version':1,'entities':[" GPAI "]}",
    .n_entities = 1, .warnings = { "generated: expected an RFC 3339 date-time, got nothing" },
    .check = check_generated_missing },
  { .name = "generated/malformed",
    .json = "{'format':'accord-feed','version':1,'generated':'yesterday','entities':[" GPAI "]}",
    .n_entities = 1, .warnings = { "generated: expected an RFC 3339 date-time, got \"yesterday\"" },
    .check = check_generated_missing },
  { .name = "generated/date-only",
    .json = "{'format':'accord-feed','version':1,'generated':'2026-11-20','entities':[" GPAI "]}",
    .n_entities = 1, .warnings = { "generated: expected an RFC 3339 date-time, got \"2026-11-20\"" },
    .check = check_generated_missing },
  { .name = "generated/no-offset",
    .json = "{'format':'accord-feed','version':1,'generated':'2026-11-20T08:00:00','entities':[" GPAI "]}",
    .n_entities = 1, .warnings = { "generated: expected an RFC 3339 date-time, got \"2026-11-20T08:00:00\"" },
    .check = check_generated_missing },
  { .name = "generated/number",
    .json = "{'format':'accord-feed','version':1,'generated':1795161600,'entities':[" GPAI "]}",
    .n_entities = 1, .warnings = { "generated: expected an RFC 3339 date-time, got 1795161600" },
    .check = check_generated_missing },
  { .name = "generated/offset",
    .json = "{'format':'accord-feed','version':1,'generated':'2026-11-20T09:00:00+01:00','entities':[" GPAI "]}",
    .n_entities = 1, .check = check_generated_offset },
  { .name = "generated/long-fraction",
    .json = "{'format':'accord-feed','version':1,'generated':'2026-11-20T07:59:59.99999999999999999999Z','entities':[" GPAI "]}",
    .n_entities = 1, .check = check_generated_long_fraction },
  { .name = "generated/lowercase-t-and-z-and-fraction",
    .json = "{'format':'accord-feed','version':1,'generated':'2026-11-20t08:00:00.250z','entities':[" GPAI "]}",
    .n_entities = 1, .check = check_generated_lowercase },
  /* ISO 8601 forms that RFC 3339 does not allow. */
  { .name = "generated/iso-8601-only",
    .json = "{'format':'accord-feed','version':1,'generated':'20261120T080000Z','entities':[" GPAI "]}",
    .n_entities = 1, .warnings = { "generated: expected an RFC 3339 date-time, got \"20261120T080000Z\"" },
    .check = check_generated_missing },
  { .name = "generated/iso-week",
    .json = "{'format':'accord-feed','version':1,'generated':'2026-W47-5T08:00:00Z','entities':[" GPAI "]}",
    .n_entities = 1, .warnings = { "generated: expected an RFC 3339 date-time, got \"2026-W47-5T08:00:00Z\"" },
    .check = check_generated_missing },
  { .name = "generated/second-61",
    .json = "{'format':'accord-feed','version':1,'generated':'2026-11-20T08:00:61Z','entities':[" GPAI "]}",
    .n_entities = 1, .warnings = { "generated: expected an RFC 3339 date-time, got \"2026-11-20T08:00:61Z\"" },
    .check = check_generated_missing },
  { .name = "generated/leap-second",
    .json = "{'format':'accord-feed','version':1,'generated':'2016-12-31T23:59:60Z','entities':[" GPAI "]}",
    .n_entities = 1 },
  { .name = "generated/offset-without-colon",
    .json = "{'format':'accord-feed','version':1,'generated':'2026-11-20T09:00:00+0100','entities':[" GPAI "]}",
    .n_entities = 1, .warnings = { "generated: expected an RFC 3339 date-time, got \"2026-11-20T09:00:00+0100\"" },
    .check = check_generated_missing },
  { .name = "generated/comma-fraction",
    .json = "{'format':'accord-feed','version':1,'generated':'2026-11-20T08:00:00,5Z','entities':[" GPAI "]}",
    .n_entities = 1, .warnings = { "generated: expected an RFC 3339 date-time, got \"2026-11-20T08:00:00,5Z\"" },
    .check = check_generated_missing },
  { .name = "generated/no-such-day",
    .json = "{'format':'accord-feed','version':1,'generated':'2026-02-30T08:00:00Z','entities':[" GPAI "]}",
    .n_entities = 1, .warnings = { "generated: expected an RFC 3339 date-time, got \"2026-02-30T08:00:00Z\"" },
    .check = check_generated_missing },

  /* --- Categories ------------------------------------------------------ */
  { .name = "category/not-object", .json = FEED ("'event', 3", "", ""), .n_skipped = 2,
    .warnings = { "categories[0]: expected an object, got \"event\"", "categories[1]: expected an object, got 3" } },
  { .name = "category/id-missing", .json = FEED ("{'name':{'en':'Event'}}", "", ""), .n_skipped = 1,
    .warnings = { "categories[0].id: missing" } },
  { .name = "category/id-type", .json = FEED ("{'id':12,'name':{'en':'Event'}}", "", ""), .n_skipped = 1,
    .warnings = { "categories[0].id: expected a string, got 12" } },
  { .name = "category/id-malformed",
    .json = FEED ("{'id':'Event','name':{'en':'E'}},{'id':'-event','name':{'en':'E'}},"
                  "{'id':'job_offer','name':{'en':'E'}},{'id':'','name':{'en':'E'}},"
                  "{'id':'op ed','name':{'en':'E'}},{'id':'évent','name':{'en':'E'}},"
                  "{'id':'" ID65 "','name':{'en':'E'}},{'id':'" ID64 "','name':{'en':'E'}}", "", ""),
    .n_categories = 1, .n_skipped = 7,
    .warnings = {
      "categories[0].id: " ITEM_ID_TYPE ", got \"Event\"",
      "categories[1].id: " ITEM_ID_TYPE ", got \"-event\"",
      "categories[2].id: " ITEM_ID_TYPE ", got \"job_offer\"",
      "categories[3].id: " ITEM_ID_TYPE ", got \"\"",
      "categories[4].id: " ITEM_ID_TYPE ", got \"op ed\"",
      "categories[5].id: " ITEM_ID_TYPE ", got \"évent\"",
      "categories[6].id: " ITEM_ID_TYPE ", got " ID_SHOWN,
    } },
  { .name = "category/id-control-character",
    .json = FEED ("{'id':'ev\\u0001ent','name':{'en':'E'}}", "", ""), .n_skipped = 1,
    .warnings = { "categories[0].id: " ITEM_ID_TYPE ", got \"ev\\u0001ent\"" } },
  { .name = "category/name-missing", .json = FEED ("{'id':'event'}", "", ""), .n_skipped = 1,
    .warnings = { "categories[0].name: missing" } },
  { .name = "category/name-type", .json = FEED ("{'id':'event','name':'Event'}", "", ""), .n_skipped = 1,
    .warnings = { "categories[0].name: " TEXT_TYPE ", got \"Event\"" } },
  { .name = "category/name-empty",
    .json = FEED ("{'id':'a','name':{}},{'id':'b','name':{'en':'','fr':''}}", "", ""), .n_skipped = 2,
    .warnings = { "categories[0].name: expected a text in at least one language",
                  "categories[1].name: expected a text in at least one language" } },
  { .name = "category/name-language-type", .json = FEED ("{'id':'event','name':{'en':'Event','fr':3}}", "", ""),
    .n_skipped = 1, .warnings = { "categories[0].name.fr: expected a string, got 3" } },
  { .name = "category/duplicate",
    .json = FEED ("{'id':'event','name':{'en':'First'}},{'id':'event','name':{'en':'Second'}}", "", ""),
    .n_categories = 1, .n_skipped = 1,
    .warnings = { "categories[1].id: duplicate id \"event\", the first one is kept" },
    .check = check_duplicate_category },

  /* --- Entities -------------------------------------------------------- */
  { .name = "entity/not-object", .json = ENTITIES ("['gpai'], null"), .n_skipped = 2,
    .warnings = { "entities[0]: expected an object, got an array", "entities[1]: expected an object, got null" } },
  { .name = "entity/id-missing", .json = ENTITIES ("{'kind':'organisation','name':{'en':'GPAI'}}"),
    .n_skipped = 1, .warnings = { "entities[0].id: missing" } },
  { .name = "entity/id-null", .json = ENTITIES ("{'id':null,'kind':'organisation','name':{'en':'GPAI'}}"),
    .n_skipped = 1, .warnings = { "entities[0].id: missing" } },
  { .name = "entity/id-malformed",
    .json = ENTITIES ("{'id':'GPAI','kind':'organisation','name':{'en':'G'}},"
                      "{'id':'" ID65 "','kind':'organisation','name':{'en':'G'}},"
                      "{'id':'g.p','kind':'organisation','name':{'en':'G'}}"),
    .n_skipped = 3,
    .warnings = { "entities[0].id: " ITEM_ID_TYPE ", got \"GPAI\"",
                  "entities[1].id: " ITEM_ID_TYPE ", got " ID_SHOWN,
                  "entities[2].id: " ITEM_ID_TYPE ", got \"g.p\"" } },
  { .name = "entity/duplicate",
    .json = ENTITIES (GPAI ",{'id':'gpai','kind':'legislation','name':{'en':'Other'}}"),
    .n_entities = 1, .n_skipped = 1,
    .warnings = { "entities[1].id: duplicate id \"gpai\", the first one is kept" },
    .check = check_duplicate_entity },
  { .name = "entity/kind",
    .json = ENTITIES (GPAI ",{'id':'act','kind':'legislation','name':{'en':'Act'}},"
                      "{'id':'t','kind':'treaty','name':{'en':'T'}},"
                      "{'id':'u','kind':'Organisation','name':{'en':'U'}},"
                      "{'id':'v','name':{'en':'V'}},"
                      "{'id':'w','kind':1,'name':{'en':'W'}},"
                      "{'id':'x','kind':123456789012345678901234,'name':{'en':'X'}},"
                      "{'id':'y','kind':-123456789012345678901234,'name':{'en':'Y'}}"),
    .n_entities = 2, .n_skipped = 6,
    .warnings = { "entities[2].kind: unknown kind \"treaty\", entity skipped",
                  "entities[3].kind: unknown kind \"Organisation\", entity skipped",
                  "entities[4].kind: missing",
                  "entities[5].kind: expected a string, got 1",
                  /* Not the largest number the JSON library holds, which
                   * the feed does not have. */
                  "entities[6].kind: expected a string, got a number out of range",
                  "entities[7].kind: expected a string, got a number out of range" },
    .check = check_kinds },
  { .name = "entity/written-with-control-characters",
    .json = ENTITIES (GPAI ",{'id':'t','kind':'organisation\\u007f','name':{'en':'T'}},"
                      "{'id':'u','kind':'organisation','name':{'en':'\\u0001'}},"
                      "{'id':'v','kind':'organisation','name':{'en':'V'},'members':[{'country':'\\u0002'}]}"),
    .n_entities = 1, .n_skipped = 3,
    .warnings = { "entities[1].kind: unknown kind \"organisation\\u007F\", entity skipped",
                  "entities[2].name: expected a text in at least one language",
                  "entities[3].members[0].country: expected a country code such as \"FR\" or \"EU\", got \"\\u0002\"" } },
  /* json-glib ends a string at \u0000: read as another control character,
   * it can make nothing pass for what it is not. */
  { .name = "entity/nul-escapes",
    .json = ENTITIES (GPAI ",{'id':'t\\u0000!','kind':'organisation','name':{'en':'T'}},"
                      "{'id':'u','kind':'organisation\\u0000x','name':{'en':'U'}},"
                      "{'id':'v','kind':'organisation','name':{'en':'V\\u0000W','fr':'\\u0000'}}"),
    .n_entities = 2, .n_skipped = 2,
    .warnings = { "entities[1].id: " ITEM_ID_TYPE ", got \"t\\u0001!\"",
                  "entities[2].kind: unknown kind \"organisation\\u0001x\", entity skipped" },
    .check = check_nul_escape_name },
  /* A surrogate without its other half, as a string cut in the middle
   * of an emoji holds: read as the replacement character, wherever it is,
   * where json-glib alone would refuse the whole document. */
  { .name = "entity/lone-surrogate-escapes",
    .json = FEED ("", GPAI ",{'id':'s','kind':'organisation','name':{'en':'A\\ud83d','fr':'\\udc00B\\ud83d\\ude00'},"
                  "'x-note':'caf\\ud800'},{'id':'t\\udbff','kind':'organisation','name':{'en':'T'}}", ""),
    .n_entities = 2, .n_skipped = 1,
    .warnings = { "entities[2].id: " ITEM_ID_TYPE ", got \"t\uFFFD\"" },
    .check = check_lone_surrogates },
  /* JSON wants them escaped in strings; json-glib would let most through. */
  { .name = "document/raw-control-character",
    .json = ENTITIES ("{'id':'gpai','kind':'organisation','name':{'en':'A\001B'}}"),
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON,
    .message = "entities[0].name.en: not valid JSON: a control character (U+0001) written as it is in a string" },
  { .name = "document/raw-control-character-in-name",
    .json = ENTITIES ("{'id':'gpai','kind':'organisation','name':{'e\037n':'A'}}"),
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON,
    .message = "entities[0].name: not valid JSON: a control character (U+001F) written as it is in a string" },
  { .name = "document/raw-tab",
    .json = ENTITIES ("{'id':'gpai','kind':'organisation','name':{'en':'A\tB'}}"),
    .refused = TRUE, .code = ACCORD_FEED_ERROR_NOT_JSON,
    .message = "entities[0].name.en: not valid JSON: a control character (U+0009) written as it is in a string" },
  { .name = "entity/blank-texts",
    .json = ENTITIES (GPAI ",{'id':'b','kind':'organisation','name':{'en':'\\n','fr':'Nom'},"
                      "'acronym':{'en':' \\t ','fr':'\u00a0\u200b'},'summary':{'en':'\\n\\n','fr':'R\u00e9sum\u00e9'}},"
                      "{'id':'c','kind':'organisation','name':{'en':'\u3000','fr':'\\r\\n'}}"),
    .n_entities = 2, .n_skipped = 1,
    .warnings = { "entities[2].name: expected a text in at least one language" },
    .check = check_blank_texts },
  { .name = "article/single-line-breaks",
    .json = ARTICLES ("{'id':'a1','date':'2026-11-01','title':{'en':'X\\r\\nY','fr':'A\u2028B\u2029C\\u0085D'},"
                      "'source':'\\r\\n','summary':{'en':'One\\r\\nTwo\\u0085Three\\u0090','fr':'Ligne\u2028suite'},"
                      "'entities':['gpai']}"),
    .n_categories = 1, .n_entities = 1, .n_articles = 1,
    .check = check_single_line_breaks },
  { .name = "article/nul-escapes",
    .json = ARTICLES ("{'id':'a1','date':'2026-11-01\\u0000x','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a2','date':'2026-11-01','title':{'en':'T'},'entities':['gpai\\u0000x'],"
                      "'category':'event\\u0000x'},"
                      "{'id':'a3\\u0000x','date':'2026-11-01','title':{'en':'T'},'entities':['gpai']}"),
    .n_categories = 1, .n_entities = 1, .n_articles = 1, .n_skipped = 2,
    .warnings = { "articles[0].date: expected YYYY-MM-DD, got \"2026-11-01\\u0001x\"",
                  "articles[1].category: unknown category \"event\\u0001x\", shown without one",
                  "articles[1].entities[0]: no entity has the id \"gpai\\u0001x\"; dropped",
                  "articles[2].id: " ARTICLE_ID_TYPE ", got \"a3\\u0001x\"" } },
  /* A message stays on one line and says exactly what the feed holds. */
  { .name = "entity/values-escaped-in-messages",
    .json = ENTITIES (GPAI ",{'id':'t','kind':'x\\nerror: forged','name':{'en':'T'}},"
                      "{'id':'u','kind':'a\\\", got \\\"b\\\\','name':{'en':'U'}},"
                      "{'id':'v','kind':'organisation','name':{'en':'V','x\\ny':1}},"
                      "{'id':'w','kind':'organisation','name':{'en':'W'},'profile':{'e n':{}}},"
                      "{'id':'x','kind':'organisation\\u202e, entity kept','name':{'en':'X'}}"),
    .n_entities = 1, .n_skipped = 5,
    .warnings = { "entities[1].kind: unknown kind \"x\\nerror: forged\", entity skipped",
                  "entities[2].kind: unknown kind \"a\\\", got \\\"b\\\\\", entity skipped",
                  "entities[3].name[\"x\\ny\"]: expected a string, got 1",
                  "entities[4].profile[\"e n\"]: expected an array of sections, got an object",
                  /* A right-to-left override would make it read otherwise. */
                  "entities[5].kind: unknown kind \"organisation\\u202E, entity kept\", entity skipped" } },
  { .name = "entity/id-of-a-skipped-entity",
    .json = ENTITIES ("{'id':'e1','kind':'organisation','name':{'en':'A'},'founded':'2025-13'},"
                      "{'id':'e1','kind':'organisation','name':{'en':'B'}}"),
    .n_entities = 1, .n_skipped = 1,
    .warnings = { "entities[0].founded: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"2025-13\"" } },
  { .name = "entity/long-values-cut-in-messages",
    .json = ENTITIES (GPAI ",{'id':'t','kind':'" "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk" "','name':{'en':'T'}},"
                      "{'id':'" "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé" "','kind':'organisation','name':{'en':'U'}}"),
    .n_entities = 1, .n_skipped = 2,
    .warnings = { "entities[1].kind: unknown kind \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…\", entity skipped",
                  "entities[2].id: " ITEM_ID_TYPE ", got \"éééééééééééééééééééééééééééééééééééééééé…\"" } },
  { .name = "entity/name",
    .json = ENTITIES ("{'id':'a','kind':'organisation'},"
                      "{'id':'b','kind':'organisation','name':null},"
                      "{'id':'c','kind':'organisation','name':['GPAI']},"
                      "{'id':'d','kind':'organisation','name':{'en':'','fr':''}},"
                      "{'id':'e','kind':'organisation','name':{'en':'GPAI','fr':null}},"
                      "{'id':'f','kind':'organisation','name':{'en':null}}"),
    /* A language left null is one not written: absent, as "" is. */
    .n_entities = 1, .n_skipped = 5,
    .warnings = { "entities[0].name: missing", "entities[1].name: missing",
                  "entities[2].name: " TEXT_TYPE ", got an array",
                  "entities[3].name: expected a text in at least one language",
                  "entities[5].name: expected a text in at least one language" },
    .check = check_null_language },
  { .name = "entity/acronym-summary-type",
    .json = ENTITIES ("{'id':'a','kind':'organisation','name':{'en':'A'},'acronym':'A'},"
                      "{'id':'b','kind':'organisation','name':{'en':'B'},'summary':42},"
                      "{'id':'c','kind':'organisation','name':{'en':'C'},'summary':{'en':['x']}}"),
    .n_skipped = 3,
    .warnings = { "entities[0].acronym: " TEXT_TYPE ", got \"A\"",
                  "entities[1].summary: " TEXT_TYPE ", got 42",
                  "entities[2].summary.en: expected a string, got an array" } },
  { .name = "entity/dates-partial",
    .json = ENTITIES ("{'id':'a','kind':'organisation','name':{'en':'A'},'founded':'2025','updated':'2025-06'},"
                      "{'id':'b','kind':'legislation','name':{'en':'B'},'founded':'2024-02-29','updated':'0001-01-01'}"),
    .n_entities = 2, .check = check_partial_dates },
  { .name = "entity/dates-malformed",
    .json = ENTITIES ("{'id':'a','kind':'organisation','name':{'en':'A'},'founded':'2025-02-30'},"
                      "{'id':'b','kind':'organisation','name':{'en':'B'},'founded':'2023-02-29'},"
                      "{'id':'c','kind':'organisation','name':{'en':'C'},'updated':'2025-13'},"
                      "{'id':'d','kind':'organisation','name':{'en':'D'},'updated':'25'},"
                      "{'id':'e','kind':'organisation','name':{'en':'E'},'founded':'2025-6'},"
                      "{'id':'f','kind':'organisation','name':{'en':'F'},'founded':'0000'},"
                      "{'id':'g','kind':'organisation','name':{'en':'G'},'founded':'2025-06-15T00:00:00Z'},"
                      "{'id':'h','kind':'organisation','name':{'en':'H'},'founded':'June 2025'},"
                      "{'id':'i','kind':'organisation','name':{'en':'I'},'founded':2025},"
                      "{'id':'j','kind':'organisation','name':{'en':'J'},'updated':'2025-04-31'},"
                      "{'id':'k','kind':'organisation','name':{'en':'K'},'updated':'2025/04/01'}"),
    .n_skipped = 11,
    .warnings = {
      "entities[0].founded: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"2025-02-30\"",
      "entities[1].founded: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"2023-02-29\"",
      "entities[2].updated: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"2025-13\"",
      "entities[3].updated: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"25\"",
      "entities[4].founded: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"2025-6\"",
      "entities[5].founded: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"0000\"",
      "entities[6].founded: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"2025-06-15T00:00:00Z\"",
      "entities[7].founded: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"June 2025\"",
      "entities[8].founded: expected a string, got 2025",
      "entities[9].updated: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"2025-04-31\"",
      "entities[10].updated: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"2025/04/01\"",
    } },
  { .name = "entity/date-control-character",
    .json = ENTITIES ("{'id':'a','kind':'organisation','name':{'en':'A'},'founded':'2025-0\\u00016'}"),
    .n_skipped = 1,
    .warnings = { "entities[0].founded: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"2025-0\\u00016\"" } },
  { .name = "entity/profile",
    .json = ENTITIES ("{'id':'a','kind':'organisation','name':{'en':'A'},'profile':[]},"
                      "{'id':'b','kind':'organisation','name':{'en':'B'},'profile':{'en':'Text'}},"
                      "{'id':'c','kind':'organisation','name':{'en':'C'},'profile':{'en':['Text']}},"
                      "{'id':'d','kind':'organisation','name':{'en':'D'},'profile':{'en':[{'body':'x'},{'heading':'H'}]}},"
                      "{'id':'e','kind':'organisation','name':{'en':'E'},'profile':{'fr':[{'body':1}]}},"
                      "{'id':'f','kind':'organisation','name':{'en':'F'},'profile':{'en':[{'heading':false,'body':'x'}]}},"
                      "{'id':'g','kind':'organisation','name':{'en':'G'},'profile':{'en':[{'body':'x'}],'fr':null}},"
                      "{'id':'h','kind':'organisation','name':{'en':'H'},'profile':{'en':[],'fr':[{'heading':'','body':''}]}}"),
    .n_entities = 1, .n_skipped = 7,
    .warnings = {
      "entities[0].profile: expected an object of sections by language, got an array",
      "entities[1].profile.en: expected an array of sections, got \"Text\"",
      "entities[2].profile.en[0]: expected a section object, got \"Text\"",
      "entities[3].profile.en[1].body: missing",
      "entities[4].profile.fr[0].body: expected a string, got 1",
      "entities[5].profile.en[0].heading: expected a string, got false",
      "entities[6].profile.fr: expected an array of sections, got null",
    } },
  { .name = "entity/members-errors",
    .json = ENTITIES ("{'id':'a','kind':'organisation','name':{'en':'A'},'members':'FR'},"
                      "{'id':'b','kind':'organisation','name':{'en':'B'},'members':[{'country':'CA'},'FR']},"
                      "{'id':'c','kind':'organisation','name':{'en':'C'},'members':[{'founding':true}]},"
                      "{'id':'d','kind':'organisation','name':{'en':'D'},'members':[{'country':33}]},"
                      "{'id':'e','kind':'organisation','name':{'en':'E'},'members':[{'country':''}]},"
                      "{'id':'f','kind':'organisation','name':{'en':'F'},'members':[{'country':'FR','founding':'yes'}]},"
                      "{'id':'g','kind':'organisation','name':{'en':'G'},'members':[{'country':'FR','founding':1}]}"),
    .n_skipped = 7,
    .warnings = {
      "entities[0].members: expected an array, got \"FR\"",
      "entities[1].members[1]: expected a member object, got \"FR\"",
      "entities[2].members[0].country: missing",
      "entities[3].members[0].country: expected a country code such as \"FR\" or \"EU\", got 33",
      "entities[4].members[0].country: expected a country code such as \"FR\" or \"EU\", got \"\"",
      "entities[5].members[0].founding: expected true or false, got \"yes\"",
      "entities[6].members[0].founding: expected true or false, got 1",
    } },
  { .name = "entity/members-kept",
    .json = ENTITIES ("{'id':'gpai','kind':'organisation','name':{'en':'GPAI'},'members':["
                      "{'country':'FR','founding':true},{'country':'XX'},{'country':'fr'},"
                      "{'country':'FR','founding':false},{'country':'EU'}]}"),
    .n_entities = 1,
    .warnings = { "entities[0].members[3].country: \"FR\" is listed twice, the first one is kept" },
    .check = check_members },
  { .name = "entity/links-errors",
    .json = ENTITIES ("{'id':'a','kind':'organisation','name':{'en':'A'},'links':{}},"
                      "{'id':'b','kind':'organisation','name':{'en':'B'},'links':['https://gpai.ai/']},"
                      "{'id':'c','kind':'organisation','name':{'en':'C'},'links':[{'url':'https://gpai.ai/'}]},"
                      "{'id':'d','kind':'organisation','name':{'en':'D'},'links':[{'label':'Site','url':'https://gpai.ai/'}]},"
                      "{'id':'e','kind':'organisation','name':{'en':'E'},'links':[{'label':{'en':1},'url':'https://gpai.ai/'}]},"
                      "{'id':'f','kind':'organisation','name':{'en':'F'},'links':[{'label':{'en':'Site'}}]},"
                      "{'id':'g','kind':'organisation','name':{'en':'G'},'links':[{'label':{'en':'Site'},'url':1}]},"
                      "{'id':'h','kind':'organisation','name':{'en':'H'},'links':[{'label':{'en':''},'url':'https://gpai.ai/'}]}"),
    .n_skipped = 8,
    .warnings = {
      "entities[0].links: expected an array, got an object",
      "entities[1].links[0]: expected a link object, got \"https://gpai.ai/\"",
      "entities[2].links[0].label: missing",
      "entities[3].links[0].label: " TEXT_TYPE ", got \"Site\"",
      "entities[4].links[0].label.en: expected a string, got 1",
      "entities[5].links[0].url: missing",
      "entities[6].links[0].url: expected a string, got 1",
      "entities[7].links[0].label: expected a text in at least one language",
    } },
  { .name = "entity/links-not-web",
    .json = ENTITIES ("{'id':'gpai','kind':'organisation','name':{'en':'GPAI'},'links':["
                      "{'label':{'en':'Site'},'url':'https://gpai.ai/'},"
                      "{'label':{'en':'FTP'},'url':'ftp://gpai.ai/'},"
                      "{'label':{'en':'JS'},'url':'javascript:alert(1)'},"
                      "{'label':{'en':'Relative'},'url':'/about'},"
                      "{'label':{'en':'No host'},'url':'https://'},"
                      "{'label':{'en':'File'},'url':'file:///etc/passwd'},"
                      "{'label':{'en':'Upper'},'url':'HTTP://EXAMPLE.ORG/'}]}"),
    .n_entities = 1,
    .warnings = {
      "entities[0].links[1].url: only http and https addresses are accepted, got \"ftp://gpai.ai/\"; link dropped",
      "entities[0].links[2].url: only http and https addresses are accepted, got \"javascript:alert(1)\"; link dropped",
      "entities[0].links[3].url: only http and https addresses are accepted, got \"/about\"; link dropped",
      "entities[0].links[4].url: not a valid web address, got \"https://\"; link dropped",
      "entities[0].links[5].url: only http and https addresses are accepted, got \"file:///etc/passwd\"; link dropped",
    },
    .check = check_links },
  { .name = "text/spaces-around-trimmed",
    .json = FEED ("",
                  "{'id':'gpai','kind':'organisation','name':{'en':'\\u00a0 Spaced name\\t','fr':'Nom\\u2003','de':' Name '},"
                  "'acronym':{'en':' SN '},'members':[{'country':' FR'},{'country':'FR '}],"
                  "'links':[{'label':{'en':' Site '},'url':'https://gpai.ai/'}],"
                  "'profile':{'en':[{'heading':' Heading ','body':'  Body '}]}},"
                  "{'id':' oecd','kind':'organisation','name':{'en':'O'}}",
                  "{'id':'a1','date':'2026-11-01','title':{'en':' Title\\n'},'source':' Source ','entities':['gpai']}"),
    .n_entities = 1, .n_articles = 1, .n_skipped = 1,
    .warnings = {
      "entities[0].members[1].country: \"FR\" is listed twice, the first one is kept",
      "entities[1].id: expected an id of lowercase letters, digits and '-' (at most 64), got \" oecd\"",
    },
    .check = check_trimmed },
  /* A link dropped for its address: nothing said of its label. */
  { .name = "entity/link-dropped-label-unsaid",
    .json = ENTITIES ("{'id':'gpai','kind':'organisation','name':{'en':'GPAI'},'links':["
                      "{'label':{'de':'Seite'},'url':'ftp://gpai.ai/'},"
                      "{'label':{'de':'Seite'},'url':'https://gpai.ai/'}]}"),
    .n_entities = 1,
    .warnings = {
      "entities[0].links[0].url: only http and https addresses are accepted, got \"ftp://gpai.ai/\"; link dropped",
      "entities[0].links[1].label: no text in English or French, the languages Accord shows",
    } },
  { .name = "entity/links-all-dropped",
    .json = ENTITIES ("{'id':'gpai','kind':'organisation','name':{'en':'GPAI'},'links':["
                      "{'label':{'en':'Mail'},'url':'mailto:a@b.c'}]}"),
    .n_entities = 1,
    .warnings = { "entities[0].links[0].url: only http and https addresses are accepted, got \"mailto:a@b.c\"; link dropped" },
    .check = check_no_links },
  { .name = "entity/first-error-only",
    .json = ENTITIES ("{'id':'gpai','kind':'treaty','name':3,'founded':'x','members':'FR'}"),
    .n_skipped = 1, .warnings = { "entities[0].kind: unknown kind \"treaty\", entity skipped" } },

  /* --- Articles -------------------------------------------------------- */
  { .name = "article/not-object", .json = ARTICLES ("'a1'"), .n_categories = 1, .n_entities = 1,
    .n_skipped = 1, .warnings = { "articles[0]: expected an object, got \"a1\"" } },
  { .name = "article/id",
    .json = ARTICLES ("{'date':'2026-11-01','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':7,'date':'2026-11-01','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'.a','date':'2026-11-01','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a/b','date':'2026-11-01','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a b','date':'2026-11-01','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'" AID129 "','date':'2026-11-01','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'" AID128 "','date':'2026-11-01','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'9','date':'2026-11-01','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a\\u007fb','date':'2026-11-01','title':{'en':'T'},'entities':['gpai']}"),
    .n_categories = 1, .n_entities = 1, .n_articles = 2, .n_skipped = 7,
    .warnings = {
      "articles[0].id: missing",
      "articles[1].id: expected a string, got 7",
      "articles[2].id: " ARTICLE_ID_TYPE ", got \".a\"",
      "articles[3].id: " ARTICLE_ID_TYPE ", got \"a/b\"",
      "articles[4].id: " ARTICLE_ID_TYPE ", got \"a b\"",
      "articles[5].id: " ARTICLE_ID_TYPE ", got " AID_SHOWN,
      "articles[8].id: " ARTICLE_ID_TYPE ", got \"a\\u007Fb\"",
    } },
  { .name = "id-limits",
    .json = FEED ("{'id':'" ID64 "','name':{'en':'E'}}",
                  "{'id':'0-a-','kind':'organisation','name':{'en':'A'}},"
                  "{'id':'" ID64 "','kind':'organisation','name':{'en':'A'}},"
                  "{'id':'gpai','kind':'organisation','name':{'en':'GPAI'}}",
                  "{'id':'" AID128 "','date':'2026-11-01','title':{'en':'T'},'entities':['gpai']},"
                  "{'id':'9','date':'2026-11-01','title':{'en':'T'},'entities':['gpai']}"),
    .n_categories = 1, .n_entities = 3, .n_articles = 2, .check = check_id_limits },
  { .name = "article/duplicate",
    .json = ARTICLES ("{'id':'a1','date':'2026-11-01','title':{'en':'First'},'entities':['gpai']},"
                      "{'id':'a1','date':'2026-11-02','title':{'en':'Second'},'entities':['gpai']},"
                      ARTICLE ("a2")),
    .n_categories = 1, .n_entities = 1, .n_articles = 2, .n_skipped = 1,
    .warnings = { "articles[1].id: duplicate id \"a1\", the first one is kept" },
    .check = check_duplicate_article },
  { .name = "article/date",
    .json = ARTICLES ("{'id':'a0','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a1','date':'2026-11','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a2','date':'2026','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a3','date':'2025-02-30','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a4','date':'2025-00-10','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a5','date':'2026-11-01T10:00:00Z','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a6','date':20261101,'title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a7','date':'11/06','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a8','date':'2024-02-29','title':{'en':'T'},'entities':['gpai']},"
                      "{'id':'a9','date':' 2026-11-01','title':{'en':'T'},'entities':['gpai']}"),
    .n_categories = 1, .n_entities = 1, .n_articles = 1, .n_skipped = 9,
    .warnings = {
      "articles[0].date: missing",
      "articles[1].date: expected YYYY-MM-DD, got \"2026-11\"",
      "articles[2].date: expected YYYY-MM-DD, got \"2026\"",
      "articles[3].date: expected YYYY-MM-DD, got \"2025-02-30\"",
      "articles[4].date: expected YYYY-MM-DD, got \"2025-00-10\"",
      "articles[5].date: expected YYYY-MM-DD, got \"2026-11-01T10:00:00Z\"",
      "articles[6].date: expected a string, got 20261101",
      "articles[7].date: expected YYYY-MM-DD, got \"11/06\"",
      "articles[9].date: expected YYYY-MM-DD, got \" 2026-11-01\"",
    } },
  { .name = "article/title",
    .json = ARTICLES ("{'id':'a0','date':'2026-11-01','entities':['gpai']},"
                      "{'id':'a1','date':'2026-11-01','title':'Title','entities':['gpai']},"
                      "{'id':'a2','date':'2026-11-01','title':{'en':''},'entities':['gpai']},"
                      "{'id':'a3','date':'2026-11-01','title':{'en':true},'entities':['gpai']}"),
    .n_categories = 1, .n_entities = 1, .n_skipped = 4,
    .warnings = {
      "articles[0].title: missing",
      "articles[1].title: " TEXT_TYPE ", got \"Title\"",
      "articles[2].title: expected a text in at least one language",
      "articles[3].title.en: expected a string, got true",
    } },
  { .name = "article/optional-types",
    .json = ARTICLES ("{'id':'a0','date':'2026-11-01','title':{'en':'T'},'summary':'S','entities':['gpai']},"
                      "{'id':'a1','date':'2026-11-01','title':{'en':'T'},'source':{'en':'OECD'},'entities':['gpai']},"
                      "{'id':'a2','date':'2026-11-01','title':{'en':'T'},'category':3,'entities':['gpai']},"
                      "{'id':'a3','date':'2026-11-01','title':{'en':'T'},'source':false,'entities':['gpai']}"),
    .n_categories = 1, .n_entities = 1, .n_skipped = 4,
    .warnings = {
      "articles[0].summary: " TEXT_TYPE ", got \"S\"",
      "articles[1].source: expected a string, got an object",
      "articles[2].category: expected a string, got 3",
      "articles[3].source: expected a string, got false",
    } },
  /* The spec drops a url that is anything but an http(s) address. */
  { .name = "article/url-of-another-type",
    .json = ARTICLES ("{'id':'a0','date':'2026-11-01','title':{'en':'T'},'url':['https://a.b/'],'entities':['gpai']},"
                      "{'id':'a1','date':'2026-11-01','title':{'en':'T'},'url':5,'entities':['gpai']},"
                      "{'id':'a2','date':'2026-11-01','title':{'en':'T'},'url':{'en':'https://a.b/'},'entities':['gpai']}"),
    .n_categories = 1, .n_entities = 1, .n_articles = 3,
    .warnings = {
      "articles[0].url: expected a string, got an array; dropped",
      "articles[1].url: expected a string, got 5; dropped",
      "articles[2].url: expected a string, got an object; dropped",
    },
    .check = check_url_dropped },
  { .name = "article/category-with-control-character",
    .json = ARTICLES ("{'id':'a1','date':'2026-11-01','title':{'en':'Title'},'category':'ev\\u0001ent','entities':['gpai']}"),
    .n_categories = 1, .n_entities = 1, .n_articles = 1,
    .warnings = { "articles[0].category: unknown category \"ev\\u0001ent\", shown without one" },
    .check = check_unknown_category },
  { .name = "article/repeated-entities",
    .json = FEED (EVENT, GPAI "," OECD,
                  "{'id':'a1','date':'2026-11-01','title':{'en':'T'},'entities':["
                  "'gpai','oecd','gpai','oecd','gpai','oecd','gpai','oecd','gpai','oecd',"
                  "'gpai','oecd','gpai','oecd','gpai','oecd','gpai','oecd','gpai','oecd']},"
                  "{'id':'a2','date':'2026-11-01','title':{'en':'T'},'entities':['gpai','gpai','oecd']}"),
    .n_categories = 1, .n_entities = 2, .n_articles = 2, .check = check_repeated_entities },
  { .name = "article/unknown-category",
    .json = ARTICLES ("{'id':'a1','date':'2026-11-01','title':{'en':'Title'},'category':'gossip','entities':['gpai']}"),
    .n_categories = 1, .n_entities = 1, .n_articles = 1,
    .warnings = { "articles[0].category: unknown category \"gossip\", shown without one" },
    .check = check_unknown_category },
  { .name = "article/url-with-space-or-control-character",
    .json = ARTICLES ("{'id':'a1','date':'2026-11-01','title':{'en':'T'},'url':'https://exa mple.org/','entities':['gpai']},"
                      "{'id':'a2','date':'2026-11-01','title':{'en':'T'},'url':'https://example.org/a\\nb','entities':['gpai']},"
                      "{'id':'a3','date':'2026-11-01','title':{'en':'T'},'url':'https://example.org/a%20b','entities':['gpai']},"
                      "{'id':'a4','date':'2026-11-01','title':{'en':'T'},'url':'ht\\u0001tps://example.org/','entities':['gpai']},"
                      "{'id':'a5','date':'2026-11-01','title':{'en':'T'},'url':'https://example.org/\\u0000','entities':['gpai']},"
                      "{'id':'a6','date':'2026-11-01','title':{'en':'T'},'url':'https://example.org/a\\u0085b','entities':['gpai']},"
                      "{'id':'a7','date':'2026-11-01','title':{'en':'T'},'url':'https://example.org/%zz','entities':['gpai']},"
                      "{'id':'a8','date':'2026-11-01','title':{'en':'T'},'url':'https://example.org/\u00A0','entities':['gpai']},"
                      "{'id':'a9','date':'2026-11-01','title':{'en':'T'},'url':'https://example.org/\u3000x','entities':['gpai']}"),
    .n_categories = 1, .n_entities = 1, .n_articles = 9,
    .warnings = {
      "articles[0].url: not a valid web address, got \"https://exa mple.org/\"; dropped",
      "articles[1].url: not a valid web address, got \"https://example.org/a\\nb\"; dropped",
      "articles[3].url: not a valid web address, got \"ht\\u0001tps://example.org/\"; dropped",
      "articles[4].url: not a valid web address, got \"https://example.org/\\u0001\"; dropped",
      "articles[5].url: not a valid web address, got \"https://example.org/a\\u0085b\"; dropped",
      "articles[6].url: not a valid web address, got \"https://example.org/%zz\"; dropped",
      /* Spaces that show as one, or as nothing, are told apart. */
      "articles[7].url: not a valid web address, got \"https://example.org/\\u00A0\"; dropped",
      "articles[8].url: not a valid web address, got \"https://example.org/\\u3000x\"; dropped",
    } },
  /* A reference to an item skipped says so, not that there is none. */
  { .name = "article/refers-to-skipped",
    .json = FEED (EVENT ",{'id':'gone','name':{}}",
                  GPAI ",{'id':'treaty-x','kind':'treaty','name':{'en':'T'}}",
                  "{'id':'a1','date':'2026-11-01','title':{'en':'T'},'category':'gone',"
                  "'entities':['gpai','treaty-x','nowhere']}"),
    .n_categories = 1, .n_entities = 1, .n_articles = 1, .n_skipped = 2,
    .warnings = {
      "categories[1].name: expected a text in at least one language",
      "entities[1].kind: unknown kind \"treaty\", entity skipped",
      "articles[0].category: the category \"gone\" was skipped, shown without one",
      "articles[0].entities[1]: the entity \"treaty-x\" was skipped; dropped",
      "articles[0].entities[2]: no entity has the id \"nowhere\"; dropped",
    } },
  /* A malformed id is skipped as written: no item "evx" was skipped. */
  { .name = "article/refers-to-malformed-id",
    .json = FEED (EVENT ",{'id':'ev\\u0001x','name':{'en':'X'}}",
                  GPAI ",{'id':'t\\u0001x','kind':'organisation','name':{'en':'T'}}",
                  "{'id':'a1','date':'2026-11-01','title':{'en':'T'},'category':'evx','entities':['gpai','tx']},"
                  "{'id':'a2','date':'2026-11-01','title':{'en':'T'},'category':'ev\\u0001x','entities':['gpai','t\\u0001x']}"),
    .n_categories = 1, .n_entities = 1, .n_articles = 2, .n_skipped = 2,
    .warnings = {
      "categories[1].id: " ITEM_ID_TYPE ", got \"ev\\u0001x\"",
      "entities[1].id: " ITEM_ID_TYPE ", got \"t\\u0001x\"",
      "articles[0].category: unknown category \"evx\", shown without one",
      "articles[0].entities[1]: no entity has the id \"tx\"; dropped",
      "articles[1].category: the category \"ev\\u0001x\" was skipped, shown without one",
      "articles[1].entities[1]: the entity \"t\\u0001x\" was skipped; dropped",
    } },
  /* Addresses that lead elsewhere than they seem to. */
  { .name = "article/url-user-info-or-backslash",
    .json = FEED (EVENT, "{'id':'gpai','kind':'organisation','name':{'en':'GPAI'},"
                  "'links':[{'label':{'en':'Site'},'url':'https://www.gouv.fr@example.com/'}]}",
                  "{'id':'a1','date':'2026-11-01','title':{'en':'T'},'url':'https://www.gouv.fr@example.com/','entities':['gpai']},"
                  "{'id':'a2','date':'2026-11-01','title':{'en':'T'},'url':'https://a.example\\\\example.com/','entities':['gpai']},"
                  "{'id':'a3','date':'2026-11-01','title':{'en':'T'},'url':'https://user:secret@example.org/','entities':['gpai']},"
                  "{'id':'a4','date':'2026-11-01','title':{'en':'T'},'url':'https://example.org/a@b','entities':['gpai']}"),
    .n_categories = 1, .n_entities = 1, .n_articles = 4,
    .warnings = {
      "entities[0].links[0].url: addresses with a user name or a password are not accepted, got \"https://www.gouv.fr@example.com/\"; link dropped",
      "articles[0].url: addresses with a user name or a password are not accepted, got \"https://www.gouv.fr@example.com/\"; dropped",
      "articles[1].url: not a valid web address, got \"https://a.example\\\\example.com/\"; dropped",
      "articles[2].url: addresses with a user name or a password are not accepted, got \"https://user:secret@example.org/\"; dropped",
    } },
  { .name = "article/url-not-web",
    .json = ARTICLES ("{'id':'a1','date':'2026-11-01','title':{'en':'T'},'url':'ftp://x.org/a','entities':['gpai']},"
                      "{'id':'a2','date':'2026-11-01','title':{'en':'T'},'url':'javascript:alert(1)','entities':['gpai']},"
                      "{'id':'a3','date':'2026-11-01','title':{'en':'T'},'url':'www.example.org','entities':['gpai']},"
                      "{'id':'a4','date':'2026-11-01','title':{'en':'T'},'url':'','entities':['gpai']}"),
    .n_categories = 1, .n_entities = 1, .n_articles = 4,
    .warnings = {
      "articles[0].url: only http and https addresses are accepted, got \"ftp://x.org/a\"; dropped",
      "articles[1].url: only http and https addresses are accepted, got \"javascript:alert(1)\"; dropped",
      "articles[2].url: only http and https addresses are accepted, got \"www.example.org\"; dropped",
      "articles[3].url: only http and https addresses are accepted, got \"\"; dropped",
    },
    .check = check_url_dropped },
  { .name = "article/entities-errors",
    .json = ARTICLES ("{'id':'a0','date':'2026-11-01','title':{'en':'T'}},"
                      "{'id':'a1','date':'2026-11-01','title':{'en':'T'},'entities':null},"
                      "{'id':'a2','date':'2026-11-01','title':{'en':'T'},'entities':'gpai'},"
                      "{'id':'a3','date':'2026-11-01','title':{'en':'T'},'entities':['gpai',7]}"),
    .n_categories = 1, .n_entities = 1, .n_skipped = 4,
    .warnings = {
      "articles[0].entities: missing",
      "articles[1].entities: missing",
      "articles[2].entities: expected an array of entity ids, got \"gpai\"",
      "articles[3].entities[1]: expected an entity id, got 7",
    } },
  { .name = "article/unknown-entities",
    .json = FEED ("", GPAI ",{'id':'t','kind':'treaty','name':{'en':'T'}}",
                  "{'id':'a1','date':'2026-11-01','title':{'en':'T'},'entities':['nope','gpai','gpai','GPAI']},"
                  "{'id':'a2','date':'2026-11-01','title':{'en':'T'},'entities':['t']},"
                  "{'id':'a3','date':'2026-11-01','title':{'en':'T'},'entities':[]}"),
    .n_entities = 1, .n_articles = 3, .n_skipped = 1,
    .warnings = {
      "entities[1].kind: unknown kind \"treaty\", entity skipped",
      "articles[0].entities[0]: no entity has the id \"nope\"; dropped",
      "articles[0].entities[3]: no entity has the id \"GPAI\"; dropped",
      "articles[1].entities[0]: the entity \"t\" was skipped; dropped",
    },
    .check = check_unknown_entities },

  /* --- Across item kinds ----------------------------------------------- */
  { .name = "null-is-absent",
    .json = FEED (EVENT,
                  "{'id':'gpai','kind':'organisation','name':{'en':'GPAI'},'acronym':null,'summary':null,"
                  "'profile':null,'members':null,'links':null,'founded':null,'updated':null},"
                  "{'id':'oecd','kind':'organisation','name':{'en':'OECD'},"
                  "'profile':{'en':[{'heading':null,'body':'Body'}]},'members':[{'country':'FR','founding':null}]}",
                  "{'id':'a1','date':'2026-11-01','title':{'en':'T'},'summary':null,'category':null,"
                  "'source':null,'url':null,'entities':['gpai']}"),
    .n_categories = 1, .n_entities = 2, .n_articles = 1, .check = check_nulls },
  { .name = "text/other-languages",
    .json = ENTITIES ("{'id':'gpai','kind':'organisation','name':{'en':'GPAI','fr':'PMIA','de':'GPKI','es':'AMIA'}},"
                      "{'id':'de-only','kind':'organisation','name':{'de':'Nur Deutsch'}},"
                      "{'id':'upper','kind':'organisation','name':{'EN':'Upper case'},'summary':{'de':'Nur'}}"),
    /* Kept, and told: a name shown as an id is likely a mistake. */
    .n_entities = 3,
    .warnings = { "entities[1].name: no text in English or French, the languages Accord shows",
                  "entities[2].name: no text in English or French, the languages Accord shows" },
    .check = check_other_languages },
  /* Skipped: only why, not how its name would have shown. */
  { .name = "text/other-languages-skipped",
    .json = ENTITIES ("{'id':'gpai','kind':'organisation','name':{'en':'GPAI'}},"
                      "{'id':'de-only','kind':'organisation','name':{'de':'Nur Deutsch'},'founded':'x'}"),
    .n_entities = 1, .n_skipped = 1,
    .warnings = { "entities[1].founded: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"x\"" } },
  { .name = "text/fallback",
    .json = ENTITIES ("{'id':'fr-only','kind':'organisation','name':{'fr':'Seulement'}},"
                      "{'id':'empty-en','kind':'organisation','name':{'en':'','fr':'Vide'}},"
                      "{'id':'en-only','kind':'organisation','name':{'en':'Only'}}"),
    .n_entities = 3, .check = check_fallback },
  { .name = "text/empty-optional",
    .json = FEED ("", "{'id':'gpai','kind':'organisation','name':{'en':'GPAI'},'acronym':{'en':'','fr':''},'summary':{}}",
                  "{'id':'a1','date':'2026-11-01','title':{'en':'T'},'summary':{'fr':''},'entities':['gpai']}"),
    .n_entities = 1, .n_articles = 1, .check = check_empty_optional_text,
    /* No key at all: the spec wants one, so the publisher hears of it. */
    .warnings = { "entities[0].summary: expected a text in at least one language, got {}; ignored" } },
  { .name = "text/plain",
    .json = FEED ("",
                  "{'id':'gpai','kind':'organisation',"
                  "'name':{'en':'G\\u0001P\\u007fA\\u001bI','fr':'Ligne un\\nLigne deux\\ttab'},"
                  "'acronym':{'en':'G\\rP'},"
                  "'summary':{'en':'P1\\n\\nP2\\r\\nP3\\rP4\\tend\\u0007'},"
                  "'profile':{'en':[{'heading':'Head\\nline','body':'B1\\n\\nB2\\n\\tB3\\u0002'},"
                  "                 {'heading':' \\t','body':'x'},{'heading':'\\u200b\\u0007','body':'y'}]},"
                  "'members':[{'country':'F\\u0001R'}],"
                  "'links':[{'label':{'en':'Web\\nsite'},'url':'https://gpai.ai/'}]}",
                  "{'id':'a1','date':'2026-11-01',"
                  "'title':{'en':'Title\\non one line','fr':'<b>Gras</b> &amp; <i>'},"
                  "'source':'Source\\nname',"
                  "'summary':{'en':'S1\\n\\nS2','fr':'<a href=\\\"x\\\">lien</a> *md* **md**'},"
                  "'entities':['gpai']}"),
    .n_entities = 1, .n_articles = 1, .check = check_plain_text },
  { .name = "order-irrelevant",
    .json = "{'articles':[{'entities':['gpai'],'title':{'en':'T'},'date':'2026-11-01','id':'a1'}],"
            "'entities':[{'name':{'en':'GPAI'},'kind':'organisation','id':'gpai'}],"
            "'categories':[{'name':{'en':'Event'},'id':'event'}],"
            "'generated':'2026-11-20T08:00:00Z','version':1,'format':'accord-feed'}",
    .n_categories = 1, .n_entities = 1, .n_articles = 1 },
  { .name = "duplicate-key",
    .json = ENTITIES ("{'id':'gpai','kind':'organisation','name':{'en':'First'},'name':{'en':'Last'}}"),
    .n_entities = 1, .check = check_duplicate_key },
  { .name = "unknown-fields",
    .json = "{'format':'accord-feed','version':1,'generated':'2026-11-20T08:00:00Z','x':{'y':[1,2]},"
            "'categories':[{'id':'event','name':{'en':'Event'},'icon':'e.svg'}],"
            "'entities':[{'id':'gpai','kind':'organisation','name':{'en':'GPAI'},'logo':null,"
            "'profile':{'en':[{'body':'B','image':'i.png'}]},'members':[{'country':'FR','since':2020}],"
            "'links':[{'label':{'en':'L'},'url':'https://gpai.ai/','type':'home'}]}],"
            "'articles':[{'id':'a1','date':'2026-11-01','title':{'en':'T'},'entities':['gpai'],'lang':'en'}]}",
    .n_categories = 1, .n_entities = 1, .n_articles = 1 },
};

static void
test_case (gconstpointer data)
{
  const FeedCase *c = data;
  g_autoptr(GBytes) bytes = c->file ? load_feed_file (c->file) : inline_feed (c->json);
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordFeed) feed = accord_feed_parse (bytes, NULL, &error);
  GPtrArray *warnings;
  guint n_expected = 0;

  if (c->refused)
    {
      g_assert_null (feed);
      g_assert_error (error, ACCORD_FEED_ERROR, c->code);
      if (c->prefix)
        g_assert_true (g_str_has_prefix (error->message, c->message));
      else
        g_assert_cmpstr (error->message, ==, c->message);
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (feed);
  log_warnings (feed);

  g_assert_cmpuint (accord_feed_get_n_categories (feed), ==, c->n_categories);
  g_assert_cmpuint (accord_feed_get_n_entities (feed), ==, c->n_entities);
  g_assert_cmpuint (accord_feed_get_n_articles (feed), ==, c->n_articles);
  g_assert_cmpuint (accord_feed_get_n_skipped (feed), ==, c->n_skipped);

  warnings = accord_feed_get_warnings (feed);
  while (n_expected < MAX_WARNINGS && c->warnings[n_expected] != NULL)
    n_expected++;
  for (guint i = 0; i < MIN (n_expected, warnings->len); i++)
    g_assert_cmpstr (g_ptr_array_index (warnings, i), ==, c->warnings[i]);
  g_assert_cmpuint (warnings->len, ==, n_expected);

  assert_feed_invariants (feed);
  if (c->check != NULL)
    c->check (feed);
}

/* ---------------------------------------------------------------------- */
/* Limits                                                                  */

static GBytes *
feed_with_extra (const char *extra)
{
  g_autoptr(GString) doc = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, "
                                         "\"generated\": \"2026-11-20T08:00:00Z\", \"entities\": [], ");

  g_string_append (doc, extra);
  g_string_append_c (doc, '}');
  return g_string_free_to_bytes (g_steal_pointer (&doc));
}

static GBytes *
feed_with_repeated_string (const char *unit,
                           guint       n)
{
  g_autoptr(GString) extra = g_string_new ("\"x\": \"");

  for (guint i = 0; i < n; i++)
    g_string_append (extra, unit);
  g_string_append_c (extra, '"');
  return feed_with_extra (extra->str);
}

static void
assert_parses (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordFeed) feed = accord_feed_parse (bytes, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (feed);
}

static void
assert_refused (GBytes     *bytes,
                int         code,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordFeed) feed = accord_feed_parse (bytes, NULL, &error);

  g_assert_null (feed);
  g_assert_error (error, ACCORD_FEED_ERROR, code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_limit_size (void)
{
  const char *head = "{\"format\": \"accord-feed\", \"version\": 1, \"entities\": []}";
  gsize len = ACCORD_FEED_MAX_BYTES + 1;
  char *data = g_malloc (len);
  g_autoptr(GBytes) bytes = NULL;

  /* A valid document padded with blanks to one byte over the limit. */
  memset (data, ' ', len);
  memcpy (data, head, strlen (head));
  bytes = g_bytes_new_take (data, len);
  assert_refused (bytes, ACCORD_FEED_ERROR_TOO_LARGE, "$: the document is larger than 64 MiB");

  /* A newer version may be larger: the user is told to update. */
  memcpy (data + strlen ("{\"format\": \"accord-feed\", \"version\": "), "2", 1);
  assert_refused (bytes, ACCORD_FEED_ERROR_NEWER_VERSION,
                  "version: this feed needs a newer Accord (format version 2)");
}

/* The limit is the JSON's: a byte order mark before it does not count. */
static void
test_limit_size_with_byte_order_mark (void)
{
  const char *head = "\xEF\xBB\xBF{\"format\": \"accord-feed\", \"version\": 1, \"entities\": []}";
  gsize len = ACCORD_FEED_MAX_BYTES + 3;
  char *data = g_malloc (len);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AccordFeed) feed = NULL;
  g_autoptr(GError) error = NULL;

  memset (data, ' ', len);
  memcpy (data, head, strlen (head));
  bytes = g_bytes_new_take (data, len);
  feed = accord_feed_parse (bytes, NULL, &error);
  g_assert_no_error (error);
}

static void
test_two_byte_order_marks (void)
{
  static const char doc[] = "\xEF\xBB\xBF\xEF\xBB\xBF{\"format\": \"accord-feed\", \"version\": 1, \"entities\": []}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (doc, sizeof doc - 1);

  assert_refused (bytes, ACCORD_FEED_ERROR_NOT_JSON, "$: not valid JSON: it starts with two byte order marks");
}

/* @doc placed at the very end of a page followed by one that cannot be
 * read: a scan past its last byte crashes rather than going unseen. */
static GBytes *
bytes_before_guard_page (const char  *doc,
                         void       **mapping,
                         gsize       *mapping_len)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize len = strlen (doc);
  char *pages;

  g_assert_cmpuint (len, <=, page);
  pages = mmap (NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true (pages != MAP_FAILED);
  g_assert_cmpint (mprotect (pages + page, page, PROT_NONE), ==, 0);
  memcpy (pages + page - len, doc, len);
  *mapping = pages;
  *mapping_len = 2 * page;
  return g_bytes_new_static (pages + page - len, len);
}

/* A document cut short after its version, beyond a limit: what is read
 * of the version stops where the document does. */
static void
test_limit_newer_version_at_end (void)
{
  g_autoptr(GString) doc = g_string_new ("{\"format\": \"accord-feed\", \"x\": ");
  const char *endings[] = { "\"version\": 2", "\"version\":" };

  for (guint i = 0; i <= ACCORD_FEED_MAX_DEPTH; i++)
    g_string_append_c (doc, '[');
  for (guint i = 0; i <= ACCORD_FEED_MAX_DEPTH; i++)
    g_string_append_c (doc, ']');
  g_string_append (doc, ", ");

  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    {
      g_autofree char *text = g_strconcat (doc->str, endings[i], NULL);
      void *mapping;
      gsize mapping_len;
      GBytes *bytes = bytes_before_guard_page (text, &mapping, &mapping_len);

      if (i == 0)
        assert_refused (bytes, ACCORD_FEED_ERROR_NEWER_VERSION,
                        "version: this feed needs a newer Accord (format version 2)");
      else
        assert_refused (bytes, ACCORD_FEED_ERROR_TOO_DEEP, NULL);
      g_bytes_unref (bytes);
      munmap (mapping, mapping_len);
    }
}

/* A feed of a newer version, beyond this version's limits: the user is
 * told to update Accord, wherever the version is written. */
static void
test_limit_newer_version (void)
{
  const char *newer = "version: this feed needs a newer Accord (format version 2)";
  g_autoptr(GString) long_string = g_string_new (NULL);
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) wide = g_string_new ("{");
  const char *extras[3];

  g_string_append_printf (long_string, "\"summary\": {\"en\": \"%0*d\"}", ACCORD_FEED_MAX_STRING_BYTES + 1, 0);
  for (guint i = 0; i < ACCORD_FEED_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < ACCORD_FEED_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  g_string_prepend (deep, "\"x\": ");
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (wide, "%s\"m%u\": 0", i ? ", " : "", i);
  g_string_append_c (wide, '}');
  g_string_prepend (wide, "\"future\": ");
  extras[0] = long_string->str;
  extras[1] = deep->str;
  extras[2] = wide->str;

  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      g_autofree char *before = g_strdup_printf ("{\"format\": \"accord-feed\", \"version\": 2, \"entities\": [], %s}",
                                                 extras[i]);
      g_autofree char *after = g_strdup_printf ("{\"format\": \"accord-feed\", \"entities\": [], %s, \"version\": 2}",
                                                extras[i]);
      g_autofree char *other = g_strdup_printf ("{\"format\": \"other\", \"version\": 2, \"entities\": [], %s}",
                                                extras[i]);
      g_autofree char *current = g_strdup_printf ("{\"format\": \"accord-feed\", \"version\": 1, \"entities\": [], %s}",
                                                  extras[i]);
      g_autoptr(GBytes) before_bytes = g_bytes_new (before, strlen (before));
      g_autoptr(GBytes) after_bytes = g_bytes_new (after, strlen (after));
      g_autoptr(GBytes) other_bytes = g_bytes_new (other, strlen (other));
      g_autoptr(GBytes) current_bytes = g_bytes_new (current, strlen (current));
      g_autoptr(GError) error = NULL;
      g_autoptr(AccordFeed) feed = NULL;

      assert_refused (before_bytes, ACCORD_FEED_ERROR_NEWER_VERSION, newer);
      assert_refused (after_bytes, ACCORD_FEED_ERROR_NEWER_VERSION, newer);

      /* Not an Accord feed, or one of this version: the limit is told. */
      feed = accord_feed_parse (other_bytes, NULL, &error);
      g_assert_null (feed);
      g_assert_false (g_error_matches (error, ACCORD_FEED_ERROR, ACCORD_FEED_ERROR_NEWER_VERSION));
      g_clear_error (&error);
      feed = accord_feed_parse (current_bytes, NULL, &error);
      g_assert_null (feed);
      g_assert_false (g_error_matches (error, ACCORD_FEED_ERROR, ACCORD_FEED_ERROR_NEWER_VERSION));
    }
}

static void
test_limit_depth (void)
{
  g_autoptr(GString) ok = g_string_new ("\"x\": ");
  g_autoptr(GString) deep = g_string_new ("\"x\": ");
  g_autoptr(GString) deep_path = g_string_new (NULL);
  g_autoptr(GBytes) ok_bytes = NULL;
  g_autoptr(GBytes) deep_bytes = NULL;

  /* The top-level object is the first level: 31 more are allowed,
   * objects and arrays alike. */
  for (guint i = 0; i < ACCORD_FEED_MAX_DEPTH - 1; i++)
    g_string_append (ok, i % 2 ? "[" : "{\"k\": ");
  g_string_append_c (ok, '0');
  for (guint i = ACCORD_FEED_MAX_DEPTH - 1; i > 0; i--)
    g_string_append_c (ok, (i - 1) % 2 ? ']' : '}');
  ok_bytes = feed_with_extra (ok->str);
  assert_parses (ok_bytes);

  /* Told where: at the first array too deep, in "x". */
  g_string_append (deep_path, "x");
  for (guint i = 0; i < ACCORD_FEED_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < ACCORD_FEED_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  for (guint i = 0; i < ACCORD_FEED_MAX_DEPTH - 1; i++)
    g_string_append (deep_path, "[0]");
  g_string_append (deep_path, ": nested deeper than 32 levels");
  deep_bytes = feed_with_extra (deep->str);
  assert_refused (deep_bytes, ACCORD_FEED_ERROR_TOO_DEEP, deep_path->str);

  /* Objects opened where member names should be: not JSON, told before
   * the depth. */
  {
    g_autoptr(GString) broken = g_string_new ("{\"x\": ");
    g_autoptr(GBytes) broken_bytes = NULL;

    for (guint i = 0; i < ACCORD_FEED_MAX_DEPTH; i++)
      g_string_append_c (broken, '{');
    for (guint i = 0; i <= ACCORD_FEED_MAX_DEPTH; i++)
      g_string_append_c (broken, '}');
    broken_bytes = g_bytes_new (broken->str, broken->len);
    assert_refused (broken_bytes, ACCORD_FEED_ERROR_NOT_JSON,
                    "x: not valid JSON at line 1, column 8: expected a member name in double quotes or “}”, found “{”");
  }
}

/* Within the size limit, millions of empty objects would take json-glib
 * gigabytes: refused before it reads them. Fewer are read. */
static void
test_limit_values (void)
{
  g_autoptr(GString) many = g_string_new ("\"x\": [{}");
  g_autoptr(GString) fewer = g_string_new ("\"x\": [{}");
  g_autoptr(GBytes) many_bytes = NULL;
  g_autoptr(GBytes) fewer_bytes = NULL;

  for (guint i = 1; i < 100000; i++)
    g_string_append (fewer, ",{}");
  g_string_append_c (fewer, ']');
  fewer_bytes = feed_with_extra (fewer->str);
  assert_parses (fewer_bytes);

  for (guint i = 1; i < 7000000; i++)
    g_string_append (many, ",{}");
  g_string_append_c (many, ']');
  many_bytes = feed_with_extra (many->str);
  g_assert_cmpuint (g_bytes_get_size (many_bytes), <, ACCORD_FEED_MAX_BYTES);
  assert_refused (many_bytes, ACCORD_FEED_ERROR_TOO_LARGE, "$: the document holds too many values to read it safely");
}

/* json-glib walks an object's members to find a repeated name, and its
 * hash of names is easy to make collide: one object of hundreds of
 * thousands of members would take hours. Ten thousand members are read,
 * repeats included, the last value winning; more are refused. */
static void
test_limit_object_members (void)
{
  g_autoptr(GString) allowed = g_string_new ("\"x\": {");
  g_autoptr(GString) too_many = g_string_new ("\"x\": {");
  g_autoptr(GBytes) allowed_bytes = NULL;
  g_autoptr(GBytes) too_many_bytes = NULL;

  for (guint i = 0; i < 9900; i++)
    g_string_append_printf (allowed, "%s\"k%u\": 0", i ? "," : "", i);
  for (guint i = 0; i < 100; i++)
    g_string_append (allowed, ",\"k9899\": 1");
  g_string_append_c (allowed, '}');
  allowed_bytes = feed_with_extra (allowed->str);
  assert_parses (allowed_bytes);

  for (guint i = 0; i < 12000; i++)
    g_string_append_printf (too_many, "%s\"k%u\": 0", i ? "," : "", i);
  g_string_append_c (too_many, '}');
  too_many_bytes = feed_with_extra (too_many->str);
  assert_refused (too_many_bytes, ACCORD_FEED_ERROR_TOO_LARGE, "x: an object has too many members to read it safely");
}

/* Objects of @n_members members, @n_objects of them, in one array. */
static GBytes *
feed_with_objects (guint n_objects,
                   guint n_members)
{
  g_autoptr(GString) extra = g_string_new ("\"x\": [");

  for (guint i = 0; i < n_objects; i++)
    {
      g_string_append (extra, i ? ",{" : "{");
      for (guint m = 0; m < n_members; m++)
        g_string_append_printf (extra, "%s\"l%u\": \"\"", m ? "," : "", m);
      g_string_append_c (extra, '}');
    }
  g_string_append_c (extra, ']');
  return feed_with_extra (extra->str);
}

/* The cost of large objects adds up over the document, but thousands of
 * texts in 300 languages each are a feed to read, not an attack. */
static void
test_limit_many_large_objects (void)
{
  g_autoptr(GBytes) texts = feed_with_objects (2000, 300);
  g_autoptr(GBytes) too_many = feed_with_objects (40, 5000);

  assert_parses (texts);
  assert_refused (too_many, ACCORD_FEED_ERROR_TOO_LARGE,
                  "$: the objects have too many members in all to read them safely");
}

/* Brackets inside strings are text, not nesting. */
static void
test_limit_depth_in_strings (void)
{
  g_autoptr(GString) extra = g_string_new ("\"x\": \"");
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append (extra, "[{\\\"");
  g_string_append_c (extra, '"');
  bytes = feed_with_extra (extra->str);
  assert_parses (bytes);
}

/* json-glib accepts two extensions of JSON: single-quoted strings and
 * comments. A quote inside them is not seen by the JSON parser but is by
 * the checks of the limits, which then take the brackets after it for
 * text: such a document must be refused as not JSON, or it gets past the
 * depth and string limits. */
static void
test_limit_hidden_by_extensions (void)
{
  const struct {
    const char *open, *close;
  } hiders[] = {
    { "'\"', ", ", '\"'" },
    { "/* \" */ ", "0 /* \" */" },
  };
  g_autoptr(GString) long_string = g_string_new ("\"x\": '");

  for (guint h = 0; h < G_N_ELEMENTS (hiders); h++)
    {
      g_autoptr(GString) extra = g_string_new ("\"x\": [");
      g_autoptr(GBytes) bytes = NULL;

      g_string_append (extra, hiders[h].open);
      for (guint i = 0; i < ACCORD_FEED_MAX_DEPTH + 8; i++)
        g_string_append_c (extra, '[');
      g_string_append (extra, hiders[h].close);
      for (guint i = 0; i < ACCORD_FEED_MAX_DEPTH + 9; i++)
        g_string_append_c (extra, ']');
      bytes = feed_with_extra (extra->str);
      assert_refused (bytes, ACCORD_FEED_ERROR_NOT_JSON, NULL);
    }

  for (guint i = 0; i < 2 * ACCORD_FEED_MAX_STRING_BYTES; i++)
    g_string_append_c (long_string, 'a');
  g_string_append_c (long_string, '\'');
  {
    g_autoptr(GBytes) bytes = feed_with_extra (long_string->str);

    assert_refused (bytes, ACCORD_FEED_ERROR_NOT_JSON, NULL);
  }
}

static void
test_limit_string (void)
{
  g_autoptr(GBytes) at_limit = feed_with_repeated_string ("a", ACCORD_FEED_MAX_STRING_BYTES);
  g_autoptr(GBytes) over = feed_with_repeated_string ("a", ACCORD_FEED_MAX_STRING_BYTES + 1);
  g_autoptr(GString) key = g_string_new ("\"");
  g_autoptr(GBytes) long_key = NULL;

  assert_parses (at_limit);
  assert_refused (over, ACCORD_FEED_ERROR_STRING_TOO_LONG, "x: a string is longer than 64 KiB");

  /* Keys are strings too. */
  for (guint i = 0; i <= ACCORD_FEED_MAX_STRING_BYTES; i++)
    g_string_append_c (key, 'k');
  g_string_append (key, "\": 1");
  long_key = feed_with_extra (key->str);
  assert_refused (long_key, ACCORD_FEED_ERROR_STRING_TOO_LONG, "$: a member name is longer than 64 KiB");

  /* Told where among thousands of articles, names escaped or not. */
  {
    g_autoptr(GString) deep = g_string_new ("\"articles\": [{}, {\"id\": \"a\", \"summary\": {\"e\\u006e\": \"");
    g_autoptr(GString) quoted = g_string_new ("\"a b\": {\"c\": [1, [], {}, \"");
    g_autoptr(GBytes) deep_bytes = NULL;
    g_autoptr(GBytes) quoted_bytes = NULL;

    for (guint i = 0; i <= ACCORD_FEED_MAX_STRING_BYTES; i++)
      {
        g_string_append_c (deep, 'a');
        g_string_append_c (quoted, 'a');
      }
    g_string_append (deep, "\"}}]");
    g_string_append (quoted, "\"]}");
    deep_bytes = feed_with_extra (deep->str);
    quoted_bytes = feed_with_extra (quoted->str);
    assert_refused (deep_bytes, ACCORD_FEED_ERROR_STRING_TOO_LONG, "articles[1].summary.en: a string is longer than 64 KiB");
    assert_refused (quoted_bytes, ACCORD_FEED_ERROR_STRING_TOO_LONG, "[\"a b\"].c[3]: a string is longer than 64 KiB");
  }

  /* A \u0000 in a name reads \u0001, as in the messages about items. */
  {
    g_autoptr(GString) nul = g_string_new ("\"articles\": [{\"summary\": {\"\\u0000x\": \"");
    g_autoptr(GBytes) nul_bytes = NULL;

    for (guint i = 0; i <= ACCORD_FEED_MAX_STRING_BYTES; i++)
      g_string_append_c (nul, 'a');
    g_string_append (nul, "\"}}]");
    nul_bytes = feed_with_extra (nul->str);
    assert_refused (nul_bytes, ACCORD_FEED_ERROR_STRING_TOO_LONG,
                    "articles[0].summary[\"\\u0001x\"]: a string is longer than 64 KiB");
  }

  /* In JSON as broken as {{, what is broken is told first. */
  {
    g_autoptr(GString) broken = g_string_new ("{\"x\": {{\"");
    g_autoptr(GBytes) bytes = NULL;

    for (guint i = 0; i <= ACCORD_FEED_MAX_STRING_BYTES; i++)
      g_string_append_c (broken, 'a');
    g_string_append (broken, "\"}}}");
    bytes = g_bytes_new (broken->str, broken->len);
    assert_refused (bytes, ACCORD_FEED_ERROR_NOT_JSON,
                    "x: not valid JSON at line 1, column 8: expected a member name in double quotes or “}”, found “{”");
  }
}

/* The limit is on the string itself, however it is escaped. */
static void
test_limit_string_escapes (void)
{
  const struct {
    const char *unit;
    guint bytes;   /* in UTF-8 */
  } units[] = {
    { "\\u0041", 1 },
    { "\\n", 1 },
    { "\\\"", 1 },
    { "\\u00e9", 2 },
    { "é", 2 },
    { "\\u20ac", 3 },
    { "\\ud83d\\ude00", 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      guint n = ACCORD_FEED_MAX_STRING_BYTES / units[i].bytes;
      g_autoptr(GBytes) at_limit = feed_with_repeated_string (units[i].unit, n);
      g_autoptr(GBytes) over = feed_with_repeated_string (units[i].unit, n + 1);

      g_test_message ("%s × %u", units[i].unit, n);
      assert_parses (at_limit);
      assert_refused (over, ACCORD_FEED_ERROR_STRING_TOO_LONG, NULL);
    }
}

static void
test_limit_entities (void)
{
  g_autoptr(GString) doc = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, "
                                         "\"generated\": \"2026-11-20T08:00:00Z\", \"entities\": [0");
  g_autoptr(GBytes) at_limit = NULL;
  g_autoptr(GBytes) over = NULL;
  g_autoptr(AccordFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *warnings;

  for (guint i = 1; i < ACCORD_FEED_MAX_ENTITIES; i++)
    g_string_append (doc, ",0");
  g_string_append (doc, "]}");
  at_limit = g_bytes_new (doc->str, doc->len);

  /* At the limit: read, and every item skipped as not an object. The
   * first warnings are listed, the others counted. */
  feed = accord_feed_parse (at_limit, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accord_feed_get_n_skipped (feed), ==, ACCORD_FEED_MAX_ENTITIES);
  warnings = accord_feed_get_warnings (feed);
  g_assert_cmpuint (warnings->len, ==, ACCORD_FEED_MAX_LISTED_WARNINGS + 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, ACCORD_FEED_MAX_LISTED_WARNINGS - 1), ==,
                   "entities[9999]: expected an object, got 0");
  g_assert_cmpstr (g_ptr_array_index (warnings, ACCORD_FEED_MAX_LISTED_WARNINGS), ==,
                   "$: 90000 more warnings not listed");

  g_string_truncate (doc, doc->len - 2);
  g_string_append (doc, ",0]}");
  over = g_string_free_to_bytes (g_steal_pointer (&doc));
  assert_refused (over, ACCORD_FEED_ERROR_TOO_MANY_ITEMS, "entities: more than 100000 items");
}

/* Warnings past the listed ones cost nothing but a count, even when they
 * are not about skipped items. */
static void
test_limit_listed_warnings (gconstpointer data)
{
  guint n_past = GPOINTER_TO_UINT (data);
  g_autofree char *last = g_strdup_printf ("$: %u more %s not listed", n_past, n_past == 1 ? "warning" : "warnings");
  g_autoptr(GString) doc = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1,"
                                         " \"generated\": \"2026-11-20T08:00:00Z\","
                                         " \"entities\": [{\"id\": \"gpai\", \"kind\": \"organisation\","
                                         " \"name\": {\"en\": \"GPAI\"}}],"
                                         " \"articles\": [{\"id\": \"a\", \"date\": \"2026-11-01\","
                                         " \"title\": {\"en\": \"Title\"}, \"entities\": [\"gpai\"");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AccordFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *warnings;

  for (guint i = 0; i < ACCORD_FEED_MAX_LISTED_WARNINGS + n_past; i++)
    g_string_append_printf (doc, ", \"unknown-%u\"", i);
  g_string_append (doc, "]}]}");
  bytes = g_string_free_to_bytes (g_steal_pointer (&doc));

  feed = accord_feed_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accord_feed_get_n_articles (feed), ==, 1);
  g_assert_cmpuint (accord_feed_get_article (feed, 0)->n_entities, ==, 1);
  warnings = accord_feed_get_warnings (feed);
  g_assert_cmpuint (warnings->len, ==, ACCORD_FEED_MAX_LISTED_WARNINGS + 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "articles[0].entities[1]: no entity has the id \"unknown-0\"; dropped");
  g_assert_cmpstr (g_ptr_array_index (warnings, ACCORD_FEED_MAX_LISTED_WARNINGS), ==,
                   last);
}

/* Ids that all share one g_str_hash() value: "c0" and "ar" hash alike
 * whatever comes before them, so any string of such blocks does too. */
static GPtrArray *
colliding_ids (guint n_blocks)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint bits = 0; bits < (1u << n_blocks); bits++)
    {
      GString *id = g_string_new (NULL);

      for (guint b = 0; b < n_blocks; b++)
        g_string_append (id, bits & (1u << b) ? "ar" : "c0");
      g_ptr_array_add (ids, g_string_free (id, FALSE));
    }
  return ids;
}

/* Ids anyone can make collide in g_str_hash() would make reading a feed
 * take quadratic time: the parser's tables hash them with a secret key. */
static void
test_limit_colliding_ids (void)
{
  g_autoptr(GPtrArray) ids = colliding_ids (12);
  g_autoptr(GHashTable) keyed_hashes = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) doc = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1,"
                                         " \"generated\": \"2026-11-20T08:00:00Z\", \"entities\": [");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AccordFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  const char *last;

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      g_assert_cmpuint (g_str_hash (id), ==, g_str_hash (g_ptr_array_index (ids, 0)));
      g_hash_table_add (keyed_hashes, GUINT_TO_POINTER (accord_keyed_str_hash (id)));
      g_string_append_printf (doc, "%s{\"id\": \"%s\", \"kind\": \"organisation\", \"name\": {\"en\": \"E\"}}",
                              i > 0 ? ", " : "", id);
    }
  g_assert_cmpuint (g_hash_table_size (keyed_hashes), >, ids->len - 16);

  last = g_ptr_array_index (ids, ids->len - 1);
  g_string_append_printf (doc, "], \"articles\": [{\"id\": \"a\", \"date\": \"2026-11-01\","
                               " \"title\": {\"en\": \"T\"}, \"entities\": [\"%s\", \"%s\"]}]}",
                          last, (const char *) g_ptr_array_index (ids, 0));
  bytes = g_string_free_to_bytes (g_steal_pointer (&doc));
  feed = accord_feed_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accord_feed_get_n_entities (feed), ==, ids->len);
  g_assert_cmpuint (accord_feed_get_warnings (feed)->len, ==, 0);
  g_assert_cmpuint (accord_feed_get_article (feed, 0)->n_entities, ==, 2);
  g_assert_cmpstr (accord_feed_get_article (feed, 0)->entities[0], ==, last);
}

static void
test_limit_articles (void)
{
  g_autoptr(GString) doc = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1, "
                                         "\"generated\": \"2026-11-20T08:00:00Z\", \"entities\": [], "
                                         "\"articles\": [0");
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < ACCORD_FEED_MAX_ARTICLES; i++)
    g_string_append (doc, ",0");
  g_string_append (doc, "]}");
  bytes = g_string_free_to_bytes (g_steal_pointer (&doc));
  assert_refused (bytes, ACCORD_FEED_ERROR_TOO_MANY_ITEMS, "articles: more than 1000000 items");
}

static void
test_not_utf8 (void)
{
  const struct {
    const char *data;
    gsize len;
    const char *message;
  } docs[] = {
    { "{\"format\": \"accord-feed\xff\"}", 26, "$: not UTF-8 text (invalid byte at offset 23)" },
    { "{\"format\": \"\xc3\x28\"}", 16, "$: not UTF-8 text (invalid byte at offset 12)" },
    /* An overlong encoding of "/" and a UTF-16 surrogate in UTF-8. */
    { "{\"a\": \"\xc0\xaf\"}", 11, "$: not UTF-8 text (invalid byte at offset 7)" },
    { "{\"a\": \"\xed\xa0\x80\"}", 12, "$: not UTF-8 text (invalid byte at offset 7)" },
    /* A NUL byte is not text. */
    { "{\"format\": \"accord\0feed\"}", 25, "$: not text: a NUL byte at offset 18" },
    /* UTF-16 and UTF-32, with their byte order mark or without. */
    { "\xff\xfe{\0}\0", 6, "$: not UTF-8 text: the document is in UTF-16 or UTF-32" },
    { "\xfe\xff\0{\0}", 6, "$: not UTF-8 text: the document is in UTF-16 or UTF-32" },
    { "{\0\"\0a\0\"\0:\0""1\0}\0", 14, "$: not UTF-8 text: the document is in UTF-16 or UTF-32" },
    { " \0{\0}\0", 6, "$: not UTF-8 text: the document is in UTF-16 or UTF-32" },
    { "\0{\0}", 4, "$: not UTF-8 text: the document is in UTF-16 or UTF-32" },
    { "\0\0\0{\0\0\0}", 8, "$: not UTF-8 text: the document is in UTF-16 or UTF-32" },
    { "{\0\0\0}\0\0\0", 8, "$: not UTF-8 text: the document is in UTF-16 or UTF-32" },
    /* Offsets count the UTF-8 byte order mark, which is in the file. */
    { "\xef\xbb\xbf{\"x\":\"\xff\"}", 12, "$: not UTF-8 text (invalid byte at offset 9)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (docs[i].data, docs[i].len);

      assert_refused (bytes, ACCORD_FEED_ERROR_NOT_UTF8, docs[i].message);
    }
}

/* ---------------------------------------------------------------------- */
/* Lexical helpers                                                         */

static void
test_valid_date (void)
{
  const struct {
    const char *date;
    gboolean any;
    gboolean full;
  } dates[] = {
    { "2026-11-20", TRUE, TRUE },
    { "2024-02-29", TRUE, TRUE },
    { "2000-02-29", TRUE, TRUE },
    { "1900-02-29", FALSE, FALSE },
    { "2025-02-30", FALSE, FALSE },
    { "2025-04-31", FALSE, FALSE },
    { "2025-12-31", TRUE, TRUE },
    { "2025-12-32", FALSE, FALSE },
    { "2025-00-01", FALSE, FALSE },
    { "2025-01-00", FALSE, FALSE },
    { "2025-06", TRUE, FALSE },
    { "2025-13", FALSE, FALSE },
    { "2025-00", FALSE, FALSE },
    { "2025", TRUE, FALSE },
    { "0000", FALSE, FALSE },
    { "0001-01-01", TRUE, TRUE },
    { "9999-12-31", TRUE, TRUE },
    { "", FALSE, FALSE },
    { "25", FALSE, FALSE },
    { "20251", FALSE, FALSE },
    { "2025-1-01", FALSE, FALSE },
    { "2025/01/01", FALSE, FALSE },
    { "2025-01-01 ", FALSE, FALSE },
    { "+025-01-01", FALSE, FALSE },
    { "2025-01-0a", FALSE, FALSE },
    { "11/06", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_test_message ("%s", dates[i].date);
      g_assert_cmpint (accord_feed_is_valid_date (dates[i].date, FALSE), ==, dates[i].any);
      g_assert_cmpint (accord_feed_is_valid_date (dates[i].date, TRUE), ==, dates[i].full);
    }
}

static void
test_web_url (void)
{
  const struct {
    const char *url;
    gboolean valid;
  } urls[] = {
    { "https://example.org/", TRUE },
    { "http://example.org", TRUE },
    { "HTTPS://EXAMPLE.ORG/a?b=c#d", TRUE },
    { "https://[::1]:8080/", TRUE },
    { "ftp://example.org/", FALSE },
    { "mailto:a@example.org", FALSE },
    { "javascript:alert(1)", FALSE },
    { "data:text/html,x", FALSE },
    { "file:///etc/passwd", FALSE },
    { "https://", FALSE },
    { "https:///path", FALSE },
    { "//example.org/", FALSE },
    { "/about", FALSE },
    { "example.org", FALSE },
    { "https://example.org/a\xc2\x85" "b", FALSE },
    { "https://example.org/a\xc2\x9f" "b", FALSE },
    { "https://example.org/\xc2\x80", FALSE },
    { "https://example.org/caf\xc3\xa9", TRUE },
    /* Escapes of bytes that are no UTF-8, in the path or the query, and
     * of a NUL: the web's own. */
    { "https://example.org/search?q=caf%E9", TRUE },
    { "https://example.org/a%80", TRUE },
    { "https://example.org/%00?token=%00%01#%ff", TRUE },
    { "https://example.org/caf%C3%A9", TRUE },
    { "https://example.org/a%2", FALSE },
    { "https://example.org/#fr%ZZ", FALSE },
    { "https://ex%E9.org/", FALSE },
    { "http:example.org", FALSE },
    { "https:/example.org", FALSE },
    /* No-break and ideographic spaces, a line separator, a right-to-left
     * override, a byte order mark and a directional isolate. */
    { "https://example.org/a\xc2\xa0" "b", FALSE },
    { "https://example.org/a\xe3\x80\x80" "b", FALSE },
    { "https://example.org/a\xe2\x80\xa8" "b", FALSE },
    { "https://example.org/\xe2\x80\xae" "gpj.exe", FALSE },
    { "https://example.org/\xef\xbb\xbf", FALSE },
    { "https://example.org/\xe2\x81\xa6" "x", FALSE },
    { "https://\xe4\xbe\x8b\xe5\xad\x90.jp/", TRUE },
    /* Hosts no browser goes to as written. */
    { "https://ex%20ample.org/", FALSE },
    { "https://example.org%2F.evil.com/", FALSE },
    { "https://999.999.999.999/", FALSE },
    { "https://12345/", FALSE },
    /* Numbers a browser reads as 127.0.0.1, which they do not show. */
    { "https://127.1/", FALSE },
    { "https://0x7f.1/", FALSE },
    { "https://0x7F.0.0.1./", FALSE },
    { "https://0177.0.0.1/", FALSE },
    { "https://example.0x1/", FALSE },
    { "https://example.123/", FALSE },
    { "https://127.0.0.1./", FALSE },
    { "https://example.0x/", FALSE },
    { "https://example.0xg/", TRUE },
    { "https://123.example/", TRUE },
    { "https://example.org./", TRUE },
    { "https://0x.example/", TRUE },
    /* Empty labels. */
    { "https://./", FALSE },
    { "https://../", FALSE },
    { "https://1../", FALSE },
    { "https://.example.org/", FALSE },
    { "https://example..org/", FALSE },
    { "https://192.0.2.1/", TRUE },
    { "https://[2001:db8::1]/", TRUE },
    { "https://example.org:8443/", TRUE },
    { "https://xn--r8jz45g.jp/", TRUE },
    { "https://1password.com/", TRUE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_test_message ("%s", urls[i].url);
      g_assert_cmpint (accord_feed_is_web_url (urls[i].url), ==, urls[i].valid);
    }
}

/* ---------------------------------------------------------------------- */
/* Async and cancellation                                                  */

static void
on_parsed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static AccordFeed *
parse_async_and_wait (GBytes        *bytes,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  accord_feed_parse_async (bytes, cancellable, on_parsed, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return accord_feed_parse_finish (result, error);
}

static void
assert_same_feed (AccordFeed *a,
                  AccordFeed *b)
{
  GPtrArray *wa = accord_feed_get_warnings (a);
  GPtrArray *wb = accord_feed_get_warnings (b);

  g_assert_cmpstr (accord_feed_get_generated (a), ==, accord_feed_get_generated (b));
  g_assert_cmpint (accord_feed_get_generated_unix (a), ==, accord_feed_get_generated_unix (b));
  g_assert_cmpuint (accord_feed_get_n_skipped (a), ==, accord_feed_get_n_skipped (b));
  g_assert_cmpuint (wa->len, ==, wb->len);
  for (guint i = 0; i < wa->len; i++)
    g_assert_cmpstr (g_ptr_array_index (wa, i), ==, g_ptr_array_index (wb, i));

  g_assert_cmpuint (accord_feed_get_n_categories (a), ==, accord_feed_get_n_categories (b));
  for (guint i = 0; i < accord_feed_get_n_categories (a); i++)
    g_assert_cmpstr (accord_feed_get_category (a, i)->id, ==, accord_feed_get_category (b, i)->id);

  g_assert_cmpuint (accord_feed_get_n_entities (a), ==, accord_feed_get_n_entities (b));
  for (guint i = 0; i < accord_feed_get_n_entities (a); i++)
    {
      const AccordFeedEntity *ea = accord_feed_get_entity (a, i);
      const AccordFeedEntity *eb = accord_feed_get_entity (b, i);

      g_assert_cmpstr (ea->id, ==, eb->id);
      g_assert_cmpint (ea->kind, ==, eb->kind);
      g_assert_cmpstr (ea->name.en, ==, eb->name.en);
      g_assert_cmpstr (ea->name.fr, ==, eb->name.fr);
      g_assert_cmpuint (ea->members ? ea->members->len : 0, ==, eb->members ? eb->members->len : 0);
      g_assert_cmpuint (ea->links ? ea->links->len : 0, ==, eb->links ? eb->links->len : 0);
    }

  g_assert_cmpuint (accord_feed_get_n_articles (a), ==, accord_feed_get_n_articles (b));
  for (guint i = 0; i < accord_feed_get_n_articles (a); i++)
    {
      const AccordFeedArticle *aa = accord_feed_get_article (a, i);
      const AccordFeedArticle *ab = accord_feed_get_article (b, i);

      g_assert_cmpstr (aa->id, ==, ab->id);
      g_assert_cmpstr (aa->date, ==, ab->date);
      g_assert_cmpstr (aa->title.en, ==, ab->title.en);
      g_assert_cmpstr (aa->url, ==, ab->url);
      g_assert_cmpuint (aa->n_entities, ==, ab->n_entities);
    }
}

static void
test_async (void)
{
  const char *files[] = { "complete.json", "mixed-errors.json" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GBytes) bytes = load_feed_file (files[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(AccordFeed) sync = accord_feed_parse (bytes, NULL, &error);
      g_autoptr(AccordFeed) async = NULL;

      g_assert_no_error (error);
      async = parse_async_and_wait (bytes, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (async);
      assert_same_feed (sync, async);
    }

  /* The builtin feed, the one shipped. */
  {
    g_autoptr(GBytes) bytes = accord_builtin_feed_get_bytes ();
    g_autoptr(AccordFeed) sync = accord_feed_parse (bytes, NULL, NULL);
    g_autoptr(AccordFeed) async = parse_async_and_wait (bytes, NULL, NULL);

    assert_same_feed (sync, async);
  }
}

static void
test_async_error (void)
{
  g_autoptr(GBytes) bytes = load_feed_file ("newer-version.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordFeed) feed = parse_async_and_wait (bytes, NULL, &error);

  g_assert_null (feed);
  g_assert_error (error, ACCORD_FEED_ERROR, ACCORD_FEED_ERROR_NEWER_VERSION);
  g_assert_cmpstr (error->message, ==, "version: this feed needs a newer Accord (format version 2)");
}

static void
test_cancelled (void)
{
  g_autoptr(GBytes) bytes = load_feed_file ("complete.json");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordFeed) feed = NULL;
  g_autoptr(AccordFeed) async = NULL;

  g_cancellable_cancel (cancellable);

  feed = accord_feed_parse (bytes, cancellable, &error);
  g_assert_null (feed);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  async = parse_async_and_wait (bytes, cancellable, &error);
  g_assert_null (async);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---------------------------------------------------------------------- */
/* Fuzzing                                                                 */

#define FUZZ_SEED       20261120
#define FUZZ_ITERATIONS 3000
#define FUZZ_MAX_USEC   (3 * G_USEC_PER_SEC)

/* Bytes that matter to JSON and to the checks: structure, escapes,
 * digits, the letters of literals, ids and dates, a multi-byte letter. */
static const char fuzz_bytes[] = "{}[]\":,\\ -.0123456789eEtrufalsnTZ\n/u'\x01\xc3\xa9";

static void
fuzz_mutate (GString *doc,
             GRand   *rand)
{
  guint pos = doc->len ? (guint) g_rand_int_range (rand, 0, (gint32) doc->len) : 0;
  char c = fuzz_bytes[g_rand_int_range (rand, 0, sizeof fuzz_bytes - 1)];

  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      if (doc->len)
        doc->str[pos] = c;
      break;
    case 1:
      if (doc->len)
        doc->str[pos] = (char) g_rand_int_range (rand, 0, 256);
      break;
    case 2:
      {
        gsize run = (gsize) g_rand_int_range (rand, 1, 32);

        g_string_erase (doc, pos, (gssize) MIN (doc->len - pos, run));
      }
      break;
    case 3:
      g_string_insert_c (doc, pos, c);
      break;
    case 4:
      {
        /* Copy a run from elsewhere: repeats items, keys and values. */
        guint from = (guint) g_rand_int_range (rand, 0, (gint32) MAX (doc->len, 1));
        guint run = (guint) g_rand_int_range (rand, 1, 256);
        g_autofree char *copy = NULL;

        run = MIN (run, doc->len - from);
        copy = g_strndup (doc->str + from, run);
        g_string_insert_len (doc, pos, copy, run);
      }
      break;
    default:
      g_string_truncate (doc, pos);
      break;
    }
}

/* Changes one letter or digit, which mostly keeps the document JSON and
 * lands in an id, a date, a kind, a URL, a code or a key: item checks. */
static void
fuzz_mutate_gently (GString *doc,
                    GRand   *rand)
{
  static const char replacements[] = "az09AZ-._:/ ";

  for (guint tries = 0; tries < 64 && doc->len > 0; tries++)
    {
      guint pos = (guint) g_rand_int_range (rand, 0, (gint32) doc->len);

      if (g_ascii_isalnum (doc->str[pos]))
        {
          doc->str[pos] = replacements[g_rand_int_range (rand, 0, sizeof replacements - 1)];
          return;
        }
    }
}

static void
test_fuzz (void)
{
  g_autoptr(GBytes) builtin = accord_builtin_feed_get_bytes ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (FUZZ_SEED);
  gint64 start = g_get_monotonic_time ();
  guint n_feeds = 0, n_refused = 0, n_skipped = 0, n_warnings = 0, i;
  gsize len;
  const char *data = g_bytes_get_data (builtin, &len);

  for (i = 0; i < FUZZ_ITERATIONS; i++)
    {
      g_autoptr(GString) doc = g_string_new_len (data, (gssize) len);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(AccordFeed) feed = NULL;
      gboolean gently = g_rand_boolean (rand);
      guint n_mutations = (guint) g_rand_int_range (rand, 1, gently ? 9 : 5);

      for (guint m = 0; m < n_mutations; m++)
        {
          if (gently)
            fuzz_mutate_gently (doc, rand);
          else
            fuzz_mutate (doc, rand);
        }
      bytes = g_bytes_new (doc->str, doc->len);

      feed = accord_feed_parse (bytes, NULL, &error);
      g_assert_true ((feed == NULL) != (error == NULL));
      if (feed == NULL)
        {
          g_assert_true (error->domain == ACCORD_FEED_ERROR);
          if (!g_utf8_validate (error->message, -1, NULL))
            {
              g_autofree char *escaped = g_strescape (error->message, NULL);
              g_test_message ("iteration %u: not UTF-8: %s", i, escaped);
            }
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          g_assert_nonnull (strstr (error->message, ": "));
          n_refused++;
          continue;
        }
      assert_feed_invariants (feed);
      n_skipped += accord_feed_get_n_skipped (feed);
      n_warnings += accord_feed_get_warnings (feed)->len;
      n_feeds++;

      if (g_get_monotonic_time () - start > FUZZ_MAX_USEC)
        {
          g_test_message ("fuzzing stopped after %u iterations, out of time", i + 1);
          break;
        }
    }

  g_test_message ("%u documents: %u refused, %u read with %u items skipped and %u warnings",
                  MIN (i + 1, FUZZ_ITERATIONS), n_refused, n_feeds, n_skipped, n_warnings);
  /* Both outcomes are exercised, or the mutations are too weak or too strong. */
  g_assert_cmpuint (n_feeds, >, 0);
  g_assert_cmpuint (n_refused, >, 0);
  g_assert_cmpuint (n_skipped, >, 0);
}

/* ---------------------------------------------------------------------- */

static void
test_builtin_feed_is_clean (void)
{
  g_autoptr(GBytes) bytes = accord_builtin_feed_get_bytes ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordFeed) feed = accord_feed_parse (bytes, NULL, &error);
  GPtrArray *warnings;

  g_assert_no_error (error);
  g_assert_nonnull (feed);

  warnings = accord_feed_get_warnings (feed);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", (const char *) g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpuint (accord_feed_get_n_skipped (feed), ==, 0);
  g_assert_cmpuint (accord_feed_get_n_entities (feed), >=, 6);
  g_assert_cmpuint (accord_feed_get_n_articles (feed), ==, 12);
  assert_feed_invariants (feed);
}

static void
drop_message (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The parser logs each warning as a debug message: a hundred thousand
   * here, with the limits and the fuzzing. The cases print theirs. */
  if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
    g_log_set_handler ("accord-feed", G_LOG_LEVEL_DEBUG, drop_message, NULL);

  g_test_add_func ("/feed/builtin/clean", test_builtin_feed_is_clean);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/feed/case/", cases[i].name, NULL);

      g_test_add_data_func (path, &cases[i], test_case);
    }

  g_test_add_func ("/feed/limit/size", test_limit_size);
  g_test_add_func ("/feed/limit/values", test_limit_values);
  g_test_add_func ("/feed/limit/object-members", test_limit_object_members);
  g_test_add_func ("/feed/limit/many-large-objects", test_limit_many_large_objects);
  g_test_add_func ("/feed/limit/size-with-byte-order-mark", test_limit_size_with_byte_order_mark);
  g_test_add_func ("/feed/two-byte-order-marks", test_two_byte_order_marks);
  g_test_add_func ("/feed/limit/depth", test_limit_depth);
  g_test_add_func ("/feed/limit/newer-version", test_limit_newer_version);
  g_test_add_func ("/feed/limit/newer-version-at-end", test_limit_newer_version_at_end);
  g_test_add_func ("/feed/limit/depth-in-strings", test_limit_depth_in_strings);
  g_test_add_func ("/feed/limit/hidden-by-extensions", test_limit_hidden_by_extensions);
  g_test_add_func ("/feed/limit/string", test_limit_string);
  g_test_add_func ("/feed/limit/string-escapes", test_limit_string_escapes);
  g_test_add_func ("/feed/limit/entities", test_limit_entities);
  g_test_add_func ("/feed/limit/articles", test_limit_articles);
  g_test_add_data_func ("/feed/limit/listed-warnings", GUINT_TO_POINTER (5), test_limit_listed_warnings);
  g_test_add_data_func ("/feed/limit/listed-warnings/one-past", GUINT_TO_POINTER (1), test_limit_listed_warnings);
  g_test_add_func ("/feed/limit/colliding-ids", test_limit_colliding_ids);
  g_test_add_func ("/feed/document/not-utf8", test_not_utf8);
  g_test_add_func ("/feed/lexical/date", test_valid_date);
  g_test_add_func ("/feed/lexical/web-url", test_web_url);
  g_test_add_func ("/feed/async/same-result", test_async);
  g_test_add_func ("/feed/async/error", test_async_error);
  g_test_add_func ("/feed/cancelled", test_cancelled);
  g_test_add_func ("/feed/fuzz", test_fuzz);

  return g_test_run ();
}
