#define G_LOG_DOMAIN "accord-string-table"

#include "config.h"

#include <string.h>

#include "accord-string-table.h"

/* Tables keyed by strings that come from outside: ids in a feed or a
 * bookmarks file. g_str_hash() is public and simple enough that anyone
 * can write thousands of ids with one hash value, and a table of them
 * then takes quadratic time to fill. SipHash-1-3 under a key drawn once
 * per process leaves no way to know which ids collide. */

static guint64 hash_key[2];

static inline guint64
rotate_left (guint64 x,
             guint   bits)
{
  return (x << bits) | (x >> (64 - bits));
}

static inline void
sip_round (guint64 v[4])
{
  v[0] += v[1]; v[1] = rotate_left (v[1], 13); v[1] ^= v[0]; v[0] = rotate_left (v[0], 32);
  v[2] += v[3]; v[3] = rotate_left (v[3], 16); v[3] ^= v[2];
  v[0] += v[3]; v[3] = rotate_left (v[3], 21); v[3] ^= v[0];
  v[2] += v[1]; v[1] = rotate_left (v[1], 17); v[1] ^= v[2]; v[2] = rotate_left (v[2], 32);
}

static inline guint64
read_le64 (const guchar *p)
{
  guint64 word = 0;

  for (guint i = 0; i < 8; i++)
    word |= (guint64) p[i] << (8 * i);
  return word;
}

static void
ensure_key (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* GLib seeds its generator from the system's random source. */
      for (guint i = 0; i < G_N_ELEMENTS (hash_key); i++)
        hash_key[i] = ((guint64) g_random_int () << 32) | g_random_int ();
      g_once_init_leave (&initialized, 1);
    }
}

/**
 * accord_keyed_str_hash:
 * @key: a nul-terminated string
 *
 * Like g_str_hash(), for strings from outside the app: see above.
 */
guint
accord_keyed_str_hash (gconstpointer key)
{
  const guchar *p = key;
  gsize len = strlen (key);
  const guchar *end = p + (len & ~(gsize) 7);
  guint64 v[4], hash, last = (guint64) len << 56;

  ensure_key ();
  v[0] = hash_key[0] ^ G_GUINT64_CONSTANT (0x736f6d6570736575);
  v[1] = hash_key[1] ^ G_GUINT64_CONSTANT (0x646f72616e646f6d);
  v[2] = hash_key[0] ^ G_GUINT64_CONSTANT (0x6c7967656e657261);
  v[3] = hash_key[1] ^ G_GUINT64_CONSTANT (0x7465646279746573);

  for (; p < end; p += 8)
    {
      guint64 word = read_le64 (p);

      v[3] ^= word;
      sip_round (v);
      v[0] ^= word;
    }
  for (guint i = 0; i < (len & 7); i++)
    last |= (guint64) end[i] << (8 * i);

  v[3] ^= last;
  sip_round (v);
  v[0] ^= last;
  v[2] ^= 0xff;
  for (guint i = 0; i < 3; i++)
    sip_round (v);

  hash = v[0] ^ v[1] ^ v[2] ^ v[3];
  return (guint) (hash ^ (hash >> 32));
}

/**
 * accord_string_table_new:
 *
 * A #GHashTable of strings from outside the app, hashed with
 * accord_keyed_str_hash().
 */
GHashTable *
accord_string_table_new (GDestroyNotify key_destroy,
                         GDestroyNotify value_destroy)
{
  return g_hash_table_new_full (accord_keyed_str_hash, g_str_equal, key_destroy, value_destroy);
}
