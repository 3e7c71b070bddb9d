// Names of the analysis' categories on screen. R×F segments and tiers use the same Chinese names
// as the Rust charts (repeatlens-charts/src/text.rs), so a chart and the table beside it agree.
// The 8-class model keeps its Chinese names in both languages; English adds a short gloss.
import type { Class8, Lifecycle, Segment, Tier } from '../ipc/bindings';
import type { I18n, MessageKey } from './index';

/** In the analytics crate's table order. */
export const SEGMENTS: readonly Segment[] = [
  'Champions',
  'Loyal Customers',
  'Potential Loyalists',
  'New Customers',
  'Promising',
  'Need Attention',
  'About To Sleep',
  'At Risk',
  "Can't Lose Them",
  'Hibernating',
];

export const CLASSES: readonly Class8[] = [
  '重要价值客户',
  '重要保持客户',
  '重要发展客户',
  '重要挽留客户',
  '一般价值客户',
  '一般保持客户',
  '一般发展客户',
  '一般挽留客户',
];

export const TIERS: readonly Tier[] = ['top', 'middle', 'bottom'];

export const LIFECYCLES: readonly Lifecycle[] = ['prospect', 'new', 'active', 'dormant', 'churned'];

export function segmentName(t: I18n['t'], segment: Segment): string {
  return t(`segment.${segment}` as MessageKey);
}

/** The short English name of a class ("Important value"); the Chinese name itself in Chinese. */
export function classShort(t: I18n['t'], c: Class8): string {
  return t(`class.${c}` as MessageKey);
}

/** "重要价值客户 · Important value" in English, "重要价值客户" in Chinese. */
export function className(i18n: Pick<I18n, 't' | 'locale'>, c: Class8): string {
  return i18n.locale === 'en' ? `${c} · ${classShort(i18n.t, c)}` : c;
}

export function tierName(t: I18n['t'], tier: Tier): string {
  return t(`tier.${tier}` as MessageKey);
}

export function lifecycleName(t: I18n['t'], stage: Lifecycle): string {
  return t(`lifecycle.${stage}` as MessageKey);
}

/** A test id fragment from an English name: spaces become '-'. */
export function idOf(name: string): string {
  return name.replace(/ /g, '-');
}
