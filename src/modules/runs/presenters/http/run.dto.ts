import { ApiProperty } from '@nestjs/swagger';
import { formatAmount } from '../../../../common/domain/money';
import { Run, RunStatus } from '../../domain/run';

export class RunUsageDto {
  @ApiProperty({ example: 12 })
  inputTokens!: number;

  @ApiProperty({ example: 40 })
  outputTokens!: number;

  @ApiProperty({ example: 52 })
  totalTokens!: number;
}

export class RunDto {
  @ApiProperty({ format: 'uuid' })
  runId!: string;

  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] })
  status!: RunStatus;

  @ApiProperty({ format: 'uuid' })
  modelId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The model output; null on a replay and on GET, because outputs are never stored',
  })
  output!: string | null;

  @ApiProperty({ type: RunUsageDto, nullable: true })
  usage!: RunUsageDto | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '0.0000258',
    description: 'Cost as a decimal string; null for an unpriced model',
  })
  cost!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'USD' })
  currency!: string | null;

  @ApiProperty()
  startedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 850 })
  durationMs!: number | null;
}

export class RunDetailsDto extends RunDto {
  @ApiProperty({ type: String, nullable: true })
  errorMessage!: string | null;
}

function usageOf(run: Run): RunUsageDto | null {
  if (
    run.inputTokens === null ||
    run.outputTokens === null ||
    run.totalTokens === null
  ) {
    return null;
  }

  return {
    inputTokens: run.inputTokens,
    outputTokens: run.outputTokens,
    totalTokens: run.totalTokens,
  };
}

export function toRunDto(run: Run, output: string | null): RunDto {
  return {
    runId: run.id,
    status: run.status,
    modelId: run.modelId,
    output,
    usage: usageOf(run),
    cost: run.cost === null ? null : formatAmount(run.cost),
    currency: run.currency,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.durationMs,
  };
}

export function toRunDetailsDto(run: Run): RunDetailsDto {
  return { ...toRunDto(run, null), errorMessage: run.errorMessage };
}
