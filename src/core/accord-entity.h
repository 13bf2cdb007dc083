#pragma once

#include <glib-object.h>

#include "accord-feed.h"
#include "accord-utils.h"

G_BEGIN_DECLS

#define ACCORD_TYPE_ENTITY (accord_entity_get_type ())

G_DECLARE_FINAL_TYPE (AccordEntity, accord_entity, ACCORD, ENTITY, GObject)

/* One section of a profile, in one language. */
typedef struct
{
  char *heading;
  char *body;
} AccordSection;

typedef struct
{
  char     *country;
  gboolean  founding;
} AccordMember;

typedef struct
{
  char *label_en;
  char *label_fr;
  char *url;
} AccordLink;

typedef struct
{
  const char *id;
  AccordEntityKind kind;
  const char *name_en, *name_fr;
  const char *acronym_en, *acronym_fr;
  const char *summary_en, *summary_fr;
  const char *founded, *updated;
  const char *profile_json, *members_json, *links_json;
  guint n_articles;
  guint n_new_articles;
} AccordEntityData;

AccordEntity     *accord_entity_new             (const AccordEntityData *data);

const char       *accord_entity_get_id          (AccordEntity *self);
AccordEntityKind  accord_entity_get_kind        (AccordEntity *self);
const char       *accord_entity_get_name        (AccordEntity *self,
                                                 const char   *lang,
                                                 gboolean     *is_fallback);
const char       *accord_entity_get_acronym     (AccordEntity *self,
                                                 const char   *lang,
                                                 gboolean     *is_fallback);
const char       *accord_entity_get_summary     (AccordEntity *self,
                                                 const char   *lang,
                                                 gboolean     *is_fallback);
const char       *accord_entity_get_founded     (AccordEntity *self);
const char       *accord_entity_get_updated     (AccordEntity *self);
guint             accord_entity_get_n_articles  (AccordEntity *self);
guint             accord_entity_get_n_new_articles (AccordEntity *self);
GArray           *accord_entity_get_profile     (AccordEntity *self,
                                                 const char   *lang);
GStrv             accord_entity_dup_profile_languages (AccordEntity *self);
GArray           *accord_entity_get_members     (AccordEntity *self);
GArray           *accord_entity_get_links       (AccordEntity *self);

G_END_DECLS
