"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=platform-options.interface.js.map