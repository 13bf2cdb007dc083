#define G_LOG_DOMAIN "accord-bookmarks-view"

#include "config.h"

#include <glib/gi18n.h>
#include <time.h>

#include "accord-application.h"
#include "accord-article-row.h"
#include "accord-bookmarks-view.h"
#include "accord-i18n.h"
#include "accord-reveal-model.h"
#include "accord-utils.h"
#include "accord-widget-utils.h"

/* A day, with where it and the day before start: sorting thousands of
 * bookmarks by heading compares each a dozen times, too often to work
 * out a local date for each. */
typedef struct
{
  GDate  date;
  gint64 starts;          /* in microseconds since the epoch */
  gint64 yesterday_starts;
} Day;

/* Every bookmarked article, newest bookmark first, including those that
 * left the feed: the user's own list, never emptied by a sync. Headings
 * say when they were bookmarked, for the articles' own dates, which the
 * rows show, follow no order. */
struct _AccordBookmarksView
{
  AdwBin         parent_instance;

  GListModel    *bookmarks;       /* a GListStore */
  GListModel    *sections;        /* the same, under headings */
  AccordRevealModel *reveal;      /* what the list shows of them */
  Day           *today;           /* when the headings were worked out */
  guint          new_day_id;      /* the next midnight's timeout */
  GCancellable  *load_cancellable; /* of the reading under way */
  char          *focus_when_read; /* the article to focus once read */
  double         scroll_when_read; /* where to scroll to once read, or -1 */
  GTimeSpan      clock_offset;    /* for tests: how far ahead the clock runs */

  GtkStack      *stack;
  GtkListView   *list;
  GtkWidget     *list_page;
  AdwStatusPage *empty_page;
  AdwStatusPage *unreadable_page;
};

G_DEFINE_FINAL_TYPE (AccordBookmarksView, accord_bookmarks_view, ADW_TYPE_BIN)

/**
 * accord_bookmarks_view_get_model:
 *
 * Returns: (transfer none) (nullable): the bookmarks shown
 */
GListModel *
accord_bookmarks_view_get_model (AccordBookmarksView *self)
{
  g_return_val_if_fail (ACCORD_IS_BOOKMARKS_VIEW (self), NULL);

  return self->bookmarks;
}

/* The heading a bookmark goes under: today's, yesterday's, or its
 * month's as YYYYMM. Later bookmarks come first in the list, so in it
 * a heading's rows are all together. */
#define BOOKMARKED_TODAY     G_MAXUINT
#define BOOKMARKED_YESTERDAY (G_MAXUINT - 1)

static gint64
local_midnight (const GDate *date)
{
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                         g_date_get_day (date), 0, 0, 0);

  return midnight != NULL ? g_date_time_to_unix_usec (midnight) : G_MININT64;
}

static Day *
day_new (GDateTime *now)
{
  Day *day = g_new0 (Day, 1);
  GDate yesterday;

  g_date_clear (&day->date, 1);
  g_date_set_dmy (&day->date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  yesterday = day->date;
  g_date_subtract_days (&yesterday, 1);
  day->starts = local_midnight (&day->date);
  day->yesterday_starts = local_midnight (&yesterday);
  return day;
}

static Day *
day_copy (const Day *day)
{
  return g_memdup2 (day, sizeof *day);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Day, g_free)

static guint
bookmarked_when (const Day     *today,
                 AccordArticle *article)
{
  gint64 usec = accord_article_get_bookmarked_at (article);
  time_t seconds;
  struct tm local;

  /* A clock set back since counts as today: later bookmarks come first. */
  if (usec >= today->starts)
    return BOOKMARKED_TODAY;
  if (usec >= today->yesterday_starts)
    return BOOKMARKED_YESTERDAY;
  seconds = (time_t) (usec / G_USEC_PER_SEC - (usec % G_USEC_PER_SEC < 0));
  if (localtime_r (&seconds, &local) == NULL)
    return 0;
  return (guint) (local.tm_year + 1900) * 100 + (guint) (local.tm_mon + 1);
}

static int
compare_bookmarked_when (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  guint when_a = bookmarked_when (user_data, ACCORD_ARTICLE ((gpointer) a));
  guint when_b = bookmarked_when (user_data, ACCORD_ARTICLE ((gpointer) b));

  /* Later first. */
  return when_a > when_b ? GTK_ORDERING_SMALLER : when_a < when_b ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static char *
describe_bookmarked_when (guint when)
{
  g_autofree char *month = NULL;

  if (when == BOOKMARKED_TODAY)
    /* Translators: a heading in the list of bookmarks */
    return g_strdup (_("Bookmarked Today"));
  if (when == BOOKMARKED_YESTERDAY)
    /* Translators: a heading in the list of bookmarks */
    return g_strdup (_("Bookmarked Yesterday"));
  month = accord_i18n_format_month (when);
  /* Translators: a heading in the list of bookmarks; %s is a month and its
   * year, as in "Bookmarked in June 2026" */
  return g_strdup_printf (_("Bookmarked in %s"), month);
}

static void
setup_header (GtkSignalListItemFactory *factory,
              GtkListHeader            *header,
              gpointer                  user_data)
{
  /* The page's first headings: its title is the header bar's. */
  gtk_list_header_set_child (header, accord_heading_label_new (2, FALSE));
}

static void
bind_header (GtkSignalListItemFactory *factory,
             GtkListHeader            *header,
             AccordBookmarksView      *self)
{
  g_autofree char *heading = describe_bookmarked_when (bookmarked_when (self->today,
                                                                        gtk_list_header_get_item (header)));

  gtk_label_set_text (GTK_LABEL (gtk_list_header_get_child (header)), heading);
}

static GDateTime *
now_local (AccordBookmarksView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_add (now, self->clock_offset);
}

static Day *
day_today (AccordBookmarksView *self)
{
  g_autoptr(GDateTime) now = now_local (self);

  return day_new (now);
}

/* Sorts the bookmarks by heading as of @today. The list may outlive the
 * page with it: it has a day of its own. */
static GtkSorter *
day_sorter_new (const Day *today)
{
  return GTK_SORTER (gtk_custom_sorter_new (compare_bookmarked_when, day_copy (today), g_free));
}

/* The bookmarks under their headings, as of today. */
static GListModel *
sections_new (GListModel *bookmarks,
              const Day  *today)
{
  GtkSortListModel *sections;
  g_autoptr(GtkSorter) sorter = day_sorter_new (today);

  /* Already in order, but for a clock set back across midnight: the
   * sort, stable, mostly only finds where headings go. */
  sections = gtk_sort_list_model_new (g_object_ref (bookmarks), NULL);
  gtk_sort_list_model_set_section_sorter (sections, sorter);
  return G_LIST_MODEL (sections);
}

static void schedule_new_day (AccordBookmarksView *self);

/* Yesterday's "Today" becomes "Yesterday": the headings are worked out
 * again with the new day, the rows left as they are. */
static void
follow_day (AccordBookmarksView *self)
{
  g_autoptr(Day) today = day_today (self);
  g_autoptr(GtkSorter) sorter = NULL;
  g_autoptr(GtkListItemFactory) header_factory = NULL;

  if (self->today == NULL || self->sections == NULL || g_date_compare (&today->date, &self->today->date) == 0)
    return;
  g_free (self->today);
  self->today = g_steal_pointer (&today);
  sorter = day_sorter_new (self->today);
  gtk_sort_list_model_set_section_sorter (GTK_SORT_LIST_MODEL (self->sections), sorter);
  /* The list binds a heading again only when its section's rows change:
   * all of them are made anew. */
  header_factory = g_object_ref (gtk_list_view_get_header_factory (self->list));
  gtk_list_view_set_header_factory (self->list, NULL);
  gtk_list_view_set_header_factory (self->list, header_factory);
}

static gboolean
on_new_day (gpointer user_data)
{
  AccordBookmarksView *self = user_data;

  self->new_day_id = 0;
  follow_day (self);
  schedule_new_day (self);
  return G_SOURCE_REMOVE;
}

/* Wakes up just after midnight while the list shows. A timeout stands
 * still while the computer sleeps: on waking up, a minute at most goes
 * by before the day is checked. */
#define DAY_CHECK_SECONDS 60

static void
schedule_new_day (AccordBookmarksView *self)
{
  g_autoptr(GDateTime) now = now_local (self);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  /* Built from tomorrow's date: today's midnight plus a day would be an
   * hour late where tomorrow's clocks go forward at midnight. */
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                                         g_date_time_get_month (tomorrow),
                                                         g_date_time_get_day_of_month (tomorrow), 0, 0, 0);
  GTimeSpan left = g_date_time_difference (midnight, now) / G_USEC_PER_SEC;

  g_clear_handle_id (&self->new_day_id, g_source_remove);
  /* A second past it, and at least one: the timeout may come a little
   * early. */
  self->new_day_id = g_timeout_add_seconds (CLAMP (left + 1, 1, DAY_CHECK_SECONDS), on_new_day, self);
}

/**
 * accord_bookmarks_view_set_clock_offset:
 * @offset: how far ahead of the system's clock the page's runs
 *
 * For tests: the page takes the time to be @offset later than it is.
 */
void
accord_bookmarks_view_set_clock_offset (AccordBookmarksView *self,
                                        GTimeSpan            offset)
{
  g_return_if_fail (ACCORD_IS_BOOKMARKS_VIEW (self));

  self->clock_offset = offset;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      follow_day (self);
      schedule_new_day (self);
    }
}

/* Where in the list shown @article_id is, or -1. */
static int
shown_position (AccordBookmarksView *self,
                const char          *article_id)
{
  for (guint i = 0; self->sections != NULL && i < g_list_model_get_n_items (self->sections); i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (self->sections, i);

      if (g_str_equal (accord_article_get_id (article), article_id))
        return (int) i;
    }
  return -1;
}

/* The article of the row the focus is on, or NULL. */
static AccordArticle *
focused_article (AccordBookmarksView *self)
{
  GtkWidget *row = accord_focused_row (GTK_WIDGET (self->list), ACCORD_TYPE_ARTICLE_ROW);

  return row ? accord_article_row_get_article (ACCORD_ARTICLE_ROW (row)) : NULL;
}

/* Where in the list the focus is, or -1. */
static int
focused_row (AccordBookmarksView *self)
{
  AccordArticle *article = focused_article (self);

  return article ? shown_position (self, accord_article_get_id (article)) : -1;
}

static gboolean
focus_article_now (AccordBookmarksView *self,
                   const char          *article_id)
{
  int position = shown_position (self, article_id);

  if (position >= 0)
    {
      accord_reveal_model_reveal_all (self->reveal);
      accord_list_view_focus (self->list, (guint) position);
    }
  return position >= 0;
}

static gboolean
same_bookmark (GListModel *a,
               guint       position_a,
               GListModel *b,
               guint       position_b)
{
  g_autoptr(AccordArticle) article_a = g_list_model_get_item (a, position_a);
  g_autoptr(AccordArticle) article_b = g_list_model_get_item (b, position_b);

  return accord_article_equal (article_a, article_b);
}

/* Brings @shown up to @fresh with one change around what differs: after
 * a star or an undo, the list view makes one row again, not every row
 * it keeps, which for thousands of bookmarks held the page for tenths of
 * a second at each reading. FALSE, changing nothing, when more than
 * @most_added would come in: the list is better made anew then, its
 * first rows first. */
static gboolean
update_bookmarks (GListStore *shown,
                  GListModel *fresh,
                  guint       most_added)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (shown));
  guint n_fresh = g_list_model_get_n_items (fresh);
  guint start = 0;
  g_autoptr(GPtrArray) added = NULL;

  while (start < n_shown && start < n_fresh && same_bookmark (G_LIST_MODEL (shown), start, fresh, start))
    start++;
  while (n_shown > start && n_fresh > start &&
         same_bookmark (G_LIST_MODEL (shown), n_shown - 1, fresh, n_fresh - 1))
    {
      n_shown--;
      n_fresh--;
    }
  if (n_fresh - start > most_added)
    return FALSE;

  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = start; i < n_fresh; i++)
    g_ptr_array_add (added, g_list_model_get_item (fresh, i));
  g_list_store_splice (shown, start, n_shown - start, added->pdata, added->len);
  return TRUE;
}

/* A first list, or another in place of one that was not read. */
static void
replace_bookmarks (AccordBookmarksView *self,
                   GListModel          *bookmarks)
{
  /* None shown before: the list's place was left from others. */
  gboolean none_shown = self->bookmarks == NULL || g_list_model_get_n_items (self->bookmarks) == 0;
  double position = none_shown && self->scroll_when_read < 0 ? 0 : accord_bookmarks_view_get_scroll (self);

  g_clear_object (&self->reveal);
  g_clear_object (&self->sections);
  g_set_object (&self->bookmarks, bookmarks);
  g_clear_pointer (&self->today, g_free);
  self->today = day_today (self);
  self->sections = sections_new (self->bookmarks, self->today);
  /* The rows in sight first, the rest over the next frames; but all at
   * once for a place further down. */
  self->reveal = accord_reveal_model_new (self->sections, accord_article_row_count_first (GTK_WIDGET (self->list)));
  accord_list_view_show (self->list, G_LIST_MODEL (self->reveal));
  if (position > 0)
    {
      accord_reveal_model_reveal_all (self->reveal);
      accord_list_view_place (self->list, position);
    }
  else
    accord_reveal_model_reveal_when_drawn (self->reveal, GTK_WIDGET (self->list));
}

static void
show_bookmarks (AccordBookmarksView *self,
                GListModel          *bookmarks)
{
  g_autofree char *focus_id = g_steal_pointer (&self->focus_when_read);
  g_autofree char *star_id = accord_article_row_dup_focused_star (self->list);
  AccordArticle *article = focused_article (self);
  g_autofree char *focused_id = article ? g_strdup (accord_article_get_id (article)) : NULL;
  int focused = focused_row (self);
  double position = accord_bookmarks_view_get_scroll (self);
  int target;
  guint n;

  follow_day (self);
  if (!G_IS_LIST_STORE (self->bookmarks) || self->scroll_when_read >= 0 ||
      !update_bookmarks (G_LIST_STORE (self->bookmarks), bookmarks,
                         accord_article_row_count_first (GTK_WIDGET (self->list))))
    replace_bookmarks (self, bookmarks);
  self->scroll_when_read = -1;

  n = g_list_model_get_n_items (self->bookmarks);
  gtk_stack_set_visible_child (self->stack, n > 0 ? self->list_page : GTK_WIDGET (self->empty_page));
  if (focus_id != NULL && focus_article_now (self, focus_id))
    return;
  /* The focused row stayed: so does the focus. */
  article = focused_article (self);
  if (focused_id != NULL && article != NULL && g_str_equal (accord_article_get_id (article), focused_id))
    return;
  /* Its row made anew, as when many bookmarks come in at once: the focus
   * goes back to that bookmark, wherever it now is, not to the one now
   * in its place, which one more Ctrl+D would remove unasked. Its
   * bookmark removed: to the row that takes its place. */
  target = focused_id != NULL ? shown_position (self, focused_id) : -1;
  if (target < 0 && focused >= 0 && n > 0)
    target = (int) MIN ((guint) focused, n - 1);
  if (target >= 0)
    {
      /* A list made anew may show its first rows only. */
      accord_reveal_model_reveal_all (self->reveal);
      accord_list_view_focus (self->list, (guint) target);
      if (star_id != NULL)
        accord_article_row_refocus_star (self->list, star_id);
      /* Where the list was, not where the focus would scroll it. */
      accord_list_view_place (self->list, position);
    }
  /* The last one gone: the focus would fall to the toast's button,
   * where one more Enter or Space undoes the removal unasked. It goes to
   * the page saying there are none left, which a screen reader reads. */
  else if (focused >= 0)
    {
      gtk_widget_set_focusable (GTK_WIDGET (self->empty_page), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->empty_page));
    }
}

/* How to save the bookmarks, as the user would type it: installed with
 * Flatpak, Accord sees only its own files, and writes to its output. */
static void
describe_rescue (AccordBookmarksView *self)
{
  /* Translators: stands for the name of a file to create, in a command */
  g_autofree char *new_file = g_strdup (_("NEW-FILE"));
  g_autofree char *command = NULL;
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;

  if (accord_is_flatpak ())
    command = g_strdup_printf ("flatpak run %s --export-bookmarks - > %s", APP_ID, new_file);
  else
    command = g_strdup_printf ("accord --export-bookmarks %s", new_file);
  /* Translators: %s is a command, as in "accord --export-bookmarks NEW-FILE" */
  text = g_strdup_printf (_("Accord’s data file is damaged where the bookmarks are kept, so they can’t be shown. "
                            "They are not deleted: the command “%s” saves those that can still be read."),
                          command);
  markup = g_markup_escape_text (text, -1);
  adw_status_page_set_description (self->unreadable_page, markup);
}

static void
bookmarks_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AccordBookmarksView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) bookmarks = accord_store_list_bookmarks_finish (ACCORD_STORE (object), result, &error);

  /* By a newer reading, or the page going. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);
  /* Not "No Bookmarks Yet": they are there, and can still be saved. */
  if (g_error_matches (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT))
    {
      g_autoptr(GListStore) none = g_list_store_new (ACCORD_TYPE_ARTICLE);

      g_warning ("%s", error->message);
      show_bookmarks (self, G_LIST_MODEL (none));
      describe_rescue (self);
      gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->unreadable_page));
      return;
    }
  /* The connection of the reading threads could not be opened: the
   * main thread's still reads. */
  if (bookmarks == NULL)
    {
      g_warning ("Could not read the bookmarks in the background: %s", error->message);
      bookmarks = accord_store_list_bookmarks (ACCORD_STORE (object));
    }
  show_bookmarks (self, bookmarks);
}

/**
 * accord_bookmarks_view_reload:
 *
 * Reads the bookmarks again in the background; the page shows them
 * once read.
 */
void
accord_bookmarks_view_reload (AccordBookmarksView *self)
{
  AccordStore *store = accord_application_get_default_store ();

  g_return_if_fail (ACCORD_IS_BOOKMARKS_VIEW (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (store == NULL)
    {
      g_autoptr(GListStore) none = g_list_store_new (ACCORD_TYPE_ARTICLE);

      show_bookmarks (self, G_LIST_MODEL (none));
      return;
    }
  self->load_cancellable = g_cancellable_new ();
  accord_store_list_bookmarks_async (store, self->load_cancellable, bookmarks_read, g_object_ref (self));
}

/**
 * accord_bookmarks_view_is_reading:
 *
 * Returns: whether the bookmarks are being read again
 */
gboolean
accord_bookmarks_view_is_reading (AccordBookmarksView *self)
{
  g_return_val_if_fail (ACCORD_IS_BOOKMARKS_VIEW (self), FALSE);

  return self->load_cancellable != NULL;
}

/**
 * accord_bookmarks_view_focus_article:
 *
 * Puts the focus on @article_id's row if the page lists it; while the
 * bookmarks are being read, once they are, if they list it.
 */
void
accord_bookmarks_view_focus_article (AccordBookmarksView *self,
                                     const char          *article_id)
{
  g_return_if_fail (ACCORD_IS_BOOKMARKS_VIEW (self));
  g_return_if_fail (article_id != NULL);

  if (self->load_cancellable != NULL)
    g_set_str (&self->focus_when_read, article_id);
  else
    focus_article_now (self, article_id);
}

double
accord_bookmarks_view_get_scroll (AccordBookmarksView *self)
{
  g_return_val_if_fail (ACCORD_IS_BOOKMARKS_VIEW (self), 0);

  if (self->scroll_when_read >= 0)
    return self->scroll_when_read;
  return gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list)));
}

/* Scrolls to @value once the list is read and laid out. */
void
accord_bookmarks_view_set_scroll (AccordBookmarksView *self,
                                  double               value)
{
  g_return_if_fail (ACCORD_IS_BOOKMARKS_VIEW (self));

  if (self->load_cancellable != NULL)
    {
      self->scroll_when_read = MAX (value, 0);
      return;
    }
  if (self->reveal != NULL && value > 0)
    accord_reveal_model_reveal_all (self->reveal);
  accord_list_view_place (self->list, value);
}

/* Home goes to the newest bookmark with its heading in view: the list
 * would scroll only as far as the row. */
static gboolean
on_list_key_pressed (AccordBookmarksView   *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  return accord_list_view_go_home (self->list, keyval, state);
}

static void
on_empty_page_left (AccordBookmarksView *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self->empty_page), FALSE);
}

static void
accord_bookmarks_view_map (GtkWidget *widget)
{
  AccordBookmarksView *self = ACCORD_BOOKMARKS_VIEW (widget);

  GTK_WIDGET_CLASS (accord_bookmarks_view_parent_class)->map (widget);
  follow_day (self);
  schedule_new_day (self);
}

static void
accord_bookmarks_view_unmap (GtkWidget *widget)
{
  AccordBookmarksView *self = ACCORD_BOOKMARKS_VIEW (widget);

  g_clear_handle_id (&self->new_day_id, g_source_remove);
  /* The user went on elsewhere: no focus is taken back from there. */
  g_clear_pointer (&self->focus_when_read, g_free);
  GTK_WIDGET_CLASS (accord_bookmarks_view_parent_class)->unmap (widget);
}

static void
accord_bookmarks_view_dispose (GObject *object)
{
  AccordBookmarksView *self = ACCORD_BOOKMARKS_VIEW (object);

  g_clear_handle_id (&self->new_day_id, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->focus_when_read, g_free);
  g_clear_object (&self->reveal);
  g_clear_object (&self->sections);
  g_clear_object (&self->bookmarks);
  g_clear_pointer (&self->today, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), ACCORD_TYPE_BOOKMARKS_VIEW);

  G_OBJECT_CLASS (accord_bookmarks_view_parent_class)->dispose (object);
}

static void
accord_bookmarks_view_class_init (AccordBookmarksViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = accord_bookmarks_view_dispose;
  widget_class->map = accord_bookmarks_view_map;
  widget_class->unmap = accord_bookmarks_view_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/accordapp/Accord/accord-bookmarks-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AccordBookmarksView, stack);
  gtk_widget_class_bind_template_child (widget_class, AccordBookmarksView, list);
  gtk_widget_class_bind_template_child (widget_class, AccordBookmarksView, list_page);
  gtk_widget_class_bind_template_child (widget_class, AccordBookmarksView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, AccordBookmarksView, unreadable_page);
  gtk_widget_class_bind_template_callback (widget_class, accord_article_row_open_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_list_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_empty_page_left);
}

static void
accord_bookmarks_view_init (AccordBookmarksView *self)
{
  g_autoptr(GtkListItemFactory) factory = accord_article_row_factory_new (TRUE);
  g_autoptr(GtkListItemFactory) header_factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->scroll_when_read = -1;

  gtk_list_view_set_factory (self->list, factory);
  g_signal_connect (header_factory, "setup", G_CALLBACK (setup_header), NULL);
  g_signal_connect (header_factory, "bind", G_CALLBACK (bind_header), self);
  gtk_list_view_set_header_factory (self->list, header_factory);
}
