import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { CartsController } from './carts.controller';
import { CartsRepository } from './carts.repository';
import { CartsService } from './carts.service';

@Module({
  imports: [CatalogModule],
  controllers: [CartsController],
  providers: [CartsRepository, CartsService],
})
export class CartsModule {}
