#define G_LOG_DOMAIN "accord-about"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "accord-about.h"

#define METAINFO_RESOURCE "/io/github/accordapp/Accord/metainfo.xml"

/* libadwaita reads the release notes in the desktop's language, not in
 * the one chosen in the app. The metainfo's texts are in the app's catalog
 * too: their English, read back from the merged file, is translated here
 * like any other string. */
typedef struct
{
  GString  *text;           /* of the paragraph or item being read */
  GString  *notes;          /* this version's release notes, as markup */
  guint     depth;
  guint     skip_depth;     /* inside a translation: the depth it began at */
  gboolean  in_release;
  gboolean  in_paragraph;
  gboolean  unsupported;    /* markup inside a paragraph */
} MetainfoTexts;

static char *
collapse_spaces (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n\r", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }
  return g_string_free_and_steal (g_steal_pointer (&out));
}

static gboolean
is_translation (const char **names)
{
  return g_strv_contains (names, "xml:lang");
}

static void
metainfo_start (GMarkupParseContext  *context,
                const char           *element,
                const char          **names,
                const char          **values,
                gpointer              user_data,
                GError              **error)
{
  MetainfoTexts *texts = user_data;

  texts->depth++;
  if (texts->skip_depth > 0)
    return;
  if (is_translation (names))
    {
      texts->skip_depth = texts->depth;
      return;
    }

  if (texts->in_paragraph)
    texts->unsupported = TRUE;
  else if (g_str_equal (element, "release"))
    {
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "version"))
          texts->in_release = g_str_equal (values[i], PACKAGE_VERSION);
    }
  else if (texts->in_release && (g_str_equal (element, "p") || g_str_equal (element, "li")))
    {
      texts->in_paragraph = TRUE;
      g_string_truncate (texts->text, 0);
    }
  else if (texts->in_release && (g_str_equal (element, "ul") || g_str_equal (element, "ol")))
    g_string_append_printf (texts->notes, "<%s>", element);
}

static void
metainfo_text (GMarkupParseContext  *context,
               const char           *text,
               gsize                 len,
               gpointer              user_data,
               GError              **error)
{
  MetainfoTexts *texts = user_data;

  if (texts->skip_depth == 0 && texts->in_paragraph)
    g_string_append_len (texts->text, text, (gssize) len);
}

static void
metainfo_end (GMarkupParseContext  *context,
              const char           *element,
              gpointer              user_data,
              GError              **error)
{
  MetainfoTexts *texts = user_data;

  if (texts->skip_depth > 0)
    {
      if (texts->depth-- == texts->skip_depth)
        texts->skip_depth = 0;
      return;
    }
  texts->depth--;

  if (texts->in_paragraph && (g_str_equal (element, "p") || g_str_equal (element, "li")))
    {
      g_autofree char *source = collapse_spaces (texts->text->str);
      g_autofree char *escaped = g_markup_escape_text (_(source), -1);

      texts->in_paragraph = FALSE;
      g_string_append_printf (texts->notes, "<%s>%s</%s>", element, escaped, element);
    }
  else if (texts->in_release && (g_str_equal (element, "ul") || g_str_equal (element, "ol")))
    g_string_append_printf (texts->notes, "</%s>", element);
  else if (g_str_equal (element, "release"))
    texts->in_release = FALSE;
}

static void
translate_release_notes (AdwAboutDialog *dialog)
{
  static const GMarkupParser parser = { metainfo_start, metainfo_end, metainfo_text, NULL, NULL };
  MetainfoTexts texts = { g_string_new (NULL), g_string_new (NULL) };
  g_autoptr(GBytes) bytes = g_resources_lookup_data (METAINFO_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &texts, NULL);
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  if (data != NULL && g_markup_parse_context_parse (context, data, (gssize) len, NULL) &&
      g_markup_parse_context_end_parse (context, NULL))
    {
      if (texts.notes->len > 0 && !texts.unsupported)
        adw_about_dialog_set_release_notes (dialog, texts.notes->str);
    }

  g_string_free (texts.text, TRUE);
  g_string_free (texts.notes, TRUE);
}

/**
 * accord_about_dialog_new:
 *
 * The About dialog, in the language chosen in the app.
 */
AdwDialog *
accord_about_dialog_new (void)
{
  AdwDialog *dialog = adw_about_dialog_new_from_appdata (METAINFO_RESOURCE, PACKAGE_VERSION);
  AdwAboutDialog *about = ADW_ABOUT_DIALOG (dialog);

  translate_release_notes (about);
  adw_about_dialog_set_developer_name (about, _("The Accord developers"));
  adw_about_dialog_set_developers (about, (const char *[]) { _("The Accord developers"), NULL });
  /* Translators: replace with your names, one per line, e.g. "Jane Doe <jane@example.org>". */
  adw_about_dialog_set_translator_credits (about, _("translator-credits"));
  adw_about_dialog_set_copyright (about, _("© 2026 The Accord developers"));
  return dialog;
}
