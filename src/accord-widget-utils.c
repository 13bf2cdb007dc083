#define G_LOG_DOMAIN "accord-widget-utils"

#include "config.h"

#include "accord-feed.h"
#include "accord-i18n.h"
#include "accord-widget-utils.h"

/**
 * accord_widget_remove_children:
 *
 * Unparents every child of @widget: what a widget with a layout manager
 * of its own must do when it is disposed.
 */
void
accord_widget_remove_children (GtkWidget *widget)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

typedef struct
{
  GtkAdjustment *adjustment;
  double         value;
  gulong         handler;
  guint          timeout;
} PendingScroll;

#define PENDING_SCROLL_KEY "accord-pending-scroll"

static void
pending_scroll_free (PendingScroll *pending)
{
  if (g_object_get_data (G_OBJECT (pending->adjustment), PENDING_SCROLL_KEY) == pending)
    g_object_set_data (G_OBJECT (pending->adjustment), PENDING_SCROLL_KEY, NULL);
  g_clear_signal_handler (&pending->handler, pending->adjustment);
  g_clear_handle_id (&pending->timeout, g_source_remove);
  g_object_unref (pending->adjustment);
  g_free (pending);
}

static gboolean
try_scroll (PendingScroll *pending)
{
  GtkAdjustment *adjustment = pending->adjustment;

  if (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) < pending->value)
    return FALSE;
  gtk_adjustment_set_value (adjustment, pending->value);
  return TRUE;
}

/* The content grew, or the view shrank, as when a window is made lower. */
static void
on_adjustment_changed (GtkAdjustment *adjustment,
                       PendingScroll *pending)
{
  if (try_scroll (pending))
    pending_scroll_free (pending);
}

static void
give_up_scrolling (gpointer data)
{
  PendingScroll *pending = data;

  /* As far as the content goes, then. */
  pending->timeout = 0;
  gtk_adjustment_set_value (pending->adjustment, pending->value);
  pending_scroll_free (pending);
}

/**
 * accord_scroll_when_ready:
 * @adjustment: a scrolled window's adjustment
 * @value: where to scroll
 *
 * Scrolls to @value as soon as there is room enough for it: a list just
 * rebuilt is laid out over a few frames, a window made lower shows less.
 */
void
accord_scroll_when_ready (GtkAdjustment *adjustment,
                          double         value)
{
  PendingScroll *pending;

  g_return_if_fail (GTK_IS_ADJUSTMENT (adjustment));

  /* A newer position replaces one still waiting. */
  if ((pending = g_object_get_data (G_OBJECT (adjustment), PENDING_SCROLL_KEY)) != NULL)
    pending_scroll_free (pending);

  pending = g_new0 (PendingScroll, 1);
  pending->adjustment = g_object_ref (adjustment);
  pending->value = value;
  if (try_scroll (pending))
    {
      pending_scroll_free (pending);
      return;
    }
  g_object_set_data (G_OBJECT (adjustment), PENDING_SCROLL_KEY, pending);
  pending->handler = g_signal_connect (adjustment, "changed", G_CALLBACK (on_adjustment_changed), pending);
  pending->timeout = g_timeout_add_once (2000, give_up_scrolling, pending);
}

typedef struct
{
  GtkWidget *list;
  double     value;
  guint      keep_in_view;   /* a position, or GTK_INVALID_LIST_POSITION */
  gulong     handler;
} ListPlacement;

#define PLACEMENT_KEY "accord-list-placement"

static void forget_top (GtkListView *list);

static void
list_placement_free (gpointer  data,
                     GClosure *closure)
{
  ListPlacement *placement = data;

  if (placement->list != NULL && g_object_get_data (G_OBJECT (placement->list), PLACEMENT_KEY) == placement)
    g_object_set_data (G_OBJECT (placement->list), PLACEMENT_KEY, NULL);
  g_clear_weak_pointer (&placement->list);
  g_free (placement);
}

/* Until the tick hands it to the frame clock, the tick owns it. */
static void
list_placement_drop (gpointer data)
{
  ListPlacement *placement = data;

  if (placement->handler == 0)
    list_placement_free (placement, NULL);
}

static void
place_after_layout (GdkFrameClock *clock,
                    ListPlacement *placement)
{
  if (placement->list != NULL)
    {
      GtkSelectionModel *rows = gtk_list_view_get_model (GTK_LIST_VIEW (placement->list));

      accord_scroll_when_ready (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (placement->list)), placement->value);
      /* From there, as little further as it takes to show that row, if
       * the list still has it. */
      if (placement->keep_in_view != GTK_INVALID_LIST_POSITION && rows != NULL &&
          placement->keep_in_view < g_list_model_get_n_items (G_LIST_MODEL (rows)))
        gtk_list_view_scroll_to (GTK_LIST_VIEW (placement->list), placement->keep_in_view, GTK_LIST_SCROLL_NONE, NULL);
    }
  /* Frees @placement. */
  g_signal_handler_disconnect (clock, placement->handler);
}

static gboolean
place_next_layout (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  ListPlacement *placement = user_data;

  placement->handler = g_signal_connect_data (clock, "layout", G_CALLBACK (place_after_layout), placement,
                                              list_placement_free, G_CONNECT_AFTER);
  /* This very frame, even when nothing else asked for a layout. */
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
  return G_SOURCE_REMOVE;
}

/**
 * accord_list_view_place:
 * @list: a list view just given a model
 * @value: where to scroll, 0 for the top
 *
 * A list view given a model puts its first row at the very top, the
 * heading of its section above it out of sight, and overrides any
 * position set before its next layout. This scrolls @list to @value
 * right after that layout, before the frame is drawn.
 */
void
accord_list_view_place (GtkListView *list,
                        double       value)
{
  g_return_if_fail (GTK_IS_LIST_VIEW (list));

  accord_list_view_place_showing (list, value, GTK_INVALID_LIST_POSITION);
}

/**
 * accord_list_view_place_showing:
 * @position: a row to keep in view, or %GTK_INVALID_LIST_POSITION
 *
 * accord_list_view_place(), then scrolled as little as it takes to show
 * the row at @position: the selected row stays in view when the rows
 * above it change, as they do in another language's order.
 */
void
accord_list_view_place_showing (GtkListView *list,
                                double       value,
                                guint        position)
{
  ListPlacement *placement;

  g_return_if_fail (GTK_IS_LIST_VIEW (list));

  if (value != 0 || position != GTK_INVALID_LIST_POSITION)
    forget_top (list);
  /* The last position asked for before the layout is the one. */
  if ((placement = g_object_get_data (G_OBJECT (list), PLACEMENT_KEY)) != NULL)
    {
      placement->value = value;
      placement->keep_in_view = position;
      return;
    }

  placement = g_new0 (ListPlacement, 1);
  /* Weak: the list owns the tick that owns this. */
  g_set_weak_pointer (&placement->list, GTK_WIDGET (list));
  placement->value = value;
  placement->keep_in_view = position;
  g_object_set_data (G_OBJECT (list), PLACEMENT_KEY, placement);
  gtk_widget_add_tick_callback (GTK_WIDGET (list), place_next_layout, placement, list_placement_drop);
}

typedef struct
{
  double   page_size;
  gboolean at_top;
  gulong   layout_handler;   /* on the frame clock, while the top waits */
} TopKeeping;

#define TOP_KEEPING_KEY "accord-top-keeping"

/* The list asked to go elsewhere (a position, a row to show) is not at
 * its top to keep any more, even before it has moved. */
static void
forget_top (GtkListView *list)
{
  TopKeeping *keeping = g_object_get_data (G_OBJECT (list), TOP_KEEPING_KEY);

  if (keeping != NULL)
    keeping->at_top = FALSE;
}

static void
on_top_kept_value_changed (GtkAdjustment *adjustment,
                           GtkListView   *list)
{
  TopKeeping *keeping = g_object_get_data (G_OBJECT (list), TOP_KEEPING_KEY);

  keeping->at_top = gtk_adjustment_get_value (adjustment) == 0;
}

static void
back_to_top_after_layout (GdkFrameClock *clock,
                          GtkListView   *list)
{
  TopKeeping *keeping = g_object_get_data (G_OBJECT (list), TOP_KEEPING_KEY);

  g_clear_signal_handler (&keeping->layout_handler, clock);
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list)), 0);
}

/* Told before the value it moved to. The list would undo a value set now,
 * in its own layout: it is set right after it, in a layout the frame
 * clock runs again before drawing this frame. */
static void
on_top_kept_changed (GtkAdjustment *adjustment,
                     GtkListView   *list)
{
  TopKeeping *keeping = g_object_get_data (G_OBJECT (list), TOP_KEEPING_KEY);
  double page_size = gtk_adjustment_get_page_size (adjustment);
  GdkFrameClock *clock;

  if (page_size != keeping->page_size && keeping->at_top && gtk_adjustment_get_value (adjustment) != 0 &&
      keeping->layout_handler == 0 && g_object_get_data (G_OBJECT (adjustment), PENDING_SCROLL_KEY) == NULL &&
      g_object_get_data (G_OBJECT (list), PLACEMENT_KEY) == NULL &&
      (clock = gtk_widget_get_frame_clock (GTK_WIDGET (list))) != NULL)
    {
      keeping->layout_handler = g_signal_connect_object (clock, "layout", G_CALLBACK (back_to_top_after_layout), list,
                                                         G_CONNECT_AFTER);
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
    }
  keeping->page_size = page_size;
}

/**
 * accord_list_view_keep_top:
 * @list: a list view in a scrolled window, which keeps its adjustment
 *
 * GtkListView keeps a row in place, not its top, when it gets shorter or
 * taller: a list at its top, as one just opened is, would no longer show
 * its first heading whole. This keeps @list at its top then, unless it
 * was asked to go elsewhere.
 */
void
accord_list_view_keep_top (GtkListView *list)
{
  GtkAdjustment *adjustment;
  TopKeeping *keeping;

  g_return_if_fail (GTK_IS_LIST_VIEW (list));

  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  g_return_if_fail (adjustment != NULL);
  keeping = g_new0 (TopKeeping, 1);
  keeping->page_size = gtk_adjustment_get_page_size (adjustment);
  keeping->at_top = gtk_adjustment_get_value (adjustment) == 0;
  g_object_set_data_full (G_OBJECT (list), TOP_KEEPING_KEY, keeping, g_free);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_top_kept_value_changed), list, 0);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (on_top_kept_changed), list, 0);
}

/**
 * accord_list_view_show:
 * @model: (nullable): the items, none of them selectable
 *
 * Gives @list a new model of @model's items.
 */
void
accord_list_view_show (GtkListView *list,
                       GListModel  *model)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (GTK_IS_LIST_VIEW (list));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  selection = gtk_no_selection_new (model ? g_object_ref (model) : NULL);
  gtk_list_view_set_model (list, GTK_SELECTION_MODEL (selection));
}

/**
 * accord_list_view_focus:
 *
 * Gives the keyboard focus to the row at @position, scrolling to it.
 */
void
accord_list_view_focus (GtkListView *list,
                        guint        position)
{
  g_return_if_fail (GTK_IS_LIST_VIEW (list));

  forget_top (list);
  /* The list moves the focus to a row only when it holds it already. */
  gtk_widget_grab_focus (GTK_WIDGET (list));
  gtk_list_view_scroll_to (list, position, GTK_LIST_SCROLL_FOCUS, NULL);
}

/* A heading's height, with its margins. */
#define FIRST_HEADING_SLACK 64

typedef struct
{
  GType row_type;
  guint frames;
} TopRegained;

/* The focus's scroll is done in the layout of the frame after it was
 * asked for: looked at in the frame after that. */
static gboolean
regain_top (GtkWidget     *list,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  TopRegained *regained = user_data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  double value = gtk_adjustment_get_value (adjustment);
  GtkWidget *row;
  graphene_rect_t bounds;

  if (regained->frames++ == 0)
    return G_SOURCE_CONTINUE;
  row = accord_focused_row (list, regained->row_type);
  if (value > 0 && value <= FIRST_HEADING_SLACK && row != NULL &&
      gtk_widget_compute_bounds (row, list, &bounds) &&
      bounds.origin.y + value + bounds.size.height <= gtk_widget_get_height (list))
    gtk_adjustment_set_value (adjustment, 0);
  return G_SOURCE_REMOVE;
}

/**
 * accord_list_view_focus_under_heading:
 * @row_type: the type of the rows @list's factory builds
 *
 * accord_list_view_focus() for a row that may be one of the first: GTK
 * scrolls a row to the very top, the heading of its section just out
 * of sight. Where that put the list less than a heading's height down,
 * and the row would still show whole at its top, the list goes back
 * there.
 */
void
accord_list_view_focus_under_heading (GtkListView *list,
                                      guint        position,
                                      GType        row_type)
{
  TopRegained *regained;

  g_return_if_fail (GTK_IS_LIST_VIEW (list));

  accord_list_view_focus (list, position);
  regained = g_new0 (TopRegained, 1);
  regained->row_type = row_type;
  gtk_widget_add_tick_callback (GTK_WIDGET (list), regain_top, regained, g_free);
}

/**
 * accord_list_view_go_home:
 * @keyval: a key pressed in @list, as #GtkEventControllerKey::key-pressed
 *   tells it, in the capture phase
 * @state: the modifiers held
 *
 * Home (and Ctrl+Home) in a list of rows under headings goes to the
 * first row with its heading in view: the list's own Home scrolls only
 * as far as the row.
 *
 * Returns: whether the key was Home, and handled
 */
gboolean
accord_list_view_go_home (GtkListView     *list,
                          guint            keyval,
                          GdkModifierType  state)
{
  GListModel *model;

  g_return_val_if_fail (GTK_IS_LIST_VIEW (list), FALSE);

  model = G_LIST_MODEL (gtk_list_view_get_model (list));
  if ((keyval != GDK_KEY_Home && keyval != GDK_KEY_KP_Home) ||
      (state & gtk_accelerator_get_default_mod_mask () & ~GDK_CONTROL_MASK) != 0 ||
      model == NULL || g_list_model_get_n_items (model) == 0)
    return FALSE;
  accord_list_view_focus (list, 0);
  accord_list_view_place (list, 0);
  return TRUE;
}

/**
 * accord_focused_row:
 * @within: a list view, or a whole window
 * @row_type: the type of the rows its factory builds
 *
 * Returns: (transfer none) (nullable): the row of @row_type inside
 *   @within that holds the keyboard focus, itself or through a child
 */
GtkWidget *
accord_focused_row (GtkWidget *within,
                    GType      row_type)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (GTK_IS_WIDGET (within), NULL);

  root = gtk_widget_get_root (within);
  focus = root ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || (focus != within && !gtk_widget_is_ancestor (focus, within)))
    return NULL;
  return accord_row_holding (focus, row_type);
}

/**
 * accord_widget_is_within:
 * @container: (nullable): a widget, or %NULL for one not built yet
 *
 * Returns: whether @widget is @container or one of its descendants
 */
gboolean
accord_widget_is_within (GtkWidget *widget,
                         GtkWidget *container)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  return container != NULL && (widget == container || gtk_widget_is_ancestor (widget, container));
}

/**
 * accord_row_holding:
 * @widget: a row, a widget in one, or the list item holding one
 * @row_type: the type of the rows a list's factory builds
 *
 * Returns: (transfer none) (nullable): the row of @row_type @widget is
 *   or is in, or that it holds as a list item
 */
GtkWidget *
accord_row_holding (GtkWidget *widget,
                    GType      row_type)
{
  GtkWidget *row;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  if ((row = gtk_widget_get_ancestor (widget, row_type)) != NULL)
    return row;
  /* A focused list item holds the row as its child. */
  row = gtk_widget_get_first_child (widget);
  return row != NULL && G_TYPE_CHECK_INSTANCE_TYPE (row, row_type) ? row : NULL;
}

/* A failure is the window's to tell ("win.link-not-opened"): a click
 * that opens nothing would otherwise say nothing. */
static void
on_launch_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GtkWidget) window = user_data;
  g_autoptr(GError) error = NULL;

  if (gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (object), result, &error) ||
      g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    return;
  g_message ("Could not open %s: %s", gtk_uri_launcher_get_uri (GTK_URI_LAUNCHER (object)), error->message);
  if (window != NULL)
    gtk_widget_activate_action (window, "win.link-not-opened", NULL);
}

/**
 * accord_open_web_uri:
 * @widget: the widget the request comes from
 * @uri: (nullable): an http or https address
 *
 * Opens @uri in the user's browser; anything but a web address is
 * ignored, whatever the feed said.
 */
void
accord_open_web_uri (GtkWidget  *widget,
                     const char *uri)
{
  g_autoptr(GtkUriLauncher) launcher = NULL;
  GtkWidget *window;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* The parser only lets web addresses through; check again all the same. */
  if (uri == NULL || !accord_feed_is_web_url (uri))
    return;

  launcher = gtk_uri_launcher_new (uri);
  window = GTK_WIDGET (gtk_widget_get_root (widget));
  gtk_uri_launcher_launch (launcher, GTK_IS_WINDOW (window) ? GTK_WINDOW (window) : NULL, NULL, on_launch_done,
                           GTK_IS_WINDOW (window) ? g_object_ref (window) : NULL);
}

/**
 * accord_heading_label_new:
 * @level: its level among the page's headings, for assistive technologies
 * @dimmed: whether it is drawn dimmed, as section titles of a sidebar are
 *
 * Returns: (transfer floating): an empty label styled as a heading, for
 *   list headers
 */
GtkWidget *
accord_heading_label_new (int      level,
                          gboolean dimmed)
{
  /* A heading to a screen reader too, which can then go from one to the next. */
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  if (dimmed)
    gtk_widget_add_css_class (label, "dimmed");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, level, -1);
  return label;
}

/* Whether @text is written right to left: its first letter is in a script
 * written so. Digits and punctuation belong to no script, and say nothing. */
static gboolean
starts_right_to_left (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    switch (g_unichar_get_script (g_utf8_get_char (p)))
      {
      case G_UNICODE_SCRIPT_COMMON:
      case G_UNICODE_SCRIPT_INHERITED:
      case G_UNICODE_SCRIPT_UNKNOWN:
        continue;
      case G_UNICODE_SCRIPT_ARABIC:
      case G_UNICODE_SCRIPT_HEBREW:
      case G_UNICODE_SCRIPT_SYRIAC:
      case G_UNICODE_SCRIPT_THAANA:
      case G_UNICODE_SCRIPT_NKO:
      case G_UNICODE_SCRIPT_SAMARITAN:
      case G_UNICODE_SCRIPT_MANDAIC:
      case G_UNICODE_SCRIPT_ADLAM:
      case G_UNICODE_SCRIPT_HANIFI_ROHINGYA:
        return TRUE;
      default:
        return FALSE;
      }
  return FALSE;
}

/* Past this many characters without a space, a run of text gets a
 * zero-width space to break at: longer than most web addresses. */
#define DISPLAY_RUN_CHARS 128

static gboolean
is_break (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x200B;
}

/* A blank line in a row is shown, not the thousands a feed may hold. */
#define DISPLAY_MAX_LINE_BREAKS 2
/* Enough for any script's stacks of accents; "Zalgo" text piles up
 * dozens, drawn over the lines around. */
#define DISPLAY_MAX_MARKS 4

/* Whether @c, in a text being shown, is left out: a line break past a
 * blank line, or a mark past a stack's height. */
static gboolean
is_left_out (gunichar  c,
             guint    *line_breaks,
             guint    *marks)
{
  /* A multi-line text keeps Unicode's line and paragraph separators. */
  if (c == '\n' || c == 0x2028 || c == 0x2029)
    return ++*line_breaks > DISPLAY_MAX_LINE_BREAKS;
  if (g_unichar_ismark (c))
    return ++*marks > DISPLAY_MAX_MARKS;
  /* A joiner between marks takes no room, nor ends their stack. */
  if (g_unichar_type (c) == G_UNICODE_FORMAT)
    return FALSE;
  *marks = 0;
  if (!g_unichar_isspace (c))
    *line_breaks = 0;
  return FALSE;
}

/* Appends to @out the characters of @text that accord_display_text()
 * shows at @from and on, up to but not including @to: those of @text but
 * the line breaks and marks left out, the "…" of a cut, and the breaks
 * it adds when @with_breaks. */
static void
append_shown (GString    *out,
              const char *text,
              gsize       max_chars,
              gsize       from,
              gsize       to,
              gboolean    with_breaks)
{
  gsize n = 0, shown = 0, run = 0;
  guint line_breaks = 0, marks = 0;

  for (const char *p = text; *p != '\0' && shown < to; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max_chars)
        {
          if (shown >= from)
            g_string_append (out, "…");
          break;
        }
      if (is_left_out (c, &line_breaks, &marks))
        {
          /* A copy gives the text as written, what is left out too. */
          if (!with_breaks && shown > from && shown < to)
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          continue;
        }
      if (is_break (c))
        run = 0;
      else if (++run > DISPLAY_RUN_CHARS && !g_unichar_ismark (c))
        {
          if (with_breaks && shown >= from)
            g_string_append_unichar (out, 0x200B);
          shown++;
          run = 1;
        }
      if (shown >= from && shown < to)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      shown++;
    }
}

/**
 * accord_display_text:
 * @text: (nullable): a text from the data, as the feed wrote it
 * @max_chars: how many of its characters to show at most
 *
 * The feed allows texts of 64 KiB. GTK takes seconds to measure a
 * wrapping label of a few thousand characters, the more so the longer
 * its runs without a space: what a label shows of @text is cut after
 * @max_chars, with "…", and a run of more than 128 characters gets a
 * zero-width space to break at (never before a combining mark). Of the
 * blank lines in a row, one shows, and of the combining marks on a
 * letter, four.
 *
 * Returns: (transfer full): the text to show
 */
char *
accord_display_text (const char *text,
                     gsize       max_chars)
{
  GString *shown;

  if (text == NULL)
    return g_strdup ("");
  shown = g_string_sized_new (MIN (strlen (text), max_chars * 4) + 8);
  append_shown (shown, text, max_chars, 0, G_MAXSIZE, TRUE);
  return g_string_free_and_steal (shown);
}

/**
 * accord_display_pieces:
 * @paragraph: a paragraph from the data
 *
 * Splits @paragraph into pieces of at most %ACCORD_DISPLAY_PIECE_CHARS
 * characters, for labels of their own: GTK measures one long label in a
 * time that grows faster than its length (see accord_display_text()).
 * Each ends at a sentence's end in its last half where there is one,
 * else at a space where there is one: the next piece, which starts a
 * line, then reads as the paragraph going on.
 *
 * Returns: (transfer full): the pieces, in order
 */
GStrv
accord_display_pieces (const char *paragraph)
{
  g_autoptr(GStrvBuilder) pieces = g_strv_builder_new ();
  const char *start = paragraph;

  g_return_val_if_fail (paragraph != NULL, NULL);

  while (*start != '\0')
    {
      const char *p = start;
      const char *last_space = NULL;
      const char *last_sentence_end = NULL;
      gsize n = 0;

      for (; *p != '\0' && n < ACCORD_DISPLAY_PIECE_CHARS; p = g_utf8_next_char (p), n++)
        if (g_unichar_isspace (g_utf8_get_char (p)))
          {
            if (n >= ACCORD_DISPLAY_PIECE_CHARS / 2 && p > start && strchr (".!?", p[-1]) != NULL)
              last_sentence_end = p;
            last_space = p;
          }
      /* Cut there, unless the piece ends the paragraph. */
      if (*p != '\0' && last_sentence_end != NULL)
        p = last_sentence_end;
      else if (*p != '\0' && last_space != NULL && last_space > start)
        p = last_space;
      g_strv_builder_take (pieces, g_strndup (start, p - start));
      start = p;
      while (g_unichar_isspace (g_utf8_get_char (start)))
        start = g_utf8_next_char (start);
    }
  return g_strv_builder_end (pieces);
}

/**
 * accord_direction_mark:
 *
 * Returns: the mark that makes a line run in the interface's direction,
 *   for one that starts with a text from the data: Pango takes a line's
 *   direction from its first letter, even inside an isolate
 */
const char *
accord_direction_mark (void)
{
  /* Left-to-right and right-to-left marks. */
  return gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL ? "\u200F" : "\u200E";
}

/**
 * accord_join_data_texts:
 * @texts: texts from the data, or the interface's words, to show on a line
 * @separator: what goes between them, such as " · "
 *
 * Returns: (transfer full): @texts joined, each isolated from the others,
 *   on a line in the interface's direction
 */
char *
accord_join_data_texts (const char * const *texts,
                        const char         *separator)
{
  g_autoptr(GString) joined = g_string_new (accord_direction_mark ());

  g_return_val_if_fail (texts != NULL, NULL);
  g_return_val_if_fail (separator != NULL, NULL);

  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autofree char *isolated = accord_i18n_isolate (texts[i]);

      if (i > 0)
        g_string_append (joined, separator);
      g_string_append (joined, isolated);
    }
  return g_string_free_and_steal (g_steal_pointer (&joined));
}

/* What a label copying as written shows, as the data wrote it. */
typedef struct
{
  char  *text;
  gsize  max_chars;
} WrittenText;

#define COPIES_AS_WRITTEN "accord-copies-as-written"
#define WRITTEN_TEXT      "accord-written-text"

static WrittenText *
written_text_new (const char *text,
                  gsize       max_chars)
{
  WrittenText *written = g_new (WrittenText, 1);

  written->text = g_strdup (text);
  written->max_chars = max_chars;
  return written;
}

static void
written_text_free (gpointer data)
{
  WrittenText *written = data;

  g_free (written->text);
  g_free (written);
}

static void
on_copy_clipboard (GtkLabel *label,
                   gpointer  user_data)
{
  WrittenText *written = g_object_get_data (G_OBJECT (label), WRITTEN_TEXT);
  g_autoptr(GString) copied = NULL;
  int start, end;

  if (written == NULL || !gtk_label_get_selection_bounds (label, &start, &end))
    return;
  copied = g_string_new (NULL);
  append_shown (copied, written->text, written->max_chars, MIN (start, end), MAX (start, end), FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (label)), copied->str);
  g_signal_stop_emission_by_name (label, "copy-clipboard");
}

/**
 * accord_label_copy_as_written:
 * @label: a selectable label, not yet given its text
 *
 * Makes a copy from @label, with Ctrl+C or its menu, give the text as the
 * data wrote it, without the zero-width spaces accord_display_text() adds
 * for long runs to break at: a web address copied from a profile works.
 * Its text must be set with accord_label_set_data_text().
 */
void
accord_label_copy_as_written (GtkLabel *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (g_object_get_data (G_OBJECT (label), COPIES_AS_WRITTEN) == NULL);

  g_object_set_data (G_OBJECT (label), COPIES_AS_WRITTEN, GINT_TO_POINTER (TRUE));
  g_signal_connect (label, "copy-clipboard", G_CALLBACK (on_copy_clipboard), NULL);
}

/**
 * accord_label_set_data_text:
 * @label: a label of the data's text, wrapping or not
 * @text: the text, as the feed wrote it
 * @max_chars: how many of its characters to show at most
 *
 * Sets @text, as accord_display_text() shows it, aligned where its
 * language starts lines: a paragraph in Arabic or Hebrew to the right,
 * as a whole, whatever the interface's direction, rather than a block on
 * the left with its lines ragged.
 */
void
accord_label_set_data_text (GtkLabel   *label,
                            const char *text,
                            gsize       max_chars)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (GTK_IS_LABEL (label));

  shown = accord_display_text (text, max_chars);
  gtk_label_set_text (label, shown);
  if (g_object_get_data (G_OBJECT (label), COPIES_AS_WRITTEN) != NULL)
    g_object_set_data_full (G_OBJECT (label), WRITTEN_TEXT,
                            text != NULL && !g_str_equal (text, shown) ? written_text_new (text, max_chars) : NULL,
                            written_text_free);
  gtk_widget_set_direction (GTK_WIDGET (label),
                            text != NULL && starts_right_to_left (text) ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_NONE);
}

static gboolean
on_cut_label_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard_mode,
                            GtkTooltip *tooltip,
                            gpointer    user_data)
{
  GtkLabel *label = GTK_LABEL (widget);

  if (!pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, gtk_label_get_text (label));
  return TRUE;
}

/**
 * accord_label_show_whole_when_cut:
 * @label: a label that may be ellipsized
 *
 * Makes @label show its whole text in a tooltip whenever it is cut short
 * ("…"), and none when it fits: a name cut in a narrow sidebar can be read
 * without opening it.
 */
void
accord_label_show_whole_when_cut (GtkLabel *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_widget_set_has_tooltip (GTK_WIDGET (label), TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (on_cut_label_query_tooltip), NULL);
}

/**
 * accord_language_badge_new:
 *
 * Returns: (transfer floating): a label styled as a language badge, empty:
 *   accord_language_badge_show() gives it its text
 */
GtkWidget *
accord_language_badge_new (void)
{
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_widget_add_css_class (badge, "language-badge");
  gtk_widget_add_css_class (badge, "caption");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  return badge;
}

/**
 * accord_language_badge_show:
 * @badge: a label styled as a language badge
 * @lang: (nullable): "en" or "fr", the language of the text it marks;
 *   %NULL hides it
 * @explanation: what it marks, for its tooltip and a screen reader
 *
 * Shows "EN" or "FR" by a text shown in the language that is not the
 * interface's, as the spec has such texts marked.
 */
void
accord_language_badge_show (GtkLabel   *badge,
                            const char *lang,
                            const char *explanation)
{
  g_return_if_fail (GTK_IS_LABEL (badge));

  gtk_widget_set_visible (GTK_WIDGET (badge), lang != NULL);
  if (lang == NULL)
    return;
  gtk_label_set_text (badge, g_str_equal (lang, "en") ? "EN" : "FR");
  gtk_widget_set_tooltip_text (GTK_WIDGET (badge), explanation);
  /* Read out, "EN" or "FR" says little. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_LABEL, explanation, -1);
}

/* After every other idle: a long profile's frames, one after the other,
 * never keep a language switch or a list to fill waiting. */
#define BATCH_PRIORITY (G_PRIORITY_LOW + 10)

static void schedule_batch (AccordBatches *batches);

static gboolean
run_batch (gpointer user_data)
{
  AccordBatches *batches = user_data;
  gboolean more;

  batches->idle = 0;
  /* Out of sight, it waits for the widget to be mapped again. */
  if (!gtk_widget_get_mapped (batches->widget))
    return G_SOURCE_REMOVE;
  more = batches->batch (batches->user_data);
  /* Stopped, or started anew, from within: nothing more of this run. */
  if (batches->widget == NULL || batches->tick != 0 || batches->idle != 0)
    return G_SOURCE_REMOVE;
  if (more)
    schedule_batch (batches);
  else
    accord_batches_stop (batches);
  return G_SOURCE_REMOVE;
}

/* A frame has begun: the next batch once it is drawn. */
static gboolean
on_frame (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  AccordBatches *batches = user_data;

  batches->tick = 0;
  if (gtk_widget_get_mapped (widget))
    batches->idle = g_idle_add_full (BATCH_PRIORITY, run_batch, batches, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_batch (AccordBatches *batches)
{
  if (batches->tick == 0 && batches->idle == 0)
    batches->tick = gtk_widget_add_tick_callback (batches->widget, on_frame, batches, NULL);
}

/**
 * accord_batches_start:
 * @batches: where the work is followed, zeroed or stopped
 * @widget: the widget that shows what @batch adds
 * @batch: does a frame's worth of the work
 * @user_data: for @batch
 *
 * Calls @batch once a frame while @widget is mapped, until it returns
 * %FALSE: what is out of sight costs nothing, nor slows what is shown.
 * Each batch waits for the last one's frame to be drawn, and for every
 * other idle: frames that take long never starve the rest.
 */
void
accord_batches_start (AccordBatches   *batches,
                      GtkWidget       *widget,
                      AccordBatchFunc  batch,
                      gpointer         user_data)
{
  g_return_if_fail (batches != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (batch != NULL);

  accord_batches_stop (batches);
  batches->widget = widget;
  batches->batch = batch;
  batches->user_data = user_data;
  /* Taken up again when it shows. */
  batches->map_handler = g_signal_connect_swapped (widget, "map", G_CALLBACK (schedule_batch), batches);
  schedule_batch (batches);
}

/**
 * accord_batches_stop:
 * @batches: work started with accord_batches_start(), or zeroed
 *
 * Stops the work, if any is left.
 */
void
accord_batches_stop (AccordBatches *batches)
{
  g_return_if_fail (batches != NULL);

  if (batches->widget == NULL)
    return;
  if (batches->tick != 0)
    gtk_widget_remove_tick_callback (batches->widget, batches->tick);
  g_clear_handle_id (&batches->idle, g_source_remove);
  g_signal_handler_disconnect (batches->widget, batches->map_handler);
  *batches = (AccordBatches) { NULL };
}
