import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Session } from 'fastify';
import { ApiOptionalSession } from '@app/platform';
import { CurrentSession } from '@app/session';
import { Cart } from './dto/cart.dto';
import { CartsService } from './carts.service';
import { AddItemDto } from './dto/add-item.dto';
import { UpdateItemDto } from './dto/update-item.dto';

/** Works signed in or not: an anonymous client gets a session when it first adds an item. */
@Controller()
@ApiOptionalSession()
export class CartsController {
  constructor(private readonly carts: CartsService) {}

  @Get()
  @ApiOperation({ summary: 'The cart of this session (empty without one)' })
  get(@CurrentSession() session: Session): Promise<Cart> {
    return this.carts.get(session);
  }

  @Post('items')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Add units of a product (capped at 99); starts an anonymous session if needed' })
  @ApiConflictResponse({ description: 'The cart is full: it has as many different products as it may' })
  @ApiTooManyRequestsResponse({ description: 'Too many new anonymous sessions from this address' })
  add(@CurrentSession() session: Session, @Body() item: AddItemDto): Promise<Cart> {
    return this.carts.add(session, item.sku, item.quantity);
  }

  @Patch('items/:sku')
  @ApiOperation({ summary: 'Set the quantity of a product in the cart' })
  @ApiNotFoundResponse({ description: 'The cart has no line of this product, or the sku is unknown' })
  update(@CurrentSession() session: Session, @Param('sku') sku: string, @Body() item: UpdateItemDto): Promise<Cart> {
    return this.carts.setQuantity(session, sku, item.quantity);
  }

  @Delete('items/:sku')
  @ApiOperation({ summary: 'Remove a product from the cart' })
  @ApiNotFoundResponse({ description: 'The cart has no line of this product, or the sku is unknown' })
  remove(@CurrentSession() session: Session, @Param('sku') sku: string): Promise<Cart> {
    return this.carts.remove(session, sku);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Empty the cart' })
  clear(@CurrentSession() session: Session): Promise<void> {
    return this.carts.clear(session);
  }
}
