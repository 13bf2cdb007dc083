#define G_LOG_DOMAIN "accord-sidebar-row"

#include "config.h"

#include <glib/gi18n.h>

#include "accord-i18n.h"
#include "accord-sidebar-row.h"
#include "accord-widget-utils.h"

/* A row's measures in the default style, to tell its height before any
 * row is built: the least a row takes and the space above and below its
 * text, which stay as they are with larger text; then, for a line of the
 * name 16 pixels high, what grows with the text: the acronym's line, what
 * is beside the name (the row's sides; the count, when not zero, with
 * its spacing and padding, then each of its digits) and the language
 * badge with its spacing. */
#define MIN_HEIGHT          36
#define PADDING_HEIGHT      12
#define DEFAULT_LINE_HEIGHT 16.0
#define SUBTITLE_HEIGHT     13
#define ROW_SIDES_WIDTH     17
#define COUNT_WIDTH         28
#define COUNT_DIGIT_WIDTH    7
#define BADGE_WIDTH         29
#define TITLE_LINES          3

/* A row of the sidebar: an optional icon, a name, a dimmed acronym and
 * the number of related articles. */
struct _AccordSidebarRow
{
  GtkWidget  parent_instance;

  GtkLabel  *title;
  GtkLabel  *subtitle;
  GtkLabel  *count;
  /* Seldom needed, so made the first time each shows: start-up builds
   * dozens of rows. */
  GtkImage  *icon;
  GtkLabel  *new_count;
  GtkLabel  *language_badge;

  char      *description;   /* name and number of articles */
  char      *spoken;        /* that, and how many are new */
  char      *item_id;       /* what the row shows: an entity, or the bookmarks */
  guint      n_new;
};

G_DEFINE_FINAL_TYPE (AccordSidebarRow, accord_sidebar_row, GTK_TYPE_WIDGET)

GtkWidget *
accord_sidebar_row_new (void)
{
  return g_object_new (ACCORD_TYPE_SIDEBAR_ROW, NULL);
}

/* The row's label replaces what it shows for a screen reader: it says
 * it all, the new articles' badge included. */
static void
update_label (AccordSidebarRow *self)
{
  if (self->n_new > 0)
    {
      g_free (self->spoken);
      /* Translators: a sidebar row read by a screen reader: "Global
       * Partnership on AI, 12 articles" and how many of them are new */
      self->spoken = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u new", "%s, %u new", self->n_new),
                                      self->description ? self->description : "", self->n_new);
    }
  else
    g_set_str (&self->spoken, self->description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->spoken, -1);
}

static void
ensure_icon (AccordSidebarRow *self)
{
  if (self->icon != NULL)
    return;
  self->icon = g_object_new (GTK_TYPE_IMAGE, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_widget_insert_after (GTK_WIDGET (self->icon), GTK_WIDGET (self), NULL);
}

static void
ensure_language_badge (AccordSidebarRow *self)
{
  GtkWidget *next = self->new_count ? GTK_WIDGET (self->new_count) : GTK_WIDGET (self->count);

  if (self->language_badge != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->language_badge), TRUE);
      return;
    }
  self->language_badge = GTK_LABEL (accord_language_badge_new ());
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->language_badge), _("Not available in your language"));
  gtk_widget_insert_before (GTK_WIDGET (self->language_badge), GTK_WIDGET (self), next);
}

static void
ensure_new_count (AccordSidebarRow *self)
{
  if (self->new_count != NULL)
    return;
  self->new_count = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->new_count), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->new_count), "new-badge");
  gtk_widget_add_css_class (GTK_WIDGET (self->new_count), "caption-heading");
  gtk_widget_insert_before (GTK_WIDGET (self->new_count), GTK_WIDGET (self), GTK_WIDGET (self->count));
}

/**
 * accord_sidebar_row_get_language_badge:
 *
 * Returns: (transfer none) (nullable): the badge saying the name is in the
 *   other language, if it was ever shown
 */
GtkWidget *
accord_sidebar_row_get_language_badge (AccordSidebarRow *self)
{
  g_return_val_if_fail (ACCORD_IS_SIDEBAR_ROW (self), NULL);

  return GTK_WIDGET (self->language_badge);
}

/**
 * accord_sidebar_row_get_new_badge:
 *
 * Returns: (transfer none) (nullable): the badge saying how many articles
 *   are new, if it was ever shown
 */
GtkWidget *
accord_sidebar_row_get_new_badge (AccordSidebarRow *self)
{
  g_return_val_if_fail (ACCORD_IS_SIDEBAR_ROW (self), NULL);

  return GTK_WIDGET (self->new_count);
}

/**
 * accord_sidebar_row_set:
 * @title_lang: (nullable): the language of @title when it is not the UI
 *   language, "en" or "fr", for a badge that says so
 */
void
accord_sidebar_row_set (AccordSidebarRow *self,
                        const char       *icon_name,
                        const char       *title,
                        const char       *title_lang,
                        const char       *subtitle,
                        guint             count)
{
  g_autofree char *count_text = accord_i18n_format_count (count);
  g_autofree char *description = NULL;
  g_autofree char *spoken_title = NULL;
  g_autofree char *shown_title = NULL;
  g_autofree char *shown_subtitle = NULL;
  g_autoptr(GString) spoken_name = NULL;

  g_return_if_fail (ACCORD_IS_SIDEBAR_ROW (self));

  shown_title = accord_display_text (title, ACCORD_DISPLAY_LINE_CHARS);
  shown_subtitle = accord_display_text (subtitle, ACCORD_DISPLAY_LINE_CHARS);

  if (icon_name != NULL)
    ensure_icon (self);
  if (self->icon != NULL)
    {
      gtk_image_set_from_icon_name (self->icon, icon_name);
      gtk_widget_set_visible (GTK_WIDGET (self->icon), icon_name != NULL);
    }
  gtk_label_set_text (self->title, shown_title);
  gtk_label_set_text (self->subtitle, shown_subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), subtitle != NULL && *subtitle != '\0');
  gtk_label_set_text (self->count, count_text);
  /* A pill saying "0" is noise: an empty row says as much by itself. */
  gtk_widget_set_visible (GTK_WIDGET (self->count), count > 0);
  if (self->language_badge != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->language_badge), title_lang != NULL);
  if (title_lang != NULL)
    {
      ensure_language_badge (self);
      gtk_label_set_text (self->language_badge, g_str_equal (title_lang, "en") ? "EN" : "FR");
      spoken_title = accord_i18n_mark_spoken (shown_title, title_lang);
    }

  /* The acronym too, as other views name the entity by it. */
  spoken_name = g_string_new (spoken_title ? spoken_title : shown_title);
  accord_i18n_append_spoken (spoken_name, shown_subtitle);
  /* Translators: how a screen reader reads a sidebar row: a name and its
   * number of articles */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u article", "%s, %u articles", count),
                                 spoken_name->str, count);
  g_set_str (&self->description, description);
  update_label (self);
}

static int
count_digits (guint count)
{
  int digits = 1;

  while (count >= 10)
    {
      count /= 10;
      digits++;
    }
  return digits;
}

/**
 * accord_sidebar_row_estimate_height:
 * @list: the widget the rows will be in, for its font
 * @width: the width the rows will have
 * @title: the name the row will show
 * @title_badge: whether a language badge will follow the name
 * @has_subtitle: whether it will show an acronym under the name
 * @count: the number it will show beside the name
 *
 * Tells how tall a row showing this will be, without building one: the
 * name takes three lines at most, broken as the label breaks it in the
 * width left beside it. An icon or a new-articles badge would leave
 * less: the row may then be taller than told, so a count of rows that
 * fill a list errs on the side of one too many.
 *
 * Returns: the height in pixels
 */
int
accord_sidebar_row_estimate_height (GtkWidget  *list,
                                    int         width,
                                    const char *title,
                                    gboolean    title_badge,
                                    gboolean    has_subtitle,
                                    guint       count)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *shown = NULL;
  int title_width, line_height, lines, digits;
  double scale, beside;

  g_return_val_if_fail (GTK_IS_WIDGET (list), MIN_HEIGHT);
  g_return_val_if_fail (title != NULL, MIN_HEIGHT);

  /* As the row shows it. */
  shown = accord_display_text (title, ACCORD_DISPLAY_LINE_CHARS);
  layout = gtk_widget_create_pango_layout (list, shown);
  pango_layout_get_pixel_size (layout, &title_width, &line_height);
  scale = line_height / DEFAULT_LINE_HEIGHT;
  /* A separator of thousands as wide as a digit, at most. */
  digits = count_digits (count);
  beside = ROW_SIDES_WIDTH + (count > 0 ? COUNT_WIDTH + COUNT_DIGIT_WIDTH * (digits + (digits - 1) / 3) : 0)
           + (title_badge ? BADGE_WIDTH : 0);
  lines = 1;
  if (title_width > width - beside * scale)
    {
      /* Broken into lines as the label breaks it. */
      pango_layout_set_width (layout, MAX (1, (int) (width - beside * scale)) * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      lines = CLAMP (pango_layout_get_line_count (layout), 1, TITLE_LINES);
    }
  return MAX (MIN_HEIGHT, PADDING_HEIGHT + lines * line_height + (has_subtitle ? (int) (SUBTITLE_HEIGHT * scale + 0.5) : 0));
}

/**
 * accord_sidebar_row_set_item_id:
 * @id: (nullable): the id of what the row shows, to find it again
 */
void
accord_sidebar_row_set_item_id (AccordSidebarRow *self,
                                const char       *id)
{
  g_return_if_fail (ACCORD_IS_SIDEBAR_ROW (self));

  g_set_str (&self->item_id, id);
}

const char *
accord_sidebar_row_get_item_id (AccordSidebarRow *self)
{
  g_return_val_if_fail (ACCORD_IS_SIDEBAR_ROW (self), NULL);

  return self->item_id;
}

/**
 * accord_sidebar_row_get_spoken_label:
 *
 * Returns: (nullable): what a screen reader says of the row: "Global
 *   Partnership on AI, 12 articles, 2 new". Its list item must say it:
 *   the row's own label is not passed on, the row being a plain widget.
 */
const char *
accord_sidebar_row_get_spoken_label (AccordSidebarRow *self)
{
  g_return_val_if_fail (ACCORD_IS_SIDEBAR_ROW (self), NULL);

  return self->spoken;
}

/**
 * accord_sidebar_row_set_n_new:
 * @n_new: how many articles arrived with the last syncs, unseen
 */
void
accord_sidebar_row_set_n_new (AccordSidebarRow *self,
                              guint             n_new)
{
  g_autofree char *count_text = accord_i18n_format_count (n_new);
  g_autofree char *text = NULL;

  g_return_if_fail (ACCORD_IS_SIDEBAR_ROW (self));

  self->n_new = n_new;
  if (n_new > 0)
    ensure_new_count (self);
  if (self->new_count != NULL)
    {
      /* Translators: a small badge on a sidebar row: how many articles
       * are new; %s is that number, its thousands grouped ("1,234") */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s new", "%s new", n_new), count_text);
      gtk_label_set_text (self->new_count, text);
      gtk_widget_set_visible (GTK_WIDGET (self->new_count), n_new > 0);
    }
  update_label (self);
}

static void
accord_sidebar_row_dispose (GObject *object)
{
  g_clear_pointer (&ACCORD_SIDEBAR_ROW (object)->description, g_free);
  g_clear_pointer (&ACCORD_SIDEBAR_ROW (object)->spoken, g_free);
  g_clear_pointer (&ACCORD_SIDEBAR_ROW (object)->item_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), ACCORD_TYPE_SIDEBAR_ROW);
  accord_widget_remove_children (GTK_WIDGET (object));
  /* Not template children: gone with the others. */
  ACCORD_SIDEBAR_ROW (object)->icon = NULL;
  ACCORD_SIDEBAR_ROW (object)->new_count = NULL;
  ACCORD_SIDEBAR_ROW (object)->language_badge = NULL;

  G_OBJECT_CLASS (accord_sidebar_row_parent_class)->dispose (object);
}

static void
accord_sidebar_row_class_init (AccordSidebarRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = accord_sidebar_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/accordapp/Accord/accord-sidebar-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AccordSidebarRow, title);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebarRow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, AccordSidebarRow, count);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sidebar-row");
}

static void
accord_sidebar_row_init (AccordSidebarRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
  gtk_widget_init_template (GTK_WIDGET (self));
  accord_label_show_whole_when_cut (self->title);
  accord_label_show_whole_when_cut (self->subtitle);
}
