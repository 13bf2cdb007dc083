#define G_LOG_DOMAIN "accord-sync-scheduler"

#include "config.h"

#include "accord-sync-scheduler.h"

/* Decides when the data should be refreshed on its own: when the last
 * successful sync, or the last attempt, is older than the interval, the
 * network is up and not metered, and power saving is off, as GNOME's own
 * background downloads wait for it. It checks on start, every minute,
 * when the network comes back and when power saving ends, and says so
 * with the "due" signal; it runs nothing itself. A refresh asked for by
 * the user ignores all this. */

#define CHECK_INTERVAL_S 60

struct _AccordSyncScheduler
{
  GObject               parent_instance;

  AccordStore          *store;
  GNetworkMonitor      *monitor;
  GPowerProfileMonitor *power_monitor;
  guint                 interval_minutes;
  guint                 timer;
  gint64                held_at;        /* when the user last stopped one */
  gint64                last_due;       /* when "due" was last emitted */
  gboolean              network_lost;
};

G_DEFINE_FINAL_TYPE (AccordSyncScheduler, accord_sync_scheduler, G_TYPE_OBJECT)

enum {
  DUE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A time ahead of the clock was taken while the clock was wrong: it
 * counts as none. Waited for, it would stop refreshes for as long as the
 * clock was ahead; taken as the latest, it would outweigh every time
 * taken since. */
static gint64
past_or_none (gint64 time,
              gint64 now)
{
  return time > now ? 0 : time;
}

/**
 * accord_sync_scheduler_is_due:
 * @now: the time, in seconds since 1970
 *
 * Returns: whether an automatic sync should start now
 */
gboolean
accord_sync_scheduler_is_due (AccordSyncScheduler *self,
                              gint64               now)
{
  gint64 last;

  g_return_val_if_fail (ACCORD_IS_SYNC_SCHEDULER (self), FALSE);

  if (self->interval_minutes == 0)
    return FALSE;
  if (!g_network_monitor_get_network_available (self->monitor) ||
      g_network_monitor_get_network_metered (self->monitor))
    return FALSE;
  if (self->power_monitor != NULL && g_power_profile_monitor_get_power_saver_enabled (self->power_monitor))
    return FALSE;

  /* After a failure, wait a whole interval too: the user can always
   * refresh by hand, and a broken server is not hammered. */
  last = MAX (past_or_none (accord_store_get_sync_time (self->store, "last-success"), now),
              past_or_none (accord_store_get_sync_time (self->store, "last-attempt"), now));
  last = MAX (last, past_or_none (self->held_at, now));
  return now - last >= (gint64) self->interval_minutes * 60;
}

/**
 * accord_sync_scheduler_check:
 *
 * Emits "due" if an automatic sync should start now.
 */
void
accord_sync_scheduler_check (AccordSyncScheduler *self)
{
  gint64 now, last_due;

  g_return_if_fail (ACCORD_IS_SYNC_SCHEDULER (self));

  now = g_get_real_time () / G_USEC_PER_SEC;
  if (!accord_sync_scheduler_is_due (self, now))
    return;
  /* Nor again within an interval of the last time it was: the store may
   * have been unable to keep the time of that attempt (a full disk), and
   * the feed would be fetched at every check. */
  last_due = past_or_none (self->last_due, now);
  if (last_due != 0 && now - last_due < (gint64) self->interval_minutes * 60)
    return;
  self->last_due = now;
  g_signal_emit (self, signals[DUE], 0);
}

/**
 * accord_sync_scheduler_hold:
 * @now: the time, in seconds since 1970
 *
 * The user stopped a refresh: none is due on its own for a whole
 * interval from @now. A stopped refresh records no attempt, and the next
 * check would otherwise start it again within the minute.
 */
void
accord_sync_scheduler_hold (AccordSyncScheduler *self,
                            gint64               now)
{
  g_return_if_fail (ACCORD_IS_SYNC_SCHEDULER (self));

  self->held_at = now;
}

static gboolean
on_timer (gpointer user_data)
{
  accord_sync_scheduler_check (ACCORD_SYNC_SCHEDULER (user_data));
  return G_SOURCE_CONTINUE;
}

/* Back on a network after losing it: a refresh that failed offline
 * recorded no attempt, and is due again, whenever it was last due. */
static void
on_network_changed (AccordSyncScheduler *self,
                    gboolean             available)
{
  if (!available)
    {
      self->network_lost = TRUE;
      return;
    }
  if (self->network_lost)
    self->last_due = 0;
  self->network_lost = FALSE;
  accord_sync_scheduler_check (self);
}

static void
on_power_saver_changed (AccordSyncScheduler *self)
{
  if (!g_power_profile_monitor_get_power_saver_enabled (self->power_monitor))
    accord_sync_scheduler_check (self);
}

void
accord_sync_scheduler_set_interval (AccordSyncScheduler *self,
                                    guint                minutes)
{
  g_return_if_fail (ACCORD_IS_SYNC_SCHEDULER (self));

  if (self->interval_minutes == minutes)
    return;
  self->interval_minutes = minutes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
  accord_sync_scheduler_check (self);
}

/**
 * accord_sync_scheduler_new:
 * @monitor: the network monitor (g_network_monitor_get_default(), or a
 *   fake one in tests)
 * @power_monitor: (nullable): the power profile monitor
 *   (g_power_profile_monitor_dup_default(), or a fake one), if any
 */
AccordSyncScheduler *
accord_sync_scheduler_new (AccordStore          *store,
                           GNetworkMonitor      *monitor,
                           GPowerProfileMonitor *power_monitor)
{
  AccordSyncScheduler *self;

  g_return_val_if_fail (ACCORD_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_NETWORK_MONITOR (monitor), NULL);
  g_return_val_if_fail (power_monitor == NULL || G_IS_POWER_PROFILE_MONITOR (power_monitor), NULL);

  self = g_object_new (ACCORD_TYPE_SYNC_SCHEDULER, NULL);
  self->store = g_object_ref (store);
  self->monitor = g_object_ref (monitor);
  g_signal_connect_object (monitor, "network-changed", G_CALLBACK (on_network_changed), self, G_CONNECT_SWAPPED);
  if (power_monitor != NULL)
    {
      self->power_monitor = g_object_ref (power_monitor);
      g_signal_connect_object (power_monitor, "notify::power-saver-enabled", G_CALLBACK (on_power_saver_changed),
                               self, G_CONNECT_SWAPPED);
    }
  self->timer = g_timeout_add_seconds (CHECK_INTERVAL_S, on_timer, self);
  return self;
}

static void
accord_sync_scheduler_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_INTERVAL:
      g_value_set_uint (value, ACCORD_SYNC_SCHEDULER (object)->interval_minutes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
accord_sync_scheduler_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_INTERVAL:
      accord_sync_scheduler_set_interval (ACCORD_SYNC_SCHEDULER (object), g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
accord_sync_scheduler_dispose (GObject *object)
{
  AccordSyncScheduler *self = ACCORD_SYNC_SCHEDULER (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_object (&self->monitor);
  g_clear_object (&self->power_monitor);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (accord_sync_scheduler_parent_class)->dispose (object);
}

static void
accord_sync_scheduler_class_init (AccordSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = accord_sync_scheduler_dispose;
  object_class->get_property = accord_sync_scheduler_get_property;
  object_class->set_property = accord_sync_scheduler_set_property;

  /**
   * AccordSyncScheduler:interval:
   *
   * Minutes between automatic syncs; 0 syncs only on demand.
   */
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AccordSyncScheduler::due:
   *
   * An automatic sync should start now.
   */
  signals[DUE] = g_signal_new ("due", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                               0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
accord_sync_scheduler_init (AccordSyncScheduler *self)
{
}
