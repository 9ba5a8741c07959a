import { bootstrapApp } from '@app/platform';
import { ProfileModule } from './profile.module';

void bootstrapApp(ProfileModule, 'profile');
