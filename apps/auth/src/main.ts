import { bootstrapApp } from '@app/platform';
import { AuthModule } from './auth.module';

void bootstrapApp(AuthModule, 'auth');
