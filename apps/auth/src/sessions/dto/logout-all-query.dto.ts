import { IsIn, IsOptional } from 'class-validator';

/** Query of `POST /auth/logout-all`. */
export class LogoutAllQueryDto {
  /** `true` ends every session but this one. */
  @IsIn(['true', 'false'])
  @IsOptional()
  keepCurrent?: 'true' | 'false';
}
