// What every analysis screen needs from the app shell: the backend, the current analysis and
// its settings, and ways to change them or to move to another screen.
import { createContext, useContext } from 'react';
import type { Backend, ChartTheme } from './backend/types';
import type { AnalysisSettings, AnalysisView, Class8, ExportSpec, Lifecycle, Params, Segment, Tier } from './ipc/bindings';

export const SCREENS = [
  'dashboard',
  'segments',
  'cohorts',
  'churn',
  'repurchase',
  'predictions',
  'products',
  'customers',
  'export',
  'settings',
  'stores',
] as const;
export type ScreenName = (typeof SCREENS)[number];

/** The customer table's filters (CustomerQuery without paging and sort). */
export interface CustomerFilter {
  search: string;
  segment: Segment | null;
  class8: Class8 | null;
  tier: Tier | null;
  lifecycle: Lifecycle | null;
  rf_cell: [number, number] | null;
}

export const NO_FILTER: CustomerFilter = {
  search: '',
  segment: null,
  class8: null,
  tier: null,
  lifecycle: null,
  rf_cell: null,
};

export interface CustomerTableState {
  filter: CustomerFilter;
  sort: import('./ipc/bindings').CustomerSort;
  descending: boolean;
}

export const DEFAULT_TABLE: CustomerTableState = { filter: NO_FILTER, sort: 'net_revenue', descending: true };

export const EMPTY_EXPORT_SPEC: ExportSpec = {
  segments: [],
  classes: [],
  tiers: [],
  lifecycle: [],
  overdue_only: false,
  countries: [],
  product_bought: null,
  last_order_from: null,
  last_order_to: null,
  min_spend: null,
  churn_risk: [],
  min_clv: null,
  bought_item: null,
  not_bought_item: null,
  include_no_consent: false,
  columns: [],
  preset: 'generic',
  encoding: 'utf8',
  coupon_prefix: null,
};

export interface Shell {
  backend: Backend;
  /** The current analysis. */
  view: AnalysisView;
  /** Increases with every analysis result (charts redraw on it). */
  version: number;
  settings: AnalysisSettings;
  analysing: boolean;
  chartTheme: ChartTheme;
  /** Re-analyses with changed parameters. */
  updateParams(patch: Partial<Params>): void;
  /** Re-analyses with new settings. */
  updateSettings(next: AnalysisSettings): void;
  /** The customer table with these filters (others cleared). */
  openCustomers(filter: Partial<CustomerFilter>): void;
  /** Another screen (as the sidebar does). */
  openScreen(screen: ScreenName): void;
  /** The customer 360 page. */
  openCustomer(customer: string): void;
  table: CustomerTableState;
  setTable(next: CustomerTableState): void;
  exportSpec: ExportSpec;
  setExportSpec(next: ExportSpec): void;
  /** The Export screen with these filters (the rest of the spec reset to the defaults). */
  openExport(preset: Partial<ExportSpec>): void;
}

export const ShellContext = createContext<Shell | null>(null);

export function useShell(): Shell {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error('useShell() must be used inside the app shell');
  return shell;
}
