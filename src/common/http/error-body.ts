import { ApiProperty } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiProperty({ example: 'startDate' })
  field!: string;

  @ApiProperty({ example: 'must be an ISO 8601 date such as 2026-01-31' })
  message!: string;
}

/** The one body shape of every error response. */
export class ErrorBodyDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    example: 'startDate: must be an ISO 8601 date such as 2026-01-31',
  })
  message!: string;

  @ApiProperty({ type: [ErrorDetailDto] })
  details!: ErrorDetailDto[];

  @ApiProperty({ example: '/api/usage/stats' })
  path!: string;

  @ApiProperty({ example: '5f0c6a38-1f7e-4d63-9a53-0d8f4d1f6f8e' })
  requestId!: string;
}
