import { Injectable } from '@nestjs/common';
import { Product } from './dto/product.dto';
import { PRODUCTS } from './products';

@Injectable()
export class CatalogService {
  private readonly bySku = new Map(PRODUCTS.map((product) => [product.sku, product]));

  list(): readonly Product[] {
    return PRODUCTS;
  }

  find(sku: string): Product | undefined {
    return this.bySku.get(sku);
  }

  /** Catalog order, so a cart lists its lines the same way every time. */
  position(sku: string): number {
    return PRODUCTS.findIndex((product) => product.sku === sku);
  }
}
