#define G_LOG_DOMAIN "accord-bench"

#include "config.h"

/* bench-startup: the app's start-up and entity-opening benchmarks, run by
 * `meson test --benchmark` (under a display; build-aux/dev provides one).
 *
 *   bench-startup [--generator GEN-FEED] [--runs N]
 *
 * Side by side in one run, each start in a child process of its own:
 *
 *  - the floor: a minimal libadwaita window (a header bar and a label),
 *    built by this same program;
 *  - Accord on its built-in data, and on a 50,000-article feed;
 *
 * timing from the child's start to its first frame with content, and its
 * peak RSS. Then, in Accord on the large feed, the time to open an
 * entity with 10,000 articles and one with 10, up to the frame that
 * shows the timeline, up to the one where every row GTK keeps is built,
 * and the longest frame in between. A missed target is reported, not an
 * error. */


#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "accord-application.h"
#include "accord-entity-view.h"
#include "accord-language.h"
#include "accord-sidebar.h"
#include "accord-window.h"

#define TARGET_START_RATIO   1.3
#define TARGET_EXTRA_MB      40.0
#define TARGET_OPEN_RATIO    1.2
/* The sidebar's other rows come in over the frames after the first: the
 * openings are timed once that is done. */
#define SETTLE_AFTER_START_MS 1000
#define LARGE_ENTITY         "eu-ai-act"
#define SMALL_ENTITY         "nordic-ai-observatory"

/* ---------------------------------------------------------------------- */
/* Children                                                                */

static gint64 child_start;

static void
report (const char *key,
        double      value)
{
  g_print ("%s %.3f\n", key, value);
}

static void
after_first_paint (GdkFrameClock *clock,
                   GApplication  *app)
{
  report ("first-frame-ms", (g_get_monotonic_time () - child_start) / 1000.0);
  g_signal_handlers_disconnect_by_func (clock, after_first_paint, app);
  g_application_quit (app);
}

/* The floor: the least a libadwaita app shows. */
static void
floor_activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *view = adw_toolbar_view_new ();

  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (view), adw_header_bar_new ());
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (view), gtk_label_new ("Accord"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_first_paint), app);
}

static int
run_floor (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.accordapp.AccordBenchFloor",
                                                      G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (floor_activate), NULL);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

typedef struct
{
  GApplication *app;
  gboolean      measure_open;
  gint64        open_start;
  gint64        last_paint;
  gint64        longest_frame;
  const char   *opening;
  guint         step;
  gboolean      shown;
} AppRun;

static gboolean
sidebar_has_content (AccordWindow *window)
{
  GListModel *entities = accord_sidebar_get_entities (ACCORD_SIDEBAR (accord_window_get_sidebar (window)));

  return g_list_model_get_n_items (entities) > 1;
}

static void open_next (AppRun *run);

/* Shown means rows on screen, not just the page. */
static gboolean
timeline_shows_rows (AppRun *run)
{
  AccordWindow *window = ACCORD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (run->app)));
  GtkWidget *view = accord_window_get_entity_view (window);
  GtkListView *timeline = GTK_LIST_VIEW (gtk_widget_get_template_child (view, ACCORD_TYPE_ENTITY_VIEW, "timeline"));
  GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (timeline));

  return gtk_list_view_get_model (timeline) != NULL && first != NULL && gtk_widget_get_mapped (first);
}

/* Settled: every article in the model, and the rows GTK keeps built
 * around the visible ones, not just the first screen. */
static gboolean
timeline_settled (AppRun *run)
{
  AccordWindow *window = ACCORD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (run->app)));
  GtkWidget *view = accord_window_get_entity_view (window);

  return accord_entity_view_get_timeline_settled (ACCORD_ENTITY_VIEW (view));
}

/* A first opening of a small entity warms what any opening needs (the
 * row template, styles, SQLite's cache); then the large one and the small
 * one are each timed to the frame that shows their rows. */
static const char * const openings[] = { SMALL_ENTITY, LARGE_ENTITY, SMALL_ENTITY };

static void
after_open_paint (GdkFrameClock *clock,
                  AppRun        *run)
{
  gboolean large = g_str_equal (run->opening, LARGE_ENTITY);
  gint64 now = g_get_monotonic_time ();
  double elapsed = (now - run->open_start) / 1000.0;

  /* The main loop is as busy as its longest frame: input waits that long. */
  run->longest_frame = MAX (run->longest_frame, now - run->last_paint);
  run->last_paint = now;

  if (!timeline_shows_rows (run))
    return;

  if (!run->shown)
    {
      run->shown = TRUE;
      if (run->step > 0)
        report (large ? "open-large-ms" : "open-small-ms", elapsed);
    }
  if (!timeline_settled (run))
    return;

  if (run->step > 0)
    {
      report (large ? "settle-large-ms" : "settle-small-ms", elapsed);
      report (large ? "frame-large-ms" : "frame-small-ms", run->longest_frame / 1000.0);
    }
  run->shown = FALSE;
  g_signal_handlers_disconnect_by_func (clock, after_open_paint, run);
  run->step++;
  open_next (run);
}

static void
open_next (AppRun *run)
{
  AccordWindow *window = ACCORD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (run->app)));
  AccordEntityView *view = ACCORD_ENTITY_VIEW (accord_window_get_entity_view (window));

  if (run->step >= G_N_ELEMENTS (openings))
    {
      g_application_quit (run->app);
      return;
    }

  run->opening = openings[run->step];
  run->open_start = g_get_monotonic_time ();
  run->last_paint = run->open_start;
  run->longest_frame = 0;
  accord_window_open_entity (window, run->opening);
  accord_entity_view_set_tab (view, "articles");
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_open_paint), run);
}

static void
after_app_paint (GdkFrameClock *clock,
                 AppRun        *run)
{
  AccordWindow *window = ACCORD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (run->app)));

  /* Content means the sidebar's entities, not an empty window. */
  if (!sidebar_has_content (window))
    return;

  report ("first-frame-ms", (g_get_monotonic_time () - child_start) / 1000.0);
  g_signal_handlers_disconnect_by_func (clock, after_app_paint, run);
  if (run->measure_open)
    g_timeout_add_once (SETTLE_AFTER_START_MS, (GSourceOnceFunc) open_next, run);
  else
    g_application_quit (run->app);
}

static void
app_activate (GApplication *app,
              AppRun       *run)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  run->app = app;
  gtk_window_set_default_size (window, 1100, 760);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_app_paint), run);
}

static int
run_app (gboolean measure_open)
{
  g_autoptr(AccordApplication) app = NULL;
  AppRun run = { .measure_open = measure_open };
  int status;

  accord_language_init (LOCALEDIR);
  app = accord_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (app_activate), &run);
  status = g_application_run (G_APPLICATION (app), 0, NULL);
  return status;
}

/* ---------------------------------------------------------------------- */
/* The parent                                                              */

typedef struct
{
  double first_frame_ms;
  double open_large_ms;
  double open_small_ms;
  double settle_large_ms;
  double settle_small_ms;
  double frame_large_ms;
  double frame_small_ms;
  double maxrss_mb;
} Sample;

static char *self_path;

static gboolean
spawn_child (const char  *mode,
             const char  *data_home,
             Sample      *sample,
             GError     **error)
{
  const char *argv[] = { self_path, "--child", mode, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  struct rusage usage;
  int status, out_fd;
  GPid pid;

  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data_home, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", data_home, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &pid, NULL, &out_fd, NULL, error))
    return FALSE;

  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_to_end (channel, &out, NULL, NULL);
  while (wait4 (pid, &status, 0, &usage) < 0)
    ;
  g_spawn_close_pid (pid);
  if (!g_spawn_check_wait_status (status, error))
    return FALSE;

  memset (sample, 0, sizeof *sample);
  sample->maxrss_mb = usage.ru_maxrss / 1024.0;
  lines = g_strsplit (out ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char key[32];
      double value;

      if (sscanf (lines[i], "%31s %lf", key, &value) != 2)
        continue;
      if (g_str_equal (key, "first-frame-ms"))
        sample->first_frame_ms = value;
      else if (g_str_equal (key, "open-large-ms"))
        sample->open_large_ms = value;
      else if (g_str_equal (key, "open-small-ms"))
        sample->open_small_ms = value;
      else if (g_str_equal (key, "settle-large-ms"))
        sample->settle_large_ms = value;
      else if (g_str_equal (key, "settle-small-ms"))
        sample->settle_small_ms = value;
      else if (g_str_equal (key, "frame-large-ms"))
        sample->frame_large_ms = value;
      else if (g_str_equal (key, "frame-small-ms"))
        sample->frame_small_ms = value;
    }
  if (sample->first_frame_ms <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s reported no first frame", mode);
      return FALSE;
    }
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static gboolean
prepare_large_store (const char  *generator,
                     const char  *dir,
                     char       **data_home,
                     GError     **error)
{
  g_autofree char *feed = g_build_filename (dir, "large.json", NULL);
  const char *gen_argv[] = { generator, feed, NULL };
  const char *import_argv[] = { NULL, "--import", feed, NULL };
  g_autofree char *accord = g_build_filename (g_getenv ("MESON_BUILD_ROOT") ? g_getenv ("MESON_BUILD_ROOT") : ".",
                                              "src", "accord", NULL);
  g_auto(GStrv) envp = NULL;
  int status;

  *data_home = g_build_filename (dir, "large-data", NULL);
  if (!g_spawn_sync (NULL, (char **) gen_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, error) ||
      !g_spawn_check_wait_status (status, error))
    return FALSE;

  /* The import runs in a process of its own, like a sync, not in ours. */
  import_argv[0] = accord;
  envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", *data_home, TRUE);
  return g_spawn_sync (NULL, (char **) import_argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                       &status, error) &&
         g_spawn_check_wait_status (status, error);
}

static const char *
verdict (gboolean pass)
{
  return pass ? "PASS" : "MISS";
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *builtin_home = NULL;
  g_autofree char *large_home = NULL;
  const char *generator = NULL;
  guint runs = 5;
  double floor_ms[16], floor_mb[16], builtin_ms[16], builtin_mb[16], large_ms[16], large_mb[16];
  double open_large[16], open_small[16], settle_large[16], settle_small[16], frame_large[16], frame_small[16];
  double f_ms, f_mb, b_ms, b_mb, l_ms, l_mb, o_large, o_small, s_large, s_small, fr_large, fr_small;

  child_start = g_get_monotonic_time ();
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "");

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    {
      if (g_str_equal (argv[2], "floor"))
        return run_floor ();
      return run_app (g_str_equal (argv[2], "app-open"));
    }

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--generator") && i + 1 < argc)
        generator = argv[++i];
      else if (g_str_equal (argv[i], "--runs") && i + 1 < argc)
        {
          int asked = atoi (argv[++i]);
          runs = (guint) CLAMP (asked, 1, 15);
        }
    }
  if (generator == NULL)
    {
      g_printerr ("usage: bench-startup --generator GEN-FEED [--runs N]\n");
      return 2;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  dir = g_dir_make_tmp ("accord-bench-startup-XXXXXX", &error);
  builtin_home = g_build_filename (dir, "builtin-data", NULL);
  g_print ("Preparing a store with the generated 50,000-article feed…\n");
  if (dir == NULL || !prepare_large_store (generator, dir, &large_home, &error))
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return 1;
    }

  /* A first start imports the built-in data; the measured ones find it. */
  {
    Sample warm;
    if (!spawn_child ("app", builtin_home, &warm, &error))
      {
        g_printerr ("bench-startup: %s\n", error->message);
        return 1;
      }
  }

  for (guint r = 0; r < runs; r++)
    {
      Sample floor_s, builtin_s, large_s;

      if (!spawn_child ("floor", builtin_home, &floor_s, &error) ||
          !spawn_child ("app", builtin_home, &builtin_s, &error) ||
          !spawn_child ("app-open", large_home, &large_s, &error))
        {
          g_printerr ("bench-startup: %s\n", error->message);
          return 1;
        }
      floor_ms[r] = floor_s.first_frame_ms;
      floor_mb[r] = floor_s.maxrss_mb;
      builtin_ms[r] = builtin_s.first_frame_ms;
      builtin_mb[r] = builtin_s.maxrss_mb;
      large_ms[r] = large_s.first_frame_ms;
      large_mb[r] = large_s.maxrss_mb;
      open_large[r] = large_s.open_large_ms;
      open_small[r] = large_s.open_small_ms;
      settle_large[r] = large_s.settle_large_ms;
      settle_small[r] = large_s.settle_small_ms;
      frame_large[r] = large_s.frame_large_ms;
      frame_small[r] = large_s.frame_small_ms;
    }

  f_ms = median (floor_ms, runs);
  f_mb = median (floor_mb, runs);
  b_ms = median (builtin_ms, runs);
  b_mb = median (builtin_mb, runs);
  l_ms = median (large_ms, runs);
  l_mb = median (large_mb, runs);
  o_large = median (open_large, runs);
  o_small = median (open_small, runs);
  s_large = median (settle_large, runs);
  s_small = median (settle_small, runs);
  fr_large = median (frame_large, runs);
  fr_small = median (frame_small, runs);

  g_print ("\nStart-up to the first frame with content (median of %u, each in its own process)\n", runs);
  g_print ("                                         time     peak RSS\n");
  g_print ("  floor: a minimal libadwaita window  %7.1f ms  %7.1f MB\n", f_ms, f_mb);
  g_print ("  Accord, built-in data               %7.1f ms  %7.1f MB   %.2f× the floor's time\n", b_ms, b_mb, b_ms / f_ms);
  g_print ("  Accord, 50,000 articles             %7.1f ms  %7.1f MB   %.2f× the floor's time, +%.1f MB\n",
           l_ms, l_mb, l_ms / f_ms, l_mb - f_mb);
  g_print ("Opening an entity's timeline (after a first, warming opening)\n");
  g_print ("                                   first rows shown    settled     longest frame\n");
  g_print ("  10 articles                         %7.1f ms      %7.1f ms    %7.1f ms\n", o_small, s_small, fr_small);
  g_print ("  10,000 articles                     %7.1f ms      %7.1f ms    %7.1f ms\n", o_large, s_large, fr_large);
  g_print ("  10,000 / 10                          %7.2f×        %7.2f×      %7.2f×\n",
           o_large / o_small, s_large / s_small, fr_large / fr_small);
  g_print ("Targets\n");
  g_print ("  start-up ≤ %.1f× the floor (built-in)     %5.2f×   %s\n", TARGET_START_RATIO, b_ms / f_ms,
           verdict (b_ms / f_ms <= TARGET_START_RATIO));
  g_print ("  start-up ≤ %.1f× the floor (large)        %5.2f×   %s\n", TARGET_START_RATIO, l_ms / f_ms,
           verdict (l_ms / f_ms <= TARGET_START_RATIO));
  g_print ("  memory ≤ floor + %.0f MB (large)           +%.1f MB  %s\n", TARGET_EXTRA_MB, l_mb - f_mb,
           verdict (l_mb - f_mb <= TARGET_EXTRA_MB));
  g_print ("  open 10,000 ≤ %.1f× open 10, shown        %5.2f×   %s\n", TARGET_OPEN_RATIO, o_large / o_small,
           verdict (o_large / o_small <= TARGET_OPEN_RATIO));
  g_print ("  open 10,000 ≤ %.1f× open 10, longest frame %4.2f×   %s\n", TARGET_OPEN_RATIO, fr_large / fr_small,
           verdict (fr_large / fr_small <= TARGET_OPEN_RATIO));
  g_print ("raw: floor_ms=%.1f floor_mb=%.1f builtin_ms=%.1f builtin_mb=%.1f large_ms=%.1f large_mb=%.1f "
           "open_large_ms=%.1f open_small_ms=%.1f settle_large_ms=%.1f settle_small_ms=%.1f "
           "frame_large_ms=%.1f frame_small_ms=%.1f\n",
           f_ms, f_mb, b_ms, b_mb, l_ms, l_mb, o_large, o_small, s_large, s_small, fr_large, fr_small);
  return 0;
}
