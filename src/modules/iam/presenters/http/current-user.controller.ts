import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetCurrentUserUseCase } from '../../application/get-current-user.use-case';
import { AuthenticatedUser } from '../../domain/authenticated-user';
import { Authenticated, CurrentUser } from './auth.decorators';
import { toUserDto } from './iam.mappers';
import { UserDto } from './user.dto';

@ApiTags('auth')
@Controller('auth')
export class CurrentUserController {
  constructor(private readonly currentUser: GetCurrentUserUseCase) {}

  @Get('me')
  @Authenticated()
  @ApiOperation({
    summary: 'The signed-in user: id, email, name, organization and roles',
  })
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentUser() caller: AuthenticatedUser): Promise<UserDto> {
    return toUserDto(await this.currentUser.execute(caller));
  }
}
