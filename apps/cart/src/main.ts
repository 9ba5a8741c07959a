import { bootstrapApp } from '@app/platform';
import { CartModule } from './cart.module';

void bootstrapApp(CartModule, 'cart');
