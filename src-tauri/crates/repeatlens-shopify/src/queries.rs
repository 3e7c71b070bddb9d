//! Every GraphQL document the connector sends, in one place, so one test can validate them
//! all against the pinned schema.

/// The shop's identity, currency and timezone (the link check).
pub const SHOP: &str = "query Shop { shop { name currencyCode ianaTimezone myshopifyDomain } }";

/// A page of orders changed in a window, oldest change first: light enough per order (about
/// 65 points) for pages of a dozen or more; long orders' further lines and refunds with their
/// lines are asked for separately, only where there are any.
pub const ORDERS: &str = r#"query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id legacyResourceId name createdAt updatedAt processedAt cancelledAt test email
      currencyCode presentmentCurrencyCode displayFinancialStatus displayFulfillmentStatus
      discountCodes
      totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      subtotalPriceSet { shopMoney { amount } presentmentMoney { amount } }
      totalDiscountsSet { shopMoney { amount } }
      totalShippingPriceSet { shopMoney { amount } }
      totalTaxSet { shopMoney { amount } }
      totalRefundedSet { shopMoney { amount } }
      customer { id legacyResourceId email firstName lastName }
      shippingAddress { countryCodeV2 }
      fulfillments(first: 3) { createdAt deliveredAt }
      lineItems(first: 5) {
        pageInfo { hasNextPage endCursor }
        nodes { ...Line }
      }
      refunds(first: 1) { id }
    }
  }
}
fragment Line on LineItem {
  id sku name quantity
  variant { id }
  product { id productType }
  originalUnitPriceSet { shopMoney { amount } }
  discountedTotalSet { shopMoney { amount } }
}"#;

/// The rest of an order's line items, after the first page.
pub const ORDER_LINES: &str = r#"query OrderLines($id: ID!, $first: Int!, $after: String) {
  order(id: $id) {
    lineItems(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id sku name quantity
        variant { id }
        product { id productType }
        originalUnitPriceSet { shopMoney { amount } }
        discountedTotalSet { shopMoney { amount } }
      }
    }
  }
}"#;

/// An order's refunds with their lines (asked only for orders that have refunds: refund
/// lines in every page of orders would make each order cost too much to page usefully).
pub const ORDER_REFUNDS: &str = r#"query OrderRefunds($id: ID!, $lines: Int!) {
  order(id: $id) {
    refunds(first: 5) {
      id legacyResourceId createdAt note
      totalRefundedSet { shopMoney { amount } }
      refundLineItems(first: $lines) {
        nodes { quantity lineItem { sku name } subtotalSet { shopMoney { amount } } }
      }
    }
  }
}"#;

/// A page of customers changed in a window, oldest change first.
pub const CUSTOMERS: &str = r#"query Customers($first: Int!, $after: String, $query: String) {
  customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id legacyResourceId email firstName lastName phone createdAt updatedAt tags
      numberOfOrders
      amountSpent { amount currencyCode }
      emailMarketingConsent { marketingState }
      defaultAddress { countryCodeV2 }
    }
  }
}"#;

/// Every document, by name (for the schema test).
pub const ALL: &[(&str, &str)] = &[
    ("Shop", SHOP),
    ("Orders", ORDERS),
    ("OrderLines", ORDER_LINES),
    ("OrderRefunds", ORDER_REFUNDS),
    ("Customers", CUSTOMERS),
];
