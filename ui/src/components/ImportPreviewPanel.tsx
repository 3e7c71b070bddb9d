import { useEffect, useRef, useState } from 'react';
import { describeError, type Backend, type ColumnMapping } from '../backend';
import { useI18n, type MessageKey, type Vars } from '../i18n';
import type { ImportPreview, ImportProblem, StoreSummary } from '../ipc/bindings';
import { ErrorPanel } from './ErrorPanel';
import { Spinner } from './Spinner';

/** Pause after the last change of a column before the preview is asked again. */
export const REPREVIEW_PAUSE_MS = 300;

const PRESETS: Record<string, MessageKey> = {
  generic: 'import.preset.generic',
  'shopify-orders': 'import.preset.shopify-orders',
  'shopify-customers': 'import.preset.shopify-customers',
  'amazon-all-orders': 'import.preset.amazon-all-orders',
  'online-retail': 'import.preset.online-retail',
};

const DELIMITERS: Record<string, MessageKey> = {
  ',': 'import.delimiter.comma',
  ';': 'import.delimiter.semicolon',
  tab: 'import.delimiter.tab',
  '|': 'import.delimiter.pipe',
};

const KINDS: Record<string, MessageKey> = {
  order: 'import.kind.order',
  refund: 'import.kind.refund',
  return: 'import.kind.return',
  customer: 'import.kind.customer',
};

const HINTS: Record<string, MessageKey> = {
  order: 'import.hint.order',
  customer: 'import.hint.customer',
  email: 'import.hint.email',
  date: 'import.hint.date',
  amount: 'import.hint.amount',
  quantity: 'import.hint.quantity',
  unit_price: 'import.hint.unit_price',
  currency: 'import.hint.currency',
};

/** field → column; '' is "not in the file". */
type Choices = Record<string, string>;

/** The mapping sent to the backend: chosen fields in the backend's field order. */
function mappingOf(choices: Choices | null, fields: readonly string[]): ColumnMapping {
  if (choices === null) return [];
  const order = [...fields, ...Object.keys(choices).filter((f) => !fields.includes(f))];
  return order.filter((f) => (choices[f] ?? '') !== '').map((f) => [f, choices[f]]);
}

/** The generic importer's mapping of a preview, as choices (a preset's own fields left out). */
function choicesOf(preview: ImportPreview): Choices | null {
  if (preview.preset !== 'generic') return null;
  return Object.fromEntries(preview.mapping.filter(([field]) => preview.fields.includes(field)));
}

interface Props {
  backend: Backend;
  /** The picked file. */
  path: string;
  /** Its base name, for the title. */
  file: string;
  /** Stores already in the database (to say whether the import adds to one of them). */
  stores: StoreSummary[] | null;
  /** Imports with this mapping (empty: the backend detects the format, as previewed) and the
   * currency of files without a currency column (null: the file's or the store's). */
  onConfirm(mapping: ColumnMapping, currency: string | null): void;
  /** Leaves without importing. */
  onBack(): void;
}

/**
 * The import screen between picking a file and importing it: what was detected (format,
 * encoding, delimiter, store, time zone), the column of each field (a live preview follows every
 * change), the first rows as they will be stored and the problems found in them.
 */
export function ImportPreviewPanel({ backend, path, file, stores, onConfirm, onBack }: Props) {
  const { t, int, moneyMajor, dateTime } = useI18n();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  /** null: the detected format and columns; else the user's (or the guessed) generic mapping. */
  const [choices, setChoices] = useState<Choices | null>(null);
  /** The user changed a column (the mapping can be reset to the detected one). */
  const [edited, setEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [mappingOpen, setMappingOpen] = useState(false);
  /** Currency for files without a currency column ('' = none given). */
  const [currency, setCurrency] = useState('');
  const chosenCurrency = /^[A-Za-z]{3}$/.test(currency.trim()) ? currency.trim().toUpperCase() : null;

  const previewRef = useRef<ImportPreview | null>(null);
  const seq = useRef(0);
  /** Answers by mapping sent, so the guessed mapping of an answer is not asked again. */
  const answers = useRef(new Map<string, ImportPreview>());

  const fields = preview?.fields ?? [];
  const sent = mappingOf(choices, fields);
  const key = JSON.stringify({ mapping: sent, currency: chosenCurrency });

  useEffect(() => {
    const apply = (p: ImportPreview) => {
      const next = choicesOf(p);
      answers.current.set(JSON.stringify({ mapping: mappingOf(next, p.fields), currency: chosenCurrency }), p);
      if (previewRef.current === null) setMappingOpen(p.preset === 'generic');
      previewRef.current = p;
      setPreview(p);
      setChoices(next);
      setError(null);
    };
    const known = answers.current.get(key);
    const mine = ++seq.current;
    if (known) {
      apply(known);
      setLoading(false);
      return;
    }
    setLoading(true);
    const { mapping, currency: asked } = JSON.parse(key) as { mapping: ColumnMapping; currency: string | null };
    const timer = setTimeout(
      () => {
        backend.previewImport(path, mapping, asked).then(
          (p) => {
            if (mine !== seq.current) return;
            answers.current.set(key, p);
            apply(p);
            setLoading(false);
          },
          (e: unknown) => {
            if (mine !== seq.current) return;
            setError(describeError(e, t));
            setLoading(false);
          },
        );
      },
      previewRef.current === null ? 0 : REPREVIEW_PAUSE_MS,
    );
    return () => {
      clearTimeout(timer);
      // An answer still under way is for a mapping no longer chosen (or for a closed screen).
      seq.current++;
    };
  }, [backend, path, key]);

  const choose = (field: string, column: string) => {
    // A preset's columns cannot be left out one by one: only choosing a column leaves the preset.
    if (choices === null && column === '') return;
    // From a preset, the first change starts from the user's column alone; the backend guesses the rest.
    setChoices((c) => ({ ...(c ?? {}), [field]: column }));
    setEdited(true);
  };

  const reset = () => {
    setChoices(null);
    setEdited(false);
  };

  const shown: Choices = choices ?? Object.fromEntries(preview?.mapping ?? []);
  const existing = preview ? stores?.some((s) => s.name === preview.store) ?? false : false;
  const blocked = !preview || loading || error !== null || preview.errors.length > 0 || preview.rows.length === 0;
  const generic = preview?.preset === 'generic';
  const formatName = (preset: string) =>
    preset === 'generic' && edited ? t('import.preset.mapped') : PRESETS[preset] ? t(PRESETS[preset]) : preset;

  const mappingTable = preview && (
    <table className="data-table mapping-table" data-testid="import-mapping">
      <thead>
        <tr>
          <th scope="col">{t('import.mapping.field')}</th>
          <th scope="col">{t('import.mapping.column')}</th>
          <th scope="col" aria-hidden="true" />
        </tr>
      </thead>
      <tbody>
        {preview.fields.map((field) => {
          const label = t(`import.field.${field}` as MessageKey);
          const value = shown[field] ?? '';
          return (
            <tr key={field} data-testid="import-map-row" data-field={field}>
              <th scope="row">
                <label htmlFor={`import-map-${field}`}>{label}</label>
              </th>
              <td>
                <select
                  id={`import-map-${field}`}
                  data-testid={`import-map-${field}`}
                  value={value}
                  onChange={(e) => choose(field, e.target.value)}
                >
                  <option value="">{t('import.mapping.notInFile')}</option>
                  {preview.headers.map((h, i) => (
                    <option key={`${i}:${h}`} value={h}>
                      {h}
                    </option>
                  ))}
                  {value !== '' && !preview.headers.includes(value) && <option value={value}>{value}</option>}
                </select>
              </td>
              <td className="wrap muted mapping-hint">{HINTS[field] ? t(HINTS[field]) : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );

  return (
    <div
      className="screen screen-import"
      data-testid="import-preview"
      data-preset={preview?.preset ?? ''}
      data-loading={loading ? 'true' : 'false'}
      aria-busy={loading}
    >
      <div className="screen-head">
        <div>
          <h2 className="screen-title">{t('import.title', { file })}</h2>
          <p className="screen-sub">{t('import.intro')}</p>
        </div>
      </div>

      <div className="import-currency">
        <label htmlFor="import-currency">{t('import.currency')}</label>{' '}
        <input
          id="import-currency"
          data-testid="import-currency"
          value={currency}
          maxLength={3}
          size={5}
          placeholder="USD"
          onChange={(e) => setCurrency(e.target.value)}
        />{' '}
        <span className="muted">{t('import.currency.hint')}</span>
      </div>
      {!preview && loading && <Spinner label={t('import.loading')} testId="import-loading" />}
      {!preview && error !== null && <ErrorPanel error={{ context: 'preview', message: error }} />}

      {preview && (
        <>
          <section className="panel import-facts-panel">
            <dl className="kv-list import-facts">
              <div className="kv">
                <dt>{t('import.format')}</dt>
                <dd data-testid="import-format" data-value={preview.preset}>
                  {formatName(preview.preset)}
                </dd>
              </div>
              <div className="kv">
                <dt>{t('import.encoding')}</dt>
                <dd data-testid="import-encoding">{preview.encoding}</dd>
              </div>
              <div className="kv">
                <dt>{t('import.delimiter')}</dt>
                <dd data-testid="import-delimiter" data-value={preview.delimiter}>
                  {DELIMITERS[preview.delimiter] ? t(DELIMITERS[preview.delimiter]) : preview.delimiter}
                </dd>
              </div>
              <div className="kv">
                <dt>{t('import.store')}</dt>
                <dd data-testid="import-store" data-value={preview.store}>
                  {t(existing ? 'import.store.existing' : 'import.store.new', { store: preview.store })}
                </dd>
              </div>
              <div className="kv">
                <dt>{t('import.timezone')}</dt>
                <dd data-testid="import-timezone" data-value={preview.timezone}>
                  {t('import.timezone.note', { timezone: preview.timezone })}
                </dd>
              </div>
            </dl>
          </section>

          <section className="panel import-mapping-panel">
            <details
              className="mapping-details"
              data-testid="import-mapping-details"
              open={mappingOpen}
              onToggle={(e) => setMappingOpen(e.currentTarget.open)}
            >
              <summary className="mapping-summary">
                {generic ? t('import.mapping') : t('import.mapping.presetSummary')}
              </summary>
              <p className="note">{generic ? t('import.mapping.intro') : t('import.mapping.presetNote')}</p>
              <div className="table-scroll">{mappingTable}</div>
              <div className="mapping-foot">
                <p className="note">{t('import.mapping.guessNote')}</p>
                {edited && (
                  <button type="button" className="link-button" data-testid="import-mapping-reset" onClick={reset}>
                    {t('import.mapping.reset')}
                  </button>
                )}
              </div>
            </details>
          </section>

          {error !== null && (
            <section className="panel error-panel" data-testid="import-preview-error" role="alert">
              <p>{t('import.failed')}</p>
              <pre className="error-message">{error}</pre>
            </section>
          )}

          <section className={loading ? 'panel import-rows-panel is-updating' : 'panel import-rows-panel'}>
            <div className="panel-head">
              <h3 className="panel-title">{t('import.rows')}</h3>
              {loading && (
                <span className="muted updating-note" role="status" data-testid="import-updating">
                  <span className="spinner spinner-small" aria-hidden="true" />
                  {t('import.updating')}
                </span>
              )}
            </div>
            {preview.rows.length === 0 ? (
              <p className="empty" data-testid="import-rows-none">
                {t('import.rows.none')}
              </p>
            ) : (
              <div className="table-scroll">
                <table className="data-table preview-table" data-testid="import-rows">
                  <caption className="visually-hidden">{t('import.rows.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('import.col.kind')}</th>
                      <th scope="col">{t('import.col.order')}</th>
                      <th scope="col">{t('import.col.customer')}</th>
                      <th scope="col">{t('import.col.date')}</th>
                      <th scope="col">{t('import.col.sku')}</th>
                      <th scope="col">{t('import.col.product')}</th>
                      <th scope="col" className="num">
                        {t('import.col.quantity')}
                      </th>
                      <th scope="col" className="num">
                        {t('import.col.amount')}
                      </th>
                      <th scope="col">{t('import.col.country')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.map((r, i) => (
                      <tr key={i} data-testid="import-row" data-kind={r.kind}>
                        <td>{KINDS[r.kind] ? t(KINDS[r.kind]) : r.kind}</td>
                        <td data-testid="import-row-order">{r.order}</td>
                        <td data-testid="import-row-customer">
                          {r.customer ?? <span className="muted">{t('import.guest')}</span>}
                        </td>
                        <td data-testid="import-row-date" data-value={r.date}>
                          {r.date ? dateTime(r.date) : ''}
                        </td>
                        <td data-testid="import-row-sku">{r.sku ?? ''}</td>
                        <td className="wrap" data-testid="import-row-product">
                          {r.product ?? ''}
                        </td>
                        <td className="num" data-testid="import-row-quantity">
                          {int(r.quantity)}
                        </td>
                        <td className="num" data-testid="import-row-amount" data-value={r.amount} data-currency={r.currency}>
                          {moneyMajor(r.amount, r.currency)}
                        </td>
                        <td data-testid="import-row-country">{r.country ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section
            className={preview.errors.length > 0 ? 'panel import-errors-panel has-errors' : 'panel import-errors-panel'}
            data-testid="import-errors"
            data-count={preview.errors.length}
          >
            <h3 className="panel-title">{t('import.errors')}</h3>
            {preview.errors.length === 0 ? (
              <p className="notice notice-ok" data-testid="import-errors-none">
                {t('import.errors.none')}
              </p>
            ) : (
              <>
                <p className="notice notice-warn">
                  {t('import.errors.count', { count: preview.errors.length })} {t('import.errors.blocking')}
                </p>
                <ul className="import-error-list">
                  {preview.errors.map((e, i) => (
                    <li key={i} className="mono" data-testid="import-error">
                      {problemText(e, t)}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        </>
      )}

      <div className="import-actions">
        <button type="button" className="button" data-testid="import-back" onClick={onBack}>
          {t('import.back')}
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="import-confirm"
          disabled={blocked}
          onClick={() => onConfirm(sent, chosenCurrency)}
        >
          {t('import.confirm')}
        </button>
      </div>
    </div>
  );
}

/** A bad cell of the preview in the seller's language: line, column, the cell, what it should hold. */
export function problemText(e: ImportProblem, t: (key: MessageKey, vars?: Vars) => string): string {
  const key = `error.expected.${e.expected}` as MessageKey;
  const expected = t(key, { detail: e.detail ?? '' });
  return t('import.problem', {
    line: String(e.line),
    column: e.column,
    value: e.value === '' ? t('error.emptyCell') : e.value,
    expected: expected === key ? e.expected : expected,
  });
}
