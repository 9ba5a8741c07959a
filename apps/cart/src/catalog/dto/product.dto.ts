import { ApiProperty } from '@nestjs/swagger';

/** A product of the catalog. Prices are whole cents, so sums are exact. */
export class Product {
  sku: string;
  name: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  unitPriceCents: number;
}
