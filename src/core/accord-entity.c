#define G_LOG_DOMAIN "accord-entity"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "accord-entity.h"
#include "accord-string-table.h"
#include "accord-utils.h"

/* An organisation or a piece of legislation as the store knows it. The
 * profile, members and links are kept as the store's JSON and read on
 * first use: the sidebar needs none of them. */
struct _AccordEntity
{
  GObject           parent_instance;

  char             *id;
  AccordEntityKind  kind;
  char             *name[2];
  char             *acronym[2];
  char             *summary[2];
  char             *founded;
  char             *updated;
  guint             n_articles;
  guint             n_new_articles;

  char             *profile_json;
  char             *members_json;
  char             *links_json;

  GHashTable       *profiles;   /* lang → GArray of AccordSection */
  GArray           *members;
  GArray           *links;
};

G_DEFINE_FINAL_TYPE (AccordEntity, accord_entity, G_TYPE_OBJECT)

enum { EN, FR };

static void
clear_section (gpointer data)
{
  AccordSection *section = data;

  g_free (section->heading);
  g_free (section->body);
}

static void
clear_member (gpointer data)
{
  g_free (((AccordMember *) data)->country);
}

static void
clear_link (gpointer data)
{
  AccordLink *link = data;

  g_free (link->label_en);
  g_free (link->label_fr);
  g_free (link->url);
}

AccordEntity *
accord_entity_new (const AccordEntityData *data)
{
  AccordEntity *self;

  g_return_val_if_fail (data != NULL && data->id != NULL, NULL);

  self = g_object_new (ACCORD_TYPE_ENTITY, NULL);
  self->id = g_strdup (data->id);
  self->kind = data->kind;
  self->name[EN] = g_strdup (data->name_en);
  self->name[FR] = g_strdup (data->name_fr);
  self->acronym[EN] = g_strdup (data->acronym_en);
  self->acronym[FR] = g_strdup (data->acronym_fr);
  self->summary[EN] = g_strdup (data->summary_en);
  self->summary[FR] = g_strdup (data->summary_fr);
  self->founded = g_strdup (data->founded);
  self->updated = g_strdup (data->updated);
  self->profile_json = g_strdup (data->profile_json);
  self->members_json = g_strdup (data->members_json);
  self->links_json = g_strdup (data->links_json);
  self->n_articles = data->n_articles;
  self->n_new_articles = data->n_new_articles;

  return self;
}

const char *
accord_entity_get_id (AccordEntity *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY (self), NULL);
  return self->id;
}

AccordEntityKind
accord_entity_get_kind (AccordEntity *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY (self), 0);
  return self->kind;
}

const char *
accord_entity_get_name (AccordEntity *self,
                        const char   *lang,
                        gboolean     *is_fallback)
{
  const char *name;

  g_return_val_if_fail (ACCORD_IS_ENTITY (self), NULL);

  name = accord_pick_language (lang, self->name[EN], self->name[FR], is_fallback);
  /* The feed guarantees a name, though maybe only in another language. */
  return name != NULL ? name : self->id;
}

const char *
accord_entity_get_acronym (AccordEntity *self,
                           const char   *lang,
                           gboolean     *is_fallback)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY (self), NULL);
  return accord_pick_language (lang, self->acronym[EN], self->acronym[FR], is_fallback);
}

const char *
accord_entity_get_summary (AccordEntity *self,
                           const char   *lang,
                           gboolean     *is_fallback)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY (self), NULL);
  return accord_pick_language (lang, self->summary[EN], self->summary[FR], is_fallback);
}

const char *
accord_entity_get_founded (AccordEntity *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY (self), NULL);
  return self->founded;
}

const char *
accord_entity_get_updated (AccordEntity *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY (self), NULL);
  return self->updated;
}

guint
accord_entity_get_n_articles (AccordEntity *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY (self), 0);
  return self->n_articles;
}

/**
 * accord_entity_get_n_new_articles:
 *
 * Returns: how many of its articles arrived with a sync and are unseen
 */
guint
accord_entity_get_n_new_articles (AccordEntity *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY (self), 0);
  return self->n_new_articles;
}

static JsonNode *
parse_stored_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (json == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, json, -1, &error))
    {
      /* The store wrote it; this is a bug, not bad input. */
      g_critical ("Stored entity data is not JSON: %s", error->message);
      return NULL;
    }
  return json_parser_steal_root (parser);
}

static void
load_profiles (AccordEntity *self)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObjectIter iter;
  const char *lang;
  JsonNode *sections;

  self->profiles = accord_string_table_new (g_free, (GDestroyNotify) g_array_unref);
  root = parse_stored_json (self->profile_json);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &lang, &sections))
    {
      JsonArray *array = json_node_get_array (sections);
      GArray *out = g_array_new (FALSE, TRUE, sizeof (AccordSection));

      g_array_set_clear_func (out, clear_section);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *object = json_array_get_object_element (array, i);
          AccordSection section = {
            g_strdup (accord_json_get_string (object, "heading")),
            g_strdup (accord_json_get_string (object, "body")),
          };
          g_array_append_val (out, section);
        }
      g_hash_table_insert (self->profiles, g_strdup (lang), out);
    }
}

/**
 * accord_entity_get_profile:
 * @lang: "en" or "fr"
 *
 * Returns: (transfer none) (nullable) (element-type AccordSection): the
 *   profile's sections in @lang, or %NULL when there are none in @lang
 */
GArray *
accord_entity_get_profile (AccordEntity *self,
                           const char   *lang)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY (self), NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  if (self->profiles == NULL)
    load_profiles (self);

  return g_hash_table_lookup (self->profiles, lang);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (a, b);
}

/**
 * accord_entity_dup_profile_languages:
 *
 * Returns: (transfer full): the languages the profile is written in, sorted
 */
GStrv
accord_entity_dup_profile_languages (AccordEntity *self)
{
  g_autoptr(GPtrArray) keys = NULL;

  g_return_val_if_fail (ACCORD_IS_ENTITY (self), NULL);

  if (self->profiles == NULL)
    load_profiles (self);

  keys = g_hash_table_get_keys_as_ptr_array (self->profiles);
  g_ptr_array_sort_values (keys, compare_strings);
  g_ptr_array_add (keys, NULL);
  return g_strdupv ((char **) keys->pdata);
}

/**
 * accord_entity_get_members:
 *
 * Returns: (transfer none) (element-type AccordMember): the members, in
 *   the feed's order
 */
GArray *
accord_entity_get_members (AccordEntity *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY (self), NULL);

  if (self->members == NULL)
    {
      g_autoptr(JsonNode) root = parse_stored_json (self->members_json);
      JsonArray *array = root != NULL && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;

      self->members = g_array_new (FALSE, TRUE, sizeof (AccordMember));
      g_array_set_clear_func (self->members, clear_member);
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonObject *object = json_array_get_object_element (array, i);
          AccordMember member = {
            g_strdup (accord_json_get_string (object, "country")),
            json_object_get_boolean_member_with_default (object, "founding", FALSE),
          };
          g_array_append_val (self->members, member);
        }
    }

  return self->members;
}

/**
 * accord_entity_get_links:
 *
 * Returns: (transfer none) (element-type AccordLink): the links
 */
GArray *
accord_entity_get_links (AccordEntity *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY (self), NULL);

  if (self->links == NULL)
    {
      g_autoptr(JsonNode) root = parse_stored_json (self->links_json);
      JsonArray *array = root != NULL && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;

      self->links = g_array_new (FALSE, TRUE, sizeof (AccordLink));
      g_array_set_clear_func (self->links, clear_link);
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonObject *object = json_array_get_object_element (array, i);
          JsonObject *label = json_object_get_object_member (object, "label");
          AccordLink link = {
            g_strdup (label ? accord_json_get_string (label, "en") : NULL),
            g_strdup (label ? accord_json_get_string (label, "fr") : NULL),
            g_strdup (accord_json_get_string (object, "url")),
          };
          g_array_append_val (self->links, link);
        }
    }

  return self->links;
}

static void
accord_entity_finalize (GObject *object)
{
  AccordEntity *self = ACCORD_ENTITY (object);

  g_free (self->id);
  for (guint i = 0; i < 2; i++)
    {
      g_free (self->name[i]);
      g_free (self->acronym[i]);
      g_free (self->summary[i]);
    }
  g_free (self->founded);
  g_free (self->updated);
  g_free (self->profile_json);
  g_free (self->members_json);
  g_free (self->links_json);
  g_clear_pointer (&self->profiles, g_hash_table_unref);
  g_clear_pointer (&self->members, g_array_unref);
  g_clear_pointer (&self->links, g_array_unref);

  G_OBJECT_CLASS (accord_entity_parent_class)->finalize (object);
}

static void
accord_entity_class_init (AccordEntityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = accord_entity_finalize;
}

static void
accord_entity_init (AccordEntity *self)
{
}
