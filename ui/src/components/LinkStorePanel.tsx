import { useState } from 'react';
import { describeError, type Backend } from '../backend';
import { useI18n } from '../i18n';
import type { StoreSyncState } from '../ipc/bindings';

interface Props {
  backend: Backend;
  /** The store was linked (the secret is in the keyring, the store row exists). */
  onLinked(state: StoreSyncState): void;
  onClose(): void;
}

/**
 * "Link a store": a WooCommerce site and its REST API key. The backend checks both before it
 * saves anything; its error is shown here in the seller's language.
 */
export function LinkStorePanel({ backend, onLinked, onClose }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [key, setKey] = useState('');
  const [secret, setSecret] = useState('');
  const [checking, setChecking] = useState(false);
  // The error itself, worded when shown: a language switch words it again.
  const [error, setError] = useState<unknown>(null);
  const complete = url.trim() !== '' && key.trim() !== '' && secret.trim() !== '';

  const submit = async () => {
    if (!complete || checking) return;
    setChecking(true);
    setError(null);
    try {
      const state = await backend.linkWoocommerceStore(name.trim(), url.trim(), key.trim(), secret.trim());
      onLinked(state);
    } catch (e) {
      setError(e);
      setChecking(false);
    }
  };

  return (
    <section className="panel link-panel" id="link-store-form" data-testid="link-form" aria-labelledby="link-title">
      <div className="panel-head">
        <h2 className="panel-title" id="link-title">
          {t('link.title')}
        </h2>
        <button type="button" className="link-button" data-testid="link-close" onClick={onClose}>
          {t('link.close')}
        </button>
      </div>
      <p className="note">{t('link.intro')}</p>
      <form
        className="settings-form link-form"
        autoComplete="off"
        // The backend checks the address (it takes "shop.example" too, which type=url would not).
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span className="field-label">{t('link.name')}</span>
          <input type="text" data-testid="link-name" autoFocus value={name} placeholder={t('link.name.placeholder')} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t('link.url')}</span>
          <input
            type="text"
            inputMode="url"
            data-testid="link-url"
            value={url}
            placeholder="https://shop.example"
            spellCheck={false}
            autoComplete="off"
            required
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
        <div className="field-row">
          <label className="field">
            <span className="field-label">{t('link.key')}</span>
            <input
              type="text"
              className="mono"
              data-testid="link-key"
              value={key}
              placeholder="ck_…"
              spellCheck={false}
              autoComplete="off"
              required
              onChange={(e) => setKey(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('link.secret')}</span>
            <input
              type="password"
              className="mono"
              data-testid="link-secret"
              value={secret}
              placeholder="cs_…"
              spellCheck={false}
              autoComplete="off"
              required
              onChange={(e) => setSecret(e.target.value)}
            />
          </label>
        </div>
        <div className="notice link-help" data-testid="link-help">
          <p className="strong">{t('link.help.title')}</p>
          <p>{t('link.help.steps')}</p>
          <p>{t('link.help.keyring')}</p>
        </div>
        {error !== null && (
          <div className="error-panel link-error" role="alert" data-testid="link-error">
            <p className="strong">{t('link.error')}</p>
            <p className="error-message" data-testid="link-error-message">
              {describeError(error, t)}
            </p>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" data-testid="link-submit" disabled={!complete || checking}>
            {checking ? t('link.checking') : t('link.submit')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('link.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
