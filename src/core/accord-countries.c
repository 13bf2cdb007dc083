#define G_LOG_DOMAIN "accord-countries"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "accord-catalog.h"
#include "accord-countries.h"

/* Country names from iso-codes: the English names from its ISO 3166-1
 * table, their translations from its message catalogs, read directly so
 * that any language can be asked for at any time. The European Union is
 * no ISO 3166-1 country but a frequent member, so it is named here. */

typedef struct
{
  GHashTable *names;      /* alpha-2 → English short name */
  GHashTable *catalogs;   /* language → AccordCatalog, or NULL if none */
} Countries;

G_LOCK_DEFINE_STATIC (countries);
static Countries *countries;

static const struct { const char *lang; const char *name; } european_union[] = {
  { "en", "European Union" },
  { "fr", "Union européenne" },
};

static void
load_names (GHashTable *names)
{
  g_autofree char *path = g_build_filename (ISO_CODES_PREFIX, "share", "iso-codes", "json",
                                            "iso_3166-1.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *entries;

  if (!json_parser_load_from_mapped_file (parser, path, &error))
    {
      g_warning ("Country names are unavailable: %s", error->message);
      return;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  entries = json_object_get_array_member (root, "3166-1");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *code = json_object_get_string_member_with_default (entry, "alpha_2", NULL);
      /* The common name ("Bolivia") reads better than the formal one. */
      const char *name = json_object_get_string_member_with_default (
        entry, "common_name", json_object_get_string_member_with_default (entry, "name", NULL));

      if (code != NULL && name != NULL)
        g_hash_table_insert (names, g_strdup (code), g_strdup (name));
    }
}

static Countries *
get_countries (void)
{
  if (countries == NULL)
    {
      countries = g_new0 (Countries, 1);
      countries->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      countries->catalogs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) accord_catalog_free);
      load_names (countries->names);
    }
  return countries;
}

static AccordCatalog *
get_catalog (Countries  *self,
             const char *lang)
{
  AccordCatalog *catalog;
  g_autofree char *path = NULL;

  if (g_hash_table_lookup_extended (self->catalogs, lang, NULL, (gpointer *) &catalog))
    return catalog;

  path = g_build_filename (ISO_CODES_LOCALEDIR, lang, "LC_MESSAGES", "iso_3166-1.mo", NULL);
  catalog = accord_catalog_new_from_file (path, NULL);
  if (catalog == NULL)
    g_debug ("No country names in %s at %s", lang, path);
  g_hash_table_insert (self->catalogs, g_strdup (lang), catalog);
  return catalog;
}

/* "fr_FR.UTF-8" → "fr". */
static char *
base_language (const char *lang)
{
  gsize len = strcspn (lang, "_.@-");

  return g_strndup (lang, len);
}

/**
 * accord_country_dup_name:
 * @code: an ISO 3166-1 alpha-2 code, or "EU"
 * @lang: the language of the name ("en", "fr", …)
 *
 * Returns: (transfer full) (nullable): the country's name in @lang (in
 *   English when iso-codes has no translation), or %NULL for an unknown code
 */
char *
accord_country_dup_name (const char *code,
                         const char *lang)
{
  g_autofree char *base = NULL;
  Countries *self;
  const char *english, *translated = NULL;
  AccordCatalog *catalog;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  base = base_language (lang);

  if (strcmp (code, "EU") == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (european_union); i++)
        if (strcmp (european_union[i].lang, base) == 0)
          return g_strdup (european_union[i].name);
      return g_strdup (european_union[0].name);
    }

  G_LOCK (countries);
  self = get_countries ();
  english = g_hash_table_lookup (self->names, code);
  if (english != NULL && strcmp (base, "en") != 0 && (catalog = get_catalog (self, base)) != NULL)
    translated = accord_catalog_lookup (catalog, english);
  G_UNLOCK (countries);

  if (english == NULL)
    return NULL;
  return g_strdup (translated != NULL ? translated : english);
}

static gboolean
country_is_known (const char *code)
{
  gboolean known;

  g_assert (code != NULL);

  if (strcmp (code, "EU") == 0)
    return TRUE;

  G_LOCK (countries);
  known = g_hash_table_contains (get_countries ()->names, code);
  G_UNLOCK (countries);
  return known;
}

/**
 * accord_country_dup_flag:
 *
 * Returns: (transfer full) (nullable): the flag emoji of @code, made of
 *   its two regional indicator symbols, or %NULL when @code has none
 */
char *
accord_country_dup_flag (const char *code)
{
  gunichar flag[2];

  g_return_val_if_fail (code != NULL, NULL);

  if (!country_is_known (code))
    return NULL;

  for (guint i = 0; i < 2; i++)
    flag[i] = 0x1F1E6 + (gunichar) (code[i] - 'A');
  return g_ucs4_to_utf8 (flag, 2, NULL, NULL, NULL);
}
