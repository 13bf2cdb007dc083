#define G_LOG_DOMAIN "accord-catalog"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "accord-catalog.h"

#define MO_MAGIC         0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U

struct _AccordCatalog
{
  GBytes     *bytes;
  GHashTable *messages;   /* msgid → msgstr, both pointing into bytes */
};

static gboolean
read_u32 (const guint8 *data,
          gsize         len,
          gsize         offset,
          gboolean      swapped,
          guint32      *out)
{
  guint32 value;

  if (offset > len || len - offset < 4)
    return FALSE;
  memcpy (&value, data + offset, 4);
  *out = swapped ? GUINT32_SWAP_LE_BE (value) : value;
  return TRUE;
}

/* A string of the table at @table, entry @index, checked to lie inside
 * the file and to end with its NUL. */
static const char *
read_string (const guint8 *data,
             gsize         len,
             guint32       table,
             guint32       index,
             gboolean      swapped)
{
  guint32 length, offset;
  gsize entry = (gsize) table + (gsize) index * 8;

  if (!read_u32 (data, len, entry, swapped, &length) ||
      !read_u32 (data, len, entry + 4, swapped, &offset))
    return NULL;
  if ((gsize) offset + length >= len || data[offset + length] != '\0')
    return NULL;
  return (const char *) data + offset;
}

AccordCatalog *
accord_catalog_new_from_data (GBytes  *bytes,
                              GError **error)
{
  g_autoptr(GHashTable) messages = NULL;
  const guint8 *data;
  gsize len;
  guint32 magic, n, originals, translations;
  gboolean swapped;
  AccordCatalog *self;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (data == NULL || !read_u32 (data, len, 0, FALSE, &magic) ||
      (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not a message catalog");
      return NULL;
    }

  swapped = magic == MO_MAGIC_SWAPPED;
  if (!read_u32 (data, len, 8, swapped, &n) ||
      !read_u32 (data, len, 12, swapped, &originals) ||
      !read_u32 (data, len, 16, swapped, &translations))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Truncated message catalog");
      return NULL;
    }

  messages = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint32 i = 0; i < n; i++)
    {
      const char *msgid = read_string (data, len, originals, i, swapped);
      const char *msgstr = read_string (data, len, translations, i, swapped);

      if (msgid == NULL || msgstr == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Damaged message catalog");
          return NULL;
        }
      /* The header has an empty msgid; untranslated entries are empty. */
      if (*msgid != '\0' && *msgstr != '\0')
        g_hash_table_insert (messages, (gpointer) msgid, (gpointer) msgstr);
    }

  self = g_new0 (AccordCatalog, 1);
  self->bytes = g_bytes_ref (bytes);
  self->messages = g_steal_pointer (&messages);
  return self;
}

AccordCatalog *
accord_catalog_new_from_file (const char  *path,
                              GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if ((file = g_mapped_file_new (path, FALSE, error)) == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (file);
  return accord_catalog_new_from_data (bytes, error);
}

void
accord_catalog_free (AccordCatalog *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->messages);
  g_bytes_unref (self->bytes);
  g_free (self);
}

/**
 * accord_catalog_lookup:
 *
 * Returns: (nullable): the translation of @msgid, or %NULL when the
 *   catalog has none
 */
const char *
accord_catalog_lookup (AccordCatalog *self,
                       const char    *msgid)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (msgid != NULL, NULL);

  return g_hash_table_lookup (self->messages, msgid);
}
