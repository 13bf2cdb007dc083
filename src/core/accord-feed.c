#define G_LOG_DOMAIN "accord-feed"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include <string.h>

#include "accord-feed.h"
#include "accord-string-table.h"
#include "accord-utils.h"

/* The feed parser: bytes in, a validated document plus warnings out.
 *
 * It checks a document in the two layers of the spec. Document errors
 * (size, encoding, syntax, depth, the top level) refuse everything and
 * come back as a GError; item errors skip one category, entity or
 * article and add a warning. Every message starts with the JSON path of
 * the problem. The validated items point into the parsed JSON tree,
 * which the AccordFeed keeps alive, so nothing is copied twice. */

struct _AccordFeed
{
  gatomicrefcount  ref_count;

  JsonNode        *root;
  GStringChunk    *strings;     /* cleaned-up copies of remote text */
  const char      *generated;
  gint64           generated_unix;

  GArray          *categories;  /* of AccordFeedCategory */
  GArray          *entities;    /* of AccordFeedEntity */
  GArray          *articles;    /* of AccordFeedArticle */

  GHashTable      *category_ids;
  GHashTable      *entity_ids;
  GHashTable      *article_ids;
  /* Skipped with a valid id: a reference to one says so. */
  GHashTable      *skipped_category_ids;
  GHashTable      *skipped_entity_ids;

  GPtrArray       *warnings;
  guint64          n_unlisted_warnings;
  guint            n_skipped;
  guint            n_skipped_entities;
  guint            n_skipped_articles;
};

G_DEFINE_BOXED_TYPE (AccordFeed, accord_feed, accord_feed_ref, accord_feed_unref)
G_DEFINE_QUARK (accord-feed-error-quark, accord_feed_error)

/* The item being read, for the JSON path in its messages. */
typedef struct
{
  AccordFeed *feed;
  const char *array;
  guint       index;
  gboolean    failed;
  GPtrArray  *held;     /* warnings told only if the item is kept */
} Item;

typedef enum
{
  TEXT_SINGLE_LINE,
  TEXT_SHOWN_LINE,   /* a single line shown as a name: without spaces around */
  TEXT_MULTI_LINE,
  TEXT_AS_WRITTEN,   /* checked as written: removing characters must not make it pass */
} TextShape;

#define CANCEL_CHECK_INTERVAL 4096

/* ---------------------------------------------------------------------- */
/* Messages                                                                */

#define QUOTED_CHARS 40

/* Text from the feed escaped as in JSON and cut to its first 40
 * characters: a message stays on one line, readable and unambiguous,
 * whatever the feed holds (a right-to-left override, invisible, would
 * reorder what follows it; a no-break space looks like a space). */
static void
append_escaped (GString    *out,
                const char *s)
{
  guint n = 0;

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == QUOTED_CHARS)
        {
          g_string_append (out, "…");
          return;
        }
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", (char) c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029 ||
               g_unichar_type (c) == G_UNICODE_FORMAT ||
               (c != ' ' && g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
}

static char *
quote_value (const char *s)
{
  GString *out = g_string_new ("\"");

  append_escaped (out, s);
  g_string_append_c (out, '"');
  return g_string_free_and_steal (out);
}

/* The path to member @key of @path: path.key, or path["key"] for a key
 * that is not a plain word. */
static char *
member_path (const char *path,
             const char *key)
{
  GString *out = g_string_new (path);
  gsize len = strlen (key);

  if (len > 0 && len <= QUOTED_CHARS &&
      strspn (key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == len)
    {
      g_string_append_printf (out, ".%s", key);
      return g_string_free_and_steal (out);
    }
  g_string_append (out, "[\"");
  append_escaped (out, key);
  g_string_append (out, "\"]");
  return g_string_free_and_steal (out);
}

static char *
describe_node (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    /* Translators: what a feed held where something else was expected,
     * as in "expected a string, got an object" */
    return g_strdup (_("an object"));
  if (JSON_NODE_HOLDS_ARRAY (node))
    /* Translators: as in "expected a string, got an array" */
    return g_strdup (_("an array"));

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return quote_value (json_node_get_string (node));

    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");

    case G_TYPE_INT64:
      /* The JSON library keeps a whole number past 64 bits as the
       * largest it holds, which the feed does not have. */
      if (json_node_get_int (node) == G_MAXINT64 || json_node_get_int (node) == G_MININT64)
        return g_strdup (_("a number out of range"));
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case G_TYPE_DOUBLE:
      {
        /* The shortest that reads back the same: 0.1, not 0.10000000000000001. */
        static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        double value = json_node_get_double (node);

        /* 1e400: not "inf", which the feed does not hold. */
        if (!isfinite (value))
          /* Translators: as in "expected the format version 1, got a
           * number out of range" */
          return g_strdup (_("a number out of range"));

        for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
          {
            g_ascii_formatd (buf, sizeof buf, formats[i], value);
            if (g_ascii_strtod (buf, NULL) == value)
              break;
          }
        return g_strdup (buf);
      }

    default:
      return g_strdup (_("a value"));
    }
}

/* Whether the list of warnings is full: any more are only counted. */
static gboolean
warnings_full (AccordFeed *feed)
{
  if (feed->warnings->len < ACCORD_FEED_MAX_LISTED_WARNINGS)
    return FALSE;
  feed->n_unlisted_warnings++;
  return TRUE;
}

static void
add_warning (AccordFeed *feed,
             char       *message)
{
  if (warnings_full (feed))
    {
      g_free (message);
      return;
    }
  g_debug ("%s", message);
  g_ptr_array_add (feed->warnings, message);
}

/* An error of the whole document, at @path ("$", "version", …): the
 * path is JSON's, the message in the interface's language. */
G_GNUC_PRINTF (4, 5)
static void
set_path_error (GError     **error,
                int          code,
                const char  *path,
                const char  *format,
                ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, ACCORD_FEED_ERROR, code, "%s: %s", path, detail);
}

/* "categories[2].name.en: " and the message: the path is JSON's, the
 * message is in the interface's language. */
static char *
item_message (Item       *item,
              const char *field,
              const char *format,
              va_list     args)
{
  g_autofree char *detail = g_strdup_vprintf (format, args);

  return g_strdup_printf ("%s[%u].%s: %s", item->array, item->index, field, detail);
}

/* A warning about @field of the item, which is kept. */
G_GNUC_PRINTF (3, 4)
static void
item_warn (Item       *item,
           const char *field,
           const char *format,
           ...)
{
  va_list args;

  if (warnings_full (item->feed))
    return;

  va_start (args, format);
  add_warning (item->feed, item_message (item, field, format, args));
  va_end (args);
}

/* A warning about how @field of the item is shown, which only matters
 * if it is kept: told once it is (see item_done()). */
G_GNUC_PRINTF (3, 4)
static void
item_warn_if_kept (Item       *item,
                   const char *field,
                   const char *format,
                   ...)
{
  va_list args;

  if (item->held == NULL)
    item->held = g_ptr_array_new_with_free_func (g_free);
  va_start (args, format);
  g_ptr_array_add (item->held, item_message (item, field, format, args));
  va_end (args);
}

/* The end of reading @item: a skipped item has only the warning of why. */
static void
item_done (Item *item)
{
  if (item->held == NULL)
    return;
  for (guint i = 0; i < item->held->len && !item->failed; i++)
    add_warning (item->feed, g_steal_pointer (&item->held->pdata[i]));
  g_clear_pointer (&item->held, g_ptr_array_unref);
}

/* An item error at @field: the item is skipped. Only the first problem
 * is reported. */
G_GNUC_PRINTF (3, 4)
static void
item_fail (Item       *item,
           const char *field,
           const char *format,
           ...)
{
  va_list args;

  if (item->failed)
    return;
  item->failed = TRUE;
  if (warnings_full (item->feed))
    return;

  va_start (args, format);
  add_warning (item->feed, item_message (item, field, format, args));
  va_end (args);
}

/* @expected: what @field should hold, translated */
static void
item_fail_type (Item       *item,
                const char *field,
                const char *expected,
                JsonNode   *node)
{
  g_autofree char *got = describe_node (node);

  /* Translators: both %s are kinds of value, as in "expected a string,
   * got an array", or a value as the feed wrote it, as in "got 12" */
  item_fail (item, field, _("expected %s, got %s"), expected, got);
}

/* ---------------------------------------------------------------------- */
/* Lexical checks                                                          */

static inline gboolean
is_lower_alnum (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* [a-z0-9][a-z0-9-]{0,63} */
static gboolean
is_valid_item_id (const char *id)
{
  gsize len = 0;

  if (!is_lower_alnum (id[0]))
    return FALSE;
  for (const char *p = id; *p; p++, len++)
    if (!is_lower_alnum (*p) && *p != '-')
      return FALSE;
  return len <= 64;
}

/**
 * accord_feed_is_valid_article_id:
 * @id: a string
 *
 * Returns: whether @id is an article id as the spec has them:
 *   `[A-Za-z0-9][A-Za-z0-9._-]{0,127}`
 */
gboolean
accord_feed_is_valid_article_id (const char *id)
{
  gsize len = 0;

  g_return_val_if_fail (id != NULL, FALSE);

  if (!g_ascii_isalnum (id[0]))
    return FALSE;
  for (const char *p = id; *p; p++, len++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return len <= 128;
}

static gboolean
read_digits (const char *s,
             guint       n,
             guint      *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      *value = *value * 10 + (guint) (s[i] - '0');
    }
  return TRUE;
}

/**
 * accord_feed_is_valid_date:
 * @date: a string
 * @full_only: whether only YYYY-MM-DD is accepted
 *
 * Returns: whether @date is a Date of the spec: `YYYY-MM-DD`, `YYYY-MM` or
 *   `YYYY`, naming a day, month or year that exists.
 */
gboolean
accord_feed_is_valid_date (const char *date,
                           gboolean    full_only)
{
  guint year, month, day;
  gsize len;

  g_return_val_if_fail (date != NULL, FALSE);

  len = strlen (date);
  if (len != 10 && (full_only || (len != 7 && len != 4)))
    return FALSE;
  if (!read_digits (date, 4, &year) || year == 0)
    return FALSE;
  if (len == 4)
    return TRUE;
  if (date[4] != '-' || !read_digits (date + 5, 2, &month) || month < 1 || month > 12)
    return FALSE;
  if (len == 7)
    return TRUE;
  if (date[7] != '-' || !read_digits (date + 8, 2, &day))
    return FALSE;
  return g_date_valid_dmy (day, month, year);
}

typedef enum
{
  WEB_URL_OK,
  WEB_URL_NOT_WEB,
  WEB_URL_MALFORMED,
  WEB_URL_USER_INFO,
} WebUrlCheck;

/* Characters no URL holds unescaped, though GUri lets them through:
 * spaces and controls, and characters that only format others, such as
 * a right-to-left override that would make the address read as another.
 * A backslash would be read as a slash by a browser, after another host. */
static gboolean
is_unsafe_in_url (gunichar c)
{
  if (c <= 0x20 || c == 0x7f || c == '\\')
    return TRUE;
  if (c < 0x80)
    return FALSE;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_SPACE_SEPARATOR:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether a browser reads @host as an IPv4 address, as it does any host
 * whose last label (a final dot aside) is a number, decimal or "0x"
 * hexadecimal: "127.1", "0x7f.0.0.1", "12345" or "example.0x1". */
static gboolean
ends_in_number (const char *host)
{
  gsize len = strlen (host);
  const char *last;

  if (len > 1 && host[len - 1] == '.')
    len--;
  last = g_strrstr_len (host, len, ".");
  last = last != NULL ? last + 1 : host;
  if (last == host + len)
    return FALSE;
  if (strspn (last, "0123456789") == (gsize) (host + len - last))
    return TRUE;
  return (last[0] == '0' && (last[1] == 'x' || last[1] == 'X') &&
          strspn (last + 2, "0123456789abcdefABCDEF") == (gsize) (host + len - last - 2));
}

/* A host a browser would go to as it is written, once its escapes are
 * read (which GUri has done): "ex%20ample.org" or "example.org%2F.x" is
 * none, nor is a number other than four decimal ones, which a browser
 * reads as another address than it shows ("127.1", "0x7f.1") or none
 * at all ("999.999.999.999"). */
static gboolean
is_web_host (const char *host)
{
  if (host[0] == '\0')
    return FALSE;
  if (g_hostname_is_ip_address (host))
    return TRUE;
  for (const char *p = host; *p; p++)
    if ((guchar) *p <= 0x20 || *p == 0x7f || strchr ("#%/:<>?@[\\]^|", *p) != NULL)
      return FALSE;
  /* An empty label: ".", "..example.org"; a final dot alone is allowed. */
  if (host[0] == '.' || strstr (host, "..") != NULL)
    return FALSE;
  return !ends_in_number (host);
}

static WebUrlCheck
check_web_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  for (const char *p = url; *p; p = g_utf8_next_char (p))
    if (is_unsafe_in_url (g_utf8_get_char (p)))
      return WEB_URL_MALFORMED;

  /* "/about" is no web address at all; "https://example.org/%zz" is a
   * broken one. Escapes stay as written past the host: "?q=caf%E9", of
   * a site still in Latin-1, or "%00" are escapes all the same, which a
   * browser passes on. */
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return g_uri_peek_scheme (url) != NULL ? WEB_URL_MALFORMED : WEB_URL_NOT_WEB;
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return WEB_URL_NOT_WEB;
  /* "https://" or "http:example.org" is a web address, a broken one. */
  if (g_uri_get_host (uri) == NULL || !is_web_host (g_uri_get_host (uri)))
    return WEB_URL_MALFORMED;
  /* https://www.gouv.fr@example.com/ leads to example.com. */
  if (g_uri_get_userinfo (uri) != NULL)
    return WEB_URL_USER_INFO;
  return WEB_URL_OK;
}

/* Why @url is not kept, for a warning, or NULL. */
static const char *
web_url_problem (const char *url)
{
  switch (check_web_url (url))
    {
    case WEB_URL_OK:
      return NULL;
    case WEB_URL_USER_INFO:
      return _("addresses with a user name or a password are not accepted");
    case WEB_URL_MALFORMED:
      return _("not a valid web address");
    case WEB_URL_NOT_WEB:
    default:
      return _("only http and https addresses are accepted");
    }
}

/**
 * accord_feed_is_web_url:
 * @url: a string
 *
 * Returns: whether @url is an absolute `http` or `https` URL with a host,
 *   and without spaces or control characters
 */
gboolean
accord_feed_is_web_url (const char *url)
{
  g_return_val_if_fail (url != NULL, FALSE);

  return check_web_url (url) == WEB_URL_OK;
}

/* Whether @p starts a character that cleaning changes: a control
 * character (C0, DEL or C1) other than the line breaks and tabs a
 * multi-line text keeps, or a Unicode line break in a single line. */
static gboolean
needs_cleaning (const guchar *p,
                TextShape     shape)
{
  if (p[0] < 0x20)
    return shape != TEXT_MULTI_LINE || (p[0] != '\n' && p[0] != '\t');
  if (p[0] == 0x7f)
    return TRUE;
  /* U+0080 to U+009F */
  if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
    return TRUE;
  /* U+2028 and U+2029 */
  return shape != TEXT_MULTI_LINE && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9);
}


/* Whether @text, up to @end, starts or ends with a space of any kind. */
static gboolean
has_space_around (const char *text,
                  const char *end)
{
  return end > text && (g_unichar_isspace (g_utf8_get_char (text)) ||
                        g_unichar_isspace (g_utf8_get_char (g_utf8_find_prev_char (text, end))));
}

/* @text without the spaces of any kind around it: a name indented by a
 * no-break space would show so, and sort first. */
static GString *
trim_spaces (GString *text)
{
  const char *start = text->str;
  const char *end = text->str + text->len;
  const char *before;

  while (start < end && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start && g_unichar_isspace (g_utf8_get_char (before = g_utf8_find_prev_char (start, end))))
    end = before;
  g_string_truncate (text, end - text->str);
  g_string_erase (text, 0, start - text->str);
  return text;
}

/* Plain text only: control characters other than line breaks and tabs
 * never reach the store, single-line fields stay on one line (a break of
 * any kind becoming a space), a text that shows nothing is empty, and a
 * name has no spaces around it.
 * Returns: @text so cleaned, or NULL when it needs no change. */
static GString *
cleaned (const char *text,
         TextShape   shape)
{
  const guchar *p;
  GString *clean;

  for (p = (const guchar *) text; *p && !needs_cleaning (p, shape); p++)
    ;
  if (*p == '\0')
    {
      if (accord_text_is_blank (text))
        return g_string_new (NULL);
      if (shape == TEXT_SHOWN_LINE && has_space_around (text, (const char *) p))
        return trim_spaces (g_string_new (text));
      return NULL;
    }

  clean = g_string_sized_new (strlen (text));
  for (p = (const guchar *) text; *p; p++)
    {
      gboolean multi = shape == TEXT_MULTI_LINE;

      if (p[0] == '\r' && p[1] == '\n')
        continue;
      if (p[0] == 0xc2 && p[1] == 0x85)
        {
          /* NEXT LINE, a line break of old encodings */
          g_string_append_c (clean, multi ? '\n' : ' ');
          p++;
        }
      else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
        p++;
      else if (!multi && needs_cleaning (p, shape) && p[0] == 0xe2)
        {
          g_string_append_c (clean, ' ');
          p += 2;
        }
      else if (p[0] == '\n' || p[0] == '\t' || p[0] == '\r')
        g_string_append_c (clean, multi && p[0] != '\r' ? (char) p[0] : multi ? '\n' : ' ');
      else if (p[0] >= 0x20 && p[0] != 0x7f)
        g_string_append_c (clean, (char) p[0]);
    }

  if (accord_text_is_blank (clean->str))
    g_string_truncate (clean, 0);
  return shape == TEXT_SHOWN_LINE ? trim_spaces (clean) : clean;
}

static const char *
clean_text (AccordFeed *feed,
            const char *text,
            TextShape   shape)
{
  g_autoptr(GString) clean = cleaned (text, shape);

  if (clean == NULL)
    return text;
  return g_string_chunk_insert_len (feed->strings, clean->str, (gssize) clean->len);
}

static char *
dup_cleaned (const char *text,
             TextShape   shape)
{
  g_autoptr(GString) clean = cleaned (text, shape);

  if (clean == NULL)
    return g_strdup (text);
  return clean->len > 0 ? g_string_free_and_steal (g_steal_pointer (&clean)) : NULL;
}

/**
 * accord_feed_dup_single_line:
 * @text: UTF-8 text
 *
 * Cleans @text as a feed's single-line fields are: without control
 * characters, each line break a space. For an id, which keeps the spaces
 * around it.
 *
 * Returns: (transfer full) (nullable): @text cleaned, or %NULL when it
 *   shows nothing
 */
char *
accord_feed_dup_single_line (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return dup_cleaned (text, TEXT_SINGLE_LINE);
}

/**
 * accord_feed_dup_shown_line:
 * @text: UTF-8 text
 *
 * Cleans @text as a feed's names, titles and sources are: as
 * accord_feed_dup_single_line() does, and without the spaces of any kind
 * around it.
 *
 * Returns: (transfer full) (nullable): @text cleaned, or %NULL when it
 *   shows nothing
 */
char *
accord_feed_dup_shown_line (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return dup_cleaned (text, TEXT_SHOWN_LINE);
}

/* ---------------------------------------------------------------------- */
/* Field readers: each returns FALSE (and fails the item) on a bad value. */

static JsonNode *
get_member (JsonObject *object,
            const char *field)
{
  JsonNode *node = json_object_get_member (object, field);

  /* null reads as absent: publishers often write it for "no value". */
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
read_string (Item        *item,
             JsonObject  *object,
             const char  *field,
             gboolean     required,
             TextShape    shape,
             const char **out)
{
  JsonNode *node = get_member (object, field);

  *out = NULL;
  if (node == NULL)
    {
      if (required)
        item_fail (item, field, _("missing"));
      return !required;
    }
  if (!node_is_string (node))
    {
      item_fail_type (item, field, _("a string"), node);
      return FALSE;
    }
  *out = shape == TEXT_AS_WRITTEN ? json_node_get_string (node)
                                  : clean_text (item->feed, json_node_get_string (node), shape);
  return TRUE;
}

static gboolean
read_text_object (Item           *item,
                  JsonNode       *node,
                  const char     *path,
                  gboolean        required,
                  TextShape       shape,
                  AccordFeedText *out)
{
  JsonObjectIter iter;
  const char *lang;
  JsonNode *value;
  gboolean any = FALSE;

  memset (out, 0, sizeof *out);
  if (node == NULL)
    {
      if (required)
        item_fail (item, path, _("missing"));
      return !required;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      item_fail_type (item, path, _("a text object such as {\"en\": …, \"fr\": …}"), node);
      return FALSE;
    }

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &lang, &value))
    {
      const char *text;

      /* A language not written yet, as publishers' tools often leave it. */
      if (JSON_NODE_HOLDS_NULL (value))
        continue;
      if (!node_is_string (value))
        {
          g_autofree char *field = member_path (path, lang);
          item_fail_type (item, field, _("a string"), value);
          return FALSE;
        }
      /* Control characters alone are no text. */
      text = clean_text (item->feed, json_node_get_string (value), shape);
      if (*text != '\0')
        any = TRUE;
      if (strcmp (lang, "en") == 0)
        out->en = text;
      else if (strcmp (lang, "fr") == 0)
        out->fr = text;
    }

  /* Without a non-empty language the text is missing: an error only
   * when it is required. */
  if (!any)
    {
      memset (out, 0, sizeof *out);
      if (required)
        item_fail (item, path, _("expected a text in at least one language"));
      /* The spec wants a key at least: {} is a mistake worth telling. */
      else if (json_object_get_size (json_node_get_object (node)) == 0)
        item_warn (item, path, _("expected a text in at least one language, got {}; ignored"));
      return !required;
    }

  if (out->en != NULL && *out->en == '\0')
    out->en = NULL;
  if (out->fr != NULL && *out->fr == '\0')
    out->fr = NULL;
  out->all = json_node_get_object (node);
  /* Kept, but a name shown as an id is worth telling: "EN" is no "en". */
  if (required && out->en == NULL && out->fr == NULL)
    item_warn_if_kept (item, path, _("no text in English or French, the languages Accord shows"));
  return TRUE;
}

static gboolean
read_text (Item           *item,
           JsonObject     *object,
           const char     *field,
           gboolean        required,
           TextShape       shape,
           AccordFeedText *out)
{
  return read_text_object (item, get_member (object, field), field, required, shape, out);
}

static gboolean
read_date (Item        *item,
           JsonObject  *object,
           const char  *field,
           gboolean     required,
           gboolean     full_only,
           const char **out)
{
  JsonNode *node;

  if (!read_string (item, object, field, required, TEXT_SINGLE_LINE, out))
    return FALSE;
  if (*out == NULL)
    return TRUE;

  /* The date as published: removing control characters must not make
   * a malformed one valid. */
  node = get_member (object, field);
  if (accord_feed_is_valid_date (json_node_get_string (node), full_only))
    return TRUE;

  item_fail_type (item, field,
                  /* Translators: the date formats of the feed's spec, Y for year, M month, D day */
                  full_only ? _("YYYY-MM-DD") : _("YYYY-MM-DD, YYYY-MM or YYYY"), node);
  *out = NULL;
  return FALSE;
}

static JsonArray *
read_array (Item       *item,
            JsonObject *object,
            const char *field)
{
  JsonNode *node = get_member (object, field);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      item_fail_type (item, field, _("an array"), node);
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
read_item_object (Item     *item,
                  JsonNode *node)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *got = NULL;
      g_autofree char *detail = NULL;

      item->failed = TRUE;
      if (warnings_full (item->feed))
        return NULL;
      got = describe_node (node);
      detail = g_strdup_printf (_("expected %s, got %s"), _("an object"), got);
      add_warning (item->feed, g_strdup_printf ("%s[%u]: %s", item->array, item->index, detail));
      return NULL;
    }
  return json_node_get_object (node);
}

/* The id of a category or entity, or of an article, unique in @seen. */
static gboolean
read_id (Item        *item,
         JsonObject  *object,
         gboolean     article,
         GHashTable  *seen,
         const char **out)
{
  const char *id;

  if (!read_string (item, object, "id", TRUE, TEXT_SINGLE_LINE, out))
    return FALSE;

  /* The id as published: removing control characters must not make a
   * malformed one valid. A valid id has none, so *out is that string. */
  id = json_node_get_string (json_object_get_member (object, "id"));
  if (!(article ? accord_feed_is_valid_article_id (id) : is_valid_item_id (id)))
    {
      /* Recorded as skipped under the id as written, as references are
       * read: "ev\u0001x" skipped says nothing of a reference to "evx". */
      *out = g_string_chunk_insert_const (item->feed->strings, id);
      item_fail_type (item, "id",
                      article ? _("an id of letters, digits, '.', '_' and '-' (at most 128)")
                              : _("an id of lowercase letters, digits and '-' (at most 64)"),
                      json_object_get_member (object, "id"));
      return FALSE;
    }
  if (g_hash_table_contains (seen, *out))
    {
      g_autofree char *quoted = quote_value (*out);

      /* Translators: %s is the id, quoted as the feed's JSON quotes it */
      item_fail (item, "id", _("duplicate id %s, the first one is kept"), quoted);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Items                                                                   */

static void
read_category (AccordFeed *feed,
               JsonNode   *node,
               guint       index)
{
  Item item = { feed, "categories", index, FALSE };
  AccordFeedCategory category = { 0 };
  JsonObject *object;

  if ((object = read_item_object (&item, node)) == NULL ||
      !read_id (&item, object, FALSE, feed->category_ids, &category.id) ||
      !read_text (&item, object, "name", TRUE, TEXT_SHOWN_LINE, &category.name))
    {
      if (category.id != NULL)
        g_hash_table_add (feed->skipped_category_ids, (gpointer) category.id);
      feed->n_skipped++;
      item_done (&item);
      return;
    }

  item_done (&item);
  g_hash_table_add (feed->category_ids, (gpointer) category.id);
  g_array_append_val (feed->categories, category);
}

static void
clear_profile (gpointer data)
{
  AccordFeedProfile *profile = data;

  g_clear_pointer (&profile->sections, g_array_unref);
}

static void
clear_entity (gpointer data)
{
  AccordFeedEntity *entity = data;

  g_clear_pointer (&entity->profiles, g_array_unref);
  g_clear_pointer (&entity->members, g_array_unref);
  g_clear_pointer (&entity->links, g_array_unref);
}

/* One section of a profile, at @field ("profile.en[2]"). */
static gboolean
read_section (Item              *item,
              const char        *field,
              JsonNode          *node,
              AccordFeedSection *section)
{
  g_autofree char *heading_field = g_strconcat (field, ".heading", NULL);
  g_autofree char *body_field = g_strconcat (field, ".body", NULL);
  JsonObject *object;
  JsonNode *heading, *body;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      item_fail_type (item, field, _("a section object"), node);
      return FALSE;
    }
  object = json_node_get_object (node);
  heading = get_member (object, "heading");
  body = get_member (object, "body");

  if (heading != NULL && !node_is_string (heading))
    {
      item_fail_type (item, heading_field, _("a string"), heading);
      return FALSE;
    }
  if (body == NULL)
    {
      item_fail (item, body_field, _("missing"));
      return FALSE;
    }
  if (!node_is_string (body))
    {
      item_fail_type (item, body_field, _("a string"), body);
      return FALSE;
    }

  /* A heading that shows nothing, " " as much as "", is no heading. */
  if (heading != NULL)
    section->heading = clean_text (item->feed, json_node_get_string (heading), TEXT_SHOWN_LINE);
  if (section->heading != NULL && section->heading[0] == '\0')
    section->heading = NULL;
  section->body = clean_text (item->feed, json_node_get_string (body), TEXT_MULTI_LINE);
  return TRUE;
}

/* The sections of one language, added to @profile as they are read. */
static gboolean
read_sections (Item              *item,
               JsonNode          *node,
               AccordFeedProfile *profile)
{
  g_autofree char *language_field = member_path ("profile", profile->lang);
  JsonArray *sections;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      item_fail_type (item, language_field, _("an array of sections"), node);
      return FALSE;
    }

  sections = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      g_autofree char *field = g_strdup_printf ("%s[%u]", language_field, i);
      AccordFeedSection section = { NULL, NULL };

      if (!read_section (item, field, json_array_get_element (sections, i), &section))
        return FALSE;
      g_array_append_val (profile->sections, section);
    }
  return TRUE;
}

static gboolean
read_profile (Item             *item,
              JsonObject       *object,
              AccordFeedEntity *entity)
{
  JsonNode *node = get_member (object, "profile");
  JsonObjectIter iter;
  const char *lang;
  JsonNode *sections_node;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      item_fail_type (item, "profile", _("an object of sections by language"), node);
      return FALSE;
    }

  entity->profiles = g_array_new (FALSE, TRUE, sizeof (AccordFeedProfile));
  g_array_set_clear_func (entity->profiles, clear_profile);

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &lang, &sections_node))
    {
      AccordFeedProfile profile = { lang, g_array_new (FALSE, TRUE, sizeof (AccordFeedSection)) };

      /* Owned by the entity from here on, even if a section is refused. */
      g_array_append_val (entity->profiles, profile);
      if (!read_sections (item, sections_node,
                          &g_array_index (entity->profiles, AccordFeedProfile, entity->profiles->len - 1)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_members (Item             *item,
              JsonObject       *object,
              AccordFeedEntity *entity)
{
  JsonArray *members = read_array (item, object, "members");
  g_autoptr(GHashTable) seen = NULL;

  if (members == NULL)
    return !item->failed;

  seen = accord_string_table_new (NULL, NULL);
  entity->members = g_array_sized_new (FALSE, TRUE, sizeof (AccordFeedMember),
                                       json_array_get_length (members));

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonNode *node = json_array_get_element (members, i);
      g_autofree char *field = g_strdup_printf ("members[%u]", i);
      AccordFeedMember member = { NULL, FALSE };
      JsonObject *member_object;
      JsonNode *country, *founding;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          item_fail_type (item, field, _("a member object"), node);
          return FALSE;
        }
      member_object = json_node_get_object (node);
      country = get_member (member_object, "country");
      founding = get_member (member_object, "founding");

      if (country == NULL)
        {
          g_autofree char *country_field = g_strconcat (field, ".country", NULL);

          item_fail (item, country_field, _("missing"));
          return FALSE;
        }
      /* Control characters alone are no code. An unknown code is kept
       * and shown as it is; only repeats go. */
      member.country = node_is_string (country)
                       ? clean_text (item->feed, json_node_get_string (country), TEXT_SHOWN_LINE) : NULL;
      if (member.country == NULL || *member.country == '\0')
        {
          g_autofree char *country_field = g_strconcat (field, ".country", NULL);
          item_fail_type (item, country_field, _("a country code such as \"FR\" or \"EU\""), country);
          return FALSE;
        }
      if (founding != NULL &&
          (!JSON_NODE_HOLDS_VALUE (founding) || json_node_get_value_type (founding) != G_TYPE_BOOLEAN))
        {
          g_autofree char *founding_field = g_strconcat (field, ".founding", NULL);
          /* Translators: true and false are JSON's, as a feed writes them */
          item_fail_type (item, founding_field, _("true or false"), founding);
          return FALSE;
        }

      member.founding = founding != NULL && json_node_get_boolean (founding);
      if (!g_hash_table_add (seen, (gpointer) member.country))
        {
          g_autofree char *quoted = quote_value (member.country);
          g_autofree char *country_field = g_strconcat (field, ".country", NULL);

          item_warn (item, country_field, _("%s is listed twice, the first one is kept"), quoted);
          continue;
        }
      g_array_append_val (entity->members, member);
    }

  return TRUE;
}

static gboolean
read_links (Item             *item,
            JsonObject       *object,
            AccordFeedEntity *entity)
{
  JsonArray *links = read_array (item, object, "links");
  const char *problem;
  guint n_held;

  if (links == NULL)
    return !item->failed;

  entity->links = g_array_sized_new (FALSE, TRUE, sizeof (AccordFeedLink),
                                     json_array_get_length (links));

  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonNode *node = json_array_get_element (links, i);
      g_autofree char *field = g_strdup_printf ("links[%u]", i);
      g_autofree char *label_field = g_strconcat (field, ".label", NULL);
      g_autofree char *url_field = g_strconcat (field, ".url", NULL);
      AccordFeedLink link = { { 0 }, NULL };
      JsonObject *link_object;
      JsonNode *url;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          item_fail_type (item, field, _("a link object"), node);
          return FALSE;
        }
      link_object = json_node_get_object (node);

      n_held = item->held != NULL ? item->held->len : 0;
      if (!read_text_object (item, get_member (link_object, "label"), label_field,
                             TRUE, TEXT_SHOWN_LINE, &link.label))
        return FALSE;

      url = get_member (link_object, "url");
      if (url == NULL)
        {
          item_fail (item, url_field, _("missing"));
          return FALSE;
        }
      if (!node_is_string (url))
        {
          item_fail_type (item, url_field, _("a string"), url);
          return FALSE;
        }
      if ((problem = web_url_problem (json_node_get_string (url))) != NULL)
        {
          g_autofree char *got = describe_node (url);
          /* Translators: the first %s says what is wrong with an address,
           * the second is the address */
          item_warn (item, url_field, _("%s, got %s; link dropped"), problem, got);
          /* How its label would show no longer matters. */
          if (item->held != NULL)
            g_ptr_array_set_size (item->held, n_held);
          continue;
        }

      link.url = json_node_get_string (url);
      g_array_append_val (entity->links, link);
    }

  return TRUE;
}

static gboolean
read_kind (Item             *item,
           JsonObject       *object,
           AccordFeedEntity *entity)
{
  const char *kind;

  if (!read_string (item, object, "kind", TRUE, TEXT_AS_WRITTEN, &kind))
    return FALSE;

  if (strcmp (kind, "organisation") == 0)
    entity->kind = ACCORD_ENTITY_KIND_ORGANISATION;
  else if (strcmp (kind, "legislation") == 0)
    entity->kind = ACCORD_ENTITY_KIND_LEGISLATION;
  else
    {
      /* A newer publisher may add kinds: skip, but as a warning. */
      g_autofree char *quoted = quote_value (kind);

      /* Translators: %s is the kind the feed gives, in quotes */
      item_fail (item, "kind", _("unknown kind %s, entity skipped"), quoted);
      return FALSE;
    }
  return TRUE;
}

static void
read_entity (AccordFeed *feed,
             JsonNode   *node,
             guint       index)
{
  Item item = { feed, "entities", index, FALSE };
  AccordFeedEntity entity = { 0 };
  JsonObject *object;

  if ((object = read_item_object (&item, node)) == NULL ||
      !read_id (&item, object, FALSE, feed->entity_ids, &entity.id) ||
      !read_kind (&item, object, &entity) ||
      !read_text (&item, object, "name", TRUE, TEXT_SHOWN_LINE, &entity.name) ||
      !read_text (&item, object, "acronym", FALSE, TEXT_SHOWN_LINE, &entity.acronym) ||
      !read_text (&item, object, "summary", FALSE, TEXT_MULTI_LINE, &entity.summary) ||
      !read_date (&item, object, "founded", FALSE, FALSE, &entity.founded) ||
      !read_date (&item, object, "updated", FALSE, FALSE, &entity.updated) ||
      !read_profile (&item, object, &entity) ||
      !read_members (&item, object, &entity) ||
      !read_links (&item, object, &entity))
    {
      if (entity.id != NULL)
        g_hash_table_add (feed->skipped_entity_ids, (gpointer) entity.id);
      clear_entity (&entity);
      feed->n_skipped++;
      feed->n_skipped_entities++;
      item_done (&item);
      return;
    }

  item_done (&item);
  g_hash_table_insert (feed->entity_ids, (gpointer) entity.id, GUINT_TO_POINTER (feed->entities->len));
  g_array_append_val (feed->entities, entity);
}

static gboolean
read_article_category (Item              *item,
                       JsonObject        *object,
                       AccordFeedArticle *article)
{
  if (!read_string (item, object, "category", FALSE, TEXT_AS_WRITTEN, &article->category))
    return FALSE;
  if (article->category != NULL && !g_hash_table_contains (item->feed->category_ids, article->category))
    {
      g_autofree char *quoted = quote_value (article->category);

      if (g_hash_table_contains (item->feed->skipped_category_ids, article->category))
        item_warn (item, "category", _("the category %s was skipped, shown without one"), quoted);
      else
        item_warn (item, "category", _("unknown category %s, shown without one"), quoted);
      article->category = NULL;
    }
  return TRUE;
}

/* The spec drops an article's link that is anything but an http(s)
 * address, of another type too: the article stays. */
static void
read_article_url (Item              *item,
                  JsonObject        *object,
                  AccordFeedArticle *article)
{
  JsonNode *node = get_member (object, "url");
  g_autofree char *got = NULL;
  const char *problem;

  article->url = NULL;
  if (node == NULL)
    return;
  if (!node_is_string (node))
    {
      got = describe_node (node);
      /* Translators: %s is what an article's link holds instead of an
       * address, as in "got 12" or "got an array"; the link is then
       * dropped, the article kept */
      item_warn (item, "url", _("expected a string, got %s; dropped"), got);
      return;
    }
  /* As written, like a link's: a URL holds no control character. */
  if ((problem = web_url_problem (json_node_get_string (node))) != NULL)
    {
      got = describe_node (node);
      /* Translators: the first %s says what is wrong with an article's
       * link, the second is the link as the feed gives it; the link is
       * then dropped, the article kept */
      item_warn (item, "url", _("%s, got %s; dropped"), problem, got);
      return;
    }
  article->url = json_node_get_string (node);
}

static gboolean
read_article_entities (Item              *item,
                       JsonObject        *object,
                       AccordFeedArticle *article)
{
  JsonNode *node = get_member (object, "entities");
  g_autoptr(GHashTable) seen = NULL;
  JsonArray *array;
  guint n;

  if (node == NULL)
    {
      item_fail (item, "entities", _("missing"));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      item_fail_type (item, "entities", _("an array of entity ids"), node);
      return FALSE;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  article->entities = g_new (const char *, n + 1);
  article->n_entities = 0;
  /* A long list is checked for repeats with a set: as long as the list
   * of entities, it would take minutes one by one. */
  if (n > 16)
    seen = accord_string_table_new (NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *id;
      gboolean repeated = FALSE;

      if (!node_is_string (element))
        {
          g_autofree char *field = g_strdup_printf ("entities[%u]", i);
          item_fail_type (item, field, _("an entity id"), element);
          return FALSE;
        }
      id = json_node_get_string (element);
      if (!g_hash_table_contains (item->feed->entity_ids, id))
        {
          g_autofree char *quoted = NULL;
          g_autofree char *field = NULL;

          /* Millions of these fit in a feed: only counted, past the list. */
          if (warnings_full (item->feed))
            continue;
          quoted = quote_value (id);
          field = g_strdup_printf ("entities[%u]", i);
          if (g_hash_table_contains (item->feed->skipped_entity_ids, id))
            item_warn (item, field, _("the entity %s was skipped; dropped"), quoted);
          else
            item_warn (item, field, _("no entity has the id %s; dropped"), quoted);
          continue;
        }
      if (seen != NULL)
        repeated = !g_hash_table_add (seen, (gpointer) id);
      else
        for (guint j = 0; j < article->n_entities && !repeated; j++)
          repeated = strcmp (article->entities[j], id) == 0;
      if (!repeated)
        article->entities[article->n_entities++] = id;
    }
  article->entities[article->n_entities] = NULL;

  return TRUE;
}

static void
read_article (AccordFeed *feed,
              JsonNode   *node,
              guint       index)
{
  Item item = { feed, "articles", index, FALSE };
  AccordFeedArticle article = { 0 };
  JsonObject *object;

  if ((object = read_item_object (&item, node)) == NULL ||
      !read_id (&item, object, TRUE, feed->article_ids, &article.id) ||
      !read_date (&item, object, "date", TRUE, TRUE, &article.date) ||
      !read_text (&item, object, "title", TRUE, TEXT_SHOWN_LINE, &article.title) ||
      !read_text (&item, object, "summary", FALSE, TEXT_MULTI_LINE, &article.summary) ||
      !read_string (&item, object, "source", FALSE, TEXT_SHOWN_LINE, &article.source) ||
      !read_article_category (&item, object, &article) ||
      !read_article_entities (&item, object, &article))
    {
      g_free (article.entities);
      feed->n_skipped++;
      feed->n_skipped_articles++;
      item_done (&item);
      return;
    }

  read_article_url (&item, object, &article);
  item_done (&item);
  g_hash_table_add (feed->article_ids, (gpointer) article.id);
  g_array_append_val (feed->articles, article);
}

static void
clear_article (gpointer data)
{
  AccordFeedArticle *article = data;

  g_clear_pointer (&article->entities, g_free);
}

/* ---------------------------------------------------------------------- */
/* The document                                                            */

/* How a \uXXXX escape is read. json-glib ends a string at \u0000, and
 * refuses a surrogate without its other half, which JavaScript writes for
 * a string cut in the middle of an emoji: both are rewritten before it
 * reads the document, to \u0001 (a control character like the others) and
 * to \uFFFD (the replacement character, as most JSON readers do). */
typedef enum
{
  ESCAPE_AS_IS,
  ESCAPE_NUL,
  ESCAPE_LONE_SURROGATE,
} EscapeRewrite;

static gboolean
read_escape_code (const char *p,
                  const char *end,
                  guint      *code)
{
  *code = 0;
  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return FALSE;
  for (guint i = 2; i < 6; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return FALSE;
      *code = *code * 16 + (guint) digit;
    }
  return TRUE;
}

/* @p is at the backslash of a \u escape. Returns how it is rewritten;
 * @length is how many bytes it takes (12 for a surrogate pair), @decoded
 * what it takes read, in UTF-8. A malformed one is json-glib's to refuse. */
static EscapeRewrite
read_u_escape (const char *p,
               const char *end,
               gsize      *length,
               gsize      *decoded)
{
  guint code, low;

  *decoded = 3;
  if (!read_escape_code (p, end, &code))
    {
      /* Malformed: past the hex digits there are, not past a closing
       * quote, so that the scan keeps its place for json-glib's error. */
      gsize n = 2;

      while (n < 6 && p + n < end && g_ascii_isxdigit (p[n]))
        n++;
      *length = n;
      return ESCAPE_AS_IS;
    }
  *length = 6;
  if (code == 0)
    {
      *decoded = 1;
      return ESCAPE_NUL;
    }
  if (code >= 0xD800 && code <= 0xDBFF && read_escape_code (p + 6, end, &low) && low >= 0xDC00 && low <= 0xDFFF)
    {
      *length = 12;
      *decoded = 4;
      return ESCAPE_AS_IS;
    }
  if (code >= 0xD800 && code <= 0xDFFF)
    return ESCAPE_LONE_SURROGATE;
  *decoded = code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
  return ESCAPE_AS_IS;
}

/* Rewrites, in place, the escape at @p as read_u_escape() said. */
static void
rewrite_escape (char          *p,
                EscapeRewrite  rewrite)
{
  if (rewrite == ESCAPE_NUL)
    memcpy (p + 2, "0001", 4);
  else if (rewrite == ESCAPE_LONE_SURROGATE)
    memcpy (p + 2, "FFFD", 4);
}

/* Rewrites the escapes of @text, JSON strings' contents or a whole
 * document, as read_u_escape() says: outside strings, valid JSON has no
 * backslash. */
static void
rewrite_escapes_in_place (char  *text,
                          gsize  len)
{
  const char *end = text + len;

  for (char *p = text; p < end; p++)
    {
      if (*p != '\\' || p + 1 >= end)
        continue;
      if (p[1] == 'u')
        {
          gsize length, decoded;

          rewrite_escape (p, read_u_escape (p, end, &length, &decoded));
          p += length - 1;
        }
      else
        p++;
    }
}

/* A copy of the string @raw (JSON, without its quotes) with its escapes
 * rewritten as the document's are. */
static char *
rewrite_escapes_in (const char *raw,
                    gsize       len)
{
  char *copy = g_strndup (raw, len);

  rewrite_escapes_in_place (copy, len);
  return copy;
}

/**
 * accord_json_mend_escapes:
 * @data: a JSON document, of @len bytes
 *
 * For JSON read without the feed's checks, such as a bookmarks file: the
 * escapes json-glib reads wrong are written as a feed's are, "\u0000" as
 * "\u0001" (a control character, which the reader removes, where
 * json-glib would end the text) and a lone surrogate as U+FFFD (where
 * json-glib would refuse the whole document).
 *
 * Returns: (transfer full): a copy of @data, mended, NUL-terminated
 */
char *
accord_json_mend_escapes (const char *data,
                          gsize       len)
{
  char *copy;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  copy = g_malloc (len + 1);
  if (len > 0)
    memcpy (copy, data, len);
  copy[len] = '\0';
  rewrite_escapes_in_place (copy, len);
  return copy;
}

/* What json-glib's reading of a document costs, estimated while scanning
 * it: within the size limit, a hostile document of empty objects would
 * take gigabytes, and one large object hours: json-glib walks an object's
 * members to find a repeated name, and its hash of names is easy to make
 * collide. So members past the first SMALL_OBJECT of an object cost
 * their position, whatever their names. Legitimate feeds stay far below
 * both bounds: their largest objects are texts keyed by language. */
#define NODE_BYTES         96
#define OBJECT_BYTES       240   /* beyond its node */
#define ARRAY_BYTES        64
#define MAX_READ_BYTES     ACCORD_FEED_MAX_READ_BYTES
#define SMALL_OBJECT       64
/* Reading an object costs about the square of its number of members at
 * worst: one object may cost what 10,000 members do, and all of them
 * together a few seconds (thousands of texts in hundreds of languages). */
#define MAX_OBJECT_MEMBER_STEPS G_GUINT64_CONSTANT (50000000)
#define MAX_MEMBER_STEPS        G_GUINT64_CONSTANT (400000000)

typedef struct
{
  gboolean    object;
  guint       n_members;
  guint64     member_steps;
  guint       index;       /* of an array's current element */
  const char *name;        /* of an object's current member, as written */
  gsize       name_len;
} Frame;

typedef struct
{
  gsize         offset;
  EscapeRewrite rewrite;
} EscapeAt;

#define UTF8_BOM "\xEF\xBB\xBF"

/* What JSON allows next, as the scan goes. */
typedef enum
{
  EXPECT_VALUE,           /* at the start, after ':' or an array's ',' */
  EXPECT_VALUE_OR_CLOSE,  /* after '[' */
  EXPECT_NAME,            /* after an object's ',' */
  EXPECT_NAME_OR_CLOSE,   /* after '{' */
  EXPECT_COLON,           /* after a member's name */
  EXPECT_COMMA_OR_CLOSE,  /* after a value in an array or an object */
  EXPECT_END,             /* after the top-level value */
} Expect;

typedef struct
{
  const char *data;
  const char *end;
  Expect      expect;
  Frame       frames[ACCORD_FEED_MAX_DEPTH + 1];
  guint       depth;
  guint64     read_bytes;
  guint64     member_steps;
  gboolean    cost_only;     /* not a feed: its string rules do not apply */
  guint64     max_read_bytes;
  GArray     *rewrites;      /* of EscapeAt: the escapes to rewrite */
} Scan;

/* A member name as written in the document, its escapes read. */
static char *
frame_name (const Frame *frame)
{
  g_autofree char *raw = rewrite_escapes_in (frame->name, frame->name_len);
  g_autofree char *quoted = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (strchr (raw, '\\') == NULL)
    return g_steal_pointer (&raw);
  quoted = g_strdup_printf ("\"%s\"", raw);
  node = json_from_string (quoted, NULL);
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_dup_string (node);
  return g_steal_pointer (&raw);
}

/* Where the scan is, down to @depth, written as the other messages write
 * paths: articles[12].summary.en, or $ for the document. */
static char *
scan_path (const Scan *scan,
           guint       depth)
{
  g_autoptr(GString) path = g_string_new (NULL);

  for (guint d = 1; d <= depth; d++)
    {
      const Frame *frame = &scan->frames[d];

      if (!frame->object)
        g_string_append_printf (path, "[%u]", frame->index);
      /* No member name yet, in JSON as broken as {{: the object is where. */
      else if (frame->name == NULL)
        break;
      else
        {
          g_autofree char *name = frame_name (frame);
          g_autofree char *member = member_path ("", name);

          g_string_append (path, path->len == 0 && member[0] == '.' ? member + 1 : member);
        }
    }
  if (path->len == 0)
    g_string_append_c (path, '$');
  return g_string_free_and_steal (g_steal_pointer (&path));
}

static gboolean
count_member (Scan    *scan,
              Frame   *frame,
              GError **error)
{
  guint n = frame->n_members++;

  if (n < SMALL_OBJECT)
    return TRUE;
  frame->member_steps += n;
  scan->member_steps += n;
  if (frame->member_steps > MAX_OBJECT_MEMBER_STEPS)
    {
      g_autofree char *path = scan_path (scan, scan->depth - 1);

      set_path_error (error, ACCORD_FEED_ERROR_TOO_LARGE, path,
                      "%s", _("an object has too many members to read it safely"));
      return FALSE;
    }
  if (scan->member_steps > MAX_MEMBER_STEPS)
    {
      set_path_error (error, ACCORD_FEED_ERROR_TOO_LARGE, "$",
                      "%s", _("the objects have too many members in all to read them safely"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
count_node (Scan     *scan,
            guint64   bytes,
            GError  **error)
{
  scan->read_bytes += bytes;
  if (scan->read_bytes > scan->max_read_bytes)
    {
      set_path_error (error, ACCORD_FEED_ERROR_TOO_LARGE, "$",
                      "%s", _("the document holds too many values to read it safely"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_container (Scan     *scan,
                gboolean  object,
                GError  **error)
{
  Frame *frame;

  if (scan->depth >= ACCORD_FEED_MAX_DEPTH)
    {
      g_autofree char *path = scan_path (scan, scan->depth);
      set_path_error (error, ACCORD_FEED_ERROR_TOO_DEEP, path,
                      _("nested deeper than %d levels"), ACCORD_FEED_MAX_DEPTH);
      return FALSE;
    }
  frame = &scan->frames[++scan->depth];
  memset (frame, 0, sizeof *frame);
  frame->object = object;
  scan->expect = object ? EXPECT_NAME_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
  return count_node (scan, NODE_BYTES + (object ? OBJECT_BYTES : ARRAY_BYTES), error);
}

static void
value_done (Scan *scan)
{
  scan->expect = scan->depth == 0 ? EXPECT_END : EXPECT_COMMA_OR_CLOSE;
}

static void
close_container (Scan *scan)
{
  g_assert (scan->depth > 0);
  scan->depth--;
  value_done (scan);
}

static void
note_rewrite (Scan          *scan,
              gsize          offset,
              EscapeRewrite  rewrite)
{
  EscapeAt at = { offset, rewrite };

  if (scan->rewrites == NULL)
    scan->rewrites = g_array_new (FALSE, FALSE, sizeof (EscapeAt));
  g_array_append_val (scan->rewrites, at);
}

/* JSON wants control characters in a string escaped; json-glib lets most
 * of them through. */
static void
set_raw_control_error (Scan        *scan,
                       guchar       c,
                       gboolean     is_name,
                       GError     **error)
{
  g_autofree char *path = scan_path (scan, is_name ? scan->depth - 1 : scan->depth);
  g_autofree char *code = g_strdup_printf ("U+%04X", c);

  set_path_error (error, ACCORD_FEED_ERROR_NOT_JSON, path,
                  /* Translators: %s is a character's code, such as U+0001 */
                  _("not valid JSON: a control character (%s) written as it is in a string"), code);
}

/* Where @p is, as an editor counts: lines and characters from 1. */
static void
scan_position (const Scan *scan,
               const char *p,
               guint      *line,
               guint      *column)
{
  const char *line_start = scan->data;

  *line = 1;
  /* A line ends at \n, \r\n, or \r alone, as in old Mac files. */
  for (const char *q = scan->data; q < p; q++)
    if (*q == '\n' || (*q == '\r' && (q + 1 == scan->end || q[1] != '\n')))
      {
        (*line)++;
        line_start = q + 1;
      }
  *column = (guint) g_utf8_strlen (line_start, p - line_start) + 1;
}

/* The syntax errors json-glib would find, told where they are in words a
 * publisher can act on; @detail is what is wrong at @p. One in a member
 * name is told at its object, as the name is not known. */
static void
set_syntax_error (Scan        *scan,
                  const char  *p,
                  gboolean     in_name,
                  const char  *detail,
                  GError     **error)
{
  g_autofree char *path = scan_path (scan, in_name ? scan->depth - 1 : scan->depth);
  guint line, column;

  scan_position (scan, p, &line, &column);
  set_path_error (error, ACCORD_FEED_ERROR_NOT_JSON, path,
                  /* Translators: %u are a line and a column in the document; %s
                   * says what is wrong there, as in "expected “,” or “}”, found “]”" */
                  _("not valid JSON at line %u, column %u: %s"), line, column, detail);
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '+' || c == '-' || c == '_';
}

/* The word or number at @p, as a whole, or its one character. */
static char *
quote_token (const Scan *scan,
             const char *p)
{
  const char *q = p;
  g_autofree char *token = NULL;
  g_autofree char *quoted = NULL;

  while (q < scan->end && q - p < 24 && is_token_char (*q))
    q++;
  if (q == p)
    q = g_utf8_next_char (p);
  if (q - p == 1 && ((guchar) *p < 0x20 || *p == 0x7f))
    return g_strdup_printf ("U+%04X", (guchar) *p);
  token = g_strndup (p, (gsize) (q - p));
  /* Translators: a bit of the document quoted in a message, as in
   * expected a value, found “tru” */
  quoted = g_strdup_printf (C_("quoted", "“%s”"), token);
  /* A typographic quote or a look-alike is named too. */
  if ((guchar) *p >= 0x80)
    return g_strdup_printf ("%s (U+%04X)", quoted, g_utf8_get_char (p));
  return g_steal_pointer (&quoted);
}

static const char *
describe_expected (const Scan *scan)
{
  switch (scan->expect)
    {
    case EXPECT_VALUE:
      return _("a value");
    case EXPECT_VALUE_OR_CLOSE:
      return _("a value or “]”");
    case EXPECT_NAME:
      return _("a member name in double quotes");
    case EXPECT_NAME_OR_CLOSE:
      return _("a member name in double quotes or “}”");
    case EXPECT_COLON:
      return _("“:”");
    case EXPECT_COMMA_OR_CLOSE:
      return scan->frames[scan->depth].object ? _("“,” or “}”") : _("“,” or “]”");
    case EXPECT_END:
      return _("the end of the document");
    default:
      g_assert_not_reached ();
    }
}

static void
set_unexpected_error (Scan        *scan,
                      const char  *p,
                      GError     **error)
{
  g_autofree char *found = p == scan->end ? g_strdup (_("the end of the document"))
                         : *p == '"'      ? g_strdup (_("a string"))
                                          : quote_token (scan, p);
  /* Translators: the first %s is what JSON allows there, as “,” or “}”,
   * the second what the document has, as “]” or a string */
  g_autofree char *detail = g_strdup_printf (_("expected %s, found %s"), describe_expected (scan), found);

  set_syntax_error (scan, p, FALSE, detail, error);
}

/* The malformed escape at @p, quoted: a \u with the hex digits it has,
 * or the backslash and the character after it. */
static char *
quote_escape (const Scan *scan,
              const char *p)
{
  const char *q = p + 2;
  g_autofree char *escape = NULL;

  if (p[1] == 'u')
    while (q < scan->end && q - p < 6 && g_ascii_isxdigit (*q))
      q++;
  else
    q = g_utf8_next_char (p + 1);
  escape = g_strndup (p, (gsize) (q - p));
  return g_strdup_printf (C_("quoted", "“%s”"), escape);
}

/* Past the backslash at @p and what it escapes, or NULL when JSON knows
 * no such escape. */
static const char *
skip_escape (Scan        *scan,
             const char  *p,
             gboolean     in_name,
             GError     **error)
{
  guint code;
  g_autofree char *quoted = NULL;
  g_autofree char *detail = NULL;

  g_assert (p + 1 < scan->end);
  if (p[1] != '\0' && strchr ("\"\\/bfnrt", p[1]) != NULL)
    return p + 2;
  if (p[1] == 'u' && read_escape_code (p, scan->end, &code))
    return p + 6;

  quoted = quote_escape (scan, p);
  /* Translators: %s is what follows a backslash in a string, as “\x” */
  detail = g_strdup_printf (_("%s is not an escape JSON knows"), quoted);
  set_syntax_error (scan, p, in_name, detail, error);
  return NULL;
}

/* Past the string whose opening quote is at @p: returns its closing
 * quote, having checked it is valid JSON and its decoded size. */
static const char *
skip_string (Scan        *scan,
             const char  *p,
             gboolean     is_name,
             GError     **error)
{
  const char *end = scan->end;
  const char *start = p;
  gsize decoded = 0;

  for (p++; p < end && *p != '"'; p++)
    {
      /* JSON's own rule, not only a feed's: json-glib lets most through,
       * and stops at others with a message of its own. */
      if ((guchar) *p < 0x20)
        {
          set_raw_control_error (scan, (guchar) *p, is_name, error);
          return NULL;
        }
      if (*p != '\\')
        decoded++;
      /* A backslash last: the string is not closed. */
      else if (p + 1 == end)
        {
          p = end;
          break;
        }
      else if (skip_escape (scan, p, is_name, error) == NULL)
        return NULL;
      else if (p[1] == 'u')
        {
          gsize length, escape_decoded;
          EscapeRewrite rewrite = read_u_escape (p, end, &length, &escape_decoded);

          if (rewrite != ESCAPE_AS_IS)
            note_rewrite (scan, (gsize) (p - scan->data), rewrite);
          decoded += escape_decoded;
          p += length - 1;
        }
      else
        {
          p++;
          decoded++;
        }
    }
  if (p == end)
    {
      set_syntax_error (scan, start, is_name, _("a string is not closed"), error);
      return NULL;
    }
  if (decoded > ACCORD_FEED_MAX_STRING_BYTES && !scan->cost_only)
    {
      /* A name too long is told at its object: it cannot be written out. */
      g_autofree char *path = scan_path (scan, is_name ? scan->depth - 1 : scan->depth);
      set_path_error (error, ACCORD_FEED_ERROR_STRING_TOO_LONG, path,
                      is_name ? _("a member name is longer than %d KiB") : _("a string is longer than %d KiB"),
                      ACCORD_FEED_MAX_STRING_BYTES / 1024);
      return NULL;
    }
  return p;
}

/* Past the number at @p, or NULL when it is not one as JSON writes them:
 * no leading zero, nor a point or an exponent without digits. */
static const char *
skip_number (const char *p,
             const char *end)
{
  if (p < end && *p == '-')
    p++;
  if (p >= end || !g_ascii_isdigit (*p))
    return NULL;
  if (*p == '0')
    p++;
  else
    while (p < end && g_ascii_isdigit (*p))
      p++;
  if (p < end && *p == '.')
    {
      if (++p >= end || !g_ascii_isdigit (*p))
        return NULL;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      if (++p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return NULL;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  /* 01 or 1.2.3: one malformed number, not a number and then more. */
  if (p < end && is_token_char (*p))
    return NULL;
  return p;
}

static gboolean
is_literal_at (const Scan *scan,
               const char *p,
               const char *word)
{
  gsize len = strlen (word);

  return (gsize) (scan->end - p) >= len && memcmp (p, word, len) == 0 &&
         (p + len == scan->end || !is_token_char (p[len]));
}

/* A number, true, false or null where a value may be: returns past it. */
static const char *
skip_scalar (Scan        *scan,
             const char  *p,
             GError     **error)
{
  const char *next = NULL;

  if (*p == '-' || g_ascii_isdigit (*p))
    {
      if ((next = skip_number (p, scan->end)) == NULL)
        {
          g_autofree char *quoted = quote_token (scan, p);
          /* Translators: %s is a number as the document writes it, as “01” */
          g_autofree char *detail = g_strdup_printf (_("the number %s is malformed"), quoted);

          set_syntax_error (scan, p, FALSE, detail, error);
          return NULL;
        }
    }
  else if (is_literal_at (scan, p, "true"))
    next = p + 4;
  else if (is_literal_at (scan, p, "false"))
    next = p + 5;
  else if (is_literal_at (scan, p, "null"))
    next = p + 4;
  else
    {
      set_unexpected_error (scan, p, error);
      return NULL;
    }
  if (!count_node (scan, NODE_BYTES, error))
    return NULL;
  value_done (scan);
  return next;
}

static gboolean
expects_value (const Scan *scan)
{
  return scan->expect == EXPECT_VALUE || scan->expect == EXPECT_VALUE_OR_CLOSE;
}

static gboolean
expects_name (const Scan *scan)
{
  return scan->expect == EXPECT_NAME || scan->expect == EXPECT_NAME_OR_CLOSE;
}

/* Whether @c closes the container the scan is in, where it may. */
static gboolean
may_close (const Scan *scan,
           char        c)
{
  const Frame *frame = &scan->frames[scan->depth];

  if (scan->depth == 0 || frame->object != (c == '}'))
    return FALSE;
  return scan->expect == EXPECT_COMMA_OR_CLOSE ||
         scan->expect == (frame->object ? EXPECT_NAME_OR_CLOSE : EXPECT_VALUE_OR_CLOSE);
}

static gboolean
scan_string (Scan        *scan,
             const char **p,
             GError     **error)
{
  Frame *frame = &scan->frames[scan->depth];
  gboolean is_name = expects_name (scan);
  const char *start = *p;

  if (!is_name && !expects_value (scan))
    {
      set_unexpected_error (scan, *p, error);
      return FALSE;
    }
  if ((*p = skip_string (scan, *p, is_name, error)) == NULL)
    return FALSE;
  if (!is_name)
    {
      value_done (scan);
      return count_node (scan, NODE_BYTES, error);
    }
  scan->expect = EXPECT_COLON;
  frame->name = start + 1;
  frame->name_len = (gsize) (*p - start - 1);
  return count_member (scan, frame, error);
}

static gboolean
scan_bytes (Scan    *scan,
            GError **error)
{
  for (const char *p = scan->data; p < scan->end; p++)
    {
      Frame *frame = &scan->frames[scan->depth];

      switch (*p)
        {
        case ' ': case '\t': case '\n': case '\r':
          continue;

        case '[':
        case '{':
          if (!expects_value (scan))
            {
              set_unexpected_error (scan, p, error);
              return FALSE;
            }
          if (!open_container (scan, *p == '{', error))
            return FALSE;
          break;

        case ']':
        case '}':
          if (!may_close (scan, *p))
            {
              set_unexpected_error (scan, p, error);
              return FALSE;
            }
          close_container (scan);
          break;

        case ',':
          if (scan->expect != EXPECT_COMMA_OR_CLOSE)
            {
              set_unexpected_error (scan, p, error);
              return FALSE;
            }
          scan->expect = frame->object ? EXPECT_NAME : EXPECT_VALUE;
          /* What comes wrong after the comma is the object's, not the
           * last member's: {"articles": [],} is told at "$". */
          if (frame->object)
            frame->name = NULL;
          else
            frame->index++;
          break;

        case ':':
          if (scan->expect != EXPECT_COLON)
            {
              set_unexpected_error (scan, p, error);
              return FALSE;
            }
          scan->expect = EXPECT_VALUE;
          break;

        case '"':
          if (!scan_string (scan, &p, error))
            return FALSE;
          break;

        default:
          if (!expects_value (scan))
            {
              set_unexpected_error (scan, p, error);
              return FALSE;
            }
          if ((p = skip_scalar (scan, p, error)) == NULL)
            return FALSE;
          p--;
          break;
        }
    }

  if (scan->expect == EXPECT_END)
    return TRUE;
  if (scan->depth == 0)
    {
      set_path_error (error, ACCORD_FEED_ERROR_NOT_JSON, "$", _("not valid JSON: %s"), _("the document is empty"));
      return FALSE;
    }
  set_unexpected_error (scan, scan->end, error);
  return FALSE;
}

/* One pass over the raw bytes for the syntax, told better than json-glib
 * does; for the limits json-glib does not enforce: nesting depth, the
 * decoded size of every string, and what reading the document would
 * cost; and for what it would read wrong: control characters written as
 * they are in strings, which it lets through, and the escapes
 * read_u_escape() rewrites, which go to @rewrites. With @cost_only, for
 * JSON that is not a feed, a feed's rules on strings do not apply.
 * @max_read_bytes: the most json-glib may take to read @data. */
static gboolean
check_structure (const char  *data,
                 gsize        len,
                 gboolean     cost_only,
                 guint64      max_read_bytes,
                 GArray     **rewrites,
                 GError     **error)
{
  Scan scan = { .data = data, .end = data + len, .expect = EXPECT_VALUE, .cost_only = cost_only,
                .max_read_bytes = max_read_bytes };
  gboolean ok = scan_bytes (&scan, error);

  if (rewrites != NULL)
    *rewrites = scan.rewrites;
  else
    g_clear_pointer (&scan.rewrites, g_array_unref);
  return ok;
}

static gboolean check_utf8 (const char  *data,
                            gsize        len,
                            gsize        skipped,
                            GError     **error);

/**
 * accord_json_check_readable:
 * @data: a JSON document that is not a feed, such as a bookmarks file
 * @len: its length
 * @max_read_bytes: the most memory json-glib may take to read it, at most
 *   %ACCORD_FEED_MAX_READ_BYTES, what a feed may take
 *
 * Checks, before json-glib reads @data, that it is UTF-8 JSON and that reading
 * it costs no more than @max_read_bytes: json-glib would take gigabytes
 * for the millions of empty objects 64 MiB can hold, and hours for one
 * huge object. Its strings are not held to a feed's rules.
 *
 * Returns: whether json-glib may read @data; if not, @error says why as
 *   the parser would, with a path
 */
gboolean
accord_json_check_readable (const char  *data,
                            gsize        len,
                            guint64      max_read_bytes,
                            GError     **error)
{
  gsize skipped = 0;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (max_read_bytes <= ACCORD_FEED_MAX_READ_BYTES, FALSE);

  if (len >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    {
      data += 3;
      len -= 3;
      skipped = 3;
    }
  return check_utf8 (data, len, skipped, error) &&
         check_structure (data, len, TRUE, max_read_bytes, NULL, error);
}

/* A copy of @data with the escapes at @rewrites rewritten. */
static char *
rewrite_escapes (const char *data,
                 gsize       len,
                 GArray     *rewrites)
{
  char *copy = g_memdup2 (data, len);

  for (guint i = 0; i < rewrites->len; i++)
    {
      const EscapeAt *at = &g_array_index (rewrites, EscapeAt, i);

      g_assert (at->offset + 6 <= len && copy[at->offset] == '\\');
      rewrite_escape (copy + at->offset, at->rewrite);
    }
  return copy;
}

static inline gboolean
is_json_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The raw text of the top-level member @name's value, the last one of
 * that name as json-glib would take it: a string with its quotes, or a
 * number, true, false or null; NULL when there is none. Reads any bytes
 * without limits, as a best effort on broken JSON. */
static char *
find_top_level_value (const char *data,
                      gsize       len,
                      const char *name)
{
  const char *end = data + len;
  const char *member = NULL, *value = NULL;
  gsize member_len = 0, name_len = strlen (name);
  gboolean expect_name = FALSE;
  guint depth = 0;

  for (const char *p = data; p < end; p++)
    {
      switch (*p)
        {
        case '{':
          expect_name = ++depth == 1;
          break;
        case '[':
          depth++;
          break;
        case '}':
        case ']':
          if (depth > 0)
            depth--;
          break;
        case ',':
          expect_name = depth == 1;
          break;
        case ':':
          if (depth == 1 && member != NULL && member_len == name_len && memcmp (member, name, name_len) == 0)
            value = p + 1;
          member = NULL;
          break;
        case '"':
          {
            const char *start = p + 1;

            for (p++; p < end && *p != '"'; p++)
              if (*p == '\\' && p + 1 < end)
                p++;
            if (depth == 1 && expect_name)
              {
                member = start;
                member_len = (gsize) (p - start);
                expect_name = FALSE;
              }
          }
          break;
        default:
          break;
        }
    }

  if (value == NULL)
    return NULL;
  /* The document need not end with a NUL: every scan stops at @end. */
  while (value < end && is_json_blank (*value))
    value++;
  if (value < end && *value == '"')
    {
      const char *p;

      for (p = value + 1; p < end && *p != '"'; p++)
        if (*p == '\\' && p + 1 < end)
          p++;
      return p < end ? g_strndup (value, (gsize) (p + 1 - value)) : NULL;
    }
  {
    const char *p = value;

    while (p < end && *p != ',' && *p != '}' && *p != ']' && !is_json_blank (*p))
      p++;
    return p > value ? g_strndup (value, (gsize) (p - value)) : NULL;
  }
}

/* @raw, a value as written, for a message when it is a number JSON
 * allows, which goes to @value; else NULL. A number past a double's
 * range (1e400, or 1 and 400 zeros) is a version all the same, as large
 * as it looks: @value is then infinite. */
static char *
written_number (const char *raw,
                double     *value)
{
  char *end = NULL;

  if (raw == NULL || raw[0] == '\0' || raw[0] == '+' || strspn (raw, "+-0123456789.eE") != strlen (raw))
    return NULL;
  *value = g_ascii_strtod (raw, &end);
  if (*end != '\0')
    return NULL;
  if (strlen (raw) > QUOTED_CHARS)
    return g_strdup_printf ("%.*s…", QUOTED_CHARS, raw);
  return g_strdup (raw);
}

/* Where a version stands against 1 and 2, exactly as written: a double
 * takes 1.00000000000000000001 for 1 and 1.99999999999999999999 for 2. */
typedef enum
{
  VERSION_BELOW_1,
  VERSION_1,
  VERSION_BELOW_2,
  VERSION_2_OR_MORE,
} VersionRank;

/* @raw: a number written as JSON writes one (written_number() has
 * checked its characters). */
static VersionRank
rank_written_version (const char *raw)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gint64 point = 0, exponent = 0;
  gboolean in_fraction = FALSE;
  const char *p = raw;
  int exponent_sign = 1;

  if (*p == '-')
    return VERSION_BELOW_1;
  for (; *p != '\0' && *p != 'e' && *p != 'E'; p++)
    {
      if (*p == '.')
        in_fraction = TRUE;
      else if (*p == '0' && digits->len == 0)
        point -= in_fraction ? 1 : 0;
      else
        {
          g_string_append_c (digits, *p);
          point += in_fraction ? 0 : 1;
        }
    }
  if (*p != '\0')
    p++;
  if (*p == '-' || *p == '+')
    exponent_sign = *p++ == '-' ? -1 : 1;
  /* Past a billion, 10 to that power is far from 1 and 2 either way. */
  for (; g_ascii_isdigit (*p) && exponent < 1000000000; p++)
    exponent = exponent * 10 + (*p - '0');
  point += exponent_sign * exponent;
  while (digits->len > 0 && digits->str[digits->len - 1] == '0')
    g_string_truncate (digits, digits->len - 1);

  /* The number is 0.DIGITS × 10^point, DIGITS starting with no 0. */
  if (digits->len == 0 || point < 1)
    return VERSION_BELOW_1;
  if (point > 1 || digits->str[0] >= '2')
    return VERSION_2_OR_MORE;
  return digits->len == 1 ? VERSION_1 : VERSION_BELOW_2;
}

static void
set_newer_version_error (GError     **error,
                         const char  *number)
{
  set_path_error (error, ACCORD_FEED_ERROR_NEWER_VERSION, "version",
                  _("this feed needs a newer Accord (format version %s)"), number);
}

/* A feed of a newer format version may well be beyond this version's
 * limits: it is told to need a newer Accord rather than why this one
 * cannot read it. */
static void
tell_newer_version (const char  *data,
                    gsize        len,
                    GError     **error)
{
  g_autofree char *format = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *number = NULL;
  double value;

  if (error == NULL || *error == NULL)
    return;
  format = find_top_level_value (data, len, "format");
  if (g_strcmp0 (format, "\"accord-feed\"") != 0)
    return;
  raw = find_top_level_value (data, len, "version");
  if ((number = written_number (raw, &value)) == NULL || rank_written_version (raw) != VERSION_2_OR_MORE)
    return;
  g_clear_error (error);
  set_newer_version_error (error, number);
}

/* Whether @data, not UTF-8, is JSON in UTF-16 or UTF-32, as a Windows
 * tool may save it: it starts with the byte order mark of one, or, as
 * JSON starts with an ASCII character, with NUL bytes beside it. */
static gboolean
is_wide_unicode (const char *data,
                 gsize       len)
{
  const guchar *b = (const guchar *) data;

  if (len < 2)
    return FALSE;
  if ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))
    return TRUE;
  if ((b[0] == 0) != (b[1] == 0))
    return TRUE;
  return len >= 4 && b[0] == 0 && b[1] == 0 && (b[2] != 0 || b[3] != 0);
}

/* @skipped: how many bytes of the document come before @data (a byte
 * order mark), for the offset told. */
static gboolean
check_utf8 (const char  *data,
            gsize        len,
            gsize        skipped,
            GError     **error)
{
  g_autofree char *offset = NULL;
  const char *invalid;

  if (g_utf8_validate_len (data, len, &invalid))
    return TRUE;

  offset = g_strdup_printf ("%" G_GSIZE_FORMAT, skipped + (gsize) (invalid - data));
  if (is_wide_unicode (data, len))
    set_path_error (error, ACCORD_FEED_ERROR_NOT_UTF8, "$",
                    "%s", _("not UTF-8 text: the document is in UTF-16 or UTF-32"));
  /* UTF-8 allows a NUL byte, which a publisher's tools take for
   * text: it is named, not taken for a bad encoding. */
  else if (*invalid == '\0')
    set_path_error (error, ACCORD_FEED_ERROR_NOT_UTF8, "$",
                    /* Translators: %s is a number of bytes from the start of the document */
                    _("not text: a NUL byte at offset %s"), offset);
  else
    set_path_error (error, ACCORD_FEED_ERROR_NOT_UTF8, "$",
                    /* Translators: %s is a number of bytes from the start of the document */
                    _("not UTF-8 text (invalid byte at offset %s)"), offset);
  return FALSE;
}

/* @skipped: how many bytes of the document come before @data (a byte
 * order mark), for the offsets told. */
static JsonNode *
parse_json (const char  *data,
            gsize        len,
            gsize        skipped,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) rewrites = NULL;
  g_autofree char *rewritten = NULL;

  /* Only JSON, which check_structure() has made sure of: json-glib also
   * reads single-quoted strings and comments. */
  json_parser_set_strict (parser, TRUE);

  if (len > ACCORD_FEED_MAX_BYTES)
    {
      set_path_error (error, ACCORD_FEED_ERROR_TOO_LARGE, "$",
                      _("the document is larger than %d MiB"), ACCORD_FEED_MAX_BYTES / (1024 * 1024));
      tell_newer_version (data, len, error);
      return NULL;
    }

  if (!check_utf8 (data, len, skipped, error))
    return NULL;

  if (!check_structure (data, len, FALSE, MAX_READ_BYTES, &rewrites, error))
    {
      if (error != NULL && !g_error_matches (*error, ACCORD_FEED_ERROR, ACCORD_FEED_ERROR_NOT_JSON))
        tell_newer_version (data, len, error);
      return NULL;
    }
  if (rewrites != NULL)
    data = rewritten = rewrite_escapes (data, len, rewrites);

  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      /* json-glib may quote the document cut in the middle of a character. */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      set_path_error (error, ACCORD_FEED_ERROR_NOT_JSON, "$", _("not valid JSON: %s"), message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      set_path_error (error, ACCORD_FEED_ERROR_NOT_JSON, "$", "%s", _("the document is empty"));
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* RFC 3339's date-time, which GLib's ISO 8601 parser is looser than:
 * YYYY-MM-DDTHH:MM:SS, an optional fraction, then Z or ±HH:MM; T and Z
 * in either case. */
static GDateTime *
parse_rfc3339 (const char *text)
{
  static const char shape[] = "dddd-dd-ddTdd:dd:dd";
  g_autofree char *upper = NULL;
  const char *p = text;
  const char *fraction_end = NULL;
  g_autoptr(GString) normal = NULL;
  guint hours, minutes, seconds;

  for (guint i = 0; i < sizeof shape - 1; i++, p++)
    {
      if (*p == '\0' ||
          (shape[i] == 'd' && !g_ascii_isdigit (*p)) ||
          (shape[i] == 'T' && *p != 'T' && *p != 't') ||
          (shape[i] != 'd' && shape[i] != 'T' && *p != shape[i]))
        return NULL;
    }
  /* 60 is a leap second; GLib would take 61 as well. */
  if (!read_digits (text + 17, 2, &seconds) || seconds > 60)
    return NULL;
  if (*p == '.')
    {
      if (!g_ascii_isdigit (p[1]))
        return NULL;
      /* Any number of digits; GLib reads nine at most. */
      fraction_end = p + 1 + MIN (strspn (p + 1, "0123456789"), 9);
      for (p++; g_ascii_isdigit (*p); p++)
        ;
    }
  if (*p == 'Z' || *p == 'z')
    p++;
  else if ((*p == '+' || *p == '-') && read_digits (p + 1, 2, &hours) && p[3] == ':' &&
           read_digits (p + 4, 2, &minutes) && hours < 24 && minutes < 60)
    p += 6;
  else
    return NULL;
  if (*p != '\0')
    return NULL;

  /* GLib reads the rest, and refuses days and times that do not exist;
   * of a fraction, it takes nine digits at most. */
  normal = g_string_new_len (text, fraction_end ? fraction_end - text : (gssize) strlen (text));
  if (fraction_end != NULL)
    g_string_append (normal, fraction_end + strspn (fraction_end, "0123456789"));
  upper = g_ascii_strup (normal->str, -1);
  return g_date_time_new_from_iso8601 (upper, NULL);
}

static gboolean
check_format (JsonNode  *format,
              GError   **error)
{
  g_autofree char *got = NULL;

  if (format != NULL && node_is_string (format) && strcmp (json_node_get_string (format), "accord-feed") == 0)
    return TRUE;

  got = format ? describe_node (format) : g_strdup (_("nothing"));
  set_path_error (error, ACCORD_FEED_ERROR_INVALID, "format",
                  _("expected \"accord-feed\", got %s; this is not an Accord feed"), got);
  return FALSE;
}

/* @version as a double holds it, for a version written in words a
 * double cannot take (see rank_written_version()). */
static VersionRank
rank_version_value (double value)
{
  if (value >= 2)
    return VERSION_2_OR_MORE;
  if (value > 1)
    return VERSION_BELOW_2;
  return value == 1 ? VERSION_1 : VERSION_BELOW_1;
}

/* Whether @raw, the text found for the version, is the double json-glib
 * read: not so when it tells another story ("vers\u0069on" is a
 * "version" the raw scan does not see). */
static gboolean
is_written_as (JsonNode   *version,
               const char *raw)
{
  g_autofree char *written = NULL;
  double value;

  written = written_number (raw, &value);
  return written != NULL && value == json_node_get_double (version);
}

/* Where @version stands, a number, whole or not: 2.5 still asks for a
 * newer Accord. @raw: the version as written, or NULL. */
static VersionRank
rank_version (JsonNode   *version,
              const char *raw)
{
  if (json_node_get_value_type (version) != G_TYPE_DOUBLE)
    {
      gint64 number = json_node_get_int (version);

      return number > 1 ? VERSION_2_OR_MORE : number == 1 ? VERSION_1 : VERSION_BELOW_1;
    }
  if (is_written_as (version, raw))
    return rank_written_version (raw);
  return rank_version_value (json_node_get_double (version));
}

/* The version as the feed wrote it, for a message, or as json-glib read
 * it when the raw text tells another story (see rank_version()). */
static char *
written_version (JsonNode    *version,
                 const char  *raw,
                 VersionRank  rank)
{
  g_autofree char *written = NULL;
  double value;

  if ((written = written_number (raw, &value)) == NULL || rank_written_version (raw) != rank)
    return describe_node (version);
  return g_steal_pointer (&written);
}

static gboolean
check_version (JsonNode    *version,
               const char  *data,
               gsize        len,
               GError     **error)
{
  g_autofree char *raw = NULL;
  VersionRank rank;

  if (version != NULL && JSON_NODE_HOLDS_VALUE (version))
    raw = find_top_level_value (data, len, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      (json_node_get_value_type (version) != G_TYPE_INT64 &&
       json_node_get_value_type (version) != G_TYPE_DOUBLE) ||
      (json_node_get_value_type (version) == G_TYPE_DOUBLE && !isfinite (json_node_get_double (version)) &&
       !is_written_as (version, raw)))
    {
      g_autofree char *got = version ? describe_node (version) : g_strdup (_("nothing"));
      set_path_error (error, ACCORD_FEED_ERROR_INVALID, "version",
                      _("expected the format version 1, got %s"), got);
      return FALSE;
    }

  rank = rank_version (version, raw);
  if (rank == VERSION_2_OR_MORE)
    {
      g_autofree char *got = written_version (version, raw, rank);
      set_newer_version_error (error, got);
      return FALSE;
    }
  if (rank != VERSION_1)
    {
      g_autofree char *got = written_version (version, raw, rank);
      set_path_error (error, ACCORD_FEED_ERROR_INVALID, "version", _("unsupported format version %s"), got);
      return FALSE;
    }
  return TRUE;
}

/* A bad timestamp is no reason to refuse the data: it is only used to
 * tell which of two snapshots is newer. */
static void
read_generated (AccordFeed *feed,
                JsonNode   *generated)
{
  g_autofree char *got = NULL;
  g_autofree char *detail = NULL;

  if (generated != NULL && node_is_string (generated))
    {
      g_autoptr(GDateTime) dt = parse_rfc3339 (json_node_get_string (generated));

      if (dt != NULL)
        {
          feed->generated = json_node_get_string (generated);
          feed->generated_unix = g_date_time_to_unix (dt);
          return;
        }
    }

  got = generated ? describe_node (generated) : g_strdup (_("nothing"));
  detail = g_strdup_printf (_("expected an RFC 3339 date-time, got %s"), got);
  add_warning (feed, g_strdup_printf ("generated: %s", detail));
}

/* @data, @len: the document, for the version as it is written. */
static gboolean
check_header (AccordFeed  *feed,
              JsonObject  *root,
              const char  *data,
              gsize        len,
              GError     **error)
{
  if (!check_format (json_object_get_member (root, "format"), error) ||
      !check_version (json_object_get_member (root, "version"), data, len, error))
    return FALSE;

  read_generated (feed, json_object_get_member (root, "generated"));
  return TRUE;
}

/* An optional array at the top level, null being absent as everywhere
 * (a publisher's tool may write an empty list so); anything else refuses
 * the document rather than silently emptying what is stored. */
static gboolean
get_top_array (JsonObject  *root,
               const char  *field,
               gboolean     required,
               guint        max_items,
               JsonArray  **out,
               GError     **error)
{
  JsonNode *node = json_object_get_member (root, field);

  *out = NULL;
  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && !required)
    return TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *got = node ? describe_node (node) : g_strdup (_("nothing"));
      set_path_error (error, ACCORD_FEED_ERROR_INVALID, field, _("expected %s, got %s"), _("an array"), got);
      return FALSE;
    }

  *out = json_node_get_array (node);
  if (max_items > 0 && json_array_get_length (*out) > max_items)
    {
      set_path_error (error, ACCORD_FEED_ERROR_TOO_MANY_ITEMS, field, _("more than %u items"), max_items);
      return FALSE;
    }
  return TRUE;
}

typedef void (*ReadItem) (AccordFeed *feed, JsonNode *node, guint index);

static gboolean
read_items (AccordFeed    *feed,
            JsonArray     *array,
            ReadItem       read,
            GCancellable  *cancellable,
            GError       **error)
{
  guint n = array ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      if (i % CANCEL_CHECK_INTERVAL == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      read (feed, json_array_get_element (array, i), i);
    }
  return TRUE;
}

static AccordFeed *
accord_feed_new (JsonNode *root)
{
  AccordFeed *self = g_new0 (AccordFeed, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->root = root;
  self->strings = g_string_chunk_new (4096);
  self->categories = g_array_new (FALSE, TRUE, sizeof (AccordFeedCategory));
  self->entities = g_array_new (FALSE, TRUE, sizeof (AccordFeedEntity));
  g_array_set_clear_func (self->entities, clear_entity);
  self->articles = g_array_new (FALSE, TRUE, sizeof (AccordFeedArticle));
  g_array_set_clear_func (self->articles, clear_article);
  self->category_ids = accord_string_table_new (NULL, NULL);
  self->entity_ids = accord_string_table_new (NULL, NULL);
  self->article_ids = accord_string_table_new (NULL, NULL);
  self->skipped_category_ids = accord_string_table_new (NULL, NULL);
  self->skipped_entity_ids = accord_string_table_new (NULL, NULL);
  self->warnings = g_ptr_array_new_with_free_func (g_free);

  return self;
}

/**
 * accord_feed_parse:
 * @bytes: the document
 * @cancellable: (nullable): a #GCancellable
 * @error: the document error, if the document is refused
 *
 * Reads and validates a feed of format version 1. Items with errors are
 * skipped and reported in the warnings; see accord_feed_get_warnings().
 *
 * Returns: (transfer full): the validated document, or %NULL
 */
AccordFeed *
accord_feed_parse (GBytes        *bytes,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(AccordFeed) feed = NULL;
  JsonArray *categories, *entities, *articles;
  JsonObject *root;
  JsonNode *root_node;
  const char *data;
  gsize len, skipped = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (data == NULL)
    data = "";

  /* A byte order mark is tolerated; JSON texts should not have one. One
   * more is not JSON, though json-glib would skip it. */
  if (len >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    {
      data += 3;
      len -= 3;
      skipped = 3;
      if (len >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
        {
          set_path_error (error, ACCORD_FEED_ERROR_NOT_JSON, "$",
                          "%s", _("not valid JSON: it starts with two byte order marks"));
          return NULL;
        }
    }

  if ((root_node = parse_json (data, len, skipped, error)) == NULL)
    return NULL;
  feed = accord_feed_new (root_node);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_autofree char *got = describe_node (root_node);
      set_path_error (error, ACCORD_FEED_ERROR_INVALID, "$",
                      _("expected an object at the top level, got %s"), got);
      return NULL;
    }
  root = json_node_get_object (root_node);

  if (!check_header (feed, root, data, len, error) ||
      !get_top_array (root, "entities", TRUE, ACCORD_FEED_MAX_ENTITIES, &entities, error) ||
      !get_top_array (root, "categories", FALSE, 0, &categories, error) ||
      !get_top_array (root, "articles", FALSE, ACCORD_FEED_MAX_ARTICLES, &articles, error))
    return NULL;

  /* Articles refer to categories and entities, so those come first. */
  if (!read_items (feed, categories, read_category, cancellable, error) ||
      !read_items (feed, entities, read_entity, cancellable, error) ||
      !read_items (feed, articles, read_article, cancellable, error))
    return NULL;

  if (feed->n_unlisted_warnings > 0)
    {
      guint64 n = feed->n_unlisted_warnings;
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
      /* Translators: %s is a number of warnings past the first ten thousand */
      g_autofree char *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s more warning not listed",
                                                              "%s more warnings not listed",
                                                              n <= G_MAXULONG ? (gulong) n : G_MAXULONG),
                                                 count);

      g_ptr_array_add (feed->warnings, g_strdup_printf ("$: %s", detail));
    }
  return g_steal_pointer (&feed);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  AccordFeed *feed = accord_feed_parse (task_data, cancellable, &error);

  if (feed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, feed, (GDestroyNotify) accord_feed_unref);
}

/**
 * accord_feed_parse_async:
 *
 * Parses @bytes in a worker thread; see accord_feed_parse().
 */
void
accord_feed_parse_async (GBytes              *bytes,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (bytes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, accord_feed_parse_async);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_thread);
}

AccordFeed *
accord_feed_parse_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == accord_feed_parse_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

AccordFeed *
accord_feed_ref (AccordFeed *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
accord_feed_unref (AccordFeed *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_array_unref (self->categories);
  g_array_unref (self->entities);
  g_array_unref (self->articles);
  g_hash_table_unref (self->category_ids);
  g_hash_table_unref (self->entity_ids);
  g_hash_table_unref (self->skipped_category_ids);
  g_hash_table_unref (self->skipped_entity_ids);
  g_hash_table_unref (self->article_ids);
  g_ptr_array_unref (self->warnings);
  g_string_chunk_free (self->strings);
  json_node_unref (self->root);
  g_free (self);
}

/**
 * accord_feed_get_generated:
 *
 * Returns: (nullable): when the publisher made the snapshot, as written
 *   in the feed, or %NULL when it was missing or malformed
 */
const char *
accord_feed_get_generated (AccordFeed *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->generated;
}

/**
 * accord_feed_get_generated_unix:
 *
 * Returns: the generation time in seconds since 1970, or 0 when unknown
 */
gint64
accord_feed_get_generated_unix (AccordFeed *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->generated_unix;
}

guint
accord_feed_get_n_categories (AccordFeed *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->categories->len;
}

const AccordFeedCategory *
accord_feed_get_category (AccordFeed *self,
                          guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->categories->len, NULL);

  return &g_array_index (self->categories, AccordFeedCategory, index);
}

guint
accord_feed_get_n_entities (AccordFeed *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->entities->len;
}

const AccordFeedEntity *
accord_feed_get_entity (AccordFeed *self,
                        guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->entities->len, NULL);

  return &g_array_index (self->entities, AccordFeedEntity, index);
}

guint
accord_feed_get_n_articles (AccordFeed *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->articles->len;
}

const AccordFeedArticle *
accord_feed_get_article (AccordFeed *self,
                         guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->articles->len, NULL);

  return &g_array_index (self->articles, AccordFeedArticle, index);
}

/**
 * accord_feed_get_n_skipped:
 *
 * Returns: how many categories, entities and articles were skipped
 */
guint
accord_feed_get_n_skipped (AccordFeed *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_skipped;
}

/**
 * accord_feed_get_n_skipped_entities:
 *
 * Returns: how many of the entities listed were skipped
 */
guint
accord_feed_get_n_skipped_entities (AccordFeed *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_skipped_entities;
}

/**
 * accord_feed_get_n_skipped_articles:
 *
 * Returns: how many of the articles listed were skipped
 */
guint
accord_feed_get_n_skipped_articles (AccordFeed *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_skipped_articles;
}

/**
 * accord_feed_get_emptied_list:
 *
 * Returns: (nullable): "entities" or "articles" when the document listed
 *   some and every one of them was skipped (entities first), or NULL
 */
const char *
accord_feed_get_emptied_list (AccordFeed *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->n_skipped_entities > 0 && self->entities->len == 0)
    return "entities";
  if (self->n_skipped_articles > 0 && self->articles->len == 0)
    return "articles";
  return NULL;
}

/**
 * accord_feed_get_n_warnings:
 *
 * Returns: how many problems were found: those accord_feed_get_warnings()
 *   lists, and those only counted in its last line past the list
 */
guint64
accord_feed_get_n_warnings (AccordFeed *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->n_unlisted_warnings == 0)
    return self->warnings->len;
  return self->warnings->len - 1 + self->n_unlisted_warnings;
}

/**
 * accord_feed_get_warnings:
 *
 * Returns: (transfer none) (element-type utf8): one "PATH: MESSAGE" string
 *   for each item skipped and each value dropped
 */
GPtrArray *
accord_feed_get_warnings (AccordFeed *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->warnings;
}

/**
 * accord_feed_text_get:
 * @text: a text
 * @lang: "en" or "fr"
 * @is_fallback: (out) (optional): set to whether the text is in the other
 *   language because @lang is missing
 *
 * Returns: (nullable): the text in @lang, else in the other shown language
 */
const char *
accord_feed_text_get (const AccordFeedText *text,
                      const char           *lang,
                      gboolean             *is_fallback)
{
  g_return_val_if_fail (text != NULL, NULL);

  return accord_pick_language (lang, text->en, text->fr, is_fallback);
}

gboolean
accord_feed_text_is_set (const AccordFeedText *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return text->all != NULL;
}

/**
 * accord_feed_text_to_json:
 *
 * Returns: (nullable): the text with every language as a JSON object, or
 *   %NULL when it is not set
 */
char *
accord_feed_text_to_json (const AccordFeedText *text)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (text->all == NULL)
    return NULL;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, text->all);
  return json_to_string (node, FALSE);
}

const char *
accord_entity_kind_to_string (AccordEntityKind kind)
{
  switch (kind)
    {
    case ACCORD_ENTITY_KIND_ORGANISATION:
      return "organisation";
    case ACCORD_ENTITY_KIND_LEGISLATION:
      return "legislation";
    default:
      g_return_val_if_reached (NULL);
    }
}
