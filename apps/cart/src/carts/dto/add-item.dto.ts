import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { MAX_QUANTITY } from '../cart-limits';

/** Body of `POST /cart/items`. */
export class AddItemDto {
  @IsString()
  @Matches(/^[A-Z0-9-]{1,32}$/, { message: 'sku must be 1-32 characters of A-Z, 0-9 and "-"' })
  sku: string;

  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;
}
