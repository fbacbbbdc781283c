import { Controller, Delete, Logger, Param, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../../../../common/http/error-body';
import { ParseUuidPipe } from '../../../../common/http/parse-uuid.pipe';
import { DeactivateUserUseCase } from '../../application/deactivate-user.use-case';
import { AuthenticatedUser } from '../../domain/authenticated-user';
import { CurrentUser, RequireSystemRole } from './auth.decorators';
import { toUserDto } from './iam.mappers';
import { UserDto } from './user.dto';

@ApiTags('super-admin')
@RequireSystemRole('super_admin')
@Controller('super-admin/users')
export class SuperAdminUsersController {
  private readonly logger = new Logger(SuperAdminUsersController.name);

  constructor(private readonly deactivateUser: DeactivateUserUseCase) {}

  @Delete(':userId')
  @ApiOperation({
    summary: 'Deactivate a user',
    description:
      'The user can no longer sign in and its tokens are rejected at once. Its usage records are kept.',
  })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiOkResponse({ type: UserDto, description: 'The deactivated user' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Malformed id' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'Unknown userId' })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description:
      'The caller tried to deactivate their own account, or was deactivated by another super admin while the request ran',
  })
  async deactivate(
    @Param('userId', new ParseUuidPipe('userId')) userId: string,
    @CurrentUser() caller: AuthenticatedUser,
    @Req() request: { id?: string },
  ): Promise<UserDto> {
    const user = await this.deactivateUser.execute({
      userId,
      actorUserId: caller.userId,
    });
    this.logger.log(
      { userId, actorUserId: caller.userId, requestId: request.id },
      'User deactivated by a super admin',
    );

    return toUserDto(user);
  }
}
