import { FORECAST_COLUMNS, GENERIC_DEFAULT } from '../backend/exportColumns';
import { useEffect, useState, type ReactNode } from 'react';
import { describeError } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { CLASSES, classShort, idOf, lifecycleName, LIFECYCLES, SEGMENTS, segmentName, tierName, TIERS } from '../i18n/labels';
import type { ChurnBand, Column, ExportPreview, ExportSpec, ItemRef, Preset, Saved, SaveTarget } from '../ipc/bindings';
import { EMPTY_EXPORT_SPEC, useShell } from '../shell';
import { itemText } from './insight';

/** Columns a generic export can have, in file order (the coupon code follows when codes are on). */
export const ALL_COLUMNS: Column[] = [
  'customer_id',
  'email',
  'first_name',
  'last_name',
  'phone',
  'country',
  'accepts_marketing',
  'tags',
  'segment',
  'class8',
  'tier',
  'lifecycle',
  'purchases',
  'net_revenue',
  'currency',
  'first_purchase',
  'last_purchase',
  'recency_days',
  ...FORECAST_COLUMNS,
];

const BANDS: ChurnBand[] = ['low', 'medium', 'high'];

/** "Bought: 85123A · WHITE HANGING HEART…" with a button that removes the filter. */
function ItemChip({ item, label, testId, onRemove }: { item: ItemRef; label: MessageKey; testId: string; onRemove(): void }) {
  const { t } = useI18n();
  const text = t(label, { item: itemText(item.name) });
  return (
    <span className="chip item-chip" data-testid={testId} data-level={item.level} data-name={item.name} title={text}>
      <span className="chip-text">{text}</span>
      <button type="button" className="chip-remove" aria-label={t('export.removeFilter')} title={t('export.removeFilter')} onClick={onRemove}>
        ×
      </button>
    </span>
  );
}

/** The backend's default generic layout (`Column::GENERIC_DEFAULT`). */
export const DEFAULT_COLUMNS: Column[] = GENERIC_DEFAULT;

const PRESETS: Preset[] = ['generic', 'shopify_customer_import', 'klaviyo', 'mailchimp'];

const PREVIEW_PAUSE_MS = 300;

export function validCouponPrefix(prefix: string): boolean {
  const p = prefix.trim();
  return p.length > 0 && p.length <= 20 && p.split(/[-_]/).every((part) => /^[A-Za-z0-9]+$/.test(part));
}

function toggle<T>(list: T[], item: T, on: boolean): T[] {
  return on ? (list.includes(item) ? list : [...list, item]) : list.filter((x) => x !== item);
}

function Check({ testId, checked, onChange, children }: { testId: string; checked: boolean; onChange(on: boolean): void; children: ReactNode }) {
  return (
    <label className="check">
      <input type="checkbox" data-testid={testId} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="check-text">{children}</span>
    </label>
  );
}

export function ExportScreen() {
  const { t, int, locale } = useI18n();
  const { backend, view, version, exportSpec: spec, setExportSpec: setSpec } = useShell();
  const [countries, setCountries] = useState(spec.countries.join(', '));
  const [minSpend, setMinSpend] = useState(spec.min_spend === null ? '' : String(spec.min_spend));
  const [minClv, setMinClv] = useState(spec.min_clv === null ? '' : String(spec.min_clv));
  const [prefix, setPrefix] = useState(spec.coupon_prefix ?? '');
  const [preview, setPreview] = useState<ExportPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);

  const prefixOk = prefix.trim() === '' || validCouponPrefix(prefix);
  const update = (patch: Partial<ExportSpec>) => {
    setSpec({ ...spec, ...patch });
    setSaved(null);
  };

  // Live preview, a moment after the last change.
  const key = JSON.stringify(spec);
  useEffect(() => {
    if (!prefixOk) return;
    let cancelled = false;
    setPreviewing(true);
    const timer = setTimeout(() => {
      backend
        .exportPreview(view.analysis_id, spec)
        .then((p) => {
          if (cancelled) return;
          setPreview(p);
          setPreviewError(null);
        })
        .catch((e: unknown) => {
          if (!cancelled) setPreviewError(describeError(e, t));
        })
        .finally(() => {
          if (!cancelled) setPreviewing(false);
        });
    }, PREVIEW_PAUSE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // `key` stands for `spec` (a new object on every render of the shell).
  }, [backend, key, version, prefixOk]);

  const save = async (target: SaveTarget) => {
    setSaving(true);
    setSaveError(null);
    try {
      const result = await backend.exportSave(view.analysis_id, { spec, target });
      if (result) setSaved(result);
    } catch (e) {
      setSaveError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  const columns = spec.columns.length > 0 ? spec.columns : DEFAULT_COLUMNS;
  const currency = view.analysis.currency;
  const overdueIncomplete = view.analysis.repurchase.overdue_total > view.analysis.repurchase.overdue.length;

  return (
    <div className="screen" data-testid="screen-export">
      <div className="screen-head">
        <h2 className="screen-title">{t('nav.export')}</h2>
        <button
          type="button"
          className="link-button"
          data-testid="export-reset"
          onClick={() => {
            setSpec(EMPTY_EXPORT_SPEC);
            setCountries('');
            setMinSpend('');
            setMinClv('');
            setPrefix('');
            setSaved(null);
          }}
        >
          {t('export.reset')}
        </button>
      </div>
      <p className="screen-sub">{t('export.intro')}</p>
      <div className="export-layout">
        <form className="panel export-form" onSubmit={(e) => e.preventDefault()}>
          <fieldset>
            <legend>{t('export.segments')}</legend>
            <div className="check-grid">
              {SEGMENTS.map((s) => (
                <Check
                  key={s}
                  testId={`export-segment-${idOf(s)}`}
                  checked={spec.segments.includes(s)}
                  onChange={(on) => update({ segments: toggle(spec.segments, s, on) })}
                >
                  {segmentName(t, s)}
                </Check>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('export.classes')}</legend>
            <div className="check-grid">
              {CLASSES.map((c) => (
                <Check
                  key={c}
                  testId={`export-class-${c}`}
                  checked={spec.classes.includes(c)}
                  onChange={(on) => update({ classes: toggle(spec.classes, c, on) })}
                >
                  <span lang="zh-CN">{c}</span>
                  {locale === 'en' && <span className="gloss-inline">{classShort(t, c)}</span>}
                </Check>
              ))}
            </div>
          </fieldset>
          <div className="two-col tight">
            <fieldset>
              <legend>{t('export.tiers')}</legend>
              {TIERS.map((x) => (
                <Check key={x} testId={`export-tier-${x}`} checked={spec.tiers.includes(x)} onChange={(on) => update({ tiers: toggle(spec.tiers, x, on) })}>
                  {tierName(t, x)}
                </Check>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t('export.lifecycle')}</legend>
              {LIFECYCLES.map((x) => (
                <Check
                  key={x}
                  testId={`export-lifecycle-${x}`}
                  checked={spec.lifecycle.includes(x)}
                  onChange={(on) => update({ lifecycle: toggle(spec.lifecycle, x, on) })}
                >
                  {lifecycleName(t, x)}
                </Check>
              ))}
            </fieldset>
          </div>
          <fieldset data-testid="export-predictions">
            <legend>{t('export.predictions')}</legend>
            <div className="field">
              <span className="field-label">{t('export.churnRisk')}</span>
              <div className="radio-row">
                {BANDS.map((b) => (
                  <Check key={b} testId={`export-churn-${b}`} checked={spec.churn_risk.includes(b)} onChange={(on) => update({ churn_risk: toggle(spec.churn_risk, b, on) })}>
                    {t(`c360.band.${b}` as MessageKey)}
                  </Check>
                ))}
              </div>
            </div>
            <label className="field">
              <span className="field-label">{t('export.minClv', { currency })}</span>
              <input
                type="number"
                step="any"
                data-testid="export-min-clv"
                value={minClv}
                onChange={(e) => {
                  setMinClv(e.target.value);
                  const n = Number(e.target.value);
                  update({ min_clv: e.target.value.trim() === '' || !Number.isFinite(n) ? null : n });
                }}
              />
            </label>
            <p className="note">{t('export.predictionsNote')}</p>
            {(spec.bought_item || spec.not_bought_item) && (
              <div className="field">
                <span className="field-label">{t('export.items')}</span>
                <div className="chip-row">
                  {spec.bought_item && (
                    <ItemChip item={spec.bought_item} label="export.bought" testId="export-bought-item" onRemove={() => update({ bought_item: null })} />
                  )}
                  {spec.not_bought_item && (
                    <ItemChip
                      item={spec.not_bought_item}
                      label="export.notBought"
                      testId="export-not-bought-item"
                      onRemove={() => update({ not_bought_item: null })}
                    />
                  )}
                </div>
              </div>
            )}
          </fieldset>
          <fieldset>
            <legend>{t('export.more')}</legend>
            <Check testId="export-overdue-only" checked={spec.overdue_only} onChange={(on) => update({ overdue_only: on })}>
              {t('export.overdueOnly', { total: int(view.analysis.repurchase.overdue_total) })}
            </Check>
            {spec.overdue_only && overdueIncomplete && <p className="note">{t('export.overdueNote')}</p>}
            <label className="field">
              <span className="field-label">{t('export.countries')}</span>
              <input
                type="text"
                data-testid="export-countries"
                value={countries}
                placeholder={t('export.countries.placeholder')}
                onChange={(e) => {
                  setCountries(e.target.value);
                  update({ countries: e.target.value.split(/[,，;；]/).map((c) => c.trim()).filter((c) => c !== '') });
                }}
              />
            </label>
            <label className="field">
              <span className="field-label">{t('export.product')}</span>
              <input
                type="text"
                data-testid="export-product"
                value={spec.product_bought ?? ''}
                placeholder={t('export.product.placeholder')}
                onChange={(e) => update({ product_bought: e.target.value.trim() === '' ? null : e.target.value })}
              />
            </label>
            <div className="field-row">
              <label className="field">
                <span className="field-label">{t('export.from')}</span>
                <input
                  type="date"
                  data-testid="export-from"
                  value={spec.last_order_from ?? ''}
                  onChange={(e) => update({ last_order_from: e.target.value || null })}
                />
              </label>
              <label className="field">
                <span className="field-label">{t('export.to')}</span>
                <input
                  type="date"
                  data-testid="export-to"
                  value={spec.last_order_to ?? ''}
                  onChange={(e) => update({ last_order_to: e.target.value || null })}
                />
              </label>
            </div>
            <label className="field">
              <span className="field-label">{t('export.minSpend', { currency })}</span>
              <input
                type="number"
                step="any"
                data-testid="export-min-spend"
                value={minSpend}
                onChange={(e) => {
                  setMinSpend(e.target.value);
                  const n = Number(e.target.value);
                  update({ min_spend: e.target.value.trim() === '' || !Number.isFinite(n) ? null : n });
                }}
              />
            </label>
            <div className="consent-box">
              <Check testId="export-include-no-consent" checked={spec.include_no_consent} onChange={(on) => update({ include_no_consent: on })}>
                {t('export.includeNoConsent')}
              </Check>
              <p className="note">{t('export.consentNote')}</p>
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('export.file')}</legend>
            <label className="field">
              <span className="field-label">{t('export.preset')}</span>
              <select
                data-testid="export-preset"
                value={spec.preset}
                onChange={(e) => update({ preset: e.target.value as Preset, columns: [] })}
              >
                {PRESETS.map((p) => (
                  <option key={p} value={p}>
                    {t(`export.preset.${p}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
            {spec.preset !== 'generic' && <p className="note">{t(`export.presetNote.${spec.preset}` as MessageKey)}</p>}
            {spec.preset === 'generic' && (
              <details className="columns-chooser" data-testid="export-columns">
                <summary>{t('export.columns', { count: columns.length })}</summary>
                <div className="check-grid">
                  {ALL_COLUMNS.map((c) => (
                    <Check
                      key={c}
                      testId={`export-column-${c}`}
                      checked={columns.includes(c)}
                      onChange={(on) => {
                        const next = ALL_COLUMNS.filter((x) => (x === c ? on : columns.includes(x)));
                        update({ columns: next.length > 0 ? next : [] });
                      }}
                    >
                      {t(`export.col.${c}` as MessageKey)}
                    </Check>
                  ))}
                </div>
                <button type="button" className="link-button" onClick={() => update({ columns: [] })}>
                  {t('export.columns.default')}
                </button>
              </details>
            )}
            <div className="field">
              <span className="field-label">{t('export.encoding')}</span>
              <div className="radio-row">
                {(['utf8', 'utf8_bom'] as const).map((enc) => (
                  <label className="radio" key={enc}>
                    <input
                      type="radio"
                      name="export-encoding"
                      data-testid={`export-encoding-${enc}`}
                      checked={spec.encoding === enc}
                      onChange={() => update({ encoding: enc })}
                    />
                    {t(enc === 'utf8' ? 'export.encoding.utf8' : 'export.encoding.bom')}
                  </label>
                ))}
              </div>
            </div>
            <label className="field">
              <span className="field-label">{t('export.coupon')}</span>
              <input
                type="text"
                data-testid="export-coupon-prefix"
                value={prefix}
                maxLength={20}
                placeholder="VIP"
                aria-invalid={!prefixOk}
                onChange={(e) => {
                  setPrefix(e.target.value);
                  const p = e.target.value.trim();
                  if (p === '' || validCouponPrefix(p)) update({ coupon_prefix: p === '' ? null : p });
                }}
              />
            </label>
            {!prefixOk ? (
              <p className="inline-error" role="alert">
                {t('export.coupon.invalid')}
              </p>
            ) : (
              <p className="note">{t('export.coupon.note')}</p>
            )}
          </fieldset>
        </form>

        <section className="panel export-preview" aria-labelledby="export-preview-title" aria-busy={previewing}>
          <h3 className="panel-title" id="export-preview-title">
            {t('export.preview')}
          </h3>
          {preview && (
            <>
              <div className="export-counts">
                <div className="count-box" data-testid="export-matched" data-value={preview.matched}>
                  <span className="count-value">{int(preview.matched)}</span>
                  <span className="count-label">{t('export.matched')}</span>
                </div>
                <div className="count-box is-primary" data-testid="export-preview-count" data-value={preview.rows}>
                  <span className="count-value">{int(preview.rows)}</span>
                  <span className="count-label">{t('export.rows')}</span>
                </div>
              </div>
              {preview.excluded_no_consent > 0 && (
                <p className="notice notice-warn" data-testid="export-excluded-consent" data-value={preview.excluded_no_consent}>
                  {t('export.excludedConsent', { count: preview.excluded_no_consent })}
                </p>
              )}
              {spec.include_no_consent && <p className="notice notice-warn">{t('export.includingNoConsent')}</p>}
              {preview.excluded_no_email > 0 && (
                <p className="notice" data-testid="export-excluded-email" data-value={preview.excluded_no_email}>
                  {t('export.excludedEmail', { count: preview.excluded_no_email })}
                </p>
              )}
            </>
          )}
          {previewError && (
            <p className="inline-error" role="alert" data-testid="export-preview-error">
              {previewError}
            </p>
          )}
          <div className="export-actions">
            <button
              type="button"
              className="button"
              data-testid="export-save-dialog"
              disabled={saving || !prefixOk || !preview || preview.rows === 0}
              onClick={() => void save('dialog')}
            >
              {t('export.saveAs')}
            </button>
            <button
              type="button"
              className="button button-primary"
              data-testid="export-save-downloads"
              disabled={saving || !prefixOk || !preview || preview.rows === 0}
              onClick={() => void save('downloads')}
            >
              {t('export.saveDownloads')}
            </button>
          </div>
          {saved && (
            <p className="notice notice-ok" role="status" data-testid="export-saved" data-path={saved.path} data-rows={saved.rows}>
              {t('export.saved', { rows: saved.rows, path: saved.path })}
            </p>
          )}
          {saveError && (
            <p className="inline-error" role="alert" data-testid="export-save-error">
              {saveError}
            </p>
          )}
          {preview && preview.header.length > 0 && (
            <>
              <p className="note">{t('export.firstRows', { shown: preview.first_rows.length, rows: preview.rows })}</p>
              <div className="table-scroll table-tall">
                <table className="data-table preview-table" data-testid="export-preview-table">
                  <thead>
                    <tr>
                      {preview.header.map((h, i) => (
                        <th key={i} scope="col">
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {preview.first_rows.map((row, r) => (
                      <tr key={r}>
                        {row.map((cell, c) => (
                          <td key={c}>{cell}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      </div>
    </div>
  );
}
