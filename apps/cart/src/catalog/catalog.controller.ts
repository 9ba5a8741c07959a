import { Controller, Get } from '@nestjs/common';
import { CatalogService } from './catalog.service';
import { Product } from './product.interface';

@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  /** Public: needs no session and costs no Redis command. */
  @Get()
  list(): readonly Product[] {
    return this.catalog.list();
  }
}
