import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { Session } from 'fastify';
import { CurrentSession } from '@app/session';
import { Cart } from './cart.interface';
import { CartsService } from './carts.service';
import { AddItemDto } from './dto/add-item.dto';
import { UpdateItemDto } from './dto/update-item.dto';

/** Works signed in or not: an anonymous client gets a session when it first adds an item. */
@Controller()
export class CartsController {
  constructor(private readonly carts: CartsService) {}

  @Get()
  get(@CurrentSession() session: Session): Promise<Cart> {
    return this.carts.get(session);
  }

  @Post('items')
  @HttpCode(HttpStatus.OK)
  add(@CurrentSession() session: Session, @Body() item: AddItemDto): Promise<Cart> {
    return this.carts.add(session, item.sku, item.quantity);
  }

  @Patch('items/:sku')
  update(@CurrentSession() session: Session, @Param('sku') sku: string, @Body() item: UpdateItemDto): Promise<Cart> {
    return this.carts.setQuantity(session, sku, item.quantity);
  }

  @Delete('items/:sku')
  remove(@CurrentSession() session: Session, @Param('sku') sku: string): Promise<Cart> {
    return this.carts.remove(session, sku);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  clear(@CurrentSession() session: Session): Promise<void> {
    return this.carts.clear(session);
  }
}
