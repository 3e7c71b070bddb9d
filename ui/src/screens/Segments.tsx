import { useState } from 'react';
import { Chart, ChartSave } from '../components/Chart';
import { useI18n } from '../i18n';
import { classShort, segmentName } from '../i18n/labels';
import { segmentOfCell } from './rfm';
import { useShell } from '../shell';
import { heat, present } from './common';
import { SegmentMigration } from './SegmentMigration';

type MapKind = 'rf' | '8';

export function SegmentsScreen() {
  const i18n = useI18n();
  const { t, int, pct, moneyMajor, decimal, locale } = i18n;
  const { view, openCustomers } = useShell();
  const [map, setMap] = useState<MapKind>('rf');
  const a = view.analysis;
  const currency = a.currency;
  const grid = a.rfm.rf_grid;
  const max = Math.max(0, ...grid.flat());
  const th = a.eight_class.thresholds;

  return (
    <div className="screen" data-testid="screen-segments">
      <div className="screen-head">
        <h2 className="screen-title">{t('nav.segments')}</h2>
        <div className="segmented" role="group" aria-label={t('seg.map')}>
          <button
            type="button"
            data-testid="map-rf"
            className={map === 'rf' ? 'segmented-button is-active' : 'segmented-button'}
            aria-pressed={map === 'rf'}
            onClick={() => setMap('rf')}
          >
            {t('seg.map.rf')}
          </button>
          <button
            type="button"
            data-testid="map-8"
            className={map === '8' ? 'segmented-button is-active' : 'segmented-button'}
            aria-pressed={map === '8'}
            onClick={() => setMap('8')}
          >
            {t('seg.map.8')}
          </button>
        </div>
      </div>

      {map === 'rf' ? (
        <>
          <p className="screen-sub">{t('seg.rf.intro', { customers: a.rfm.customers })}</p>
          <div className="two-col">
            <section className="panel" aria-labelledby="rf-grid-title">
              <div className="panel-head">
                <h3 className="panel-title" id="rf-grid-title">
                  {t('seg.grid.title')}
                </h3>
                <ChartSave kind="rf-heatmap" />
              </div>
              <div className="rf-grid" role="grid" aria-labelledby="rf-grid-title" data-testid="rf-grid">
                <div className="rf-corner" aria-hidden="true">
                  R \ F
                </div>
                {[1, 2, 3, 4, 5].map((f) => (
                  <div key={`f${f}`} className="rf-axis" role="columnheader">
                    F{f}
                  </div>
                ))}
                {[5, 4, 3, 2, 1].map((r) => (
                  <div className="rf-row" role="row" key={`r${r}`}>
                    <div className="rf-axis" role="rowheader">
                      R{r}
                    </div>
                    {[1, 2, 3, 4, 5].map((f) => {
                      const count = grid[r - 1][f - 1];
                      const segment = segmentOfCell(r, f);
                      return (
                        <button
                          key={f}
                          type="button"
                          role="gridcell"
                          className={`rf-cell ${heat(count, max)}`}
                          data-testid="rf-cell"
                          data-r={r}
                          data-f={f}
                          data-count={count}
                          disabled={count === 0}
                          title={t('seg.cell.title', { r, f, segment: segmentName(t, segment), count })}
                          onClick={() => openCustomers({ rf_cell: [r, f] })}
                        >
                          <span className="rf-count">{int(count)}</span>
                          <span className="rf-seg">{segmentName(t, segment)}</span>
                        </button>
                      );
                    })}
                  </div>
                ))}
              </div>
              <p className="note">{t('seg.grid.note')}</p>
            </section>
            <section className="panel" aria-labelledby="seg-table-title">
              <div className="panel-head">
                <h3 className="panel-title" id="seg-table-title">
                  {t('seg.table.title')}
                </h3>
                <ChartSave kind="segments" />
              </div>
              <table className="data-table clickable" data-testid="segment-table">
                <thead>
                  <tr>
                    <th scope="col">{t('seg.col.segment')}</th>
                    <th scope="col" className="num">{t('seg.col.customers')}</th>
                    <th scope="col" className="num">{t('seg.col.share')}</th>
                    <th scope="col" className="num">{t('seg.col.revenue')}</th>
                    <th scope="col" className="num">{t('seg.col.revenueShare')}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.segments.map((s) => (
                    <tr
                      key={s.segment}
                      data-testid="segment-row"
                      data-segment={s.segment}
                      data-count={s.customers}
                      tabIndex={0}
                      onClick={() => openCustomers({ segment: s.segment })}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') openCustomers({ segment: s.segment });
                      }}
                    >
                      <th scope="row">
                        <span className="row-link">{segmentName(t, s.segment)}</span>
                        {locale !== 'en' && <span className="gloss">{s.segment}</span>}
                      </th>
                      <td className="num">{int(s.customers)}</td>
                      <td className="num">{present(s.share) ? pct(s.share) : '—'}</td>
                      <td className="num">{moneyMajor(s.net_revenue, currency, 0)}</td>
                      <td className="num">{present(s.revenue_share) ? pct(s.revenue_share) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="note">{t('seg.table.note')}</p>
            </section>
          </div>
          <div className="chart-grid">
            <Chart kind="segments" title={t('chart.segments')} aspect={0.7} />
            <Chart kind="rf-heatmap" title={t('chart.rfHeatmap')} aspect={0.7} />
          </div>
        </>
      ) : (
        <>
          <p className="screen-sub">
            {t(`seg.8.intro.${th.mode === 'median' ? 'median' : th.mode === 'fixed' ? 'fixed' : 'mean'}`)}{' '}
            {present(th.recency_days) &&
              present(th.frequency) &&
              present(th.monetary) &&
              t('seg.8.thresholds', {
                recency: decimal(th.recency_days, 0),
                frequency: decimal(th.frequency, 1),
                monetary: moneyMajor(th.monetary, currency, 0),
              })}
          </p>
          <section className="panel" aria-labelledby="class-table-title">
            <div className="panel-head">
              <h3 className="panel-title" id="class-table-title">
                {t('seg.8.title')}
              </h3>
              <ChartSave kind="eight-class" />
            </div>
            <table className="data-table clickable" data-testid="class-table">
              <thead>
                <tr>
                  <th scope="col">{t('seg.col.class')}</th>
                  <th scope="col" className="center">R</th>
                  <th scope="col" className="center">F</th>
                  <th scope="col" className="center">M</th>
                  <th scope="col" className="num">{t('seg.col.customers')}</th>
                  <th scope="col" className="num">{t('seg.col.share')}</th>
                  <th scope="col" className="num">{t('seg.col.revenue')}</th>
                </tr>
              </thead>
              <tbody>
                {a.eight_class.classes.map((c) => (
                  <tr
                    key={c.class}
                    data-testid="class-row"
                    data-class={c.class}
                    data-count={c.customers}
                    tabIndex={0}
                    onClick={() => openCustomers({ class8: c.class })}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') openCustomers({ class8: c.class });
                    }}
                  >
                    <th scope="row">
                      <span className="row-link" lang="zh-CN">
                        {c.class}
                      </span>
                      {locale === 'en' && (
                        <span className="gloss" title={c.gloss}>
                          {classShort(t, c.class)} — {c.gloss}
                        </span>
                      )}
                    </th>
                    {[c.r_high, c.f_high, c.m_high].map((high, i) => (
                      <td key={i} className={high ? 'center hl is-high' : 'center hl is-low'}>
                        {high ? t('seg.high') : t('seg.low')}
                      </td>
                    ))}
                    <td className="num">{int(c.customers)}</td>
                    <td className="num">{present(c.share) ? pct(c.share) : '—'}</td>
                    <td className="num">{moneyMajor(c.net_revenue, currency, 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <Chart kind="eight-class" title={t('chart.eightClass')} />
        </>
      )}
      <SegmentMigration />
    </div>
  );
}
