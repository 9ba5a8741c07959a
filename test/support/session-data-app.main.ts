import { Body, Controller, Delete, Get, HttpCode, Module, Param, Post, Put, Req } from '@nestjs/common';
import { FastifyRequest, Session } from 'fastify';
import { bootstrapApp, PlatformModule } from '@app/platform';
import { CurrentSession, SessionService } from '@app/session';

// What a feature module declares for itself (libs/session/README.md): typed session data.
declare module '@app/session' {
  interface SessionData {
    draftOrderId?: string;
    basket?: { sku: string; quantity: number }[];
    billingStep?: number;
  }
}

// The names the session library keeps: everything else a session holds is the app's data.
const LIBRARY_NAMES = new Set(['cookie', 'user', 'createdAt', 'touchedAt', 'ip', 'userAgentId']);

/**
 * The routes a feature module of a real app would have, for the session-data e2e test: set,
 * delete and read app data through the session object, as `@CurrentSession()` hands it out.
 */
@Controller('session')
class SessionDataController {
  constructor(private readonly sessions: SessionService) {}

  @Get('data')
  read(@CurrentSession() session: Session): Record<string, unknown> {
    return Object.fromEntries(Object.entries(session).filter(([name]) => !LIBRARY_NAMES.has(name)));
  }

  @Put('data')
  @HttpCode(204)
  write(@CurrentSession() session: Session, @Body() values: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(values)) (session as unknown as Record<string, unknown>)[name] = value;
  }

  @Delete('data/:name')
  @HttpCode(204)
  remove(@CurrentSession() session: Session, @Param('name') name: string): void {
    delete (session as unknown as Record<string, unknown>)[name];
  }

  @Put('data/:name/undefined')
  @HttpCode(204)
  unset(@CurrentSession() session: Session, @Param('name') name: string): void {
    (session as unknown as Record<string, unknown>)[name] = undefined;
  }

  @Put('draft-order')
  @HttpCode(204)
  startOrder(@CurrentSession() session: Session): void {
    session.draftOrderId = 'order-1';
    session.basket = [{ sku: 'MUG-001', quantity: 2 }];
  }

  @Put('billing-step')
  @HttpCode(204)
  nextBillingStep(@CurrentSession() session: Session): void {
    session.billingStep = (session.billingStep ?? 0) + 1;
  }

  @Put('roles')
  @HttpCode(204)
  grantAdmin(@CurrentSession() session: Session): void {
    session.user?.roles.push('admin');
  }

  @Post('sign-in')
  @HttpCode(204)
  async signIn(@Req() request: FastifyRequest, @Body() { userId }: { userId: string }): Promise<void> {
    const version = await this.sessions.credentialVersionOf(userId);
    await this.sessions.signIn(request, { id: userId, email: `${userId}@example.com`, roles: ['user'] }, version);
  }
}

@Module({ imports: [PlatformModule.forRoot({ name: 'orders' })], controllers: [SessionDataController] })
class OrdersAppModule {}

@Module({ imports: [PlatformModule.forRoot({ name: 'billing' })], controllers: [SessionDataController] })
class BillingAppModule {}

// Run as a process of its own (see test/session-data.e2e-spec.ts): `APP` names the app.
const apps = { orders: OrdersAppModule, billing: BillingAppModule };
const name = process.env.APP as keyof typeof apps;
void bootstrapApp(apps[name], name);
