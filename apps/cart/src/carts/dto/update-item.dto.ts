import { IsDefined, IsInt, Max, Min } from 'class-validator';
import { MAX_QUANTITY } from '../cart-limits';

/** Body of `PATCH /cart/items/:sku`. Checks run bottom-up: presence and type first. */
export class UpdateItemDto {
  @Max(MAX_QUANTITY)
  @Min(1)
  @IsInt()
  @IsDefined()
  quantity: number;
}
