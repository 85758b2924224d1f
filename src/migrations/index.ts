import * as migration_20261125_200915_initial from './20261125_200915_initial';
import * as migration_20261126_005011_watcher_sync from './20261126_005011_watcher_sync';
import * as migration_20261126_010236_user_disabled from './20261126_010236_user_disabled';
import * as migration_20261126_011102_usage_and_invoices from './20261126_011102_usage_and_invoices';
import * as migration_20261126_035851_billing_events from './20261126_035851_billing_events';
import * as migration_20261126_040330_payments_ledger_credit_notes from './20261126_040330_payments_ledger_credit_notes';
import * as migration_20261126_040602_notifications from './20261126_040602_notifications';
import * as migration_20261126_040828_dunning from './20261126_040828_dunning';
import * as migration_20261126_043457_email_delivery_sending from './20261126_043457_email_delivery_sending';
import * as migration_20261203_211556_worker_heartbeats from './20261203_211556_worker_heartbeats';
import * as migration_20261203_212542_account_safety from './20261203_212542_account_safety';
import * as migration_20261203_215833_camera_key_ids from './20261203_215833_camera_key_ids';
import * as migration_20261204_030644_jobs_task_list_order from './20261204_030644_jobs_task_list_order';
import * as migration_20261204_141624_locales from './20261204_141624_locales';
import * as migration_20261204_144731_billing_address from './20261204_144731_billing_address';
import * as migration_20261204_161600_invoice_usage_intervals from './20261204_161600_invoice_usage_intervals';
import * as migration_20261204_161712_price_changes from './20261204_161712_price_changes';
import * as migration_20261204_214443_camera_usage_indexes from './20261204_214443_camera_usage_indexes';

export const migrations = [
  {
    up: migration_20261125_200915_initial.up,
    down: migration_20261125_200915_initial.down,
    name: '20261125_200915_initial',
  },
  {
    up: migration_20261126_005011_watcher_sync.up,
    down: migration_20261126_005011_watcher_sync.down,
    name: '20261126_005011_watcher_sync',
  },
  {
    up: migration_20261126_010236_user_disabled.up,
    down: migration_20261126_010236_user_disabled.down,
    name: '20261126_010236_user_disabled',
  },
  {
    up: migration_20261126_011102_usage_and_invoices.up,
    down: migration_20261126_011102_usage_and_invoices.down,
    name: '20261126_011102_usage_and_invoices',
  },
  {
    up: migration_20261126_035851_billing_events.up,
    down: migration_20261126_035851_billing_events.down,
    name: '20261126_035851_billing_events',
  },
  {
    up: migration_20261126_040330_payments_ledger_credit_notes.up,
    down: migration_20261126_040330_payments_ledger_credit_notes.down,
    name: '20261126_040330_payments_ledger_credit_notes',
  },
  {
    up: migration_20261126_040602_notifications.up,
    down: migration_20261126_040602_notifications.down,
    name: '20261126_040602_notifications',
  },
  {
    up: migration_20261126_040828_dunning.up,
    down: migration_20261126_040828_dunning.down,
    name: '20261126_040828_dunning',
  },
  {
    up: migration_20261126_043457_email_delivery_sending.up,
    down: migration_20261126_043457_email_delivery_sending.down,
    name: '20261126_043457_email_delivery_sending',
  },
  {
    up: migration_20261203_211556_worker_heartbeats.up,
    down: migration_20261203_211556_worker_heartbeats.down,
    name: '20261203_211556_worker_heartbeats',
  },
  {
    up: migration_20261203_212542_account_safety.up,
    down: migration_20261203_212542_account_safety.down,
    name: '20261203_212542_account_safety',
  },
  {
    up: migration_20261203_215833_camera_key_ids.up,
    down: migration_20261203_215833_camera_key_ids.down,
    name: '20261203_215833_camera_key_ids',
  },
  {
    up: migration_20261204_030644_jobs_task_list_order.up,
    down: migration_20261204_030644_jobs_task_list_order.down,
    name: '20261204_030644_jobs_task_list_order',
  },
  {
    up: migration_20261204_141624_locales.up,
    down: migration_20261204_141624_locales.down,
    name: '20261204_141624_locales',
  },
  {
    up: migration_20261204_144731_billing_address.up,
    down: migration_20261204_144731_billing_address.down,
    name: '20261204_144731_billing_address',
  },
  {
    up: migration_20261204_161600_invoice_usage_intervals.up,
    down: migration_20261204_161600_invoice_usage_intervals.down,
    name: '20261204_161600_invoice_usage_intervals',
  },
  {
    up: migration_20261204_161712_price_changes.up,
    down: migration_20261204_161712_price_changes.down,
    name: '20261204_161712_price_changes',
  },
  {
    up: migration_20261204_214443_camera_usage_indexes.up,
    down: migration_20261204_214443_camera_usage_indexes.down,
    name: '20261204_214443_camera_usage_indexes'
  },
];
