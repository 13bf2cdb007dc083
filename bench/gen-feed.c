#define G_LOG_DOMAIN "accord-bench"

#include "config.h"

/* gen-feed: writes a large, realistic Accord feed for the benchmarks.
 *
 *   gen-feed [--scale S] [--seed N] OUTPUT
 *
 * At scale 1: 2,000 entities (organisations and legislation, bilingual
 * names, acronyms, summaries and profiles, members and links) and 50,000
 * articles (bilingual titles and summaries, categories, sources, 1 to 3
 * entities each), about 25 MB of JSON. The first entity, eu-ai-act, is in
 * a fifth of the articles (10,000); the second, nordic-ai-observatory, in
 * exactly ten. The output depends only on the scale and the seed. */

#include <glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#define BASE_ENTITIES 2000
#define BASE_ARTICLES 50000
#define SMALL_ENTITY_ARTICLES 10

/* ---------------------------------------------------------------------- */
/* A small, fixed random generator (splitmix64): the same numbers on every
 * platform and GLib version.                                              */

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static double
rng_double (Rng *rng)
{
  return (double) (rng_next (rng) >> 11) / (double) (G_GUINT64_CONSTANT (1) << 53);
}

static guint
rng_below (Rng   *rng,
           guint  n)
{
  return (guint) (rng_double (rng) * n);
}

static guint
rng_range (Rng   *rng,
           guint  lo,
           guint  hi)
{
  return lo + rng_below (rng, hi - lo + 1);
}

static gboolean
rng_chance (Rng    *rng,
            double  p)
{
  return rng_double (rng) < p;
}

#define PICK(rng, array) (&(array)[rng_below ((rng), G_N_ELEMENTS (array))])

/* ---------------------------------------------------------------------- */
/* Vocabulary                                                               */

typedef struct
{
  const char *en;
  const char *fr;
} Pair;

/* The French form carries its article: "la", "le", "l’" or "les". */
static const Pair topics[] = {
  { "artificial intelligence", "l’intelligence artificielle" },
  { "data protection", "la protection des données" },
  { "algorithmic transparency", "la transparence algorithmique" },
  { "AI safety", "la sécurité de l’IA" },
  { "general-purpose AI models", "les modèles d’IA à usage général" },
  { "high-risk AI systems", "les systèmes d’IA à haut risque" },
  { "facial recognition", "la reconnaissance faciale" },
  { "copyright and training data", "le droit d’auteur et les données d’entraînement" },
  { "digital sovereignty", "la souveraineté numérique" },
  { "public health", "la santé publique" },
  { "education", "l’éducation" },
  { "the energy use of data centres", "la consommation énergétique des centres de données" },
  { "cybersecurity", "la cybersécurité" },
  { "online platforms", "les plateformes en ligne" },
  { "employment and skills", "l’emploi et les compétences" },
  { "children’s privacy", "la vie privée des enfants" },
  { "generative AI", "l’IA générative" },
  { "autonomous vehicles", "les véhicules autonomes" },
  { "biometric surveillance", "la surveillance biométrique" },
  { "research and innovation", "la recherche et l’innovation" },
  { "standardisation", "la normalisation" },
  { "accountability", "la responsabilité" },
  { "non-discrimination", "la non-discrimination" },
  { "the labour market", "le marché du travail" },
  { "elections and disinformation", "les élections et la désinformation" },
  { "public procurement", "les marchés publics" },
  { "medical devices", "les dispositifs médicaux" },
  { "financial services", "les services financiers" },
  { "military uses of AI", "les usages militaires de l’IA" },
  { "open-source models", "les modèles à code source ouvert" },
  { "content moderation", "la modération des contenus" },
  { "the right to explanation", "le droit à l’explication" },
};

static const Pair verbs[] = {
  { "publishes", "publie" },
  { "adopts", "adopte" },
  { "presents", "présente" },
  { "launches", "lance" },
  { "unveils", "dévoile" },
  { "announces", "annonce" },
  { "endorses", "approuve" },
  { "revises", "révise" },
  { "signs", "signe" },
  { "criticises", "critique" },
};

static const Pair documents[] = {
  { "guidelines", "des lignes directrices" },
  { "a report", "un rapport" },
  { "a draft regulation", "un projet de règlement" },
  { "a code of practice", "un code de bonnes pratiques" },
  { "an opinion", "un avis" },
  { "a white paper", "un livre blanc" },
  { "a roadmap", "une feuille de route" },
  { "recommendations", "des recommandations" },
  { "a public consultation", "une consultation publique" },
  { "a national strategy", "une stratégie nationale" },
  { "an evaluation framework", "un cadre d’évaluation" },
  { "a joint declaration", "une déclaration commune" },
};

static const Pair groups[] = {
  { "developers", "les développeurs" },
  { "small businesses", "les petites entreprises" },
  { "public administrations", "les administrations publiques" },
  { "hospitals", "les hôpitaux" },
  { "universities", "les universités" },
  { "deployers", "les déployeurs" },
  { "consumers", "les consommateurs" },
  { "workers", "les travailleurs" },
  { "start-ups", "les jeunes pousses" },
  { "regulators", "les régulateurs" },
};

static const Pair cities[] = {
  { "Paris", "Paris" }, { "Montreal", "Montréal" }, { "Geneva", "Genève" },
  { "Brussels", "Bruxelles" }, { "Tokyo", "Tokyo" }, { "Seoul", "Séoul" },
  { "Nairobi", "Nairobi" }, { "São Paulo", "São Paulo" }, { "Quebec City", "Québec" },
  { "Strasbourg", "Strasbourg" }, { "Singapore", "Singapour" }, { "Dakar", "Dakar" },
};

static const char * const sources[] = {
  "Google Research", "Canada", "Union Européenne", "OECD", "UNESCO", "Council of Europe",
  "CNIL", "European Commission", "European Parliament", "Conseil d’État", "ICO", "NIST",
  "Japan", "Brazil", "India", "Québec", "Mila", "Inria", "DeepMind", "OpenAI", "Anthropic",
  "Mistral AI", "Hugging Face", "Stanford HAI", "Ada Lovelace Institute", "AlgorithmWatch",
  "La Quadrature du Net", "Défenseur des droits", "Arcom", "ANSSI", "Bundestag", "Singapore",
  "Republic of Korea", "G7", "United Nations", "African Union", "Chile", "Mexico",
  "Australia", "New Zealand", "Sénat", "Assemblée nationale", "Bpifrance", "Conseil national du numérique",
};

typedef struct
{
  const char *code;
  const char *en;
  const char *fr;
} Country;

static const Country countries[] = {
  { "FR", "France", "France" }, { "CA", "Canada", "Canada" }, { "DE", "Germany", "Allemagne" },
  { "IT", "Italy", "Italie" }, { "ES", "Spain", "Espagne" }, { "BE", "Belgium", "Belgique" },
  { "NL", "the Netherlands", "Pays-Bas" }, { "SE", "Sweden", "Suède" }, { "FI", "Finland", "Finlande" },
  { "DK", "Denmark", "Danemark" }, { "NO", "Norway", "Norvège" }, { "IE", "Ireland", "Irlande" },
  { "PT", "Portugal", "Portugal" }, { "PL", "Poland", "Pologne" }, { "AT", "Austria", "Autriche" },
  { "CH", "Switzerland", "Suisse" }, { "GB", "the United Kingdom", "Royaume-Uni" },
  { "US", "the United States", "États-Unis" }, { "MX", "Mexico", "Mexique" }, { "BR", "Brazil", "Brésil" },
  { "CL", "Chile", "Chili" }, { "AR", "Argentina", "Argentine" }, { "JP", "Japan", "Japon" },
  { "KR", "the Republic of Korea", "République de Corée" }, { "IN", "India", "Inde" },
  { "SG", "Singapore", "Singapour" }, { "AU", "Australia", "Australie" },
  { "NZ", "New Zealand", "Nouvelle-Zélande" }, { "SN", "Senegal", "Sénégal" }, { "KE", "Kenya", "Kenya" },
  { "MA", "Morocco", "Maroc" }, { "TN", "Tunisia", "Tunisie" }, { "CI", "Côte d’Ivoire", "Côte d’Ivoire" },
  { "RW", "Rwanda", "Rwanda" }, { "ZA", "South Africa", "Afrique du Sud" }, { "SI", "Slovenia", "Slovénie" },
  { "CZ", "Czechia", "Tchéquie" }, { "GR", "Greece", "Grèce" }, { "LU", "Luxembourg", "Luxembourg" },
  { "EU", "the European Union", "Union européenne" },
};

/* Organisations: an adjective (masculine and feminine French forms)... */
typedef struct
{
  const char *en;
  const char *fr_m;
  const char *fr_f;
} Adjective;

static const Adjective adjectives[] = {
  { "International", "international", "internationale" },
  { "European", "européen", "européenne" },
  { "Global", "mondial", "mondiale" },
  { "National", "national", "nationale" },
  { "Regional", "régional", "régionale" },
  { "Nordic", "nordique", "nordique" },
  { "Pan-African", "panafricain", "panafricaine" },
  { "Transatlantic", "transatlantique", "transatlantique" },
  { "Francophone", "francophone", "francophone" },
  { "Independent", "indépendant", "indépendante" },
  { "Interparliamentary", "interparlementaire", "interparlementaire" },
};

/* ...and a body, with its French gender. */
typedef struct
{
  const char *en;
  const char *fr;
  gboolean    feminine;
} Body;

static const Body bodies[] = {
  { "Council", "Conseil", FALSE }, { "Observatory", "Observatoire", FALSE },
  { "Network", "Réseau", FALSE }, { "Institute", "Institut", FALSE },
  { "Agency", "Agence", TRUE }, { "Alliance", "Alliance", TRUE },
  { "Committee", "Comité", FALSE }, { "Centre", "Centre", FALSE },
  { "Forum", "Forum", FALSE }, { "Partnership", "Partenariat", FALSE },
  { "Commission", "Commission", TRUE }, { "Foundation", "Fondation", TRUE },
  { "Authority", "Autorité", TRUE }, { "Laboratory", "Laboratoire", FALSE },
};

static const Pair missions[] = {
  { "coordinate research", "coordonner la recherche" },
  { "share good practice", "partager les bonnes pratiques" },
  { "advise governments", "conseiller les gouvernements" },
  { "develop common standards", "élaborer des normes communes" },
  { "monitor the deployment of AI systems", "suivre le déploiement des systèmes d’IA" },
  { "train public servants", "former les agents publics" },
};

static const Pair org_headings[] = {
  { "What it is", "Présentation" }, { "History", "Historique" },
  { "Members and governance", "Membres et gouvernance" }, { "Main work", "Travaux principaux" },
  { "Funding", "Financement" }, { "Criticism", "Critiques" }, { "Outlook", "Perspectives" },
};

static const Pair law_headings[] = {
  { "What it is", "Présentation" }, { "Key obligations", "Principales obligations" },
  { "Enforcement", "Mise en œuvre et sanctions" }, { "Timeline", "Calendrier" },
  { "Debate", "Débats" }, { "Outlook", "Perspectives" },
};

static const Pair link_labels[] = {
  { "Official website", "Site officiel" },
  { "Legal text", "Texte juridique" },
  { "Annual report", "Rapport annuel" },
  { "Press releases", "Communiqués de presse" },
};

static const struct
{
  const char *id;
  const char *en;
  const char *fr;
} categories[] = {
  { "methodological-advance", "Methodological advance", "Avancée méthodologique" },
  { "national-plan-strategy", "National plan / strategy", "Plan / stratégie nationale" },
  { "law-text-adopted", "Law / text adopted", "Loi / texte adopté" },
  { "authority-decision", "Authority decision", "Décision d’autorité" },
  { "op-ed-opinion", "Op-ed / opinion", "Tribune / opinion" },
  { "initiative", "Initiative", "Initiative" },
  { "event", "Event", "Événement" },
  { "job-offer", "Job offer", "Offre d’emploi" },
  { "declaration", "Declaration", "Déclaration" },
  { "research-project", "Research project", "Projet de recherche" },
};

static const char * const months_fr[] = {
  "janvier", "février", "mars", "avril", "mai", "juin",
  "juillet", "août", "septembre", "octobre", "novembre", "décembre",
};

static const char * const months_en[] = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
};

/* ---------------------------------------------------------------------- */
/* French grammar, just enough                                              */

/* "à" + a noun phrase with its article: "à la", "à l’", "au", "aux". */
static char *
fr_with_a (const char *phrase)
{
  if (g_str_has_prefix (phrase, "les "))
    return g_strconcat ("aux ", phrase + 4, NULL);
  if (g_str_has_prefix (phrase, "le "))
    return g_strconcat ("au ", phrase + 3, NULL);
  return g_strconcat ("à ", phrase, NULL);
}

/* "de" + a noun phrase: "de la", "de l’", "du", "des". */
static char *
fr_with_de (const char *phrase)
{
  if (g_str_has_prefix (phrase, "les "))
    return g_strconcat ("des ", phrase + 4, NULL);
  if (g_str_has_prefix (phrase, "le "))
    return g_strconcat ("du ", phrase + 3, NULL);
  return g_strconcat ("de ", phrase, NULL);
}

static char *
capitalise (const char *text)
{
  gunichar first = g_utf8_get_char (text);
  char buf[8];
  int len = g_unichar_to_utf8 (g_unichar_toupper (first), buf);

  buf[len] = '\0';
  return g_strconcat (buf, g_utf8_next_char (text), NULL);
}

/* English title case for a topic: "data protection" → "Data Protection". */
static char *
title_case (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean start = TRUE;

  for (const char *p = text; *p; p++)
    {
      if (start && g_ascii_islower (*p) &&
          !g_str_has_prefix (p, "and ") && !g_str_has_prefix (p, "of ") && !g_str_has_prefix (p, "the "))
        g_string_append_c (out, g_ascii_toupper (*p));
      else
        g_string_append_c (out, *p);
      start = *p == ' ' || *p == '-';
    }
  return g_string_free (out, FALSE);
}

/* Capitals of an English name, for an acronym: "AI Safety Council" → "ASC". */
static char *
initials (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean start = TRUE;

  for (const char *p = text; *p; p++)
    {
      if (start && g_ascii_isupper (*p))
        g_string_append_c (out, *p);
      start = *p == ' ' || *p == '-';
    }
  return g_string_free (out, FALSE);
}

static char *
slugify (const char *text,
         gsize       max_len)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p && out->len < max_len; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------- */
/* JSON output                                                              */

static void
json_string (GString    *out,
             const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
json_key (GString    *out,
          const char *key)
{
  g_string_append_c (out, '"');
  g_string_append (out, key);
  g_string_append (out, "\":");
}

static void
json_member (GString    *out,
             const char *key,
             const char *value)
{
  json_key (out, key);
  json_string (out, value);
  g_string_append_c (out, ',');
}

/* A Text; either language may be NULL, not both. */
static void
json_text (GString    *out,
           const char *key,
           const char *en,
           const char *fr,
           const char *de)
{
  gboolean first = TRUE;

  json_key (out, key);
  g_string_append_c (out, '{');
  if (en != NULL)
    {
      g_string_append (out, "\"en\":");
      json_string (out, en);
      first = FALSE;
    }
  if (fr != NULL)
    {
      g_string_append (out, first ? "\"fr\":" : ",\"fr\":");
      json_string (out, fr);
      first = FALSE;
    }
  if (de != NULL)
    {
      g_string_append (out, first ? "\"de\":" : ",\"de\":");
      json_string (out, de);
    }
  g_string_append (out, "},");
}

/* Drops the comma after the last member of an object or array. */
static void
json_close (GString *out,
            char     bracket)
{
  if (out->len > 0 && out->str[out->len - 1] == ',')
    out->str[out->len - 1] = bracket;
  else
    g_string_append_c (out, bracket);
}

/* ---------------------------------------------------------------------- */
/* Entities                                                                 */

typedef struct
{
  char        *id;
  gboolean     legislation;
  char        *name_en;
  char        *name_fr;
  char        *acronym_en;
  char        *acronym_fr;
  const Pair  *topic;
  const Country *country;
  guint        year;
} Entity;

static void
entity_clear (Entity *entity)
{
  g_free (entity->id);
  g_free (entity->name_en);
  g_free (entity->name_fr);
  g_free (entity->acronym_en);
  g_free (entity->acronym_fr);
}

static char *
unique_id (GHashTable *ids,
           const char *base)
{
  char *id = g_strdup (base);

  for (guint n = 2; g_hash_table_contains (ids, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, n);
    }
  g_hash_table_add (ids, id);
  return id;
}

static void
name_organisation (Entity *entity,
                   guint   index,
                   Rng    *rng)
{
  /* Walks the combinations in a scattered order, so names do not repeat. */
  guint n_combos = G_N_ELEMENTS (adjectives) * G_N_ELEMENTS (bodies) * G_N_ELEMENTS (topics);
  guint combo = (index * 7919u) % n_combos;
  const Adjective *adjective = &adjectives[combo % G_N_ELEMENTS (adjectives)];
  const Body *body = &bodies[(combo / G_N_ELEMENTS (adjectives)) % G_N_ELEMENTS (bodies)];
  g_autofree char *topic_title = NULL;

  entity->topic = &topics[combo / (G_N_ELEMENTS (adjectives) * G_N_ELEMENTS (bodies))];
  topic_title = title_case (entity->topic->en);

  entity->name_en = g_strdup_printf ("%s %s on %s", adjective->en, body->en, topic_title);
  entity->name_fr = g_strdup_printf ("%s %s sur %s", body->fr,
                                     body->feminine ? adjective->fr_f : adjective->fr_m,
                                     entity->topic->fr);
  entity->acronym_en = initials (entity->name_en);
  entity->acronym_fr = initials (entity->name_fr);
  if (strlen (entity->acronym_fr) < 2)
    g_clear_pointer (&entity->acronym_fr, g_free);
  entity->country = PICK (rng, countries);
  entity->year = rng_range (rng, 1995, 2026);
}

static void
name_legislation (Entity *entity,
                  Rng    *rng)
{
  g_autofree char *topic_title = NULL;
  g_autofree char *topic_a = NULL;
  const char *country;

  entity->topic = PICK (rng, topics);
  entity->country = PICK (rng, countries);
  entity->year = rng_range (rng, 2016, 2027);
  topic_title = title_case (entity->topic->en);
  topic_a = fr_with_a (entity->topic->fr);

  country = entity->country->en;
  if (g_str_has_prefix (country, "the "))
    country += 4;

  entity->name_en = g_strdup_printf ("%s %s Act %u", country, topic_title, entity->year);
  entity->name_fr = g_strdup_printf ("Loi relative %s (%s, %u)", topic_a, entity->country->fr,
                                     entity->year);
  if (rng_chance (rng, 0.7))
    {
      g_autofree char *topic_initials = initials (topic_title);

      entity->acronym_en = g_strdup_printf ("%s %sA", entity->country->code, topic_initials);
      entity->acronym_fr = g_strdup_printf ("Loi %s-%u", entity->country->code, entity->year);
    }
}

static void
make_entity (Entity     *entity,
             guint       index,
             GHashTable *ids,
             Rng        *rng)
{
  g_autofree char *base = NULL;

  if (index == 0)
    {
      entity->legislation = TRUE;
      entity->name_en = g_strdup ("EU Artificial Intelligence Act (Regulation (EU) 2024/1689)");
      entity->name_fr = g_strdup ("Règlement européen sur l’intelligence artificielle (règlement (UE) 2024/1689)");
      entity->acronym_en = g_strdup ("AI Act");
      entity->acronym_fr = g_strdup ("RIA");
      entity->topic = &topics[0];
      entity->country = &countries[G_N_ELEMENTS (countries) - 1];
      entity->year = 2024;
      entity->id = unique_id (ids, "eu-ai-act");
      return;
    }
  if (index == 1)
    {
      entity->name_en = g_strdup ("Nordic AI Observatory");
      entity->name_fr = g_strdup ("Observatoire nordique de l’IA");
      entity->acronym_en = g_strdup ("NAIO");
      entity->acronym_fr = g_strdup ("ONIA");
      entity->topic = &topics[2];
      entity->country = &countries[7];
      entity->year = 2021;
      entity->id = unique_id (ids, "nordic-ai-observatory");
      return;
    }

  entity->legislation = rng_chance (rng, 0.4);
  if (entity->legislation)
    name_legislation (entity, rng);
  else
    name_organisation (entity, index, rng);

  if (entity->legislation)
    {
      g_autofree char *topic_title = title_case (entity->topic->en);
      g_autofree char *topic_initials = initials (topic_title);
      g_autofree char *name = g_strdup_printf ("%s %s act %u", entity->country->code, topic_initials,
                                               entity->year);

      base = slugify (name, 40);
    }
  else if (entity->acronym_en != NULL)
    base = slugify (entity->acronym_en, 24);
  else
    base = slugify (entity->name_en, 40);
  entity->id = unique_id (ids, base);
}

static void
sentence (GString      *out,
          const Entity *entity,
          gboolean      french,
          Rng          *rng)
{
  const Pair *group = PICK (rng, groups);
  const Pair *topic = rng_chance (rng, 0.6) ? entity->topic : PICK (rng, topics);
  const Pair *city = PICK (rng, cities);
  guint year = entity->year + rng_below (rng, 4);
  g_autofree char *topic_de = fr_with_de (topic->fr);
  g_autofree char *topic_a = fr_with_a (topic->fr);
  const char *name = french ? entity->name_fr : entity->name_en;

  switch (rng_below (rng, 8))
    {
    case 0:
      if (french)
        g_string_append_printf (out, "En %u, un premier bilan a été présenté à %s devant %s.", year, city->fr, group->fr);
      else
        g_string_append_printf (out, "In %u, a first assessment was presented in %s to %s.", year, city->en, group->en);
      break;
    case 1:
      if (french)
        g_string_append_printf (out, "Les critiques portent surtout sur la place laissée %s et sur le coût de la conformité pour %s.",
                                topic_a, group->fr);
      else
        g_string_append_printf (out, "Criticism focuses mainly on the room left for %s and on the cost of compliance for %s.",
                                topic->en, group->en);
      break;
    case 2:
      if (french)
        g_string_append_printf (out, "%s s’appuie sur un réseau d’experts chargés de l’évaluation %s.", name, topic_de);
      else
        g_string_append_printf (out, "%s relies on a network of experts in charge of assessing %s.", name, topic->en);
      break;
    case 3:
      if (french)
        g_string_append_printf (out, "Selon une étude publiée en %u, %u %% des %s interrogés jugent ces règles trop complexes.",
                                year, rng_range (rng, 12, 78), group->fr + 4);
      else
        g_string_append_printf (out, "According to a study published in %u, %u%% of the %s surveyed find these rules too complex.",
                                year, rng_range (rng, 12, 78), group->en);
      break;
    case 4:
      if (french)
        g_string_append_printf (out, "Le texte prévoit des sanctions pouvant atteindre %u millions d’euros ou %u %% du chiffre d’affaires mondial.",
                                rng_range (rng, 5, 35), rng_range (rng, 1, 7));
      else
        g_string_append_printf (out, "The text provides for fines of up to €%u million or %u%% of worldwide turnover.",
                                rng_range (rng, 5, 35), rng_range (rng, 1, 7));
      break;
    case 5:
      if (french)
        g_string_append_printf (out, "Une réunion à %s a permis de préciser les priorités en matière de sécurité, de données et d’éthique.",
                                city->fr);
      else
        g_string_append_printf (out, "A meeting in %s set out the priorities for safety, data and ethics.", city->en);
      break;
    case 6:
      if (french)
        g_string_append_printf (out, "Ses travaux concernent aussi %s, un sujet qui préoccupe de plus en plus %s.",
                                topic->fr, group->fr);
      else
        g_string_append_printf (out, "Its work also covers %s, a subject of growing concern to %s.", topic->en, group->en);
      break;
    default:
      if (french)
        g_string_append_printf (out, "Une révision est prévue en %u, après une consultation ouverte %s.", year + 2, topic_a);
      else
        g_string_append_printf (out, "A review is planned for %u, after a consultation open to %s.", year + 2, group->en);
      break;
    }
}

static void
write_sections (GString      *out,
                const Entity *entity,
                gboolean      french,
                Rng          *rng)
{
  const Pair *headings = entity->legislation ? law_headings : org_headings;
  guint n_headings = entity->legislation ? G_N_ELEMENTS (law_headings) : G_N_ELEMENTS (org_headings);
  guint n_sections = rng_range (rng, 1, 3);
  g_autoptr(GString) body = g_string_new (NULL);

  g_string_append (out, french ? "\"fr\":[" : "\"en\":[");
  for (guint s = 0; s < n_sections; s++)
    {
      guint n_paragraphs = rng_range (rng, 1, 2);

      g_string_truncate (body, 0);
      for (guint p = 0; p < n_paragraphs; p++)
        {
          guint n_sentences = rng_range (rng, 2, 3);

          if (p > 0)
            g_string_append (body, "\n\n");
          for (guint i = 0; i < n_sentences; i++)
            {
              if (i > 0)
                g_string_append_c (body, ' ');
              sentence (body, entity, french, rng);
            }
        }

      g_string_append_c (out, '{');
      if (s > 0 || rng_chance (rng, 0.8))
        json_member (out, "heading", french ? headings[s % n_headings].fr : headings[s % n_headings].en);
      json_member (out, "body", body->str);
      json_close (out, '}');
      g_string_append_c (out, ',');
    }
  json_close (out, ']');
  g_string_append_c (out, ',');
}

static void
write_members (GString      *out,
               const Entity *entity,
               Rng          *rng)
{
  /* A law applies to its country; an organisation has 2 to 24 members. */
  guint n = entity->legislation ? 1 : rng_range (rng, 2, 24);
  guint start = rng_below (rng, G_N_ELEMENTS (countries));

  if (entity->legislation)
    start = (guint) (entity->country - countries);

  json_key (out, "members");
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      const Country *country = &countries[(start + i * 7) % G_N_ELEMENTS (countries)];

      g_string_append_printf (out, "{\"country\":\"%s\"%s},", country->code,
                              !entity->legislation && rng_chance (rng, 0.5) ? ",\"founding\":true" : "");
    }
  json_close (out, ']');
  g_string_append_c (out, ',');
}

static void
write_links (GString      *out,
             const Entity *entity,
             Rng          *rng)
{
  guint n = rng_range (rng, 1, 3);

  json_key (out, "links");
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      const Pair *label = &link_labels[(i + (entity->legislation ? 1 : 0)) % G_N_ELEMENTS (link_labels)];

      g_string_append_c (out, '{');
      json_text (out, "label", label->en, label->fr, NULL);
      g_string_append_printf (out, "\"url\":\"https://www.%s.example.org/%s\"},", entity->id,
                              i == 0 ? "" : i == 1 ? "docs/text" : "press");
    }
  json_close (out, ']');
  g_string_append_c (out, ',');
}

static void
write_entity (GString      *out,
              const Entity *entity,
              Rng          *rng)
{
  const Pair *mission = PICK (rng, missions);
  const Pair *group = PICK (rng, groups);
  g_autofree char *summary_en = NULL;
  g_autofree char *summary_fr = NULL;

  if (entity->legislation)
    {
      summary_en = g_strdup_printf ("A law of %s that sets rules for %s and gives %s new rights and obligations.",
                                    entity->country->en, entity->topic->en, group->en);
      summary_fr = g_strdup_printf ("Une loi (%s) qui encadre %s et crée de nouveaux droits et obligations pour %s.",
                                    entity->country->fr, entity->topic->fr, group->fr);
    }
  else
    {
      guint n = rng_range (rng, 5, 60);

      summary_en = g_strdup_printf ("A body of %u members that works to %s on %s.", n, mission->en, entity->topic->en);
      summary_fr = g_strdup_printf ("Un organisme de %u membres qui s’attache à %s sur %s.", n, mission->fr,
                                    entity->topic->fr);
    }

  g_string_append_c (out, '{');
  json_member (out, "id", entity->id);
  json_member (out, "kind", entity->legislation ? "legislation" : "organisation");
  json_text (out, "name", entity->name_en, entity->name_fr, NULL);
  if (entity->acronym_en != NULL)
    json_text (out, "acronym", entity->acronym_en, entity->acronym_fr, NULL);
  json_text (out, "summary", summary_en, rng_chance (rng, 0.95) ? summary_fr : NULL, NULL);

  json_key (out, "profile");
  g_string_append_c (out, '{');
  write_sections (out, entity, FALSE, rng);
  if (rng_chance (rng, 0.9))
    write_sections (out, entity, TRUE, rng);
  json_close (out, '}');
  g_string_append_c (out, ',');

  write_members (out, entity, rng);
  write_links (out, entity, rng);
  g_string_append_printf (out, "\"founded\":\"%u\",", entity->year);
  g_string_append_printf (out, "\"updated\":\"2026-%02u-%02u\"", rng_range (rng, 1, 10), rng_range (rng, 1, 28));
  g_string_append_c (out, '}');
}

/* ---------------------------------------------------------------------- */
/* Articles                                                                 */

typedef struct
{
  guint year, month, day;
} Date;

/* Between 2019 and November 2026, more of them recent. */
static Date
article_date (Rng *rng)
{
  double u = sqrt (rng_double (rng));
  guint days = (guint) (u * (7 * 365 + 320));
  g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_JANUARY, 2019);
  Date out;

  g_date_add_days (date, days);
  out.year = g_date_get_year (date);
  out.month = g_date_get_month (date);
  out.day = g_date_get_day (date);
  return out;
}

static void
article_title (const Entity *entity,
               const char   *actor,
               Rng          *rng,
               char        **en,
               char        **fr)
{
  const Pair *topic = rng_chance (rng, 0.5) ? entity->topic : PICK (rng, topics);
  const Pair *verb = PICK (rng, verbs);
  const Pair *document = PICK (rng, documents);
  const Pair *group = PICK (rng, groups);
  const Pair *city = PICK (rng, cities);
  g_autofree char *topic_cap = capitalise (topic->en);
  g_autofree char *topic_fr_cap = capitalise (topic->fr);
  const char *acronym_en = entity->acronym_en ? entity->acronym_en : entity->name_en;
  const char *acronym_fr = entity->acronym_fr ? entity->acronym_fr : acronym_en;

  switch (rng_below (rng, 6))
    {
    case 0:
      *en = g_strdup_printf ("%s %s %s on %s", actor, verb->en, document->en, topic->en);
      *fr = g_strdup_printf ("%s %s %s sur %s", actor, verb->fr, document->fr, topic->fr);
      break;
    case 1:
      *en = g_strdup_printf ("%s: %s %s %s", topic_cap, actor, verb->en, document->en);
      *fr = g_strdup_printf ("%s\u00a0: %s %s %s", topic_fr_cap, actor, verb->fr, document->fr);
      break;
    case 2:
      *en = g_strdup_printf ("%s and %s: what changes for %s", acronym_en, topic->en, group->en);
      *fr = g_strdup_printf ("%s et %s\u00a0: ce qui change pour %s", acronym_fr, topic->fr, group->fr);
      break;
    case 3:
      *en = g_strdup_printf ("%s to hold a summit on %s in %s", actor, topic->en, city->en);
      *fr = g_strdup_printf ("%s organisera un sommet sur %s à %s", actor, topic->fr, city->fr);
      break;
    case 4:
      *en = g_strdup_printf ("Study finds gaps in %s across %u countries", topic->en, rng_range (rng, 3, 40));
      *fr = g_strdup_printf ("Une étude relève des lacunes dans %s dans %u pays", topic->fr, rng_range (rng, 3, 40));
      break;
    default:
      *en = g_strdup_printf ("“%s”: %s reviews the rules on %s", acronym_en, actor, topic->en);
      *fr = g_strdup_printf ("«\u00a0%s\u00a0»\u00a0: %s réexamine les règles sur %s", acronym_fr, actor, topic->fr);
      break;
    }
}

static void
article_summary (const Entity *entity,
                 Date          date,
                 Rng          *rng,
                 char        **en,
                 char        **fr)
{
  const Pair *group = PICK (rng, groups);
  guint n = rng_range (rng, 3, 30);

  switch (rng_below (rng, 4))
    {
    case 0:
      *en = g_strdup_printf ("The text, adopted after %u months of negotiations, sets out obligations for %s.", n, group->en);
      *fr = g_strdup_printf ("Le texte, adopté après %u mois de négociations, fixe des obligations pour %s.", n, group->fr);
      break;
    case 1:
      *en = g_strdup_printf ("According to the report, %u%% of the organisations surveyed already use AI systems, "
                             "but few have assessed their risks.", n * 3);
      *fr = g_strdup_printf ("Selon le rapport, %u %% des organisations interrogées utilisent déjà des systèmes d’IA, "
                             "mais peu en ont évalué les risques.", n * 3);
      break;
    case 2:
      *en = g_strdup_printf ("Comments can be sent until %u %s %u; a final version is expected next year.",
                             date.day, months_en[date.month - 1], date.year);
      *fr = g_strdup_printf ("Les commentaires peuvent être envoyés jusqu’au %u%s %s %u ; une version définitive est attendue l’an prochain.",
                             date.day, date.day == 1 ? "er" : "", months_fr[date.month - 1], date.year);
      break;
    default:
      *en = g_strdup_printf ("The authority stresses that %s must stay under effective human oversight.", entity->topic->en);
      *fr = g_strdup_printf ("L’autorité souligne que %s doit rester sous un contrôle humain effectif.", entity->topic->fr);
      break;
    }
}

/* The entities of article @index: the large one in every fifth article,
 * the small one in exactly SMALL_ENTITY_ARTICLES, the others skewed so
 * that a few are in many articles and most in a few. */
static guint
article_entities (guint  index,
                  guint  n_articles,
                  guint  n_entities,
                  Rng   *rng,
                  guint *out)
{
  guint wanted = rng_chance (rng, 0.55) ? 1 : rng_chance (rng, 0.73) ? 2 : 3;
  guint small_step = MAX (1, n_articles / SMALL_ENTITY_ARTICLES);
  guint n = 0;

  if (index % 5 == 0)
    out[n++] = 0;
  if (index % small_step == 3 && index / small_step < SMALL_ENTITY_ARTICLES)
    out[n++] = 1;

  while (n < wanted && n_entities > 2)
    {
      double u = rng_double (rng);
      guint pick = 2 + (guint) ((n_entities - 2) * u * u);
      gboolean repeated = FALSE;

      for (guint i = 0; i < n; i++)
        repeated |= out[i] == pick;
      if (!repeated)
        out[n++] = pick;
    }
  return n;
}

static void
write_article (GString      *out,
               guint         index,
               guint         n_articles,
               const Entity *entities,
               guint         n_entities,
               Rng          *rng)
{
  guint ids[4];
  guint n_ids = article_entities (index, n_articles, n_entities, rng, ids);
  const Entity *main_entity = &entities[ids[n_ids - 1]];
  const char *source = *PICK (rng, sources);
  Date date = article_date (rng);
  g_autofree char *title_en = NULL;
  g_autofree char *title_fr = NULL;
  g_autofree char *summary_en = NULL;
  g_autofree char *summary_fr = NULL;
  g_autofree char *slug = NULL;
  double languages = rng_double (rng);

  article_title (main_entity, source, rng, &title_en, &title_fr);
  slug = slugify (title_en, 20);

  g_string_append_c (out, '{');
  g_string_append_printf (out, "\"id\":\"%04u-%02u-%02u-%s-%x\",", date.year, date.month, date.day, slug, index);
  g_string_append_printf (out, "\"date\":\"%04u-%02u-%02u\",", date.year, date.month, date.day);
  /* Mostly both languages; some in one only, a few with one more. */
  json_text (out, "title", languages < 0.96 ? title_en : NULL, languages > 0.03 ? title_fr : NULL,
             languages > 0.995 ? title_en : NULL);
  if (rng_chance (rng, 0.33))
    {
      article_summary (main_entity, date, rng, &summary_en, &summary_fr);
      json_text (out, "summary", languages < 0.96 ? summary_en : NULL, languages > 0.03 ? summary_fr : NULL, NULL);
    }
  if (rng_chance (rng, 0.95))
    json_member (out, "category", PICK (rng, categories)->id);
  if (rng_chance (rng, 0.9))
    json_member (out, "source", source);
  if (rng_chance (rng, 0.85))
    g_string_append_printf (out, "\"url\":\"https://news.example.org/%04u/%02u/%s\",", date.year, date.month, slug);

  json_key (out, "entities");
  g_string_append_c (out, '[');
  for (guint i = 0; i < n_ids; i++)
    {
      json_string (out, entities[ids[i]].id);
      g_string_append_c (out, ',');
    }
  json_close (out, ']');
  g_string_append_c (out, '}');
}

/* ---------------------------------------------------------------------- */

static void
write_feed (GString *out,
            guint    n_entities,
            guint    n_articles,
            guint64  seed)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  g_autofree Entity *entities = g_new0 (Entity, n_entities);
  Rng rng = { seed };

  g_string_append (out, "{\n\"format\":\"accord-feed\",\n\"version\":1,\n"
                        "\"generated\":\"2026-11-20T08:00:00Z\",\n\"categories\":[\n");
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_string_append_c (out, '{');
      json_member (out, "id", categories[i].id);
      json_text (out, "name", categories[i].en, categories[i].fr, NULL);
      json_close (out, '}');
      g_string_append (out, i + 1 < G_N_ELEMENTS (categories) ? ",\n" : "\n");
    }

  g_string_append (out, "],\n\"entities\":[\n");
  for (guint i = 0; i < n_entities; i++)
    {
      make_entity (&entities[i], i, ids, &rng);
      write_entity (out, &entities[i], &rng);
      g_string_append (out, i + 1 < n_entities ? ",\n" : "\n");
    }

  g_string_append (out, "],\n\"articles\":[\n");
  for (guint i = 0; i < n_articles; i++)
    {
      write_article (out, i, n_articles, entities, n_entities, &rng);
      g_string_append (out, i + 1 < n_articles ? ",\n" : "\n");
    }
  g_string_append (out, "]\n}\n");

  for (guint i = 0; i < n_entities; i++)
    entity_clear (&entities[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = NULL;
  double scale = 1.0;
  gint64 seed = 20261120;
  guint n_entities, n_articles;
  GOptionEntry entries[] = {
    { "scale", 's', 0, G_OPTION_ARG_DOUBLE, &scale, "Multiply the sizes by SCALE (default 1.0)", "SCALE" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "The random seed", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "C");
  context = g_option_context_new ("OUTPUT - write a large Accord feed");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gen-feed: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || scale <= 0 || scale > 20)
    {
      g_printerr ("gen-feed: expected one OUTPUT path and a scale in (0, 20]\n");
      return 2;
    }

  n_entities = MAX (3, (guint) (BASE_ENTITIES * scale + 0.5));
  n_articles = MAX (SMALL_ENTITY_ARTICLES * 5, (guint) (BASE_ARTICLES * scale + 0.5));

  out = g_string_sized_new ((gsize) (26e6 * scale));
  write_feed (out, n_entities, n_articles, (guint64) seed);

  if (!g_file_set_contents (argv[1], out->str, (gssize) out->len, &error))
    {
      g_printerr ("gen-feed: %s\n", error->message);
      return 1;
    }
  g_print ("%s: %u entities, %u articles, %" G_GSIZE_FORMAT " bytes\n",
           argv[1], n_entities, n_articles, out->len);
  return 0;
}
