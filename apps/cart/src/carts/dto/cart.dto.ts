import { ApiProperty } from '@nestjs/swagger';
import { MAX_QUANTITY } from '../cart-limits';

/** One product in a cart. */
export class CartLine {
  sku: string;
  name: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_QUANTITY })
  quantity: number;
  @ApiProperty({ type: 'integer' })
  unitPriceCents: number;
  @ApiProperty({ type: 'integer' })
  lineTotalCents: number;
}

/** A cart as the API shows it. */
export class Cart {
  /** In catalog order. */
  items: CartLine[];
  @ApiProperty({ type: 'integer' })
  totalCents: number;
}
