#define G_LOG_DOMAIN "accord-bench"

#include "config.h"

/* bench-core: the data core's benchmarks, run by `meson test --benchmark`.
 *
 *   bench-core [--generator GEN-FEED] [--runs N] [--keep] [FEED]
 *
 * Without FEED, gen-feed writes a large feed into a temporary folder
 * (ACCORD_BENCH_SCALE, default 1.0, multiplies its size). Then, side by
 * side in one run:
 *
 *  - the baseline, json-glib parsing the file into a JsonNode, and
 *    Accord's whole import (accord_feed_parse + accord_store_import_feed
 *    into a fresh store), each in a child process of its own so that the
 *    peak RSS of one does not pollute the other;
 *  - accord_store_search for a set of realistic queries;
 *  - opening the article list of the largest and of a small entity;
 *  - reading a feed whose ids all collide in g_str_hash(), against one
 *    with ordinary ids.
 *
 * A missed target is reported, not an error: the exit status is non-zero
 * only when something actually fails. */


#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "accord-feed.h"
#include "accord-store.h"
#include "accord-utils.h"

#define TARGET_TIME_RATIO    2.0
#define TARGET_MEMORY_RATIO  1.3
#define TARGET_SEARCH_MS     5.0
#define TARGET_LIST_MS       10.0

#define SEARCH_MAX_PER_KIND  20
#define SEARCH_REPETITIONS   7
#define LIST_REPETITIONS     9
#define LIST_FIRST_ITEMS     30
#define ENTITIES_REPETITIONS 3
#define SMALL_ENTITY_SIZE    10
#define GEN_LARGE_ENTITY     "eu-ai-act"
#define GEN_SMALL_ENTITY     "nordic-ai-observatory"
#define HOSTILE_REPETITIONS  3
#define HOSTILE_ID_BLOCKS    17   /* 2^17 ids that collide in g_str_hash() */

static const char * const search_queries[] = {
  "intelligence",
  "artificial intelligence",
  "intelligence artificielle",
  "données",
  "donnees",
  "sécurité",
  "securite",
  "règlement",
  "reglement",
  "protection des données",
  "facial recognition",
  "reconnaissance faciale",
  "copyright",
  "droit d’auteur",
  "AI Act",
  "OECD",
  "Union Européenne",
  "high-risk",
  "santé publique",
  "évaluation",
  "evaluation",
  "gen",
  "trans",
  "ai",
  "blockchain",
};

/* ---------------------------------------------------------------------- */
/* Small helpers                                                            */

static double
ms_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median (const double *values,
        guint         n)
{
  g_autofree double *sorted = NULL;

  if (n == 0)
    return 0;
  sorted = g_memdup2 (values, n * sizeof (double));
  qsort (sorted, n, sizeof (double), compare_doubles);
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static double
maximum (const double *values,
         guint         n)
{
  double max = 0;

  for (guint i = 0; i < n; i++)
    max = MAX (max, values[i]);
  return max;
}

/* 50000 → "50,000" */
static char *
format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static const char *
verdict (gboolean pass)
{
  return pass ? "PASS" : "MISS";
}

/* CPU time used by this process so far, user and system, in ms. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

/* The high-water mark of this process's resident memory, in KiB. */
static gint64
read_vm_hwm (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

/* ---------------------------------------------------------------------- */
/* Child processes: each measures one thing and prints "key=value" lines.   */

static GBytes *
read_feed (const char  *path,
           GError     **error)
{
  char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return g_bytes_new_take (data, len);
}

/* Reading the file only: the floor under both measurements. */
static int
child_load (const char *feed_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gint64 start = g_get_monotonic_time ();

  if ((bytes = read_feed (feed_path, &error)) == NULL)
    {
      g_printerr ("bench-core: %s\n", error->message);
      return 1;
    }
  g_print ("time_ms=%.3f\nhwm_kb=%" G_GINT64_FORMAT "\n", ms_since (start), read_vm_hwm ());
  return 0;
}

/* The baseline: json-glib parsing the document, and nothing else. */
static int
child_json (const char *feed_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data;
  gsize len;
  gint64 start;
  double elapsed, cpu;

  if ((bytes = read_feed (feed_path, &error)) == NULL)
    {
      g_printerr ("bench-core: %s\n", error->message);
      return 1;
    }
  data = g_bytes_get_data (bytes, &len);

  cpu = cpu_ms ();
  start = g_get_monotonic_time ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &error))
    {
      g_printerr ("bench-core: %s: %s\n", feed_path, error->message);
      return 1;
    }
  elapsed = ms_since (start);
  cpu = cpu_ms () - cpu;

  g_print ("time_ms=%.3f\ncpu_ms=%.3f\nhwm_kb=%" G_GINT64_FORMAT "\n", elapsed, cpu, read_vm_hwm ());
  return 0;
}

/* Accord: the whole import, from bytes to a committed snapshot. */
static int
child_import (const char *feed_path,
              const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AccordStore) store = NULL;
  g_autoptr(AccordFeed) feed = NULL;
  AccordImportStats stats;
  gint64 start, parsed_hwm;
  double parse_ms, import_ms, cpu;

  if ((bytes = read_feed (feed_path, &error)) == NULL ||
      (store = accord_store_new (db_path, &error)) == NULL)
    {
      g_printerr ("bench-core: %s\n", error->message);
      return 1;
    }

  cpu = cpu_ms ();
  start = g_get_monotonic_time ();
  if ((feed = accord_feed_parse (bytes, NULL, &error)) == NULL)
    {
      g_printerr ("bench-core: %s: %s\n", feed_path, error->message);
      return 1;
    }
  parse_ms = ms_since (start);
  parsed_hwm = read_vm_hwm ();

  start = g_get_monotonic_time ();
  if (!accord_store_import_feed (store, feed, ACCORD_SNAPSHOT_FILE, NULL, &stats, &error))
    {
      g_printerr ("bench-core: import: %s\n", error->message);
      return 1;
    }
  import_ms = ms_since (start);
  cpu = cpu_ms () - cpu;

  g_print ("time_ms=%.3f\ncpu_ms=%.3f\nparse_ms=%.3f\nimport_ms=%.3f\n",
           parse_ms + import_ms, cpu, parse_ms, import_ms);
  g_print ("parse_hwm_kb=%" G_GINT64_FORMAT "\nhwm_kb=%" G_GINT64_FORMAT "\n", parsed_hwm, read_vm_hwm ());
  g_print ("entities=%u\narticles=%u\nskipped=%u\nwarnings=%u\n", stats.n_entities, stats.n_articles,
           stats.n_skipped, accord_feed_get_warnings (feed)->len);
  return 0;
}

/* Replacing a stored snapshot by one of the same size, as a sync does:
 * only accord_store_import_feed is timed. */
static int
child_replace (const char *feed_path,
               const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AccordStore) store = NULL;
  g_autoptr(AccordFeed) feed = NULL;
  AccordImportStats stats;
  gint64 start;

  if ((bytes = read_feed (feed_path, &error)) == NULL ||
      (store = accord_store_new (db_path, &error)) == NULL ||
      (feed = accord_feed_parse (bytes, NULL, &error)) == NULL ||
      !accord_store_import_feed (store, feed, ACCORD_SNAPSHOT_FILE, NULL, &stats, &error))
    {
      g_printerr ("bench-core: %s\n", error->message);
      return 1;
    }

  start = g_get_monotonic_time ();
  if (!accord_store_import_feed (store, feed, ACCORD_SNAPSHOT_SYNC, NULL, &stats, &error))
    {
      g_printerr ("bench-core: replacing the snapshot: %s\n", error->message);
      return 1;
    }
  g_print ("time_ms=%.3f\narticles=%u\n", ms_since (start), stats.n_articles);
  return 0;
}

static int
run_child (const char *mode,
           char      **args)
{
  guint n = args ? g_strv_length (args) : 0;

  if (g_str_equal (mode, "load") && n == 1)
    return child_load (args[0]);
  if (g_str_equal (mode, "json") && n == 1)
    return child_json (args[0]);
  if (g_str_equal (mode, "import") && n == 2)
    return child_import (args[0], args[1]);
  if (g_str_equal (mode, "replace") && n == 2)
    return child_replace (args[0], args[1]);

  g_printerr ("bench-core: bad child mode or arguments: %s\n", mode);
  return 2;
}

/* ---------------------------------------------------------------------- */
/* Running the children                                                     */

typedef struct
{
  double time_ms;
  double cpu_ms;         /* of the measured part only */
  double parse_ms;
  double import_ms;
  double maxrss_mb;      /* ru_maxrss of the child, from wait4() */
  double hwm_mb;         /* VmHWM as the child saw it, for a cross-check */
  double parse_hwm_mb;
  guint  n_articles;
  guint  n_entities;
  guint  n_skipped;
} Sample;

static char *
self_exe (void)
{
  return g_file_read_link ("/proc/self/exe", NULL);
}

static gboolean
read_all (int       fd,
          GString  *out,
          GError  **error)
{
  char buf[4096];

  for (;;)
    {
      gssize n = read (fd, buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "reading a child's output: %s", g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        return TRUE;
      g_string_append_len (out, buf, n);
    }
}

static void
parse_sample (const char *output,
              Sample     *sample)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');
      const char *value;
      double number;

      if (eq == NULL)
        continue;
      *eq = '\0';
      value = eq + 1;
      number = g_ascii_strtod (value, NULL);

      if (g_str_equal (lines[i], "time_ms"))
        sample->time_ms = number;
      else if (g_str_equal (lines[i], "cpu_ms"))
        sample->cpu_ms = number;
      else if (g_str_equal (lines[i], "parse_ms"))
        sample->parse_ms = number;
      else if (g_str_equal (lines[i], "import_ms"))
        sample->import_ms = number;
      else if (g_str_equal (lines[i], "hwm_kb"))
        sample->hwm_mb = number / 1024;
      else if (g_str_equal (lines[i], "parse_hwm_kb"))
        sample->parse_hwm_mb = number / 1024;
      else if (g_str_equal (lines[i], "articles"))
        sample->n_articles = (guint) number;
      else if (g_str_equal (lines[i], "entities"))
        sample->n_entities = (guint) number;
      else if (g_str_equal (lines[i], "skipped"))
        sample->n_skipped = (guint) number;
    }
}

/* Runs this program again in @mode and reads its peak RSS with wait4().
 *
 * Linux carries the high-water mark of the forking process over into the
 * child's ru_maxrss, so the parent must stay small while it spawns: it
 * loads nothing big until every child has run. */
static gboolean
spawn_child (const char  *mode,
             const char  *arg1,
             const char  *arg2,
             Sample      *sample,
             GError     **error)
{
  g_autofree char *exe = self_exe ();
  g_autofree char *mode_arg = g_strconcat ("--child=", mode, NULL);
  const char *argv[] = { exe, mode_arg, "--", arg1, arg2, NULL };
  g_autoptr(GString) output = g_string_new (NULL);
  struct rusage usage;
  GPid pid;
  int out_fd, status;
  gboolean read_ok;

  if (exe == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "cannot find this program's path");
      return FALSE;
    }

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, error))
    return FALSE;

  read_ok = read_all (out_fd, output, error);
  close (out_fd);
  while (wait4 (pid, &status, 0, &usage) < 0)
    {
      if (errno != EINTR)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "waiting for the child: %s", g_strerror (saved_errno));
          return FALSE;
        }
    }
  g_spawn_close_pid (pid);

  if (!read_ok)
    return FALSE;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "the %s child failed: ", mode);
      return FALSE;
    }

  memset (sample, 0, sizeof *sample);
  parse_sample (output->str, sample);
  sample->maxrss_mb = (double) usage.ru_maxrss / 1024;   /* KiB on Linux */
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* The import comparison                                                    */

typedef struct
{
  GArray *load;     /* of Sample */
  GArray *json;
  GArray *import;
  GArray *replace;
  char   *db_path;  /* of the last import, for the queries */
} ImportResults;

static void
import_results_clear (ImportResults *results)
{
  g_clear_pointer (&results->load, g_array_unref);
  g_clear_pointer (&results->json, g_array_unref);
  g_clear_pointer (&results->import, g_array_unref);
  g_clear_pointer (&results->replace, g_array_unref);
  g_clear_pointer (&results->db_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ImportResults, import_results_clear)

typedef double (*SampleField) (const Sample *sample);

static double field_time (const Sample *s) { return s->time_ms; }
static double field_cpu (const Sample *s) { return s->cpu_ms; }
static double field_parse (const Sample *s) { return s->parse_ms; }
static double field_import (const Sample *s) { return s->import_ms; }
static double field_rss (const Sample *s) { return s->maxrss_mb; }
static double field_hwm (const Sample *s) { return s->hwm_mb; }
static double field_parse_hwm (const Sample *s) { return s->parse_hwm_mb; }

static GArray *
sample_values (GArray      *samples,
               SampleField  field)
{
  GArray *values = g_array_sized_new (FALSE, FALSE, sizeof (double), samples->len);

  for (guint i = 0; i < samples->len; i++)
    {
      double value = field (&g_array_index (samples, Sample, i));
      g_array_append_val (values, value);
    }
  return values;
}

static double
sample_median (GArray      *samples,
               SampleField  field)
{
  g_autoptr(GArray) values = sample_values (samples, field);

  return median ((const double *) (void *) values->data, values->len);
}

static gboolean
check_import (const Sample  *sample,
              GError       **error)
{
  if (sample->n_skipped > 0 || sample->n_articles == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the import stored %u articles and skipped %u items; the feed is not as expected",
                   sample->n_articles, sample->n_skipped);
      return FALSE;
    }
  return TRUE;
}

/* Alternates the children, so a slow spell of the machine hits both. */
static gboolean
run_import_comparison (const char     *feed_path,
                       const char     *tmp_dir,
                       guint           runs,
                       ImportResults  *results,
                       GError        **error)
{
  results->load = g_array_new (FALSE, TRUE, sizeof (Sample));
  results->json = g_array_new (FALSE, TRUE, sizeof (Sample));
  results->import = g_array_new (FALSE, TRUE, sizeof (Sample));
  results->replace = g_array_new (FALSE, TRUE, sizeof (Sample));

  for (guint run = 0; run < runs; run++)
    {
      g_autofree char *replace_dir = g_strdup_printf ("%s/replace-%u", tmp_dir, run);
      g_autofree char *replace_db = g_build_filename (replace_dir, "accord.db", NULL);
      Sample load, json, import, replace;

      g_clear_pointer (&results->db_path, g_free);
      results->db_path = g_strdup_printf ("%s/store-%u/accord.db", tmp_dir, run);

      g_printerr ("bench-core: run %u/%u\n", run + 1, runs);
      if (!spawn_child ("load", feed_path, NULL, &load, error) ||
          !spawn_child ("json", feed_path, NULL, &json, error) ||
          !spawn_child ("import", feed_path, results->db_path, &import, error) ||
          !check_import (&import, error) ||
          !spawn_child ("replace", feed_path, replace_db, &replace, error))
        return FALSE;

      g_array_append_val (results->load, load);
      g_array_append_val (results->json, json);
      g_array_append_val (results->import, import);
      g_array_append_val (results->replace, replace);
      accord_remove_tree (replace_dir);

      /* Only the last store is kept, for the queries. */
      if (run > 0)
        {
          g_autofree char *previous = g_strdup_printf ("%s/store-%u", tmp_dir, run - 1);
          accord_remove_tree (previous);
        }
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Queries on the imported store                                            */

typedef struct
{
  const char *query;
  guint       n_entities;
  guint       n_articles;
  double      median_ms;
  double      max_ms;
  double      times[SEARCH_REPETITIONS];
} SearchResult;

static void
count_results (GListModel *results,
               guint      *n_entities,
               guint      *n_articles)
{
  *n_entities = *n_articles = 0;
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);

      if (ACCORD_IS_ENTITY (item))
        (*n_entities)++;
      else
        (*n_articles)++;
    }
}

static void
bench_search (AccordStore  *store,
              const char   *query,
              SearchResult *result)
{
  memset (result, 0, sizeof *result);
  result->query = query;

  for (guint i = 0; i < SEARCH_REPETITIONS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GListModel) results = accord_store_search (store, query, SEARCH_MAX_PER_KIND);

      result->times[i] = ms_since (start);
      if (i == 0)
        count_results (results, &result->n_entities, &result->n_articles);
    }
  result->median_ms = median (result->times, SEARCH_REPETITIONS);
  result->max_ms = maximum (result->times, SEARCH_REPETITIONS);
}

typedef struct
{
  char   *id;
  guint   n_articles;
  double  median_ms;
  double  max_ms;
  double  times[LIST_REPETITIONS];
} ListResult;

static void
list_result_clear (ListResult *result)
{
  g_clear_pointer (&result->id, g_free);
}

static double
open_list_once (AccordStore *store,
                const char  *entity_id,
                guint       *n_items)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GListModel) articles = accord_store_list_articles (store, entity_id, NULL, NULL);
  guint n = MIN (LIST_FIRST_ITEMS, g_list_model_get_n_items (articles));
  double elapsed;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) article = g_list_model_get_item (articles, i);
      g_assert (article != NULL);
    }
  elapsed = ms_since (start);
  *n_items = g_list_model_get_n_items (articles);
  return elapsed;
}

static void
bench_list (AccordStore *store,
            ListResult  *result)
{
  for (guint i = 0; i < LIST_REPETITIONS; i++)
    result->times[i] = open_list_once (store, result->id, &result->n_articles);
  result->median_ms = median (result->times, LIST_REPETITIONS);
  result->max_ms = maximum (result->times, LIST_REPETITIONS);
}

/* The entities gen-feed puts in a fifth of the articles and in ten. */
static gboolean
use_generated_entities (AccordStore  *store,
                        ListResult   *large,
                        ListResult   *small,
                        GError      **error)
{
  g_autoptr(AccordEntity) large_entity = accord_store_get_entity (store, GEN_LARGE_ENTITY);
  g_autoptr(AccordEntity) small_entity = accord_store_get_entity (store, GEN_SMALL_ENTITY);

  if (large_entity == NULL || small_entity == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the generated feed lacks " GEN_LARGE_ENTITY " or " GEN_SMALL_ENTITY);
      return FALSE;
    }
  large->id = g_strdup (GEN_LARGE_ENTITY);
  large->n_articles = accord_entity_get_n_articles (large_entity);
  small->id = g_strdup (GEN_SMALL_ENTITY);
  small->n_articles = accord_entity_get_n_articles (small_entity);
  return TRUE;
}

/* For any other feed: the entity in the most articles, and the one whose
 * count is closest to SMALL_ENTITY_SIZE. */
static gboolean
find_entities (AccordStore  *store,
               ListResult   *large,
               ListResult   *small,
               GError      **error)
{
  g_autoptr(GListModel) entities = accord_store_list_entities (store, "en");
  guint best_small = G_MAXUINT;

  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(AccordEntity) entity = g_list_model_get_item (entities, i);
      guint n = accord_entity_get_n_articles (entity);
      guint distance = n > SMALL_ENTITY_SIZE ? n - SMALL_ENTITY_SIZE : SMALL_ENTITY_SIZE - n;

      if (large->id == NULL || n > large->n_articles)
        {
          g_free (large->id);
          large->id = g_strdup (accord_entity_get_id (entity));
          large->n_articles = n;
        }
      if (n > 0 && distance < best_small)
        {
          g_free (small->id);
          small->id = g_strdup (accord_entity_get_id (entity));
          small->n_articles = n;
          best_small = distance;
        }
    }

  if (large->id == NULL || small->id == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the store has no entity with articles");
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Report                                                                   */

typedef struct
{
  const char   *feed_path;
  gboolean      generated;
  gsize         feed_bytes;
  double        scale;
  guint         runs;
  ImportResults import;
  SearchResult  searches[G_N_ELEMENTS (search_queries)];
  double        first_search_ms;
  double        entities_ms[ENTITIES_REPETITIONS];
  ListResult    large;
  ListResult    small;
  double        colliding_ids_ms[HOSTILE_REPETITIONS];
  double        ordinary_ids_ms[HOSTILE_REPETITIONS];
} Report;

static void
report_clear (Report *report)
{
  import_results_clear (&report->import);
  list_result_clear (&report->large);
  list_result_clear (&report->small);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Report, report_clear)

typedef struct
{
  double json_ms, import_ms, time_ratio;
  double json_mb, import_mb, memory_ratio;
  double search_median_ms, search_worst_query_ms, search_worst_single_ms;
} Summary;

static void
summarise (const Report *report,
           Summary      *summary)
{
  g_autoptr(GArray) medians = g_array_new (FALSE, FALSE, sizeof (double));

  summary->json_ms = sample_median (report->import.json, field_time);
  summary->import_ms = sample_median (report->import.import, field_time);
  summary->json_mb = sample_median (report->import.json, field_rss);
  summary->import_mb = sample_median (report->import.import, field_rss);
  summary->time_ratio = summary->import_ms / summary->json_ms;
  summary->memory_ratio = summary->import_mb / summary->json_mb;

  summary->search_worst_query_ms = summary->search_worst_single_ms = 0;
  for (guint i = 0; i < G_N_ELEMENTS (search_queries); i++)
    {
      const SearchResult *search = &report->searches[i];

      g_array_append_val (medians, search->median_ms);
      summary->search_worst_query_ms = MAX (summary->search_worst_query_ms, search->median_ms);
      summary->search_worst_single_ms = MAX (summary->search_worst_single_ms, search->max_ms);
    }
  summary->search_median_ms = median ((const double *) (void *) medians->data, medians->len);
}

static void
print_import (const Report  *report,
              const Summary *summary)
{
  GArray *import = report->import.import;

  g_print ("\nImport (median of %u runs, each in a child process of its own)\n", report->runs);
  g_print ("  %-42s %10s %10s %12s\n", "", "time", "CPU", "peak RSS");
  g_print ("  %-42s %7.0f ms %10s %9.1f MB\n", "reading the file only (floor)",
           sample_median (report->import.load, field_time), "", sample_median (report->import.load, field_rss));
  g_print ("  %-42s %7.0f ms %7.0f ms %9.1f MB\n", "baseline: json-glib, bytes to JsonNode",
           summary->json_ms, sample_median (report->import.json, field_cpu), summary->json_mb);
  g_print ("  %-42s %7.0f ms %7.0f ms %9.1f MB\n", "Accord: accord_feed_parse + import",
           summary->import_ms, sample_median (import, field_cpu), summary->import_mb);
  g_print ("  %-42s %7.0f ms %10s %9.1f MB  (high-water mark after parsing)\n", "  of which accord_feed_parse",
           sample_median (import, field_parse), "", sample_median (import, field_parse_hwm));
  g_print ("  %-42s %7.0f ms\n", "  of which accord_store_import_feed", sample_median (import, field_import));
  g_print ("  %-42s %9.2f× %9.2f× %11.2f×\n", "ratio Accord / baseline", summary->time_ratio,
           sample_median (import, field_cpu) / sample_median (report->import.json, field_cpu),
           summary->memory_ratio);
  g_print ("  %-42s %7.0f ms  (for information: a sync over a stored snapshot)\n",
           "replacing a snapshot of the same size", sample_median (report->import.replace, field_time));
}

static void
print_search (const Report  *report,
              const Summary *summary)
{
  g_print ("\nSearch: accord_store_search, %u per kind, %u repetitions per query\n",
           SEARCH_MAX_PER_KIND, SEARCH_REPETITIONS);
  g_print ("  %-28s %8s %8s %10s %8s\n", "query", "entities", "articles", "median ms", "max ms");
  for (guint i = 0; i < G_N_ELEMENTS (search_queries); i++)
    {
      const SearchResult *search = &report->searches[i];
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", search->query);
      /* Pads by characters, not bytes, for the accented queries. */
      int pad = 28 + (int) (strlen (quoted) - g_utf8_strlen (quoted, -1));

      g_print ("  %-*s %8u %8u %10.2f %8.2f\n", pad, quoted, search->n_entities, search->n_articles,
               search->median_ms, search->max_ms);
    }
  g_print ("  first search on a fresh connection: %.2f ms\n", report->first_search_ms);
  g_print ("  all queries: median %.2f ms, slowest query (its median) %.2f ms, slowest single call %.2f ms\n",
           summary->search_median_ms, summary->search_worst_query_ms, summary->search_worst_single_ms);
}

static void
print_list (const char       *label,
            const ListResult *result)
{
  g_autofree char *count = format_count (result->n_articles);
  g_autofree char *name = g_strdup_printf ("%s: %s (%s articles)", label, result->id, count);

  g_print ("  %-52s %10.2f %8.2f\n", name, result->median_ms, result->max_ms);
}

static void
print_target (const char *label,
              double      value,
              const char *unit,
              gboolean    pass)
{
  g_autofree char *shown = g_strdup_printf ("%.2f%s", value, unit);
  /* Pads by characters, not bytes: the labels have "≤" and "×". */
  int pad = 44 + (int) (strlen (label) - g_utf8_strlen (label, -1));
  int shown_pad = 12 + (int) (strlen (shown) - g_utf8_strlen (shown, -1));

  g_print ("  %-*s %*s  %s\n", pad, label, shown_pad, shown, verdict (pass));
}

static void
print_hostile_ids (const Report *report)
{
  g_print ("\nHostile ids: accord_feed_parse of %u entities, median of %u (for information)\n",
           ACCORD_FEED_MAX_ENTITIES, HOSTILE_REPETITIONS);
  g_print ("  %-52s %7.0f ms\n", "ids that all collide in g_str_hash()", median (report->colliding_ids_ms, HOSTILE_REPETITIONS));
  g_print ("  %-52s %7.0f ms\n", "ordinary ids of the same length", median (report->ordinary_ids_ms, HOSTILE_REPETITIONS));
}

static void
print_summary (const Summary *summary,
               const Report  *report)
{
  g_print ("\nTargets\n");
  print_target ("import time ≤ 2× json-glib", summary->time_ratio, "×",
                summary->time_ratio <= TARGET_TIME_RATIO);
  print_target ("import peak RSS ≤ 1.3× json-glib", summary->memory_ratio, "×",
                summary->memory_ratio <= TARGET_MEMORY_RATIO);
  print_target ("search < 5 ms per query (slowest query)", summary->search_worst_query_ms, " ms",
                summary->search_worst_query_ms < TARGET_SEARCH_MS);
  print_target ("largest entity's articles < 10 ms", report->large.median_ms, " ms",
                report->large.median_ms < TARGET_LIST_MS);
}

static void
print_values (const char *key,
              GArray     *samples,
              SampleField field)
{
  g_autoptr(GArray) values = sample_values (samples, field);

  g_print ("%s =", key);
  for (guint i = 0; i < values->len; i++)
    g_print (" %.2f", g_array_index (values, double, i));
  g_print ("\n");
}

static void
print_raw (const Report  *report,
           const Summary *summary)
{
  const ImportResults *import = &report->import;

  g_print ("\nRaw numbers\n");
  g_print ("feed.path = %s\nfeed.bytes = %" G_GSIZE_FORMAT "\nscale = %.3f\nruns = %u\n",
           report->feed_path, report->feed_bytes, report->scale, report->runs);
  g_print ("feed.entities = %u\nfeed.articles = %u\n",
           g_array_index (import->import, Sample, 0).n_entities, g_array_index (import->import, Sample, 0).n_articles);
  print_values ("load.time_ms", import->load, field_time);
  print_values ("load.maxrss_mb", import->load, field_rss);
  print_values ("json.time_ms", import->json, field_time);
  print_values ("json.cpu_ms", import->json, field_cpu);
  print_values ("json.maxrss_mb", import->json, field_rss);
  print_values ("json.vmhwm_mb", import->json, field_hwm);
  print_values ("import.time_ms", import->import, field_time);
  print_values ("import.cpu_ms", import->import, field_cpu);
  print_values ("import.parse_ms", import->import, field_parse);
  print_values ("import.store_ms", import->import, field_import);
  print_values ("import.maxrss_mb", import->import, field_rss);
  print_values ("import.vmhwm_mb", import->import, field_hwm);
  print_values ("import.parse_vmhwm_mb", import->import, field_parse_hwm);
  print_values ("replace.store_ms", import->replace, field_time);
  g_print ("ratio.time = %.3f\nratio.memory = %.3f\n", summary->time_ratio, summary->memory_ratio);
  g_print ("search.first_ms = %.3f\n", report->first_search_ms);
  for (guint i = 0; i < G_N_ELEMENTS (search_queries); i++)
    {
      const SearchResult *search = &report->searches[i];

      g_print ("search[\"%s\"].ms =", search->query);
      for (guint j = 0; j < SEARCH_REPETITIONS; j++)
        g_print (" %.3f", search->times[j]);
      g_print ("\n");
    }
  g_print ("list[\"%s\"].ms =", report->large.id);
  for (guint j = 0; j < LIST_REPETITIONS; j++)
    g_print (" %.3f", report->large.times[j]);
  g_print ("\nlist[\"%s\"].ms =", report->small.id);
  for (guint j = 0; j < LIST_REPETITIONS; j++)
    g_print (" %.3f", report->small.times[j]);
  g_print ("\nlist_entities.ms =");
  for (guint j = 0; j < ENTITIES_REPETITIONS; j++)
    g_print (" %.3f", report->entities_ms[j]);
  g_print ("\n");
}

static void
print_report (const Report *report)
{
  g_autofree char *size = g_format_size (report->feed_bytes);
  g_autofree char *entities = format_count (g_array_index (report->import.import, Sample, 0).n_entities);
  g_autofree char *articles = format_count (g_array_index (report->import.import, Sample, 0).n_articles);
  Summary summary;

  summarise (report, &summary);

  g_print ("\nAccord data core benchmark\n");
  if (report->generated)
    g_print ("  feed: %s, %s entities, %s articles, generated at scale %.2f\n", size, entities, articles,
             report->scale);
  else
    g_print ("  feed: %s, %s entities, %s articles, from %s\n", size, entities, articles, report->feed_path);
  print_import (report, &summary);
  print_search (report, &summary);
  g_print ("\nOpening an entity's articles: accord_store_list_articles + the first %u items, %u repetitions\n",
           LIST_FIRST_ITEMS, LIST_REPETITIONS);
  g_print ("  %-52s %10s %8s\n", "", "median ms", "max ms");
  print_list ("largest", &report->large);
  print_list ("small", &report->small);
  g_print ("  for information, accord_store_list_entities (the sidebar): median %.2f ms\n",
           median (report->entities_ms, ENTITIES_REPETITIONS));
  print_hostile_ids (report);
  print_summary (&summary, report);
  print_raw (report, &summary);
}

/* ---------------------------------------------------------------------- */
/* Main                                                                     */

static gboolean
generate_feed (const char  *generator,
               double       scale,
               const char  *path,
               GError     **error)
{
  char scale_arg[G_ASCII_DTOSTR_BUF_SIZE];
  const char *argv[] = { generator, "--scale", NULL, path, NULL };
  int status;

  argv[2] = g_ascii_formatd (scale_arg, sizeof scale_arg, "%g", scale);
  g_printerr ("bench-core: generating the feed (scale %s)\n", argv[2]);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                     NULL, NULL, &status, error) ||
      !g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: ", generator);
      return FALSE;
    }
  return TRUE;
}

static double
read_scale (void)
{
  const char *env = g_getenv ("ACCORD_BENCH_SCALE");
  double scale = env != NULL ? g_ascii_strtod (env, NULL) : 1.0;

  /* Beyond about 2.4 the feed passes the spec's limit of 64 MiB. */
  if (scale <= 0 || scale > 2)
    {
      g_printerr ("bench-core: ignoring ACCORD_BENCH_SCALE=%s (expected a number in (0, 2])\n", env);
      scale = 1.0;
    }
  return scale;
}

static char *
default_generator (void)
{
  g_autofree char *exe = self_exe ();
  g_autofree char *dir = exe ? g_path_get_dirname (exe) : g_strdup (".");

  return g_build_filename (dir, "gen-feed", NULL);
}

static gboolean
run_queries (Report  *report,
             GError **error)
{
  g_autoptr(AccordStore) store = accord_store_new (report->import.db_path, error);
  gint64 start;

  if (store == NULL)
    return FALSE;

  start = g_get_monotonic_time ();
  g_object_unref (accord_store_search (store, "accord", SEARCH_MAX_PER_KIND));
  report->first_search_ms = ms_since (start);

  for (guint i = 0; i < G_N_ELEMENTS (search_queries); i++)
    bench_search (store, search_queries[i], &report->searches[i]);

  if (report->generated ? !use_generated_entities (store, &report->large, &report->small, error)
                        : !find_entities (store, &report->large, &report->small, error))
    return FALSE;
  bench_list (store, &report->large);
  bench_list (store, &report->small);

  for (guint i = 0; i < ENTITIES_REPETITIONS; i++)
    {
      start = g_get_monotonic_time ();
      g_object_unref (accord_store_list_entities (store, "en"));
      report->entities_ms[i] = ms_since (start);
    }
  return TRUE;
}

/* A feed of as many entities as the spec allows, with ids of 34
 * characters: either built of "c0" and "ar" blocks, which hash alike in
 * g_str_hash() whatever comes before them, or plain numbered ones. */
static GBytes *
hostile_ids_feed (gboolean colliding)
{
  GString *doc = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1,"
                               " \"generated\": \"2026-11-20T08:00:00Z\", \"entities\": [");

  for (guint i = 0; i < ACCORD_FEED_MAX_ENTITIES; i++)
    {
      g_string_append (doc, i > 0 ? ", {\"id\": \"" : "{\"id\": \"");
      if (colliding)
        for (guint b = 0; b < HOSTILE_ID_BLOCKS; b++)
          g_string_append (doc, i & (1u << b) ? "ar" : "c0");
      else
        g_string_append_printf (doc, "e%033u", i);
      g_string_append (doc, "\", \"kind\": \"organisation\", \"name\": {\"en\": \"E\"}}");
    }
  g_string_append (doc, "]}");
  return g_string_free_to_bytes (doc);
}

static gboolean
time_parse (GBytes  *bytes,
            double  *ms,
            GError **error)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(AccordFeed) feed = accord_feed_parse (bytes, NULL, error);

  *ms = ms_since (start);
  return feed != NULL;
}

static gboolean
run_hostile_ids (Report  *report,
                 GError **error)
{
  g_autoptr(GBytes) colliding = hostile_ids_feed (TRUE);
  g_autoptr(GBytes) ordinary = hostile_ids_feed (FALSE);

  for (guint i = 0; i < HOSTILE_REPETITIONS; i++)
    if (!time_parse (colliding, &report->colliding_ids_ms[i], error) ||
        !time_parse (ordinary, &report->ordinary_ids_ms[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
run_benchmark (const char  *feed_arg,
               const char  *generator,
               guint        runs,
               gboolean     keep,
               GError     **error)
{
  g_autofree char *tmp_dir = NULL;
  g_autofree char *feed_path = NULL;
  g_auto(Report) report = { 0 };
  GStatBuf st;
  gboolean ok;

  if ((tmp_dir = g_dir_make_tmp ("accord-bench-XXXXXX", error)) == NULL)
    return FALSE;

  report.scale = read_scale ();
  report.runs = runs;
  feed_path = feed_arg ? g_strdup (feed_arg) : g_build_filename (tmp_dir, "feed.json", NULL);
  report.feed_path = feed_path;
  report.generated = feed_arg == NULL;

  ok = (feed_arg != NULL || generate_feed (generator, report.scale, feed_path, error)) &&
       run_import_comparison (feed_path, tmp_dir, runs, &report.import, error) &&
       run_queries (&report, error) &&
       run_hostile_ids (&report, error);

  if (ok)
    {
      report.feed_bytes = g_stat (feed_path, &st) == 0 ? (gsize) st.st_size : 0;
      print_report (&report);
    }

  if (keep)
    g_printerr ("bench-core: kept %s\n", tmp_dir);
  else
    accord_remove_tree (tmp_dir);
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *child = NULL;
  g_autofree char *generator = NULL;
  g_auto(GStrv) args = NULL;
  gboolean keep = FALSE;
  int runs = 3;
  GOptionEntry entries[] = {
    { "generator", 0, 0, G_OPTION_ARG_FILENAME, &generator, "The gen-feed program (default: next to this one)", "PATH" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each import measurement (default 3)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary folder", NULL },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child, NULL, NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, "[FEED]" },
    { NULL }
  };

  /* Messages are UTF-8 text; numbers stay in the C format. */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");

  context = g_option_context_new ("- benchmark Accord's data core");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-core: %s\n", error->message);
      return 2;
    }

  if (child != NULL)
    return run_child (child, args);

  if ((args != NULL && g_strv_length (args) > 1) || runs < 1 || runs > 99)
    {
      g_printerr ("bench-core: expected at most one FEED and 1 to 99 runs\n");
      return 2;
    }
  if (generator == NULL)
    generator = default_generator ();

  if (!run_benchmark (args ? args[0] : NULL, generator, (guint) runs, keep, &error))
    {
      g_printerr ("bench-core: error: %s\n", error->message);
      return 1;
    }
  return 0;
}
