// The backend's default generic export layout (`Column::GENERIC_DEFAULT` in
// repeatlens-export), used by the export screen and by the fake backend.
import type { Column } from '../ipc/bindings';

export const GENERIC_DEFAULT: Column[] = [
  'customer_id',
  'email',
  'first_name',
  'last_name',
  'phone',
  'country',
  'accepts_marketing',
  'segment',
  'class8',
  'tier',
  'lifecycle',
  'purchases',
  'net_revenue',
  'currency',
  'last_purchase',
];

/**
 * Columns from the Predictions screen's models (`Column::is_forecast`): an export with one of
 * them needs the predictions of the current analysis.
 */
export const FORECAST_COLUMNS: Column[] = ['churn_risk', 'churn_band', 'clv', 'next_purchase'];
