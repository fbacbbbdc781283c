import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { DiscoveryService } from '@nestjs/core/discovery/discovery-service';
import { OrgRole, SystemRole } from '../../../src/modules/iam/domain/user';
import {
  AUTHENTICATED_ROUTE,
  PUBLIC_ROUTE,
  REQUIRED_ORG_ROLE,
  REQUIRED_SYSTEM_ROLE,
} from '../../../src/modules/iam/presenters/http/auth.decorators';

/** Who may call a route, as its auth decorators declare. */
export interface RouteAccess {
  isPublic: boolean;
  orgRole: OrgRole | undefined;
  systemRole: SystemRole | undefined;
  /** Whether any of @Public, @Authenticated or a role decorator is present. */
  declared: boolean;
}

/** One route of the running application, such as `GET /api/usage/stats`. */
export interface ApplicationRoute {
  method: string;
  /** The Express path with the global prefix, such as `/api/runs/:runId`. */
  path: string;
  /** `Controller.handler`, for failure messages. */
  handler: string;
  access: RouteAccess;
}

const METHOD_NAMES: Record<number, string> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.DELETE]: 'DELETE',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.ALL]: 'ALL',
  [RequestMethod.OPTIONS]: 'OPTIONS',
  [RequestMethod.HEAD]: 'HEAD',
};

// Controller paths that configureApp excludes from the global prefix.
const UNPREFIXED_CONTROLLERS = ['metrics'];

const joinPath = (...parts: string[]) =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter((part) => part !== '')
    .join('/')}`;

/**
 * Lists every controller route that Nest registered, read from the same
 * metadata the router and the AuthGuard read, so a new route appears here
 * without being named anywhere in the tests.
 */
export function listApplicationRoutes(
  app: INestApplication,
  globalPrefix = 'api',
): ApplicationRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: ApplicationRoute[] = [];

  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as (new (...args: never[]) => object) | null;
    if (type === null || wrapper.instance === undefined) continue;

    const prototype = type.prototype as Record<string, unknown>;
    const controllerPath = String(
      Reflect.getMetadata(PATH_METADATA, type) ?? '',
    );
    const prefix = UNPREFIXED_CONTROLLERS.includes(controllerPath)
      ? ''
      : globalPrefix;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const methodPath: unknown = Reflect.getMetadata(PATH_METADATA, handler);
      if (methodPath === undefined) continue;

      const method = Reflect.getMetadata(METHOD_METADATA, handler) as number;
      routes.push({
        method: METHOD_NAMES[method],
        path: joinPath(prefix, controllerPath, String(methodPath)),
        handler: `${type.name}.${name}`,
        access: accessOf(reflector, [handler, type]),
      });
    }
  }

  return routes.sort((a, b) =>
    `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`),
  );
}

function accessOf(
  reflector: Reflector,
  targets: [object, object],
): RouteAccess {
  const read = <T>(key: string) =>
    reflector.getAllAndOverride<T | undefined>(
      key,
      targets as [() => void, () => void],
    );
  const isPublic = read<boolean>(PUBLIC_ROUTE) === true;
  const orgRole = read<OrgRole>(REQUIRED_ORG_ROLE);
  const systemRole = read<SystemRole>(REQUIRED_SYSTEM_ROLE);
  const authenticated = read<boolean>(AUTHENTICATED_ROUTE) === true;

  return {
    isPublic,
    orgRole,
    systemRole,
    declared:
      isPublic ||
      authenticated ||
      orgRole !== undefined ||
      systemRole !== undefined,
  };
}

/** Checks whether the AuthGuard lets a signed-in caller with these roles through. */
export function admits(
  access: RouteAccess,
  caller: { orgRole: OrgRole; systemRole: SystemRole | null },
): boolean {
  if (access.isPublic) return true;

  return (
    (access.orgRole === undefined || access.orgRole === caller.orgRole) &&
    (access.systemRole === undefined || access.systemRole === caller.systemRole)
  );
}

/** Fills `:name` path parameters from the given ids. */
export function fillPath(path: string, ids: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const id = ids[name];
    if (id === undefined) {
      throw new Error(`No fixture id for path parameter ${name} in ${path}`);
    }

    return id;
  });
}
