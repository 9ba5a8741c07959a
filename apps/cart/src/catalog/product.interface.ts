/** A product of the catalog. Prices are whole cents, so sums are exact. */
export interface Product {
  sku: string;
  name: string;
  unitPriceCents: number;
}
