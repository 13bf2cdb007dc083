#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Between the items of a line, such as an article's entities: kept with
 * the item before it, so that a line never starts with it. */
#define ACCORD_ITEM_SEPARATOR "\u00a0· "

void accord_widget_remove_children (GtkWidget     *widget);
void accord_scroll_when_ready      (GtkAdjustment *adjustment,
                                    double         value);
void accord_list_view_place        (GtkListView   *list,
                                    double         value);
void accord_list_view_place_showing (GtkListView  *list,
                                     double        value,
                                     guint         position);
void accord_list_view_keep_top     (GtkListView   *list);
void accord_list_view_show         (GtkListView   *list,
                                    GListModel    *model);
void accord_list_view_focus        (GtkListView   *list,
                                    guint          position);
void accord_list_view_focus_under_heading (GtkListView *list,
                                           guint        position,
                                           GType        row_type);
gboolean accord_list_view_go_home  (GtkListView     *list,
                                    guint            keyval,
                                    GdkModifierType  state);
GtkWidget *accord_focused_row      (GtkWidget     *within,
                                    GType          row_type);
GtkWidget *accord_row_holding      (GtkWidget     *widget,
                                    GType          row_type);
gboolean   accord_widget_is_within (GtkWidget     *widget,
                                    GtkWidget     *container);
void accord_open_web_uri           (GtkWidget     *widget,
                                    const char    *uri);

GtkWidget *accord_heading_label_new (int            level,
                                     gboolean       dimmed);
/* How much of a text from the data is shown: a name, a title, a source
 * in one piece; a summary or a paragraph of a profile in pieces. */
#define ACCORD_DISPLAY_LINE_CHARS  500
#define ACCORD_DISPLAY_PIECE_CHARS 2000

char      *accord_display_text     (const char    *text,
                                    gsize          max_chars);
GStrv      accord_display_pieces   (const char    *paragraph);
const char *accord_direction_mark  (void);
char      *accord_join_data_texts  (const char * const *texts,
                                    const char    *separator);
void accord_label_set_data_text    (GtkLabel      *label,
                                    const char    *text,
                                    gsize          max_chars);
void accord_label_copy_as_written  (GtkLabel      *label);
void accord_label_show_whole_when_cut (GtkLabel   *label);
GtkWidget *accord_language_badge_new (void);
void accord_language_badge_show    (GtkLabel      *badge,
                                    const char    *lang,
                                    const char    *explanation);

/* Work done a batch a frame while a widget is in sight, and taken up
 * again when it shows: returns whether there is more. */
typedef gboolean (*AccordBatchFunc) (gpointer user_data);

typedef struct
{
  GtkWidget       *widget;
  AccordBatchFunc  batch;
  gpointer         user_data;
  guint            tick;
  guint            idle;
  gulong           map_handler;
} AccordBatches;

void accord_batches_start          (AccordBatches *batches,
                                    GtkWidget     *widget,
                                    AccordBatchFunc batch,
                                    gpointer       user_data);
void accord_batches_stop           (AccordBatches *batches);

G_END_DECLS
