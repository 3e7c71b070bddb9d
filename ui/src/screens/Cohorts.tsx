import { useState } from 'react';
import { Chart, ChartSave } from '../components/Chart';
import { useI18n, type MessageKey } from '../i18n';
import type { CohortGroup, CohortRow, CohortSplits } from '../ipc/bindings';
import { useShell } from '../shell';
import { heat } from './common';

type Split = 'all' | keyof CohortSplits;
const SPLITS: Split[] = ['all', 'first_order_country', 'first_product', 'platform'];

type Metric = 'customers' | 'revenue';

function CohortTable({ rows, metric, week, testId }: { rows: CohortRow[]; metric: Metric; week: boolean; testId: string }) {
  const { t, int, pct } = useI18n();
  const periods = rows.reduce((n, r) => Math.max(n, r.customer_retention.length), 0);
  const ks = Array.from({ length: periods }, (_, k) => k);
  return (
    <div className="table-scroll">
      <table className="data-table cohort-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('cohort.col.cohort')}</th>
            <th scope="col" className="num">{t('cohort.col.customers')}</th>
            {ks.map((k) => (
              <th scope="col" key={k} className="num">
                {t(week ? 'cohort.k.week' : 'cohort.k.month', { k: String(k) })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const values: (number | null)[] = metric === 'customers' ? row.customer_retention : row.revenue_retention;
            return (
              <tr key={row.cohort} data-testid="cohort-row" data-cohort={row.cohort}>
                <th scope="row" className="mono">
                  {row.cohort}
                </th>
                <td className="num">{int(row.customers)}</td>
                {ks.map((k) => {
                  // Periods after the as-of date are not observable yet: blank, never 0.
                  if (k >= values.length) {
                    return <td key={k} className="cohort-cell absent" data-testid="cohort-cell" data-k={k} data-absent="true" />;
                  }
                  const v = values[k];
                  if (v === null) {
                    return (
                      <td key={k} className="cohort-cell undefined" data-testid="cohort-cell" data-k={k} title={t('cohort.undefined')}>
                        –
                      </td>
                    );
                  }
                  return (
                    <td key={k} className={`cohort-cell num ${heat(Math.min(v, 1), 1)}`} data-testid="cohort-cell" data-k={k} data-value={v}>
                      {pct(v, 0)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function CohortsScreen() {
  const { t, int } = useI18n();
  const { view, settings, updateParams, analysing } = useShell();
  const [split, setSplit] = useState<Split>('all');
  const [group, setGroup] = useState(0);
  const c = view.analysis.cohorts;
  const week = c.period === 'iso_week';
  const groups: CohortGroup[] = split === 'all' ? [] : c.splits[split];
  const current = split === 'all' ? null : (groups[group] ?? groups[0] ?? null);
  const rows = split === 'all' ? c.rows : (current?.rows ?? []);
  const period = settings.params.cohort_period;

  return (
    <div className="screen" data-testid="screen-cohorts">
      <div className="screen-head">
        <h2 className="screen-title">{t('nav.cohorts')}</h2>
        <div className="segmented" role="group" aria-label={t('cohort.period')}>
          {(['month', 'iso_week'] as const).map((p) => (
            <button
              key={p}
              type="button"
              data-testid={`cohort-period-${p}`}
              className={period === p ? 'segmented-button is-active' : 'segmented-button'}
              aria-pressed={period === p}
              disabled={analysing}
              onClick={() => period !== p && updateParams({ cohort_period: p })}
            >
              {t(p === 'month' ? 'cohort.period.month' : 'cohort.period.week')}
            </button>
          ))}
        </div>
      </div>
      <p className="screen-sub">{t(week ? 'cohort.intro.week' : 'cohort.intro.month')}</p>
      <div className="toolbar">
        <label className="field">
          <span className="field-label">{t('cohort.split')}</span>
          <select
            data-testid="cohort-split"
            value={split}
            onChange={(e) => {
              setSplit(e.target.value as Split);
              setGroup(0);
            }}
          >
            {SPLITS.map((s) => (
              <option key={s} value={s} disabled={s !== 'all' && c.splits[s].length === 0}>
                {t(`cohort.split.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {split !== 'all' && (
          <label className="field">
            <span className="field-label">{t('cohort.group')}</span>
            <select data-testid="cohort-group" value={group} onChange={(e) => setGroup(Number(e.target.value))}>
              {groups.map((g, i) => (
                <option key={g.group} value={i}>
                  {t('cohort.groupOption', { group: g.group, customers: int(g.customers) })}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {split !== 'all' && groups.length === 0 && <p className="notice">{t('cohort.noGroups')}</p>}

      <section className="panel" aria-labelledby="cohort-ret-title">
        <div className="panel-head">
          <h3 className="panel-title" id="cohort-ret-title">
            {t('cohort.retention.title')}
          </h3>
          <ChartSave kind="cohort" />
        </div>
        <CohortTable rows={rows} metric="customers" week={week} testId="cohort-retention" />
        <p className="note">{t('cohort.blankNote')}</p>
      </section>
      <section className="panel" aria-labelledby="cohort-rev-title">
        <div className="panel-head">
          <h3 className="panel-title" id="cohort-rev-title">
            {t('cohort.revenue.title')}
          </h3>
          <ChartSave kind="revenue-retention" />
        </div>
        <CohortTable rows={rows} metric="revenue" week={week} testId="cohort-revenue" />
        <p className="note">{t('cohort.revenueNote')}</p>
      </section>
      <section className="panel" aria-labelledby="ltv-title">
        <div className="panel-head">
          <h3 className="panel-title" id="ltv-title">
            {t('chart.ltv')}
          </h3>
          <ChartSave kind="ltv" />
        </div>
        <Chart kind="ltv" title={t('chart.ltv')} />
        {split !== 'all' && <p className="note">{t('cohort.chartAllNote')}</p>}
      </section>
    </div>
  );
}
