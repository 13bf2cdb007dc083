#define G_LOG_DOMAIN "accord-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "accord-i18n.h"

/* Dates are spelled out here rather than by strftime(), whose month
 * names follow LC_TIME: the UI language and the time locale may differ,
 * and the dates must read in the UI language. */

static const char * const month_names[] = {
  /* Translators: a month name, as in "5 June 2026" and "June 2026" */
  N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
  N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};

/**
 * accord_i18n_get_language:
 *
 * Returns: the language the UI is shown in, "en" or "fr": the language
 *   of the content shown by default, and of sorting
 */
const char *
accord_i18n_get_language (void)
{
  /* Translators: the code of your language among Accord's content
   * languages: "fr" for French; keep "en" for any other language. */
  const char *lang = C_("content language", "en");

  return g_str_equal (lang, "fr") ? "fr" : "en";
}

/**
 * accord_i18n_get_other_language:
 *
 * Returns: the content language that is not the UI's, "fr" or "en": the
 *   one a text missing in the UI language falls back to
 */
const char *
accord_i18n_get_other_language (void)
{
  return g_str_equal (accord_i18n_get_language (), "fr") ? "en" : "fr";
}

/**
 * accord_i18n_format_count:
 * @n: a number of things, such as articles
 *
 * Returns: (transfer full): @n written as the interface's language writes
 *   it, its thousands grouped: "12,345" in English, "12 345" (with a
 *   narrow no-break space) in French. Not the locale's: the interface's
 *   language may be another.
 */
char *
accord_i18n_format_count (guint n)
{
  /* Translators: what groups the thousands of a number, as in "12,345";
   * French writes a narrow no-break space (U+202F) */
  const char *separator = C_("thousands separator", ",");
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *grouped = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (grouped, separator);
      g_string_append_c (grouped, digits[i]);
    }
  return g_string_free_and_steal (grouped);
}

/**
 * accord_i18n_isolate:
 * @text: a text from the feed, to show among other words
 *
 * Returns: (transfer full): @text isolated from the words around it: a
 *   name in Arabic, or a right-to-left override a feed put in one, does
 *   not reorder them
 */
char *
accord_i18n_isolate (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return g_strconcat (ACCORD_ISOLATE_START, text, ACCORD_ISOLATE_END, NULL);
}

/**
 * accord_i18n_mark_language:
 * @text: a text from the feed
 * @lang: (nullable): "en" or "fr" when @text is in that language for want
 *   of one in the interface's, else %NULL or ""
 *
 * Returns: (transfer full): @text, followed by the language it is in when
 *   that is not the interface's, for where a badge cannot go, such as a
 *   list of names in one line or a drop-down's choices
 */
char *
accord_i18n_mark_language (const char *text,
                           const char *lang)
{
  g_autofree char *isolated = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (lang == NULL || *lang == '\0')
    return g_strdup (text);
  /* Isolated, so that a name in Arabic or Hebrew, or a right-to-left
   * override in it, leaves the mark after it. */
  isolated = accord_i18n_isolate (text);
  return g_strdup_printf (g_str_equal (lang, "en")
                          /* Translators: a name from the feed shown in English for want of
                           * one in the interface's language, as a language badge would mark
                           * it; "EN" as on those badges */
                          ? C_("language mark", "%s (EN)")
                          /* Translators: a name from the feed shown in French for want of
                           * one in the interface's language; "FR" as on the language badges */
                          : C_("language mark", "%s (FR)"),
                          isolated);
}

/**
 * accord_i18n_mark_spoken:
 * @text: a text from the feed
 * @lang: "en" or "fr", the language @text is in, not the interface's
 *
 * Returns: (transfer full): @text as a screen reader reads it with its
 *   language badge
 */
char *
accord_i18n_mark_spoken (const char *text,
                         const char *lang)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  return g_strdup_printf (g_str_equal (lang, "en")
                          /* Translators: a name read by a screen reader, not in the
                           * UI language */
                          ? _("%s, in English")
                          /* Translators: a name read by a screen reader, not in the
                           * UI language */
                          : _("%s, in French"),
                          text);
}

/**
 * accord_i18n_append_spoken:
 * @spoken: what a screen reader is to say of a row, in parts
 * @part: (nullable): the next part, left out when empty
 *
 * Appends @part to @spoken, after a separator that makes a reader pause.
 */
void
accord_i18n_append_spoken (GString    *spoken,
                           const char *part)
{
  g_return_if_fail (spoken != NULL);

  if (part == NULL || *part == '\0')
    return;
  if (spoken->len > 0)
    /* Translators: what separates the parts of a row that a screen
     * reader reads out in one go: its name, date, number of articles */
    g_string_append (spoken, C_("spoken list", ", "));
  g_string_append (spoken, part);
}

static gboolean
parse_date (const char *date,
            guint      *year,
            guint      *month,
            guint      *day)
{
  gsize len = strlen (date);

  *year = *month = *day = 0;
  if (len < 4)
    return FALSE;
  *year = (guint) g_ascii_strtoull (date, NULL, 10);
  if (len >= 7)
    *month = (guint) g_ascii_strtoull (date + 5, NULL, 10);
  if (len >= 10)
    *day = (guint) g_ascii_strtoull (date + 8, NULL, 10);
  return *year > 0 && *month <= 12;
}

/**
 * accord_i18n_format_date:
 * @date: a date of the feed: YYYY-MM-DD, YYYY-MM or YYYY
 *
 * Returns: (transfer full): the date as precisely as it is known, in the
 *   UI language: "5 June 2026", "June 2026" or "2026"
 */
char *
accord_i18n_format_date (const char *date)
{
  guint year, month, day;

  g_return_val_if_fail (date != NULL, NULL);

  /* A year of fewer than four digits would read as a day ("June 1"): the
   * date as the feed writes it is clear. */
  if (!parse_date (date, &year, &month, &day) || year < 1000)
    return g_strdup (date);

  if (month == 0)
    return g_strdup_printf ("%u", year);
  if (day == 0)
    return accord_i18n_format_month (year * 100 + month);

  if (day == 1)
    /* Translators: a date on the first day of a month, which some
     * languages write apart ("1er juin 2026"); %1$s is the month name,
     * %2$u the day (1) and %3$u the year. Use every one of them. Join
     * the day and the month with a no-break space where your
     * typography asks it. */
    return g_strdup_printf (C_("full date, first of the month", "%2$u %1$s %3$u"),
                            _(month_names[month - 1]), day, year);

  /* Translators: a full date; %1$s is the month name, %2$u the day and
   * %3$u the year, as in "5 June 2026". Reorder them as your language
   * writes dates, e.g. "%1$s %2$u, %3$u" for "June 5, 2026", and join
   * the day and the month with a no-break space where your typography
   * asks it. */
  return g_strdup_printf (C_("full date", "%2$u %1$s %3$u"), _(month_names[month - 1]), day, year);
}

/**
 * accord_i18n_format_day:
 * @when: a moment
 *
 * Returns: (transfer full): its day in the local time zone, as
 *   accord_i18n_format_date() writes it
 */
char *
accord_i18n_format_day (GDateTime *when)
{
  g_autofree char *day = NULL;

  g_return_val_if_fail (when != NULL, NULL);

  day = g_date_time_format (when, "%Y-%m-%d");
  return accord_i18n_format_date (day);
}

/**
 * accord_i18n_format_time:
 * @when: a moment
 * @twelve_hour: whether on a 12-hour clock, as the desktop may be set
 *
 * Returns: (transfer full): its time of day, as "14:05" or "2:05 PM"
 */
char *
accord_i18n_format_time (GDateTime *when,
                         gboolean   twelve_hour)
{
  int hour, minute;

  g_return_val_if_fail (when != NULL, NULL);

  hour = g_date_time_get_hour (when);
  minute = g_date_time_get_minute (when);
  if (!twelve_hour)
    return g_strdup_printf ("%02d:%02d", hour, minute);
  if (hour < 12)
    /* Translators: a time of day on a 12-hour clock, before noon, as in
     * "9:05 AM" and "12:30 AM" (half past midnight) */
    return g_strdup_printf (C_("12-hour clock", "%d:%02d AM"), hour == 0 ? 12 : hour, minute);
  /* Translators: a time of day on a 12-hour clock, from noon, as in
   * "2:05 PM" and "12:30 PM" (half past noon) */
  return g_strdup_printf (C_("12-hour clock", "%d:%02d PM"), hour == 12 ? 12 : hour - 12, minute);
}

/**
 * accord_i18n_capitalize:
 * @text: a sentence or a heading that may start in lower case, as French
 *   writes a month in a sentence
 *
 * Returns: (transfer full): @text with a capital first letter
 */
char *
accord_i18n_capitalize (const char *text)
{
  char first[8] = { 0 };

  g_return_val_if_fail (text != NULL, NULL);

  if (*text == '\0')
    return g_strdup (text);
  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (text)), first);
  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

/**
 * accord_i18n_format_month:
 * @yyyymm: a month, as year × 100 + month
 *
 * Returns: (transfer full): the month and year, as in "June 2026"
 */
char *
accord_i18n_format_month (guint yyyymm)
{
  guint year = yyyymm / 100, month = yyyymm % 100;

  if (month < 1 || month > 12)
    return g_strdup_printf ("%04u", year);
  /* As accord_i18n_format_date() writes such years. */
  if (year < 1000)
    return g_strdup_printf ("%04u-%02u", year, month);

  /* Translators: a month and its year; %1$s is the month name and %2$u
   * the year, as in "June 2026". */
  return g_strdup_printf (C_("month and year", "%1$s %2$u"), _(month_names[month - 1]), year);
}

/**
 * accord_i18n_entity_kind:
 *
 * Returns: one entry's kind, not a section of the sidebar: a French law
 *   is a "texte législatif", not "législation"
 */
const char *
accord_i18n_entity_kind (AccordEntityKind kind)
{
  return kind == ACCORD_ENTITY_KIND_LEGISLATION ? C_("entity kind", "Legislation") : C_("entity kind", "Organisation");
}
