import { describe, expect, it } from 'vitest';
import { createI18n } from '../src/i18n';
import type { ChurnGroup } from '../src/ipc/bindings';
import { DIMENSIONS, findingSentence, groupName, topFindings } from '../src/screens/churnFindings';
import { visibleWindow, ROW_HEIGHT } from '../src/screens/Customers';
import analysisFixture from '../src/backend/fixtures/sample-analysis.json';

const en = createI18n('en');
const zh = createI18n('zh-CN');
const group = (dimension: string, g: string, lift: number): ChurnGroup => ({
  dimension,
  group: g,
  customers: 100,
  churned: 50,
  churn_rate: 0.5,
  lift,
});

describe('churn findings', () => {
  it('phrase a delivery-time finding in both languages', () => {
    const g = group('last_order_days_to_delivery', '31+ days', 1.8);
    expect(findingSentence(en, g)).toBe('Customers whose last order took 31+ days to be delivered churn 1.8× as often as average.');
    expect(findingSentence(zh, g)).toBe('最后一单配送用时 31 天以上的客户，流失率是平均水平的 1.8 倍。');
  });

  it('have a template for every breakdown dimension of the analytics crate', () => {
    const cases: [ChurnGroup, string, string][] = [
      [group('country', 'Germany', 1.26), 'Customers in Germany churn 1.3× as often as average.', '来自 Germany 的客户，流失率是平均水平的 1.3 倍。'],
      [group('first_product', '85123A', 1.36), 'Customers whose first order was for product 85123A churn 1.4× as often as average.', '首单购买商品 85123A 的客户，流失率是平均水平的 1.4 倍。'],
      [group('first_category', 'Candles', 2), 'Customers whose first order was in the category Candles churn 2.0× as often as average.', '首单品类为「Candles」的客户，流失率是平均水平的 2.0 倍。'],
      [group('last_product', '22423', 1.717), 'Customers whose last order was for product 22423 churn 1.7× as often as average.', '最后一单购买商品 22423 的客户，流失率是平均水平的 1.7 倍。'],
      [group('last_category', 'Mugs', 1.5), 'Customers whose last order was in the category Mugs churn 1.5× as often as average.', '最后一单品类为「Mugs」的客户，流失率是平均水平的 1.5 倍。'],
      [group('last_order_days_to_fulfilment', '4-7 days', 1.4), 'Customers whose last order took 4–7 days to be shipped churn 1.4× as often as average.', '最后一单发货用时 4–7 天的客户，流失率是平均水平的 1.4 倍。'],
      [group('last_order_refunded', 'yes', 1.24), 'Customers whose last order was refunded churn 1.2× as often as average.', '最后一单有退款的客户，流失率是平均水平的 1.2 倍。'],
      [group('last_order_discount_code', 'no', 1.1), 'Customers who used no discount code on their last order churn 1.1× as often as average.', '最后一单没有使用折扣码的客户，流失率是平均水平的 1.1 倍。'],
      [group('platform', 'shopify', 1.3), 'Customers who last bought on Shopify churn 1.3× as often as average.', '最后在 Shopify 购买的客户，流失率是平均水平的 1.3 倍。'],
    ];
    for (const [g, english, chinese] of cases) {
      expect(findingSentence(en, g)).toBe(english);
      expect(findingSentence(zh, g)).toBe(chinese);
    }
    const covered = new Set([...cases.map(([g]) => g.dimension), 'last_order_days_to_delivery']);
    expect([...covered].sort()).toEqual([...DIMENSIONS].sort());
    // Every dimension of the fixture's breakdown is one the templates know.
    for (const g of analysisFixture.analysis.churn.breakdown) expect(DIMENSIONS).toContain(g.dimension);
  });

  it('name groups for the table', () => {
    expect(groupName(zh.t, group('last_order_days_to_delivery', '(unknown)', 1))).toBe('（未知）');
    expect(groupName(en.t, group('last_order_refunded', 'yes', 1))).toBe('yes');
    expect(groupName(zh.t, group('last_order_refunded', 'no', 1))).toBe('否');
    expect(groupName(zh.t, group('platform', 'sample', 1))).toBe('示例数据');
  });

  it('pick the three known groups churning most above average', () => {
    const picked = topFindings([
      group('country', 'France', 0.85),
      group('last_product', '22423', 1.72),
      group('last_order_days_to_delivery', '(unknown)', 3),
      group('first_product', '47566', 1.41),
      group('country', 'United Kingdom', 1.001),
      group('last_order_refunded', 'yes', 1.25),
      group('last_product', '85123A', 1.44),
    ]);
    expect(picked.map((g) => g.group)).toEqual(['22423', '85123A', '47566']);
    expect(topFindings([group('country', 'United Kingdom', 1.05)])).toEqual([]);
  });
});

describe('virtual window', () => {
  it('maps the scroll position onto rows, exactly below the height cap and proportionally above it', () => {
    const small = visibleWindow(4372, 2000 * ROW_HEIGHT, 600);
    expect(small.height).toBe(4372 * ROW_HEIGHT);
    expect(small.exact).toBeCloseTo(2000);
    expect(small.first).toBeLessThanOrEqual(2000);
    expect(small.last - small.first).toBeLessThan(50);

    const huge = visibleWindow(5_000_000, 0, 600);
    expect(huge.height).toBeLessThan(10_000_000);
    expect(huge.first).toBe(0);
    const bottom = visibleWindow(5_000_000, huge.height, 600);
    expect(bottom.last).toBe(4_999_999);
    expect(bottom.last - bottom.first).toBeLessThan(50);
  });
});
