import { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { clientErrorHandler } from './common/http/client-error.handler';
import { ConnectionDrain } from './common/http/connection-drain';
import { HttpExceptionFilter } from './common/http/http-exception.filter';
import { jsonBodyMiddleware } from './common/http/json-body.middleware';
import { urlEncodingMiddleware } from './common/http/url-encoding.middleware';
import { createValidationPipe } from './common/http/validation.pipe';
import { APP_SETTINGS, AppSettings } from './config/app-settings';
import { ROOT_LOGGER } from './logging/logger.module';
import { requestLogMiddleware } from './logging/request-log.middleware';

/** Options of NestFactory.create: the JSON parser is jsonBodyMiddleware instead. */
export const APP_OPTIONS: NestApplicationOptions = {
  bufferLogs: true,
  bodyParser: false,
};

/**
 * Helmet's default headers. Swagger UI loads its scripts from this origin
 * and uses inline styles and data: images, which the default CSP allows.
 * The upgrade-insecure-requests directive is off because the service
 * serves plain HTTP on loopback by default, where it would break the UI.
 */
const HELMET_OPTIONS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    directives: { upgradeInsecureRequests: null },
  },
};

/**
 * Applies what main.ts and the e2e tests share: the `/api` prefix, the
 * security headers, the validation pipe, the error filter, JSON replies to
 * requests that Node's HTTP parser rejects, the logger and Swagger at
 * `/api/docs`. Returns the drain that ends kept-alive connections on
 * shutdown.
 */
export function configureApp(app: INestApplication): ConnectionDrain {
  app.useLogger(app.get(Logger));
  const server = app.getHttpServer() as Server;
  server.on('clientError', clientErrorHandler(app.get(ROOT_LOGGER)));
  const drain = new ConnectionDrain(server);
  // First, so that every response, a rejected body's included, has an id.
  app.use(requestLogMiddleware(app.get(ROOT_LOGGER)));
  app.use(drain.middleware());
  app.use(helmet(HELMET_OPTIONS));
  app.use(urlEncodingMiddleware());
  app.use(jsonBodyMiddleware());
  // Prometheus scrapes /metrics at the root, by convention.
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());

  // Express 5 parses queries with the simple parser: a repeated key becomes
  // an array, which the DTOs reject, and brackets never build objects.
  const express = app.getHttpAdapter().getInstance() as {
    disable(setting: string): void;
    set(setting: string, value: unknown): void;
  };
  express.disable('x-powered-by');
  // The client address keys the login limit, so behind a proxy it has to
  // come from X-Forwarded-For, and only from the proxies configured.
  express.set('trust proxy', app.get<AppSettings>(APP_SETTINGS).trustProxyHops);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Usage analytics')
      .setDescription(
        'Token usage and cost of AI inference, per organization and across all of them.',
      )
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
  });

  return drain;
}
