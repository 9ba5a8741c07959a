import { ConfigurableModuleBuilder } from '@nestjs/common';
import { PlatformModuleOptions } from './platform-options.interface';

export const {
  ConfigurableModuleClass: ConfigurablePlatformModule,
  MODULE_OPTIONS_TOKEN: PLATFORM_MODULE_OPTIONS,
  OPTIONS_TYPE: PLATFORM_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<PlatformModuleOptions>().setClassMethodName('forRoot').build();
