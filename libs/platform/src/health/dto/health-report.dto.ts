import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

// What each check reported: at least its status; a failed one adds its message.
const CHECKS: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
  },
};

/**
 * Body of a passing health check (terminus' report). A failing one answers 503 with the error
 * body, whose message names the failed checks.
 */
export class HealthReport {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  /** The checks that passed, by name (`redis`, `shutdown`). */
  @ApiProperty(CHECKS)
  info: Record<string, { status: string }>;

  /** The checks that failed: none in a passing report. */
  @ApiProperty(CHECKS)
  error: Record<string, { status: string }>;

  /** Every check, by name. */
  @ApiProperty(CHECKS)
  details: Record<string, { status: string }>;
}
