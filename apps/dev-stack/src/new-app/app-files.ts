import { AppNames } from './app-name';

/**
 * The files of a new app, by path from the repository root: wired like the others (a thin
 * `main.ts`, a root module importing `PlatformModule`), a sample feature folder with a route
 * behind `AuthenticatedGuard`, its unit spec, and an e2e spec that signs in through auth.
 */
export function appFiles({ name, className }: AppNames): Record<string, string> {
  const root = `apps/${name}`;
  return {
    [`${root}/tsconfig.app.json`]: `{
  "extends": "../../tsconfig.json",
  "compilerOptions": {
    "rootDir": "../..",
    "outDir": "../../dist/apps/${name}"
  },
  "include": ["src/**/*", "../../libs/**/*"],
  "exclude": ["node_modules", "dist", "test", "**/*spec.ts"]
}
`,
    [`${root}/src/main.ts`]: `import { bootstrapApp } from '@app/platform';
import { ${className}Module } from './${name}.module';

void bootstrapApp(${className}Module, '${name}');
`,
    [`${root}/src/${name}.module.ts`]: `import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { GreetingsModule } from './greetings/greetings.module';

/** The ${name} app, under \`/${name}\`. */
@Module({
  imports: [PlatformModule.forRoot({ name: '${name}' }), GreetingsModule],
})
export class ${className}Module {}
`,
    [`${root}/src/greetings/greetings.module.ts`]: `import { Module } from '@nestjs/common';
import { GreetingsController } from './greetings.controller';
import { GreetingsService } from './greetings.service';

@Module({
  controllers: [GreetingsController],
  providers: [GreetingsService],
})
export class GreetingsModule {}
`,
    [`${root}/src/greetings/greetings.controller.ts`]: `import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthenticatedGuard, CurrentUser, SessionUser } from '@app/session';
import { Greeting } from './dto/greeting.dto';
import { GreetingsService } from './greetings.service';

/** A sample feature behind the session guard: a session made by any app is valid here. */
@Controller('greeting')
@UseGuards(AuthenticatedGuard)
export class GreetingsController {
  constructor(private readonly greetings: GreetingsService) {}

  /** Greets the signed-in user, from the session alone. */
  @Get()
  greet(@CurrentUser() user: SessionUser): Greeting {
    return this.greetings.greet(user);
  }
}
`,
    [`${root}/src/greetings/greetings.service.ts`]: `import { Injectable } from '@nestjs/common';
import { SessionUser } from '@app/session';
import { Greeting } from './dto/greeting.dto';

@Injectable()
export class GreetingsService {
  greet(user: SessionUser): Greeting {
    return { userId: user.id, message: \`Hello \${user.email}, from ${name}\` };
  }
}
`,
    [`${root}/src/greetings/dto/greeting.dto.ts`]: `/** Body of \`GET /${name}/greeting\`. */
export class Greeting {
  /** The signed-in user's id. */
  userId: string;
  message: string;
}
`,
    [`${root}/src/greetings/greetings.controller.spec.ts`]: `import { GUARDS_METADATA } from '@nestjs/common/constants';
import { Test } from '@nestjs/testing';
import { AuthenticatedGuard } from '@app/session';
import { GreetingsController } from './greetings.controller';
import { GreetingsService } from './greetings.service';

describe('GreetingsController', () => {
  it('greets the signed-in user', async () => {
    const module = await Test.createTestingModule({
      controllers: [GreetingsController],
      providers: [GreetingsService],
    }).compile();
    const user = { id: 'user-1', email: 'ann@example.com', roles: ['user'] };
    expect(module.get(GreetingsController).greet(user)).toEqual({
      userId: 'user-1',
      message: 'Hello ann@example.com, from ${name}',
    });
  });

  it('is behind the session guard', () => {
    expect(Reflect.getMetadata(GUARDS_METADATA, GreetingsController)).toEqual([AuthenticatedGuard]);
  });
});
`,
    [`test/${name}.e2e-spec.ts`]: `import { RedisServer, ROUTE_TABLE, Stack, startRedisServer, startStack } from '@app/stack';
import { HttpClient } from './support/http-client';

describe('${name} behind the gateway, with sessions made by auth', () => {
  let redis: RedisServer;
  let stack: Stack;

  beforeAll(async () => {
    redis = await startRedisServer();
    const apps = ROUTE_TABLE.filter(({ app }) => app === 'auth' || app === '${name}');
    stack = await startStack({ redisUrl: redis.url, replicas: 1, apps });
  });

  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  it('refuses a client without a session (401)', async () => {
    expect((await new HttpClient(stack.gatewayUrl).get('/${name}/greeting')).status).toBe(401);
  });

  it('accepts a session made by the auth app', async () => {
    const client = new HttpClient(stack.gatewayUrl);
    const credentials = { email: \`${name}-\${process.pid}@example.com\`, password: 'correct horse battery' };
    const registered = await client.post<{ id: string }>('/auth/register', credentials);
    expect(registered.status).toBe(201);
    expect((await client.post('/auth/login', credentials)).status).toBe(200);

    const greeting = await client.get('/${name}/greeting');
    expect(greeting.status).toBe(200);
    expect(greeting.servedBy).toBe('${name}-1');
    expect(greeting.body).toEqual({ userId: registered.body.id, message: \`Hello \${credentials.email}, from ${name}\` });
  });

  it('documents its routes, and which need a session', async () => {
    const document = await new HttpClient(stack.gatewayUrl).get<{
      paths: Record<string, Record<string, { security?: unknown }>>;
    }>('/${name}/docs/json');
    expect(document.status).toBe(200);
    expect(document.body.paths['/${name}/greeting'].get.security).toEqual([{ session: [] }]);
  });
});
`,
  };
}
