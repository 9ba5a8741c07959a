import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { MAX_QUANTITY } from '../cart-limits';

/** Body of `POST /cart/items`. Checks run bottom-up: presence and type first. */
export class AddItemDto {
  @Matches(/^[A-Z0-9-]{1,32}$/, { message: 'sku must be 1-32 characters of A-Z, 0-9 and "-"' })
  @IsString()
  @IsDefined()
  sku: string;

  // The plugin maps @IsInt() to `number`; the document says integer, as the pipe enforces.
  @ApiProperty({ type: 'integer' })
  @Max(MAX_QUANTITY)
  @Min(1)
  @IsInt()
  @IsDefined()
  quantity: number;
}
