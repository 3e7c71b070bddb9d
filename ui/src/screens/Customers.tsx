import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { describeError } from '../backend';
import { ErrorPanel } from '../components/ErrorPanel';
import { useI18n, type MessageKey } from '../i18n';
import { CLASSES, classShort, lifecycleName, LIFECYCLES, SEGMENTS, segmentName, tierName, TIERS } from '../i18n/labels';
import type { CustomerRow, CustomerSort } from '../ipc/bindings';
import { NO_FILTER, useShell, type CustomerFilter } from '../shell';
import { present } from './common';

/** Every row has this height (px): the window of visible rows is computed, not measured. */
export const ROW_HEIGHT = 36;
/** Rows fetched per customers_page call. */
export const PAGE_SIZE = 100;
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 8;
/** Browsers cap element heights (~17–33 M px); beyond this the scrollbar maps onto rows proportionally. */
const MAX_SCROLL_HEIGHT = 8_000_000;
/** Used until the viewport has been measured (and in jsdom, which has no layout). */
const FALLBACK_VIEWPORT = 600;
const SEARCH_PAUSE_MS = 250;

interface Column {
  key: string;
  label: MessageKey;
  sort?: CustomerSort;
  num?: boolean;
  cell(row: CustomerRow): string;
}

/** The visible window of a virtual list: which rows, and the fractional first row at the top. */
export function visibleWindow(total: number, scrollTop: number, viewport: number) {
  const height = Math.min(total * ROW_HEIGHT, MAX_SCROLL_HEIGHT);
  const maxScroll = Math.max(0, height - viewport);
  const fit = viewport / ROW_HEIGHT;
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  // Unscaled this is exactly top / ROW_HEIGHT; scaled, the scrollbar's range maps onto all rows.
  const exact = maxScroll > 0 ? (top / maxScroll) * Math.max(0, total - fit) : 0;
  const first = Math.max(0, Math.floor(exact) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil(exact + fit) + OVERSCAN);
  return { height, top, exact, first, last };
}

/**
 * One table row. Memoised: below the height cap a row's position depends only on its index, so
 * scrolling renders just the rows that come into view.
 */
const TableRow = memo(function TableRow({
  index,
  row,
  y,
  columns,
  titleOf,
  onOpen,
}: {
  index: number;
  row: CustomerRow;
  y: number;
  columns: Column[];
  titleOf(row: CustomerRow): string | undefined;
  onOpen(customer: string): void;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      tabIndex={0}
      className="vtable-row vtable-grid"
      data-testid="customer-row"
      data-index={index}
      data-customer={row.customer}
      style={{ transform: `translateY(${y}px)` }}
      onClick={() => onOpen(row.customer)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onOpen(row.customer);
      }}
    >
      {columns.map((c) => (
        <div key={c.key} role="cell" className={c.num ? 'vcell num' : 'vcell'} title={c.key === 'class8' ? titleOf(row) : undefined}>
          {c.cell(row)}
        </div>
      ))}
    </div>
  );
});

export function CustomersScreen() {
  const i18n = useI18n();
  const { t, int, moneyMajor, date, locale } = i18n;
  const { backend, view, version, table, setTable, openCustomer } = useShell();
  const { filter, sort, descending } = table;
  const currency = view.analysis.currency;

  const [searchText, setSearchText] = useState(filter.search);
  // The match count of the query it belongs to (a new query has none until its first page).
  const [count, setCount] = useState<{ key: string; total: number } | null>(null);
  const [, setTick] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const [error, setError] = useState<string | null>(null);
  const pages = useRef(new Map<number, CustomerRow[]>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);

  const setFilter = useCallback(
    (patch: Partial<CustomerFilter>) => setTable({ ...table, filter: { ...table.filter, ...patch } }),
    [table, setTable],
  );

  // Search as you type, after a short pause.
  useEffect(() => {
    if (searchText === filter.search) return;
    const timer = setTimeout(() => setFilter({ search: searchText }), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [searchText, filter.search, setFilter]);

  const queryKey = useMemo(() => JSON.stringify([filter, sort, descending, version]), [filter, sort, descending, version]);
  const total = count !== null && count.key === queryKey ? count.total : null;

  const fetchPage = useCallback(
    (page: number) => {
      if (pages.current.has(page) || pending.current.has(page)) return;
      const gen = generation.current;
      pending.current.add(page);
      backend
        .customersPage(view.analysis_id, { ...filter, sort, descending, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
        .then((result) => {
          if (gen !== generation.current) return;
          pages.current.set(page, result.rows);
          setCount({ key: queryKey, total: result.total });
          setTick((n) => n + 1);
        })
        .catch((e: unknown) => {
          if (gen === generation.current) setError(describeError(e, i18n.t));
        })
        .finally(() => {
          if (gen === generation.current) pending.current.delete(page);
        });
    },
    [backend, filter, sort, descending, queryKey, view.analysis_id],
  );

  // A new query starts from the top with an empty cache.
  useLayoutEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    pending.current = new Set();
    setError(null);
    setScrollTop(0);
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [queryKey]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight > 0 ? el.clientHeight : FALLBACK_VIEWPORT);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const win = visibleWindow(total ?? 0, scrollTop, viewport);

  // Fetch the pages the visible window needs (page 0 first, to learn the total).
  useEffect(() => {
    if (total === null) {
      fetchPage(0);
      return;
    }
    if (total === 0) return;
    for (let p = Math.floor(win.first / PAGE_SIZE); p <= Math.floor(win.last / PAGE_SIZE); p++) fetchPage(p);
  }, [queryKey, total, win.first, win.last, fetchPage]);

  const columns: Column[] = useMemo(
    () => [
      { key: 'customer', label: 'cust.col.customer', sort: 'customer', cell: (r) => r.customer },
      { key: 'segment', label: 'cust.col.segment', cell: (r) => (r.segment ? segmentName(t, r.segment) : '—') },
      { key: 'class8', label: 'cust.col.class8', cell: (r) => r.class8 ?? '—' },
      { key: 'tier', label: 'cust.col.tier', cell: (r) => (r.tier ? tierName(t, r.tier) : '—') },
      { key: 'lifecycle', label: 'cust.col.lifecycle', cell: (r) => lifecycleName(t, r.lifecycle) },
      { key: 'purchases', label: 'cust.col.purchases', sort: 'purchases', num: true, cell: (r) => int(r.purchases) },
      {
        key: 'net_revenue',
        label: 'cust.col.netRevenue',
        sort: 'net_revenue',
        num: true,
        cell: (r) => moneyMajor(r.net_revenue, currency),
      },
      {
        key: 'recency',
        label: 'cust.col.recency',
        sort: 'recency',
        num: true,
        cell: (r) => (present(r.recency_days) ? int(r.recency_days) : '—'),
      },
      { key: 'first', label: 'cust.col.first', sort: 'first_purchase', cell: (r) => (r.first_purchase ? date(r.first_purchase) : '—') },
      { key: 'last', label: 'cust.col.last', sort: 'last_purchase', cell: (r) => (r.last_purchase ? date(r.last_purchase) : '—') },
      {
        key: 'rfm',
        label: 'cust.col.rfm',
        cell: (r) => (present(r.r) && present(r.f) && present(r.m) ? `${r.r}·${r.f}·${r.m}` : '—'),
      },
    ],
    [t, int, moneyMajor, date, locale, currency],
  );

  const classTitle = useCallback(
    (row: CustomerRow) => (row.class8 && locale === 'en' ? classShort(t, row.class8) : undefined),
    [t, locale],
  );

  const onSort = (key: CustomerSort) => {
    if (key === sort) setTable({ ...table, descending: !descending });
    else setTable({ ...table, sort: key, descending: key !== 'customer' });
  };

  const rows: { index: number; row: CustomerRow | undefined; y: number }[] = [];
  if (total !== null) {
    for (let i = win.first; i <= win.last; i++) {
      rows.push({
        index: i,
        row: pages.current.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE],
        y: win.top + (i - win.exact) * ROW_HEIGHT,
      });
    }
  }

  const filtered = JSON.stringify({ ...filter, search: '' }) !== JSON.stringify({ ...NO_FILTER, search: '' }) || filter.search !== '';

  return (
    <div className="screen screen-customers" data-testid="screen-customers">
      <div className="screen-head">
        <h2 className="screen-title">{t('nav.customers')}</h2>
        <p className="count" data-testid="customer-count" data-value={total ?? ''}>
          {total === null ? t('cust.counting') : t('cust.count', { count: total })}
        </p>
      </div>
      <div className="toolbar filters">
        <input
          type="search"
          className="search"
          data-testid="customer-search"
          placeholder={t('cust.search')}
          aria-label={t('cust.search')}
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
        />
        <select
          data-testid="filter-segment"
          aria-label={t('cust.col.segment')}
          value={filter.segment ?? ''}
          onChange={(e) => setFilter({ segment: (e.target.value || null) as CustomerFilter['segment'] })}
        >
          <option value="">{t('cust.allSegments')}</option>
          {SEGMENTS.map((s) => (
            <option key={s} value={s}>
              {segmentName(t, s)}
            </option>
          ))}
        </select>
        <select
          data-testid="filter-class8"
          aria-label={t('cust.col.class8')}
          value={filter.class8 ?? ''}
          onChange={(e) => setFilter({ class8: (e.target.value || null) as CustomerFilter['class8'] })}
        >
          <option value="">{t('cust.allClasses')}</option>
          {CLASSES.map((c) => (
            <option key={c} value={c}>
              {locale === 'en' ? `${c} · ${classShort(t, c)}` : c}
            </option>
          ))}
        </select>
        <select
          data-testid="filter-tier"
          aria-label={t('cust.col.tier')}
          value={filter.tier ?? ''}
          onChange={(e) => setFilter({ tier: (e.target.value || null) as CustomerFilter['tier'] })}
        >
          <option value="">{t('cust.allTiers')}</option>
          {TIERS.map((x) => (
            <option key={x} value={x}>
              {tierName(t, x)}
            </option>
          ))}
        </select>
        <select
          data-testid="filter-lifecycle"
          aria-label={t('cust.col.lifecycle')}
          value={filter.lifecycle ?? ''}
          onChange={(e) => setFilter({ lifecycle: (e.target.value || null) as CustomerFilter['lifecycle'] })}
        >
          <option value="">{t('cust.allStages')}</option>
          {LIFECYCLES.map((x) => (
            <option key={x} value={x}>
              {lifecycleName(t, x)}
            </option>
          ))}
        </select>
        {filter.rf_cell && (
          <span className="chip" data-testid="filter-rf" data-r={filter.rf_cell[0]} data-f={filter.rf_cell[1]}>
            {t('cust.rfCell', { r: filter.rf_cell[0], f: filter.rf_cell[1] })}
            <button type="button" className="chip-remove" aria-label={t('cust.clearCell')} onClick={() => setFilter({ rf_cell: null })}>
              ×
            </button>
          </span>
        )}
        {filtered && (
          <button
            type="button"
            className="link-button"
            data-testid="filter-clear"
            onClick={() => {
              setSearchText('');
              setTable({ ...table, filter: NO_FILTER });
            }}
          >
            {t('cust.clear')}
          </button>
        )}
      </div>
      {error && <ErrorPanel error={{ context: 'customers', message: error }} onDismiss={() => setError(null)} />}
      <div className="vtable" role="table" aria-label={t('nav.customers')} aria-rowcount={total ?? -1} data-testid="customer-table">
        <div className="vtable-head vtable-grid" role="row">
          {columns.map((c) => (
            <div key={c.key} role="columnheader" className={c.num ? 'vcell num' : 'vcell'} aria-sort={c.sort && c.sort === sort ? (descending ? 'descending' : 'ascending') : undefined}>
              {c.sort ? (
                <button type="button" className="sort-button" data-testid={`sort-${c.sort}`} onClick={() => onSort(c.sort as CustomerSort)}>
                  {t(c.label)}
                  <span className="sort-mark" aria-hidden="true">
                    {c.sort === sort ? (descending ? '▼' : '▲') : ''}
                  </span>
                </button>
              ) : (
                t(c.label)
              )}
            </div>
          ))}
        </div>
        <div
          className="vtable-body"
          ref={scroller}
          data-testid="customer-viewport"
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        >
          <div className="vtable-spacer" style={{ height: win.height }} role="rowgroup">
            {rows.map(({ index, row, y }) =>
              row ? (
                <TableRow key={index} index={index} row={row} y={y} columns={columns} titleOf={classTitle} onOpen={openCustomer} />
              ) : (
                <div key={index} role="row" className="vtable-row vtable-grid is-loading" style={{ transform: `translateY(${y}px)` }}>
                  <div role="cell" className="vcell muted">
                    …
                  </div>
                </div>
              ),
            )}
          </div>
          {total === 0 && <p className="empty">{t('cust.none')}</p>}
        </div>
      </div>
    </div>
  );
}
