import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { CartsModule } from './carts/carts.module';
import { CatalogModule } from './catalog/catalog.module';

/** The cart app: a catalog and a cart that works before and after sign-in, under `/cart`. */
@Module({
  imports: [PlatformModule.forRoot({ name: 'cart' }), CatalogModule, CartsModule],
})
export class CartModule {}
