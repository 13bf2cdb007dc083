#define G_LOG_DOMAIN "accord-article"

#include "config.h"

#include <json-glib/json-glib.h>

#include "accord-article.h"
#include "accord-utils.h"

/* A news article, from the snapshot or, for a bookmark whose article left
 * the feed, from what the bookmark last knew of it. */
struct _AccordArticle
{
  GObject   parent_instance;

  char     *id;
  char     *date;
  char     *title[2];
  char     *category[2];
  char     *source;
  char     *url;
  char     *entities_json;
  gboolean  in_feed;
  gboolean  is_new;
  gboolean  bookmarked;
  gint64    bookmarked_at;
};

G_DEFINE_FINAL_TYPE (AccordArticle, accord_article, G_TYPE_OBJECT)

enum { EN, FR };

enum {
  PROP_0,
  PROP_BOOKMARKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

AccordArticle *
accord_article_new (const AccordArticleData *data)
{
  AccordArticle *self;

  g_return_val_if_fail (data != NULL && data->id != NULL, NULL);

  self = g_object_new (ACCORD_TYPE_ARTICLE, NULL);
  self->id = g_strdup (data->id);
  self->date = g_strdup (data->date);
  self->title[EN] = g_strdup (data->title_en);
  self->title[FR] = g_strdup (data->title_fr);
  self->category[EN] = g_strdup (data->category_en);
  self->category[FR] = g_strdup (data->category_fr);
  self->source = g_strdup (data->source);
  self->url = g_strdup (data->url);
  self->entities_json = g_strdup (data->entities_json);
  self->in_feed = data->in_feed;
  self->is_new = data->is_new;
  self->bookmarked = data->bookmarked;
  self->bookmarked_at = data->bookmarked_at;

  return self;
}

const char *
accord_article_get_id (AccordArticle *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), NULL);
  return self->id;
}

/**
 * accord_article_get_date:
 *
 * Returns: the publication date, YYYY-MM-DD
 */
const char *
accord_article_get_date (AccordArticle *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), NULL);
  return self->date;
}

const char *
accord_article_get_title (AccordArticle *self,
                          const char    *lang,
                          gboolean      *is_fallback)
{
  const char *title;

  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), NULL);

  title = accord_pick_language (lang, self->title[EN], self->title[FR], is_fallback);
  return title != NULL ? title : self->id;
}

/**
 * accord_article_get_title_in:
 *
 * Returns: (nullable): the title in @lang ("en" or "fr") only, with no
 *   fallback to the other language or to the id
 */
const char *
accord_article_get_title_in (AccordArticle *self,
                             const char    *lang)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  return self->title[g_str_has_prefix (lang, "fr") ? FR : EN];
}

const char *
accord_article_get_category_name (AccordArticle *self,
                                  const char    *lang,
                                  gboolean      *is_fallback)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), NULL);
  return accord_pick_language (lang, self->category[EN], self->category[FR], is_fallback);
}

const char *
accord_article_get_source (AccordArticle *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), NULL);
  return self->source;
}

/**
 * accord_article_get_url:
 *
 * Returns: (nullable): the article's http or https address
 */
const char *
accord_article_get_url (AccordArticle *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), NULL);
  return self->url;
}

/**
 * accord_article_get_in_feed:
 *
 * Returns: %FALSE for a bookmark whose article is no longer in the feed
 */
gboolean
accord_article_get_in_feed (AccordArticle *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), FALSE);
  return self->in_feed;
}

/**
 * accord_article_get_is_new:
 *
 * Returns: whether the article arrived with a sync and is not seen yet
 */
gboolean
accord_article_get_is_new (AccordArticle *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), FALSE);
  return self->is_new;
}

/* The ids, or with @lang the names, of the entities; @fallbacks gets for
 * each name the language it is in when that is not @lang, else "". */
static GStrv
collect_entities (AccordArticle *self,
                  const char    *lang,
                  gboolean       names,
                  GStrv         *fallbacks)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) languages = g_strv_builder_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  if (self->entities_json == NULL ||
      !json_parser_load_from_data (parser, self->entities_json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      if (fallbacks != NULL)
        *fallbacks = g_strv_builder_end (languages);
      return g_strv_builder_end (builder);
    }

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      const char *id, *en, *fr, *name;
      gboolean fallback = FALSE;

      /* A bookmarks file may hold anything here. */
      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      id = json_object_get_string_member_with_default (object, "id", NULL);
      en = json_object_get_string_member_with_default (object, "en", NULL);
      fr = json_object_get_string_member_with_default (object, "fr", NULL);
      name = accord_pick_language (lang, en, fr, &fallback);

      /* Ids and names are paired by position: both lists skip the same
       * entries, those without an id. */
      if (id == NULL || *id == '\0')
        continue;
      g_strv_builder_add (builder, names && name != NULL ? name : id);
      g_strv_builder_add (languages, !fallback ? "" : name == en ? "en" : "fr");
    }

  if (fallbacks != NULL)
    *fallbacks = g_strv_builder_end (languages);
  return g_strv_builder_end (builder);
}

static void
add_name (JsonBuilder *builder,
          JsonObject  *entity,
          const char  *lang)
{
  const char *name = accord_json_get_string (entity, lang);

  if (name == NULL)
    return;
  json_builder_set_member_name (builder, lang);
  json_builder_add_string_value (builder, name);
}

/**
 * accord_article_dup_entities_json:
 *
 * Returns: (transfer full): the entities the article relates to, as
 *   `[{"id": …, "en": …, "fr": …}]`, each name only where it is known:
 *   what a bookmark keeps of them
 */
char *
accord_article_dup_entities_json (AccordArticle *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), NULL);

  json_builder_begin_array (builder);
  if (self->entities_json != NULL && json_parser_load_from_data (parser, self->entities_json, -1, NULL) &&
      JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      JsonArray *array = json_node_get_array (json_parser_get_root (parser));

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          JsonObject *entity;
          const char *id;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          entity = json_node_get_object (node);
          id = json_object_get_string_member_with_default (entity, "id", NULL);
          if (id == NULL || *id == '\0')
            continue;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, id);
          add_name (builder, entity, "en");
          add_name (builder, entity, "fr");
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * accord_article_dup_entity_ids:
 *
 * Returns: (transfer full): the ids of the entities the article relates to
 */
GStrv
accord_article_dup_entity_ids (AccordArticle *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), NULL);
  return collect_entities (self, NULL, FALSE, NULL);
}

/**
 * accord_article_dup_entity_names:
 * @fallbacks: (out) (optional) (transfer full): for each name, "en" or
 *   "fr" when it is shown in that language for want of one in @lang,
 *   else ""
 *
 * Returns: (transfer full): the names of the entities the article relates
 *   to, in @lang where known
 */
GStrv
accord_article_dup_entity_names (AccordArticle *self,
                                 const char    *lang,
                                 GStrv         *fallbacks)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), NULL);
  return collect_entities (self, lang, TRUE, fallbacks);
}

gboolean
accord_article_get_bookmarked (AccordArticle *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), FALSE);
  return self->bookmarked;
}

gint64
accord_article_get_bookmarked_at (AccordArticle *self)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (self), 0);
  return self->bookmarked_at;
}

void
accord_article_set_is_new (AccordArticle *self,
                           gboolean       is_new)
{
  g_return_if_fail (ACCORD_IS_ARTICLE (self));

  self->is_new = !!is_new;
}

/* Called by the store once a bookmark is stored or removed. */
void
accord_article_set_bookmarked (AccordArticle *self,
                               gboolean       bookmarked,
                               gint64         bookmarked_at)
{
  g_return_if_fail (ACCORD_IS_ARTICLE (self));

  self->bookmarked_at = bookmarked ? bookmarked_at : 0;
  if (self->bookmarked != !!bookmarked)
    {
      self->bookmarked = !!bookmarked;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOOKMARKED]);
    }
}

/**
 * accord_article_equal:
 *
 * Returns: whether @a and @b say the same of the same article, so that
 *   either shows as the other would
 */
gboolean
accord_article_equal (AccordArticle *a,
                      AccordArticle *b)
{
  g_return_val_if_fail (ACCORD_IS_ARTICLE (a), FALSE);
  g_return_val_if_fail (ACCORD_IS_ARTICLE (b), FALSE);

  return g_str_equal (a->id, b->id) &&
         g_strcmp0 (a->date, b->date) == 0 &&
         g_strcmp0 (a->title[EN], b->title[EN]) == 0 &&
         g_strcmp0 (a->title[FR], b->title[FR]) == 0 &&
         g_strcmp0 (a->category[EN], b->category[EN]) == 0 &&
         g_strcmp0 (a->category[FR], b->category[FR]) == 0 &&
         g_strcmp0 (a->source, b->source) == 0 &&
         g_strcmp0 (a->url, b->url) == 0 &&
         g_strcmp0 (a->entities_json, b->entities_json) == 0 &&
         a->in_feed == b->in_feed &&
         a->is_new == b->is_new &&
         a->bookmarked == b->bookmarked &&
         a->bookmarked_at == b->bookmarked_at;
}

static void
accord_article_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AccordArticle *self = ACCORD_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_BOOKMARKED:
      g_value_set_boolean (value, self->bookmarked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
accord_article_finalize (GObject *object)
{
  AccordArticle *self = ACCORD_ARTICLE (object);

  g_free (self->id);
  g_free (self->date);
  for (guint i = 0; i < 2; i++)
    {
      g_free (self->title[i]);
      g_free (self->category[i]);
    }
  g_free (self->source);
  g_free (self->url);
  g_free (self->entities_json);

  G_OBJECT_CLASS (accord_article_parent_class)->finalize (object);
}

static void
accord_article_class_init (AccordArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = accord_article_finalize;
  object_class->get_property = accord_article_get_property;

  properties[PROP_BOOKMARKED] =
    g_param_spec_boolean ("bookmarked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
accord_article_init (AccordArticle *self)
{
}
