#define G_LOG_DOMAIN "accord-utils"

#include "config.h"

#include "accord-utils.h"

/**
 * accord_pick_language:
 * @lang: the wanted language ("en", "fr", or a locale name such as "fr_FR")
 * @en: (nullable): the English text
 * @fr: (nullable): the French text
 * @is_fallback: (out) (optional): whether the other language was used
 *
 * Returns: (nullable): the text in @lang, else in the other language
 */
const char *
accord_pick_language (const char *lang,
                      const char *en,
                      const char *fr,
                      gboolean   *is_fallback)
{
  gboolean french = lang != NULL && g_str_has_prefix (lang, "fr");
  const char *wanted = french ? fr : en;
  const char *other = french ? en : fr;

  if (is_fallback != NULL)
    *is_fallback = wanted == NULL && other != NULL;
  return wanted != NULL ? wanted : other;
}

