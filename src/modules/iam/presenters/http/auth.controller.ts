import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Ip,
  Post,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../../../../common/http/error-body';
import { LoginUseCase } from '../../application/login.use-case';
import { Public } from './auth.decorators';
import { toAccessTokenDto } from './iam.mappers';
import { AccessTokenDto, LoginRequestDto } from './login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly login: LoginUseCase) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange an email and password for a token' })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Invalid body' })
  @ApiUnauthorizedResponse({
    type: ErrorBodyDto,
    description: 'Wrong email or password, or a deactivated user',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorBodyDto,
    description:
      'Too many attempts from this address or for this email; the Retry-After header gives the seconds to wait',
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
  })
  async signIn(
    @Body() body: LoginRequestDto,
    @Ip() clientAddress: string | undefined,
  ): Promise<AccessTokenDto> {
    const token = await this.login.execute({
      email: body.email,
      password: body.password,
      clientAddress: clientAddress ?? 'unknown',
    });

    return toAccessTokenDto(token);
  }
}
