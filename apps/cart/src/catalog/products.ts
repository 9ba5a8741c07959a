import { Product } from './dto/product.dto';

/** The catalog shipped with the app. */
export const PRODUCTS: readonly Product[] = [
  { sku: 'MUG-001', name: 'Enamel mug', unitPriceCents: 1200 },
  { sku: 'TEE-002', name: 'Cotton T-shirt', unitPriceCents: 2500 },
  { sku: 'CAP-003', name: 'Baseball cap', unitPriceCents: 1800 },
  { sku: 'BAG-004', name: 'Canvas tote bag', unitPriceCents: 1500 },
  { sku: 'PEN-005', name: 'Fountain pen', unitPriceCents: 4200 },
  { sku: 'NTB-006', name: 'Dot-grid notebook', unitPriceCents: 900 },
];
