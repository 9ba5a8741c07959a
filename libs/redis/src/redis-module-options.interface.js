"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=redis-module-options.interface.js.map