import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListMembersUseCase } from '../../application/list-members.use-case';
import { AuthenticatedUser } from '../../domain/authenticated-user';
import { CurrentUser, RequireOrgRole } from './auth.decorators';
import { toMemberDto } from './iam.mappers';
import { MemberDto } from './user.dto';

@ApiTags('organization')
@Controller('organization')
export class OrganizationMembersController {
  constructor(private readonly listMembers: ListMembersUseCase) {}

  @Get('members')
  @RequireOrgRole('admin')
  @ApiOperation({
    summary: "List the users of the caller's organization, ordered by email",
  })
  @ApiOkResponse({ type: [MemberDto] })
  async list(@CurrentUser() caller: AuthenticatedUser): Promise<MemberDto[]> {
    const members = await this.listMembers.execute(caller.organizationId);

    return members.map(toMemberDto);
  }
}
