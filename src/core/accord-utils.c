#define G_LOG_DOMAIN "accord-utils"
#define _GNU_SOURCE  /* O_TMPFILE, fallocate() */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gfiledescriptorbased.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accord-utils.h"

/**
 * accord_pick_language:
 * @lang: the wanted language ("en", "fr", or a locale name such as "fr_FR")
 * @en: (nullable): the English text
 * @fr: (nullable): the French text
 * @is_fallback: (out) (optional): whether the other language was used
 *
 * Returns: (nullable): the text in @lang, else in the other language
 */
const char *
accord_pick_language (const char *lang,
                      const char *en,
                      const char *fr,
                      gboolean   *is_fallback)
{
  gboolean french = lang != NULL && g_str_has_prefix (lang, "fr");
  const char *wanted = french ? fr : en;
  const char *other = french ? en : fr;

  if (is_fallback != NULL)
    *is_fallback = wanted == NULL && other != NULL;
  return wanted != NULL ? wanted : other;
}

/**
 * accord_is_flatpak:
 *
 * Returns: whether Accord runs in a Flatpak sandbox
 */
gboolean
accord_is_flatpak (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/**
 * accord_remove_tree:
 * @path: a folder
 *
 * Removes @path and everything below it, on a best-effort basis. Symbolic
 * links are removed, never followed.
 */
void
accord_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_if_fail (path != NULL);

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        accord_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/**
 * accord_json_get_string:
 *
 * Returns: (nullable): @object's @member when it is a string, %NULL when
 *   it is missing or of another type, as in a file anyone may write
 */
const char *
accord_json_get_string (JsonObject *object,
                        const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Where a chain of links from @path ends, when that is no file yet: the
 * file to make. %NULL when @path is no link, or the links go round. */
static char *
follow_dangling_link (const char *path)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops < 40; hops++)
    {
      g_autofree char *target = g_file_read_link (current, NULL);
      g_autofree char *dir = NULL;

      if (target == NULL)
        return hops > 0 ? g_steal_pointer (&current) : NULL;
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_path_is_absolute (target) ? g_steal_pointer (&target) : g_build_filename (dir, target, NULL);
    }
  return NULL;
}

/**
 * accord_resolve_links:
 * @path: a file's path
 *
 * Where a file written at @path lands: through symbolic links, to the
 * file they point to, made where they point when it is not there yet.
 *
 * Returns: (transfer full) (nullable): that path, or %NULL when @path
 *   leads nowhere else
 */
char *
accord_resolve_links (const char *path)
{
  char *real;

  g_return_val_if_fail (path != NULL, NULL);

  if ((real = realpath (path, NULL)) != NULL)
    return real;
  return follow_dangling_link (path);
}

/* A symbolic link stays a link: what it points to is replaced. */
static GFile *
resolve_links (GFile *file)
{
  const char *path = g_file_peek_path (file);
  g_autofree char *real = NULL;

  if (path == NULL || (real = accord_resolve_links (path)) == NULL)
    return g_object_ref (file);
  return g_file_new_for_path (real);
}

/* /dev/stdout, /dev/fd/3, /proc/self/fd/1: names of a descriptor the
 * process already has open, wherever the shell pointed it. */
static gboolean
names_open_descriptor (const char *path)
{
  return g_str_equal (path, "/dev/stdout") || g_str_equal (path, "/dev/stderr") ||
         g_str_has_prefix (path, "/dev/fd/") ||
         (g_str_has_prefix (path, "/proc/") && strstr (path, "/fd/") != NULL);
}

/* A terminal or a pipe, or a name for an open descriptor, is written to
 * as it is, at its end: whatever the shell sent it to, a file too, stays
 * where it is. Ordinary files under /dev, as in /dev/shm, are not. */
static gboolean
is_stream (GFile        *file,
           GCancellable *cancellable)
{
  const char *path = g_file_peek_path (file);
  g_autoptr(GFileInfo) info = NULL;

  if (path != NULL && names_open_descriptor (path))
    return TRUE;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  return info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_SPECIAL;
}

/* GLib gives the file that replaces another the default permissions: a
 * file its owner had made private would become readable by all. */
static void
keep_permissions (GFileOutputStream *out,
                  GFileInfo         *previous)
{
  if (g_file_info_has_attribute (previous, G_FILE_ATTRIBUTE_UNIX_MODE) && G_IS_FILE_DESCRIPTOR_BASED (out))
    fchmod (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (out)),
            g_file_info_get_attribute_uint32 (previous, G_FILE_ATTRIBUTE_UNIX_MODE) & 07777);
}

static gboolean unnamed_files = TRUE;

/**
 * accord_set_unnamed_files_for_tests:
 * @allowed: %FALSE to write files as on a file system without unnamed
 *   files (a network or FUSE one), whether this one has them or not;
 *   %TRUE to use them where there are
 *
 * For tests.
 */
void
accord_set_unnamed_files_for_tests (gboolean allowed)
{
  unnamed_files = allowed;
}

/* The process's umask, which cannot be read without being set (racing
 * other threads), from /proc; or one that keeps everything private. */
static mode_t
read_umask (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "\nUmask:")) == NULL)
    return 077;
  return (mode_t) strtoul (line + strlen ("\nUmask:"), NULL, 8) & 0777;
}

static gboolean
set_errno_error (GError **error,
                 int      errsv)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv), g_strerror (errsv));
  return FALSE;
}

/* A file in @dir that no one sees until it is given a name: a process
 * killed while writing leaves nothing behind. Where the file system has
 * no such files, or the name cannot be given later (no /proc), a hidden
 * one (*named) that only its owner may read until it is complete. */
static int
create_file_beside (const char  *dir,
                    char       **named,
                    GError     **error)
{
  int fd = -1;
  int errsv;

  *named = NULL;
  if (unnamed_files && g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR))
    {
      if ((fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666)) >= 0)
        return fd;
      errsv = errno;
      if (errsv != EOPNOTSUPP && errsv != EISDIR && errsv != EINVAL)
        {
          set_errno_error (error, errsv);
          return -1;
        }
    }

  *named = g_build_filename (dir, ".accord-XXXXXX", NULL);
  if ((fd = g_mkstemp_full (*named, O_WRONLY | O_CLOEXEC, 0600)) < 0)
    {
      errsv = errno;
      set_errno_error (error, errsv);
      g_clear_pointer (named, g_free);
    }
  return fd;
}

/* The unnamed file @fd, hidden beside its target, ready to be renamed. */
static char *
name_file_beside (int          fd,
                  const char  *dir,
                  GError     **error)
{
  g_autofree char *self_path = g_strdup_printf ("/proc/self/fd/%d", fd);
  int errsv = EEXIST;

  for (guint attempt = 0; attempt < 100 && errsv == EEXIST; attempt++)
    {
      g_autofree char *name = g_strdup_printf ("%s/.accord-%08x", dir, g_random_int ());

      if (linkat (AT_FDCWD, self_path, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0)
        return g_steal_pointer (&name);
      errsv = errno;
    }
  set_errno_error (error, errsv);
  return NULL;
}

/* In pieces, so that a cancel is heard within one. */
static gboolean
write_all_to (int            fd,
              GBytes        *contents,
              GCancellable  *cancellable,
              GError       **error)
{
  gsize left;
  const guint8 *data = g_bytes_get_data (contents, &left);

  while (left > 0)
    {
      gssize written;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      written = write (fd, data, MIN (left, 1 << 20));
      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        return set_errno_error (error, errno);
      data += written;
      left -= written;
    }
  return TRUE;
}

/* Where the file system cannot (a FUSE one may not), it is not asked. */
static gboolean
sync_to_disk (int      fd,
              GError **error)
{
  if (g_fsync (fd) == 0 || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)
    return TRUE;
  return set_errno_error (error, errno);
}

/* The file replacing @previous is its owner's and its group's, with its
 * permissions, as far as the user may keep them: a file made private
 * stays so. */
static void
keep_owner_and_mode (int              fd,
                     const GStatBuf  *previous)
{
  if (fchown (fd, previous->st_uid, previous->st_gid) != 0)
    (void) fchown (fd, (uid_t) -1, previous->st_gid);
  (void) fchmod (fd, previous->st_mode & 07777);
}

/* A new file gets the permissions any other would, once it is complete:
 * the hidden one was its owner's alone until then. */
static gboolean
make_public (int      fd,
             GError **error)
{
  return fchmod (fd, 0666 & ~read_umask ()) == 0 || set_errno_error (error, errno);
}

/* Room for the whole of @size before a byte is written over: out of
 * room halfway, the old file would be lost for a piece of the new one.
 * Where the file system cannot say, the write goes ahead. */
static gboolean
reserve_room (int      fd,
              gsize    size,
              GError **error)
{
  struct stat before;
  int rc, saved;

  if (size == 0 || fstat (fd, &before) != 0)
    return TRUE;
  while ((rc = fallocate (fd, 0, 0, (off_t) size)) != 0 && errno == EINTR)
    ;
  if (rc == 0)
    return TRUE;
  saved = errno;
  if (saved != ENOSPC && saved != EDQUOT && saved != EFBIG)
    return TRUE;
  /* What it may have added, gone: the file as it was. */
  (void) ftruncate (fd, before.st_size);
  return set_errno_error (error, saved);
}

/* In a folder the user may not add to, or not rename in (another's file
 * in /tmp), a file they may write is written over where it is: the only
 * way there, which GLib takes too. */
static gboolean
overwrite_in_place (const char    *path,
                    GBytes        *contents,
                    GCancellable  *cancellable,
                    GError       **error)
{
  int fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return set_errno_error (error, errno);
  ok = reserve_room (fd, g_bytes_get_size (contents), error) &&
       write_all_to (fd, contents, cancellable, error) &&
       (ftruncate (fd, (off_t) g_bytes_get_size (contents)) == 0 || set_errno_error (error, errno)) &&
       sync_to_disk (fd, error);
  if (close (fd) != 0 && ok)
    ok = set_errno_error (error, errno);
  return ok;
}

/* Written beside @path, in full and on the disk, before it takes its
 * name: until then, whatever fails, the old file is as it was. (GLib's
 * g_file_replace(), when it cannot make its copy beside the file for
 * want of room, deletes the file and writes in its place: out of room,
 * the previous backup would be lost for a piece of the new one.)
 * *not_allowed: the folder would not take the copy. */
static gboolean
write_beside_and_rename (const char    *path,
                         const GStatBuf *previous,
                         GBytes        *contents,
                         GCancellable  *cancellable,
                         gboolean      *not_allowed,
                         GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *named = NULL;
  gboolean hidden, ok;
  int fd;

  *not_allowed = FALSE;
  if ((fd = create_file_beside (dir, &named, error)) < 0)
    {
      *not_allowed = g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      return FALSE;
    }
  hidden = named != NULL;
  if (previous != NULL)
    keep_owner_and_mode (fd, previous);
  ok = write_all_to (fd, contents, cancellable, error) &&
       sync_to_disk (fd, error) &&
       (previous != NULL || !hidden || make_public (fd, error)) &&
       (named != NULL || (named = name_file_beside (fd, dir, error)) != NULL);
  if (ok && g_rename (named, path) != 0)
    {
      *not_allowed = errno == EPERM || errno == EACCES;
      ok = set_errno_error (error, errno);
    }
  if (close (fd) != 0 && ok)
    ok = set_errno_error (error, errno);
  if (!ok && named != NULL)
    g_unlink (named);
  return ok;
}

static gboolean
replace_local_file (const char    *path,
                    GBytes        *contents,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GStatBuf previous;
  gboolean existed = g_stat (path, &previous) == 0;
  gboolean not_allowed;

  if (existed && S_ISDIR (previous.st_mode))
    return set_errno_error (error, EISDIR);
  /* A file its owner made read-only, to keep it, is kept: from root
   * too, whom access() lets write anything. */
  if (existed && access (path, W_OK) != 0)
    return set_errno_error (error, errno);
  if (existed && S_ISREG (previous.st_mode) && (previous.st_mode & 0222) == 0)
    return set_errno_error (error, EACCES);

  if (write_beside_and_rename (path, existed ? &previous : NULL, contents, cancellable, &not_allowed, &local_error))
    return TRUE;
  if (existed && not_allowed)
    return overwrite_in_place (path, contents, cancellable, error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* A terminal or a pipe is written to as it is, at its end; a file of
 * no local path, through GIO. */
static gboolean
write_through_gio (GFile         *file,
                   gboolean       stream,
                   GBytes        *contents,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GFileInfo) previous = NULL;
  gsize len;
  gconstpointer data;

  if (stream)
    out = g_file_append_to (file, G_FILE_CREATE_NONE, cancellable, error);
  else
    {
      previous = g_file_query_info (file, G_FILE_ATTRIBUTE_UNIX_MODE, G_FILE_QUERY_INFO_NONE, cancellable, NULL);
      out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
      if (out != NULL && previous != NULL)
        keep_permissions (out, previous);
    }
  if (out == NULL)
    return FALSE;

  data = g_bytes_get_data (contents, &len);
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), data, len, NULL, cancellable, error))
    {
      /* A cancelled close drops what was written and keeps the old file;
       * a new one, written in place, goes. */
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
      if (!stream && previous == NULL)
        g_file_delete (file, NULL, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error);
}

/**
 * accord_replace_file_contents:
 * @file: the file to write
 * @contents: what it is to hold
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @contents to @file safely: beside it first, then renamed over it,
 * so that a full disk, a cancel or a killed process leaves the previous
 * file as it was.
 *
 * Returns: whether @file now holds @contents
 */
gboolean
accord_replace_file_contents (GFile         *file,
                              GBytes        *contents,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GFile) target = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_stream (file, cancellable))
    return write_through_gio (file, TRUE, contents, cancellable, error);
  /* Resolved, a link is never what gets replaced. */
  target = resolve_links (file);
  path = g_file_get_path (target);
  if (path == NULL)
    return write_through_gio (target, FALSE, contents, cancellable, error);
  return replace_local_file (path, contents, cancellable, error);
}

static void
replace_file_contents_thread (GTask        *task,
                              gpointer      source_object,
                              gpointer      task_data,
                              GCancellable *cancellable)
{
  GError *error = NULL;

  if (accord_replace_file_contents (G_FILE (source_object), task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * accord_replace_file_contents_async:
 *
 * accord_replace_file_contents() in a worker thread.
 */
void
accord_replace_file_contents_async (GFile               *file,
                                    GBytes              *contents,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (contents != NULL);

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, accord_replace_file_contents_async);
  g_task_set_task_data (task, g_bytes_ref (contents), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, replace_file_contents_thread);
}

gboolean
accord_replace_file_contents_finish (GFile         *file,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, file), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * accord_read_stream_capped:
 * @limit: the size past which reading stops
 *
 * Reads @stream to its end, or past @limit: a pipe or a device may have
 * no end, and a file may be far larger than anything it should hold.
 *
 * Returns: (transfer full): the contents, or, past @limit, their start:
 *   more than @limit bytes, for the reader to refuse in its own words
 */
GBytes *
accord_read_stream_capped (GInputStream  *stream,
                           gsize          limit,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autofree guint8 *buffer = g_malloc (64 * 1024);

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (limit < G_MAXUINT - 64 * 1024, NULL);

  while (data->len <= limit)
    {
      gssize n = g_input_stream_read (stream, buffer, 64 * 1024, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (data, buffer, (guint) n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static void
load_file_capped_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  g_autoptr(GFileInputStream) stream = NULL;
  GError *error = NULL;
  GBytes *bytes;

  if ((stream = g_file_read (G_FILE (source_object), cancellable, &error)) == NULL ||
      (bytes = accord_read_stream_capped (G_INPUT_STREAM (stream), GPOINTER_TO_SIZE (task_data), cancellable,
                                          &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/**
 * accord_load_file_capped_async:
 * @limit: the size past which reading stops
 *
 * accord_read_stream_capped() on @file, in a worker thread.
 */
void
accord_load_file_capped_async (GFile               *file,
                               gsize                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, accord_load_file_capped_async);
  g_task_set_task_data (task, GSIZE_TO_POINTER (limit), NULL);
  g_task_run_in_thread (task, load_file_capped_thread);
}

/**
 * accord_load_file_capped_finish:
 *
 * Returns: (transfer full): the contents, or their start past the limit
 */
GBytes *
accord_load_file_capped_finish (GFile         *file,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, file), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Letters that are two in a sort: œuvre files with oeuvre. */
static const char *
expanded_letter (gunichar c)
{
  switch (c)
    {
    case 0x00E6: return "ae";   /* æ */
    case 0x0153: return "oe";   /* œ */
    case 0x00DF: return "ss";   /* ß */
    default:     return NULL;
    }
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

/* Appends the run of digits at *@p to @key so that numbers sort by
 * their value, "G7" before "G20": its length first, as a byte below any
 * letter, then its digits without leading zeros. Leaves *@p on its last
 * digit. */
static void
append_number (GString     *key,
               const char **p)
{
  const char *start = *p;
  const char *end = start;

  while (*start == '0' && g_ascii_isdigit (start[1]))
    start++;
  while (g_ascii_isdigit (*end))
    end++;
  /* Longer than any name's number: their order past that matters little. */
  g_string_append_c (key, (char) MIN (end - start, 0x1f));
  g_string_append_len (key, start, end - start);
  *p = end - 1;
}

/**
 * accord_sort_key:
 * @text: a name
 *
 * A key to sort names by that does not depend on the locale's collation,
 * which under C or C.UTF-8 puts "École" after "Zulu": letters without
 * their accents, in lower case, ligatures spelled out, punctuation and
 * spaces left out ("l’Autorité" files as "lautorite"), and numbers by
 * their value ("Group 2" before "Group 10"). Names whose keys are equal
 * are ordered by accord_sort_compare().
 *
 * Returns: (transfer full): the key
 */
char *
accord_sort_key (const char *text)
{
  g_autofree char *decomposed = NULL;
  GString *key;

  g_return_val_if_fail (text != NULL, NULL);

  key = g_string_sized_new (strlen (text) + 4);
  /* Most names are plain ASCII, which has no accents to take off. */
  if (is_ascii (text))
    {
      for (const char *p = text; *p != '\0'; p++)
        if (g_ascii_isdigit (*p))
          append_number (key, &p);
        else if (g_ascii_isalpha (*p))
          g_string_append_c (key, g_ascii_tolower (*p));
      return g_string_free (key, FALSE);
    }

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  for (const char *p = decomposed ? decomposed : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));
      const char *expanded = expanded_letter (c);

      if (g_ascii_isdigit (*p))
        append_number (key, &p);
      else if (expanded != NULL)
        g_string_append (key, expanded);
      else if (g_unichar_isalnum (c))
        g_string_append_unichar (key, c);
    }
  return g_string_free (key, FALSE);
}

/**
 * accord_sort_compare:
 * @key_a: accord_sort_key() of @text_a
 * @text_a: a name
 * @key_b: accord_sort_key() of @text_b
 * @text_b: another name
 *
 * Orders two names by their keys, and names whose keys are equal ("Cote",
 * "côte") by the locale's collation of the whole names, then byte by
 * byte: the locale's collation is costly, so it only decides those.
 *
 * Returns: less than, equal to or more than 0, as strcmp()
 */
int
accord_sort_compare (const char *key_a,
                     const char *text_a,
                     const char *key_b,
                     const char *text_b)
{
  int order;

  g_return_val_if_fail (key_a != NULL && text_a != NULL, 0);
  g_return_val_if_fail (key_b != NULL && text_b != NULL, 0);

  if ((order = strcmp (key_a, key_b)) != 0)
    return order;
  if ((order = g_utf8_collate (text_a, text_b)) != 0)
    return order;
  return strcmp (text_a, text_b);
}

/**
 * accord_text_is_blank:
 *
 * Returns: whether @text holds nothing a reader would see: spaces, line
 *   breaks, and characters that only format others, such as zero-width
 *   spaces
 */
gboolean
accord_text_is_blank (const char *text)
{
  g_return_val_if_fail (text != NULL, TRUE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && g_unichar_type (c) != G_UNICODE_FORMAT)
        return FALSE;
    }
  return TRUE;
}

/* Letters the index's tokenizer keeps as they are, which few people
 * type: written as they would type them. (œ and æ are matched both ways
 * at query time instead, as French spells them.) */
static const char *
typed_form (gunichar c)
{
  static const char * const ligatures[] = { "ff", "fi", "fl", "ffi", "ffl", "st", "st" };

  switch (c)
    {
    case 0x00DF: case 0x1E9E: return "ss";   /* ß, ẞ */
    case 0x0131: return "i";                 /* dotless ı */
    case 0x0132: return "IJ";
    case 0x0133: return "ij";
    case 0x02BC: return "'";                 /* the modifier letter apostrophe */
    default: break;
    }
  if (c >= 0xFB00 && c <= 0xFB06)
    return ligatures[c - 0xFB00];
  return NULL;
}

static gboolean
is_fullwidth_ascii (gunichar c)
{
  return c >= 0xFF01 && c <= 0xFF5E;
}

/* Whether @text holds a letter typed_form() or the full-width forms
 * change, or a middle dot: cheap, as every text indexed goes through it. */
static gboolean
has_letters_to_type (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0xC2)
      {
        gunichar c = g_utf8_get_char ((const char *) p);

        if (typed_form (c) != NULL || is_fullwidth_ascii (c) || c == 0x00B7)
          return TRUE;
      }
  return FALSE;
}

/* @text with its letters as people type them; %NULL if none changed. */
static char *
type_letters (const char *text)
{
  g_autoptr(GString) typed = NULL;
  gunichar previous = 0;

  if (!has_letters_to_type (text))
    return NULL;

  typed = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      const char *form = typed_form (c);

      if (form != NULL)
        g_string_append (typed, form);
      else if (is_fullwidth_ascii (c))
        g_string_append_c (typed, (char) (c - 0xFEE0));
      /* The Catalan "l·l" is one word. */
      else if (!(c == 0x00B7 && g_unichar_isalpha (previous) && g_unichar_isalpha (g_utf8_get_char (next))))
        g_string_append_len (typed, p, next - p);
      previous = c;
      p = next;
    }
  return g_string_free_and_steal (g_steal_pointer (&typed));
}

/* "U.N." or "U.S.A": two letters or more, each alone and followed by a
 * dot (the last may go without). Returns how many bytes they take from
 * @p, the letters going to @letters; 0 if @p starts no such run. */
static gsize
dotted_letters (const char *p,
                GString    *letters)
{
  const char *q = p;
  gsize start = letters->len;
  guint n = 0;

  for (;;)
    {
      gunichar c = g_utf8_get_char (q);
      const char *after;

      if (*q == '\0' || !g_unichar_isalpha (c))
        break;
      after = g_utf8_next_char (q);
      if (*after != '.' && (n == 0 || g_unichar_isalnum (g_utf8_get_char (after))))
        break;
      g_string_append_len (letters, q, after - q);
      n++;
      if (*after != '.')
        {
          q = after;
          break;
        }
      q = after + 1;
    }
  if (n >= 2 && !g_unichar_isalnum (g_utf8_get_char (q)))
    return q - p;
  g_string_truncate (letters, start);
  return 0;
}

/* Whether @text may hold a run of dotted letters: a dot after a letter
 * that stands alone, and before another letter. A web address's dots
 * ("example.org"), which are many, follow longer words. */
static gboolean
may_have_dotted_letters (const char *text)
{
  for (const char *p = strchr (text, '.'); p != NULL; p = strchr (p + 1, '.'))
    {
      gboolean letter_after = g_ascii_isalpha (p[1]) || (guchar) p[1] >= 0xC2;
      /* Past ASCII, the letter before is not told apart so cheaply. */
      gboolean lone_before = p > text && ((guchar) p[-1] >= 0x80 ||
                                          (g_ascii_isalpha (p[-1]) && (p - 1 == text || !g_ascii_isalnum (p[-2]))));

      if (letter_after && lone_before)
        return TRUE;
    }
  return FALSE;
}

/* @text with each run of dotted letters followed by the same letters
 * joined ("U.N." as "U.N. UN"), for the index: "UN" then finds it, and
 * the letters typed with their dots still do. %NULL if there is none. */
static char *
join_dotted_letters (const char *text)
{
  g_autoptr(GString) joined = NULL;
  g_autoptr(GString) letters = g_string_new (NULL);
  gunichar previous = 0;
  gboolean found = FALSE;

  if (!may_have_dotted_letters (text))
    return NULL;

  joined = g_string_sized_new (strlen (text) + 16);
  for (const char *p = text; *p != '\0';)
    {
      gsize dotted;

      g_string_truncate (letters, 0);
      if (!g_unichar_isalnum (previous) && (dotted = dotted_letters (p, letters)) > 0)
        {
          g_string_append_len (joined, p, dotted);
          g_string_append_printf (joined, " %s ", letters->str);
          found = TRUE;
          p += dotted;
          previous = ' ';
          continue;
        }
      previous = g_utf8_get_char (p);
      g_string_append_len (joined, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return found ? g_string_free_and_steal (g_steal_pointer (&joined)) : NULL;
}

/**
 * accord_search_fold_query:
 * @text: valid UTF-8
 *
 * Writes the letters of @text as people type them, as the full-text
 * index has them: "ß" as "ss", typographic ligatures and full-width
 * letters as plain letters, "l·l" as "ll".
 *
 * Returns: (transfer full) (nullable): the text so written, or %NULL
 *   when @text needs no change
 */
char *
accord_search_fold_query (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return type_letters (text);
}

/**
 * accord_search_fold_index:
 * @text: valid UTF-8
 *
 * Writes @text for the full-text index: its letters as
 * accord_search_fold_query() writes them, and each run of dotted
 * letters followed by the same letters joined ("U.N." as "U.N. UN").
 *
 * Returns: (transfer full) (nullable): the text so written, or %NULL
 *   when @text needs no change
 */
char *
accord_search_fold_index (const char *text)
{
  g_autofree char *typed = NULL;
  char *joined;

  g_return_val_if_fail (text != NULL, NULL);

  typed = type_letters (text);
  joined = join_dotted_letters (typed != NULL ? typed : text);
  return joined != NULL ? joined : g_steal_pointer (&typed);
}
