#define G_LOG_DOMAIN "accord-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "accord-article-row.h"
#include "accord-bookmarks-view.h"
#include "accord-entity-view.h"
#include "accord-i18n.h"
#include "accord-preferences-dialog.h"
#include "accord-sidebar.h"
#include "accord-utils.h"
#include "accord-widget-utils.h"
#include "accord-window.h"

struct _AccordWindow
{
  AdwApplicationWindow    parent_instance;

  GCancellable           *cancellable;
  guint                   focus_page_idle;
  GdkFrameClock          *focus_top_clock; /* weak: the frame focus_page_top() waits for */
  gulong                  focus_top_handler;
  guint                   widened_idle;
  GtkWidget              *header_focus;   /* in the content's header bar */

  AdwNavigationSplitView *split_view;
  AdwToastOverlay        *toast_overlay;
  AdwToast               *sync_toast;     /* the last of each kind, */
  AdwToast               *undo_toast;     /* replaced by the next */
  AdwToast               *file_toast;     /* of a bookmark export or import */
  gboolean                failure_told;   /* since the last refresh that worked */
  GArray                 *removals;       /* Removal: what undo_toast would restore */
  GtkWidget              *undone_focus;   /* where the focus was at the last one */
  char                   *refocus_id;     /* the Bookmarks row to focus once back */
  char                   *page_focus;     /* the last focus outside a dialog */
  char                   *focus_after_dialog; /* where a rebuilt window's goes */
  AccordSidebar          *sidebar;
  AdwNavigationPage      *content_page;
  GtkStack               *content_stack;
  AccordEntityView       *entity_view;
  AccordBookmarksView    *bookmarks_view;
};

G_DEFINE_FINAL_TYPE (AccordWindow, accord_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_banner (AccordWindow *self);

AccordWindow *
accord_window_new (AccordApplication *application)
{
  g_return_val_if_fail (ACCORD_IS_APPLICATION (application), NULL);

  return g_object_new (ACCORD_TYPE_WINDOW, "application", application, NULL);
}

GtkWidget *
accord_window_get_sidebar (AccordWindow *self)
{
  g_return_val_if_fail (ACCORD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->sidebar);
}

static void on_articles_seen (AccordWindow *self);

/* The views are built the first time they show, not with the window:
 * the window appears sooner. */
static AccordEntityView *
entity_view (AccordWindow *self)
{
  if (self->entity_view == NULL)
    {
      self->entity_view = g_object_new (ACCORD_TYPE_ENTITY_VIEW, NULL);
      g_signal_connect_object (self->entity_view, "articles-seen", G_CALLBACK (on_articles_seen), self,
                               G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->entity_view), "entity");
    }
  return self->entity_view;
}

static AccordBookmarksView *
bookmarks_view (AccordWindow *self)
{
  if (self->bookmarks_view == NULL)
    {
      self->bookmarks_view = g_object_new (ACCORD_TYPE_BOOKMARKS_VIEW, NULL);
      gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->bookmarks_view), "bookmarks");
    }
  return self->bookmarks_view;
}

GtkWidget *
accord_window_get_entity_view (AccordWindow *self)
{
  g_return_val_if_fail (ACCORD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (entity_view (self));
}

GtkWidget *
accord_window_get_bookmarks_view (AccordWindow *self)
{
  g_return_val_if_fail (ACCORD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (bookmarks_view (self));
}

AdwNavigationSplitView *
accord_window_get_split_view (AccordWindow *self)
{
  g_return_val_if_fail (ACCORD_IS_WINDOW (self), NULL);
  return self->split_view;
}

/**
 * accord_window_get_visible_view:
 *
 * Returns: "empty", "entity" or "bookmarks"
 */
const char *
accord_window_get_visible_view (AccordWindow *self)
{
  g_return_val_if_fail (ACCORD_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

static void
on_toast_dismissed (AccordWindow *self,
                    AdwToast     *toast)
{
  if (self->sync_toast == toast)
    g_clear_weak_pointer (&self->sync_toast);
  if (self->undo_toast == toast)
    {
      g_clear_weak_pointer (&self->undo_toast);
      if (self->removals != NULL)
        g_array_set_size (self->removals, 0);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-remove", FALSE);
    }
  if (self->file_toast == toast)
    g_clear_weak_pointer (&self->file_toast);
}

/* A newer message replaces one of its kind still on screen or waiting
 * its turn, which would only tell of a state already gone (and an Undo,
 * of the wrong bookmark). */
static void
replace_toast (AccordWindow  *self,
               AdwToast     **last,
               AdwToast      *toast)
{
  if (*last != NULL)
    adw_toast_dismiss (*last);
  g_set_weak_pointer (last, toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed), self, G_CONNECT_SWAPPED);
}

/* @replacing: (nullable): the last toast of the same kind, which this
 * one replaces */
static void
present_toast (AccordWindow  *self,
               AdwToast      *toast,
               AdwToast     **replacing)
{
  AdwDialog *dialog;

  /* A write that ends after the window closed has nowhere to tell. */
  if (self->cancellable == NULL)
    {
      g_object_unref (toast);
      return;
    }

  if (replacing != NULL)
    replace_toast (self, replacing, toast);
  /* Over the window, Preferences would hide it (its Refresh Now). */
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (self));
  if (ADW_IS_PREFERENCES_DIALOG (dialog))
    adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (dialog), toast);
  else
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static AdwToast *
plain_toast_new (const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  /* Messages may quote remote text: never markup. */
  adw_toast_set_use_markup (toast, FALSE);
  return toast;
}

static void
show_toast_replacing (AccordWindow  *self,
                      const char    *title,
                      AdwToast     **replacing)
{
  present_toast (self, plain_toast_new (title), replacing);
}

static void
show_toast (AccordWindow *self,
            const char   *title)
{
  show_toast_replacing (self, title, NULL);
}

/* Not for menus: a link, opened from anywhere in the window, could not
 * be (no browser, say). */
static void
link_not_opened_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  show_toast (ACCORD_WINDOW (widget), _("Couldn’t open the link"));
}

/* An export or import says how it went once: a second one's outcome
 * replaces the first's, rather than waiting its turn. */
static void
show_file_toast (AccordWindow *self,
                 const char   *title)
{
  show_toast_replacing (self, title, &self->file_toast);
}

/* What went wrong with @file, short enough for a toast and in the
 * interface's language: GLib's own messages hold the whole path and
 * follow the system's language. */
static char *
describe_file_error (GFile        *file,
                     const GError *error,
                     gboolean      saving)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *name = g_filename_display_name (basename != NULL ? basename : "");

  if (error->domain != G_IO_ERROR)
    return g_strdup (error->message);
  switch (error->code)
    {
    case G_IO_ERROR_NOT_FOUND:
      return saving ? g_strdup_printf (/* Translators: %s is a file's name */
                                       _("Couldn’t save “%s”: its folder no longer exists"), name)
                    : g_strdup_printf (/* Translators: %s is a file's name */
                                       _("Couldn’t open “%s”: it no longer exists"), name);
    case G_IO_ERROR_IS_DIRECTORY:
      return saving ? g_strdup_printf (/* Translators: %s is a folder's name, chosen as a file to save */
                                       _("Couldn’t save “%s”: it is a folder"), name)
                    : g_strdup_printf (/* Translators: %s is a folder's name, chosen as a file to open */
                                       _("Couldn’t open “%s”: it is a folder"), name);
    case G_IO_ERROR_PERMISSION_DENIED:
    case G_IO_ERROR_READ_ONLY:
      return saving ? g_strdup_printf (/* Translators: %s is a file's name */
                                       _("Couldn’t save “%s”: not allowed"), name)
                    : g_strdup_printf (/* Translators: %s is a file's name */
                                       _("Couldn’t open “%s”: not allowed"), name);
    case G_IO_ERROR_NO_SPACE:
      /* Translators: %s is a file's name */
      return g_strdup_printf (_("Couldn’t save “%s”: the disk is full"), name);
    default:
      return g_strdup_printf (saving ? /* Translators: %s is a file's name */ _("Couldn’t save “%s”")
                                     : /* Translators: %s is a file's name */ _("Couldn’t open “%s”"),
                              name);
    }
}

/* @failed, as in "Couldn’t save the bookmark", with why in a few words:
 * the store's own message, for the log, is longer than a toast's line
 * and may hold SQLite's words, in English. */
static char *
describe_store_error (const char   *failed,
                      const GError *error)
{
  const char *why = NULL;

  if (error->domain == ACCORD_STORE_ERROR)
    switch (error->code)
      {
      case ACCORD_STORE_ERROR_FULL:
        why = _("the disk is full");
        break;
      case ACCORD_STORE_ERROR_READ_ONLY:
        why = _("Accord’s data can’t be written to");
        break;
      case ACCORD_STORE_ERROR_BUSY:
        why = _("Accord’s data is in use by another program");
        break;
      case ACCORD_STORE_ERROR_CORRUPT:
        why = _("Accord’s data file is damaged");
        break;
      case ACCORD_STORE_ERROR_EXPORT_REFUSED:
        why = error->message;
        break;
      default:
        break;
      }
  g_message ("%s: %s", failed, error->message);
  /* Translators: a toast; the first %s says what failed ("Couldn’t save
   * the bookmark"), the second why ("the disk is full") */
  return why != NULL ? g_strdup_printf (C_("toast", "%s: %s"), failed, why) : g_strdup (failed);
}

/* The window to tell of what happened to the user's data: @self, or,
 * once it is closed (rebuilt in another language, say), the one in use. */
static AccordWindow *
window_to_tell (AccordWindow *self)
{
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  GtkWindow *active = app != NULL ? gtk_application_get_active_window (app) : NULL;

  /* Destroyed, it is out of the application, though a write it started
   * may keep it alive. */
  if ((self->cancellable != NULL && gtk_window_get_application (GTK_WINDOW (self)) != NULL) ||
      !ACCORD_IS_WINDOW (active))
    return self;
  return ACCORD_WINDOW (active);
}

static void
show_store_error (AccordWindow *self,
                  const char   *failed,
                  const GError *error)
{
  g_autofree char *message = describe_store_error (failed, error);

  show_toast (window_to_tell (self), message);
}

/* @file could not be read or saved, unless the user cancelled. */
static void
show_file_error (AccordWindow *self,
                 GFile        *file,
                 const GError *error,
                 gboolean      saving)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  message = describe_file_error (file, error, saving);
  g_debug ("%s: %s", message, error->message);
  show_file_toast (self, message);
}

/* ---------------------------------------------------------------------- */
/* Navigation                                                              */

/* The content page's name, which a screen reader says of it. */
static void
set_entity_title (AccordWindow *self,
                  AccordEntity *entity)
{
  g_autofree char *title = accord_display_text (accord_entity_get_name (entity, accord_i18n_get_language (), NULL),
                                                ACCORD_DISPLAY_LINE_CHARS);

  adw_navigation_page_set_title (self->content_page, title);
}

static void
show_entity (AccordWindow *self,
             const char   *entity_id,
             gboolean      reveal)
{
  AccordStore *store = accord_application_get_default_store ();
  g_autoptr(AccordEntity) entity = NULL;

  if (store == NULL || (entity = accord_store_get_entity (store, entity_id)) == NULL)
    return;

  accord_entity_view_set_entity (entity_view (self), entity);
  set_entity_title (self, entity);
  gtk_stack_set_visible_child_name (self->content_stack, "entity");
  if (reveal)
    adw_navigation_split_view_set_show_content (self->split_view, TRUE);
}

/**
 * accord_window_open_entity:
 *
 * Shows the entity @entity_id in the content pane, its row selected in
 * the sidebar.
 */
void
accord_window_open_entity (AccordWindow *self,
                           const char   *entity_id)
{
  g_return_if_fail (ACCORD_IS_WINDOW (self));
  g_return_if_fail (entity_id != NULL);

  show_entity (self, entity_id, TRUE);
  accord_sidebar_mark_entity (self->sidebar, entity_id);
}

/* The focus on @page's first control, or nowhere if it has none. */
static void
focus_page_start (AccordWindow *self,
                  GtkWidget    *page)
{
  gtk_root_set_focus (GTK_ROOT (self), NULL);
  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

/* On a phone, a page opened from the list takes the focus at its top,
 * on its header's back button. libadwaita moves the focus into the page
 * before that button shows, to its first link on a first visit, or back
 * to where it was on the last one: one more Enter there would open the
 * browser. Done once a frame has laid the page out: Tab order goes by
 * where widgets are, and the button, just shown, has no place before. */
static void
focus_page_top (GdkFrameClock *clock,
                AccordWindow  *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->content_stack);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  g_clear_signal_handler (&self->focus_top_handler, clock);
  g_clear_weak_pointer (&self->focus_top_clock);
  if (page != NULL && adw_navigation_split_view_get_collapsed (self->split_view) &&
      adw_navigation_split_view_get_show_content (self->split_view) &&
      (focus == NULL || !gtk_widget_is_ancestor (focus, page) || !gtk_widget_get_ancestor (focus, ADW_TYPE_HEADER_BAR)))
    focus_page_start (self, page);
}

static void
focus_page_top_when_shown (AccordWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->focus_top_clock != NULL || clock == NULL || !adw_navigation_split_view_get_collapsed (self->split_view))
    return;
  g_set_weak_pointer (&self->focus_top_clock, clock);
  self->focus_top_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (focus_page_top), self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

/* @reveal: a narrow window shows the content page; otherwise, as the
 * arrow keys go through the sidebar, it stays on the sidebar. */
static void
on_entity_activated (AccordWindow *self,
                     const char   *entity_id,
                     gboolean      reveal)
{
  show_entity (self, entity_id, reveal);
  if (reveal)
    focus_page_top_when_shown (self);
}

static void
on_bookmarks_activated (AccordWindow *self,
                        gboolean      reveal)
{
  accord_bookmarks_view_reload (bookmarks_view (self));
  adw_navigation_page_set_title (self->content_page, _("Bookmarks"));
  gtk_stack_set_visible_child_name (self->content_stack, "bookmarks");
  if (reveal)
    {
      adw_navigation_split_view_set_show_content (self->split_view, TRUE);
      focus_page_top_when_shown (self);
    }
}

/* A search result: the article in its entity's timeline, or else its link. */
static void
on_article_activated (AccordWindow  *self,
                      AccordArticle *article)
{
  g_auto(GStrv) entities = accord_article_dup_entity_ids (article);

  if (entities[0] != NULL)
    {
      accord_window_open_entity (self, entities[0]);
      accord_entity_view_show_article (entity_view (self), accord_article_get_id (article));
    }
  else
    accord_open_web_uri (GTK_WIDGET (self), accord_article_get_url (article));
}

/* After a sync or an import: everything is read again, and the user
 * stays where they were. */
static void
on_snapshot_changed (AccordWindow *self)
{
  const char *view = gtk_stack_get_visible_child_name (self->content_stack);
  AccordEntity *entity = self->entity_view ? accord_entity_view_get_entity (self->entity_view) : NULL;
  g_autofree char *entity_id = entity ? g_strdup (accord_entity_get_id (entity)) : NULL;
  g_autofree char *entity_name = entity ? g_strdup (accord_entity_get_name (entity, accord_i18n_get_language (), NULL))
                                        : NULL;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean focus_in_content = focus != NULL && accord_widget_is_within (focus, GTK_WIDGET (self->content_page));

  accord_sidebar_reload (self->sidebar);
  update_banner (self);

  if (g_strcmp0 (view, "entity") == 0 && entity_id != NULL)
    {
      g_autoptr(AccordEntity) fresh = accord_store_get_entity (accord_application_get_default_store (), entity_id);

      if (fresh != NULL)
        {
          accord_entity_view_set_entity (entity_view (self), fresh);
          /* Renamed, maybe. */
          set_entity_title (self, fresh);
        }
      else
        {
          g_autofree char *isolated = accord_i18n_isolate (entity_name);
          g_autofree char *sentence = NULL;
          g_autofree char *gone = NULL;

          /* Gone from the feed: nothing to show, so back to the list,
           * the focus too rather than left on a page that went. */
          gtk_stack_set_visible_child_name (self->content_stack, "empty");
          accord_entity_view_set_entity (entity_view (self), NULL);
          accord_sidebar_unselect (self->sidebar);
          adw_navigation_page_set_title (self->content_page, _("Details"));
          adw_navigation_split_view_set_show_content (self->split_view, FALSE);
          if (focus_in_content)
            accord_sidebar_focus_selection (self->sidebar);
          /* Translators: a toast; %s is the name of an organisation or a law */
          sentence = g_strdup_printf (_("“%s” is no longer in the feed"), isolated);
          gone = g_strconcat (accord_direction_mark (), sentence, NULL);
          show_toast (self, gone);
        }
    }
  else if (g_strcmp0 (view, "bookmarks") == 0)
    accord_bookmarks_view_reload (bookmarks_view (self));
}

static void
on_articles_seen (AccordWindow *self)
{
  accord_sidebar_reload (self->sidebar);
}

/* ---------------------------------------------------------------------- */
/* Sync                                                                    */

#define STALE_AFTER_S (7 * 24 * 60 * 60)

/* @text, which it takes, with spaces no line may break at: a date cut
 * in two on a banner's lines reads as two things. */
static char *
keep_together (char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  g_free (text);
  return g_strjoinv ("\u00a0", words);
}

/* The banner: the last refresh failed, or the data is over a week old
 * and was not found the newest there is a week since. */
static void
update_banner (AccordWindow *self)
{
  AccordStore *store = accord_application_get_default_store ();
  g_autofree char *last_error = NULL;
  g_autofree char *lasting = NULL;
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  gint64 generated, checked = 0, now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean stale;

  if (store == NULL || accord_store_get_snapshot_origin (store) == ACCORD_SNAPSHOT_NONE)
    {
      accord_sidebar_set_banner (self->sidebar, NULL, NULL, NULL);
      return;
    }

  last_error = accord_store_dup_sync_state (store, "last-error");
  lasting = accord_store_dup_sync_state (store, "last-error-lasting");
  generated = accord_store_get_snapshot_generated (store);
  /* A feed checked lately is as fresh as its publisher has it, however
   * old: a curated one may not change for weeks, and a refresh could
   * bring nothing newer. */
  if (accord_store_get_snapshot_origin (store) == ACCORD_SNAPSHOT_SYNC)
    checked = accord_store_get_sync_time (store, "last-success");
  /* Stored while the clock was ahead, it would hold the banner back. */
  if (checked > now)
    checked = 0;
  stale = generated > 0 && now - MAX (generated, checked) > STALE_AFTER_S;
  if (last_error == NULL && !stale)
    {
      accord_sidebar_set_banner (self->sidebar, NULL, NULL, NULL);
      return;
    }

  if (generated > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (generated);

      date = keep_together (accord_i18n_format_day (when));
      /* Translators: %s is a date, as in "Showing data from 5 June 2026" */
      title = g_strdup_printf (_("Showing data from %s"), date);
    }
  else
    title = g_strdup (_("Showing the data Accord came with"));

  if (last_error != NULL)
    {
      g_autofree char *failed = NULL;

      /* Translators: %s is "Showing data from 5 June 2026" or the like */
      failed = g_strdup_printf (_("Couldn’t refresh · %s"), title);
      g_set_str (&title, failed);
    }

  /* A reason that will not pass (a feed needing a newer Accord, an
   * address with no feed) is worth reading, not retrying. */
  if (last_error != NULL && lasting != NULL)
    accord_sidebar_set_banner (self->sidebar, title, _("_Details"), "app.preferences");
  else
    accord_sidebar_set_banner (self->sidebar, title, last_error != NULL ? _("_Retry") : _("_Refresh"),
                               "app.refresh-now");
}

/* What a refresh brought, and what of the feed it could not read: the
 * spec has the result say how many items were skipped. */
static char *
describe_refresh (const AccordImportStats *stats)
{
  g_autofree char *news = NULL;
  g_autofree char *n_new = accord_i18n_format_count (stats->n_new_articles);
  g_autofree char *n_skipped = accord_i18n_format_count (stats->n_skipped);

  if (stats->n_new_articles > 0)
    news = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s new article", "%s new articles",
                                         stats->n_new_articles),
                            n_new);
  else
    news = g_strdup (_("Refreshed: no new articles"));
  if (stats->n_skipped == 0)
    return g_steal_pointer (&news);

  /* Translators: %s is "2 new articles" or "Refreshed: no new articles";
   * then how many items of the feed could not be read, as in "2 new
   * articles, 1 item skipped" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$s, %2$s item skipped", "%1$s, %2$s items skipped",
                                       stats->n_skipped),
                          news, n_skipped);
}

/* Why is often longer than a toast's one line: Preferences, which keeps
 * the last error, says it whole. */
static void
show_refresh_error (AccordWindow *self)
{
  AdwToast *toast = plain_toast_new (_("Couldn’t refresh"));
  AdwDialog *dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (self));

  if (!ADW_IS_PREFERENCES_DIALOG (dialog))
    {
      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "app.preferences");
    }
  present_toast (self, toast, &self->sync_toast);
}

/* A refresh the user asked for says how it went; one on schedule speaks
 * only of new articles, the banner telling of a failure. */
static void
on_sync_finished (AccordWindow           *self,
                  const AccordSyncResult *result,
                  const GError           *error,
                  gboolean                asked)
{
  g_autofree char *message = NULL;
  gboolean failed = error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  update_banner (self);
  if (!asked && failed && !self->failure_told)
    /* Revealing the banner is not read out. Once, not at each attempt
     * of a connection that stays down. */
    gtk_accessible_announce (GTK_ACCESSIBLE (self), _("Couldn’t refresh"), GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_LOW);
  if (failed)
    self->failure_told = TRUE;
  else if (error == NULL)
    self->failure_told = FALSE;
  if (!asked && (error != NULL || result->stats.n_new_articles == 0))
    return;

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_refresh_error (self);
      return;
    }
  if (result->not_modified)
    message = g_strdup (_("Already up to date"));
  else
    message = describe_refresh (&result->stats);

  /* libadwaita reads the toast out. A refresh's news replaces the last
   * refresh's, not what else the window had to say. */
  show_toast_replacing (self, message, &self->sync_toast);
}

/* ---------------------------------------------------------------------- */
/* Bookmarks                                                               */

static void
bookmark_added (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AccordWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!accord_store_add_bookmark_finish (ACCORD_STORE (object), result, &error))
    show_store_error (self, _("Couldn’t save the bookmark"), error);
  else if (self->cancellable != NULL)
    gtk_accessible_announce (GTK_ACCESSIBLE (self), _("Bookmark added"),
                             GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
}

static void
add_bookmark (AccordWindow  *self,
              AccordArticle *article,
              gint64         created)
{
  accord_store_add_bookmark_async (accord_application_get_default_store (), article, created,
                                   bookmark_added, g_object_ref (self));
}

/* Bookmarks an Undo brings back, told of once they are all stored. */
typedef struct
{
  AccordWindow *window;
  guint         pending;
  guint         restored;
} Restoring;

static void
bookmark_restored (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Restoring *restoring = user_data;
  AccordWindow *self = restoring->window;
  g_autoptr(GError) error = NULL;

  if (accord_store_add_bookmark_finish (ACCORD_STORE (object), result, &error))
    restoring->restored++;
  else
    show_store_error (self, _("Couldn’t save the bookmark"), error);
  if (--restoring->pending > 0)
    return;

  /* Its row is there by now, or comes with the reading under way, if it
   * ever comes: no focus is taken later, at some other change, from
   * wherever the user went on to. */
  if (self->cancellable != NULL && self->refocus_id != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "bookmarks") == 0)
    accord_bookmarks_view_focus_article (bookmarks_view (self), self->refocus_id);
  g_clear_pointer (&self->refocus_id, g_free);

  /* Once, not "Bookmark added" for each. */
  if (restoring->restored > 0 && self->cancellable != NULL)
    {
      g_autofree char *said = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u bookmark restored",
                                                            "%u bookmarks restored", restoring->restored),
                                               restoring->restored);

      gtk_accessible_announce (GTK_ACCESSIBLE (self), restoring->restored == 1 ? _("Bookmark restored") : said,
                               GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
    }
  g_object_unref (self);
  g_free (restoring);
}

/* Whether @widget is, is in, or holds a row showing @article_id. */
static gboolean
shows_article (GtkWidget  *widget,
               const char *article_id)
{
  GtkWidget *row = accord_row_holding (widget, ACCORD_TYPE_ARTICLE_ROW);
  AccordArticle *article = row != NULL ? accord_article_row_get_article (ACCORD_ARTICLE_ROW (row)) : NULL;

  return article != NULL && g_strcmp0 (accord_article_get_id (article), article_id) == 0;
}

/* A bookmark removed, and since when it had been. */
typedef struct
{
  AccordArticle *article;
  gint64         created;
  guint          serial;   /* which removal of it, across windows */
} Removal;

static void
removal_clear (gpointer data)
{
  Removal *removal = data;

  g_clear_object (&removal->article);
}

static GArray *
removals_new (void)
{
  GArray *removals = g_array_new (FALSE, FALSE, sizeof (Removal));

  g_array_set_clear_func (removals, removal_clear);
  return removals;
}

/* Every removal since the Undo toast came is undone at once: a second
 * removal does not take away the undo of the first. The focus goes back
 * to the article, not to the window's first button as GTK would send it
 * when the toast's button goes: one more key there would start a
 * refresh. */
static void
on_undo_remove (AccordWindow *self)
{
  g_autoptr(GArray) removals = NULL;
  Restoring *restoring;
  const char *last_id;

  if (self->removals->len == 0)
    return;
  /* Taken: the toast's going empties the list. */
  removals = g_steal_pointer (&self->removals);
  self->removals = removals_new ();

  restoring = g_new0 (Restoring, 1);
  restoring->window = g_object_ref (self);
  restoring->pending = removals->len;
  for (guint i = 0; i < removals->len; i++)
    accord_store_restore_bookmark_async (accord_application_get_default_store (),
                                         g_array_index (removals, Removal, i).article,
                                         g_array_index (removals, Removal, i).created, bookmark_restored, restoring);
  last_id = accord_article_get_id (g_array_index (removals, Removal, removals->len - 1).article);
  if (self->undone_focus != NULL && gtk_widget_get_mapped (self->undone_focus) &&
      shows_article (self->undone_focus, last_id))
    gtk_widget_grab_focus (self->undone_focus);
  /* Its row comes back once the page reads the bookmarks again. */
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "bookmarks") == 0)
    g_set_str (&self->refocus_id, last_id);
}

/* A removal being written, and the window that asked for it. */
typedef struct
{
  AccordWindow *window;
  guint         serial;
} Removing;

static void
removing_free (Removing *removing)
{
  g_object_unref (removing->window);
  g_free (removing);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Removing, removing_free)

static void show_undo_toast (AccordWindow *self);

/* A removal that failed is no longer offered to undo: the toast that
 * said it was done goes, or counts the others. Not a later removal of
 * the same bookmark, which may have gone through. */
static void
forget_removal (AccordWindow *self,
                guint         serial)
{
  guint i;

  for (i = 0; i < self->removals->len; i++)
    if (g_array_index (self->removals, Removal, i).serial == serial)
      break;
  if (i == self->removals->len)
    return;
  g_array_remove_index (self->removals, i);
  if (self->undo_toast == NULL)
    return;
  if (self->removals->len == 0)
    adw_toast_dismiss (self->undo_toast);
  else
    show_undo_toast (self);
}

static void
bookmark_removed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Removing) removing = user_data;
  g_autoptr(GError) error = NULL;

  if (accord_store_remove_bookmark_finish (ACCORD_STORE (object), result, &error))
    return;
  /* The window rebuilt in another language took over the Undo. */
  forget_removal (window_to_tell (removing->window), removing->serial);
  show_store_error (removing->window, _("Couldn’t remove the bookmark"), error);
}

/* "Bookmark removed", or "3 bookmarks removed", with an Undo that
 * brings back every bookmark in self->removals as it was. A removal
 * while the toast shows updates it, and it stays its whole time again. */
static void
show_undo_toast (AccordWindow *self)
{
  guint n = self->removals->len;
  g_autofree char *title = n == 1 ? g_strdup (_("Bookmark removed"))
                                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u bookmark removed",
                                                                  "%u bookmarks removed", n), n);
  AdwToast *toast;

  g_assert (n > 0);
  g_set_weak_pointer (&self->undone_focus, gtk_root_get_focus (GTK_ROOT (self)));
  if (self->undo_toast != NULL)
    {
      adw_toast_set_title (self->undo_toast, title);
      adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->undo_toast));
      /* A toast is read out when it shows, not when it changes: the
       * new count is news of its own, what an Undo now brings back. */
      gtk_accessible_announce (GTK_ACCESSIBLE (self), title, GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
      return;
    }

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_use_markup (toast, FALSE);
  /* At once, ahead of a refresh's news: its Undo, and Ctrl+Z, are for
   * the removal just made, which the toast must show while they work. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_remove), self, G_CONNECT_SWAPPED);
  replace_toast (self, &self->undo_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-remove", TRUE);
}

/* A dialog keeps the window behind it out of reach: its keys still
 * reach the window's shortcuts, which must then change nothing the user
 * would come back to. */
static gboolean
is_behind_dialog (AccordWindow *self)
{
  return adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (self)) != NULL;
}

/* Ctrl+Z, as the toast's button: reaching it takes the keyboard through
 * the whole window, in the few seconds the toast shows. */
static void
undo_remove_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AccordWindow *self = ACCORD_WINDOW (widget);

  if (self->undo_toast == NULL || is_behind_dialog (self))
    return;
  on_undo_remove (self);
  adw_toast_dismiss (self->undo_toast);
}

static void
add_removal (AccordWindow  *self,
             AccordArticle *article,
             gint64         created,
             guint          serial)
{
  Removal removal = { g_object_ref (article), created, serial };

  /* Removed, bookmarked again and removed again: undone once. */
  for (guint i = 0; i < self->removals->len; i++)
    if (g_str_equal (accord_article_get_id (g_array_index (self->removals, Removal, i).article),
                     accord_article_get_id (article)))
      {
        g_array_remove_index (self->removals, i);
        break;
      }
  g_array_append_val (self->removals, removal);
}

static void
remove_bookmark (AccordWindow  *self,
                 AccordArticle *article)
{
  /* Read first: the store clears it on the article at once. */
  gint64 created = accord_article_get_bookmarked_at (article);
  Removing *removing = g_new0 (Removing, 1);
  static guint last_serial;

  removing->window = g_object_ref (self);
  removing->serial = ++last_serial;
  accord_store_remove_bookmark_async (accord_application_get_default_store (), article,
                                      bookmark_removed, removing);
  if (self->undo_toast == NULL)
    g_array_set_size (self->removals, 0);
  add_removal (self, article, created, removing->serial);
  show_undo_toast (self);
}

/**
 * accord_window_take_undo:
 * @from: the window this one replaces
 *
 * Shows here the Undo of a bookmark removal that @from still offers, as
 * when a change of language builds the windows again.
 */
void
accord_window_take_undo (AccordWindow *self,
                         AccordWindow *from)
{
  g_return_if_fail (ACCORD_IS_WINDOW (self));
  g_return_if_fail (ACCORD_IS_WINDOW (from));

  if (from->removals->len == 0)
    return;
  g_array_set_size (self->removals, 0);
  for (guint i = 0; i < from->removals->len; i++)
    {
      const Removal *removal = &g_array_index (from->removals, Removal, i);

      add_removal (self, removal->article, removal->created, removal->serial);
    }
  show_undo_toast (self);
}

static void
update_bookmark_actions (AccordWindow *self)
{
  AccordStore *store = accord_application_get_default_store ();

  /* Nothing to export makes no file: the menu says so. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-bookmarks",
                                 store != NULL && accord_store_get_n_bookmarks (store) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-bookmarks", store != NULL);
}

static void
on_bookmarks_changed (AccordWindow *self)
{
  update_bookmark_actions (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "bookmarks") != 0)
    return;
  accord_bookmarks_view_reload (bookmarks_view (self));
  /* Of several bookmarks restored, that one may come back at any of
   * the readings, until the last is restored. */
  if (self->refocus_id != NULL)
    accord_bookmarks_view_focus_article (bookmarks_view (self), self->refocus_id);
}

/**
 * accord_window_toggle_bookmark:
 *
 * Bookmarks @article, or removes its bookmark with a toast to undo it.
 * The star changes at once; the database follows without blocking the
 * window, even while a refresh is storing a feed.
 */
void
accord_window_toggle_bookmark (AccordWindow  *self,
                               AccordArticle *article)
{
  g_return_if_fail (ACCORD_IS_WINDOW (self));
  g_return_if_fail (ACCORD_IS_ARTICLE (article));

  if (accord_application_get_default_store () == NULL)
    return;

  if (!accord_article_get_bookmarked (article))
    add_bookmark (self, article, ACCORD_BOOKMARK_NOW);
  else
    remove_bookmark (self, article);
}

/* Only a row the user can see: never one of a page left for another. */
static AccordArticleRow *
focused_article_row (AccordWindow *self)
{
  GtkWidget *row = accord_focused_row (GTK_WIDGET (self), ACCORD_TYPE_ARTICLE_ROW);

  return row != NULL && gtk_widget_get_mapped (row) ? ACCORD_ARTICLE_ROW (row) : NULL;
}

static void
bookmark_focused_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  AccordArticleRow *row = focused_article_row (ACCORD_WINDOW (widget));

  if (row != NULL)
    accord_article_row_toggle_bookmark (row);
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AccordWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!accord_replace_file_contents_finish (G_FILE (object), result, &error))
    {
      show_file_error (self, G_FILE (object), error, TRUE);
      return;
    }
  show_file_toast (self, _("Bookmarks exported"));
}

typedef struct
{
  AccordWindow *window;
  GFile        *file;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->window);
  g_object_unref (export->file);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

/* The bookmarks as a document, read off the main thread, then written. */
static void
export_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  AccordWindow *self = export->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint n_exported = 0;
  char *json;

  json = accord_store_export_bookmarks_finish (ACCORD_STORE (object), result, &n_exported, &error);
  /* Closed meanwhile: no toast to show it in. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (json == NULL)
    {
      g_autofree char *message = describe_store_error (_("Couldn’t export the bookmarks"), error);

      show_file_toast (self, message);
      return;
    }
  /* The last ones removed since the export was asked for: an empty list
   * would replace what may be the only copy of them. */
  if (n_exported == 0)
    {
      g_free (json);
      show_file_toast (self, _("There are no bookmarks to export"));
      return;
    }
  bytes = g_bytes_new_take (json, strlen (json));
  accord_replace_file_contents_async (export->file, bytes, self->cancellable, export_done, g_object_ref (self));
}

static void
export_file_chosen (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AccordWindow) self = user_data;
  g_autoptr(GFile) file = NULL;

  if ((file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL)) == NULL)
    return;
  accord_window_export_bookmarks (self, file);
}

/**
 * accord_window_export_bookmarks:
 * @file: where to write them
 *
 * Writes every bookmark to @file, in the background, and says how it
 * went in a toast.
 */
void
accord_window_export_bookmarks (AccordWindow *self,
                                GFile        *file)
{
  Export *export;

  g_return_if_fail (ACCORD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (accord_application_get_default_store () != NULL);

  export = g_new0 (Export, 1);
  export->window = g_object_ref (self);
  export->file = g_object_ref (file);
  accord_store_export_bookmarks_async (accord_application_get_default_store (), file, self->cancellable, export_read,
                                       export);
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Bookmarks (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  return filter;
}

/* A file saved under a name of the user's, without ".json", is plain
 * text to the file chooser: it must still be there to choose. */
static GtkFileFilter *
all_files_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  return filter;
}

static GtkFileDialog *
bookmarks_file_dialog (const char *title)
{
  GtkFileDialog *dialog = gtk_file_dialog_new ();
  g_autoptr(GtkFileFilter) filter = json_filter ();
  g_autoptr(GtkFileFilter) all_files = all_files_filter ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  g_list_store_append (filters, filter);
  g_list_store_append (filters, all_files);
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_set_modal (dialog, TRUE);
  return dialog;
}

static void
export_bookmarks_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  AccordWindow *self = ACCORD_WINDOW (widget);
  g_autoptr(GtkFileDialog) dialog = bookmarks_file_dialog (_("Export Bookmarks"));

  /* Translators: the suggested name of an exported bookmarks file */
  gtk_file_dialog_set_initial_name (dialog, _("accord-bookmarks.json"));
  gtk_file_dialog_save (dialog, GTK_WINDOW (self), self->cancellable, export_file_chosen, g_object_ref (self));
}

/* "2 bookmarks added, 3 already there": a file imported twice adds
 * nothing, and says why. */
static char *
describe_bookmark_import (const AccordBookmarkImportStats *stats)
{
  GString *message = g_string_new (NULL);
  g_autofree char *n_added = accord_i18n_format_count (stats->n_added);
  g_autofree char *n_existing = accord_i18n_format_count (stats->n_existing);
  g_autofree char *n_skipped = accord_i18n_format_count (stats->n_skipped);

  g_string_append_printf (message, g_dngettext (GETTEXT_PACKAGE, "%s bookmark added", "%s bookmarks added",
                                                stats->n_added),
                          n_added);
  if (stats->n_existing > 0)
    {
      /* Translators: between the parts of "2 bookmarks added, 3 already there" */
      g_string_append (message, _(", "));
      /* Translators: follows "2 bookmarks added, " */
      g_string_append_printf (message, g_dngettext (GETTEXT_PACKAGE, "%s already there", "%s already there",
                                                    stats->n_existing),
                              n_existing);
    }
  if (stats->n_skipped > 0)
    {
      g_string_append (message, _(", "));
      /* Translators: follows "2 bookmarks added, "; entries the file
       * holds that are not bookmarks Accord can read */
      g_string_append_printf (message, g_dngettext (GETTEXT_PACKAGE, "%s unreadable", "%s unreadable",
                                                    stats->n_skipped),
                              n_skipped);
    }
  return g_string_free_and_steal (message);
}

static void
bookmarks_imported (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AccordWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AccordBookmarkImportStats stats;

  if (!accord_store_import_bookmarks_finish (ACCORD_STORE (object), result, &stats, &error))
    {
      g_autofree char *failed = NULL;

      /* What is wrong with the file is told as it is. */
      if (g_error_matches (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS))
        failed = g_strdup (error->message);
      else
        failed = describe_store_error (_("Couldn’t import the bookmarks"), error);
      show_file_toast (self, failed);
      return;
    }

  message = describe_bookmark_import (&stats);
  show_file_toast (self, message);
}

static void
import_loaded (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AccordWindow) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if ((bytes = accord_load_file_capped_finish (G_FILE (object), result, &error)) == NULL)
    {
      show_file_error (self, G_FILE (object), error, FALSE);
      return;
    }

  accord_store_import_bookmarks_async (accord_application_get_default_store (), bytes,
                                       bookmarks_imported, g_object_ref (self));
}

/* A file of gigabytes chosen by mistake is not read whole first; nor is
 * a pipe or a device, which tell no size and may have no end: reading
 * stops past the largest size the store takes, for it to refuse. */
static void
import_size_known (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AccordWindow) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A file that says no size is read all the same; the store checks it. */
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
      !accord_store_check_bookmarks_size (g_file_info_get_size (info), &error))
    {
      show_file_toast (self, error->message);
      return;
    }
  accord_load_file_capped_async (G_FILE (object), ACCORD_BOOKMARKS_MAX_BYTES, self->cancellable, import_loaded,
                                 g_object_ref (self));
}

static void
import_file_chosen (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AccordWindow) self = user_data;
  g_autoptr(GFile) file = NULL;

  if ((file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, NULL)) == NULL)
    return;
  accord_window_import_bookmarks (self, file);
}

/**
 * accord_window_import_bookmarks:
 * @file: a file written by an export of bookmarks
 *
 * Adds the bookmarks of @file, in the background, and says how it went
 * in a toast.
 */
void
accord_window_import_bookmarks (AccordWindow *self,
                                GFile        *file)
{
  g_return_if_fail (ACCORD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (accord_application_get_default_store () != NULL);

  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           self->cancellable, import_size_known, g_object_ref (self));
}

static void
import_bookmarks_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  AccordWindow *self = ACCORD_WINDOW (widget);
  g_autoptr(GtkFileDialog) dialog = bookmarks_file_dialog (_("Import Bookmarks"));

  gtk_file_dialog_open (dialog, GTK_WINDOW (self), self->cancellable, import_file_chosen, g_object_ref (self));
}

/* ---------------------------------------------------------------------- */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AccordWindow *self = ACCORD_WINDOW (widget);

  if (is_behind_dialog (self))
    return;
  adw_navigation_split_view_set_show_content (self->split_view, FALSE);
  accord_sidebar_focus_search (self->sidebar);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AccordWindow *self = ACCORD_WINDOW (widget);

  if (adw_navigation_split_view_get_collapsed (self->split_view) && !is_behind_dialog (self))
    adw_navigation_split_view_set_show_content (self->split_view, FALSE);
}

/* Alt+1 and Alt+2, for the entity's page on screen. */
static void
show_tab_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AccordWindow *self = ACCORD_WINDOW (widget);
  gboolean content_hidden = adw_navigation_split_view_get_collapsed (self->split_view) &&
                            !adw_navigation_split_view_get_show_content (self->split_view);

  if (content_hidden || is_behind_dialog (self) ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "entity") != 0)
    return;
  accord_entity_view_switch_tab (self->entity_view, g_variant_get_string (parameter, NULL));
}

/* F10 opens the main menu, which is on the sidebar's page: on a phone,
 * the content's page goes first. (As the menu button's own "primary"
 * shortcut, it did nothing while the button was out of sight.) */
static void
primary_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  if (is_behind_dialog (ACCORD_WINDOW (widget)))
    return;
  back_action (widget, action_name, parameter);
  accord_sidebar_popup_primary_menu (ACCORD_WINDOW (widget)->sidebar);
}

/* Where @focus is, as restore_focus() takes it; or NULL for elsewhere. */
static char *
describe_focus (AccordWindow *self,
                GtkWidget    *focus)
{
  g_autofree char *in_sidebar = NULL;
  GtkWidget *row;
  const char *article_id;

  if (focus == NULL)
    return NULL;
  if (accord_widget_is_within (focus, GTK_WIDGET (self->sidebar)))
    {
      in_sidebar = accord_sidebar_describe_focus (self->sidebar, focus);
      return in_sidebar != NULL ? g_strconcat ("sidebar:", in_sidebar, NULL) : NULL;
    }
  if (self->entity_view != NULL && accord_entity_view_is_in_filter (self->entity_view, focus))
    return g_strdup ("filter");
  if ((row = accord_row_holding (focus, ACCORD_TYPE_ARTICLE_ROW)) == NULL)
    return NULL;
  article_id = accord_article_get_id (accord_article_row_get_article (ACCORD_ARTICLE_ROW (row)));
  if (accord_widget_is_within (focus, GTK_WIDGET (self->entity_view)))
    return g_strconcat ("timeline:", article_id, NULL);
  if (accord_widget_is_within (focus, GTK_WIDGET (self->bookmarks_view)))
    return g_strconcat ("bookmark:", article_id, NULL);
  return NULL;
}

static void
restore_focus (AccordWindow *self,
               const char   *where)
{
  if (g_str_has_prefix (where, "sidebar:"))
    accord_sidebar_restore_focus (self->sidebar, where + strlen ("sidebar:"));
  else if (g_str_has_prefix (where, "timeline:") && self->entity_view != NULL)
    accord_entity_view_focus_article (self->entity_view, where + strlen ("timeline:"));
  else if (g_str_has_prefix (where, "bookmark:") && self->bookmarks_view != NULL)
    accord_bookmarks_view_focus_article (self->bookmarks_view, where + strlen ("bookmark:"));
  else if (g_str_equal (where, "filter") && self->entity_view != NULL)
    accord_entity_view_focus_filter (self->entity_view);
}

/* Where the keyboard focus is, or will be back once the dialog shown
 * closes. */
static char *
describe_page_focus (AccordWindow *self)
{
  if (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (self)) == NULL)
    return describe_focus (self, gtk_root_get_focus (GTK_ROOT (self)));
  return g_strdup (self->focus_after_dialog != NULL ? self->focus_after_dialog : self->page_focus);
}

/* After libadwaita has put back the focus this window had before the
 * dialog opened, which was not yet where the old window's was. */
static void
on_reopened_dialog_closed (AccordWindow *self)
{
  g_autofree char *where = g_steal_pointer (&self->focus_after_dialog);

  if (where != NULL)
    restore_focus (self, where);
}

/**
 * accord_window_save_state:
 *
 * Returns: (transfer floating): where the user is: the view, the entity
 *   and its tab, the search and filter texts, the scroll positions, the
 *   keyboard focus and the dialog open, as a vardict for
 *   accord_window_restore_state()
 */
GVariant *
accord_window_save_state (AccordWindow *self)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *focus = NULL;
  AccordEntityView *view;
  AccordEntity *entity;
  AdwDialog *dialog;
  double list_scroll;
  gboolean list_selection_shown;

  g_return_val_if_fail (ACCORD_IS_WINDOW (self), NULL);

  focus = describe_page_focus (self);

  view = self->entity_view;
  entity = view ? accord_entity_view_get_entity (view) : NULL;
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (self));

  g_variant_dict_insert (&dict, "view", "s", gtk_stack_get_visible_child_name (self->content_stack));
  if (entity != NULL)
    g_variant_dict_insert (&dict, "entity", "s", accord_entity_get_id (entity));
  if (view != NULL)
    {
      g_variant_dict_insert (&dict, "tab", "s", accord_entity_view_get_tab (view));
      g_variant_dict_insert (&dict, "filter", "s", accord_entity_view_get_filter (view));
      if (accord_entity_view_get_category (view) != NULL)
        g_variant_dict_insert (&dict, "category", "s", accord_entity_view_get_category (view));
      g_variant_dict_insert (&dict, "entity-scroll", "d", accord_entity_view_get_scroll (view));
    }
  if (self->bookmarks_view != NULL)
    g_variant_dict_insert (&dict, "bookmarks-scroll", "d", accord_bookmarks_view_get_scroll (self->bookmarks_view));
  g_variant_dict_insert (&dict, "search", "s", accord_sidebar_get_search_text (self->sidebar));
  g_variant_dict_insert (&dict, "sidebar-scroll", "d", accord_sidebar_get_scroll (self->sidebar));
  g_variant_dict_insert (&dict, "sidebar-selection-in-view", "b", accord_sidebar_get_selection_in_view (self->sidebar));
  /* Under a search's results, the list of entries keeps its own place. */
  list_scroll = accord_sidebar_get_list_scroll (self->sidebar, &list_selection_shown);
  g_variant_dict_insert (&dict, "sidebar-list-scroll", "d", list_scroll);
  g_variant_dict_insert (&dict, "sidebar-list-selection-shown", "b", list_selection_shown);
  g_variant_dict_insert (&dict, "show-content", "b", adw_navigation_split_view_get_show_content (self->split_view));
  if (dialog != NULL)
    g_variant_dict_insert (&dict, "dialog", "s", G_OBJECT_TYPE_NAME (dialog));
  if (ACCORD_IS_PREFERENCES_DIALOG (dialog))
    g_variant_dict_insert (&dict, "preferences-endpoint", "s",
                           accord_preferences_dialog_get_endpoint_text (ACCORD_PREFERENCES_DIALOG (dialog)));
  if (focus != NULL)
    g_variant_dict_insert (&dict, "focus", "s", focus);

  return g_variant_dict_end (&dict);
}

/* Over this window, which may not be the active one yet. */
static void
reopen_dialog (AccordWindow *self,
               const char   *type_name,
               const char   *endpoint)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  AdwDialog *shown;

  if (!ACCORD_IS_APPLICATION (app))
    return;
  if (g_str_equal (type_name, "AccordPreferencesDialog"))
    {
      accord_application_show_dialog (ACCORD_APPLICATION (app), "preferences", GTK_WINDOW (self));
      /* With the address being typed, applied or not. */
      shown = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (self));
      if (endpoint != NULL && ACCORD_IS_PREFERENCES_DIALOG (shown))
        accord_preferences_dialog_set_endpoint_text (ACCORD_PREFERENCES_DIALOG (shown), endpoint);
    }
  else if (g_str_equal (type_name, "AccordShortcutsDialog"))
    accord_application_show_dialog (ACCORD_APPLICATION (app), "shortcuts", GTK_WINDOW (self));
  else if (g_str_equal (type_name, "AdwAboutDialog"))
    accord_application_show_dialog (ACCORD_APPLICATION (app), "about", GTK_WINDOW (self));
}

/**
 * accord_window_restore_state:
 * @state: what accord_window_save_state() returned, maybe from another
 *   window
 *
 * Puts the user back where they were, as far as the data still allows.
 */
void
accord_window_restore_state (AccordWindow *self,
                             GVariant     *state)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (state);
  const char *view = NULL, *entity = NULL, *tab = NULL, *filter = NULL, *category = NULL;
  const char *search = NULL, *dialog = NULL, *endpoint = NULL, *focus = NULL;
  double entity_scroll = 0, sidebar_scroll = 0, bookmarks_scroll = 0, list_scroll = -1;
  gboolean show_content = FALSE, selection_in_view = FALSE, list_selection_shown = FALSE;
  AdwDialog *shown;

  g_return_if_fail (ACCORD_IS_WINDOW (self));
  g_return_if_fail (state != NULL);

  g_variant_dict_lookup (&dict, "view", "&s", &view);
  g_variant_dict_lookup (&dict, "entity", "&s", &entity);
  g_variant_dict_lookup (&dict, "tab", "&s", &tab);
  g_variant_dict_lookup (&dict, "filter", "&s", &filter);
  g_variant_dict_lookup (&dict, "category", "&s", &category);
  g_variant_dict_lookup (&dict, "bookmarks-scroll", "d", &bookmarks_scroll);
  g_variant_dict_lookup (&dict, "entity-scroll", "d", &entity_scroll);
  g_variant_dict_lookup (&dict, "search", "&s", &search);
  g_variant_dict_lookup (&dict, "sidebar-scroll", "d", &sidebar_scroll);
  g_variant_dict_lookup (&dict, "sidebar-selection-in-view", "b", &selection_in_view);
  g_variant_dict_lookup (&dict, "sidebar-list-scroll", "d", &list_scroll);
  g_variant_dict_lookup (&dict, "sidebar-list-selection-shown", "b", &list_selection_shown);
  g_variant_dict_lookup (&dict, "show-content", "b", &show_content);
  g_variant_dict_lookup (&dict, "dialog", "&s", &dialog);
  g_variant_dict_lookup (&dict, "preferences-endpoint", "&s", &endpoint);
  g_variant_dict_lookup (&dict, "focus", "&s", &focus);

  if (entity != NULL)
    accord_sidebar_select_entity (self->sidebar, entity);
  if (g_strcmp0 (view, "bookmarks") == 0)
    {
      accord_sidebar_select_bookmarks (self->sidebar);
      accord_bookmarks_view_set_scroll (bookmarks_view (self), bookmarks_scroll);
    }
  else if (g_strcmp0 (view, "entity") == 0 && entity != NULL)
    {
      accord_entity_view_set_tab (entity_view (self), tab);
      if (category != NULL)
        accord_entity_view_set_category (entity_view (self), category);
      if (filter != NULL && *filter != '\0')
        accord_entity_view_set_filter (entity_view (self), filter);
      accord_entity_view_set_scroll (entity_view (self), entity_scroll);
    }
  if (search != NULL && *search != '\0')
    {
      accord_sidebar_set_search_text (self->sidebar, search);
      if (list_scroll >= 0)
        accord_sidebar_set_list_scroll (self->sidebar, list_scroll, list_selection_shown);
    }
  accord_sidebar_set_scroll (self->sidebar, sidebar_scroll, selection_in_view);
  adw_navigation_split_view_set_show_content (self->split_view, show_content);

  if (dialog != NULL)
    reopen_dialog (self, dialog, endpoint);
  shown = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (self));
  if (focus == NULL)
    return;
  if (shown == NULL)
    restore_focus (self, focus);
  else
    {
      g_set_str (&self->focus_after_dialog, focus);
      g_signal_connect_object (shown, "closed", G_CALLBACK (on_reopened_dialog_closed), self, G_CONNECT_SWAPPED);
    }
}

static void
accord_window_bind_settings (AccordWindow *self)
{
  GApplication *app = g_application_get_default ();
  GSettings *settings;

  if (!ACCORD_IS_APPLICATION (app))
    return;

  settings = accord_application_get_settings (ACCORD_APPLICATION (app));
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
accord_window_constructed (GObject *object)
{
  AccordWindow *self = ACCORD_WINDOW (object);
  AccordStore *store = accord_application_get_default_store ();

  G_OBJECT_CLASS (accord_window_parent_class)->constructed (object);

  accord_window_bind_settings (self);

  if (store != NULL)
    {
      g_signal_connect_object (store, "snapshot-changed", G_CALLBACK (on_snapshot_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "bookmarks-changed", G_CALLBACK (on_bookmarks_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (g_application_get_default (), "sync-finished", G_CALLBACK (on_sync_finished),
                               self, G_CONNECT_SWAPPED);
    }
  accord_sidebar_reload (self->sidebar);
  update_banner (self);
  update_bookmark_actions (self);
}

static void
accord_window_dispose (GObject *object)
{
  AccordWindow *self = ACCORD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->focus_page_idle, g_source_remove);
  if (self->focus_top_clock != NULL)
    g_clear_signal_handler (&self->focus_top_handler, self->focus_top_clock);
  g_clear_weak_pointer (&self->focus_top_clock);
  g_clear_handle_id (&self->widened_idle, g_source_remove);
  g_clear_weak_pointer (&self->header_focus);
  g_clear_weak_pointer (&self->sync_toast);
  g_clear_weak_pointer (&self->undo_toast);
  g_clear_weak_pointer (&self->file_toast);
  g_clear_weak_pointer (&self->undone_focus);
  g_clear_pointer (&self->removals, g_array_unref);
  g_clear_pointer (&self->refocus_id, g_free);
  g_clear_pointer (&self->page_focus, g_free);
  g_clear_pointer (&self->focus_after_dialog, g_free);

  G_OBJECT_CLASS (accord_window_parent_class)->dispose (object);
}

static void
accord_window_class_init (AccordWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = accord_window_constructed;
  object_class->dispose = accord_window_dispose;

  g_type_ensure (ACCORD_TYPE_SIDEBAR);
  g_type_ensure (ACCORD_TYPE_ENTITY_VIEW);
  g_type_ensure (ACCORD_TYPE_BOOKMARKS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/accordapp/Accord/accord-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AccordWindow, split_view);
  gtk_widget_class_bind_template_child (widget_class, AccordWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AccordWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, AccordWindow, content_page);
  gtk_widget_class_bind_template_child (widget_class, AccordWindow, content_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_bookmarks_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_article_activated);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-focused", NULL, bookmark_focused_action);
  gtk_widget_class_install_action (widget_class, "win.export-bookmarks", NULL, export_bookmarks_action);
  gtk_widget_class_install_action (widget_class, "win.import-bookmarks", NULL, import_bookmarks_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-tab", "s", show_tab_action);
  gtk_widget_class_install_action (widget_class, "win.primary-menu", NULL, primary_menu_action);
  gtk_widget_class_install_action (widget_class, "win.link-not-opened", NULL, link_not_opened_action);
  gtk_widget_class_install_action (widget_class, "win.undo-remove", NULL, undo_remove_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.bookmark-focused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-tab", "s", "overview");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-tab", "s", "articles");
  /* The same keys on a French or Belgian keyboard, where the digits need
   * Shift: GTK matches a shortcut by what a key types. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ampersand, GDK_ALT_MASK, "win.show-tab", "s", "overview");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_eacute, GDK_ALT_MASK, "win.show-tab", "s", "articles");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, 0, "win.primary-menu", NULL);
  /* Bubbling up: a text field with the focus undoes its own typing. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo-remove", NULL);
}

/* On a phone, the content gets back the focus it last had when it shows
 * again, though that may be in the page it has since left for another,
 * hidden. Returns: the page shown then, which the focus should go to, or
 * NULL. */
static GtkWidget *
page_missing_focus (AccordWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *page;

  /* Nothing to do while the window is taken apart, either. */
  if (focus == NULL || self->content_stack == NULL ||
      !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->content_stack)))
    return NULL;
  page = gtk_stack_get_visible_child (self->content_stack);
  return page != NULL && !gtk_widget_is_ancestor (focus, page) ? page : NULL;
}

/* Once the page is in place, for its header's back button to take the
 * focus first. */
static gboolean
focus_shown_page (gpointer data)
{
  AccordWindow *self = data;
  GtkWidget *page = page_missing_focus (self);

  self->focus_page_idle = 0;
  if (page != NULL)
    focus_page_start (self, page);
  return G_SOURCE_REMOVE;
}

/* The window widened while its content's header had the focus, on the
 * way back a phone shows: that button went with the narrow layout, and
 * GTK handed the focus on to the sidebar's first button, away from the
 * page being read. It goes back into the page. */
static gboolean
refocus_widened_page (gpointer data)
{
  AccordWindow *self = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *page = gtk_stack_get_visible_child (self->content_stack);

  self->widened_idle = 0;
  if (self->header_focus != NULL && !gtk_widget_get_mapped (self->header_focus) &&
      !adw_navigation_split_view_get_collapsed (self->split_view) && page != NULL &&
      (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->content_page))))
    focus_page_start (self, page);
  g_clear_weak_pointer (&self->header_focus);
  return G_SOURCE_REMOVE;
}

static void
follow_header_focus (AccordWindow *self,
                     GtkWidget    *focus)
{
  if (focus == NULL)
    return;
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->content_page)))
    {
      if (gtk_widget_get_ancestor (focus, ADW_TYPE_HEADER_BAR) != NULL)
        g_set_weak_pointer (&self->header_focus, focus);
      else
        g_clear_weak_pointer (&self->header_focus);
    }
  else if (self->header_focus != NULL && self->widened_idle == 0)
    self->widened_idle = g_idle_add (refocus_widened_page, self);
}

static void
on_focus_changed (AccordWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  follow_header_focus (self, focus);

  /* A dialog, closed, gives the focus back to where it was before. Told
   * now: a list may show another item in the same row later. */
  if (focus != NULL && gtk_widget_get_ancestor (focus, ADW_TYPE_DIALOG) == NULL)
    {
      g_clear_pointer (&self->page_focus, g_free);
      self->page_focus = describe_focus (self, focus);
    }

  if (self->focus_page_idle == 0 && page_missing_focus (self) != NULL)
    self->focus_page_idle = g_idle_add (focus_shown_page, self);
}

/* On a phone, back to the list from whatever opened the page (a search,
 * a link, the window as it was left): on the row of what was shown, for
 * Enter to open it again, as after opening it from the list. */
static void
on_show_content_changed (AccordWindow *self)
{
  if (adw_navigation_split_view_get_collapsed (self->split_view) &&
      !adw_navigation_split_view_get_show_content (self->split_view))
    accord_sidebar_focus_selection (self->sidebar);
}

/* Data grows old while Accord stays open, a week maybe: the banner is
 * told again whenever the window is turned to or left. */
static void
on_active_changed (AccordWindow *self)
{
  update_banner (self);
}

static void
accord_window_init (AccordWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->removals = removals_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Until there is a removal to undo. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-remove", FALSE);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (on_focus_changed), NULL);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);
  g_signal_connect_object (self->split_view, "notify::show-content", G_CALLBACK (on_show_content_changed), self,
                           G_CONNECT_SWAPPED);
}
