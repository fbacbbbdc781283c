import { ApiProperty } from '@nestjs/swagger';

/** An amount in one currency; amounts are never summed across currencies. */
export class UsageCostDto {
  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({
    description: 'Decimal string without trailing zeros.',
    example: '0.0125',
  })
  amount!: string;
}

export const COSTS_DESCRIPTION =
  'Cost per currency, sorted by currency; empty without priced usage.';
