#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ACCORD_FEED_ERROR (accord_feed_error_quark ())

typedef enum
{
  ACCORD_FEED_ERROR_TOO_LARGE,
  ACCORD_FEED_ERROR_NOT_UTF8,
  ACCORD_FEED_ERROR_NOT_JSON,
  ACCORD_FEED_ERROR_TOO_DEEP,
  ACCORD_FEED_ERROR_STRING_TOO_LONG,
  ACCORD_FEED_ERROR_INVALID,
  ACCORD_FEED_ERROR_NEWER_VERSION,
  ACCORD_FEED_ERROR_TOO_MANY_ITEMS,
} AccordFeedError;

/* The limits of the spec; a document beyond them is refused. */
#define ACCORD_FEED_MAX_BYTES        (64 * 1024 * 1024)
/* What to read at most: the limit does not count a byte order mark. */
#define ACCORD_FEED_MAX_BYTES_READ   (ACCORD_FEED_MAX_BYTES + 3)
#define ACCORD_FEED_MAX_DEPTH        32
#define ACCORD_FEED_MAX_STRING_BYTES (64 * 1024)
#define ACCORD_FEED_MAX_ARTICLES     1000000
#define ACCORD_FEED_MAX_ENTITIES     100000
/* The most memory json-glib may take to read a feed, as estimated before
 * it does: a feed at the spec's limits, a million small articles, takes
 * about half of it. */
#define ACCORD_FEED_MAX_READ_BYTES   (G_GUINT64_CONSTANT (2) << 30)
/* Enough for a publisher to see what is wrong; a hostile feed can carry
 * millions, each a string kept as long as the feed. The others are
 * counted, in a last warning. */
#define ACCORD_FEED_MAX_LISTED_WARNINGS 10000

typedef enum
{
  ACCORD_ENTITY_KIND_ORGANISATION,
  ACCORD_ENTITY_KIND_LEGISLATION,
} AccordEntityKind;

/* A localised text: the shown languages, plus the whole object so that the
 * other languages are kept. Strings are owned by the AccordFeed. */
typedef struct
{
  const char *en;
  const char *fr;
  JsonObject *all;
} AccordFeedText;

typedef struct
{
  const char     *id;
  AccordFeedText  name;
} AccordFeedCategory;

typedef struct
{
  const char *heading;
  const char *body;
} AccordFeedSection;

typedef struct
{
  const char *lang;
  GArray     *sections;   /* of AccordFeedSection */
} AccordFeedProfile;

typedef struct
{
  const char *country;
  gboolean    founding;
} AccordFeedMember;

typedef struct
{
  AccordFeedText  label;
  const char     *url;
} AccordFeedLink;

typedef struct
{
  const char       *id;
  AccordEntityKind  kind;
  AccordFeedText    name;
  AccordFeedText    acronym;
  AccordFeedText    summary;
  GArray           *profiles;  /* of AccordFeedProfile */
  GArray           *members;   /* of AccordFeedMember */
  GArray           *links;     /* of AccordFeedLink */
  const char       *founded;
  const char       *updated;
} AccordFeedEntity;

typedef struct
{
  const char      *id;
  const char      *date;
  AccordFeedText   title;
  AccordFeedText   summary;
  const char      *category;
  const char      *source;
  const char      *url;
  const char     **entities;   /* NULL-terminated, borrowed */
  guint            n_entities;
} AccordFeedArticle;

typedef struct _AccordFeed AccordFeed;

#define ACCORD_TYPE_FEED (accord_feed_get_type ())

GType               accord_feed_get_type         (void) G_GNUC_CONST;
GQuark              accord_feed_error_quark      (void) G_GNUC_CONST;

AccordFeed         *accord_feed_parse            (GBytes               *bytes,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
void                accord_feed_parse_async      (GBytes               *bytes,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
AccordFeed         *accord_feed_parse_finish     (GAsyncResult         *result,
                                                  GError              **error);

AccordFeed         *accord_feed_ref              (AccordFeed           *self);
void                accord_feed_unref            (AccordFeed           *self);

const char         *accord_feed_get_generated    (AccordFeed           *self);
gint64              accord_feed_get_generated_unix (AccordFeed         *self);
guint               accord_feed_get_n_categories (AccordFeed           *self);
const AccordFeedCategory *accord_feed_get_category (AccordFeed         *self,
                                                  guint                 index);
guint               accord_feed_get_n_entities   (AccordFeed           *self);
const AccordFeedEntity *accord_feed_get_entity   (AccordFeed           *self,
                                                  guint                 index);
guint               accord_feed_get_n_articles   (AccordFeed           *self);
const AccordFeedArticle *accord_feed_get_article (AccordFeed           *self,
                                                  guint                 index);
guint               accord_feed_get_n_skipped    (AccordFeed           *self);
guint               accord_feed_get_n_skipped_entities (AccordFeed     *self);
guint               accord_feed_get_n_skipped_articles (AccordFeed     *self);
const char         *accord_feed_get_emptied_list (AccordFeed           *self);
GPtrArray          *accord_feed_get_warnings     (AccordFeed           *self);
guint64             accord_feed_get_n_warnings   (AccordFeed           *self);

const char         *accord_feed_text_get         (const AccordFeedText *text,
                                                  const char           *lang,
                                                  gboolean             *is_fallback);
char               *accord_feed_text_to_json     (const AccordFeedText *text);
gboolean            accord_feed_text_is_set      (const AccordFeedText *text);

const char         *accord_entity_kind_to_string (AccordEntityKind      kind);

gboolean            accord_feed_is_valid_date    (const char           *date,
                                                  gboolean              full_only);
gboolean            accord_feed_is_web_url       (const char           *url);
gboolean            accord_feed_is_valid_article_id (const char        *id);
char               *accord_feed_dup_single_line  (const char           *text);
char               *accord_feed_dup_shown_line   (const char           *text);
gboolean            accord_json_check_readable   (const char           *data,
                                                  gsize                 len,
                                                  guint64               max_read_bytes,
                                                  GError              **error);
char               *accord_json_mend_escapes     (const char           *data,
                                                  gsize                 len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccordFeed, accord_feed_unref)

G_END_DECLS
