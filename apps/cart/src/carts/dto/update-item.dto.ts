import { IsInt, Max, Min } from 'class-validator';
import { MAX_QUANTITY } from '../cart-limits';

/** Body of `PATCH /cart/items/:sku`. */
export class UpdateItemDto {
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;
}
