import { useI18n, type MessageKey } from '../i18n';
import type { ScreenName } from '../shell';

const GROUPS: { label: MessageKey; items: ScreenName[] }[] = [
  { label: 'nav.group.analysis', items: ['dashboard', 'segments', 'cohorts', 'churn', 'repurchase', 'predictions', 'products'] },
  { label: 'nav.group.customers', items: ['customers', 'export'] },
  { label: 'nav.group.app', items: ['settings', 'stores'] },
];

export function Sidebar({
  current,
  onNavigate,
  storeName,
  seconds,
}: {
  current: ScreenName;
  onNavigate(screen: ScreenName): void;
  storeName: string | null;
  seconds: number | null;
}) {
  const { t, decimal } = useI18n();
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      {GROUPS.map((group) => (
        <div className="nav-group" key={group.label}>
          <p className="nav-group-label">{t(group.label)}</p>
          {group.items.map((screen) => (
            <button
              key={screen}
              type="button"
              className={screen === current ? 'nav-item is-active' : 'nav-item'}
              data-testid={`nav-${screen}`}
              aria-current={screen === current ? 'page' : undefined}
              onClick={() => onNavigate(screen)}
            >
              {t(`nav.${screen}` as MessageKey)}
            </button>
          ))}
        </div>
      ))}
      {storeName && (
        <div className="sidebar-foot">
          <span className="sidebar-store" title={storeName}>
            {storeName}
          </span>
          {seconds !== null && <span>{t('nav.analysedIn', { seconds: decimal(seconds, 2) })}</span>}
        </div>
      )}
    </nav>
  );
}
