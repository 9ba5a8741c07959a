import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CatalogService } from './catalog.service';
import { Product } from './dto/product.dto';

@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  /** Public: needs no session and costs no Redis command. */
  @Get()
  @ApiOperation({ summary: 'Every product that can go in a cart' })
  // Stated: the plugin does not read a readonly array type.
  @ApiOkResponse({ type: [Product] })
  list(): readonly Product[] {
    return this.catalog.list();
  }
}
