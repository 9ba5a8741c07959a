import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsInt, Max, Min } from 'class-validator';
import { MAX_QUANTITY } from '../cart-limits';

/** Body of `PATCH /cart/items/:sku`. Checks run bottom-up: presence and type first. */
export class UpdateItemDto {
  // The plugin maps @IsInt() to `number`; the document says integer, as the pipe enforces.
  @ApiProperty({ type: 'integer' })
  @Max(MAX_QUANTITY)
  @Min(1)
  @IsInt()
  @IsDefined()
  quantity: number;
}
