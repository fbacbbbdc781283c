import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
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
  async signIn(@Body() body: LoginRequestDto): Promise<AccessTokenDto> {
    const token = await this.login.execute({
      email: body.email,
      password: body.password,
    });

    return toAccessTokenDto(token);
  }
}
