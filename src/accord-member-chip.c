#define G_LOG_DOMAIN "accord-member-chip"

#include "config.h"

#include <glib/gi18n.h>

#include "accord-countries.h"
#include "accord-member-chip.h"
#include "accord-widget-utils.h"

/* A member country as a pill: its flag, its name and, for a founding
 * member, a mark explained in the tooltip. */
struct _AccordMemberChip
{
  GtkWidget  parent_instance;

  GtkLabel  *flag;
  GtkLabel  *name_label;
  GtkImage  *founding_mark;

  char      *code;
  char      *name;
};

G_DEFINE_FINAL_TYPE (AccordMemberChip, accord_member_chip, GTK_TYPE_WIDGET)

/**
 * accord_member_chip_new:
 * @code: the member's code, as in the feed
 * @name: (nullable): its name in the UI language, or %NULL when the code
 *   is unknown (the code is shown then)
 * @founding: whether it is a founding member
 */
GtkWidget *
accord_member_chip_new (const char *code,
                        const char *name,
                        gboolean    founding)
{
  AccordMemberChip *self;
  g_autofree char *flag = NULL;
  g_autofree char *accessible = NULL;

  g_return_val_if_fail (code != NULL, NULL);

  self = g_object_new (ACCORD_TYPE_MEMBER_CHIP, NULL);
  flag = accord_country_dup_flag (code);

  self->code = g_strdup (code);
  /* An unknown code is shown as the feed wrote it, however long. */
  self->name = accord_display_text (name != NULL ? name : code, ACCORD_DISPLAY_LINE_CHARS);

  if (flag != NULL)
    {
      gtk_label_set_text (self->flag, flag);
      gtk_widget_set_visible (GTK_WIDGET (self->flag), TRUE);
      /* Hidden from screen readers, which would read its letters out:
       * the flag says nothing the name doesn't. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->flag), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
    }
  gtk_label_set_text (self->name_label, self->name);

  if (founding)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->founding_mark), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self), "founding");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("Founding member: a member since the start"));
      /* Translators: how a screen reader reads a member chip; %s is a country */
      accessible = g_strdup_printf (_("%s, founding member"), self->name);
    }
  else
    accessible = g_strdup (self->name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return GTK_WIDGET (self);
}

const char *
accord_member_chip_get_code (AccordMemberChip *self)
{
  g_return_val_if_fail (ACCORD_IS_MEMBER_CHIP (self), NULL);
  return self->code;
}

const char *
accord_member_chip_get_name (AccordMemberChip *self)
{
  g_return_val_if_fail (ACCORD_IS_MEMBER_CHIP (self), NULL);
  return self->name;
}

static void
accord_member_chip_dispose (GObject *object)
{
  AccordMemberChip *self = ACCORD_MEMBER_CHIP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ACCORD_TYPE_MEMBER_CHIP);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (accord_member_chip_parent_class)->dispose (object);
}

static void
accord_member_chip_class_init (AccordMemberChipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = accord_member_chip_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/accordapp/Accord/accord-member-chip.ui");
  gtk_widget_class_bind_template_child (widget_class, AccordMemberChip, flag);
  gtk_widget_class_bind_template_child (widget_class, AccordMemberChip, name_label);
  gtk_widget_class_bind_template_child (widget_class, AccordMemberChip, founding_mark);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
}

static void
accord_member_chip_init (AccordMemberChip *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_init_template (GTK_WIDGET (self));
}
