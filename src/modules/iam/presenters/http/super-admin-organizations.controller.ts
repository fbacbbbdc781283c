import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../../../../common/http/error-body';
import { ParseUuidPipe } from '../../../../common/http/parse-uuid.pipe';
import { CreateOrganizationUseCase } from '../../application/create-organization.use-case';
import { CreateUserUseCase } from '../../application/create-user.use-case';
import { ListOrganizationsUseCase } from '../../application/list-organizations.use-case';
import { RequireSystemRole } from './auth.decorators';
import { toOrganizationDto, toUserDto } from './iam.mappers';
import {
  CreateOrganizationRequestDto,
  OrganizationDto,
} from './organization.dto';
import { CreateUserRequestDto, UserDto } from './user.dto';

@ApiTags('super-admin')
@RequireSystemRole('super_admin')
@Controller('super-admin/organizations')
export class SuperAdminOrganizationsController {
  constructor(
    private readonly listOrganizations: ListOrganizationsUseCase,
    private readonly createOrganization: CreateOrganizationUseCase,
    private readonly createUser: CreateUserUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List all organizations, ordered by name' })
  @ApiOkResponse({ type: [OrganizationDto] })
  async list(): Promise<OrganizationDto[]> {
    const organizations = await this.listOrganizations.execute();

    return organizations.map(toOrganizationDto);
  }

  @Post()
  @ApiOperation({ summary: 'Create an organization' })
  @ApiCreatedResponse({ type: OrganizationDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Invalid body' })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'The name is in use, compared regardless of case',
  })
  async create(
    @Body() body: CreateOrganizationRequestDto,
  ): Promise<OrganizationDto> {
    return toOrganizationDto(await this.createOrganization.execute(body.name));
  }

  @Post(':orgId/users')
  @ApiOperation({ summary: 'Create a user in an organization' })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiBadRequestResponse({
    type: ErrorBodyDto,
    description: 'Invalid body or malformed orgId',
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'Unknown orgId' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'Email in use' })
  async addUser(
    @Param('orgId', new ParseUuidPipe('orgId')) orgId: string,
    @Body() body: CreateUserRequestDto,
  ): Promise<UserDto> {
    const user = await this.createUser.execute({
      organizationId: orgId,
      email: body.email,
      name: body.name,
      password: body.password,
      orgRole: body.orgRole ?? 'member',
      systemRole: body.systemRole ?? null,
    });

    return toUserDto(user);
  }
}
