#define G_LOG_DOMAIN "accord-entity-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "accord-application.h"
#include "accord-article-row.h"
#include "accord-countries.h"
#include "accord-entity-view.h"
#include "accord-i18n.h"
#include "accord-member-chip.h"
#include "accord-reveal-model.h"
#include "accord-timeline-model.h"
#include "accord-utils.h"
#include "accord-widget-utils.h"

/* How request_timeline() shows the articles it lists. */
typedef enum
{
  TIMELINE_FROM_TOP     = 0,
  TIMELINE_KEEP_PLACE   = 1 << 0,  /* the same entity refreshed */
  TIMELINE_ANNOUNCE     = 1 << 1,  /* the count, once known */
  TIMELINE_NOW          = 1 << 2,  /* listed at once, even with words */
} TimelineFlags;

/* One organisation or piece of legislation: its header, its profile in
 * either language or both side by side, its members, and the timeline
 * of its articles, which reads only the rows it shows. */
struct _AccordEntityView
{
  AdwBreakpointBin  parent_instance;

  AccordEntity     *entity;
  char             *profile_language;
  gboolean          wide;
  AccordTimelineModel *timeline_model;    /* shown, or waiting to be */
  AccordRevealModel    *timeline_reveal;   /* what the list view shows */
  guint             timeline_tick;
  char             *article_to_show;   /* once the timeline has its model */
  double            timeline_position; /* where it shows once laid out */
  GCancellable     *filter_cancellable; /* of the articles being matched */
  TimelineFlags     filter_flags;       /* how those are to show */
  gboolean          new_articles_seen; /* since self->entity was set */
  guint             categories_idle;        /* to list them once the page shows */
  GCancellable     *categories_cancellable; /* of the categories being listed */
  guint             refocus_idle;     /* the language switch, once in place */
  guint             tab_focus_tick;   /* the page shown, once laid out */
  guint             tab_focus_frames;
  GHashTable       *visit_new_rows;    /* new when the entity was opened */
  char             *shown_text;        /* the filters the timeline shows */
  char             *shown_category;

  AdwViewStack     *stack;
  GtkWidget        *switcher;
  AdwViewSwitcherBar *switcher_bar;
  AdwClamp         *overview_clamp;
  AdwWindowTitle   *narrow_title;
  AdwViewStackPage *articles_page;
  GtkLabel         *name_label;
  GtkLabel         *meta_label;
  GtkLabel         *header_badge;
  GtkLabel         *summary_label;
  GtkLabel         *facts_label;
  AdwWrapBox       *links_box;
  AdwToggleGroup   *language_toggles;
  GtkToggleButton  *side_by_side_button;
  GSettings        *settings;
  GtkLabel         *profile_badge;
  GtkBox           *profile_box;
  /* A long profile's sections not yet shown: of one language, or with
   * the grid, English and French side by side; and the paragraphs of
   * those begun that are still to come (of PendingText). */
  GArray           *sections_to_add;
  GArray           *second_column_to_add;
  GtkGrid          *sections_grid;
  guint             next_section;
  guint             n_sections;
  GQueue            texts_to_add;
  AccordBatches     profile_batches;
  GtkWidget        *no_profile;
  GtkLabel         *no_profile_description;
  GtkWidget        *members_group;
  GtkLabel         *members_heading;
  AdwWrapBox       *members_box;
  GtkWidget        *founding_legend;
  /* Chips not yet shown, in order (of SortedMember), and where they are. */
  GArray           *members_to_add;
  guint             next_member;
  AccordBatches     member_batches;
  GtkWidget        *timeline_header;   /* filters and count */
  GtkSearchEntry   *filter_entry;
  GtkDropDown      *category_dropdown;
  GtkLabel         *articles_heading;
  GtkStack         *timeline_stack;
  GtkListView      *timeline;
  AdwStatusPage    *no_articles;
  GtkWidget        *clear_filter_button;
};

G_DEFINE_FINAL_TYPE (AccordEntityView, accord_entity_view, ADW_TYPE_BREAKPOINT_BIN)

/* The overview's widest: lines of prose short enough to read with ease,
 * or two such columns side by side. */
#define READING_WIDTH 680
#define TWO_COLUMNS_WIDTH 960

enum {
  ARTICLES_SEEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------------- */
/* Header                                                                  */

static gboolean
is_day (const char *date)
{
  return strlen (date) == strlen ("YYYY-MM-DD");
}

/* A day is "on" it; a month or a year, "in" it. */
static char *
describe_founded (AccordEntityKind  kind,
                  const char       *founded)
{
  g_autofree char *date = accord_i18n_format_date (founded);

  if (kind == ACCORD_ENTITY_KIND_LEGISLATION && is_day (founded))
    /* Translators: %s is a day, as in "Adopted on 13 June 2024" */
    return g_strdup_printf (_("Adopted on %s"), date);
  if (kind == ACCORD_ENTITY_KIND_LEGISLATION)
    /* Translators: %s is a month or a year, as in "Adopted in June 2024" */
    return g_strdup_printf (_("Adopted in %s"), date);
  if (is_day (founded))
    /* Translators: %s is a day, as in "Founded on 3 May 2020" */
    return g_strdup_printf (_("Founded on %s"), date);
  /* Translators: %s is a month or a year, as in "Founded in 2020" */
  return g_strdup_printf (_("Founded in %s"), date);
}

static char *
describe_updated (const char *updated)
{
  g_autofree char *date = accord_i18n_format_date (updated);

  if (is_day (updated))
    /* Translators: %s is a day, as in "Updated on 5 June 2026" */
    return g_strdup_printf (_("Updated on %s"), date);
  /* Translators: %s is a month or a year, as in "Updated in June 2026" */
  return g_strdup_printf (_("Updated in %s"), date);
}

static void
append_fact (GString *facts,
             char    *fact)
{
  g_autofree char *owned = fact;

  if (facts->len > 0)
    g_string_append (facts, ACCORD_ITEM_SEPARATOR);
  g_string_append (facts, owned);
}

/* The spec has a text shown in the other language marked as such: one
 * badge for the head of the page, saying which part it is about. */
static void
update_header_badge (AccordEntityView *self,
                     const char       *lang,
                     gboolean          name_fallback,
                     gboolean          acronym_fallback,
                     gboolean          summary_fallback)
{
  gboolean in_english = g_str_equal (lang, "fr");
  const char *what;

  if (name_fallback)
    what = in_english ? _("The name is in English: not available in your language")
                      : _("The name is in French: not available in your language");
  else if (summary_fallback)
    what = in_english ? _("The summary is in English: not available in your language")
                      : _("The summary is in French: not available in your language");
  else if (acronym_fallback)
    what = in_english ? _("The acronym is in English: not available in your language")
                      : _("The acronym is in French: not available in your language");
  else
    what = NULL;

  accord_language_badge_show (self->header_badge, what ? (in_english ? "en" : "fr") : NULL, what);
}

/* What the entity is, under its acronym; on a phone, whose header shows
 * the acronym already, without it. */
static void
update_meta (AccordEntityView *self)
{
  const char *kind = accord_i18n_entity_kind (accord_entity_get_kind (self->entity));
  const char *acronym = accord_entity_get_acronym (self->entity, accord_i18n_get_language (), NULL);
  g_autofree char *meta = NULL;

  if (acronym != NULL && self->wide)
    {
      g_autofree char *shown = accord_display_text (acronym, ACCORD_DISPLAY_LINE_CHARS);
      const char *parts[] = { shown, kind, NULL };

      meta = accord_join_data_texts (parts, ACCORD_ITEM_SEPARATOR);
    }
  else
    meta = g_strdup (kind);
  gtk_label_set_text (self->meta_label, meta);
}

static void
update_header (AccordEntityView *self,
               const char       *lang)
{
  AccordEntityKind kind = accord_entity_get_kind (self->entity);
  gboolean name_fallback, acronym_fallback, summary_fallback;
  const char *name = accord_entity_get_name (self->entity, lang, &name_fallback);
  const char *acronym = accord_entity_get_acronym (self->entity, lang, &acronym_fallback);
  const char *summary = accord_entity_get_summary (self->entity, lang, &summary_fallback);
  const char *founded = accord_entity_get_founded (self->entity);
  const char *updated = accord_entity_get_updated (self->entity);
  g_autoptr(GString) facts = g_string_new (NULL);

  g_autofree char *narrow_title = accord_display_text (acronym != NULL ? acronym : name, ACCORD_DISPLAY_LINE_CHARS);

  accord_label_set_data_text (self->name_label, name, ACCORD_DISPLAY_LINE_CHARS);
  /* Short enough for a phone's header: the acronym, when there is one. */
  adw_window_title_set_title (self->narrow_title, narrow_title);
  update_header_badge (self, lang, name_fallback, acronym_fallback, summary_fallback);

  update_meta (self);

  accord_label_set_data_text (self->summary_label, summary, ACCORD_DISPLAY_PIECE_CHARS);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL);

  if (founded != NULL)
    append_fact (facts, describe_founded (kind, founded));
  if (updated != NULL)
    append_fact (facts, describe_updated (updated));
  gtk_label_set_text (self->facts_label, facts->str);
  gtk_widget_set_visible (GTK_WIDGET (self->facts_label), facts->len > 0);
}

static void
open_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  accord_open_web_uri (widget, g_variant_get_string (parameter, NULL));
}

/* The address a link's button opens. */
static const char *
link_button_uri (GtkWidget *button)
{
  return g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)), NULL);
}

static const char *
link_button_label (AccordLink *link,
                   const char *lang,
                   gboolean   *fallback)
{
  const char *label = accord_pick_language (lang, link->label_en, link->label_fr, fallback);

  return label ? label : link->url;
}

static gboolean
links_shown (AccordEntityView *self,
             GArray           *links,
             const char       *lang)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (self->links_box));

  for (guint i = 0; i < links->len; i++, button = gtk_widget_get_next_sibling (button))
    {
      AccordLink *link = &g_array_index (links, AccordLink, i);
      gboolean fallback = FALSE;
      const char *label = link_button_label (link, lang, &fallback);

      if (button == NULL ||
          g_strcmp0 (link_button_uri (button), link->url) != 0 ||
          g_strcmp0 (g_object_get_data (G_OBJECT (button), "label"), label) != 0 ||
          GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "fallback")) != fallback)
        return FALSE;
    }
  return button == NULL;
}

/* An icon, the label and, for a label in the other language, its badge:
 * what AdwButtonContent shows, and the badge. */
static GtkWidget *
link_button_new (AccordLink *link,
                 const char *lang)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label;
  gboolean fallback = FALSE;
  const char *text = link_button_label (link, lang, &fallback);
  g_autofree char *shown_url = accord_display_text (link->url, ACCORD_DISPLAY_LINE_CHARS);

  /* As on an article's row: the link opens in the browser. Read out,
   * the icon would add nothing to the address its tooltip gives. */
  gtk_box_append (GTK_BOX (content), g_object_new (GTK_TYPE_IMAGE, "icon-name", "adw-external-link-symbolic",
                                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL));
  label = gtk_label_new (NULL);
  accord_label_set_data_text (GTK_LABEL (label), text, ACCORD_DISPLAY_LINE_CHARS);
  /* A long label wraps rather than widening a narrow window, and is cut
   * only past three lines. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  accord_label_show_whole_when_cut (GTK_LABEL (label));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (content), label);
  if (fallback)
    {
      g_autofree char *spoken = NULL;
      GtkWidget *badge = accord_language_badge_new ();

      accord_language_badge_show (GTK_LABEL (badge), accord_i18n_get_other_language (),
                                  /* Translators: the tooltip of the language badge on a
                                   * link's button */
                                  g_str_equal (lang, "fr") ? _("Link name in English")
                                                           : _("Link name in French"));
      gtk_box_append (GTK_BOX (content), badge);
      spoken = accord_i18n_mark_spoken (text, accord_i18n_get_other_language ());
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
    }
  gtk_widget_add_css_class (button, "image-text-button");
  gtk_button_set_can_shrink (GTK_BUTTON (button), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_tooltip_text (button, shown_url);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "entity.open-link");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", link->url);
  g_object_set_data_full (G_OBJECT (button), "label", g_strdup (text), g_free);
  g_object_set_data (G_OBJECT (button), "fallback", GINT_TO_POINTER (fallback));
  return button;
}

static char *
dup_focused_link (AccordEntityView *self)
{
  GtkWidget *button = accord_focused_row (GTK_WIDGET (self->links_box), GTK_TYPE_BUTTON);

  return button ? g_strdup (link_button_uri (button)) : NULL;
}

/* A refresh or a language change rebuilds the buttons only when they
 * change; the keyboard focus stays on the link it was on. */
static void
update_links (AccordEntityView *self,
              const char       *lang)
{
  GArray *links = accord_entity_get_links (self->entity);
  g_autofree char *focused = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->links_box), links->len > 0);
  if (links_shown (self, links, lang))
    return;

  focused = dup_focused_link (self);
  accord_widget_remove_children (GTK_WIDGET (self->links_box));
  for (guint i = 0; i < links->len; i++)
    {
      AccordLink *link = &g_array_index (links, AccordLink, i);
      GtkWidget *button = link_button_new (link, lang);

      adw_wrap_box_append (self->links_box, button);
      if (g_strcmp0 (focused, link->url) == 0)
        {
          gtk_widget_grab_focus (button);
          g_clear_pointer (&focused, g_free);
        }
    }
  /* Its link gone, the focus goes to the first one, not out of sight. */
  if (focused != NULL && links->len > 0)
    gtk_widget_grab_focus (gtk_widget_get_first_child (GTK_WIDGET (self->links_box)));
}

static gboolean
is_legislation (AccordEntityView *self)
{
  return self->entity != NULL && accord_entity_get_kind (self->entity) == ACCORD_ENTITY_KIND_LEGISLATION;
}

/* ---------------------------------------------------------------------- */
/* Profile                                                                 */

static GtkWidget *
make_paragraph (const char        *text,
                gsize              max_chars,
                const char        *style,
                GtkAccessibleRole  role)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "accessible-role", role, NULL);

  accord_label_copy_as_written (GTK_LABEL (label));
  accord_label_set_data_text (GTK_LABEL (label), text, max_chars);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* GTK finds a wrapping label's least width by laying it out as narrow
   * as this, a line a character without it: a few times the cost of
   * showing a long profile. Eight still fit a phone at twice the text. */
  gtk_label_set_width_chars (GTK_LABEL (label), 8);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable for copying with the pointer, but not a keyboard stop:
   * focus would select the whole text. Not focusable alone would not do:
   * a selectable label still claims Tab, and keeps it. */
  gtk_widget_set_can_focus (label, FALSE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

/* Whether @sections show anything. A publisher's tool may write a
 * profile not yet translated as a section with an empty body, as it
 * writes "" for a text: that is no profile in that language either. */
static gboolean
has_text (GArray *sections)
{
  for (guint i = 0; sections != NULL && i < sections->len; i++)
    {
      const AccordSection *section = &g_array_index (sections, AccordSection, i);

      if (section->heading != NULL || (section->body != NULL && !accord_text_is_blank (section->body)))
        return TRUE;
    }
  return FALSE;
}

/* The sections in @lang, else in the other language (*fallback set). */
static GArray *
profile_in (AccordEntity *entity,
            const char   *lang,
            gboolean     *fallback)
{
  GArray *sections = accord_entity_get_profile (entity, lang);

  *fallback = FALSE;
  if (has_text (sections))
    return sections;

  sections = accord_entity_get_profile (entity, g_str_equal (lang, "fr") ? "en" : "fr");
  *fallback = has_text (sections);
  return *fallback ? sections : NULL;
}

/* Laying out text is what a long profile costs: a screenful and more
 * is shown at once, the rest a batch a frame, so that a law's full text
 * never holds the window for a second. A batch is counted in labels, not
 * sections, as one section may be a whole chapter. While the Overview is
 * out of sight nothing is added, as the Articles tab would stutter. */
#define PROFILE_FIRST_BYTES (16 * 1024)
#define PROFILE_BATCH_BYTES (16 * 1024)

/* A heading or a piece of a paragraph, to be shown in its section; the
 * first piece of a long paragraph opens the box its pieces go in. */
typedef struct
{
  GtkBox     *section;
  GtkWidget  *opens;
  char       *text;
  gboolean    heading;
  const char *spoken_lang;  /* a heading's language, to be read out */
} PendingText;

static void
pending_text_free (gpointer data)
{
  PendingText *pending = data;

  g_object_unref (pending->section);
  g_clear_object (&pending->opens);
  g_free (pending->text);
  g_free (pending);
}

static void
stop_adding_sections (AccordEntityView *self)
{
  accord_batches_stop (&self->profile_batches);
  self->sections_to_add = NULL;
  self->second_column_to_add = NULL;
  self->sections_grid = NULL;
  g_queue_clear_full (&self->texts_to_add, pending_text_free);
}

static gboolean
has_sections_to_add (AccordEntityView *self)
{
  return !g_queue_is_empty (&self->texts_to_add) || self->next_section < self->n_sections;
}

static PendingText *
queue_text (AccordEntityView *self,
            GtkWidget        *section,
            GtkWidget        *opens,
            char             *text,
            gboolean          heading)
{
  PendingText *pending = g_new0 (PendingText, 1);

  pending->section = GTK_BOX (g_object_ref (section));
  pending->opens = opens != NULL ? g_object_ref_sink (opens) : NULL;
  pending->text = text;
  pending->heading = heading;
  g_queue_push_tail (&self->texts_to_add, pending);
  return pending;
}

/* A section of plain text, its heading and paragraphs (separated by
 * blank lines) queued to be shown in it. @spoken_lang: the language a
 * screen reader is told the heading is in, or NULL. */
static GtkWidget *
begin_section (AccordEntityView    *self,
               const AccordSection *section,
               const char          *spoken_lang)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_auto(GStrv) paragraphs = g_strsplit (section->body ? section->body : "", "\n\n", -1);

  if (section->heading != NULL)
    queue_text (self, box, NULL, g_strdup (section->heading), TRUE)->spoken_lang = spoken_lang;
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_auto(GStrv) pieces = accord_display_pieces (g_strstrip (paragraphs[i]));
      GtkWidget *paragraph = NULL;

      /* A paragraph too long for one label shows as several, with no
       * gap between them: they read as one. */
      if (pieces[0] != NULL && pieces[1] != NULL)
        paragraph = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      for (guint j = 0; pieces[j] != NULL; j++)
        queue_text (self, j == 0 || paragraph == NULL ? box : paragraph, j == 0 ? paragraph : NULL,
                    g_steal_pointer (&pieces[j]), FALSE);
    }
  return box;
}

static GtkWidget *
make_text (const PendingText *pending)
{
  GtkWidget *label;

  if (!pending->heading)
    return make_paragraph (pending->text, ACCORD_DISPLAY_PIECE_CHARS, "body", GTK_ACCESSIBLE_ROLE_LABEL);

  label = make_paragraph (pending->text, ACCORD_DISPLAY_LINE_CHARS, "heading", GTK_ACCESSIBLE_ROLE_HEADING);
  /* Below the page's "Profile". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 3, -1);
  if (pending->spoken_lang != NULL)
    {
      g_autofree char *spoken = accord_i18n_mark_spoken (gtk_label_get_text (GTK_LABEL (label)), pending->spoken_lang);

      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
    }
  return label;
}

/* Section @i, of both languages in the grid's row below the headings. */
static void
begin_next_section (AccordEntityView *self)
{
  guint i = self->next_section++;
  GArray *columns[] = { self->sections_to_add, self->second_column_to_add };
  const char *langs[] = { "en", "fr" };

  if (self->sections_grid == NULL)
    {
      gtk_box_append (self->profile_box,
                      begin_section (self, &g_array_index (self->sections_to_add, AccordSection, i), NULL));
      return;
    }
  /* Read in order, the two languages' sections alternate: those not in
   * the interface's language say which they are in. */
  for (int column = 0; column < 2; column++)
    if (columns[column] != NULL && i < columns[column]->len)
      gtk_grid_attach (self->sections_grid,
                       begin_section (self, &g_array_index (columns[column], AccordSection, i),
                                      g_str_equal (langs[column], accord_i18n_get_language ()) ? NULL : langs[column]),
                       column, (int) i + 1, 1, 1);
}

/* Adds headings and paragraphs up to about @budget bytes of text, one at
 * least. */
static void
add_sections (AccordEntityView *self,
              gsize             budget)
{
  gsize spent = 0;

  while (has_sections_to_add (self) && (spent == 0 || spent < budget))
    {
      PendingText *pending;

      if (g_queue_is_empty (&self->texts_to_add))
        {
          begin_next_section (self);
          continue;
        }
      pending = g_queue_pop_head (&self->texts_to_add);
      if (pending->opens != NULL)
        {
          gtk_box_append (pending->section, pending->opens);
          gtk_box_append (GTK_BOX (pending->opens), make_text (pending));
        }
      else
        gtk_box_append (pending->section, make_text (pending));
      spent += strlen (pending->text) + 1;
      pending_text_free (pending);
    }
}

static gboolean
add_sections_batch (gpointer user_data)
{
  AccordEntityView *self = user_data;

  add_sections (self, PROFILE_BATCH_BYTES);
  if (has_sections_to_add (self))
    return TRUE;
  stop_adding_sections (self);
  return FALSE;
}

/* Shows the sections set to be added, the first @first_bytes now and
 * the others over the next frames. The entity, which the view holds,
 * owns them. */
static void
start_adding_sections (AccordEntityView *self,
                       gsize             first_bytes)
{
  self->next_section = 0;
  self->n_sections = MAX (self->sections_to_add ? self->sections_to_add->len : 0,
                          self->second_column_to_add ? self->second_column_to_add->len : 0);
  add_sections (self, first_bytes);
  if (has_sections_to_add (self))
    accord_batches_start (&self->profile_batches, GTK_WIDGET (self->profile_box), add_sections_batch, self);
  else
    stop_adding_sections (self);
}

static void
show_single_profile (AccordEntityView *self,
                     const char       *lang,
                     gsize             first_bytes)
{
  gboolean fallback;
  GArray *sections = profile_in (self->entity, lang, &fallback);

  if (sections != NULL)
    {
      self->sections_to_add = sections;
      start_adding_sections (self, first_bytes);
    }

  accord_language_badge_show (self->profile_badge, fallback ? (g_str_equal (lang, "fr") ? "en" : "fr") : NULL,
                              g_str_equal (lang, "fr") ? _("No French profile: shown in English")
                                                       : _("No English profile: shown in French"));
}

static GtkWidget *
make_column_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dimmed");
  return label;
}

static GtkWidget *
make_missing_note (void)
{
  GtkWidget *label = gtk_label_new (_("No profile in this language"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "dimmed");
  return label;
}

/* Both languages in two columns, section against section. */
static void
show_side_by_side (AccordEntityView *self,
                   gsize             first_bytes)
{
  GArray *en = accord_entity_get_profile (self->entity, "en");
  GArray *fr = accord_entity_get_profile (self->entity, "fr");
  GtkWidget *grid = gtk_grid_new ();

  if (!has_text (en))
    en = NULL;
  if (!has_text (fr))
    fr = NULL;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  /* Each language is named in itself, whatever the UI's. */
  gtk_grid_attach (GTK_GRID (grid), make_column_heading ("English"), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), make_column_heading ("Français"), 1, 0, 1, 1);

  /* A language without a profile says so, rather than leave a gap. */
  for (int column = 0; column < 2; column++)
    if ((column == 0 ? en : fr) == NULL)
      gtk_grid_attach (GTK_GRID (grid), make_missing_note (), column, 1, 1, 1);

  gtk_box_append (self->profile_box, grid);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_badge), FALSE);

  self->sections_grid = GTK_GRID (grid);
  self->sections_to_add = en;
  self->second_column_to_add = fr;
  start_adding_sections (self, first_bytes);
}

static void show_profile (AccordEntityView *self,
                          gsize             first_bytes);

static GtkAdjustment *
overview_adjustment (AccordEntityView *self)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->profile_box), GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
}

/* Built again (new data, another layout) with the reader down the page:
 * all of it at once, as sections coming over a few frames would pull the
 * page up to the first ones. */
static void
update_profile (AccordEntityView *self)
{
  gboolean reading = gtk_adjustment_get_value (overview_adjustment (self)) > 0;

  show_profile (self, reading ? G_MAXSIZE : PROFILE_FIRST_BYTES);
}

/* Whether the focus of @widget's window is in @container. */
static gboolean
focus_is_within (GtkWidget *widget,
                 GtkWidget *container)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && accord_widget_is_within (focus, container);
}

static void
show_profile (AccordEntityView *self,
              gsize             first_bytes)
{
  gboolean has_profile, side_by_side;
  gboolean fallback;

  stop_adding_sections (self);
  accord_widget_remove_children (GTK_WIDGET (self->profile_box));
  if (self->entity == NULL)
    return;

  has_profile = profile_in (self->entity, "en", &fallback) != NULL;
  side_by_side = self->wide && gtk_toggle_button_get_active (self->side_by_side_button);

  gtk_widget_set_visible (GTK_WIDGET (self->no_profile), !has_profile);
  if (!has_profile)
    gtk_label_set_text (self->no_profile_description,
                        is_legislation (self)
                          ? _("No profile of this piece of legislation has been published yet.")
                          : _("No profile of this organisation has been published yet."));
  gtk_widget_set_visible (GTK_WIDGET (self->profile_box), has_profile);
  /* Nothing to switch without a profile, nor with both languages shown. */
  if (side_by_side && focus_is_within (GTK_WIDGET (self), GTK_WIDGET (self->language_toggles)))
    gtk_widget_grab_focus (GTK_WIDGET (self->side_by_side_button));
  gtk_widget_set_visible (GTK_WIDGET (self->language_toggles), has_profile && !side_by_side);
  gtk_widget_set_visible (GTK_WIDGET (self->side_by_side_button), self->wide && has_profile);
  adw_clamp_set_maximum_size (self->overview_clamp, side_by_side ? TWO_COLUMNS_WIDTH : READING_WIDTH);
  if (!has_profile)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->profile_badge), FALSE);
      return;
    }

  if (side_by_side)
    show_side_by_side (self, first_bytes);
  else
    show_single_profile (self, self->profile_language, first_bytes);
}

static void
on_language_toggled (AccordEntityView *self)
{
  const char *lang = adw_toggle_group_get_active_name (self->language_toggles);

  if (lang != NULL && g_strcmp0 (lang, self->profile_language) != 0)
    {
      g_set_str (&self->profile_language, lang);
      update_profile (self);
    }
}

static void
on_side_by_side_toggled (AccordEntityView *self)
{
  update_profile (self);
}

/* ---------------------------------------------------------------------- */
/* Members                                                                 */

/* Thousands of chips (the feed allows any codes) take seconds to build:
 * as many as fill a window are shown at once, the others a batch a frame
 * while they are in sight. */
#define MEMBERS_BATCH 120

typedef struct
{
  char     *key;
  char     *country;
  char     *name;       /* in the interface's language, or NULL */
  gboolean  founding;
} SortedMember;

static void
sorted_member_clear (gpointer data)
{
  SortedMember *item = data;

  g_free (item->key);
  g_free (item->country);
  g_free (item->name);
}

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const SortedMember *ma = a, *mb = b;

  return accord_sort_compare (ma->key, ma->name ? ma->name : ma->country,
                              mb->key, mb->name ? mb->name : mb->country);
}

static void
stop_adding_members (AccordEntityView *self)
{
  accord_batches_stop (&self->member_batches);
  g_clear_pointer (&self->members_to_add, g_array_unref);
}

static gboolean
has_members_to_add (AccordEntityView *self)
{
  return self->members_to_add != NULL && self->next_member < self->members_to_add->len;
}

static void
add_member_chips (AccordEntityView *self,
                  guint             max)
{
  guint end = self->next_member + MIN (max, self->members_to_add->len - self->next_member);

  for (; self->next_member < end; self->next_member++)
    {
      SortedMember *item = &g_array_index (self->members_to_add, SortedMember, self->next_member);

      adw_wrap_box_append (self->members_box, accord_member_chip_new (item->country, item->name, item->founding));
    }
}

static gboolean
add_members_batch (gpointer user_data)
{
  AccordEntityView *self = user_data;

  add_member_chips (self, MEMBERS_BATCH);
  if (has_members_to_add (self))
    return TRUE;
  stop_adding_members (self);
  return FALSE;
}

/* The entity's members, sorted by their names in @lang. */
static GArray *
sort_members (AccordEntityView *self,
              const char       *lang)
{
  GArray *members = accord_entity_get_members (self->entity);
  GArray *sorted = g_array_sized_new (FALSE, FALSE, sizeof (SortedMember), members->len);

  g_array_set_clear_func (sorted, sorted_member_clear);
  for (guint i = 0; i < members->len; i++)
    {
      const AccordMember *member = &g_array_index (members, AccordMember, i);
      SortedMember item = { NULL, g_strdup (member->country), accord_country_dup_name (member->country, lang),
                            member->founding };

      item.key = accord_sort_key (item.name ? item.name : item.country);
      g_array_append_val (sorted, item);
    }
  g_array_sort (sorted, compare_members);
  return sorted;
}

static gboolean
has_founding_member (GArray *members)
{
  for (guint i = 0; i < members->len; i++)
    if (g_array_index (members, AccordMember, i).founding)
      return TRUE;
  return FALSE;
}

static void
update_members (AccordEntityView *self,
                const char       *lang)
{
  GArray *members = accord_entity_get_members (self->entity);
  g_autofree char *heading = NULL;
  g_autofree char *count = accord_i18n_format_count (members->len);
  const char *chips_label;

  stop_adding_members (self);
  accord_widget_remove_children (GTK_WIDGET (self->members_box));

  self->members_to_add = sort_members (self, lang);
  self->next_member = 0;
  /* As for the profile: with the reader down the page, all at once. */
  add_member_chips (self, gtk_adjustment_get_value (overview_adjustment (self)) > 0 ? G_MAXUINT : MEMBERS_BATCH);
  if (has_members_to_add (self))
    accord_batches_start (&self->member_batches, GTK_WIDGET (self->members_box), add_members_batch, self);
  else
    stop_adding_members (self);

  /* A law has no members: the same field tells where it applies. */
  if (accord_entity_get_kind (self->entity) == ACCORD_ENTITY_KIND_LEGISLATION)
    {
      /* Translators: the heading of the countries or unions a law applies in */
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Applies in %s jurisdiction", "Applies in %s jurisdictions",
                                              members->len), count);
      chips_label = _("Jurisdictions");
    }
  else
    {
      /* Translators: the heading of the member countries */
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members", members->len), count);
      chips_label = _("Member countries");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->members_box), GTK_ACCESSIBLE_PROPERTY_LABEL, chips_label, -1);
  gtk_label_set_text (self->members_heading, heading);
  gtk_widget_set_visible (self->members_group, members->len > 0);
  gtk_widget_set_visible (self->founding_legend, has_founding_member (members));
}

/* ---------------------------------------------------------------------- */
/* Timeline                                                                */

static void
setup_month_header (GtkSignalListItemFactory *factory,
                    GtkListHeader            *header,
                    gpointer                  user_data)
{
  gtk_list_header_set_child (header, accord_heading_label_new (3, FALSE));
}

static void
bind_month_header (GtkSignalListItemFactory *factory,
                   GtkListHeader            *header,
                   AccordEntityView         *self)
{
  g_autofree char *month = NULL;
  g_autofree char *heading = NULL;

  /* The list view shows self->timeline_model or nothing (clear_timeline()),
   * and the model knows each month without reading the article. */
  g_assert (self->timeline_model != NULL);
  month = accord_i18n_format_month (accord_timeline_model_get_month (self->timeline_model,
                                                                     gtk_list_header_get_start (header)));
  /* A heading starts with a capital, though French writes "juin" in a
   * sentence. */
  heading = accord_i18n_capitalize (month);
  gtk_label_set_text (GTK_LABEL (gtk_list_header_get_child (header)), heading);
}

static const char *
selected_category (AccordEntityView *self)
{
  AccordCategory *category = gtk_drop_down_get_selected_item (self->category_dropdown);

  if (category == NULL || *accord_category_get_id (category) == '\0')
    return NULL;
  return accord_category_get_id (category);
}

static void show_timeline (AccordEntityView *self);

static void
scroll_to_article_to_show (AccordEntityView *self)
{
  g_autofree char *article_id = NULL;
  int position;

  if (self->article_to_show == NULL || self->timeline_reveal == NULL)
    return;

  article_id = g_steal_pointer (&self->article_to_show);
  accord_reveal_model_reveal_all (self->timeline_reveal);
  position = accord_article_list_find (accord_timeline_model_get_list (self->timeline_model), article_id);
  if (position < 0)
    return;
  accord_list_view_focus_under_heading (self->timeline, (guint) position, ACCORD_TYPE_ARTICLE_ROW);
}

static gboolean
retry_show_timeline (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  AccordEntityView *self = ACCORD_ENTITY_VIEW (user_data);

  self->timeline_tick = 0;
  show_timeline (self);
  return G_SOURCE_REMOVE;
}

/* A list view given a long model before it has a size, or before it has
 * measured a row, builds a couple of hundred rows whatever fits. So the
 * timeline gets its model once it is shown and laid out, and then only
 * its first rows, the rest once those are drawn (AccordRevealModel). */
static void
show_timeline (AccordEntityView *self)
{
  GtkWidget *timeline = GTK_WIDGET (self->timeline);

  /* Not the model being replaced: the one coming takes the position. */
  if (self->timeline_model == NULL || self->timeline_reveal != NULL || self->timeline_tick != 0 ||
      self->filter_cancellable != NULL ||
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "articles") != 0)
    return;

  if (!gtk_widget_get_mapped (timeline) || gtk_widget_get_height (timeline) == 0)
    {
      self->timeline_tick = gtk_widget_add_tick_callback (timeline, retry_show_timeline, self, NULL);
      return;
    }

  self->timeline_reveal = accord_reveal_model_new (G_LIST_MODEL (self->timeline_model),
                                                   accord_article_row_count_first (timeline));
  accord_list_view_show (self->timeline, G_LIST_MODEL (self->timeline_reveal));
  accord_reveal_model_reveal_when_drawn (self->timeline_reveal, timeline);
  if (self->article_to_show != NULL)
    scroll_to_article_to_show (self);
  else
    accord_list_view_place (self->timeline, self->timeline_position);
  self->timeline_position = 0;
}

static void
clear_timeline (AccordEntityView *self)
{
  if (self->timeline_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->timeline), self->timeline_tick);
  self->timeline_tick = 0;
  /* Positions in the old model mean nothing in the next one. */
  gtk_list_view_set_model (self->timeline, NULL);
  g_clear_object (&self->timeline_reveal);
  g_clear_object (&self->timeline_model);
}

/* The same articles, refreshed: the list view keeps its place when the
 * model under it changes, not when it is given another one. */
static void
refresh_timeline (AccordEntityView    *self,
                  AccordTimelineModel *model)
{
  GtkNoSelection *selection = GTK_NO_SELECTION (gtk_list_view_get_model (self->timeline));

  g_clear_object (&self->timeline_model);
  self->timeline_model = model;
  g_clear_object (&self->timeline_reveal);
  /* All at once: the rows are built already. */
  self->timeline_reveal = accord_reveal_model_new (G_LIST_MODEL (model), G_MAXUINT);
  gtk_no_selection_set_model (selection, G_LIST_MODEL (self->timeline_reveal));
}

/* The article whose row has the keyboard focus, itself or its star. */
static char *
dup_focused_article_id (AccordEntityView *self)
{
  GtkWidget *row = accord_focused_row (GTK_WIDGET (self->timeline), ACCORD_TYPE_ARTICLE_ROW);
  AccordArticle *article = row != NULL ? accord_article_row_get_article (ACCORD_ARTICLE_ROW (row)) : NULL;

  return article != NULL ? g_strdup (accord_article_get_id (article)) : NULL;
}

/* The list view follows the focused row by its position, which articles
 * coming or going above it move: it goes back to the article, and to
 * its star if it was there. One that went leaves the focus where the
 * list put it. */
static void
refocus_article (AccordEntityView *self,
                 const char       *article_id,
                 gboolean          on_star)
{
  g_autofree char *focused_id = dup_focused_article_id (self);
  int position;

  if (g_strcmp0 (focused_id, article_id) != 0)
    {
      position = accord_article_list_find (accord_timeline_model_get_list (self->timeline_model), article_id);
      if (position < 0)
        return;
      accord_list_view_focus (self->timeline, (guint) position);
    }
  if (on_star)
    accord_article_row_refocus_star (self->timeline, article_id);
}

/* What the user's filter left, as the heading says it: a screen reader
 * hears it as sighted users see it change. */
static void
announce_count (AccordEntityView *self)
{
  gtk_accessible_announce (GTK_ACCESSIBLE (self->filter_entry), gtk_label_get_text (self->articles_heading),
                           GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
}

/* Whether the timeline shown is filtered, by words or a category. */
static gboolean
shows_filtered (AccordEntityView *self)
{
  g_autofree char *words = g_strstrip (g_strdup (self->shown_text ? self->shown_text : ""));

  return *words != '\0' || self->shown_category != NULL;
}

/* @keep_position: the same entity refreshed stays where the user had
 * scrolled; anything else starts from the newest month. */
static void
show_articles (AccordEntityView *self,
               GListModel       *articles,
               gboolean          keep_position)
{
  g_autoptr(AccordTimelineModel) model = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *shown = NULL;
  gboolean filtered = shows_filtered (self);
  guint n;

  /* New for the whole visit: the articles seen meanwhile keep their
   * marks in a timeline filtered again. */
  if (self->visit_new_rows == NULL)
    self->visit_new_rows = accord_article_list_dup_new_rows (ACCORD_ARTICLE_LIST (articles));
  else
    accord_article_list_keep_new (ACCORD_ARTICLE_LIST (articles), self->visit_new_rows);
  model = accord_timeline_model_new (ACCORD_ARTICLE_LIST (articles));
  n = g_list_model_get_n_items (articles);
  shown = accord_i18n_format_count (n);
  if (keep_position && self->timeline_reveal != NULL)
    {
      g_autofree char *focused_id = dup_focused_article_id (self);
      g_autofree char *star_id = accord_article_row_dup_focused_star (self->timeline);
      gboolean showing_article = self->article_to_show != NULL;

      refresh_timeline (self, g_steal_pointer (&model));
      /* Given while the words were matched, for the list now shown. */
      if (showing_article)
        scroll_to_article_to_show (self);
      else if (self->timeline_position > 0)
        accord_list_view_place (self->timeline, self->timeline_position);
      self->timeline_position = 0;
      if (focused_id != NULL && !showing_article)
        refocus_article (self, focused_id, star_id != NULL);
    }
  else
    {
      clear_timeline (self);
      self->timeline_model = g_steal_pointer (&model);
      show_timeline (self);
    }

  if (filtered)
    {
      guint total = accord_entity_get_n_articles (self->entity);
      g_autofree char *all = accord_i18n_format_count (total);

      /* Translators: the articles a filter shows, then all the entity's,
       * as in "2 of 21 articles"; the plural follows the second number. */
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$s of %2$s article", "%1$s of %2$s articles", total),
                                 shown, all);
    }
  else
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s article", "%s articles", n), shown);
  gtk_label_set_text (self->articles_heading, heading);

  /* No article at all: nothing to filter or count, only to say so. */
  gtk_widget_set_visible (self->timeline_header, n > 0 || filtered);
  if (n > 0)
    gtk_stack_set_visible_child_name (self->timeline_stack, "list");
  else
    {
      adw_status_page_set_title (self->no_articles, filtered ? _("No Matching Articles") : _("No Articles"));
      adw_status_page_set_icon_name (self->no_articles, filtered ? "edit-find-symbolic" : "view-list-bullet-symbolic");
      gtk_widget_set_visible (self->clear_filter_button, filtered);
      adw_status_page_set_description (self->no_articles,
                                       filtered ? _("Try other words or another category.")
                                       : is_legislation (self) ? _("No article relates to this piece of legislation yet.")
                                                               : _("No article relates to this organisation yet."));
      gtk_stack_set_visible_child (self->timeline_stack, GTK_WIDGET (self->no_articles));
    }
}

static void
on_articles_matched (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(AccordEntityView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) articles = accord_store_list_articles_finish (ACCORD_STORE (object), result, &error);

  /* Filtered otherwise since, or another entity, or the view is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->filter_cancellable);
  /* The connection of the reading threads could not be opened: the
   * main thread's still reads. */
  if (articles == NULL)
    {
      g_autofree char *words = g_strstrip (g_strdup (self->shown_text));

      g_warning ("Could not filter the articles in the background: %s", error->message);
      articles = accord_store_list_articles (ACCORD_STORE (object), accord_entity_get_id (self->entity),
                                             self->shown_category, words);
    }
  show_articles (self, articles, (self->filter_flags & TIMELINE_KEEP_PLACE) != 0);
  if (self->filter_flags & TIMELINE_ANNOUNCE)
    announce_count (self);
}

static void
cancel_filtering (AccordEntityView *self)
{
  g_cancellable_cancel (self->filter_cancellable);
  g_clear_object (&self->filter_cancellable);
}

/* Words to match may take a while over many articles: they are matched
 * in a worker thread, the timeline shown staying until they are. A
 * category alone is quick to list. TIMELINE_NOW lists at once all the
 * same, for new data: the rows shown may be gone, and what is new must
 * be read before it is marked seen. */
static void
request_timeline (AccordEntityView *self,
                  TimelineFlags     flags)
{
  AccordStore *store = accord_application_get_default_store ();
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  const char *category = selected_category (self);
  /* Spaces alone filter nothing, and the heading says so. */
  g_autofree char *words = g_strstrip (g_strdup (text));

  /* What the user's words, still being matched, were to do still holds. */
  if (self->filter_cancellable != NULL)
    {
      flags |= self->filter_flags & TIMELINE_ANNOUNCE;
      if (!(self->filter_flags & TIMELINE_KEEP_PLACE))
        flags &= ~TIMELINE_KEEP_PLACE;
    }
  cancel_filtering (self);
  if (self->entity == NULL || store == NULL)
    return;

  g_set_str (&self->shown_text, text);
  g_set_str (&self->shown_category, category);
  if (*words == '\0' || (flags & TIMELINE_NOW))
    {
      g_autoptr(GListModel) articles = accord_store_list_articles (store, accord_entity_get_id (self->entity),
                                                                   category, *words != '\0' ? words : NULL);

      show_articles (self, articles, (flags & TIMELINE_KEEP_PLACE) != 0);
      if (flags & TIMELINE_ANNOUNCE)
        announce_count (self);
      return;
    }

  self->filter_flags = flags;
  self->filter_cancellable = g_cancellable_new ();
  accord_store_list_articles_async (store, accord_entity_get_id (self->entity), category, words,
                                    self->filter_cancellable, on_articles_matched, g_object_ref (self));
}

/**
 * accord_entity_view_get_filtering:
 *
 * Returns: whether the words of the filter are being matched, the
 *   timeline not showing what they match yet
 */
gboolean
accord_entity_view_get_filtering (AccordEntityView *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY_VIEW (self), FALSE);

  return self->filter_cancellable != NULL;
}

/* A text set from code is filtered at once, and the entry then reports
 * it changed a moment later: the timeline, maybe scrolled meanwhile,
 * stays as it is. */
static void
on_filter_changed (AccordEntityView *self)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)), self->shown_text) == 0 &&
      g_strcmp0 (selected_category (self), self->shown_category) == 0)
    return;
  request_timeline (self, TIMELINE_FROM_TOP | TIMELINE_ANNOUNCE);
}

/* Escape empties the filter, as it does the sidebar's search. */
static void
on_filter_stopped (AccordEntityView *self)
{
  /* An entry emptied says so at once, which may have updated already. */
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), "");
  on_filter_changed (self);
}

/* Without updating the timeline: the caller does. */
static void
clear_filters (AccordEntityView *self)
{
  g_signal_handlers_block_by_func (self->filter_entry, on_filter_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), "");
  g_signal_handlers_unblock_by_func (self->filter_entry, on_filter_changed, self);
  /* "All Categories" comes first in every entity's list. */
  g_signal_handlers_block_by_func (self->category_dropdown, on_filter_changed, self);
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->category_dropdown, on_filter_changed, self);
}

/* From a filter that leaves nothing, back to every article, the focus
 * on the filter to try other words. */
static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  AccordEntityView *self = ACCORD_ENTITY_VIEW (widget);

  clear_filters (self);
  on_filter_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
}

/* Offers "All Categories" and those of @used, keeping the one chosen
 * while it is still used. */
static void
show_categories (AccordEntityView *self,
                 GListModel       *used)
{
  g_autoptr(GListStore) choices = g_list_store_new (ACCORD_TYPE_CATEGORY);
  g_autoptr(AccordCategory) all = accord_category_new ("", _("All Categories"), _("All Categories"));
  g_autofree char *kept = g_strdup (selected_category (self));
  guint position = 0;
  guint n_used = used != NULL ? g_list_model_get_n_items (used) : 0;
  guint n_categorised = 0;
  gboolean narrows;

  g_list_store_append (choices, all);
  for (guint i = 0; i < n_used; i++)
    {
      g_autoptr(AccordCategory) category = g_list_model_get_item (used, i);

      g_list_store_append (choices, category);
      n_categorised += accord_category_get_n_articles (category);
      if (g_strcmp0 (accord_category_get_id (category), kept) == 0)
        position = i + 1;
    }
  /* A choice that leaves some articles out: between categories, or of
   * the one only some articles have. One chosen stays in sight, to be
   * taken back. */
  narrows = n_used > 1 || position != 0 ||
            (n_used == 1 && self->entity != NULL && n_categorised < accord_entity_get_n_articles (self->entity));

  g_signal_handlers_block_by_func (self->category_dropdown, on_filter_changed, self);
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (choices));
  gtk_drop_down_set_selected (self->category_dropdown, position);
  g_signal_handlers_unblock_by_func (self->category_dropdown, on_filter_changed, self);
  gtk_widget_set_visible (GTK_WIDGET (self->category_dropdown), narrows);

  /* New data no longer uses the category chosen: all of them show. */
  if (kept != NULL && position == 0)
    request_timeline (self, TIMELINE_FROM_TOP);
}

/* Read on this thread, for a choice to be made at once. */
static void
show_categories_now (AccordEntityView *self)
{
  AccordStore *store = accord_application_get_default_store ();
  g_autoptr(GListModel) used = NULL;

  if (store != NULL && self->entity != NULL)
    used = accord_store_list_categories (store, accord_entity_get_id (self->entity));
  show_categories (self, used);
}

static void
on_categories_listed (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(AccordEntityView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) used = accord_store_list_categories_finish (ACCORD_STORE (object), result, &error);

  /* Another entity or new data since, or the view is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->categories_cancellable);
  /* The connection of the reading threads could not be opened: the
   * main thread's still reads. */
  if (used == NULL)
    {
      g_warning ("Could not list the categories in the background: %s", error->message);
      show_categories_now (self);
      return;
    }
  show_categories (self, used);
}

static void
cancel_categories (AccordEntityView *self)
{
  g_clear_handle_id (&self->categories_idle, g_source_remove);
  g_cancellable_cancel (self->categories_cancellable);
  g_clear_object (&self->categories_cancellable);
}

static gboolean
categories_pending (AccordEntityView *self)
{
  return self->categories_idle != 0 || self->categories_cancellable != NULL;
}

static gboolean
start_listing_categories (gpointer data)
{
  AccordEntityView *self = ACCORD_ENTITY_VIEW (data);

  self->categories_idle = 0;
  self->categories_cancellable = g_cancellable_new ();
  accord_store_list_categories_async (accord_application_get_default_store (), accord_entity_get_id (self->entity),
                                      self->categories_cancellable, on_categories_listed, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* The categories in use take a look at every article of the entity: in
 * the background, asked for once the page shows (not to slow the first
 * frame down), and shown when they come. */
static void
list_categories (AccordEntityView *self)
{
  cancel_categories (self);
  if (accord_application_get_default_store () == NULL || self->entity == NULL)
    {
      show_categories (self, NULL);
      return;
    }
  self->categories_idle = g_idle_add_full (G_PRIORITY_LOW, start_listing_categories, self, NULL);
}

static char *
category_name (AccordCategory *category)
{
  gboolean fallback = FALSE;
  g_autofree char *name = NULL;

  if (category == NULL)
    return g_strdup ("");
  name = accord_display_text (accord_category_get_name (category, accord_i18n_get_language (), &fallback),
                              ACCORD_DISPLAY_LINE_CHARS);
  return accord_i18n_mark_language (name, fallback ? accord_i18n_get_other_language () : NULL);
}

/* The chosen category on the drop-down's button: cut short rather than
 * widen a phone's page with large text, whole in its tooltip. Under it,
 * unseen, the widest choice gives the button its width, so that the
 * filter beside it stays put whichever is chosen. The list shows names
 * whole, the chosen one marked as GTK's own list does. */
static void
setup_chosen_category (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *widest = gtk_label_new (NULL);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (widest), PANGO_ELLIPSIZE_END);
  gtk_widget_set_opacity (widest, 0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (widest), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), widest);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  accord_label_show_whole_when_cut (GTK_LABEL (label));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), label);
  gtk_list_item_set_child (item, overlay);
}

/* Enough for any entity's categories; a feed's thousands are not
 * measured all. */
#define CHOICES_MEASURED 200

static char *
widest_choice (GtkDropDown *dropdown,
               GtkWidget   *label)
{
  GListModel *choices = gtk_drop_down_get_model (dropdown);
  g_autofree char *widest = NULL;
  int widest_width = -1;

  for (guint i = 0; choices != NULL && i < MIN (g_list_model_get_n_items (choices), CHOICES_MEASURED); i++)
    {
      g_autoptr(AccordCategory) category = g_list_model_get_item (choices, i);
      g_autofree char *name = category_name (category);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (label, name);
      int width;

      pango_layout_get_pixel_size (layout, &width, NULL);
      if (width > widest_width)
        {
          widest_width = width;
          g_set_str (&widest, name);
        }
    }
  return g_steal_pointer (&widest);
}

static void
bind_chosen_category (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      GtkDropDown              *dropdown)
{
  g_autofree char *name = category_name (gtk_list_item_get_item (item));
  GtkWidget *overlay = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_last_child (overlay);
  g_autofree char *widest = widest_choice (dropdown, label);

  gtk_label_set_text (GTK_LABEL (label), name);
  gtk_label_set_text (GTK_LABEL (gtk_overlay_get_child (GTK_OVERLAY (overlay))), widest != NULL ? widest : name);
}

/* Wide enough for the longest built-in category, narrow enough for a
 * phone. */
#define CATEGORY_CHOICE_CHARS 36

static void
setup_category_choice (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  /* A long name, as a feed may give, goes on several lines: on one, the
   * list would be wider than a phone. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), CATEGORY_CHOICE_CHARS);
  gtk_accessible_update_state (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), mark);
  gtk_list_item_set_child (item, box);
}

static void
mark_chosen_choice (GtkDropDown *dropdown,
                    GParamSpec  *pspec,
                    GtkListItem *item)
{
  GtkWidget *mark = gtk_widget_get_last_child (gtk_list_item_get_child (item));

  /* Hidden by its opacity, so that the list keeps its width. */
  gtk_widget_set_opacity (mark, gtk_drop_down_get_selected_item (dropdown) == gtk_list_item_get_item (item) ? 1 : 0);
}

static void
bind_category_choice (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      GtkDropDown              *dropdown)
{
  g_autofree char *name = category_name (gtk_list_item_get_item (item));
  GtkWidget *box = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), name);
  g_signal_connect (dropdown, "notify::selected-item", G_CALLBACK (mark_chosen_choice), item);
  mark_chosen_choice (dropdown, NULL, item);
}

static void
unbind_category_choice (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        GtkDropDown              *dropdown)
{
  g_signal_handlers_disconnect_by_func (dropdown, mark_chosen_choice, item);
}

static void
set_category_factories (GtkDropDown *dropdown)
{
  g_autoptr(GtkListItemFactory) chosen = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) choices = gtk_signal_list_item_factory_new ();

  g_signal_connect (chosen, "setup", G_CALLBACK (setup_chosen_category), NULL);
  g_signal_connect (chosen, "bind", G_CALLBACK (bind_chosen_category), dropdown);
  g_signal_connect (choices, "setup", G_CALLBACK (setup_category_choice), NULL);
  g_signal_connect (choices, "bind", G_CALLBACK (bind_category_choice), dropdown);
  g_signal_connect (choices, "unbind", G_CALLBACK (unbind_category_choice), dropdown);
  gtk_drop_down_set_factory (dropdown, chosen);
  gtk_drop_down_set_list_factory (dropdown, choices);
}

static GtkScrolledWindow *visible_scroller (AccordEntityView *self);
static void mark_shown_articles_seen (AccordEntityView *self);

/* ---------------------------------------------------------------------- */

AccordEntity *
accord_entity_view_get_entity (AccordEntityView *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY_VIEW (self), NULL);

  return self->entity;
}

static gboolean
is_showing (AccordEntityView *self,
            const char       *entity_id)
{
  return self->entity != NULL && g_str_equal (accord_entity_get_id (self->entity), entity_id);
}

/**
 * accord_entity_view_set_entity:
 * @entity: (nullable): an entity with its profile (from
 *   accord_store_get_entity())
 */
void
accord_entity_view_set_entity (AccordEntityView *self,
                               AccordEntity     *entity)
{
  const char *lang = accord_i18n_get_language ();
  gboolean same;

  g_return_if_fail (ACCORD_IS_ENTITY_VIEW (self));
  g_return_if_fail (!entity || ACCORD_IS_ENTITY (entity));

  same = entity != NULL && is_showing (self, accord_entity_get_id (entity));
  /* The sections still to add belong to the entity let go, and so do
   * the articles being matched for another one. */
  stop_adding_sections (self);
  stop_adding_members (self);
  cancel_categories (self);
  if (!same)
    cancel_filtering (self);
  g_set_object (&self->entity, entity);
  self->new_articles_seen = FALSE;
  /* Another entity, or new data whose rows are others. */
  g_clear_pointer (&self->visit_new_rows, g_hash_table_unref);
  if (entity == NULL)
    return;

  update_header (self, lang);
  /* The tab tells of new articles, as the sidebar does; the heading
   * above the timeline gives the total. */
  adw_view_stack_page_set_badge_number (self->articles_page, accord_entity_get_n_new_articles (entity));
  update_links (self, lang);
  /* Another entity starts afresh, at the top; the same one, refreshed,
   * keeps the user's place, filters and tab. */
  if (!same)
    {
      adw_view_stack_set_visible_child_name (self->stack, "overview");
      gtk_adjustment_set_value (overview_adjustment (self), 0);
    }
  update_profile (self);
  update_members (self, lang);

  if (!same)
    {
      clear_filters (self);
      g_clear_pointer (&self->article_to_show, g_free);
      self->timeline_position = 0;
      /* The last entity's categories are not this one's. */
      gtk_widget_set_visible (GTK_WIDGET (self->category_dropdown), FALSE);
    }
  /* New data may use other categories. */
  list_categories (self);
  request_timeline (self, (same ? TIMELINE_KEEP_PLACE : TIMELINE_FROM_TOP) | TIMELINE_NOW);
  /* Refreshed while its timeline is on screen: what came is seen. */
  if (same && gtk_widget_get_mapped (GTK_WIDGET (self->timeline)))
    mark_shown_articles_seen (self);
}

/* Home goes to the first article with its month's heading in view: the
 * list would scroll only as far as the row. */
static gboolean
on_timeline_key_pressed (AccordEntityView      *self,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         GtkEventControllerKey *controller)
{
  return accord_list_view_go_home (self->timeline, keyval, state);
}

/**
 * accord_entity_view_show_article:
 *
 * Shows the timeline, unfiltered, scrolled to @article_id, with the
 * focus on it.
 */
void
accord_entity_view_show_article (AccordEntityView *self,
                                 const char       *article_id)
{
  g_return_if_fail (ACCORD_IS_ENTITY_VIEW (self));
  g_return_if_fail (article_id != NULL);

  /* A filter that hides the article goes. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)) != '\0' || selected_category (self) != NULL)
    {
      clear_filters (self);
      request_timeline (self, TIMELINE_FROM_TOP);
    }
  adw_view_stack_set_visible_child_name (self->stack, "articles");
  accord_entity_view_focus_article (self, article_id);
}

/**
 * accord_entity_view_focus_article:
 * @article_id: the id of an article of the entity shown
 *
 * Puts the focus on @article_id's row if the timeline, as it is
 * filtered, lists it, scrolling to it.
 */
void
accord_entity_view_focus_article (AccordEntityView *self,
                                  const char       *article_id)
{
  g_return_if_fail (ACCORD_IS_ENTITY_VIEW (self));
  g_return_if_fail (article_id != NULL);

  /* On a first visit the timeline gets its model only once it is laid
   * out, a frame or two from now. */
  g_set_str (&self->article_to_show, article_id);
  /* Or once the filter has matched its words. */
  if (self->filter_cancellable != NULL)
    return;
  show_timeline (self);
  scroll_to_article_to_show (self);
}

typedef struct
{
  AccordEntityView *view;
  char             *entity_id;
} SeenMark;

static void
seen_mark_free (SeenMark *mark)
{
  g_object_unref (mark->view);
  g_free (mark->entity_id);
  g_free (mark);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeenMark, seen_mark_free)

static void
articles_marked_seen (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SeenMark) mark = user_data;
  AccordEntityView *self = mark->view;
  g_autoptr(GError) error = NULL;

  if (!accord_store_mark_seen_finish (ACCORD_STORE (object), result, &error))
    {
      /* Still new: the next visit tries again. */
      g_warning ("%s", error->message);
      if (is_showing (self, mark->entity_id))
        self->new_articles_seen = FALSE;
      return;
    }
  /* The window may have closed meanwhile. */
  if (self->articles_page == NULL)
    return;
  /* Stored behind an import, say, the mark may come when the user is on
   * another entity already, whose new articles are still new. */
  if (is_showing (self, mark->entity_id))
    adw_view_stack_page_set_badge_number (self->articles_page, 0);
  g_signal_emit (self, signals[ARTICLES_SEEN], 0);
}

/* New articles stop being new once their timeline has been shown. */
static void
mark_shown_articles_seen (AccordEntityView *self)
{
  AccordStore *store = accord_application_get_default_store ();
  SeenMark *mark;

  if (self->entity == NULL || store == NULL ||
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "articles") != 0 ||
      accord_entity_get_n_new_articles (self->entity) == 0 || self->new_articles_seen)
    return;

  /* self->entity still counts them: it is not read again for this. */
  self->new_articles_seen = TRUE;
  mark = g_new0 (SeenMark, 1);
  mark->view = g_object_ref (self);
  mark->entity_id = g_strdup (accord_entity_get_id (self->entity));
  accord_store_mark_seen_async (store, mark->entity_id, articles_marked_seen, mark);
}

static void
on_visible_page_changed (AccordEntityView *self)
{
  show_timeline (self);
  mark_shown_articles_seen (self);
}

/**
 * accord_entity_view_get_timeline:
 *
 * Returns: (transfer none) (nullable): the timeline's articles (an
 *   #AccordTimelineModel), shown or not yet
 */
GListModel *
accord_entity_view_get_timeline (AccordEntityView *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY_VIEW (self), NULL);

  return G_LIST_MODEL (self->timeline_model);
}

/**
 * accord_entity_view_get_timeline_settled:
 *
 * Returns: whether the timeline shows its model with every article in
 *   it, not just its first rows
 */
gboolean
accord_entity_view_get_timeline_settled (AccordEntityView *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY_VIEW (self), FALSE);

  return self->timeline_reveal != NULL && accord_reveal_model_get_all_revealed (self->timeline_reveal);
}

const char *
accord_entity_view_get_tab (AccordEntityView *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY_VIEW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
accord_entity_view_set_tab (AccordEntityView *self,
                            const char       *tab)
{
  g_return_if_fail (ACCORD_IS_ENTITY_VIEW (self));

  if (tab != NULL && adw_view_stack_get_child_by_name (self->stack, tab) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, tab);
}

/* In the header, or at the bottom on a phone. */
static GtkWidget *
visible_switcher (AccordEntityView *self)
{
  return adw_view_switcher_bar_get_reveal (self->switcher_bar) ? GTK_WIDGET (self->switcher_bar) : self->switcher;
}

/* A page with nothing to focus, as an overview may be, leaves it to the
 * switch between the pages. */
static void
focus_page_or_switcher (AccordEntityView *self,
                        GtkWidget        *page)
{
  if (!gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD))
    gtk_widget_child_focus (visible_switcher (self), GTK_DIR_TAB_FORWARD);
}

/* The focus goes to the page shown once it is laid out, unless the user
 * has put it somewhere else meanwhile. */
static gboolean
focus_laid_out_tab (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  AccordEntityView *self = ACCORD_ENTITY_VIEW (widget);
  GtkWidget *page = adw_view_stack_get_visible_child (self->stack);

  /* The first frame lays the page out, after this runs. */
  if ((self->tab_focus_frames++ == 0 || gtk_widget_get_width (page) == 0) && self->tab_focus_frames < 10)
    return G_SOURCE_CONTINUE;
  self->tab_focus_tick = 0;
  if (!focus_is_within (widget, page) &&
      (gtk_root_get_focus (gtk_widget_get_root (widget)) == NULL || focus_is_within (widget, GTK_WIDGET (self->stack))))
    focus_page_or_switcher (self, page);
  return G_SOURCE_REMOVE;
}

/**
 * accord_entity_view_switch_tab:
 * @tab: "overview" or "articles"
 *
 * Shows @tab as a shortcut does: the focus, if it was on the page left,
 * goes to the first control of the one shown, rather than nowhere.
 */
void
accord_entity_view_switch_tab (AccordEntityView *self,
                               const char       *tab)
{
  GtkWidget *page;
  gboolean focus_in_stack;

  g_return_if_fail (ACCORD_IS_ENTITY_VIEW (self));
  g_return_if_fail (tab != NULL);

  page = adw_view_stack_get_child_by_name (self->stack, tab);
  if (page == NULL || page == adw_view_stack_get_visible_child (self->stack))
    return;
  focus_in_stack = focus_is_within (GTK_WIDGET (self), GTK_WIDGET (self->stack));
  adw_view_stack_set_visible_child (self->stack, page);
  if (!focus_in_stack)
    return;
  /* Its rows may be new since it was last laid out: none has a place
   * yet, where the focus could go. */
  if (self->tab_focus_tick == 0)
    {
      self->tab_focus_frames = 0;
      self->tab_focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_laid_out_tab, NULL, NULL);
    }
}

const char *
accord_entity_view_get_filter (AccordEntityView *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY_VIEW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
}

void
accord_entity_view_set_filter (AccordEntityView *self,
                               const char       *text)
{
  g_return_if_fail (ACCORD_IS_ENTITY_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text ? text : "");
  request_timeline (self, TIMELINE_FROM_TOP);
}

/**
 * accord_entity_view_is_in_filter:
 * @widget: a widget of the view, as the one with the keyboard focus
 *
 * Returns: whether @widget is the timeline's filter entry, or in it
 */
gboolean
accord_entity_view_is_in_filter (AccordEntityView *self,
                                 GtkWidget        *widget)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY_VIEW (self), FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  return accord_widget_is_within (widget, GTK_WIDGET (self->filter_entry));
}

/**
 * accord_entity_view_focus_filter:
 *
 * Gives the keyboard focus to the timeline's filter entry, if the
 * Articles tab shows.
 */
void
accord_entity_view_focus_filter (AccordEntityView *self)
{
  g_return_if_fail (ACCORD_IS_ENTITY_VIEW (self));

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "articles") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
}

/* The category chosen, or NULL for all of them. */
const char *
accord_entity_view_get_category (AccordEntityView *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY_VIEW (self), NULL);

  return selected_category (self);
}

/**
 * accord_entity_view_set_category:
 * @category_id: (nullable): a category of the entity's articles, or %NULL
 *   for all of them
 *
 * Shows only the articles of @category_id, when the entity has some.
 */
void
accord_entity_view_set_category (AccordEntityView *self,
                                 const char       *category_id)
{
  GListModel *choices;

  g_return_if_fail (ACCORD_IS_ENTITY_VIEW (self));

  /* The choices come a moment after the page shows: now, to pick one. */
  if (categories_pending (self))
    {
      cancel_categories (self);
      show_categories_now (self);
    }

  choices = gtk_drop_down_get_model (self->category_dropdown);
  for (guint i = 0; choices != NULL && i < g_list_model_get_n_items (choices); i++)
    {
      g_autoptr(AccordCategory) category = g_list_model_get_item (choices, i);

      if (g_strcmp0 (accord_category_get_id (category), category_id ? category_id : "") == 0)
        {
          /* Set from code, as the filter's text is: nothing announced. */
          g_signal_handlers_block_by_func (self->category_dropdown, on_filter_changed, self);
          gtk_drop_down_set_selected (self->category_dropdown, i);
          g_signal_handlers_unblock_by_func (self->category_dropdown, on_filter_changed, self);
          request_timeline (self, TIMELINE_FROM_TOP);
          return;
        }
    }
}

/* The scrolled window of the visible tab. */
static GtkScrolledWindow *
visible_scroller (AccordEntityView *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "articles") == 0)
    return GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self->timeline), GTK_TYPE_SCROLLED_WINDOW));
  return GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self->profile_box), GTK_TYPE_SCROLLED_WINDOW));
}

double
accord_entity_view_get_scroll (AccordEntityView *self)
{
  g_return_val_if_fail (ACCORD_IS_ENTITY_VIEW (self), 0);

  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (visible_scroller (self)));
}

/**
 * accord_entity_view_set_scroll:
 *
 * Scrolls the visible tab to @value once it is laid out.
 */
void
accord_entity_view_set_scroll (AccordEntityView *self,
                               double            value)
{
  g_return_if_fail (ACCORD_IS_ENTITY_VIEW (self));

  /* A timeline not laid out yet, or not filtered yet, takes it then. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "articles") == 0 &&
      (self->timeline_reveal == NULL || self->filter_cancellable != NULL))
    self->timeline_position = value;
  else
    accord_scroll_when_ready (gtk_scrolled_window_get_vadjustment (visible_scroller (self)), value);
}

static gboolean
focus_language_toggles (gpointer data)
{
  AccordEntityView *self = data;

  self->refocus_idle = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self->language_toggles)))
    gtk_widget_child_focus (GTK_WIDGET (self->language_toggles), GTK_DIR_TAB_FORWARD);
  return G_SOURCE_REMOVE;
}

/* The button of the tab shown, in @switcher. */
static GtkWidget *
shown_tab_button (GtkWidget *switcher)
{
  for (GtkWidget *child = gtk_widget_get_first_child (switcher); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_TOGGLE_BUTTON (child) && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child)))
        return child;
      if ((found = shown_tab_button (child)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
focus_visible_switcher (gpointer data)
{
  AccordEntityView *self = data;
  GtkWidget *switcher = visible_switcher (self);
  GtkWidget *button = shown_tab_button (switcher);

  self->refocus_idle = 0;
  if (button == NULL || !gtk_widget_grab_focus (button))
    gtk_widget_child_focus (switcher, GTK_DIR_TAB_FORWARD);
  return G_SOURCE_REMOVE;
}

static void
on_breakpoint_changed (AccordEntityView *self)
{
  AdwBreakpoint *breakpoint = adw_breakpoint_bin_get_current_breakpoint (ADW_BREAKPOINT_BIN (self));
  gboolean had_focus = gtk_widget_is_focus (GTK_WIDGET (self->side_by_side_button));
  gboolean switcher_had_focus = focus_is_within (GTK_WIDGET (self), self->switcher) ||
                                focus_is_within (GTK_WIDGET (self), GTK_WIDGET (self->switcher_bar));

  self->wide = breakpoint == NULL;
  /* On a phone a long name in the largest title takes half the screen. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_label), self->wide ? "title-2" : "title-1");
  gtk_widget_add_css_class (GTK_WIDGET (self->name_label), self->wide ? "title-1" : "title-2");
  update_profile (self);
  if (self->entity != NULL)
    update_meta (self);
  /* Hidden with the focus, the button would hand it on to the next
   * control, a link that one more Enter opens. The window's own layout
   * changes at the same width, and may move the page meanwhile: the
   * switch beside the button takes the focus once it is in place. */
  if (had_focus && !gtk_widget_get_visible (GTK_WIDGET (self->side_by_side_button)) && self->refocus_idle == 0)
    self->refocus_idle = g_idle_add (focus_language_toggles, self);
  /* The tabs move between the header and the bottom bar: the focus on
   * one would stay behind, hidden, where Tab no longer leads anywhere. */
  if (switcher_had_focus && self->refocus_idle == 0)
    self->refocus_idle = g_idle_add (focus_visible_switcher, self);
}

static void
accord_entity_view_dispose (GObject *object)
{
  AccordEntityView *self = ACCORD_ENTITY_VIEW (object);

  cancel_categories (self);
  g_clear_handle_id (&self->refocus_idle, g_source_remove);
  if (self->tab_focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tab_focus_tick);
  self->tab_focus_tick = 0;
  stop_adding_sections (self);
  stop_adding_members (self);
  cancel_filtering (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->entity);
  clear_timeline (self);
  g_clear_pointer (&self->profile_language, g_free);
  g_clear_pointer (&self->article_to_show, g_free);
  g_clear_pointer (&self->shown_text, g_free);
  g_clear_pointer (&self->shown_category, g_free);
  g_clear_pointer (&self->visit_new_rows, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), ACCORD_TYPE_ENTITY_VIEW);

  G_OBJECT_CLASS (accord_entity_view_parent_class)->dispose (object);
}

static void
accord_entity_view_class_init (AccordEntityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = accord_entity_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/accordapp/Accord/accord-entity-view.ui");
  gtk_widget_class_install_action (widget_class, "entity.clear-filter", NULL, clear_filter_action);
  gtk_widget_class_install_action (widget_class, "entity.open-link", "s", open_link_action);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, stack);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, narrow_title);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, articles_page);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, name_label);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, meta_label);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, header_badge);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, facts_label);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, links_box);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, language_toggles);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, side_by_side_button);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, overview_clamp);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, switcher);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, profile_badge);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, profile_box);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, no_profile);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, no_profile_description);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, clear_filter_button);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, members_group);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, members_heading);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, members_box);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, founding_legend);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, timeline_header);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, articles_heading);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, timeline_stack);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, timeline);
  gtk_widget_class_bind_template_child (widget_class, AccordEntityView, no_articles);
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_language_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_side_by_side_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_stopped);
  gtk_widget_class_bind_template_callback (widget_class, accord_article_row_open_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_breakpoint_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed);

  /**
   * AccordEntityView::articles-seen:
   *
   * The user has seen the entity's new articles.
   */
  signals[ARTICLES_SEEN] =
    g_signal_new ("articles-seen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_bind_template_callback (widget_class, category_name);
}

static void
accord_entity_view_init (AccordEntityView *self)
{
  g_autoptr(GtkListItemFactory) factory = accord_article_row_factory_new (FALSE);
  g_autoptr(GtkListItemFactory) header_factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  accord_list_view_keep_top (self->timeline);

  self->wide = TRUE;
  self->profile_language = g_strdup (accord_i18n_get_language ());
  adw_toggle_group_set_active_name (self->language_toggles, self->profile_language);

  gtk_list_view_set_factory (self->timeline, factory);

  /* The choice lasts: across entities, windows and runs. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "profile-side-by-side", self->side_by_side_button, "active",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect (header_factory, "setup", G_CALLBACK (setup_month_header), NULL);
  g_signal_connect (header_factory, "bind", G_CALLBACK (bind_month_header), self);
  gtk_list_view_set_header_factory (self->timeline, header_factory);
  set_category_factories (self->category_dropdown);
}
