// Plain-language findings from the churn breakdown: "Customers whose last order took 31+ days to
// be delivered churn 1.8× as often as average." One subject template per breakdown dimension
// (the names of repeatlens-analytics' churn breakdown), in both languages.
import type { I18n, MessageKey } from '../i18n';
import type { ChurnGroup } from '../ipc/bindings';
import { platformName } from '../components/StoreTable';

export const DIMENSIONS = [
  'country',
  'first_product',
  'first_category',
  'last_product',
  'last_category',
  'last_order_days_to_fulfilment',
  'last_order_days_to_delivery',
  'last_order_refunded',
  'last_order_discount_code',
  'platform',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Day buckets of the delivery and fulfilment dimensions, as the analytics crate names them. */
const DAY_BUCKETS: Record<string, MessageKey> = {
  '0-1 days': 'churn.days.0-1',
  '2-3 days': 'churn.days.2-3',
  '4-7 days': 'churn.days.4-7',
  '8-14 days': 'churn.days.8-14',
  '15-30 days': 'churn.days.15-30',
  '31+ days': 'churn.days.31+',
};

const YES_NO_DIMENSIONS = new Set(['last_order_refunded', 'last_order_discount_code']);

/** The groups a finding cannot be phrased about. */
export const UNKNOWN_GROUP = '(unknown)';

/** Only groups churning at least this much more often than average make a finding. */
export const MIN_FINDING_LIFT = 1.1;

function isDimension(d: string): d is Dimension {
  return (DIMENSIONS as readonly string[]).includes(d);
}

export function dimensionName(t: I18n['t'], dimension: string): string {
  return isDimension(dimension) ? t(`churn.dim.${dimension}` as MessageKey) : dimension;
}

/** The group as shown in the breakdown table. */
export function groupName(t: I18n['t'], g: Pick<ChurnGroup, 'dimension' | 'group'>): string {
  if (g.group === UNKNOWN_GROUP) return t('churn.group.unknown');
  if (g.group in DAY_BUCKETS) return t(DAY_BUCKETS[g.group]);
  if (YES_NO_DIMENSIONS.has(g.dimension) && (g.group === 'yes' || g.group === 'no')) {
    return t(g.group === 'yes' ? 'common.yes' : 'common.no');
  }
  if (g.dimension === 'platform') return platformName(g.group, t);
  return g.group;
}

/** Who the finding is about: "Customers whose last order took 31+ days to be delivered". */
export function findingSubject(t: I18n['t'], g: Pick<ChurnGroup, 'dimension' | 'group'>): string {
  const group = groupName(t, g);
  switch (g.dimension) {
    case 'country':
      return t('finding.country', { group });
    case 'first_product':
      return t('finding.first_product', { group });
    case 'first_category':
      return t('finding.first_category', { group });
    case 'last_product':
      return t('finding.last_product', { group });
    case 'last_category':
      return t('finding.last_category', { group });
    case 'last_order_days_to_fulfilment':
      return t('finding.last_order_days_to_fulfilment', { days: group });
    case 'last_order_days_to_delivery':
      return t('finding.last_order_days_to_delivery', { days: group });
    case 'last_order_refunded':
      return t(g.group === 'yes' ? 'finding.refunded.yes' : 'finding.refunded.no');
    case 'last_order_discount_code':
      return t(g.group === 'yes' ? 'finding.discount.yes' : 'finding.discount.no');
    case 'platform':
      return t('finding.platform', { group });
    default:
      return t('finding.other', { dimension: g.dimension, group });
  }
}

/** The whole sentence, with the lift to one decimal. */
export function findingSentence(i18n: Pick<I18n, 't' | 'decimal'>, g: Pick<ChurnGroup, 'dimension' | 'group' | 'lift'>): string {
  return i18n.t('finding.sentence', {
    subject: findingSubject(i18n.t, g),
    lift: i18n.decimal(g.lift ?? 1, 1),
  });
}

/** The groups churning most above average (known groups, lift ≥ MIN_FINDING_LIFT), highest first. */
export function topFindings(breakdown: ChurnGroup[], n = 3): ChurnGroup[] {
  return breakdown
    .filter((g) => g.lift !== null && g.lift >= MIN_FINDING_LIFT && g.group !== UNKNOWN_GROUP)
    .sort((a, b) => (b.lift ?? 0) - (a.lift ?? 0))
    .slice(0, n);
}
