/** One product in a cart. */
export interface CartLine {
  sku: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

/** A cart as the API shows it. */
export interface Cart {
  items: CartLine[];
  totalCents: number;
}
